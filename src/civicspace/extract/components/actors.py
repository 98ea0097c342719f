"""Persons and organisations: names as written, the fullest form, variants as aliases.

spaCy's entities are the first source; names right after a role word ("journalists
A, B and C") are the second, because a small model misses unfamiliar names exactly
where reports list them. Mentions of a surname alone are tied to the person they
abbreviate so that incidents can name their victims.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rapidfuzz import fuzz

from civicspace.extract.pipeline import ExtractionDoc, Unit, component, patterns

UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁӘҒҚҢӨҰҮҺІ"
WORD = rf"[{UPPER}][^\W\d_]+(?:[-’'][{UPPER}]?[^\W\d_]+)?"
WORD_RX = re.compile(WORD)
GAP = r"(?:[ \t\u00a0]+|[ \t]*\n[ \t]*)"  # a name may wrap onto the next line, never across a blank line
NAME = re.compile(rf"({WORD})(?:{GAP}({WORD}))?(?:{GAP}({WORD}))?")
LIST_GLUE = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s*|\s*;\s*(?:and\s+)?)")
QUOTED = re.compile(r"[‘'\"“«]([^‘’'\"“”«»\n]{2,80}?)[’'\"”»]")
TRANSLATION = re.compile(r"\s*\[\s*[‘'\"“«]([^\]\n]{2,80}?)[’'\"”»]\s*\]")
QUOTED_NAME = re.compile(r"[A-Z][\w.!+&-]*(?:\s+(?:[A-Z][\w.!+&-]*|of|for|the|and|on|in)){0,5}")
DOMAIN = re.compile(r"(?<![@/.\w])[A-Za-z][\w-]*(?:\.[\w-]+)*\.(?:kz|ru|uz|kg|tj|tm|az|am|ge|by|ua|md|mn|lt|lv|pl|eu|me|"
                    r"io|com|net|org|info|tv|media|news|online|live|asia)\b(?![/@\w]|\.\w)")
FEMININE = re.compile(r"(ova|eva|ina|yna|aya|skaya)$")


INITIALS = r"(?:[A-Z]\.\s?){1,3}"  # "K.T. Aliyeva", "D. Smith"
INITIALS_RX = re.compile(INITIALS.replace(r"\s?", ""))
FULL = rf"{WORD}(?:[ \t]+{WORD}){{1,2}}"
NAME_LIST = re.compile(rf"(?<![\w-])(?:{FULL},\s+){{2,}}(?:and\s+)?{FULL}(?![\w-])|(?<![\w-])(?:{FULL},\s+){{1,}}{FULL},?\s+and\s+{FULL}(?![\w-])")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def _words_rx(words: list[str]) -> re.Pattern:
    """Whole-word matching for a list of words and phrases."""
    alts = "|".join(re.escape(fold(str(w))).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z])(?:{alts})(?![a-z])")


def stem_surname(word: str) -> str:
    """A surname without its feminine ending, so Petrov and Petrova compare equal."""
    w = fold(word)
    return FEMININE.sub(lambda m: m.group(1)[:-1], w) if len(w) > 4 else w


class Vocab:
    """The pattern lists this component needs, loaded once."""

    def __init__(self) -> None:
        orgs = patterns("organisations.yaml")
        roles = patterns("roles.yaml")
        self.not_person = {fold(w) for w in orgs["not_person_words"]}
        self.platforms = {fold(w) for w in orgs["platforms"] + orgs["regions"]}
        # Words after which capitalised words are an organisation's name, never a person's ("the movement X Y").
        self.name_nouns = {fold(w) for t in ("media", "political_party") for w in orgs["quoted_after"][t]}
        self.places = {fold(p) for p in patterns("entity_ruler.yaml")["places"]}
        self.org_types = [(r["type"], _words_rx(r["words"])) for r in orgs["types"]]
        self.quoted_after = {t: [fold(w) for w in ws] for t, ws in orgs["quoted_after"].items()}
        intro = sorted({fold(w) for w in roles["name_introducers"]} |
                       {fold(w) for ws in roles["roles"].values() for w in ws}, key=len, reverse=True)
        roles_rx = "|".join(re.escape(w) for w in sorted({fold(w) for ws in roles["roles"].values() for w in ws},
                                                          key=len, reverse=True))
        self.appositive = re.compile(rf"({WORD}{GAP}{WORD}(?:{GAP}{WORD})?|{INITIALS}{WORD}),\s+(?:\d{{1,3}},\s+)?(?:an?|the)\s+(?:[\w-]+\s+){{0,3}}(?i:{roles_rx})s?\b")
        self.introducer = re.compile(r"\b(" + "|".join(re.escape(w) for w in intro) + r")s?\b[\s,:–—-]*", re.I)
        media = sorted(self.quoted_after.get("media", []), key=len, reverse=True)
        self.outlet_before = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in media) + r")\s+[‘'\"“«]?$", re.I)
        after = sorted({w for ws in self.quoted_after.values() for w in ws}, key=len, reverse=True)
        self.unquoted_org = re.compile(
            r"\b((?i:" + "|".join(re.escape(w) for w in after) + r"))\s+((?:[A-Z][\w.!+&’'-]*)(?:\s+(?:[A-Z][\w.!+&’'-]*|of|for|on)){0,4})")
        self.quoted_org = re.compile(
            r"\b(" + "|".join(re.escape(w) for w in after) + r")\s+(?:of\s+)?" + QUOTED.pattern
            + r"|" + QUOTED.pattern + r"\s+(" + "|".join(re.escape(w) for w in after) + r")\b", re.I)

    def person_words_ok(self, words: list[str]) -> bool:
        if not 2 <= len(words) <= 3:
            return False
        if len(words) == 2 and INITIALS_RX.fullmatch(words[0]):
            words = words[1:]  # "K.T. Aliyeva": initials and a surname, as reports shield or shorten a name
        for w in words:
            f = fold(w)
            if not WORD_RX.fullmatch(w) or f in self.not_person or f in self.places or w.isupper():
                return False
        return True

    def org_type(self, name: str, context: str = "") -> str:
        low = fold(name)
        if re.search(r"bank$", low):  # "Xbank" as often as "X Bank"
            return "company"
        for typ, rx in self.org_types:
            if rx.search(low):
                return typ
        ctx = fold(context)
        for typ, words in self.quoted_after.items():
            if any(ctx.endswith(w) for w in words):
                return typ
        return "other"


_VOCAB: Vocab | None = None


def vocab() -> Vocab:
    global _VOCAB
    if _VOCAB is None:
        _VOCAB = Vocab()
    return _VOCAB


def _clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim quotes, punctuation, possessives and line breaks a model leaves on an entity."""
    seg = text[start:end]
    cut = re.search(r"\n[ \t]*\n|[\r<(\[]| - |\n[ \t]*[-•*–]|(?<=[a-z]{3})\.\s+(?=[A-Z])", seg)
    if cut:
        end = start + cut.start()
    while end > start and not (text[end - 1].isalnum() or text[end - 1] in "!+"):
        end -= 1
    if text[start:end].endswith(("’s", "'s")):
        end -= 2
    trailing = re.search(r"\s+[\d.,]+$", text[start:end])  # "X 15,000": a sum after the name
    if trailing:
        end = start + trailing.start()
    while start < end and not text[start].isalnum():
        start += 1
    if text[start:end].lower().startswith("the "):
        start += 4
    return start, end


