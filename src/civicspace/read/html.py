"""Web pages: the main content only, with headings, lists and links.

A page that marks up its content as one <article> or <main> is walked directly
(read/article.py); any other page goes to trafilatura, which is built to find the
content and leave out navigation, breadcrumbs, share buttons and comment forms.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from civicspace.errors import CivicspaceError
from civicspace.read.article import article_parts
from civicspace.read.document import Document, Metadata
from civicspace.read.outline import Part, built_text, heading_part
from civicspace.read.sources import is_sources_heading

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "template",
    "svg",
)


META_TITLE = ("og:title", "twitter:title", "dc.title", "citation_title")
META_DATE = (
    "article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "citation_publication_date",
    "pubdate",
)
META_PUBLISHER = ("og:site_name", "citation_publisher", "dc.publisher", "publisher", "author")


def read_html(data: bytes, name: str) -> Document:
    import trafilatura  # imported when first needed: it takes seconds, and most commands never read HTML

    tree = trafilatura.load_html(data)
    if tree is None:
        raise CivicspaceError(f"{name}: not a readable web page")
    meta = _head_metadata(tree)
    parts = article_parts(tree)
    if not parts:
        parts = _trafilatura_parts(tree)
    if not parts:
        parts = _fallback_parts(data)
    text, blocks = built_text(parts)
    if blocks and blocks[0].kind == "heading" and not blocks[0].number:
        meta.title = blocks[0].text  # the page's own heading, not "Title | Site name" from <title>
    return Document(text=text, metadata=meta, blocks=blocks)


def _trafilatura_parts(tree) -> list[Part]:
    import trafilatura

    extracted = trafilatura.bare_extraction(
        tree,
        include_links=True,
        include_formatting=True,
        include_tables=True,
        include_comments=False,
        favor_recall=True,
        with_metadata=False,
        output_format="xml",  # the default, "python", also renders the body as text, slowly
        deduplicate=False,
    )
    body = getattr(extracted, "body", None)
    return _parts(body) if body is not None else []


def _head_metadata(tree) -> Metadata:
    """Title, site and date from <title> and <meta>: htmldate's search of the whole page costs
    more than the rest of the reading, and the text itself is searched for a date afterwards."""
    found: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key and meta.get("content") and key not in found:
            found[key] = meta.get("content").strip()
    title_el = tree.find(".//title")
    page_title = (title_el.text_content() if title_el is not None else "") or ""
    title = next((found[k] for k in META_TITLE if found.get(k)), None) or " ".join(page_title.split()) or None
    date = next((found[k] for k in META_DATE if found.get(k)), None)
    published = date[:10] if date and re.match(r"\d{4}-\d{2}(-\d{2})?", date) else None
    publisher = next((found[k] for k in META_PUBLISHER if found.get(k)), None)
    canonical = tree.find(".//link[@rel='canonical']")
    url = found.get("og:url") or (canonical.get("href") if canonical is not None else None)
    return Metadata(title=title, publisher=publisher, published=published, url=url)


def _parts(body: etree._Element) -> list[Part]:
    parts: list[Part] = []
    levels = [int(h.get("rend", "h2")[1:]) for h in body.iter("head") if h.get("rend", "")[1:].isdigit()]
    top = min(levels) if levels else 1
    in_sources = False
    for el in body:
        tag = el.tag
        if tag == "head":
            rend = el.get("rend", "")
            level = int(rend[1:]) - top + 1 if rend[1:].isdigit() else None
            part = heading_part(_inline(el, False), level)
            if part.number:
                part.level = part.number.count(".") + 1
            in_sources = is_sources_heading(part.text)
            parts.append(part)
        elif tag == "list":
            parts.extend(_list_parts(el, 1, in_sources))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [" ".join(_inline(c, in_sources).split()) for c in row]
                parts.append(Part("paragraph", " | ".join(c for c in cells if c)))
        else:
            text = _inline(el, in_sources)
            if is_sources_heading(text):
                in_sources = True
            parts.append(Part("paragraph", text))
    return parts


def _list_parts(el: etree._Element, depth: int, in_sources: bool) -> list[Part]:
    out: list[Part] = []
    ordered = el.get("rend") == "ol"
    n = 0
    for item in el:
        if item.tag != "item":
            continue
        n += 1
        out.append(Part("list_item", _inline(item, in_sources), depth, str(n) if ordered else None))
        for sub in item.iter("list"):
            if sub is not item and sub.getparent() is item:
                out.extend(_list_parts(sub, depth + 1, in_sources))
    return out


def _inline(el: etree._Element, with_urls: bool) -> str:
    """The element's text without nested lists; superscript numbers become "[N]" markers."""
    pieces = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == "list":
            pass
        elif tag == "hi" and "sup" in (child.get("rend") or "") and (child.text or "").strip("[] ").isdigit():
            pieces.append(f"[{(child.text or '').strip('[] ')}]")
        elif tag == "lb":
            pieces.append(" ")
        elif tag == "ref":
            label = _inline(child, with_urls)
            pieces.append(label)
            target = child.get("target") or ""
            if with_urls and target.startswith(("http://", "https://")) and target not in label:
                pieces.append(f" {target}")
        else:
            pieces.append(_inline(child, with_urls))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _fallback_parts(data: bytes) -> list[Part]:
    """Pages too small for trafilatura's content scoring: every text line outside page furniture."""
    try:
        root = lxml.html.fromstring(data)
    except (etree.ParserError, ValueError):
        return []
    for bad in root.xpath("|".join(f"//{t}" for t in DROP_TAGS)):
        bad.drop_tree()
    text = root.text_content()
    return [Part("paragraph", line.strip()) for line in text.splitlines() if line.strip()]
