"""Review: verify, correct or reject a record; every change is kept in its history."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from simple_history.utils import update_change_reason

from civicspace.store.models import Actor, Incident, Law, Recommendation
from civicspace.web.forms import FORMS
from civicspace.web.views.common import editor, reader, record_model, seen, visible_or_404, with_victims

ACTIONS = {"verify": "verified", "reject": "rejected", "reopen": "extracted"}
QUEUE = 25


@editor
def review(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    record = visible_or_404(record_model(kind), request.user, pk)
    state = ACTIONS.get(request.POST.get("action", ""))
    if state is None:
        messages.error(request, _("Unknown review action."))
        return redirect(f"civicspace:{kind}", pk=pk)
    record.review_state = state
    record.save()
    note = request.POST.get("note", "").strip()[:100]
    update_change_reason(record, note or f"review: {state}")
    messages.success(request, _("Marked as %(state)s.") % {"state": _(state)})
    return redirect(f"civicspace:{kind}", pk=pk)


@editor
def edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record = visible_or_404(record_model(kind), request.user, pk)
    form_class = FORMS[kind]
    form = form_class(request.POST or None, instance=record, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        update_change_reason(saved, request.POST.get("note", "").strip()[:100] or "edited")
        messages.success(request, _("Saved."))
        if seen(record_model(kind), request.user).filter(pk=pk).exists():
            return redirect(f"civicspace:{kind}", pk=pk)
        return redirect("civicspace:dashboard")
    return render(request, "civicspace/edit.html", {"form": form, "record": record, "kind": kind})


PICKS = 20
LINKS = ("victims", "perpetrators", "laws")  # the form fields a picker fills


@editor
def link_choices(request: HttpRequest, kind: str) -> HttpResponse:
    """Records an edit form may link, found by name (actors) or instrument and article
    (laws): only those the editor may see, for the picker (forms.LinkPicker)."""
    field = request.GET.get("field", "")
    if field not in LINKS:
        raise Http404
    q = request.GET.get(f"pick-{field}", "").strip()
    found: list[tuple[int, str]] = []
    if kind == "actors" and q:
        people = seen(Actor, request.user).filter(merged_into__isnull=True)
        found = [(a.pk, str(a)) for a in people.filter(Q(name__icontains=q) | Q(aliases__icontains=q))
                 .order_by("name")[:PICKS]]
    elif kind == "laws" and q:
        words = Q()
        for word in q.split():
            words &= Q(instrument__icontains=word) | Q(article__icontains=word) | Q(title__icontains=word)
        found = [(law.pk, str(law)) for law in seen(Law, request.user).filter(words)
                 .order_by("instrument", "article")[:PICKS]]
    elif kind not in ("actors", "laws"):
        raise Http404
    return render(request, "civicspace/partials/link_choices.html", {"found": found, "field": field, "q": q})


@reader
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for a person: the newest extracted records of each kind."""
    user = request.user
    kinds = {
        "incident": seen(Incident, user).filter(review_state="extracted"),
        "actor": seen(Actor, user).filter(review_state="extracted", merged_into__isnull=True),
        "law": seen(Law, user).filter(review_state="extracted"),
        "recommendation": seen(Recommendation, user).filter(review_state="extracted"),
    }
    sections = [
        {"kind": kind, "total": qs.aggregate(n=Count("id"))["n"], "rows": qs.order_by("-id")[:QUEUE]}
        for kind, qs in kinds.items()
    ]
    sections[0]["rows"] = with_victims(sections[0]["rows"], user)
    return render(request, "civicspace/review.html", {"sections": sections})
