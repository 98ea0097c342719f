"""Word (DOCX) output, written from the same report objects the templates render.

Headings, lists and tables use Word's own styles so that the file keeps its
structure when an advocate edits it, and footnote numbers are the same [N]
markers as in the other formats, resolving to the list of sources at the end.
"""

from __future__ import annotations

from io import BytesIO

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from civicspace.report.chart import png_of
from civicspace.report.model import (
    Block,
    Bullets,
    Chart,
    Fields,
    Figures,
    Groups,
    Line,
    Paragraphs,
    Report,
    Section,
    Table,
)
from civicspace.report.scope import date_text

ACCENT = RGBColor(0x0B, 0x4F, 0x6C)
MUTED = RGBColor(0x52, 0x60, 0x6D)


def add_line(paragraph, line: Line) -> None:
    if line.lead:
        lead = paragraph.add_run(line.lead)
        lead.bold = True
        lead.font.color.rgb = ACCENT
        paragraph.add_run(" — ")
    paragraph.add_run(line.text)
    for i, n in enumerate(line.notes):
        if i:
            paragraph.add_run(",").font.superscript = True
        paragraph.add_run(str(n)).font.superscript = True


def add_table(doc, headers: list[str] | None, rows: list[list[Line]]) -> None:
    cols = len(headers) if headers else len(rows[0]) if rows else 1
    table = doc.add_table(rows=0, cols=cols)
    table.style = doc.styles["Light Grid Accent 1"] if headers else doc.styles["Light List Accent 1"]
    if headers:
        cells = table.add_row().cells
        for cell, text in zip(cells, headers, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, line in zip(cells, row, strict=True):
            add_line(cell.paragraphs[0], line)
    doc.add_paragraph()


def add_block(doc, block: Block) -> None:
    if isinstance(block, Paragraphs):
        for line in block.lines:
            add_line(doc.add_paragraph(), line)
    elif isinstance(block, Groups):
        for group in block.groups:
            p = doc.add_paragraph()
            p.paragraph_format.space_before = Pt(8)
            p.paragraph_format.keep_with_next = True
            p.add_run(group.title).bold = True
            if group.subtitle:
                role = p.add_run(f", {group.subtitle}")
                role.font.color.rgb = MUTED
            for line in group.items:
                add_line(doc.add_paragraph(style="List Bullet"), line)
    elif isinstance(block, Bullets):
        if block.title:
            title = doc.add_paragraph()
            title.paragraph_format.space_before = Pt(10)
            title.paragraph_format.keep_with_next = True
            run = title.add_run(block.title)
            run.bold = True
            run.font.color.rgb = ACCENT
        for i, line in enumerate(block.items, start=1):
            p = doc.add_paragraph(style="List Paragraph" if block.numbered else "List Bullet")
            if block.numbered:
                p.paragraph_format.left_indent = Cm(0.9)
                p.paragraph_format.first_line_indent = Cm(-0.9)
                p.add_run(f"{i}.\t")
            add_line(p, line)
    elif isinstance(block, Table):
        add_table(doc, block.headers, block.rows)
    elif isinstance(block, Fields):
        add_table(doc, None, [[Line(label), value] for label, value in block.rows])
        for row in doc.tables[-1].rows:
            for run in row.cells[0].paragraphs[0].runs:
                run.bold = True
    elif isinstance(block, Figures):
        add_table(doc, ["Key figure", "Number"], [[Line(label), Line(value)] for label, value in block.rows])
    elif isinstance(block, Chart):
        doc.add_picture(BytesIO(png_of(block.svg)), width=Cm(16))
        doc.add_paragraph(block.title, style="Caption")


def add_section(doc, section: Section) -> None:
    doc.add_heading(f"{section.label} {section.title}", level=1)
    for block in section.blocks:
        add_block(doc, block)


def page_number_footer(doc) -> None:
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = 2
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph._p.append(field)


def title_page(doc, report: Report) -> None:
    brand = doc.add_paragraph()
    run = brand.add_run("CIVIC SPACE MONITORING")
    run.font.size = Pt(9)
    run.font.color.rgb = MUTED
    title = doc.add_paragraph(report.title, style="Title")
    title.paragraph_format.space_before = Pt(96)
    doc.add_paragraph(report.subtitle, style="Subtitle")
    for item in report.scope:
        doc.add_paragraph(item)
    doc.add_paragraph(report.notice, style="Intense Quote")
    generated = doc.add_paragraph().add_run(f"Generated on {date_text(report.generated)}")
    generated.font.color.rgb = MUTED
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def contents(doc, report: Report) -> None:
    doc.add_paragraph("Contents", style="TOC Heading")
    for section in report.sections:
        doc.add_paragraph(f"{section.label} {section.title}").paragraph_format.space_after = Pt(2)
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)


def docx_of(report: Report) -> bytes:
    doc = docx.Document()
    doc.core_properties.title = report.title
    doc.core_properties.subject = report.subtitle
    doc.core_properties.author = "civicspace"
    if report.kind == "prisoners":
        page = doc.sections[0]
        page.orientation = WD_ORIENT.LANDSCAPE
        page.page_width, page.page_height = page.page_height, page.page_width
    page_number_footer(doc)
    title_page(doc, report)
    if report.contents:
        contents(doc, report)
    for section in report.sections:
        add_section(doc, section)
    if report.notes:
        doc.add_heading("Sources", level=1)
        for note in report.notes:
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Cm(1)
            p.paragraph_format.first_line_indent = Cm(-1)
            p.add_run(f"[{note.number}]\t{note.title}.")
            if note.origin:
                p.add_run(f" In: {note.origin}.").font.color.rgb = MUTED
            if note.url:
                p.add_run(f" {note.url}")
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()
