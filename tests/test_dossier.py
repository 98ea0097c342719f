"""The dossier format: what a monitor learns when a dossier is wrong, and that good ones survive a round trip."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from civicspace import dossier
from civicspace.cli import main
from civicspace.demo import sample_paths


def minimal(**extra) -> dict:
    data = {
        "format": "civicspace-dossier/1",
        "document": {"title": "A report", "sha256": None},
        "actors": [{"id": "p1", "kind": "person", "name": "Ana Lipova", "roles": ["journalist"]}],
        "incidents": [{"id": "i1", "type": "arrest", "date": "2019-04", "victims": ["p1"]}],
    }
    data.update(extra)
    return data


def test_the_bundled_sample_is_a_valid_dossier_whose_quotes_are_its_text():
    dossier_path, report_path = sample_paths()
    d = dossier.load(dossier_path)
    from civicspace.read import read_file

    assert dossier.span_problems(d, {None: read_file(report_path).text}) == []
    assert {i.type for i in d.incidents} >= {"conviction", "criminal_charge", "organization_ban", "suspension",
                                             "administrative_penalty", "psychiatric_detention",
                                             "transnational_repression", "restrictive_law"}


def test_an_unknown_code_is_named_with_its_path_and_value():
    data = minimal()
    data["incidents"][0]["type"] = "arest"
    with pytest.raises(dossier.DossierError) as err:
        dossier.parse(data, "mine.json")
    message = str(err.value)
    assert message.startswith("mine.json: incidents[0].type:")
    assert "'arest'" in message


def test_a_dangling_reference_is_named_with_its_path():
    data = minimal()
    data["incidents"][0]["victims"] = ["p9"]
    with pytest.raises(dossier.DossierError, match=r"incidents\[0\]\.victims\[0\]: unknown actor id 'p9'"):
        dossier.parse(data)


def test_a_quote_that_does_not_fit_its_span_is_refused():
    data = minimal()
    data["incidents"][0]["evidence"] = [{"quote": "arrested", "start": 10, "end": 12}]
    with pytest.raises(dossier.DossierError, match=r"incidents\[0\]\.evidence\[0\]"):
        dossier.parse(data)


def test_spans_are_checked_against_the_text():
    data = minimal()
    data["incidents"][0]["evidence"] = [{"quote": "was arrested", "start": 40, "end": 52}]
    d = dossier.parse(data)
    assert dossier.span_problems(d, {None: "Ana Lipova was arrested."}) == [
        "incidents[0].evidence[0]: span 40-52 is outside the text (24 characters)"
    ]
    assert dossier.span_problems(d, {None: "x" * 40 + "was arrested"}) == []


def test_malformed_json_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"format": "civicspace-dossier/1",\n "actors": [}', encoding="utf-8")
    with pytest.raises(dossier.DossierError, match=r"broken\.json: malformed JSON at line 2"):
        dossier.load(path)


def test_the_schema_command_prints_the_vocabularies_as_enums(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "civicspace-dossier/1"
    assert "psychiatric_detention" in schema["$defs"]["Incident"]["properties"]["type"]["enum"]


iso_dates = st.dates().map(lambda d: d.isoformat()).flatmap(
    lambda s: st.sampled_from([s[:4], s[:7], s])
)


@given(start=iso_dates, months=st.none() | st.integers(0, 600), name=st.text(min_size=1, max_size=40))
def test_a_valid_dossier_survives_dump_and_parse(start, months, name):
    data = minimal()
    data["actors"][0]["name"] = name
    data["incidents"][0]["date"] = {"start": start, "end": None}
    data["incidents"][0]["penalty"] = {"prison_months": months, "fine": None}
    once = dossier.parse(data)
    again = dossier.parse(json.loads(once.to_json()))
    assert again == once


@given(st.text(max_size=12))
def test_only_iso_dates_of_known_precision_are_accepted(value):
    data = minimal()
    data["incidents"][0]["date"] = value
    try:
        d = dossier.parse(data)
    except dossier.DossierError as err:
        assert "incidents[0].date" in str(err)
    else:
        assert dossier.ISO_DATE.match(d.incidents[0].date_range.start or "")
