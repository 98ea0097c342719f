"""Plain report objects: what every output format renders, and nothing else.

Gathering decides what may be shown (filters, edition, clearance, pseudonyms);
these objects then carry only shown text, so no renderer can leak what was left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """A paragraph, a bullet or a table cell: text with an optional bold lead-in and footnotes."""

    text: str
    lead: str = ""
    notes: list[int] = field(default_factory=list)


@dataclass
class Paragraphs:
    lines: list[Line]
    kind: str = "paragraphs"


@dataclass
class Group:
    """The bullets about one person or outlet."""

    title: str
    subtitle: str
    items: list[Line]


@dataclass
class Groups:
    groups: list[Group]
    kind: str = "groups"


@dataclass
class Bullets:
    """A list, with a run-in title ("Recommendations") when it follows other content of its section."""

    items: list[Line]
    numbered: bool = False
    title: str = ""
    kind: str = "bullets"


@dataclass
class Table:
    headers: list[str]
    rows: list[list[Line]]
    kind: str = "table"


@dataclass
class Fields:
    """Label and value pairs, as a submission form asks for them."""

    rows: list[tuple[str, Line]]
    kind: str = "fields"


@dataclass
class Figures:
    """Key figures: a few numbers with what they count."""

    rows: list[tuple[str, str]]
    kind: str = "figures"


@dataclass
class Chart:
    title: str
    svg: str
    kind: str = "chart"


Block = Paragraphs | Groups | Bullets | Table | Fields | Figures | Chart


@dataclass
class Section:
    number: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The number as printed: "2." for a chapter, "2.1" for a section of it."""
        return self.number if "." in self.number else f"{self.number}."

    @property
    def anchor(self) -> str:
        return "sec-" + self.number.replace(".", "-")


@dataclass
class Note:
    """One numbered entry of the list of sources."""

    number: int
    title: str
    url: str = ""
    origin: str = ""


@dataclass
class Report:
    kind: str
    title: str
    subtitle: str
    edition: str
    generated: str
    scope: list[str]
    sections: list[Section]
    notes: list[Note]
    notice: str = ""
    contents: bool = True

    @property
    def public(self) -> bool:
        return self.edition == "public"
