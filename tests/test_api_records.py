"""What an analyst's script sees through /api/: filters, pages, edits with validation
and history, and the `civicspace token` command that opens the door."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from civicspace.store.models import Actor, Document, Evidence, Incident, Law, Profile, Token
from civicspace.web import api_commands
from civicspace.web.api import token_digest

pytestmark = pytest.mark.django_db


def _client(role: str = "editor", clearance: str = "internal") -> Client:
    user = User.objects.create_user(f"{role}-{clearance}")
    Profile.objects.create(user=user, role=role, clearance=clearance)
    Token.objects.create(user=user, key_sha256=token_digest(f"k-{role}-{clearance}"))
    return Client(HTTP_AUTHORIZATION=f"Bearer k-{role}-{clearance}")


@pytest.fixture
def record() -> dict[str, object]:
    """Two journalists arrested in different years, a lawyer fined, under one law."""
    law = Law.objects.create(instrument="Criminal Code", article="190", confidentiality="internal")
    ana = Actor.objects.create(kind="person", name="Ana Lindqvist", roles=["journalist"], confidentiality="internal")
    ben = Actor.objects.create(kind="person", name="Ben Okafor", roles=["lawyer"], confidentiality="internal")
    made = []
    for year, kind, victim, place in [("2019-06", "arrest", ana, "Riga"), ("2021-02-11", "arrest", ana, "Tallinn"),
                                      ("2021", "administrative_penalty", ben, "Riga")]:
        incident = Incident.objects.create(
            type=kind, date_start=year, location=place, area="political_public_environment",
            summary=f"{victim.name} faced {kind.replace('_', ' ')} in {place}", confidentiality="internal",
        )
        incident.victims.add(victim)
        made.append(incident)
    made[1].laws.add(law)
    doc = Document.objects.create(sha256="d" * 64, title="Monitoring brief", text="Police held Ana Lindqvist.",
                                  confidentiality="internal")
    Evidence.objects.create(document=doc, start=12, end=26, quote="Ana Lindqvist", incident=made[0])
    return {"law": law, "ana": ana, "ben": ben, "incidents": made, "doc": doc}


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [r["id"] for r in response.json()["results"]]


def test_filters_combine_like_the_pages(record):
    c = _client()
    first, second, third = (i.pk for i in record["incidents"])
    assert set(_ids(c.get("/api/incidents?type=arrest"))) == {first, second}
    assert _ids(c.get("/api/incidents?type=arrest&year=2021")) == [second]
    assert set(_ids(c.get("/api/incidents?place=Riga"))) == {first, third}
    assert _ids(c.get("/api/incidents?role=lawyer")) == [third]
    assert _ids(c.get(f"/api/incidents?law={record['law'].pk}")) == [second]
    assert set(_ids(c.get("/api/incidents?type=arrest&type=administrative_penalty&year=2021"))) == {second, third}
    assert _ids(c.get("/api/incidents?q=tallinn")) == [second]
    assert _ids(c.get(f"/api/incidents?victim={record['ben'].pk}")) == [third]
    assert _ids(c.get("/api/actors?role=journalist")) == [record["ana"].pk]


def test_a_bad_filter_value_is_a_400_naming_the_parameter(record):
    c = _client()
    for query, name in [("type=abduction", "type"), ("year=last", "year"), ("role=spy", "role"), ("sort=size", "sort")]:
        response = c.get(f"/api/incidents?{query}")
        assert response.status_code == 400
        assert response.json()["detail"].startswith(name)


def test_pages_are_sorted_and_bounded(record):
    c = _client()
    newest = c.get("/api/incidents?sort=-date&page_size=2").json()
    assert newest["count"] == 3 and newest["page_size"] == 2
    assert [r["date_start"] for r in newest["results"]] == ["2021-02-11", "2021"]
    rest = c.get("/api/incidents?sort=-date&page_size=2&page=2").json()
    assert [r["date_start"] for r in rest["results"]] == ["2019-06"]
    assert c.get("/api/incidents?page=99").json()["results"] == []
    assert c.get("/api/incidents?page_size=100000").json()["page_size"] == 200


def test_facets_count_what_the_filters_leave(record):
    facets = _client().get("/api/incidents/facets?place=Riga").json()
    assert {v["value"]: v["count"] for v in facets["type"]} == {"arrest": 1, "administrative_penalty": 1}
    assert {v["value"]: v["count"] for v in facets["year"]} == {"2019": 1, "2021": 1}
    assert {v["value"]: v["count"] for v in facets["role"]} == {"journalist": 1, "lawyer": 1}


def test_detail_shows_linked_records_and_evidence(record):
    body = _client().get(f"/api/incidents/{record['incidents'][0].pk}").json()
    assert [v["label"] for v in body["victims"]] == ["Ana Lindqvist"]
    assert body["evidence"] == [
        {"document": record["doc"].pk, "start": 12, "end": 26, "quote": "Ana Lindqvist", "component": "import"}
    ]


def _patch(c: Client, url: str, body: dict):
    return c.patch(url, data=json.dumps(body), content_type="application/json")


def test_an_editor_verifies_and_corrects_and_history_names_them(record):
    c = _client()
    incident = record["incidents"][0]
    response = _patch(c, f"/api/incidents/{incident.pk}", {"review_state": "verified", "location": "Jurmala"})
    assert response.status_code == 200
    assert response.json()["review_state"] == "verified"
    incident.refresh_from_db()
    assert (incident.review_state, incident.location) == ("verified", "Jurmala")
    latest = incident.history.latest()
    assert latest.history_user.username == "editor-internal"
    assert latest.prev_record.location == "Riga"


def test_an_edit_with_a_bad_code_changes_nothing(record):
    c = _client()
    incident = record["incidents"][0]
    response = _patch(c, f"/api/incidents/{incident.pk}", {"type": "abduction", "summary": "changed"})
    assert response.status_code == 400
    assert "type" in response.json()["detail"]
    incident.refresh_from_db()
    assert (incident.type, incident.summary) == ("arrest", "Ana Lindqvist faced arrest in Riga")
    actor_url = f"/api/actors/{record['ana'].pk}"
    response = _patch(c, actor_url, {"roles": ["journalist", "astronaut"]})
    assert response.status_code == 400 and "roles" in response.json()["detail"]
    assert _patch(c, actor_url, {"roles": ["journalist", "blogger"]}).json()["roles"] == ["journalist", "blogger"]


def test_search_endpoint_limits_kinds_and_rejects_unknown_ones(record):
    c = _client()
    hits = c.get("/api/search?q=lindqvist").json()["results"]
    assert {h["kind"] for h in hits} == {"actor", "incident", "document"}
    only = c.get("/api/search?q=lindqvist&kind=actor").json()["results"]
    assert [(h["kind"], h["id"]) for h in only] == [("actor", record["ana"].pk)]
    assert c.get("/api/search?q=lindqvist&kind=planet").status_code == 400


def test_token_command_prints_a_key_that_opens_the_api(record, capsys):
    user = User.objects.create_user("script")
    Profile.objects.create(user=user, role="viewer", clearance="internal")
    args = api_commands.argparse.Namespace(user="script", name="nightly export")
    assert api_commands.create_token(args) == 0
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=user).key_sha256 == token_digest(key), "only the hash is stored"
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/incidents").json()["count"] == 3
    assert api_commands.revoke_tokens(api_commands.argparse.Namespace(user="script")) == 0
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/incidents").status_code == 401


def test_token_command_refuses_unknown_users_and_users_without_role():
    from civicspace.errors import CivicspaceError

    with pytest.raises(CivicspaceError, match="no such user"):
        api_commands.create_token(api_commands.argparse.Namespace(user="ghost", name=""))
    User.objects.create_user("norole")
    with pytest.raises(CivicspaceError, match="no role"):
        api_commands.create_token(api_commands.argparse.Namespace(user="norole", name=""))
