"""Incidents: one per target and action.

A trigger expression of an incident type, in a sentence that is not a
recommendation, is linked to the actors named in the same sentence as its
victims (kinds allowed by the type; agents after "by"/"thanks to" and the
state's own bodies are perpetrators instead). A sentence that names nobody is an
incident only when it is specific (dated, no "often"/"many"); a list of names is
expanded into one incident per name.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from civicspace.extract.country import countries_in
from civicspace.extract.dates import all_dates, first_date
from civicspace.extract.pipeline import ExtractionDoc, Unit, component, patterns, within

WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20}
MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
ORG_TYPES = {"organization_ban", "suspension", "registration_denied", "online_restriction"}
CIVIC_ORGS = {"political_party", "media", "ngo", "trade_union", "religious_association", "other"}
STATE_ORGS = {"state_body", "law_enforcement", "court", "company"}
NON_VICTIM_ROLES = {"official", "international_official"}
AGENT = re.compile(r"\b(by|by (?:order|decision|a decision|request|a request) of|thanks to|from|with|on behalf of|according to|"
                   r"to pay damages to|damages to|"
                   r"(?:revenge|retaliation|reprisals?|punishment) for)\s+(the\s+)?[‘'\"“«]?$"
                   r"|\baccording to\s+(?:his|her|their|the)\s+(?:[\w-]+\s+){0,2}?[\w-]+\s*,\s*$", re.I)
CHARGED = {"criminal_charge", "conviction", "pretrial_detention", "forced_exile", "civil_lawsuit", "organization_ban"}
DATELINE = re.compile(r"^\s*[A-Z][A-Z .'-]+,\s+[^–—\n]{4,40}?\s[-–—]+\s")
SHOUTING = re.compile(r"[a-z]")
IMPERATIVE_TAGS = {"VB"}
PERSON_TYPES = {"arrest", "criminal_charge", "administrative_penalty", "forced_exile", "conviction", "pretrial_detention",
                "intimidation", "travel_ban", "physical_attack", "ill_treatment", "release"}
AGENT_OF = re.compile(r"\b(officers|investigators|agents|officials|inspectors|bailiffs|employees|police(?:men)?|staff)\s+"
                      r"(of|from)\s+(the\s+)?$", re.I)
REPORTING = {"report", "complain", "describe", "document", "witness", "film", "record", "publish"}
QUOTED_OFFENCE = re.compile(r"\b(?:of|for)\s+[‘'\"“«]([^’'\"”»]{3,120})[’'\"”»]")
SPEECH = {"say", "tell", "state", "claim", "allege", "report", "complain", "write", "explain"}
MASCULINE_SURNAME = re.compile(r"(ov|ev|yov|in|yn|iy|sky|skiy|ski|uly|ovich|evich|enko)$")
FEMININE_SURNAME = re.compile(r"(ova|eva|ina|aya|skaya|kaya)$")
POSSESSOR = re.compile(r"[’']s\s+(?:\w+\s+)?(colleagues?|wife|husband|mother|father|parents|son|daughter|brother|sister|"
                       r"family|relatives|lawyers?|friends?|editor|founder|employees|staff|children|deputy|assistant|partner)\b", re.I)
LAW_ANAPHOR = re.compile(r"\b(the|this|these|that)\s+(amendments?|law|bill|act|code|changes|provisions?|decree)\b", re.I)
LEADING_MARKER = re.compile(r"\s*(?:\[\\?\[?\d{1,3}\\?\]?\](?:\(#[^)]*\))?[\s.,]*)+")
CLAUSE_BREAK = re.compile(r";\s*|,?\s+while\s+|,\s+whereas\s+|,\s+but\s+")
PRONOUN = re.compile(r"\b(she|he|her|him|his|they|them|their)\b", re.I)
DEFINITE = re.compile(r"\bthe (outlet|site|website|newspaper|paper|channel|party|organi[sz]ation|group|movement|"
                      r"union|association|centre|center|ngo|publication|magazine|portal)\b(?!['’]s)(?!\s+(?-i:[A-Z])|\s+[‘'\"“«])"
                      r"(?!\s+of\b)", re.I)
DEFINITE_OWNER = re.compile(r"\bthe (outlet|site|website|newspaper|party|organi[sz]ation|group|movement|union|association|"
                            r"centre|center|ngo|publication|magazine|portal)['’]s\s+(?:\w+\s+){0,2}(application|request|registration|"
                            r"licen[cs]e|accreditation|statute|website|accounts?|activit\w+|content|materials|channel|posts|articles|"
                            r"broadcasts?|programmes?|pages?|profiles?|sites?)\b", re.I)
GROUP_OF_NAMED = re.compile(r"\b(?:all|the|these|those)\s+(two|three|four|five|six|seven|eight|nine|ten|\d+)\b"
                            r"(?!\s+(?:years?|months?|days?|weeks?|times?|people|persons))|\bboth\b|\bthe (?:couple|spouses)\b",
                            re.I)
RELATIVES = re.compile(r"\b(mother|father|parents|relatives|family|families|wife|husband|brothers?|sisters?|sons?|"
                       r"daughters?|children)\b", re.I)
EXILE = re.compile(r"\b(exiled|in exile|abroad|asylum|emigrated|refugee)\b", re.I)
LIVES_IN = re.compile(r"\b(lives? in|living in|has lived in|moved to|left for|fled to|settled in)\s+(?:the\s+)?([A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")
TO_FAMILY = {"intimidation", "search_seizure", "arrest", "travel_ban", "surveillance"}
AGENT_VERBS = {"seize", "search", "detain", "arrest", "confiscate", "block", "ban", "find", "say", "fine", "sentence",
               "charge", "summon", "interrogate", "question", "raid", "beat", "attack", "threaten", "refuse", "accuse"}
SELF_ACTS = {"announce", "say", "decide", "stop", "cease", "continue", "close", "lose", "leave", "move", "relocate", "dissolve",
             "have", "become", "remain", "receive", "apply", "try", "manage", "shut", "appeal", "win", "fail"}
STANCE = {"condemn", "call", "urge", "welcome", "demand", "criticise", "criticize", "denounce", "deplore", "express",
          "report", "document", "appeal", "ask"}
AFFILIATION = re.compile(r"\b(journalist|editor|reporter|owner|founder|employee|contributor|members|"
                         r"correspondent|director|photographer|staff)s?\s+(of|for|with|at)\s+(the\s+)?([\w-]+\s+){0,3}[‘'\"“«]?$",
                         re.I)
CASE_ANAPHOR = re.compile(r"\s*(?:\S+\s+){0,3}?the (charges?|case|sentence|conviction|verdict|investigation|trial|"
                          r"prosecution|detention|arrest|travel ban)\b", re.I)
RELATION_BEFORE = re.compile(r"\b(?:his|her|their)\s+(?:[\w-]+\s+)?(?:colleague|co-defendant|brother|sister|brother-in-law|"
                             r"sister-in-law|son|daughter|mother|father|cousin|lawyer|friend|neighbour|partner)s?\s*,\s*$",
                             re.I)
ADMIN_TERM = re.compile(r"\b(days?|hours?) of administrative\b|\badministrative (arrest|detention)\b", re.I)
RESPECTIVELY = re.compile(r"\b((?:[\w.]+,\s+)*[\w.]+\s+and\s+[\w.]+)\s+(years?|months?)\b[^.;]*\brespectively\b", re.I)
MARKER_BREAK = re.compile(r"[.!?][\"”’)]*\s*\[\d{1,3}\](?=\s+[A-Z])")
YEAR_IN_TITLE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|October|November|"
                           r"December|[Ii]ssue|[Dd]igest|[Rr]eport)[^\n]{0,20}?\b((?:19|20)\d\d)\b")
WHOSE_KIN = re.compile(r"\s*,\s*whose\s+(?:\w+\s+)?(mother|father|parents|son|daughter|brother|sister|husband|wife|"
                       r"children|relatives|colleague|colleagues)\b", re.I)
OTHERS = re.compile(r"\b(others|the rest|remaining|several|many|most|some)\b", re.I)
GROUP = re.compile(r"\b(members|activists|protesters|protestors|residents|journalists|builders|workers|women|students|"
                   r"believers|supporters|relatives|people|participants|demonstrators|villagers|farmers|miners|employees)\b",
                   re.I)


@dataclass
class Segment:
    """One clause of a sentence: the actors named in it and the incident types it tells."""

    victims: list[dict]
    types: list[tuple[str, str, bool]]
    blocked: list[tuple[str, str, bool]]
    group: bool
    listed: bool = False
    start: int = 0
    end: int = 0
    at: dict[str, int] = field(default_factory=dict)  # where each type's trigger is, in the sentence


def _spaces(pattern: str) -> str:
    """A space in a pattern matches any run of blanks: PDF text wraps lines inside phrases."""
    return pattern.replace(" ", r"\s+")


class Rules:
    def __init__(self) -> None:
        data = patterns("incidents.yaml")
        self.types = []
        self.weak: dict[str, re.Pattern] = {}
        for code, spec in data["types"].items():
            rx = re.compile("|".join(f"(?:{_spaces(t)})" for t in spec["triggers"]), re.I)
            weak = re.compile("|".join(f"(?:{_spaces(t)})" for t in spec.get("weak_triggers") or [r"(?!x)x"]), re.I)
            self.types.append((code, rx, spec.get("victims", "any"), bool(spec.get("needs_law"))))
            self.weak[code] = weak
        self.generic = re.compile(data["generic"], re.I)
        self.stance = re.compile(data["stance"], re.I)
        self.unreal = re.compile(data["unreal"], re.I)
        self.prison = re.compile(data["prison"], re.I)
        self.fine = re.compile(data["fine"], re.I)
        self.currencies = {k.lower(): v for k, v in data["currencies"].items()}
        self.charge = re.compile(data["charge"], re.I)
        self.summaries: dict[str, str] = data.get("summaries") or {}
        self.by_country: dict[str, dict[str, str]] = data.get("currency_by_country") or {}


_RULES: Rules | None = None


def rules() -> Rules:
    global _RULES
    if _RULES is None:
        _RULES = Rules()
    return _RULES


def prison_months(text: str, r: Rules) -> int | float | None:
    """A prison term in months: "7.5 years" is 90, "18 months" is 18."""
    for m in r.prison.finditer(text):
        after = text[m.end(): m.end() + 60].lower()
        before = text[max(0, m.start() - 60): m.start()].lower()
        if not re.search(r"prison|imprison|colony|sentence|jail|restricted freedom|custody|detention", before + after):
            continue
        raw = m.group(1).lower().replace(",", ".")
        n = float(WORD_NUMBERS.get(raw, raw)) if raw in WORD_NUMBERS or re.match(r"^\d+(\.\d+)?$", raw) else None
        if n is None:
            continue
        if m.group(2):
            n += 0.5  # "three and a half years"
        months = n * 12 if m.group(3).lower().startswith("year") else n
        if m.group(4):
            extra = m.group(4).lower()
            months += WORD_NUMBERS.get(extra) or int(extra)
        return int(months) if float(months).is_integer() else months
    return None


def fine_of(text: str, r: Rules, country: str | None = None) -> dict | None:
    m = r.fine.search(text)
    if not m:
        return None
    amount = float(m.group(1).replace(",", ""))
    if m.group(2):
        amount *= MULTIPLIERS[m.group(2).lower()]
    name = m.group(3).lower()
    currency = r.by_country.get(name, {}).get(country or "") or r.currencies.get(name, m.group(3).upper())
    return {"amount": int(amount) if amount.is_integer() else amount, "currency": currency}


def charge_of(text: str, r: Rules, code: str = "criminal_charge") -> str | None:
    """What the person is charged with: a quoted offence wins over the words after a bare "for",
    which as often name an employer ("a reporter for the X") as an offence."""
    found = list(r.charge.finditer(text))
    quoted = [m for m in found if m.group(1)]
    plain = [m for m in found if not m.group(1) and not m.group(0).lower().startswith("for")]
    best = quoted or plain or (found if code in ("criminal_charge", "conviction", "pretrial_detention") else [])
    if not best:
        # "convicted reporter X of 'insulting the President'": the quoted offence after "of".
        of = QUOTED_OFFENCE.search(text) if code in ("criminal_charge", "conviction") else None
        return of.group(1).strip() if of else None
    m = best[0]
    value = (m.group(1) or m.group(2) or "").strip()
    return value or None


@component("incidents", "1.1")
def make_incidents(settings: dict[str, Any]):
    languages = tuple(settings.get("date_languages") or ["en"])

    def sentence_units(doc: ExtractionDoc):
        context_year: list[str | None] = [_document_year(doc)]
        last_date = None
        section: Any = object()
        for unit in doc.units:
            if unit.spacy_doc is None or unit.in_recommendations or unit.start >= doc.body_end:
                continue
            if unit.kind in ("heading", "marker") or _headline(doc.text[unit.start:unit.end], unit.kind):
                continue  # a headline announces what the body tells as fact, with its date and names
            if unit.section != section:
                section, last_date = unit.section, None
            carried = last_date is not None  # a date from an earlier block: context, weaker than one in the block
            for s, e in _sentence_spans(unit, doc.text):
                lead = LEADING_MARKER.match(doc.text, s, e)
                if lead:
                    s = lead.end()
                if e - s < 3:
                    continue
                body = doc.text[s:e]
                line = DATELINE.match(body)
                date = first_date(body[line.end():], languages, context_year[0])[0] if line else None
                if date is None:
                    date, _ = first_date(body, languages, context_year[0])
                own = date is not None
                if date is None:
                    date = last_date
                else:
                    carried = False
                last_date = date
                if date is not None:
                    context_year[0] = str(date["start"] if isinstance(date, dict) else date)[:4]
                yield unit, s, e, date, carried, own

    def incidents(doc: ExtractionDoc) -> None:
        r = rules()
        text = doc.text
        by_key: dict[tuple, dict] = {}
        out: list[dict] = []
        previous: tuple[int | None, list[dict]] | None = None  # (section, persons of the last sentence naming any)
        unit_persons: list[dict] = []  # persons named so far in the current block, for "all five"
        unit_persons_at = [-1]
        history: list[dict] = []  # persons named so far in the section, in order, for a pronoun's antecedent
        history_section: list[Any] = [object()]
        minor: dict[str, int] = {}  # persons brought in as someone's colleague or relative, and where
        exiles = _exiles(doc)
        law_mentions = sorted(doc.law_mentions, key=lambda lm: lm["start"])
        law_starts = [lm["start"] for lm in law_mentions]
        mention_starts = [m["start"] for m in doc.mentions]
        for unit, s, e, date, carried, _own in sentence_units(doc):
            sentence = text[s:e]
            if r.stance.search(sentence) or _imperative(unit, s, e):
                continue
            mentions = within(doc.mentions, mention_starts, s, e)
            spans = [(m["start"] - s, m["end"] - s) for m in mentions]
            laws = list({id(lm["law"]): lm["law"] for lm in within(law_mentions, law_starts, s, e)}.values())
            if not laws and LAW_ANAPHOR.search(sentence):
                # "The amendment entered into force": the law named last in this section.
                before = [lm for lm in law_mentions[:bisect_left(law_starts, s)] if doc.section_at(lm["start"]) is doc.section_at(s)]
                laws = [before[-1]["law"]] if before else []
            victims_all, perpetrators = _split_actors(text, s, mentions)
            if not any(v["kind"] == "person" for v in victims_all) and previous and previous[0] == unit.section:
                parsed = unit.spacy_doc.char_span(s - unit.start, e - unit.start, alignment_mode="expand")
                local = list({id(m["actor"]): m["actor"] for m in mentions if m["actor"]["kind"] == "person"
                              and text[m["end"]:m["end"] + 2] in ("'s", "’s")}.values())
                victims_all += _antecedents(sentence, previous[1], _trigger_spans(sentence, r),
                                            parsed.as_doc() if parsed is not None else None, local, history,
                                            {k for k, at in minor.items() if at != unit.start})
            if not any(v["kind"] == "person" for v in victims_all) and previous and previous[0] == unit.section \
                    and len(previous[1]) == 1 and CASE_ANAPHOR.match(sentence):
                victims_all += previous[1]  # "The charges were dropped in January": the case of the one just named
            group = GROUP_OF_NAMED.search(sentence)
            if group and not any(m["actor"]["kind"] == "person" for m in mentions):
                named_before = unit_persons if _last_named(unit_persons, group) else list({id(p): p for p in history}.values())
                victims_all += _last_named(named_before, group)
            definite = DEFINITE.search(sentence)
            if definite and (re.search(r"\b(for|with|at|of)\s+$", sentence[max(0, definite.start() - 6):definite.start()])
                             or _definite_speaks(unit, s + definite.start(), s + definite.end())):
                definite = None
            if not any(v["kind"] == "organization" for v in victims_all) and definite:
                recent = _recent_org(doc, s)
                if recent is not None:
                    victims_all.append(recent)
            owner = None  # "the party's application was refused": the party, for what only organisations suffer
            if not definite and not any(v["kind"] == "organization" for v in victims_all):
                poss = DEFINITE_OWNER.search(sentence)
                owner = _recent_org(doc, s) if poss else None
            if unit.start != unit_persons_at[0]:
                unit_persons_at[0] = unit.start
                unit_persons.clear()
            for v in victims_all:
                if v["kind"] == "person" and v not in unit_persons:
                    unit_persons.append(v)
            previous = (unit.section, [m for m in victims_all if m["kind"] == "person"]
                        or (previous[1] if previous and previous[0] == unit.section else []))
            if history_section[0] != unit.section:
                history_section[0] = unit.section
                history.clear()
            for m in mentions:
                if m["actor"]["kind"] == "person":
                    if m["actor"] not in history and RELATION_BEFORE.search(text, max(0, m["start"] - 30), m["start"]):
                        minor[m["actor"]["id"]] = unit.start
                    history.append(m["actor"])
            location = _location(unit, s - unit.start, e - unit.start)
            specific = ((date is not None and not carried) or location is not None) and not r.generic.search(sentence)
            dated = [d for d in all_dates(sentence, languages) if not re.match(r"[\w-]", sentence[d[1] - 1:d[1]])] \
                if not carried and date is not None else []  # not "EXPO-2015": a year inside a name
            segments: list[Segment] = []
            for seg_s, seg_e in _segments(sentence):
                seg_victims = [v for v in victims_all if any(seg_s <= m["start"] - s < seg_e and m["actor"] is v
                                                             for m in mentions)]
                named = {id(m["actor"]) for m in mentions}
                if PRONOUN.search(sentence, seg_s, seg_e) or GROUP_OF_NAMED.search(sentence, seg_s, seg_e) or \
                        DEFINITE.search(sentence, seg_s, seg_e):
                    # "the court ordered that he remain ..., while ...": "he" stands for someone named before.
                    seg_victims += [v for v in victims_all if id(v) not in named and v not in seg_victims]
                if seg_s == 0 and seg_e == len(sentence):
                    seg_victims = victims_all
                seg_types = []
                seg_at: dict[str, int] = {}
                all_hits = {code: [h for h in rx.finditer(sentence, seg_s, seg_e)
                                   if not any(a <= h.start() < b for a, b in spans)
                                   and not r.unreal.search(sentence, max(seg_s, h.start() - 130), h.start())]
                            for code, rx, _k, _n in r.types}
                all_hits = _longest(all_hits)
                if all_hits["conviction"] and all_hits["criminal_charge"] and all(
                        "charges" in h.group(0).lower() for h in all_hits["criminal_charge"]):
                    all_hits["criminal_charge"] = []  # "sentenced ... on fabricated charges": the verdict's basis
                if all_hits["administrative_penalty"] and all_hits["conviction"] and ADMIN_TERM.search(sentence):
                    all_hits["conviction"] = []  # "sentenced him to 30 days of administrative detention"
                if all_hits["administrative_penalty"] and all_hits["civil_lawsuit"]:
                    all_hits["administrative_penalty"] = []  # a sum a court awards in a lawsuit is damages, not a fine
                if all_hits["administrative_penalty"] and (all_hits["conviction"] or _criminal_only(laws, sentence)):
                    # A fine a court gives under the criminal code is a sentence: it belongs to the conviction.
                    if not all_hits["conviction"]:
                        all_hits["conviction"] = all_hits["administrative_penalty"]
                    all_hits["administrative_penalty"] = []
                for code, _rx, kinds, needs_law in r.types:
                    hits = all_hits[code]
                    weak = not hits and r.weak[code].search(sentence, seg_s, seg_e) is not None
                    if not hits and not weak:
                        continue
                    if needs_law and not laws and not re.search(r"\b(law|bill|amendments?|code|decree)\b", sentence, re.I):
                        continue
                    verbal = any(_is_verbal(unit, s - unit.start + h.start(), s - unit.start + h.end()) for h in hits)
                    seg_types.append((code, kinds, verbal and not weak))
                    seg_at[code] = hits[0].start() if hits else seg_s
                blocked = [t for t in seg_types if t[2] and _subject_elsewhere(unit, s, seg_s, seg_e, sentence, r.types, t[0], mentions)]
                segments.append(Segment(seg_victims, seg_types, blocked, bool(GROUP.search(sentence, seg_s, seg_e)),
                                        start=seg_s, end=seg_e, at=seg_at))
            # A list split by semicolons shares the action named in one of its parts.
            for i, seg in enumerate(segments):
                if (seg.victims or seg.group) and not seg.types:
                    order = [*range(i - 1, -1, -1), *range(i + 1, len(segments))]
                    near = [segments[j].types for j in order if segments[j].types]
                    seg.types = near[0] if near else []
                    seg.listed = True
            for i, seg in enumerate(segments):
                if i and seg.types and not seg.victims and not seg.group and not seg.listed and \
                        not OTHERS.search(sentence, seg.start, seg.end):
                    # "..., while prosecutors investigate accusations of ...": the clause goes on about the same person.
                    seg.victims = [v for v in segments[i - 1].victims if v["kind"] == "person"]
            for i, seg in enumerate(segments):
                listed = seg.listed
                seg_victims = seg.victims
                kin_abroad = [m["actor"] for m in mentions if m["actor"]["id"] in exiles and (kin := POSSESSOR.match(text, m["end"]))
                              and RELATIVES.search(kin.group(0)) and seg.start <= m["start"] - s < seg.end]
                if kin_abroad and any(t[0] in TO_FAMILY for t in seg.types):
                    seg_victims = [*seg_victims, *(a for a in kin_abroad if a not in seg_victims)]  # "X's mother was summoned"
                if RELATIVES.search(sentence) and any(v["id"] in exiles for v in seg_victims):
                    # Pressure on an exile's family at home is transnational repression.
                    seg.types = list(dict.fromkeys(("transnational_repression", "persons", t[2]) if t[0] in TO_FAMILY else t
                                                   for t in seg.types))
                for code, kinds, verbal in seg.types:
                    when = date if seg.listed else _nearest(dated, seg.at.get(code, seg.start), date, sentence)
                    allowed = [v for v in seg_victims if _kind_ok(v, kinds)] if (code, kinds, verbal) not in seg.blocked else []
                    if code in PERSON_TYPES and any(v["kind"] == "person" for v in allowed):
                        # "X, a reporter for the Y site, was detained": the person, not the outlet, is the target.
                        allowed = [v for v in allowed if v["kind"] == "person"]
                    verbal = verbal or (listed and not seg_victims)
                    about_law = bool(laws) or re.search(r"\b(law|bill|amendments?|code|decree)\b", sentence, re.I)
                    if allowed:
                        targets: list[dict | None] = list(allowed)
                    elif kinds == "organizations" and owner is not None:
                        targets = [owner]
                    elif kinds == "organizations" and any(m["actor"]["kind"] == "person" and text[m["end"]:m["end"] + 2]
                                                          in ("'s", "’s") for m in mentions):
                        continue  # "suspended X's licence": a person's loss, not an organisation's
                    elif kinds == "none" or (specific and verbal and ((kinds == "organizations" and not about_law)
                                                                      or not seg_victims)):
                        targets = [None]
                    else:
                        continue
                    for victim in targets:
                        anon = f"law:{laws[0]['id']}" if code == "restrictive_law" and laws else f"{unit.start}:{when}:{i if listed else 0}"
                        self_key = (code, victim["id"] if victim else anon)
                        found = by_key.get(self_key)
                        if found is not None and (carried or _compatible(found["date"], when)
                                                  or (code == "organization_ban" and victim is not None)
                                                  or anon.startswith("law:")):
                            if not any(ev["start"] == s for ev in found["evidence"]):
                                found["evidence"].append(doc.evidence(s, e, "incidents"))
                            for sid in doc.sources_between(s, unit.end if _last_sentence(unit, e) else e):
                                if sid not in found["sources"]:
                                    found["sources"].append(sid)
                            if carried or _compatible(found["date"], when):
                                _complete(found, code, sentence, laws, r, doc.country)
                            continue
                        inc = {
                            "type": code,
                            "date": when,
                            "location": location,
                            "victims": [victim["id"]] if victim else [],
                            "perpetrators": [p["id"] for p in perpetrators],
                            "laws": [law["id"] for law in laws],
                            "charge": charge_of(sentence, r, code) if code in CHARGED else None,
                            "penalty": _respective(code, sentence, victim, seg_victims) or _penalty(code, sentence, r, doc.country),
                            "area": doc.sections[unit.section].area if unit.section is not None else "general",
                            "summary": None,
                            "evidence": [doc.evidence(s, e, "incidents")],
                            "sources": doc.sources_between(s, unit.end if _last_sentence(unit, e) else e),
                        }
                        by_key[self_key] = inc
                        out.append(inc)
        _carry_charges(out, doc)
        names = {id(a): a for a in doc.actors}
        by_id = {a["id"]: a["name"] for a in names.values() if "id" in a}
        law_names = {law["id"]: law["instrument"] + (f", Article {law['article']}" if law.get("article") else "")
                     for law in doc.laws}
        for inc in out:
            inc["summary"] = summary_of(inc, by_id, law_names, r)
        doc.incidents = out
        for i, inc in enumerate(out, 1):
            inc["id"] = f"i{i}"

    return incidents


def summary_of(inc: dict, actor_names: dict[str, str], law_names: dict[str, str], r: Rules) -> str:
    """A line a reviewer reads before the quote: who, what, for what, under which law, by whom, where, when."""
    victims = [actor_names[v] for v in inc["victims"] if v in actor_names]
    laws = [law_names[x] for x in inc["laws"] if x in law_names]
    who = ", ".join(victims) or ("An organisation" if inc["type"] in ORG_TYPES else "People")
    text = r.summaries.get(inc["type"], "{who}: " + inc["type"].replace("_", " ")).format(
        who=who, law="; ".join(laws) or "a law")
    if inc.get("charge") and inc["type"] != "restrictive_law":
        text += f" for \"{inc['charge']}\""
    if laws and inc["type"] != "restrictive_law":
        text += " under " + "; ".join(laws)
    perpetrators = [actor_names[p] for p in inc["perpetrators"] if p in actor_names]
    if perpetrators:
        text += " by " + ", ".join(perpetrators)
    if inc.get("location"):
        text += f" in {inc['location']}"
    date = inc.get("date")
    if date:
        text += f" ({date['start']}–{date.get('end') or ''})" if isinstance(date, dict) else f" ({date})"
    return text + "."


def _nearest(dated: list[tuple[Any, int]], at: int, default: Any, sentence: str = "") -> Any:
    """Of two dates in a sentence, the one in the trigger's own clause ("..., who has lived in X since
    2013"), else the nearest one; a date that opens the sentence ("In 2014, police detained ...")
    governs the rest of it."""
    if len(dated) < 2:
        return default
    lo = max(sentence.rfind(",", 0, at), sentence.rfind(";", 0, at))
    ends = [i for i in (sentence.find(",", at), sentence.find(";", at)) if i >= 0]
    hi = min(ends) if ends else len(sentence)
    own = [d for d in dated if lo < d[1] < hi]
    if own:
        return min(own, key=lambda d: abs(d[1] - at))[0]
    if dated[0][1] < 30:
        return default
    return min(dated, key=lambda d: (abs(d[1] - at), d[1] < at))[0]


def _complete(found: dict, code: str, sentence: str, laws: list[dict], r: Rules, country: str | None) -> None:
    """A later sentence about the same incident ("He was sentenced to ...") fills what the first left out."""
    if found["penalty"] is None:
        found["penalty"] = _penalty(code, sentence, r, country)
    if not found["laws"] and laws and code != "restrictive_law":
        found["laws"] = [law["id"] for law in laws]
    if found["charge"] is None and code in CHARGED:
        found["charge"] = charge_of(sentence, r, code)


def _document_year(doc: ExtractionDoc) -> str | None:
    """The year a digest's "2 March: ..." items belong to: the document's date, or a year in its title lines."""
    published = str(doc.document.metadata.published or "")
    if re.match(r"(19|20)\d\d", published):
        return published[:4]
    head = YEAR_IN_TITLE.search(doc.text[:200])
    return head.group(1) if head else None


def _sentence_spans(unit: Unit, text: str) -> list[tuple[int, int]]:
    """The parser's sentences, split again after a footnote marker that ends one ('... organisation").[7] On
    12 October ...'), where a small model often runs two sentences together."""
    out = []
    for sent in unit.spacy_doc.sents:
        s, e = unit.start + sent.start_char, unit.start + sent.end_char
        for m in MARKER_BREAK.finditer(text, s, e):
            out.append((s, m.end()))
            s = m.end() + len(text[m.end():e]) - len(text[m.end():e].lstrip())
        out.append((s, e))
    return out


