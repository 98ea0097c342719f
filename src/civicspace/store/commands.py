"""Sub-commands of the store: schema, migrate, import, export, summary."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from civicspace.vocab import vocab

STATES = ["extracted", "verified"]


def add_commands(sub: argparse._SubParsersAction) -> None:
    levels = vocab("confidentiality").codes

    p = sub.add_parser("schema", help="print the JSON Schema of the dossier format")
    p.set_defaults(func=schema)

    p = sub.add_parser("migrate", help="create or upgrade the database tables (needed once per upgrade on a server)")
    p.set_defaults(func=migrate)

    p = sub.add_parser("import", help="store a dossier, all of it or nothing")
    p.add_argument("dossier", metavar="DOSSIER.json")
    p.add_argument("--document", metavar="ORIGINAL_FILE", action="append", help="the file the dossier was made "
                   "from: kept, and every evidence passage is checked against its text (once per document of a "
                   "merged dossier)")
    p.add_argument("--state", choices=STATES, default="extracted", help="review state of the records (extracted)")
    p.add_argument("--confidentiality", choices=levels, default="internal",
                   help="level of records that do not set their own (internal)")
    p.set_defaults(func=import_)

    p = sub.add_parser("export", help="write what is stored as dossiers (json) or tables (csv)")
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("--out", metavar="DIR", help="directory: one <sha256>.json per document, or one CSV per kind")
    p.add_argument("--merged", metavar="FILE", help="with --format json: one dossier of every document")
    p.add_argument("--state", choices=[*STATES, "all"], default="all", help="review state to include (all)")
    p.add_argument("--confidentiality", choices=levels, default="internal", metavar="LEVEL",
                   help=f"highest level included: {', '.join(levels)} (internal)")
    p.set_defaults(func=export)

    p = sub.add_parser("summary", help="print what the record holds: records per kind, incidents per area and type")
    p.set_defaults(func=summary)


def schema(args: argparse.Namespace) -> int:
    from civicspace.dossier import json_schema

    print(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return 0


def migrate(args: argparse.Namespace) -> int:
    from civicspace.store import setup

    setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        settings.HOME.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=1)
    return 0


def import_(args: argparse.Namespace) -> int:
    from civicspace.store import ready_database

    ready_database()
    from civicspace.store.importer import Defaults, import_file

    outcome = import_file(args.dossier, args.document, Defaults(args.state, args.confidentiality))
    print(outcome.message)
    return 0


def export(args: argparse.Namespace) -> int:
    from civicspace.errors import CivicspaceError
    from civicspace.store import ready_database

    if not args.out and not args.merged:
        raise CivicspaceError("export: give --out DIR (or --merged FILE with --format json)")
    if args.merged and args.format != "json":
        raise CivicspaceError("export: --merged writes a dossier, so it goes with --format json")
    ready_database()
    from civicspace.store import exporter

    selection = exporter.Selection(state=args.state, confidentiality=args.confidentiality)
    written: list[Path] = []
    if args.format == "csv":
        written = exporter.write_csv(args.out, selection)
    else:
        if args.out:
            written = exporter.write_json(args.out, selection)
        if args.merged:
            written.append(exporter.write_merged(args.merged, selection))
    print(f"wrote {len(written)} file(s): {', '.join(str(p) for p in written)}" if len(written) < 10
          else f"wrote {len(written)} files to {args.out}")
    return 0


def summary(args: argparse.Namespace) -> int:
    from civicspace.store import ready_database

    ready_database()
    from civicspace.store.summary import summary_text

    print(summary_text())
    return 0
