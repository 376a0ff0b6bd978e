"""The closure theory: is the target a non-negative combination of known facts?

Given the non-negative facts ``f >= 0`` (hypotheses, variable signs, lemma
instances), the equalities ``h = 0`` and a target ``t``, ``certify`` looks for
a Positivstellensatz-style certificate of bounded degree ``D``::

    M * t  =  sum_k  c_k * m_k * f_k        (c_k >= 0; f_k a fact, a product of two
                                            hypotheses, or 1)
           +  sum_j  d_j * m_j * h_j        (d_j any sign)

where the ``m`` are monomials that are non-negative by the variables' domains
(odd exponents only on non-negative variables) and ``M`` is a positive
multiplier (1, or a product of positive variables: the homogenising
transformation).  Building the columns is here; the search for the
coefficients (non-negative least squares, then an exact rational solve on the
support) is ``cone.solve``, and the result is verified exactly before it is
returned, so a certificate is never a float.  The certificate names the facts
it uses: traceback keeps exactly those.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from math import comb
from typing import Sequence

from symgen.algebra import cone
from symgen.algebra.poly import Monomial, Poly, monomials_upto
from symgen.limits import check

MAX_COLUMNS = 6000


@dataclass(frozen=True, slots=True)
class Term:
    coef: Fraction
    mono: Monomial
    facts: tuple[int, ...]      # fact ids multiplied (none: the monomial alone)
    free: bool = False          # an equality multiple (any sign)


@dataclass(frozen=True)
class Certificate:
    multiplier: Poly            # M > 0
    terms: tuple[Term, ...]

    def facts(self) -> tuple[int, ...]:
        return tuple(sorted({f for t in self.terms for f in t.facts}))


@dataclass(frozen=True)
class Known:
    """What the closure may combine: fact ids with their polynomials."""
    nonneg: dict[int, Poly]         # f >= 0 (or > 0)
    strict: frozenset[int]          # which of them are > 0
    equal: dict[int, Poly]          # h = 0
    products: tuple[int, ...]       # facts whose pairwise products are columns too


def multipliers(nvars: int, degree: int, nonneg_vars: frozenset[int]) -> list[Monomial]:
    """Monomials of degree <= ``degree`` that are non-negative by the domains."""
    return [m for m in monomials_upto(nvars, max(degree, 0))
            if all(e % 2 == 0 or i in nonneg_vars for i, e in enumerate(m))]


def _bases(known: Known, nvars: int, degree: int, deadline: float | None
           ) -> list[tuple[tuple[int, ...], Poly, bool]]:
    """(fact ids, polynomial, strict) of 1, each non-negative fact and each product of two."""
    bases: list[tuple[tuple[int, ...], Poly, bool]] = [((), Poly.const(1, nvars), True)]
    bases += [((f,), p, f in known.strict) for f, p in known.nonneg.items()]
    prods = list(known.products)
    for i, f in enumerate(prods):
        if deadline is not None:
            check(deadline)
        for g in prods[i:]:
            p = known.nonneg[f] * known.nonneg[g]
            if p.degree() <= degree:
                bases.append(((f, g), p, f in known.strict and g in known.strict))
    return bases


def _fits(dm: int, dp: int, degree: int, homogeneous: int | None, only: int | None) -> bool:
    """Does a multiplier of degree ``dm`` on a fact of degree ``dp`` make a column?"""
    total = dm + dp
    return total <= degree and (homogeneous is None or total == homogeneous) and \
        (only is None or total == only)


def _columns(bases, nvars: int, degree: int, nonneg_vars: frozenset[int],
             positive_vars: frozenset[int], homogeneous: int | None, only: int | None = None):
    """(polynomial, Term template, strict) for every non-negative column (of total degree
    ``only``, when given)."""
    cols = []
    mults = multipliers(nvars, degree, nonneg_vars)
    for facts, p, strict in bases:
        dp = p.degree()
        for m in mults:
            if not _fits(sum(m), dp, degree, homogeneous, only):
                continue
            tight = strict and all(i in positive_vars for i, e in enumerate(m) if e)
            cols.append((p.times_monomial(m), Term(Fraction(0), m, facts), tight))
    return cols


def _count(bases, counts: Sequence[int], degree: int, homogeneous: int | None,
           only: int | None) -> int:
    """How many columns ``_columns`` would build, from how many multipliers each degree has."""
    return sum(c for _, p, _ in bases for dm, c in enumerate(counts)
               if _fits(dm, p.degree(), degree, homogeneous, only))


def multiplier_counts(nvars: int, degree: int, nonneg_vars: frozenset[int]) -> list[int]:
    """How many monomials of each degree 0..``degree`` are non-negative by the domains
    (without listing them: with 50 variables there are billions)."""
    nonneg, real = len(nonneg_vars), nvars - len(nonneg_vars)

    def spread(n: int, d: int) -> int:          # monomials of degree d in n variables
        return comb(n + d - 1, d) if n else int(d == 0)

    return [sum(spread(real, j // 2) * spread(nonneg, k - j) for j in range(0, k + 1, 2))
            for k in range(max(degree, 0) + 1)]


def _free_columns(known: Known, nvars: int, degree: int):
    cols = []
    for h, p in known.equal.items():
        for m in monomials_upto(nvars, degree - p.degree()):
            cols.append((p.times_monomial(m), Term(Fraction(0), m, (h,), free=True)))
    return cols


def certify(known: Known, target: Poly, *, degree: int, nonneg_vars: frozenset[int],
            positive_vars: frozenset[int], strict: bool = False, multiplier: Poly | None = None,
            deadline: float | None = None, max_columns: int = MAX_COLUMNS) -> Certificate | None:
    """A certificate that ``multiplier * target >= 0`` (``> 0`` with ``strict``), or None.
    More than ``max_columns`` columns (counted before any is built) is None too."""
    n = target.nvars
    mult = multiplier if multiplier is not None else Poly.const(1, n)
    goal = mult * target
    homogeneous = None
    if (not known.equal and goal.is_homogeneous()
            and all(p.is_homogeneous() for p in known.nonneg.values())):
        homogeneous = goal.degree()
    bases = _bases(known, n, degree, deadline)
    counts = multiplier_counts(n, degree, nonneg_vars)
    free_count = sum(comb(n + degree - p.degree(), n) for p in known.equal.values()
                     if p.degree() <= degree)
    only = None
    if _count(bases, counts, degree, homogeneous, None) + free_count > max_columns:
        only = goal.degree()                # the columns of the goal's own degree only
        if _count(bases, counts, degree, homogeneous, only) + free_count > max_columns:
            return None             # too big to decide in reasonable time: a known gap
    cols = _columns(bases, n, degree, nonneg_vars, positive_vars, homogeneous, only)
    free = _free_columns(known, n, degree)
    if deadline is not None and time.perf_counter() > deadline:
        return None
    found = cone.solve([c[0].terms for c in cols], [c[0].terms for c in free], goal.terms,
                       strict=[c[2] for c in cols], require_strict=strict, deadline=deadline)
    if found is None:
        return None
    terms = [Term(coef, cols[i][1].mono, cols[i][1].facts) for i, coef in found.nonneg.items()]
    terms += [Term(coef, free[j][1].mono, free[j][1].facts, True) for j, coef in found.free.items()]
    cert = Certificate(mult, tuple(sorted(terms, key=lambda t: (t.free, t.facts, t.mono))))
    assert expand(cert, {**known.nonneg, **known.equal}, n) == goal, "certificate does not expand"
    return cert


def certify_equal(known: Known, target: Poly, *, degree: int, deadline: float | None = None,
                  max_columns: int = MAX_COLUMNS) -> Certificate | None:
    """A certificate that ``target`` is a combination of the equalities (an identity)."""
    n = target.nvars
    if target.is_zero():
        return Certificate(Poly.const(1, n), ())
    if sum(comb(n + degree - p.degree(), n) for p in known.equal.values()
           if p.degree() <= degree) > max_columns:
        return None
    free = _free_columns(known, n, degree)
    if not free:
        return None
    found = cone.solve([], [c[0].terms for c in free], target.terms, deadline=deadline)
    if found is None:
        return None
    terms = tuple(Term(coef, free[j][1].mono, free[j][1].facts, True)
                  for j, coef in sorted(found.free.items()))
    cert = Certificate(Poly.const(1, n), terms)
    assert expand(cert, known.equal, n) == target, "certificate does not expand"
    return cert


def expand(cert: Certificate, polys: dict[int, Poly], nvars: int) -> Poly:
    """The right-hand side of the certificate, multiplied out exactly."""
    total = Poly.const(0, nvars)
    for t in cert.terms:
        p = Poly.monomial(t.mono, t.coef)
        for f in t.facts:
            p = p * polys[f]
        total = total + p
    return total


def degrees(target: Poly, known: Known, extra: int = 2) -> Sequence[int]:
    """The certificate degrees to try: the target's, then higher when equalities or
    inhomogeneous facts may need it."""
    d = target.degree()
    if known.equal or not target.is_homogeneous():
        return tuple(range(d, d + extra + 1))
    return (d,)
