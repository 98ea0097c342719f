"""Names reduced to a comparable form: one Latin "skeleton" per name part.

Reports spell one person many ways: Cyrillic or Latin, by the BGN, ISO, passport
or French system, with Kazakh letters or without. Instead of generating every
spelling, each part is reduced to a skeleton in which the systems agree
(Yevgeny, Yevgeniy, Evgeniy, Evgenij and Евгений all become "evgeni"), and the
matcher compares skeletons. ICU's Any-Latin drops Kazakh letters, so Cyrillic is
transliterated by the table below; other scripts go through normality.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from normality import ascii_text
from rigour._core import person_name_prefixes_list
from rigour.names import remove_person_prefixes

from civicspace.resolve.settings import settings

CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Ukrainian and Belarusian
    "є": "ye", "ї": "yi", "ґ": "g", "ў": "u",
}
TRANSLIT = str.maketrans(CYRILLIC | {k.upper(): v.capitalize() for k, v in CYRILLIC.items()})

# Rewrites that make the transliteration systems agree: first the letter groups
# of one pass, then the rules that depend on what came before, in this order.
LETTER_GROUPS = {
    "shch": "sh", "sch": "sh", "shh": "sh", "tch": "ch", "dzh": "J", "zh": "J", "dj": "J",  # J: ж, not й
    "kh": "h", "ts": "c", "tz": "c", "x": "ks", "q": "k", "w": "v", "ph": "f", "gh": "g",
}
# longest first; "ts" and "tz" not before an "h", where the t starts another group (Bakhytzhan, т+ж)
GROUPS = re.compile(
    "|".join(g + "(?!h)" if g in ("ts", "tz") else g for g in sorted(LETTER_GROUPS, key=len, reverse=True))
    + r"|c(?=[^eiyh]|$)"
)
SKELETON_RULES = [
    (re.compile(p), r)
    for p, r in [
        (r"^j(?=u)", "i"),  # Jurij/Yuri
        (r"^j", "J"),  # Janar/Zhanar
        (r"(?<=[aeiouy])j", "i"),  # Sergej/Sergei
        (r"(?<=[lntd])j(?=[aeiou])", "i"),  # Natalja/Natalia, Tatjana (but Nurjan is Nurzhan)
        (r"(^|[aeiouy])[yi]e", r"\1e"),  # Yevgeny/Evgeny, Sergeyev/Sergeev
        (r"[yi]o", "e"),  # Pyotr/Petr, Fyodor/Fedor
        (r"(.)\1+", r"\1"),  # Assel/Asel, Dmitrii/Dmitri
    ]
]


@lru_cache(maxsize=200_000)
def latin(text: str) -> str:
    """The text in Latin letters, Kazakh and Russian Cyrillic included."""
    return ascii_text(text.translate(TRANSLIT)) or ""


@lru_cache(maxsize=200_000)
def skeleton(word: str) -> str:
    """The form of one name part in which transliteration systems agree."""
    s = re.sub(r"[^a-z0-9]", "", latin(word).lower())
    s = GROUPS.sub(lambda m: LETTER_GROUPS.get(m.group(0), "k"), s)
    for pattern, repl in SKELETON_RULES[:4]:
        s = pattern.sub(repl, s)
    s = s.replace("j", "J")
    for pattern, repl in SKELETON_RULES[4:6]:
        s = pattern.sub(repl, s)
    s = s.replace("y", "i").replace("J", "j")
    return SKELETON_RULES[6][0].sub(SKELETON_RULES[6][1], s)


def _endings(pairs: dict[str, str]) -> list[tuple[str, str]]:
    return sorted(((skeleton(f), skeleton(m)) for f, m in pairs.items()), key=lambda p: -len(p[0]))


FEMININE = _endings(settings()["gendered_endings"])
MASCULINE = sorted({m for _, m in FEMININE}, key=len, reverse=True)
PATRONYMIC = tuple(sorted({skeleton(e) for e in settings()["patronymic_endings"]}, key=len, reverse=True))
PATRONYMIC_WORDS = {"uli", "kizi", "ogli"}


@lru_cache(maxsize=200_000)
def stem(skel: str) -> tuple[str, str]:
    """The masculine form of a gendered surname and the gender its ending shows ("f", "m" or "")."""
    for fem, masc in FEMININE:
        if skel.endswith(fem) and len(skel) > len(fem) + 1:
            return skel[: -len(fem)] + masc, "f"
    for masc in MASCULINE:
        if skel.endswith(masc) and len(skel) > len(masc) + 1:
            return skel, "m"
    return skel, ""


class Part(NamedTuple):
    """One part of a person's name (a tuple: made by the hundred thousand, it must be cheap)."""

    raw: str
    skel: str
    stem: str
    gender: str
    initial: bool
    patronymic: bool
    firsts: frozenset[str]  # first letter of the skeleton and of the plain Latin spelling


class PersonName(NamedTuple):
    text: str
    parts: tuple[Part, ...]
    core: tuple[Part, ...]  # the parts but patronymics
    patronymics: tuple[Part, ...]


TOKEN = re.compile(r"(\w+)(\.?)")


APOSTROPHES = re.compile(r"(?<=\w)['\u2019\u02bc`](?=\w)")


