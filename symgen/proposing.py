"""Proposers by name, for any domain: a table from name to factory, one model-file rule.

Each domain keeps a table ``{"none": ..., "heuristic": ..., "model": ..., "both": ...}``
of factories ``(model_path_or_None, device) -> proposer``; ``check`` fails early on
an unknown name or a missing model file (``default`` is the model the domain
ships), and ``make`` builds the proposer.  ``both`` is the model and the heuristic
together: their proposals taken in turn (``interleave``), so the search gets the
model's guesses first and the constructions a person tries first right after.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Hashable, Iterable, Mapping, Sequence, TypeVar

from .errors import InputError, SymgenError

Factory = Callable[[Path | None, str | None], object]
NEEDS_MODEL = ("model", "both")
T = TypeVar("T")


def interleave(lists: Iterable[Sequence[T]], key: Callable[[T], Hashable]) -> list[T]:
    """The lists' items taken in turn (first of each, then second of each, ...), each
    ``key`` once: ``interleave([[a, b, c], [b, d]]) == [a, b, d, c]``."""
    lists = list(lists)
    out, seen = [], set()
    for i in range(max((len(x) for x in lists), default=0)):
        for items in lists:
            if i < len(items) and (k := key(items[i])) not in seen:
                seen.add(k)
                out.append(items[i])
    return out


def model_file(model: str | None, default: Path | None) -> Path:
    """The checkpoint ``model`` names (``None`` or ``default``: the shipped one, if the domain
    ships one)."""
    if model in (None, "default") and default is None:
        raise InputError("default: this domain ships no model; pass --model PATH")
    path = default if model in (None, "default") else Path(model)
    if not path.is_file():
        where = f"no default model shipped at {path}; pass --model PATH" \
            if model in (None, "default") else "no such model file"
        raise InputError(f"{model or 'default'}: {where}")
    return path


def check(table: Mapping[str, Factory], name: str, model: str | None, default: Path | None
          ) -> None:
    if name not in table:
        raise SymgenError(f"unknown proposer {name!r} (known: {', '.join(table)})")
    if name in NEEDS_MODEL:
        model_file(model, default)


def make(table: Mapping[str, Factory], name: str, model: str | None, device: str | None,
         default: Path | None):
    check(table, name, model, default)
    return table[name](model_file(model, default) if name in NEEDS_MODEL else None, device)


class Proposers:
    """A domain's proposer table and its shipped model (``default``, None if it ships none):
    ``check`` and ``make`` by name."""

    def __init__(self, table: Mapping[str, Factory], default: Callable[[], Path] | None = None
                 ) -> None:
        self.table, self.default = dict(table), default

    def check(self, name: str, model: str | None = None) -> None:
        """Fail on an unknown proposer or a missing model file, without loading anything."""
        check(self.table, name, model, self.default and self.default())

    def make(self, name: str, model: str | None = None, device: str | None = None):
        return make(self.table, name, model, device, self.default and self.default())
