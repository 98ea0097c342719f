"""PDF: lines rebuilt from character positions, then paragraphs, headings and lists.

pdfium (pypdfium2, the engine pdfplumber itself ships) is used for characters,
their baselines and font sizes: pdfplumber's pdfminer layout ran at about six
pages a second here, pdfium at well over a hundred. Running headers and footers
are the lines that repeat at the top or bottom of most pages; superscript numbers
become "[N]" markers; a word hyphenated across a line break is joined.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from civicspace.errors import CivicspaceError
from civicspace.read.document import Document, Metadata
from civicspace.read.outline import (
    LIST_ITEM,
    MAX_HEADING_CHARS,
    ListDepths,
    Part,
    built_text,
    heading_part,
    numbered_heading,
)
from civicspace.read.sources import is_sources_heading

PAGE_NUMBER = re.compile(
    r"(page|p\.|стр\.?)?\s*[-–]?\s*\d{1,4}\s*[-–]?\s*((of|/|из)\s*\d{1,4})?", re.IGNORECASE
)
FOOTNOTE_ENTRY = re.compile(r"\[?(\d{1,3})[\].)]?\s+\S")
SENTENCE_END = (".", "!", "?", ":", ";", '"', "”", "»", ")")
URL_START = re.compile(r"<?(https?://|www\.)")
URL_BREAKS = ("/", "-", "_", "=", "&", "?", ".", "#", ",", "%", "~")
LINE_END_HYPHEN = "\ufffe"  # how pdfium marks a hyphen "-" that ends a line inside one run of text
SEGMENT = re.compile(r"[^\r\n\ufffe]+\ufffe?")
DIGITS = re.compile(r"\d+")
HEADING_RATIO = 1.06
GAP_EMS = 0.9  # runs further apart than this on one baseline are in different columns
HYPHENS = ("-", "\u2010", "\u2011", "\u00ad")
SMALL_RATIO = 0.88


@dataclass
class Run:
    text: str
    x: float
    y: float
    size: float
    bold: bool
    end: float = 0.0  # right edge
    order: int = 0  # position in the page's content stream


@dataclass
class Line:
    runs: list[Run] = field(default_factory=list)
    text: str = ""
    x: float = 0.0
    y: float = 0.0
    size: float = 0.0
    bold: bool = False
    page: int = 0
    text_x: float = 0.0  # where the words start, after a list marker set apart from them


def read_pdf(data: bytes, name: str) -> Document:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise CivicspaceError(f"{name}: encrypted PDF (a password is needed to read it)") from None
        raise CivicspaceError(f"{name}: damaged PDF ({err})") from None
    try:
        pages = [_page_lines(pdf[i], i) for i in range(len(pdf))]
        info = pdf.get_metadata_dict(skip_empty=True)
    finally:
        pdf.close()
    pages = _without_furniture(pages)
    parts = _parts([line for page in pages for line in page])
    text, blocks = built_text(parts)
    meta = Metadata(title=info.get("Title") or None, pages=len(pages))
    return Document(text=text, metadata=meta, blocks=blocks)


def _page_lines(page: pdfium.PdfPage, number: int) -> list[Line]:
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        chars = textpage.get_text_range(0, count) if count > 0 else ""
        runs = _runs(textpage, chars)
    finally:
        textpage.close()
        page.close()
    return _lines(runs, number)


def _runs(textpage: pdfium.PdfTextPage, chars: str) -> list[Run]:
    """pdfium's line segments, with raised numbers (footnote calls) cut out as runs of their own.

    Positions and sizes are asked for the first character of a segment and the first
    digit of each number only: asking for every character costs ten times more.
    """
    runs: list[Run] = []
    raw = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()

    left, right, bottom, top = (ctypes.c_double() for _ in range(4))

    def at(i: int) -> tuple[float, float, float]:
        pdfium_c.FPDFText_GetCharOrigin(raw, i, ctypes.byref(x), ctypes.byref(y))
        return x.value, y.value, pdfium_c.FPDFText_GetFontSize(raw, i)

    def right_edge(last: int) -> float:
        while last > 0 and chars[last].isspace():
            last -= 1
        pdfium_c.FPDFText_GetCharBox(
            raw, last, ctypes.byref(left), ctypes.byref(right), ctypes.byref(bottom), ctypes.byref(top)
        )
        return right.value

    chars = chars.replace("\x02", LINE_END_HYPHEN)
    for seg in SEGMENT.finditer(chars):
        text = seg.group(0)
        lead = len(text) - len(text.lstrip())
        if lead == len(text):
            continue
        start = seg.start() + lead
        sx, sy, size = at(start)
        bold = pdfium_c.FPDFText_GetFontWeight(raw, start) >= 600
        cut = seg.start()
        cut_x = sx
        for num in DIGITS.finditer(text):
            i = seg.start() + num.start()
            if i == start:
                continue
            nx, ny, nsize = at(i)
            if nsize < size and ny > sy + 0.15 * size:
                runs.append(Run(chars[cut:i], cut_x, sy, size, bold, nx, len(runs)))
                runs.append(
                    Run(
                        num.group(0),
                        nx,
                        ny,
                        nsize,
                        bold,
                        right_edge(seg.start() + num.end() - 1),
                        len(runs) + 1,
                    )
                )
                cut = seg.start() + num.end()
                cut_x = nx + 1
        if cut < seg.end():
            runs.append(
                Run(chars[cut : seg.end()], cut_x, sy, size, bold, right_edge(seg.end() - 1), len(runs))
            )
    return [r for r in runs if r.text.strip()]


def _lines(runs: list[Run], page: int) -> list[Line]:
    """Runs on one baseline make a line; a raised, smaller number on it is a footnote marker."""
    lines: list[Line] = []
    extents: list[list[float]] = []  # [left, right] of each line so far
    for run in sorted(runs, key=lambda r: (-r.size, -len(r.text.strip()))):
        for line, extent in zip(lines, extents, strict=True):
            main = line.runs[0]
            near = run.x < extent[1] + main.size * GAP_EMS and run.end > extent[0] - main.size * GAP_EMS
            if near and abs(run.y - main.y) < 0.5 * main.size and run.size <= main.size:
                line.runs.append(run)
                extent[0], extent[1] = min(extent[0], run.x), max(extent[1], run.end)
                break
        else:
            lines.append(Line(runs=[run]))
            extents.append([run.x, run.end])
    for line in lines:
        main = line.runs[0]
        pieces: list[str] = []
        end = None
        for run in sorted(line.runs, key=lambda r: r.x):
            text = run.text
            digits = text.strip().replace(",", " ").split()
            if (
                run is not main
                and run.size < main.size
                and run.y > main.y + 0.15 * main.size
                and digits
                and all(d.isdigit() for d in digits)
            ):
                text = "".join(f"[{d}]" for d in digits)
            elif end is not None and run.x - end > 0.2 * run.size and pieces and not pieces[-1].endswith(" "):
                pieces.append(" ")
            pieces.append(text)
            end = run.x + len(run.text) * run.size * 0.45
        line.text = " ".join("".join(pieces).split())
        line.x, line.y, line.size, line.page = min(r.x for r in line.runs), main.y, main.size, page
        line.bold = sum(len(r.text) for r in line.runs if r.bold) * 2 > len(line.text)
        ordered = sorted(line.runs, key=lambda r: r.x)
        line.text_x = ordered[1].x if len(ordered) > 1 and len(ordered[0].text.strip()) <= 4 else line.x
    return sorted(lines, key=lambda ln: min(r.order for r in ln.runs))


def _key(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text.lower())


def _without_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers and the running header and footer lines that repeat across pages."""
    edge: Counter[str] = Counter()
    for lines in pages:
        for key in {_key(ln) for ln in lines[:2] + lines[-2:]}:
            edge[key] += 1
    repeated = {k for k, n in edge.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    out = []
    for lines in pages:
        edges = {id(ln) for ln in lines[:2] + lines[-2:]}
        out.append(
            [
                ln
                for ln in lines
                if not (id(ln) in edges and (PAGE_NUMBER.fullmatch(ln.text) or _key(ln) in repeated))
            ]
        )
    return out


def _parts(lines: list[Line]) -> list[Part]:
    if not lines:
        return []
    by_size: Counter[float] = Counter()
    for ln in lines:
        by_size[round(ln.size, 1)] += len(ln.text)
    body = by_size.most_common(1)[0][0]
    gaps = Counter(
        round(a.y - b.y, 1)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5 and a.y > b.y
    )
    leading = gaps.most_common(1)[0][0] if gaps else body * 1.2
    heading_sizes = sorted(
        {round(ln.size, 1) for ln in lines if ln.size >= body * HEADING_RATIO}, reverse=True
    )
    parts: list[Part] = []
    notes: list[Part] = []
    depths = ListDepths()
    current: Part | None = None
    previous: Line | None = None
    last_body_y = _last_body_y(lines, body)
    item_x = 0.0
    in_sources = False
    for line in lines:
        text = line.text
        same_page = previous is not None and previous.page == line.page
        gap = previous.y - line.y if previous is not None and same_page else None
        if line.size <= body * SMALL_RATIO and line.y < last_body_y.get(line.page, 0):
            note = FOOTNOTE_ENTRY.match(text)
            if note:
                notes.append(Part("list_item", text[note.end(1) :].lstrip("].) "), 1, note.group(1)))
            elif notes:
                notes[-1].text += " " + text
            previous = line
            continue
        item = LIST_ITEM.match(text)
        if item and _wrapped(item, line, current, item_x, in_sources):
            item = None
        if line.size >= body * HEADING_RATIO or (line.bold and numbered_heading(text) and not item):
            if (
                current is not None
                and current.kind == "heading"
                and gap is not None
                and gap < line.size * 1.6
                and previous
                and previous.size == line.size
            ):
                current.text += " " + text
            else:
                level = (
                    heading_sizes.index(round(line.size, 1)) + 1
                    if round(line.size, 1) in heading_sizes
                    else 2
                )
                current = heading_part(text, level)
                if current.number:
                    current.level = current.number.count(".") + 1
                parts.append(current)
                in_sources = is_sources_heading(current.text)
            depths.reset()
        elif item:
            item_x = line.text_x
            number = item["num"] or item["paren"] or item["letter"] or item["bracket"]
            depth = depths.depth(int(round(line.x / 10.0)))
            current = Part("list_item", text[item.end() :], depth, number, None if number else item["marker"])
            parts.append(current)
        elif (
            current is not None
            and current.kind != "heading"
            and _continues(current, previous, line, gap, leading)
        ):
            current.text = _joined(current.text, text)
        else:
            current = Part("paragraph", text)
            parts.append(current)
            in_sources = in_sources or is_sources_heading(text)
            if line.x < (previous.x if previous else line.x) + 5:
                depths.reset()
        previous = line
    for part in parts:
        part.text = part.text.replace(LINE_END_HYPHEN, "-")
        if part.kind == "heading" and len(part.text) > MAX_HEADING_CHARS:  # a lead paragraph set large
            part.text = f"{part.number}. {part.text}" if part.number else part.text
            part.kind, part.level, part.number = "paragraph", None, None
    if notes and not any(p.kind == "heading" and is_sources_heading(p.text) for p in parts):
        parts.append(Part("heading", "Footnotes", 1))
        parts.extend(notes)
    return parts


def _wrapped(item: re.Match, line: Line, current: Part | None, item_x: float, in_sources: bool) -> bool:
    """A line that only looks like a list item because the text wrapped before "- " or "[12]"."""
    if item["bracket"]:
        return not in_sources
    if current is not None and current.kind == "list_item" and item["marker"] in "-–—":
        return abs(line.x - item_x) < 2
    return False


def _last_body_y(lines: list[Line], body: float) -> dict[int, float]:
    """Per page, the baseline of the lowest body-size line: smaller lines below it are footnotes."""
    out: dict[int, float] = {}
    for ln in lines:
        if ln.size > body * SMALL_RATIO:
            out[ln.page] = min(out.get(ln.page, ln.y), ln.y)
    return out


def _continues(current: Part, previous: Line | None, line: Line, gap: float | None, leading: float) -> bool:
    if previous is None:
        return False
    if gap is None or gap < 0:  # a new page or column
        return not current.text.rstrip().endswith(SENTENCE_END) and line.text[:1].islower()
    return 0 < gap <= leading * 1.35 and abs(previous.size - line.size) < 0.5


def _joined(before: str, after: str) -> str:
    """Lines of one paragraph: a URL broken across the line is glued back whole, a word the
    typesetter hyphenated (U+2010, a soft hyphen, a separate "-" line end) loses its hyphen."""
    if before.endswith(LINE_END_HYPHEN):  # a hyphen the text really has: "so-called", a URL
        return before[:-1] + "-" + after
    last = before.rsplit(None, 1)[-1] if before.strip() else ""
    if URL_START.match(last) and last.endswith(URL_BREAKS) and after[:1].strip():
        return before + after
    if len(before) > 1 and before.endswith(HYPHENS) and before[-2].isalpha() and after[:1].islower():
        return before[:-1] + after
    return before + " " + after