def _person_candidates(doc: ExtractionDoc, unit: Unit) -> list[tuple[int, int, str]]:
    """(start, end, how) of person names in one unit: model entities and names after role words."""
    v = vocab()
    text = doc.text
    found: list[tuple[int, int, str]] = []
    sd = unit.spacy_doc
    for ent in sd.ents:
        if ent.label_ != "PERSON":
            continue
        s, e = _clean_span(text, unit.start + ent.start_char, unit.start + ent.end_char)
        verb = LEADING_VERB.match(text, s, e)
        if verb:  # "Release Siarhei Dudko ...": an item that asks, the model took its verb into the name
            s = verb.end()
        lead = v.introducer.match(text, s, e)
        if lead and lead.end() < e:  # "Lawyer Maria Oprea": the role word is not part of the name
            s = lead.end()
        # The model often stops at the first of two unfamiliar words: extend over title-case words.
        m = NAME.match(text, s)
        if m and m.end() > e and m.end() - s < 60:
            e = m.end()
        if text[s - 1:s] in "‘'\"“«" and text[e:e + 1] in "’'\"”»" and s > 0:
            continue  # a title in quotes ("a report titled 'Quiet Valleys'"), not someone's name
        found.append((s, e, "model"))
    seg = text[unit.start:unit.end]
    for lst in NAME_LIST.finditer(seg):  # "A B, C D, E F and G H": three or more full names in a row are people
        for nm in re.finditer(rf"{WORD}(?:{GAP}{WORD}){{1,2}}", lst.group(0)):
            a, b = lst.start() + nm.start(), lst.start() + nm.end()
            span = sd.char_span(a, b, alignment_mode="expand")
            if span is not None and not ORG_HEADS.search(nm.group(0)) and not any(
                    t.ent_type_ in ("ORG", "GPE", "LOC", "NORP", "FAC") for t in span):
                found.append((unit.start + a, unit.start + b, "list"))
    for ap in v.appositive.finditer(seg):  # "Lidia Marek, a human rights defender with ..."
        found.append((unit.start + ap.start(1), unit.start + ap.end(1), "appositive"))
    for intro in v.introducer.finditer(seg):
        pos = unit.start + intro.end()
        for _ in range(12):
            m = NAME.match(text, pos)
            if not m or m.end() > unit.end:
                break
            words = [w for w in m.groups() if w]
            if len(words) == 1:
                # "Ivan and Maria Petrov": a given name sharing the next person's surname.
                nxt = re.compile(r"\s+and\s*").match(text, m.end())
                m2 = NAME.match(text, nxt.end()) if nxt else None
                if m2 and len([w for w in m2.groups() if w]) == 2 and fold(words[0]) not in v.not_person:
                    found.append((m.start(), m.end(), "given:" + m2.group(2)))
                    pos = m2.start()
                    continue
                break
            found.append((m.start(), m.end(), "role"))
            glue = LIST_GLUE.match(text, m.end())
            if not glue:
                break
            nxt_intro = v.introducer.match(text, glue.end())
            pos = nxt_intro.end() if nxt_intro else glue.end()
    return found


