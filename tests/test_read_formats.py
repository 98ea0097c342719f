"""One report written as text, HTML, PDF and DOCX reads back to one outline.

The text version is tests/data/read/report.txt; the other formats are built here
from the same content, as a monitoring group's web editor, word processor and
PDF export would write them.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from weasyprint import HTML

from civicspace.read import Document, read_bytes, read_file
from civicspace.read.outline import plain

DATA = Path(__file__).parent / "data" / "read"
TITLE = "Closing the space: civic freedoms in Veloria"
INTRO = (
    "This report reviews how the authorities of Veloria treated associations, assemblies and the press "
    "during the year. It draws on interviews with forty activists and on court records."
)
ASSEMBLY = (
    "Police dispersed peaceful gatherings in the capital on several occasions, and organisers were "
    "punished afterwards."
)
PERMITS = "The permit rule gives the city council ten days to answer, and silence counts as refusal."
EVENTS = [
    ("Organisers of a march for clean water were fined by a district court.", None),
    ("Students who joined a sit-in at the university were detained for two days.", "3"),
    ("A permit for a candlelight vigil was refused without any reason given.", None),
]
RECOMMENDATIONS = [
    ("Repeal the permit requirement for small assemblies.", None),
    ("Release everyone held for taking part in a peaceful protest.", "2"),
]
SOURCES = [
    ("1", "Lakeside Monitoring Group / Annual review of civic space", "https://example.org/review"),
    ("2", "Veloria Herald / Police break up the water march", "https://example.org/herald/march"),
    (
        "3",
        "Student Union of Veloria / Statement on the sit-in detentions",
        "https://example.org/union/statement",
    ),
]


def outline(doc: Document) -> dict:
    """What a reader of the outline compares: sections, list items, sources, cited markers."""

    def norm(text: str) -> str:
        return re.sub(r"\s*\[(\d+)\]", r"[\1]", " ".join(plain(text).split()))

    return {
        "sections": [
            (b.number, plain(b.text).casefold()) for b in doc.blocks if b.kind == "heading" and b.number
        ],
        "items": [norm(b.text) for b in doc.blocks if b.kind == "list_item" and not b.number],
        "sources": [(s.id, s.title, s.url) for s in doc.sources],
        "cited": sorted(f.source for f in doc.footnotes),
    }


NAV = """<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/reports">Reports</a></li>
<li><a href="/about">About us</a></li></ul></nav>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/reports">Reports</a></div>"""
WIDGETS = """<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<section id="comments" class="comments"><h3>Leave a Reply</h3>
<form><p>Your email address will not be published.</p><textarea name="comment"></textarea><button>Post Comment</button></form></section>
<footer><p>Lakeside Monitoring Group, all rights reserved.</p></footer>"""


def _html(sup: bool, web: bool = True) -> str:
    def marked(text: str, note: str | None) -> str:
        if not note:
            return text
        return f"{text}<sup>{note}</sup>" if sup else f"{text} [{note}]"

    items = "".join(f"<li>{marked(t, n)}</li>" for t, n in EVENTS)
    recs = "".join(f"<li>{marked(t, n)}</li>" for t, n in RECOMMENDATIONS)
    sources = "".join(f'<li>{title} - <a href="{url}">{url}</a></li>' for _id, title, url in SOURCES)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{TITLE}</title>
