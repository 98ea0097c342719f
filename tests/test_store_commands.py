"""`civicspace demo` and `civicspace migrate`: what a new user runs first."""

from __future__ import annotations

import pytest

from civicspace.cli import main
from civicspace.store.models import Incident

pytestmark = pytest.mark.django_db


def test_demo_imports_the_sample_and_prints_the_summary_tables(capsys, settings, tmp_path):
    settings.BLOB_DIR = tmp_path / "files"
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Records per kind" in out and "Incidents per area and type" in out
    convictions = Incident.objects.filter(type="conviction").count()
    assert convictions == 3
    assert set(Incident.objects.values_list("review_state", "confidentiality")) == {("verified", "public")}
    row = next(line for line in out.splitlines() if line.startswith("political_public_environment") and "conviction" in line)
    assert row.split()[-1] == str(convictions)
    assert main(["demo"]) == 0
    assert "already stored" in capsys.readouterr().out
    assert Incident.objects.filter(type="conviction").count() == convictions


def test_migrate_brings_the_database_up_to_date(capsys):
    assert main(["migrate"]) == 0
    assert "No migrations to apply" in capsys.readouterr().out
