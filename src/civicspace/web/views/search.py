"""One search box over every kind of record and the text of the documents."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from civicspace.store import search as fulltext
from civicspace.web.views.common import reader

LIMIT = 100
DETAIL = {"incident": "incident", "actor": "actor", "law": "law", "recommendation": "recommendation",
          "document": "document"}


@reader
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kinds = [kind] if kind in DETAIL else list(DETAIL)
    hits = fulltext.search(q, request.user, kinds=kinds, limit=LIMIT) if q else []
    return render(request, "civicspace/search.html", {
        "q": q, "kind": kind, "kinds": list(DETAIL), "hits": hits,
    })
