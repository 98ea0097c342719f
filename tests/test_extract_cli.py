"""`civicspace extract` as a user runs it: one file, several files in parallel, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from civicspace.cli import main
from civicspace.dossier import load, span_problems


def exact(dossier, source: Path):
    """Every dossier these tests make quotes its document exactly at the offsets it gives."""
    assert span_problems(dossier, {None: source.read_text(encoding="utf-8")}) == []
    return dossier

REPORT = """Freedom of assembly in the region

1. Arrests at protests

On 3 May 2019, in Tbilisi, police detained activist Nino Beridze at a rally. She was released the next day.

Recommendations:

- Release everyone detained for peaceful protest.
"""

NEWS = """Court fines editor

In June 2020 a court in Chisinau fined editor Victor Ciobanu 5,000 euros for defamation.
The authorities should stop prosecuting journalists for their work.
"""


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    a, b = tmp_path / "report.txt", tmp_path / "news.txt"
    a.write_text(REPORT, encoding="utf-8")
    b.write_text(NEWS, encoding="utf-8")
    return [a, b]


def test_one_file_to_a_dossier_file(files, tmp_path):
    out = tmp_path / "d.json"
    assert main(["extract", str(files[0]), "-o", str(out)]) == 0
    dossier = exact(load(out), files[0])
    assert {a.name for a in dossier.actors if a.kind == "person"} == {"Nino Beridze"}
    assert {i.type for i in dossier.incidents} == {"arrest", "release"}
    assert [r.text for r in dossier.recommendations] == ["Release everyone detained for peaceful protest."]


def test_several_files_in_parallel_give_the_same_dossiers_as_one_by_one(files, tmp_path):
    assert main(["extract", *map(str, files), "--out-dir", str(tmp_path / "par"), "--jobs", "2"]) == 0
    assert main(["extract", *map(str, files), "--out-dir", str(tmp_path / "seq"), "--jobs", "1"]) == 0
    for f in files:
        par = json.loads((tmp_path / "par" / f"{f.stem}.json").read_text(encoding="utf-8"))
        seq = json.loads((tmp_path / "seq" / f"{f.stem}.json").read_text(encoding="utf-8"))
        assert par == seq
        exact(load(tmp_path / "par" / f"{f.stem}.json"), f)
    news = load(tmp_path / "par" / "news.json")
    fine = next(i for i in news.incidents if i.type == "administrative_penalty")
    assert fine.penalty is not None and fine.penalty.fine is not None
    assert (fine.penalty.fine.amount, fine.penalty.fine.currency) == (5000, "EUR")


def test_a_missing_file_is_one_line_error_and_nothing_written(tmp_path, capsys):
    out = tmp_path / "d.json"
    assert main(["extract", str(tmp_path / "nope.txt"), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "nope.txt" in err
    assert not out.exists()


def test_o_with_several_files_is_refused(files, tmp_path, capsys):
    assert main(["extract", *map(str, files), "-o", str(tmp_path / "d.json")]) == 1
    assert "--out-dir" in capsys.readouterr().err
