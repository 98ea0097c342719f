"""What a report may show: the filters, the edition, and the names and sources it may print.

Everything a report prints passes through here. Records outside the edition's
confidentiality levels are never fetched; persons who must not be named are
replaced by a pseudonym wherever their name would appear (summaries, source
titles, recommendations), and footnote numbers are given out only when a shown
record cites a source, so numbering never has gaps that betray a left-out record.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml
from django.db.models import Prefetch, Q

from civicspace.errors import CivicspaceError
from civicspace.report.model import Note, Report, Section
from civicspace.store.models import (
    CONFIDENTIALITY_ORDER,
    Actor,
    Document,
    Incident,
    Law,
    Recommendation,
    Source,
    levels_up_to,
)
from civicspace.vocab import vocab

EDITIONS = ("full", "public")
STATES = ("verified", "extracted", "all")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


@cache
def labels() -> dict[str, Any]:
    """Printed words for codes, loaded once from labels.yaml."""
    text = resources.files(__package__).joinpath("labels.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def label(group: str, code: str) -> str:
    return labels()[group].get(code) or code.replace("_", " ")


@dataclass(frozen=True)
class Scope:
    """The filters of one report and the edition it is written for."""

    edition: str = "full"
    clearance: str = "internal"
    state: str = "verified"
    country: str = ""
    date_from: str = ""
    date_to: str = ""
    areas: tuple[str, ...] = ()
    person: int | None = None
    title: str = ""
    generated: str = field(default_factory=lambda: date.today().isoformat())

    def __post_init__(self) -> None:
        if self.edition not in EDITIONS:
            raise CivicspaceError(f"edition {self.edition!r}: choose one of {', '.join(EDITIONS)}")
        if self.clearance not in CONFIDENTIALITY_ORDER:
            raise CivicspaceError(f"clearance {self.clearance!r}: choose one of {', '.join(CONFIDENTIALITY_ORDER)}")
        if self.state not in STATES:
            raise CivicspaceError(f"state {self.state!r}: choose one of {', '.join(STATES)}")
        for d in (self.date_from, self.date_to):
            if d and not ISO_DATE.match(d):
                raise CivicspaceError(f"date {d!r}: write it as YYYY, YYYY-MM or YYYY-MM-DD")
        for a in self.areas:
            if a not in vocab("areas"):
                raise CivicspaceError(f"area {a!r}: choose from {', '.join(vocab('areas').codes)}")
        if self.country and not re.match(r"^[A-Za-z]{2}$", self.country):
            raise CivicspaceError(f"country {self.country!r}: give a two-letter ISO code")

    @property
    def levels(self) -> list[str]:
        return levels_up_to("public" if self.edition == "public" else self.clearance)

    @property
    def public(self) -> bool:
        return self.edition == "public"

    def shows(self, record: Any) -> bool:
        return record.confidentiality in self.levels and record.review_state != "rejected"

    def describe(self) -> list[str]:
        """The filters in words, for the title page."""
        out = []
        if self.country:
            out.append(f"Country: {country_name(self.country)}")
        if self.date_from or self.date_to:
            out.append(f"Period: {period_text(self.date_from, self.date_to)}")
        if self.areas:
            out.append("Areas: " + ", ".join(label("areas", a) for a in self.areas))
        out.append({"verified": "Verified records only", "extracted": "Records not yet verified",
                    "all": "Verified and unverified records"}[self.state])
        return out


def edition_notice(scope: Scope) -> str:
    if scope.public:
        return "Public edition. Persons who could be endangered by publication are named by a pseudonym."
    return "Full edition for internal use. Not for publication: it may name persons at risk."


def report_for(scope: Scope, kind: str, title: str, subtitle: str, sections: list[Section], notes: Notes,
               contents: bool = True) -> Report:
    """A report of `kind` with the title page this scope calls for."""
    return Report(kind=kind, title=scope.title or title, subtitle=subtitle, edition=scope.edition,
                  generated=scope.generated, scope=scope.describe(), sections=sections, notes=notes.notes,
                  notice=edition_notice(scope), contents=contents)


def country_name(code: str) -> str:
    try:
        from rigour.territories import get_territory

        territory = get_territory(code.lower())
    except Exception:  # rigour's data is optional for printing a name
        territory = None
    return territory.name if territory is not None else code.upper()


def date_bounds(iso: str) -> tuple[str, str]:
    """The first and last day an ISO date of any precision may mean."""
    if len(iso) == 4:
        return f"{iso}-01-01", f"{iso}-12-31"
    if len(iso) == 7:
        return f"{iso}-01", f"{iso}-31"
    return iso, iso


def date_text(iso: str) -> str:
    """"2014-03-12" -> "12 March 2014", keeping the precision the record has."""
    if not iso:
        return ""
    parts = iso.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def span_text(start: str, end: str) -> str:
    if end and end != start:
        return f"{date_text(start)} – {date_text(end)}"
    return date_text(start)


def period_text(start: str, end: str) -> str:
    if start and end:
        return span_text(start, end)
    if start:
        return f"from {date_text(start)}"
    return f"until {date_text(end)}"


def penalty_text(incident: Incident) -> str:
    parts = []
    months = incident.prison_months
    if months:
        if months < 1:
            parts.append(f"{round(months * 30)} days in custody")
        else:
            years, rest = divmod(round(months), 12)
            words = []
            if years:
                words.append(f"{years} year{'s' * (years != 1)}")
            if rest:
                words.append(f"{rest} month{'s' * (rest != 1)}")
            parts.append(" ".join(words) + " in prison")
    if incident.fine_amount:
        amount = f"{incident.fine_amount:,.2f}".removesuffix(".00")
        parts.append(f"{amount} {incident.fine_currency} fine".replace("  ", " "))
    return "; ".join(parts)


def status_text(latest: Incident | None) -> str:
    """Where a prosecution stands, from the latest step recorded in it."""
    if latest is None:
        return ""
    if latest.type == "conviction":
        return "convicted, imprisoned" if latest.prison_months else "convicted, non-custodial sentence"
    return label("prisoner_status", latest.type) if latest.type in labels()["prisoner_status"] else ""


def law_text(law: Law) -> str:
    return f"Article {law.article} of the {law.instrument}" if law.article else law.instrument


def in_period(incident: Incident, scope: Scope) -> bool:
    if not (scope.date_from or scope.date_to):
        return True
    if not incident.date_start:
        return False
    lo = date_bounds(incident.date_start)[0]
    hi = date_bounds(incident.date_end or incident.date_start)[1]
    if scope.date_from and hi < date_bounds(scope.date_from)[0]:
        return False
    return not (scope.date_to and lo > date_bounds(scope.date_to)[1])


def date_key(incident: Incident) -> tuple[int, str]:
    """Dated incidents first, in date order; undated ones last."""
    return (0, incident.date_start) if incident.date_start else (1, "")


def shown_incidents(scope: Scope) -> list[Incident]:
    """The incidents the report is about, with everything rendering needs fetched at once."""
    qs = Incident.objects.filter(confidentiality__in=scope.levels).in_state(scope.state)
    if scope.areas:
        qs = qs.filter(area__in=scope.areas)
    if scope.person:
        qs = qs.filter(victims=scope.person)
    if scope.country:
        cc = scope.country.upper()
        qs = qs.filter(Q(country=cc) | Q(country="", victims__country=cc)).distinct()
    qs = qs.prefetch_related(
        "victims", "perpetrators", "laws",
        Prefetch("sources", queryset=Source.objects.select_related("document").order_by("document_id", "id")),
        Prefetch("evidence__document", queryset=Document.objects.defer("text", "metadata")),
    ).order_by("date_start", "id")
    return [i for i in qs if in_period(i, scope)]


def shown_recommendations(scope: Scope) -> list[Recommendation]:
    """Recommendations of the chosen areas, from documents about the chosen country and period."""
    qs = Recommendation.objects.filter(confidentiality__in=scope.levels).in_state(scope.state)
    if scope.areas:
        qs = qs.filter(area__in=[*scope.areas, "general", ""])
    if scope.country:
        about = Document.objects.filter(
            Q(evidence__incident__country=scope.country.upper())
            | Q(evidence__actor__country=scope.country.upper())
        )
        qs = qs.filter(Q(evidence__document__in=about) | Q(sources__document__in=about)).distinct()
    qs = qs.prefetch_related(
        Prefetch("sources", queryset=Source.objects.select_related("document").order_by("document_id", "id")),
        Prefetch("evidence__document", queryset=Document.objects.defer("text", "metadata")),
    ).order_by("id")
    out = []
    for rec in qs:
        published = [e.document.published for e in rec.evidence.all() if e.document.published]
        if published and (scope.date_from or scope.date_to):
            year = published[0][:4]
            if (scope.date_from and year < scope.date_from[:4]) or (scope.date_to and year > scope.date_to[:4]):
                continue
        out.append(rec)
    return out


def pseudonym_letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: as many letters as needed."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = string.ascii_uppercase[rest] + out
    return out


class Names:
    """How each actor is named in this report, and the text scrubbed of names it must not print.

    A person at risk (public edition) or an actor above the edition's level is shown by a
    pseudonym: their own, or "Person A", "Person B"... in order of first appearance, so the
    letters never hint at how many were left out.
    """

    def __init__(self, scope: Scope):
        self.scope = scope
        self.given: dict[int, str] = {}
        self.counters = {"person": 0, "organization": 0}
        hidden = Actor.objects.exclude(confidentiality__in=scope.levels) | Actor.objects.filter(review_state="rejected")
        if scope.public:
            hidden = hidden | Actor.objects.filter(at_risk=True)
        self.patterns: list[tuple[str, int]] = []
        hidden_actors = list(hidden.only("id", "kind", "name", "aliases", "pseudonym"))
        self.hidden_ids = {a.id for a in hidden_actors}
        shared = self._shown_words() if hidden_actors else set()
        for actor in hidden_actors:
            for form in self._forms(actor):
                if form.lower() not in shared:
                    self.patterns.append((form, actor.id))
        self.patterns.sort(key=lambda p: -len(p[0]))
        self.by_form = {form.lower(): actor_id for form, actor_id in self.patterns}
        self.regex = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(f) for f, _ in self.patterns) + r")(?!\w)", re.IGNORECASE)
            if self.patterns else None
        )
        self.kinds = {a.id: a.kind for a in hidden_actors}
        self.own = {a.id: a.pseudonym for a in hidden_actors if a.pseudonym}

    def _shown_words(self) -> set[str]:
        """Words of the names that may be printed: a hidden person's surname that is also a
        shown person's is scrubbed only as part of the full name, never on its own."""
        shown = Actor.objects.filter(confidentiality__in=self.scope.levels).exclude(review_state="rejected")
        if self.scope.public:
            shown = shown.exclude(at_risk=True)
        return {w.lower() for name in shown.values_list("name", flat=True) for w in re.split(r"[\s.,]+", name)}

    @staticmethod
    def _forms(actor: Actor) -> Iterable[str]:
        """The full name, its aliases, and (for a person) the surname of each, which is how
        a report's prose often refers to someone again."""
        forms = [actor.name, *(a for a in actor.aliases or [] if isinstance(a, str))]
        yield from (f for f in forms if f.strip())
        if actor.kind == "person":
            for form in forms:
                parts = re.split(r"[\s.,]+", form.strip())
                if len(parts) > 1 and len(parts[-1]) >= 4:
                    yield parts[-1]

    def hidden(self, actor: Actor) -> bool:
        return actor.id in self.hidden_ids

    def pseudonym(self, actor_id: int) -> str:
        if actor_id not in self.given:
            if actor_id in self.own:
                self.given[actor_id] = self.own[actor_id]
            else:
                kind = self.kinds.get(actor_id, "person")
                word = "Person" if kind == "person" else "Organisation"
                self.given[actor_id] = f"{word} {pseudonym_letters(self.counters[kind])}"
                self.counters[kind] += 1
        return self.given[actor_id]

    def name(self, actor: Actor) -> str:
        return self.pseudonym(actor.id) if self.hidden(actor) else actor.name

    def scrub(self, text: str) -> str:
        """`text` with every name that must not be printed replaced by its pseudonym."""
        if not text or self.regex is None:
            return text
        return self.regex.sub(lambda m: self.pseudonym(self.by_form[m.group(1).lower()]), text)

    def leaks(self, text: str) -> bool:
        return bool(text and self.regex is not None and self.regex.search(text))

    def shown_actors(self, actors: Iterable[Actor]) -> list[Actor]:
        """Actors to mention at all: rejected ones are not facts, so they are left out."""
        return [a for a in actors if a.review_state != "rejected"]

    def describe(self, actor: Actor) -> str:
        """An actor's roles or kind in words; nothing for one above the edition's level."""
        if not self.scope.shows(actor):
            return ""
        if actor.kind == "person":
            return ", ".join(r.replace("_", " ") for r in actor.roles or [])
        return label("organization_types", actor.org_type) if actor.org_type else ""


