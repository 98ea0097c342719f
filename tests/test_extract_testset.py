"""The team's own extraction test set (tests/data/extract) is usable as gold.

The extractor's floor on these documents is only meaningful if the gold itself is sound:
each dossier valid, tied to its text by sha256, every quote exactly where it claims to be,
and nothing borrowed from the development corpus the extractor was tuned on.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from civicspace.dossier import load, span_problems

TESTSET = Path(__file__).parent / "data" / "extract"
GOLD = sorted(TESTSET.glob("*.json"))
LEAKY_ORG_TYPES = {"media", "political_party", "ngo", "trade_union", "religious_association"}


def text_of(gold: Path) -> str:
    return gold.with_suffix(".txt").read_bytes().decode("utf-8")


def test_the_set_has_at_least_six_documents_each_with_its_text():
    assert len(GOLD) >= 6
    assert all(g.with_suffix(".txt").is_file() for g in GOLD)


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.stem)
def test_gold_validates_and_names_its_text(gold: Path):
    dossier = load(gold)
    raw = gold.with_suffix(".txt").read_bytes()
    assert dossier.document is not None
    assert dossier.document.sha256 == hashlib.sha256(raw).hexdigest()
    assert 250 <= len(raw.decode("utf-8").split()) <= 600


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.stem)
def test_every_quote_is_the_text_at_its_offsets(gold: Path):
    dossier = load(gold)
    text = text_of(gold)
    assert span_problems(dossier, {None: text}) == []
    for path, ev in dossier.evidence_items():
        assert text[ev.start : ev.end] == ev.quote, path


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.stem)
def test_every_incident_and_recommendation_has_evidence_and_an_area(gold: Path):
    dossier = load(gold)
    for record in [*dossier.incidents, *dossier.recommendations]:
        assert record.evidence, record.id
        assert record.area is not None, record.id


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_no_text_or_name_comes_from_the_development_documents(shared: Path):
    """The set judges generalisation, so it must share no sentence and no target with the corpus."""
    corpus = " ".join(p.read_text(encoding="utf-8") for p in (shared / "corpus").glob("*.txt"))
    cw = words_of(corpus)
    span = 10
    corpus_grams = {tuple(cw[i : i + span]) for i in range(len(cw) - span + 1)}
    names = set()
    for g in (shared / "gold").glob("*.json"):
        for actor in json.loads(g.read_text(encoding="utf-8"))["actors"]:
            if actor["kind"] == "person" or actor.get("org_type") in LEAKY_ORG_TYPES:
                names.update(n.casefold() for n in [actor["name"], *actor.get("aliases", [])])
    for gold in GOLD:
        text = text_of(gold)
        tw = words_of(text)
        shared_grams = [
            " ".join(tw[i : i + span])
            for i in range(len(tw) - span + 1)
            if tuple(tw[i : i + span]) in corpus_grams
        ]
        assert shared_grams == [], gold.name
        found = [n for n in names if re.search(rf"\b{re.escape(n)}\b", text.casefold())]
        assert found == [], gold.name
