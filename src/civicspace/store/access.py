"""Who may see and do what: the one place every door (page, API, export, report) asks.

A user's clearance bounds which confidentiality levels they may know of; their role
bounds what they may change. A record above a user's clearance is filtered out of
every query before anything is counted, so not even a total reveals it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from civicspace.store.models import Profile, levels_up_to

EDIT_ROLES = {"admin", "editor"}


def profile_of(user: Any) -> Profile | None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def role_of(user: Any) -> str | None:
    """admin, editor or viewer; a superuser without a profile counts as admin."""
    prof = profile_of(user)
    if prof is not None:
        return prof.role
    if getattr(user, "is_superuser", False) and user.is_active:
        return "admin"
    return None


def clearance_of(user: Any) -> str | None:
    prof = profile_of(user)
    if prof is not None:
        return prof.clearance
    return "restricted" if role_of(user) == "admin" else None


def visible(qs: QuerySet, user: Any) -> QuerySet:
    """`qs` cut down to the records `user` may know exist (nothing for a stranger)."""
    clearance = clearance_of(user)
    if clearance is None:
        return qs.none()
    return qs.filter(confidentiality__in=levels_up_to(clearance))


def can_edit(user: Any) -> bool:
    return role_of(user) in EDIT_ROLES


def can_administer(user: Any) -> bool:
    return role_of(user) == "admin"
