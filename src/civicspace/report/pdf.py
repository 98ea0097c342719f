"""Large five-area reports as PDF, laid out chapter by chapter on every core.

WeasyPrint lays out one document on one core, line by line; a 1,000-incident report is a hundred pages of that.
Five-area chapters each start on a new page, so each can be laid out alone in a worker process and the pieces
joined: only the page numbers (and the running header on the same margins) depend on what comes before, and those
are stamped on afterwards from one cheap document of empty pages with the report's own @page rules. The front
matter (title page, contents, introduction) is laid out twice in this process, once to learn its length and once
with the contents' page numbers filled in. Small reports keep the single pass: it is as fast and pins the golden file.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from markupsafe import escape

from civicspace.report.model import Report

PARALLEL_MIN_LINES = 200
CHAPTER = re.compile(r'(?=<section class="chapter)')
BARE_MARGINS = "@page { @top-left { content: none } @top-right { content: none } @bottom-right { content: none } }"
STAMP_PAGE = ".stamp { break-before: page; }"
PX = 0.75  # CSS px to PDF points


@dataclass
class Chunks:
    """The report's HTML cut where its chapters start: front matter (ending with the introduction) and chapters."""

    front: str
    chapters: list[str]
    anchors: list[str]


def lines_of(report: Report) -> int:
    """How many bullets, paragraphs and notes the report prints: a page estimate that needs no layout."""
    count = len(report.notes)
    for section in report.sections:
        for block in section.blocks:
            count += len(getattr(block, "lines", [])) + len(getattr(block, "items", []))
            count += sum(len(g.items) for g in getattr(block, "groups", []))
            count += len(getattr(block, "rows", []))
    return count


def worth_splitting(report: Report) -> bool:
    """Only the five-area report breaks the page before every chapter, so only it can be cut there unchanged."""
    return report.kind == "five-area" and report.contents and lines_of(report) > PARALLEL_MIN_LINES


def chunks_of(html: str, report: Report) -> Chunks | None:
    """None when the HTML is not cut as expected, and the report is then laid out in one pass."""
    body_start = html.find("<main>")
    body_end = html.rfind("</main>")
    if body_start < 0 or body_end < 0:
        return None
    head, main, tail = html[:body_start], html[body_start + len("<main>"):body_end], html[body_end:]
    sections = [s for s in CHAPTER.split(main) if s.strip()]
    anchors = [s.anchor for s in report.sections] + (["sources"] if report.notes else [])
    if len(sections) != len(anchors) or len(sections) < 2:
        return None
    shell = head[: head.find("<header")] if "<header" in head else None
    if shell is None:
        return None
    return Chunks(
        front=head + "<main>\n" + sections[0] + tail,
        chapters=[shell + "<main>\n" + s + tail for s in sections[1:]],
        anchors=anchors,
    )


def with_style(html: str, css: str) -> str:
    """The HTML with `css` after its own stylesheet, so that it wins where both set a property."""
    return html.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1)


def chapter_pdf(html: str) -> bytes:
    """A chapter laid out alone, with empty margins: its page numbers are stamped once the pages before are known."""
    import weasyprint

    return weasyprint.HTML(string=with_style(html, BARE_MARGINS)).write_pdf()


@dataclass
class Front:
    pdf: bytes
    pages: int
    links: list[tuple[int, str, tuple[float, float, float, float]]]


def front_pdf(html: str, chapter_pages: dict[str, int] | None) -> Front:
    """The front matter with each contents entry of a later chapter showing `chapter_pages[anchor]` (or a
    placeholder as wide as a three-digit number); the links to those chapters are lifted out (their targets are in
    other pieces) and returned as (page index, anchor, rectangle in PDF points) to be added after the join."""
    import weasyprint

    css = [BARE_MARGINS]
    for anchor, page in (chapter_pages or {}).items():
        css.append(f'.contents a[href="#{anchor}"]::after {{ content: leader(".") "{page}"; }}')
    if chapter_pages is None:
        css.append('.contents a::after { content: leader(".") "000"; }')
    document = weasyprint.HTML(string=with_style(html, "\n".join(css))).render()
    own = {name for page in document.pages for name in page.anchors}
    links = []
    for index, page in enumerate(document.pages):
        kept = []
        for link in page.links:
            kind, target, (x0, y0, x1, y1), _ = link
            if kind == "internal" and target not in own:
                height = page.height * PX
                links.append((index, target, (x0 * PX, height - y1 * PX, x1 * PX, height - y0 * PX)))
            else:
                kept.append(link)
        page.links[:] = kept
    return Front(document.write_pdf(), len(document.pages), links)


