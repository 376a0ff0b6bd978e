"""Invariant proposers by name: what ``--proposer none|heuristic|model|both`` builds for code.

* ``heuristic`` (``heuristic.py``): per verification mode, run the program on
  random inputs, instantiate the templates (bounds, differences, sums, fitted
  linear equalities over the program's variables, ghosts and constants) that
  every observed loop-head state satisfies, and keep the inductive part (Houdini).
* ``model``: a transformer trained on a code corpus writes invariant conjuncts for
  each loop (``L0 : i <= n``; ``provers.neural`` over ``codec.py``); those that read,
  together with the engine's own facts, go through the same Houdini pruning.  Beams
  widen from 16 to ``beam`` until the deadline.
* ``both``: the heuristic's candidates with the model's conjuncts added.
"""
from __future__ import annotations

import time
from importlib import resources
from pathlib import Path
from typing import Iterator

from provers.neural import ModelProposer
from provers.search import Node, Proposal
from symgen import proposing

from .codec import MAX_TOKENS, Codec
from .heuristic import HeuristicProposer
from .hoare import houdini, infer_own
from .problem import Program
from .prover import MODES, invariant, names_of
from .shape import loops

BOTH_BEAM = 64        # the model's conjuncts added to the heuristic's (wider costs more than it adds)


class ModelInvariants:
    """Invariants from the model's conjuncts and the engine's own, after Houdini."""

    name = "model"
    exhaustible, narrowing = True, 1.0

    def __init__(self, path: str | Path, device: str | None = None, beam: int = 256) -> None:
        """``beam``: the widest beam; attempts decode 16, 64, ... conjuncts up to it."""
        self.decoder = ModelProposer(path, Codec(), device, grammar=False, max_tokens=MAX_TOKENS)
        self.beam = beam

    def conjuncts(self, program: Program, width: int | None = None,
                  deadline: float | None = None) -> dict[int, list]:
        """The model's conjuncts by loop, from a beam of ``width`` (default ``beam``)."""
        found: dict[int, list] = {}
        for (loop, conjunct), _ in self.decoder.decode(Node(program, (), None, False),
                                                       width or self.beam, deadline):
            found.setdefault(loop, []).append(conjunct)
        return found

    def propose(self, node: Node, k: int, deadline: float) -> Iterator[Proposal]:
        """Attempts with ever wider beams (16, 64, ... up to ``beam``), each in both modes:
        the engine's own conjuncts and the model's, then Houdini."""
        program = node.problem
        names = names_of(program)
        own = {mode: infer_own(program, deadline, mode) for mode in MODES}
        width = min(16, self.beam)
        while True:
            proposed = self.conjuncts(program, width, deadline)
            for mode in MODES:
                cands = {j: list(own[mode].get(j, [])) + proposed.get(j, [])
                         for j in range(len(loops(program)))}
                yield invariant(mode, houdini(program, cands, deadline, mode), names)
            if width >= self.beam or time.perf_counter() > deadline:
                return
            width = min(4 * width, self.beam)


class BothProposer:
    """The heuristic's candidates with the model's conjuncts added, then Houdini: the
    inductive part of the union, so it proves what either would (at the heuristic's cost)."""

    name = "both"
    exhaustible, narrowing = True, 1.0

    def __init__(self, model: ModelInvariants, heuristic: HeuristicProposer) -> None:
        self.model, self.heuristic = model, heuristic

    def propose(self, node: Node, k: int, deadline: float) -> Iterator[Proposal]:
        extra = self.model.conjuncts(node.problem, BOTH_BEAM, deadline)
        yield from self.heuristic.propose(node, k, deadline, extra=extra)


def default_model() -> Path:
    return Path(str(resources.files("domains.code").joinpath("model.pt")))


PROPOSERS = proposing.Proposers({
    "none": lambda model, device: None,
    "heuristic": lambda model, device: HeuristicProposer(),
    "model": lambda model, device: ModelInvariants(model, device),
    "both": lambda model, device: BothProposer(ModelInvariants(model, device), HeuristicProposer()),
}, default_model)
check, make = PROPOSERS.check, PROPOSERS.make
