"""What the record holds, in figures: the table `civicspace demo` and operators look at first."""

from __future__ import annotations

from django.db.models import Count

from civicspace.store.models import (
    Actor,
    Document,
    Evidence,
    Incident,
    Law,
    Recommendation,
    Source,
    levels_up_to,
)


def records_per_kind(clearance: str = "restricted") -> dict[str, int]:
    """Counts of what a person with `clearance` may know exists (rejected records left out)."""
    levels = levels_up_to(clearance)

    def count(model) -> int:
        return model.objects.filter(confidentiality__in=levels).exclude(review_state="rejected").count()

    actors = Actor.objects.filter(confidentiality__in=levels, merged_into__isnull=True).exclude(review_state="rejected")
    return {
        "documents": count(Document),
        "sources": count(Source),
        "persons": actors.filter(kind="person").count(),
        "organizations": actors.filter(kind="organization").count(),
        "laws": count(Law),
        "incidents": count(Incident),
        "recommendations": count(Recommendation),
        "evidence": Evidence.objects.filter(document__confidentiality__in=levels).count(),
    }


def incidents_per_area_and_type(clearance: str = "restricted") -> list[tuple[str, str, int]]:
    """(area, incident type, count), the largest groups of each area first."""
    rows = (
        Incident.objects.filter(confidentiality__in=levels_up_to(clearance))
        .exclude(review_state="rejected")
        .values_list("area", "type")
        .annotate(n=Count("pk"))
        .order_by("area", "-n", "type")
    )
    return [(area or "(no area)", kind, n) for area, kind, n in rows]


def table(header: list[str], rows: list[list]) -> str:
    """A plain-text table: numbers right-aligned, text left-aligned."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [all(isinstance(row[i], int) for row in rows) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(row, widths, numeric, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def summary_text(clearance: str = "restricted") -> str:
    kinds = records_per_kind(clearance)
    incidents = incidents_per_area_and_type(clearance)
    return (
        "Records per kind\n\n"
        + table(["kind", "records"], [[k, n] for k, n in kinds.items()])
        + "\n\nIncidents per area and type\n\n"
        + table(["area", "type", "incidents"], [list(r) for r in incidents])
        + "\n"
    )