PLAIN = re.compile(r"[A-Za-z]{4,}(?: [A-Za-z]{4,})*")


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Words of a name with whether each is an initial ("I.", "Yu.", a lone letter)."""
    if PLAIN.fullmatch(text):  # the common case, "Firstname Surname": nothing to look at
        return [(word, False) for word in text.split(" ")]
    text = APOSTROPHES.sub("", unicodedata.normalize("NFC", text))
    out: list[tuple[str, bool]] = []
    for m in TOKEN.finditer(text.replace("_", " ")):
        word, dot = m.group(1), m.group(2)
        if word.isdigit():
            continue
        if word.isupper() and 1 < len(word) <= 3 and not dot and len(text.split()) > 1 and latin(word).isalpha():
            # "IS Petrov": run-together initials
            out.extend((ch, True) for ch in word)
            continue
        out.append((word, len(word) == 1 or (dot == "." and len(word) <= 2)))
    return out


PREFIX_HEADS = frozenset(p.split()[0].lower().rstrip(".") for p in person_name_prefixes_list() if p.split())


def _without_prefix(text: str) -> str:
    """The name without "Mr.", "Dr." and the like (rigour's list), asked only when it may have one."""
    head = text.split(None, 1)[0].lower().rstrip(".") if text.strip() else ""
    return remove_person_prefixes(text) if head.strip("\"'«(") in PREFIX_HEADS or not head[:1].isalnum() else text


@lru_cache(maxsize=200_000)
def person_name(text: str) -> PersonName:
    """The parts of a person's name, with initials, patronymics and gendered surnames marked."""
    tokens = _tokens(_without_prefix(text))
    words: list[tuple[str, bool]] = []
    for word, initial in tokens:
        if words and not initial and skeleton(word) in PATRONYMIC_WORDS:
            words[-1] = (words[-1][0] + word, False)  # "Nurlan uly" is one patronymic
        else:
            words.append((word, initial))
    parts = [p for p in (_part(word, initial, len(words) >= 3) for word, initial in words) if p.skel]
    if len(parts) >= 3 and sum(p.patronymic for p in parts) == len(parts) - 1:
        parts = [p if i == 0 else _unmark(p) for i, p in enumerate(parts)]
    return PersonName(
        text, tuple(parts), tuple(p for p in parts if not p.patronymic), tuple(p for p in parts if p.patronymic)
    )


@lru_cache(maxsize=200_000)
def _part(word: str, initial: bool, may_be_patronymic: bool) -> Part:
    """One part of a name: the same word makes the same part in every name, so it is made once."""
    skel = skeleton(word)
    patronymic = may_be_patronymic and not initial and skel.endswith(PATRONYMIC) and len(skel) > 5
    st, gender = (skel, "") if initial or patronymic else stem(skel)
    return Part(word, skel, st, gender, initial, patronymic, _firsts(word, skel))


def _unmark(p: Part) -> Part:
    st, gender = stem(p.skel)
    return Part(p.raw, p.skel, st, gender, p.initial, False, p.firsts)


def _firsts(word: str, skel: str) -> frozenset[str]:
    first = word[:1].lower()
    if not ("a" <= first <= "z"):
        first = latin(word[:1])[:1].lower()
    return frozenset((skel[:1], first)) if first.isalpha() else frozenset(skel[:1])


@dataclass(frozen=True, slots=True)
class OrgName:
    text: str
    words: tuple[str, ...]  # distinctive words, skeletons
    types: frozenset[str]  # what kind of body, canonical
    numbers: frozenset[str]
    initials: str  # first letters of the meaningful words, for acronyms
    acronym: str  # the name itself when it could be an acronym, else ""


@lru_cache(maxsize=1)
def _org_vocabulary() -> tuple[dict[str, str], frozenset[str]]:
    conf = settings()
    terms = {skeleton(v): canon for canon, spellings in conf["org_terms"].items() for v in spellings}
    stop = frozenset(skeleton(w) or w for w in conf["org_stopwords"])
    return terms, stop


@lru_cache(maxsize=200_000)
def org_name(text: str) -> OrgName:
    """An organisation's distinctive words, apart from the words that say what kind of body it is."""
    terms, stop = _org_vocabulary()
    plain = APOSTROPHES.sub("", unicodedata.normalize("NFC", text)).replace("_", " ")
    raw = [m.group(1) for m in TOKEN.finditer(plain)]
    words: list[str] = []
    types: set[str] = set()
    numbers: set[str] = set()
    initials = []
    for word in raw:
        if word.isdigit():
            numbers.add(word.lstrip("0") or "0")
            continue
        skel = skeleton(word)
        if not skel or skel in stop:
            continue
        initials.append(skel[0] if not latin(word)[:1].isalpha() else latin(word)[0].lower())
        if skel in terms:
            types.add(terms[skel])
        else:
            words.append(skel)
    letters = re.sub(r"[^A-Za-z]", "", latin(text))
    acronym = letters.lower() if len(raw) == 1 and 2 <= len(letters) <= 8 and letters.isupper() else ""
    return OrgName(text, tuple(words), frozenset(types), frozenset(numbers), "".join(initials), acronym)
