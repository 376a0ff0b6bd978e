"""The geometry model's text for a search node, and its decoded clauses read back."""
from __future__ import annotations

from .grammar import ClauseGrammar
from .text import Renaming, canonical_text, to_own_names


class Codec:
    """The model's text for a search node (``provers.neural.Codec``): the node's problem in
    canonical names; a decoded clause back in the problem's own names, its new points fresh.
    Decoding keeps to the clause grammar (``grammar.ClauseGrammar``), so every clause
    decoded parses on the problem."""

    def prompt(self, node) -> tuple[str, Renaming]:
        return canonical_text(node.problem)

    def grammar(self, tokenizer, ren: Renaming) -> ClauseGrammar:
        return ClauseGrammar(tokenizer, list(ren.to_own))

    def read(self, text: str, ren: Renaming, node) -> str | None:
        return to_own_names(text, ren, set(node.problem.points))