ORG_HEADS = re.compile(r"\b(Court|Ministry|Service|Union|Centre|Center|Committee|Agency|Council|Commission|Office|"
                       r"Directorate|Department|Inspectorate|Inspection|Prosecutor|Coalition|Platform|Network|Foundation|"
                       r"Association|Institute|Bureau|Movement|Party|Monitor|Federation|Society|Fund|Group|Initiative|Alliance|League|"
                       r"Clinic|Observatory|Watch|Forum|Assembly|Chamber|Club)\b")
HEAD_AFTER = re.compile(r"[ \t]+" + ORG_HEADS.pattern.replace("\\b(", "(?:", 1)
                        + r"(?:[ \t]+(?:of|for|on)[ \t]+(?:the[ \t]+)?[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]*|and|of)){0,4}(?<![ \t]and)(?<![ \t]of))?")
PLACE_BEFORE = re.compile(r"\b(?:police|officers|court|authorities|residents|town|city|village|region|district|province|"
                          r"herders|protesters|people)\s+(?:in|of|near|outside)\s+$"
                          r"|\b(?:in|near|outside|around|between)\s+(?-i:[A-Z])[\w-]+(?:,\s+(?-i:[A-Z])[\w-]+)*,?\s+(?:and|or)\s+$"
                          r"|\b(?:journalist|reporter|blogger|lawyer|activist|defender|teacher|imam|poet|man|woman|resident|"
                          r"native|student|farmer|pensioner|family|families|people)s?\s+(?:\w+\s+)?from\s+$", re.I)
