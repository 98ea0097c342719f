"""The structured text every reader returns and every extractor consumes.

`text` is the base of every evidence offset in the project: a block, a footnote
marker or an extracted fact is a span of it, so a reader must never rewrite text
after it has handed out spans.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item"]


@dataclass
class Block:
    """One heading, paragraph or list item; `text` is exactly `document.text[start:end]`.

    The span leaves out a heading's number and a list item's bullet, which are in
    `number` (and `level`: heading depth, or list nesting depth from 1).
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int | None = None
    number: str | None = None


@dataclass
class FootnoteRef:
    """A footnote marker such as "[12]" at text[start:end], pointing at source `source`."""

    start: int
    end: int
    source: str


@dataclass
class SourceEntry:
    id: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None


@dataclass
class Metadata:
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    sha256: str | None = None
    format: str | None = None
    path: str | None = None
    pages: int | None = None


@dataclass
class Document:
    text: str
    metadata: Metadata = field(default_factory=Metadata)
    blocks: list[Block] = field(default_factory=list)
    footnotes: list[FootnoteRef] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)
    # Spans of `text` that are page furniture (navigation, comment forms, share
    # buttons): kept so offsets stay those of the file, but never content.
    boilerplate: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "metadata": asdict(self.metadata),
            "blocks": [asdict(b) for b in self.blocks],
            "footnotes": [asdict(f) for f in self.footnotes],
            "sources": [asdict(s) for s in self.sources],
            "boilerplate": [list(span) for span in self.boilerplate],
        }

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]

    def block_at(self, offset: int) -> Block | None:
        """The block that holds character `offset`, for placing a fact in its section."""
        for b in self.blocks:
            if b.start <= offset < b.end:
                return b
        return None

    def section_of(self, offset: int) -> Block | None:
        """The nearest heading at or before `offset`: the section a fact sits in."""
        current = None
        for b in self.blocks:
            if b.start > offset:
                break
            if b.kind == "heading":
                current = b
        return current

    def is_boilerplate(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.boilerplate)
