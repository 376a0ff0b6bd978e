"""A word-level tokenizer for problem-language text.

A problem or construction is a line of words (point names, construction and
predicate names) held together by four separators: ``;`` between clauses,
``,`` between the constraints of one clause, ``=`` between a clause's new
points and its constraints, and ``?`` before the goal.  ``split`` cuts a line
into those words and separators whatever the spacing; ``join`` writes tokens
back in the one canonical spelling (``a b c = triangle a b c; d = midpoint d a
b ? perp a b c d``), so ``join(split(text))`` is the canonical form of
``text``.  A ``Tokenizer`` maps tokens to ids: five special tokens first, then
the sorted words, so building it from the same texts always gives the same
ids.  A training sequence is ``<bos> prompt <sep> target <eos>`` (or ``<bos>
prompt <eos>`` with no target); ``sequence`` and ``prompt_ids`` build them so
that training and decoding agree.  The tokenizer is stored in checkpoints as
a plain dict (``to_dict``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .errors import InputError

SPECIALS = ("<pad>", "<bos>", "<sep>", "<eos>", "<unk>")
PAD, BOS, SEP, EOS, UNK = range(len(SPECIALS))

# How each separator is spelled in canonical text: no space before ';' and ','.
_GLUE = {";": "; ", ",": ", ", "=": " = ", "?": " ? "}
_SPLIT = re.compile(r"\s+|([;,=?])")


def split(text: str) -> list[str]:
    """Words and separators of ``text``; each of ``; , = ?`` is a token of its own."""
    return [t for t in _SPLIT.split(text) if t]


def join(tokens: Iterable[str]) -> str:
    """The canonical spelling of a token list (the inverse of ``split``)."""
    out: list[str] = []
    for tok in tokens:
        if tok in _GLUE:
            out.append(_GLUE[tok])
            continue
        if out and not out[-1].endswith(" "):
            out.append(" ")
        out.append(tok)
    return "".join(out).strip()


@dataclass(frozen=True)
class Tokenizer:
    """Token <-> id maps; ``tokens[i]`` is the token of id ``i``, specials first."""

    tokens: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if tuple(self.tokens[:len(SPECIALS)]) != SPECIALS:
            raise InputError(f"tokenizer: the first tokens must be {' '.join(SPECIALS)}")
        if len(set(self.tokens)) != len(self.tokens):
            raise InputError("tokenizer: repeated tokens")
        object.__setattr__(self, "tokens", tuple(self.tokens))
        object.__setattr__(self, "index", {t: i for i, t in enumerate(self.tokens)})

    @classmethod
    def build(cls, texts: Iterable[str], extra: Iterable[str] = ()) -> "Tokenizer":
        """The tokens of ``texts`` and ``extra`` and the separators, sorted after the specials."""
        words = set(_GLUE) | set(extra)
        for text in texts:
            words.update(split(text))
        return cls(SPECIALS + tuple(sorted(words - set(SPECIALS))))

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, text: str) -> list[int]:
        """Ids of the tokens of ``text``; unknown tokens become ``<unk>``."""
        return [self.index.get(t, UNK) for t in split(text)]

    def decode(self, ids: Iterable[int]) -> str:
        """Canonical text of ``ids`` up to the first ``<eos>``, special tokens left out."""
        words = []
        for i in ids:
            if i == EOS:
                break
            if i >= len(SPECIALS):
                words.append(self.tokens[i])
        return join(words)

    def prompt_ids(self, prompt: str) -> list[int]:
        """``<bos> prompt <sep>``: what a model continues with a target."""
        return [BOS, *self.encode(prompt), SEP]

    def sequence(self, prompt: str, target: str = "") -> list[int]:
        """A training sequence: ``<bos> prompt <sep> target <eos>``, or ``<bos> prompt <eos>``."""
        if not target:
            return [BOS, *self.encode(prompt), EOS]
        return [*self.prompt_ids(prompt), *self.encode(target), EOS]

    def to_dict(self) -> dict:
        return {"tokens": list(self.tokens)}

    @classmethod
    def from_dict(cls, data: dict) -> "Tokenizer":
        tokens = data.get("tokens") if isinstance(data, dict) else None
        if not isinstance(tokens, Sequence) or not all(isinstance(t, str) for t in tokens):
            raise InputError("tokenizer: expected {'tokens': [str, ...]}")
        return cls(tuple(tokens))
