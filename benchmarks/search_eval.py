"""Solve rates of the search with each proposer, at the same time budget per problem.

    python benchmarks/search_eval.py --data DIR [--count 200] [--timeout 60]
    python benchmarks/search_eval.py --problems FILE [--timeout 60]
        [--proposers none,heuristic,model] [--model PATH|default] [--workers W]
        [--beam B] [--depth D] [--nodes N] [--distractors N] [--csv OUT]

``--data DIR`` is a generated corpus (``symgen generate --aux-only --aux-per-diagram 1
--seed S``, with a seed other than the training corpus's; one aux goal per diagram, since
a diagram's aux goals come in clusters; ``--hard`` for the split the heuristic misses
within ``--difficulty-nodes`` children, to be evaluated with the same ``--nodes``;
``--min-aux 2`` for the multi-aux split): each record that needs an auxiliary
construction becomes a problem with the aux clauses left out (``premises ? goal``),
so a proposer must find them, each drawn with its record's index as the diagram seed (the
seed its difficulty label was searched with); with ``--distractors N`` each statement first gets N
random constructible steps the proof does not use, woven into its premises
(``domains.geometry.distractors``, seeded by ``--seed`` and the record's place), as
problems written by people carry points a proof never uses.  ``--problems FILE`` takes
any problem file instead (JGEX-AG-231, ...).  Each proposer runs the whole set
through ``symgen.bench`` (hard per-problem limits, killable workers, the same checks
as ``prove_suite --check``); the table gives solved counts, rates and the median time
of the solved problems, and ``--csv`` writes one row per problem and proposer.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from symgen.bench import Checked, Searching, run_suite, summarise  # noqa: E402
from symgen.errors import SymgenError  # noqa: E402
from symgen.train import load_records  # noqa: E402


def held_out_problems(data: Path, count: int, distractors: int = 0, seed: int = 0
                      ) -> tuple[str, dict[str, int]]:
    """A problem file of the corpus's aux-needing theorems, without their aux clauses
    (with ``distractors``: their premises grown by that many unused steps), and each
    problem's diagram seed: its record's index, the seed its difficulty label was searched
    with, so that at the label's budget the heuristic does here what the label says."""
    from domains.geometry.distractors import with_distractors
    _, records = load_records(data)
    lines = []
    seeds: dict[str, int] = {}
    for i, r in enumerate(records):
        if r.get("aux"):
            premises = r["premises"]
            if distractors:
                rng = np.random.default_rng([seed, i])
                premises = with_distractors(premises, rng, distractors, tuple(r["aux"]))
                if premises is None:
                    continue
            lines += [r["id"], f"{premises} ? {r['goal']}"]
            seeds[r["id"]] = int(r.get("index", 0))
        if len(lines) == 2 * count:
            break
    if not lines:
        raise SymgenError(f"{data}: no records that need an auxiliary construction")
    return "\n".join(lines) + "\n", seeds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--data", type=Path, help="a generated corpus (aux records are used)")
    src.add_argument("--problems", type=Path, help="a problem file")
    ap.add_argument("--count", type=int, default=200, help="problems taken from --data")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per problem")
    ap.add_argument("--proposers", default="none,heuristic,model")
    ap.add_argument("--model", default="default", help="checkpoint for the model proposer")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--beam", type=int, default=4)
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--nodes", type=int,
                    help="also stop each search after this many expanded children: the "
                         "budget --hard corpora are defined by (the same on every machine)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--distractors", type=int, default=0,
                    help="unused construction steps woven into each --data statement")
    ap.add_argument("--csv", type=Path, help="one row per problem and proposer")
    args = ap.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path, seeds = args.problems, None
            if args.data is not None:
                path = Path(tmp) / "held_out.txt"
                text, seeds = held_out_problems(args.data, args.count, args.distractors,
                                                args.seed)
                path.write_text(text)
            results = {}
            for name in [p.strip() for p in args.proposers.split(",") if p.strip()]:
                prover = Searching(name, args.model, beam=args.beam, depth=args.depth,
                                   nodes=args.nodes)
                prover.check()
                print(f"{name}: running", file=sys.stderr, flush=True)
                results[name] = run_suite(path, timeout=args.timeout, workers=args.workers,
                                          seed=args.seed, prove_fn=Checked(prover),
                                          seeds=seeds)
    except (SymgenError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"{'proposer':10} {'solved':>9} {'rate':>7} {'median s':>9} {'vs heuristic':>13}")
    base = summarise(results["heuristic"])["solved"] if "heuristic" in results else None
    for name, rows in results.items():
        s = summarise(rows)
        ratio = f"{s['solved'] / base:.2f}x" if base else "-"
        median = f"{s['median_seconds']:.2f}" if s["median_seconds"] is not None else "-"
        print(f"{name:10} {s['solved']:>4}/{s['total']:<4} {s['solved'] / s['total']:>7.1%} "
              f"{median:>9} {ratio:>13}")
    if args.csv:
        with open(args.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["proposer", "problem", "solved", "seconds", "steps", "stop_reason", "error"])
            for name, rows in results.items():
                for r in rows:
                    w.writerow([name, r.problem, r.solved, r.seconds, r.steps, r.stop_reason, r.error])
        print(json.dumps({"csv": str(args.csv)}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
