"""Corpus generation at scale: shards, resuming, deduplication, then the dataset files.

A run is ``(domain, seed, count, config)``.  Items are numbered 0, 1, 2, ...
and item *i* is a pure function of ``(seed, i, config)`` (the domain's
``generate_item``); shard *s* is items ``s*ITEMS_PER_SHARD`` up to the next
shard.  Shards are computed by any executor (a process pool, Dask) and each is
written atomically to ``OUT/.parts/part-SSSSS.jsonl`` with its statistics, so a
killed run loses at most the shards in flight and a rerun skips the finished
ones.  Shards are taken in order until enough theorems are found; the
*finalize* step then reads the parts in order, keeps the first occurrence of
each ``dedup_key`` and the first ``count`` theorems, and writes

* the dataset (``corpus_files.write_dataset``): ``data/SPLIT-XXXXX-of-YYYYY.jsonl``, the
  records of each split (``train``, ``validation``, ``test``, by source), and with the Parquet
  format the same in ``parquet/``; ``record.schema.json``; ``manifest.json`` -- the run's
  settings, symgen's version and git commit, every setting in effect, the files with their
  splits, record counts and SHA-256 hashes;
* ``report.json`` -- counts per goal kind, per rule and per split, proof-length and
  aux-count histograms, dedup and rejection rates,
* ``README.md`` -- a dataset card in the Hugging Face format (``corpus_card``),
* ``timing.json`` -- wall time and throughput of this invocation (the only file
  that differs between runs),

and removes the parts.
Everything but ``timing.json`` is byte-identical for any number of workers and
any interruption: finalize depends only on the parts, and a part only on its
shard number.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import Executor, FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import dataset
from .corpus_files import _dumps, read_manifest, write_dataset
from .errors import InputError, SymgenError
from .files import atomic_write

log = logging.getLogger(__name__)

ITEMS_PER_SHARD = 8
# The version of the record format (each record's ``generator`` field, and part of a run's
# settings): bump it when what a run writes changes.  It is not the package's version
# (``symgen.__version__``), which the manifest and the card record beside it.
FORMAT_VERSION = "0.8.0"
PARTS = ".parts"


@dataclass(frozen=True)
class Run:
    domain: str
    seed: int
    count: int
    config: dict            # the domain's generation settings, JSON-able
    out: Path
    splits: tuple[float, float, float] = dataset.DEFAULT_SPLITS    # train, validation, test
    format: str = "jsonl"   # or "parquet": the data in both formats, each in its folder

    def settings(self) -> dict:
        return {"domain": self.domain, "seed": self.seed, "config": self.config,
                "items_per_shard": ITEMS_PER_SHARD, "format_version": FORMAT_VERSION}


    def command(self) -> str:
        """The ``symgen generate`` command line that makes this corpus again."""
        flags = [f"--domain {self.domain}", f"--count {self.count}", f"--seed {self.seed}"]
        for key, value in self.config.items():
            flag = "--" + key.replace("_", "-")
            shown = _FLAG_VALUE.get(type(value), str)(value)
            if shown is not None:
                flags.append(f"{flag} {shown}".rstrip())
        if tuple(self.splits) != dataset.DEFAULT_SPLITS:
            flags.append("--splits " + ",".join(f"{f:g}" for f in self.splits))
        if self.format != "jsonl":
            flags.append(f"--format {self.format}")
        return "symgen generate " + " ".join(flags) + " --out <dir>"


# How a setting's value reads as a flag's argument (None: the flag is left out; "": a switch).
_FLAG_VALUE: dict[type, Callable] = {
    bool: lambda v: "" if v else None,
    dict: lambda v: ",".join(f"{k}={x:g}" for k, x in v.items()) or None,
    list: lambda v: "-".join(map(str, v)) or None,
}


def run_shard(domain: str, seed: int, shard: int, config: dict) -> tuple[list[dict], dict]:
    """Records and statistics of one shard: a pure function of its arguments."""
    from . import registry
    dom = registry.load(domain)
    records: list[dict] = []
    stats: Counter = Counter()
    t0 = time.perf_counter()
    for index in range(shard * ITEMS_PER_SHARD, (shard + 1) * ITEMS_PER_SHARD):
        try:
            recs, item_stats = dom.generate_item(seed, index, config)
        except SymgenError as err:          # an item that cannot be drawn: counted, skipped
            log.info("item %d: %s", index, err)
            stats["items_failed"] += 1
            continue
        records += [dict(r, generator=FORMAT_VERSION) for r in recs]
        stats["items"] += 1
        for k, v in item_stats.items():
            if isinstance(v, dict):
                for kk, vv in v.items():
                    stats[f"{k}.{kk}"] += vv
            else:
                stats[k] += v
    stats["records"] = len(records)
    return records, {"stats": dict(sorted(stats.items())), "wall": time.perf_counter() - t0}


# ---------------------------------------------------------------------------
# Parts on disk

def aux_kind(text: str) -> str:
    """The kind of an auxiliary construct: a geometry clause's construction names
    (``x = on_line x a b, on_tline x c d e`` is ``on_line+on_tline``), else the text before
    its first parenthesis (a lemma's name)."""
    if " = " in text:
        return "+".join(call.split()[0] for call in text.split(" = ", 1)[1].split(",")
                        if call.split())
    return text.split("(", 1)[0].strip() or text[:40]


def _difficulty(record: dict) -> str:
    """A difficulty label as a report key: the heuristic's depth, or its miss in its budget."""
    h = record["difficulty"].get("heuristic", {})
    if h.get("solved"):
        return f"heuristic, depth {h.get('depth')}"
    return f"heuristic misses (budget {h.get('budget')})"


def _goal_kind(record: dict) -> str:
    """A record's goal predicate: the domain's ``stats.goal_kind``, else the goal's first word
    (geometry's predicate name)."""
    return record.get("stats", {}).get("goal_kind") or record["goal"].split()[0]


def _part_path(out: Path, shard: int) -> Path:
    return out / PARTS / f"part-{shard:05d}.jsonl"


def _write_part(out: Path, shard: int, records: list[dict], stats: dict) -> None:
    lines = [_dumps({"shard": shard, "stats": stats})] + [_dumps(r) for r in records]
    atomic_write(_part_path(out, shard), "\n".join(lines) + "\n")


def _read_part(out: Path, shard: int) -> tuple[list[dict], dict] | None:
    path = _part_path(out, shard)
    if not path.exists():
        return None
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        head = json.loads(lines[0])
        return [json.loads(x) for x in lines[1:]], head["stats"]
    except (OSError, ValueError, KeyError, IndexError) as err:
        log.warning("%s is unreadable (%s); it will be recomputed", path, err)
        return None


def _check_settings(run: Run) -> None:
    parts = run.out / PARTS
    parts.mkdir(parents=True, exist_ok=True)
    path = parts / "settings.json"
    text = json.dumps(run.settings(), sort_keys=True, indent=1)
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if old != text:
            raise SymgenError(f"{run.out}: holds a run with other settings ({path}); "
                              "use another --out or delete it")
    else:
        atomic_write(path, text)


# ---------------------------------------------------------------------------
# The run

Progress = Callable[[int, int, int], None]      # (shards done, theorems so far, count)


def _exit_with_parent() -> None:
    """Pool initializer: a worker ends once the run that started it is gone (killed with
    SIGTERM or SIGKILL, which reach only the run), instead of computing shards nobody collects."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool (forked where the platform can) whose workers end with the run."""
    import multiprocessing as mp
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_exit_with_parent)


