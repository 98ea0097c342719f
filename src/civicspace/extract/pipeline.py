"""The extraction pipeline: named, versioned components over one ExtractionDoc.

Modelled on spaCy's component registry: a component registers itself under a
name with a version, the pipeline file (pipeline.yaml) lists which run and with
what settings, so changing the extractor's behaviour is a data change, and the
version travels with every piece of evidence a component produces.
"""

from __future__ import annotations

import importlib
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from civicspace.errors import CivicspaceError
from civicspace.read.document import Document

Step = Callable[["ExtractionDoc"], None]
Factory = Callable[[dict[str, Any]], Step]


@dataclass(frozen=True)
class Registered:
    name: str
    version: str
    factory: Factory


REGISTRY: dict[str, Registered] = {}

COMPONENT_MODULES = (
    "civicspace.extract.components.structure",
    "civicspace.extract.components.nlp",
    "civicspace.extract.components.actors",
    "civicspace.extract.components.roles",
    "civicspace.extract.components.laws",
    "civicspace.extract.components.sources",
    "civicspace.extract.components.incidents",
    "civicspace.extract.components.recommendations",
)


def component(name: str, version: str) -> Callable[[Factory], Factory]:
    """Register a component factory: `factory(settings)` returns the step run on each document."""

    def register(factory: Factory) -> Factory:
        REGISTRY[name] = Registered(name, version, factory)
        return factory

    return register


@dataclass
class Unit:
    """One block of text (heading, paragraph or list item) and its parse, in document offsets."""

    kind: str
    start: int
    end: int
    section: int | None  # index into ExtractionDoc.sections
    level: int = 0
    in_recommendations: bool = False
    spacy_doc: Any = None

    def offset(self, char: int) -> int:
        return self.start + char


@dataclass
class Section:
    title: str
    start: int
    end: int
    number: str | None
    area: str
    by_words: bool = False  # a bare "Recommendations" section: each item's area comes from its words
    untitled: bool = False  # a heading that names no area (a headline): the area comes from the section's words


@dataclass
class ExtractionDoc:
    """Everything the components share: the read Document, its parse and the growing records."""

    document: Document
    settings: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    body_end: int = 0  # where the bibliography starts, if any
    country: str | None = None  # ISO code of the country the document is about
    actors: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    laws: list[dict] = field(default_factory=list)
    law_mentions: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    citations: list[tuple[int, int, str]] = field(default_factory=list)
    incidents: list[dict] = field(default_factory=list)
    recommendations: list[dict] = field(default_factory=list)
    _citation_starts: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    def evidence(self, start: int, end: int, producer: str) -> dict:
        """Evidence for text[start:end], trimmed of surrounding blanks, naming the component."""
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        reg = REGISTRY[producer]
        return {"quote": text[start:end], "start": start, "end": end,
                "component": reg.name, "component_version": reg.version}

    def section_at(self, offset: int) -> Section | None:
        found = None
        for s in self.sections:
            if s.start <= offset:
                found = s
        return found

    def sources_between(self, start: int, end: int) -> list[str]:
        """Footnote numbers cited inside a span, in order, once each."""
        if len(self._citation_starts) != len(self.citations):
            self._citation_starts = [c[0] for c in self.citations]
        out: list[str] = []
        for _s, _e, sid in within(self.citations, self._citation_starts, start, end):
            if sid not in out:
                out.append(sid)
        return out


def within(items: list, starts: list[int], start: int, end: int) -> list:
    """The items (sorted by position, `starts` their positions) inside [start, end), by bisection."""
    return items[bisect_left(starts, start):bisect_left(starts, end)]


def _import_components() -> None:
    for name in COMPONENT_MODULES:
        importlib.import_module(name)


def default_config_path() -> Path:
    return Path(str(resources.files(__package__).joinpath("pipeline.yaml")))


@cache
def load_config(path: str | None = None) -> dict[str, Any]:
    p = Path(path) if path else default_config_path()
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise CivicspaceError(f"{p}: cannot read the pipeline configuration ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("components"), list):
        raise CivicspaceError(f"{p}: a pipeline configuration needs a 'components' list")
    return data


class Pipeline:
    """The configured list of steps; built once per process and reused for every document."""

    def __init__(self, config: dict[str, Any]):
        _import_components()
        self.config = config
        self.settings = dict(config.get("settings") or {})
        self.steps: list[tuple[str, Step]] = []
        for entry in config["components"]:
            name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
            if name not in REGISTRY:
                raise CivicspaceError(f"pipeline: unknown component {name!r} ({', '.join(sorted(REGISTRY))})")
            self.steps.append((name, REGISTRY[name].factory({**self.settings, **(options or {})})))

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.steps]

    def __call__(self, document: Document) -> ExtractionDoc:
        doc = ExtractionDoc(document=document, settings=self.settings)
        for _name, step in self.steps:
            step(doc)
        return doc


@cache
def pipeline(path: str | None = None) -> Pipeline:
    """The pipeline for a configuration file, built once per process (the spaCy model is loaded lazily)."""
    return Pipeline(load_config(path))


@cache
def patterns(name: str) -> Any:
    """A pattern file from patterns/, loaded once."""
    text = resources.files(__package__).joinpath("patterns", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
