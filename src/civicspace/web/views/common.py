"""What every page needs: who may enter, and records fetched only if the user may know of them."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from civicspace.store import access, models

View = Callable[..., HttpResponse]

RECORD_MODELS: dict[str, type[models.Record]] = {
    "incident": models.Incident,
    "actor": models.Actor,
    "law": models.Law,
    "recommendation": models.Recommendation,
    "document": models.Document,
}


def reader(view: View) -> View:
    """Signed in with a role: every page of the workspace asks for this at least."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if access.role_of(request.user) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def editor(view: View) -> View:
    """Editors and admins only: verifying, correcting and uploading change the record."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.can_edit(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def administrator(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not access.can_administer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def seen(model: type[Model], user: Any) -> QuerySet:
    """Every record of `model` that `user` may know exists."""
    return access.visible(model._default_manager.all(), user)


def visible_or_404(model: type[Model], user: Any, pk: int) -> Any:
    """404, never 403, for a record above the user's clearance: a refusal would tell them it exists."""
    try:
        return seen(model, user).get(pk=pk)
    except model.DoesNotExist:  # type: ignore[attr-defined]
        raise Http404 from None


def record_model(kind: str) -> type[models.Record]:
    try:
        return RECORD_MODELS[kind]
    except KeyError:
        raise Http404 from None


LINKED_VICTIMS = Prefetch(
    "victims", queryset=models.Actor.objects.only("id", "name", "kind", "confidentiality"), to_attr="linked_victims"
)


def with_victims(incidents: Any, user: Any) -> list[Any]:
    """The incidents, each with `victims_shown`: its victims the user may know of.

    The links are prefetched whole and cut here: asking SQL for the visible ones
    makes SQLite scan every actor instead of following the 50 incidents' links."""
    levels = set(models.levels_up_to(access.clearance_of(user) or "public"))
    rows = list(incidents.prefetch_related(LINKED_VICTIMS))
    for row in rows:
        row.victims_shown = [a for a in row.linked_victims if a.confidentiality in levels]
    return rows
