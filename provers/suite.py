"""Benchmark suites: prove every problem of a file, each under a hard time limit.

``run_suite(path, timeout=T)`` parses the file and proves its problems in worker
processes.  Each ``prove`` gets ``T`` as its own (soft) limit, so saturation
normally stops by itself; a worker that has not answered ``GRACE_SECONDS``
after that is killed, its problem gets a ``timeout`` row, and a fresh worker
takes its place.  A problem that fails to parse or draw, or that crashes the
prover, gets a row naming the error; nothing a problem does stops the suite.
Rows come back in file order, one per problem, with the columns of the CSV
written by ``write_csv``::

    problem,solved,seconds,steps,stop_reason,error

``seconds`` is the prover's own time (drawing, saturation and proof, as in
``ProofResult.seconds``; for a killed worker the wall time until it was
killed), ``steps`` the number of derived proof steps of a solved problem.
``summarise`` and ``format_table`` reduce rows to the solved count and the
median and 90th percentile time of the solved problems; ``main`` is the
command line (``benchmarks/prove_suite.py``).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import multiprocessing as mp
import os
import re
import signal
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, fields
from multiprocessing.connection import Connection, wait
from pathlib import Path

import numpy as np

from provers.symbolic import ProofResult, prove
from symgen import registry
from symgen.proposing import NEEDS_MODEL
from symgen.errors import ExitCode, InputError, ProblemError, SymgenError
from symgen.limits import TimeUp, backstop, read_text
from symgen.saturate import StopReason

Problem = object        # a domain's problem (geometry's ``Problem``, arithmetic's, ...)

log = logging.getLogger(__name__)

GRACE_SECONDS = 5.0      # after the soft limit, before a silent worker is killed
BACKSTOP_SECONDS = 0.5   # after the soft limit, before a worker's own timer stops the prover
TIMEOUT = "timeout"      # stop reason of a problem whose worker was killed
PARSE_ERROR, BUILD_ERROR, CRASH = "parse error", "build error", "crash"
CHECK_FAILED = "check failed"   # stop reason of a proof the checker or the diagram refuted

ProveFn = Callable[..., ProofResult]       # called as prove(problem, seconds=..., seed=...)
Progress = Callable[["Row", int, int], None]   # (row, rows done, total)


@dataclass(frozen=True, slots=True)
class Row:
    """One problem's outcome; the fields are the CSV columns, in order."""

    problem: str
    solved: bool
    seconds: float | None
    steps: int | None
    stop_reason: str
    error: str = ""
    invariant: str = ""      # code domain: the loop invariant(s) the proof used


COLUMNS = tuple(f.name for f in fields(Row))[:-1]          # the CSV columns of every domain
CODE_COLUMNS = COLUMNS + ("invariant",)                    # ... plus the invariant for code


# ---------------------------------------------------------------------------
# One problem, inside a worker

def _attempt(problem: Problem, prove_fn: ProveFn, timeout: float, seed: int) -> Row:
    """Prove one problem; every failure becomes a row.  A backstop timer stops the prover
    ``BACKSTOP_SECONDS`` past the limit wherever it is, before the parent's hard kill."""
    start = time.perf_counter()
    try:
        with backstop(timeout + BACKSTOP_SECONDS):
            result = prove_fn(problem, seconds=timeout, seed=seed)
    except ProblemError as err:
        return Row(problem.name, False, None, None, BUILD_ERROR, str(err))
    except CheckFailed as err:
        return Row(problem.name, False, None, None, CHECK_FAILED, str(err))
    except TimeUp:
        return Row(problem.name, False, time.perf_counter() - start, None, StopReason.TIME.value)
    except Exception as err:   # noqa: BLE001 - a crash must not stop the suite
        log.debug("prover crashed on %s", problem.name, exc_info=True)
        return Row(problem.name, False, None, None, CRASH, f"{type(err).__name__}: {err}"[:500])
    steps = len(result.proof.derived) if result.proof is not None else None
    return Row(problem.name, bool(result.solved), result.seconds, steps, result.report.stop.value,
               invariant=getattr(result, "invariant_text", ""))


class CheckFailed(SymgenError):
    """A proof that does not replay, or a derived fact the diagram refutes."""


