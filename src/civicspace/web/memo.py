"""Aggregates (facet counts, dashboard figures) kept for a minute per clearance level.

Counting 100,000 incidents several ways on every page view is what makes a list slow;
the figures only change when records do. The key holds a fingerprint of the tables
(highest id and latest history entry of each kind, both read from indexes),
so an import or an edit shows at once, and the timeout bounds what a bulk update made
without history could leave stale.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connection

from civicspace.store import access
from civicspace.store.models import Actor, Document, Incident, Law, Recommendation

T = TypeVar("T")
SECONDS = 60
MODELS = (Incident, Actor, Law, Recommendation, Document)


def fingerprint() -> str:
    """The newest id and newest history entry of each kind, in one statement: each is
    read from the end of a primary key. Counting rows as well would read whole tables;
    a deletion made through the ORM leaves a history entry, so a count adds nothing."""
    parts = []
    for model in MODELS:
        history = model.history.model  # type: ignore[attr-defined]
        parts.append(f"(SELECT MAX(id) FROM {model._meta.db_table})")
        parts.append(f"(SELECT MAX(history_id) FROM {history._meta.db_table})")
    with connection.cursor() as cur:
        cur.execute(f"SELECT {', '.join(parts)}")
        return ":".join(str(v) for v in cur.fetchone())


def _key(request: Any, what: str) -> str:
    stamp = getattr(request, "_civicspace_fingerprint", None)
    if stamp is None:
        stamp = fingerprint()
        request._civicspace_fingerprint = stamp
    raw = f"{stamp}/{access.clearance_of(request.user)}/{what}"
    return "civicspace:" + hashlib.sha256(raw.encode()).hexdigest()


def recalled(request: Any, what: str) -> Any:
    """What `remembered` keeps for `what`, or None when it has not been computed."""
    return cache.get(_key(request, what))


def remembered(request: Any, what: str, compute: Callable[[], T]) -> T:
    """`compute()` for this user's clearance, from the cache while the tables are unchanged."""
    key = _key(request, what)
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, SECONDS)
    return found
