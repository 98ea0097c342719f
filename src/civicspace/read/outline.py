"""Headings, list items and paragraphs recognised from the shape of lines of text.

Plain text has no markup, so the outline comes from conventions reports follow:
Markdown `#` headings, numbered section lines ("2.3 Title", "1. INTRODUCTION"),
short ALL-CAPS lines, and list markers. PDF and DOCX readers use the same rules
for lines their layout does not settle, so one document gives one outline in
every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civicspace.read.document import Block

MARKDOWN_HEADING = re.compile(r"[ \t]{0,3}(?P<hashes>#{1,6})[ \t]+(?P<title>.*)$")
NUMBERED_HEADING = re.compile(
    r"[ \t]{0,3}(?:(?:section|chapter|part)[ \t]+)?(?P<number>\d{1,2}(?:\.\d{1,2}){0,3})(?P<dot>\.?)[ \t]+(?P<title>\S.*)$",
    re.IGNORECASE,
)
LIST_ITEM = re.compile(
    r"(?P<indent>[ \t]*)(?P<marker>[-*+•–—·▪◦‣●○■□►➢✓]|(?P<num>\d{1,3})[.)]|\((?P<paren>\d{1,3}|[a-z])\)|(?P<letter>[a-z])\)|\[(?P<bracket>\d{1,4})\])[ \t\u00a0\u2002\u2003]+(?=\S)"
)
TOC_ENTRY = re.compile(r"(?:\.{3,}|…+|\t)[ \t.]*\d{1,4}[ \t]*$")
CONTENTS_LABEL = re.compile(r"[*_# ]*(table of )?contents[*_: ]*$", re.IGNORECASE)
SOURCES_HEADING = re.compile(
    r"(list of |selected )?(sources|references|bibliography|footnotes|endnotes|notes|works cited|citations)"
    r"( and notes)?$",
    re.IGNORECASE,
)
MAX_HEADING_CHARS = 160


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" \t"))


def lines_of(text: str) -> list[Line]:
    """Lines split at "\n" (a "\r" before it is left out of the line, not out of the offsets)."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        body = raw[:-1] if raw.endswith("\r") else raw
        out.append(Line(pos, pos + len(body), body))
        pos += len(raw) + 1
    return out