def _carry_charges(incidents: list[dict], doc: ExtractionDoc | None = None) -> None:
    """A conviction told without its article takes the law and charge of the same person's earlier charge,
    or of a charge brought against a group without names just before, in the same section ("They were
    charged under Article N ... The court convicted A and B")."""
    charged: dict[str, dict] = {}
    group_charge: dict | None = None

    def section(inc: dict) -> Any:
        return doc.section_at(inc["evidence"][0]["start"]) if doc is not None else None

    for inc in incidents:
        if not inc["victims"]:
            if inc["type"] == "criminal_charge" and inc["laws"]:
                group_charge = inc
            continue
        key = inc["victims"][0]
        if inc["type"] in ("criminal_charge", "pretrial_detention", "arrest") and (inc["laws"] or inc["charge"]):
            charged[key] = inc
        elif inc["type"] == "conviction" and key not in charged and group_charge is not None \
                and section(group_charge) is section(inc) and not inc["laws"]:
            inc["laws"] = list(group_charge["laws"])
            inc["charge"] = inc["charge"] or group_charge["charge"]
        elif inc["type"] == "conviction" and key in charged:
            earlier = charged[key]
            if not inc["laws"]:
                inc["laws"] = list(earlier["laws"])
            if not inc["charge"]:
                inc["charge"] = earlier["charge"]


