"""The shared faceted filters, as the pages and the API call them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.http import QueryDict

from civicspace.store import access
from civicspace.store.filters import FilterError, facets, filtered, ordered
from civicspace.store.models import Actor, Document, Incident, Law, Profile, Recommendation, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer() -> User:
    user = User.objects.create_user("viewer")
    Profile.objects.create(user=user, role="viewer", clearance="internal")
    return user


@pytest.fixture
def data():
    """Protest cases in two countries; one victim is hidden from viewers."""
    law = Law.objects.create(instrument="Law on Assemblies", article="7")
    hidden_law = Law.objects.create(instrument="Secret decree", confidentiality="restricted")
    student = Actor.objects.create(kind="person", name="Ilse Berg", roles=["activist"])
    unionist = Actor.objects.create(kind="person", name="Jon Moe", roles=["labour_activist"])
    informant = Actor.objects.create(kind="person", name="X", roles=["writer"], confidentiality="restricted")
    rows = [
        ("arrest", "2020-09-01", "Bergen", "NO", student, "political_public_environment"),
        ("arrest", "2022-01-15", "Oslo", "NO", unionist, "political_public_environment"),
        ("administrative_penalty", "2022", "Malmo", "SE", student, "political_public_environment"),
        ("restrictive_law", "2022-05", "", "SE", None, "legal_framework"),
    ]
    made = []
    for kind, date, place, country, victim, area in rows:
        inc = Incident.objects.create(type=kind, date_start=date, location=place, country=country, area=area,
                                      summary=f"{kind} in {place or country}")
        if victim:
            inc.victims.add(victim)
        made.append(inc)
    made[1].victims.add(informant)
    made[1].laws.add(law, hidden_law)
    made[3].review_state = "verified"
    made[3].save()
    return {"incidents": made, "law": law, "hidden_law": hidden_law, "student": student}


def _ids(qs) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def _incidents(params, user=None):
    return filtered(Incident.objects.all(), params, user)


def test_each_filter_narrows_the_incidents(data):
    a, b, c, d = (i.pk for i in data["incidents"])
    assert _ids(_incidents({"type": "arrest"})) == {a, b}
    assert _ids(_incidents({"year": "2022"})) == {b, c, d}
    assert _ids(_incidents({"place": "Oslo"})) == {b}
    assert _ids(_incidents({"country": "se"})) == {c, d}
    assert _ids(_incidents({"area": "legal_framework"})) == {d}
    assert _ids(_incidents({"role": "activist"})) == {a, c}, "labour_activist is another role"
    assert _ids(_incidents({"law": str(data["law"].pk)})) == {b}
    assert _ids(_incidents({"state": "verified"})) == {d}
    assert _ids(_incidents({"state": "all"})) == {a, b, c, d}
    assert _ids(_incidents({"q": "Malmo"})) == {c}
    assert _ids(_incidents({"victim": str(data["student"].pk)})) == {a, c}


def test_a_query_string_with_repeated_keys_means_any_of_them(data):
    a, b, c, d = (i.pk for i in data["incidents"])
    params = QueryDict("type=arrest&type=restrictive_law&year=2022&page=3&sort=-date&year=")
    assert _ids(_incidents(params)) == {b, d}
    assert _ids(_incidents({"type": ["arrest", "administrative_penalty"], "country": "SE"})) == {c}


@pytest.mark.parametrize(
    "params, name",
    [({"type": "kidnap"}, "type"), ({"year": "20x2"}, "year"), ({"role": "pilot"}, "role"),
     ({"state": "maybe"}, "state"), ({"law": "first"}, "law"), ({"area": "space"}, "area")],
)
def test_a_value_that_cannot_mean_anything_is_an_error_naming_its_parameter(data, params, name):
    with pytest.raises(FilterError, match=f"^{name}:"):
        list(_incidents(params))


def test_hidden_victims_and_laws_are_invisible_to_filters_and_facets(data, viewer):
    visible = access.visible(Incident.objects.all(), viewer)
    assert _ids(filtered(visible, {"role": "writer"}, viewer)) == set()
    assert _ids(filtered(visible, {"law": str(data["hidden_law"].pk)}, viewer)) == set()
    counts = facets(visible, ["role", "law"], user=viewer)
    assert [f.value for f in counts["role"]] == ["activist", "labour_activist"]
    assert [f.label for f in counts["law"]] == ["Law on Assemblies, Article 7"]


def test_facets_count_the_filtered_records(data, viewer):
    qs = filtered(access.visible(Incident.objects.all(), viewer), {"country": "NO"}, viewer)
    counts = facets(qs, user=viewer)
    assert [(f.value, f.count) for f in counts["type"]] == [("arrest", 2)]
    assert [(f.value, f.count) for f in counts["year"]] == [("2022", 1), ("2020", 1)]
    assert {(f.value, f.count) for f in counts["place"]} == {("Bergen", 1), ("Oslo", 1)}
    assert counts["area"][0].label == "political public environment"
    everything = facets(access.visible(Incident.objects.all(), viewer), ["state", "country"], user=viewer)
    assert [(f.value, f.count) for f in everything["state"]] == [("extracted", 3), ("verified", 1)]
    assert [(f.value, f.count) for f in everything["country"]] == [("NO", 2), ("SE", 2)]


def test_the_whole_list_counted_from_kept_totals_gives_the_same_facets_as_counting_it(data, viewer):
    qs = access.visible(Incident.objects.all(), viewer)
    assert facets(qs, user=viewer, params={}) == facets(qs, user=viewer)
    verified = filtered(qs, {"state": "all"}, viewer)
    assert facets(verified, user=viewer, params={"state": "all"}) == facets(verified, user=viewer)


def test_a_search_finds_incidents_by_their_visible_victims_names_only(data, viewer):
    visible = access.visible(Incident.objects.all(), viewer)
    by_name = _ids(filtered(visible, {"q": "Berg"}, viewer))
    assert by_name == {data["incidents"][0].pk, data["incidents"][2].pk}
    assert _ids(filtered(visible, {"q": "X"}, viewer)) == set(), "the hidden victim's name finds nothing"


def test_sorting(data):
    dates = [i.date_start for i in ordered(Incident.objects.all(), "-date")]
    assert dates == ["2022-05", "2022-01-15", "2022", "2020-09-01"]
    assert [i.date_start for i in ordered(Incident.objects.all(), "date")][0] == "2020-09-01"
    with pytest.raises(FilterError, match="^sort:"):
        ordered(Incident.objects.all(), "colour")


def test_other_kinds_have_their_own_filters(data):
    doc = Document.objects.create(sha256="b" * 64, title="Annual review", language="en", text="Assemblies")
    src = Source.objects.create(document=doc, number="4", title="Court ruling")
    rec = Recommendation.objects.create(text="Stop dispersing assemblies", area="political_public_environment",
                                        addressees=["state", "osce"])
    Recommendation.objects.create(text="Fund small NGOs", area="support_resources", addressees=["donors"])
    assert _ids(filtered(Actor.objects.all(), {"role": "labour_activist"})) == {
        Actor.objects.get(name="Jon Moe").pk}
    assert _ids(filtered(Actor.objects.all(), {"q": "berg"})) == {data["student"].pk}
    assert _ids(filtered(Law.objects.all(), {"instrument": "assemblies"})) == {data["law"].pk}
    assert _ids(filtered(Recommendation.objects.all(), {"addressee": "osce"})) == {rec.pk}
    assert _ids(filtered(Recommendation.objects.all(), {"q": "dispersing"})) == {rec.pk}
    assert _ids(filtered(Document.objects.all(), {"language": "en", "q": "assemblies"})) == {doc.pk}
    assert _ids(filtered(Source.objects.all(), {"document": str(doc.pk)})) == {src.pk}
    with pytest.raises(FilterError, match="^addressee:"):
        list(filtered(Recommendation.objects.all(), {"addressee": "aliens"}))


def test_actors_folded_into_another_by_a_merge_are_left_out_unless_asked_for(data):
    twin = Actor.objects.create(kind="person", name="I. Berg", roles=["activist"], merged_into=data["student"])
    assert twin.pk not in _ids(filtered(Actor.objects.all(), {}))
    assert twin.pk in _ids(filtered(Actor.objects.all(), {"merged": "1"}))
