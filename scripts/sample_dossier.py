"""Rebuild src/civicspace/samples/sample-report.json, the hand-made gold dossier of the sample report.

The records below are written by hand; only the evidence offsets and the sha256 are computed,
from the report's text (the text reader keeps a Markdown file's text as it is, so offsets into
the file are offsets into what `civicspace.read.read_file` gives; tests/test_store_sample.py checks it).
Run it after any edit of sample-report.md:  .venv/bin/python scripts/sample_dossier.py
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from civicspace import dossier

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "civicspace" / "samples"
REPORT = SAMPLES / "sample-report.md"

SOURCES = [
    ("1", "Law 'On Non-Commercial Organisations' as amended in November 2021", "https://example.org/sarvonia/law-nco-2021"),
    ("2", "Criminal Code of Sarvonia, Article 211", "https://example.org/sarvonia/criminal-code-211"),
    ("3", "Verdict in the case of Pavel Ostrogin", "https://example.org/sarvonia/ostrogin-verdict"),
    ("4", "Supreme Court ruling on Civic Future", "https://example.org/sarvonia/civic-future-ban"),
    ("5", "Trial monitoring notes: the case of Lidia Marek", "https://example.org/sarvonia/marek-trial"),
    ("6", "Statement of Anton Severin's lawyer", "https://example.org/sarvonia/severin-statement"),
    ("7", "Journalists charged over mine reporting", "https://example.org/sarvonia/journalists-charged"),
    ("8", "Kelvara Herald suspended", "https://example.org/sarvonia/herald-suspended"),
    ("9", "Extradition request for Dmitri Holst", "https://example.org/sarvonia/holst-extradition"),
    ("10", "Letter to the UN Special Rapporteur", "https://example.org/sarvonia/un-letter"),
]

# id, kind, name, roles or org_type, affiliations
ACTORS = [
    ("a1", "person", "Pavel Ostrogin", ["politician"], ["a2"]),
    ("a2", "organization", "Civic Future", "political_party", []),
    ("a3", "person", "Lidia Marek", ["human_rights_defender"], ["a4"]),
    ("a4", "organization", "Belmarsk Legal Aid Centre", "ngo", []),
    ("a5", "person", "Nadia Ferenc", ["activist"], []),
    ("a6", "person", "Anton Severin", ["blogger"], []),
    ("a7", "person", "Oleg Varnas", ["labour_activist"], []),
    ("a8", "person", "Irena Valkova", ["journalist"], []),
    ("a9", "person", "Tomas Brennik", ["journalist"], []),
    ("a10", "person", "Mirela Dasch", ["journalist"], []),
    ("a11", "organization", "Kelvara Herald", "media", []),
    ("a12", "person", "Dmitri Holst", ["publisher"], ["a11"]),
    ("a13", "organization", "Kelvara City Court", "court", []),
    ("a14", "organization", "Supreme Court", "court", []),
    ("a15", "organization", "Prosecutor General's Office", "law_enforcement", []),
    ("a16", "organization", "Interpol", "international_body", []),
    ("a17", "organization", "Lantern Civic Monitor", "ngo", []),
    ("a18", "organization", "Ministry of Justice", "state_body", []),
    ("a19", "organization", "OSCE", "international_body", []),
]

LAWS = [
    ("l1", "Law 'On Non-Commercial Organisations'", None, None,
     "amendments to the Law 'On Non-Commercial Organisations'"),
    ("l2", "Criminal Code", "211", "Dissemination of knowingly false information",
     "Article 211 of the Criminal Code (\"Dissemination of knowingly false information\")"),
]

# The incidents: one per target and action. `quote` may wrap lines in the report: spaces match any whitespace.
INCIDENTS = [
    dict(type="restrictive_law", date="2021-11", laws=["l1"], area="legal_framework", sources=["1"],
         summary="Amendments oblige foreign-funded associations to register as foreign representatives.",
         quote="In November 2021 parliament adopted amendments to the Law 'On Non-Commercial Organisations'"),
    dict(type="restrictive_law", date="2022-03", laws=["l2"], area="legal_framework", sources=["2"],
         summary="New criminal offence of disseminating knowingly false information, up to five years in prison.",
         quote="In March 2022 a new Article 211 of the Criminal Code (\"Dissemination of knowingly false information\") came into force"),
    dict(type="conviction", date="2021-09-14", victims=["a1"], perpetrators=["a13"], location="Kelvara",
         charge="organising mass riots", prison_months=48, area="political_public_environment", sources=["3"],
         summary="Opposition leader sentenced to four years in prison after a peaceful rally.",
         quote="On 14 September 2021 the Kelvara City Court sentenced Pavel Ostrogin, leader of the opposition party Civic Future, to four years in prison for \"organising mass riots\""),
    dict(type="organization_ban", date="2022-02", victims=["a2"], perpetrators=["a14"],
         area="political_public_environment", sources=["4"], summary="Opposition party banned as extremist.",
         quote="In February 2022 the Supreme Court banned Civic Future as \"extremist\""),
    dict(type="conviction", date="2022-05", victims=["a3"], charge="fraud", prison_months=42,
         area="political_public_environment", sources=["5"],
         summary="Human rights defender sentenced to three and a half years for fraud without evidence of loss.",
         quote="In May 2022 Lidia Marek, a human rights defender with the Belmarsk Legal Aid Centre, was sentenced to three years and six months in prison for \"fraud\""),
    dict(type="conviction", date="2022-05", victims=["a5"], location="Ostrin", prison_months=24,
         area="political_public_environment", summary="Activist sentenced to two years for a post calling for a protest.",
         quote="the activist Nadia Ferenc was sentenced to two years in prison in Ostrin"),
    dict(type="arrest", date="2022-08", victims=["a6"], location="Kelvara", area="political_public_environment",
         summary="Blogger detained.", quote="The blogger Anton Severin was detained in Kelvara in August 2022"),
    dict(type="psychiatric_detention", date="2022-08", victims=["a6"], location="Kelvara",
         area="political_public_environment", sources=["6"],
         summary="Blogger held for a 28-day psychiatric examination.",
         quote="ordered to undergo a psychiatric examination, which lasted 28 days"),
    dict(type="administrative_penalty", date="2022-10", victims=["a7"], charge="taking part in an unauthorised meeting",
         fine=(150000, "SVF"), area="political_public_environment",
         summary="Trade union leader fined for an unauthorised meeting of dock workers.",
         quote="In October 2022 the trade union leader Oleg Varnas received an administrative fine of 150,000 florins (SVF)"),
    *[
        dict(type="criminal_charge", date="2022-04", victims=[victim], laws=["l2"],
             charge="spreading false information", area="information_flow", sources=["7"],
             summary="Journalist charged under Article 211 over reporting on casualties at a mine.",
             quote="Journalists Irena Valkova, Tomas Brennik and Mirela Dasch were charged with \"spreading false information\" under Article 211 of the Criminal Code in April 2022")
        for victim in ("a8", "a9", "a10")
    ],
    dict(type="suspension", date="2022-06", victims=["a11"], area="information_flow", sources=["8"],
         summary="Independent newspaper suspended for three months.",
         quote="In June 2022 a court suspended the independent newspaper Kelvara Herald for three months"),
    dict(type="forced_exile", date="2022", victims=["a12"], area="information_flow",
         summary="Publisher left the country.", quote="Dmitri Holst, left Sarvonia in 2022"),
    dict(type="transnational_repression", date="2023-01", victims=["a12"], perpetrators=["a15"],
         area="information_flow", sources=["9"],
         summary="Interpol red notice and extradition request from Germany against the exiled publisher.",
         quote="In January 2023 the Prosecutor General's Office asked Interpol to issue a red notice against him and requested his extradition from Germany"),
]

# text (as in the report), area, addressees
RECOMMENDATIONS = [
    ("Repeal Article 211 of the Criminal Code and bring the rules on speech into line with international standards.", "legal_framework", ["state"]),
    ("Withdraw the \"foreign representative\" requirement from the Law 'On Non-Commercial Organisations'.", "legal_framework", ["state"]),
    ("Release Pavel Ostrogin, Lidia Marek and Nadia Ferenc and review all convictions of activists.", "political_public_environment", ["state"]),
    ("Stop using forced psychiatric examinations against critics.", "political_public_environment", ["state"]),
    ("Drop the criminal cases against Irena Valkova, Tomas Brennik and Mirela Dasch.", "information_flow", ["state"]),
    ("Lift the suspension of Kelvara Herald and stop pressure on its staff.", "information_flow", ["state"]),
    ("Donors should offer flexible core funding to groups that lose their registration.", "support_resources", ["donors"]),
    ("Invite the UN Special Rapporteur on freedom of peaceful assembly and of association.", "dialogue_cooperation", ["state"]),
    ("Release all persons imprisoned for peaceful political activity or journalism.", "general", ["state"]),
    ("Repeal Article 211 of the Criminal Code and the \"foreign representative\" rules.", "general", ["state"]),
    ("The UN Human Rights Council should raise the cases in this report during the Universal Periodic Review of Sarvonia.", "general", ["un"]),
    ("The OSCE should monitor the trials of journalists and activists.", "general", ["osce"]),
    ("The EU should link further cooperation with Sarvonia to the release of political prisoners.", "general", ["eu"]),
]


def evidence(text: str, quote: str, after: int = 0) -> dict:
    """The one place `quote` occurs in the text at or after `after` (whitespace matched loosely)."""
    pattern = re.compile(r"\s+".join(re.escape(w) for w in quote.split()))
    found = list(pattern.finditer(text, after))
    if not found:
        raise SystemExit(f"not in the report: {quote!r}")
    m = found[0]
    return {"quote": m.group(0), "start": m.start(), "end": m.end()}


def build() -> dict:
    data = REPORT.read_bytes()
    text = data.decode("utf-8")
    final = text.index("## 7. Recommendations")
    out: dict = {
        "format": "civicspace-dossier/1",
        "document": {
            "title": "Shrinking space: civil society in the Republic of Sarvonia, 2021-2023",
            "publisher": "Lantern Civic Monitor",
            "published": None,
            "language": "en",
            "url": None,
            "sha256": hashlib.sha256(data).hexdigest(),
        },
        "sources": [{"id": i, "title": t, "url": u} for i, t, u in SOURCES],
        "actors": [],
        "laws": [],
        "incidents": [],
        "recommendations": [],
    }
    for aid, kind, name, typ, affiliations in ACTORS:
        actor = {"id": aid, "kind": kind, "name": name, "aliases": [], "country": None}
        if kind == "person":
            actor.update(roles=typ, affiliations=affiliations)
        else:
            actor["org_type"] = typ
        out["actors"].append(actor)
    for lid, instrument, article, title, quote in LAWS:
        out["laws"].append({"id": lid, "instrument": instrument, "article": article, "title": title,
                            "jurisdiction": None, "evidence": [evidence(text, quote)]})
    for n, inc in enumerate(INCIDENTS, 1):
        fine = inc.get("fine")
        penalty = None
        if inc.get("prison_months") or fine:
            penalty = {"prison_months": inc.get("prison_months"),
                       "fine": {"amount": fine[0], "currency": fine[1]} if fine else None}
        out["incidents"].append({
            "id": f"i{n}", "type": inc["type"], "date": inc.get("date"), "location": inc.get("location"),
            "victims": inc.get("victims", []), "perpetrators": inc.get("perpetrators", []),
            "laws": inc.get("laws", []), "charge": inc.get("charge"), "penalty": penalty,
            "area": inc["area"], "summary": inc["summary"],
            "evidence": [evidence(text, inc["quote"])], "sources": inc.get("sources", []),
        })
    for n, (rec, area, addressees) in enumerate(RECOMMENDATIONS, 1):
        after = final if area == "general" else 0
        out["recommendations"].append({"id": f"r{n}", "text": rec, "area": area, "addressees": addressees,
                                       "evidence": [evidence(text, rec, after)]})
    d = dossier.parse(out, "sample")
    problems = dossier.span_problems(d, {None: text})
    if problems:
        raise SystemExit("; ".join(problems))
    return out


if __name__ == "__main__":
    target = SAMPLES / "sample-report.json"
    target.write_text(json.dumps(build(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")
