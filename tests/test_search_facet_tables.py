"""The role filter and facet, read from the kept role table, agree with the victims'
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

    from civicspace.store import facet_tables

    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {facet_tables.ROLES.table}")
    facet_tables.install(connection)
    facet_tables.install(connection)
    viewer = _user("viewer", "internal")
    _check(viewer, levels_up_to("internal"))
    cases["incidents"][0].victims.add(cases["blogger"])
    _check(viewer, levels_up_to("internal"))


def _three_ways(user: User, params: dict) -> list[tuple]:
    """The counts of the user's list filtered by `params`: from the kept totals, counted
    over the list in SQL, and counted here record by record through the ORM."""
    from civicspace.store import access, filters

    qs = filtered(access.visible(Incident.objects.all(), user), params, user)
    levels = set(levels_up_to(user.profile.clearance))
    by_hand: dict[str, Counter] = {name: Counter() for name in filters.FACETS["incident"]}
    for inc in qs:
        for name, value in (("type", inc.type), ("area", inc.area), ("year", inc.year), ("country", inc.country),
                            ("place", inc.location), ("state", inc.review_state)):
            if value is not None and (value or name not in ("place", "country")):  # no place: not a value
                by_hand[name][str(value)] += 1
        by_hand["role"].update({r for v in inc.victims.all() if v.confidentiality in levels for r in v.roles})
        by_hand["law"].update(str(law.pk) for law in inc.laws.all() if law.confidentiality in levels)
    ways = [filters.counted_facets(qs, user=user, top=100, params=params),
            filters.counted_facets(qs, user=user, top=100)]
    counted = [(total, {name: Counter({v.value: v.count for v in values}) for name, values in counts.items()})
               for total, counts in ways]
    return [*counted, (qs.count(), by_hand)]


def test_the_kept_counts_follow_every_kind_of_write():
    """Random writes of every kind (save, bulk_create, update(), delete, links, raw SQL):
    after each batch, the totals kept by triggers count exactly what the records hold."""
    import random

    from django.db import connection

    from civicspace.store.models import Law

    rng = random.Random(7)
    levels = ["public", "internal", "restricted"]
    states = ["extracted", "verified", "rejected"]
    users = [_user(f"u{level}", level) for level in levels]
    actors = [Actor.objects.create(kind="person", name=f"Person {n}", roles=rng.sample(["editor", "blogger",
              "lawyer"], k=rng.choice([1, 2])), confidentiality=rng.choice(levels)) for n in range(6)]
    laws = [Law.objects.create(instrument="Criminal Code", article=str(n), confidentiality=rng.choice(levels))
            for n in range(4)]

    def new_incident() -> Incident:
        year = rng.choice([2019, 2020, None])
        return Incident(type=rng.choice(["arrest", "conviction", "intimidation"]), year=year,
                        date_start=str(year or ""), location=rng.choice(["", "Port Alder", "Lumen"]),
                        country=rng.choice(["", "LU", "NH"]), area=rng.choice(["", "information_flow"]),
                        confidentiality=rng.choice(levels), review_state=rng.choice(states))

    Incident.objects.bulk_create([new_incident() for _ in range(8)])
    for step in range(60):
        incidents = list(Incident.objects.all())
        action = rng.choice(["save", "bulk", "update", "delete", "link", "unlink", "actor", "law", "raw"])
        target = rng.choice(incidents) if incidents else None
        if action == "save" or target is None:
            new_incident().save()
        elif action == "bulk":
            Incident.objects.bulk_create([new_incident() for _ in range(3)])
        elif action == "update":
            Incident.objects.filter(pk=target.pk).update(
                type=rng.choice(["arrest", "release"]), confidentiality=rng.choice(levels),
                review_state=rng.choice(states), location=rng.choice(["Lumen", "Sorrel"]))
        elif action == "delete":
            target.delete()
        elif action == "link":
            target.victims.add(rng.choice(actors))
            target.laws.add(rng.choice(laws))
        elif action == "unlink":
            target.victims.clear()
            target.laws.remove(*laws[:2])
        elif action == "actor":
            actor = rng.choice(actors)
            actor.roles, actor.confidentiality = rng.sample(["editor", "writer", "lawyer"], k=2), rng.choice(levels)
            actor.save()
        elif action == "law":
            Law.objects.filter(pk=rng.choice(laws).pk).update(confidentiality=rng.choice(levels))
        else:
            with connection.cursor() as cur:
                cur.execute("UPDATE store_incident SET year = 2021, country = 'LU' WHERE id = %s", [target.pk])
        if step % 10 == 9:
            for user in users:
                for params in ({}, {"state": "verified"}, {"state": "all"}):
                    kept, counted, by_hand = _three_ways(user, params)
                    assert kept == counted == by_hand, (step, action, user.username, params)


def test_a_list_narrowed_by_more_than_review_state_is_never_counted_from_the_totals(cases):
    """The totals count everything a user may see; any other filter must count its own list."""
    from civicspace.store import access, filters

    viewer = _user("viewer", "internal")
    params = {"role": "blogger"}
    qs = filtered(access.visible(Incident.objects.all(), viewer), params, viewer)
    total, counts = filters.counted_facets(qs, ["type", "role"], user=viewer, params=params)
    assert total == qs.count() == 3
    assert {f.value: f.count for f in counts["role"]} == {"blogger": 3, "editor": 1, "journalist": 1}
