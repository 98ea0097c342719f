"""`civicspace import`: a dossier is stored whole, once, or not at all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.apps import apps

from civicspace.cli import main
from civicspace.demo import sample_paths
from civicspace.store import blobs
from civicspace.store.models import Actor, Document, Evidence, Incident, Law, Recommendation, Source

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def blob_dir(settings, tmp_path):
    settings.BLOB_DIR = tmp_path / "files"
    return settings.BLOB_DIR


@pytest.fixture
def sample(tmp_path) -> tuple[Path, Path]:
    """Copies of the bundled sample (dossier, report) that a test may alter."""
    dossier_path, report_path = sample_paths()
    return (Path(shutil.copy(dossier_path, tmp_path / "sample.json")),
            Path(shutil.copy(report_path, tmp_path / "sample.md")))


def rows_per_table() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def files_in(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def other_document(tmp_path) -> tuple[Path, Path]:
    """A second small report and its dossier, so that a rejected import meets a non-empty database."""
    text = "Marta Olin, a lawyer, was detained in Port Vella in March 2020.\n"
    report = tmp_path / "other.txt"
    report.write_text(text, encoding="utf-8")
    quote = "Marta Olin, a lawyer, was detained in Port Vella in March 2020"
    data = {
        "format": "civicspace-dossier/1",
        "document": {"title": "Other"},
        "actors": [{"id": "a1", "kind": "person", "name": "Marta Olin", "roles": ["lawyer"]}],
        "incidents": [{"id": "i1", "type": "arrest", "date": "2020-03", "location": "Port Vella",
                       "victims": ["a1"], "evidence": [{"quote": quote, "start": 0, "end": len(quote)}]}],
    }
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, report


def test_import_stores_every_record_with_its_evidence_and_keeps_the_original(sample, blob_dir, capsys):
    dossier_path, report_path = sample
    assert main(["import", str(dossier_path), "--document", str(report_path)]) == 0
    assert "imported" in capsys.readouterr().out

    data = json.loads(dossier_path.read_text(encoding="utf-8"))
    doc = Document.objects.get()
    assert doc.sha256 == data["document"]["sha256"]
    assert doc.text == report_path.read_text(encoding="utf-8")
    assert blobs.path_of(doc.sha256) == blob_dir / doc.sha256[:2] / doc.sha256[2:]
    assert blobs.get(doc.sha256) == report_path.read_bytes()

    assert Actor.objects.count() == len(data["actors"])
    assert Incident.objects.count() == len(data["incidents"])
    assert Recommendation.objects.count() == len(data["recommendations"])
    assert Source.objects.filter(document=doc).count() == len(data["sources"])

    ostrogin = Actor.objects.get(name="Pavel Ostrogin")
    assert ostrogin.roles == ["politician"]
    assert list(ostrogin.affiliations.values_list("name", flat=True)) == ["Civic Future"]
    conviction = ostrogin.victim_of.get(type="conviction")
    assert (conviction.date_start, conviction.year, conviction.prison_months) == ("2021-09-14", 2021, 48)
    assert conviction.perpetrators.get().name == "Kelvara City Court"
    assert list(conviction.sources.values_list("number", flat=True)) == ["3"]

    fined = Incident.objects.get(type="administrative_penalty")
    assert (int(fined.fine_amount), fined.fine_currency) == (150000, "SVF")
    charged = Incident.objects.filter(type="criminal_charge")
    assert charged.count() == 3
    assert {law.article for inc in charged for law in inc.laws.all()} == {"211"}
    assert Law.objects.filter(article="211").count() == 1

    for ev in Evidence.objects.all():
        assert doc.text[ev.start : ev.end] == ev.quote
        assert ev.component == "import"
    assert all(r.status == "made" for r in Recommendation.objects.all())
    assert set(Incident.objects.values_list("review_state", flat=True)) == {"extracted"}
    assert set(Incident.objects.values_list("confidentiality", flat=True)) == {"internal"}


def test_state_and_confidentiality_apply_unless_a_record_sets_its_own(sample):
    dossier_path, report_path = sample
    data = json.loads(dossier_path.read_text(encoding="utf-8"))
    data["actors"][4]["confidentiality"] = "restricted"
    dossier_path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", str(dossier_path), "--document", str(report_path),
                 "--state", "verified", "--confidentiality", "public"]) == 0
    assert set(Actor.objects.values_list("review_state", flat=True)) == {"verified"}
    assert Actor.objects.get(name=data["actors"][4]["name"]).confidentiality == "restricted"
    assert Actor.objects.filter(confidentiality="public").count() == len(data["actors"]) - 1


def test_importing_the_same_document_twice_changes_nothing(sample, capsys):
    dossier_path, report_path = sample
    assert main(["import", str(dossier_path), "--document", str(report_path)]) == 0
    before = rows_per_table()
    capsys.readouterr()
    assert main(["import", str(dossier_path), "--document", str(report_path)]) == 0
    assert "already stored" in capsys.readouterr().out
    assert rows_per_table() == before


def test_a_dossier_without_its_original_is_stored_by_its_sha256(sample):
    dossier_path, _ = sample
    assert main(["import", str(dossier_path)]) == 0
    doc = Document.objects.get()
    assert doc.text == "" and doc.evidence.count() > 0


def test_a_merged_dossier_imports_with_evidence_naming_its_document(sample, tmp_path):
    dossier_path, report_path = sample
    data = json.loads(dossier_path.read_text(encoding="utf-8"))
    sha = data.pop("document")["sha256"]
    data["documents"] = [{"title": "Sample", "sha256": sha}]
    for kind in ("laws", "incidents", "recommendations"):
        for rec in data[kind]:
            for ev in rec["evidence"]:
                ev["document"] = sha
    merged = tmp_path / "merged.json"
    merged.write_text(json.dumps(data), encoding="utf-8")
    assert main(["import", str(merged), "--document", str(report_path)]) == 0
    doc = Document.objects.get(sha256=sha)
    assert doc.incidents.count() == len(data["incidents"])
    assert doc.actors.count() == len(data["actors"])
    assert doc.sources.count() == len(data["sources"])


def break_json(data: dict) -> str:
    return json.dumps(data)[:-20]


def unknown_code(data: dict) -> str:
    data["incidents"][2]["type"] = "jailed"
    return json.dumps(data)


def dangling_id(data: dict) -> str:
    data["incidents"][2]["victims"] = ["a404"]
    return json.dumps(data)


def span_outside(data: dict) -> str:
    ev = data["incidents"][2]["evidence"][0]
    ev["start"], ev["end"] = 10**6, 10**6 + len(ev["quote"])
    return json.dumps(data)


def quote_elsewhere(data: dict) -> str:
    ev = data["incidents"][2]["evidence"][0]
    ev["start"], ev["end"] = ev["start"] + 1, ev["end"] + 1
    return json.dumps(data)


def wrong_sha(data: dict) -> str:
    data["document"]["sha256"] = "0" * 64
    return json.dumps(data)


def too_long(data: dict) -> str:
    data["actors"][0]["country"] = "Sarvonia"
    return json.dumps(data)


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (break_json, "malformed JSON at line 1"),
        (unknown_code, "incidents[2].type: 'jailed' is not a code of incident_types"),
        (dangling_id, "incidents[2].victims[0]: unknown actor id 'a404'"),
        (span_outside, "incidents[2].evidence[0]: span 1000000-"),
        (quote_elsewhere, "incidents[2].evidence[0]: the quote is not the text at"),
        (wrong_sha, "differs from document.sha256 0000000000"),
        (too_long, "actors[0].country: 8 characters, at most 2 allowed"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_the_database_is_unchanged(
    spoil, expected, sample, tmp_path, blob_dir, capsys
):
    other, other_report = other_document(tmp_path)
    assert main(["import", str(other), "--document", str(other_report)]) == 0
    before, kept = rows_per_table(), files_in(blob_dir)
    capsys.readouterr()

    dossier_path, report_path = sample
    dossier_path.write_text(spoil(json.loads(dossier_path.read_text(encoding="utf-8"))), encoding="utf-8")
    assert main(["import", str(dossier_path), "--document", str(report_path)]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert expected in err
    assert str(dossier_path) in err or str(report_path) in err
    assert rows_per_table() == before
    assert files_in(blob_dir) == kept


def test_a_failure_while_writing_rolls_back_everything(sample, blob_dir, monkeypatch):
    dossier_path, report_path = sample
    before = rows_per_table()

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Evidence.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        main(["import", str(dossier_path), "--document", str(report_path)])
    assert rows_per_table() == before
    assert files_in(blob_dir) == []


def test_a_merged_export_imports_back_into_the_same_documents(sample, tmp_path):
    """Export everything as one dossier, empty the database, import it with both originals:
    each document's own dossier is what it was."""
    other, other_report = other_document(tmp_path)
    dossier_path, report_path = sample
    for d, original in ((dossier_path, report_path), (other, other_report)):
        assert main(["import", str(d), "--document", str(original)]) == 0
    merged = tmp_path / "all.json"
    assert main(["export", "--out", str(tmp_path / "before"), "--merged", str(merged)]) == 0
    for model in (Incident, Recommendation, Actor, Law, Document):
        model.objects.all().delete()

    assert main(["import", str(merged), "--document", str(report_path), "--document", str(other_report)]) == 0
    assert main(["export", "--out", str(tmp_path / "after")]) == 0
    for before in (tmp_path / "before").glob("*.json"):
        assert digest(before) == digest(tmp_path / "after" / before.name)


def digest(path: Path) -> dict:
    """What a dossier says, without its local ids."""
    d = json.loads(path.read_text(encoding="utf-8"))
    names = {a["id"]: a["name"] for a in d["actors"]}
    return {
        "document": d["document"],
        "sources": [(s["id"], s["title"], s["url"]) for s in d["sources"]],
        "actors": sorted((a["kind"], a["name"], tuple(a.get("roles", [])), a.get("org_type")) for a in d["actors"]),
        "laws": sorted((x["instrument"], x["article"]) for x in d["laws"]),
        "incidents": sorted(
            (i["type"], str(i["date"]), tuple(sorted(names[v] for v in i["victims"])), json.dumps(i["penalty"]),
             json.dumps(i["evidence"]))
            for i in d["incidents"]
        ),
        "recommendations": sorted((r["text"], r["area"], tuple(r["addressees"])) for r in d["recommendations"]),
    }
