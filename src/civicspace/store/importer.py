"""Store a dossier: all of it in one transaction, or nothing.

Everything that can be wrong with the input (format, codes, ids, spans, the
original file, field sizes) is checked before the first write, so that a
rejected import leaves the database exactly as it was and says why in one line.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from civicspace import dossier as fmt
from civicspace.errors import CivicspaceError
from civicspace.resolve.link import find_twin_incident, link_actor, resolve_actor, suggest_merge
from civicspace.store import blobs
from civicspace.store.models import (
    Actor,
    Document,
    Evidence,
    Incident,
    Law,
    Recommendation,
    RecommendationStatus,
    Source,
)
from civicspace.store.planner import refresh_statistics

KINDS = ("sources", "actors", "laws", "incidents", "recommendations")
SINGULAR = {"documents": "document", "sources": "source", "actors": "actor", "laws": "law",
            "incidents": "incident", "recommendations": "recommendation", "evidence": "evidence"}
SOURCE_ID = re.compile(r"^(?P<sha>[0-9a-f]{8,64})#(?P<number>.+)$")


@dataclass
class Original:
    """The file a dossier was made from: its bytes are kept, its text checks the evidence."""

    data: bytes
    text: str
    filename: str = ""
    media_type: str = ""
    metadata: dict = field(default_factory=dict)
    path: str = ""

    @cached_property
    def sha256(self) -> str:
        return blobs.sha256_of(self.data)


@dataclass
class Defaults:
    """What a record gets when the dossier does not say: the import's review state and level."""

    review_state: str = "extracted"
    confidentiality: str = "internal"
    component: str = "import"
    component_version: str = ""


@dataclass
class Outcome:
    source: str
    counts: dict[str, int] = field(default_factory=dict)
    unchanged: bool = False
    documents: list[Document] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.unchanged:
            return f"{self.source}: already stored (same sha256); nothing changed"
        parts = ", ".join(f"{n} {kind if n != 1 else SINGULAR[kind]}" for kind, n in self.counts.items())
        return f"{self.source}: imported {parts}"


def original_of(path: str | Path) -> Original:
    """Read an original file with the project's readers, keeping its exact bytes."""
    from civicspace.read import read_file

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CivicspaceError(f"{path}: {err.strerror or err}") from None
    doc = read_file(path)
    meta = {k: v for k, v in vars(doc.metadata).items() if v is not None and k != "path"}
    return Original(
        data=data,
        text=doc.text,
        filename=path.name,
        media_type=mimetypes.guess_type(path.name)[0] or "",
        metadata=meta,
        path=str(path),
    )


def import_file(
    dossier_path: str | Path,
    document_paths: str | Path | Sequence[str | Path] | None = None,
    defaults: Defaults | None = None,
) -> Outcome:
    """Import a dossier file; `document_paths` are its original files (one, or one per document
    of a merged dossier)."""
    if document_paths is None:
        paths: list[str | Path] = []
    elif isinstance(document_paths, str | Path):
        paths = [document_paths]
    else:
        paths = list(document_paths)
    d = fmt.load(dossier_path)
    return import_dossier(d, source=str(dossier_path), original=[original_of(p) for p in paths], defaults=defaults)


def import_dossier(
    d: fmt.Dossier,
    source: str = "dossier",
    original: Original | Sequence[Original] | None = None,
    defaults: Defaults | None = None,
    original_name: str | None = None,
) -> Outcome:
    """Store `d` (checked against its originals when given) unless its documents are already stored."""
    defaults = defaults or Defaults()
    originals = [original] if isinstance(original, Original) else list(original or [])
    for o in originals:
        o.path = o.path or original_name or o.filename or "document"
    metas = _document_metas(d, source, originals)
    if originals:
        texts: dict[str | None, str] = {o.sha256: o.text for o in originals}
        if d.documents is None:
            texts[None] = originals[0].text
        problems = fmt.span_problems(d, texts)
        if problems:
            raise fmt.DossierError(source, problems)
    problems = size_problems(d)
    if problems:
        raise fmt.DossierError(source, problems)

    shas = [m.sha256 for m in metas if m.sha256]
    stored = set(Document.objects.filter(sha256__in=shas).values_list("sha256", flat=True))
    if stored and stored == set(shas):
        return Outcome(source, unchanged=True)
    if stored:
        raise CivicspaceError(
            f"{source}: documents: {', '.join(sorted(s[:12] for s in stored))} already stored, the others not; "
            "import the documents one by one"
        )
    try:
        with transaction.atomic():
            outcome = _store(d, source, metas, {o.sha256: o for o in originals}, defaults)
            for o in originals:
                blobs.put(o.data)
    except IntegrityError:
        if Document.objects.filter(sha256__in=shas).exists():  # another import of it won the race
            return Outcome(source, unchanged=True)
        raise
    refresh_statistics(connection)
    return outcome


