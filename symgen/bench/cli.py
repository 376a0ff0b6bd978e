"""Benchmark suites: prove every problem of a file, each under a hard time limit.

The command line of ``symgen bench`` and ``benchmarks/prove_suite.py``: a progress
line per problem on stderr, the summary table on stdout (beside a reference run's
with ``--reference`` or ``--compare-csv``), one row per problem in ``--csv`` and the
summary and rows in ``--json``.  The exit code is ``rows.exit_code``'s; a bad flag
is one line and exit 2.  Only this module of the runner prints.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from symgen import engine, registry
from symgen.errors import ExitCode, InputError, SymgenError

from .rows import CHECK_FAILED, COLUMNS, Row, compare, exit_code, format_comparison, \
    format_table, seconds_text, summarise
from .suite import Checked, Searching, run_suite
from .writers import read_csv, write_csv, write_json


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):   # one line and exit 2, from main
        raise SymgenError(f"{self.prog}: {message}")


def add_arguments(ap: argparse.ArgumentParser, *, engine_flag: bool = True) -> None:
    """The suite's arguments, on its own parser or on ``symgen bench``'s subparser (where
    ``--engine`` is the command line's own, shared by every command)."""
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
    ap.add_argument("--domain", default=registry.DEFAULT_DOMAIN, help="problem domain (default "
                    "geometry; arithmetic reads its own language or ChenNEQ-style JSONL)")
    if engine_flag:
        ap.add_argument("--engine", choices=engine.ENGINES, default=None,
                        help="the deduction engine's kernels: compiled (the default when built) "
                        "or python (the reference); workers inherit it")


def _validate(args: argparse.Namespace) -> argparse.Namespace:
    """The parsed flags checked together; SymgenError (exit 2) naming the flag otherwise."""
    if getattr(args, "engine", None) is not None:
        engine.choose(args.engine)
    registry.load(args.domain)
    args.proposer = args.proposer or ("model" if args.model else "none")
    if args.beam < 1 or args.depth < 1:
        raise SymgenError("--beam and --depth must be at least 1")
    if not 0 < args.timeout < 1e7:
        raise SymgenError(f"--timeout must be positive, not {args.timeout:g}")
    if args.workers < 1:
        raise SymgenError(f"--workers must be at least 1, not {args.workers}")
    for out in (args.csv, args.json):
        if out is not None and not out.parent.is_dir():
            raise SymgenError(f"{out}: no directory {str(out.parent)!r} to write into")
    return args


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    ap = _Parser(prog="prove_suite", description=__doc__.splitlines()[0])
    add_arguments(ap)
    return ap.parse_args(argv)


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
    print(f"[{done:>{len(str(total))}}/{total}] {row.problem}: {status} "
          f"{seconds_text(row.seconds)} ({detail})", file=sys.stderr, flush=True)


def _run(args: argparse.Namespace) -> list[Row]:
    """The suite the flags describe, with its files written."""
    prover = Searching(args.proposer, args.model, beam=args.beam, depth=args.depth,
                       domain=args.domain)
    prover.check()
    rows = run_suite(args.file, timeout=args.timeout, workers=args.workers, seed=args.seed,
                     progress=None if getattr(args, "quiet", 0) else _print_progress,
                     domain=args.domain,
                     prove_fn=Checked(prover, args.domain, numeric=args.check))
    if not rows:
        raise InputError(f"{args.file}: no problems in the file")
    if args.csv:
        write_csv(rows, args.csv, COLUMNS + tuple(registry.load(args.domain).columns))
    if args.json:
        write_json(rows, args.json, file=str(args.file), timeout=args.timeout, seed=args.seed,
                   engine=engine.name)
    return rows


def run(args: argparse.Namespace) -> int:
    """The suite of parsed flags, its table printed; its exit code (``rows.exit_code``)."""
    try:
        _validate(args)
        reference = _reference(args.reference)
        compared = read_csv(args.compare_csv) if args.compare_csv else None
        if compared is not None:
            reference = summarise(compared)
        rows = _run(args)
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


def main(argv: list[str] | None = None) -> int:
    """``benchmarks/prove_suite.py``: parse the flags, run the suite; its exit code."""
    try:
        args = _arguments(argv)
    except SymgenError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_code
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
