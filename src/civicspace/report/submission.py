"""A draft submission to UN special procedures about one person's case.

The fields follow what the Working Group on Arbitrary Detention's model
questionnaire and the special procedures' communication form ask for; each is
filled from the record, with its sources, or marked for the submitter to complete,
so nothing is invented to fill a gap.
"""

from __future__ import annotations

from civicspace.errors import CivicspaceError
from civicspace.report.five_area import incident_line
from civicspace.report.model import Bullets, Fields, Line, Paragraphs, Report, Section
from civicspace.report.scope import (
    Names,
    Notes,
    Scope,
    country_name,
    date_key,
    labels,
    law_text,
    penalty_text,
    report_for,
    shown_incidents,
    span_text,
    status_text,
)
from civicspace.store.models import Actor, Incident

TO_COMPLETE = "[not in the record: to be completed]"
DETENTION = ("pretrial_detention", "psychiatric_detention")


def first(history: list[Incident], *types: str) -> Incident | None:
    return next((i for i in history if i.type in types), None)


def value(text: str, incident: Incident | None, notes: Notes) -> Line:
    if not text:
        return Line(TO_COMPLETE)
    return Line(text, notes=notes.cite(incident) if incident is not None else [])


def perpetrators(incident: Incident | None, names: Names, *org_types: str) -> str:
    if incident is None:
        return ""
    actors = names.shown_actors(incident.perpetrators.all())
    return ", ".join(names.name(a) for a in actors if not org_types or a.org_type in org_types)


def legal_basis(incident: Incident | None, names: Names) -> str:
    if incident is None:
        return ""
    return "; ".join(law_text(law) for law in incident.laws.all() if names.scope.shows(law))


def person_of(scope: Scope) -> Actor:
    actor = (Actor.objects.filter(pk=scope.person, kind="person", confidentiality__in=scope.levels)
             .exclude(review_state="rejected").first()) if scope.person else None
    if actor is None:
        raise CivicspaceError(f"person {scope.person}: no such person in the record (give --person ID)")
    return actor


def identity(actor: Actor, names: Names) -> Fields:
    if names.hidden(actor):
        rows = [("Name", Line(f"{names.name(actor)} (pseudonym; the identity is given to the UN separately)"))]
    else:
        given, _, family = actor.name.rpartition(" ")
        rows = [("Family name", Line(family)), ("First name", Line(given or TO_COMPLETE))]
        if actor.aliases:
            rows.append(("Other names and spellings", Line(", ".join(actor.aliases))))
    orgs = [names.name(o) for o in names.shown_actors(actor.affiliations.all()) if names.scope.shows(o)]
    rows += [
        ("Sex", Line(TO_COMPLETE)),
        ("Date of birth", Line(TO_COMPLETE)),
        ("Nationality", Line(country_name(actor.country) if actor.country else TO_COMPLETE)),
        ("Profession and activity", Line(names.describe(actor) or TO_COMPLETE)),
        ("Affiliations", Line(", ".join(orgs) or TO_COMPLETE)),
    ]
    return Fields(rows)


def rights_alleged(actor: Actor, history: list[Incident]) -> list[str]:
    """The rights the record suggests were violated, most specific first, each once."""
    table = labels()
    found = [table["rights_by_role"].get(r) for r in actor.roles or []]
    found += [table["rights_by_incident_type"].get(i.type) for i in history]
    found += [table["rights_by_area"].get(i.area) for i in history]
    return list(dict.fromkeys(r for r in found if r))


