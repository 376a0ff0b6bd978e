"""The code model's text for a search node, and its decoded invariant conjuncts read back:
the program's text (``text.prompt_text``) in, one conjunct for one loop (``L0 : i <= n``)
out, read by ``text.read_conjunct`` as ``(loop id, Constraint)`` or dropped."""
from __future__ import annotations

from .text import prompt_text, read_conjunct

MAX_TOKENS = 32


class Codec:
    """``provers.neural.Codec`` for code: no decoding grammar (the read-back filters)."""

    def prompt(self, node) -> tuple[str, None]:
        return prompt_text(node.problem), None

    def grammar(self, tokenizer, context: None) -> None:
        return None

    def read(self, text: str, context: None, node):
        return read_conjunct(node.problem, text)
