"""Resolution on import: is this incoming actor (or incident) one the record already holds?

The importer asks once per record. Actors are looked up in an in-memory
`ActorIndex` of the stored ones, kept per process and topped up as actors are
added, so an import of many actors costs one database scan, not one per actor.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Count, Max
from rapidfuzz import fuzz

from civicspace.resolve.index import ActorIndex
from civicspace.resolve.match import Decision, Kind, compare, decision
from civicspace.store.models import Actor, Document, Incident, MergeSuggestion

_indexes: dict[str, tuple[tuple, ActorIndex]] = {}
_lock = threading.RLock()  # the web workspace imports in background threads


def _live(kind: str):
    return Actor.objects.filter(kind=kind, merged_into__isnull=True)


def _names(actor: Actor) -> list[str]:
    return [actor.name, *(a for a in actor.aliases or [] if isinstance(a, str))]


def _signature(kind: str) -> tuple:
    """What the cached index must agree with: a rolled-back import or an edit elsewhere changes it."""
    found = _live(kind).aggregate(n=Count("id"), top=Max("id"), changed=Max("updated_at"))
    return found["n"], found["top"] or 0, found["changed"]


def stored_index(kind: Kind) -> ActorIndex:
    """The index of the stored actors of one kind, brought up to date with the database."""
    with _lock:
        return _synced_index(kind)


def _synced_index(kind: Kind) -> ActorIndex:
    qs = _live(kind)
    signature = _signature(kind)
    cached = _indexes.get(kind)
    if cached and cached[0] == signature:
        return cached[1]
    if cached and signature[1] > cached[0][1]:
        fresh = list(qs.filter(id__gt=cached[0][1]).only("id", "name", "aliases"))
        if cached[0][0] + len(fresh) == signature[0]:  # only additions since: top up
            index = cached[1]
            for actor in fresh:
                index.add(actor.pk, _names(actor))
            _indexes[kind] = (signature, index)
            return index
    index = ActorIndex(kind)
    for actor in qs.only("id", "name", "aliases").iterator():
        index.add(actor.pk, _names(actor))
    _indexes[kind] = (signature, index)
    return index


def forget_indexes() -> None:
    """Drop the cached indexes (after a merge or split changed which actors are live)."""
    with _lock:
        _indexes.clear()


def resolve_actor(
    data: dict[str, Any], *, kind: Kind, documents: Sequence[Document] = ()
) -> tuple[Decision, Actor | None, float]:
    """What to do with an incoming actor: link it to the stored one ("merge"), store it and ask a
    human ("review", with the stored look-alike), or store it ("new").

    An actor already named by one of `documents` (the ones being imported) is never linked
    automatically: a dossier that lists two actors meant two.
    """
    names = [n for n in [data.get("name") or "", *(data.get("aliases") or [])] if n]
    with _lock:
        found = stored_index(kind).best(names)
    if found is None:
        return "new", None, 0.0
    actor = Actor.objects.filter(pk=int(found.key)).first()  # type: ignore[call-overload]
    if actor is None or found.name not in _names(actor):
        forget_indexes()  # the cache was stale after all: ask again from the database
        with _lock:
            found = stored_index(kind).best(names)
        actor = Actor.objects.filter(pk=int(found.key)).first() if found else None  # type: ignore[call-overload]
        if found is None or actor is None:
            return "new", None, 0.0
    score = found.match.score
    verdict = decision(score)
    if verdict == "merge" and documents and actor.documents.filter(pk__in=[d.pk for d in documents]).exists():
        verdict = "review"
    return verdict, (actor if verdict != "new" else None), score


def link_actor(actor: Actor, data: dict[str, Any]) -> Actor:
    """Fold what an incoming record says about a stored actor into it: its spellings and roles."""
    known = {n.casefold() for n in _names(actor)}
    added = []
    for name in [data.get("name") or "", *(data.get("aliases") or [])]:
        if name and name.casefold() not in known:
            added.append(name)
            known.add(name.casefold())
    roles = [r for r in data.get("roles") or [] if r not in (actor.roles or [])]
    if added or roles or (data.get("at_risk") and not actor.at_risk):
        actor.aliases = [*(actor.aliases or []), *added]
        actor.roles = [*(actor.roles or []), *roles]
        actor.at_risk = actor.at_risk or bool(data.get("at_risk"))
        actor.country = actor.country or data.get("country") or ""
        actor._change_reason = "linked on import"  # type: ignore[attr-defined]
        with _lock:
            cached = _indexes.get(actor.kind)
            in_step = cached is not None and cached[0] == _signature(actor.kind)
            actor.save()
            if cached and in_step:  # the cache knew every actor: with the new spellings it still does
                cached[1].add(actor.pk, added)
                _indexes[actor.kind] = (_signature(actor.kind), cached[1])
    return actor


def suggest_merge(stored: Actor, incoming: Actor, score: float) -> MergeSuggestion:
    """Queue the pair for a human: the stored actor on the left, the one just created on the right."""
    why = max((compare(a, b, stored.kind) for a in _names(stored) for b in _names(incoming)),  # type: ignore[arg-type]
              key=lambda m: m.score)
    return MergeSuggestion.objects.create(left=stored, right=incoming, score=score, reason=why.reason)


def dates_compatible(a: str, b: str) -> bool:
    """Whether two ISO dates of any precision may name the same day ("2014" and "2014-03-05" may)."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def find_twin_incident(
    type: str,
    victims: Iterable[Actor],
    date: str,
    *,
    location: str = "",
    charge: str = "",
    summary: str = "",
    exclude_documents: Sequence[Document] = (),
) -> Incident | None:
    """The stored incident this incoming one repeats: same type, same victims, compatible date
    (and the same charge when both give one). Without victims, the summary or the place and exact
    date must agree.

    Incidents of `exclude_documents` (the ones being imported) are never twins: one dossier that
    lists two incidents meant two.
    """
    victim_ids = sorted({v.pk for v in victims})
    qs = Incident.objects.filter(type=type)
    if victim_ids:
        qs = qs.filter(victims__in=victim_ids).distinct()
    else:
        qs = qs.filter(victims__isnull=True)
    if exclude_documents:
        qs = qs.exclude(documents__in=[d.pk for d in exclude_documents])
    for inc in qs.prefetch_related("victims").order_by("id"):
        if sorted(v.pk for v in inc.victims.all()) != victim_ids:
            continue
        if not dates_compatible(inc.date_start, date or ""):
            continue
        if charge and inc.charge and fuzz.token_set_ratio(charge.lower(), inc.charge.lower()) < 80:
            continue
        if not victim_ids:
            same_place = (
                bool(location) and location.casefold() == inc.location.casefold() and bool(date) and date == inc.date_start
            )
            same_story = bool(summary) and fuzz.token_set_ratio(summary.lower(), inc.summary.lower()) >= 90
            if not (same_place or same_story):
                continue
        return inc
    return None