def _criminal_only(laws: list[dict], sentence: str) -> bool:
    instruments = {str(law.get("instrument", "")).lower() for law in laws}
    return "criminal code" in instruments and not any("administrative" in i for i in instruments) \
        and not re.search(r"\badministrative\b", sentence, re.I)


def _headline(text: str, kind: str) -> bool:
    """A line in capitals, or a short paragraph of one line with no closing stop, is a headline or a banner."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 6 and not SHOUTING.search(text):
        return True
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    return kind == "paragraph" and len(lines) <= 3 and all(len(ln.split()) <= 16 and not ln.endswith(
        (".", "!", "?", ":", ";", '"', "”", "’", "'", ")", "]")) for ln in lines)


def _imperative(unit: Unit, s: int, e: int) -> bool:
    """A sentence that asks ("Release everyone jailed for ...") tells no incident: its main verb is a bare
    imperative with no subject."""
    span = unit.spacy_doc.char_span(s - unit.start, e - unit.start, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.tag_ in IMPERATIVE_TAGS and root.dep_ == "ROOT" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in root.children)


def _last_sentence(unit: Unit, end: int) -> bool:
    return end >= unit.start + len(unit.spacy_doc.text.rstrip()) - 12


def _longest(hits: dict[str, list[re.Match]]) -> dict[str, list[re.Match]]:
    """Drop a hit inside a longer hit of another type: "house arrest" is detention, not an arrest."""
    out = {}
    for code, ms in hits.items():
        out[code] = [m for m in ms if not any(
            other != code and o.start() <= m.start() and m.end() <= o.end() and (o.end() - o.start()) > (m.end() - m.start())
            for other, os_ in hits.items() for o in os_)]
    return out


def _is_verbal(unit: Unit, a: int, b: int) -> bool:
    """Whether a trigger tells an event (a verb, "violently", "under surveillance"), not a topic named."""
    if re.search(r"\b(under|subjected to|subject to|placed in|placed under)\s+(\w+\s+)?$", unit.spacy_doc.text[max(0, a - 30):a]):
        return True
    span = unit.spacy_doc.char_span(a, b, alignment_mode="expand")
    # "detained protesters", "a liquidated organisation": a participle before a noun describes, it tells no event.
    return span is not None and any(t.pos_ in ("VERB", "ADV", "AUX") and t.dep_ != "amod"
                                    and not (t.dep_ == "conj" and t.head.dep_ == "amod") for t in span)


def _subject_elsewhere(unit: Unit, s: int, seg_s: int, seg_e: int, sentence: str, types: list, code: str,
                       mentions: list[dict]) -> bool:
    """The trigger's grammatical subject is a group of people ("members were charged") that names
    none of the sentence's actors: the named actors are not its victims."""
    rx = next(t[1] for t in types if t[0] == code)
    base = s - unit.start
    sd = unit.spacy_doc
    for h in rx.finditer(sentence, seg_s, seg_e):
        span = sd.char_span(base + h.start(), base + h.end(), alignment_mode="expand")
        if span is None:
            continue
        verb = span.root if span.root.pos_ in ("VERB", "AUX") else span.root.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        for subj in subjects:
            group = subj if subj.pos_ == "NOUN" else None
            if subj.pos_ in ("PRON", "DET", "NUM"):  # "some of the party's members": the group noun, not the owner
                nouns = [t for t in subj.subtree if t.pos_ == "NOUN"]
                group = next((t for t in nouns if GROUP.fullmatch(t.text)), nouns[0] if nouns else None)
            if group is None or not GROUP.fullmatch(group.text):
                return False
            lo, hi = unit.start + subj.left_edge.idx, unit.start + subj.right_edge.idx + len(subj.right_edge)
            if any(lo <= m["start"] < hi for m in mentions):
                return False
            return True
    return False