WORK_TITLE = re.compile(r"\b(?:titled|entitled|headlined|(?:report|book|film|documentary|study|article|song|poem|video|series))\s*$", re.I)
LEADING_VERB = re.compile(r"(?:Release|Free|Acquit|Pardon|Rehabilitate|Drop|Stop|End|Lift|Investigate)\s+(?=[A-Z])")
TITLE_OF = re.compile(r"\b(?:Minister|Head|Chair(?:man|woman|person)?|Director|Commissioner|Secretary|Deputy)\s+(?:of|for)\s+(?:the\s+)?$")
TITLE_WORD = re.compile(r"[A-Z][\w’'-]*")
NOT_LEADING = {"The", "In", "On", "At", "By", "For", "From", "After", "Before", "When", "Last", "This", "That", "A", "An",
               "Police", "Officers", "Then", "Since", "Both", "All", "His", "Her", "Their", "Its", "Our", "While", "And",
               "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def _org_span(text: str, s: int, e: int, lo: int, hi: int) -> tuple[int, int]:
    """An organisation's whole name around a model's entity, which often stops short of it: the
    place or epithet before the head word ("Kentron District" + "Court of X"), the rest of a
    name after a possessive ("X Women" + "'s Resource Centre") or a conjunction ("Ministry of A" +
    "and B"), all in capitals as a name is written."""
    # Leftwards: capitalised words glued to a name with a head word ("Nasimi" + "District Court").
    if ORG_HEADS.match(text, s) or re.match(r"(?:District|City|Regional|Municipal|Supreme|Central)\s+" + ORG_HEADS.pattern, text[s:e]):
        pos = s
        while True:
            m = re.search(r"([A-Z][\w’'-]*)[ \t]+$", text[max(lo, pos - 40):pos])
            if not m or m.group(1) in NOT_LEADING or m.group(1).isupper():
                break
            pos = pos - len(m.group(0))
        s = pos
    split_off = re.search(r"(?<![\w-])[A-Z][\w’']*-$", text[max(lo, s - 25):s])
    if split_off:  # "Ala-" + "Archa Media Monitor": a hyphenated first word the tokenizer split off
        s -= len(split_off.group(0))
    # Rightwards over a head word written after the entity ("Kentron District" + "Court of X").
    m = HEAD_AFTER.match(text, e, hi)
    if m:
        e = m.end()
    # Rightwards: "'s" or "and"/"of" followed by capitalised words ending in a head word or a single one.
    m = re.compile(r"(?:[’']s|\s+(?:and|of|for|against|on))\s+((?:[A-Z][\w’'-]*\s+){0,3}[A-Z][\w’'-]*)").match(text, e, hi)
    if m:
        tail = m.group(1)
        nxt = text[m.end():m.end() + 2]
        glued = m.group(0).lstrip().startswith(("’s", "'s"))
        if ORG_HEADS.search(tail) and glued:
            e = m.end()
        elif not glued and not m.group(0).strip().startswith("and") and re.search(ORG_HEADS.pattern + r"$", text[s:e]):
            e = m.end()  # "Committee" + "against Torture": a head word takes its complement
        elif (m.group(0).strip().startswith("and") and " " not in tail and ORG_HEADS.match(text, s)
              and " of " in text[s:e] and not re.match(r"\s*[A-Z]", nxt) and not ORG_HEADS.search(tail)):
            e = m.end()
    return s, e


def _in_quoted_title(text: str, unit: Unit, s: int, e: int) -> bool:
    """Whether a span sits inside a quoted phrase that reads as a title or an offence (several words, some in
    lower case), not as a name."""
    for q in QUOTED_PHRASE.finditer(text, unit.start, unit.end):
        if q.start() < s and e < q.end():
            words = q.group(1).split()
            return len(words) >= 5 and sum(w[0].islower() for w in words) >= 2
    return False


def _outlet_name(raw: str) -> str:
    """The name after "the website": up to a sentence end ("X. In June"), or a web address ("x.kz")."""
    name = re.split(r"\.\s", raw)[0]
    address = re.match(r"(?:\S+\s+)*?\S*\w\.\w+", name)
    return (address.group(0) if address else name).rstrip(".,;:!")


def _org_candidates(doc: ExtractionDoc, unit: Unit) -> list[tuple[int, int, str]]:
    v = vocab()
    text = doc.text
    out: list[tuple[int, int, str]] = []
    for ent in unit.spacy_doc.ents:
        if ent.label_ == "ORG":
            s, e = _clean_span(text, unit.start + ent.start_char, unit.start + ent.end_char)
            if s < e:
                s, e = _org_span(text, s, e, unit.start, unit.end)
            if out and out[-1][2] == "" and re.fullmatch(r"[ \t]", text[out[-1][1]:s]) and text[out[-1][0]:out[-1][1]].isupper():
                s = out.pop()[0]  # "UN" + "Human Rights Council": an acronym naming the body's parent is part of its name
            out.append((s, e, ""))
    seg = text[unit.start:unit.end]
    for m in v.quoted_org.finditer(seg):
        g = 2 if m.group(2) else 3
        lead = 4 if m.group(g).startswith("The ") and len(m.group(g).split()) > 2 else 0  # 'The Committee for ...'
        out.append((unit.start + m.start(g) + lead, unit.start + m.end(g), (m.group(1) or m.group(4) or "").lower()))
    for m in v.unquoted_org.finditer(seg):
        name = _outlet_name(m.group(2))
        if name[0].isupper() and not re.sub(r"\s+(of|for|on)$", "", name).islower():
            name = re.sub(r"(\s+(of|for|on))+$", "", name)
            out.append((unit.start + m.start(2), unit.start + m.start(2) + len(name), m.group(1).lower()))
    for m in NAME_BEFORE_TYPE.finditer(seg):  # "the Green Future party": a name, then what it is, in lower case
        out.append((unit.start + m.start(1), unit.start + m.end(1), m.group(2)))
    for m in DOMAIN.finditer(seg):
        out.append((unit.start + m.start(), unit.start + m.end(), "website"))
    for m in QUOTED.finditer(seg):
        if WORK_TITLE.search(seg[max(0, m.start() - 40):m.start()]):
            continue  # "a report titled 'Quiet Valleys'": the name of a work, not of an organisation
        if (QUOTED_NAME.fullmatch(m.group(1)) and not m.group(1).startswith("On ")
                and not re.search(r"\d{4}", m.group(1)) and not seg[max(0, m.start() - 2):m.start()].strip().endswith("[")):
            out.append((unit.start + m.start(1), unit.start + m.end(1), fold(seg[max(0, m.start() - 30):m.start()])))
        tr = TRANSLATION.match(seg, m.end())
        if tr:  # 'Name' ['Its translation']: an outlet or organisation named in two languages.
            out.append((unit.start + m.start(1), unit.start + m.end(1), "alias:" + tr.group(1)))
    return out


NOT_ORG_ENDINGS = (r"\b(periodic review|human dimension|conference|dialogue|summit|session|hearing|elections?|games|declaration|resolution|"
                   r"programme|action plan|award|prize)$")
NAME_BEFORE_TYPE = re.compile(r"\bthe\s+((?:[A-Z][\w’'-]+\s+){1,3}?[A-Z][\w’'-]+)\s+(party|movement|bloc|newspaper|weekly|"
                              r"magazine|website|news site|portal|channel|association|foundation|union|group)\b")
QUOTED_PHRASE = re.compile(r"[‘“«\"]([^’”»\"\n]{3,300})[’”»\"]")
CONNECTORS = {"of", "for", "the", "and", "on", "in", "against", "to", "at", "de", "&"}


def _valid_org(name: str, person_words: set[str]) -> bool:
    if DOMAIN.fullmatch(name):
        return not name.lower().startswith("www.")  # "sakchy.tv": an outlet named by its address; "www." is a contact
    if len(name) < 2 or len(name) > 90 or not any(c.isupper() for c in name):
        return False
    low = fold(name)
    words = low.split()
    if set(words) <= person_words or (len(words) == 1 and low in vocab().not_person):
        return False
    if name.isupper() and " " in name or low.startswith("a "):
        return False  # a headline in capitals ("LAWYER HELD"), not a name
    if re.search(r"\d+\s*/\s*\d+|^[A-Z]{1,4}\s*\d", name):
        return False  # a document code ("UA 17/24")
    if re.fullmatch(r"(?:[A-Z]\.\s?){1,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?", name):
        return False  # initials and a surname: a person
    if any(not (w[0].isupper() or w[0].isdigit() or w in CONNECTORS) for w in name.split()):
        return False  # "For immediate release": a name is written in capitals, but for its small words
    if words[-1] in CONNECTORS or (len(words) > 1 and words[0] in CONNECTORS - {"the"}):
        return False
    if low in vocab().platforms or re.search(NOT_ORG_ENDINGS, low) or (len(words) == 1 and ORG_HEADS.fullmatch(name)):
        return False  # a platform ("Telegram"), a process or event ("Universal Periodic Review"), "the Bureau"
    if len(words) == 1 and low.endswith("s") and (low[:-1] in person_words or stem_surname(low[:-1]) in person_words):
        return False  # "the Tokonovs": a family
    bad = ("law ", "code", "article", "republic of", "rk")
    if re.search(r"\b(declaration|covenant|convention|charter|code|law|article)\b", low):
        return False
    if low in vocab().places or low.startswith(bad) or low in {"cc", "ac", "ngo", "ngos", "state"}:
        return False
    return not re.match(r"^(the )?(kazakh|russian|soviet|western|european|international)$", low)


@component("actors", "1.1")
def make_actors(settings: dict[str, Any]):
    def actors(doc: ExtractionDoc) -> None:
        v = vocab()
        text = doc.text
        persons: list[dict] = []
        orgs: list[dict] = []
        mentions: list[dict] = []

        def person_for(name: str) -> dict:
            words = name.split()
            initials = INITIALS_RX.fullmatch(words[0]) is not None
            for p in persons:
                pw = p["_words"]
                if initials and stem_surname(pw[-1]) == stem_surname(words[-1]) and fold(pw[0]).startswith(fold(words[0][0])):
                    return p  # "D. Smith" after "Daniel Smith"
                if [fold(w) for w in pw] == [fold(w) for w in words]:
                    return p
                if stem_surname(pw[-1]) == stem_surname(words[-1]) and fuzz.ratio(fold(pw[0]), fold(words[0])) >= 75:
                    if name not in p["aliases"] and name != p["name"]:
                        p["aliases"].append(name)
                    return p
            p = {"kind": "person", "name": name, "aliases": [], "roles": [], "_words": words}
            persons.append(p)
            return p

        def org_for(name: str, context: str) -> dict:
            key = fold(re.sub(r"^the\s+", "", name, flags=re.I))
            for o in orgs:
                if key in o["_keys"] or key + "s" in o["_keys"] or key.rstrip("s") in o["_keys"]:
                    return o
            o = {"kind": "organization", "name": name, "aliases": [], "org_type": v.org_type(name, context),
                 "_keys": {key}}
            orgs.append(o)
            return o

        taken_in: dict[int, list[tuple[int, int]]] = {}
        for unit in doc.units:
            if unit.spacy_doc is None:
                continue
            taken = taken_in.setdefault(unit.start, [])
            outlets = [(m.start(2), m.start(2) + len(_outlet_name(m.group(2))))
                       for m in v.unquoted_org.finditer(text, unit.start, unit.end)
                       if fold(m.group(1)) in v.name_nouns]
            for s, e, how in sorted(_person_candidates(doc, unit), key=lambda c: (c[0], -(c[1] - c[0]))):
                if any(a <= s < b for a, b in taken) or any(a <= s < b for a, b in outlets):
                    continue  # "the weekly Osh Kechki Jangylyktary": the words of an outlet's name
                words = text[s:e].split()
                if how.startswith("given:"):
                    words = [*words, how[6:]]
                if not v.person_words_ok(words) or v.outlet_before.search(text[max(unit.start, s - 30):s]):
                    continue  # "the news site Polesie Live": an outlet's name, whatever the model says
                taken.append((s, e))
                p = person_for(" ".join(words))
                mentions.append({"start": s, "end": e, "actor": p, "unit": unit})
        person_words = {fold(w) for p in persons for w in p["_words"]}
        lower_words = set(re.findall(r"\b[a-z][a-z-]+\b", re.sub(r"\S+\.\w{2,4}/\S*|\S+@\S+", " ", text[: doc.body_end])))
        for unit in doc.units:
            if unit.spacy_doc is None:
                continue
            taken = taken_in.setdefault(unit.start, [])
            for s, e, how in _org_candidates(doc, unit):
                longer = next((o["name"] for o in orgs if o["name"].startswith(text[s:e] + " ")
                               and text.startswith(o["name"], s)), None)
                if longer:
                    e = s + len(longer)  # "Rioni" where "Rioni TV" is known: the model stopped short
                if any(a <= s < b or s <= a < e for a, b in taken) or not _valid_org(text[s:e], person_words):
                    continue
                if " " not in text[s:e] and not text[s:e].isupper() and text[s:e].lower() in lower_words:
                    continue
                if " " not in text[s:e] and ((not how and _not_a_noun(unit, s, e)) or re.match(r"\w+ed\s+by\b", text[s:e + 4])):
                    continue  # "Submitted by ...": a capitalised verb at the start of a line
                if not how and _in_quoted_title(text, unit, s, e):
                    continue  # 'false information about the use of the Armed Forces': words of an article's title
                if TITLE_OF.search(text[max(unit.start, s - 30):s]) and not ORG_HEADS.search(text[s:e]):
                    continue  # "Minister of National Security": a post, which names a person
                if (not how and " " not in text[s:e] and PLACE_BEFORE.search(text[max(unit.start, s - 30):s])) \
                        or re.match(r"\s*\d+\s*/\s*\d+", text[e:e + 12]):
                    continue  # "police in X": a place; "EUR 59/2023": a document code
                taken.append((s, e))
                context = text[max(unit.start, s - 40):s].rstrip(" ‘'\"“«")
                if how and re.match(r"\s+" + re.escape(how) + r"\b", text[e:e + 40]):
                    context = how  # "the X party": the type word follows the name
                o = org_for(text[s:e], context if not how.startswith("alias:") else "newspaper")
                if how.startswith("alias:") and how[6:] not in o["aliases"]:
                    o["aliases"].append(how[6:])
                mentions.append({"start": s, "end": e, "actor": o, "unit": unit})

        # An organisation named once is found again wherever its name recurs ("the Minsk Courier website").
        by_name = {o["name"]: o for o in orgs if len(o["name"]) >= 4 and (" " in o["name"] or o["name"][0].isupper())}
        if by_name:
            rx = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in sorted(by_name, key=len, reverse=True)) + r")(?![\w-])")
            known = [(m["start"], m["end"]) for m in mentions]
            for unit in doc.units:
                if unit.spacy_doc is None:
                    continue
                for hit in rx.finditer(text, unit.start, unit.end):
                    if not any(a < hit.end() and hit.start() < b for a, b in known):
                        mentions.append({"start": hit.start(), "end": hit.end(), "actor": by_name[hit.group(1)],
                                         "unit": unit})
        _short_mentions(doc, persons, mentions, lower_words)
        mentions.sort(key=lambda m: m["start"])
        for m in mentions:
            a = m["actor"]
            if "evidence" not in a:
                a["evidence"] = [doc.evidence(*_sentence_span(m["unit"], m["start"], m["end"]), "actors")]
        _merge_acronyms(orgs, mentions)
        # A "person" named only in headlines ("Civic Space in X: ...") is a title's words, not someone.
        in_body = {id(m["actor"]) for m in mentions if not _headline_unit(text, m["unit"])}
        mentions = [m for m in mentions if m["actor"]["kind"] != "person" or id(m["actor"]) in in_body]
        persons = [p for p in persons if id(p) in in_body]
        doc.actors = [a for a in persons + orgs if "evidence" in a]
        for i, a in enumerate(doc.actors, 1):
            a["id"] = f"a{i}"
        doc.mentions = mentions

    return actors


