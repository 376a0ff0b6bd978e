"""Corpus generation at scale: shards, resuming, deduplication, manifest, report, card.

A run is ``(domain, seed, count, config)``.  Items are numbered 0, 1, 2, ...
and item *i* is a pure function of ``(seed, i, config)`` (the domain's
``generate_item``); shard *s* is items ``s*ITEMS_PER_SHARD`` up to the next
shard.  Shards are computed by any executor (a process pool, Dask) and each is
written atomically to ``OUT/.parts/part-SSSSS.jsonl`` with its statistics, so a
killed run loses at most the shards in flight and a rerun skips the finished
ones.  Shards are taken in order until enough theorems are found; the
*finalize* step then reads the parts in order, keeps the first occurrence of
each ``dedup_key`` and the first ``count`` theorems, and writes

* ``data/train-XXXXX-of-YYYYY.jsonl`` -- the records (``load_dataset("json",
  data_dir=OUT)`` reads exactly these),
* ``manifest.json`` -- the run's settings, the shard files with record counts
  and SHA-256 hashes,
* ``report.json`` -- counts per goal predicate and per rule, proof-length and
  aux-count histograms, dedup and rejection rates,
* ``README.md`` -- a dataset card in the Hugging Face format,
* ``timing.json`` -- wall time and throughput of this invocation (the only file
  that differs between runs).

Everything but ``timing.json`` is byte-identical for any number of workers and
any interruption: finalize depends only on the parts, and a part only on its
shard number.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import logging
import math
import os
import shutil
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import Executor, FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__, dataset
from .errors import InputError, SymgenError
from .files import atomic_write

log = logging.getLogger(__name__)

ITEMS_PER_SHARD = 8
RECORDS_PER_FILE = 1000
# The version of the record format (each record's ``generator`` field, and part of a run's
# settings): bump it when what a run writes changes.  It is not the package's version
# (``symgen.__version__``), which the manifest and the card record beside it.
FORMAT_VERSION = "0.7.0"
PARTS = ".parts"
SCHEMA = "record.schema.json"
FOLDERS = {"jsonl": "data", "parquet": "parquet"}      # one format per folder


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


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


def write_dataset(out: Path, domain: str, records: list[dict], splits: tuple[float, ...],
                  fmt: str, settings: dict, report: dict, regenerate: str) -> dict:
    """Write ``records`` into ``out`` as a dataset: the data files of each split, the record
    schema, ``manifest.json`` (``settings`` plus the files and their hashes), ``report.json``
    and the dataset card; files of an earlier layout that are not rewritten are removed."""
    by_split = dataset.rows_by_split(records, splits)
    schema_text = json.dumps(_schema(domain), indent=1, ensure_ascii=False) + "\n"
    atomic_write(out / SCHEMA, schema_text)
    entries = _write_format(out, "jsonl", by_split, domain)
    if fmt == "parquet":
        entries += _write_format(out, "parquet", by_split, domain)
    else:
        _remove_stale(out / FOLDERS["parquet"], set())
    report = {**report, "splits": {k: len(v) for k, v in by_split.items()}}
    manifest = {**settings, "format": fmt,
                "splits": {"by": "source (seed/index)", **dict(zip(dataset.SPLITS, splits))},
                "records": len(records), "files": entries,
                "schema": {"file": SCHEMA, "sha256": _sha256(schema_text.encode("utf-8"))}}
    atomic_write(out / "manifest.json", json.dumps(manifest, indent=1) + "\n")
    atomic_write(out / "report.json", json.dumps(report, indent=1) + "\n")
    from .corpus_card import dataset_card
    atomic_write(out / "README.md", dataset_card(domain, manifest, report, _schema(domain),
                                                 regenerate))
    jsonl = [e for e in entries if e["format"] == "jsonl"]
    return {"records": len(records), "files": len(jsonl), "report": report}


def _schema(domain: str) -> dict:
    """The record schema the domain's package ships (``record.schema.json``)."""
    from . import registry
    from .schema import domain_schema
    return domain_schema(type(registry.load(domain)).__module__.rsplit(".", 1)[0])


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _jsonl_bytes(records: list[dict], schema: dict) -> bytes:
    return "".join(_dumps(r) + "\n" for r in records).encode("utf-8")


