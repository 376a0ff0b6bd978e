"""The corpus commands of the CLI: ``symgen generate``, ``symgen check``, ``symgen stats``.

``generate`` runs ``corpus.generate`` with progress on stderr (``progress``: the
rate it shows last is the one the summary states); with no
arguments it writes a small default geometry corpus to ``./symgen-data``.  It
writes only where ``corpus_folder.claim`` allows, and a run that stops midway
(a Dask cluster gone, a full disk) is one line saying that a rerun resumes.  With
``--executor dask://``, ``--workers`` defaults to the cluster's threads (``cluster_slots``),
so a bigger cluster has more shards in flight.
``check DIR`` audits the folder as untrusted input (``corpus_audit``: manifest
paths, counts, hashes, record schema, duplicates), then re-verifies every
record through the domain's ``check_record`` (proof replay plus numeric checks
on fresh diagrams, under ``--timeout`` per record), and exits 1 if anything
fails; ``--json`` makes every record a JSON line.  ``stats DIR [-o PLOTS] [--json]``
prints the report as a table (or one JSON object)
and draws histograms (matplotlib, the ``render`` extra).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
from concurrent.futures import BrokenExecutor, CancelledError
from pathlib import Path

from . import corpus, corpus_audit, registry
from .corpus_folder import claim
from .dataset import parse_splits
from .errors import ExitCode, InputError, InternalError, SymgenError
from .limits import read_text
from .progress import Meter, meter

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


DIVERSE_STEPS = "4-8"         # --diverse: the constructions added to the free shape


def _executor(spec: str | None):
    """None (the run makes its own pool) or a Dask distributed client and its executor."""
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


def cluster_slots(client) -> int:
    """The tasks a Dask cluster runs at once: its workers' threads, added up (at least 1)."""
    return max(1, sum(client.nthreads().values()))


def _workers(given: int | None, client) -> int:
    """``--workers`` if given, else the cluster's size with a Dask executor, else 1."""
    if given is not None:
        return given
    return cluster_slots(client) if client is not None else 1


def _progress(shown: Meter):
    """The ``corpus.generate`` callback: theorems found so far, on the meter."""
    def show(shards: int, found: int, count: int) -> None:
        shown.update(found, f"{shards} shards")
    return show


