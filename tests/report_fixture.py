"""A small record for the report tests, written by the team about invented cases.

It holds what a report must handle: verified and unverified records, public,
internal and restricted ones, a person at risk who is named in a summary and in a
source title, incidents with and without victims in several areas and years,
recommendations per area and general ones, and evidence in two documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from civicspace.store.models import (
    Actor,
    Document,
    Evidence,
    Incident,
    Law,
    Recommendation,
    RecommendationStatus,
    Source,
)

AT_RISK_NAME = "Salome Kvirikadze"
RESTRICTED_NAME = "Giorgi Tsereteli-Vashakmadze"
RESTRICTED_SOURCE = "Sealed witness statement on the night raid"
INTERNAL_NAME = "Davit Lomkatsi"

REPORT_TEXT = """Annual monitoring report on civic freedoms

1. Media
Reporter Irakli Mchedlishvili was detained on 14 March 2021 while filming a rally outside parliament.
In April 2021 prosecutors charged him with hooliganism under Article 239 of the Criminal Code.
On 2 November 2021 the city court sentenced him to two and a half years in prison.
Police searched the newsroom of the Morning Courier on 5 June 2021 and took its servers.

2. Public environment
Riot police dispersed a peaceful march with tear gas on 17 May 2020.
Salome Kvirikadze, who documents abuses in custody, received death threats in January 2022.

3. Legal framework
In July 2021 parliament adopted amendments obliging foreign-funded groups to register as agents of influence.
The Open Rights Lab was refused registration in 2020.

