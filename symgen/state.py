"""What the kernel needs from a domain's deductive state.

The kernel's saturation loop and matcher see a domain only through this
protocol.  A *relation* answers premise atoms of one predicate: ``holds`` for
fully bound atoms, ``scan`` to enumerate candidate argument tuples when some
arguments are unbound.  Relations may be materialised tables or views over a
theory (a union-find of lines, a linear system of angles); ``scan`` may return
a superset of the true matches for the bound positions (the matcher filters),
but never a false fact.  With ``delta`` it returns only (a superset of) the
tuples that became true in the previous round: that is what makes matching
semi-naive.

The state owns the ``FactTable``: ``fact_id`` returns the id of a true fact,
creating a theory-justified record on demand (e.g. "AB ∥ EF by angle
chasing from facts 3, 7, 9") so that only facts a proof actually uses get
explained.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Protocol

from .facts import Fact, FactTable, Justification
from .relations import TableRelation


class Relation(Protocol):
    # A relation whose ``scan`` returns only tuples that agree with the bound positions and
    # repeat equal values where the shape repeats a variable may set ``exact = True``; the
    # matcher then binds without re-checking (when rules allow shared values).
    def holds(self, args: tuple) -> bool: ...

    def scan(self, bound: tuple, shape: tuple[int, ...], delta: bool) -> Iterable[tuple]:
        """Candidate tuples.  ``bound[i]`` is the value at position i or None; ``shape[i]`` is
        the variable id there (equal ids must get equal values), -1 for constants."""
        ...


class DeductiveState(Protocol):
    table: FactTable
    relations: Mapping[str, Relation]

    def canonical(self, pred: str, args: tuple) -> Fact | None:
        """The canonical fact, or None if the atom is degenerate (e.g. ``para a b a b``)."""

    def holds(self, fact: Fact) -> bool:
        """Is the canonical fact known to be true?"""

    def condition(self, pred: str, args: tuple) -> bool:
        """Evaluate a numeric side condition on the domain's model."""

    def plausible(self, fact: Fact) -> bool:
        """False if the domain's model refutes the canonical fact (``add`` would refuse it),
        so the matcher may skip a binding whose every conclusion is refuted or known."""

    def fact_id(self, fact: Fact) -> int | None:
        """Id of a true fact, creating its (theory) justification if needed; None if the
        domain's model refutes a fact its theories claim (the match is then dropped)."""

    def add(self, fact: Fact, why: Justification) -> bool:
        """Assert a derived fact; False if it was already known or is rejected by the model."""

    def begin(self) -> None:
        """Start saturating: everything known so far counts as new for the first round."""

    def end_round(self) -> None:
        """Close a round: what was added since the last call becomes the next delta."""

    def size(self) -> int:
        """How many facts the state holds (for the fact limit)."""

    # Optional: ``bindings(rule) -> (names, candidates) | None``.  A domain may index some
    # rules itself (similar triangles by shape, say): it returns the rule's variable names in
    # some order and an iterable of value tuples in that order, a superset of the matches
    # that are new since the last round.  The kernel checks every premise and condition of
    # each candidate (``matching.run_candidates``); None means "use the generic matcher".
    # Optional: ``seeds(rule) -> iterable of tuples | None``, for a rule of one conclusion:
    # argument tuples of that conclusion (every instance that could be new, in every
    # argument order naming it); the kernel joins the premises from each
    # (``matching.run_seeded``).  None means "use the semi-naive join".


class TableState:
    """The simplest ``DeductiveState``: every predicate a materialised table, facts as they
    are written (no canonical form), no side condition.  For a small domain with no
    theories: a subclass overrides ``condition`` or ``canonical`` where it needs to."""

    def __init__(self, arities: Mapping[str, int]) -> None:
        self.table = FactTable()
        self.relations = {pred: TableRelation(n) for pred, n in arities.items()}

    def canonical(self, pred: str, args: tuple) -> Fact | None:
        return (pred, *args)

    def holds(self, fact: Fact) -> bool:
        return fact in self.table

    def condition(self, pred: str, args: tuple) -> bool:
        return True

    def plausible(self, fact: Fact) -> bool:
        return True

    def fact_id(self, fact: Fact) -> int | None:
        return self.table.get(fact)

    def add(self, fact: Fact, why: Justification) -> bool:
        new = self.table.add(fact, why)[1]
        if new:
            self.relations[fact[0]].add(fact[1:])
        return new

    def begin(self) -> None:
        for r in self.relations.values():
            r.begin()

    def end_round(self) -> None:
        for r in self.relations.values():
            r.end_round()

    def size(self) -> int:
        return len(self.table)
