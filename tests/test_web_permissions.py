"""Who may open and change what in the web workspace, page by page and role by role.

Anonymous visitors are sent to sign in; viewers read; editors review, edit and
upload; admins manage users. A restricted record is a 404 everywhere for anyone
not cleared for it, and it is never counted, listed, charted or found by search.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from civicspace.store.models import (
    Actor,
    Document,
    Evidence,
    Incident,
    Job,
    Law,
    Profile,
    Recommendation,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """Counts are cached by a fingerprint of the tables, which a rolled-back test can repeat."""
    from django.core.cache import cache

    cache.clear()

TEXT = "In May 2020 officers in Norhaven detained the activist Pel Arvo during a march on the square."
SECRET = "Quillmoor"  # the restricted records' give-away word: it must never reach a user not cleared


def person(name: str, role: str, clearance: str) -> Client:
    user = get_user_model().objects.create_user(username=name, password="pw-for-tests-1")
    Profile.objects.create(user=user, role=role, clearance=clearance)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world() -> dict:
    doc = Document.objects.create(sha256="1" * 64, title="Norhaven monitoring note", text=TEXT)
    victim = Actor.objects.create(kind="person", name="Pel Arvo", roles=["activist"], country="NH")
    org = Actor.objects.create(kind="organization", name="Norhaven Civic Forum", org_type="ngo")
    law = Law.objects.create(instrument="Code of Administrative Offences", article="20.2")
    inc = Incident.objects.create(type="arrest", date_start="2020-05", location="Norhaven", country="NH",
                                  area="political_public_environment")
    inc.victims.add(victim)
    inc.laws.add(law)
    inc.documents.add(doc)
    start = TEXT.index("officers")
    Evidence.objects.create(document=doc, start=start, end=start + 44, quote=TEXT[start:start + 44], incident=inc)
    rec = Recommendation.objects.create(text="Release everyone held for peaceful protest.", area="general",
                                        addressees=["state"])

    secret_doc = Document.objects.create(sha256="2" * 64, title=f"{SECRET} file", text=f"{SECRET} text",
                                         confidentiality="restricted")
    secret_actor = Actor.objects.create(kind="person", name=f"{SECRET} Witness", confidentiality="restricted",
                                        roles=["relative"])
    secret_law = Law.objects.create(instrument=f"{SECRET} Decree", confidentiality="restricted")
    secret_inc = Incident.objects.create(type="killing", date_start="2019-01-02", location=SECRET,
                                         confidentiality="restricted", area="general")
    secret_inc.victims.add(secret_actor)
    inc.victims.add(secret_actor)  # a visible incident with a hidden victim
    secret_rec = Recommendation.objects.create(text=f"{SECRET} request", confidentiality="restricted")
    Evidence.objects.create(document=secret_doc, start=0, end=len(SECRET), quote=SECRET, incident=inc)
    return {
        "incident": inc, "actor": victim, "org": org, "law": law, "recommendation": rec, "document": doc,
        "secret": {"incident": secret_inc, "actor": secret_actor, "law": secret_law,
                   "recommendation": secret_rec, "document": secret_doc},
    }


def reader_pages(w: dict) -> list[str]:
    return [
        "/", "/incidents/", "/persons/", "/organisations/", "/laws/", "/recommendations/", "/documents/",
        "/review/", "/charts/", "/search/?q=Norhaven",
        f"/incidents/{w['incident'].pk}/", f"/actors/{w['actor'].pk}/", f"/actors/{w['org'].pk}/",
        f"/laws/{w['law'].pk}/", f"/recommendations/{w['recommendation'].pk}/", f"/documents/{w['document'].pk}/",
        "/incidents/?type=arrest&year=2020&role=activist&place=Norhaven&country=NH&area=political_public_environment"
        f"&law={w['law'].pk}&state=extracted&q=Norhaven",
        *[f"/{kind}/facets/" for kind in ("incidents", "persons", "organisations", "laws", "recommendations",
                                          "documents")],
        "/incidents/?facets=1", "/incidents/facets/?type=killing", "/incidents/facets/?state=all",
    ]


def editor_pages(w: dict) -> list[str]:
    return ["/upload/", "/link-choices/actors/?field=victims&pick-victims=Pel",
            "/link-choices/laws/?field=laws&pick-laws=Code"] + [
        f"/{kind}/{w[kind].pk}/edit/" for kind in ("incident", "actor", "law", "recommendation", "document")]


def secret_pages(w: dict) -> list[str]:
    s = w["secret"]
    return [
        f"/incidents/{s['incident'].pk}/", f"/actors/{s['actor'].pk}/", f"/laws/{s['law'].pk}/",
        f"/recommendations/{s['recommendation'].pk}/", f"/documents/{s['document'].pk}/",
        f"/incident/{s['incident'].pk}/edit/",
    ]


def test_anonymous_visitors_are_sent_to_sign_in_from_every_page(world):
    anonymous = Client()
    for url in reader_pages(world) + editor_pages(world) + secret_pages(world) + ["/users/", "/jobs/1/"]:
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url
    response = anonymous.post(f"/incident/{world['incident'].pk}/review/", {"action": "verify"})
    assert response.status_code == 302
    world["incident"].refresh_from_db()
    assert world["incident"].review_state == "extracted"


def test_a_user_without_a_role_is_refused():
    user = get_user_model().objects.create_user(username="norole", password="pw-for-tests-1")
    client = Client()
    client.force_login(user)
    assert client.get("/incidents/").status_code == 403


@pytest.mark.parametrize("role", ["viewer", "editor", "admin"])
def test_every_role_reads_every_page(world, role):
    client = person(role, role, "internal")
    for url in reader_pages(world):
        response = client.get(url)
        assert response.status_code == 200, url


def test_viewers_read_but_cannot_change_anything(world):
    viewer = person("vic", "viewer", "internal")
    for url in editor_pages(world) + ["/users/"]:
        assert viewer.get(url).status_code == 403, url
    inc = world["incident"]
    assert viewer.post(f"/incident/{inc.pk}/review/", {"action": "verify"}).status_code == 403
    assert viewer.post(f"/incident/{inc.pk}/edit/", {"type": "killing"}).status_code == 403
    assert viewer.post("/upload/", {}).status_code == 403
    inc.refresh_from_db()
    assert (inc.review_state, inc.type) == ("extracted", "arrest")
    page = viewer.get(f"/incidents/{inc.pk}/").content.decode()
    assert "Verify" not in page and "/edit/" not in page


def test_only_admins_manage_users(world):
    editor = person("eddie", "editor", "internal")
    assert editor.get("/users/").status_code == 403
    assert editor.post("/users/", {"username": "x", "password": "longenough1", "role": "admin",
                                   "clearance": "restricted"}).status_code == 403
    admin = person("ada", "admin", "restricted")
    assert admin.get("/users/").status_code == 200
    response = admin.post("/users/", {"username": "newcomer", "password": "longenough1", "role": "viewer",
                                      "clearance": "public"})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="newcomer").profile.clearance == "public"


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_a_restricted_record_does_not_exist_for_those_not_cleared(world, role):
    client = person(role, role, "internal")
    for url in secret_pages(world):
        # a viewer is refused every edit page whether or not the record exists, so 403 tells nothing
        expected = 403 if role == "viewer" and url.endswith("/edit/") else 404
        assert client.get(url).status_code == expected, url
    for url in reader_pages(world) + ["/incidents/?type=killing", "/incidents/facets/?type=killing"]:
        assert SECRET not in client.get(url).content.decode(), url
    assert "No matches." in client.get("/search/?q=" + SECRET).content.decode()
    assert 'Incidents <span class="count">(0)</span>' in client.get("/incidents/?q=" + SECRET).content.decode()
    dashboard = client.get("/").content.decode()
    assert "killing" not in dashboard
    listing = client.get("/incidents/").content.decode()
    assert "Incidents <span class=\"count\">(1)</span>" in listing
    secret_inc = world["secret"]["incident"]
    assert client.post(f"/incident/{secret_inc.pk}/review/", {"action": "verify"}).status_code in (403, 404)
    secret_inc.refresh_from_db()
    assert secret_inc.review_state == "extracted"
    evidence = Evidence.objects.get(document=world["secret"]["document"])
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404


def test_an_admin_cleared_for_restricted_sees_it(world):
    admin = person("ada", "admin", "restricted")
    for url in secret_pages(world):
        assert admin.get(url).status_code == 200, url
    assert SECRET in admin.get("/incidents/").content.decode()


def test_an_editor_reviews_and_the_history_names_them(world):
    editor = person("eddie", "editor", "internal")
    inc = world["incident"]
    response = editor.post(f"/incident/{inc.pk}/review/", {"action": "verify"})
    assert response.status_code == 302
    inc.refresh_from_db()
    assert inc.review_state == "verified"
    latest = inc.history.first()
    assert latest.history_user.username == "eddie"
    assert latest.history_change_reason == "review: verified"
    editor.post(f"/incident/{inc.pk}/review/", {"action": "reject"})
    inc.refresh_from_db()
    assert inc.review_state == "rejected"
    page = editor.get(f"/incidents/{inc.pk}/").content.decode()
    assert "review: rejected" in page and "eddie" in page


def test_editing_validates_and_keeps_links_the_editor_cannot_see(world):
    editor = person("eddie", "editor", "internal")
    inc = world["incident"]
    form = {
        "type": "pretrial_detention", "date_start": "2020-05-17", "date_end": "", "location": "Norhaven",
        "country": "nh", "area": "political_public_environment", "charge": "", "prison_months": "",
        "fine_amount": "", "fine_currency": "", "summary": "Held for two days.",
        "victims": [world["actor"].pk], "perpetrators": [], "laws": [world["law"].pk], "confidentiality": "internal",
    }
    bad = editor.post(f"/incident/{inc.pk}/edit/", {**form, "date_start": "2020-13-40", "type": "no_such_type"})
    assert bad.status_code == 200
    assert "No such date." in bad.content.decode()
    inc.refresh_from_db()
    assert inc.type == "arrest"
    good = editor.post(f"/incident/{inc.pk}/edit/", form)
    assert good.status_code == 302
    inc.refresh_from_db()
    assert (inc.type, inc.date_start, inc.year, inc.country) == ("pretrial_detention", "2020-05-17", 2020, "NH")
    assert set(inc.victims.values_list("name", flat=True)) == {"Pel Arvo", f"{SECRET} Witness"}
    restricted = editor.post(f"/incident/{inc.pk}/edit/", {**form, "confidentiality": "restricted"})
    assert restricted.status_code == 200  # not a choice for an editor cleared for internal only


def test_the_link_picker_lists_the_links_and_finds_more_the_editor_may_see(world):
    editor = person("eddie", "editor", "internal")
    inc = world["incident"]
    others = Actor.objects.bulk_create(Actor(kind="person", name=f"Bystander {n}") for n in range(300))
    page = editor.get(f"/incident/{inc.pk}/edit/").content.decode()
    assert "Pel Arvo" in page and "Bystander" not in page, "only the linked records are listed"
    assert SECRET not in page
    found = editor.get("/link-choices/actors/?field=victims&pick-victims=bystander 12").content.decode()
    assert "Bystander 12" in found and 'name="victims"' in found
    assert SECRET not in editor.get(f"/link-choices/actors/?field=victims&pick-victims={SECRET}").content.decode()
    assert SECRET not in editor.get(f"/link-choices/laws/?field=laws&pick-laws={SECRET}").content.decode()
    assert editor.get("/link-choices/actors/?field=confidentiality&pick-confidentiality=x").status_code == 404
    form = {
        "type": "arrest", "date_start": "2020-05", "date_end": "", "location": "Norhaven", "country": "NH",
        "area": "political_public_environment", "charge": "", "prison_months": "", "fine_amount": "",
        "fine_currency": "", "summary": "", "victims": [world["actor"].pk, others[12].pk], "perpetrators": [],
        "laws": [world["law"].pk], "confidentiality": "internal",
    }
    assert editor.post(f"/incident/{inc.pk}/edit/", form).status_code == 302
    assert set(inc.victims.values_list("name", flat=True)) == {"Pel Arvo", "Bystander 12", f"{SECRET} Witness"}


@pytest.mark.parametrize("kind,field,value", [
    ("actor", "name", "Pel Arvo-Lind"),
    ("law", "article", "20.2-1"),
    ("recommendation", "text", "Release all peaceful protesters now."),
    ("document", "title", "Norhaven note, revised"),
])
def test_every_kind_of_record_can_be_corrected(world, kind, field, value):
    editor = person("eddie", "editor", "internal")
    record = world[kind]
    form = {
        "actor": {"kind": "person", "name": value, "aliases": "P. Arvo", "roles": ["activist"], "country": "NH",
                  "pseudonym": "", "org_type": "", "confidentiality": "internal"},
        "law": {"instrument": world["law"].instrument, "article": value, "title": "", "jurisdiction": "",
                "confidentiality": "internal"},
        "recommendation": {"text": value, "area": "general", "addressees": ["state", "un"],
                           "confidentiality": "internal"},
        "document": {"title": value, "publisher": "", "published": "2021-02", "language": "en", "url": "",
                     "confidentiality": "internal"},
    }[kind]
    assert editor.post(f"/{kind}/{record.pk}/edit/", form).status_code == 302
    record.refresh_from_db()
    assert getattr(record, field) == value
    assert record.history.first().history_user.username == "eddie"


def test_jobs_are_seen_by_their_uploader_and_admins_only(world):
    owner = person("eddie", "editor", "internal")
    other = person("olga", "editor", "internal")
    admin = person("ada", "admin", "restricted")
    job = Job.objects.create(user=get_user_model().objects.get(username="eddie"), filename="a.txt", path="/nowhere",
                             status="failed", progress=100, message="a.txt: not a report")
    assert owner.get(f"/jobs/{job.pk}/").status_code == 200
    assert "not a report" in owner.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert admin.get(f"/jobs/{job.pk}/").status_code == 200


def test_the_interface_speaks_russian_when_asked(world):
    viewer = person("vic", "viewer", "internal")
    viewer.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    page = viewer.get("/").content.decode()
    assert "Инциденты" in page and "задержание" in page
    viewer.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Incidents by type" in viewer.get("/").content.decode()
