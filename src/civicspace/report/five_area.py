"""The five-area report: incidents and recommendations organised by the areas of civil society space."""

from __future__ import annotations

import re
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

INSTITUTIONS = {"state_body", "law_enforcement", "court", "international_body"}
FIVE_AREAS = [a for a in vocab("areas").codes if a != "general"]


def target_of(actor, names: Names) -> str:
    """An incident's target as a sentence names it: "journalist A B", "the party “C”".

    An organisation's name is quoted after the noun for its kind, so that a long or
    unusual name is read whole and not taken for a person."""
    if actor.kind == "person":
        role = names.describe(actor).split(", ")[0]
        return f"{role} {names.name(actor)}" if role else names.name(actor)
    nouns = labels()["organization_nouns"]
    noun = nouns.get(actor.org_type or "other") or nouns["other"]
    return f"the {noun} “{names.name(actor)}”"


def agent_of(actor, names: Names) -> str:
    """Who acted, as it follows "by": an institution takes the article ("by the City Court")."""
    name = names.name(actor)
    institution = actor.kind != "person" and actor.org_type in INSTITUTIONS
    return f"the {name}" if institution and not name.lower().startswith("the ") else name


def incident_line(incident: Incident, names: Names, notes: Notes, any_summary: bool = True) -> Line:
    """One bullet: one sentence with the target as its subject and the act as its verb, then the details.

    Each bullet names its target even under that target's heading, so that it reads on its
    own when quoted. Where bullets about many targets stand side by side (`any_summary` false),
    the free summary follows only when it names the target: one that does not may be about
    other people (relatives, colleagues), and would read as a second incident."""
    actors = names.shown_actors(incident.victims.all())
    laws = [law_text(law) for law in incident.laws.all() if names.scope.shows(law)]
    summary = ""
    if actors:
        victims = [target_of(a, names) for a in actors]
        clauses = labels()["incident_clauses"]
        if all(a.kind != "person" for a in actors):
            clauses = {**clauses, **labels()["member_clauses"]}
        clause = clauses.get(incident.type, "{v}: " + label("incident_types", incident.type))
        what = clause.format(v=" and ".join(victims), was="were" if len(victims) > 1 else "was")
        text = names.scrub(incident.summary)
        if text and (any_summary or any(names.name(a).lower() in text.lower() for a in actors)):
            summary = sentence(with_quoted_names(text, [names.name(a) for a in actors if a.kind != "person"]))
    elif incident.type == "restrictive_law" and laws:
        what, laws = "a restrictive law was adopted: " + "; ".join(laws), []
    else:
        what = label("incident_types", incident.type)
        summary = sentence(names.scrub(incident.summary)) if incident.summary else ""
    what = what[0].upper() + what[1:]
    if incident.location:
        what += f" in {names.scrub(incident.location)}"
    by = [agent_of(a, names) for a in names.shown_actors(incident.perpetrators.all())]
    if by:
        what += " by " + ", ".join(by)
    parts = [what + "."]
    if summary:
        parts.append(summary)
    charge = names.scrub(incident.charge)
    if charge:
        parts.append(f"Charge: {charge}" + (f" ({'; '.join(laws)})." if laws else "."))
    elif laws:
        parts.append(("Law: " if incident.type == "restrictive_law" else "Legal basis: ") + "; ".join(laws) + ".")
    penalty = penalty_text(incident)
    if penalty:
        parts.append(f"Penalty: {penalty}.")
    return Line(" ".join(parts), lead=span_text(incident.date_start, incident.date_end) or "Date unknown",
                notes=notes.cite(incident))


def with_quoted_names(text: str, organisations: list[str]) -> str:
    """`text` with each organisation's name in quotes, as the report's own sentences write it,
    so that the same organisation reads as the same name throughout."""
    for name in organisations:
        text = re.sub(rf"(?<![“”\"'‘’\w]){re.escape(name)}(?![“”\"'‘’\w])", f"“{name}”", text)
    return text


def sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


def area_phrase(area: str) -> str:
    """An area's name as it reads inside a sentence ("the legal framework")."""
    return str(labels()["areas_in_sentence"].get(area) or label("areas", area).lower())


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
            title, subtitle = ("Laws and regulations", "of general application") if laws_only else (
                "Other incidents", "without a named target")
        else:
            actor = actors[key]
            title = names.name(actor) if actor.kind == "person" else f"“{names.name(actor)}”"
            subtitle = names.describe(actor) or ("person" if actor.kind == "person" else "organisation")
        groups.append(Group(title, subtitle, [incident_line(i, names, notes, any_summary=False) for i in items]))
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
                                  numbered=True, title=f"Recommendations on {area_phrase(area)}:"))
        sections.append(Section(str(n), label("areas", area), blocks))
    n = len(areas) + 2
    if by_area["general"]:
        sections.append(Section(str(n), "Other incidents", [Groups(grouped(by_area["general"], names, notes))]))
        n += 1
    if recs_by_area["general"]:
        sections.append(Section(str(n), "General recommendations across all areas", [
            Bullets([recommendation_line(r, names, notes) for r in recs_by_area["general"]], numbered=True)]))
    sections.insert(0, introduction(scope, incidents, recs, names, len(notes.notes)))

    where = country_name(scope.country) if scope.country else ""
    return report_for(scope, "five-area", f"Civic space in {where}" if where else "Civic space report",
                      "Restrictions on civil society by area, with recommendations", sections, notes)

