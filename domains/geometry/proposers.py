"""Proposers by name: what ``--proposer none|heuristic|model|both`` builds.

``make(name, model)`` returns the proposer (None for symbolic only).  ``model`` is a
checkpoint path or ``default``, the small model shipped with the geometry domain
(``DEFAULT_MODEL``).  The model proposer imports torch; the others never do.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable

from symgen import proposing


def default_model() -> Path:
    return Path(str(resources.files("domains.geometry").joinpath("model.pt")))


def _none(model: Path | None, device: str | None):
    return None


def _heuristic(model: Path | None, device: str | None):
    from .heuristic import HeuristicProposer
    return HeuristicProposer()


def _model(model: Path | None, device: str | None):
    from provers.neural import ModelProposer
    from .codec import Codec
    return ModelProposer(model, Codec(), device)


def _both(model: Path | None, device: str | None):
    from provers.both import BothProposer
    return BothProposer(_model(model, device), _heuristic(None, device))


PROPOSERS = proposing.Proposers({"none": _none, "heuristic": _heuristic, "model": _model,
                                 "both": _both}, default_model)
check, make = PROPOSERS.check, PROPOSERS.make
