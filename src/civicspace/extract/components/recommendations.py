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
from civicspace.extract.country import countries_in
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


@cache
def _ask_rx() -> list[tuple[str, re.Pattern]]:
    return [(area, re.compile("|".join(f"(?:{x})" for x in rxs), re.I)) for area, rxs in patterns("areas.yaml")["asks"].items()]


def first_ask(text: str) -> str | None:
    """The area of the first thing a recommendation asks for ("repeal ..." before "release ...")."""
    best: tuple[int, str] | None = None
    for area, rx in _ask_rx():
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), area)
    return best[1] if best else None


STATE_VOICE = re.compile(r"\b(Ministry|Court|Prosecutor|Police|Government|Parliament|President|Service|Security|"
                         r"Investigat\w*|Authorities|Akimat|Mayor|Governor)\b")
def _subject(text: str, modal: re.Pattern, voice: re.Pattern) -> str:
    """Who a recommendation speaks to: the words after "calls on" up to "to", or before "should"."""
    v = voice.search(text)
    if v:
        rest = text[v.end():]
        to = re.search(r"\bto\b", rest)
        return rest[: to.start()] if to else rest[:80]
    m = modal.search(text)
    return text[: m.start()] if m else ""


def _foreign_state(subject: str, home: str | None) -> bool:
    named = countries_in(subject)
    return bool(home and named and home not in named)


BOILERPLATE = re.compile(r"https?://|www\.|\bplease\s+(visit|see|contact|send|write|share|follow|click|read)\b", re.I)
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
    inline_addressee = re.compile(data["inline_addressee"], re.I)
    press_words = re.compile(patterns("areas.yaml")["press_words"], re.I)

    def area_of(doc: ExtractionDoc, unit: Unit, text: str, dominant: str, start: int, end: int) -> str:
        section = doc.sections[unit.section] if unit.section is not None else None
        if section is not None and not section.by_words and not section.untitled:
            return section.area
        asked = first_ask(text)
        press = _about_the_press(doc, start, end) or press_words.search(text) is not None
        if asked in ("political_public_environment", "dialogue_cooperation") and press:
            return "information_flow"  # a call to free a journalist, or to raise an outlet's case
        if asked:
            return asked
        if _about_the_press(doc, start, end):
            return "information_flow"
        return area_of_words(text) or (section.area if section is not None and section.untitled else dominant)

    def recommendations(doc: ExtractionDoc) -> None:
        text = doc.text
        subjects = [rx for _code, rx in _addressee_rx()]
        dominant = area_of_words(text[: doc.body_end]) or "general"
        lead: list[str] | None = None  # addressees of "We call on X to:" for the items after it
        appeal_until = -1  # the unit index up to which bare imperatives continue an appeal
        for unit_index, unit in enumerate(doc.units):
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
                if unit.kind != "list_item" and not inline_addressee.match(text, s, e) and \
                        not _asks(unit, text[s:e], modal, voice, subjects):
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
                    v = voice.search(st)
                    if v and STATE_VOICE.search(v.group(0)):
                        v = None  # "The Ministry of Justice asked the courts to ban ...": the state acting, not a call
                    if v or (m and any(rx.search(st[: m.start()]) for rx in subjects)):
                        spans.append(_span(text, unit.start + sent.start_char, unit.start + sent.end_char))
                    elif _imperative(sent) and not BOILERPLATE.search(st):
                        imperatives.append(_span(text, unit.start + sent.start_char, unit.start + sent.end_char))
                # An appeal ("I urge you to ... Pending his release, ensure ..."): its imperatives ask too, in the
                # same paragraph or in the paragraphs that follow the call.
                if spans or (imperatives and appeal_until == unit_index):
                    spans = sorted(spans + imperatives)
            else:
                continue
            if unit.kind != "list_item":
                lead = None
            if spans and not unit.in_recommendations:
                appeal_until = unit_index + 1
            for s, e in spans:
                inline = inline_addressee.match(text, s, e)
                if inline:  # "To the OSCE: continue to review ...": the addressee heads the item
                    s = inline.end()
                quote = _plain(text[s:e])
                addressees = addressees_of(quote, modal, voice)
                if lead and not modal.search(quote) and not voice.search(quote):
                    addressees = lead
                if inline:
                    addressees = _codes_in(inline.group(1)) or ["state"]
                if addressees == ["state"] and _foreign_state(inline.group(1) if inline else _subject(quote, modal, voice),
                                                              doc.country):
                    addressees = ["international_community"]  # "It calls on Russia to grant ...": another state
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
