"""From parsed relations to canonical polynomial facts.

Every order relation becomes ``N / D  OP  0`` with ``OP`` one of ``>=``, ``>``,
``=``, ``!=``: the two sides are subtracted and put over one denominator
(sympy, at this edge only).  ``N`` is a canonical ``Poly``; of ``D`` only the
factors of odd multiplicity matter (an even power is positive wherever the
relation is defined), and the engine must show each of those positive (or
negative) before it may drop the denominator.  Integer relations become
``m | N`` (``cong`` ``l = r (mod m)`` is ``m | l - r``).  Relations sympy cannot
turn into a rational function of the variables (square roots, fractional or
variable powers) raise ``Unsupported``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import sympy

from symgen.algebra.poly import INF, Poly, from_sympy, rational

from .problem import NONNEG_DOMAINS, Problem, Relation

KINDS = {">=": "ge", ">": "gt", "=": "eq", "!=": "ne"}
FACTOR_DEGREE = 30      # polynomials are split into factors (sympy) up to this degree


class Unsupported(Exception):
    """A relation outside what the engine decides (not a rational function, say)."""


@dataclass(frozen=True)
class Normal:
    kind: str                       # "ge", "gt", "eq", "ne" (N/D OP 0) or "dvd" (m | N)
    poly: Poly                      # N
    dens: tuple[Poly, ...] = ()     # odd-multiplicity factors of D, each up to a positive factor
    modulus: int | None = None      # m for "dvd"


def symbols_of(problem: Problem) -> tuple[sympy.Symbol, ...]:
    return tuple(sympy.Symbol(v) for v in problem.variables)


def normalise(rel: Relation, symbols: Sequence[sympy.Symbol], deadline: float = INF) -> Normal:
    """The canonical ``N / D OP 0`` (or ``m | N``) of ``rel``; Unsupported if it is not a
    rational function of the variables; TimeUp if multiplying out passes ``deadline``."""
    if rel.op in ("dvd", "cong"):
        return _divisibility(rel, symbols, deadline)
    if rel.unsupported:
        raise Unsupported(f"unsupported: {rel.unsupported[0]}")
    diff = rel.lhs - rel.rhs
    try:
        parts = rational(diff, symbols, deadline)
        if parts is not None and parts[1] == 1 and _integral(parts[0]):
            return Normal(KINDS[rel.op], parts[0])
        if parts is None:
            expr = sympy.together(sympy.expand(diff))    # roots or powers that may cancel
        else:
            expr = parts[0].to_sympy(symbols) / parts[1].to_sympy(symbols)
        num, den = sympy.fraction(sympy.cancel(expr))
        poly = from_sympy(num, symbols, deadline)
        coeff, factors = sympy.factor_list(den, *symbols)
        dens = []
        for f, e in factors:
            if e % 2 == 1:
                fp = from_sympy(f, symbols, deadline)
                if not fp.is_zero() and fp.degree() > 0:
                    dens.append(fp)
        if sympy.Rational(coeff) < 0:
            poly = -poly
    except (ValueError, sympy.PolynomialError, TypeError) as err:
        raise Unsupported(f"unsupported: {construct(diff)} in {rel.text()}") from err
    return Normal(KINDS[rel.op], poly, tuple(dens))


def construct(expr: sympy.Expr) -> str:
    """The first part of ``expr`` that is not a rational function, named: ``variable
    exponent a**a``, ``irrational exponent ...``, ``radical ...``, ``function Abs ...``."""
    for e in sympy.preorder_traversal(expr):
        if e.is_Pow and not e.exp.is_Rational:
            return f"{'variable' if e.exp.free_symbols else 'irrational'} exponent {e}"
        if e.is_Pow and not e.exp.is_Integer:
            return f"radical {e}"
        if isinstance(e, sympy.Function) or isinstance(e, (sympy.Min, sympy.Max)):
            return f"function {type(e).__name__} in {e}"
    return "an expression that is not a rational function of the variables"


def _integral(p: Poly) -> bool:
    return all(c.denominator == 1 for c in p.terms.values())


def nonzero_conditions(rel: Relation, symbols: Sequence[sympy.Symbol],
                       deadline: float = INF) -> list[tuple[sympy.Expr, Poly]]:
    """What ``rel``'s divisors being nonzero says: (divisor as written, the numerator that
    must not be 0) for each divisor whose numerator is not a constant.  Unsupported if a
    divisor is not a rational function of the variables."""
    out = []
    for d in rel.divisors:
        normal = normalise(Relation("!=", d, sympy.Integer(0)), symbols, deadline)
        if normal.poly.degree() > 0:
            out.append((d, normal.poly))
    return out


def factor(p: Poly, symbols: Sequence[sympy.Symbol]) -> list[tuple[Poly, int]]:
    """The factors of ``p`` that are not constants, with their multiplicities (``p`` itself
    when it is of degree beyond ``FACTOR_DEGREE``)."""
    if p.degree() > FACTOR_DEGREE or p.degree() == 0:
        return [(p, 1)]
    _, factors = sympy.factor_list(p.to_sympy(symbols), *symbols)
    out = [(from_sympy(f, symbols), int(e)) for f, e in factors]
    return [(f, e) for f, e in out if f.degree() > 0] or [(p, 1)]


def nonzero_premises(p: Poly, symbols: Sequence[sympy.Symbol]) -> list[Poly]:
    """What a hypothesis's divisor with numerator ``p`` lets one assume: ``p`` and each of
    its factors is not 0."""
    factors = factor(p, symbols)
    return [p] + [f for f, _ in factors if len(factors) > 1 or factors[0][1] > 1]


def _divisibility(rel: Relation, symbols, deadline: float = INF) -> Normal:
    try:
        if rel.op == "dvd":
            m, poly = int(rel.lhs), from_sympy(rel.rhs, symbols, deadline)
        else:
            m, poly = int(rel.modulus), from_sympy(rel.lhs - rel.rhs, symbols, deadline)
    except (ValueError, TypeError) as err:
        raise Unsupported(f"{rel.text()}: not a polynomial") from err
    if any(c.denominator != 1 for c in poly.terms.values()):
        raise Unsupported(f"{rel.text()}: coefficients must be integers")
    return Normal("dvd", poly, (), abs(m))


def sign_facts(problem: Problem) -> list[Normal]:
    """``v > 0`` / ``v >= 0`` for each variable whose domain says so."""
    n = len(problem.variables)
    out = []
    for i, d in enumerate(problem.domains):
        if d in NONNEG_DOMAINS:
            out.append(Normal("gt" if d == "positive" else "ge", Poly.var(i, n)))
    return out
