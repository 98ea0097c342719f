"""Word documents: heading styles, numbered and bulleted lists, footnotes.

The zip is checked before python-docx opens it, because python-docx loads every
part into memory: a small file that unpacks to gigabytes must be refused first.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
from docx.oxml.ns import qn

from civicspace.errors import CivicspaceError
from civicspace.read.document import Document, Metadata
from civicspace.read.outline import LIST_ITEM, Part, built_text, heading_part
from civicspace.read.sources import is_sources_heading

HEADING_STYLE = re.compile(r"(heading|заголовок|überschrift|titre)\s*(\d)", re.IGNORECASE)
MAX_RATIO = 200


def read_docx(data: bytes, name: str, max_bytes: int = 100 * 1024 * 1024) -> Document:
    _check_zip(data, name, max_bytes)
    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, zipfile.BadZipFile) as err:
        raise CivicspaceError(f"{name}: damaged Word document ({err})") from None
    numbering = _numbering_formats(document)
    styles = _styles(document)
    counters: dict[tuple[str, int], int] = {}
    parts: list[Part] = []
    links = {rid: rel.target_ref for rid, rel in document.part.rels.items() if rel.is_external}
    in_sources = False
    for p in document.element.body.iter(qn("w:p")):
        text = _paragraph_text(p)
        if not text.strip():
            continue
        if in_sources:
            text = _with_link_targets(p, text, links)
        ppr = p.find(qn("w:pPr"))
        style_el = ppr.find(qn("w:pStyle")) if ppr is not None else None
        style, style_num = styles.get(style_el.get(qn("w:val")) if style_el is not None else "", ("", None))
        heading = HEADING_STYLE.search(style)
        num = _num_of(ppr) or style_num
        if heading or style == "Title":
            level = int(heading.group(2)) if heading else 1
            part = heading_part(text, level)
            if part.number:
                part.level = part.number.count(".") + 1
            parts.append(part)
            in_sources = is_sources_heading(part.text)
        elif num is not None or style.lower().startswith("list"):
            num_id, ilvl = num if num is not None else ("style:" + style, 0)
            key = (num_id, ilvl)
            counters[key] = counters.get(key, 0) + 1
            for k in [k for k in counters if k[0] == num_id and k[1] > ilvl]:
                del counters[k]
            numbered = numbering.get(key, "decimal" if "number" in style.lower() else "bullet") not in (
                "bullet",
                "none",
            )
            typed = LIST_ITEM.match(text)
            number = str(counters[key]) if numbered else None
            if typed and (typed["num"] or typed["bracket"]):
                number, text = typed["num"] or typed["bracket"], text[typed.end() :]
            parts.append(Part("list_item", text, ilvl + 1, number))
        else:
            parts.append(Part("paragraph", text))
    notes = _footnotes(document)
    if notes and not any(p.kind == "heading" and is_sources_heading(p.text) for p in parts):
        parts.append(Part("heading", "Footnotes", 1))
        parts.extend(Part("list_item", body, 1, number) for number, body in notes)
    text, blocks = built_text(parts)
    props = document.core_properties
    meta = Metadata(title=props.title or None)  # the author and dates in a file's properties are its editor's
    return Document(text=text, metadata=meta, blocks=blocks)


def _check_zip(data: bytes, name: str, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise CivicspaceError(f"{name}: damaged Word document ({err})") from None
    total = sum(i.file_size for i in infos)
    if total > max_bytes * 2:
        raise CivicspaceError(f"{name}: Word document unpacks to {total} bytes, over the limit (a zip bomb?)")
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise CivicspaceError(
                f"{name}: {info.filename} is compressed {info.file_size // max(info.compress_size, 1)}:1 (a zip bomb?)"
            )


def _num_of(ppr) -> tuple[str, int] | None:
    """(numId, level) of a paragraph or style that is part of a Word list."""
    numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
    if numpr is None:
        return None
    num_id = numpr.find(qn("w:numId"))
    ilvl = numpr.find(qn("w:ilvl"))
    if num_id is None or num_id.get(qn("w:val")) == "0":
        return None
    level = ilvl.get(qn("w:val")) if ilvl is not None else "0"
    return num_id.get(qn("w:val")) or "", int(level or 0) if (level or "0").isdigit() else 0


def _styles(document) -> dict[str, tuple[str, tuple[str, int] | None]]:
    """styleId -> (name, list numbering): looked up once, as python-docx's lookups are slow."""
    out: dict[str, tuple[str, tuple[str, int] | None]] = {}
    try:
        root = document.styles.element
    except (KeyError, AttributeError):
        return out
    for style in root.findall(qn("w:style")):
        name_el = style.find(qn("w:name"))
        name = (name_el.get(qn("w:val")) if name_el is not None else None) or style.get(qn("w:styleId")) or ""
        out[style.get(qn("w:styleId")) or ""] = (
            _UI_NAMES.get(name.lower(), name),
            _num_of(style.find(qn("w:pPr"))),
        )
    return out


_UI_NAMES = {f"heading {i}": f"Heading {i}" for i in range(1, 10)} | {"title": "Title"}


def _numbering_formats(document) -> dict[tuple[str, int], str]:
    """(numId, level) -> numFmt ("decimal", "bullet", ...), from word/numbering.xml."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for a in root.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in a.findall(qn("w:lvl")):
            fmt = lvl.find(qn("w:numFmt"))
            levels[int(lvl.get(qn("w:ilvl")) or 0)] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
        abstract[a.get(qn("w:abstractNumId"))] = levels
    out = {}
    for num in root.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        levels = abstract.get(ref.get(qn("w:val")) if ref is not None else None, {})
        for level, fmt in levels.items():
            out[(num.get(qn("w:numId")) or "", level)] = fmt or "decimal"
    return out


def _paragraph_text(p) -> str:
    """Text of a paragraph element with footnote references and superscript numbers as "[N]"."""
    pieces = []
    for el in p.iter(qn("w:r")):
        rpr = el.find(qn("w:rPr"))
        valign = rpr.find(qn("w:vertAlign")) if rpr is not None else None
        superscript = valign is not None and valign.get(qn("w:val")) == "superscript"
        run = []
        for child in el:
            tag = child.tag
            if tag == qn("w:t"):
                run.append(child.text or "")
            elif tag in (qn("w:tab"), qn("w:br"), qn("w:cr")):
                run.append(" ")
            elif tag in (qn("w:footnoteReference"), qn("w:endnoteReference")):
                run.append(f"[{child.get(qn('w:id'))}]")
        text = "".join(run)
        if superscript and text.strip().isdigit():
            text = f"[{text.strip()}]"
        pieces.append(text)
    return "".join(pieces)


def _with_link_targets(p, text: str, links: dict[str, str]) -> str:
    """In a list of sources, a link's address is part of the entry even when only its title shows."""
    for link in p.iter(qn("w:hyperlink")):
        url = links.get(link.get(qn("r:id")) or "")
        if url and url.startswith(("http://", "https://")) and url not in text:
            text = f"{text} {url}"
    return text


def _footnotes(document) -> list[tuple[str, str]]:
    """(id, text) of each real footnote in word/footnotes.xml (separators left out)."""
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            from lxml import etree

            root = etree.fromstring(
                rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True)
            )
            out = []
            for note in root.findall(qn("w:footnote")):
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                body = " ".join(_paragraph_text(p) for p in note.iter(qn("w:p"))).strip()
                if body:
                    out.append((note.get(qn("w:id")) or "", body))
            return out
    return []
