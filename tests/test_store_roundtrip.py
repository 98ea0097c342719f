"""Done-when of the store: a gold dossier imported and exported again scores 1.0 on every kind."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from civicspace.cli import main
from civicspace.demo import sample_paths

pytestmark = pytest.mark.django_db

KINDS = ("persons", "organizations", "laws", "incidents", "incidents_strict", "recommendations")


def scores(shared: Path, gold: Path, exported: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(shared / "tools" / "score_dossier.py"), str(gold), str(exported), "--json"],
        check=True, capture_output=True, text=True,
    ).stdout
    return json.loads(out)


def round_trip(gold: Path, original: Path, tmp_path: Path) -> Path:
    assert main(["import", str(gold), "--document", str(original), "--confidentiality", "public"]) == 0
    out = tmp_path / "export"
    assert main(["export", "--format", "json", "--out", str(out), "--confidentiality", "public"]) == 0
    sha = json.loads(gold.read_text(encoding="utf-8"))["document"]["sha256"]
    return out / f"{sha}.json"


def test_every_gold_dossier_comes_back_whole(shared, tmp_path, settings):
    settings.BLOB_DIR = tmp_path / "files"
    golds = sorted((shared / "gold").glob("*.json"))
    assert golds
    for gold in golds:  # all in one database, so that records shared between documents are tested too
        exported = round_trip(gold, shared / "corpus" / f"{gold.stem}.txt", tmp_path)
        result = scores(shared, gold, exported)
        assert {k: result[k]["f1"] for k in KINDS} == dict.fromkeys(KINDS, 1.0), gold.name
        assert result["recommendation_area_accuracy"] == 1.0
        assert result["recommendation_addressee_accuracy"] == 1.0


def test_the_sample_comes_back_whole(shared, tmp_path, settings):
    settings.BLOB_DIR = tmp_path / "files"
    dossier_path, report_path = sample_paths()
    exported = round_trip(dossier_path, report_path, tmp_path)
    result = scores(shared, dossier_path, exported)
    assert {k: result[k]["f1"] for k in KINDS} == dict.fromkeys(KINDS, 1.0)
