"""`civicspace report` and the reports page of the web workspace."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from civicspace.cli import main
from civicspace.store.models import Profile
from report_fixture import AT_RISK_NAME, INTERNAL_NAME, RESTRICTED_NAME, build_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return build_record()


def test_cli_writes_each_format(record, tmp_path, capsys):
    for fmt in ("md", "html", "docx"):
        out = tmp_path / f"report.{fmt}"
        assert main(["report", "--out", str(out), "--country", "ge", "--area", "information_flow"]) == 0
        assert out.stat().st_size > 1000
    assert "Irakli Mchedlishvili" in (tmp_path / "report.md").read_text()
    assert (tmp_path / "report.docx").read_bytes()[:2] == b"PK"
    assert "five-area report, full edition" in capsys.readouterr().out


def test_cli_prisoners_and_submission(record, tmp_path):
    out = tmp_path / "list.md"
    assert main(["report", "--kind", "prisoners", "--format", "md", "--out", str(out)]) == 0
    assert "| Irakli Mchedlishvili | journalist | hooliganism" in out.read_text()
    sub = tmp_path / "case.md"
    person = str(record.actors["reporter"].id)
    assert main(["report", "--kind", "un-submission", "--person", person, "--out", str(sub)]) == 0
    assert "**Date of arrest:** 14 March 2021" in sub.read_text()


@pytest.mark.parametrize("args, message", [
    (["--from", "March 2021"], "date 'March 2021'"),
    (["--area", "weather"], "area 'weather'"),
    (["--kind", "un-submission"], "--person ID"),
    (["--kind", "un-submission", "--person", "99999"], "person 99999: no such person"),
])
def test_cli_bad_input_is_one_line_and_writes_nothing(record, tmp_path, capsys, args, message):
    out = tmp_path / "report.md"
    assert main(["report", "--out", str(out), *args]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_unknown_suffix_and_missing_folder(record, tmp_path, capsys):
    assert main(["report", "--out", str(tmp_path / "report.odt")]) == 1
    assert "give --format" in capsys.readouterr().err
    assert main(["report", "--out", str(tmp_path / "nowhere" / "r.md")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_cli_restricted_person_is_unknown_without_clearance(record, tmp_path, capsys):
    witness = str(record.actors["witness"].id)
    args = ["report", "--kind", "un-submission", "--person", witness, "--format", "md"]
    assert main([*args, "--out", str(tmp_path / "a.md")]) == 1
    assert "no such person" in capsys.readouterr().err
    assert main([*args, "--clearance", "restricted", "--out", str(tmp_path / "b.md")]) == 0
    assert RESTRICTED_NAME in (tmp_path / "b.md").read_text()


def client_for(role: str, clearance: str) -> Client:
    user = User.objects.create_user(f"{role}-{clearance}", password="x" * 12)
    Profile.objects.create(user=user, role=role, clearance=clearance)
    client = Client()
    client.force_login(user)
    return client


def test_web_reports_need_sign_in(record):
    response = Client().get("/reports/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_web_form_and_public_report_for_a_viewer(record):
    viewer = client_for("viewer", "public")
    assert b"Write report" in viewer.get("/reports/").content
    response = viewer.get("/reports/?kind=five-area&format=md&edition=public")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/markdown")
    assert AT_RISK_NAME not in text and "Person A" in text


def test_web_full_edition_is_bounded_by_the_users_clearance(record):
    public_viewer = client_for("viewer", "public").get("/reports/?format=md&edition=full").content.decode()
    assert INTERNAL_NAME not in public_viewer and AT_RISK_NAME in public_viewer
    internal = client_for("viewer", "internal").get("/reports/?format=md&edition=full").content.decode()
    assert INTERNAL_NAME in internal and RESTRICTED_NAME not in internal
    admin = client_for("admin", "restricted").get("/reports/?format=md&edition=full").content.decode()
    assert RESTRICTED_NAME in admin


def test_web_submission_for_a_hidden_person_is_404_and_pdf_downloads(record):
    viewer = client_for("viewer", "internal")
    witness = record.actors["witness"].id
    assert viewer.get(f"/reports/?kind=un-submission&format=md&person={witness}").status_code == 404
    response = viewer.get(f"/reports/?kind=un-submission&format=docx&person={record.actors['reporter'].id}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert viewer.get("/reports/?format=odt").status_code == 400
    assert viewer.get("/reports/?format=md&from=yesterday").status_code == 400
