"""One record of a corpus folder, found by its ``id`` or its position (``render DIR --id N``).

``find_record(folder, key)`` reads the data files the manifest lists, in order,
and returns the first record whose ``id`` is ``key``, or, when ``key`` is a
number ``N``, the N-th record counting from 0 (the row ``datasets`` gives as
``ds[N]``).  It reads one line (one Parquet batch) at a time and stops at the
record, so a large corpus is not loaded.  The folder is untrusted: the files
must lie inside it (``corpus_audit``'s rule), and a line that is not a JSON
object is reported, not skipped over silently.  Parquet files (needs pyarrow)
are read as the records they hold: a nested field stored as JSON text decoded, one
stored as an Arrow struct or map read back as the JSON object it was.
Every failure is one ``InputError`` naming the corpus, the key and the reason.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Iterator

from .corpus import read_manifest
from .corpus_audit import _inside, read_record
from .errors import InputError

log = logging.getLogger(__name__)

NESTED = ("aux", "proof", "diagram", "stats")     # fields a flat Parquet file may hold as text


def _jsonl(path: Path) -> Iterator[dict | str]:
    with path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            yield read_record(line)


def _parquet(path: Path) -> Iterator[dict | str]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow: pip install 'symgen[parquet]'") \
            from None
    for batch in pq.ParquetFile(path).iter_batches(batch_size=256):
        for row in batch.to_pylist():
            for key in NESTED:
                if isinstance(row.get(key), str):
                    row[key] = json.loads(row[key])
            yield _plain(row)


def _plain(value):
    """A Parquet row as the JSON record it was: a struct's null fields (Arrow fills in the
    fields other rows have, say cites on a premise line) dropped, a map's pairs a dict."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list) and value and all(
            isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) for v in value):
        return {k: _plain(v) for k, v in value}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


_READERS = {".jsonl": _jsonl, ".parquet": _parquet}


def _records(folder: Path) -> Iterator[tuple[str, dict | str]]:
    """``(where, record or why it is not one)`` for every record, in manifest order."""
    files = read_manifest(folder).get("files")
    if not isinstance(files, list):
        raise InputError(f"{folder / 'manifest.json'}: 'files' is not a list")
    for entry in files:
        path = _inside(folder, entry.get("file") if isinstance(entry, dict) else None)
        if isinstance(path, str):
            raise InputError(f"{folder / 'manifest.json'}: {path}")
        reader = _READERS.get(path.suffix)
        if reader is None:
            log.warning("%s: not a data file symgen reads; skipped", path)
            continue
        try:
            for number, record in enumerate(reader(path), start=1):
                yield f"{entry['file']}:{number}", record
        except (OSError, ValueError, RecursionError) as err:
            raise InputError(f"{path}: cannot read the data file ({err})") from None


def find_record(folder: str | Path, key: str) -> tuple[dict, str]:
    """The record of ``folder`` with id ``key`` (or at position ``key``), and where it is."""
    folder = Path(folder)
    position = int(key) if key.isdigit() else None
    count = 0
    for n, (where, record) in enumerate(_records(folder)):
        hit = n == position if position is not None else (
            isinstance(record, dict) and record.get("id") == key)
        if hit and isinstance(record, str):
            raise InputError(f"{folder}: record {key} ({where}): {record}")
        if hit:
            return record, where
        count = n + 1
    if position is not None:
        raise InputError(f"{folder}: no record {key}: the corpus holds {count} records "
                         f"(numbered from 0)")
    raise InputError(f"{folder}: no record with id {key!r}")
