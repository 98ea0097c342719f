"""The development documents: a report's text with footnotes and sources, and a web page's text."""

from __future__ import annotations

import html
import json
import re

import pytest
from weasyprint import HTML

from civicspace.read import read_file
from civicspace.read.outline import is_sources_heading, plain
from civicspace.read.sources import MARKER


def _sections(doc):
    return [
        (b.number, plain(b.text).rstrip(".").casefold())
        for b in doc.blocks
        if b.kind == "heading" and b.number
    ]


@pytest.fixture
def corpus(shared):
    return {name: shared / "corpus" / f"odf-2015-kazakhstan-{name}.txt" for name in ("report", "webpage")}


def test_both_versions_give_the_same_seven_numbered_sections(corpus):
    report, webpage = (read_file(corpus[n]) for n in ("report", "webpage"))
    assert [n for n, _ in _sections(report)] == [str(i) for i in range(1, 8)]
    assert _sections(report) == _sections(webpage)


def test_the_text_is_the_file_so_gold_offsets_hold(corpus, shared):
    for path in corpus.values():
        doc = read_file(path)
        assert doc.text == path.read_text(encoding="utf-8")
        gold = json.loads((shared / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        for kind in ("incidents", "recommendations"):
            for record in gold[kind]:
                for ev in record["evidence"]:
                    assert doc.text[ev["start"] : ev["end"]] == ev["quote"]
        assert doc.metadata.sha256 == gold["document"]["sha256"]
        assert doc.metadata.language == "en"
        for block in doc.blocks:
            assert doc.text[block.start : block.end] == block.text


def test_report_sources_and_every_marker_tied_to_one(corpus, shared):
    doc = read_file(corpus["report"])
    gold = json.loads((shared / "gold" / "odf-2015-kazakhstan-report.json").read_text(encoding="utf-8"))
    assert [s.id for s in doc.sources] == [str(i) for i in range(1, 39)]
    assert all(s.url and s.url.startswith("http") for s in doc.sources)
    assert [(s.id, s.title, s.url) for s in doc.sources] == [
        (s["id"], s["title"], s["url"]) for s in gold["sources"]
    ]
    ids = {s.id for s in doc.sources}
    sources_at = next(b.start for b in doc.blocks if b.kind == "heading" and is_sources_heading(b.text))
    markers = [(m.start(), m.end(), m["n"]) for m in MARKER.finditer(doc.text, 0, sources_at)]
    assert [(f.start, f.end, f.source) for f in doc.footnotes] == markers
    assert {f.source for f in doc.footnotes} == ids


def test_webpage_outline_has_no_navigation_or_comment_box(corpus):
    doc = read_file(corpus["webpage"])
    outline = " ".join(b.text for b in doc.blocks)
    assert "Leave a Reply" not in outline
    assert not any(plain(b.text) in ("Home", ">") for b in doc.blocks)
    assert doc.text.startswith("• Home")  # the text itself stays the file's, offsets intact
    assert any(doc.text[a:b].strip() == "Leave a Reply" for a, b in doc.boilerplate)
    assert doc.blocks[0].text == doc.metadata.title


def test_cli_prints_the_outline(corpus, capsys):
    from civicspace.cli import main

    assert main(["read", str(corpus["report"])]) == 0
    out = capsys.readouterr().out
    assert "sources: 38" in out and "language:  en" in out
    assert main(["read", "--json", str(corpus["webpage"])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"text", "metadata", "blocks", "footnotes", "sources"}
    assert set(data["blocks"][0]) == {"kind", "level", "number", "text", "start", "end"}


def _as_html(doc) -> str:
    """The report laid out as a web page from its own outline, as an NGO's site would print it."""
    out = [
        "<html><head><style>@page { @top-right { content: 'Monitoring report' } @bottom-center { content: counter(page) } }"
        " h1 { font-size: 15pt } body { font-size: 11pt }</style></head><body>"
    ]
    open_list = None
    for b in doc.blocks:
        text = html.escape(re.sub(r"\[\\\[(\d+)\\\]\]\(#\)", r"[\1]", b.text.replace("**", "")))
        if open_list and b.kind != "list_item":
            out.append(f"</{open_list}>")
            open_list = None
        if b.kind == "heading":
            out.append(f"<h1>{b.number + '. ' if b.number else ''}{text}</h1>")
        elif b.kind == "paragraph":
            out.append(f"<p>{text}</p>")
        else:
            tag = "ol" if b.number else "ul"
            if open_list != tag:
                if open_list:
                    out.append(f"</{open_list}>")
                start = f' style="counter-reset: list-item {int(b.number) - 1}"' if b.number else ""
                out.append(f"<{tag}{start}>")
                open_list = tag
            out.append(f"<li>{text}</li>")
    return "".join(out) + "</body></html>"


def test_report_printed_as_pdf_reads_back_to_the_same_outline(corpus, tmp_path):
    text_doc = read_file(corpus["report"])
    path = tmp_path / "report.pdf"
    HTML(string=_as_html(text_doc)).write_pdf(str(path))
    doc = read_file(path)
    assert _sections(doc) == _sections(text_doc)
    assert [(s.id, s.url) for s in doc.sources] == [(s.id, s.url) for s in text_doc.sources]
    assert {f.source for f in doc.footnotes} == {s.id for s in doc.sources}
    assert "Monitoring report" not in doc.text
    assert sum(b.kind == "list_item" for b in doc.blocks) == sum(
        b.kind == "list_item" for b in text_doc.blocks
    )
