"""The public edition leaks nothing: no restricted or internal record, no real name of a
person at risk, in any report kind and any output format, and no count or footnote
number that betrays what was left out."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from civicspace.report import build
from civicspace.report.render import render
from civicspace.report.scope import Scope
from report_fixture import AT_RISK_NAME, INTERNAL_NAME, RESTRICTED_NAME, RESTRICTED_SOURCE, build_record

pytestmark = pytest.mark.django_db

SECRETS = [
    AT_RISK_NAME, "Kvirikadze", "Kvirikadze-Beridze", "salome-kvirikadze",
    RESTRICTED_NAME, "Tsereteli", "Vashakmadze", RESTRICTED_SOURCE, "night raid", "Kutaisi", "sealed",
    INTERNAL_NAME, "Lomkatsi", "Internal case notes", "unauthorised picket", "safe housing",
]


def text_of(fmt: str, data: bytes) -> str:
    """Everything a reader of the file could get at, hyphenation and line breaks undone."""
    if fmt == "pdf":
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() for page in reader.pages) + str(reader.metadata)
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            text = "\n".join(re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8", "replace"))
                             for n in z.namelist() if n.endswith(".xml"))
    else:
        text = data.decode("utf-8")
    return text


def squeezed(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text).lower()


@pytest.fixture
def record():
    return build_record()


@pytest.mark.parametrize("fmt", ["md", "html", "pdf", "docx"])
def test_public_edition_contains_no_restricted_record_or_real_name_at_risk(record, fmt):
    reports = [
        build("five-area", Scope(edition="public")),
        build("prisoners", Scope(edition="public")),
        build("un-submission", Scope(edition="public", person=record.actors["defender"].id)),
        build("un-submission", Scope(edition="public", person=record.actors["reporter"].id)),
    ]
    for report in reports:
        text = text_of(fmt, render(report, fmt))
        flat = squeezed(text)
        for secret in SECRETS:
            assert secret.lower() not in text.lower(), f"{report.kind} {fmt} shows {secret!r}"
            assert squeezed(secret) not in flat, f"{report.kind} {fmt} shows {secret!r} across a line break"
        assert squeezed("Irakli Mchedlishvili") in flat or report.kind == "un-submission"


def test_person_at_risk_appears_by_pseudonym_with_their_incident(record):
    text = render(build("five-area", Scope(edition="public")), "md").decode()
    assert "**Person A**, human rights defender" in text
    assert "Person A received death threats" in text
    assert "Appeal on the threats against Person A" in text


def test_own_pseudonym_is_used_when_the_record_has_one(record):
    defender = record.actors["defender"]
    defender.pseudonym = "Defender K."
    defender.save()
    text = render(build("five-area", Scope(edition="public")), "md").decode()
    assert "Defender K. received death threats" in text
    assert "Person A" not in text


def test_full_edition_names_the_person_and_shows_internal_but_not_restricted(record):
    text = render(build("five-area", Scope(edition="full")), "md").decode()
    assert AT_RISK_NAME in text and INTERNAL_NAME in text
    assert RESTRICTED_NAME not in text and RESTRICTED_SOURCE not in text
    admin = render(build("five-area", Scope(edition="full", clearance="restricted")), "md").decode()
    assert RESTRICTED_NAME in admin and RESTRICTED_SOURCE in admin


def test_public_counts_and_footnotes_only_cover_what_is_shown(record):
    report = build("five-area", Scope(edition="public"))
    figures = dict(report.sections[0].blocks[1].rows)
    bullets = [item for sec in report.sections for b in sec.blocks for g in getattr(b, "groups", [])
               for item in g.items]
    assert int(figures["Incidents recorded"]) == len(bullets) == 8
    assert int(figures["Persons targeted"]) == 2
    assert int(figures["Sources cited"]) == len(report.notes)
    assert [n.number for n in report.notes] == list(range(1, len(report.notes) + 1))
    cited = {n for b in bullets for n in b.notes}
    assert cited <= {n.number for n in report.notes}
