"""One page per record: its fields, the records it links to, the passages behind it and its history.

Every linked record goes through `visible()` as well: an incident the user may see
can name a victim they may not, and that victim is left out rather than shown.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from civicspace.store import access
from civicspace.store.models import Actor, Document, Evidence, Incident, Law, Recommendation, Source
from civicspace.web.history import revisions_of
from civicspace.web.passages import marked_text, passages_of
from civicspace.web.views.common import reader, seen, visible_or_404, with_victims

LINKED = 500


def common(request: HttpRequest, kind: str, record: Any, evidence: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "record": record,
        "passages": passages_of(evidence, request.user),
        "revisions": revisions_of(record),
        "can_edit": access.can_edit(request.user),
        "documents": seen(Document, request.user).filter(id__in=record.documents.values("id")).defer("text")
        if hasattr(record, "documents") else [],
    }


@reader
def incident(request: HttpRequest, pk: int) -> HttpResponse:
    inc = visible_or_404(Incident, request.user, pk)
    context = common(request, "incident", inc, Evidence.objects.filter(incident=inc))
    context.update({
        "victims": seen(Actor, request.user).filter(victim_of=inc),
        "perpetrators": seen(Actor, request.user).filter(perpetrator_of=inc),
        "laws": seen(Law, request.user).filter(incidents=inc),
        "sources": seen(Source, request.user).filter(incidents=inc).select_related("document"),
    })
    return render(request, "civicspace/incident.html", context)


@reader
def actor(request: HttpRequest, pk: int) -> HttpResponse:
    who = visible_or_404(Actor, request.user, pk)
    if who.merged_into_id and seen(Actor, request.user).filter(pk=who.merged_into_id).exists():
        return redirect("civicspace:actor", pk=who.merged_into_id)
    as_victim = set(Incident.victims.through.objects.filter(actor=who).values_list("incident_id", flat=True))
    as_perpetrator = Incident.perpetrators.through.objects.filter(actor=who).values("incident_id")
    incidents = list(  # id lists, not joins: an OR across two joins makes the database read every incident
        seen(Incident, request.user).filter(Q(pk__in=as_victim) | Q(pk__in=as_perpetrator))
        .order_by("date_start", "id")[:LINKED]
    )
    for inc in incidents:
        inc.as_victim = inc.id in as_victim
    context = common(request, "actor", who, Evidence.objects.filter(actor=who))
    context.update({
        "timeline": incidents,
        "affiliations": seen(Actor, request.user).filter(members=who),
        "members": seen(Actor, request.user).filter(affiliations=who),
    })
    return render(request, "civicspace/actor.html", context)


@reader
def law(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_or_404(Law, request.user, pk)
    context = common(request, "law", item, Evidence.objects.filter(law=item))
    context["incidents"] = with_victims(
        seen(Incident, request.user).filter(laws=item).order_by("-year", "-date_start")[:LINKED], request.user
    )
    return render(request, "civicspace/law.html", context)


@reader
def recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    item = visible_or_404(Recommendation, request.user, pk)
    context = common(request, "recommendation", item, Evidence.objects.filter(recommendation=item))
    context.update({
        "statuses": item.statuses.order_by("date", "id"),
        "sources": seen(Source, request.user).filter(recommendations=item),
    })
    return render(request, "civicspace/recommendation.html", context)


def records_from(doc: Document, user: Any) -> dict[str, Any]:
    """What the document gave the record, each kind cut to what the user may see."""
    return {
        "incidents": seen(Incident, user).filter(documents=doc).order_by("-year", "date_start")[:LINKED],
        "persons": seen(Actor, user).filter(documents=doc, kind="person").order_by("name")[:LINKED],
        "organisations": seen(Actor, user).filter(documents=doc, kind="organization").order_by("name")[:LINKED],
        "laws": seen(Law, user).filter(documents=doc).order_by("instrument", "article")[:LINKED],
        "recommendations": seen(Recommendation, user).filter(documents=doc).order_by("id")[:LINKED],
    }


def visible_evidence(doc: Document, user: Any) -> Any:
    """The evidence in `doc` whose record the user may see: a mark must not point at a hidden record."""
    return Evidence.objects.filter(document=doc).filter(
        Q(incident__in=seen(Incident, user).values("id"))
        | Q(actor__in=seen(Actor, user).values("id"))
        | Q(law__in=seen(Law, user).values("id"))
        | Q(recommendation__in=seen(Recommendation, user).values("id"))
    )


@reader
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = visible_or_404(Document, request.user, pk)
    current = request.GET.get("span")
    current_id = int(current) if current and current.isdigit() else None
    spans = list(visible_evidence(doc, request.user).values_list("start", "end", "id"))
    context = {
        "kind": "document",
        "record": doc,
        "segments": marked_text(doc.text, spans, current_id),
        "revisions": revisions_of(doc),
        "can_edit": access.can_edit(request.user),
        "sources": seen(Source, request.user).filter(document=doc).order_by("id"),
        "jobs": doc.jobs.order_by("-id")[:5],
    }
    context.update(records_from(doc, request.user))
    return render(request, "civicspace/document.html", context)


@reader
def evidence_target(request: HttpRequest, pk: int) -> HttpResponse:
    """A mark in a document's text leads to the record it supports, if the user may see both."""
    ev = Evidence.objects.filter(pk=pk).first()
    if ev is None or not seen(Document, request.user).filter(pk=ev.document_id).exists():
        raise Http404
    for kind, model, record_id in (
        ("incident", Incident, ev.incident_id),
        ("actor", Actor, ev.actor_id),
        ("law", Law, ev.law_id),
        ("recommendation", Recommendation, ev.recommendation_id),
    ):
        if record_id and seen(model, request.user).filter(pk=record_id).exists():
            return redirect(f"civicspace:{kind}", pk=record_id)
    raise Http404
