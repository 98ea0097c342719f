"""Dates as written in reports, kept at their precision: "2014", "2014-03", "2015-06-19".

Candidate expressions are found with patterns (cheap), and only those are handed
to dateparser with explicit languages, so a year alone stays a year and no date
is invented from today's.
"""

from __future__ import annotations

import re
from functools import cache

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December"
          "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
EXPRESSIONS = re.compile(
    rf"(?P<range>\b(?P<y1>{YEAR})\s*(?:-|–|—|to|and|until)\s*(?P<y2>{YEAR})\b)"
    rf"|(?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\.?,?\s+{YEAR}\b)"
    rf"|(?P<mdy>\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{YEAR}\b)"
    rf"|(?P<my>\b(?:{MONTHS}),?\s+(?:of\s+)?{YEAR}\b)"
    rf"|(?P<num>\b\d{{1,2}}[./]\d{{1,2}}[./]{YEAR}\b)"
    rf"|(?P<y>\b{YEAR}\b)")


@cache
def _parser(languages: tuple[str, ...]):
    from dateparser.date import DateDataParser

    return DateDataParser(languages=list(languages), settings={
        "PREFER_DAY_OF_MONTH": "first", "PREFER_MONTH_OF_YEAR": "first", "DATE_ORDER": "DMY",
        "REQUIRE_PARTS": ["year"]})


@cache
def parse_expression(expr: str, languages: tuple[str, ...] = ("en",)) -> str | None:
    """An ISO date at the precision the expression gives (day, month or year)."""
    data = _parser(languages).get_date_data(expr)
    if data is None or data.date_obj is None:
        return None
    d = data.date_obj
    if data.period == "day":
        return d.strftime("%Y-%m-%d")
    if data.period == "month":
        return d.strftime("%Y-%m")
    return d.strftime("%Y")


PARTIAL = re.compile(
    rf"(?P<between>\b[Bb]etween\s+(?P<a>\d{{1,2}}\s+(?:{MONTHS}))\s+and\s+(?P<b>\d{{1,2}}\s+(?:{MONTHS})))\b"
    rf"|(?P<dm>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{MONTHS})\b)"
    rf"|(?P<md>\b(?:{MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?\b)"
    rf"|(?P<m>\b(?:[Ii]n|[Oo]n|[Ss]ince|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?:{MONTHS})\b)")


def first_date(text: str, languages: tuple[str, ...] = ("en",), year: str | None = None) -> tuple[str | dict | None, int]:
    """The first date in a passage, as an ISO string or a {"start", "end"} range, and where it is.

    A day or month written without its year ("on 22 November") takes `year`, the year
    the passage's context is about, when one is known.
    """
    found, at = _full_date(text, languages)
    if found is not None or year is None:
        return found, at
    m = PARTIAL.search(text)
    if not m:
        return None, -1
    if m.group("between"):
        lo = parse_expression(f"{m.group('a')} {year}", languages)
        hi = parse_expression(f"{m.group('b')} {year}", languages)
        return ({"start": lo, "end": hi} if lo and hi else lo), m.start()
    expr = m.group(0)
    expr = re.sub(r"^(?:[Ii]n|[Oo]n|[Ss]ince|[Bb]y|[Ee]arly|[Ll]ate|[Mm]id-?)\s+", "", expr)
    iso = parse_expression(f"{expr} {year}", languages)
    return iso, m.start()


def _full_date(text: str, languages: tuple[str, ...]) -> tuple[str | dict | None, int]:
    for m in EXPRESSIONS.finditer(text):
        if m.group("range"):
            lo, hi = m.group("y1"), m.group("y2")
            if lo < hi:
                return {"start": lo, "end": hi}, m.start()
            continue
        if m.group("y"):
            return m.group("y"), m.start()
        iso = parse_expression(re.sub(r"\s+", " ", m.group(0)), languages)
        if iso:
            return iso, m.start()
    return None, -1


def all_dates(text: str, languages: tuple[str, ...] = ("en",)) -> list[tuple[str | dict, int]]:
    """Every full date in a passage with where it is, for a sentence that tells two events."""
    out: list[tuple[str | dict, int]] = []
    for m in EXPRESSIONS.finditer(text):
        if m.group("range"):
            if m.group("y1") < m.group("y2"):
                out.append(({"start": m.group("y1"), "end": m.group("y2")}, m.start()))
        elif m.group("y"):
            out.append((m.group("y"), m.start()))
        else:
            iso = parse_expression(re.sub(r"\s+", " ", m.group(0)), languages)
            if iso:
                out.append((iso, m.start()))
    return out
