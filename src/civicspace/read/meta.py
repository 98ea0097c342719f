"""What a document says about itself: title, publisher, date and language."""

from __future__ import annotations

import re

import py3langid

from civicspace.read.document import Block, Metadata
from civicspace.read.outline import plain

MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>(?:19|20)\d{2})\b")
ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?\b")
WORD_DATE = re.compile(
    r"\b(?:(?P<d>\d{1,2})\s+)?(?P<month>" + "|".join(MONTHS) + r"),?\s+(?P<y>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(
    r"(?:copyright|©|\(c\)|published by)[:\s©]*(?:by\s+)?(?:the\s+)?(?P<who>[^,\n.]{3,80}?)(?:,|\.|\n|\s+(?:19|20)\d{2})",
    re.IGNORECASE,
)
LABEL = re.compile(r"^[A-Za-z]+:\s+")
SAMPLE_CHARS = 6000
WORD = re.compile(r"[^\W\d_]{2,}")
HEAD_CHARS = 6000


def language_of(text: str) -> str | None:
    sample = text[:SAMPLE_CHARS]
    if len(WORD.findall(sample[:2000])) < 3:
        return None
    lang, _score = py3langid.classify(sample)
    return str(lang)


def published_of(text: str) -> str | None:
    """The first date near the top of the document, as precise as it is written."""
    head = text[:HEAD_CHARS]
    found: list[tuple[int, str]] = []
    for m in NUMERIC_DATE.finditer(head):
        if 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31:
            found.append((m.start(), f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"))
    for m in ISO_DATE.finditer(head):
        if 1 <= int(m["m"]) <= 12:
            found.append((m.start(), m.group(0)))
    for m in COPYRIGHT.finditer(head):
        w = WORD_DATE.search(head, m.start(), m.start() + 200)
        if w:
            found.append((-1, _word_date(w)))
    for m in WORD_DATE.finditer(head[:1500]):
        found.append((m.start(), _word_date(m)))
    return min(found)[1] if found else None


def _word_date(m: re.Match) -> str:
    month = MONTHS[m["month"].lower()]
    if m["d"] and 1 <= int(m["d"]) <= 31:
        return f"{m['y']}-{month:02d}-{int(m['d']):02d}"
    return f"{m['y']}-{month:02d}"


def publisher_of(text: str) -> str | None:
    m = COPYRIGHT.search(text[:HEAD_CHARS])
    return m["who"].strip() if m else None


def title_of(blocks: list[Block]) -> str | None:
    """The first unnumbered heading, else the first short line before any section."""
    for block in blocks[:8]:
        if block.kind == "heading" and block.number:
            break
        if block.kind == "heading" or (block.kind == "paragraph" and _title_like(block.text)):
            title = LABEL.sub("", plain(block.text)) or plain(block.text)
            return title or None
    return None


def _title_like(text: str) -> bool:
    core = plain(text)
    return 0 < len(core.split()) <= 15 and core[-1] not in ".:;,!?" and not any(c.isdigit() for c in core[:1])


def metadata_of(text: str, blocks: list[Block], base: Metadata) -> Metadata:
    base.title = base.title or title_of(blocks)
    base.published = base.published or published_of(text)
    base.publisher = base.publisher or publisher_of(text)
    base.language = base.language or language_of(text)
    return base
