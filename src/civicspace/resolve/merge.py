"""Merging two actors into one, and undoing it.

A merge never deletes: the absorbed actor stays, marked `merged_into`, and the
suggestion's `detail` lists every link that moved, so `split` can put each one
back. Both are saved through the models, so django-simple-history records who
changed what and why.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from civicspace.errors import CivicspaceError
from civicspace.resolve.link import forget_indexes
from civicspace.store.models import Actor, Evidence, Incident, MergeSuggestion


def _actor(pk: int) -> Actor:
    actor = Actor.objects.filter(pk=pk).first()
    if actor is None:
        raise CivicspaceError(f"actor {pk}: no such actor")
    return actor


def _moved_role(b: Actor, a: Actor, role: str) -> list[dict[str, Any]]:
    """Move B's place among an incident's victims or perpetrators to A; note whether A was there."""
    moved = []
    for inc in Incident.objects.filter(**{role: b}).order_by("id"):
        links = getattr(inc, role)
        had_a = links.filter(pk=a.pk).exists()
        links.remove(b)
        if not had_a:
            links.add(a)
        moved.append({"incident": inc.pk, "had_target": had_a})
    return moved


@transaction.atomic
def merge(a_id: int, b_id: int, user=None) -> MergeSuggestion:
    """Fold actor B into actor A: B's incidents, evidence, documents, affiliations and names go to A."""
    if a_id == b_id:
        raise CivicspaceError(f"actor {a_id}: cannot merge an actor into itself")
    a, b = _actor(a_id), _actor(b_id)
    for x in (a, b):
        if x.merged_into_id:
            raise CivicspaceError(f"actor {x.pk}: already merged into actor {x.merged_into_id}; split it first")
    if a.kind != b.kind:
        raise CivicspaceError(f"actors {a.pk} and {b.pk}: a {a.kind} and an {b.kind} cannot be merged")
    detail: dict[str, Any] = {
        "target": a.pk,
        "absorbed": b.pk,
        "victims": _moved_role(b, a, "victims"),
        "perpetrators": _moved_role(b, a, "perpetrators"),
        "evidence": list(Evidence.objects.filter(actor=b).values_list("id", flat=True)),
    }
    Evidence.objects.filter(actor=b).update(actor=a)
    own_docs = set(a.documents.values_list("id", flat=True))
    detail["documents"] = [d for d in b.documents.values_list("id", flat=True) if d not in own_docs]
    a.documents.add(*detail["documents"])
    own_affiliations = set(a.affiliations.values_list("id", flat=True))
    detail["affiliations"] = [x for x in b.affiliations.values_list("id", flat=True) if x not in own_affiliations and x != a.pk]
    a.affiliations.add(*detail["affiliations"])
    detail["members"] = []
    for member in b.members.exclude(pk=a.pk):
        if not member.affiliations.filter(pk=a.pk).exists():
            member.affiliations.add(a)
            detail["members"].append(member.pk)
    known = {n.casefold() for n in [a.name, *(a.aliases or [])]}
    added = []
    for name in [b.name, *(b.aliases or [])]:
        if name.casefold() not in known:
            added.append(name)
            known.add(name.casefold())
    detail["aliases"] = added
    detail["roles"] = [r for r in b.roles or [] if r not in (a.roles or [])]
    a.aliases = [*(a.aliases or []), *added]
    a.roles = [*(a.roles or []), *detail["roles"]]
    a._change_reason = f"merged actor {b.pk} into this one"  # type: ignore[attr-defined]
    a.save()
    b.merged_into = a
    b._change_reason = f"merged into actor {a.pk}"  # type: ignore[attr-defined]
    b.save()
    suggestion = (
        MergeSuggestion.objects.filter(status="pending", left=a, right=b).first()
        or MergeSuggestion.objects.filter(status="pending", left=b, right=a).first()
        or MergeSuggestion(left=a, right=b, score=1.0, reason="merged by hand")
    )
    suggestion.status = "merged"
    suggestion.detail = detail
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.save()
    forget_indexes()
    return suggestion


@transaction.atomic
def split(b_id: int, user=None) -> MergeSuggestion:
    """Undo the merge that folded actor B into another: every link it moved goes back to B."""
    b = _actor(b_id)
    if not b.merged_into_id:
        raise CivicspaceError(f"actor {b_id}: not merged into another actor")
    suggestion = (
        MergeSuggestion.objects.filter(status="merged", detail__absorbed=b.pk).order_by("-decided_at", "-id").first()
    )
    if suggestion is None:
        raise CivicspaceError(f"actor {b_id}: no record of the merge to undo")
    detail = suggestion.detail
    a = _actor(detail["target"])
    for role in ("victims", "perpetrators"):
        for moved in detail[role]:
            inc = Incident.objects.filter(pk=moved["incident"]).first()
            if inc is None:
                continue
            links = getattr(inc, role)
            links.add(b)
            if not moved["had_target"]:
                links.remove(a)
    Evidence.objects.filter(id__in=detail["evidence"], actor=a).update(actor=b)
    a.documents.remove(*detail["documents"])
    a.affiliations.remove(*detail["affiliations"])
    for member in Actor.objects.filter(pk__in=detail["members"]):
        member.affiliations.remove(a)
    gone = {n.casefold() for n in detail["aliases"]}
    a.aliases = [n for n in a.aliases or [] if n.casefold() not in gone]
    a.roles = [r for r in a.roles or [] if r not in detail["roles"]]
    a._change_reason = f"split actor {b.pk} out again"  # type: ignore[attr-defined]
    a.save()
    b.merged_into = None
    b._change_reason = f"split out of actor {a.pk}"  # type: ignore[attr-defined]
    b.save()
    suggestion.status = "split"
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.save()
    forget_indexes()
    return suggestion


def reject(suggestion_id: int, user=None) -> MergeSuggestion:
    """Record that a human looked at a suggested pair and found two actors."""
    suggestion = MergeSuggestion.objects.filter(pk=suggestion_id).first()
    if suggestion is None:
        raise CivicspaceError(f"suggestion {suggestion_id}: no such suggestion")
    if suggestion.status != "pending":
        raise CivicspaceError(f"suggestion {suggestion_id}: already {suggestion.status}")
    suggestion.status = "rejected"
    suggestion.decided_at = timezone.now()
    suggestion.decided_by = user
    suggestion.save()
    return suggestion
