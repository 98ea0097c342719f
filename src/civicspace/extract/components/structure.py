"""Sections, blocks and regions (recommendations, bibliography) of the read text.

The reader's blocks are used when it gives them; plain text without blocks gets a
light line-based split so that the rest of the pipeline always sees the same shape.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from civicspace.extract.country import document_country
from civicspace.extract.pipeline import ExtractionDoc, Section, Unit, component, patterns
from civicspace.read.document import Block

NUMBERED_HEADING = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.{1,200})$")
MARKDOWN_HEADING = re.compile(r"^\s*(#{1,6})\s+(\S.*)$")
BULLET = re.compile(r"^(\s*)([-•–—*▪●◦]|\(?[a-z0-9]{1,2}\))\s+")
TOC_LEADER = re.compile(r"\.{4,}|…{2,}|\t\d+\s*$")


def area_of_heading(title: str) -> str | None:
    low = title.lower()
    for rule in patterns("areas.yaml")["headings"]:
        if any(k in low for k in rule["keywords"]):
            return str(rule["area"])
    return None


@cache
def _area_words() -> list[tuple[str, re.Pattern]]:
    """Each area's words, matched at the start of a word ("media" not inside "immediately")."""
    return [(area, re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + ")"))
            for area, words in patterns("areas.yaml")["words"].items()]


def area_of_words(text: str) -> str | None:
    """The area whose words occur most in a passage, for facts outside any telling section."""
    low = text.lower()
    best, best_n = None, 0
    for area, rx in _area_words():
        n = len(rx.findall(low))
        if n > best_n:
            best, best_n = area, n
    return best


def _line_blocks(text: str) -> list[Block]:
    """Blocks from lines: numbered or Markdown headings, bullets, paragraphs."""
    blocks: list[Block] = []
    last_number = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        body = text[start:end]
        if not body.strip():
            continue
        lead = len(body) - len(body.lstrip())
        s = start + lead
        m = MARKDOWN_HEADING.match(body)
        if m:
            blocks.append(Block("heading", m.group(2), s, end, level=len(m.group(1))))
            continue
        m = NUMBERED_HEADING.match(body)
        if m and not TOC_LEADER.search(body) and "http" not in body and len(body.split()) <= 30:
            top = int(m.group(1).split(".")[0])
            if top in (last_number, last_number + 1) and not body.rstrip().endswith(":"):
                last_number = top
                blocks.append(Block("heading", m.group(2), s, end, level=m.group(1).count(".") + 1,
                                    number=m.group(1)))
                continue
        b = BULLET.match(body)
        if b:
            blocks.append(Block("list_item", body[b.end():], s, end, level=1 + len(b.group(1)) // 2))
        else:
            blocks.append(Block("paragraph", body.strip(), s, end))
    return blocks


def _strip(text: str) -> str:
    return re.sub(r"[*_#]+", "", text).strip()


SENTENCE_WORDS = re.compile(r"\b(we|i|is|are|was|were|has|have|had|should|must|will|recommend|recommends|said|calls?|urges?|"
                            r"asks?|demands?)\b", re.I)
HEADING_LIKE = re.compile(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[A-Z])[.)]?\s+[A-Z\d]\S*(?:\s+\S+){0,14}$")


def looks_like_heading(plain: str, said_heading: bool) -> bool:
    """A short numbered title ("IV. Recommendations"), not a numbered paragraph that is a sentence."""
    words = plain.split()
    if said_heading:
        title = re.sub(r"^(?:[IVXLC]{1,6}|\d{1,2}(?:\.\d{1,2})*|[A-Z])[.)]\s+", "", plain)
        sentence_like = (len(words) > 6 and SENTENCE_WORDS.search(title)) or re.search(r"\[\d+\]|[.!?]\s+\S", title) \
            or re.search(r"\w:\s+[a-z].*[.;]$", title)  # "1. To donors: provide core funding ...": an item, not a title
        return len(words) <= 25 and not sentence_like
    if plain.endswith((".", ":", ";", ",")) and not (plain.isupper() and len(words) <= 20):
        return False
    if HEADING_LIKE.match(plain):
        return True
    if 1 <= len(words) <= 6 and plain[0].isupper() and not re.search(r"[.:;,!?@/]|\d", plain):
        return True  # a short line on its own: "Background", "What we ask"
    return plain.isupper() and 1 <= len(words) <= 12 and any(c.isalpha() for c in plain)


@component("structure", "1.1")
def make_structure(settings: dict[str, Any]):
    marks = patterns("areas.yaml")
    rec_marker = re.compile(marks["recommendations_marker"], re.I)
    bib_marker = re.compile(marks["bibliography_marker"], re.I)

    def structure(doc: ExtractionDoc) -> None:
        text = doc.text
        blocks = doc.document.blocks or _line_blocks(text)
        doc.body_end = len(text)
        in_recs = False
        current: int | None = None
        for b in blocks:
            plain = _strip(text[b.start:b.end])
            if bib_marker.match(plain):
                doc.body_end = b.start
                break
            if b.kind != "list_item" and looks_like_heading(plain, b.kind == "heading") and (b.level or 1) <= 2:
                parent = doc.sections[-1].area if doc.sections and (b.level or 1) > 1 else "general"
                area = area_of_heading(plain) or parent  # a subsection without telling words keeps its section's area
                if doc.sections:
                    doc.sections[-1].end = b.start
                doc.sections.append(Section(plain, b.start, len(text), b.number, area))
                doc.sections[-1].untitled = area_of_heading(plain) is None and (b.level or 1) <= 1
                current = len(doc.sections) - 1
                title = re.sub(r"^[\dIVXLC.)\s]+", "", plain).lower()
                in_recs = bool(rec_marker.match(title[:60]))
                if in_recs and len(title.split()) <= 3:
                    doc.sections[-1].by_words = True
                doc.units.append(Unit("heading", b.start, b.end, current, b.level or 1))
                continue
            if rec_marker.match(plain) and len(plain) < 90:
                in_recs = True
                doc.units.append(Unit("marker", b.start, b.end, current))
                continue
            kind = "paragraph" if b.kind == "heading" else b.kind
            doc.units.append(Unit(kind, b.start, b.end, current, b.level or 0, in_recommendations=in_recs))
        doc.country = document_country(text[: doc.body_end])
        if doc.sections:
            doc.sections[-1].end = doc.body_end
        for sec in doc.sections:
            if sec.untitled and not sec.by_words:
                # A headline or a title that names no area: the section's own words tell what it is about.
                sec.area = area_of_words(text[sec.start:sec.end]) or sec.area

    return structure