<style>@page {{ @top-center {{ content: "Lakeside Monitoring Group"; }} @bottom-center {{ content: counter(page); }} }}
h1 {{ page-break-after: always; }} h2 {{ font-size: 16pt; }} h3 {{ font-size: 13pt; }}</style></head><body>
{NAV if web else ""}
<article>
<h1>{TITLE}</h1>
<p>Published by the Lakeside Monitoring Group, 3 March 2022.</p>
<h2>1. Introduction</h2>
<p>{INTRO} [1]</p>
<h2>2. Freedom of assembly</h2>
<p>{ASSEMBLY} [2]</p>
<ul>{items}</ul>
<h3>2.1 Permits</h3>
<p>{PERMITS}</p>
<h2>3. Recommendations</h2>
<ul>{recs}</ul>
<h2>Sources</h2>
<ol>{sources}</ol>
</article>
{WIDGETS if web else ""}
</body></html>"""


def _docx(path: Path) -> None:
    d = docx.Document()
    d.add_heading(TITLE, level=0)
    d.add_paragraph("Published by the Lakeside Monitoring Group, 3 March 2022.")
    d.add_heading("1. Introduction", level=1)
    d.add_paragraph(INTRO + " [1]")
    d.add_heading("2. Freedom of assembly", level=1)
    d.add_paragraph(ASSEMBLY + " [2]")
    for text, note in EVENTS:
        p = d.add_paragraph(text, style="List Bullet")
        if note:
            p.add_run(note).font.superscript = True
    d.add_heading("2.1 Permits", level=2)
    d.add_paragraph(PERMITS)
    d.add_heading("3. Recommendations", level=1)
    for text, note in RECOMMENDATIONS:
        d.add_paragraph(text + (f" [{note}]" if note else ""), style="List Bullet")
    d.add_heading("Sources", level=1)
    for _id, title, url in SOURCES:
        d.add_paragraph(f"{title} - {url}", style="List Number")
    d.save(str(path))


@pytest.fixture(scope="module")
def expected() -> dict:
    return outline(read_file(DATA / "report.txt"))


def test_text_outline_is_the_report(expected):
    assert expected["sections"] == [
        ("1", "introduction"),
        ("2", "freedom of assembly"),
        ("2.1", "permits"),
        ("3", "recommendations"),
    ]
    assert len(expected["items"]) == 5
    assert expected["sources"][2] == (
        "3",
        "Statement on the sit-in detentions",
        "https://example.org/union/statement",
    )
    assert expected["cited"] == ["1", "2", "2", "3"]


def test_html_reads_to_the_same_outline_without_page_furniture(tmp_path, expected):
    path = tmp_path / "page.bin"  # content, not the name, picks the reader
    path.write_text(_html(sup=True), encoding="utf-8")
    doc = read_file(path)
    assert doc.metadata.format == "html"
    assert outline(doc) == expected
    for furniture in (
        "Leave a Reply",
        "Share on Facebook",
        "About us",
        "all rights reserved",
        "Post Comment",
    ):
        assert furniture not in doc.text
    assert doc.metadata.title == TITLE


def test_pdf_reads_to_the_same_outline_without_running_headers(tmp_path, expected):
    path = tmp_path / "report.pdf"
    HTML(string=_html(sup=True, web=False)).write_pdf(str(path))
    doc = read_file(path)
    assert doc.metadata.format == "pdf"
    assert outline(doc) == expected
    assert "Lakeside Monitoring Group\n" not in doc.text  # the running header is gone
    assert not re.search(r"^\d+$", doc.text, re.MULTILINE)  # and so are page numbers
    assert INTRO in doc.text  # lines rejoined into the paragraph as written


def test_docx_reads_to_the_same_outline(tmp_path, expected):
    path = tmp_path / "report.docx"
    _docx(path)
    doc = read_file(path)
    assert doc.metadata.format == "docx"
    assert outline(doc) == expected
    assert doc.metadata.title == TITLE


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "text"])
def test_every_block_and_marker_is_a_span_of_the_text(tmp_path, fmt):
    path = tmp_path / "report"
    if fmt == "html":
        path.write_text(_html(sup=False), encoding="utf-8")
    elif fmt == "pdf":
        HTML(string=_html(sup=False, web=False)).write_pdf(str(path))
    elif fmt == "docx":
        _docx(path)
    else:
        path.write_bytes((DATA / "report.txt").read_bytes())
    doc = read_file(path)
    for block in doc.blocks:
        assert doc.text[block.start : block.end] == block.text
    for ref in doc.footnotes:
        assert re.fullmatch(r"\[\d+\]", doc.text[ref.start : ref.end])
    assert doc.metadata.language == "en"
    assert doc.metadata.published == "2022-03-03"


def test_pdf_joins_words_hyphenated_across_lines(tmp_path):
    words = " ".join(["internationalisation"] * 40)
    html = f'<html lang="en"><body><p style="width: 9em; hyphens: auto">{words}</p></body></html>'
    path = tmp_path / "narrow.pdf"
    HTML(string=html).write_pdf(str(path))
    doc = read_file(path)
    assert doc.text.split() == ["internationalisation"] * 40


def test_pdf_footnotes_at_the_page_foot_become_sources(tmp_path):
    notes = [(src_title, url) for _id, src_title, url in SOURCES[:2]]
    html = f"""<html><head><style>.fn {{ float: footnote; font-size: 9pt }}</style></head><body>
<h1>1. Findings</h1><p>{EVENTS[1][0]}<span class="fn">{notes[0][0]} - {notes[0][1]}</span>
{EVENTS[0][0]}<span class="fn">{notes[1][0]} - {notes[1][1]}</span></p><p>{INTRO}</p><p>{ASSEMBLY}</p>
</body></html>"""
    path = tmp_path / "notes.pdf"
    HTML(string=html).write_pdf(str(path))
    doc = read_file(path)
    assert [(s.id, s.url) for s in doc.sources] == [("1", SOURCES[0][2]), ("2", SOURCES[1][2])]
    assert [(doc.text[f.start : f.end], f.source) for f in doc.footnotes] == [("[1]", "1"), ("[2]", "2")]
    assert doc.text.index("[1]") < doc.text.index(EVENTS[0][0])  # the call stays where it was made


def test_html_without_an_article_element_goes_through_trafilatura(tmp_path, expected):
    page = _html(sup=False).replace("<article>", '<div class="entry">').replace("</article>", "</div>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    doc = read_file(path)
    assert outline(doc)["sections"] == expected["sections"]
    assert outline(doc)["sources"] == expected["sources"]
    assert "Leave a Reply" not in doc.text and "About us" not in doc.text


def _with_footnotes(path: Path, notes: list[str]) -> None:
    """Add word/footnotes.xml to a saved document, as Word writes it (python-docx cannot)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:footnote>'
        for i, note in enumerate(notes, start=1)
    )
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f"{body}</w:footnotes>"
    )
    with zipfile.ZipFile(path) as z:
        files = {name: z.read(name) for name in z.namelist()}
    files["word/footnotes.xml"] = footnotes.encode()
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/></Relationships>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def test_docx_footnotes_become_sources_and_markers(tmp_path):
    d = docx.Document()
    d.add_heading("1. Findings", level=1)
    p = d.add_paragraph(EVENTS[1][0])
    for note_id in ("1", "2"):
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), note_id)
        p.add_run()._r.append(ref)
        if note_id == "1":
            p.add_run(" " + EVENTS[0][0])
    path = tmp_path / "notes.docx"
    d.save(str(path))
    _with_footnotes(path, [f"{title} - {url}" for _id, title, url in SOURCES[:2]])
    doc = read_file(path)
    assert [(s.id, s.title, s.url) for s in doc.sources] == [
        (i, t.split(" / ")[1], u) for i, t, u in SOURCES[:2]
    ]
    assert [doc.text[f.start : f.end] for f in doc.footnotes] == ["[1]", "[2]"]


