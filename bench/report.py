"""Time a five-area report of 1,000 incidents, from the database to a PDF (target: under 10 s).

Run: .venv/bin/python bench/report.py [--incidents 1000] [--keep DIR] [--one-pass]
Builds a throw-away SQLite record of synthetic incidents, then times gathering,
each output format, and the PDF end to end (gathering included). A long PDF is laid
out a chapter per core (civicspace.report.pdf): CPU figures include those workers.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

SYLLABLES = ["ka", "li", "mo", "ra", "ne", "ti", "so", "vu", "de", "ga", "zi", "pe", "lo", "shi", "ar", "en"]


def name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{word()} {word()}ev"


def fill(n_incidents: int, seed: int = 7) -> None:
    from django.db import transaction

    from civicspace.store.models import Actor, Document, Evidence, Incident, Law, Recommendation, Source
    from civicspace.vocab import vocab

    rng = random.Random(seed)
    areas = [a for a in vocab("areas").codes if a != "general"]
    types = vocab("incident_types").codes
    pub = {"review_state": "verified", "confidentiality": "public"}
    with transaction.atomic():
        docs = [Document.objects.create(sha256=f"{i:064x}", title=f"Monitoring report {2010 + i}",
                                        publisher="Synthetic Watch", published=f"{2010 + i}-12", text="x" * 200, **pub)
                for i in range(10)]
        sources = [Source.objects.create(document=rng.choice(docs), number=str(i), title=f"Court record {i}",
                                         url=f"https://example.org/s/{i}", **pub) for i in range(300)]
        people = [Actor.objects.create(kind="person", name=name(rng), roles=[rng.choice(["journalist", "activist",
                  "blogger", "human_rights_defender"])], country="ZZ", at_risk=rng.random() < 0.05, **pub)
                  for _ in range(300)]
        outlets = [Actor.objects.create(kind="organization", name=f"{name(rng).split()[0]} News", org_type="media",
                                        country="ZZ", **pub) for _ in range(40)]
        laws = [Law.objects.create(instrument="Criminal Code", article=str(100 + i), **pub) for i in range(20)]
        incidents = []
        for i in range(n_incidents):
            year = rng.randint(2010, 2020)
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            incidents.append(Incident(
                type=rng.choice(types), date_start=date, year=year,
                location=rng.choice(["North City", "Port Town", "Capital", "Hill Town"]), country="ZZ",
                charge=rng.choice(["", "", "inciting discord", "disseminating false information"]),
                prison_months=rng.choice([None, None, 6, 36, 90]), area=rng.choice(areas),
                summary=f"Synthetic incident number {i} for the benchmark.", **pub))
        incidents = Incident.objects.bulk_create(incidents)
        Incident.victims.through.objects.bulk_create(
            Incident.victims.through(incident_id=inc.id, actor_id=rng.choice(people if rng.random() < 0.8 else outlets).id)
            for inc in incidents)
        Incident.sources.through.objects.bulk_create(
            Incident.sources.through(incident_id=inc.id, source_id=s.id) for inc in incidents
            for s in rng.sample(sources, 2))
        Incident.laws.through.objects.bulk_create(
            Incident.laws.through(incident_id=inc.id, law_id=rng.choice(laws).id) for inc in incidents
            if rng.random() < 0.4)
        Evidence.objects.bulk_create(
            Evidence(document=rng.choice(docs), start=0, end=10, quote="x" * 10, incident=inc) for inc in incidents)
        for i in range(100):
            rec = Recommendation.objects.create(text=f"Synthetic recommendation {i} to the authorities.",
                                                area=rng.choice([*areas, "general"]), addressees=["state"], **pub)
            rec.sources.set([rng.choice(sources)])


def cpu_seconds() -> float:
    """CPU time of this process and of the finished worker processes that laid out chapters of a long PDF."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(label: str, fn):
    """Wall time (what the target is about) and CPU time, workers included (what the machine's load leaves out)."""
    start, cpu = time.perf_counter(), cpu_seconds()
    result = fn()
    took = time.perf_counter() - start
    print(f"{label:<34}{took:8.2f} s wall {cpu_seconds() - cpu:8.2f} s cpu")
    return result, took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--incidents", type=int, default=1000)
    ap.add_argument("--keep", help="write the outputs to this folder")
    ap.add_argument("--one-pass", action="store_true",
                    help="also time the PDF laid out in one pass, as small reports are, for comparison")
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="civicspace-bench-report-")
    os.environ["CIVICSPACE_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    from civicspace.store import ready_database

    ready_database()
    from civicspace.report import build
    from civicspace.report.render import render
    from civicspace.report.scope import Scope

    timed(f"fill {args.incidents} incidents", lambda: fill(args.incidents))
    scope = Scope(edition="public", generated="2024-05-01")
    render(build("five-area", Scope(areas=("dialogue_cooperation",))), "pdf")  # warm up fonts and imports
    report, _ = timed("gather (public edition)", lambda: build("five-area", scope))
    outputs = {}
    for fmt in ("md", "html", "docx", "pdf"):
        outputs[fmt], _ = timed(f"render {fmt}", lambda fmt=fmt: render(report, fmt))
    pdf, total = timed("PDF end to end (gather + render)", lambda: render(build("five-area", scope), "pdf"))
    if args.one_pass:
        from civicspace.report import pdf as chapters

        chapters.PARALLEL_MIN_LINES = sys.maxsize
        timed("render pdf in one pass (before)", lambda: render(report, "pdf"))
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"PDF: {pages} pages, {len(pdf) / 1e6:.1f} MB, {len(report.notes)} sources; target < 10 s: "
          f"{'met' if total < 10 else 'MISSED'}")
    if args.keep:
        out = Path(args.keep)
        out.mkdir(parents=True, exist_ok=True)
        for fmt, data in outputs.items():
            (out / f"bench-report.{fmt}").write_bytes(data)
    return 0 if total < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
