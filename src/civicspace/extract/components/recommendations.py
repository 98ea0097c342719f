"""Recommendations: items under a "Recommendations" heading, and "should"/"we call on" sentences.

Area comes from the section the item sits in (reports put each section's
recommendations after it); addressees from the subject of the sentence, an
imperative being addressed to the state.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from civicspace.extract.components.structure import area_of_words
from civicspace.extract.pipeline import ExtractionDoc, Unit, component, patterns


@cache
def _addressee_rx() -> list[tuple[str, re.Pattern]]:
    data = patterns("recommendations.yaml")
    leading = set(data.get("subject_only") or [])
    out = []
    for code, words in data["addressees"].items():
        # Short forms ("UN", "EU") only in capitals; longer names in any case.
        alts = "|".join(re.escape(str(w).upper()) if len(str(w)) <= 3 else f"(?i:{re.escape(str(w))})"
                        for w in sorted(words, key=len, reverse=True))
        prefix = r"^\W*(?:(?i:the|all|international|national|local|independent)\s+)*(?:[a-z]+\s+)?" if code in leading else ""
        out.append((code, re.compile(rf"{prefix}(?<![\w-])(?:{alts})(?![\w-])")))
    return out


def _lead_addressees(text: str, voice: re.Pattern) -> list[str]:
    m = voice.search(text)
    return _codes_in(text[m.end():] if m else text) or ["state"]


def _codes_in(subject: str) -> list[str]:
    found: list[str] = []
    for code, rx in _addressee_rx():
        if rx.search(subject) and code not in found:
            found.append(code)
    if "state" in found and len(found) > 1 and not re.search(r"\b(the state|the government|the authorities)\b", subject, re.I):
        found.remove("state")
    return found


def addressees_of(text: str, modal: re.Pattern, voice: re.Pattern | None = None) -> list[str]:
    """Addressee codes named in the subject of a recommendation; the state for an imperative."""
    v = voice.search(text) if voice else None
    if v:
        rest = text[v.end():]
        to = re.search(r"\bto\s+(?!the\b|its\b|their\b|a\b)[a-z]+", rest)
        return _codes_in(rest[: to.start()] if to else rest[:80]) or ["state"]
    m = modal.search(text)
    subject = text[: m.start()] if m else ""
    found: list[str] = []
    for code, rx in _addressee_rx():
        if subject and rx.search(subject) and code not in found:
            found.append(code)
    if "state" in found and len(found) > 1 and not re.search(r"\b(the state|the government|the authorities)\b", subject, re.I):
        found.remove("state")
    return found or ["state"]


def _asks(unit: Unit, text: str, modal: re.Pattern, voice: re.Pattern, subjects: list[re.Pattern]) -> bool:
    """A paragraph under a recommendations heading that asks something: an imperative, a modal, a call."""
    if modal.search(text) or voice.search(text):
        return True
    sd = unit.spacy_doc
    if sd is None or len(sd) == 0:
        return False
    first = next((t for t in sd if not (t.is_punct or t.like_num or t.is_space)), None)
    return first is not None and first.tag_ == "VB"


ALSO = re.compile(r"\b(also|further|likewise)\b|\b(him|her|them)\b", re.I)
PRESS_ROLES = {"journalist", "editor", "blogger", "publisher"}


def _about_the_press(doc: ExtractionDoc, start: int, end: int) -> bool:
    """Whether a passage names an outlet or a journalist."""
    for m in doc.mentions:
        if start <= m["start"] < end:
            a = m["actor"]
            if a.get("org_type") == "media" or PRESS_ROLES & set(a.get("roles") or []):
                return True
    return False


def _imperative(sent: Any) -> bool:
    root = sent.root
    return root.tag_ == "VB" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark") for c in root.children)


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """The item without bullets, emphasis marks and surrounding blanks."""
    while start < end and not (text[start].isalnum() or text[start] in "‘'\"“«"):
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in ".)’'\"”»!?"):
        end -= 1
    return start, end


def _plain(quote: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\*+|_{2,}", "", quote)).strip()


@component("recommendations", "1.1")
def make_recommendations(settings: dict[str, Any]):
    data = patterns("recommendations.yaml")
    modal = re.compile(data["modal"], re.I)
    voice = re.compile(data["authors_voice"], re.I)
    heading_addressee = re.compile(data["heading_addressee"], re.I)

    def area_of(doc: ExtractionDoc, unit: Unit, text: str, dominant: str, start: int, end: int) -> str:
        section = doc.sections[unit.section] if unit.section is not None else None
        if section is not None and not section.by_words and not section.untitled:
            return section.area
        if _about_the_press(doc, start, end):
            return "information_flow"  # a call to free a journalist or lift a ban on an outlet
        return area_of_words(text) or (section.area if section is not None and section.untitled else dominant)

    def recommendations(doc: ExtractionDoc) -> None:
        text = doc.text
        subjects = [rx for _code, rx in _addressee_rx()]
        dominant = area_of_words(text[: doc.body_end]) or "general"
        lead: list[str] | None = None  # addressees of "We call on X to:" for the items after it
        for unit in doc.units:
            line = text[unit.start:unit.end].strip()
            if unit.start < doc.body_end and "\n" not in line and heading_addressee.match(line):
                codes = _codes_in(line)
                lead = codes or (["state"] if re.search(r"\b(government|authorities|state|parliament|president)\b", line, re.I)
                                 else None)
                if lead is not None:
                    continue
            if unit.start >= doc.body_end or unit.kind in ("heading", "marker"):
                lead = None
                continue
            s, e = _span(text, unit.start, unit.end)
            if text[unit.start:unit.end].rstrip(" *_").endswith(":") and (voice.search(text[s:e]) or modal.search(text[s:e])
                                             or unit.in_recommendations):
                lead = _lead_addressees(text[s:e], voice) if not unit.in_recommendations or voice.search(text[s:e]) else None
                continue
            if unit.in_recommendations or (lead is not None and unit.kind == "list_item"):
                if e - s < 15 or text[unit.start:unit.end].rstrip(" *_").endswith(":"):
                    continue
                if unit.kind != "list_item" and not _asks(unit, text[s:e], modal, voice, subjects):
                    continue
                spans = [(s, e)]
                if unit.kind != "list_item" and unit.spacy_doc is not None:
                    # A paragraph of several calls ("X calls on A to ... It further urges B to ...") is one each.
                    asking = [_span(text, unit.start + st.start_char, unit.start + st.end_char) for st in unit.spacy_doc.sents
                              if voice.search(st.text) or modal.search(st.text) or _imperative(st)]
                    if len(asking) > 1:
                        spans = asking
            elif unit.spacy_doc is not None:
                spans = []
                imperatives = []
                for sent in unit.spacy_doc.sents:
                    st = sent.text
                    m = modal.search(st)
                    if voice.search(st) or (m and any(rx.search(st[: m.start()]) for rx in subjects)):
                        spans.append(_span(text, unit.start + sent.start_char, unit.start + sent.end_char))
                    elif _imperative(sent):
                        imperatives.append(_span(text, unit.start + sent.start_char, unit.start + sent.end_char))
                if spans:  # an appeal ("I urge you to ... Pending his release, ensure ..."): its imperatives ask too
                    spans = sorted(spans + imperatives)
            else:
                continue
            if unit.kind != "list_item":
                lead = None
            for s, e in spans:
                quote = _plain(text[s:e])
                addressees = addressees_of(quote, modal, voice)
                if lead and not modal.search(quote) and not voice.search(quote):
                    addressees = lead
                area = area_of(doc, unit, quote, dominant, s, e)
                prior = doc.recommendations[-1] if doc.recommendations else None
                if (prior is not None and prior["_unit"] == unit.start and ALSO.search(quote)
                        and not _about_the_press(doc, s, e) and area_of_words(quote) is None):
                    area = prior["area"]  # "It also called on ... to drop the charges against him": the same case
                doc.recommendations.append({
                    "_unit": unit.start,
                    "text": quote,
                    "area": area,
                    "addressees": addressees,
                    "evidence": [doc.evidence(s, e, "recommendations")],
                    "sources": doc.sources_between(s, e),
                })
        for i, r in enumerate(doc.recommendations, 1):
            r["id"] = f"r{i}"
            del r["_unit"]

    return recommendations
