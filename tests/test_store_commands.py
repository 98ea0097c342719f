"""`civicspace demo` and `civicspace migrate`: what a new user runs first."""

from __future__ import annotations

import pytest

from civicspace.cli import main
from civicspace.store.models import Incident

pytestmark = pytest.mark.django_db


def test_demo_runs_the_main_job_end_to_end(capsys, settings, tmp_path):
    settings.HOME = tmp_path
    settings.BLOB_DIR = tmp_path / "files"
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    for command in ("civicspace read", "civicspace extract", "civicspace import", "civicspace report"):
        assert command in out
    assert "Records per kind" in out and "Incidents per area and type" in out
    assert Incident.objects.filter(type="conviction").exists()
    assert set(Incident.objects.values_list("review_state", flat=True)) == {"extracted"}
    work = tmp_path / "demo"
    assert (work / "sample-report.dossier.json").is_file()
    for fmt in ("md", "html", "pdf", "docx"):
        assert (work / f"five-area-report.{fmt}").stat().st_size > 1000
    assert "Conviction" in (work / "five-area-report.md").read_text() or "conviction" in (
        work / "five-area-report.md").read_text()


def test_summary_counts_what_was_imported(capsys, settings, tmp_path):
    from civicspace.demo import sample_paths

    settings.BLOB_DIR = tmp_path / "files"
    dossier, report = sample_paths()
    assert main(["import", str(dossier), "--document", str(report)]) == 0
    capsys.readouterr()
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    convictions = Incident.objects.filter(type="conviction").count()
    row = next(line for line in out.splitlines() if line.startswith("political_public_environment") and "conviction" in line)
    assert row.split()[-1] == str(convictions)


def test_migrate_brings_the_database_up_to_date(capsys):
    assert main(["migrate"]) == 0
    assert "No migrations to apply" in capsys.readouterr().out
