"""A long five-area report laid out chapter by chapter in worker processes reads as one document: its pages are
numbered 1..N without a gap, and the contents, the bookmarks and the contents' links all lead to each chapter."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from civicspace.report import build, pdf
from civicspace.report.render import render
from civicspace.report.scope import Scope
from civicspace.store.models import Actor, Document, Incident, Recommendation, Source
from civicspace.vocab import vocab

pytestmark = pytest.mark.django_db

PUBLIC = {"review_state": "verified", "confidentiality": "public"}


def long_record(per_area: int) -> None:
    """Invented journalists and activists in an invented country, enough incidents for chapters of several pages."""
    areas = [a for a in vocab("areas").codes if a != "general"]
    types = vocab("incident_types").codes
    document = Document.objects.create(sha256="a" * 64, title="Quarterly bulletin", publisher="An invented monitor",
                                       text="x", **PUBLIC)
    source = Source.objects.create(document=document, number="1", title="Quarterly bulletin", **PUBLIC)
    people = [Actor.objects.create(kind="person", name=f"Reporter Number{i}", roles=["journalist"], country="ZZ",
                                   **PUBLIC) for i in range(12)]
    incidents = Incident.objects.bulk_create(
        Incident(type=types[i % len(types)], date_start=f"{2015 + i % 6}-{1 + i % 12:02d}-{1 + i % 27:02d}",
                 year=2015 + i % 6, location="Lakeside", country="ZZ", area=area,
                 summary=f"Invented incident {i} reported by a local monitor in a long and detailed account.",
                 **PUBLIC)
        for n, area in enumerate(areas) for i in range(n * per_area, (n + 1) * per_area))
    Incident.victims.through.objects.bulk_create(
        Incident.victims.through(incident_id=inc.id, actor_id=people[i % len(people)].id)
        for i, inc in enumerate(incidents))
    Incident.sources.through.objects.bulk_create(
        Incident.sources.through(incident_id=inc.id, source_id=source.id) for inc in incidents)
    for area in [*areas, "general"]:
        Recommendation.objects.create(text="Stop harassing journalists.", area=area, addressees=["state"], **PUBLIC)


def long_pdf(monkeypatch) -> PdfReader:
    long_record(per_area=30)
    monkeypatch.setattr(pdf, "PARALLEL_MIN_LINES", 100)
    laid_out_in_parallel = []
    parallel = pdf.parallel_pdf

    def spy(html, report, workers=None):
        laid_out_in_parallel.append(True)
        return parallel(html, report, workers=2)

    monkeypatch.setattr(pdf, "parallel_pdf", spy)
    data = render(build("five-area", Scope(generated="2024-05-01", country="ZZ")), "pdf")
    assert laid_out_in_parallel, "the report was laid out in one pass"
    return PdfReader(io.BytesIO(data))


def test_long_report_reads_as_one_document(monkeypatch):
    reader = long_pdf(monkeypatch)
    pages_are_numbered_without_gaps(reader)
    contents_bookmarks_and_links_lead_to_each_chapter(reader)


def pages_are_numbered_without_gaps(long_pdf: PdfReader) -> None:
    total = len(long_pdf.pages)
    assert total > 12
    for number, page in enumerate(long_pdf.pages, start=1):
        footers = re.findall(r"^(\d+) / (\d+)$", page.extract_text(), re.MULTILINE)
        if number == 1:
            assert footers == [], "the title page carries no page number"
        else:
            assert footers == [(str(number), str(total))], f"page {number} is numbered {footers}"
            assert "Civic space monitoring" in page.extract_text()


def contents_bookmarks_and_links_lead_to_each_chapter(long_pdf: PdfReader) -> None:
    entries = re.findall(r"^(.+?) \.{3,} (\d+)$", long_pdf.pages[1].extract_text(), re.MULTILINE)
    assert len(entries) >= 7, long_pdf.pages[1].extract_text()  # introduction, five areas, sources
    for title, page in entries:
        heading = long_pdf.pages[int(page) - 1].extract_text().split("\n")[0]
        assert title.startswith(heading), f"contents say {title!r} is on page {page}, which opens with {heading!r}"
    bookmarks = [(item.title, long_pdf.get_destination_page_number(item) + 1) for item in long_pdf.outline]
    assert [(title, int(page)) for title, page in entries] == bookmarks
    link_pages = []
    for annotation in long_pdf.pages[1].get("/Annots", []):
        dest = annotation.get_object().get("/Dest")
        if isinstance(dest, list):
            link_pages.append(long_pdf.get_page_number(dest[0].get_object()) + 1)
    assert sorted(set(link_pages)) == [int(page) for _, page in entries[1:]]
