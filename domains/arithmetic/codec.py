"""The arithmetic model's text for a search node, and its decoded lemma instances read back.

The problem is renamed canonically and encoded as its statement; the model decodes lemma
instances such as ``square ( a ** 2 - b * c )``.  Each is read back -- lemma name, then
its arguments as expressions in the canonical names, mapped to the problem's own -- and
anything that does not read (an unknown lemma, a name the problem lacks, a syntax error)
is dropped; the engine drops instances whose side conditions fail.  So a model can
propose nonsense but never make a proof wrong or the search fail.
"""
from __future__ import annotations

from . import lemmas
from .prover import proposal
from .text import prompt_text, renaming, untokenize

MAX_TOKENS = 48           # the longest instance the shipped corpora hold is about 40
WIDEST = 64               # the model is exhausted after a beam this wide


def read_instance(text: str, engine, names: dict[str, str]):
    """``(lemma, args)`` in the problem's own variables, or None if ``text`` does not read."""
    canonical = [names[v] for v in engine.problem.variables]   # same order as the problem's
    try:
        return lemmas.read_instance(text, canonical)
    except ValueError:
        return None


class Codec:
    """``provers.neural.Codec`` for arithmetic: no decoding grammar (the read-back filters)."""

    def prompt(self, node) -> tuple[str, dict[str, str]]:
        return prompt_text(node.state.problem), renaming(node.state.problem)

    def grammar(self, tokenizer, names: dict[str, str]) -> None:
        return None

    def read(self, text: str, names: dict[str, str], node):
        inst = read_instance(untokenize(text), node.state, names)
        return None if inst is None else proposal(node.state, *inst)
