"""Round trip: gold dossier -> record -> five-area report (PDF, DOCX) -> extractor -> score against the gold.

Run: .venv/bin/python bench/report_roundtrip.py [--keep DIR]
For each development gold dossier in ../shared/gold (skipped when absent): import it
into a fresh SQLite record as verified and public, write the five-area report as PDF
and DOCX, extract each back with `civicspace extract`, and score the result with
../shared/tools/score_dossier.py. Targets: incident F1 0.90, recommendation F1 0.95.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CLI = [sys.executable, "-m", "civicspace.cli"]
TARGETS = {"incidents": 0.90, "recommendations": 0.95}


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def f1_of(score: str, kind: str) -> float:
    m = re.search(rf"^{kind}\s+\S+\s+\S+\s+(\S+)", score, re.MULTILINE)
    return float(m.group(1)) if m else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", help="keep the reports and extracted dossiers in this folder")
    args = ap.parse_args()
    if not (SHARED / "gold").is_dir():
        print("../shared/gold is absent: nothing to measure")
        return 0
    out = Path(args.keep or tempfile.mkdtemp(prefix="civicspace-roundtrip-"))
    out.mkdir(parents=True, exist_ok=True)
    met = True
    for gold in sorted((SHARED / "gold").glob("*.json")):
        corpus = SHARED / "corpus" / f"{gold.stem}.txt"
        home = out / gold.stem
        env = {**os.environ, "CIVICSPACE_HOME": str(home), "DATABASE_URL": ""}
        run([*CLI, "import", str(gold), "--document", str(corpus), "--state", "verified",
             "--confidentiality", "public"], env)
        for fmt in ("pdf", "docx"):
            report = home / f"report.{fmt}"
            run([*CLI, "report", "--out", str(report)], env)
            predicted = home / f"extracted-{fmt}.json"
            run([*CLI, "extract", str(report), "-o", str(predicted)], env)
            score = run([sys.executable, str(SHARED / "tools" / "score_dossier.py"), str(gold), str(predicted)], env)
            print(f"== {gold.stem}: five-area report as {fmt.upper()}, extracted again")
            print(score.rstrip())
            for kind, target in TARGETS.items():
                f1 = f1_of(score, kind)
                met &= f1 >= target
                print(f"   {kind} F1 {f1:.3f} (target {target})")
    print("targets met" if met else "targets NOT met")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
