"""The bibliography and the footnote markers that cite it.

Reports cite as "[12]" (or a Markdown-escaped "[\\[12\\]](#)") in the text and list
sources under a "Sources"/"References" heading as "12. Publisher / Title - URL" or
"[12] Title URL". Every marker is tied to its entry so a fact can name its sources.
"""

from __future__ import annotations

import re

from civicspace.read.document import Block, FootnoteRef, SourceEntry
from civicspace.read.outline import is_sources_heading

MARKER = re.compile(r"\[(?:\\\[)?(?P<n>\d{1,4})(?:\\\])?\](?:\(#[^)\s]*\))?")
ENTRY = re.compile(r"\s*(?:\[(?P<bracket>\d{1,4})\]|(?P<num>\d{1,4})[.)])\s+(?P<rest>.*)", re.DOTALL)
URL = re.compile(r"<?(?P<url>(?:https?://|www\.)[^\s<>\"'»«]+)>?")
LINK = re.compile(r"\[(?P<label>[^\]]*)\]\((?P<target>[^)\s]*)\)")
URL_FRAGMENT = re.compile(r"[\w%.,=&?/#~+-]+")


def sources_start(blocks: list[Block]) -> int | None:
    """Index of the block that opens the list of sources (the last such heading or label)."""
    found = None
    for i, block in enumerate(blocks):
        if block.kind != "list_item" and is_sources_heading(block.text):
            found = i
    return found


def entry_of(number: str, content: str) -> SourceEntry:
    """A source from its entry text: URL found anywhere, "Publisher / Title" split."""
    content = LINK.sub(_link_text, " ".join(content.split()))
    m = URL.search(content)
    url = m["url"].rstrip(".,;)") if m else None
    before = content[: m.start()] if m else content
    title = before.strip().rstrip("-–—:,").strip().rstrip(".").strip() or None
    publisher = None
    if title and " / " in title:
        publisher, title = (s.strip() for s in title.split(" / ", 1))
    if url and url.startswith("www."):
        url = "http://" + url
    return SourceEntry(id=number, title=title or None, url=url, publisher=publisher or None)


def _link_text(m: re.Match) -> str:
    """A Markdown link "[title](url)" read as "title url"."""
    target = m["target"]
    return f"{m['label']} {target}" if target.startswith(("http://", "https://", "www.")) else m["label"]


def sources_of(blocks: list[Block]) -> list[SourceEntry]:
    start = sources_start(blocks)
    if start is None:
        return []
    entries: list[SourceEntry] = []
    for block in blocks[start + 1 :]:
        if block.kind == "heading" and not is_sources_heading(block.text):
            break
        m = ENTRY.match(block.text)
        if block.number and block.number.isdigit():
            entries.append(entry_of(block.number, block.text))
        elif m:
            entries.append(entry_of(m["bracket"] or m["num"], m["rest"]))
        elif entries and entries[-1].url:
            _continue_url(entries[-1], block.text)
    return entries


def _continue_url(entry: SourceEntry, text: str) -> None:
    """A URL broken at one of its own hyphens reads as a new bullet ("- rest-of-url"): rejoin it."""
    link = LINK.fullmatch(text.strip())
    fragment = link["label"] if link else text.strip()
    if entry.url and URL_FRAGMENT.fullmatch(fragment) and "-" in fragment:
        entry.url = f"{entry.url}-{fragment}"


def footnotes_of(
    text: str, end: int, sources: list[SourceEntry], skip: list[tuple[int, int]]
) -> list[FootnoteRef]:
    """Markers before the sources list; with a bibliography, only markers that resolve into it."""
    known = {s.id for s in sources}
    refs = []
    for m in MARKER.finditer(text, 0, end):
        if known and m["n"] not in known:
            continue
        if any(a <= m.start() < b for a, b in skip):
            continue
        refs.append(FootnoteRef(start=m.start(), end=m.end(), source=m["n"]))
    return refs