@dataclass
class _Ledger:
    """What a run holds: the finished shards, how many of them (in order) are counted towards
    ``count`` after deduplication, and what this invocation computed itself."""

    count: int
    done: dict[int, tuple[list[dict], dict]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    found: int = 0                   # unique theorems in the counted shards
    ordered: int = 0                 # shards 0..ordered-1 are done and counted
    computed: int = 0
    resumed: int = 0
    made: int = 0                    # records in the shards computed here (before deduplication)
    wall: float = 0.0                # worker seconds spent on them

    @property
    def enough(self) -> bool:
        return self.found >= self.count

    def account(self) -> None:
        """Count the finished shards that follow the counted ones, in order, until enough."""
        while self.ordered in self.done and not self.enough:
            for r in self.done[self.ordered][0]:
                if r["dedup_key"] not in self.seen:
                    self.seen.add(r["dedup_key"])
                    self.found += 1
            self.ordered += 1

    def add(self, out: Path, shard: int, records: list[dict], info: dict) -> None:
        """A shard computed by this run: written as a part, then held."""
        _write_part(out, shard, records, info["stats"])
        self.done[shard] = (records, info["stats"])
        self.computed += 1
        self.made += len(records)
        self.wall += info["wall"]

    def timing(self, elapsed: float, workers: int, theorems: int) -> dict:
        # The rate counts the theorems this run computed: resumed shards cost it nothing.
        rate = round(self.made / elapsed, 2) if elapsed and self.computed else None
        return {"seconds": round(elapsed, 3), "shards_computed": self.computed,
                "shards_resumed": self.resumed, "workers": workers, "theorems": theorems,
                "theorems_computed": self.made, "theorems_per_second": rate,
                "worker_seconds": round(self.wall, 3)}


def generate(run: Run, executor: Executor | None = None, workers: int = 1,
             progress: Progress | None = None) -> dict:
    """Compute shards (resuming) until ``run.count`` unique theorems exist, then finalize.
    A finished corpus of the same run is left as it is (``already_complete``)."""
    done = _finished(run)
    if done is not None:
        return done
    _check_settings(run)
    start = time.perf_counter()
    own = executor is None
    if own:
        executor = worker_pool(workers) if workers > 1 else None
    ledger = _Ledger(run.count)
    try:
        _compute(run, executor, workers, ledger, progress)
    finally:
        if own and executor is not None:
            executor.shutdown(cancel_futures=True)
    summary = finalize(run, ledger.ordered)
    old = run.out / "timing.json"
    if ledger.computed == 0 and old.is_file():       # a finished corpus run again: keep its timing
        return {**summary, "timing": json.loads(old.read_text(encoding="utf-8")),
                "already_complete": True}
    timing = ledger.timing(time.perf_counter() - start, workers, summary["records"])
    atomic_write(run.out / "timing.json", json.dumps(timing, indent=1) + "\n")
    return {**summary, "timing": timing}


def _finished(run: Run) -> dict | None:
    """The summary of the finished corpus of exactly this run in ``run.out``, if it holds one
    (its parts are gone: it is not resumed but kept)."""
    if (run.out / PARTS).exists():
        return None
    try:
        manifest = read_manifest(run.out)
        report = json.loads((run.out / "report.json").read_text(encoding="utf-8"))
        timing = json.loads((run.out / "timing.json").read_text(encoding="utf-8"))
    except (InputError, OSError, ValueError):
        return None
    same = all(manifest.get(k) == v for k, v in run.settings().items()) and (
        manifest.get("count"), manifest.get("format"), manifest.get("splits")) == (
        run.count, run.format, {"by": "source (seed/index)", **dict(zip(dataset.SPLITS,
                                                                            run.splits))})
    if not same:
        return None
    files = sum(1 for e in manifest.get("files", ()) if e.get("format") == "jsonl")
    return {"records": manifest.get("records"), "files": files, "report": report,
            "timing": timing, "already_complete": True}


def _compute(run: Run, executor: Executor | None, workers: int, ledger: _Ledger,
             progress: Progress | None) -> None:
    """Take shards in order until enough theorems are counted: each is resumed from its part
    on disk, computed here (no executor), or submitted, keeping two per worker in flight."""
    pending: dict = {}
    next_shard = 0
    while True:
        ledger.account()
        if progress:
            progress(ledger.ordered, min(ledger.found, run.count), run.count)
        if ledger.enough and not pending:
            return
        while not ledger.enough and len(pending) < max(1, workers) * 2:
            shard, next_shard = next_shard, next_shard + 1
            cached = _read_part(run.out, shard)
            if cached is not None:
                ledger.done[shard] = cached
                ledger.resumed += 1
                break
            if executor is None:
                ledger.add(run.out, shard, *run_shard(run.domain, run.seed, shard, run.config))
                break
            pending[executor.submit(run_shard, run.domain, run.seed, shard, run.config)] = shard
        if pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                ledger.add(run.out, pending.pop(fut), *fut.result())


def _dedup(run: Run, shards: int) -> tuple[list[dict], Counter, int]:
    """The first ``run.count`` records of parts 0..shards-1 unique by ``dedup_key``, the
    parts' summed statistics, and how many duplicates were dropped."""
    seen: set[str] = set()
    keep: list[dict] = []
    stats: Counter = Counter()
    duplicates = 0
    for shard in range(shards):
        part = _read_part(run.out, shard)
        if part is None:
            raise SymgenError(f"{_part_path(run.out, shard)} is missing or unreadable")
        records, part_stats = part
        stats.update(part_stats)
        for r in records:
            if len(keep) >= run.count:
                break
            if r["dedup_key"] in seen:
                duplicates += 1
                continue
            seen.add(r["dedup_key"])
            keep.append(r)
    return keep, stats, duplicates


def finalize(run: Run, shards: int) -> dict:
    """Deduplicate parts 0..shards-1 in order, keep ``run.count``, write the dataset files,
    then remove the parts."""
    keep, stats, duplicates = _dedup(run, shards)
    summary = write_dataset(run.out, run.domain, keep, run.splits, run.format,
                            {**run.settings(), **provenance(run), "count": run.count,
                             "parts": shards, "command": run.command()},
                            build_report(keep, stats, duplicates), regenerate=run.command())
    shutil.rmtree(run.out / PARTS, ignore_errors=True)
    return summary


def _plain(value):
    """A setting as JSON: dataclasses as objects, tuples as lists, inf as the text "inf"."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def git_commit() -> dict:
    """The git commit of symgen's source tree and whether it has changes, when symgen runs from
    a git checkout with git installed; else nothing."""
    where = Path(__file__).resolve().parent
    try:
        head = subprocess.run(["git", "-C", str(where), "rev-parse", "HEAD"], capture_output=True,
                              text=True, timeout=10)
        if head.returncode != 0:
            return {}
        dirty = subprocess.run(["git", "-C", str(where), "status", "--porcelain",
                                "--untracked-files=no"], capture_output=True, text=True,
                               timeout=10)
    except (OSError, subprocess.SubprocessError):
        return {}
    return {"git_commit": head.stdout.strip(), "git_dirty": bool(dirty.stdout.strip())}


def provenance(run: Run) -> dict:
    """What made a corpus: symgen's version, the git commit when known, and every setting the
    domain used (its defaults filled in), not only those given."""
    from . import registry
    effective = registry.load(run.domain).generate_config(run.config)
    # symgen.__version__: the package is imported before any of its modules, and importing it
    # by name here would be a cycle (its API imports this module)
    version = sys.modules[__package__].__version__
    return {"symgen_version": version, **git_commit(), "effective_config": _plain(effective)}


def _hist(values) -> dict[str, int]:
    c = Counter(values)
    return {str(k): c[k] for k in sorted(c)}


def build_report(records: list[dict], stats: Counter, duplicates: int) -> dict:
    steps = [r["stats"]["proof_steps"] for r in records]
    rules: Counter = Counter()
    for r in records:
        rules.update(r["stats"]["rules"])
    produced = stats.get("records", 0)
    rejected = {k.split(".", 1)[1]: v for k, v in sorted(stats.items()) if k.startswith("rejected.")}
    candidates = stats.get("candidates", 0)
    n = len(records)
    pairs = Counter(f"{aux_kind(a)} -> {_goal_kind(r)}" for r in records for a in r["aux"])
    return {
        "theorems": n,
        "with_aux": sum(1 for r in records if r["aux"]),
        "goal_predicates": dict(Counter(_goal_kind(r) for r in records).most_common()),
        "rules": dict(rules.most_common()),
        "proof_steps_histogram": _hist(steps),
        "proof_steps_median": sorted(steps)[n // 2] if n else None,
        "aux_histogram": _hist(len(r["aux"]) for r in records),
        "distinct_diagrams": len({dataset.source_key(r) for r in records}),
        "aux_diagrams": len({dataset.source_key(r) for r in records if r["aux"]}),
        "aux_goal_pairs": len(pairs),
        "aux_kinds": dict(pairs.most_common()),
        "difficulty": dict(Counter(_difficulty(r) for r in records if r.get("difficulty"))
                           .most_common()),
        "items": stats.get("items", 0),
        "items_failed": stats.get("items_failed", 0),
        "candidates": candidates,
        "rejected": rejected,
        "rejection_rate": round(sum(rejected.values()) / candidates, 4) if candidates else None,
        "check_failures": stats.get("check_failures", 0),
        "aux_trimmed": stats.get("aux_trimmed", 0),
        "duplicates": duplicates,
        "dedup_rate": round(duplicates / produced, 4) if produced else None,
    }
