"""`civicspace export`: what leaves the database is valid, complete, and never above the level asked for."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from civicspace import dossier
from civicspace.cli import main
from civicspace.demo import sample_paths
from civicspace.store.models import Actor, Document, Incident, Recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stored_sample(settings, tmp_path):
    settings.BLOB_DIR = tmp_path / "files"
    dossier_path, report_path = sample_paths()
    assert main(["import", str(dossier_path), "--document", str(report_path)]) == 0
    return json.loads(dossier_path.read_text(encoding="utf-8"))


def exported(tmp_path: Path, *args: str) -> dict:
    out = tmp_path / "out"
    assert main(["export", "--format", "json", "--out", str(out), *args]) == 0
    files = list(out.glob("*.json"))
    assert len(files) == 1
    return json.loads(files[0].read_text(encoding="utf-8"))


def test_one_valid_dossier_per_document_named_by_its_sha256(tmp_path, stored_sample):
    data = exported(tmp_path)
    sha = stored_sample["document"]["sha256"]
    assert (tmp_path / "out" / f"{sha}.json").exists()
    d = dossier.parse(data)
    text = Document.objects.get().text
    assert dossier.span_problems(d, {None: text}) == []
    assert d.document.title == stored_sample["document"]["title"]
    assert len(d.actors) == len(stored_sample["actors"])
    assert len(d.incidents) == len(stored_sample["incidents"])
    assert [s.id for s in d.sources] == [s["id"] for s in stored_sample["sources"]]
    conviction = next(i for i in d.incidents if i.date == "2021-09-14")
    assert conviction.penalty.prison_months == 48
    fine = next(i for i in d.incidents if i.type == "administrative_penalty").penalty.fine
    assert (fine.amount, fine.currency) == (150000, "SVF")


def test_a_record_above_the_level_never_appears_nor_does_any_reference_to_it(tmp_path):
    Actor.objects.filter(name="Irena Valkova").update(confidentiality="restricted")
    Incident.objects.filter(type="organization_ban").update(confidentiality="restricted")
    data = exported(tmp_path)
    text = json.dumps(data)
    assert "Irena Valkova" not in [a["name"] for a in data["actors"]]
    assert not any(i["type"] == "organization_ban" for i in data["incidents"])
    assert all(v in {a["id"] for a in data["actors"]} for i in data["incidents"] for v in i["victims"])
    assert '"restricted"' not in text

    everything = exported(tmp_path, "--confidentiality", "restricted")
    assert "Irena Valkova" in [a["name"] for a in everything["actors"]]


def test_a_public_export_leaves_internal_records_and_documents_out(tmp_path):
    Recommendation.objects.filter(area="general").update(confidentiality="public")
    out = tmp_path / "public"
    assert main(["export", "--out", str(out), "--confidentiality", "public"]) == 0
    assert list(out.glob("*.json")) == []
    Document.objects.update(confidentiality="public")
    data = exported(tmp_path, "--confidentiality", "public")
    assert data["incidents"] == [] and data["actors"] == []
    assert {r["area"] for r in data["recommendations"]} == {"general"}


def test_the_state_filter_keeps_what_was_asked_for_and_what_it_names(tmp_path):
    Incident.objects.filter(type="conviction").update(review_state="verified")
    Incident.objects.filter(type="arrest").update(review_state="rejected")
    verified = exported(tmp_path, "--state", "verified")
    assert {i["type"] for i in verified["incidents"]} == {"conviction"}
    assert {a["name"] for a in verified["actors"]} == {"Pavel Ostrogin", "Lidia Marek", "Nadia Ferenc",
                                                       "Kelvara City Court"}
    assert {s["id"] for s in verified["sources"]} >= {"3", "5"}
    assert verified["recommendations"] == []
    everything = exported(tmp_path)
    assert "arrest" not in {i["type"] for i in everything["incidents"]}


def test_a_merged_export_names_the_document_of_every_passage(tmp_path, stored_sample):
    merged = tmp_path / "all.json"
    assert main(["export", "--merged", str(merged)]) == 0
    d = dossier.load(merged)
    sha = stored_sample["document"]["sha256"]
    assert [doc.sha256 for doc in d.documents] == [sha]
    assert {ev.document for _, ev in d.evidence_items()} == {sha}
    assert all(s.id.startswith(sha[:12] + "#") for s in d.sources)


def test_csv_gives_one_table_per_kind_with_the_same_filter(tmp_path, stored_sample):
    Actor.objects.filter(name="Dmitri Holst").update(confidentiality="restricted")
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    names = {p.name for p in out.glob("*.csv")}
    assert names == {f"{k}.csv" for k in
                     ("actors", "incidents", "laws", "recommendations", "sources", "documents", "evidence")}
    with (out / "actors.csv").open(encoding="utf-8") as fh:
        actors = list(csv.DictReader(fh))
    assert "Dmitri Holst" not in {a["name"] for a in actors}
    holst = str(Actor.objects.get(name="Dmitri Holst").pk)
    with (out / "incidents.csv").open(encoding="utf-8") as fh:
        incidents = list(csv.DictReader(fh))
    assert len(incidents) == len(stored_sample["incidents"])
    assert all(holst not in row["victims"].split("; ") for row in incidents)
    with (out / "evidence.csv").open(encoding="utf-8") as fh:
        evidence = list(csv.DictReader(fh))
    text = Document.objects.get().text
    assert all(text[int(e["start"]) : int(e["end"])] == e["quote"] for e in evidence)


def test_export_without_a_destination_says_what_is_missing(capsys):
    assert main(["export", "--format", "csv"]) == 1
    assert "--out DIR" in capsys.readouterr().err


def test_nothing_of_a_document_above_the_level_leaves_even_through_its_records(tmp_path, stored_sample):
    text = "Rosa Kell, an editor, was fined in Lund Bay in 2018.\n"
    (tmp_path / "secret.txt").write_text(text, encoding="utf-8")
    quote = text.strip().rstrip(".")
    secret = {
        "format": "civicspace-dossier/1", "document": {"title": "Confidential note"},
        "actors": [{"id": "a1", "kind": "person", "name": "Rosa Kell", "roles": ["editor"]}],
        "incidents": [{"id": "i1", "type": "administrative_penalty", "victims": ["a1"],
                       "evidence": [{"quote": quote, "start": 0, "end": len(quote)}]}],
    }
    (tmp_path / "secret.json").write_text(json.dumps(secret), encoding="utf-8")
    assert main(["import", str(tmp_path / "secret.json"), "--document", str(tmp_path / "secret.txt")]) == 0
    Document.objects.filter(title="Confidential note").update(confidentiality="restricted")

    merged = tmp_path / "all.json"
    assert main(["export", "--merged", str(merged)]) == 0
    assert "Rosa Kell" not in merged.read_text(encoding="utf-8")
    assert [d.title for d in dossier.load(merged).documents] == [stored_sample["document"]["title"]]
    out = tmp_path / "csv"
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    assert not any("Rosa Kell" in p.read_text(encoding="utf-8") for p in out.glob("*.csv"))
