"""The list pages show their records at once and their facet counts as soon as they are
known: inline when already counted, otherwise fetched by htmx from the panel URL."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client

from civicspace.store.models import Incident, Profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    cache.clear()
    user = get_user_model().objects.create_user(username="vera", password="pw-for-tests-1")
    Profile.objects.create(user=user, role="viewer", clearance="internal")
    Incident.objects.create(type="arrest", date_start="2021-04-02", location="Port Alder", summary="a picket")
    Incident.objects.create(type="arrest", date_start="2022", location="Lumen", summary="a march")
    Incident.objects.create(type="conviction", date_start="2022-06", location="Lumen", summary="a verdict")
    c = Client()
    c.force_login(user)
    return c


def test_a_list_not_yet_counted_asks_for_its_panel_and_shows_it_once_counted(client):
    page = client.get("/incidents/?type=arrest").content.decode()
    assert 'hx-get="/incidents/facets/?type=arrest"' in page
    assert "Incidents <span class=\"count\">(2)</span>" in page and "Port Alder" in page
    panel = client.get("/incidents/facets/?type=arrest").content.decode()
    assert 'data-facet="place"' in panel and "Lumen" in panel and 'href="?type=arrest&amp;place=Lumen"' in panel
    again = client.get("/incidents/?type=arrest&page=1").content.decode()
    assert "hx-get" not in again and 'data-facet="place"' in again


def test_without_javascript_the_panel_is_one_link_away(client):
    page = client.get("/incidents/?place=Lumen").content.decode()
    assert "<noscript>" in page and "facets=1" in page
    inline = client.get("/incidents/?place=Lumen&facets=1").content.decode()
    assert 'data-facet="type"' in inline and "conviction" in inline


def test_a_long_list_shows_estimated_counts_and_its_exact_size(client, monkeypatch):
    from civicspace.store import filters
    from civicspace.web.views import lists

    monkeypatch.setattr(lists, "ESTIMATE_OVER", 2)
    monkeypatch.setattr(filters, "SAMPLE", 1)  # every other record, once the list is longer than 2
    panel = client.get("/incidents/facets/?q=a").content.decode()
    assert "Counts estimated from a sample" in panel and "≈" in panel
    page = client.get("/incidents/?q=a").content.decode()
    assert "Incidents <span class=\"count\">(3)</span>" in page, "the size of the list stays exact"
    assert "≈" in page
    short = client.get("/incidents/facets/?type=conviction").content.decode()
    assert "≈" not in short


def test_estimated_counts_are_scaled_up_from_every_kth_record():
    from civicspace.store import filters

    for n in range(12):
        Incident.objects.create(type="arrest" if n % 3 else "conviction", summary=f"case {n}")
    qs = Incident.objects.all()
    exact = filters.counted_facets(qs, ["type"])
    saved = filters.SAMPLE
    filters.SAMPLE = 6
    try:
        total, estimated = filters.counted_facets(qs, ["type"], estimate_over=6)
    finally:
        filters.SAMPLE = saved
    assert total == exact[0] == 12
    assert all(v.estimated for v in estimated["type"]) and not any(v.estimated for v in exact[1]["type"])
    assert sum(v.count for v in estimated["type"]) == 12, "every other record, each counted twice"
