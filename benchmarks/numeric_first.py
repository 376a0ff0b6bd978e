"""Numeric-first matching against the semi-naive join, on the same diagrams in one run.

    python benchmarks/numeric_first.py FILE --timeout S [--limit N]

For each problem of FILE: prove it twice (``prove``: drawing, saturation, proof), with the
rules of ``domains.geometry.seeds.SEEDED`` matched from the diagram's true conclusions
(``seeding``) and with every rule matched by the semi-naive join (``join``), which goes
first alternating from problem to problem.  Then two saturations of the drawn diagram
without the goal,
whose closures are compared: the same facts (up to which of several equivalent facts a
theory records: each fact of one holds in the other) in the same rounds.  Prints solved
counts, sums and medians of the saturation seconds, the median per-problem ratio
join/seeding, the closures that agree, and per seeded rule its matching seconds both ways.
"""
from __future__ import annotations

import argparse
import collections
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domains.geometry import compiled_rules  # noqa: E402
from domains.geometry.parse import parse_file  # noqa: E402
from domains.geometry.prover import initial_state, prove  # noqa: E402
from domains.geometry.seeds import SEEDED  # noqa: E402
from domains.geometry.state import GeometryState  # noqa: E402
from symgen.saturate import Limits, StopReason, saturate  # noqa: E402

MODES = {"seeding": True, "join": False}


def _prove(problem, seeding: bool, seconds: float):
    GeometryState.seeding = seeding
    try:
        return prove(problem, seconds=seconds)
    finally:
        GeometryState.seeding = True


def _closure(problem, diagram, seeding: bool, seconds: float):
    GeometryState.seeding = seeding
    try:
        state = initial_state(problem, diagram)[0]
        return state, saturate(state, compiled_rules(), limits=Limits(seconds=seconds))
    finally:
        GeometryState.seeding = True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--timeout", type=float, required=True)
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    problems = [p for p in parse_file(args.file.read_text(), str(args.file))
                if hasattr(p, "clauses")][:args.limit]
    seconds = {m: [] for m in MODES}
    solved = collections.Counter()
    rule_s = {m: collections.Counter() for m in MODES}
    ratios, agree, compared = [], 0, 0
    for k, problem in enumerate(problems):
        order = list(MODES) if k % 2 == 0 else list(MODES)[::-1]
        here, diagram = {}, None
        for mode in order:
            result = _prove(problem, MODES[mode], args.timeout)
            diagram = result.diagram
            here[mode] = result.seconds
            seconds[mode].append(result.seconds)
            solved[mode] += result.solved
            for name in SEEDED:
                stats = result.report.rules.get(name)
                rule_s[mode][name] += stats.seconds if stats is not None else 0.0
        ratios.append(here["join"] / here["seeding"] if here["seeding"] else 1.0)
        if diagram is None or not diagram.coords:
            continue
        closures = {m: _closure(problem, diagram, MODES[m], args.timeout) for m in order}
        (a, ra), (b, rb) = closures["seeding"], closures["join"]
        if StopReason.TIME not in (ra.stop, rb.stop):
            compared += 1
            agree += (ra.rounds == rb.rounds and all(b.holds(f) for f in a.table.facts)
                      and all(a.holds(f) for f in b.table.facts))
        print(f"[{k + 1}/{len(problems)}] {problem.name}: join {here['join']:.3f}s "
              f"seeding {here['seeding']:.3f}s", file=sys.stderr)
    print("| matching | solved | sum s | median s |\n|---|---|---|---|")
    for mode in MODES:
        print(f"| {mode} | {solved[mode]} / {len(seconds[mode])} | {sum(seconds[mode]):.1f} | "
              f"{statistics.median(seconds[mode]):.3f} |")
    print(f"\nmedian per-problem ratio join/seeding: {statistics.median(ratios):.2f} "
          f"(sum ratio {sum(seconds['join']) / sum(seconds['seeding']):.2f}); same closure in "
          f"the same rounds: {agree} of {compared} that neither stopped for time\n")
    print("| seeded rule | join s | seeding s |\n|---|---|---|")
    for name in sorted(SEEDED, key=lambda n: -rule_s["join"][n]):
        print(f"| {name} | {rule_s['join'][name]:.2f} | {rule_s['seeding'][name]:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
