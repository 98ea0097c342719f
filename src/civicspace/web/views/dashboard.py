"""The first page after signing in: what the record holds and what waits for review.

The incident figures (by area, type and year, and both charts) come from two grouped
queries, so the page costs the same at 100 incidents as at 100,000 scans of them.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicspace.store import access
from civicspace.store.models import Actor, Document, Incident, Law, Recommendation
from civicspace.vocab import vocab
from civicspace.web import memo
from civicspace.web.labels import label
from civicspace.web.svg import horizontal_bars, stacked_columns
from civicspace.web.views.common import reader, seen

RECENT = 8
YEARS = 12


def ranked(counter: Counter, coded: bool = True) -> list[dict[str, Any]]:
    return [{"value": v, "label": label(v) if coded else v, "count": n} for v, n in counter.most_common() if v]


def figures(user: Any) -> dict[str, Any]:
    """Every number on the dashboard, language-free so that one cached copy serves all."""
    incidents = seen(Incident, user)
    people = seen(Actor, user).filter(merged_into__isnull=True)
    return {
        "year_type": list(incidents.values_list("year", "type").annotate(n=Count("id")).order_by()),
        "areas": dict(incidents.values_list("area").annotate(n=Count("id")).order_by()),
        "totals": {
            "persons": people.filter(kind="person").count(),
            "organisations": people.filter(kind="organization").count(),
            "laws": seen(Law, user).count(),
            "recommendations": seen(Recommendation, user).count(),
            "documents": seen(Document, user).count(),
        },
        "waiting": {
            "incidents": incidents.filter(review_state="extracted").count(),
            "persons and organisations": people.filter(review_state="extracted").count(),
            "laws": seen(Law, user).filter(review_state="extracted").count(),
            "recommendations": seen(Recommendation, user).filter(review_state="extracted").count(),
        },
    }


@reader
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    found = memo.remembered(request, "dashboard", lambda: figures(user))
    year_type, areas = found["year_type"], Counter(found["areas"])
    by_type: Counter[str] = Counter()
    by_year: Counter[int] = Counter()
    for year, kind, n in year_type:
        by_type[kind] += n
        if year is not None:
            by_year[year] += n
    totals = {"incidents": sum(areas.values()), **found["totals"]}
    waiting = found["waiting"]
    years_svg, legend = stacked_columns(
        [(y, k, n) for y, k, n in year_type if y is not None], {c: label(c) for c in vocab("incident_types").codes}
    )
    return render(request, "civicspace/dashboard.html", {
        "totals": totals,
        "waiting": waiting,
        "waiting_total": sum(waiting.values()),
        "by_area": ranked(areas),
        "by_type": ranked(by_type),
        "by_year": [{"value": y, "label": y, "count": by_year[y]} for y in sorted(by_year, reverse=True)[:YEARS]],
        "recent": seen(Document, user).defer("text").order_by("-created_at", "-id")[:RECENT],
        "can_edit": access.can_edit(user),
        "years_svg": years_svg,
        "legend": legend,
        "areas_svg": horizontal_bars(
            [(a, n) for a, n in areas.most_common() if a], {c: label(c) for c in vocab("areas").codes}
        ),
    })
