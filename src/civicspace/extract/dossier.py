"""From an ExtractionDoc to a validated civicspace-dossier/1."""

from __future__ import annotations

from typing import Any

from civicspace.dossier import Dossier, parse
from civicspace.extract.pipeline import ExtractionDoc

ACTOR_FIELDS = ("id", "kind", "name", "aliases", "roles", "affiliations", "country", "org_type", "evidence")
LAW_FIELDS = ("id", "instrument", "article", "title", "jurisdiction", "evidence")


def _public(record: dict, fields: tuple[str, ...]) -> dict:
    return {f: record.get(f) for f in fields if f in record}


def dossier_data(doc: ExtractionDoc) -> dict[str, Any]:
    """The dossier as JSON data; records keep only the format's fields."""
    meta = doc.document.metadata
    actors = []
    for a in doc.actors:
        rec = _public(a, ACTOR_FIELDS)
        if a["kind"] == "person":
            rec.pop("org_type", None)
            rec.setdefault("roles", [])
        actors.append(rec)
    return {
        "format": "civicspace-dossier/1",
        "document": {
            "title": meta.title,
            "publisher": meta.publisher,
            "published": meta.published,
            "language": meta.language or doc.settings.get("language"),
            "url": meta.url,
            "sha256": meta.sha256,
        },
        "sources": doc.sources,
        "actors": actors,
        "laws": [_public(law, LAW_FIELDS) for law in doc.laws],
        "incidents": doc.incidents,
        "recommendations": doc.recommendations,
    }


def to_dossier(doc: ExtractionDoc, source: str = "extraction") -> Dossier:
    return parse(dossier_data(doc), source)
