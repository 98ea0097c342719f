"""A record's revision history as a reviewer reads it: who, when, and what changed from what."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SHOWN = 50
IGNORED = {"updated_at", "created_at", "year"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Revision:
    when: Any
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def shown(value: Any) -> str:
    if isinstance(value, list):
        return f"{len(value)} linked" if value and isinstance(value[0], dict) else ", ".join(map(str, value))
    text = "" if value is None else str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def revisions_of(record: Any) -> list[Revision]:
    """Newest first; each revision compared with the one before it (one query for all of them)."""
    rows = list(record.history.select_related("history_user").order_by("-history_date", "-history_id")[: SHOWN + 1])
    out = []
    for i, row in enumerate(rows[:SHOWN]):
        previous = rows[i + 1] if i + 1 < len(rows) else None
        changes = []
        if previous is not None:
            delta = row.diff_against(previous)
            changes = [
                Change(c.field, shown(c.old), shown(c.new)) for c in delta.changes if c.field not in IGNORED
            ]
        user = row.history_user
        out.append(Revision(
            when=row.history_date,
            who=user.get_username() if user else "",
            action=ACTIONS.get(row.history_type, row.history_type),
            reason=row.history_change_reason or "",
            changes=changes,
        ))
    return out