def _segments(sentence: str) -> list[tuple[int, int]]:
    """Clauses of a sentence ("X was banned, while Y was suspended"), as offsets in it."""
    out, pos = [], 0
    for m in CLAUSE_BREAK.finditer(sentence):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(sentence)))
    return [(a, b) for a, b in out if b > a]


def _exiles(doc: ExtractionDoc) -> set[str]:
    """Ids of persons said anywhere to live abroad, in exile or under asylum."""
    out: set[str] = set()
    starts = [m["start"] for m in doc.mentions]
    for unit in doc.units:
        if unit.spacy_doc is None or unit.start >= doc.body_end:
            continue
        for sent in unit.spacy_doc.sents:
            abroad = [m for m in LIVES_IN.finditer(sent.text) if _abroad(m.group(2), doc.country)]
            if EXILE.search(sent.text) or abroad:
                s, e = unit.start + sent.start_char, unit.start + sent.end_char
                out.update(m["actor"]["id"] for m in within(doc.mentions, starts, s, e) if m["actor"]["kind"] == "person")
    return out


def _abroad(place: str, home: str | None) -> bool:
    """A country or city of another state; a place of the region not tied to a country is taken as home."""
    codes = countries_in(place)
    if codes:
        return any(c != home for c in codes)
    from civicspace.extract.components.actors import fold, vocab
    return fold(place) not in vocab().places


