"""Finding the stored actors an incoming name could be, without comparing it to all of them.

Blocking keys pair each name part with the first letters of each other part
("petrov|iv" for Ivan Petrov, Petrova Ivanna and Иван Петров), so a typo in one
part is still caught through the other; a name with an initial looks in the
block of its full part ("I. Petrov": every Petrov). Inside a block, rapidfuzz's
`process.cdist` drops the hopeless pairs in C++; only the rest reach the full
matcher in `match.py`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from civicspace.resolve.match import Kind, Match, compare_orgs, compare_persons
from civicspace.resolve.names import OrgName, PersonName, org_name, person_name
from civicspace.resolve.settings import settings


def person_keys(name: PersonName) -> set[str]:
    """Blocking keys of a stored person's name: each full part alone, and with the first two
    letters of each other full part, or with the letter of each initial."""
    core = name.core
    keys: set[str] = set()
    for i, part in enumerate(core):
        if part.initial:
            continue
        keys.add(part.stem)
        for j, other in enumerate(core):
            if j != i:
                if other.initial:
                    keys.update(f"{part.stem}|{c}" for c in other.firsts)
                else:
                    keys.add(f"{part.stem}|{other.skel[:2]}")
    return keys


def person_query_keys(name: PersonName) -> set[str]:
    """The keys to look up. A full part paired with an initial looks in the part's own block
    ("I. Petrov": every Petrov); with a full part, in the blocks of its first two letters and
    of stored initials ("Ivan Petrov": Petrov Iv..., Petrov I.)."""
    core = name.core
    keys: set[str] = set()
    for i, part in enumerate(core):
        if part.initial:
            continue
        if len(core) == 1:
            keys.add(part.stem)
        for j, other in enumerate(core):
            if j != i:
                if other.initial:
                    keys.add(part.stem)
                else:
                    keys.add(f"{part.stem}|{other.skel[:2]}")
                    keys.update(f"{part.stem}|{c}" for c in other.firsts)
    return keys


def org_keys(name: OrgName) -> set[str]:
    keys = {f"w:{w}" for w in name.words}
    if name.acronym:
        keys.add(f"a:{name.acronym}")
    if len(name.initials) >= 2:
        keys.add(f"a:{name.initials}")
    if not name.words:
        keys.add("t:" + " ".join(sorted(name.types)))
    return keys


def prefilter_text(kind: Kind, text: str) -> str:
    """The string rapidfuzz compares before the full matcher runs."""
    if kind == "person":
        return " ".join(sorted(p.stem for p in person_name(text).core))
    return " ".join(sorted(org_name(text).words))


@dataclass(frozen=True, slots=True)
class Candidate:
    key: Hashable
    name: str
    match: Match


class ActorIndex:
    """Stored names of one kind of actor, each under the key of its actor (an id, say)."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.blocks: dict[str, list[int]] = defaultdict(list)
        self.names: list[str] = []
        self.owners: list[Hashable] = []
        self.texts: list[str] = []
        conf = settings()["blocking"]
        self.cutoff = conf["prefilter_cutoff"]
        self.small_block = conf["small_block"]

    def __len__(self) -> int:
        return len(self.names)

    def _keys(self, text: str, query: bool) -> set[str]:
        if self.kind == "person":
            parsed = person_name(text)
            return person_query_keys(parsed) if query else person_keys(parsed)
        return org_keys(org_name(text))

    def add(self, key: Hashable, names: Iterable[str]) -> None:
        """File every name of one actor (its name and its aliases)."""
        for text in dict.fromkeys(n for n in names if n and n.strip()):
            row = len(self.names)
            self.names.append(text)
            self.owners.append(key)
            self.texts.append(prefilter_text(self.kind, text))
            for k in self._keys(text, query=False):
                self.blocks[k].append(row)

    def add_many(self, actors: Iterable[tuple[Hashable, str]]) -> None:
        """File many (key, name) pairs: a bulk load."""
        for key, text in actors:
            self.add(key, [text])

    def _compare(self, a: str, b: str) -> Match:
        if self.kind == "person":
            return compare_persons(person_name(a), person_name(b))
        return compare_orgs(org_name(a), org_name(b))

    def _promising_pairs(self, queries: list[int], rows: list[int], qtexts: list[str]) -> Iterable[tuple[int, int]]:
        """The (query, row) pairs of one block worth the full matcher; small blocks are scored
        pair by pair, as a matrix costs more to set up than a few comparisons."""
        if len(queries) * len(rows) <= 32:
            scorer, cutoff, texts = fuzz.token_set_ratio, self.cutoff, self.texts
            return [(q, r) for q in queries for r in rows if scorer(qtexts[q], texts[r], score_cutoff=cutoff)]
        scores = self._promising([qtexts[q] for q in queries], [self.texts[r] for r in rows])
        return [(queries[qi], rows[ri]) for qi, ri in zip(*scores.nonzero(), strict=True)]

    def _promising(self, queries: list[str], stored: list[str]):
        """A matrix, non-zero where a pair is worth the full matcher."""
        return process.cdist(queries, stored, scorer=fuzz.token_set_ratio, score_cutoff=self.cutoff)

    def _rows(self, text: str) -> list[int]:
        blocks = [self.blocks.get(k, ()) for k in self._keys(text, query=True)]
        blocks = [b for b in blocks if b]
        if not blocks:
            return []
        return sorted({row for b in self._chosen(blocks) for row in b})

    def _chosen(self, blocks: list) -> list:
        """The smallest block, and the others that are small enough to be cheap."""
        smallest = min(blocks, key=len)
        return [b for b in blocks if b is smallest or len(b) <= self.small_block]

    def candidates(self, text: str) -> list[Candidate]:
        """The stored actors this name may be, best first, one entry per actor."""
        rows = self._rows(text)
        if not rows:
            return []
        scores = self._promising([prefilter_text(self.kind, text)], [self.texts[r] for r in rows])[0]
        best: dict[Hashable, Candidate] = {}
        for r, s in zip(rows, scores, strict=True):
            if s == 0:
                continue
            m = self._compare(text, self.names[r])
            owner = self.owners[r]
            if m.score > 0 and (owner not in best or m.score > best[owner].match.score):
                best[owner] = Candidate(owner, self.names[r], m)
        return sorted(best.values(), key=lambda c: -c.match.score)

    def best(self, names: Sequence[str]) -> Candidate | None:
        """The best stored actor for any of an incoming actor's names."""
        found = [c for text in names if text for c in self.candidates(text)[:1]]
        return max(found, key=lambda c: c.match.score, default=None)

    def resolve_many(self, texts: Sequence[str]) -> list[Candidate | None]:
        """The best stored actor for each of many names: blocks compared as matrices, for bulk loads."""
        by_block: dict[str, list[int]] = defaultdict(list)
        for q, text in enumerate(texts):
            keys = [k for k in self._keys(text, query=True) if k in self.blocks]
            if not keys:
                continue
            smallest = min(keys, key=lambda k: len(self.blocks[k]))
            for k in keys:
                if k == smallest or len(self.blocks[k]) <= self.small_block:
                    by_block[k].append(q)
        seen: list[set[int]] = [set() for _ in texts]
        best: list[Candidate | None] = [None] * len(texts)
        qtexts = [prefilter_text(self.kind, t) for t in texts]
        for k, queries in by_block.items():
            rows = self.blocks[k]
            for q, r in self._promising_pairs(queries, rows, qtexts):
                if r in seen[q]:
                    continue
                seen[q].add(r)
                m = self._compare(texts[q], self.names[r])
                current = best[q]
                if m.score > 0 and (current is None or m.score > current.match.score):
                    best[q] = Candidate(self.owners[r], self.names[r], m)
        return best