def _short_mentions(doc: ExtractionDoc, persons: list[dict], mentions: list[dict], lower_words: set[str]) -> None:
    """A surname alone, initials and surname ("D. Smith") or a given name alone ("fined Anna") refer to a
    person already named in full. Relatives share a surname: it then means the one named last in the
    same block, else the first named in the document, whom the text is about."""
    text = doc.text
    full = sorted((m for m in mentions if m["actor"]["kind"] == "person"), key=lambda m: m["start"])
    by_surname: dict[str, list[dict]] = {}
    by_given: dict[str, list[dict]] = {}
    for p in persons:
        if len(p["_words"][-1]) >= 3:
            by_surname.setdefault(p["_words"][-1], []).append(p)
        given = p["_words"][0]
        if len(given) >= 4 and given.lower() not in lower_words:
            by_given.setdefault(given, []).append(p)
    surnames = set(by_surname)
    givens = {g: ps[0] for g, ps in by_given.items() if len(ps) == 1 and g not in surnames}
    if not surnames:
        return
    first_seen = {id(m["actor"]): i for i, m in reversed(list(enumerate(full)))}

    def who(name: str, unit: Unit, at: int, initial: str | None) -> dict | None:
        cands = [p for p in by_surname.get(name, []) if initial is None or p["_words"][0].startswith(initial)]
        if len(cands) <= 1:
            return cands[0] if cands else None
        near = [m["actor"] for m in full if m["actor"] in cands and unit.start <= m["start"] < at]
        if near:
            return near[-1]
        return min(cands, key=lambda p: first_seen.get(id(p), 1 << 30))

    rx = re.compile(r"\b((?:[A-Z]\.\s?){1,2})?(" + "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
                    + r")\b" + (r"|\b(" + "|".join(re.escape(g) for g in givens) + r")\b(?!\s+[A-Z])" if givens else ""))
    known = [(m["start"], m["end"]) for m in mentions]
    for unit in doc.units:
        if unit.spacy_doc is None:
            continue
        for hit in rx.finditer(text, unit.start, unit.end):
            if any(a <= hit.start() < b or a < hit.end() <= b for a, b in known):
                continue
            if hit.group(2):
                actor = who(hit.group(2), unit, hit.start(), hit.group(1)[0] if hit.group(1) else None)
            else:
                actor = givens.get(hit.group(3) or "")
            if actor is not None:
                mentions.append({"start": hit.start(), "end": hit.end(), "actor": actor, "unit": unit})


