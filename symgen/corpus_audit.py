"""Reading a corpus folder as untrusted input, for ``symgen check``.

A corpus is data people download and share, so nothing in it is believed
until it is checked, and nothing in it can make the check run code, read
outside the folder or hang:

* the manifest must be a symgen manifest; every ``file`` it names must
  resolve inside the corpus folder (no absolute paths, no ``..``, no links
  out), exist, be UTF-8, and have the record count and SHA-256 the manifest
  records; the counts must add up to the manifest's ``records``; a Parquet
  copy (``parquet/``) must hold exactly the JSONL records, row by row;
* each line must be one JSON object within ``LIMITS.json_depth`` (no ``NaN``),
  fit the domain's record schema (``record.schema.json``: no unknown keys, the
  right types, ``domain`` the manifest's), and carry an ``id`` and a
  ``dedup_key`` no earlier record has;
* then the domain's ``check_record`` replays its proof and re-checks its
  facts, under a time limit per record, and an exception there is reported as
  that record's failure.

``audit`` yields ``(where, failures)`` for the folder (``where`` is
``manifest.json`` or ``data/FILE:LINE``); an empty list means that part passed.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import corpus_files, registry
from .corpus_files import read_manifest, read_record
from .errors import InputError
from .limits import LIMITS, TimeUp, backstop
from .schema import domain_schema, errors as schema_errors

log = logging.getLogger(__name__)

Finding = tuple[str, list[str]]


@dataclass(frozen=True)
class Task:
    """One record line to check (picklable: it travels to worker processes)."""

    domain: str
    where: str
    line: str
    fresh: int
    seconds: float


@dataclass
class _Seen:
    """The ids and dedup keys read so far (a duplicated record fails)."""

    ids: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)


def _inside(folder: Path, name: object) -> Path | str:
    """The file a manifest entry names, or why it may not be read."""
    if not isinstance(name, str) or not name:
        return f"file entry {name!r} is not a file name"
    if Path(name).is_absolute() or ".." in Path(name).parts or "\\" in name:
        return f"file entry {name!r} is outside the corpus folder"
    path = folder / name
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return f"file entry {name!r} leads outside the corpus folder"
    return path


def _entries(folder: Path, manifest: dict) -> Iterator[tuple[dict, Path | str]]:
    files = manifest.get("files")
    if not isinstance(files, list):
        raise InputError(f"{folder / 'manifest.json'}: 'files' is not a list")
    for entry in files:
        if not isinstance(entry, dict):
            yield {}, f"manifest entry {json.dumps(entry)[:60]} is not an object"
            continue
        yield entry, _inside(folder, entry.get("file"))


def _read_data(path: Path, entry: dict) -> tuple[list[str] | None, list[str]]:
    """The lines of one data file and what is wrong with the file as a whole."""
    try:
        if path.stat().st_size > LIMITS.file_bytes:
            return None, [f"larger than {LIMITS.file_bytes} bytes"]
        raw = path.read_bytes()
    except OSError as err:
        return None, [f"cannot read the data file: {err.strerror or err}"]
    problems = []
    if hashlib.sha256(raw).hexdigest() != entry.get("sha256"):
        problems.append("its SHA-256 is not the manifest's (the file was changed)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, problems + [f"not UTF-8 text (byte {err.start})"]
    lines = text.splitlines()
    if len(lines) != entry.get("records"):
        problems.append(f"holds {len(lines)} records, the manifest says {entry.get('records')}")
    return lines, problems


def tasks(folder: Path, *, fresh: int = 2, seconds: float = 60.0
          ) -> tuple[list[Finding], list[Task]]:
    """Findings on the folder's files, and the record lines to check."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    domain = manifest["domain"]
    if not isinstance(domain, str) or domain not in registry.available():
        raise InputError(f"{folder / 'manifest.json'}: unknown domain {domain!r}")
    findings: list[Finding] = []
    todo: list[Task] = []
    total = 0
    copies: list[tuple[str, list[dict]]] = []
    for entry, path in _entries(folder, manifest):
        if isinstance(path, str):
            findings.append(("manifest.json", [path]))
            continue
        name = entry["file"]
        if entry.get("format", "jsonl") == "parquet":
            rows, problems = _read_parquet(path, entry, domain)
            findings.append((name, problems))
            copies.append((name, rows))
            continue
        lines, problems = _read_data(path, entry)
        findings.append((name, problems))
        for number, line in enumerate(lines or (), start=1):
            todo.append(Task(domain, f"{name}:{number}", line, fresh, seconds))
        total += len(lines or ())
    if total != manifest.get("records"):
        findings.append(("manifest.json", [f"the data files hold {total} records, the manifest "
                                           f"says {manifest.get('records')}"]))
    if copies:
        findings += _same_records(copies, todo)
    if isinstance(manifest.get("schema"), dict):
        findings.append(_schema_file(folder, manifest["schema"]))
    return findings, todo


