"""The first page after signing in: what the record holds and what waits for review."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicspace.store import access
from civicspace.store.models import Actor, Document, Incident, Law, Recommendation
from civicspace.web.labels import label
from civicspace.web.views.charts import charts_of
from civicspace.web.views.common import reader, seen

RECENT = 8


def grouped(qs, column: str, coded: bool = True) -> list[dict]:
    rows = qs.exclude(**{column: ""}).values_list(column).annotate(n=Count("id")).order_by("-n", column)
    return [{"value": v, "label": label(v) if coded else v, "count": n} for v, n in rows]


@reader
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    incidents = seen(Incident, user)
    totals = {
        "incidents": incidents.count(),
        "persons": seen(Actor, user).filter(kind="person", merged_into__isnull=True).count(),
        "organisations": seen(Actor, user).filter(kind="organization", merged_into__isnull=True).count(),
        "laws": seen(Law, user).count(),
        "recommendations": seen(Recommendation, user).count(),
        "documents": seen(Document, user).count(),
    }
    waiting = {
        "incidents": incidents.filter(review_state="extracted").count(),
        "persons and organisations": seen(Actor, user).filter(review_state="extracted").count(),
        "laws": seen(Law, user).filter(review_state="extracted").count(),
        "recommendations": seen(Recommendation, user).filter(review_state="extracted").count(),
    }
    years = list(
        incidents.exclude(year__isnull=True).values_list("year").annotate(n=Count("id")).order_by("-year")[:12]
    )
    context = {
        "totals": totals,
        "waiting": waiting,
        "waiting_total": sum(waiting.values()),
        "by_area": grouped(incidents, "area"),
        "by_type": grouped(incidents, "type"),
        "by_year": [{"value": y, "label": y, "count": n} for y, n in years],
        "recent": seen(Document, user).defer("text").order_by("-created_at", "-id")[:RECENT],
        "can_edit": access.can_edit(user),
    }
    context.update(charts_of(user, incidents))
    return render(request, "civicspace/dashboard.html", context)
