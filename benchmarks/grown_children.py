"""Search children grown from the parent's fixpoint against saturating them afresh.

    python benchmarks/grown_children.py FILE [--seconds S] [--children K] [--json OUT]

For every problem of FILE that the engine alone does not prove (saturated within S
seconds, the goal missing), the root is saturated without its goal, and each of the
heuristic proposer's first K drawable clauses becomes a child two ways, one after the
other on the same coordinates: saturated afresh from the problem's premises
(``prover.saturated``) and grown from the root's state (``prover.grown``).  Prints one
line per problem (median afresh and grown seconds, their ratio, whether the two
closures agree on every child), then the median ratio over all children.  The closures
are compared fact by fact, each state asked whether it holds the other's facts.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domains.geometry.diagram import Diagram  # noqa: E402
from domains.geometry.heuristic import HeuristicProposer  # noqa: E402
from domains.geometry.parse import parse_file  # noqa: E402
from domains.geometry.predicates import collinearity_of  # noqa: E402
from domains.geometry.prover import GeometrySpace, grown, prove, saturated  # noqa: E402
from symgen.errors import ProblemError  # noqa: E402


def _disagree(a, b) -> int:
    """How many of ``a``'s facts ``b`` does not hold (by point names)."""
    index = {n: i for i, n in enumerate(b.state.names)}
    names = a.state.names
    missing = 0
    for f in a.state.table.facts:
        g = (f[0], *(index[names[x]] if isinstance(x, int) else x for x in f[1:]))
        if not (b.state.holds(g) or b.state.holds(collinearity_of(g) or g)):
            missing += 1
    return missing


def children(problem, k: int, seed: int):
    """The goal-free root of ``problem`` and up to ``k`` heuristic children (problem, coords)."""
    space = GeometrySpace(dataclasses.replace(problem, goal=None), np.random.default_rng(seed))
    root = space.root(time.perf_counter() + 120)
    asked = dataclasses.replace(root, problem=problem)      # the proposer reads the goal
    for proposal in HeuristicProposer().propose(asked, k, None):
        cand = space.prepare(root, proposal)
        if not isinstance(cand, str):
            yield root, proposal.text, cand.child


def compare(problem, k: int, seed: int) -> list[dict]:
    rows = []
    for root, text, (child, coords) in children(problem, k, seed):
        clause = child.clauses[-1]
        t = time.perf_counter()
        afresh = saturated(child, (clause,), Diagram(child.points, coords), t + 120)
        t_afresh = time.perf_counter() - t
        t = time.perf_counter()
        fast = grown(root.state, child, clause, coords, t + 120)
        t_grown = time.perf_counter() - t
        rows.append({"problem": problem.name, "aux": text, "afresh": round(t_afresh, 4),
                     "grown": round(t_grown, 4), "rounds": [afresh.report.rounds, fast.report.rounds],
                     "disagree": _disagree(afresh, fast) + _disagree(fast, afresh)})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--seconds", type=float, default=10.0, help="the engine alone, per problem")
    ap.add_argument("--children", type=int, default=4, help="heuristic children per problem")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, help="write the per-child rows here")
    args = ap.parse_args(argv)
    rows: list[dict] = []
    print(f"{'problem':44s} {'kids':>4s} {'afresh':>8s} {'grown':>8s} {'ratio':>6s} agree")
    for item in parse_file(args.file.read_text(), str(args.file)):
        if isinstance(item, ProblemError):
            continue
        alone = prove(item, seconds=args.seconds, seed=args.seed)
        if alone.solved or alone.stop != "saturated":
            continue
        mine = compare(item, args.children, args.seed)
        if not mine:
            continue
        rows += mine
        a = statistics.median(r["afresh"] for r in mine)
        g = statistics.median(r["grown"] for r in mine)
        agree = "yes" if not any(r["disagree"] for r in mine) else "NO"
        print(f"{item.name[-44:]:44s} {len(mine):4d} {a:8.3f} {g:8.3f} {g / a:6.2f} {agree}",
              flush=True)
    if not rows:
        print("no problem the engine alone misses")
        return 0
    ratios = [r["grown"] / r["afresh"] for r in rows]
    bad = sum(1 for r in rows if r["disagree"])
    print(f"children {len(rows)}: median grown/afresh {statistics.median(ratios):.3f}, "
          f"median afresh {statistics.median(r['afresh'] for r in rows):.3f}s, "
          f"grown {statistics.median(r['grown'] for r in rows):.3f}s; closures differ on {bad}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