def _document_metas(d: fmt.Dossier, source: str, originals: list[Original]) -> list[fmt.DocumentMeta]:
    """The dossier's documents, each with a sha256 (taken from the original when the dossier has none)."""
    if d.documents is not None:
        metas = list(d.documents)
        missing = [i for i, m in enumerate(metas) if not m.sha256]
        if missing:
            raise CivicspaceError(f"{source}: documents[{missing[0]}].sha256: a merged dossier names each document by sha256")
        for o in originals:
            if o.sha256 not in {m.sha256 for m in metas}:
                raise CivicspaceError(f"{o.path}: sha256 {o.sha256} is none of the documents in {source}")
        return metas
    meta = d.document.model_copy() if d.document is not None else fmt.DocumentMeta()
    if len(originals) > 1:
        raise CivicspaceError(f"{source}: a dossier of one document takes one original, not {len(originals)}")
    for o in originals:
        if meta.sha256 and meta.sha256 != o.sha256:
            raise CivicspaceError(
                f"{o.path}: sha256 {o.sha256} differs from document.sha256 {meta.sha256} in {source}"
            )
        meta.sha256 = o.sha256
    if not meta.sha256:
        raise CivicspaceError(f"{source}: document.sha256: not set; give the original with --document")
    return [meta]


# (dossier kind, dossier field, model, model field): the text fields the database bounds.
SIZED = [
    ("sources", "id", Source, "number"),
    ("sources", "url", Source, "url"),
    ("actors", "name", Actor, "name"),
    ("actors", "country", Actor, "country"),
    ("laws", "instrument", Law, "instrument"),
    ("laws", "article", Law, "article"),
    ("laws", "jurisdiction", Law, "jurisdiction"),
    ("incidents", "location", Incident, "location"),
]
DOCUMENT_SIZED = ["publisher", "language", "url"]


def _limit(model: type[models.Model], name: str) -> int | None:
    return model._meta.get_field(name).max_length  # type: ignore[union-attr]


def size_problems(d: fmt.Dossier) -> list[str]:
    """Values longer than their column: caught here so that every database rejects them alike."""
    problems = []

    def check(path: str, value: object, limit: int | None) -> None:
        if isinstance(value, str) and limit is not None and len(value) > limit:
            problems.append(f"{path}: {len(value)} characters, at most {limit} allowed (got {value[:40]!r})")

    for kind, name, model, column in SIZED:
        for i, rec in enumerate(getattr(d, kind)):
            value = getattr(rec, name)
            if kind == "sources" and name == "id":
                value = _source_number(value)
            check(f"{kind}[{i}].{name}", value, _limit(model, column))
    for i, inc in enumerate(d.incidents):
        fine = inc.penalty.fine if inc.penalty else None
        if fine is not None:
            check(f"incidents[{i}].penalty.fine.currency", fine.currency, _limit(Incident, "fine_currency"))
    metas = [("document", d.document)] if d.document else []
    metas += [(f"documents[{i}]", m) for i, m in enumerate(d.documents or [])]
    for path, meta in metas:
        for name in DOCUMENT_SIZED:
            check(f"{path}.{name}", getattr(meta, name), _limit(Document, name))
    return problems


def _source_number(source_id: str) -> str:
    """A merged export writes source ids as <sha256 prefix>#<number>; the number is what is kept."""
    m = SOURCE_ID.match(source_id)
    return m.group("number") if m else source_id


