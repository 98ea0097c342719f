"""`civicspace extract FILE... [-o DOSSIER.json | --out-dir DIR] [--jobs N]` and `civicspace ingest FILE...`.

Several files are extracted in parallel, one process per core, each loading the
spaCy model once; a dossier is written only when its whole extraction succeeded,
through a temporary file, so nothing half-written is ever left behind.
"""

from __future__ import annotations

import argparse
import mimetypes
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from civicspace.dossier import DossierError
from civicspace.errors import CivicspaceError
from civicspace.files import write_atomically
from civicspace.vocab import vocab


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="extract a dossier (people, incidents, laws, recommendations) from documents")
    p.add_argument("files", nargs="+", metavar="FILE")
    out = p.add_mutually_exclusive_group()
    out.add_argument("-o", "--output", metavar="DOSSIER.json", help="write the dossier here (one input file only)")
    out.add_argument("--out-dir", metavar="DIR", help="write one <file name>.json per input file into DIR")
    p.add_argument("--jobs", "-j", type=int, default=0, help="parallel processes (default: one per core)")
    p.add_argument("--config", metavar="PIPELINE.yaml", help="another pipeline configuration")
    p.set_defaults(func=run_extract)

    p = sub.add_parser("ingest", help="read, extract and store documents for review (records start as extracted)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--state", choices=["extracted", "verified"], default="extracted",
                   help="review state of the stored records (extracted)")
    p.add_argument("--confidentiality", choices=vocab("confidentiality").codes, default="internal", metavar="LEVEL",
                   help=f"level of the stored records: {', '.join(vocab('confidentiality').codes)} (internal)")
    p.add_argument("--config", metavar="PIPELINE.yaml", help="another pipeline configuration")
    p.set_defaults(func=run_ingest)


def _extract_one(path: str, config: str | None) -> tuple[str, str | None, str | None]:
    """(path, dossier JSON, error): run in a worker, so errors travel back as text."""
    from civicspace.extract import extract_file

    try:
        return path, extract_file(path, config).to_json(), None
    except (CivicspaceError, DossierError) as err:
        return path, None, str(err)


def _write_atomic(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, content)


def jobs_for(requested: int, files: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(requested or cores, files))


def run_extract(args: argparse.Namespace) -> int:
    files: list[str] = args.files
    if args.output and len(files) > 1:
        raise CivicspaceError(f"{args.output}: -o takes one input file; use --out-dir DIR for {len(files)} files")
    for f in files:
        if not Path(f).is_file():
            raise CivicspaceError(f"{f}: no such file")
    jobs = jobs_for(args.jobs, len(files))
    if jobs == 1:
        results = [_extract_one(f, args.config) for f in files]
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_extract_one, files, [args.config] * len(files)))
    failed = [err for _, _, err in results if err]
    for path, text, _err in results:
        if text is None:
            continue
        if args.output:
            _write_atomic(Path(args.output), text)
        elif args.out_dir:
            _write_atomic(Path(args.out_dir) / (Path(path).stem + ".json"), text)
        else:
            sys.stdout.write(text)
    if failed:
        raise CivicspaceError("; ".join(failed))
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    """Each file is stored in its own transaction, so one bad file leaves the others stored and itself absent;
    a file already stored (same sha256) changes nothing."""
    from civicspace.store import ready_database

    for f in args.files:
        if not Path(f).is_file():
            raise CivicspaceError(f"{f}: no such file")
    ready_database()
    from civicspace.extract import extract_document
    from civicspace.read import read_file
    from civicspace.store.importer import Defaults, Original, import_dossier

    defaults = Defaults(review_state=args.state, confidentiality=args.confidentiality)
    failed = []
    for f in args.files:
        try:
            document = read_file(f)
            meta = {k: v for k, v in vars(document.metadata).items() if v is not None and k != "path"}
            original = Original(data=Path(f).read_bytes(), text=document.text, filename=Path(f).name,
                                media_type=mimetypes.guess_type(f)[0] or "", metadata=meta, path=f)
            outcome = import_dossier(extract_document(document, args.config, f), source=f, original=original,
                                     defaults=defaults)
        except (CivicspaceError, DossierError) as err:
            failed.append(str(err).splitlines()[0])
            continue
        print(outcome.message)
    if failed:
        raise CivicspaceError("; ".join(failed))
    return 0
