"""`civicspace report`: write a report from the record to a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from civicspace import files
from civicspace.errors import CivicspaceError

FORMATS = ("md", "html", "pdf", "docx")


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write a report (five-area, prisoners list, UN submission) from the record")
    p.add_argument("--format", choices=FORMATS, help="output format (default: from the --out suffix)")
    p.add_argument("--out", required=True, help="file to write")
    p.add_argument("--kind", choices=("five-area", "prisoners", "un-submission"), default="five-area")
    p.add_argument("--edition", choices=("full", "public"), default="full",
                   help="public: only public records, persons at risk by pseudonym (default: full)")
    p.add_argument("--clearance", choices=("public", "internal", "restricted"), default="internal",
                   help="highest confidentiality a full edition may show (default: internal)")
    p.add_argument("--state", choices=("verified", "extracted", "all"), default="verified",
                   help="review state of the records reported (default: verified)")
    p.add_argument("--country", default="", help="two-letter country code")
    p.add_argument("--from", dest="date_from", default="", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", default="", metavar="DATE", help="YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--area", nargs="+", default=[], metavar="AREA", help="only these areas")
    p.add_argument("--person", type=int, help="actor id of the person (un-submission)")
    p.add_argument("--title", default="", help="title for the title page")
    p.set_defaults(func=run)


def format_of(args: argparse.Namespace) -> str:
    fmt = args.format or Path(args.out).suffix.lstrip(".").lower()
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS:
        raise CivicspaceError(f"{args.out}: give --format {'|'.join(FORMATS)} (or an --out file ending in one)")
    return fmt


def write_atomically(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        raise CivicspaceError(f"{path}: folder {path.parent} does not exist")
    files.write_atomically(path, data)


def run(args: argparse.Namespace) -> int:
    fmt = format_of(args)
    if args.kind == "un-submission" and args.person is None:
        raise CivicspaceError("--person ID: a UN submission is about one person")
    from civicspace.store import ready_database

    ready_database()
    from civicspace.report import build
    from civicspace.report.render import render
    from civicspace.report.scope import Scope

    scope = Scope(edition=args.edition, clearance=args.clearance, state=args.state, country=args.country.upper(),
                  date_from=args.date_from, date_to=args.date_to, areas=tuple(args.area), person=args.person,
                  title=args.title)
    report = build(args.kind, scope)
    out = Path(args.out)
    write_atomically(out, render(report, fmt))
    print(f"{out}: {args.kind} report, {args.edition} edition, {len(report.notes)} sources cited")
    return 0