def _store(
    d: fmt.Dossier, source: str, metas: list[fmt.DocumentMeta], originals: dict[str, Original], defaults: Defaults
) -> Outcome:
    by_sha = {m.sha256: _document_for(m, originals.get(m.sha256 or ""), defaults) for m in metas}
    every = list(by_sha.values())
    single = every[0] if d.documents is None else None

    def docs_of(evidence: list[fmt.Evidence]) -> list[Document]:
        if single is not None:
            return [single]
        return list({id(doc): doc for doc in (by_sha[ev.document] for ev in evidence)}.values())

    record_docs: dict[tuple[str, str], list[Document]] = {}
    for kind in ("incidents", "recommendations", "actors", "laws"):
        for rec in getattr(d, kind):
            record_docs[kind, rec.id] = docs_of(rec.evidence)
    if single is None:
        _infer_documents(d, record_docs, every)

    sources = {}
    for s in d.sources:
        doc = single or _source_document(s.id, d, by_sha, record_docs) or every[0]
        sources[s.id] = Source.objects.create(
            document=doc, number=_source_number(s.id), title=s.title or "", url=s.url or "",
            review_state=defaults.review_state, confidentiality=defaults.confidentiality,
        )
    actors = {a.id: actor_for(a, record_docs["actors", a.id], defaults) for a in d.actors}
    for a in d.actors:
        if a.affiliations:
            actors[a.id].affiliations.add(*(actors[x] for x in a.affiliations))
    laws = {x.id: law_for(x, record_docs["laws", x.id], defaults) for x in d.laws}

    evidence: list[Evidence] = []

    def keep(rec: fmt.Actor | fmt.Law | fmt.Incident | fmt.Recommendation, **owner: models.Model) -> None:
        for ev in rec.evidence:
            evidence.append(Evidence(
                document=single or by_sha[ev.document], start=ev.start, end=ev.end, quote=ev.quote,
                component=ev.component or defaults.component,
                component_version=ev.component_version or defaults.component_version,
                **owner,
            ))

    for a in d.actors:
        keep(a, actor=actors[a.id])
    for x in d.laws:
        keep(x, law=laws[x.id])
    for inc in d.incidents:
        victims = [actors[v] for v in inc.victims]
        twin = find_twin_incident(
            inc.type, victims, inc.date_range.start or "", location=inc.location or "", charge=inc.charge or "",
            summary=inc.summary or "", exclude_documents=every,
        )
        stored = twin or _incident(inc, defaults)  # a twin from another document gains this one's evidence
        stored.victims.add(*victims)
        stored.perpetrators.add(*(actors[p] for p in inc.perpetrators))
        stored.laws.add(*(laws[x] for x in inc.laws))
        stored.sources.add(*(sources[s] for s in inc.sources))
        stored.documents.add(*record_docs["incidents", inc.id])
        keep(inc, incident=stored)
    for r in d.recommendations:
        rec = Recommendation.objects.create(
            text=r.text, area=r.area or "", addressees=list(r.addressees),
            review_state=defaults.review_state, confidentiality=r.confidentiality or defaults.confidentiality,
        )
        rec.sources.set([sources[s] for s in r.sources])
        docs = record_docs["recommendations", r.id]
        rec.documents.set(docs)
        RecommendationStatus.objects.create(
            recommendation=rec, status="made", date=_made_on(docs[0] if docs else None),
            note=f"made in {docs[0]}" if docs else "",
        )
        keep(r, recommendation=rec)
    Evidence.objects.bulk_create(evidence)

    counts = {"documents": len(every), **{k: len(getattr(d, k)) for k in KINDS}, "evidence": len(evidence)}
    return Outcome(source, counts=counts, documents=every)


def _infer_documents(
    d: fmt.Dossier, record_docs: dict[tuple[str, str], list[Document]], every: list[Document]
) -> None:
    """In a merged dossier, actors and laws often carry no evidence: they belong to the documents
    of the incidents that name them or of their members, else to the originals whose text names
    them, else (for want of anything better) to all of them."""
    for inc in d.incidents:
        docs = record_docs["incidents", inc.id]
        for actor_id in (*inc.victims, *inc.perpetrators):
            _extend(record_docs["actors", actor_id], docs)
        for law_id in inc.laws:
            _extend(record_docs["laws", law_id], docs)
    for a in d.actors:
        for org in a.affiliations:
            if not record_docs["actors", org]:
                _extend(record_docs["actors", org], record_docs["actors", a.id])
    read = [doc for doc in every if doc.text]
    for a in d.actors:
        _extend(record_docs["actors", a.id], [] if record_docs["actors", a.id] else _naming(read, a.name, *a.aliases))
    for x in d.laws:
        _extend(record_docs["laws", x.id], [] if record_docs["laws", x.id] else _naming(read, x.instrument))
    for docs in record_docs.values():
        if not docs:
            _extend(docs, every)


