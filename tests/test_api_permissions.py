"""Every API endpoint, for every role and every confidentiality level: who may see,
count, search and change what. A viewer must not learn that a restricted record exists."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from civicspace.store.models import (
    Actor,
    Document,
    Incident,
    Law,
    Profile,
    Recommendation,
    Source,
    Token,
)
from civicspace.web.api import token_digest

pytestmark = pytest.mark.django_db

LEVELS = ("public", "internal", "restricted")
KINDS = ("incidents", "actors", "laws", "recommendations", "documents", "sources")
# role -> (clearance, levels seen, may edit)
ROLES = {
    "viewer": ("internal", {"public", "internal"}, False),
    "editor": ("internal", {"public", "internal"}, True),
    "admin": ("restricted", set(LEVELS), True),
    "public_viewer": ("public", {"public"}, False),
}
MODELS = {"incidents": Incident, "actors": Actor, "laws": Law, "recommendations": Recommendation,
          "documents": Document, "sources": Source}
SEARCH_WORD = "quokka"
EDITS = {
    "incidents": {"summary": "Edited summary"},
    "actors": {"name": "Edited Name"},
    "laws": {"title": "Edited title"},
    "recommendations": {"text": "Edited recommendation"},
    "documents": {"title": "Edited title"},
    "sources": {"title": "Edited title"},
}


def _make(level: str) -> dict[str, int]:
    """One record of each kind at `level`, all naming the search word."""
    doc = Document.objects.create(
        sha256=level.ljust(64, "0"), title=f"Report {SEARCH_WORD} {level}", text=f"A {SEARCH_WORD} report.",
        confidentiality=level,
    )
    source = Source.objects.create(document=doc, number="1", title=f"{SEARCH_WORD} source", confidentiality=level)
    actor = Actor.objects.create(
        kind="person", name=f"Mira {SEARCH_WORD.title()} {level}", roles=[f"{'writer' if level == 'restricted' else 'journalist'}"],
        confidentiality=level,
    )
    law = Law.objects.create(instrument=f"Code of {SEARCH_WORD} {level}", article="12", confidentiality=level)
    incident = Incident.objects.create(
        type="arrest", date_start="2021-03-04", location="Tartu", summary=f"A {SEARCH_WORD} was detained",
        confidentiality=level,
    )
    incident.victims.add(actor)
    incident.laws.add(law)
    incident.sources.add(source)
    rec = Recommendation.objects.create(text=f"Release every {SEARCH_WORD}", area="general", confidentiality=level)
    return {"incidents": incident.pk, "actors": actor.pk, "laws": law.pk, "recommendations": rec.pk,
            "documents": doc.pk, "sources": source.pk}


@pytest.fixture
def records() -> dict[str, dict[str, int]]:
    return {level: _make(level) for level in LEVELS}


def _client(role: str | None) -> Client:
    if role is None:
        return Client()
    clearance = ROLES[role][0]
    user = User.objects.create_user(role)
    Profile.objects.create(user=user, role=role.replace("public_", ""), clearance=clearance)
    Token.objects.create(user=user, key_sha256=token_digest(f"key-{role}"))
    return Client(HTTP_AUTHORIZATION=f"Bearer key-{role}")


def _patch(client: Client, url: str, body: dict) -> object:
    return client.patch(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("kind", KINDS)
def test_anonymous_gets_401_from_every_endpoint(records, kind):
    client = _client(None)
    some_id = records["public"][kind]
    assert client.get(f"/api/{kind}").status_code == 401
    assert client.get(f"/api/{kind}/facets").status_code == 401
    assert client.get(f"/api/{kind}/{some_id}").status_code == 401
    assert _patch(client, f"/api/{kind}/{some_id}", EDITS[kind]).status_code == 401
    assert client.get(f"/api/search?q={SEARCH_WORD}").status_code == 401
    assert client.get("/api/me").status_code == 401


def test_a_wrong_token_or_a_user_without_role_gets_401(records):
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/incidents").status_code == 401
    nobody = User.objects.create_user("nobody")
    Token.objects.create(user=nobody, key_sha256=token_digest("key-nobody"))
    assert Client(HTTP_AUTHORIZATION="Bearer key-nobody").get("/api/incidents").status_code == 401
    inactive = User.objects.create_user("gone", is_active=False)
    Profile.objects.create(user=inactive, role="admin", clearance="restricted")
    Token.objects.create(user=inactive, key_sha256=token_digest("key-gone"))
    assert Client(HTTP_AUTHORIZATION="Bearer key-gone").get("/api/incidents").status_code == 401


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_lists_counts_and_details_show_only_cleared_levels(records, role, kind):
    client = _client(role)
    seen = ROLES[role][1]
    page = client.get(f"/api/{kind}").json()
    ids = {r["id"] for r in page["results"]}
    assert ids == {records[level][kind] for level in seen}
    assert page["count"] == len(seen)
    assert {r["confidentiality"] for r in page["results"]} == seen
    state_counts = client.get(f"/api/{kind}/facets").json()["state"]
    assert sum(v["count"] for v in state_counts) == len(seen)
    for level in LEVELS:
        response = client.get(f"/api/{kind}/{records[level][kind]}")
        assert response.status_code == (200 if level in seen else 404)


@pytest.mark.parametrize("role", ROLES)
def test_search_finds_only_cleared_levels(records, role):
    seen = ROLES[role][1]
    hits = _client(role).get(f"/api/search?q={SEARCH_WORD}").json()["results"]
    assert hits, "the search word is in every record"
    assert {h["confidentiality"] for h in hits} == seen
    for h in hits:
        assert h["id"] in {records[level][f"{h['kind']}s"] for level in seen}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", KINDS)
def test_only_editors_and_admins_change_what_they_may_see(records, role, kind):
    client = _client(role)
    seen, may_edit = ROLES[role][1], ROLES[role][2]
    for level in LEVELS:
        response = _patch(client, f"/api/{kind}/{records[level][kind]}", EDITS[kind])
        if level not in seen:
            assert response.status_code == 404
        else:
            assert response.status_code == (200 if may_edit else 403), response.content
    field, value = next(iter(EDITS[kind].items()))
    for level in LEVELS:
        stored = MODELS[kind].objects.get(pk=records[level][kind])
        assert (getattr(stored, field) == value) == (may_edit and level in seen)


def test_an_editor_cannot_raise_a_record_above_their_clearance(records):
    client = _client("editor")
    url = f"/api/incidents/{records['internal']['incidents']}"
    response = _patch(client, url, {"confidentiality": "restricted"})
    assert response.status_code == 400
    assert "confidentiality" in response.json()["detail"]
    assert Incident.objects.get(pk=records["internal"]["incidents"]).confidentiality == "internal"


def test_a_visible_incident_never_names_a_hidden_victim_law_or_source(records):
    incident = Incident.objects.get(pk=records["internal"]["incidents"])
    incident.victims.add(records["restricted"]["actors"])
    incident.laws.add(records["restricted"]["laws"])
    incident.sources.add(records["restricted"]["sources"])
    client = _client("viewer")
    body = client.get(f"/api/incidents/{incident.pk}").text
    assert "restricted" not in body
    listing = client.get("/api/incidents").text
    assert "restricted" not in listing
    restricted_law = records["restricted"]["laws"]
    assert client.get(f"/api/incidents?law={restricted_law}").json()["count"] == 0
    facets = client.get("/api/incidents/facets").json()
    assert {v["value"] for v in facets["role"]} == {"journalist"}, "the hidden victim is a writer"
    assert {v["value"] for v in facets["law"]} == {str(records[lvl]["laws"]) for lvl in ("public", "internal")}
    assert client.get("/api/incidents?role=writer").json()["count"] == 0
    admin = _client("admin")
    assert admin.get("/api/incidents?role=writer").json()["count"] == 2


def test_session_sign_in_works_and_writes_need_csrf(records):
    user = User.objects.create_user("sess")
    Profile.objects.create(user=user, role="editor", clearance="internal")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/incidents").json()["count"] == 2
    url = f"/api/incidents/{records['public']['incidents']}"
    assert _patch(client, url, {"review_state": "verified"}).status_code in (401, 403)
    assert Incident.objects.get(pk=records["public"]["incidents"]).review_state == "extracted"


def test_openapi_schema_lists_every_endpoint():
    paths = Client().get("/api/openapi.json").json()["paths"]
    for kind in KINDS:
        assert f"/api/{kind}" in paths
        assert f"/api/{kind}/{{record_id}}" in paths
    assert "/api/search" in paths
