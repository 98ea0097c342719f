"""What the words around a trigger say about it: conditionals, headlines and appeals are not
incidents; pronouns, surnames and initials still find their victim; appeals and headings
name who is asked. Short texts written for the test."""

from __future__ import annotations

import pytest

from civicspace.extract import run
from civicspace.extract.components.incidents import fine_of, prison_months, rules
from civicspace.extract.pipeline import pipeline
from civicspace.read.document import Document


@pytest.fixture(scope="module")
def extract():
    pipeline()

    def go(text: str):
        return run(Document(text=text))

    return go


def incidents_of(doc) -> set[tuple[str, str]]:
    names = {a["id"]: a["name"] for a in doc.actors}
    return {(i["type"], names[v]) for i in doc.incidents for v in i["victims"]}


def test_a_conditional_or_a_headline_tells_no_incident(extract):
    doc = extract("JOURNALIST HELD IN TIRANA\n\nPolice in Tirana arrested reporter Ardit Hoxha on 3 May 2018. "
                  "If found guilty, he could be imprisoned for up to eight years.\n")
    assert incidents_of(doc) == {("arrest", "Ardit Hoxha")}


def test_a_call_to_release_prisoners_is_a_recommendation_not_an_incident(extract):
    doc = extract("Writer Olga Brandt was arrested in Riga on 2 March 2016.\n\n"
                  "The Baltic Pen Centre urged the authorities to release all jailed writers.\n")
    assert {t for t, _ in incidents_of(doc)} == {"arrest"}
    assert [r["addressees"] for r in doc.recommendations] == [["state"]]


def test_suspended_sentences_are_a_conviction_not_a_suspension(extract):
    doc = extract("In May 2015 a court in Baku convicted activist Elchin Mammadli of hooliganism; "
                  "he received a suspended sentence of two years.\n")
    types = {t for t, _ in incidents_of(doc)}
    assert "conviction" in types and "suspension" not in types


def test_pronoun_surname_and_initials_find_the_victim(extract):
    doc = extract("Lawyer Tomas Vidmar was detained in Vilnius on 4 April 2019. He has been in custody since "
                  "officers took him from his office.\n\nThe court convicted T. Vidmar in June 2019 and "
                  "sentenced him to two years and six months in prison.\n")
    found = incidents_of(doc)
    assert {("arrest", "Tomas Vidmar"), ("pretrial_detention", "Tomas Vidmar"), ("conviction", "Tomas Vidmar")} <= found
    conviction = next(i for i in doc.incidents if i["type"] == "conviction")
    assert conviction["penalty"]["prison_months"] == 30
    assert conviction["date"] == "2019-06"


def test_a_shared_surname_means_the_person_named_last_in_the_block(extract):
    doc = extract("Activist Rustam Aliev was detained in Bishkek on 1 May 2020.\n\n"
                  "His sister, Dilnoza Alieva, and his brother, Farid Aliev, were questioned by the police on "
                  "2 May 2020. Farid was fined 3,000 soms.\n")
    found = incidents_of(doc)
    assert ("administrative_penalty", "Farid Aliev") in found
    assert ("administrative_penalty", "Rustam Aliev") not in found


def test_the_journalist_not_the_outlet_is_arrested(extract):
    doc = extract("On 5 June 2021 police in Minsk detained Ivan Karpenko, a reporter for the news site Polesie Daily.\n")
    assert incidents_of(doc) == {("arrest", "Ivan Karpenko")}


def test_an_amendment_entering_into_force_is_the_same_restrictive_law(extract):
    doc = extract("In April 2016 parliament adopted amendments to the Law 'On Public Associations' that oblige "
                  "groups to report foreign grants. The amendment entered into force on 1 July 2016.\n")
    assert [i["type"] for i in doc.incidents] == ["restrictive_law"]
    assert len(doc.incidents[0]["evidence"]) == 2


def test_first_person_appeals_and_imperatives_in_a_letter_are_recommendations(extract):
    doc = extract("Dear Minister,\n\nI urge you to release Anton Belyi immediately. Pending his release, ensure "
                  "that he has access to a doctor.\n")
    texts = [r["text"] for r in doc.recommendations]
    assert texts == ["I urge you to release Anton Belyi immediately.",
                     "Pending his release, ensure that he has access to a doctor."]
    assert all(r["addressees"] == ["state"] for r in doc.recommendations)


def test_reported_calls_are_recommendations_with_their_addressee(extract):
    doc = extract("The Caucasus Rights Network welcomed the release. It also called on the European Union to "
                  "fund independent media in the region. It asks the OSCE to observe the trials.\n")
    assert [r["addressees"] for r in doc.recommendations] == [["eu"], ["osce"]]


def test_a_heading_names_the_addressee_of_the_items_after_it(extract):
    doc = extract("Recommendations\n\nTo the Government:\n\n- Repeal the law on foreign agents.\n\n"
                  "To the OSCE:\n\n- Monitor the trials of activists.\n\nTo the European Union:\n\n"
                  "- Support independent journalists in exile.\n")
    assert [r["addressees"] for r in doc.recommendations] == [["state"], ["osce"], ["eu"]]


def test_organisation_names_are_whole_and_nothing_else_is_one(extract):
    doc = extract("UA 17/24 Index: EUR 12/2024\n\nLAWYER HELD\n\nOn 3 March 2024 the Central District Court of "
                  "Minsk and the Ministry of Digital Development and Transport were named in the complaint.\n")
    orgs = {a["name"] for a in doc.actors if a["kind"] == "organization"}
    assert "Ministry of Digital Development and Transport" in orgs
    assert not orgs & {"UA 17/24", "EUR", "LAWYER HELD", "Ministry of Digital Development"}


def test_penalties_written_out_in_words_and_other_currencies():
    r = rules()
    assert prison_months("sentenced to two years and six months in prison", r) == 30
    assert fine_of("fined 1,500 somoni", r) == {"amount": 1500, "currency": "TJS"}
    assert fine_of("a fine of 3,200 Belarusian roubles", r) == {"amount": 3200, "currency": "BYN"}


def test_a_speaker_telling_of_someone_else_is_not_the_victim(extract):
    doc = extract("Blogger Tofan Eldarov was arrested in Ganja in March 2015. His lawyer, Nigar Safarova, said he "
                  "had been beaten in the police station.\n")
    found = incidents_of(doc)
    assert ("ill_treatment", "Tofan Eldarov") in found or ("physical_attack", "Tofan Eldarov") in found
    assert not any(name == "Nigar Safarova" for _, name in found)


def test_a_paragraph_of_several_calls_gives_one_recommendation_each(extract):
    doc = extract("What we ask\n\nThe Desk calls on the authorities to free Tofan Eldarov. It further urges the "
                  "Council of Europe to raise his case with the government.\n")
    assert [r["addressees"] for r in doc.recommendations] == [["state"], ["council_of_europe"]]