def submission_report(scope: Scope) -> Report:
    actor = person_of(scope)
    names = Names(scope)
    notes = Notes(scope, names)
    history = sorted(shown_incidents(scope), key=lambda i: (date_key(i), i.id))
    arrest = first(history, "arrest")
    detention = first(history, *DETENTION) or arrest
    charge = next((i for i in history if i.charge), None) or next((i for i in history if i.laws.all()), None)
    conviction = first(history, "conviction")
    release = first(history, "release")
    latest = history[-1] if history else None
    name = names.name(actor)

    sections = [
        Section("1", "Identity of the person concerned", [identity(actor, names)]),
        Section("2", "Arrest", [Fields([
            ("Date of arrest", value(span_text(arrest.date_start, arrest.date_end) if arrest else "", arrest, notes)),
            ("Place of arrest", value(names.scrub(arrest.location) if arrest else "", arrest, notes)),
            ("Forces who carried out the arrest", value(perpetrators(arrest, names), arrest, notes)),
            ("Was a warrant shown, and by which authority was it issued", Line(TO_COMPLETE)),
            ("Reasons for the arrest given by the authorities",
             value(names.scrub(charge.charge) if charge else "", charge, notes)),
            ("Legal basis for the arrest", value(legal_basis(charge, names), charge, notes)),
        ])]),
        Section("3", "Detention", [Fields([
            ("Date of detention",
             value(span_text(detention.date_start, detention.date_end) if detention else "", detention, notes)),
            ("Duration of detention", value(duration(detention, release), detention, notes)),
            ("Forces holding the person in custody", value(perpetrators(detention, names), detention, notes)),
            ("Places of detention", value(names.scrub(detention.location) if detention else "", detention, notes)),
            ("Authorities that ordered the detention",
             value(perpetrators(detention, names, "court", "law_enforcement", "state_body"), detention, notes)),
            ("Reasons and legal basis for the detention", value(legal_basis(detention, names), detention, notes)),
        ])]),
        Section("4", "Proceedings and sentence", [Fields([
            ("Charges", value(names.scrub(charge.charge) if charge else "", charge, notes)),
            ("Legal provisions applied", value(legal_basis(charge, names) or legal_basis(conviction, names),
                                               charge, notes)),
            ("Court", value(perpetrators(conviction, names, "court"), conviction, notes)),
            ("Date of judgment", value(span_text(conviction.date_start, "") if conviction else "", conviction, notes)),
            ("Sentence", value(penalty_text(conviction) if conviction else "", conviction, notes)),
            ("Current status", value(status_text(latest), latest, notes)),
        ])]),
        Section("5", "Circumstances and chronology of the case", [
            Bullets([incident_line(i, names, notes) for i in history])
            if history else Paragraphs([Line(TO_COMPLETE)]),
        ]),
        Section("6", "Violations alleged", [
            Paragraphs([Line(
                f"On the facts recorded, the detention and prosecution of {name} appear to result from the "
                "exercise of rights guaranteed by the Universal Declaration of Human Rights and the International "
                "Covenant on Civil and Political Rights (category II of the Working Group on Arbitrary Detention). "
                "The submitter should confirm which of the following apply and whether fair-trial guarantees "
                "were violated (category III)."
            )]),
            Bullets([Line(r) for r in rights_alleged(actor, history)] or [Line(TO_COMPLETE)]),
        ]),
        Section("7", "Domestic remedies and steps taken", [Paragraphs([Line(
            "Appeals, complaints and other steps taken in the country, with their dates and outcomes: "
            + TO_COMPLETE)])]),
        Section("8", "Source of the information", [Fields([
            ("Submitted by (name, postal and e-mail address)", Line(TO_COMPLETE)),
            ("Consent of the person concerned or their family", Line(TO_COMPLETE)),
            ("Documents relied on", Line("See the list of sources.", notes=notes.cite_all(history))),
        ])]),
    ]
    return report_for(scope, "un-submission", f"The case of {name}",
                      "Draft submission to the UN Working Group on Arbitrary Detention and special procedures",
                      sections, notes, contents=False)


def duration(detention: Incident | None, release: Incident | None) -> str:
    if detention is None or not detention.date_start:
        return ""
    if release is not None and release.date_start:
        return f"{span_text(detention.date_start, '')} to {span_text(release.date_start, '')}"
    return f"since {span_text(detention.date_start, '')}, no release recorded"

