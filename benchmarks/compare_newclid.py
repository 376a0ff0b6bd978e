"""symgen's symbolic prover beside Newclid 3's two engines, on the same problems.

    python benchmarks/compare_newclid.py FILE --timeout S [--limit N]
                                         [--newclid-venv DIR] [--json OUT]

FILE is a problem file of (name line, problem line) pairs in Newclid's dialect (or
AlphaGeometry's).  Each problem is tried by each system in turn (symgen, then Newclid's
Python engine, then Yuclid, Newclid's C++ engine, before the next problem, so that
drift of the machine hits all alike), each attempt in a subprocess of its own:

* ``symgen``: ``domains.geometry.prover.prove(problem, seconds=S)``, then the proof is
  replayed in symgen's independent checker (not timed; a proof that does not replay is
  not solved).  The problem comes from ``parse_file`` on the whole file, so the dialect
  is detected as the suite does.
* ``newclid``: Newclid's Python engine as Newclid ships it (``PythonDefault``: the
  DDARN agent with the sympy AR deductor, ``DEFAULT_RULES``).
* ``yuclid``: ``py_yuclid``'s ``HEDefault`` (what Newclid picks when py-yuclid is
  installed); its ``yuclid`` binary is looked up on a PATH that starts with the venv's bin/.

Both Newclid engines draw with ``JGEXProblemBuilder`` (seed 0, aux clauses included, as
symgen reads them) and stop at S by a timer signal.  Two times are kept per attempt:
``seconds``, in the process from the parsed problem to the answer (drawing included, file
reading and imports not), and ``process``, the subprocess's wall time from start to exit
(interpreter, imports, parsing).  A process still running S + GRACE seconds after it
started is killed.  A problem counts as solved when the system says so within S seconds.

The markdown table goes to stdout, a progress line per problem to stderr.  A system
whose packages are not there is reported as missing; the exit status is 2 if symgen or
both Newclid engines are missing, 0 otherwise.  This file imports only the standard
library at the top, so that the same file serves as the worker in either venv.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_VENV = Path("/work/newclid-venv")
GRACE = 10.0            # seconds past S before a worker process is killed (imports, drawing)
MARK = "COMPARE-RESULT "   # the worker's answer line on stdout, beside whatever else prints
SYSTEMS = ("symgen", "newclid", "yuclid")
REFERENCES = SYSTEMS[1:]
USAGE_EXIT = 2


@dataclass(frozen=True, slots=True)
class Attempt:
    """One system on one problem: ``stop`` is solved, time limit, killed, or an error kind."""

    solved: bool
    stop: str
    seconds: float | None = None      # in-process, drawing included
    process: float | None = None      # wall time of the whole subprocess
    error: str = ""
    extra: dict = field(default_factory=dict)   # steps, the engine's own runtime, ...


# ---------------------------------------------------------------------------- problems

def read_statements(path: Path) -> list[tuple[str, str]]:
    """(name, problem line) pairs: lines that are not blank or comments, two by two
    (Newclid's own reading); a problem line without a name line is named by its number."""
    lines = [(n, s.strip()) for n, s in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    lines = [(n, s) for n, s in lines if s and not s.startswith("#")]
    out, pending = [], None
    for n, line in lines:
        if "=" not in line:
            pending = line
        else:
            out.append((pending or f"line {n}", line))
            pending = None
    return out


# ---------------------------------------------------------------------------- workers

class _TimeUp(BaseException):
    """The worker's own limit passed (a BaseException: Newclid's ``except Exception`` must
    not swallow it)."""


def _alarm(seconds: float) -> None:
    def ring(signum, frame):
        raise _TimeUp
    signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _symgen_probe() -> str:
    sys.path.insert(0, str(REPO))
    import domains.geometry.prover  # noqa: F401
    return "symgen (this checkout)"


def _symgen_attempt(path: Path, name: str, line: str, seconds: float) -> Attempt:
    sys.path.insert(0, str(REPO))
    from domains.geometry.hooks import replay
    from domains.geometry.parse import parse_file
    from domains.geometry.prover import prove
    from symgen.errors import ProblemError
    from symgen.limits import TimeUp, backstop

    items = {getattr(i, "name", None) or getattr(i, "problem", None): i
             for i in parse_file(path.read_text(encoding="utf-8"), str(path))}
    problem = items.get(name)
    if problem is None or isinstance(problem, ProblemError):
        return Attempt(False, "parse error", error=str(problem or f"{name}: not read"))
    start = time.perf_counter()
    try:
        with backstop(seconds + 0.5):
            result = prove(problem, seconds=seconds)
    except ProblemError as err:
        return Attempt(False, "build error", time.perf_counter() - start, error=str(err))
    except TimeUp:
        return Attempt(False, "time limit", time.perf_counter() - start)
    failure = replay(result) if result.solved else None
    if failure:
        return Attempt(False, "check failed", result.seconds, error=failure)
    return Attempt(bool(result.solved), "solved" if result.solved else result.stop,
                   result.seconds, extra={"steps": result.steps})


def _newclid_probe(engine: str) -> str:
    from importlib.metadata import version
    if engine == "yuclid":
        import py_yuclid.yuclid_adapter as adapter   # raises if the binary is not found
        return f"py-yuclid {version('py-yuclid')} ({adapter.YUCLID_PATH})"
    import newclid.api  # noqa: F401
    return f"newclid {version('newclid')}"


def _newclid_solver(engine: str, setup, rng):
    from newclid.api import GeometricSolverBuilder, PythonDefault
    if engine == "yuclid":
        from py_yuclid.api_default import HEDefault
        default = HEDefault()
    else:
        default = PythonDefault()
    return GeometricSolverBuilder(rng, api_default=default).build(setup)


def _newclid_attempt(engine: str, name: str, line: str, seconds: float) -> Attempt:
    import logging

    import numpy as np
    from newclid.jgex.formulation import JGEXFormulation
    from newclid.jgex.problem_builder import JGEXProblemBuilder
    logging.disable(logging.WARNING)      # its warnings on every failed match cost time
    try:
        problem = JGEXFormulation.from_text(f"{name}\n{line}")
    except Exception as err:  # noqa: BLE001 - any parse failure is a row
        return Attempt(False, "parse error", error=f"{type(err).__name__}: {err}"[:300])
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    stage = "build error"
    try:
        _alarm(seconds)
        builder = JGEXProblemBuilder(rng=rng, problem=problem).include_auxiliary_clauses()
        solver = _newclid_solver(engine, builder.build(), rng)
        stage = "crash"
        solved = solver.run()
    except _TimeUp:
        return Attempt(False, "time limit", time.perf_counter() - start)
    except Exception as err:  # noqa: BLE001 - a crash of the engine is a row
        return Attempt(False, stage, time.perf_counter() - start,
                       error=f"{type(err).__name__}: {err}"[:300])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    infos = solver.run_infos
    return Attempt(bool(solved), "solved" if solved else "saturated", time.perf_counter() - start,
                   extra={"steps": infos.steps, "engine_seconds": infos.runtime})


def _work(args: argparse.Namespace) -> int:
    """Worker mode: probe a system, or try one problem; one MARK line on stdout."""
    system = args.worker
    try:
        if args.probe:
            answer = {"ok": True, "what": (_symgen_probe() if system == "symgen"
                                           else _newclid_probe(system))}
        elif system == "symgen":
            answer = asdict(_symgen_attempt(args.file, args.name, args.line, args.timeout))
        else:
            answer = asdict(_newclid_attempt(system, args.name, args.line, args.timeout))
    except Exception as err:  # noqa: BLE001 - the parent reports it in one line
        answer = {"ok": False, "solved": False, "stop": "crash",
                  "error": f"{type(err).__name__}: {err}"[:300]}
    print(MARK + json.dumps(answer), flush=True)
    return 0


# ---------------------------------------------------------------------------- the parent

@dataclass(frozen=True)
class System:
    name: str
    python: Path
    env: dict


def _systems(venv: Path) -> list[System]:
    bin_dir = venv / "bin"
    nc_env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    nc_env.pop("PYTHONPATH", None)
    return [System("symgen", Path(sys.executable), dict(os.environ)),
            System("newclid", bin_dir / "python", nc_env),
            System("yuclid", bin_dir / "python", nc_env)]


def _spawn(system: System, flags: list[str], limit: float) -> tuple[dict | None, float, str]:
    """Run this file as a worker; (its answer or None, wall seconds, stderr's tail)."""
    cmd = [str(system.python), str(Path(__file__).resolve()), "--worker", system.name, *flags]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=system.env, cwd=REPO, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)      # the worker and whatever it started
        proc.communicate()
        return None, time.perf_counter() - start, "killed"
    wall = time.perf_counter() - start
    answers = [json.loads(l[len(MARK):]) for l in out.splitlines() if l.startswith(MARK)]
    return (answers[-1] if answers else None), wall, err.strip()[-300:]


def probe(system: System) -> str | None:
    """None if the system runs, else why not (it is then reported as missing)."""
    if not system.python.exists():
        return f"no interpreter at {system.python}"
    answer, _, err = _spawn(system, ["--probe"], 120)
    if answer and answer.get("ok"):
        return None
    return (answer or {}).get("error") or (err.splitlines() or ["no answer"])[-1]


def attempt(system: System, path: Path, name: str, line: str, timeout: float) -> Attempt:
    flags = [str(path), "--name", name, "--line", line, "--timeout", str(timeout)]
    answer, wall, err = _spawn(system, flags, timeout + GRACE)
    if answer is None:
        stop = "killed" if err == "killed" else "crash"
        return Attempt(False, stop, process=wall, error="" if stop == "killed" else err)
    answer.pop("ok", None)
    answer["process"] = wall
    found = Attempt(**answer)
    if found.solved and found.seconds is not None and found.seconds > timeout:
        return Attempt(False, "time limit", found.seconds, wall, extra=found.extra)
    return found


def _progress(i: int, total: int, name: str, row: dict[str, Attempt]) -> None:
    def cell(a: Attempt) -> str:
        t = "-" if a.seconds is None else f"{a.seconds:.2f}s"
        return f"{a.stop} {t}" + (f" ({a.error[:60]})" if a.error and not a.solved else "")
    parts = " | ".join(f"{s} {cell(a)}" for s, a in row.items())
    print(f"[{i}/{total}] {name}: {parts}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- the report

def _summary(rows: list[dict[str, Attempt]], system: str) -> dict:
    solved = [r[system] for r in rows if r[system].solved]
    ratios = [r[system].seconds / r["symgen"].seconds for r in rows
              if system != "symgen" and "symgen" in r and r[system].solved and r["symgen"].solved
              and r["symgen"].seconds]
    stops: dict[str, int] = {}
    for r in rows:
        if not r[system].solved:
            stops[r[system].stop] = stops.get(r[system].stop, 0) + 1
    return {"solved": len(solved), "total": len(rows),
            "median_seconds": _median([a.seconds for a in solved]),
            "sum_seconds": sum(a.seconds for a in solved),
            "median_process": _median([a.process for a in solved]),
            "sum_process": sum(a.process for a in solved),
            "median_ratio": _median(ratios), "both": len(ratios), "unsolved": stops}


def _median(values: list) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _fmt(value: float | None, unit: str = "") -> str:
    return "-" if value is None else f"{value:.2f}{unit}"


def table(summaries: dict[str, dict], missing: dict[str, str]) -> str:
    head = ("| system | solved | median s | sum s | median process s | sum process s "
            "| median ratio vs symgen (both solve) | not solved |")
    lines = [head, "|" + "---|" * 8]
    for name in SYSTEMS:
        if name not in missing and name not in summaries:      # not asked for (--systems)
            continue
        if name in missing:
            lines.append(f"| {name} | missing: {missing[name]} |" + " |" * 6)
            continue
        s = summaries[name]
        ratio = "1" if name == "symgen" else (f"{_fmt(s['median_ratio'], 'x')} (n={s['both']})")
        rest = ", ".join(f"{k} {v}" for k, v in sorted(s["unsolved"].items())) or "-"
        lines.append(f"| {name} | {s['solved']}/{s['total']} | {_fmt(s['median_seconds'])} "
                     f"| {_fmt(s['sum_seconds'])} | {_fmt(s['median_process'])} "
                     f"| {_fmt(s['sum_process'])} | {ratio} | {rest} |")
    return "\n".join(lines)


def differences(rows: list[dict[str, Attempt]], names: list[str], systems: list[str]) -> str:
    """For each reference system: the problems one of it and symgen solves and not the other."""
    out = []
    for ref in (s for s in systems if s != "symgen"):
        for a, b in (("symgen", ref), (ref, "symgen")):
            only = [n for n, r in zip(names, rows) if r[a].solved and not r[b].solved]
            out.append(f"- solved by {a}, not by {b} ({len(only)}): " + (", ".join(only) or "none"))
    return "\n".join(out)


def errors(rows: list[dict[str, Attempt]], systems: list[str]) -> str:
    """Each system's distinct error messages (first line, 80 characters) and how often."""
    out = []
    for system in systems:
        seen: dict[str, int] = {}
        for r in rows:
            if r[system].error:
                key = f"{r[system].stop}: {r[system].error.splitlines()[0][:80]}"
                seen[key] = seen.get(key, 0) + 1
        out += [f"- {system}, {n}x {key}" for key, n in sorted(seen.items(), key=lambda kv: -kv[1])]
    return "\n".join(out) or "- none"


def _machine() -> dict:
    return {"cpus": os.cpu_count(), "load_average": os.getloadavg(),
            "platform": platform.platform(), "python": platform.python_version()}


# ---------------------------------------------------------------------------- command line

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", type=Path, nargs="?", help="problem file (name line, problem line)")
    p.add_argument("--timeout", type=float, default=20.0, help="seconds per system per problem")
    p.add_argument("--limit", type=int, default=None, help="only the first N problems")
    p.add_argument("--newclid-venv", type=Path, default=DEFAULT_VENV,
                   help="venv with newclid and py-yuclid installed")
    p.add_argument("--json", type=Path, default=None, help="write every attempt here")
    p.add_argument("--systems", default=",".join(SYSTEMS),
                   help=f"comma-separated systems to run (default {','.join(SYSTEMS)}; symgen "
                        "is always run)")
    for flag in ("--worker", "--name", "--line"):      # the worker's own flags
        p.add_argument(flag, help=argparse.SUPPRESS)
    p.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    return p


def _run(args: argparse.Namespace) -> int:
    statements = read_statements(args.file)[:args.limit]
    wanted = {"symgen", *(w.strip() for w in args.systems.split(",") if w.strip())}
    unknown = wanted - set(SYSTEMS)
    if unknown:
        print(f"compare_newclid: unknown systems {', '.join(sorted(unknown))} (known: "
              f"{', '.join(SYSTEMS)})", file=sys.stderr)
        return USAGE_EXIT
    systems = [s for s in _systems(args.newclid_venv) if s.name in wanted]
    missing = {s.name: why for s in systems if (why := probe(s)) is not None}
    for name, why in missing.items():
        print(f"{name}: missing ({why})", file=sys.stderr)
    if "symgen" in missing or all(r in missing for r in REFERENCES):
        print("nothing to compare: symgen or every Newclid engine is missing", file=sys.stderr)
        return USAGE_EXIT
    running = [s for s in systems if s.name not in missing]
    machine, rows = {"start": _machine()}, []
    for i, (name, line) in enumerate(statements, 1):
        row = {s.name: attempt(s, args.file, name, line, args.timeout) for s in running}
        rows.append(row)
        _progress(i, len(statements), name, row)
    machine["end_load_average"] = os.getloadavg()
    names = [n for n, _ in statements]
    summaries = {s.name: _summary(rows, s.name) for s in running}
    print(f"{args.file} — {len(rows)} problems, timeout {args.timeout:g}s, "
          f"{machine['start']['cpus']} CPUs, load {machine['start']['load_average'][0]:.2f} at start\n")
    print(table(summaries, missing) + "\n")
    print(differences(rows, names, [s.name for s in running]))
    print("\nerrors:\n" + errors(rows, [s.name for s in running]))
    if args.json:
        args.json.write_text(json.dumps({
            "file": str(args.file), "timeout": args.timeout, "machine": machine,
            "missing": missing, "summary": summaries,
            "problems": [{"problem": n, **{s: asdict(a) for s, a in r.items()}}
                         for n, r in zip(names, rows)]}, indent=1))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.worker:
        return _work(args)
    if args.file is None or not args.file.is_file():
        print(f"compare_newclid: no problem file {args.file}", file=sys.stderr)
        return USAGE_EXIT
    return _run(args)


if __name__ == "__main__":
    sys.exit(main())
