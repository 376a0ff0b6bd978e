"""Problems in AlphaGeometry's problem language: the data types.

A problem is a name and one line of clauses, optionally followed by a goal::

    a b c = triangle a b c; h = on_tline h a b c, on_line h b c ? perp a h b c

Each clause introduces new points (left of ``=``; ``a@1.5_-2`` fixes a point's
coordinates) by one or more construction calls (right of ``=``, separated by
commas; a point with two calls is the intersection of the two loci).  The goal
is a predicate over points, or several separated by ``;``.  Constant angles are written in units of pi
(``aconst a b c d 1/3`` is 60 degrees), constant ratios as fractions.  Among the goals
Newclid's files also write *side conditions* (``sameclock a b c p q r``, ``npara a b c d``):
facts about the diagram that are checked on it, never derived (``conditions``); they are
kept apart from the goals, in ``Problem.conditions``.

The parser lives in ``domains.geometry.parse``; these types are shared by the
parser, the construction table, the numeric diagram and the deduction state.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class Statement:
    """A predicate applied to point names (and trailing numbers for aconst/rconst)."""

    pred: str
    args: tuple[str, ...]
    numbers: tuple[Fraction, ...] = ()

    def __str__(self) -> str:
        return " ".join([self.pred, *self.args, *(str(n) for n in self.numbers)])


@dataclass(frozen=True, slots=True)
class Condition:
    """A side condition: a predicate of ``conditions.CONDITIONS`` applied to point names."""

    pred: str
    args: tuple[str, ...]

    def __str__(self) -> str:
        return " ".join([self.pred, *self.args])


@dataclass(frozen=True, slots=True)
class Call:
    """One construction call: ``on_line x a b`` or ``s_angle b a c 60``."""

    name: str
    args: tuple[str, ...]
    numbers: tuple[Fraction, ...] = ()

    def __str__(self) -> str:
        return " ".join([self.name, *self.args, *(str(n) for n in self.numbers)])


@dataclass(frozen=True, slots=True)
class Clause:
    """``points = call, call``: the new points and the calls that place them."""

    points: tuple[str, ...]
    calls: tuple[Call, ...]
    fixed: tuple[tuple[str, float, float], ...] = ()
    position: int = 0          # 1-based index among the problem's clauses
    text: str = ""

    def __str__(self) -> str:
        fixed = {name: (x, y) for name, x, y in self.fixed}
        lhs = " ".join(f"{p}@{fixed[p][0]:g}_{fixed[p][1]:g}" if p in fixed else p
                       for p in self.points)
        return f"{lhs} = " + ", ".join(str(c) for c in self.calls)


@dataclass(frozen=True, slots=True)
class Problem:
    name: str
    clauses: tuple[Clause, ...]
    goal: Statement | None = None
    source: str = "<string>"
    points: tuple[str, ...] = field(default=())   # all point names, in order of introduction
    also: tuple[Statement, ...] = ()              # the goals after the first of a multi-goal line
    conditions: tuple[Condition, ...] = ()        # side conditions, checked on the diagram

    @property
    def goals(self) -> tuple[Statement, ...]:
        """Every goal, in the order written: the problem is solved when all are proved."""
        return () if self.goal is None else (self.goal, *self.also)

    def text(self) -> str:
        """The problem line in the problem language (parses back to an equal problem)."""
        return problem_line(self.clauses, self.asked)

    @property
    def asked(self) -> tuple[Statement | Condition, ...]:
        """What follows the ``?``: the goals, then the side conditions."""
        return self.goals + self.conditions


def problem_line(clauses, goal: Statement | Condition | Sequence[Statement | Condition] | None
                 ) -> str:
    """Clauses (or their text) and an optional goal, or several (goals and side
    conditions), as one problem line."""
    body = "; ".join(str(c) for c in clauses)
    goals = (() if goal is None else (goal,) if isinstance(goal, (Statement, Condition, str))
             else tuple(goal))
    return f"{body} ? {'; '.join(str(g) for g in goals)}" if goals else body