def _naming(documents: list[Document], *names: str) -> list[Document]:
    """The documents whose text names the record, ignoring case and line breaks."""
    wanted = [" ".join(n.split()).casefold() for n in names if n.strip()]
    return [doc for doc in documents if any(w in " ".join(doc.text.split()).casefold() for w in wanted)]


def _extend(docs: list[Document], more: list[Document]) -> None:
    for doc in more:
        if all(doc is not x for x in docs):
            docs.append(doc)


def _source_document(
    source_id: str, d: fmt.Dossier, by_sha: dict[str | None, Document],
    record_docs: dict[tuple[str, str], list[Document]],
) -> Document | None:
    m = SOURCE_ID.match(source_id)
    if m:
        for sha, doc in by_sha.items():
            if sha and sha.startswith(m.group("sha")):
                return doc
    for kind in ("incidents", "recommendations"):
        for rec in getattr(d, kind):
            if source_id in rec.sources and record_docs[kind, rec.id]:
                return record_docs[kind, rec.id][0]
    return None


def _document_for(meta: fmt.DocumentMeta, kept: Original | None, defaults: Defaults) -> Document:
    return Document.objects.create(
        sha256=meta.sha256 or "",
        title=meta.title or "",
        publisher=meta.publisher or "",
        published=meta.published or "",
        language=meta.language or "",
        url=meta.url or "",
        filename=kept.filename if kept else "",
        media_type=kept.media_type if kept else "",
        size=len(kept.data) if kept else 0,
        text=kept.text if kept else "",
        metadata=kept.metadata if kept else {},
        review_state=defaults.review_state,
        confidentiality=defaults.confidentiality,
    )


def actor_for(data: fmt.Actor, documents: list[Document], defaults: Defaults) -> Actor:
    """The stored actor for a dossier actor: the one place that decides between a new record
    and an existing one (civicspace.resolve: link, new, or new with a merge suggestion)."""
    verdict, found, score = resolve_actor(data.model_dump(), kind=data.kind, documents=documents)
    if verdict == "merge" and found is not None:
        linked = link_actor(found, data.model_dump())
        linked.documents.add(*documents)
        return linked
    actor = Actor.objects.create(
        kind=data.kind,
        name=data.name,
        aliases=list(data.aliases),
        roles=list(data.roles),
        org_type=data.org_type or "",
        country=data.country or "",
        at_risk=bool(data.at_risk),
        review_state=defaults.review_state,
        confidentiality=data.confidentiality or defaults.confidentiality,
    )
    actor.documents.add(*documents)
    if verdict == "review" and found is not None:
        suggest_merge(found, actor, score)
    return actor


def law_for(data: fmt.Law, documents: list[Document], defaults: Defaults) -> Law:
    """One stored law per instrument, article and jurisdiction, whichever document cites it."""
    law, _ = Law.objects.get_or_create(
        instrument=data.instrument,
        article=data.article or "",
        jurisdiction=data.jurisdiction or "",
        defaults={
            "title": data.title or "",
            "review_state": defaults.review_state,
            "confidentiality": defaults.confidentiality,
        },
    )
    law.documents.add(*documents)
    return law


def _incident(inc: fmt.Incident, defaults: Defaults) -> Incident:
    dates = inc.date_range
    penalty = inc.penalty or fmt.Penalty()
    fine = penalty.fine or fmt.Fine()
    return Incident.objects.create(
        type=inc.type,
        date_start=dates.start or "",
        date_end=dates.end or "",
        location=inc.location or "",
        charge=inc.charge or "",
        prison_months=penalty.prison_months,
        fine_amount=Decimal(str(fine.amount)) if fine.amount is not None else None,
        fine_currency=fine.currency or "",
        area=inc.area or "",
        summary=inc.summary or "",
        review_state=defaults.review_state,
        confidentiality=inc.confidentiality or defaults.confidentiality,
    )


def _made_on(document: Document | None) -> dt.date:
    """When a recommendation was made: its document's publication date, as precise as known."""
    published = document.published if document else ""
    parts = [int(p) for p in published.split("-")] if published else []
    if parts:
        return dt.date(parts[0], *(parts[1:] + [1, 1])[:2])
    return timezone.now().date()
