"""How plain text is cut into headings, list items and paragraphs, and how a file's format is recognised."""

from __future__ import annotations

import io

import docx
from weasyprint import HTML

from civicspace.read.dispatch import read_bytes
from civicspace.read.sniff import format_of

REPORT = """ANNUAL REVIEW OF ASSOCIATIONS

Contents

1. BACKGROUND.....2
2. FINDINGS.....3
2.1 Registration\t4

1. BACKGROUND

The review covers the northern provinces.

2. FINDINGS

Groups reported three kinds of pressure:
• audits ordered at short notice;
* registration refused over spelling;
1) fines for unregistered meetings;
 - of which two were appealed.

2.1 Registration

## Appeals

Steps taken by the groups:

1. Wrote to the ministry.

2. Went to court.

3. Asked the ombudsman.
"""


def _outline(text: str):
    doc = read_bytes(text.encode("utf-8"), "review.txt")
    return doc, [(b.kind, b.level, b.number, b.text) for b in doc.blocks]


def test_numbered_caps_and_markdown_headings_but_not_the_contents():
    doc, blocks = _outline(REPORT)
    headings = [(level, number, text) for kind, level, number, text in blocks if kind == "heading"]
    assert headings == [
        (1, None, "ANNUAL REVIEW OF ASSOCIATIONS"),
        (1, "1", "BACKGROUND"),
        (1, "2", "FINDINGS"),
        (2, "2.1", "Registration"),
        (2, None, "Appeals"),
    ]
    assert doc.metadata.title == "ANNUAL REVIEW OF ASSOCIATIONS"


def test_list_items_of_every_marker_with_depth():
    _doc, blocks = _outline(REPORT)
    items = [(level, number, text) for kind, level, number, text in blocks if kind == "list_item"]
    assert (1, None, "audits ordered at short notice;") in items
    assert (1, None, "registration refused over spelling;") in items
    assert (1, "1", "fines for unregistered meetings;") in items
    assert (2, None, "of which two were appealed.") in items


def test_a_loose_numbered_list_is_not_a_run_of_sections():
    _doc, blocks = _outline(REPORT)
    steps = [
        (kind, number) for kind, _level, number, text in blocks if text.startswith(("Wrote", "Went", "Asked"))
    ]
    assert steps == [("list_item", "1"), ("list_item", "2"), ("list_item", "3")]


def test_the_reader_is_chosen_by_content_not_name():
    pdf = HTML(string="<p>Three rallies were banned in the spring of that year.</p>").write_pdf()
    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("Three rallies were banned in the spring of that year.")
    d.save(buf)
    page = b"<!DOCTYPE html><html><body><p>Three rallies were banned.</p></body></html>"
    assert format_of(pdf) == "pdf"
    assert format_of(buf.getvalue()) == "docx"
    assert format_of(page) == "html"
    assert format_of(b"The law bans a <p> tag in no way; a < b and c > d.") == "text"
    for data in (pdf, buf.getvalue(), page):
        assert "Three rallies were banned" in read_bytes(data, "upload.txt").text


PAGE_TEXT = """• Home
  • News
  • Banned rallies in the north

Banned rallies in the north

12.04.2021

1. What happened

Police stopped three rallies in the northern provinces.

Share this:

Leave a Reply

Your email address will not be published.
"""


def test_page_furniture_in_copied_web_text_is_left_out_of_the_outline_not_the_text():
    doc, blocks = _outline(PAGE_TEXT)
    assert doc.text == PAGE_TEXT
    outline = " ".join(text for *_rest, text in blocks)
    for furniture in ("Home", "News", "Share this", "Leave a Reply", "Your email address"):
        assert furniture not in outline
    assert doc.metadata.title == "Banned rallies in the north"
    assert doc.metadata.published == "2021-04-12"
    assert [(b.number, b.text) for b in doc.headings()] == [("1", "What happened")]


def test_markdown_references_with_links():
    doc, _blocks = _outline(
        "# Brief\n\nThe court fined two editors.[1] A third was detained.[2]\n\n## References\n\n"
        "1. [Veloria Herald / Editors fined](https://example.org/fined)\n"
        "2. Student Union / Detention statement. - <https://example.org/detained>\n"
    )
    assert [(s.id, s.publisher, s.title, s.url) for s in doc.sources] == [
        ("1", "Veloria Herald", "Editors fined", "https://example.org/fined"),
        ("2", "Student Union", "Detention statement", "https://example.org/detained"),
    ]
    assert [(doc.text[f.start : f.end], f.source) for f in doc.footnotes] == [("[1]", "1"), ("[2]", "2")]
