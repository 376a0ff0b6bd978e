"""Arithmetic proposers by name: what ``--proposer none|heuristic|model`` builds here.

The heuristic proposer enumerates lemma instances (``heuristic.py``); the model
proposer decodes lemma instances with a transformer trained on an arithmetic
corpus (``neural.py``); ``default`` is the small model shipped with this domain.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable

from symgen.errors import SymgenError


def default_model() -> Path:
    return Path(str(resources.files("domains.arithmetic").joinpath("model.pt")))


def model_path(model: str | None) -> Path:
    path = default_model() if model in (None, "default") else Path(model)
    if not path.is_file():
        raise SymgenError(f"{model or 'default'}: no such model file"
                          + ("" if model not in (None, "default") else "; pass --model PATH"))
    return path


def _none(model, device):
    return None


def _heuristic(model, device):
    from .heuristic import HeuristicProposer
    return HeuristicProposer()


def _model(model, device):
    from .neural import ModelProposer
    return ModelProposer(model_path(model), device)


PROPOSERS: dict[str, Callable] = {"none": _none, "heuristic": _heuristic, "model": _model}


def check(name: str, model: str | None = None) -> None:
    if name not in PROPOSERS:
        raise SymgenError(f"unknown proposer {name!r} (known: {', '.join(PROPOSERS)})")
    if name == "model":
        model_path(model)


def make(name: str, model: str | None = None, device: str | None = None):
    check(name, model)
    return PROPOSERS[name](model, device)
