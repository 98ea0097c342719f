"""Charts of the record: incidents per year by type, and per area, over what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicspace.store.models import Incident
from civicspace.vocab import vocab
from civicspace.web import memo
from civicspace.web.labels import label
from civicspace.web.svg import horizontal_bars, stacked_columns
from civicspace.web.views.common import reader, seen


def per_year_by_type(qs: QuerySet) -> list[tuple[int, str, int]]:
    return list(
        qs.exclude(year__isnull=True).values_list("year", "type").annotate(n=Count("id")).order_by("year", "type")
    )


def per_area(qs: QuerySet) -> list[tuple[str, int]]:
    return list(qs.exclude(area="").values_list("area").annotate(n=Count("id")).order_by("-n", "area"))


def drawn(year_type: list[tuple[int, str, int]], areas: list[tuple[str, int]]) -> dict[str, Any]:
    """Both charts, labelled in the current language."""
    type_labels = {c: label(c) for c in vocab("incident_types").codes}
    area_labels = {c: label(c) for c in vocab("areas").codes}
    years_svg, legend = stacked_columns(year_type, type_labels)
    return {"years_svg": years_svg, "legend": legend, "areas_svg": horizontal_bars(areas, area_labels)}


@reader
def charts(request: HttpRequest) -> HttpResponse:
    qs = seen(Incident, request.user)
    country = request.GET.get("country", "")
    if country:
        qs = qs.filter(country=country)
    countries = memo.remembered(request, "charts/countries", lambda: list(
        seen(Incident, request.user).exclude(country="").values_list("country", flat=True).distinct().order_by("country")
    ))
    year_type = memo.remembered(request, f"charts/years/{country}", lambda: per_year_by_type(qs))
    areas = memo.remembered(request, f"charts/areas/{country}", lambda: per_area(qs))
    context = drawn(year_type, areas)
    context.update({"country": country, "countries": countries})
    return render(request, "civicspace/charts.html", context)
