"""SQLite's planner gets statistics once the record is big enough to need them, and
again when it has doubled; small records and PostgreSQL are left alone."""

from __future__ import annotations

import pytest
from django.db import connection

from civicspace.store import planner
from civicspace.store.models import Incident

pytestmark = pytest.mark.django_db


def test_statistics_follow_the_growth_of_the_record(monkeypatch):
    if connection.vendor != "sqlite":
        assert planner.refresh_statistics(connection) is False
        return
    monkeypatch.setattr(planner, "FIRST_AT", 20)
    Incident.objects.bulk_create(Incident(type="arrest", summary=f"case {n}") for n in range(10))
    assert planner.refresh_statistics(connection) is False, "too small to need them"
    Incident.objects.bulk_create(Incident(type="arrest", summary=f"case {n}") for n in range(15))
    assert planner.refresh_statistics(connection) is True
    assert planner.refresh_statistics(connection) is False, "nothing grew since"
    Incident.objects.bulk_create(Incident(type="conviction", summary=f"case {n}") for n in range(40))
    assert planner.refresh_statistics(connection) is True