def _last_named(persons: list[dict], group: re.Match) -> list[dict]:
    """ "All five", "both": the last persons named in the block, as many as the words say."""
    word = (group.group(1) or "").lower()
    n = WORD_NUMBERS.get(word) or (int(word) if word.isdigit() else (2 if not group.group(1) else 0))
    return persons[-n:] if n and len(persons) >= n else []


def _definite_speaks(unit: Unit, a: int, b: int) -> bool:
    """ "The centre documented ...", "told the centre that ...": the organisation tells or hears, it is not the target."""
    span = unit.spacy_doc.char_span(a - unit.start, b - unit.start, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    return (tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING | SPEECH | STANCE) or \
        (tok.dep_ in ("dobj", "dative") and tok.head.lemma_.lower() in SPEECH)


def _recent_org(doc: ExtractionDoc, start: int) -> dict | None:
    """The civic organisation named last before `start`, which "the outlet" or "the party" refers to."""
    for m in reversed(doc.mentions):
        if m["start"] < start and start - m["start"] < 1500:
            a = m["actor"]
            if a["kind"] == "organization" and a.get("org_type") in CIVIC_ORGS:
                return a
    return None


def _trigger_spans(sentence: str, r: Rules) -> list[tuple[int, int]]:
    return [(h.start(), h.end()) for _code, rx, _k, _n in r.types for h in rx.finditer(sentence)] + \
        [(h.start(), h.end()) for rx in r.weak.values() for h in rx.finditer(sentence)]


def _agent_pronoun(parsed: Any, at: int) -> bool:
    """ "they seized", "he fined": a pronoun that does the action is not its target."""
    if parsed is None:
        return False
    span = parsed.char_span(at, at + 1, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in AGENT_VERBS


def _antecedents(sentence: str, previous: list[dict], triggers: list[tuple[int, int]], parsed: Any = None,
                 local: list[dict] | None = None, history: list[dict] | None = None,
                 minor: set[str] | None = None) -> list[dict]:
    """The person "she"/"him"/"they" next to a trigger refers to: someone this sentence names without making
    them its target ("X's mother said he had been beaten"), else the previous sentence's victims, else the
    last person named before whose name agrees with the pronoun."""
    m = next((p for p in PRONOUN.finditer(sentence)
              if any(a - 40 <= p.start() <= b + 40 for a, b in triggers) and not _agent_pronoun(parsed, p.start())
              and not _speaker_pronoun(parsed, p.start())), None)
    if not m and parsed is not None:
        # "Because of a travel ban ..., he has not been able to ...": the subject of the main clause.
        root_subject = next((t for t in parsed if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
                             and t.lower_ in ("he", "she", "they")), None)
        if root_subject is not None and triggers:
            m = PRONOUN.match(sentence, root_subject.idx)
    if not m:
        return []
    plural = m.group(1).lower() in ("they", "them", "their")
    if plural:
        return [] if GROUP.search(sentence) else list(previous)  # "40 people ...; several of them said": the group
    want = "f" if m.group(1).lower() in ("she", "her") else "m"
    minor = minor or set()
    for pool in (local or [], previous):
        exact = [p for p in pool if _gender(p["name"]) == want]
        maybe = [p for p in pool if _gender(p["name"]) is None]
        if len(exact) == 1 and not (exact[0]["id"] in minor and history):
            return exact
        if not exact and len(maybe) == 1 and not (maybe[0]["id"] in minor and history):
            return maybe
        if len(pool) > 1 and (len(exact) > 1 or (not exact and len(maybe) > 1)):
            return []
    if len(previous) == 1 and not history and previous[0]["id"] not in minor:
        return list(previous)
    # The person the passage is about: the most named in the section whose name may take the pronoun,
    # passing over someone brought in as another's colleague or relative ("His colleague, X, ...").
    fits = [p for p in history or [] if _gender(p["name"]) in (want, None) and p["id"] not in minor]
    if not fits:
        return []
    counts: dict[str, int] = {}
    for p in fits:
        counts[p["id"]] = counts.get(p["id"], 0) + 1
    top = max(counts.values())
    return next([p] for p in reversed(fits) if counts[p["id"]] == top)


def _speaker_pronoun(parsed: Any, at: int) -> bool:
    """ "She said that guards beat him": the one who speaks is not the one the trigger is about."""
    if parsed is None:
        return False
    span = parsed.char_span(at, at + 1, alignment_mode="expand")
    return span is not None and span.root.dep_ == "nsubj" and span.root.head.lemma_.lower() in SPEECH


def _gender(name: str) -> str | None:
    """ "f", "m", or None where the name does not tell (many Georgian and Armenian names)."""
    words = name.split()
    if not words:
        return None
    if _female(name):
        return "f"
    if MASCULINE_SURNAME.search(words[-1].lower()):
        return "m"
    return None


def _female(name: str) -> bool:
    """A name's grammatical gender as the region's naming writes it (given names and surnames in -a)."""
    words = name.split()
    return bool(words) and (words[0].lower().endswith(("a", "ya")) or bool(FEMININE_SURNAME.search(words[-1].lower())))


def _compatible(a: Any, b: Any) -> bool:
    """Two dates that may tell one event: the same year, and the same month where both give one."""
    ya = str(a.get("start") if isinstance(a, dict) else a or "")
    yb = str(b.get("start") if isinstance(b, dict) else b or "")
    if not ya or not yb or ya[:4] != yb[:4]:
        return not ya or not yb
    return len(ya) < 7 or len(yb) < 7 or isinstance(a, dict) or isinstance(b, dict) or ya[:7] == yb[:7]


def _kind_ok(actor: dict, kinds: str) -> bool:
    if kinds == "none":
        return False
    if actor["kind"] == "person":
        return kinds in ("any", "persons")
    return kinds in ("any", "organizations") and actor.get("org_type") in CIVIC_ORGS


def _split_actors(text: str, start: int, mentions: list[dict]) -> tuple[list[dict], list[dict]]:
    """Victims and perpetrators among the actors named in a sentence."""
    victims: list[dict] = []
    perpetrators: list[dict] = []
    for m in mentions:
        a = m["actor"]
        before = text[max(start, m["start"] - 40):m["start"]]
        if a["kind"] == "organization" and a.get("org_type") in STATE_ORGS:
            if a not in perpetrators:
                perpetrators.append(a)
            continue
        if a["kind"] == "organization" and a.get("org_type") == "international_body":
            continue
        if a["kind"] == "organization" and AGENT_OF.search(before):
            if a not in perpetrators:  # "officers of the X searched ...": X acts through its officers
                perpetrators.append(a)
            continue
        if _reporter(m) or POSSESSOR.match(text, m["end"]) or _speaker_about_another(m) or _told(m) \
                or WHOSE_KIN.match(text, m["end"]):
            continue
        if set(a.get("roles", [])) & NON_VICTIM_ROLES or AGENT.search(before) or AFFILIATION.search(before):
            continue
        if _stance_subject(m):
            continue
        if a["kind"] == "organization" and _active_subject(m):
            if a not in perpetrators:
                perpetrators.append(a)
            continue
        if a not in victims:
            victims.append(a)
    return victims, perpetrators


def _mention_root(mention: dict):
    """The syntactic root of the mention's span in its unit's parse, or None where the span splits tokens."""
    unit = mention["unit"]
    span = unit.spacy_doc.char_span(mention["start"] - unit.start, mention["end"] - unit.start, alignment_mode="expand")
    return None if span is None else span.root


def _mention_head(mention: dict):
    """The token that carries the mention in its clause: the root, lifted over appositions and compounds
    ("his lawyer, A," is the subject through "lawyer")."""
    tok = _mention_root(mention)
    while tok is not None and tok.dep_ in ("appos", "compound") and tok.head is not tok:
        tok = tok.head
    return tok


def _reporter(mention: dict) -> bool:
    """The actor reported or documented the incident ("his mother reported the beating"); not its target."""
    tok = _mention_head(mention)
    if tok is None:
        return False
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORTING and any(
        c.dep_ == "dobj" for c in tok.head.children)


def _speaker_about_another(mention: dict) -> bool:
    """'His lawyer, A, said he had been beaten': the speaker tells of someone else, whom the pronoun
    names (a pronoun of the speaker's own gender may be the speaker, and is left to them)."""
    tok = _mention_head(mention)
    if tok is None:
        return False
    if tok.dep_ != "nsubj" or tok.head.lemma_.lower() not in SPEECH | REPORTING:
        return False
    gender = _gender(mention["actor"]["name"])
    for clause in tok.head.children:
        if clause.dep_ != "ccomp":
            continue
        for sub in clause.children:
            if sub.dep_ in ("nsubj", "nsubjpass") and sub.lower_ in ("he", "she") and gender is not None:
                return (sub.lower_ == "she") != (gender == "f")
        # "X reported that police had detained 30 protesters": about others, unless "... detained her",
        # "... summoned his parents".
        own = {"me", "i", "my"} | ({"her", "she", "hers"} if gender != "m" else set()) | \
            ({"him", "he", "his"} if gender != "f" else set())
        return not any(t.lower_ in own for t in clause.subtree)
    return False


def _told(mention: dict) -> bool:
    """ "He told X that ...": the one told is an audience, not a target."""
    tok = _mention_head(mention)
    return tok is not None and tok.dep_ in ("dobj", "dative") and tok.head.lemma_.lower() in SPEECH


def _stance_subject(mention: dict) -> bool:
    """The actor is the one condemning or calling ("X condemns the arrest of ..."), not the target."""
    root = _mention_root(mention)
    return root is not None and root.dep_ == "nsubj" and root.head.lemma_.lower() in STANCE


def _active_subject(mention: dict) -> bool:
    """An organisation that is the active subject of a verb ("the agency refused ...") acts; it is not the target."""
    tok = _mention_head(mention)
    if tok is not None and tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "nsubj":
        tok = tok.head.head  # "the Presidium of the X suspended ...": X acts through its organ
    if tok is None:
        return False
    return tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and tok.head.lemma_.lower() not in SELF_ACTS


def _location(unit: Unit, s: int, e: int) -> str | None:
    for ent in unit.spacy_doc.ents:
        if ent.label_ in ("GPE", "LOC", "FAC") and s <= ent.start_char < e:
            before = unit.spacy_doc.text[max(0, ent.start_char - 12):ent.start_char].lower()
            if re.search(r"\b(in|at|outside|near|of)\s+(the\s+)?(city of\s+)?$", before):
                return str(ent.text)
    return None


def _respective(code: str, sentence: str, victim: dict | None, victims: list[dict]) -> dict | None:
    """ "sentenced A and B to five and seven years respectively": each their own term, in the order named."""
    m = RESPECTIVELY.search(sentence) if code == "conviction" and victim in victims else None
    if m is None or victim is None:
        return None
    numbers = re.findall(r"\d+(?:\.\d+)?|" + "|".join(WORD_NUMBERS), m.group(1), re.I)
    persons = [v for v in victims if v["kind"] == "person"]
    if len(numbers) != len(persons) or victim not in persons:
        return None
    raw = numbers[persons.index(victim)].lower()
    n = float(WORD_NUMBERS.get(raw) or raw)
    months = n * 12 if m.group(2).lower().startswith("year") else n
    return {"prison_months": int(months) if months.is_integer() else months, "fine": None}


def _penalty(code: str, sentence: str, r: Rules, country: str | None = None) -> dict | None:
    if code not in ("conviction", "administrative_penalty", "civil_lawsuit"):
        return None
    months = prison_months(sentence, r) if code == "conviction" else None
    fine = fine_of(sentence, r, country)
    if months is None and fine is None:
        return None
    return {"prison_months": months, "fine": fine}
