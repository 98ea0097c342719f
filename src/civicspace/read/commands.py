"""`civicspace read FILE [--json]`: check what civicspace makes of a file before importing it."""

from __future__ import annotations

import argparse
import json
import sys

from civicspace.read.document import Document
from civicspace.read.outline import plain

PREVIEW_WORDS = 8


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("read", help="show the outline civicspace reads from a PDF, DOCX, HTML or text file")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the whole document as JSON")
    p.add_argument(
        "--max-bytes",
        type=int,
        default=None,
        help="refuse files larger than this (default: CIVICSPACE_MAX_BYTES or 100 MB)",
    )
    p.set_defaults(func=run_read)


def run_read(args: argparse.Namespace) -> int:
    from civicspace.read.dispatch import read_file  # the readers' libraries load only for this command

    doc = read_file(args.file, max_bytes=args.max_bytes)
    if args.json:
        json.dump(doc.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(outline_report(doc))
    return 0


def _words(text: str, n: int = PREVIEW_WORDS) -> str:
    words = plain(text).split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def outline_report(doc: Document) -> str:
    """The outline as a person checks it: sections, how many list items each, sources, language."""
    m = doc.metadata
    out = [
        f"title:     {m.title or '-'}",
        f"format:    {m.format}" + (f", {m.pages} page{'s' if m.pages != 1 else ''}" if m.pages else ""),
        f"language:  {m.language or '-'}",
        f"publisher: {m.publisher or '-'}",
        f"published: {m.published or '-'}",
        f"sha256:    {m.sha256}",
        f"text:      {len(doc.text)} characters, {len(doc.blocks)} blocks, {len(doc.footnotes)} footnote markers",
        "",
        "sections:",
    ]
    items: list = []

    def flush_items() -> None:
        if items:
            out.append(
                f"    {len(items)} list items: "
                + "; ".join(_words(b.text, 5) for b in items[:3])
                + ("; …" if len(items) > 3 else "")
            )
            items.clear()

    for block in doc.blocks:
        if block.kind == "heading":
            flush_items()
            indent = "  " * max((block.level or 1) - 1, 0)
            out.append(f"  {indent}{block.number + ' ' if block.number else ''}{plain(block.text)}")
        elif block.kind == "list_item":
            items.append(block)
    flush_items()
    out.append("")
    out.append(f"sources: {len(doc.sources)}")
    for s in doc.sources:
        out.append(f"  [{s.id}] {_words(s.title or '', 10)}  {s.url or '(no url)'}")
    if doc.boilerplate:
        out.append("")
        out.append(
            f"left out as page furniture: {len(doc.boilerplate)} spans, {sum(b - a for a, b in doc.boilerplate)} characters"
        )
    return "\n".join(out) + "\n"
