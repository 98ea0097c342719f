"""Roles of persons from the words around their names ("editor X", "X, a journalist")."""

from __future__ import annotations

import re
from typing import Any

from civicspace.extract.pipeline import ExtractionDoc, component, patterns

LIST_GLUE = re.compile(r"\s*(,\s*(and\s+)?|\s+and\s*)")


def _role_rx() -> list[tuple[re.Pattern, str]]:
    pairs = [(phrase, code) for code, phrases in patterns("roles.yaml")["roles"].items() for phrase in phrases]
    pairs.sort(key=lambda p: -len(p[0]))
    return [(re.compile(r"\b" + re.escape(p) + r"(?:s|es)?\b", re.I), c) for p, c in pairs]


def roles_in(window: str, rules: list[tuple[re.Pattern, str]]) -> list[str]:
    """Role codes named in a window, longest phrases first, each word used once."""
    out: list[str] = []
    for rx, code in rules:
        m = rx.search(window)
        if m:
            window = window[: m.start()] + " " * (m.end() - m.start()) + window[m.end():]
            if code not in out:
                out.append(code)
    return out


@component("roles", "1.1")
def make_roles(settings: dict[str, Any]):
    window = int(settings.get("window", 70))

    def roles(doc: ExtractionDoc) -> None:
        rules = _role_rx()
        text = doc.text
        starts = sorted(m["start"] for m in doc.mentions)
        last_end, last_roles = -1, list[str]()
        for m in doc.mentions:
            actor = m["actor"]
            if actor["kind"] != "person":
                continue
            if last_end >= 0 and LIST_GLUE.fullmatch(text[last_end:m["start"]]):
                # "journalists A, B, C and D": the list shares the role written before its first name.
                for code in last_roles:
                    if code not in actor["roles"]:
                        actor["roles"].append(code)
                last_end = m["end"]
                continue
            unit = m["unit"]
            before = text[max(unit.start, m["start"] - window):m["start"]]
            before = re.split(r"[.;!?]\s|\bwho\b|\bwhich\b", before)[-1]
            prev = [s for s in starts if m["start"] - len(before) <= s < m["start"]]
            if prev and not re.search(r"[,:]\s*$|\band\s*$", before):
                before = ""
            before = _after_last_verb(unit, m["start"] - len(before), m["start"], before)
            after = ""
            tail = text[m["end"]:min(unit.end, m["end"] + window)]
            ap = re.match(r",\s+(?:\d{1,3},\s+)?(?:an?|the)\s+([^,;.]+)", tail)  # "X, 34, a blogger"
            if ap:
                after = ap.group(1)
            found = roles_in(before + " | " + after, rules)
            for code in found:
                if code not in actor["roles"]:
                    actor["roles"].append(code)
            last_end, last_roles = m["end"], found

    return roles


def _after_last_verb(unit, start: int, end: int, before: str) -> str:
    """The words before a name that can describe it: a role word before the sentence's verb
    ("a judge fined X") belongs to someone else."""
    if not before.strip() or unit.spacy_doc is None:
        return before
    span = unit.spacy_doc.char_span(start - unit.start, end - unit.start, alignment_mode="contract")
    if span is None:
        return before
    verbs = [t for t in span if t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN"]
    if not verbs:
        return before
    cut = unit.start + verbs[-1].idx + len(verbs[-1]) - start
    return before[max(0, cut):]
