"""Write what is stored back out: dossiers (one per document, or merged) and CSV tables.

Every export goes through one `Selection` (review state and highest confidentiality
level) and one `Snapshot` of what it allows, so that JSON and CSV cannot disagree
about what leaves the database: a record above the level is absent, and so is every
reference to it and every passage from a document above the level.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db.models import Model, QuerySet

from civicspace import dossier as fmt
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

RECORD_KINDS = {"actor": Actor, "law": Law, "incident": Incident, "recommendation": Recommendation}


@dataclass(frozen=True)
class Selection:
    """Which records an export may contain: `state` is a review state or "all" (never the
    rejected ones), `confidentiality` the highest level included.

    The level is absolute. The state picks the records; the actors, laws and sources that a
    picked incident or recommendation names come along when they are not rejected, because
    a verified conviction without its victim would be no use to anyone."""

    state: str = "all"
    confidentiality: str = "internal"

    def usable(self, model: type[Model]) -> QuerySet:
        """At or below the level and not rejected: what a picked record may refer to."""
        qs = model.objects.filter(confidentiality__in=levels_up_to(self.confidentiality))  # type: ignore[attr-defined]
        return qs.exclude(review_state="rejected")

    def records(self, model: type[Model]) -> QuerySet:
        qs = self.usable(model)
        return qs if self.state == "all" else qs.filter(review_state=self.state)

    def documents(self) -> QuerySet[Document]:
        """Documents are containers: cut by level (and never rejected), not by review state."""
        return (
            Document.objects.filter(confidentiality__in=levels_up_to(self.confidentiality))
            .exclude(review_state="rejected")
            .order_by("pk")
        )


@dataclass
class Snapshot:
    documents: list[Document]
    sources: list[Source]
    actors: list[Actor]
    laws: list[Law]
    incidents: list[Incident]
    recommendations: list[Recommendation]
    evidence: dict[tuple[str, int], list[Evidence]] = field(default_factory=dict)
    canonical: dict[int, int] = field(default_factory=dict)

    def evidence_of(self, kind: str, pk: int) -> list[Evidence]:
        return self.evidence.get((kind, pk), [])

    def actor_ids(self, actors: list[Actor]) -> list[int]:
        """References to actors folded into others point at the survivor; absent ones are dropped."""
        kept = {a.pk for a in self.actors}
        out = [self.canonical.get(a.pk, a.pk) for a in actors]
        return sorted({pk for pk in out if pk in kept})


def _pks(qs: QuerySet) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def _linked(qs: QuerySet, doc_pks: set[int], merged: bool) -> set[int]:
    """Records mentioned in, or quoted from, the given documents; a merged export also keeps
    records that belong to no document at all (typed in by hand)."""
    pks = _pks(qs.filter(documents__in=doc_pks)) | _pks(qs.filter(evidence__document__in=doc_pks))
    if merged:
        pks |= _pks(qs.filter(documents__isnull=True, evidence__isnull=True))
    return pks


def _survivors(selection: Selection) -> tuple[set[int], dict[int, int]]:
    """Usable actors that were not merged away, and where each merged one went."""
    rows: dict[int, int | None] = dict(Actor.objects.values_list("pk", "merged_into"))
    canonical = {}
    for pk in rows:
        target, hops = pk, 0
        while (nxt := rows.get(target)) is not None and hops < 50:
            target, hops = nxt, hops + 1
        if target != pk:
            canonical[pk] = target
    usable = _pks(selection.usable(Actor).filter(merged_into__isnull=True))
    return usable, canonical


def snapshot(selection: Selection, document: Document | None = None) -> Snapshot:
    """What `selection` lets out, for one document or (document=None) for everything."""
    merged = document is None
    docs = [document] if document is not None else list(selection.documents())
    doc_pks = {d.pk for d in docs}

    incident_pks = _linked(selection.records(Incident), doc_pks, merged)
    incidents = list(
        Incident.objects.filter(pk__in=incident_pks).order_by("pk")
        .prefetch_related("victims", "perpetrators", "laws", "sources")
    )
    rec_pks = _linked(selection.records(Recommendation), doc_pks, merged)
    recommendations = list(
        Recommendation.objects.filter(pk__in=rec_pks).order_by("pk").prefetch_related("sources", "statuses")
    )

    usable_actors, canonical = _survivors(selection)
    named = {canonical.get(a.pk, a.pk) for inc in incidents for a in (*inc.victims.all(), *inc.perpetrators.all())}
    actor_pks = {canonical.get(pk, pk) for pk in _linked(selection.records(Actor), doc_pks, merged)}
    actors = list(
        Actor.objects.filter(pk__in=(actor_pks | named) & usable_actors).order_by("pk")
        .prefetch_related("affiliations")
    )
    law_pks = _linked(selection.records(Law), doc_pks, merged)
    law_pks |= {x.pk for inc in incidents for x in inc.laws.all()} & _pks(selection.usable(Law))
    laws = list(Law.objects.filter(pk__in=law_pks).order_by("pk"))
    sources = list(selection.usable(Source).filter(document__in=doc_pks).select_related("document").order_by("pk"))

    snap = Snapshot(docs, sources, actors, laws, incidents, recommendations, canonical=canonical)
    included = {
        "actor": {a.pk for a in actors},
        "law": {x.pk for x in laws},
        "incident": incident_pks,
        "recommendation": rec_pks,
    }
    rows = Evidence.objects.filter(document__in=doc_pks).select_related("document").order_by("pk")
    for ev in rows:
        for kind in RECORD_KINDS:
            owner = getattr(ev, f"{kind}_id")
            if owner is not None and owner in included[kind]:
                snap.evidence.setdefault((kind, owner), []).append(ev)
    return snap


def _text(value: str) -> str | None:
    return value or None


def _number(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def _document_meta(doc: Document) -> dict:
    return {
        "title": _text(doc.title),
        "publisher": _text(doc.publisher),
        "published": _text(doc.published),
        "language": _text(doc.language),
        "url": _text(doc.url),
        "sha256": doc.sha256,
    }


def dossier_of(snap: Snapshot, merged: bool = False) -> fmt.Dossier:
    """The snapshot as a dossier; validated on the way out, so an export is always importable."""
    sources = {s.pk: (f"{s.document.sha256[:12]}#{s.number}" if merged else s.number) for s in snap.sources}
    law_pks = {x.pk for x in snap.laws}

    def evidence(kind: str, pk: int) -> list[dict]:
        return [
            {
                "quote": ev.quote, "start": ev.start, "end": ev.end,
                **({"document": ev.document.sha256} if merged else {}),
                "component": _text(ev.component), "component_version": _text(ev.component_version),
            }
            for ev in snap.evidence_of(kind, pk)
        ]

    def source_ids(rows: list[Source]) -> list[str]:
        return [sources[s.pk] for s in sorted(rows, key=lambda s: s.pk) if s.pk in sources]

    data: dict = {"format": fmt.FORMAT}
    if merged:
        data["documents"] = [_document_meta(doc) for doc in snap.documents]
    else:
        data["document"] = _document_meta(snap.documents[0])
    data["sources"] = [{"id": sources[s.pk], "title": _text(s.title), "url": _text(s.url)} for s in snap.sources]
    data["actors"] = [
        {
            "id": f"a{a.pk}",
            "kind": a.kind,
            "name": a.name,
            "aliases": list(a.aliases),
            "roles": list(a.roles),
            "affiliations": [f"a{pk}" for pk in snap.actor_ids(list(a.affiliations.all())) if pk != a.pk],
            "country": _text(a.country),
            "org_type": _text(a.org_type),
            "at_risk": True if a.at_risk else None,
            "confidentiality": a.confidentiality,
            "evidence": evidence("actor", a.pk),
        }
        for a in snap.actors
    ]
    data["laws"] = [
        {
            "id": f"l{x.pk}",
            "instrument": x.instrument,
            "article": _text(x.article),
            "title": _text(x.title),
            "jurisdiction": _text(x.jurisdiction),
            "evidence": evidence("law", x.pk),
        }
        for x in snap.laws
    ]
    data["incidents"] = [
        {
            "id": f"i{inc.pk}",
            "type": inc.type,
            "date": _date(inc),
            "location": _text(inc.location),
            "victims": [f"a{pk}" for pk in snap.actor_ids(list(inc.victims.all()))],
            "perpetrators": [f"a{pk}" for pk in snap.actor_ids(list(inc.perpetrators.all()))],
            "laws": [f"l{x.pk}" for x in sorted(inc.laws.all(), key=lambda x: x.pk) if x.pk in law_pks],
            "charge": _text(inc.charge),
            "penalty": _penalty(inc),
            "area": _text(inc.area),
            "summary": _text(inc.summary),
            "evidence": evidence("incident", inc.pk),
            "sources": source_ids(list(inc.sources.all())),
            "confidentiality": inc.confidentiality,
        }
        for inc in snap.incidents
    ]
    data["recommendations"] = [
        {
            "id": f"r{r.pk}",
            "text": r.text,
            "area": _text(r.area),
            "addressees": list(r.addressees),
            "evidence": evidence("recommendation", r.pk),
            "sources": source_ids(list(r.sources.all())),
            "confidentiality": r.confidentiality,
        }
        for r in snap.recommendations
    ]
    return fmt.parse(data, "export")


def _date(inc: Incident) -> dict | str | None:
    if inc.date_end:
        return {"start": _text(inc.date_start), "end": inc.date_end}
    return _text(inc.date_start)


def _penalty(inc: Incident) -> dict | None:
    fine = None
    if inc.fine_amount is not None or inc.fine_currency:
        fine = {"amount": _number(float(inc.fine_amount)) if inc.fine_amount is not None else None,
                "currency": _text(inc.fine_currency)}
    if inc.prison_months is None and fine is None:
        return None
    return {"prison_months": _number(inc.prison_months), "fine": fine}


def write_json(out_dir: str | Path, selection: Selection) -> list[Path]:
    """One dossier per visible document, named <sha256>.json."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in selection.documents():
        path = out / f"{doc.sha256}.json"
        _write(path, dossier_of(snapshot(selection, doc)).to_json())
        written.append(path)
    return written