def _parquet_bytes(records: list[dict], schema: dict) -> bytes:
    """The records as one Parquet file with the domain's nested types (needs pyarrow)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    sink = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(records, schema=dataset.arrow_schema(schema)), sink)
    return sink.getvalue()


WRITERS: dict[str, Callable[[list[dict], dict], bytes]] = {
    "jsonl": _jsonl_bytes, "parquet": _parquet_bytes}


def _write_format(out: Path, fmt: str, by_split: dict[str, list[dict]], domain: str
                  ) -> list[dict]:
    """Each non-empty split's records as files of one format in that format's folder:
    ``data/train-00000-of-00002.jsonl``; their manifest entries."""
    folder = out / FOLDERS[fmt]
    folder.mkdir(parents=True, exist_ok=True)
    schema = _schema(domain)
    entries, wanted = [], set()
    for split, records in by_split.items():
        files = -(-len(records) // RECORDS_PER_FILE)
        for k in range(files):
            chunk = records[k * RECORDS_PER_FILE:(k + 1) * RECORDS_PER_FILE]
            name = f"{split}-{k:05d}-of-{files:05d}.{fmt}"
            data = WRITERS[fmt](chunk, schema)
            atomic_write(folder / name, data)
            wanted.add(name)
            entries.append({"file": f"{FOLDERS[fmt]}/{name}", "split": split, "format": fmt,
                            "records": len(chunk), "bytes": len(data), "sha256": _sha256(data)})
    _remove_stale(folder, wanted)
    return entries


def _remove_stale(folder: Path, wanted: set[str]) -> None:
    """Remove the data files of an earlier run in ``folder`` that this one did not write."""
    for split in dataset.SPLITS:
        for stale in folder.glob(f"{split}-*"):
            if stale.name not in wanted and stale.suffix[1:] in FOLDERS:
                stale.unlink()


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
    return {"symgen_version": __version__, **git_commit(), "effective_config": _plain(effective)}


def read_records(folder: Path, fmt: str = "jsonl", splits: tuple[str, ...] | None = None
                 ) -> list[dict]:
    """The records of a corpus folder (of ``splits``, default all) in manifest order, from the
    files of one format (the JSONL files are the reference; Parquet rows come back as the
    records they were)."""
    manifest = read_manifest(folder)
    files = [e for e in manifest.get("files") or () if isinstance(e, dict)
             and e.get("format", "jsonl") == fmt
             and (splits is None or e.get("split", "train") in splits)]
    out: list[dict] = []
    for entry in files:
        out += READERS[fmt](_member(folder, entry.get("file")))
    return out


def _member(folder: Path, name: object) -> Path:
    """The file a manifest entry names, refused (InputError) if it leads outside ``folder``."""
    ok = isinstance(name, str) and name and not Path(name).is_absolute() \
        and ".." not in Path(name).parts
    path = Path(folder) / name if ok else None
    if path is None or not path.resolve().is_relative_to(Path(folder).resolve()):
        raise InputError(f"{Path(folder) / 'manifest.json'}: file entry {name!r} is outside "
                         f"the corpus folder")
    return path


def _read_jsonl(path: Path) -> list[dict]:
    from .corpus_audit import read_record
    from .limits import read_text
    out = []
    for no, line in enumerate(read_text(path).splitlines(), start=1):
        record = read_record(line)
        if isinstance(record, str):
            raise InputError(f"{path}:{no}: {record}")
        out.append(record)
    return out


def _read_parquet(path: Path) -> list[dict]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow: pip install "
                         f"'symgen[parquet]'") from None
    try:
        rows = pq.read_table(path).to_pylist()
    except (OSError, ValueError) as err:        # pyarrow's errors derive from these
        raise InputError(f"{path}: not a readable Parquet file ({str(err)[:200]})") from None
    return [dataset.without_nulls(r) for r in rows]


READERS: dict[str, Callable[[Path], list[dict]]] = {"jsonl": _read_jsonl, "parquet": _read_parquet}


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
    return {
        "theorems": n,
        "with_aux": sum(1 for r in records if r["aux"]),
        "goal_predicates": dict(Counter(_goal_kind(r) for r in records).most_common()),
        "rules": dict(rules.most_common()),
        "proof_steps_histogram": _hist(steps),
        "proof_steps_median": sorted(steps)[n // 2] if n else None,
        "aux_histogram": _hist(len(r["aux"]) for r in records),
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


def read_manifest(folder: Path) -> dict:
    """A corpus folder's ``manifest.json``; InputError naming the file if it is not one."""
    path = Path(folder) / "manifest.json"
    try:
        if path.stat().st_size > 2**24:
            raise ValueError("larger than 16 MiB")
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as err:
        reason = getattr(err, "strerror", None) or err if not isinstance(err, RecursionError) \
            else "nested too deeply"
        raise InputError(f"{path}: not a symgen corpus manifest ({reason})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("domain"), str):
        raise InputError(f"{path}: not a symgen corpus manifest (no domain)")
    return manifest