class Checked:
    """``prove`` followed by the independent checks (not counted in ``seconds``): the proof
    replays in the domain's checker (always: the suite never counts a proof its checker
    rejects), and with ``numeric`` every fact the state derived holds on the diagram
    (geometry) or at random feasible points (other domains, through their ``check_result``
    hook)."""

    def __init__(self, prove_fn: ProveFn = prove, domain: str = "geometry", *,
                 numeric: bool = True) -> None:
        self.prove_fn = prove_fn
        self.domain = domain
        self.numeric = numeric

    def __call__(self, problem: Problem, **kw) -> ProofResult:
        result = self.prove_fn(problem, **kw)
        dom = registry.load(self.domain)
        if not self.numeric:
            failure = dom.replay(result) if result.solved else None
            if failure:
                raise CheckFailed(failure)
            return result
        if self.domain != "geometry":
            failure = dom.check_result(result)
            if failure:
                raise CheckFailed(failure)
            return result
        st = result.state
        false = [st.show(f) for _, f, _ in st.table.items() if not st.numeric(f[0], f[1:])]
        if false or st.rejected:
            raise CheckFailed(f"numerically false: {(false + [st.show(f) for f in st.rejected])[0]}")
        failure = dom.replay(result) if result.solved else None
        if failure:
            raise CheckFailed(failure)
        return result


class Searching:
    """The alternating search with a proposer made by name, once per worker process (a model
    is loaded where it is used, never pickled); picklable, so it travels to workers."""

    def __init__(self, proposer: str, model: str | None = None, *, beam: int = 4,
                 depth: int = 2, proposals: int = 32, domain: str = "geometry") -> None:
        self.name, self.model, self.domain = proposer, model, domain
        self.options = dict(beam=beam, depth=depth, proposals=proposals)
        self._proposer = None

    def check(self) -> None:
        """Fail early, in the parent, on an unknown proposer or a missing model file."""
        dom = registry.load(self.domain)
        if hasattr(dom, "check_proposer"):
            dom.check_proposer(self.name, self.model)
            return
        from .proposers import check
        check(self.name, self.model)

    def __call__(self, problem: Problem, *, seconds: float, seed: int = 0) -> ProofResult:
        dom = registry.load(self.domain)
        if self._proposer is None and self.name != "none":
            if self.name in NEEDS_MODEL:             # one thread per worker process
                import torch
                torch.set_num_threads(1)
            self._proposer = dom.make_proposer(self.name, self.model)
        return dom.prove(problem, seconds=seconds, seed=seed, proposer=self._proposer,
                         **self.options)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_proposer": None}


