"""`civicspace ingest FILE`: read, extract and store a document for review, once."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicspace.cli import main
from civicspace.store.models import Actor, Document, Evidence, Incident, Recommendation

pytestmark = pytest.mark.django_db

NEWS = """Court jails blogger in Chisinau

On 4 March 2019 police in Chisinau detained blogger Victor Ciobanu at his home. In June 2019 a district
court sentenced him to three years in prison for "calling for mass disorder".

The authorities should release Victor Ciobanu immediately.
"""


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Document, Actor, Incident, Recommendation, Evidence)}


def test_ingest_stores_incidents_with_evidence_for_review_and_twice_changes_nothing(tmp_path: Path, settings, capsys):
    settings.BLOB_DIR = tmp_path / "files"
    news = tmp_path / "news.txt"
    news.write_text(NEWS, encoding="utf-8")
    assert main(["ingest", str(news), "--confidentiality", "restricted"]) == 0
    assert "imported" in capsys.readouterr().out

    text = Document.objects.get().text
    by_type = {i.type: i for i in Incident.objects.all()}
    assert {"arrest", "conviction"} <= set(by_type)
    for incident in by_type.values():
        assert incident.review_state == "extracted"
        assert incident.confidentiality == "restricted"
        evidence = list(incident.evidence.all())
        assert evidence and all(text[e.start:e.end] == e.quote for e in evidence)
        assert all(e.component == "incidents" and e.component_version for e in evidence)
    assert any(v.name == "Victor Ciobanu" for v in by_type["conviction"].victims.all())

    before = counts()
    assert main(["ingest", str(news)]) == 0
    assert "nothing changed" in capsys.readouterr().out
    assert counts() == before


def test_ingest_of_a_missing_file_stores_nothing(tmp_path: Path, capsys):
    assert main(["ingest", str(tmp_path / "absent.txt")]) == 1
    assert "absent.txt" in capsys.readouterr().err
    assert Document.objects.count() == 0
