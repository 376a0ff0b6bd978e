"""Invariant proposers by name: what ``--proposer none|heuristic|model|both`` builds for code.

* ``heuristic``: per verification mode, run the program on random inputs,
  instantiate the templates (bounds, differences, sums, fitted linear
  equalities over the program's variables, ghosts and constants) that every
  observed loop-head state satisfies, and keep the inductive part (Houdini).
* ``model``: a transformer trained on a code corpus writes invariant
  conjuncts for each loop (``L0 : i <= n``); those that read, together with
  the engine's own facts, go through the same Houdini pruning.
"""
from __future__ import annotations

import logging
import time
from importlib import resources
from pathlib import Path

from typing import Callable, Iterator

from provers.search import Node, Proposal
from symgen import proposing

from .ast import Program
from .prover import invariant, names_of
from .verify import ENTERED, PEELED, houdini, infer_own, loops

log = logging.getLogger(__name__)
MODES = (ENTERED, PEELED)
BOTH_BEAM = 64        # the model's conjuncts added to the heuristic's (wider costs more than it adds)


class HeuristicProposer:
    name = "heuristic"
    exhaustible, narrowing = True, 1.0

    def propose(self, node: Node, k: int, deadline: float, extra: dict[int, list] | None = None
                ) -> Iterator[Proposal]:
        """Per mode, the observed templates (and ``extra`` conjuncts per loop) after Houdini."""
        from .invariants import candidates, observe, simplify
        program = node.problem
        names = names_of(program)
        for mode in MODES:
            cands = candidates(program, observe(program, mode, deadline=deadline), deadline)
            for j, more in (extra or {}).items():
                cands[j] = list(cands.get(j, [])) + [c for c in more if c not in cands.get(j, [])]
            inv = houdini(program, cands, deadline, mode)
            yield invariant(mode, {j: simplify(v) for j, v in inv.items()}, names)


class ModelProposer:
    name = "model"
    exhaustible, narrowing = True, 1.0

    def __init__(self, path: str | Path, device: str | None = None, beam: int = 256) -> None:
        """``beam``: the widest beam; attempts decode 16, 64, ... conjuncts up to it."""
        from symgen.train import load_model
        self.model, self.tokenizer, _ = load_model(Path(path), device)
        self.beam = beam
        self.deadline: float | None = None     # time.monotonic() after which decoding stops

    def conjuncts(self, program: Program, beam: int | None = None) -> dict[int, list]:
        from symgen.tokenizer import EOS
        from .language import prompt_text, read_conjunct
        prompt = self.tokenizer.prompt_ids(prompt_text(program))
        if len(prompt) + 4 >= self.model.config.block_size:
            return {}
        outs = self.model.beam_search(prompt, beam=beam or self.beam, max_new=32, stop={EOS},
                                      deadline=self.deadline)
        found: dict[int, list] = {}
        for ids, _ in outs:
            got = read_conjunct(program, self.tokenizer.decode(ids))
            if got is not None:
                found.setdefault(got[0], []).append(got[1])
        return found

    def propose(self, node: Node, k: int, deadline: float) -> Iterator[Proposal]:
        """Attempts with ever wider beams (16, 64, ... up to ``beam``), each in both modes:
        the engine's own conjuncts and the model's, then Houdini."""
        program = node.problem
        names = names_of(program)
        self.deadline = time.monotonic() + (deadline - time.perf_counter())   # for decoding
        own = {mode: infer_own(program, deadline, mode) for mode in MODES}
        width = min(16, self.beam)
        while True:
            proposed = self.conjuncts(program, width)
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
