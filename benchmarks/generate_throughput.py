"""Generation throughput: verified, deduplicated theorems per second per core, at 1 and 2 workers.

    python benchmarks/generate_throughput.py [--count 2000] [--seed 0] [--domain geometry]

Each setting runs ``symgen generate`` into a fresh temporary folder and prints a table:
wall seconds, theorems, theorems/s, per core, distinct diagrams (generated items the records
come from) per second per core, theorems with aux per second, and whether the data files are
byte-identical to the 1-worker run.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
import time
from pathlib import Path

from symgen import corpus


def _digest(out: Path) -> str:
    h = hashlib.sha256()
    for f in sorted((out / "data").glob("*.jsonl")):
        h.update(f.read_bytes())
    return h.hexdigest()[:12]


def _diagrams(out: Path) -> int:
    """Distinct diagrams the records come from: one per generated item (seed, index)."""
    items = set()
    for f in (out / "data").glob("*.jsonl"):
        for line in f.read_text().splitlines():
            r = json.loads(line)
            items.add((r.get("seed"), r.get("index")))
    return len(items)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--domain", default="geometry")
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    args = ap.parse_args(argv)
    rows, first = [], None
    for w in [int(x) for x in args.workers.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            run = corpus.Run(args.domain, args.seed, args.count, {}, Path(tmp))
            t = time.perf_counter()
            result = corpus.generate(run, workers=w)
            dt = time.perf_counter() - t
            digest = _digest(Path(tmp))
            first = first or digest
            aux = result["report"]["with_aux"]
            diagrams = _diagrams(Path(tmp))
            rows.append((w, dt, result["records"], result["records"] / dt,
                         result["records"] / dt / w, diagrams / dt / w, aux / dt,
                         digest == first))
    print(f"{'workers':>7} {'seconds':>8} {'theorems':>8} {'per s':>7} {'per s/core':>10} "
          f"{'diagrams/s/core':>15} {'aux per s':>9} {'identical':>9}")
    for w, dt, n, rate, per_core, dia, aux, same in rows:
        print(f"{w:>7} {dt:>8.1f} {n:>8} {rate:>7.1f} {per_core:>10.1f} {dia:>15.2f} {aux:>9.2f} "
              f"{str(same):>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
