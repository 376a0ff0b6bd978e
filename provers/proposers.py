"""Proposers by name: what ``--proposer none|heuristic|model`` builds.

``make(name, model)`` returns the proposer (None for symbolic only).  ``model`` is a
checkpoint path or ``default``, the small model shipped with the geometry domain
(``DEFAULT_MODEL``).  The model proposer imports torch; the others never do.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable

from symgen.errors import SymgenError


def default_model() -> Path:
    return Path(str(resources.files("domains.geometry").joinpath("model.pt")))


def model_path(model: str | None) -> Path:
    if model is None or model == "default":
        path = default_model()
        if not path.is_file():
            raise SymgenError(f"no default model shipped at {path}; pass --model PATH")
        return path
    path = Path(model)
    if not path.is_file():
        raise SymgenError(f"{model}: no such model file")
    return path


def _none(model: str | None, device: str | None):
    return None


def _heuristic(model: str | None, device: str | None):
    from .heuristic import HeuristicProposer
    return HeuristicProposer()


def _model(model: str | None, device: str | None):
    from .neural import ModelProposer
    return ModelProposer(model_path(model), device)


PROPOSERS: dict[str, Callable] = {"none": _none, "heuristic": _heuristic, "model": _model}


def check(name: str, model: str | None = None) -> None:
    """Fail on an unknown proposer or a missing model file, without loading anything."""
    if name not in PROPOSERS:
        raise SymgenError(f"unknown proposer {name!r} (known: {', '.join(PROPOSERS)})")
    if name == "model":
        model_path(model)


def make(name: str, model: str | None = None, device: str | None = None):
    check(name, model)
    return PROPOSERS[name](model, device)
