"""The model proposer for arithmetic: a trained transformer names lemma instances.

The problem is renamed canonically and encoded as ``<bos> statement <sep>``;
beam search decodes up to ``k`` instances such as ``square ( a ** 2 - b * c )``.
Each is read back -- lemma name, then its arguments as expressions in the
canonical names, mapped to the problem's own -- and anything that does not read
(an unknown lemma, a name the problem lacks, a syntax error) is dropped here;
the engine drops instances whose side conditions fail.  So a model can
propose nonsense but never make a proof wrong or the search fail.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path

from provers.search import Node, Proposal
from symgen.tokenizer import EOS

from . import lemmas
from .text import prompt_text, renaming, untokenize
from .prover import proposal

log = logging.getLogger(__name__)

MAX_TOKENS = 48
MAX_BEAM = 64


def read_instance(text: str, engine, names: dict[str, str]):
    """``(lemma, args)`` in the problem's own variables, or None if ``text`` does not read."""
    canonical = [names[v] for v in engine.problem.variables]   # same order as the problem's
    try:
        return lemmas.read_instance(text, canonical)
    except ValueError:
        return None


class ModelProposer:
    name = "model"
    exhaustible = True         # after its widest beam
    narrowing = 1.0

    def __init__(self, path: str | Path, device: str | None = None) -> None:
        from symgen.train import load_model
        self.model, self.tokenizer, checkpoint = load_model(Path(path), device)
        self.path = str(path)
        log.info("arithmetic model proposer: %s (step %s)", path, checkpoint.get("step"))

    def propose(self, node: Node, k: int, deadline: float | None = None) -> list[Proposal]:
        """The next ``k`` instances by the model's beam (earlier calls' ones are skipped)."""
        engine = node.state
        done = node.memo.get(self.name, 0)
        if done >= MAX_BEAM:
            return []
        width = min(done + k, MAX_BEAM)
        node.memo[self.name] = width
        prompt = self.tokenizer.prompt_ids(prompt_text(engine.problem))
        if len(prompt) + 4 >= self.model.config.block_size:
            return []
        stop_at = None if deadline is None else time.monotonic() + (deadline - time.perf_counter())
        outs = self.model.beam_search(prompt, beam=width, max_new=MAX_TOKENS, stop={EOS},
                                      deadline=stop_at)
        names = renaming(engine.problem)
        found = []
        for ids, _ in outs[done:]:
            inst = read_instance(untokenize(self.tokenizer.decode(ids)), engine, names)
            if inst is not None:
                found.append(proposal(engine, *inst))
        return found
