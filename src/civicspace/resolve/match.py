"""How alike two names are, as a score with its reason, and what to do about it.

The score is the weakest link of the best alignment of the two names' parts:
every part of the shorter name must find a partner in the longer one, and each
kind of partnership (exact, fuzzy, initial, gendered surname, missing
patronymic...) caps the score at the value config.yaml gives it. A different
given name is a different person however similar the rest is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations
from typing import Literal

from rapidfuzz.distance import OSA

from civicspace.resolve.names import OrgName, Part, PersonName, org_name, person_name, skeleton
from civicspace.resolve.settings import settings

Decision = Literal["merge", "review", "new"]
Kind = Literal["person", "organization"]


@dataclass(frozen=True, slots=True)
class Match:
    score: float
    reason: str


def decision(score: float) -> Decision:
    """What the resolver does with a pair at this score."""
    th = settings()["thresholds"]
    if score >= th["merge"]:
        return "merge"
    if score >= th["review"]:
        return "review"
    return "new"


def compare(a: str, b: str, kind: Kind = "person") -> Match:
    """The score of two names of the same kind of actor, and why."""
    if kind == "person":
        return compare_persons(person_name(a), person_name(b))
    return compare_orgs(org_name(a), org_name(b))


def _similarity(x: str, y: str, conf: dict) -> float:
    """1.0 for equal skeletons, less for a typo, less again for other near spellings, else 0.0.

    A letter dropped, doubled or swapped is a slip of the keyboard; a letter
    replaced by another is as often a different name (Baranov, Barinov), so it
    scores lower.
    """
    if x == y:
        return 1.0
    lx, ly = len(x), len(y)
    if lx <= conf["fuzzy_short_len"] or ly <= conf["fuzzy_short_len"]:
        return 0.0
    longest = lx if lx > ly else ly
    most = int((1.0 - conf["fuzzy_token_min"]) * longest + 1e-9)  # edits allowed at fuzzy_token_min
    if abs(lx - ly) > max(most, 1):
        return 0.0
    distance = OSA.distance(x, y, score_cutoff=max(most, 1))
    if distance == 1 and _is_slip(x, y):
        return float(conf["typo"])
    return float(conf["near"]) if distance <= most else 0.0


def _is_slip(x: str, y: str) -> bool:
    """Whether two spellings one edit apart differ by a slip rather than by a letter of the name.

    Slips: two letters swapped, a letter doubled or an "h" added (Bakhytzhhan),
    or a letter that the two scripts render differently (Kazakh қ as k, Russian х as kh).
    """
    if len(x) == len(y):
        diff = [i for i in range(len(x)) if x[i] != y[i]]
        if len(diff) == 2:
            return True  # transposition
        return frozenset((x[diff[0]], y[diff[0]])) in _soft_pairs()
    short, long = (x, y) if len(x) < len(y) else (y, x)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    extra = long[i]
    return extra == "h" or extra in long[max(0, i - 1) : i] or extra in long[i + 1 : i + 2]


@lru_cache(maxsize=1)
def _soft_pairs() -> frozenset[frozenset[str]]:
    return frozenset(frozenset(pair) for pair in settings()["soft_substitutions"])


PairKind = Literal["exact", "fuzzy", "gendered", "initial", ""]


def _pair(x: Part, y: Part, conf: dict) -> tuple[float, PairKind]:
    if x.initial or y.initial:
        if x.initial and y.initial:
            return (0.9, "initial") if x.skel == y.skel else (0.0, "")
        full, ini = (y, x) if x.initial else (x, y)
        first = full.raw[:1].lower()
        ok = full.skel.startswith(ini.skel) or (ini.raw.lower() == first and first.isascii())
        return (0.9, "initial") if ok else (0.0, "")
    sim = _similarity(x.skel, y.skel, conf)
    if sim == 1.0:
        return 1.0, "exact"
    if x.stem == y.stem and x.gender != y.gender:
        return 0.99, "gendered"
    stem_sim = _similarity(x.stem, y.stem, conf) if x.gender != y.gender else 0.0
    if stem_sim > sim:
        return stem_sim, "gendered"
    if x.skel + "a" == y.skel or y.skel + "a" == x.skel:
        return 0.0, ""  # Aleksandr and Aleksandra, Yevgeni and Yevgenia
    return (sim, "fuzzy") if sim else (0.0, "")


def _align(short: tuple[Part, ...], long: tuple[Part, ...], conf: dict):
    """The partner in `long` of each part of `short` that gives the best total, or None."""
    long = long[:7]
    table = [[_pair(x, y, conf) for y in long] for x in short]
    best: tuple[float, tuple[int, ...]] | None = None
    for perm in permutations(range(len(long)), len(short)):
        pairs = [table[i][j] for i, j in enumerate(perm)]
        if any(kind == "" for _, kind in pairs):
            continue
        total = sum(s for s, _ in pairs)
        if best is None or total > best[0]:
            best = (total, perm)
    if best is None:
        return None
    return [(short[i], long[j], *table[i][j], j) for i, j in enumerate(best[1])]


def compare_persons(a: PersonName, b: PersonName) -> Match:
    conf = settings()["person"]
    ca, cb = a.core, b.core
    if not ca or not cb:
        return Match(conf["mismatch"], "no name")
    if len(ca) > 1 and a.parts == b.parts and not any(p.initial for p in ca):
        return Match(conf["exact"], "same name")
    short, long = (ca, cb) if len(ca) <= len(cb) else (cb, ca)
    aligned = _align(short, long, conf)
    if aligned is None:
        return Match(conf["mismatch"], "a name part matches nothing in the other name")
    score = 1.0
    reasons: list[str] = []

    def cap(value: float, why: str) -> None:
        nonlocal score
        if value < 1.0:
            reasons.append(why)
        score = min(score, value)

    full_agree = [x for x, _, _, kind, _ in aligned if kind in ("exact", "fuzzy") and not x.initial]
    for x, y, s, kind, _ in aligned:
        if kind == "fuzzy":
            cap(s, f"{x.raw}~{y.raw}")
        elif kind == "initial":
            cap(conf["initial"], f"initial {x.raw}/{y.raw}")
        elif kind == "gendered":
            if full_agree:
                cap(min(conf["gendered_given_agree"], s), f"{x.raw}/{y.raw}: gendered forms, given names agree")
            else:
                cap(conf["gendered_no_given"], f"{x.raw}/{y.raw}: gendered forms, maybe relatives")
    used = {j for *_, j in aligned}
    other_patronymics = {p.skel[:1] for p in (a.patronymics if long is cb else b.patronymics)}
    unused = [y for j, y in enumerate(long) if j not in used]
    extra = [y for y in unused if not (y.initial and y.skel[:1] in other_patronymics)]
    if len(short) == 1 and (extra or len(long) == 1):
        cap(conf["surname_only"], "only one name part to compare")
    elif extra:
        cap(conf["extra_part"], f"extra part {' '.join(y.raw for y in extra)}")
    pa, pb = a.patronymics, b.patronymics
    if pa and pb:
        ok = all(_pair(x, y, conf)[1] in ("exact", "fuzzy", "initial") for x, y in zip(pa, pb, strict=False))
        if not ok:
            cap(conf["patronymic_conflict"], "patronymics differ")
    elif pa or pb:
        if not any(y.initial for y in unused):
            cap(conf["patronymic_missing"], "patronymic on one side only")
    return Match(round(score, 4), "; ".join(reasons) or "same name")


@lru_cache(maxsize=1)
def _org_qualifiers() -> frozenset[str]:
    return frozenset(skeleton(w) for w in settings()["org_qualifiers"])


def compare_orgs(a: OrgName, b: OrgName) -> Match:
    conf = settings()["organization"]
    if a.numbers != b.numbers:
        return Match(conf["mismatch"], "numbers differ")
    if a.acronym and not b.acronym and a.acronym == b.initials and len(b.initials) >= 2:
        return Match(conf["acronym"], f"{a.text} is the acronym of {b.text}")
    if b.acronym and not a.acronym and b.acronym == a.initials and len(a.initials) >= 2:
        return Match(conf["acronym"], f"{b.text} is the acronym of {a.text}")
    wa, wb = a.words, b.words
    if not wa or not wb:
        same = wa == wb and a.types == b.types
        return Match(conf["exact"] if same else conf["mismatch"], "generic name")
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    remaining = list(long)
    score = 1.0
    reasons: list[str] = []
    for w in short:
        sims = [_similarity(w, v, conf) for v in remaining]
        best = max(range(len(sims)), key=sims.__getitem__)
        if sims[best] == 0.0:
            return Match(conf["mismatch"], f"{w!r} matches no word of the other name")
        if sims[best] < 1.0:
            score = min(score, sims[best])
            reasons.append(f"{w}~{remaining[best]}")
        remaining.pop(best)
    if remaining:
        qualifiers = _org_qualifiers()
        if all(w in qualifiers for w in remaining):
            score = min(score, conf["qualifier_extra"])
            reasons.append(f"the other name adds {' '.join(remaining)}")
        else:
            return Match(conf["subset"], f"the other name adds {' '.join(remaining)}")
    if a.types and b.types and not a.types & b.types:
        score = min(score, conf["type_conflict"])
        reasons.append("different kinds of body")
    elif a.types != b.types and not (a.types and b.types):
        score = min(score, conf["type_one_side"])
        reasons.append("kind of body named on one side only")
    return Match(round(score, 4), "; ".join(reasons) or "same name")
