"""Record schemas: what a corpus record of each domain may hold, checked before anything reads it.

Each domain ships ``record.schema.json``, a JSON Schema (draft 2020-12) of its
records, written beside a corpus's data and read by ``symgen check``.  This
module checks a parsed record against such a schema without a dependency: it
knows the keywords the shipped schemas use (``type``, ``const``, ``enum``,
``properties``, ``required``, ``additionalProperties``, ``propertyNames``,
``items``, ``prefixItems``, ``minItems``, ``maxItems``, ``minimum``,
``maximum``, ``maxLength``, ``pattern``) and refuses a schema that uses any
other, so a check can never pass by ignoring a rule.  ``errors`` returns every
violation as ``path: reason`` (``proof[3].cites[0]: expected integer, got
string``); an empty list means the record fits.

JSON numbers are finite here: Python's ``json`` reads ``NaN`` and
``Infinity``, which no schema type admits.
"""
from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: (isinstance(v, (int, float)) and not isinstance(v, bool)
                         and math.isfinite(v)),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
_KNOWN = {"$schema", "$id", "title", "description", "type", "const", "enum", "properties",
          "required", "additionalProperties", "propertyNames", "items", "prefixItems",
          "minItems", "maxItems", "minimum", "maximum", "maxLength", "pattern"}
_MAX_ERRORS = 20


class SchemaError(ValueError):
    """A schema that uses a keyword this checker does not know."""


def _type_name(value: Any) -> str:
    for name, test in _TYPES.items():
        if test(value):
            return name
    return "non-finite number" if isinstance(value, float) else type(value).__name__


def _check(schema: dict, value: Any, path: str, out: list[str]) -> None:
    unknown = set(schema) - _KNOWN
    if unknown:
        raise SchemaError(f"schema keyword(s) not supported: {', '.join(sorted(unknown))}")
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(_TYPES[t](value) for t in names):
            out.append(f"{path}: expected {' or '.join(names)}, got {_type_name(value)}")
            return
    if "const" in schema and value != schema["const"]:
        out.append(f"{path}: must be {json.dumps(schema['const'])}, got {_short(value)}")
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{path}: must be one of {', '.join(map(json.dumps, schema['enum']))}, "
                   f"got {_short(value)}")
    check = _BY_KIND.get(_type_name(value))
    if check is not None:
        check(schema, value, path, out)


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _object(schema: dict, value: dict, path: str, out: list[str]) -> None:
    props = schema.get("properties", {})
    for key in schema.get("required", ()):
        if key not in value:
            out.append(f"{path}: missing key {key!r}")
    extra = schema.get("additionalProperties", True)
    names = schema.get("propertyNames")
    for key, item in value.items():
        where = f"{path}.{key}" if path != "record" else key
        if names is not None:
            _check(names, key, f"{where} (key)", out)
        if key in props:
            _check(props[key], item, where, out)
        elif extra is False:
            out.append(f"{path}: unknown key {key!r}")
        elif isinstance(extra, dict):
            _check(extra, item, where, out)


def _array(schema: dict, value: list, path: str, out: list[str]) -> None:
    if len(value) < schema.get("minItems", 0):
        out.append(f"{path}: at least {schema['minItems']} items, got {len(value)}")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        out.append(f"{path}: at most {schema['maxItems']} items, got {len(value)}")
    prefix = schema.get("prefixItems", [])
    for i, item in enumerate(value):
        sub = prefix[i] if i < len(prefix) else schema.get("items")
        if sub is not None:
            _check(sub, item, f"{path}[{i}]", out)
        if len(out) > _MAX_ERRORS:
            return


def _number(schema: dict, value: float, path: str, out: list[str]) -> None:
    if "minimum" in schema and value < schema["minimum"]:
        out.append(f"{path}: at least {schema['minimum']}, got {value}")
    if "maximum" in schema and value > schema["maximum"]:
        out.append(f"{path}: at most {schema['maximum']}, got {value}")


def _string(schema: dict, value: str, path: str, out: list[str]) -> None:
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        out.append(f"{path}: at most {schema['maxLength']} characters, got {len(value)}")
    if "pattern" in schema and not re.search(schema["pattern"], value):
        out.append(f"{path}: {_short(value)} does not match {schema['pattern']!r}")


_BY_KIND: dict[str, Callable[[dict, Any, str, list[str]], None]] = {
    "object": _object, "array": _array, "integer": _number, "number": _number, "string": _string}


def errors(schema: dict, value: Any) -> list[str]:
    """Every way ``value`` violates ``schema`` (at most about 20), as ``path: reason``."""
    out: list[str] = []
    _check(schema, value, "record", out)
    return out[:_MAX_ERRORS]


def known(schema: dict) -> dict:
    """``schema`` itself, once every keyword in it (at any depth) is one this checker knows."""
    stack = [schema]
    while stack:
        node = stack.pop()
        unknown = set(node) - _KNOWN
        if unknown:
            raise SchemaError(f"schema keyword(s) not supported: {', '.join(sorted(unknown))}")
        stack += list(node.get("properties", {}).values()) + node.get("prefixItems", [])
        stack += [node[k] for k in ("items", "additionalProperties", "propertyNames")
                  if isinstance(node.get(k), dict)]
    return schema


@lru_cache(maxsize=None)
def domain_schema(package: str) -> dict:
    """A domain package's shipped ``record.schema.json`` (its keywords checked)."""
    text = resources.files(package).joinpath("record.schema.json").read_text(encoding="utf-8")
    return known(json.loads(text))
