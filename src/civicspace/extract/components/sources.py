"""Sources: the document's bibliography and the footnote numbers each passage cites.

The reader's footnotes and sources are used when it gives them; otherwise "[12]"
markers and a numbered list after the bibliography heading are read here.
"""

from __future__ import annotations

import re
from typing import Any

from civicspace.extract.pipeline import ExtractionDoc, component

MARKER = re.compile(r"\[\\?\[?(\d{1,3})\\?\]?\](?:\(#[^)]*\))?")
ENTRY = re.compile(r"^\s*(\d{1,3})\.\s+(.+?)\s*$", re.M)
URL = re.compile(r"<?(https?://[^\s>]+)>?")


@component("sources", "1.0")
def make_sources(settings: dict[str, Any]):
    def sources(doc: ExtractionDoc) -> None:
        read = doc.document
        if read.sources:
            doc.sources = [{"id": s.id, "title": s.title, "url": s.url} for s in read.sources]
        else:
            for m in ENTRY.finditer(doc.text, doc.body_end):
                url = URL.search(m.group(2))
                title = m.group(2)[: url.start()] if url else m.group(2)
                title = re.sub(r"\s*[-–]\s*$", "", title).strip()
                if " / " in title:
                    title = title.split(" / ", 1)[1]
                doc.sources.append({"id": m.group(1), "title": title.rstrip(". ") or None,
                                    "url": url.group(1) if url else None})
        ids = {s["id"] for s in doc.sources}
        if read.footnotes:
            doc.citations = sorted((f.start, f.end, f.source) for f in read.footnotes if f.source in ids)
        else:
            doc.citations = [(m.start(), m.end(), m.group(1)) for m in MARKER.finditer(doc.text, 0, doc.body_end)
                             if m.group(1) in ids]

    return sources
