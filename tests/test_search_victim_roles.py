"""The role filter and facet, read from the victim-role table, agree with the victims'
roles as stored, follow every kind of write, and never reveal a hidden victim's role."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth.models import User

from civicspace.store.filters import facets, filtered
from civicspace.store.models import Actor, Incident, Profile, levels_up_to

pytestmark = pytest.mark.django_db


def _user(name: str, clearance: str) -> User:
    user = User.objects.create_user(name)
    Profile.objects.create(user=user, role="viewer", clearance=clearance)
    return user


@pytest.fixture
def cases():
    editor = Actor.objects.create(kind="person", name="Rana Sol", roles=["editor", "journalist"])
    blogger = Actor.objects.create(kind="person", name="Tomas Vey", roles=["blogger"])
    hidden = Actor.objects.create(kind="person", name="Q", roles=["lawyer", "editor"], confidentiality="restricted")
    incidents = [Incident.objects.create(type="arrest", summary=f"case {n}") for n in range(5)]
    incidents[0].victims.add(editor)
    incidents[1].victims.add(editor, blogger)
    incidents[2].victims.add(hidden)
    incidents[3].victims.add(blogger, hidden)
    Incident.victims.through.objects.bulk_create([Incident.victims.through(incident=incidents[4], actor=blogger)])
    return {"editor": editor, "blogger": blogger, "hidden": hidden, "incidents": incidents}


def _expected(levels: list[str]) -> tuple[Counter, dict[str, set[int]]]:
    """The old definition: an incident counts once per role of a victim the user may see."""
    per_role: dict[str, set[int]] = {}
    for inc in Incident.objects.all():
        for victim in inc.victims.filter(confidentiality__in=levels):
            for role in victim.roles:
                per_role.setdefault(role, set()).add(inc.pk)
    return Counter({role: len(ids) for role, ids in per_role.items()}), per_role


def _check(user: User, levels: list[str]) -> None:
    counts, per_role = _expected(levels)
    got = {f.value: f.count for f in facets(Incident.objects.all(), ["role"], user=user)["role"]}
    assert got == dict(counts)
    for role in ("editor", "journalist", "blogger", "lawyer"):
        ids = set(filtered(Incident.objects.all(), {"role": role}, user).values_list("pk", flat=True))
        assert ids == per_role.get(role, set())


def test_role_filter_and_facet_agree_with_the_victims_roles(cases):
    for name, clearance in (("viewer", "internal"), ("chief", "restricted")):
        _check(_user(name, clearance), levels_up_to(clearance))


def test_a_hidden_victims_role_never_counts_or_matches(cases):
    viewer = _user("viewer", "internal")
    assert not filtered(Incident.objects.all(), {"role": "lawyer"}, viewer).exists()
    facet = {f.value: f.count for f in facets(Incident.objects.all(), ["role"], user=viewer)["role"]}
    assert "lawyer" not in facet and facet["editor"] == 2


def test_the_roles_follow_edits_of_victims_and_links(cases):
    viewer = _user("viewer", "internal")
    Actor.objects.filter(pk=cases["blogger"].pk).update(roles=["lawyer"])
    cases["hidden"].confidentiality = "public"
    cases["hidden"].save()
    cases["incidents"][1].victims.remove(cases["editor"])
    cases["editor"].roles = ["editor"]
    cases["editor"].save()
    _check(viewer, levels_up_to("internal"))
    cases["editor"].delete()
    cases["incidents"][3].delete()
    _check(viewer, levels_up_to("internal"))


def test_install_rebuilds_the_table_and_its_triggers(cases):
    """What runs after every migrate: a table emptied or a trigger dropped is put back."""
    from django.db import connection

    from civicspace.store import victim_roles

    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {victim_roles.TABLE}")
    victim_roles.install(connection)
    victim_roles.install(connection)
    viewer = _user("viewer", "internal")
    _check(viewer, levels_up_to("internal"))
    cases["incidents"][0].victims.add(cases["blogger"])
    _check(viewer, levels_up_to("internal"))