Recommendations
Repeal the amendments on foreign-funded groups.
Release Irakli Mchedlishvili and drop all charges against journalists.
Donors should keep core funding for independent monitors.
Invite the UN Special Rapporteur on human rights defenders to visit the country.
"""

INTERNAL_TEXT = """Internal case notes
A witness said that Giorgi Tsereteli-Vashakmadze was taken from his home in a night raid on 2 February 2022.
Davit Lomkatsi was fined for an unauthorised picket on 9 September 2021.
Arrange safe housing for the witness in the night raid case.
"""


@dataclass
class Record:
    documents: dict[str, Document] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    recommendations: dict[str, Recommendation] = field(default_factory=dict)


def evidence(doc: Document, quote: str, **record) -> Evidence:
    start = doc.text.index(quote)
    return Evidence.objects.create(document=doc, start=start, end=start + len(quote), quote=quote,
                                   component="test", **record)


def build_record() -> Record:
    rec = Record()
    pub = {"review_state": "verified", "confidentiality": "public"}
    d1 = Document.objects.create(sha256="a" * 64, title="Annual monitoring report on civic freedoms",
                                 publisher="Civic Watch Caucasus", published="2022-02", language="en",
                                 text=REPORT_TEXT, **pub)
    d2 = Document.objects.create(sha256="b" * 64, title="Internal case notes", publisher="Civic Watch Caucasus",
                                 published="2022-03", text=INTERNAL_TEXT, review_state="verified",
                                 confidentiality="internal")
    rec.documents = {"report": d1, "notes": d2}
    s1 = Source.objects.create(document=d1, number="1", title="Court record in the hooliganism case of a reporter",
                               url="https://example.org/court/2021-11", **pub)
    s2 = Source.objects.create(document=d1, number="2", title="Statement of the Morning Courier newsroom",
                               url="https://example.org/courier", **pub)
    s3 = Source.objects.create(document=d1, number="3", title=f"Appeal on the threats against {AT_RISK_NAME}",
                               url="https://example.org/appeal/salome-kvirikadze", **pub)
    s4 = Source.objects.create(document=d1, number="4", title=RESTRICTED_SOURCE, url="https://example.org/sealed",
                               review_state="verified", confidentiality="restricted")

    def actor(key: str, **kw) -> Actor:
        kw.setdefault("review_state", "verified")
        kw.setdefault("confidentiality", "public")
        kw.setdefault("country", "GE")
        rec.actors[key] = Actor.objects.create(**kw)
        return rec.actors[key]

    reporter = actor("reporter", kind="person", name="Irakli Mchedlishvili", roles=["journalist"],
                     aliases=["I. Mchedlishvili"])
    defender = actor("defender", kind="person", name=AT_RISK_NAME, roles=["human_rights_defender"], at_risk=True,
                     aliases=["Salome Kvirikadze-Beridze"])
    witness = actor("witness", kind="person", name=RESTRICTED_NAME, roles=["activist"], confidentiality="restricted")
    picketer = actor("picketer", kind="person", name=INTERNAL_NAME, roles=["activist"], confidentiality="internal")
    courier = actor("courier", kind="organization", name="Morning Courier", org_type="media")
    lab = actor("lab", kind="organization", name="Open Rights Lab", org_type="ngo")
    police = actor("police", kind="organization", name="Ministry of Internal Affairs", org_type="law_enforcement")
    court = actor("court", kind="organization", name="Tbilisi City Court", org_type="court")
    reporter.affiliations.add(courier)

    hooliganism = Law.objects.create(instrument="Criminal Code", article="239", title="Hooliganism",
                                     jurisdiction="GE", **pub)
    assemblies = Law.objects.create(instrument="Law on Grants", title="Amendments on foreign funding",
                                    jurisdiction="GE", **pub)

    def incident(key: str, doc: Document, quote: str, victims=(), perpetrators=(), laws=(), sources=(), **kw):
        kw.setdefault("review_state", "verified")
        kw.setdefault("confidentiality", "public")
        kw.setdefault("country", "GE")
        inc = Incident.objects.create(**kw)
        inc.victims.set(victims)
        inc.perpetrators.set(perpetrators)
        inc.laws.set(laws)
        inc.sources.set(sources)
        evidence(doc, quote, incident=inc)
        rec.incidents[key] = inc
        return inc

    incident("arrest", d1, "Reporter Irakli Mchedlishvili was detained on 14 March 2021", [reporter], [police],
             sources=[s1], type="arrest", date_start="2021-03-14", location="Tbilisi", area="information_flow",
             summary="Detained while filming a rally outside parliament.")
    incident("charge", d1, "In April 2021 prosecutors charged him with hooliganism", [reporter], laws=[hooliganism],
             sources=[s1], type="criminal_charge", date_start="2021-04", location="Tbilisi",
             charge="hooliganism", area="information_flow")
    incident("conviction", d1, "On 2 November 2021 the city court sentenced him", [reporter], [court],
             laws=[hooliganism], sources=[s1], type="conviction", date_start="2021-11-02", location="Tbilisi",
             charge="hooliganism", prison_months=30, area="information_flow")
    incident("search", d1, "Police searched the newsroom of the Morning Courier", [courier], [police], sources=[s2],
             type="search_seizure", date_start="2021-06-05", location="Tbilisi", area="information_flow",
             summary="Police searched the newsroom and took its servers.")
    incident("dispersal", d1, "Riot police dispersed a peaceful march with tear gas", [], [police],
             type="physical_attack", date_start="2020-05-17", location="Tbilisi",
             area="political_public_environment", summary="A peaceful march was dispersed with tear gas.")
    incident("threats", d1, "Salome Kvirikadze, who documents abuses in custody, received death threats",
             [defender], sources=[s3], type="intimidation", date_start="2022-01", location="Batumi",
             area="political_public_environment",
             summary=f"{AT_RISK_NAME} received death threats over her work on abuses in custody.")
    incident("raid", d2, "Giorgi Tsereteli-Vashakmadze was taken from his home in a night raid", [witness], [police],
             sources=[s4], type="arrest", date_start="2022-02-02", location="Kutaisi",
             area="political_public_environment", confidentiality="restricted",
             summary=f"{RESTRICTED_NAME} was taken from his home in a night raid.")
    incident("picket", d2, "Davit Lomkatsi was fined for an unauthorised picket", [picketer],
             type="administrative_penalty", date_start="2021-09-09", location="Tbilisi", fine_amount=2000,
             fine_currency="GEL", area="political_public_environment", confidentiality="internal",
             summary="Fined for an unauthorised picket.")
    incident("law", d1, "In July 2021 parliament adopted amendments", [], laws=[assemblies], type="restrictive_law",
             date_start="2021-07", area="legal_framework",
             summary="Parliament obliged foreign-funded groups to register as agents of influence.")
    incident("registration", d1, "The Open Rights Lab was refused registration in 2020.", [lab],
             type="registration_denied", date_start="2020", area="support_resources")
    incident("unverified", d1, "Police searched the newsroom", [courier], type="online_restriction",
             date_start="2022", area="information_flow", review_state="extracted")
    incident("rejected", d1, "Riot police dispersed", [courier], type="killing", date_start="2020",
             area="political_public_environment", review_state="rejected")

    def recommendation(key: str, doc: Document, quote: str, area: str, addressees: list[str], **kw):
        kw.setdefault("review_state", "verified")
        kw.setdefault("confidentiality", "public")
        r = Recommendation.objects.create(text=kw.pop("text", quote), area=area, addressees=addressees, **kw)
        evidence(doc, quote, recommendation=r)
        rec.recommendations[key] = r
        return r

    repeal = recommendation("repeal", d1, "Repeal the amendments on foreign-funded groups.", "legal_framework",
                            ["state"])
    RecommendationStatus.objects.create(recommendation=repeal, status="made", date="2022-02-01")
    recommendation("release", d1, "Release Irakli Mchedlishvili and drop all charges against journalists.",
                   "information_flow", ["state"])
    recommendation("funding", d1, "Donors should keep core funding for independent monitors.", "support_resources",
                   ["donors"])
    recommendation("invite", d1, "Invite the UN Special Rapporteur on human rights defenders to visit the country.",
                   "general", ["state", "un"])
    recommendation("housing", d2, "Arrange safe housing for the witness in the night raid case.",
                   "political_public_environment", ["civil_society"], confidentiality="restricted")
    return rec
