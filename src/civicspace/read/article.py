"""The main content of a page that marks it up itself, as one <article> or <main>.

Most NGO sites (WordPress and the like) wrap a report in one such element; walking
it directly is several times faster than trafilatura's content scoring and keeps
every heading and list. Pages without one go to trafilatura.
"""

from __future__ import annotations

import re

from civicspace.read.outline import Part, heading_part
from civicspace.read.sources import is_sources_heading

MAIN_XPATHS = ("//article", "//main", "//*[@role='main']", "//*[@itemprop='articleBody']")
SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "aside",
    "footer",
    "form",
    "iframe",
    "template",
    "svg",
    "button",
    "select",
    "input",
    "textarea",
    "label",
    "object",
    "embed",
    "canvas",
    "audio",
    "video",
}
FURNITURE = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|menu|breadcrumbs?|share|sharing|sharedaddy|social|comments?|"
    r"respond|reply|related|sidebar|widget|cookies?|subscribe|newsletter|footer|pagination|skip-link|"
    r"post-navigation|author-box|tags|tag-links|printfriendly|addtoany)([\s_-]|$)",
    re.IGNORECASE,
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
PARAGRAPHS = {"p", "blockquote", "pre", "dd", "dt", "figcaption", "address", "caption"}
BLOCKS = (
    set(HEADINGS)
    | PARAGRAPHS
    | {
        "div",
        "section",
        "article",
        "main",
        "ul",
        "ol",
        "table",
        "header",
        "figure",
        "dl",
        "hr",
        "br",
        "li",
        "details",
    }
    | SKIP_TAGS
)
MIN_CHARS = 200


def main_element(tree):
    """The single <article>/<main> of the page, or None when there is none or several."""
    for xpath in MAIN_XPATHS:
        found = tree.xpath(xpath)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None
    return None


def article_parts(tree) -> list[Part]:
    main = main_element(tree)
    if main is None:
        return []
    walker = _Walker()
    walker.walk(main)
    if sum(len(p.text) for p in walker.parts) < MIN_CHARS:
        return []
    return walker.parts


def _skipped(el) -> bool:
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(names.strip()) and bool(FURNITURE.search(names))


class _Walker:
    def __init__(self) -> None:
        self.parts: list[Part] = []
        self.in_sources = False
        self.top: int | None = None

    def walk(self, el) -> None:
        if _skipped(el):
            return
        tag = el.tag
        if tag in HEADINGS:
            self.heading(el, HEADINGS[tag])
        elif tag in PARAGRAPHS:
            self.paragraph(self.inline(el))
        elif tag in ("ul", "ol"):
            self.list(el, 1)
        elif tag == "table":
            for row in el.iter("tr"):
                cells = [" ".join(self.inline(c).split()) for c in row if c.tag in ("td", "th")]
                self.paragraph(" | ".join(c for c in cells if c))
        elif any(isinstance(c.tag, str) and c.tag in BLOCKS for c in el):
            self.paragraph(el.text or "")
            for child in el:
                self.walk(child)
                self.paragraph(child.tail or "")
        else:
            self.paragraph(self.inline(el))

    def heading(self, el, level: int) -> None:
        text = " ".join(self.inline(el).split())
        if not text:
            return
        if self.top is None:
            self.top = level
        part = heading_part(text, max(1, level - self.top + 1))
        if part.number:
            part.level = part.number.count(".") + 1
        self.in_sources = is_sources_heading(part.text)
        self.parts.append(part)

    def paragraph(self, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        if is_sources_heading(text):
            self.in_sources = True
        self.parts.append(Part("paragraph", text))

    def list(self, el, depth: int) -> None:
        ordered = el.tag == "ol"
        start = el.get("start")
        n = int(start) - 1 if start and start.isdigit() else 0
        for item in el:
            if item.tag != "li" or _skipped(item):
                continue
            n += 1
            text = " ".join(self.inline(item).split())
            if text:
                self.parts.append(Part("list_item", text, depth, str(n) if ordered else None))
            for sub in item.iter("ul", "ol"):
                if sub.getparent() is item or _nearest_li(sub) is item:
                    self.list(sub, depth + 1)

    def inline(self, el) -> str:
        """Text without nested lists or furniture; superscript numbers become "[N]" markers."""
        pieces = [el.text or ""]
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in ("ul", "ol") or _skipped(child):
                pass
            elif tag == "sup" and (child.text_content() or "").strip("[] ").isdigit():
                pieces.append(f"[{child.text_content().strip('[] ')}]")
            elif tag == "br":
                pieces.append(" ")
            elif tag == "a":
                label = self.inline(child)
                pieces.append(label)
                href = child.get("href") or ""
                if self.in_sources and href.startswith(("http://", "https://")) and href not in label:
                    pieces.append(f" {href}")
            else:
                pieces.append(self.inline(child))
            pieces.append(child.tail or "")
        return "".join(pieces)


def _nearest_li(el):
    parent = el.getparent()
    while parent is not None and parent.tag != "li":
        parent = parent.getparent()
    return parent
