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
from pathlib import Path

from symgen.tokenizer import EOS

from . import lemmas
from .language import prompt_text, renaming, untokenize

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

    def __init__(self, path: str | Path, device: str | None = None) -> None:
        from symgen.train import load_model
        self.model, self.tokenizer, checkpoint = load_model(Path(path), device)
        self.path = str(path)
        self._asked: dict[int, int] = {}
        self.deadline: float | None = None     # time.monotonic() after which decoding stops
        log.info("arithmetic model proposer: %s (step %s)", path, checkpoint.get("step"))

    def propose(self, engine, k: int) -> list:
        """The next ``k`` instances by the model's beam (earlier calls' ones are skipped)."""
        done = self._asked.get(id(engine), 0)
        if done >= MAX_BEAM:
            return []
        width = min(done + k, MAX_BEAM)
        self._asked[id(engine)] = width
        prompt = self.tokenizer.prompt_ids(prompt_text(engine.problem))
        if len(prompt) + 4 >= self.model.config.block_size:
            return []
        outs = self.model.beam_search(prompt, beam=width, max_new=MAX_TOKENS, stop={EOS},
                                      deadline=self.deadline)
        names = renaming(engine.problem)
        found = []
        for ids, _ in outs[done:]:
            inst = read_instance(untokenize(self.tokenizer.decode(ids)), engine, names)
            if inst is not None:
                found.append(inst)
        return found