def cmd_generate(args: argparse.Namespace) -> int:
    if args.count < 1:
        raise SymgenError(f"--count must be at least 1, not {args.count}")
    if args.workers is not None and args.workers < 1:
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
    if args.diverse:             # aux training data: one per diagram, larger diagrams, all recipes
        args.aux_only = True
        args.aux_per_diagram = args.aux_per_diagram or 1
        args.steps = args.steps or DIVERSE_STEPS
    settings = {"aux_only": args.aux_only, "weights": _weights(args.weights)}
    if args.diverse:
        settings["uniform_weights"] = True
    if args.min_proof_steps is not None:        # else the domain's default
        settings["min_proof_steps"] = args.min_proof_steps
    if args.per_diagram is not None:
        settings["per_diagram"] = args.per_diagram
    if args.aux_per_diagram is not None:
        settings["aux_per_diagram"] = args.aux_per_diagram
    if args.steps is not None:
        settings["steps"] = _steps(args.steps)
    for flag, low in (("min_aux", 1), ("difficulty_nodes", 1)):
        value = getattr(args, flag)
        if value is not None:
            if value < low:
                raise SymgenError(f"--{flag.replace('_', '-')} must be at least {low}, not {value}")
            settings[flag] = value
    for flag in ("label_difficulty", "hard", "novel_aux"):
        if getattr(args, flag):
            settings[flag] = True
    if args.sos:
        if args.domain != "arithmetic":
            raise SymgenError("--sos applies to the arithmetic domain only")
        settings["sos"] = True
    dom.generate_config(settings)                # validates the settings before any work
    out = Path(args.out)
    run = corpus.Run(args.domain, args.seed, args.count, settings, out,
                     splits=parse_splits(args.splits), format=args.format)
    client, executor = _executor(args.executor)
    workers = _workers(args.workers, client)
    try:
        claim(run, force=args.force)
        with meter(args.count, "theorems", "generate", quiet=args.quiet > 0) as shown:
            result = corpus.generate(run, executor=executor, workers=workers,
                                     progress=_progress(shown))
    except SymgenError:
        raise
    except (Exception, asyncio.CancelledError) as err:  # noqa: BLE001 - a cluster, a pool or
        raise _stopped(out, err) from None                # the disk failed mid-run
    finally:
        if client is not None:
            client.close()
    rep, timing = result["report"], result["timing"]
    if result.get("already_complete"):
        how = "already complete (nothing to compute)"
    elif not timing["shards_computed"]:        # an interrupted run's parts, assembled
        how = f"assembled from {timing['shards_resumed']} finished shard(s), none computed"
    else:
        how = f"{shown.rate:.1f} theorems/s with {workers} worker(s)"   # the meter's last rate
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
    through its domain; every failure is one line (with ``--json``, every record is a JSON
    line), and the exit code is 1 if any."""
    findings, todo = corpus_audit.tasks(Path(args.dir), fresh=args.fresh, seconds=args.timeout)
    seen = corpus_audit._Seen()
    sound: list[corpus_audit.Task] = []
    ids: dict[str, object] = {}
    for task in todo:
        record = corpus_audit.structure(task, seen)
        if isinstance(record, list):
            findings.append((task.where, record))
        else:
            sound.append(task)
            ids[task.where] = record.get("id")
    with meter(len(sound), "records", "check", quiet=args.quiet > 0) as shown:
        findings += _checked(sound, args.workers, shown)
    failed_records = {where for where, failures in findings if failures and ":" in where}
    bad_files = sum(1 for where, failures in findings if failures and ":" not in where)
    summary = {"checked": len(todo), "ok": len(todo) - len(failed_records),
               "failed": len(failed_records), "file_problems": bad_files}
    (_say_check_json if args.json else _say_check)(findings, ids, summary)
    return ExitCode.NOT_PROVED if failed_records or bad_files else ExitCode.OK


def _checked(sound: list, workers: int, shown: Meter) -> list:
    """``check_one`` of every task, in order (in a pool with ``workers`` > 1), on the meter."""
    def counted(results) -> list:
        out = []
        for result in results:
            out.append(result)
            shown.update(len(out))
        return out
    if workers > 1 and len(sound) > 1:
        with corpus.worker_pool(workers) as pool:
            return counted(pool.map(corpus_audit.check_one, sound, chunksize=16))
    return counted(map(corpus_audit.check_one, sound))


def _say_check(findings: list, ids: dict, summary: dict) -> None:
    for where, failures in findings:
        for f in failures:
            print(f"{where}: {f}")
    print(f"checked {summary['checked']} records: {summary['ok']} ok, {summary['failed']} failed"
          + (f"; {summary['file_problems']} problem(s) with the corpus files"
             if summary["file_problems"] else ""))


def _say_check_json(findings: list, ids: dict, summary: dict) -> None:
    """One object per record (``where``, ``id``, ``ok``, ``failures``) and per problem with
    a file, then the summary."""
    for where, failures in findings:
        if ":" in where:
            print(json.dumps({"where": where, "id": ids.get(where), "ok": not failures,
                              "failures": failures}, ensure_ascii=False))
        elif failures:
            print(json.dumps({"where": where, "ok": False, "failures": failures},
                             ensure_ascii=False))
    print(json.dumps({"summary": summary}))


def cmd_stats(args: argparse.Namespace) -> int:
    out = Path(args.dir)
    try:
        report = json.loads(read_text(out / "report.json"))
    except (ValueError, RecursionError) as err:
        raise InputError(f"{out / 'report.json'}: cannot read the report ({err})") from None
    if not isinstance(report, dict) or not report:
        raise InputError(f"{out / 'report.json'}: not a symgen corpus report")
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        _say_report(report)
    if args.out:
        from .corpus_plots import plot_report
        for path in plot_report(report, Path(args.out), name=out.resolve().name):
            print(f"wrote {path}", file=sys.stderr if args.json else sys.stdout)
    return 0


def _say_report(report: dict) -> None:
    rows = [(k, v) for k, v in report.items() if not isinstance(v, dict)]
    width = max((len(k) for k, _ in rows), default=0)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    for k in ("goal_predicates", "proof_steps_histogram", "aux_histogram", "aux_kinds",
              "difficulty", "rejected", "rules"):
        table = report.get(k)
        print(f"\n{k}:")
        for name, v in (table.items() if isinstance(table, dict) else ()):
            print(f"  {name:<28} {v}")
