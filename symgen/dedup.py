"""Removing from one corpus every theorem of another: ``symgen dedup A --against B``.

Two corpora drawn with different seeds share theorems (a small diagram is drawn many
times), so a test set made apart from a training set is not held out until the shared
ones are gone.  Every domain keys a record by the same ``dedup_key`` (``symgen.dataset``:
a hash of the renamed statement), so the theorems of corpus B are the keys of its
records, and ``dedup_against`` rewrites corpus A without them: its data files of every
split and format, ``manifest.json`` (which records what was removed, against which
corpus), ``report.json`` and the dataset card, so that ``symgen check A`` still passes.
Both corpora are untrusted input: a record without a key is an error naming its file
and line.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from pathlib import Path

from . import corpus, corpus_files, dataset
from .errors import InputError

log = logging.getLogger(__name__)

# The report's fields that describe the records (recomputed); the others describe how the
# records were generated, and stay.
RECORD_FIELDS = ("theorems", "with_aux", "goal_predicates", "rules", "proof_steps_histogram",
                 "proof_steps_median", "aux_histogram")


def _made_here(folder: Path) -> dict:
    """A corpus folder's manifest, if a symgen of this record format wrote it."""
    manifest = corpus_files.read_manifest(folder)
    if "format_version" not in manifest or not isinstance(manifest.get("splits"), dict):
        raise InputError(f"{folder / 'manifest.json'}: written by a symgen older than record "
                         f"format {corpus.FORMAT_VERSION}; generate the corpus again")
    return manifest


def keys_of(folder: Path) -> set[str]:
    """The dedup keys of a corpus's records."""
    manifest = corpus_files.read_manifest(folder)
    keys = set()
    for entry in (e for e in manifest.get("files") or () if isinstance(e, dict)
                  and e.get("format", "jsonl") == "jsonl"):
        path = corpus_files._member(folder, entry.get("file"))
        records = corpus_files.READERS["jsonl"](path, manifest["domain"])
        for no, record in enumerate(records, start=1):
            key = record.get("dedup_key")
            if not isinstance(key, str):
                raise InputError(f"{path}:{no}: the record has no dedup_key")
            keys.add(key)
    return keys


def dedup_against(target: Path, against: Path) -> dict:
    """Remove from corpus ``target`` every record whose ``dedup_key`` is in corpus ``against``;
    rewrite its files.  Returns ``{"records", "removed", "kept"}``."""
    target, against = Path(target), Path(against)
    if target.resolve() == against.resolve():
        raise InputError(f"--against {against}: is the corpus itself")
    manifest = _made_here(target)
    other = corpus_files.read_manifest(against)
    if other["domain"] != manifest["domain"]:
        raise InputError(f"{against}: a {other['domain']} corpus; {target} is a "
                         f"{manifest['domain']} corpus")
    keys = keys_of(against)
    records = corpus_files.read_records(target)
    kept = [r for r in records if r.get("dedup_key") not in keys]
    removed = len(records) - len(kept)
    if removed:
        _rewrite(target, manifest, kept, against, removed)
    log.info("%s: removed %d of %d records found in %s", target, removed, len(records), against)
    return {"records": len(records), "removed": removed, "kept": len(kept)}


def _rewrite(target: Path, manifest: dict, kept: list[dict], against: Path, removed: int) -> None:
    try:
        report = json.loads((target / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        report = {}
    fresh = corpus.build_report(kept, Counter(), 0)
    report = {**(report if isinstance(report, dict) else {}),
              **{k: fresh[k] for k in RECORD_FIELDS}}
    raw = (against / "manifest.json").read_bytes()
    history = manifest.get("deduplicated_against", [])
    manifest = {**manifest, "deduplicated_against": [*history, {
        "corpus": against.name, "manifest_sha256": hashlib.sha256(raw).hexdigest(),
        "removed": removed}]}
    splits = tuple(manifest["splits"].get(s, 0.0) for s in dataset.SPLITS)
    command = manifest.get("command", "symgen generate ... --out <dir>")
    command += "".join(f" && symgen dedup <dir> --against <{d['corpus']}>"
                       for d in manifest["deduplicated_against"])
    corpus_files.write_dataset(target, manifest["domain"], kept, splits,
                               manifest.get("format", "jsonl"), manifest, report,
                               regenerate=command)
