"""Upload a report: the file is kept, a Job is queued, and the page follows its progress."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from civicspace.store import access
from civicspace.store.models import Job
from civicspace.web import jobs
from civicspace.web.forms import UploadForm
from civicspace.web.views.common import editor

RECENT = 10


def own_jobs(request: HttpRequest):
    """Admins follow every upload; an editor sees their own."""
    qs = Job.objects.select_related("document", "user").order_by("-id")
    return qs if access.can_administer(request.user) else qs.filter(user_id=request.user.pk or 0)


@editor
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kept = jobs.keep_upload(upload.name, upload.chunks())
        job = Job.objects.create(
            user_id=request.user.pk, filename=upload.name[-500:], path=str(kept),
            confidentiality=form.cleaned_data["confidentiality"],
        )
        dossier = form.cleaned_data.get("dossier")
        if dossier:
            with jobs.dossier_path(job).open("wb") as out:
                for chunk in dossier.chunks():
                    out.write(chunk)
        jobs.start(job)
        return redirect("civicspace:job", pk=job.pk)
    return render(request, "civicspace/upload.html", {"form": form, "jobs": own_jobs(request)[:RECENT]})


@editor
def job(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(own_jobs(request), pk=pk)
    document = item.document if item.document and access.visible(
        type(item.document).objects.filter(pk=item.document.pk), request.user).exists() else None
    template = "civicspace/partials/job.html" if request.headers.get("HX-Request") else "civicspace/job.html"
    return render(request, template, {"job": item, "document": document})
