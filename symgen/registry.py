"""The domain registry.

The kernel never imports a domain.  Domains register under the entry-point
group ``symgen.domains`` (see pyproject.toml): each entry names an object with
the hooks the CLI calls (``parse_file``, ``prove``, ``render``, ...).  Adding a
domain is one package and one line of registration.
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from importlib.metadata import entry_points

from .errors import SymgenError

# Used when the package is imported from a source tree that was never installed.
_BUILTIN = {"geometry": "domains.geometry.hooks:DOMAIN",
            "arithmetic": "domains.arithmetic.hooks:DOMAIN",
            "code": "domains.code.hooks:DOMAIN"}


@lru_cache(maxsize=None)
def available() -> dict[str, str]:
    found = {ep.name: ep.value for ep in entry_points(group="symgen.domains")}
    return {**_BUILTIN, **found}


def load(name: str):
    target = available().get(name)
    if target is None:
        raise SymgenError(f"unknown domain {name!r} (known: {', '.join(sorted(available()))})")
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)
