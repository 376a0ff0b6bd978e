"""Arithmetic proposers by name: what ``--proposer none|heuristic|model|both`` builds here.

The heuristic proposer enumerates lemma instances (``heuristic.py``); the model
proposer decodes lemma instances with a transformer trained on an arithmetic
corpus (``provers.neural`` over ``codec.py``); ``default`` is the small model shipped
with this domain.
``both`` takes the two proposers' instances in turn, each once (the model runs dry
after its widest beam, the heuristic goes on).
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from symgen import proposing


def default_model() -> Path:
    return Path(str(resources.files("domains.arithmetic").joinpath("model.pt")))


def _none(model: Path | None, device: str | None):
    return None


def _heuristic(model: Path | None, device: str | None):
    from .heuristic import HeuristicProposer
    return HeuristicProposer()


def _model(model: Path | None, device: str | None):
    from provers.neural import ModelProposer
    from .codec import MAX_TOKENS, WIDEST, Codec
    return ModelProposer(model, Codec(), device, grammar=False, max_tokens=MAX_TOKENS,
                         widest=WIDEST)


def _both(model: Path | None, device: str | None):
    from provers.both import BothProposer
    return BothProposer(_model(model, device), _heuristic(None, device))


PROPOSERS = proposing.Proposers({"none": _none, "heuristic": _heuristic, "model": _model,
                                 "both": _both}, default_model)
check, make = PROPOSERS.check, PROPOSERS.make
