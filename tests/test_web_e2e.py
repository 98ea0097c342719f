"""The workspace driven through a real headless Chromium, as a monitor would use it.

Debian's chromium (`make browser`) is driven by Playwright's Python package; the
test skips when the browser is not installed. The uploaded report goes through the
real reader and extractor, as in production. Screenshots of the main pages go to
tests/artefacts/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civicspace.store.models import Incident, Profile

pytestmark = pytest.mark.django_db(transaction=True)

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(__file__).parent / "artefacts"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

REPORT = (
    "Press freedom in Lumeria, 2021-2022\n\n"
    "On 14 March 2021 police in Port Alder detained the journalist Tomas Verhoeven after he filmed a protest "
    "outside the harbour authority.\n\n"
    "In June 2022 the district court convicted the blogger Ilse Marant under Article 212 of the Criminal Code "
    "and sentenced her to two years in prison.\n"
)


def make_user(name: str, role: str, clearance: str) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=name, password=f"{name}-secret-pw")
    Profile.objects.create(user=user, role=role, clearance=clearance)


@pytest.fixture
def secret(live_server) -> Incident:
    """Two colleagues and a record the viewer must never learn of, made before the browser
    starts: Playwright runs an event loop, in which Django refuses database calls."""
    make_user("eve", "editor", "internal")
    make_user("val", "viewer", "internal")
    return Incident.objects.create(type="killing", date_start="2021-05-01", location="Hidden Valley",
                                   confidentiality="restricted")


@pytest.fixture
def browser(secret):
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


def sign_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/")
    assert "/login/" in page.url
    page.fill("#id_username", name)
    page.fill("#id_password", f"{name}-secret-pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def shot(page, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def test_a_monitor_uploads_reviews_and_a_viewer_sees_only_what_they_may(live_server, secret, browser, tmp_path):
    report = tmp_path / "lumeria-2021.txt"
    report.write_text(REPORT, encoding="utf-8")
    base = live_server.url

    page = browser.new_page(viewport={"width": 1360, "height": 900})
    page.goto(f"{base}/login/")
    shot(page, "login")
    sign_in(page, base, "eve")

    page.goto(f"{base}/upload/")
    page.set_input_files("input[name=file]", str(report))
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("#job[data-status=done], #job[data-status=failed]", timeout=120_000)
    assert page.get_attribute("#job", "data-status") == "done", page.inner_text("#job")
    shot(page, "upload-done")

    page.click("text=See its incidents")
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert "Tomas Verhoeven" in page.inner_text("table")

    page.goto(f"{base}/incidents/")
    page.click("[data-facet=type] >> text=arrest")
    page.click("[data-facet=year] >> text=2021")
    assert re.search(r"type=arrest", page.url) and "year=2021" in page.url
    assert page.locator("table tbody tr").count() == 1
    page.wait_for_selector("aside.facets [data-facet=type]")  # the panel arrives by htmx
    assert "1" in page.inner_text("[data-facet=year] a.on")
    shot(page, "incidents-filtered")

    page.click("table tbody tr >> text=arrest")
    assert "detained" in page.inner_text(".evidence mark")
    page.click("button:has-text('Verify')")
    assert page.locator(".badge.state-verified").count() == 1
    page.click("a.button:text-is('Edit')")
    page.fill("#id_location", "Port Alder harbour")
    page.fill("input[name=pick-perpetrators]", "Marant")
    page.check("#id_perpetrators .found input[value]")  # a picker offers what the search finds
    shot(page, "edit")
    page.fill("#id_note", "place made precise")
    page.click("button:has-text('Save')")
    assert "Port Alder harbour" in page.inner_text("dl.fields")
    assert "Ilse Marant" in page.locator("dl.fields").nth(1).inner_text()  # linked as a perpetrator
    history = page.inner_text("table.history")
    assert "eve" in history and "location" in history and "place made precise" in history
    assert "review_state" in history
    shot(page, "incident")

    page.click("dl.fields a:has-text('Tomas Verhoeven')")
    assert "Timeline" in page.content() and "2021-03-14" in page.inner_text(".timeline")
    shot(page, "person")
    page.click("text=Press freedom in Lumeria")
    assert page.locator(".doctext mark").count() == 2
    shot(page, "document")
    page.goto(f"{base}/")
    shot(page, "dashboard")
    page.goto(f"{base}/charts/")
    assert page.locator(".chart svg rect").count() >= 2
    shot(page, "charts")
    with page.expect_navigation():
        page.select_option("#language select", "ru")
    assert "Инциденты" in page.inner_text("nav")
    shot(page, "charts-ru")
    page.close()

    viewer = browser.new_page(viewport={"width": 1360, "height": 900})
    sign_in(viewer, base, "val")
    response = viewer.goto(f"{base}/incidents/{secret.pk}/")
    assert response is not None and response.status == 404
    assert "Not found" in viewer.content() and "Hidden Valley" not in viewer.content()
    viewer.goto(f"{base}/incidents/")
    assert "Hidden Valley" not in viewer.content()
    viewer.wait_for_selector("aside.facets [data-facet=type]")
    assert "killing" not in viewer.inner_text("aside.facets")
    assert viewer.locator("table tbody tr").count() == 2
    assert viewer.locator("button:has-text('Verify')").count() == 0
    shot(viewer, "viewer-incidents")
    viewer.goto(f"{base}/upload/")
    assert "Upload a report" not in viewer.content() and "Not allowed" in viewer.content()
    viewer.close()
