"""The list of political prisoners and persons under prosecution, one row per person."""

from __future__ import annotations

from collections import defaultdict

from civicspace.report.model import Line, Paragraphs, Report, Section, Table
from civicspace.report.scope import (
    Names,
    Notes,
    Scope,
    country_name,
    date_key,
    date_text,
    label,
    labels,
    law_text,
    penalty_text,
    report_for,
    shown_incidents,
    status_text,
)
from civicspace.store.models import Actor, Incident

HEADERS = ["Name", "Role", "Charge and article", "Sentence", "Date", "Place", "Status", "Sources"]


def row_of(actor: Actor, history: list[Incident], names: Names, notes: Notes) -> list[Line]:
    latest = history[-1]
    charged = [i for i in history if i.charge or i.laws.all()]
    charge = names.scrub(charged[-1].charge) if charged else ""
    laws = sorted({law_text(law) for i in history for law in i.laws.all() if names.scope.shows(law)})
    sentences = [penalty_text(i) for i in history if i.type == "conviction" and penalty_text(i)]
    place = next((i.location for i in reversed(history) if i.location), "")
    when = date_text(latest.date_start)
    return [
        Line(names.name(actor)),
        Line(names.describe(actor)),
        Line("; ".join(filter(None, [charge, ", ".join(laws)]))),
        Line(sentences[-1] if sentences else ""),
        Line(f"{when} ({label('incident_types', latest.type).lower()})" if when else ""),
        Line(names.scrub(place)),
        Line(status_text(history[-1])),
        Line("", notes=notes.cite_all(history)),
    ]


def prisoners_report(scope: Scope) -> Report:
    stages = set(labels()["prisoner_status"])
    names = Names(scope)
    notes = Notes(scope, names)
    history: dict[int, list[Incident]] = defaultdict(list)
    people: dict[int, Actor] = {}
    for incident in shown_incidents(scope):
        if incident.type not in stages:
            continue
        for actor in names.shown_actors(incident.victims.all()):
            if actor.kind == "person":
                people[actor.id] = actor
                history[actor.id].append(incident)
    for events in history.values():
        events.sort(key=lambda i: (date_key(i), i.id))
    current = [a for a in history if history[a][-1].type != "release"]
    released = [a for a in history if history[a][-1].type == "release"]

    def table(ids: list[int]) -> Table:
        ordered = sorted(ids, key=lambda a: (names.name(people[a]).lower(), a))
        return Table(HEADERS, [row_of(people[a], history[a], names, notes) for a in ordered])

    where = country_name(scope.country) if scope.country else "the countries covered"
    sections = [Section("1", "Persons imprisoned or under prosecution", [
        Paragraphs([Line(
            f"Persons in {where} who are detained, charged or serving a sentence according to the record, "
            "with the charge and the article of law applied, the sentence, the latest step in their case "
            "and its date and place. Sources are listed at the end."
        )]),
        table(current) if current else Paragraphs([Line("No person is recorded as detained or prosecuted.")]),
    ])]
    if released:
        sections.append(Section("2", "Released during the period", [table(released)]))
    return report_for(scope, "prisoners", f"Political prisoners and persons under prosecution in {where}",
                      "List for advocacy and parliamentary hearings", sections, notes, contents=False)