def test_pdf_in_two_columns_reads_column_by_column(tmp_path):
    left = " ".join([INTRO] * 3)
    right = " ".join([PERMITS] * 4)
    html = f"""<html><body style="columns: 2; column-gap: 2em"><p>{left}</p><p>{right}</p></body></html>"""
    path = tmp_path / "columns.pdf"
    HTML(string=html).write_pdf(str(path))
    doc = read_file(path)
    assert [b.text for b in doc.blocks] == [left, right]


def test_docx_sources_whose_links_show_only_a_title_keep_their_address(tmp_path):
    d = docx.Document()
    d.add_heading("Sources", level=1)
    for _id, title, url in SOURCES:
        p = d.add_paragraph(style="List Number")
        rid = p.part.relate_to(
            url,
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            is_external=True,
        )
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = title
        run.append(text)
        link.append(run)
        p._p.append(link)
    d.paragraphs[0].insert_paragraph_before("Three assemblies were banned in the spring; the sources follow.")
    path = tmp_path / "links.docx"
    d.save(str(path))
    doc = read_file(path)
    assert [(s.id, s.url) for s in doc.sources] == [(i, u) for i, _t, u in SOURCES]
    assert "https://" not in doc.text.split("Sources")[0]


BLOG_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Rallies banned | Lakeside Monitor</title>
<meta property="og:site_name" content="Lakeside Monitor">
<meta property="article:published_time" content="2021-04-12T10:00:00+00:00"></head>
<body><a class="skip-link" href="#content">Skip to content</a>
<header id="masthead"><nav class="main-navigation"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<main id="main" class="site-main"><div class="breadcrumbs"><a href="/">Home</a> &raquo; News</div>
<article class="post"><header class="entry-header"><h1 class="entry-title">Rallies banned in the north</h1></header>
<div class="entry-content"><h2>1. What happened</h2>
<p>Police stopped three rallies in the northern provinces and detained organisers.<sup>1</sup></p>
<h2>2. Recommendations</h2><ul><li>Lift the ban on rallies.</li><li>Release the organisers.</li></ul>
<h3>Sources</h3><ol><li><a href="https://example.org/a">Regional Herald, report on the rallies</a></li></ol>
<div class="sharedaddy"><h3>Share this:</h3><ul><li><a href="#">Twitter</a></li></ul></div></div>
<footer class="entry-footer"><span class="tags-links">Tagged rallies</span></footer></article>
<nav class="navigation post-navigation"><a href="/prev">Previous post</a></nav>
<div id="comments" class="comments-area"><div id="respond"><h3 id="reply-title">Leave a Reply</h3>
<form><p>Your email address will not be published.</p></form></div></div></main>
<aside class="widget-area"><h2>Recent posts</h2></aside><footer id="colophon"><p>Lakeside Monitor 2021</p></footer>
</body></html>"""


def test_blog_page_keeps_the_post_and_drops_menus_sharing_and_comments():
    doc = read_bytes(BLOG_PAGE.encode(), "post.html")
    for furniture in (
        "Skip to content",
        "Home",
        "Share this",
        "Twitter",
        "Tagged",
        "Previous post",
        "Leave a Reply",
        "Recent posts",
    ):
        assert furniture not in doc.text
    assert doc.metadata.title == "Rallies banned in the north"
    assert doc.metadata.publisher == "Lakeside Monitor" and doc.metadata.published == "2021-04-12"
    assert [(b.number, b.text) for b in doc.headings() if b.number] == [
        ("1", "What happened"),
        ("2", "Recommendations"),
    ]
    assert [(s.id, s.url) for s in doc.sources] == [("1", "https://example.org/a")]
    assert [doc.text[f.start : f.end] for f in doc.footnotes] == ["[1]"]