def _serve(conn: Connection, prove_fn: ProveFn, timeout: float, seed: int) -> None:
    """A worker's loop: (index, problem) in, (index, row) out, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    while (task := conn.recv()) is not None:
        index, problem = task
        conn.send((index, _attempt(problem, prove_fn, timeout, seed)))


# ---------------------------------------------------------------------------
# Workers, from the parent's side

@dataclass(slots=True)
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    task: tuple[int, Problem] | None = None
    started: float = 0.0


def _context() -> mp.context.BaseContext:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)


class _Pool:
    """Worker processes that can each be killed and replaced."""

    def __init__(self, size: int, prove_fn: ProveFn, timeout: float, seed: int) -> None:
        self._ctx, self._args = _context(), (prove_fn, timeout, seed)
        self.workers = [self._spawn() for _ in range(size)]

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_serve, args=(child, *self._args), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._spawn()

    def close(self) -> None:
        for w in self.workers:
            if w.task is not None:
                w.process.kill()
                continue
            try:
                w.conn.send(None)
            except OSError:   # the worker is already gone
                w.process.kill()
        for w in self.workers:
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.process.kill()
            w.conn.close()


def _collect(pool: _Pool, worker: _Worker) -> tuple[int, Row]:
    """The answer of a worker whose connection is ready (or a row saying it died)."""
    index, problem = worker.task
    try:
        answer = worker.conn.recv()
        worker.task = None
        return answer
    except (EOFError, OSError):
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        pool.replace(worker)
        return index, Row(problem.name, False, None, None, CRASH, f"worker died (exit code {code})")


def _expire(pool: _Pool, limit: float, now: float) -> list[tuple[int, Row]]:
    """Kill the workers past their hard limit; a timeout row for each."""
    out = []
    for worker in list(pool.workers):
        if worker.task is not None and now - worker.started > limit:
            index, problem = worker.task
            log.info("killing the worker on %s after %.1fs", problem.name, now - worker.started)
            pool.replace(worker)
            out.append((index, Row(problem.name, False, now - worker.started, None, TIMEOUT)))
    return out


def _dispatch(pool: _Pool, queue: deque) -> None:
    for worker in pool.workers:
        if worker.task is None and queue:
            worker.task, worker.started = queue.popleft(), time.monotonic()
            worker.conn.send(worker.task)


def _run_tasks(tasks: list[tuple[int, Problem]], pool: _Pool, limit: float
               ) -> Iterator[tuple[int, Row]]:
    """Yield (index, row) as the workers finish, killing any that run past ``limit``."""
    queue = deque(tasks)
    while True:
        _dispatch(pool, queue)
        busy = [w for w in pool.workers if w.task is not None]
        if not busy:
            return
        now = time.monotonic()
        wait_for = max(0.0, min(w.started + limit - now for w in busy))
        ready = wait([w.conn for w in busy], timeout=wait_for + 0.01)
        for worker in [w for w in busy if w.conn in ready]:
            yield _collect(pool, worker)
        yield from _expire(pool, limit, time.monotonic())


# ---------------------------------------------------------------------------
# The suite

NOT_PROBLEMS = (".md", ".csv", ".json", ".yaml", ".yml", ".log")   # notes beside the problems


def read_problems(path: str | Path, domain: str = "geometry") -> list[Problem | ProblemError]:
    """The problems of a file, or of every file in a folder but notes (``NOT_PROBLEMS``), in
    natural order (2.c before 10.c); ``InputError`` naming the file if it cannot be read (in
    a folder: an error row for that file, and the others still run)."""
    if Path(path).is_dir():
        files = sorted((f for f in Path(path).iterdir() if f.is_file() and not f.name.startswith(".")
                        and f.suffix.lower() not in NOT_PROBLEMS), key=_natural)
        return [item for f in files for item in _read_one(f, domain)]
    text = read_text(path, "cannot read problem file")
    return registry.load(domain).parse_file(text, str(path))


def _read_one(path: Path, domain: str) -> list[Problem | ProblemError]:
    """One file of a folder: its problems, or one error row if it cannot be read."""
    try:
        return read_problems(path, domain)
    except InputError as err:
        return [ProblemError(str(err).removeprefix(f"{path}: "), source=str(path),
                             problem=path.stem)]


def _natural(path: Path) -> tuple:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.name))


def run_suite(path: str | Path, *, timeout: float, workers: int = 1, seed: int = 0,
              progress: Progress | None = None, grace: float = GRACE_SECONDS,
              prove_fn: ProveFn = prove, domain: str = "geometry") -> list[Row]:
    """Prove every problem of ``path`` (soft limit ``timeout``, hard ``timeout + grace``).

    ``progress(row, done, total)`` is called as each row is ready (in completion
    order); the rows returned are in file order.  ``prove_fn`` replaces
    ``prove`` in tests.
    """
    items = read_problems(path, domain)
    rows: list[Row | None] = [None] * len(items)
    done = 0

    def finish(index: int, row: Row) -> None:
        nonlocal done
        rows[index], done = row, done + 1
        if progress is not None:
            progress(row, done, len(items))

    tasks = []
    for i, item in enumerate(items):
        if isinstance(item, ProblemError):
            finish(i, Row(item.problem, False, None, None, PARSE_ERROR, str(item)))
        else:
            tasks.append((i, item))
    if tasks:
        pool = _Pool(min(max(1, workers), len(tasks)), prove_fn, timeout, seed)
        try:
            for index, row in _run_tasks(tasks, pool, timeout + grace):
                finish(index, row)
        finally:
            pool.close()
    return rows


# ---------------------------------------------------------------------------
# Summaries and files

def summarise(rows: Sequence[Row]) -> dict:
    """Solved count, and median / 90th percentile seconds over the solved problems."""
    times = [r.seconds for r in rows if r.solved and r.seconds is not None]
    return {
        "solved": sum(r.solved for r in rows),
        "total": len(rows),
        "median_seconds": float(np.median(times)) if times else None,
        "p90_seconds": float(np.percentile(times, 90)) if times else None,
        "errors": sum(bool(r.error) for r in rows),
        "timeouts": sum(r.stop_reason == TIMEOUT for r in rows),
        "check_failed": sum(r.stop_reason == CHECK_FAILED for r in rows),
    }


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}s"


_TABLE_ROWS: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("solved", lambda s: f"{s['solved']}/{s['total']}"),
    ("median (solved)", lambda s: _seconds(s["median_seconds"])),
    ("p90 (solved)", lambda s: _seconds(s["p90_seconds"])),
    ("errors", lambda s: str(s["errors"])),
    ("timeouts", lambda s: str(s["timeouts"])),
    ("check failed", lambda s: str(s.get("check_failed", "-"))),
)


def format_table(summary: dict, reference: dict | None = None) -> str:
    """A small text table of a summary, beside a reference summary if one is given."""
    heads = ["", "this run"] + (["reference"] if reference is not None else [])
    body = [[label, cell(summary)] + ([cell(reference)] if reference is not None else [])
            for label, cell in _TABLE_ROWS]
    widths = [max(len(r[i]) for r in [heads, *body]) for i in range(len(heads))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                               enumerate(zip(r, widths))).rstrip() for r in [heads, *body])


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:.4f}" if isinstance(value, float) else value


def _atomic_write(path: str | Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it into place."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_csv(rows: Sequence[Row], path: str | Path, columns: Sequence[str] = COLUMNS) -> None:
    """The rows as CSV with the header ``problem,solved,seconds,steps,stop_reason,error``
    (and ``invariant`` with ``columns=CODE_COLUMNS``)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_value(getattr(r, c)) for c in columns] for r in rows)
    _atomic_write(path, buf.getvalue())


