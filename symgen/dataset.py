"""A corpus as a dataset: the fields every domain shares, one dedup key, splits by source,
and the typed form of a domain's record schema.

Every domain's records carry the same shared fields (``id``, ``domain``, ``seed``,
``index``, ``premises``, ``goal``, ``aux``, ``proof``, ``stats`` with ``goal_kind``,
``dedup_key``, ``generator``), so the three domains load as one dataset on those
columns.  ``dedup_key`` is one function for all of them: the SHA-256 (first 32 hex
digits) of a canonical text in which the domain has renamed its objects (points,
variables) in order of appearance, so that two statements that differ only in names
get the same key.

A record's *source* is the item it was drawn from (``seed/index``: one geometry
diagram, one program, one premise set), and ``split_of`` puts a whole source in one
split (``train``, ``validation``, ``test``), by a hash of the source, so the many
theorems of one diagram never sit on both sides.  ``symgen.train`` uses the same
hash for its validation set.

``columns`` reads a domain's ``record.schema.json`` as typed columns (strings,
integers, floats, lists, structs); ``arrow_schema`` and ``features_yaml`` turn them
into the Parquet schema and the ``dataset_info.features`` of the dataset card, so a
field has the same shape in JSONL, in Parquet and in ``datasets``.
"""
from __future__ import annotations

import hashlib
from typing import Any, Iterable, Sequence, Union

from .errors import SymgenError

SPLITS = ("train", "validation", "test")
FOLDERS = {"jsonl": "data", "parquet": "parquet"}      # a corpus folder: one format per folder
SCHEMA = "record.schema.json"                          # the record schema, beside the data
DEFAULT_SPLITS = (0.98, 0.01, 0.01)
SHARED = ("id", "domain", "seed", "index", "premises", "goal", "aux", "proof", "stats",
          "dedup_key", "generator")


def dedup_key(canonical: str) -> str:
    """The dedup key of a statement's canonical (renamed) text."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]


def source_key(record: dict) -> str:
    """The item a record was drawn from: ``seed/index``."""
    return f"{record['seed']}/{record['index']}"


def _hash64(key: str) -> int:
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")


def split_of(key: str, fractions: Sequence[float] = DEFAULT_SPLITS) -> str:
    """The split of a source key, for fractions (train, validation, test) summing to 1: the
    key's hash below ``validation`` goes to validation, below ``validation + test`` to test."""
    _, val, test = fractions
    h = _hash64(key)
    if h < val * 2 ** 64:
        return "validation"
    if h < (val + test) * 2 ** 64:
        return "test"
    return "train"


def parse_splits(text: str) -> tuple[float, float, float]:
    """``--splits TRAIN,VALIDATION,TEST`` (fractions that sum to 1)."""
    try:
        parts = tuple(float(p) for p in text.split(","))
    except ValueError:
        parts = ()
    if len(parts) != 3 or not all(0 <= p <= 1 for p in parts) or abs(sum(parts) - 1) > 1e-6:
        raise SymgenError(f"--splits: expected three fractions TRAIN,VALIDATION,TEST that sum "
                          f"to 1 (e.g. 0.98,0.01,0.01), got {text!r}")
    if parts[0] == 0:
        raise SymgenError(f"--splits {text}: the train split may not be empty")
    return parts


# ---------------------------------------------------------------------------
# Typed columns from a record schema

Column = Union[str, tuple]        # "string" | "int64" | "float64" | "bool" | ("list", Column)
#                                   | ("struct", ((name, Column), ...))
_SCALARS = {"string": "string", "integer": "int64", "number": "float64", "boolean": "bool"}


def _column(schema: dict, where: str) -> Column:
    if "const" in schema or "enum" in schema:
        values = [schema["const"]] if "const" in schema else schema["enum"]
        if all(isinstance(v, str) for v in values):
            return "string"
    kind = schema.get("type")
    if isinstance(kind, list):              # ["integer", "null"]: an Arrow column is nullable
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    if kind in _SCALARS:
        return _SCALARS[kind]
    if kind == "array" and isinstance(schema.get("items"), dict) and "prefixItems" not in schema:
        return ("list", _column(schema["items"], f"{where}[]"))
    if kind == "object" and schema.get("additionalProperties") is False:
        return ("struct", tuple((name, _column(sub, f"{where}.{name}"))
                                for name, sub in schema.get("properties", {}).items()))
    raise SymgenError(f"record schema: {where} has no column type (an object needs fixed "
                      f"properties, an array one item type)")


def columns(schema: dict) -> tuple[tuple[str, Column], ...]:
    """A record schema's top-level fields as (name, column type), in the schema's order."""
    top = _column(schema, "record")
    assert top[0] == "struct"
    return top[1]


def arrow_type(column: Column):
    import pyarrow as pa
    if isinstance(column, str):
        return {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(),
                "bool": pa.bool_()}[column]
    if column[0] == "list":
        return pa.list_(arrow_type(column[1]))
    return pa.struct([pa.field(name, arrow_type(sub)) for name, sub in column[1]])


def arrow_schema(schema: dict):
    """The Parquet (Arrow) schema of a domain's records (needs pyarrow)."""
    import pyarrow as pa
    return pa.schema([pa.field(name, arrow_type(col)) for name, col in columns(schema)])


def _feature(name: str, column: Column, indent: str) -> list[str]:
    head = f"{indent}- name: {name}"
    if isinstance(column, str):
        return [head, f"{indent}  dtype: {column}"]
    if column[0] == "list" and isinstance(column[1], str):
        return [head, f"{indent}  list: {column[1]}"]
    if column[0] == "list":
        return [head, f"{indent}  list:"] + _struct_lines(column[1], indent + "  ")
    return [head, f"{indent}  struct:"] + [
        line for sub, col in column[1] for line in _feature(sub, col, indent + "  ")]


def _struct_lines(column: Column, indent: str) -> list[str]:
    if column[0] == "struct":
        return [line for sub, col in column[1] for line in _feature(sub, col, indent)]
    raise SymgenError("record schema: a list of lists has no dataset feature type")


def features_yaml(schema: dict, indent: str = "  ") -> list[str]:
    """The ``dataset_info.features`` lines of a dataset card for a domain's records."""
    return [line for name, col in columns(schema) for line in _feature(name, col, indent)]


def _nullable(schema: dict) -> bool:
    kind = schema.get("type")
    return kind == "null" or (isinstance(kind, list) and "null" in kind)


def record_of(row: Any, schema: dict) -> Any:
    """A row read from Parquet (or ``datasets``) as the record it came from: a field a record
    does not have comes back as null, so a null is dropped unless the schema allows one there."""
    if isinstance(row, dict):
        props = schema.get("properties", {})
        return {k: record_of(v, props.get(k, {})) for k, v in row.items()
                if v is not None or _nullable(props.get(k, {}))}
    if isinstance(row, list):
        items = schema.get("items")
        return [record_of(v, items if isinstance(items, dict) else {}) for v in row]
    return row


def rows_by_split(records: Iterable[dict], fractions: Sequence[float]) -> dict[str, list[dict]]:
    """Records grouped by the split of their source, in their order, every split present."""
    out: dict[str, list[dict]] = {name: [] for name in SPLITS}
    for r in records:
        out[split_of(source_key(r), fractions)].append(r)
    return out
