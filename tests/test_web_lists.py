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
