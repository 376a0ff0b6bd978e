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
from typing import Callable

from symgen import proposing

from .ast import Program
from .verify import ENTERED, PEELED, houdini, infer_own, loops

log = logging.getLogger(__name__)
MODES = (ENTERED, PEELED)
BOTH_BEAM = 64        # the model's conjuncts added to the heuristic's (wider costs more than it adds)


class HeuristicProposer:
    name = "heuristic"

    def propose(self, program: Program, deadline: float, extra: dict[int, list] | None = None):
        """Per mode, the observed templates (and ``extra`` conjuncts per loop) after Houdini."""
        from .invariants import candidates, observe, simplify
        for mode in MODES:
            cands = candidates(program, observe(program, mode, deadline=deadline), deadline)
            for k, more in (extra or {}).items():
                cands[k] = list(cands.get(k, [])) + [c for c in more if c not in cands.get(k, [])]
            inv = houdini(program, cands, deadline, mode)
            yield mode, {k: simplify(v) for k, v in inv.items()}


class ModelProposer:
    name = "model"

    def __init__(self, path: str | Path, device: str | None = None, beam: int = 256) -> None:
        """``beam``: the widest beam; attempts decode 16, 64, ... conjuncts up to it."""
        from symgen.train import load_model
        self.model, self.tokenizer, _ = load_model(Path(path), device)
        self.beam = beam
        self.deadline: float | None = None

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

    def propose(self, program: Program, deadline: float):
        """Attempts with ever wider beams (16, 64, ... up to ``beam``), each in both modes:
        the engine's own conjuncts and the model's, then Houdini."""
        self.deadline = time.monotonic() + (deadline - time.perf_counter())   # for decoding
        own = {mode: infer_own(program, deadline, mode) for mode in MODES}
        width = min(16, self.beam)
        while True:
            proposed = self.conjuncts(program, width)
            for mode in MODES:
                cands = {k: list(own[mode].get(k, [])) + proposed.get(k, [])
                         for k in range(len(loops(program)))}
                yield mode, houdini(program, cands, deadline, mode)
            if width >= self.beam or time.perf_counter() > deadline:
                return
            width = min(4 * width, self.beam)


class BothProposer(proposing.Both):
    """The heuristic's candidates with the model's conjuncts added, then Houdini: the
    inductive part of the union, so it proves what either would (at the heuristic's cost)."""

    def propose(self, program: Program, deadline: float):
        yield from self.heuristic.propose(program, deadline,
                                          extra=self.model.conjuncts(program, BOTH_BEAM))


def default_model() -> Path:
    return Path(str(resources.files("domains.code").joinpath("model.pt")))


PROPOSERS: dict[str, Callable] = {
    "none": lambda model, device: None,
    "heuristic": lambda model, device: HeuristicProposer(),
    "model": lambda model, device: ModelProposer(model, device),
    "both": lambda model, device: BothProposer(ModelProposer(model, device), HeuristicProposer()),
}


def check(name: str, model: str | None = None) -> None:
    proposing.check(PROPOSERS, name, model, default_model())


def make(name: str, model: str | None = None, device: str | None = None):
    return proposing.make(PROPOSERS, name, model, device, default_model())
