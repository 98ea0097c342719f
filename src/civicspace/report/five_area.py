"""The five-area report: incidents and recommendations organised by the areas of civil society space."""

from __future__ import annotations

from collections import Counter, defaultdict

from civicspace.report.chart import incidents_chart
from civicspace.report.model import Bullets, Figures, Group, Groups, Line, Paragraphs, Report, Section
from civicspace.report.scope import (
    Names,
    Notes,
    Scope,
    country_name,
    date_key,
    label,
    labels,
    law_text,
    penalty_text,
    report_for,
    shown_incidents,
    shown_recommendations,
    span_text,
)
from civicspace.store.models import Incident, Recommendation
from civicspace.vocab import vocab

FIVE_AREAS = [a for a in vocab("areas").codes if a != "general"]


def incident_line(incident: Incident, names: Names, notes: Notes) -> Line:
    """One bullet: who suffered what, where and by whom, on what charge and with what penalty.

    Each bullet names its target even under that target's heading, so that it reads on its
    own when quoted, and so that the report can be read back by the extractor."""
    actors = names.shown_actors(incident.victims.all())
    if actors:
        victims = [names.name(a) for a in actors]
        if len(actors) == 1 and names.describe(actors[0]):
            role = names.describe(actors[0]).split(", ")[0]
            victims = [f"{role} {victims[0]}" if actors[0].kind == "person" else f"the {role} {victims[0]}"]
        clause = labels()["incident_clauses"].get(incident.type, "{v}: " + label("incident_types", incident.type))
        what = clause.format(v=" and ".join(victims), was="were" if len(victims) > 1 else "was")
        what = what[0].upper() + what[1:]
    else:
        what = label("incident_types", incident.type)
    if incident.location:
        what += f" in {names.scrub(incident.location)}"
    by = [names.name(a) for a in names.shown_actors(incident.perpetrators.all())]
    if by:
        what += " by " + ", ".join(by)
    parts = [what + "."]
    if incident.summary:
        parts.append(sentence(names.scrub(incident.summary)))
    charge = names.scrub(incident.charge)
    laws = [law_text(law) for law in incident.laws.all() if names.scope.shows(law)]
    if charge:
        parts.append(f"Charge: {charge}" + (f" ({'; '.join(laws)})." if laws else "."))
    elif laws:
        parts.append(("Law: " if incident.type == "restrictive_law" else "Legal basis: ") + "; ".join(laws) + ".")
    penalty = penalty_text(incident)
    if penalty:
        parts.append(f"Penalty: {penalty}.")
    return Line(" ".join(parts), lead=span_text(incident.date_start, incident.date_end) or "Date unknown",
                notes=notes.cite(incident))


def sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def grouped(incidents: list[Incident], names: Names, notes: Notes) -> list[Group]:
    """Incidents grouped by the person or outlet they targeted, groups in order of their first incident."""
    by_actor: dict[int | None, list[Incident]] = defaultdict(list)
    actors = {}
    for incident in incidents:
        victims = sorted(names.shown_actors(incident.victims.all()), key=lambda a: a.id)
        key = victims[0].id if victims else None
        if victims:
            actors[key] = victims[0]
        by_actor[key].append(incident)
    order = sorted(by_actor, key=lambda k: (k is None, min(date_key(i) for i in by_actor[k]), k or 0))
    groups = []
    for key in order:
        items = sorted(by_actor[key], key=lambda i: (date_key(i), i.id))
        if key is None:
            laws_only = all(i.type == "restrictive_law" for i in items)
            title, subtitle = ("Laws and regulations" if laws_only else "Incidents without a named target"), ""
        else:
            actor = actors[key]
            title, subtitle = names.name(actor), names.describe(actor)
        groups.append(Group(title, subtitle, [incident_line(i, names, notes) for i in items]))
    return groups


def recommendation_line(rec: Recommendation, names: Names, notes: Notes) -> Line:
    lead = ""
    if rec.addressees:
        lead = "To " + ", ".join(label("addressees", a) for a in rec.addressees)
    return Line(sentence(names.scrub(rec.text)), lead=lead, notes=notes.cite(rec))


