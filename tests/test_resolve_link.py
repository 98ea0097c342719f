"""Resolution on import, and merges a reviewer can undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import transaction

from civicspace.cli import main
from civicspace.resolve.link import find_twin_incident, forget_indexes, resolve_actor
from civicspace.store.models import Actor, Evidence, Incident, MergeSuggestion

pytestmark = pytest.mark.django_db

# One invented news item, published twice: once with Russian-style spellings, once with
# Kazakh-style ones and a slip in a surname's ending.
VERSIONS = [
    {"lawyer": "Yerlan Zhaksylykov", "editor": "Gulnara Seitkaliyeva", "wife": "Dana Zhaksylykova"},
    {"lawyer": "Erlan Zhaksylykov", "editor": "Gulnara Seitkaliev", "wife": "Dana Zhaksylykova"},
]


def write_version(tmp_path: Path, n: int, names: dict[str, str]) -> tuple[Path, Path]:
    text = (
        f"Report, version {n}.\n"
        f"In May 2019 the lawyer {names['lawyer']} was detained in Shymkent after a rally. "
        f"His wife {names['wife']} was not allowed to see him. "
        f"The editor {names['editor']} was fined for a post about the rally.\n"
    )
    original = tmp_path / f"version{n}.txt"
    original.write_text(text, encoding="utf-8")

    def ev(quote: str) -> dict:
        start = text.index(quote)
        return {"quote": quote, "start": start, "end": start + len(quote)}

    dossier = {
        "format": "civicspace-dossier/1",
        "document": {"title": f"Version {n}"},
        "actors": [
            {"id": "a1", "kind": "person", "name": names["lawyer"], "evidence": [ev(names["lawyer"])]},
            {"id": "a2", "kind": "person", "name": names["wife"], "evidence": [ev(names["wife"])]},
            {"id": "a3", "kind": "person", "name": names["editor"], "evidence": [ev(names["editor"])]},
        ],
        "incidents": [
            {"id": "i1", "type": "arrest", "date": "2019-05", "location": "Shymkent", "victims": ["a1"],
             "evidence": [ev(f"the lawyer {names['lawyer']} was detained in Shymkent")]},
            {"id": "i2", "type": "administrative_penalty", "date": "2019", "victims": ["a3"],
             "evidence": [ev(f"The editor {names['editor']} was fined")]},
        ],
    }
    path = tmp_path / f"version{n}.json"
    path.write_text(json.dumps(dossier, ensure_ascii=False), encoding="utf-8")
    return path, original


@pytest.fixture(autouse=True)
def fresh_index():
    forget_indexes()
    yield
    forget_indexes()


def import_both(tmp_path: Path) -> None:
    for n, names in enumerate(VERSIONS, 1):
        dossier, original = write_version(tmp_path, n, names)
        assert main(["import", str(dossier), "--document", str(original)]) == 0


def test_one_report_published_twice_gives_each_person_and_incident_once(tmp_path):
    import_both(tmp_path)
    persons = Actor.objects.filter(kind="person", merged_into__isnull=True)
    assert persons.count() == 3
    lawyer = persons.get(name="Yerlan Zhaksylykov")
    assert "Erlan Zhaksylykov" in lawyer.aliases
    assert lawyer.documents.count() == 2
    assert {e.document.title for e in Evidence.objects.filter(actor=lawyer)} == {"Version 1", "Version 2"}
    assert Incident.objects.count() == 2
    for incident in Incident.objects.all():
        assert {e.document.title for e in incident.evidence.all()} == {"Version 1", "Version 2"}
    # the husband and the wife share a surname but stay two people, with nothing to review
    assert persons.filter(name="Dana Zhaksylykova").count() == 1
    assert not MergeSuggestion.objects.filter(status="pending").exists()


def test_a_grey_zone_name_is_stored_and_queued_for_review(tmp_path, capsys):
    import_both(tmp_path)
    decision, found, score = resolve_actor({"name": "Ye. Zhaksylykov"}, kind="person")
    assert decision == "review" and found is not None and found.name == "Yerlan Zhaksylykov"
    text = "A later note: Ye. Zhaksylykov was released."
    original = tmp_path / "note.txt"
    original.write_text(text, encoding="utf-8")
    start = text.index("Ye. Zhaksylykov")
    dossier = tmp_path / "note.json"
    dossier.write_text(json.dumps({"format": "civicspace-dossier/1", "actors": [
        {"id": "a1", "kind": "person", "name": "Ye. Zhaksylykov",
         "evidence": [{"quote": "Ye. Zhaksylykov", "start": start, "end": start + 15}]}]}), encoding="utf-8")
    assert main(["import", str(dossier), "--document", str(original)]) == 0
    assert Actor.objects.filter(name="Ye. Zhaksylykov").exists()
    capsys.readouterr()
    assert main(["resolve", "--pending"]) == 0
    out = capsys.readouterr().out
    assert "Yerlan Zhaksylykov" in out and "Ye. Zhaksylykov" in out and "initial" in out


def test_merge_then_split_restores_the_record(tmp_path, capsys):
    import_both(tmp_path)
    lawyer = Actor.objects.get(name="Yerlan Zhaksylykov")
    wife = Actor.objects.get(name="Dana Zhaksylykova")
    incident = Incident.objects.get(type="arrest")
    incident.victims.add(wife)

    def state() -> dict:
        return {
            "victims": sorted(incident.victims.values_list("id", flat=True)),
            "lawyer": (sorted(lawyer.documents.values_list("id", flat=True)),
                       sorted(Evidence.objects.filter(actor=lawyer).values_list("id", flat=True)),
                       Actor.objects.get(pk=lawyer.pk).aliases),
            "wife": (sorted(wife.documents.values_list("id", flat=True)),
                     sorted(Evidence.objects.filter(actor=wife).values_list("id", flat=True)),
                     Actor.objects.get(pk=wife.pk).merged_into_id),
        }

    before = state()
    assert main(["merge", str(lawyer.pk), str(wife.pk)]) == 0
    assert Actor.objects.get(pk=wife.pk).merged_into_id == lawyer.pk
    assert list(incident.victims.values_list("id", flat=True)) == [lawyer.pk]
    assert not Evidence.objects.filter(actor=wife).exists()
    assert "Dana Zhaksylykova" in Actor.objects.get(pk=lawyer.pk).aliases
    record = MergeSuggestion.objects.get(status="merged")
    assert record.detail["absorbed"] == wife.pk and record.detail["evidence"]
    assert Actor.history.filter(id=wife.pk, history_change_reason__contains="merged into").exists()
    assert main(["split", str(wife.pk)]) == 0
    assert state() == before
    assert MergeSuggestion.objects.get(pk=record.pk).status == "split"


def test_merge_refuses_what_it_cannot_undo(tmp_path, capsys):
    import_both(tmp_path)
    a, b = Actor.objects.filter(kind="person").order_by("id")[:2]
    assert main(["merge", str(a.pk), str(a.pk)]) == 1
    assert main(["split", str(b.pk)]) == 1
    assert main(["merge", str(a.pk), "999999"]) == 1
    assert "no such actor" in capsys.readouterr().err


def test_twin_incidents_need_the_same_victims_and_a_compatible_date(tmp_path):
    import_both(tmp_path)
    lawyer = Actor.objects.get(name="Yerlan Zhaksylykov")
    wife = Actor.objects.get(name="Dana Zhaksylykova")
    stored = Incident.objects.get(type="arrest")
    assert find_twin_incident("arrest", [lawyer], "2019-05-14") == stored
    assert find_twin_incident("arrest", [lawyer], "2019") == stored
    assert find_twin_incident("arrest", [lawyer], "2019-06") is None
    assert find_twin_incident("arrest", [wife], "2019-05") is None
    assert find_twin_incident("criminal_charge", [lawyer], "2019-05") is None


def test_both_development_documents_give_each_person_once(shared):
    golds = sorted((shared / "gold").glob("*.json"))
    for gold in golds:
        assert main(["import", str(gold), "--document", str(shared / "corpus" / f"{gold.stem}.txt")]) == 0
    live = list(Actor.objects.filter(kind="person", merged_into__isnull=True))
    for gold in golds:
        for person in json.loads(gold.read_text(encoding="utf-8"))["actors"]:
            if person["kind"] != "person":
                continue
            holders = [a for a in live if person["name"] in (a.name, *a.aliases)]
            assert len(holders) == 1, person["name"]
    assert len(live) < sum(
        1 for g in golds for a in json.loads(g.read_text(encoding="utf-8"))["actors"] if a["kind"] == "person"
    )
    assert sum(a.documents.count() == 2 for a in live) >= 25
    counts = [len(json.loads(g.read_text(encoding="utf-8"))["incidents"]) for g in golds]
    assert Incident.objects.count() <= max(counts)  # the second version's incidents found their twins
    both = [i for i in Incident.objects.all() if i.evidence.values("document").distinct().count() == 2]
    assert len(both) >= 0.9 * min(counts)


def test_a_rolled_back_import_leaves_no_ghost_in_the_index():
    with pytest.raises(RuntimeError), transaction.atomic():
        Actor.objects.create(kind="person", name="Bolat Ospanov")
        assert resolve_actor({"name": "Bolat Ospanov"}, kind="person")[0] == "merge"
        raise RuntimeError("the import failed")
    Actor.objects.create(kind="person", name="Aliya Temirova")
    assert resolve_actor({"name": "Bolat Ospanov"}, kind="person") == ("new", None, 0.0)


def test_compare_explains_a_score(capsys):
    assert main(["resolve", "--compare", "Ye. Ospanov", "Yevgeny Ospanov"]) == 0
    score, verdict, reason = capsys.readouterr().out.strip().split("\t")
    assert verdict == "review" and "initial" in reason
