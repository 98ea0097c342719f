"""Faceted filtering shared by the pages and the API, so both doors answer alike.

Contract (for the pages and the API; nothing else filters records by hand):

    qs = access.visible(Incident.objects.all(), user)      # always first
    qs = filtered(qs, request.GET, user)                     # FilterError on a bad value
    qs = ordered(qs, request.GET.get("sort"))
    counts = facets(qs, user=user)                           # {facet: [FacetValue, ...]}

`filtered(qs, params, user=None)` takes a queryset of Incident, Actor, Law,
Recommendation, Document or Source and a mapping of parameters (a QueryDict, or a
dict of str or list of str; a key given several times means "any of these"; empty
values are ignored). Keys each kind accepts are in `FILTERS`:

    incident:        type, area, year, place, country, role (of a victim), law (id),
                     victim (actor id), document (id), state, q
    actor:           kind, country, role, at_risk (1/0), merged (1: include actors a merge
                     folded into another; left out by default), document (id), state, q
    law:             instrument (substring), jurisdiction, document (id), state, q
    recommendation:  area, addressee, document (id), state, q
    document:        language, state, q
    source:          document (id), state, q

`state` is a review state, or "all" for every state but rejected; `q` is full-text
search (civicspace.store.search) over the record's text. Codes are checked against
the vocabularies: an unknown code or a non-number id raises `FilterError` naming the
parameter, never a silent empty list. Unknown keys (page, sort, ...) are ignored.
When `user` is given, the `role` and `law` filters and facets look only through
victims and laws the user may see, so a filter never reveals a hidden record.

`ordered(qs, sort)`: one of `SORTS[kind]` (prefix "-" for descending), default first.

`counted_facets(qs, names=None, user=None, top=20, params=None)` gives the number of
records in `qs` (already visible and filtered) and their counts per value of each
facet of its kind (`FACETS`), most frequent first (years newest first), each a
`FacetValue(value, label, count)`; `facets(...)` gives the counts alone. Pass `params`,
the filters that made `qs`, so that a list narrowed by nothing but review state is
counted from the totals store.facet_tables keeps. The role filter and facet read
`store_incident_role` (one indexed row per incident and victim role, with the lowest
level of a victim in that role) and count an incident once per role among the
victims the user may see; the law facet reads `store_incident_cites` likewise.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Count, F, Model, Q, QuerySet
from django.db.models.expressions import RawSQL

from civicspace.store import access, facet_tables, search
from civicspace.store.models import (
    Actor,
    Document,
    Incident,
    Law,
    Recommendation,
    Source,
    levels_up_to,
)
from civicspace.vocab import vocab

KIND_OF: dict[type[Model], str] = {
    Incident: "incident",
    Actor: "actor",
    Law: "law",
    Recommendation: "recommendation",
    Document: "document",
    Source: "source",
}
FILTERS = {
    "incident": ("type", "area", "year", "place", "country", "role", "law", "victim", "document", "state", "q"),
    "actor": ("kind", "orgtype", "country", "role", "at_risk", "merged", "document", "state", "q"),
    "law": ("instrument", "jurisdiction", "document", "state", "q"),
    "recommendation": ("area", "addressee", "document", "state", "q"),
    "document": ("language", "publisher", "state", "q"),
    "source": ("document", "state", "q"),
}
SORTS = {
    "incident": ("-date", "date", "type", "place", "state", "-id", "id"),
    "actor": ("name", "-name", "-id", "id"),
    "law": ("instrument", "-instrument", "-id", "id"),
    "recommendation": ("-id", "id", "area"),
    "document": ("-id", "id", "title", "-published", "published"),
    "source": ("-id", "id", "title"),
}
_SORT_FIELDS = {
    "date": ("date_start", "id"),
    "type": ("type", "date_start", "id"),
    "place": ("location", "date_start", "id"),
    "name": ("name", "id"),
    "instrument": ("instrument", "article", "id"),
    "area": ("area", "id"),
    "state": ("review_state", "id"),
    "title": ("title", "id"),
    "published": ("published", "id"),
    "id": ("id",),
}
FACETS = {
    "incident": ("type", "area", "year", "country", "place", "role", "law", "state"),
    "actor": ("kind", "orgtype", "country", "role", "state"),
    "law": ("instrument", "jurisdiction", "state"),
    "recommendation": ("area", "addressee", "state"),
    "document": ("language", "publisher", "state"),
    "source": ("state",),
}
_COLUMN = {"type": "type", "area": "area", "year": "year", "country": "country", "place": "location",
           "kind": "kind", "state": "review_state", "jurisdiction": "jurisdiction", "language": "language",
           "orgtype": "org_type", "instrument": "instrument", "publisher": "publisher"}


SAMPLE = 2_500  # records counted for the facets of a list too long to count whole (see counted_facets)
_NOT_EMPTY = ("place", "country", "jurisdiction", "language", "orgtype", "instrument", "publisher")


class FilterError(ValueError):
    """A filter value that cannot mean anything: the message names the parameter."""


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    estimated: bool = False  # scaled up from a sample of a long list (see `counted_facets`)


def kind_of(qs: QuerySet) -> str:
    try:
        return KIND_OF[qs.model]
    except KeyError:
        raise TypeError(f"no filters for {qs.model.__name__}") from None


def values_of(params: Mapping[str, Any], key: str) -> list[str]:
    """Every non-empty value given for `key`, whatever kind of mapping holds them."""
    if hasattr(params, "getlist"):
        raw: Iterable[Any] = params.getlist(key)
    else:
        value = params.get(key)
        raw = value if isinstance(value, list | tuple) else [] if value is None else [value]
    return [str(v).strip() for v in raw if v is not None and str(v).strip()]


def _codes(key: str, values: list[str], vocabulary: str) -> list[str]:
    known = vocab(vocabulary)
    for v in values:
        if v not in known:
            raise FilterError(f"{key}: unknown code {v!r}")
    return values


def _ids(key: str, values: list[str]) -> list[int]:
    try:
        return [int(v) for v in values]
    except ValueError:
        raise FilterError(f"{key}: not a number: {', '.join(values)!r}") from None


def _truthy(values: list[str]) -> bool:
    return bool(values) and values[-1].lower() in ("1", "true", "yes", "on")


def _levels(user: Any) -> list[str] | None:
    if user is None:
        return None
    clearance = access.clearance_of(user)
    return levels_up_to(clearance) if clearance else []


def _seen(qs: QuerySet, prefix: str, levels: list[str] | None) -> QuerySet:
    field = f"{prefix}__confidentiality__in" if prefix else "confidentiality__in"
    return qs if levels is None else qs.filter(**{field: levels})


def _any_code(field: str, roles: list[str]) -> Q:
    """Roles and addressees are JSON lists: match the quoted code, so "activist" is not "labour_activist"."""
    q = Q()
    for role in roles:
        q |= Q(**{f"{field}__icontains": f'"{role}"'})
    return q


def _matching(qs: QuerySet, kind: str, query: str, levels: list[str] | None) -> QuerySet:
    """Records whose text matches `query`; an incident also matches by the name of a
    victim the user may see (a hidden victim's name must find nothing). Both are id
    sets read from the full-text index, so the database never scans the records."""
    sql = search.matching_ids_sql(kind, query)
    if sql is None:
        return qs
    if kind != "incident":
        return qs.filter(pk__in=RawSQL(*sql))
    names = search.matching_ids_sql("actor", query)
    assert names is not None  # the same words as `sql`
    named = _seen(Actor.objects.filter(pk__in=RawSQL(*names)), "", levels)
    by_victim = Incident.victims.through.objects.filter(actor_id__in=named.values("pk")).values("incident_id")
    return qs.filter(Q(pk__in=RawSQL(*sql)) | Q(pk__in=by_victim))


def filtered(qs: QuerySet, params: Mapping[str, Any], user: Any = None) -> QuerySet:
    """`qs` narrowed by every filter in `params` its kind knows (see the module docstring)."""
    kind = kind_of(qs)
    levels = _levels(user)
    if kind == "actor" and not _truthy(values_of(params, "merged")):
        qs = qs.filter(merged_into__isnull=True)
    for key in FILTERS[kind]:
        values = values_of(params, key)
        if not values:
            continue
        if key == "state":
            if values == ["all"]:
                qs = qs.exclude(review_state="rejected")
            else:
                qs = qs.filter(review_state__in=_codes(key, values, "review_states"))
        elif key == "q":
            qs = _matching(qs, kind, " ".join(values), levels)
        elif key == "type":
            qs = qs.filter(type__in=_codes(key, values, "incident_types"))
        elif key == "area":
            qs = qs.filter(area__in=_codes(key, values, "areas"))
        elif key == "kind":
            qs = qs.filter(kind__in=_codes(key, values, "actor_kinds"))
        elif key == "orgtype":
            qs = qs.filter(org_type__in=_codes(key, values, "organization_types"))
        elif key == "year":
            qs = qs.filter(year__in=_ids(key, values))
        elif key in ("country", "jurisdiction"):
            qs = qs.filter(**{f"{key}__in": [v.upper() for v in values]})
        elif key in ("place", "language", "publisher"):
            qs = qs.filter(**{f"{_COLUMN[key]}__in": values})
        elif key == "role":
            roles = _codes(key, values, "person_roles")
            if kind == "actor":
                qs = qs.filter(_any_code("roles", roles))
            elif levels == []:
                qs = qs.none()
            else:
                rank = facet_tables.clearance_rank(levels)
                qs = qs.filter(pk__in=RawSQL(*facet_tables.incident_ids_sql("role", roles, rank)))
        elif key == "law":
            rows = _seen(Incident.laws.through.objects.filter(law_id__in=_ids(key, values)), "law", levels)
            qs = qs.filter(pk__in=rows.values("incident_id"))
        elif key == "victim":
            rows = _seen(Incident.victims.through.objects.filter(actor_id__in=_ids(key, values)), "actor", levels)
            qs = qs.filter(pk__in=rows.values("incident_id"))
        elif key == "document":
            field = "document_id" if kind == "source" else "documents"
            qs = qs.filter(**{f"{field}__in": _ids(key, values)})
        elif key == "at_risk":
            qs = qs.filter(at_risk=_truthy(values))
        elif key == "instrument":
            qs = qs.filter(instrument__icontains=values[-1])
        elif key == "addressee":
            qs = qs.filter(_any_code("addressees", _codes(key, values, "addressees")))
    return qs


def ordered(qs: QuerySet, sort: str | None = None) -> QuerySet:
    """`qs` in the order `sort` names (one of SORTS[kind]); the kind's default otherwise."""
    options = SORTS[kind_of(qs)]
    if not sort:
        sort = options[0]
    if sort not in options:
        raise FilterError(f"sort: one of {', '.join(options)}, not {sort!r}")
    descending = sort.startswith("-")
    fields = _SORT_FIELDS[sort.lstrip("-")]
    return qs.order_by(*(f"-{f}" if descending else f for f in fields))


def _label(name: str, value: Any) -> str:
    if value in (None, ""):
        return "—"
    coded = ("type", "area", "role", "state", "kind", "orgtype", "addressee")
    return str(value).replace("_", " ") if name in coded else str(value)


def _states(params: Mapping[str, Any] | None) -> list[str] | None:
    """The review states a `state` filter leaves (None: every state)."""
    values = values_of(params or {}, "state")
    if not values:
        return None
    if values == ["all"]:
        return [s for s in vocab("review_states").codes if s != "rejected"]
    return _codes("state", values, "review_states")


def _overall(kind: str, params: Mapping[str, Any] | None) -> bool:
    """True when `params` narrow the user's visible records by nothing but review state."""
    return params is not None and not any(values_of(params, key) for key in FILTERS[kind] if key != "state")


def _counted(name: str, counter: Counter, top: int) -> list[tuple[Any, int]]:
    """A Python count in the order the grouped SQL gives (years newest first, else most frequent)."""
    values = [(v, n) for v, n in counter.items() if v not in (None, "") or name not in _NOT_EMPTY]
    if name == "year":
        return sorted(((v, n) for v, n in values if v not in (None, "")), key=lambda p: -p[0])[:200]
    return sorted(values, key=lambda p: (-p[1], p[0] if isinstance(p[0], int) else str(p[0])))[:top]


def _one_pass(qs: QuerySet, wanted: list[str], rank: int) -> tuple[int, dict[str, Counter]]:
    """The size of a filtered incident list and its counts per facet value, in one
    statement: the list is materialised once and grouped per facet by the database, so
    the filter (a full-text search, say) runs once, not once per facet, and thousands
    of rows never cross into Python. Values come back as text; years and laws as numbers."""
    columns = [n for n in wanted if n in _COLUMN]
    linked = [n for n in wanted if n in facet_tables.LINKED]
    sql, params = qs.order_by().values_list("pk", *[_COLUMN[n] for n in columns]).query.sql_with_params()
    names = ", ".join(["id", *[f"c{i}" for i in range(len(columns))]])
    branches = ["SELECT 'total', '', COUNT(*) FROM m"]
    branches += [f"SELECT '{n}', CAST(c{i} AS TEXT), COUNT(*) FROM m GROUP BY c{i}" for i, n in enumerate(columns)]
    args = list(params)
    for n in linked:
        table = facet_tables.LINKED[n]
        branches.append(f"SELECT '{n}', CAST(r.{table.value} AS TEXT), COUNT(*) FROM m"
                        f" JOIN {table.table} r ON r.incident_id = m.id WHERE r.{table.level} <= %s"
                        f" GROUP BY r.{table.value}")
        args.append(rank)
    counts: dict[str, Counter] = {n: Counter() for n in ["total", *columns, *linked]}
    with connections[qs.db].cursor() as cur:
        cur.execute(f"WITH m({names}) AS MATERIALIZED ({sql}) {' UNION ALL '.join(branches)}", args)
        for name, value, n in cur.fetchall():
            numeric = name in ("year", "law") and value not in (None, "")
            counts[name][int(value) if numeric else value] = n
    return counts.pop("total")[""], counts


def _grouped(qs: QuerySet, name: str, top: int) -> list[tuple[Any, int]]:
    """Counts of one column facet by the database."""
    column = _COLUMN[name]
    order = [f"-{column}"] if name == "year" else ["-n", column]
    grouped = qs.order_by().values(column).annotate(n=Count("pk")).order_by(*order)
    if name == "year":
        grouped = grouped.exclude(year__isnull=True)
    elif name in _NOT_EMPTY:
        grouped = grouped.exclude(**{column: ""})
    return [(g[column], g["n"]) for g in grouped[: 200 if name == "year" else top]]


def _incident_facets(
    qs: QuerySet, wanted: list[str], levels: list[str] | None, top: int, params: Mapping[str, Any] | None,
    estimate_over: int | None, total: int | None,
) -> tuple[int, dict[str, list[tuple[Any, int]]], int]:
    """The size of an incident list, its facet counts, and 1 or the k of "every k-th
    record counted": from the totals kept for everything the user may see
    (store.facet_tables) when only review state narrows it, otherwise counted over the
    list (or a sample of it) in one statement."""
    connection = connections[qs.db]
    rank = facet_tables.clearance_rank(levels)
    if levels == []:
        return 0, {name: [] for name in wanted}, 1
    states = _states(params)
    kept = facet_tables.kept_counts(connection, rank, states) if _overall("incident", params) else None
    if kept is not None:
        for name in set(wanted) & set(facet_tables.LINKED):
            kept[name] = facet_tables.linked_counts(connection, name, rank, states)
        return sum(kept["state"].values()), {name: _counted(name, kept[name], top) for name in wanted}, 1
    every = 1
    if estimate_over is not None:
        total = qs.count() if total is None else total
        if total > estimate_over:
            every = -(-total // SAMPLE)
            qs = qs.alias(_sampled=F("pk") % every).filter(_sampled=0)
    counted_total, counters = _one_pass(qs, wanted, rank)
    scaled = {name: Counter({v: n * every for v, n in counters[name].items()}) for name in wanted}
    return counted_total if total is None else total, {name: _counted(name, scaled[name], top) for name in wanted}, every


def counted_facets(
    qs: QuerySet, names: Iterable[str] | None = None, user: Any = None, top: int = 20,
    params: Mapping[str, Any] | None = None, estimate_over: int | None = None, total: int | None = None,
) -> tuple[int, dict[str, list[FacetValue]]]:
    """The number of records in `qs` and their counts per value of each facet (see the
    module docstring). `params`, the filters that made `qs` from the records `user` may
    see, lets a list narrowed by nothing but review state be counted from kept totals.
    With `estimate_over`, an incident list longer than that (and not counted from the
    totals) has its facets counted over every k-th record (about SAMPLE of them) and
    scaled up, marked `estimated`: a search matching tens of thousands of records then
    costs what one matching a few thousand does. The total is always exact; pass it as
    `total` when it is known already."""
    kind = kind_of(qs)
    levels = _levels(user)
    wanted = list(names or FACETS[kind])
    for name in wanted:
        if name not in FACETS[kind]:
            raise FilterError(f"facet: one of {', '.join(FACETS[kind])}, not {name!r}")
    every = 1
    if kind == "incident":
        total, pairs, every = _incident_facets(qs, wanted, levels, top, params, estimate_over, total)
    else:
        total, pairs = qs.count() if total is None else total, {}
        for name in wanted:
            if name in ("role", "addressee"):
                column = "roles" if name == "role" else "addressees"
                counts: Counter[str] = Counter()
                for codes, n in qs.order_by().values_list(column).annotate(n=Count("pk")):
                    for code in set(json.loads(codes) if isinstance(codes, str) else codes or []):
                        counts[code] += n
                pairs[name] = counts.most_common(top)
            else:
                pairs[name] = _grouped(qs, name, top)
    out: dict[str, list[FacetValue]] = {}
    for name in wanted:
        labels = {law.pk: str(law) for law in Law.objects.filter(pk__in=[v for v, _n in pairs[name]])} \
            if name == "law" else {}
        out[name] = [FacetValue(str(v), labels.get(v, "") if name == "law" else _label(name, v), n, every > 1)
                     for v, n in pairs[name]]
    return total, out


def facets(
    qs: QuerySet, names: Iterable[str] | None = None, user: Any = None, top: int = 20,
    params: Mapping[str, Any] | None = None,
) -> dict[str, list[FacetValue]]:
    """Counts of the records of `qs` per value of each facet (see `counted_facets`)."""
    return counted_facets(qs, names, user, top, params)[1]


# Indexes for the lists: sorting by date without sorting the table, and facet counts
# read from an index that also holds the confidentiality, never from the rows.
LIST_INDEXES = {
    "store_incident_date_list": ("store_incident", ("date_start", "id")),
    **{
        f"store_incident_{column}_facet": ("store_incident", (column, "confidentiality"))
        for column in ("type", "area", "year", "country", "location", "review_state")
    },
    "store_incident_year_type_chart": ("store_incident", ("year", "type", "confidentiality")),
    "store_incident_review_queue": ("store_incident", ("review_state", "id")),
    "store_actor_name_list": ("store_actor", ("name", "id")),
}


def install_indexes(connection: Any) -> None:
    """Create the list indexes that are missing (same SQL on SQLite and PostgreSQL)."""
    with connection.cursor() as cur:
        for name, (table, columns) in LIST_INDEXES.items():
            cur.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({", ".join(columns)})')


def drop_indexes(connection: Any) -> None:
    with connection.cursor() as cur:
        for name in LIST_INDEXES:
            cur.execute(f'DROP INDEX IF EXISTS "{name}"')
