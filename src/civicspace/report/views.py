"""The reports page of the web workspace: the same reports as `civicspace report`, bounded by the user.

A signed-in user gets at most their own clearance in a full edition; the public
edition is open to every user with a role. A person above the user's clearance
gets the same answer as a person who does not exist.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines

from civicspace.errors import CivicspaceError
from civicspace.report import KINDS, build
from civicspace.report.render import FORMATS, render
from civicspace.report.scope import Scope, label
from civicspace.store import access
from civicspace.vocab import vocab
from civicspace.web.views.common import reader

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@cache
def form_template():
    text = resources.files(__package__).joinpath("templates/web/reports.html").read_text(encoding="utf-8")
    return engines["django"].from_string(text)


def form_page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    areas = [(a, label("areas", a)) for a in vocab("areas").codes if a != "general"]
    html = form_template().render({"areas": areas, "error": error, "here": "reports"}, request)
    return HttpResponse(html, status=status)


def scope_of(request: HttpRequest) -> Scope:
    get = request.GET
    clearance = access.clearance_of(request.user) or "public"
    person = get.get("person", "").strip()
    if person and not person.isdigit():
        raise CivicspaceError(f"person {person!r}: give the number of a person record")
    return Scope(
        edition=get.get("edition", "public"),
        clearance=clearance,
        state=get.get("state", "verified"),
        country=get.get("country", "").strip().upper(),
        date_from=get.get("from", "").strip(),
        date_to=get.get("to", "").strip(),
        areas=tuple(get.getlist("area")),
        person=int(person) if person else None,
    )


@reader
def reports(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format")
    if not fmt:
        return form_page(request)
    kind = request.GET.get("kind", "five-area")
    if fmt not in FORMATS or kind not in KINDS:
        return form_page(request, "Choose a report and a format from the lists.", status=400)
    try:
        scope = scope_of(request)
        report = build(kind, scope)
    except CivicspaceError as err:
        if kind == "un-submission" and "no such person" in str(err):
            raise Http404("No such person in the record") from None
        return form_page(request, str(err), status=400)
    response = HttpResponse(render(report, fmt), content_type=MEDIA_TYPES[fmt])
    name = f"civicspace-{kind}-{scope.edition}.{fmt}"
    disposition = "inline" if fmt == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
