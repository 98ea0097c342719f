"""Full-text search as a monitor uses it: words in any script, partial words while
typing, snippets with the match marked, an index that follows every edit, and
nothing a user may not see."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicspace.store import search
from civicspace.store.models import Actor, Document, Incident, Law, Profile, Recommendation

pytestmark = pytest.mark.django_db


def _user(role: str = "viewer", clearance: str = "internal") -> User:
    user = User.objects.create_user(f"{role}-{clearance}")
    Profile.objects.create(user=user, role=role, clearance=clearance)
    return user


@pytest.fixture
def viewer() -> User:
    return _user()


def _kinds_ids(hits) -> set[tuple[str, int]]:
    return {(h.kind, h.id) for h in hits}


def test_finds_each_kind_by_its_own_words(viewer):
    inc = Incident.objects.create(type="arrest", summary="Police detained the blogger at the border",
                                  charge="hooliganism", location="Narva")
    actor = Actor.objects.create(kind="person", name="Tomas Varga", aliases=["Tamás Varga", "Томас Варга"])
    law = Law.objects.create(instrument="Code of Administrative Offences", article="20.2",
                             title="Violation of the rules for holding public events")
    rec = Recommendation.objects.create(text="Repeal the foreign agents registry law")
    doc = Document.objects.create(sha256="a" * 64, title="Field notes", text="Hearings were closed to observers.")
    assert _kinds_ids(search.search("hooliganism", viewer)) == {("incident", inc.pk)}
    assert _kinds_ids(search.search("Narva", viewer)) == {("incident", inc.pk)}
    assert _kinds_ids(search.search("варга", viewer)) == {("actor", actor.pk)}
    assert _kinds_ids(search.search("Tamas", viewer)) == {("actor", actor.pk)}, "accents do not matter"
    assert _kinds_ids(search.search("public events", viewer)) == {("law", law.pk)}
    assert _kinds_ids(search.search("registry", viewer)) == {("recommendation", rec.pk)}
    assert _kinds_ids(search.search("observers", viewer)) == {("document", doc.pk)}


def test_every_word_must_match_and_the_last_may_be_unfinished(viewer):
    a = Incident.objects.create(type="arrest", summary="Journalist detained after the rally")
    Incident.objects.create(type="arrest", summary="Journalist fined for a post")
    assert _kinds_ids(search.search("journalist rally", viewer)) == {("incident", a.pk)}
    assert _kinds_ids(search.search("journalist ral", viewer)) == {("incident", a.pk)}
    assert len(search.search("journalist", viewer)) == 2


def test_snippet_marks_the_match_and_escapes_markup(viewer):
    Incident.objects.create(type="intimidation", summary="Threats <script>alert(1)</script> sent to the editor")
    (hit,) = search.search("editor", viewer)
    assert "<mark>editor</mark>" in hit.snippet
    assert "<script>" not in hit.snippet, "markup in a record never reaches the page as markup"
    assert hit.title.startswith("intimidation")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_query_text_is_safe(viewer, text):
    hits = search.search(text, viewer)
    assert isinstance(hits, list)


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "NEAR(a b)", "col:word", "*", "a & b | !c", "'; DROP TABLE x;--"])
def test_query_syntax_is_never_an_error(viewer, query):
    Incident.objects.create(type="arrest", summary="word near col a b c")
    search.search(query, viewer)


def test_the_index_follows_edits_deletes_and_bulk_writes(viewer):
    inc = Incident.objects.create(type="arrest", summary="Detained in Kaunas")
    inc.summary = "Detained in Vilnius"
    inc.save()
    assert search.search("Kaunas", viewer) == []
    assert _kinds_ids(search.search("Vilnius", viewer)) == {("incident", inc.pk)}
    Incident.objects.filter(pk=inc.pk).update(location="Klaipeda")
    assert _kinds_ids(search.search("Klaipeda", viewer)) == {("incident", inc.pk)}
    inc.delete()
    assert search.search("Vilnius", viewer) == []
    Incident.objects.bulk_create([Incident(type="arrest", summary=f"Bulk case {n} in Siauliai") for n in range(30)])
    assert len(search.search("Siauliai", viewer, limit=100)) == 30


def test_restricted_records_are_not_found_and_do_not_crowd_out_visible_ones(viewer):
    Incident.objects.bulk_create(
        [Incident(type="arrest", summary="Secret detention site", confidentiality="restricted") for _ in range(20)]
    )
    shown = Incident.objects.create(type="arrest", summary="Detention site", confidentiality="internal")
    assert _kinds_ids(search.search("detention site", viewer, limit=5)) == {("incident", shown.pk)}
    admin = _user("admin", "restricted")
    assert len(search.search("detention site", admin, limit=100)) == 21
    assert search.search("detention", None) == []


def test_limit_and_kinds(viewer):
    for n in range(5):
        Incident.objects.create(type="arrest", summary=f"Picket number {n}")
        Recommendation.objects.create(text=f"Allow the picket {n}")
    assert len(search.search("picket", viewer, limit=3)) == 3
    assert {h.kind for h in search.search("picket", viewer, kinds=["recommendation"])} == {"recommendation"}
    with pytest.raises(ValueError, match="unknown kind"):
        search.search("picket", viewer, kinds=["planet"])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite triggers")
def test_install_index_puts_back_dropped_triggers_and_reindexes(viewer):
    with connection.cursor() as cur:
        cur.execute("DROP TRIGGER store_incident_fts_ai")
    inc = Incident.objects.create(type="arrest", summary="Missed by the index in Daugavpils")
    assert search.search("Daugavpils", viewer) == []
    search.install_index()
    assert _kinds_ids(search.search("Daugavpils", viewer)) == {("incident", inc.pk)}
    search.install_index()
    assert len(search.search("Daugavpils", viewer)) == 1, "installing twice changes nothing"


def test_a_word_in_very_many_records_lists_the_newest_matches_first(viewer, monkeypatch):
    """Ranking re-reads every match; past COMMON matches the newest come first instead,
    and a hidden record still never shows."""
    monkeypatch.setattr(search, "COMMON", 3)
    made = [Incident.objects.create(type="arrest", summary=f"picket number {n}") for n in range(6)]
    Incident.objects.create(type="arrest", summary="picket held in secret", confidentiality="restricted")
    hits = search.search("picket", viewer, kinds=["incident"], limit=3)
    assert [h.id for h in hits] == [made[5].pk, made[4].pk, made[3].pk]
