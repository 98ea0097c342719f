"""Report objects to bytes: Markdown and HTML from the templates, PDF from that HTML, Word from the objects."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import jinja2

from civicspace.report.model import Report
from civicspace.report.scope import date_text

FORMATS = ("md", "html", "pdf", "docx")
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


@cache
def environment(kind: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("civicspace.report", "templates"),
        autoescape=kind == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = lambda text: MD_SPECIAL.sub(r"\\\1", str(text))
    env.filters["date_text"] = date_text
    return env


@cache
def stylesheet() -> str:
    return resources.files(__package__).joinpath("templates/report.css").read_text(encoding="utf-8")


def markdown_of(report: Report) -> str:
    text = environment("md").get_template("report.md.j2").render(r=report)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def html_of(report: Report, note_links: bool = True) -> str:
    return environment("html").get_template("report.html.j2").render(r=report, css=stylesheet(), note_links=note_links)


def pdf_of(report: Report) -> bytes:
    """Footnote numbers in the PDF are plain text, not links: a link per number is a WeasyPrint box of its own and
    cost a sixth of the layout time of a 1,000-incident report; a reader finds note N in the numbered Sources. A long five-area report is laid out a chapter per core (pdf.py)."""
    import weasyprint

    from civicspace.report import pdf

    html = html_of(report, note_links=False)
    if pdf.worth_splitting(report) and (data := pdf.parallel_pdf(html, report)) is not None:
        return data
    return weasyprint.HTML(string=html).write_pdf()


def render(report: Report, fmt: str) -> bytes:
    """The report in `fmt` (md, html, pdf or docx) as the bytes of a file."""
    if fmt == "md":
        return markdown_of(report).encode("utf-8")
    if fmt == "html":
        return html_of(report).encode("utf-8")
    if fmt == "pdf":
        return pdf_of(report)
    if fmt == "docx":
        from civicspace.report.word import docx_of

        return docx_of(report)
    raise ValueError(f"unknown report format {fmt!r}")
