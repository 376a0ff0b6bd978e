"""Radicals and rational powers by substitution: ``sqrt(e)`` becomes a variable ``t``.

A problem may write ``sqrt(e)``, ``cbrt(e)`` and ``e**(p/q)`` for a rational ``p/q``
that is not an integer.  ``substitute`` replaces each radical ``e**(1/q)`` by a fresh
variable (``t1``, ``t2``, ... in the order met, inner radicals first, so the base of a
nested one is written with the earlier variables) and ``e**(p/q)`` by ``t**p``; a radical
that repeats (the same base and index, anywhere in the problem) is one variable.  What
the engine then proves is a problem over the variables and the roots, in which a root is
a real variable: what it knows of ``t`` comes only from the proof's ``root`` lines (rule
``ROOT``), and those the checker re-derives from the statement itself:

* ``t**q - e = 0``, the root's equation, citing a line ``e >= 0`` (or ``e > 0``) when
  ``q`` is even: an even root is only defined where its radicand is non-negative, and the
  proof must show the radicand is (as it must show a goal's divisors nonzero);
* ``t >= 0`` (``t > 0``) citing a line ``e >= 0`` (``e > 0``): the principal root of a
  non-negative (positive) number is non-negative (positive).

A radicand whose sign the variables' domains show (``a*b`` over positive reals) needs no
cited line.  An odd root of a radicand of unknown sign is the real root, with its
equation and no sign.  After its sign line the root counts as a non-negative (positive)
variable, for monomial multipliers and lemma side conditions alike; the engine puts the
root lines first in a proof, so every later line may use them.

Two steps make the usual radical arguments reachable by one certificate.  Squaring both
sides: for a goal in roots the engine also tries the multiplier ``A + B`` where the
target is ``A - B`` (its positive and negative terms), so that ``(A - B)(A + B) = A**2 -
B**2`` is what the certificate shows; the checker sees an ordinary certificate with a
positive multiplier.  Tangents: where the goal is tight with all variables equal
(``equality_point``), AM-GM for each root there, ``amgm(t, c, ..., c)``, and ``square(v -
c)`` for each variable -- ordinary lemma lines.

``points`` gives the roots' values at sample points (the real roots), for the numeric
checks of a proof's facts.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Sequence

import numpy as np
import sympy

from symgen.algebra.poly import rational
from symgen.facts import FactTable
from symgen.proof import Proof, ProofStep, dependencies

from .problem import Problem, Relation

ROOT = "root"          # the rule of a root's equation and sign lines
PREFIX = "t"           # roots are named t1, t2, ... (skipping names the problem uses)


@dataclass(frozen=True)
class Root:
    """``name = base**(1/index)``; ``base`` over the problem's variables and earlier roots."""

    name: str
    base: sympy.Expr
    index: int

    def radical(self) -> str:
        """The root as the problem language writes it."""
        return f"sqrt({self.base})" if self.index == 2 else f"({self.base})**(1/{self.index})"

    def equation(self) -> sympy.Expr:
        """``name**index - base`` (the root's equation is this = 0)."""
        return sympy.Symbol(self.name) ** self.index - self.base

    def text(self, sign: str | None = None) -> str:
        """``let t1 = sqrt(a*b), t1 >= 0, t1**2 = a*b`` (``sign``: ">=", ">" or None)."""
        parts = [f"let {self.name} = {self.radical()}"]
        if sign:
            parts.append(f"{self.name} {sign} 0")
        parts.append(f"{self.name}**{self.index} = {self.base}")
        return ", ".join(parts)


def has_radicals(expr: sympy.Expr) -> bool:
    return any(p.exp.is_Rational and not p.exp.is_Integer for p in expr.atoms(sympy.Pow))


class _Substitution:
    def __init__(self, taken: Sequence[str]) -> None:
        self.taken = set(taken)
        self.roots: dict[tuple[sympy.Expr, int], Root] = {}
        self.negative: set[sympy.Symbol] = set()     # roots met with a negative power
        self.counter = 0

    def root(self, base: sympy.Expr, index: int) -> sympy.Symbol:
        key = (base, index)
        if key not in self.roots:
            self.counter += 1
            while f"{PREFIX}{self.counter}" in self.taken:
                self.counter += 1
            name = f"{PREFIX}{self.counter}"
            self.taken.add(name)
            self.roots[key] = Root(name, base, index)
        return sympy.Symbol(self.roots[key].name)

    def walk(self, expr: sympy.Expr) -> sympy.Expr:
        if expr.is_Pow and expr.exp.is_Rational and not expr.exp.is_Integer:
            t = self.root(self.walk(expr.base), int(expr.exp.q))
            if expr.exp.p < 0:
                self.negative.add(t)
            return t ** int(expr.exp.p)
        if expr.is_Pow and not expr.exp.is_Rational:
            return expr                 # a variable or irrational exponent: left as written
        if not expr.args:
            return expr
        return expr.func(*[self.walk(a) for a in expr.args])

    def relation(self, rel: Relation) -> Relation:
        if not any(has_radicals(e) for e in (rel.lhs, rel.rhs, *rel.divisors)):
            return rel
        self.negative = set()
        lhs, rhs = self.walk(rel.lhs), self.walk(rel.rhs)
        divisors = {self.walk(d) for d in rel.divisors} | self.negative
        divisors = {d for d in divisors if d.free_symbols}
        return replace(rel, lhs=lhs, rhs=rhs,
                       divisors=tuple(sorted(divisors, key=sympy.default_sort_key)))