def key_figures(incidents: list[Incident], recs: list[Recommendation], names: Names, notes_count: int) -> Figures:
    persons: set[int] = set()
    orgs: set[int] = set()
    for incident in incidents:
        for actor in names.shown_actors(incident.victims.all()):
            (persons if actor.kind == "person" else orgs).add(actor.id)
    convictions = [i for i in incidents if i.type == "conviction"]
    months = sum(i.prison_months or 0 for i in convictions)
    rows = [
        ("Incidents recorded", str(len(incidents))),
        ("Persons targeted", str(len(persons))),
        ("Organisations targeted", str(len(orgs))),
        ("Convictions", str(len(convictions))),
        ("Years of prison imposed", f"{months / 12:.1f}".removesuffix(".0")),
        ("Number of recommendations", str(len(recs))),
        ("Sources cited", str(notes_count)),
    ]
    return Figures(rows)


def introduction(scope: Scope, incidents: list[Incident], recs: list[Recommendation], names: Names,
                 notes_count: int) -> Section:
    where = country_name(scope.country) if scope.country else "the countries covered"
    years = sorted(i.year for i in incidents if i.year)
    period = f" between {years[0]} and {years[-1]}" if years and years[0] != years[-1] else (
        f" in {years[0]}" if years else "")
    lines = [Line(
        f"This report sets out the restrictions on civic space in {where} documented{period}, organised by the "
        "five areas of civil society space used by the UN High Commissioner for Human Rights: the legal framework, "
        "the political and public environment, access to information, long-term support and resources, and "
        "dialogue and cooperation. Each area lists the incidents recorded, grouped by the person or organisation "
        "targeted and in date order, followed by the recommendations on that area. General recommendations "
        "close the report. Every statement carries a numbered note leading to the source it was taken from."
    )]
    types = Counter(i.type for i in incidents)
    if types and types.most_common(1)[0][1] > 1:
        top = ", ".join(f"{label('incident_types', t).lower()} ({n})" for t, n in types.most_common(4))
        lines.append(Line(f"The most frequent kinds of incident were: {top}."))
    blocks: list = [Paragraphs(lines), key_figures(incidents, recs, names, notes_count)]
    chart = incidents_chart([(i.year, i.type) for i in incidents if i.year], "Figure 1. Incidents per year by type")
    if chart is not None:
        blocks.append(chart)
    return Section("1", "Introduction", blocks)


def five_area_report(scope: Scope) -> Report:
    incidents = shown_incidents(scope)
    recs = shown_recommendations(scope)
    names = Names(scope)
    notes = Notes(scope, names)
    areas = [a for a in FIVE_AREAS if not scope.areas or a in scope.areas]
    by_area: dict[str, list[Incident]] = defaultdict(list)
    for incident in incidents:
        by_area[incident.area if incident.area in areas else "general"].append(incident)
    recs_by_area: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in recs:
        recs_by_area[rec.area if rec.area in areas else "general"].append(rec)

    sections = []
    for n, area in enumerate(areas, start=2):
        blocks: list = [Paragraphs([Line(vocab("areas").describe(area))])]
        if by_area[area]:
            blocks.append(Groups(grouped(by_area[area], names, notes)))
        else:
            blocks.append(Paragraphs([Line("No incident in this area is recorded for the period covered.")]))
        if recs_by_area[area]:
            blocks.append(Bullets([recommendation_line(r, names, notes) for r in recs_by_area[area]],
                                  numbered=True, title="Recommendations"))
        sections.append(Section(str(n), label("areas", area), blocks))
    n = len(areas) + 2
    if by_area["general"]:
        sections.append(Section(str(n), "Other incidents", [Groups(grouped(by_area["general"], names, notes))]))
        n += 1
    if recs_by_area["general"]:
        sections.append(Section(str(n), "General recommendations", [
            Bullets([recommendation_line(r, names, notes) for r in recs_by_area["general"]], numbered=True)]))
    sections.insert(0, introduction(scope, incidents, recs, names, len(notes.notes)))

    where = country_name(scope.country) if scope.country else ""
    return report_for(scope, "five-area", f"Civic space in {where}" if where else "Civic space report",
                      "Restrictions on civil society by area, with recommendations", sections, notes)