def write_merged(path: str | Path, selection: Selection) -> Path:
    """Everything in one dossier, each passage naming its document."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, dossier_of(snapshot(selection), merged=True).to_json())
    return path


def _write(path: Path, text: str) -> None:
    """Written beside and renamed, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _joined(values: list) -> str:
    return "; ".join(str(v) for v in values)


def tables(snap: Snapshot) -> dict[str, tuple[list[str], list[list]]]:
    """One table per record kind: (header, rows), with references as the ids of the other tables."""
    law_pks = {x.pk for x in snap.laws}
    source_pks = {s.pk for s in snap.sources}
    common = ["review_state", "confidentiality"]
    out: dict[str, tuple[list[str], list[list]]] = {}
    out["documents"] = (
        ["id", "sha256", "title", "publisher", "published", "language", "url", "filename", "media_type", "size", *common],
        [[d.pk, d.sha256, d.title, d.publisher, d.published, d.language, d.url, d.filename, d.media_type, d.size,
          d.review_state, d.confidentiality] for d in snap.documents],
    )
    out["sources"] = (
        ["id", "document", "number", "title", "url", *common],
        [[s.pk, s.document.sha256, s.number, s.title, s.url, s.review_state, s.confidentiality] for s in snap.sources],
    )
    out["actors"] = (
        ["id", "kind", "name", "aliases", "roles", "org_type", "country", "at_risk", "affiliations", *common],
        [[a.pk, a.kind, a.name, _joined(a.aliases), _joined(a.roles), a.org_type, a.country, a.at_risk,
          _joined([pk for pk in snap.actor_ids(list(a.affiliations.all())) if pk != a.pk]),
          a.review_state, a.confidentiality] for a in snap.actors],
    )
    out["laws"] = (
        ["id", "instrument", "article", "title", "jurisdiction", *common],
        [[x.pk, x.instrument, x.article, x.title, x.jurisdiction, x.review_state, x.confidentiality] for x in snap.laws],
    )
    out["incidents"] = (
        ["id", "type", "date_start", "date_end", "location", "country", "charge", "prison_months", "fine_amount",
         "fine_currency", "area", "summary", "victims", "perpetrators", "laws", "sources", *common],
        [[i.pk, i.type, i.date_start, i.date_end, i.location, i.country, i.charge, _number(i.prison_months),
          "" if i.fine_amount is None else _number(float(i.fine_amount)), i.fine_currency, i.area, i.summary,
          _joined(snap.actor_ids(list(i.victims.all()))), _joined(snap.actor_ids(list(i.perpetrators.all()))),
          _joined(sorted(x.pk for x in i.laws.all() if x.pk in law_pks)),
          _joined(sorted(s.pk for s in i.sources.all() if s.pk in source_pks)),
          i.review_state, i.confidentiality] for i in snap.incidents],
    )
    out["recommendations"] = (
        ["id", "text", "area", "addressees", "status", "sources", *common],
        [[r.pk, r.text, r.area, _joined(r.addressees), _status(r),
          _joined(sorted(s.pk for s in r.sources.all() if s.pk in source_pks)),
          r.review_state, r.confidentiality] for r in snap.recommendations],
    )
    evidence_rows = [
        [ev.pk, ev.document.sha256, kind, pk, ev.start, ev.end, ev.quote, ev.component, ev.component_version]
        for (kind, pk), rows in sorted(snap.evidence.items())
        for ev in rows
    ]
    out["evidence"] = (
        ["id", "document", "record_kind", "record_id", "start", "end", "quote", "component", "component_version"],
        evidence_rows,
    )
    return out


def _status(r: Recommendation) -> str:
    statuses = sorted(r.statuses.all(), key=lambda s: (s.date, s.pk))
    return statuses[-1].status if statuses else "made"


def write_csv(out_dir: str | Path, selection: Selection) -> list[Path]:
    """One CSV per record kind (UTF-8, header row), for spreadsheets and other databases."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in tables(snapshot(selection)).items():
        path = out / f"{name}.csv"
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)
        tmp.replace(path)
        written.append(path)
    return written