def write_json(rows: Sequence[Row], path: str | Path, **about: object) -> None:
    """Summary and rows as JSON (``about``: the run's settings)."""
    doc = {**about, "summary": summarise(rows), "rows": [asdict(r) for r in rows]}
    _atomic_write(path, json.dumps(doc, indent=1) + "\n")


def read_csv(path: str | Path) -> list[Row]:
    """Rows from a CSV with at least the columns ``problem, solved, seconds`` (another
    system's results, say); ``solved`` is true/false, 1/0 or yes/no."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            records = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read reference CSV: {err}") from err
    missing = {"problem", "solved", "seconds"} - set(records[0] if records else ())
    if missing:
        raise InputError(f"{path}: reference CSV lacks column(s) {', '.join(sorted(missing))}")
    rows = []
    for line, rec in enumerate(records, start=2):
        try:
            seconds = float(rec["seconds"]) if rec["seconds"].strip() else None
        except ValueError:
            raise InputError(f"{path}:{line}: seconds {rec['seconds']!r} is not a number") from None
        solved = rec["solved"].strip().lower() in ("true", "1", "yes")
        rows.append(Row(rec["problem"], solved, seconds, None, rec.get("stop_reason", ""), ""))
    return rows


def compare(rows: Sequence[Row], reference: Sequence[Row]) -> dict:
    """Problems solved by both, by one only, and the ratio of median seconds (reference / this)
    over the problems both solved."""
    ours = {r.problem: r for r in rows if r.solved and r.seconds is not None}
    theirs = {r.problem: r for r in reference if r.solved and r.seconds is not None}
    both = sorted(set(ours) & set(theirs))
    out = {"both": len(both), "only_this": len(set(ours) - set(theirs)),
           "only_reference": len(set(theirs) - set(ours)), "median_ratio": None}
    if both:
        mine = float(np.median([ours[p].seconds for p in both]))
        other = float(np.median([theirs[p].seconds for p in both]))
        out["median_ratio"] = other / mine if mine > 0 else None
    return out


def format_comparison(c: dict) -> str:
    ratio = "-" if c["median_ratio"] is None else f"{c['median_ratio']:.1f}x"
    return (f"solved by both: {c['both']}, only this run: {c['only_this']}, only the reference: "
            f"{c['only_reference']}\nmedian seconds on problems both solved, reference / this run: "
            f"{ratio}")


# ---------------------------------------------------------------------------
# Command line

class _Parser(argparse.ArgumentParser):
    def error(self, message: str):   # one line and exit 2, from main
        raise SymgenError(f"{self.prog}: {message}")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = _Parser(prog="prove_suite", description=__doc__.splitlines()[0])
    ap.add_argument("file", type=Path, help="problem file (name line, problem line, ...), or a "
                    "folder of them (e.g. Code2Inv's .c files with --domain code)")
    ap.add_argument("--timeout", type=float, required=True, help="seconds per problem")
    ap.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--seed", type=int, default=0, help="diagram seed (default 0)")
    ap.add_argument("--csv", type=Path, help="write one row per problem here")
    ap.add_argument("--json", type=Path, help="write the summary and rows here")
    ap.add_argument("--reference", type=Path, help="a previous --json output to compare with")
    ap.add_argument("--check", action="store_true", help="replay every proof in the independent "
                    "checker and re-check every derived fact on the diagram; a failure counts as "
                    f"not solved, with stop reason {CHECK_FAILED!r}")
    ap.add_argument("--compare-csv", type=Path, help="a reference system's CSV (problem, solved, "
                    "seconds): side-by-side table and ratio of medians on problems both solved")
    ap.add_argument("--proposer", choices=("none", "heuristic", "model", "both"), default=None,
                    help="who proposes auxiliary constructions (default: model if --model is "
                    "given, else none)")
    ap.add_argument("--model", help="model checkpoint for --proposer model, or 'default'")
    ap.add_argument("--beam", type=int, default=4, help="search beam (default 4)")
    ap.add_argument("--depth", type=int, default=2, help="most auxiliary constructions (default 2)")
    ap.add_argument("--domain", default="geometry", help="problem domain (default geometry; "
                    "arithmetic reads its own language or ChenNEQ-style JSONL)")
    args = ap.parse_args(argv)
    try:
        registry.load(args.domain)
    except SymgenError as err:
        ap.error(str(err))
    args.proposer = args.proposer or ("model" if args.model else "none")
    if args.beam < 1 or args.depth < 1:
        ap.error("--beam and --depth must be at least 1")
    if not 0 < args.timeout < 1e7:
        ap.error(f"--timeout must be positive, not {args.timeout:g}")
    if args.workers < 1:
        ap.error(f"--workers must be at least 1, not {args.workers}")
    for out in (args.csv, args.json):
        if out is not None and not out.parent.is_dir():
            ap.error(f"{out}: no directory {str(out.parent)!r} to write into")
    return args


def _reference(path: Path | None) -> dict | None:
    if path is None:
        return None
    try:
        return json.loads(path.read_text())["summary"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"{path}: not a summary written by --json: {err}") from err


def _print_progress(row: Row, done: int, total: int) -> None:
    status = "solved" if row.solved else "not solved"
    detail = row.error or row.stop_reason
    print(f"[{done:>{len(str(total))}}/{total}] {row.problem}: {status} {_seconds(row.seconds)} "
          f"({detail})", file=sys.stderr, flush=True)


def exit_code(rows: Sequence[Row]) -> int:
    """The suite's exit code: a crash or a failed check is a bug (4), a problem that cannot
    be read or drawn bad input (3); unsolved problems are the table's business (0)."""
    if any(r.stop_reason in (CRASH, CHECK_FAILED) for r in rows):
        return ExitCode.INTERNAL
    if any(r.stop_reason in (PARSE_ERROR, BUILD_ERROR) for r in rows):
        return ExitCode.BAD_INPUT
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    try:
        args = _arguments(argv)
        reference = _reference(args.reference)
        compared = read_csv(args.compare_csv) if args.compare_csv else None
        if compared is not None:
            reference = summarise(compared)
        prover: ProveFn = prove
        if args.proposer != "none" or args.domain != "geometry":
            prover = Searching(args.proposer, args.model, beam=args.beam, depth=args.depth,
                               domain=args.domain)
            prover.check()
        rows = run_suite(args.file, timeout=args.timeout, workers=args.workers, seed=args.seed,
                         progress=_print_progress, domain=args.domain,
                         prove_fn=Checked(prover, args.domain, numeric=args.check))
        if not rows:
            raise InputError(f"{args.file}: no problems in the file")
        if args.csv:
            write_csv(rows, args.csv, CODE_COLUMNS if args.domain == "code" else COLUMNS)
        if args.json:
            write_json(rows, args.json, file=str(args.file), timeout=args.timeout, seed=args.seed)
    except SymgenError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    except OSError as err:
        print(f"error: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return ExitCode.BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    print(format_table(summarise(rows), reference))
    if compared is not None:
        print(format_comparison(compare(rows, compared)))
    return exit_code(rows)


if __name__ == "__main__":
    sys.exit(main())
