"""The corpus commands of the CLI: ``symgen generate``, ``symgen check``, ``symgen stats``.

``generate`` runs ``corpus.generate`` with a progress line on stderr; with no
arguments it writes a small default geometry corpus to ``./symgen-data``.
``check DIR`` re-verifies every record of a corpus through the domain's
``check_record`` (proof replay plus numeric checks on fresh diagrams) and
exits 1 if any fails.  ``stats DIR [-o PLOTS]`` prints the report as a table
and draws histograms (matplotlib, the ``render`` extra).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import corpus, registry
from .errors import SymgenError

DEFAULT_OUT = "symgen-data"
DEFAULT_COUNT = 300


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
    client = Client(spec.replace("dask://", "tcp://", 1))
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
    if not hasattr(dom, "generate_item"):
        raise SymgenError(f"domain {args.domain!r} cannot generate corpora yet")
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
    out.mkdir(parents=True, exist_ok=True)
    run = corpus.Run(args.domain, args.seed, args.count, settings, out)
    client, executor = _executor(args.executor, args.workers)
    start = time.perf_counter()
    try:
        result = corpus.generate(run, executor=executor, workers=args.workers,
                                 progress=_progress(start))
    finally:
        if client is not None:
            client.close()
    print(file=sys.stderr)
    if args.format == "parquet":
        corpus.write_parquet(out)
    rep, timing = result["report"], result["timing"]
    if result.get("already_complete"):
        how = "already complete (nothing to compute)"
    elif not timing["shards_computed"]:        # an interrupted run's parts, assembled
        how = f"assembled from {timing['shards_resumed']} finished shard(s), none computed"
    else:
        how = f"{timing['theorems_per_second']} theorems/s with {args.workers} worker(s)"
    print(f"{result['records']} theorems ({rep['with_aux']} with aux) in {result['files']} "
          f"file(s) under {out}/data; {how}; median proof {rep['proof_steps_median']} steps")
    return 0


def _records(out: Path):
    manifest = corpus.read_manifest(out)
    for entry in manifest["files"]:
        path = out / entry["file"]
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            yield manifest["domain"], f"{entry['file']}:{line_no}", line


def _check_one(task: tuple[str, str, str, int]) -> tuple[str, list[str]]:
    domain, where, line, fresh = task
    try:
        record = json.loads(line)
    except ValueError as err:
        return where, [f"not JSON: {err}"]
    return where, registry.load(domain).check_record(record, fresh=fresh)


def cmd_check(args: argparse.Namespace) -> int:
    out = Path(args.dir)
    tasks = [(d, w, line, args.fresh) for d, w, line in _records(out)]
    failed = 0
    if args.workers > 1:
        with corpus.worker_pool(args.workers) as pool:
            results = list(pool.map(_check_one, tasks, chunksize=16))
    else:
        results = [_check_one(t) for t in tasks]
    for where, failures in results:
        if failures:
            failed += 1
            for f in failures:
                print(f"{where}: {f}")
    print(f"checked {len(results)} records: {len(results) - failed} ok, {failed} failed")
    return 1 if failed else 0


def cmd_stats(args: argparse.Namespace) -> int:
    out = Path(args.dir)
    try:
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise SymgenError(f"{out / 'report.json'}: cannot read the report ({err})") from None
    rows = [(k, v) for k, v in report.items() if not isinstance(v, dict)]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    for k in ("goal_predicates", "proof_steps_histogram", "aux_histogram", "rejected", "rules"):
        print(f"\n{k}:")
        for name, v in report.get(k, {}).items():
            print(f"  {name:<28} {v}")
    if args.out:
        from .corpus_plots import plot_report
        for path in plot_report(report, Path(args.out)):
            print(f"wrote {path}")
    return 0


def add_parsers(sub) -> None:
    g = sub.add_parser("generate", help="generate a verified theorem corpus")
    g.add_argument("--domain", default="geometry")
    g.add_argument("--count", type=int, default=DEFAULT_COUNT, help="theorems to write")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default ./{DEFAULT_OUT})")
    g.add_argument("--workers", type=int, default=1)
    g.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                   help="parquet also writes data/*.parquet (needs pyarrow)")
    g.add_argument("--min-proof-steps", type=int, help="drop shorter proofs (default: geometry "
                   "3, arithmetic 1)")
    g.add_argument("--aux-only", action="store_true", help="keep only theorems that need aux")
    g.add_argument("--per-diagram", type=int, metavar="K",
                   help="theorems without aux kept per goal predicate and diagram (geometry "
                        "default 3; all theorems with aux are kept)")
    g.add_argument("--aux-per-diagram", type=int, metavar="K",
                   help="geometry: theorems with aux kept per diagram, drawn at random (default: "
                        "all, up to 40 per goal predicate); 1 makes a held-out set of distinct "
                        "diagrams")
    g.add_argument("--steps", metavar="LO-HI",
                   help="geometry: constructions added to the free shape (default 3-5)")
    g.add_argument("--weights", help="construction weights, e.g. midpoint=3,foot=0")
    g.add_argument("--executor", help="dask://HOST:PORT to run shards on a Dask cluster")
    g.set_defaults(run=cmd_generate)

    c = sub.add_parser("check", help="re-verify every record of a corpus")
    c.add_argument("dir")
    c.add_argument("--fresh", type=int, default=2, help="fresh diagrams per record (default 2)")
    c.add_argument("--workers", type=int, default=1)
    c.set_defaults(run=cmd_check)

    s = sub.add_parser("stats", help="a corpus report as a table (and histograms)")
    s.add_argument("dir")
    s.add_argument("-o", "--out", help="folder for PNG histograms (needs matplotlib)")
    s.set_defaults(run=cmd_stats)
