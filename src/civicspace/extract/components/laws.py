"""Laws and articles: "Article 174 of the CC", "the Law 'On Public Associations'".

A bare "(Article 400)" belongs to the code last named in the same passage, which
is how reports write a run of articles after naming the code once.
"""

from __future__ import annotations

import re
from typing import Any

from civicspace.extract.pipeline import ExtractionDoc, component, patterns

OPEN, CLOSE = "‘'\"“«", "’'\"”»"


def _title_case(title: str) -> str:
    small = {"and", "of", "the", "on", "in", "for", "to", "a", "an", "with", "by", "at", "or"}
    words = title.split()
    return " ".join(w if (i and w.lower() in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


class LawPatterns:
    def __init__(self) -> None:
        data = patterns("laws.yaml")
        self.codes: dict[str, str] = {k.lower(): v for k, v in data["codes"].items()}
        code_alts = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in sorted(self.codes, key=len, reverse=True))
        self.code = re.compile(rf"\b(?:the\s+)?(?:new\s+)?({code_alts})\b", re.I)
        self.article = re.compile(
            rf"\b[Aa]rticles?\s+(\d+(?:[-.]\d+)*(?:\(\d+\))?(?:,?\s+(?:part|paragraph)\s+\d+)?)(?:\s*(?:,|and)\s*(\d+(?:[-.]\d+)*(?:\(\d+\))?))*"
            rf"(?:\s+(?:of|in)\s+the\s+(?:(?:regional|federal|national|new|current|amended|former|old)\s+)?({code_alts}))?"
            rf"(?:\s+[{OPEN}]((?:[^{CLOSE}\n]|\n(?!\s*\n)){{3,160}})[{CLOSE}])?", re.I)
        self.law = re.compile(
            data["law_words"] + rf"\s+[{OPEN}](On\s(?:[^{CLOSE}\n]|\n(?!\s*\n)){{3,200}}?)(?:[{CLOSE}]|$|(?<=[a-z]{{3}}s)(?=(?:was|were|is|has|had)\s))",
            re.I)
        self.named = re.compile("|".join(re.escape(n).replace(r"\ ", r"\s+") for n in data["instruments"]), re.I)


_PATTERNS: LawPatterns | None = None


def law_patterns() -> LawPatterns:
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = LawPatterns()
    return _PATTERNS


def _law_title(raw: str) -> str:
    """The title of a law, without a word glued to its end when the closing quote is missing."""
    glued = re.match(r"^(.*?[a-z]{3,}s)(?:was|were|is|has|had)\s", raw)
    if glued:
        raw = glued.group(1)
    elif len(raw.split()) > 12:
        raw = re.split(r"[,.;(\[]", raw)[0]
    return raw.strip().rstrip(".,;")


def _numbers(cited: str) -> list[str]:
    """Article numbers in a citation, "278, part 3" written as "278(3)"."""
    cited = re.sub(r"(\d+(?:[-.]\d+)*),?\s+(?:part|paragraph)\s+(\d+)", r"\1(\2)", cited)
    return re.findall(r"\d+(?:[-.]\d+)*(?:\(\d+\))?", cited)


@component("laws", "1.1")
def make_laws(settings: dict[str, Any]):
    def laws(doc: ExtractionDoc) -> None:
        pat = law_patterns()
        text = doc.text
        found: dict[tuple[str, str | None], dict] = {}

        def add(instrument: str, article: str | None, title: str | None, start: int, end: int) -> None:
            key = (instrument.casefold(), article)
            law = found.get(key)
            if law is None:
                law = {"instrument": instrument, "article": article, "title": title, "jurisdiction": None,
                       "evidence": [doc.evidence(start, end, "laws")]}
                found[key] = law
            elif title and not law["title"]:
                law["title"] = title
            doc.law_mentions.append({"start": start, "end": end, "law": law})

        last_code: str | None = None
        section: int | None = None
        for unit in doc.units:
            if unit.start >= doc.body_end or unit.kind in ("heading", "marker"):
                continue
            if unit.section != section:
                section, last_code = unit.section, None
            seg_start, seg_end = unit.start, unit.end
            seg = text[seg_start:seg_end]
            events: list[tuple[int, str, re.Match]] = []
            for m in pat.code.finditer(seg):
                events.append((m.start(), "code", m))
            for m in pat.article.finditer(seg):
                events.append((m.start(), "article", m))
            for m in pat.law.finditer(seg):
                events.append((m.start(), "law", m))
            for m in pat.named.finditer(seg):
                events.append((m.start(), "named", m))
            events.sort(key=lambda e: e[0])
            pending: list[re.Match] = []
            covered_until = -1
            for pos, kind, m in events:
                s, e = seg_start + m.start(), seg_start + m.end()
                if kind == "code":
                    last_code = pat.codes[" ".join(m.group(1).lower().split())]
                    container = re.search(r"\b(to|into|of|in)\s+$", seg[max(0, pos - 8):pos])
                    if pending and container:
                        # "added Article 207.3 (...) to the Criminal Code": the code holds the article.
                        for pm in pending:
                            for num in _numbers(pm.group(0).split("(")[0] if "‘" in pm.group(0) or "'" in pm.group(0) else pm.group(0)):
                                add(last_code, num, pm.group(4).strip() if pm.group(4) else None,
                                    seg_start + pm.start(), seg_start + pm.end())
                        pending.clear()
                    elif pos >= covered_until:
                        add(last_code, None, None, s, e)
                elif kind == "article":
                    code = pat.codes[" ".join(m.group(3).lower().split())] if m.group(3) else last_code
                    covered_until = m.end()
                    if code is None or (not m.group(3) and re.match(r"\s*(\([^)]*\)\s*)?(to|into)\s+the\b", seg[m.end():])):
                        pending.append(m)
                        continue
                    last_code = code
                    title = re.sub(r"\s+", " ", m.group(4)).strip() if m.group(4) else None
                    for num in _numbers(seg[m.start():m.end(2) if m.group(2) else m.end(1)]):
                        add(code, num, title, s, e)
                elif kind == "law":
                    title = re.sub(r"\s+", " ", _law_title(m.group(1)))
                    add(f"Law '{_title_case(title)}'", None, None, s, e)
                else:
                    add(re.sub(r"\s+", " ", m.group(0)), None, None, s, e)
        doc.laws = list(found.values())
        international = {re.sub(r"\s+", " ", n).casefold() for n in patterns("laws.yaml")["instruments"]}
        for law in doc.laws:  # a national code or law belongs to the country the document is about
            if law["instrument"].casefold() not in international:
                law["jurisdiction"] = doc.country
        for i, law in enumerate(doc.laws, 1):
            law["id"] = f"l{i}"

    return laws
