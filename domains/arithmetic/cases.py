"""``Abs``, ``Max`` and ``Min`` by case split: one polynomial problem per case.

``split`` finds the first ``Abs(e)``, ``Max(x1, ..., xn)`` or ``Min(...)`` of a problem
(hypotheses, then the goal, outermost first) and splits on it:

* ``Abs(e)``: the case ``e >= 0``, where it is ``e``, and the case ``-e >= 0``, where it
  is ``-e``;
* ``Max(x1, ..., xn)``: for each ``i`` the case ``xi - xj >= 0`` for every other ``j``,
  where it is ``xi`` (``Min``: ``xj - xi >= 0``).

Each case adds its conditions to the hypotheses and replaces the construct everywhere it
occurs; the cases are split again until none is left, at most ``MAX_CASES`` of them.  The
cases cover every point: for each construct, some ``xi`` is the largest (the smallest),
and ``e >= 0`` or ``-e >= 0``.  A proof proves every case; the checker splits the
statement itself, with this function, and replays each case's proof as a proof of that
case's problem (``check.py``), so a record that leaves a case out or states another
condition is refused.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import sympy

from .normal import Unsupported
from .problem import Problem, Relation

MAX_CASES = 16
CASE, CASES = "case", "cases"        # the rules of a case line and of the final line


@dataclass(frozen=True)
class Case:
    conditions: tuple[Relation, ...]     # what the case assumes, in the order split
    problem: Problem                     # the statement in this case, without the construct

    def text(self) -> str:
        return " and ".join(c.text() for c in self.conditions)


def _first(problem: Problem) -> sympy.Expr | None:
    for rel in (*problem.hypotheses, problem.goal):
        for side in (rel.lhs, rel.rhs, *rel.divisors):
            for e in sympy.preorder_traversal(side):
                if isinstance(e, (sympy.Abs, sympy.Max, sympy.Min)):
                    return e
    return None


def _branches(e: sympy.Expr) -> list[tuple[list[sympy.Expr], sympy.Expr]]:
    """(the case's non-negative polynomials, the construct's value there) per case."""
    if isinstance(e, sympy.Abs):
        (x,) = e.args
        return [([x], x), ([-x], -x)]
    sign = 1 if isinstance(e, sympy.Max) else -1
    args = list(e.args)
    return [([sign * (x - y) for j, y in enumerate(args) if j != i], x) for i, x in enumerate(args)]


def _replaced(rel: Relation, e: sympy.Expr, value: sympy.Expr) -> Relation:
    sub = {e: value}
    divisors = {d.xreplace(sub) for d in rel.divisors}
    return replace(rel, lhs=rel.lhs.xreplace(sub), rhs=rel.rhs.xreplace(sub),
                   divisors=tuple(sorted((d for d in divisors if d.free_symbols),
                                         key=sympy.default_sort_key)))


def split(problem: Problem) -> tuple[Case, ...]:
    """The cases of ``problem`` (() when it has no Abs, Max or Min); Unsupported beyond
    ``MAX_CASES``."""
    if _first(problem) is None:
        return ()
    todo, done = [Case((), problem)], []
    while todo:
        case = todo.pop(0)
        e = _first(case.problem)
        if e is None:
            done.append(case)
            continue
        for nonneg, value in _branches(e):
            conditions = tuple(c for c in dict.fromkeys(Relation(">=", p, sympy.Integer(0))
                                                        for p in nonneg)
                               if c not in case.conditions)
            p = case.problem
            sub = replace(p, name=p.name, hypotheses=tuple(
                _replaced(h, e, value) for h in p.hypotheses) + conditions,
                goal=_replaced(p.goal, e, value))
            todo.append(Case(case.conditions + conditions, sub))
        if len(todo) + len(done) > MAX_CASES:
            raise Unsupported(f"unsupported: more than {MAX_CASES} cases of Abs, Max and Min "
                              f"in {problem.goal.text()}")
    return tuple(done)
