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


def visible_victims(user: Any) -> Prefetch:
    """An incident's victims for a table of incidents, without those the user may not know of."""
    return Prefetch("victims", queryset=seen(models.Actor, user).only("id", "name", "kind"))
