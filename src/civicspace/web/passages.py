"""The passages behind a record, cut from their documents' text with the quote marked.

Only evidence in documents the user may see is shown: a passage would otherwise
reveal a restricted document's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from civicspace.store import access
from civicspace.store.models import Document

CONTEXT = 280


@dataclass
class Passage:
    id: int
    document: Any
    before: str
    quote: str
    after: str
    component: str
    start: int
    end: int


def passages_of(evidence: Any, user: Any) -> list[Passage]:
    """`evidence` is a record's Evidence queryset; the text around each quote, from the stored text."""
    rows = (
        evidence.filter(document__in=access.visible(Document.objects.all(), user).values("id"))
        .select_related("document").order_by("document_id", "start")
    )
    out = []
    for ev in rows:
        text = ev.document.text
        quote = text[ev.start:ev.end] if 0 <= ev.start <= ev.end <= len(text) else ev.quote
        lead = max(0, ev.start - CONTEXT)
        out.append(Passage(
            id=ev.id,
            document=ev.document,
            before=("…" if lead else "") + text[lead:ev.start],
            quote=quote,
            after=text[ev.end:ev.end + CONTEXT] + ("…" if ev.end + CONTEXT < len(text) else ""),
            component=f"{ev.component} {ev.component_version}".strip(),
            start=ev.start,
            end=ev.end,
        ))
    return out


@dataclass
class Segment:
    text: str
    evidence_id: int | None = None
    current: bool = False


def marked_text(text: str, spans: list[tuple[int, int, int]], current: int | None) -> list[Segment]:
    """`text` cut into plain and marked segments; `spans` are (start, end, evidence id).
    Overlapping spans are joined into one mark, keeping the first id (or the current one)."""
    merged: list[list[int]] = []
    for start, end, ev_id in sorted(spans):
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if ev_id == current:
                last[2] = ev_id
        else:
            merged.append([start, end, ev_id])
    out, pos = [], 0
    for start, end, ev_id in merged:
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], ev_id, ev_id == current))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out
