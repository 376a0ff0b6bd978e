"""Arithmetic proposers by name: what ``--proposer none|heuristic|model|both`` builds here.

The heuristic proposer enumerates lemma instances (``heuristic.py``); the model
proposer decodes lemma instances with a transformer trained on an arithmetic
corpus (``neural.py``); ``default`` is the small model shipped with this domain.
``both`` takes the two proposers' instances in turn, each once (the model runs dry
after its widest beam, the heuristic goes on).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Callable

from symgen import proposing
from symgen.proposing import Both, interleave


def default_model() -> Path:
    return Path(str(resources.files("domains.arithmetic").joinpath("model.pt")))


def _none(model: Path | None, device: str | None):
    return None


def _heuristic(model: Path | None, device: str | None):
    from .heuristic import HeuristicProposer
    return HeuristicProposer()


def _model(model: Path | None, device: str | None):
    from .neural import ModelProposer
    return ModelProposer(model, device)


class BothProposer(Both):
    def propose(self, engine, k: int) -> list:
        return interleave((self.model.propose(engine, k), self.heuristic.propose(engine, k)),
                          key=repr)


def _both(model: Path | None, device: str | None):
    return BothProposer(_model(model, device), _heuristic(None, device))


PROPOSERS: dict[str, Callable] = {"none": _none, "heuristic": _heuristic, "model": _model,
                                  "both": _both}


def check(name: str, model: str | None = None) -> None:
    proposing.check(PROPOSERS, name, model, default_model())


def make(name: str, model: str | None = None, device: str | None = None):
    return proposing.make(PROPOSERS, name, model, device, default_model())