def substitute(problem: Problem) -> tuple[Problem, tuple[Root, ...]]:
    """``problem`` with its radicals replaced by roots, and the roots (innermost first);
    ``problem`` itself and () when it has none.  The roots are variables of domain
    ``real``: their signs come from the proof's root lines."""
    rels = (*problem.hypotheses, problem.goal)
    if not any(has_radicals(e) for r in rels for e in (r.lhs, r.rhs, *r.divisors)):
        return problem, ()
    sub = _Substitution(problem.variables)
    hypotheses = tuple(sub.relation(h) for h in problem.hypotheses)
    goal = sub.relation(problem.goal)
    roots = tuple(sub.roots.values())
    names = tuple(r.name for r in roots)
    return replace(problem, variables=problem.variables + names,
                   domains=problem.domains + ("real",) * len(names),
                   hypotheses=hypotheses, goal=goal), roots


def proof_with_roots(table: FactTable, goal: int, first: Sequence[int]) -> Proof:
    """The proof of ``goal`` whose first lines are the root lines ``first`` and what they
    cite (every later line may use the roots' signs), then the rest by (level, id)."""
    early = dependencies(table, *first) if first else []
    seen = set(early)
    ids = early + [f for f in dependencies(table, goal) if f not in seen and f != goal]
    ids.append(goal)
    number = {fid: i + 1 for i, fid in enumerate(ids)}
    return Proof(tuple(ProofStep(number[f], table.facts[f], table.why[f].rule,
                                 tuple(number[p] for p in table.why[f].premises),
                                 table.why[f].level, table.why[f].subst) for f in ids))


def points(pts: np.ndarray, roots: Sequence[Root], variables: Sequence[str]) -> np.ndarray:
    """``pts`` (rows over ``variables``, the problem's own) with a column per root: its
    real value (NaN where an even root's radicand is negative)."""
    symbols = [sympy.Symbol(n) for n in (*variables, *(r.name for r in roots))]
    n = len(symbols)
    out = np.full((len(pts), n), np.nan)
    out[:, :pts.shape[1]] = pts
    for j, r in enumerate(roots, start=pts.shape[1]):
        parts = rational(r.base, symbols)
        if parts is None:
            continue                    # not a rational function: the column stays NaN
        with np.errstate(all="ignore"):
            value = parts[0].evaluate_many(out) / parts[1].evaluate_many(out)
            if r.index % 2 == 0:
                col = np.where(value >= 0, np.abs(value) ** (1.0 / r.index), np.nan)
            else:
                col = np.sign(value) * np.abs(value) ** (1.0 / r.index)
        out[:, j] = col
    return out


def equality_point(problem: Problem, roots: Sequence[Root]) -> dict[str, Fraction] | None:
    """Where the substituted ``problem`` is tight with every variable equal (their common
    value meeting the first equality hypothesis, else 1), as exact rationals for the
    variables and the roots; None when that point is not rational, not feasible or not
    tight.  The tangent facts there (``Engine``) are what AM-GM steps on roots need."""
    own = [v for v in problem.variables if v not in {r.name for r in roots}]
    s = sympy.Symbol("s")
    value = sympy.Integer(1)
    equal = {sympy.Symbol(v): s for v in own}
    for h in problem.hypotheses:
        if h.op == "=" and not (h.lhs.free_symbols | h.rhs.free_symbols) & {
                sympy.Symbol(r.name) for r in roots}:
            found = [x for x in sympy.Poly(sympy.expand((h.lhs - h.rhs).xreplace(equal)), s)
                     .real_roots() if x.is_Rational and x > 0] if (h.lhs - h.rhs).xreplace(
                         equal).free_symbols else []
            if not found:
                return None
            value = found[0]
            break
    point = {sympy.Symbol(v): value for v in own}
    for r in roots:
        base = r.base.xreplace(point)
        if not base.is_Rational or base < 0:
            return None
        c = sympy.Integer(0) if base == 0 else sympy.root(base, r.index)
        if not c.is_Rational:
            return None
        point[sympy.Symbol(r.name)] = c
    for rel in (*problem.hypotheses, problem.goal):
        diff = (rel.lhs - rel.rhs).xreplace(point)
        if not diff.is_Rational or (rel is problem.goal and diff != 0):
            return None
    return {str(k): Fraction(int(v.p), int(v.q)) for k, v in point.items()}
