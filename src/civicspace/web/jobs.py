"""Reading, extracting and storing an uploaded document away from the request.

With CELERY_BROKER_URL set the job goes to a Celery worker (`celery -A
civicspace.web.jobs worker`); otherwise it runs on a thread of the server process,
which is enough for one office. Either way the Job row is the only channel: the
page polls it, so the uploader can close the tab and come back.
"""

from __future__ import annotations

import threading
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection

from civicspace.store import setup

setup()  # a Celery worker imports this module before anything else

from simple_history.models import HistoricalRecords  # noqa: E402

from civicspace.store.models import Document, Job  # noqa: E402

EXTRACTORS = ("extract_document", "dossier_of", "extract")


def upload_dir() -> Path:
    path = Path(settings.HOME) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def dossier_path(job: Job) -> Path:
    """Where an uploaded ready-made dossier waits beside its document."""
    return Path(job.path + ".dossier.json")


def keep_upload(name: str, chunks: Any) -> Path:
    """The upload written to a private, unique file; the original name is kept only as a label."""
    target = upload_dir() / f"{uuid.uuid4().hex}-{Path(name).name[-100:]}"
    with target.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return target


def extractor() -> Any:
    """The extraction step's public function (Document -> Dossier), or a clear refusal."""
    from civicspace.errors import CivicspaceError

    try:
        import civicspace.extract as extract
    except ImportError as err:  # pragma: no cover - the package ships with civicspace
        raise CivicspaceError(f"extraction is not available: {err}") from None
    for name in EXTRACTORS:
        found = getattr(extract, name, None)
        if callable(found):
            return found
    raise CivicspaceError("extraction is not available in this installation; upload the file with its dossier")


def step(job: Job, status: str, progress: int, message: str = "") -> None:
    job.status, job.progress, job.message = status, progress, message
    job.save(update_fields=["status", "progress", "message", "updated_at"])


def run(job_id: int) -> None:
    """Read, extract and store one upload; any failure ends the job with a one-line reason."""
    from civicspace import dossier as fmt
    from civicspace.read import read_file
    from civicspace.store import blobs
    from civicspace.store.importer import Defaults, Original, import_dossier

    job = Job.objects.select_related("user").get(pk=job_id)
    outer = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = SimpleNamespace(user=job.user)  # history names the uploader
    path = Path(job.path)
    try:
        step(job, "reading", 10)
        document = read_file(path)
        data = path.read_bytes()
        meta = {k: v for k, v in vars(document.metadata).items() if v is not None and k != "path"}
        original = Original(data=data, text=document.text, filename=job.filename, metadata=meta)
        step(job, "extracting", 35)
        ready = dossier_path(job)
        if ready.exists():
            dossier = fmt.load(ready)
        else:
            found = extractor()(document)
            dossier = found if isinstance(found, fmt.Dossier) else fmt.parse(found, job.filename)
        step(job, "storing", 75)
        outcome = import_dossier(
            dossier, source=job.filename, original=original, original_name=job.filename,
            defaults=Defaults(review_state="extracted", confidentiality=job.confidentiality),
        )
        job.document = Document.objects.filter(sha256=blobs.sha256_of(data)).first()
        job.counts = dict(outcome.counts)
        step(job, "done", 100, outcome.message)
        job.save(update_fields=["document", "counts"])
    except Exception as err:  # noqa: BLE001 - the job must end and say why, whatever went wrong
        step(job, "failed", 100, str(err).splitlines()[0][:500] if str(err) else type(err).__name__)
    finally:
        HistoricalRecords.context.request = outer
        for leftover in (path, dossier_path(job)):
            leftover.unlink(missing_ok=True)


def _run_on_thread(job_id: int) -> None:
    try:
        run(job_id)
    finally:
        close_old_connections()
        connection.close()


def start(job: Job) -> None:
    if settings.CELERY_BROKER_URL:
        run_task.delay(job.pk)
        return
    threading.Thread(target=_run_on_thread, args=(job.pk,), name=f"civicspace-job-{job.pk}", daemon=True).start()


def _celery_app() -> Any:
    from celery import Celery

    app = Celery("civicspace", broker=settings.CELERY_BROKER_URL or None)
    app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    return app


app = _celery_app()


@app.task(name="civicspace.run_job")
def run_task(job_id: int) -> None:
    run(job_id)
