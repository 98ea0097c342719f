"""Charts of the record: incidents per year by type, and per area, over what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicspace.store.models import Incident
from civicspace.vocab import vocab
from civicspace.web.labels import label
from civicspace.web.svg import horizontal_bars, stacked_columns
from civicspace.web.views.common import reader, seen


def per_year_by_type(qs: QuerySet) -> list[tuple[int, str, int]]:
    return list(
        qs.exclude(year__isnull=True).values_list("year", "type").annotate(n=Count("id")).order_by("year", "type")
    )


def per_area(qs: QuerySet) -> list[tuple[str, int]]:
    return list(qs.exclude(area="").values_list("area").annotate(n=Count("id")).order_by("-n", "area"))


def charts_of(user: Any, qs: QuerySet | None = None) -> dict[str, Any]:
    """Both charts for the incidents `user` may see (or the given subset of them)."""
    qs = seen(Incident, user) if qs is None else qs
    type_labels = {c: label(c) for c in vocab("incident_types").codes}
    area_labels = {c: label(c) for c in vocab("areas").codes}
    years_svg, legend = stacked_columns(per_year_by_type(qs), type_labels)
    return {
        "years_svg": years_svg,
        "legend": legend,
        "areas_svg": horizontal_bars(per_area(qs), area_labels),
    }


@reader
def charts(request: HttpRequest) -> HttpResponse:
    qs = seen(Incident, request.user)
    country = request.GET.get("country", "")
    if country:
        qs = qs.filter(country=country)
    countries = (
        seen(Incident, request.user).exclude(country="").values_list("country", flat=True).distinct().order_by("country")
    )
    context = charts_of(request.user, qs)
    context.update({"country": country, "countries": countries})
    return render(request, "civicspace/charts.html", context)
