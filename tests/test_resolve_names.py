"""The name matcher on the team's labelled pairs, and the behaviours a reviewer relies on."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from civicspace.resolve.index import ActorIndex
from civicspace.resolve.match import compare, decision

PAIRS = Path(__file__).parent / "data" / "name_pairs.csv"


def labelled() -> list[dict[str, str]]:
    return list(csv.DictReader(PAIRS.open(encoding="utf-8")))


def test_the_labelled_set_is_large_and_balanced():
    rows = labelled()
    assert len(rows) >= 300
    assert sum(r["same"] == "0" for r in rows) >= 100
    assert {r["kind"] for r in rows} == {"person", "organization"}


def test_precision_and_recall_on_the_labelled_pairs():
    decided = [(decision(compare(r["a"], r["b"], r["kind"]).score), r["same"] == "1") for r in labelled()]
    tp = sum(1 for d, same in decided if same and d != "new")
    fp = sum(1 for d, same in decided if not same and d != "new")
    fn = sum(1 for d, same in decided if same and d == "new")
    assert tp / (tp + fp) >= 0.98
    assert tp / (tp + fn) >= 0.95


def test_two_different_people_are_never_merged_automatically():
    merged = [(r["a"], r["b"]) for r in labelled()
              if r["same"] == "0" and decision(compare(r["a"], r["b"], r["kind"]).score) == "merge"]
    assert merged == []


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Yevgeny Sorokin", "Евгений Сорокин", "merge"),
    ("Evgeniy Sorokin", "Yevgeniy Sorokin", "merge"),
    ("Sorokin Yevgeny", "Yevgeny Sorokin", "merge"),
    ("Yevgeny Pavlovich Sorokin", "Yevgeny Sorokin", "merge"),
    ("Айгерім Сұлтанова", "Aigerim Sultanova", "merge"),
    ("Anna Sorokina", "Anna Sorokin", "merge"),  # the same given name: an extraction slip
    ("Sorokin", "Sorokina", "review"),  # may be two relatives
    ("Ye. Sorokin", "Yevgeny Sorokin", "review"),  # a brother may share the initial
    ("Pavel Sorokin", "Anna Sorokina", "new"),  # husband and wife
    ("Yevgeny Pavlovich Sorokin", "Yevgeny Ivanovich Sorokin", "new"),  # different fathers
])
def test_person_decisions(a, b, expected):
    assert decision(compare(a, b).score) == expected


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("'Tomorrow!' party", "the party Tomorrow", "merge"),
    ("партия «Завтра»", "Zavtra Party", "merge"),
    ("Steppe Voice Foundation", "Steppe Voice Fund", "merge"),
    ("SVF", "Steppe Voice Foundation", "review"),
    ("Steppe Voice Foundation", "Steppe Voice Movement", "review"),
    ("Steppe Voice", "Steppe Echo", "new"),
    ("District Court No. 2", "District Court No. 3", "new"),
])
def test_organisation_decisions(a, b, expected):
    assert decision(compare(a, b, "organization").score) == expected


def test_the_index_finds_spelling_variants_among_many_names():
    index = ActorIndex("person")
    for i, given in enumerate(["Pavel", "Anna", "Ivan", "Oleg", "Dina"] * 40):
        index.add(("other", i), [f"{given} Surname{i:03d}ov"])
    index.add("target", ["Bakhytzhan Sarsenbayev", "Бақытжан Сәрсенбаев"])
    index.add("wife", ["Aliya Sarsenbayeva"])
    found = index.resolve_many(["Sarsenbaev Bakhytzhan", "B. Sarsenbayev", "Bakhytzhan Sarsenbaeyv", "Dina Nobody"])
    assert [c.key if c else None for c in found] == ["target", "target", "target", None]
    assert decision(found[1].match.score) == "review"
    assert index.best(["Бақытжан Сарсенбаев"]).key == "target"
    assert "wife" not in {c.key for c in index.candidates("Bakhytzhan Sarsenbayev") if c.match.score >= 0.7}


def test_thresholds_are_configuration(monkeypatch):
    from civicspace.resolve.settings import settings

    assert decision(compare("Ye. Sorokin", "Yevgeny Sorokin").score) == "review"
    monkeypatch.setitem(settings()["thresholds"], "merge", 0.8)
    assert decision(compare("Ye. Sorokin", "Yevgeny Sorokin").score) == "merge"
