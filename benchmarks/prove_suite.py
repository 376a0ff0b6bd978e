"""Prove every problem of a file under a per-problem time limit and summarise.

    python benchmarks/prove_suite.py FILE --timeout S [--workers W] [--seed N]
                                     [--csv OUT] [--json OUT] [--reference JSON]
                                     [--compare-csv CSV] [--check] [--domain D]
                                     [--proposer none|heuristic|model|both] [--model PATH|default]
                                     [--beam B] [--depth D]

The same command as ``symgen bench``.  A progress line per problem goes to stderr,
the summary table (solved/total, median and p90 seconds of the solved problems) to
stdout.  See symgen/bench/ (the runner: pool, rows, writers, command line).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symgen.bench import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