def groups_of(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines: the paragraphs of plain text."""
    groups: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.text.strip():
            current.append(line)
        elif current:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def plain(text: str) -> str:
    """A title without Markdown emphasis or trailing colon, for comparing and display."""
    return " ".join(text.split()).strip("*_ ").rstrip(":").strip("*_ ")


def is_caps(text: str) -> bool:
    return text == text.upper() and sum(c.isalpha() for c in text[:40]) >= 3 and text != text.lower()


def numbered_heading(text: str) -> tuple[str, str, int] | None:
    """(number, title, offset of title) if the line reads as a numbered section title."""
    if len(text) > MAX_HEADING_CHARS + 24:
        return None
    m = NUMBERED_HEADING.match(text)
    if not m:
        return None
    number, title = m["number"], m["title"].rstrip()
    if "." not in number and not m["dot"]:
        return None
    core = plain(title)
    if not core or not (core[0].isupper() or core[0].isdigit()) or len(core) > MAX_HEADING_CHARS:
        return None
    if (
        title.rstrip().endswith((":", ";", ","))
        or TOC_ENTRY.search(text)
        or "://" in title
        or "www." in title
    ):
        return None
    if core[-1] == "." and not is_caps(core) and len(core.split()) < 3:
        return None
    return number, title, m.start("title")


def is_sources_heading(text: str) -> bool:
    if len(text) > 60:
        return False
    return bool(SOURCES_HEADING.match(plain(text)))


def caps_heading(text: str) -> bool:
    if len(text) > MAX_HEADING_CHARS + 8:
        return False
    core = plain(text)
    return is_caps(core) and len(core) <= MAX_HEADING_CHARS and not LIST_ITEM.match(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n":
        start += 1
    while end > start and text[end - 1] in " \t\r\n":
        end -= 1
    return start, end


def _block(text: str, kind, start: int, end: int, level=None, number=None) -> Block | None:
    start, end = _trim(text, start, end)
    if start >= end:
        return None
    return Block(kind=kind, text=text[start:end], start=start, end=end, level=level, number=number)


def _list_number(m: re.Match) -> str | None:
    return m["num"] or m["paren"] or m["letter"] or m["bracket"]


def _single_numbered(group: list[Line] | None) -> int | None:
    if not group or len(group) != 1:
        return None
    m = NUMBERED_HEADING.match(group[0].text) if len(group[0].text) <= MAX_HEADING_CHARS + 24 else None
    if m and "." not in m["number"]:
        return int(m["number"])
    return None


class ListDepths:
    """Nesting depth of list items from their indentation, relative to the list's own margin."""

    def __init__(self) -> None:
        self.indents: list[int] = []

    def reset(self) -> None:
        self.indents = []

    def depth(self, indent: int) -> int:
        while self.indents and indent < self.indents[-1]:
            self.indents.pop()
        if not self.indents or indent > self.indents[-1]:
            self.indents.append(indent)
        return len(self.indents)


def text_blocks(text: str) -> list[Block]:
    """The outline of plain text or Markdown, every block a span of `text` itself."""
    groups = groups_of(lines_of(text))
    blocks: list[Block] = []
    depths = ListDepths()
    in_contents = False
    for gi, group in enumerate(groups):
        first = group[0].text
        if len(group) == 1 and CONTENTS_LABEL.match(first):
            in_contents = True
        elif in_contents and not all(TOC_ENTRY.search(line.text) for line in group):
            in_contents = False
        heading = _group_heading(text, groups, gi)
        if heading is not None:
            blocks.append(heading)
            depths.reset()
            continue
        current: list = []  # the block being read: [kind, start, end, level, number]
        for line in group:
            md = MARKDOWN_HEADING.match(line.text)
            item = LIST_ITEM.match(line.text)
            if md:
                _flush(text, current, blocks)
                title_start = line.start + md.start("title")
                title_end = line.start + len(md.group(0).rstrip(" \t#"))
                block = _block(text, "heading", title_start, max(title_start, title_end), len(md["hashes"]))
                if block is not None:
                    numbered = numbered_heading(block.text)
                    if numbered:
                        block.number = numbered[0]
                        block.start += numbered[2]
                        block.text = text[block.start : block.end]
                    blocks.append(block)
                depths.reset()
            elif item or (in_contents and TOC_ENTRY.search(line.text)):
                _flush(text, current, blocks)
                if item:
                    depth = depths.depth(len(item["indent"].expandtabs(4)))
                    number = _list_number(item)
                    depth = _continued_depth(blocks, number) or depth
                    current[:] = ["list_item", line.start + item.end(), line.end, depth, number]
                else:
                    entry = NUMBERED_HEADING.match(line.text)
                    number = entry["number"] if entry else None
                    offset = entry.start("title") if entry else 0
                    current[:] = ["list_item", line.start + offset, line.end, 1, number]
            elif current:
                current[2] = line.end
            else:
                if line.indent == 0:
                    depths.reset()
                current[:] = ["paragraph", line.start, line.end, None, None]
        _flush(text, current, blocks)
    return blocks


def _continued_depth(blocks: list[Block], number: str | None) -> int | None:
    """The depth of item n-1 when this is item n: numbering tells nesting better than a stray space."""
    if not number or not number.isdigit():
        return None
    for block in reversed(blocks[-50:]):
        if block.kind != "list_item":
            return None
        if block.number and block.number.isdigit():
            return block.level if int(block.number) == int(number) - 1 else None
    return None


def _flush(text: str, current: list, blocks: list[Block]) -> None:
    if current:
        block = _block(text, current[0], current[1], current[2], current[3], current[4])
        if block is not None:
            blocks.append(block)
        current.clear()


def _group_heading(text: str, groups: list[list[Line]], gi: int) -> Block | None:
    """A whole group that is one heading: a numbered title line or an ALL-CAPS title."""
    group = groups[gi]
    start, end = group[0].start, group[-1].end
    if len(group) == 1:
        line = group[0]
        numbered = numbered_heading(line.text)
        if numbered and not MARKDOWN_HEADING.match(line.text):
            number, _title, offset = numbered
            if "." not in number:
                n = int(number)
                if (
                    _single_numbered(groups[gi - 1] if gi else None) == n - 1
                    or _single_numbered(groups[gi + 1] if gi + 1 < len(groups) else None) == n + 1
                ):
                    return None
            return _block(text, "heading", line.start + offset, line.end, number.count(".") + 1, number)
    if len(group) == 1 and is_sources_heading(group[0].text) and not LIST_ITEM.match(group[0].text):
        return _block(text, "heading", start, end, 1, None)
    if len(group) <= 4 and all(caps_heading(line.text) for line in group):
        if not any(numbered_heading(line.text) for line in group[1:]):
            return _block(text, "heading", start, end, 1, None)
    return None


@dataclass
class Part:
    """A block a layout reader found, before its text is laid out."""

    kind: str
    text: str
    level: int | None = None
    number: str | None = None
    bullet: str | None = None


def built_text(parts: list[Part]) -> tuple[str, list[Block]]:
    """Lay out parts as clean text (blocks apart by blank lines, list items by one line break).

    Headings are written with their number and numbered list items with theirs, so the
    text reads as the document did; each block's span covers its content only.
    """
    chunks: list[str] = []
    blocks: list[Block] = []
    pos = 0
    previous: Part | None = None
    for part in parts:
        content = " ".join(part.text.split()) if part.kind != "paragraph" else part.text.strip()
        if not content:
            continue
        if previous is not None:
            sep = "\n" if part.kind == "list_item" and previous.kind == "list_item" else "\n\n"
            chunks.append(sep)
            pos += len(sep)
        if part.kind == "heading":
            prefix = f"{part.number}{'' if '.' in part.number else '.'} " if part.number else ""
        elif part.kind == "list_item":
            marker = f"{part.number}." if part.number else (part.bullet or "•")
            prefix = "  " * ((part.level or 1) - 1) + marker + " "
        else:
            prefix = ""
        chunks.append(prefix + content)
        start = pos + len(prefix)
        pos = start + len(content)
        blocks.append(Block(part.kind, content, start, pos, part.level, part.number))  # type: ignore[arg-type]
        previous = part
    return "".join(chunks), blocks


def heading_part(text: str, level: int | None = None) -> Part:
    """A heading whose number, if any, is split off its title."""
    text = " ".join(text.split())
    numbered = numbered_heading(text)
    if numbered:
        number, title, _offset = numbered
        return Part("heading", title, level or number.count(".") + 1, number)
    return Part("heading", text, level or 1)
