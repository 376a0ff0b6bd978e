"""The files of a corpus folder as a dataset: what ``symgen generate`` and ``symgen dedup``
write, and how records are read back.

``write_dataset`` puts records into a folder: each split's records (``symgen.dataset``)
in files of 1000, ``data/train-00000-of-00002.jsonl`` and, with the Parquet format, the same
records in ``parquet/`` with the domain's nested Arrow types (one format per folder, as
``datasets`` reads them); the domain's ``record.schema.json``; ``manifest.json`` (the run's
settings and each file with its split, format, record count, size and SHA-256);
``report.json``; and the dataset card (``corpus_card``).  Files of an earlier layout that are
not rewritten are removed.  ``read_records`` reads a folder's records back in manifest order
from either format (a Parquet row comes back as the record it was), refusing a manifest entry
outside the folder; ``read_manifest`` reads the manifest as untrusted input.
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Callable

from . import dataset
from .corpus_card import dataset_card
from .dataset import FOLDERS, SCHEMA
from .errors import InputError
from .files import atomic_write
from .limits import LIMITS, read_text

RECORDS_PER_FILE = 1000


def _dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


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
        out += READERS[fmt](_member(folder, entry.get("file")), manifest["domain"])
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


def _read_jsonl(path: Path, domain: str) -> list[dict]:
    out = []
    for no, line in enumerate(read_text(path).splitlines(), start=1):
        record = read_record(line)
        if isinstance(record, str):
            raise InputError(f"{path}:{no}: {record}")
        out.append(record)
    return out


def _read_parquet(path: Path, domain: str) -> list[dict]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow: pip install "
                         f"'symgen[parquet]'") from None
    try:
        rows = pq.read_table(path).to_pylist()
    except (OSError, ValueError) as err:        # pyarrow's errors derive from these
        raise InputError(f"{path}: not a readable Parquet file ({str(err)[:200]})") from None
    schema = _schema(domain)        # where a null belongs
    return [dataset.record_of(r, schema) for r in rows]


READERS: dict[str, Callable[[Path, str], list[dict]]] = {
    "jsonl": _read_jsonl, "parquet": _read_parquet}


def _strict_number(text: str) -> float:
    raise ValueError(f"{text} is not a JSON number")


def read_record(line: str) -> dict | str:
    """A record line as a dict, or why it is not one (never an exception)."""
    if len(line) > LIMITS.file_bytes:
        return "record line too long"
    try:
        record = json.loads(line, parse_constant=_strict_number)
    except RecursionError:
        return f"not JSON: nested deeper than {LIMITS.json_depth}"
    except ValueError as err:
        return f"not JSON: {err}"
    if not isinstance(record, dict):
        return f"not a JSON object (a {type(record).__name__})"
    if _depth(record) > LIMITS.json_depth:
        return f"not a record: nested deeper than {LIMITS.json_depth}"
    return record


def _depth(value: object) -> int:
    stack, deepest = [(value, 1)], 0
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > LIMITS.json_depth:
            return depth
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children)
    return deepest



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