def _schema_file(folder: Path, entry: dict) -> Finding:
    """The record schema written beside the data must be the one the manifest hashed (records
    are checked against the schema symgen ships, whatever this file says)."""
    path = _inside(folder, entry.get("file"))
    if isinstance(path, str):
        return "manifest.json", [path]
    try:
        raw = path.read_bytes() if path.stat().st_size <= LIMITS.file_bytes else b""
    except OSError as err:
        return entry["file"], [f"cannot read the record schema: {err.strerror or err}"]
    same = hashlib.sha256(raw).hexdigest() == entry.get("sha256")
    return entry["file"], [] if same else [
        "its SHA-256 is not the manifest's (the file was changed)"]


def _read_parquet(path: Path, entry: dict, domain: str) -> tuple[list[dict], list[str]]:
    """The rows of one Parquet copy (as records) and what is wrong with the file."""
    try:
        if path.stat().st_size > LIMITS.file_bytes:
            return [], [f"larger than {LIMITS.file_bytes} bytes"]
        raw = path.read_bytes()
    except OSError as err:
        return [], [f"cannot read the data file: {err.strerror or err}"]
    problems = []
    if hashlib.sha256(raw).hexdigest() != entry.get("sha256"):
        problems.append("its SHA-256 is not the manifest's (the file was changed)")
    try:
        rows = corpus_files.READERS["parquet"](path, domain)
    except InputError as err:
        return [], problems + [str(err).split(": ", 1)[-1]]
    if len(rows) != entry.get("records"):
        problems.append(f"holds {len(rows)} records, the manifest says {entry.get('records')}")
    return rows, problems


def _same_records(copies: list[tuple[str, list[dict]]], todo: list[Task]) -> list[Finding]:
    """The Parquet copy must hold the JSONL records, in order: each row that differs is one
    finding (the JSONL records are the ones checked in depth)."""
    rows = [(f"{name}:{k}", row) for name, part in copies for k, row in enumerate(part, 1)]
    out: list[Finding] = []
    for (where, row), task in zip(rows, todo):
        if row != read_record(task.line):
            out.append((where, [f"differs from the JSONL record at {task.where}"]))
    if len(rows) != len(todo):
        out.append(("manifest.json", [f"the Parquet files hold {len(rows)} records, the JSONL "
                                      f"files {len(todo)}"]))
    return out


def structure(task: Task, seen: _Seen) -> dict | list[str]:
    """The record of a line if it fits the schema and is new; else what is wrong."""
    record = read_record(task.line)
    if isinstance(record, str):
        return [record]
    dom = registry.load(task.domain)
    failures = schema_errors(domain_schema(type(dom).__module__.rsplit(".", 1)[0]), record)
    for value, table, label in ((record.get("id"), seen.ids, "id"),
                                (record.get("dedup_key"), seen.keys, "dedup_key")):
        if isinstance(value, str):
            if value in table:
                failures.append(f"duplicate record: {label} {value!r} is also at {table[value]}")
            table.setdefault(value, task.where)
    return failures or record


def check_one(task: Task) -> Finding:
    """One record's domain check under its time limit; any failure becomes text."""
    record = read_record(task.line)
    if isinstance(record, str):
        return task.where, [record]
    try:
        with backstop(task.seconds):
            return task.where, list(registry.load(task.domain).check_record(record, fresh=task.fresh))
    except TimeUp:
        return task.where, [f"the check did not finish within {task.seconds:g}s"]
    except Exception as err:     # noqa: BLE001 - a record must never crash the check
        log.debug("checking %s", task.where, exc_info=True)
        return task.where, [f"the record breaks the checker ({type(err).__name__}: "
                            f"{str(err)[:200]})"]
