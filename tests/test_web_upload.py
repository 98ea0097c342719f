"""Uploads as background jobs: a report and its dossier land as "extracted" records, and a
file that cannot be read or extracted ends its job with a reason, storing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from civicspace.store.models import Document, Incident, Job, Profile
from civicspace.web import jobs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """Counts are cached by a fingerprint of the tables, which a rolled-back test can repeat."""
    from django.core.cache import cache

    cache.clear()

TEXT = "On 2 February 2018 the authorities of Estmark banned the Green Meadow Union.\n"
QUOTE = "the authorities of Estmark banned the Green Meadow Union"


def dossier() -> dict:
    start = TEXT.index(QUOTE)
    ev = [{"quote": QUOTE, "start": start, "end": start + len(QUOTE)}]
    return {
        "format": "civicspace-dossier/1",
        "actors": [{"id": "o1", "kind": "organization", "name": "Green Meadow Union", "org_type": "trade_union",
                    "evidence": ev}],
        "incidents": [{"id": "i1", "type": "organization_ban", "date": "2018-02-02", "victims": ["o1"],
                       "location": "Estmark", "evidence": ev}],
    }


@pytest.fixture
def editor() -> Client:
    user = get_user_model().objects.create_user(username="eddie", password="pw-for-tests-1")
    Profile.objects.create(user=user, role="editor", clearance="internal")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def inline_jobs(monkeypatch):
    """Run the job in the request's own thread, so the test sees its end at once."""
    monkeypatch.setattr(jobs, "start", lambda job: jobs.run(job.pk))


def test_an_upload_with_its_dossier_lands_as_extracted(editor, inline_jobs):
    response = editor.post("/upload/", {
        "file": SimpleUploadedFile("estmark.txt", TEXT.encode()),
        "dossier": SimpleUploadedFile("estmark.json", json.dumps(dossier()).encode()),
        "confidentiality": "internal",
    })
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.status, job.progress) == ("done", 100), job.message
    doc = Document.objects.get()
    assert job.document == doc and doc.filename == "estmark.txt"
    incident = Incident.objects.get()
    assert (incident.type, incident.review_state, incident.year) == ("organization_ban", "extracted", 2018)
    page = editor.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert f"/incidents/?document={doc.pk}" in page and "hx-trigger" not in page
    listing = editor.get(f"/incidents/?document={doc.pk}").content.decode()
    assert "Green Meadow Union" in listing
    assert not Path(job.path).exists()  # the upload is not kept twice: the store has its bytes


def test_a_job_that_fails_says_why_and_stores_nothing(editor, inline_jobs):
    bad = {k: v for k, v in dossier().items()}
    bad["incidents"] = [{**dossier()["incidents"][0], "type": "no_such_type"}]
    editor.post("/upload/", {
        "file": SimpleUploadedFile("estmark.txt", TEXT.encode()),
        "dossier": SimpleUploadedFile("estmark.json", json.dumps(bad).encode()),
        "confidentiality": "internal",
    })
    job = Job.objects.get()
    assert job.status == "failed"
    assert "no_such_type" in job.message
    assert not Document.objects.exists() and not Incident.objects.exists()
    assert "no_such_type" in editor.get(f"/jobs/{job.pk}/").content.decode()


def test_a_job_in_progress_keeps_polling(editor):
    job = Job.objects.create(user=get_user_model().objects.get(username="eddie"), filename="x.txt", path="/nowhere",
                             status="extracting", progress=35)
    page = editor.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in page and "35%" in page
    assert "<html" not in page


def test_an_empty_file_is_refused_at_the_form(editor, inline_jobs):
    response = editor.post("/upload/", {"file": SimpleUploadedFile("empty.txt", b""), "confidentiality": "internal"})
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_an_editor_cannot_upload_above_their_clearance(editor, inline_jobs):
    response = editor.post("/upload/", {
        "file": SimpleUploadedFile("estmark.txt", TEXT.encode()), "confidentiality": "restricted",
    })
    assert response.status_code == 200
    assert not Job.objects.exists()


def test_with_a_broker_the_job_goes_to_celery(editor, settings, monkeypatch):
    """CELERY_BROKER_URL hands the job to a Celery task (run eagerly here, as a worker would)."""
    settings.CELERY_BROKER_URL = "memory://"
    monkeypatch.setitem(jobs.app.conf, "task_always_eager", True)
    ran: list[int] = []
    monkeypatch.setattr(jobs, "run", ran.append)
    editor.post("/upload/", {"file": SimpleUploadedFile("estmark.txt", TEXT.encode()), "confidentiality": "internal"})
    job = Job.objects.get()
    assert ran == [job.pk]
    Path(job.path).unlink()
