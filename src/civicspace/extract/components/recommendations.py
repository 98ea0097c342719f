"""Recommendations: items under a "Recommendations" heading, and "should"/"we call on" sentences.

Area comes from the section the item sits in (reports put each section's
recommendations after it); addressees from the subject of the sentence, an
imperative being addressed to the state.
"""

from __future__ import annotations

import re
from typing import Any

from civicspace.extract.components.structure import area_of_words
from civicspace.extract.pipeline import ExtractionDoc, Unit, component, patterns


def _addressee_rx() -> list[tuple[str, re.Pattern]]:
    out = []
    for code, words in patterns("recommendations.yaml")["addressees"].items():
        alts = "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))
        out.append((code, re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.I if code != "un" and code != "eu" else 0)))
    return out


def addressees_of(text: str, modal: re.Pattern) -> list[str]:
    """Addressee codes named in the subject of a recommendation; the state for an imperative."""
    m = modal.search(text)
    subject = text[: m.start()] if m else ""
    found: list[str] = []
    for code, rx in _addressee_rx():
        if subject and rx.search(subject) and code not in found:
            found.append(code)
    if "state" in found and len(found) > 1 and not re.search(r"\b(the state|the government|the authorities)\b", subject, re.I):
        found.remove("state")
    return found or ["state"]


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """The item without bullets, emphasis marks and surrounding blanks."""
    while start < end and not (text[start].isalnum() or text[start] in "‘'\"“«"):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)’'\"”»!?"):
        end -= 1
    return start, end


def _plain(quote: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\*+|_{2,}", "", quote)).strip()


@component("recommendations", "1.0")
def make_recommendations(settings: dict[str, Any]):
    data = patterns("recommendations.yaml")
    modal = re.compile(data["modal"], re.I)
    voice = re.compile(data["authors_voice"], re.I)

    def area_of(doc: ExtractionDoc, unit: Unit, text: str) -> str:
        if unit.section is not None:
            return doc.sections[unit.section].area
        return area_of_words(text) or "general"

    def recommendations(doc: ExtractionDoc) -> None:
        text = doc.text
        subjects = [rx for code, rx in _addressee_rx() if code != "state"]
        for unit in doc.units:
            if unit.start >= doc.body_end or unit.kind in ("heading", "marker"):
                continue
            if unit.in_recommendations:
                s, e = _span(text, unit.start, unit.end)
                if e - s < 15 or text[s:e].endswith(":"):
                    continue
                spans = [(s, e)]
            elif unit.spacy_doc is not None:
                spans = []
                for sent in unit.spacy_doc.sents:
                    st = sent.text
                    m = modal.search(st)
                    if voice.search(st) or (m and any(rx.search(st[: m.start()]) for rx in subjects)
                                            and not re.search(r"\b(said|stated|noted|according)\b", st, re.I)):
                        spans.append(_span(text, unit.start + sent.start_char, unit.start + sent.end_char))
            else:
                continue
            for s, e in spans:
                quote = _plain(text[s:e])
                doc.recommendations.append({
                    "text": quote,
                    "area": area_of(doc, unit, quote),
                    "addressees": addressees_of(quote, modal),
                    "evidence": [doc.evidence(s, e, "recommendations")],
                    "sources": doc.sources_between(s, e),
                })
        for i, r in enumerate(doc.recommendations, 1):
            r["id"] = f"r{i}"

    return recommendations