def _not_a_noun(unit: Unit, s: int, e: int) -> bool:
    span = unit.spacy_doc.char_span(s - unit.start, e - unit.start, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].pos_ in ("VERB", "AUX", "ADV", "ADP", "PRON", "DET")


def _headline_unit(text: str, unit: Unit) -> bool:
    """A heading, or a title and subtitle of a few short lines none of which ends a sentence."""
    lines = [ln.strip() for ln in text[unit.start:unit.end].strip().splitlines() if ln.strip()]
    return unit.kind == "heading" or (len(lines) <= 3 and all(len(ln.split()) <= 16 and not ln.endswith(
        (".", "!", "?", ":", ";", '"', "”", "’", "'", ")", "]")) for ln in lines))


def _merge_acronyms(orgs: list[dict], mentions: list[dict]) -> None:
    """"UN" and "United Nations" are one organisation: the acronym becomes an alias of the full name."""
    full = {"".join(w[0] for w in o["name"].split() if w[0].isupper()): o for o in orgs if " " in o["name"]}
    for o in list(orgs):
        target = full.get(o["name"]) if o["name"].isupper() and len(o["name"]) >= 2 else None
        if target is None or target is o:
            continue
        target["aliases"].append(o["name"])
        for m in mentions:
            if m["actor"] is o:
                m["actor"] = target
        orgs.remove(o)


def _sentence_span(unit: Unit, start: int, end: int) -> tuple[int, int]:
    """The sentence around text[start:end], in document offsets."""
    for sent in unit.spacy_doc.sents:
        s, e = unit.start + sent.start_char, unit.start + sent.end_char
        if s <= start < e:
            return s, max(e, end)
    return start, end
