"""The country a document is about: the one it names most (names and adjectives), so that a
national law gets its jurisdiction and a call on another state is told apart from one on the state."""

from __future__ import annotations

import re
from functools import cache

from civicspace.extract.pipeline import patterns

TITLE_CHARS = 300


@cache
def _country_rx() -> list[tuple[str, re.Pattern]]:
    return [(code, re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                              + r")(?![\w-])", re.I)) for code, words in patterns("countries.yaml").items()]


def countries_in(text: str) -> list[str]:
    """Codes of the countries a passage names, in the order of the YAML file."""
    return [code for code, rx in _country_rx() if rx.search(text)]


def document_country(text: str) -> str | None:
    """The most named country, a name in the title counting thrice; of two named as often, the first named."""
    best: tuple[int, int, str] | None = None
    for code, rx in _country_rx():
        found = [m.start() for m in rx.finditer(text)]
        weight = len(found) + 2 * sum(1 for at in found if at < TITLE_CHARS)  # the title tells most
        if found and (best is None or (-weight, found[0]) < best[:2]):
            best = (-weight, found[0], code)
    return best[2] if best else None
