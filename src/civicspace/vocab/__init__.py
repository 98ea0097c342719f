"""Controlled vocabularies, loaded once from the YAML files beside this module.

Codes live in data so that a new incident type or role is a one-line change that
every part (validation, extraction, storage, reports) sees at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

VOCABULARIES = ("areas", "incident_types", "actor_kinds", "person_roles", "organization_types", "addressees")


@dataclass(frozen=True)
class Vocabulary:
    """One controlled list: code -> description, with the codes no longer given out."""

    name: str
    terms: dict[str, str]
    retired: frozenset[str]

    def __contains__(self, code: object) -> bool:
        return code in self.terms

    @property
    def codes(self) -> list[str]:
        return list(self.terms)

    @property
    def active(self) -> list[str]:
        return [c for c in self.terms if c not in self.retired]

    def describe(self, code: str) -> str:
        return self.terms.get(code, "")


def _read(name: str) -> dict:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@cache
def vocabularies() -> dict[str, Vocabulary]:
    data = _read("vocabulary.yaml")
    retired = data.get("retired") or {}
    out = {}
    for name in VOCABULARIES:
        raw = data[name]
        terms = {code: "" for code in raw} if isinstance(raw, list) else {k: str(v) for k, v in raw.items()}
        out[name] = Vocabulary(name, terms, frozenset(retired.get(name) or ()))
    conf = _read("confidentiality.yaml")
    out["confidentiality"] = Vocabulary("confidentiality", dict(conf["levels"]), frozenset())
    out["review_states"] = Vocabulary("review_states", dict(conf["review_states"]), frozenset())
    return out


def vocab(name: str) -> Vocabulary:
    """The vocabulary called `name` (areas, incident_types, person_roles, ...)."""
    return vocabularies()[name]