def stamps_pdf(html_head: str, title: str, pages: int) -> bytes:
    """Empty pages carrying only what the report's @page rules put in the margins: header and "N / M"."""
    import weasyprint

    body = f'<body><header class="title-page"><p class="title">{escape(title)}</p></header>'
    body += '<div class="stamp"></div>' * (pages - 1) + "</body></html>"
    return weasyprint.HTML(string=with_style(html_head, STAMP_PAGE) + body).write_pdf()


def stamp_all(writer, stamps: bytes) -> None:
    """Draw stamp page N over page N (the title page excepted) as a form XObject: pypdf's merge_page would parse
    and rewrite every page's whole content stream, a second of work for a hundred pages; this only appends."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    def stream(data: bytes):
        obj = DecodedStreamObject()
        obj.set_data(data)
        return writer._add_object(obj)

    save = stream(b"q\n")
    for number, stamp in enumerate(PdfReader(io.BytesIO(stamps)).pages):
        if not number:
            continue
        content, resources = stamp.get_contents(), stamp["/Resources"].get_object()
        if content is None or not isinstance(resources, DictionaryObject):
            continue
        form = DecodedStreamObject()
        form.set_data(content.get_data())
        form.update({
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(stamp.mediabox),
            NameObject("/Resources"): resources.clone(writer),
        })
        name = NameObject(f"/CivicspaceStamp{number}")
        page = writer.pages[number]
        own = page["/Resources"].get_object()
        if "/XObject" not in own:
            own[NameObject("/XObject")] = DictionaryObject()
        own["/XObject"].get_object()[name] = writer._add_object(form)
        contents = page["/Contents"]
        old = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *old, stream(b"Q\nq " + name.encode() + b" Do Q\n")])


def joined_pdf(front: Front, chapters: list[bytes], starts: dict[str, int], stamps: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link

    writer = PdfWriter()
    front_reader = PdfReader(io.BytesIO(front.pdf))
    writer.append(front_reader)
    for data in chapters:
        writer.append(PdfReader(io.BytesIO(data)))
    stamp_all(writer, stamps)
    for index, target, rect in front.links:
        if target in starts:
            writer.add_annotation(index, Link(rect=rect, target_page_index=starts[target] - 1, border=[0, 0, 0]))
    if front_reader.metadata:
        writer.add_metadata(dict(front_reader.metadata))
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pool_of(workers: int) -> ProcessPoolExecutor:
    """Workers forked from this process inherit WeasyPrint warmed up by the front matter (fonts found, default
    stylesheets parsed), a second saved in each; forking is only safe while no other thread runs, so a threaded
    web worker starts them from a fork server instead, where they set Django up to import this module."""
    from civicspace.store import setup

    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    method = "forkserver" if "forkserver" in methods else "spawn"
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=setup)


def parallel_pdf(html: str, report: Report, workers: int | None = None) -> bytes | None:
    """The report laid out chapter by chapter in worker processes, or None if its HTML could not be cut."""
    from pypdf import PdfReader

    chunks = chunks_of(html, report)
    if chunks is None:
        return None
    workers = workers or min(os.cpu_count() or 1, len(chunks.chapters))
    order = sorted(range(len(chunks.chapters)), key=lambda i: -len(chunks.chapters[i]))
    first = front_pdf(chunks.front, None)
    gc.freeze()  # forked workers then leave the parent's objects alone instead of copying their pages to collect
    try:
        with pool_of(workers) as pool:
            futures = {i: pool.submit(chapter_pdf, chunks.chapters[i]) for i in order}
            chapters = [futures[i].result() for i in range(len(chunks.chapters))]
            lengths = [len(PdfReader(io.BytesIO(data)).pages) for data in chapters]
            stamps_head = html[: html.find("<body")]
            total = first.pages + sum(lengths)
            stamps = pool.submit(stamps_pdf, stamps_head, report.title, total)
            front = first
            for _ in range(3):
                starts, page = {}, front.pages + 1
                for anchor, length in zip(chunks.anchors[1:], lengths, strict=True):
                    starts[anchor] = page
                    page += length
                front = front_pdf(chunks.front, starts)
                if front.pages == first.pages:
                    break
                first = front
            if front.pages + sum(lengths) != total:
                stamps = pool.submit(stamps_pdf, stamps_head, report.title, front.pages + sum(lengths))
            return joined_pdf(front, chapters, starts, stamps.result())
    finally:
        gc.unfreeze()
