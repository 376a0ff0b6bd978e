"""Proposers by name, for any domain: a table from name to factory, one model-file rule.

Each domain keeps a table ``{"none": ..., "heuristic": ..., "model": ...}`` of
factories ``(model_path_or_None, device) -> proposer``; ``check`` fails early on
an unknown name or a missing model file (``default`` is the model the domain
ships), and ``make`` builds the proposer.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from .errors import SymgenError

Factory = Callable[[Path | None, str | None], object]


def model_file(model: str | None, default: Path) -> Path:
    """The checkpoint ``model`` names (``None`` or ``default``: the shipped one)."""
    path = default if model in (None, "default") else Path(model)
    if not path.is_file():
        where = f"no default model shipped at {path}; pass --model PATH" \
            if model in (None, "default") else "no such model file"
        raise SymgenError(f"{model or 'default'}: {where}")
    return path


def check(table: Mapping[str, Factory], name: str, model: str | None, default: Path) -> None:
    if name not in table:
        raise SymgenError(f"unknown proposer {name!r} (known: {', '.join(table)})")
    if name == "model":
        model_file(model, default)


def make(table: Mapping[str, Factory], name: str, model: str | None, device: str | None,
         default: Path):
    check(table, name, model, default)
    return table[name](model_file(model, default) if name == "model" else None, device)
