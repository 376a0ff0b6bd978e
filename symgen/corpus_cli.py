"""The corpus commands of the CLI: ``symgen generate``, ``symgen check``, ``symgen stats``.

``generate`` runs ``corpus.generate`` with a progress line on stderr; with no
arguments it writes a small default geometry corpus to ``./symgen-data``.  It
writes only where ``corpus_folder.claim`` allows, and a run that stops midway
(a Dask cluster gone, a full disk) is one line saying that a rerun resumes.
``check DIR`` audits the folder as untrusted input (``corpus_audit``: manifest
paths, counts, hashes, record schema, duplicates), then re-verifies every
record through the domain's ``check_record`` (proof replay plus numeric checks
on fresh diagrams, under ``--timeout`` per record), and exits 1 if anything
fails.  ``stats DIR [-o PLOTS]`` prints the report as a table
and draws histograms (matplotlib, the ``render`` extra).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from concurrent.futures import BrokenExecutor, CancelledError
from pathlib import Path

from . import corpus, corpus_audit, registry
from .corpus_folder import claim
from .dataset import parse_splits
from .errors import ExitCode, InputError, InternalError, SymgenError
from .limits import read_text

from .corpus_args import DEFAULT_COUNT, DEFAULT_OUT  # noqa: F401 - the defaults live there
DASK_CONNECT_SECONDS = 10


def _weights(text: str | None) -> dict[str, float]:
    if not text:
        return {}
    out = {}
    for part in text.split(","):
        name, eq, value = part.partition("=")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise SymgenError(f"--weights: expected NAME=NUMBER, got {part!r}") from None
        if not eq:
            raise SymgenError(f"--weights: expected NAME=NUMBER, got {part!r}")
    return out


def _steps(text: str) -> list[int]:
    """``LO-HI`` (or one number) as [lo, hi]."""
    lo, dash, hi = text.partition("-")
    try:
        out = [int(lo), int(hi if dash else lo)]
    except ValueError:
        raise SymgenError(f"--steps: expected LO-HI (e.g. 6-8), got {text!r}") from None
    return out


def _executor(spec: str | None, workers: int):
    """None (the run makes its own pool) or a Dask distributed executor."""
    if spec is None:
        return None, None
    if not spec.startswith("dask://"):
        raise SymgenError(f"--executor: expected dask://HOST:PORT, got {spec!r}")
    try:
        from distributed import Client
    except ImportError:
        raise SymgenError("--executor dask:// needs the 'dask' extra: pip install 'symgen[dask]'") from None
    address = spec.replace("dask://", "tcp://", 1)
    try:
        client = Client(address, timeout=DASK_CONNECT_SECONDS)
    except (OSError, TimeoutError, ValueError) as err:
        reason = str(err).splitlines()[0][:200] if str(err) else type(err).__name__
        raise InputError(f"--executor {spec}: cannot reach the Dask scheduler within "
                         f"{DASK_CONNECT_SECONDS}s ({reason}); nothing was written") from None
    return client, client.get_executor()


def bar(done: int, total: int, width: int = 30) -> str:
    """A text progress bar: ``[#####     ]``."""
    return f"[{'#' * int(width * done / max(total, 1)):<{width}}]"


def _progress(start: float):
    def show(shards: int, found: int, count: int) -> None:
        rate = found / max(time.perf_counter() - start, 1e-9)
        print(f"\r{bar(found, count)} {found}/{count} theorems, {shards} shards, {rate:.1f}/s",
              end="", file=sys.stderr, flush=True)
    return show


def cmd_generate(args: argparse.Namespace) -> int:
    if args.count < 1:
        raise SymgenError(f"--count must be at least 1, not {args.count}")
    if args.workers < 1:
        raise SymgenError(f"--workers must be at least 1, not {args.workers}")
    if args.min_proof_steps is not None and args.min_proof_steps < 1:
        raise SymgenError(f"--min-proof-steps must be at least 1, not {args.min_proof_steps}")
    if args.format == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise SymgenError("--format parquet needs pyarrow: pip install 'symgen[parquet]'") from None
    dom = registry.load(args.domain)
    if args.per_diagram is not None and args.per_diagram < 0:
        raise SymgenError(f"--per-diagram must be at least 0, not {args.per_diagram}")
    if args.aux_per_diagram is not None and args.aux_per_diagram < 1:
        raise SymgenError(f"--aux-per-diagram must be at least 1, not {args.aux_per_diagram}")
    settings = {"aux_only": args.aux_only, "weights": _weights(args.weights)}
    if args.min_proof_steps is not None:        # else the domain's default
        settings["min_proof_steps"] = args.min_proof_steps
    if args.per_diagram is not None:
        settings["per_diagram"] = args.per_diagram
    if args.aux_per_diagram is not None:
        settings["aux_per_diagram"] = args.aux_per_diagram
    if args.steps is not None:
        settings["steps"] = _steps(args.steps)
    dom.generate_config(settings)                # validates the settings before any work
    out = Path(args.out)
    run = corpus.Run(args.domain, args.seed, args.count, settings, out,
                     splits=parse_splits(args.splits), format=args.format)
    client, executor = _executor(args.executor, args.workers)
    start = time.perf_counter()
    try:
        claim(run, force=args.force)
        result = corpus.generate(run, executor=executor, workers=args.workers,
                                 progress=_progress(start))
    except SymgenError:
        raise
    except (Exception, asyncio.CancelledError) as err:  # noqa: BLE001 - a cluster, a pool or
        raise _stopped(out, err) from None                # the disk failed mid-run
    finally:
        if client is not None:
            client.close()
    print(file=sys.stderr)
    rep, timing = result["report"], result["timing"]
    if result.get("already_complete"):
        how = "already complete (nothing to compute)"
    elif not timing["shards_computed"]:        # an interrupted run's parts, assembled
        how = f"assembled from {timing['shards_resumed']} finished shard(s), none computed"
    else:
        how = f"{timing['theorems_per_second']} theorems/s with {args.workers} worker(s)"
    print(f"{result['records']} theorems ({rep['with_aux']} with aux) in {result['files']} "
          f"file(s) under {out}/data; {how}; median proof {rep['proof_steps_median']} steps")
    return ExitCode.OK


def _stopped(out: Path, err: BaseException) -> SymgenError:
    """The one line for a run that stopped midway: what happened, and that it resumes."""
    kept = len(list((out / corpus.PARTS).glob("part-*.jsonl"))) if out.is_dir() else 0
    what = f"{type(err).__name__}: {str(err).splitlines()[0][:200]}" if str(err) \
        else type(err).__name__
    outside = (OSError, CancelledError, asyncio.CancelledError, BrokenExecutor, TimeoutError)
    failure = InputError if isinstance(err, outside) else InternalError
    return failure(f"generation stopped ({what}); {kept} finished shard(s) are kept in "
                   f"{out / corpus.PARTS}, and rerunning the same command resumes")


def cmd_check(args: argparse.Namespace) -> int:
    """Audit the folder (manifest, files, schema, duplicates), then check each sound record
    through its domain; every failure is one line, and the exit code is 1 if any."""
    findings, todo = corpus_audit.tasks(Path(args.dir), fresh=args.fresh, seconds=args.timeout)
    seen = corpus_audit._Seen()
    sound: list[corpus_audit.Task] = []
    for task in todo:
        record = corpus_audit.structure(task, seen)
        if isinstance(record, list):
            findings.append((task.where, record))
        else:
            sound.append(task)
    if args.workers > 1 and len(sound) > 1:
        with corpus.worker_pool(args.workers) as pool:
            findings += list(pool.map(corpus_audit.check_one, sound, chunksize=16))
    else:
        findings += [corpus_audit.check_one(t) for t in sound]
    failed_records = {where for where, failures in findings if failures and ":" in where}
    for where, failures in findings:
        for f in failures:
            print(f"{where}: {f}")
    bad_files = sum(1 for where, failures in findings if failures and ":" not in where)
    ok = len(todo) - len(failed_records)
    print(f"checked {len(todo)} records: {ok} ok, {len(failed_records)} failed"
          + (f"; {bad_files} problem(s) with the corpus files" if bad_files else ""))
    return ExitCode.NOT_PROVED if failed_records or bad_files else ExitCode.OK


def cmd_stats(args: argparse.Namespace) -> int:
    out = Path(args.dir)
    try:
        report = json.loads(read_text(out / "report.json"))
    except (ValueError, RecursionError) as err:
        raise InputError(f"{out / 'report.json'}: cannot read the report ({err})") from None
    if not isinstance(report, dict) or not report:
        raise InputError(f"{out / 'report.json'}: not a symgen corpus report")
    rows = [(k, v) for k, v in report.items() if not isinstance(v, dict)]
    width = max((len(k) for k, _ in rows), default=0)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    for k in ("goal_predicates", "proof_steps_histogram", "aux_histogram", "rejected", "rules"):
        table = report.get(k)
        print(f"\n{k}:")
        for name, v in (table.items() if isinstance(table, dict) else ()):
            print(f"  {name:<28} {v}")
    if args.out:
        from .corpus_plots import plot_report
        for path in plot_report(report, Path(args.out)):
            print(f"wrote {path}")
    return 0
