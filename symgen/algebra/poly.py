"""Polynomials over exact rationals, as a canonical dict of monomials.

A ``Poly`` maps monomials -- tuples of exponents, one per variable of the
problem -- to non-zero ``Fraction`` coefficients.  It is immutable and
hashable: ``key()`` is the sorted tuple of its terms, so two equal
polynomials intern to one fact.  Arithmetic is plain dict arithmetic (fast
enough for the degrees olympiad inequalities have, and exact); sympy is used
only at the edges (``from_sympy``/``to_sympy``) to read and print.  Reading a
sympy expression (``rational``, ``from_sympy``) walks its tree and multiplies out
with ``multiply`` and ``power``, which look at a deadline (``limits.TimeUp``):
the expression may come from untrusted text, so ``(a+b+c)**900`` must stop in time.

``nonneg_form`` scales a polynomial by a positive rational so that its
coefficients are coprime integers: ``p >= 0`` and ``2p >= 0`` are one fact.
"""
from __future__ import annotations

from fractions import Fraction
from functools import reduce
from itertools import combinations_with_replacement
from math import gcd, lcm
from typing import Iterable, Iterator, Mapping, Sequence

import numpy as np
import sympy

from symgen.limits import check

Monomial = tuple[int, ...]


class Poly:
    __slots__ = ("terms", "nvars", "_hash")

    def __init__(self, terms: Mapping[Monomial, Fraction], nvars: int) -> None:
        self.terms = {m: c if type(c) is Fraction else Fraction(c)
                      for m, c in terms.items() if c != 0}
        self.nvars = nvars
        self._hash: int | None = None

    # -- constructors ------------------------------------------------------
    @classmethod
    def const(cls, c, nvars: int) -> "Poly":
        return cls({(0,) * nvars: Fraction(c)}, nvars)

    @classmethod
    def var(cls, i: int, nvars: int) -> "Poly":
        return cls({unit(i, nvars): Fraction(1)}, nvars)

    @classmethod
    def monomial(cls, m: Monomial, c=1) -> "Poly":
        return cls({m: Fraction(c)}, len(m))

    # -- arithmetic --------------------------------------------------------
    def _lift(self, other) -> "Poly":
        return other if isinstance(other, Poly) else Poly.const(other, self.nvars)

    def __add__(self, other) -> "Poly":
        other = self._lift(other)
        out = dict(self.terms)
        for m, c in other.terms.items():
            out[m] = out.get(m, 0) + c
        return Poly(out, self.nvars)

    __radd__ = __add__

    def __neg__(self) -> "Poly":
        return Poly({m: -c for m, c in self.terms.items()}, self.nvars)

    def __sub__(self, other) -> "Poly":
        return self + (-self._lift(other))

    def __rsub__(self, other) -> "Poly":
        return self._lift(other) - self

    def __mul__(self, other) -> "Poly":
        if not isinstance(other, Poly):
            c = Fraction(other)
            return Poly({m: k * c for m, k in self.terms.items()}, self.nvars)
        out: dict[Monomial, Fraction] = {}
        for m1, c1 in self.terms.items():
            for m2, c2 in other.terms.items():
                m = tuple(a + b for a, b in zip(m1, m2))
                out[m] = out.get(m, 0) + c1 * c2
        return Poly(out, self.nvars)

    __rmul__ = __mul__

    def __pow__(self, k: int) -> "Poly":
        out = Poly.const(1, self.nvars)
        for _ in range(k):
            out = out * self
        return out

    def times_monomial(self, m: Monomial) -> "Poly":
        return Poly({tuple(a + b for a, b in zip(k, m)): c for k, c in self.terms.items()},
                    self.nvars)

    # -- identity ----------------------------------------------------------
    def key(self) -> tuple:
        return tuple(sorted(self.terms.items()))

    def __eq__(self, other) -> bool:
        if not isinstance(other, Poly):
            other = Poly.const(other, self.nvars) if isinstance(other, (int, Fraction)) else None
            if other is None:
                return NotImplemented
        return self.terms == other.terms

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self.key())
        return self._hash

    def __repr__(self) -> str:
        return f"Poly({self.text(default_names(self.nvars))})"

    # -- queries -----------------------------------------------------------
    def is_zero(self) -> bool:
        return not self.terms

    def degree(self) -> int:
        return max((sum(m) for m in self.terms), default=0)

    def min_degree(self) -> int:
        return min((sum(m) for m in self.terms), default=0)

    def is_homogeneous(self) -> bool:
        return len({sum(m) for m in self.terms}) <= 1

    def constant(self) -> Fraction:
        return self.terms.get((0,) * self.nvars, Fraction(0))

    def variables(self) -> set[int]:
        return {i for m in self.terms for i, e in enumerate(m) if e}

    def coefficients_nonneg(self) -> bool:
        return all(c > 0 for c in self.terms.values())

    def evaluate(self, point: Sequence) -> Fraction | float:
        """The value at one point (exact for Fraction/int points)."""
        total = 0
        for m, c in self.terms.items():
            v = c
            for x, e in zip(point, m):
                if e:
                    v = v * x ** e
            total = total + v
        return total

    def evaluate_many(self, points: np.ndarray) -> np.ndarray:
        """Float values at each row of ``points`` (shape (N, nvars)) -> (N,); a coefficient
        beyond the floats is infinite."""
        if not self.terms or not len(points):
            return np.zeros(len(points))
        exps = np.array(list(self.terms), dtype=np.int64).reshape(len(self.terms), self.nvars)
        coeffs = np.array([_float(c) for c in self.terms.values()])
        rows = max(1, EVALUATION_CELLS // max(1, exps.size))   # points per (N, T, n) block
        out = [np.prod(chunk[:, None, :] ** exps[None, :, :], axis=2) @ coeffs   # (N, T, n)
               for chunk in (points[i:i + rows] for i in range(0, len(points), rows))]
        return np.concatenate(out) if len(out) != 1 else out[0]

    def nonneg_form(self) -> "Poly":
        """This polynomial times the positive rational that makes its coefficients coprime
        integers (so ``p >= 0`` and ``k*p >= 0`` for k > 0 are the same fact)."""
        if not self.terms:
            return self
        den = reduce(lcm, (c.denominator for c in self.terms.values()), 1)
        num = reduce(gcd, (abs(c.numerator) * (den // c.denominator)
                           for c in self.terms.values()), 0)
        return self * Fraction(den, num)

    # -- text --------------------------------------------------------------
    def text(self, names: Sequence[str]) -> str:
        """Readable, canonical text: terms by degree (highest first), then by exponents."""
        if not self.terms:
            return "0"
        out = []
        for m in sorted(self.terms, key=lambda m: (-sum(m), tuple(-e for e in m))):
            c = self.terms[m]
            body = monomial_text(m, names)
            mag = abs(c)
            if body == "1":
                piece = str(mag)
            elif mag == 1:
                piece = body
            else:
                piece = f"{mag}*{body}"
            out.append(("-" if c < 0 else "+", piece))
        first_sign, first = out[0]
        text = ("-" if first_sign == "-" else "") + first
        for sign, piece in out[1:]:
            text += f" {sign} {piece}"
        return text

    def to_sympy(self, symbols: Sequence[sympy.Symbol]) -> sympy.Expr:
        return sympy.Add(*[sympy.Rational(c.numerator, c.denominator)
                           * sympy.Mul(*[s ** e for s, e in zip(symbols, m)])
                           for m, c in self.terms.items()])


EVALUATION_CELLS = 4_000_000     # floats of one (points, terms, variables) block


def _float(c: Fraction) -> float:
    try:
        return float(c)
    except OverflowError:
        return float("inf") if c > 0 else float("-inf")


def unit(i: int, nvars: int) -> Monomial:
    return tuple(1 if j == i else 0 for j in range(nvars))


def default_names(nvars: int) -> tuple[str, ...]:
    return tuple("abcdefghijklmnopqrstuvwxyz"[i] for i in range(nvars))


def monomial_text(m: Monomial, names: Sequence[str]) -> str:
    parts = [n if e == 1 else f"{n}**{e}" for n, e in zip(names, m) if e]
    return "*".join(parts) or "1"


def monomials(nvars: int, degree: int, among: Iterable[int] | None = None) -> Iterator[Monomial]:
    """All monomials of exactly ``degree`` in the variables ``among`` (default: all)."""
    idx = list(range(nvars)) if among is None else sorted(among)
    for combo in combinations_with_replacement(idx, degree):
        m = [0] * nvars
        for i in combo:
            m[i] += 1
        yield tuple(m)


def monomials_upto(nvars: int, degree: int, among: Iterable[int] | None = None) -> list[Monomial]:
    idx = None if among is None else list(among)
    return [m for d in range(degree + 1) for m in monomials(nvars, d, idx)]


# ---------------------------------------------------------------------------
# Multiplying out under a deadline (sizes come from untrusted text)

INF = float("inf")


def multiply(p: Poly, q: Poly, deadline: float = INF) -> Poly:
    """``p * q``, looking at the clock (``limits.TimeUp``) once per term of the shorter."""
    if len(p.terms) > len(q.terms):
        p, q = q, p
    out: dict[Monomial, Fraction] = {}
    for m1, c1 in p.terms.items():
        check(deadline)
        for m2, c2 in q.terms.items():
            m = tuple(a + b for a, b in zip(m1, m2))
            out[m] = out.get(m, 0) + c1 * c2
    return Poly(out, p.nvars)


def power(p: Poly, k: int, deadline: float = INF) -> Poly:
    """``p ** k`` for ``k >= 0`` by repeated squaring, looking at the clock."""
    out, base = Poly.const(1, p.nvars), p
    while k:
        if k & 1:
            out = multiply(out, base, deadline)
        k >>= 1
        if k:
            base = multiply(base, base, deadline)
    return out


def from_sympy(expr: sympy.Expr, symbols: Sequence[sympy.Symbol], deadline: float = INF) -> Poly:
    """The polynomial ``expr`` (ValueError if it is not a polynomial with rational
    coefficients in ``symbols``), multiplied out exactly under ``deadline`` (TimeUp)."""
    parts = rational(expr, symbols, deadline)
    if parts is None or parts[1].degree() > 0:
        raise ValueError(f"not a polynomial: {_short(expr)}")
    return parts[0] * (1 / parts[1].constant())


def rational(expr: sympy.Expr, symbols: Sequence[sympy.Symbol],
             deadline: float = INF) -> tuple[Poly, Poly] | None:
    """``expr`` as (numerator, denominator) polynomials multiplied out, not cancelled; None
    if it is not built from the variables, rationals, + and * and integer powers."""
    index = {s: i for i, s in enumerate(symbols)}
    n = len(symbols)
    one = Poly.const(1, n)

    def walk(e) -> tuple[Poly, Poly] | None:
        if e.is_Rational:
            return Poly.const(Fraction(int(e.p), int(e.q)), n), one
        if e.is_Symbol:
            return (Poly.var(index[e], n), one) if e in index else None
        if e.is_Add or e.is_Mul:
            parts = [walk(a) for a in e.args]
            if any(p is None for p in parts):
                return None
            if e.is_Add:
                return _sum(parts, deadline)
            return (_product([p for p, _ in parts], deadline),
                    _product([q for _, q in parts], deadline))
        if e.is_Pow and e.exp.is_Integer:
            base = walk(e.base)
            if base is None or (e.exp < 0 and base[0].is_zero()):
                return None
            k = int(e.exp)
            num, den = base if k >= 0 else base[::-1]
            return power(num, abs(k), deadline), power(den, abs(k), deadline)
        return None

    out = walk(sympy.sympify(expr, strict=True))
    return None if out is None else (_lex(out[0]), _lex(out[1]))


def _lex(p: Poly) -> Poly:
    """``p`` with its terms in sympy's order (lex, largest first), as ``sympy.Poly`` lists
    them: the order the float matrices of the closure see."""
    return Poly(dict(sorted(p.terms.items(), reverse=True)), p.nvars)


def _sum(parts: list[tuple[Poly, Poly]], deadline: float) -> tuple[Poly, Poly]:
    num, den = parts[0]
    for p, q in parts[1:]:
        if q == den:
            num = num + p
        else:
            num = multiply(num, q, deadline) + multiply(p, den, deadline)
            den = multiply(den, q, deadline)
    return num, den


def _product(polys: list[Poly], deadline: float) -> Poly:
    out = polys[0]
    for p in polys[1:]:
        out = multiply(out, p, deadline)
    return out


def _short(expr) -> str:
    text = str(expr)
    return text if len(text) <= 80 else text[:60] + f"... ({len(text)} characters)"
