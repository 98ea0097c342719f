"""The record lists: faceted filters with counts, search, sorting and pages.

Filters, sorts and facet counts are store.filters', the code the API uses, so a
page and an API call with the same parameters answer alike. Every count is taken
over `visible()` records, so a facet never counts what the user may not know of.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from civicspace.store import access
from civicspace.store.filters import FilterError, counted_facets, filtered, ordered
from civicspace.store.models import Actor, Document, Incident, Law, Recommendation, levels_up_to
from civicspace.web import memo
from civicspace.web.labels import label
from civicspace.web.views.common import reader, seen, with_victims

PAGE_SIZE = 50
CODED = {"type", "area", "state", "role", "orgtype", "addressee"}  # parameters whose values are vocabulary codes
TOP = 20
ESTIMATE_OVER = 5_000  # a list longer than this has its facet counts estimated from a sample


@dataclass
class Facet:
    """One filter of a list: its URL parameter (a filter and facet of store.filters) and its title."""

    param: str
    title: Any


STATE = Facet("state", gettext_lazy("Review state"))
COUNTRY = Facet("country", gettext_lazy("Country"))


@dataclass
class Listing:
    """What one list page shows: which records, which facets, how they sort and appear.
    Filtering, sorting and counting are store.filters', the same code as the API's."""

    kind: str
    title: Any
    base: Callable[[Any], QuerySet]
    facets: list[Facet]
    sorts: dict[str, tuple[Any, str]]  # page key -> (label, store.filters sort)
    template: str
    decorate: Callable[[list[Any], Any], None] = lambda rows, user: None
    extra: tuple[str, ...] = ()


def incident_counts(relation: str, column: str) -> Callable[[list[Any], Any], None]:
    """A decorator of list rows: how many visible incidents link to each row through
    `relation` (victims, laws, documents), in one grouped query for the whole page."""

    def decorate(rows: list[Any], user: Any) -> None:
        through = getattr(Incident, relation).through
        clearance = access.clearance_of(user)
        levels = levels_up_to(clearance) if clearance else []
        counts = dict(  # a join on the page's links: a subquery of visible ids makes SQLite read them all
            through.objects.filter(**{f"{column}__in": [r.id for r in rows]}, incident__confidentiality__in=levels)
            .values_list(column).annotate(n=Count("incident"))
        )
        for r in rows:
            r.incident_count = counts.get(r.id, 0)

    return decorate


def actors_of_kind(kind: str) -> Callable[[Any], QuerySet]:
    return lambda user: seen(Actor, user).filter(kind=kind, merged_into__isnull=True)


ACTOR_SORTS = {"name": (gettext_lazy("Name"), "name"), "new": (gettext_lazy("Newest first"), "-id")}


def actor_listing(name: str, label: Any, kind: str, facet: Facet) -> Listing:
    """Persons and organisations list alike; only their kind and their own facet differ."""
    return Listing(name, label, actors_of_kind(kind), [facet, COUNTRY, STATE], ACTOR_SORTS,
                   "civicspace/rows/actors.html", decorate=incident_counts("victims", "actor"))

LISTINGS: dict[str, Listing] = {
    "incidents": Listing(
        "incidents", gettext_lazy("Incidents"), lambda user: seen(Incident, user),
        [
            Facet("type", gettext_lazy("Incident type")),
            Facet("area", gettext_lazy("Area")),
            Facet("year", gettext_lazy("Year")),
            Facet("place", gettext_lazy("Place")),
            COUNTRY,
            Facet("role", gettext_lazy("Role of victim")),
            Facet("law", gettext_lazy("Law")),
            STATE,
        ],
        {
            "date": (gettext_lazy("Newest first"), "-date"),
            "-date": (gettext_lazy("Oldest first"), "date"),
            "type": (gettext_lazy("Type"), "type"),
            "place": (gettext_lazy("Place"), "place"),
            "state": (gettext_lazy("Review state"), "state"),
        },
        "civicspace/rows/incidents.html",
        extra=("document",),
    ),
    "persons": actor_listing("persons", gettext_lazy("Persons"), "person", Facet("role", gettext_lazy("Role"))),
    "organisations": actor_listing(
        "organisations", gettext_lazy("Organisations"), "organization",
        Facet("orgtype", gettext_lazy("Organisation type")),
    ),
    "laws": Listing(
        "laws", gettext_lazy("Laws"), lambda user: seen(Law, user),
        [Facet("instrument", gettext_lazy("Instrument")), Facet("jurisdiction", gettext_lazy("Country")), STATE],
        {"instrument": (gettext_lazy("Instrument"), "instrument"), "new": (gettext_lazy("Newest first"), "-id")},
        "civicspace/rows/laws.html",
        decorate=incident_counts("laws", "law"),
    ),
    "recommendations": Listing(
        "recommendations", gettext_lazy("Recommendations"), lambda user: seen(Recommendation, user),
        [Facet("area", gettext_lazy("Area")), Facet("addressee", gettext_lazy("Addressee")), STATE],
        {"new": (gettext_lazy("Newest first"), "-id"), "area": (gettext_lazy("Area"), "area")},
        "civicspace/rows/recommendations.html",
    ),
    "documents": Listing(
        "documents", gettext_lazy("Documents"), lambda user: seen(Document, user).defer("text"),
        [Facet("language", gettext_lazy("Language")), Facet("publisher", gettext_lazy("Publisher")), STATE],
        {
            "new": (gettext_lazy("Newest first"), "-id"),
            "title": (gettext_lazy("Title"), "title"),
            "published": (gettext_lazy("Published"), "-published"),
        },
        "civicspace/rows/documents.html",
        decorate=incident_counts("documents", "document"),
    ),
}


def with_param(query: QueryDict, name: str, value: str | None) -> str:
    """The current query string with one parameter set (or removed) and the page reset."""
    q = query.copy()
    q.pop("page", None)
    if value is None:
        q.pop(name, None)
    else:
        q[name] = value
    encoded = q.urlencode()
    return f"?{encoded}" if encoded else "?"


def _params(listing: Listing, request: HttpRequest) -> dict[str, str]:
    """The filters this page offers, as given in the query string (one value each)."""
    names = [f.param for f in listing.facets] + list(listing.extra) + ["q"]
    return {name: request.GET.get(name, "").strip() for name in names if request.GET.get(name, "").strip()}


def narrowed(listing: Listing, request: HttpRequest) -> tuple[QuerySet, list[dict]]:
    """The visible records that pass every filter in the query string, and the chips naming them.
    A value that cannot mean anything (an unknown code) matches nothing and says why."""
    params = _params(listing, request)
    titles = {f.param: f.title for f in listing.facets}
    chips = [
        {"title": titles.get(name, name), "value": label(value) if name in CODED else value,
         "href": with_param(request.GET, name, None)}
        for name, value in params.items() if name != "q"
    ]
    try:
        return filtered(listing.base(request.user), params, request.user), chips
    except FilterError as err:
        chips.append({"title": gettext_lazy("Error"), "value": str(err), "href": "?"})
        return listing.base(request.user).none(), chips


def filters_of(request: HttpRequest) -> str:
    """The query string minus page, sort and how facets are shown: what decides the counts."""
    return "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()) if k not in ("page", "sort", "facets"))


def _counts_key(listing: Listing, request: HttpRequest) -> str:
    return f"{listing.kind}/counts/{filters_of(request)}"


def _total_key(request: HttpRequest, listing: Listing) -> str:
    return f"{listing.kind}/count/{filters_of(request)}"


def counts_of(listing: Listing, qs: QuerySet, request: HttpRequest) -> tuple[int, dict[str, list[tuple]]]:
    """How many records the list holds and its counts per facet value (store.filters),
    remembered while the tables are unchanged; the counts of a list longer than
    ESTIMATE_OVER are estimated from a sample. A filter that failed counts nothing."""
    params = None if qs.query.is_empty() else _params(listing, request)
    names = [f.param for f in listing.facets]

    def compute() -> tuple[int, dict[str, list[tuple]]]:
        total, counts = counted_facets(qs, names, user=request.user, top=TOP, params=params,
                                       estimate_over=ESTIMATE_OVER, total=memo.recalled(request, _total_key(request, listing)))
        return total, {name: [(v.value, v.label, v.count, v.estimated) for v in values]
                       for name, values in counts.items()}

    return memo.remembered(request, _counts_key(listing, request), compute)


def facet_panels(listing: Listing, counts: dict[str, list[tuple]], request: HttpRequest) -> list[dict]:
    panels = []
    for facet in listing.facets:
        current = request.GET.get(facet.param, "")
        items = [
            {"label": label(value) if facet.param in CODED else text, "count": n, "estimated": estimated,
             "on": value == current, "href": with_param(request.GET, facet.param, None if value == current else value)}
            for value, text, n, estimated in counts.get(facet.param, [])
        ]
        if items:
            panels.append({"title": facet.title, "param": facet.param, "items": items})
    return panels


def listing_page(request: HttpRequest, kind: str) -> HttpResponse:
    """The list with its facet panel when the counts are known (or asked for with
    `facets=1`, for a browser without JavaScript); otherwise the panel is fetched by
    htmx from `facets_panel`, so the records show before a long list is counted."""
    listing = LISTINGS[kind]
    qs, chips = narrowed(listing, request)
    sort = request.GET.get("sort", "")
    if sort not in listing.sorts:
        sort = next(iter(listing.sorts))
    known = memo.recalled(request, _counts_key(listing, request))
    if known is None and request.GET.get("facets"):
        known = counts_of(listing, qs, request)
    if known is not None:
        total, counts = known
    else:
        total = memo.remembered(request, _total_key(request, listing), qs.count)
    paginator = Paginator(ordered(qs, listing.sorts[sort][1]), PAGE_SIZE)
    paginator.count = total
    page = paginator.get_page(request.GET.get("page"))
    rows = with_victims(page.object_list, request.user) if kind == "incidents" else list(page.object_list)
    listing.decorate(rows, request.user)
    query = request.GET.urlencode()
    return render(request, "civicspace/list.html", {
        "listing": listing,
        "kind": kind,
        "page": page,
        "rows": rows,
        "chips": chips,
        "facets": facet_panels(listing, counts, request) if known is not None else None,
        "facets_href": reverse(f"civicspace:{kind}-facets") + (f"?{query}" if query else ""),
        "facets_now_href": with_param(request.GET, "facets", "1"),
        "q": request.GET.get("q", ""),
        "sort": sort,
        "sorts": [(key, text, with_param(request.GET, "sort", key)) for key, (text, _o) in listing.sorts.items()],
        "prev_href": with_param(request.GET, "page", None) + f"&page={page.previous_page_number()}"
        if page.has_previous() else "",
        "next_href": with_param(request.GET, "page", None) + f"&page={page.next_page_number()}"
        if page.has_next() else "",
        "hidden": [(k, v) for k, v in request.GET.items() if k not in ("q", "page")],
        "can_edit": access.can_edit(request.user),
    })


@reader
def listing(request: HttpRequest, kind: str) -> HttpResponse:
    """One view for every list page; the URL names the kind of record."""
    return listing_page(request, kind)


@reader
def facets_panel(request: HttpRequest, kind: str) -> HttpResponse:
    """The facet panel of a list page, for htmx to put in place: the same filters, counted."""
    listing = LISTINGS[kind]
    qs, _chips = narrowed(listing, request)
    _total, counts = counts_of(listing, qs, request)
    return render(request, "civicspace/partials/facets.html", {"facets": facet_panels(listing, counts, request)})
