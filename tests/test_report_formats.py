"""Golden-file tests: each report kind and format, for a record built here.

Markdown and HTML are compared byte for byte; PDF and Word by their text and
structure (outline, headings, lists, tables). Set REPORT_GOLDEN=update to rewrite
the golden files after a deliberate change, then read the diff.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from PIL import Image
from pypdf import PdfReader

from civicspace.report import build
from civicspace.report.render import render
from civicspace.report.scope import Scope
from report_fixture import build_record

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden" / "report"
GENERATED = "2024-05-01"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("REPORT_GOLDEN") == "update":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with REPORT_GOLDEN=update"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def pdf_structure(data: bytes) -> str:
    """The PDF's outline (bookmarks), page count and text, page by page."""
    reader = PdfReader(io.BytesIO(data))
    lines = [f"pages: {len(reader.pages)}", "outline:"]

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                lines.append("  " * depth + item.title)

    walk(reader.outline, 1)
    for number, page in enumerate(reader.pages, start=1):
        lines.append(f"--- page {number}")
        lines.extend(line.rstrip() for line in page.extract_text().splitlines() if line.strip())
    return "\n".join(lines) + "\n"


def docx_structure(data: bytes) -> str:
    """Each paragraph with its style, each table cell by cell, and the pictures."""
    doc = docx.Document(io.BytesIO(data))
    lines = [f"title: {doc.core_properties.title}"]
    for item in doc.iter_inner_content():
        if isinstance(item, docx.table.Table):
            lines.append(f"[table {len(item.rows)}x{len(item.columns)} {item.style.name}]")
            lines.extend("  | " + " | ".join(c.text for c in row.cells) for row in item.rows)
        else:
            pictures = len(item._p.xpath(".//pic:pic"))
            extra = f" [{pictures} picture]" if pictures else ""
            if item.text.strip() or pictures:
                lines.append(f"{item.style.name}: {item.text}{extra}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def record():
    return build_record()


def report_of(kind: str, **scope):
    return build(kind, Scope(generated=GENERATED, **scope))


@pytest.mark.parametrize("edition", ["full", "public"])
def test_five_area_markdown_and_html_match_golden(record, edition):
    report = report_of("five-area", edition=edition, country="GE")
    check_golden(f"five_area_{edition}.md", render(report, "md").decode())
    check_golden(f"five_area_{edition}.html", render(report, "html").decode())


def test_prisoners_list_matches_golden(record):
    report = report_of("prisoners", country="GE")
    check_golden("prisoners_full.md", render(report, "md").decode())
    check_golden("prisoners_full.docx.txt", docx_structure(render(report, "docx")))


def test_un_submission_matches_golden(record):
    report = report_of("un-submission", person=record.actors["reporter"].id)
    check_golden("submission_full.md", render(report, "md").decode())
    check_golden("submission_full.docx.txt", docx_structure(render(report, "docx")))


def test_five_area_docx_matches_golden_with_chart(record):
    data = render(report_of("five-area", country="GE"), "docx")
    structure = docx_structure(data)
    check_golden("five_area_full.docx.txt", structure)
    assert "[1 picture]" in structure
    assert "Heading 1: 2. Legal framework" in structure


def test_five_area_pdf_matches_golden_and_pages_are_not_blank(record, tmp_path):
    data = render(report_of("five-area", country="GE"), "pdf")
    check_golden("five_area_full.pdf.txt", pdf_structure(data))
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "3", str(pdf), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    for page in pages:
        grey = Image.open(page).convert("L")
        lo, hi = grey.getextrema()
        inked = sum(1 for v in grey.getdata() if v < 200)
        assert hi - lo > 100 and inked > 200, f"{page.name} looks blank"


def test_footnotes_are_numbered_from_one_and_all_resolve(record):
    report = report_of("five-area", edition="public", country="GE")
    cited = set()
    for section in report.sections:
        for block in section.blocks:
            for line in getattr(block, "lines", []) + getattr(block, "items", []) + [
                i for g in getattr(block, "groups", []) for i in g.items
            ]:
                cited.update(line.notes)
    assert [n.number for n in report.notes] == list(range(1, len(report.notes) + 1))
    assert cited == {n.number for n in report.notes}


def test_filters_narrow_the_report(record):
    report = report_of("five-area", date_from="2021-06", date_to="2021-12", areas=("information_flow",))
    text = render(report, "md").decode()
    assert "The premises of the media outlet “Morning Courier” were searched" in text
    assert "was convicted" in text
    assert "Irakli Mchedlishvili was detained" not in text  # March 2021, before the period
    assert "2. Access to information and freedom of the media" in text
    assert "Legal framework" not in text.split("## Contents")[1].split("##")[0]


def test_unverified_records_only_on_request(record):
    default = render(report_of("five-area"), "md").decode()
    everything = render(report_of("five-area", state="all"), "md").decode()
    assert "was restricted online" not in default
    assert "was restricted online" in everything
    assert "was killed" not in everything  # rejected records are never reported


def test_five_area_report_reads_back_with_each_recommendation_in_its_area(record, tmp_path):
    """What the report says can be read back: the extractor finds each recommendation in
    the area the record gives it, and each organisation by its whole name."""
    from civicspace.extract import extract_file
    from civicspace.store.models import Recommendation

    path = tmp_path / "report.docx"
    path.write_bytes(render(report_of("five-area", country="GE"), "docx"))
    dossier = extract_file(path).model_dump(mode="json")
    areas = {r["text"].rstrip("."): r["area"] for r in dossier["recommendations"]}
    shown = Recommendation.objects.filter(review_state="verified", confidentiality="public")
    assert {rec.area for rec in shown} >= {"legal_framework", "information_flow", "general"}
    for rec in shown:
        found = [area for text, area in areas.items() if rec.text.rstrip(".") in text]
        assert found == [rec.area], rec.text
    organisations = {a["name"] for a in dossier["actors"] if a["kind"] == "organization"}
    assert {"Morning Courier", "Open Rights Lab"} <= organisations
