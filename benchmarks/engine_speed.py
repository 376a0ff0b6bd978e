"""The compiled core against the Python reference: the same problems proved under both engines.

    python benchmarks/engine_speed.py FILE --timeout S [--limit N]

Each problem of FILE is proved symbolically (no proposer) under the Python reference, then
under the compiled core (``symgen.engine``), one after the other (which goes first alternates
from problem to problem), so drift on a shared machine and warm caches hit both alike.  A progress line per problem goes to stderr; the table goes to stdout: solved
counts, sum and median seconds (``prove``: drawing + saturation + proof), the median of the
per-problem ratios python/compiled, and whether the two engines solved the same problems and
reached the same closure (the same set of facts, in the same rounds) on every problem that
neither stopped for time; and the peak resident memory per problem (the process's peak while
it ran, reset before each problem where Linux allows).
"""
from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))   # run from a checkout without installing
from domains.geometry.parse import parse_file  # noqa: E402
from domains.geometry.prover import prove  # noqa: E402
from symgen import engine  # noqa: E402

ENGINES = ("python", "compiled")


@dataclass(frozen=True)
class Run:
    solved: bool
    seconds: float
    timed_out: bool
    closure: frozenset
    rounds: int
    peak_mb: float          # the process's peak resident memory while this problem ran


def _reset_peak() -> bool:
    """Reset this process's peak RSS (Linux: ``clear_refs`` 5), so the next reading is the
    peak since; False where the kernel does not allow it (the reading is then the peak of
    the whole run so far)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(problem, which: str, timeout: float) -> Run:
    _reset_peak()
    with engine.using(which):
        r = prove(problem, seconds=timeout)
    return Run(r.solved, r.seconds, r.stop == "time limit", frozenset(r.state.table.facts),
               r.report.rounds, _peak_mb())


def table(rows: dict[str, list[Run]]) -> str:
    py, co = rows["python"], rows["compiled"]
    both = [(a, b) for a, b in zip(py, co) if not (a.timed_out or b.timed_out)]
    same_solved = sum(a.solved == b.solved for a, b in zip(py, co))
    same_closure = sum(a.closure == b.closure and a.rounds == b.rounds for a, b in both)
    ratios = [a.seconds / b.seconds for a, b in zip(py, co) if b.seconds > 0]
    lines = ["| engine | solved | sum s | median s | peak RSS per problem, median / max MB |",
             "|---|---|---|---|---|"]
    for name in ENGINES:
        runs = rows[name]
        secs = [r.seconds for r in runs]
        peaks = [r.peak_mb for r in runs]
        lines.append(f"| {name} | {sum(r.solved for r in runs)} / {len(runs)} | {sum(secs):.1f} "
                     f"| {statistics.median(secs):.3f} | {statistics.median(peaks):.0f} / "
                     f"{max(peaks):.0f} |")
    lines += ["", f"median per-problem ratio python/compiled: {statistics.median(ratios):.2f} "
              f"(sum ratio {sum(r.seconds for r in py) / sum(r.seconds for r in co):.2f})",
              f"same solved: {same_solved} of {len(py)}; same closure and rounds: {same_closure} "
              f"of {len(both)} that neither stopped for time "
              f"({len(py) - len(both)} stopped for time under either)",
              "peak RSS: of the whole process while the problem ran (interpreter, rules and "
              + ("earlier problems' garbage included)" if _reset_peak() else
                 "the run so far: this kernel does not reset the peak)")]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("--timeout", type=float, required=True, help="seconds per problem and engine")
    ap.add_argument("--limit", type=int, default=None, help="only the first N problems")
    args = ap.parse_args(argv)
    if not engine.compiled_available():
        print("symgen._core is not built: `pip install -e .` builds it", file=sys.stderr)
        return 2
    problems = [p for p in parse_file(args.file.read_text(), str(args.file))
                if hasattr(p, "clauses")][:args.limit]
    for which in ENGINES:                      # warm the rule compilation and caches for both
        run(problems[0], which, args.timeout)
    rows: dict[str, list[Run]] = {name: [] for name in ENGINES}
    for i, problem in enumerate(problems, 1):
        for name in ENGINES if i % 2 else ENGINES[::-1]:   # alternate which goes first
            rows[name].append(run(problem, name, args.timeout))
        a, b = rows["python"][-1], rows["compiled"][-1]
        same = "same" if (a.closure, a.rounds) == (b.closure, b.rounds) else "DIFFERENT"
        print(f"[{i}/{len(problems)}] {problem.name}: python {a.seconds:.3f}s compiled "
              f"{b.seconds:.3f}s ({a.seconds / max(b.seconds, 1e-9):.2f}x) {same}", file=sys.stderr)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
