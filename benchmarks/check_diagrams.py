"""Parse every problem of a file and draw its diagram with the goal checked numerically.

    python benchmarks/check_diagrams.py FILE [--seed S] [--attempts N]

Prints one line per problem that fails to parse or draw (its name and the reason),
then ``built N/M`` and the time taken.  Problem i is drawn with the generator
seeded by (seed, i), so a run is reproducible and independent of the others.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domains.geometry.diagram import build  # noqa: E402
from domains.geometry.parse import parse_file  # noqa: E402
from symgen.errors import ProblemError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--attempts", type=int, default=100)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    items = parse_file(args.file.read_text(), str(args.file))
    built = 0
    for i, item in enumerate(items):
        if isinstance(item, ProblemError):
            print(f"FAIL {item.problem}: {item}")
            continue
        try:
            build(item, np.random.default_rng([args.seed, i]), attempts=args.attempts)
            built += 1
        except ProblemError as err:
            print(f"FAIL {item.name}: {err.reason}"
                  + (f" [clause {err.position} {err.clause!r}]" if err.clause else ""))
    print(f"built {built}/{len(items)} in {time.perf_counter() - start:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
