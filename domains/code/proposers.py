"""Invariant proposers by name: what ``--proposer none|heuristic|model|both`` builds for code.

* ``heuristic`` (``heuristic.py``): per verification mode, run the program on
  random inputs, instantiate the templates (bounds, differences, sums, fitted
  linear equalities over the program's variables, ghosts and constants) that
  every observed loop-head state satisfies, and keep the inductive part (Houdini).
* ``model`` (``neural.py``): a transformer trained on a code corpus writes
  invariant conjuncts for each loop (``L0 : i <= n``); those that read, together
  with the engine's own facts, go through the same Houdini pruning.
* ``both``: the heuristic's candidates with the model's conjuncts added.
"""
from __future__ import annotations

import time
from importlib import resources
from pathlib import Path
from typing import Iterator

from provers.search import Node, Proposal
from symgen import proposing

from .heuristic import HeuristicProposer
from .neural import ModelProposer

BOTH_BEAM = 64        # the model's conjuncts added to the heuristic's (wider costs more than it adds)


class BothProposer:
    """The heuristic's candidates with the model's conjuncts added, then Houdini: the
    inductive part of the union, so it proves what either would (at the heuristic's cost)."""

    name = "both"
    exhaustible, narrowing = True, 1.0

    def __init__(self, model: ModelProposer, heuristic: HeuristicProposer) -> None:
        self.model, self.heuristic = model, heuristic

    def propose(self, node: Node, k: int, deadline: float) -> Iterator[Proposal]:
        self.model.deadline = time.monotonic() + (deadline - time.perf_counter())
        yield from self.heuristic.propose(node, k, deadline,
                                          extra=self.model.conjuncts(node.problem, BOTH_BEAM))


def default_model() -> Path:
    return Path(str(resources.files("domains.code").joinpath("model.pt")))


PROPOSERS = proposing.Proposers({
    "none": lambda model, device: None,
    "heuristic": lambda model, device: HeuristicProposer(),
    "model": lambda model, device: ModelProposer(model, device),
    "both": lambda model, device: BothProposer(ModelProposer(model, device), HeuristicProposer()),
}, default_model)
check, make = PROPOSERS.check, PROPOSERS.make
