"""The record lists: faceted filters with counts, search, sorting and pages.

Every count is taken over `visible()` records, so a facet never counts what the
user may not know of. Counts are grouped queries over indexed columns (one query
per facet), and the rows of a page get their linked records by prefetching, so a
page costs the same number of queries at 100 records as at 100,000.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy

from civicspace.store import access
from civicspace.store.models import Actor, Document, Incident, Law, Recommendation, levels_up_to
from civicspace.vocab import vocab
from civicspace.web import memo
from civicspace.web.labels import label
from civicspace.web.views.common import reader, seen, with_victims

PAGE_SIZE = 50
CODED = {"type", "area", "state", "role", "orgtype", "addressee"}  # parameters whose values are vocabulary codes
TOP = 20


@dataclass
class Facet:
    """One filter of a list: its URL parameter, how it narrows the list and how it counts."""

    param: str
    title: Any
    narrow: Callable[[QuerySet, str], QuerySet]
    counts: Callable[[QuerySet, Any], list[tuple[str, str, int]]]


def column_counts(column: str, coded: bool = True) -> Callable[[QuerySet, Any], list[tuple[str, str, int]]]:
    """(value, label, count) of one indexed column, most frequent first."""

    def counts(qs: QuerySet, user: Any) -> list[tuple[str, str, int]]:
        rows = (
            qs.exclude(**{f"{column}__isnull": True}).exclude(**{column: ""})
            .values_list(column).annotate(n=Count("id")).order_by("-n", column)[:TOP]
        )
        return [(str(v), label(str(v)) if coded else str(v), n) for v, n in rows]

    return counts


def year_counts(qs: QuerySet, user: Any) -> list[tuple[str, str, int]]:
    rows = qs.exclude(year__isnull=True).values_list("year").annotate(n=Count("id")).order_by("-year")
    return [(str(y), str(y), n) for y, n in rows]


def victim_role_counts(qs: QuerySet, user: Any) -> list[tuple[str, str, int]]:
    """Incidents per role of their visible victims, grouped by each distinct set of roles
    so that the database returns a handful of rows, not one per incident."""
    levels = levels_up_to(access.clearance_of(user) or "public")
    rows = (
        qs.filter(victims__confidentiality__in=levels).values_list("victims__roles")
        .annotate(n=Count("id", distinct=True)).order_by()
    )
    total: Counter[str] = Counter()
    for roles, n in rows:
        if isinstance(roles, str):
            roles = json.loads(roles)
        for role in set(roles or ()):
            total[role] += n
    return [(r, label(r), n) for r, n in total.most_common(TOP)]


def law_counts(qs: QuerySet, user: Any) -> list[tuple[str, str, int]]:
    levels = levels_up_to(access.clearance_of(user) or "public")
    rows = list(
        qs.filter(laws__confidentiality__in=levels).values_list("laws")
        .annotate(n=Count("id", distinct=True)).order_by("-n")[:TOP]  # type: ignore[misc]
    )
    names = Law.objects.in_bulk([law_id for law_id, _n in rows])
    return [(str(law_id), str(names[law_id]), n) for law_id, n in rows if law_id in names]


def json_list_counts(column: str, codes: list[str]) -> Callable[[QuerySet, Any], list[tuple[str, str, int]]]:
    """Counts of codes inside a JSON list column (roles, addressees), one grouped query."""

    def counts(qs: QuerySet, user: Any) -> list[tuple[str, str, int]]:
        total: Counter[str] = Counter()
        for value, n in qs.values_list(column).annotate(n=Count("id")).order_by():
            if isinstance(value, str):
                value = json.loads(value)
            for code in set(value or ()):
                total[code] += n
        return [(c, label(c), total[c]) for c in codes if total[c]]

    return counts


def contains_code(column: str) -> Callable[[QuerySet, str], QuerySet]:
    """JSON lists are matched on their quoted code, which works the same on SQLite and PostgreSQL."""
    return lambda qs, v: qs.filter(**{f"{column}__icontains": json.dumps(v)})


def exact(column: str) -> Callable[[QuerySet, str], QuerySet]:
    return lambda qs, v: qs.filter(**{column: v})


def as_int(column: str) -> Callable[[QuerySet, str], QuerySet]:
    return lambda qs, v: qs.filter(**{column: int(v)}) if v.lstrip("-").isdigit() else qs.none()


STATE = Facet("state", gettext_lazy("Review state"), exact("review_state"), column_counts("review_state"))


@dataclass
class Listing:
    """What one list page shows: which records, how they narrow, sort and appear."""

    kind: str
    title: Any
    search_kind: str
    base: Callable[[Any], QuerySet]
    facets: list[Facet]
    sorts: dict[str, tuple[Any, tuple[str, ...]]]
    template: str
    decorate: Callable[[list[Any], Any], None] = lambda rows, user: None
    extra: dict[str, Callable[[QuerySet, str], QuerySet]] = field(default_factory=dict)


def incidents_base(user: Any) -> QuerySet:
    return seen(Incident, user)


def incident_documents(qs: QuerySet, value: str) -> QuerySet:
    return as_int("documents")(qs, value)


def incident_counts(relation: str, column: str) -> Callable[[list[Any], Any], None]:
    """A decorator of list rows: how many visible incidents link to each row through
    `relation` (victims, laws, documents), in one grouped query for the whole page."""

    def decorate(rows: list[Any], user: Any) -> None:
        through = getattr(Incident, relation).through
        visible_ids = seen(Incident, user).values("id")
        counts = dict(
            through.objects.filter(**{f"{column}__in": [r.id for r in rows]}, incident__in=visible_ids)
            .values_list(column).annotate(n=Count("incident"))
        )
        for r in rows:
            r.incident_count = counts.get(r.id, 0)

    return decorate


def actors_of_kind(kind: str) -> Callable[[Any], QuerySet]:
    return lambda user: seen(Actor, user).filter(kind=kind, merged_into__isnull=True)


LISTINGS: dict[str, Listing] = {
    "incidents": Listing(
        "incidents", gettext_lazy("Incidents"), "incident", incidents_base,
        [
            Facet("type", gettext_lazy("Incident type"), exact("type"), column_counts("type")),
            Facet("area", gettext_lazy("Area"), exact("area"), column_counts("area")),
            Facet("year", gettext_lazy("Year"), as_int("year"), year_counts),
            Facet("place", gettext_lazy("Place"), exact("location"), column_counts("location", coded=False)),
            Facet("country", gettext_lazy("Country"), exact("country"), column_counts("country", coded=False)),
            Facet("role", gettext_lazy("Role of victim"), contains_code("victims__roles"), victim_role_counts),
            Facet("law", gettext_lazy("Law"), as_int("laws"), law_counts),
            STATE,
        ],
        {
            "date": (gettext_lazy("Newest first"), ("-year", "-date_start", "-id")),
            "-date": (gettext_lazy("Oldest first"), ("year", "date_start", "id")),
            "type": (gettext_lazy("Type"), ("type", "-year", "-id")),
            "place": (gettext_lazy("Place"), ("location", "-id")),
            "state": (gettext_lazy("Review state"), ("review_state", "-id")),
        },
        "civicspace/rows/incidents.html",
        extra={"document": incident_documents},
    ),
    "persons": Listing(
        "persons", gettext_lazy("Persons"), "actor", actors_of_kind("person"),
        [
            Facet("role", gettext_lazy("Role"), contains_code("roles"),
                  json_list_counts("roles", vocab("person_roles").codes)),
            Facet("country", gettext_lazy("Country"), exact("country"), column_counts("country", coded=False)),
            STATE,
        ],
        {
            "name": (gettext_lazy("Name"), ("name", "id")),
            "new": (gettext_lazy("Newest first"), ("-id",)),
        },
        "civicspace/rows/actors.html",
        decorate=incident_counts("victims", "actor"),
    ),
    "organisations": Listing(
        "organisations", gettext_lazy("Organisations"), "actor", actors_of_kind("organization"),
        [
            Facet("orgtype", gettext_lazy("Organisation type"), exact("org_type"), column_counts("org_type")),
            Facet("country", gettext_lazy("Country"), exact("country"), column_counts("country", coded=False)),
            STATE,
        ],
        {
            "name": (gettext_lazy("Name"), ("name", "id")),
            "new": (gettext_lazy("Newest first"), ("-id",)),
        },
        "civicspace/rows/actors.html",
        decorate=incident_counts("victims", "actor"),
    ),
    "laws": Listing(
        "laws", gettext_lazy("Laws"), "law", lambda user: seen(Law, user),
        [
            Facet("instrument", gettext_lazy("Instrument"), exact("instrument"),
                  column_counts("instrument", coded=False)),
            Facet("jurisdiction", gettext_lazy("Country"), exact("jurisdiction"),
                  column_counts("jurisdiction", coded=False)),
            STATE,
        ],
        {
            "instrument": (gettext_lazy("Instrument"), ("instrument", "article", "id")),
            "new": (gettext_lazy("Newest first"), ("-id",)),
        },
        "civicspace/rows/laws.html",
        decorate=incident_counts("laws", "law"),
    ),
    "recommendations": Listing(
        "recommendations", gettext_lazy("Recommendations"), "recommendation",
        lambda user: seen(Recommendation, user),
        [
            Facet("area", gettext_lazy("Area"), exact("area"), column_counts("area")),
            Facet("addressee", gettext_lazy("Addressee"), contains_code("addressees"),
                  json_list_counts("addressees", vocab("addressees").codes)),
            STATE,
        ],
        {
            "new": (gettext_lazy("Newest first"), ("-id",)),
            "area": (gettext_lazy("Area"), ("area", "id")),
        },
        "civicspace/rows/recommendations.html",
    ),
    "documents": Listing(
        "documents", gettext_lazy("Documents"), "document", lambda user: seen(Document, user).defer("text"),
        [
            Facet("language", gettext_lazy("Language"), exact("language"), column_counts("language", coded=False)),
            Facet("publisher", gettext_lazy("Publisher"), exact("publisher"), column_counts("publisher", coded=False)),
            STATE,
        ],
        {
            "new": (gettext_lazy("Newest first"), ("-id",)),
            "title": (gettext_lazy("Title"), ("title", "id")),
            "published": (gettext_lazy("Published"), ("-published", "-id")),
        },
        "civicspace/rows/documents.html",
        decorate=incident_counts("documents", "document"),
    ),
}


def matching_ids(search_kind: str, q: str) -> RawSQL | None:
    """The ids of `search_kind` records whose text matches `q` (store.search's full-text index)."""
    from civicspace.store import search

    found = search.matching_ids_sql(search_kind, q)
    return RawSQL(*found) if found else None


def matching(qs: QuerySet, search_kind: str, q: str, user: Any) -> QuerySet:
    """`qs` narrowed to records matching `q`; an incident also matches by the names of its
    victims, of those the user may see: a hidden victim's name must not find anything."""
    ids = matching_ids(search_kind, q)
    if ids is None:
        return qs
    if search_kind != "incident":
        return qs.filter(pk__in=ids)
    victims = seen(Actor, user).filter(pk__in=matching_ids("actor", q)).values("id")
    return qs.filter(Q(pk__in=ids) | Q(victims__in=victims)).distinct()


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


def narrowed(listing: Listing, request: HttpRequest) -> tuple[QuerySet, list[dict]]:
    """The visible records that pass every filter in the query string, and the chips naming them."""
    qs = listing.base(request.user)
    chips = []
    for facet in listing.facets:
        value = request.GET.get(facet.param, "")
        if value:
            qs = facet.narrow(qs, value)
            shown = label(value) if facet.param in CODED else value
            chips.append({"title": facet.title, "value": shown, "href": with_param(request.GET, facet.param, None)})
    for param, narrow in listing.extra.items():
        value = request.GET.get(param, "")
        if value:
            qs = narrow(qs, value)
            chips.append({"title": param, "value": value, "href": with_param(request.GET, param, None)})
    q = request.GET.get("q", "").strip()
    if q:
        qs = matching(qs, listing.search_kind, q, request.user)
    return qs.distinct() if _joins_many(request, listing) else qs, chips


def _joins_many(request: HttpRequest, listing: Listing) -> bool:
    """Filters across a many-to-many link can repeat a row; only then is DISTINCT worth its cost."""
    many = {"role", "law", "document"}
    return listing.kind == "incidents" and any(request.GET.get(p) for p in many)


def filters_of(request: HttpRequest) -> str:
    """The query string minus page and sort: what decides the facet counts."""
    return "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()) if k not in ("page", "sort"))


def facet_panels(listing: Listing, qs: QuerySet, request: HttpRequest) -> list[dict]:
    panels = []
    for facet in listing.facets:
        current = request.GET.get(facet.param, "")
        items = []
        counts = memo.remembered(
            request, f"{listing.kind}/{facet.param}/{translation.get_language()}/{filters_of(request)}",
            lambda facet=facet: facet.counts(qs, request.user),  # type: ignore[misc]
        )
        for value, text, n in counts:
            on = value == current
            items.append({
                "label": text, "count": n, "on": on,
                "href": with_param(request.GET, facet.param, None if on else value),
            })
        if items:
            panels.append({"title": facet.title, "param": facet.param, "items": items})
    return panels


def listing_page(request: HttpRequest, kind: str) -> HttpResponse:
    listing = LISTINGS[kind]
    qs, chips = narrowed(listing, request)
    sort = request.GET.get("sort", "")
    if sort not in listing.sorts:
        sort = next(iter(listing.sorts))
    ordered = qs.order_by(*listing.sorts[sort][1])
    paginator = Paginator(ordered, PAGE_SIZE)
    paginator.count = memo.remembered(request, f"{listing.kind}/count/{filters_of(request)}", qs.count)
    page = paginator.get_page(request.GET.get("page"))
    rows = with_victims(page.object_list, request.user) if kind == "incidents" else list(page.object_list)
    listing.decorate(rows, request.user)
    return render(request, "civicspace/list.html", {
        "listing": listing,
        "kind": kind,
        "page": page,
        "rows": rows,
        "chips": chips,
        "facets": facet_panels(listing, qs, request),
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
def incidents(request: HttpRequest) -> HttpResponse:
    return listing_page(request, "incidents")


@reader
def persons(request: HttpRequest) -> HttpResponse:
    return listing_page(request, "persons")


@reader
def organisations(request: HttpRequest) -> HttpResponse:
    return listing_page(request, "organisations")


@reader
def laws(request: HttpRequest) -> HttpResponse:
    return listing_page(request, "laws")


@reader
def recommendations(request: HttpRequest) -> HttpResponse:
    return listing_page(request, "recommendations")


@reader
def documents(request: HttpRequest) -> HttpResponse:
    return listing_page(request, "documents")

