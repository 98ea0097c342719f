"""`civicspace demo`: the main job end to end on the bundled sample report.

It runs the very commands a monitor would type (read, extract, import, report,
then the workspace), printing each one first, so the demo doubles as a tutorial
and never drifts from the real command line.
"""

from __future__ import annotations

import argparse
import secrets
import shlex
from importlib import resources
from pathlib import Path

from civicspace.errors import CivicspaceError


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run read, extract, store, report and the workspace on the bundled sample")
    p.add_argument("--no-serve", action="store_true", help="stop after the reports instead of opening the workspace")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=run_demo)


def sample_paths() -> tuple[Path, Path]:
    """The team's own sample report shipped inside the package, and its hand-made dossier."""
    root = resources.files("civicspace") / "samples"
    return Path(str(root / "sample-report.json")), Path(str(root / "sample-report.md"))


def _step(title: str, *argv: str) -> None:
    from civicspace.cli import main

    print(f"\n== {title}\n$ civicspace {shlex.join(argv)}", flush=True)
    code = main(list(argv))
    if code:
        raise CivicspaceError(f"demo: `civicspace {shlex.join(argv)}` failed (exit {code})")


def run_demo(args: argparse.Namespace) -> int:
    from django.conf import settings

    from civicspace.store import ready_database

    ready_database()
    work = Path(settings.HOME) / "demo"
    work.mkdir(parents=True, exist_ok=True)
    sample = str(sample_paths()[1])
    dossier = str(work / "sample-report.dossier.json")

    _step("1. read: the outline of the sample report", "read", sample)
    _step("2. extract: a dossier with evidence for every fact", "extract", sample, "-o", dossier)
    _step("3. store: import it for review (as 'extracted')", "import", dossier, "--document", sample,
          "--confidentiality", "public")
    _step("   what the record holds now", "summary")
    for fmt in ("md", "html", "pdf", "docx"):
        _step(f"4. report: the five-area report ({fmt})", "report", "--state", "all", "--format", fmt,
              "--out", str(work / f"five-area-report.{fmt}"))
    _step("   the list of political prisoners", "report", "--kind", "prisoners", "--state", "all",
          "--format", "md", "--out", str(work / "prisoners.md"))
    print(f"\nReports written to {work}")

    password = secrets.token_urlsafe(12)
    _step("5. workspace: an account to sign in with", "user", "add", "demo", "--role", "admin", "--password", password)
    if args.no_serve:
        print(f"\nStart the workspace with `civicspace serve` and sign in as demo / {password}")
        return 0
    print(f"\nOpen http://127.0.0.1:{args.port}/ and sign in as demo / {password} (Ctrl-C stops the server)")
    _step("   the web workspace", "serve", "--port", str(args.port))
    return 0
