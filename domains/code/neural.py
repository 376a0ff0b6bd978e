"""The model invariant proposer: a trained transformer writes loop invariant conjuncts.

A transformer trained on a code corpus writes invariant conjuncts for each loop
(``L0 : i <= n``) from the program's text (``text.prompt_text``); those that
read back (``text.read_conjunct``), together with the engine's own facts, go
through the same Houdini pruning as the heuristic's.  Beams widen from 16 to
``beam`` until the deadline.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

from provers.search import Node, Proposal

from .hoare import houdini, infer_own
from .problem import Program
from .prover import MODES, invariant, names_of
from .shape import loops


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
        from .text import prompt_text, read_conjunct
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
