"""Extraction speed and memory: the whole pipeline against the bare spaCy model, side by side.

    .venv/bin/python bench/extract.py [--repeat N] [FILE ...]

Both runs see the same text (the read documents' blocks), in the same process, with
the model already loaded, so the ratio is what the pipeline adds to spaCy's own work.
Targets (issue 4): at most 1.5x the bare model's time; peak memory under 1 GB.
Default input: the development corpus beside the checkout, else tests/data/extract.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from civicspace.extract import run
from civicspace.extract.pipeline import load_config, pipeline
from civicspace.read import read_file

ROOT = Path(__file__).resolve().parents[1]


def default_files() -> list[Path]:
    corpus = ROOT.parent / "shared" / "corpus"
    files = sorted(corpus.glob("*.txt")) if corpus.is_dir() else []
    return files or sorted((ROOT / "tests" / "data" / "extract").glob("*.txt"))


def unit_texts(doc) -> list[str]:
    """The texts the pipeline hands to spaCy for one document."""
    ext = pipeline()(doc)
    return [ext.text[u.start:u.end] for u in ext.units if u.spacy_doc is not None]


def parallel_scaling(files: list[Path], copies: int = 4) -> str:
    """`civicspace extract --out-dir` wall time on several files, one process against one per core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as tmp:
        inputs = []
        for i in range(copies):
            for f in files:
                target = Path(tmp) / f"{f.stem}-{i}{f.suffix}"
                shutil.copyfile(f, target)
                inputs.append(str(target))
        times = {}
        for jobs in (1, cores):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "civicspace.cli", "extract", *inputs, "--out-dir",
                            str(Path(tmp) / f"out{jobs}"), "--jobs", str(jobs)], check=True)
            times[jobs] = time.perf_counter() - t0
    return (f"civicspace extract on {len(inputs)} files (model load included): --jobs 1 {times[1]:.1f}s, "
            f"--jobs {cores} {times[cores]:.1f}s, speed-up {times[1] / times[cores]:.2f}x on {cores} cores")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=5, help="passes over the files (default 5)")
    args = ap.parse_args()
    files = args.files or default_files()
    docs = [read_file(f) for f in files]
    model = load_config()["settings"]["model"]

    bare = spacy.load(model)
    texts = [t for d in docs for t in unit_texts(d)]  # also warms the pipeline and its model
    words = sum(len(t.split()) for t in texts) * args.repeat

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        for _parsed in bare.pipe(texts, batch_size=64):
            pass
    t_bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    records = 0
    for _ in range(args.repeat):
        for d in docs:
            ext = run(d)
            records += len(ext.actors) + len(ext.laws) + len(ext.incidents) + len(ext.recommendations)
    t_full = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    scaling = parallel_scaling(files)
    print(f"input: {len(files)} files x {args.repeat} passes, {words} words, model {model}")
    print(f"{'run':<28}{'seconds':>9}{'words/s':>10}")
    print(f"{'bare spaCy nlp.pipe':<28}{t_bare:>9.2f}{words / t_bare:>10.0f}")
    print(f"{'civicspace pipeline':<28}{t_full:>9.2f}{words / t_full:>10.0f}")
    print(f"ratio pipeline/bare: {t_full / t_bare:.2f}x (target <= 1.5x)")
    print(f"records per pass: {records // args.repeat}")
    print(f"peak memory (max RSS): {peak_mb:.0f} MB (target < 1024 MB)")
    print(scaling)


if __name__ == "__main__":
    main()
