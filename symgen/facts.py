"""Facts, their interning, and their one justification each.

A fact is a plain tuple ``(predicate, arg, arg, ...)`` whose arguments are
small ints (object ids, e.g. points) or exact numbers (``Fraction``).  The
domain puts every fact in canonical form before it reaches the table (for
example ``para a b c d`` with each pair sorted and the pairs sorted), so a
fact and its symmetric variants intern to one id.

Every fact id carries exactly one ``Justification``: the first derivation
wins.  A justification names a rule (with the variable binding it used), a
theory (union-find, linear arithmetic, ...) or ``PREMISE``, lists the premise
fact ids, and records the level (saturation round) at which the fact became
known.  Premise ids are always smaller than the fact's own id, so sorting by
(level, id) is a topological order of any proof.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

Fact = tuple
PREMISE = "premise"


@dataclass(frozen=True, slots=True)
class Justification:
    rule: str
    premises: tuple[int, ...] = ()
    level: int = 0
    subst: tuple = ()          # rule steps: the values bound to the rule's variables, in order

    @property
    def is_premise(self) -> bool:
        return self.rule == PREMISE


class FactTable:
    """Interned facts with one justification each, plus a per-predicate list."""

    __slots__ = ("facts", "ids", "why", "by_pred")

    def __init__(self) -> None:
        self.facts: list[Fact] = []
        self.ids: dict[Fact, int] = {}
        self.why: list[Justification] = []
        self.by_pred: dict[str, list[int]] = {}

    def __len__(self) -> int:
        return len(self.facts)

    def __contains__(self, fact: Fact) -> bool:
        return fact in self.ids

    def get(self, fact: Fact) -> int | None:
        return self.ids.get(fact)

    def add(self, fact: Fact, why: Justification) -> tuple[int, bool]:
        """Intern ``fact``; returns (id, is_new).  An existing fact keeps its justification."""
        fid = self.ids.get(fact)
        if fid is not None:
            return fid, False
        assert all(p < len(self.facts) for p in why.premises), "premises must exist first"
        fid = len(self.facts)
        self.facts.append(fact)
        self.ids[fact] = fid
        self.why.append(why)
        self.by_pred.setdefault(fact[0], []).append(fid)
        return fid, True

    def level(self, fid: int) -> int:
        return self.why[fid].level

    def items(self) -> Iterator[tuple[int, Fact, Justification]]:
        for fid, fact in enumerate(self.facts):
            yield fid, fact, self.why[fid]