class Notes:
    """The numbered list of sources, built as shown records cite them."""

    def __init__(self, scope: Scope, names: Names):
        self.scope = scope
        self.names = names
        self.numbers: dict[tuple[str, int], int] = {}
        self.notes: list[Note] = []

    def cite(self, record: Any) -> list[int]:
        """Footnote numbers for a record: its cited sources, else the documents of its evidence."""
        keys: list[tuple[str, Any]] = [
            ("source", s) for s in record.sources.all() if self.scope.shows(s) and self.scope.shows(s.document)
        ]
        if not keys:
            docs = {e.document.id: e.document for e in record.evidence.all() if self.scope.shows(e.document)}
            keys = [("document", d) for _, d in sorted(docs.items())]
        return sorted({self._number(kind, obj) for kind, obj in keys})

    def cite_all(self, records: Iterable[Any]) -> list[int]:
        return sorted({n for r in records for n in self.cite(r)})

    def _number(self, kind: str, obj: Any) -> int:
        key = (kind, obj.id)
        if key not in self.numbers:
            number = len(self.notes) + 1
            self.numbers[key] = number
            self.notes.append(self._note(number, kind, obj))
        return self.numbers[key]

    def _url(self, url: str) -> str:
        return "" if self.names.leaks(url.replace("-", " ").replace("_", " ")) else url

    def _note(self, number: int, kind: str, obj: Any) -> Note:
        scrub = self.names.scrub
        if kind == "source":
            return Note(number, scrub(obj.title) or f"Source {obj.number}", self._url(obj.url),
                        scrub(document_text(obj.document)))
        return Note(number, scrub(document_text(obj)), self._url(obj.url))


def document_text(doc: Document) -> str:
    bits = [doc.title or doc.filename or "Untitled document"]
    if doc.publisher:
        bits.append(doc.publisher)
    if doc.published:
        bits.append(date_text(doc.published))
    return ", ".join(bits)
