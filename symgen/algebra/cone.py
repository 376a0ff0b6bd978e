"""Cone membership with exact certificates: is a target polynomial a non-negative
combination of known non-negative polynomials, up to multiples of equalities?

Given generators ``g_i`` (known to be >= 0), free polynomials ``f_j`` (known to be
= 0, so usable with either sign) and a target ``t``, ``solve`` looks for rationals
``λ_i >= 0`` and ``μ_j`` with ``Σ λ_i g_i + Σ μ_j f_j == t`` exactly.  Such a
``Combination`` proves ``t >= 0``; when some ``g_i`` is known to be > 0 and gets
``λ_i > 0`` it proves ``t > 0``.  A polynomial is a mapping from a hashable
monomial key (an exponent tuple in practice) to a ``Fraction``; missing keys are 0.

Floats find the certificate, exact arithmetic proves it.  The float side is
``nnls``: the polynomials become columns of a row-scaled float matrix, the span of
the free columns is projected out, and Lawson–Hanson non-negative least squares
fits the target.  A large residual means the target is outside the cone.  Otherwise
the NNLS support is a set of linearly independent columns (a vertex of the
solution polytope, which is where boundary certificates live), and the rational
certificate is recovered from it:

* rounding: the float coefficients, rounded to small denominators, are tried
  as they are (cheap, and gives the ``1/2``s a person would write);
* exact: ``[support columns | free basis] x = t`` is solved by sparse
  fraction-free elimination (each row kept as coprime integers), over the
  support only: independent columns, at most one per monomial, so the exact
  work stays small.  Pivots are chosen for sparsity and small entries, not by
  float size.  Columns left without a pivot take their rounded float values.

If the exact coefficients come out negative those generators are banned and
NNLS runs again; if the support cannot reach the target exactly, the float
solution is rounded and what it misses is solved for exactly (iterative
refinement: the miss is exact, so floats see it at full precision even where
it was below the target's rounding), then the columns are reweighted (another
vertex) and, last, the average of the float solutions found so far is used
through its whole support (an interior point of the face).  Before all this
the rounded best multiple of the free polynomials is subtracted exactly, so a
target close to the free span does not lose its digits when projected off it.
Nothing is returned that ``verify`` has not checked with exact arithmetic.
``require_strict`` first solves plainly.  If no strict generator was used it
reruns with the strict columns lengthened (so NNLS prefers them), then solves
for ``t - ε Σ S`` instead, since ``t = (t - ε Σ S) + ε Σ S``: with ``S`` all the
strict generators, then each of the three most aligned with the target alone.

Limits.  Floats tell directions apart only to about 1e-10, so certificates that
need coefficient ratios beyond ~1e7 inside one column can be missed (None, never
a wrong answer).  When many certificates exist the one returned is a vertex,
whose denominators can be large (determinants of the support).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational

import numpy as np

from .nnls import (RESIDUAL_STOP, Cone, Expired, Key, Poly, build_cone, check_deadline,
                   float_solution)

ATTEMPTS = 5            # NNLS runs per target (banning, reweighting, averaging)
DENOMINATORS = (1000, 10**6)   # rounding trick: largest denominators tried
HINT_DENOMINATOR = 10**6       # rounding of the values given to pivot-free columns
STRICT_EPSILONS = (Fraction(1, 1000), Fraction(1, 10**6))   # relative to the target's scale
STRICT_WEIGHT = 1000.0  # length of strict columns when NNLS should prefer them
STRICT_SINGLES = 3      # strict generators tried one at a time in the ε-shift


@dataclass(frozen=True)
class Combination:
    """A certificate: ``target == Σ nonneg[i]·g_i + Σ free[j]·f_j``."""
    nonneg: dict[int, Fraction]   # generator index -> coefficient > 0 (only those used)
    free: dict[int, Fraction]     # free index -> coefficient != 0 (only those used)


# ---------------------------------------------------------------------------
# Exact side: combining, verifying, eliminating


def _combine(terms: Iterable[tuple[Poly, Fraction]]) -> dict[Key, Fraction]:
    """``Σ c · p`` over ``(p, c)`` pairs, with zero coefficients dropped."""
    total: dict[Key, Fraction] = {}
    for poly, c in terms:
        for key, v in poly.items():
            total[key] = total.get(key, 0) + c * v
    return {key: v for key, v in total.items() if v}


def verify(nonneg: Sequence[Poly], free: Sequence[Poly], target: Poly,
           combination: Combination) -> bool:
    """Whether ``combination`` is an exact certificate for ``target``: every
    generator coefficient is a positive rational and the combination equals the
    target."""
    lam, mu = combination.nonneg, combination.free
    if not all(isinstance(c, Rational) for c in [*lam.values(), *mu.values()]):
        return False
    if any(not 0 <= i < len(nonneg) or c <= 0 for i, c in lam.items()):
        return False
    if any(not 0 <= j < len(free) for j in mu):
        return False
    total = _combine([(nonneg[i], c) for i, c in lam.items()]
                     + [(free[j], c) for j, c in mu.items()])
    return total == {key: v for key, v in target.items() if v}


def _integer_rows(cols: Sequence[Poly], target: Poly
                  ) -> tuple[dict[Key, dict[int, int]], dict[Key, int]]:
    """The system ``Σ x_k cols[k] == target`` one monomial per row, each row (with
    its right-hand side) scaled to coprime integers."""
    fractions: dict[Key, dict[int, Fraction]] = {}
    for k, col in enumerate(cols):
        for key, v in col.items():
            if v:
                fractions.setdefault(key, {})[k] = Fraction(v)
    rhs_fractions = {key: Fraction(v) for key, v in target.items() if v}
    rows, rhs = {}, {}
    for key in fractions.keys() | rhs_fractions.keys():
        row, t = fractions.get(key, {}), rhs_fractions.get(key, Fraction(0))
        scale = math.lcm(t.denominator, *(v.denominator for v in row.values()))
        rows[key] = {c: int(v * scale) for c, v in row.items()}
        rhs[key] = int(t * scale)
        _reduce(rows[key], rhs, key)
    return rows, rhs


def _reduce(row: dict[int, int], rhs: dict[Key, int], key: Key) -> None:
    """Divide a row and its right-hand side by their common factor."""
    g = math.gcd(rhs[key], *row.values())
    if g > 1:
        for c in row:
            row[c] //= g
        rhs[key] //= g


def _eliminate(rows: dict[Key, dict[int, int]], rhs: dict[Key, int],
               deadline: float | None) -> list[tuple[Key, int]] | None:
    """Sparse fraction-free Gaussian elimination in place; the pivots ``(row,
    column)`` in order, or None if the system is inconsistent.  Each step takes the
    shortest row and, in it, the column in fewest rows, then the smallest entry:
    little fill-in and small integers.  A pivot row keeps only later pivots' and
    pivot-free columns."""
    col_rows: dict[int, set[Key]] = {}
    for key, row in rows.items():
        for c in row:
            col_rows.setdefault(c, set()).add(key)
    active, pivots = set(rows), []
    while active:
        check_deadline(deadline)
        r = min(active, key=lambda k: len(rows[k]))
        active.discard(r)
        row = rows[r]
        if not row:
            if rhs[r]:
                return None
            continue
        for c in row:
            col_rows[c].discard(r)
        j = min(row, key=lambda c: (len(col_rows[c]), abs(row[c])))
        for r2 in list(col_rows[j]):
            _cancel(rows, rhs, r2, r, j, col_rows)
        pivots.append((r, j))
    return pivots


def _cancel(rows: dict[Key, dict[int, int]], rhs: dict[Key, int], key: Key, pivot: Key,
            j: int, col_rows: dict[int, set[Key]]) -> None:
    """Clear column ``j`` of row ``key`` with the pivot row: ``s·row - t·pivot_row``
    for the smallest integers ``s``, ``t``; keeps ``col_rows`` in step."""
    into, row = rows[key], rows[pivot]
    g = math.gcd(row[j], into[j])
    s, t = row[j] // g, into[j] // g
    if s != 1:
        for c in into:
            into[c] *= s
        rhs[key] *= s
    for c, v in row.items():
        new = into.get(c, 0) - t * v
        if new:
            into[c] = new
            col_rows[c].add(key)
        else:
            del into[c]
            col_rows[c].discard(key)
    rhs[key] -= t * rhs[pivot]
    _reduce(into, rhs, key)


def _exact_solve(cols: Sequence[Poly], target: Poly, hint: Mapping[int, Fraction],
                 deadline: float | None) -> list[Fraction] | None:
    """A rational ``x`` with ``Σ x_k cols[k] == target``, or None if there is none.
    Columns without a pivot (dependent ones) take their ``hint`` value (0 if none)."""
    rows, rhs = _integer_rows(cols, target)
    pivots = _eliminate(rows, rhs, deadline)
    if pivots is None:
        return None
    x = {k: v for k, v in hint.items() if v}
    for r, j in reversed(pivots):
        row = rows[r]
        rest = sum((v * x[c] for c, v in row.items() if c != j and c in x), Fraction(0))
        x[j] = (rhs[r] - rest) / row[j]
    return [x.get(k, Fraction(0)) for k in range(len(cols))]


def _nice(v: float, denominator: int = HINT_DENOMINATOR) -> Fraction:
    """``v`` as a nearby rational with a small denominator (0 if not finite)."""
    v = float(v)
    return Fraction(v).limit_denominator(denominator) if math.isfinite(v) else Fraction(0)


# ---------------------------------------------------------------------------
# From a float solution to a certificate


def _certify(cone: Cone, target: Poly, lam: np.ndarray,
             deadline: float | None) -> Combination | set[int]:
    """A verified certificate on the support of the float solution ``lam``, else the
    generators whose exact coefficients came out negative (empty: none exists there)."""
    support = np.flatnonzero(lam > 0).tolist()
    b = cone.vector(target)
    mu = np.zeros(len(cone.basis))
    if cone.basis:
        rest = b - cone.raw[:, support] @ lam[support]
        mu = cone.coords @ rest
    for denominator in DENOMINATORS:
        comb = Combination(_rounded(support, lam[support], denominator, positive=True),
                           _rounded(cone.basis, mu, denominator, positive=False))
        if verify(cone.nonneg, cone.free, target, comb):
            return comb
    cols = [cone.nonneg[i] for i in support] + [cone.free[j] for j in cone.basis]
    hint = dict(enumerate(map(_nice, np.concatenate([lam[support], mu]))))
    x = _exact_solve(cols, target, hint, deadline)
    if x is None:
        return set()
    negative = {i for i, v in zip(support, x) if v < 0}
    if negative:
        return negative
    comb = Combination({i: v for i, v in zip(support, x) if v},
                       {j: v for j, v in zip(cone.basis, x[len(support):]) if v})
    return comb if verify(cone.nonneg, cone.free, target, comb) else set()


def _rounded(indices: Sequence[int], values: np.ndarray, denominator: int,
             positive: bool) -> dict[int, Fraction]:
    out = {i: _nice(v, denominator) for i, v in zip(indices, values)}
    return {i: v for i, v in out.items() if (v > 0 if positive else v != 0)}


def _weights(n: int, attempt: int) -> np.ndarray:
    """Fixed pseudo-random column weights: another NNLS vertex on a degenerate cone."""
    return np.random.default_rng(attempt).uniform(0.5, 2.0, n)


def _refine(cone: Cone, target: Poly, lam: np.ndarray,
            deadline: float | None) -> Combination | None:
    """Exact iterative refinement: round ``lam`` and solve for what it misses,
    which is exact and so visible to floats even where the target's own float
    picture was too coarse.  The support's generators may take either sign in
    the correction, as long as their totals stay non-negative."""
    base = {i: _nice(lam[i]) for i in np.flatnonzero(lam > 0).tolist()}
    base = {i: v for i, v in base.items() if v > 0}
    missing = _combine([(target, Fraction(1))] + [(cone.nonneg[i], -v) for i, v in base.items()])
    order = list(base)
    sub = build_cone(cone.nonneg, [*cone.free, *(cone.nonneg[i] for i in order)], deadline)
    fix = _search(sub, missing, deadline, refine=False)
    if fix is None:
        return None
    nonneg, free = dict(base), {}
    for i, v in fix.nonneg.items():
        nonneg[i] = nonneg.get(i, 0) + v
    for j, v in fix.free.items():
        if j < len(cone.free):
            free[j] = v
        else:
            nonneg[order[j - len(cone.free)]] += v
    comb = Combination({i: v for i, v in nonneg.items() if v}, free)
    return comb if verify(cone.nonneg, cone.free, target, comb) else None


def _peel(cone: Cone, target: Poly) -> tuple[dict[Key, Fraction], dict[int, Fraction]]:
    """Subtract, exactly, the rounded float-best multiple of the free polynomials:
    an equivalent target whose float picture has not lost the digits that cancel
    when a target close to the free span is projected off it."""
    b = cone.vector(target)
    if b is None or not cone.basis or not b.any():
        return dict(target), {}
    mu = cone.coords @ b
    shift = {j: v for j, v in zip(cone.basis, map(_nice, mu)) if v}
    return _combine([(target, Fraction(1))] + [(cone.free[j], -v) for j, v in shift.items()]), shift


def _search(cone: Cone, target: Poly, deadline: float | None,
            weights: np.ndarray | None = None, refine: bool = True) -> Combination | None:
    """A verified certificate for ``target`` over ``cone``, or None.  ``weights``
    lengthen columns for the first NNLS run: long columns are used first."""
    rest, shift = _peel(cone, target)
    comb = _search_peeled(cone, rest, deadline, weights, refine)
    if comb is None or not shift:
        return comb
    free = dict(comb.free)
    for j, v in shift.items():
        free[j] = free.get(j, 0) + v
    comb = Combination(comb.nonneg, {j: v for j, v in free.items() if v})
    return comb if verify(cone.nonneg, cone.free, target, comb) else None


def _search_peeled(cone: Cone, target: Poly, deadline: float | None,
                   weights: np.ndarray | None, refine: bool) -> Combination | None:
    """``_search`` proper: NNLS attempts, each certified exactly (see the top)."""
    b = cone.vector(target)
    if b is None:
        return None
    projected = b - cone.q @ (cone.q.T @ b)
    if np.linalg.norm(projected) <= RESIDUAL_STOP * np.linalg.norm(b) or not b.any():
        out = _certify(cone, target, np.zeros(cone.raw.shape[1]), deadline)   # free span
        return out if isinstance(out, Combination) else None
    useless = cone.scale == 0
    banned, found = useless, []
    weights = np.ones(len(useless)) if weights is None else weights
    for attempt in range(ATTEMPTS):
        if attempt == ATTEMPTS - 1 and len(found) > 1:
            lam = np.mean(found, axis=0)        # interior of the face the runs found
        else:
            lam = float_solution(cone, projected, weights, banned, deadline)
            if lam is None:
                if attempt == 0:
                    return None
                banned, weights = useless, _weights(len(useless), attempt)   # banned too much
                continue
            found.append(lam)
        out = _certify(cone, target, lam, deadline)
        if isinstance(out, Combination):
            return out
        if refine and attempt == 0 and not out:
            comb = _refine(cone, target, lam, deadline)
            if comb is not None:
                return comb
        if out:
            banned = banned.copy()
            banned[list(out)] = True
        else:
            weights = _weights(len(useless), attempt)
    return None


# ---------------------------------------------------------------------------
# Entry points


def _uses_strict(comb: Combination, strict: Sequence[bool]) -> bool:
    return any(strict[i] for i in comb.nonneg)


def _search_strict(cone: Cone, target: Poly, strict: Sequence[bool],
                   deadline: float | None) -> Combination | None:
    """A certificate giving some strict generator a positive coefficient.  First
    NNLS with the strict columns made long (so cheap to use), then the ε-shift
    with all strict generators, then with the few most aligned with the target."""
    comb = _search(cone, target, deadline, np.where(strict, STRICT_WEIGHT, 1.0))
    if comb is not None and _uses_strict(comb, strict):
        return comb
    chosen = [i for i, s in enumerate(strict) if s]
    b = cone.vector(target)
    if b is None or not chosen:
        return None
    alignment = cone.unit[:, chosen].T @ (b - cone.q @ (cone.q.T @ b))
    best = [chosen[k] for k in np.argsort(-alignment)[:STRICT_SINGLES]]
    for group in [chosen, *([i] for i in best if len(chosen) > 1)]:
        comb = _shifted(cone, target, group, deadline)
        if comb is not None:
            return comb
    return None


def _shifted(cone: Cone, target: Poly, group: Sequence[int],
             deadline: float | None) -> Combination | None:
    """Solve for ``target - ε Σ group`` and add ``ε`` back to each of ``group``."""
    total = _combine((cone.nonneg[i], Fraction(1)) for i in group)
    if not total:
        return None
    scale = Fraction(max((abs(v) for v in target.values()), default=1) or 1)
    scale /= max(abs(v) for v in total.values())
    for relative in STRICT_EPSILONS:
        eps = relative * scale
        comb = _search(cone, _combine([(target, Fraction(1)), (total, -eps)]), deadline)
        if comb is None:
            continue
        nonneg = dict(comb.nonneg)
        for i in group:
            nonneg[i] = nonneg.get(i, 0) + eps
        merged = Combination(nonneg, comb.free)
        if verify(cone.nonneg, cone.free, target, merged):
            return merged
    return None


def solve(nonneg: Sequence[Poly], free: Sequence[Poly], target: Poly, *,
          strict: Sequence[bool] | None = None, require_strict: bool = False,
          deadline: float | None = None) -> Combination | None:
    """Rationals ``λ_i >= 0`` and ``μ_j`` with ``Σ λ_i nonneg[i] + Σ μ_j free[j] ==
    target`` exactly, verified; None if none was found (or ``deadline``, a
    ``time.perf_counter()`` value, passed first).  With ``require_strict`` some
    generator marked in ``strict`` must get ``λ > 0``."""
    if strict is not None and len(strict) != len(nonneg):
        raise ValueError(f"strict has {len(strict)} flags for {len(nonneg)} generators")
    try:
        check_deadline(deadline)
        with np.errstate(over="ignore", invalid="ignore"):     # huge inputs: no certificate
            cone = build_cone(nonneg, free, deadline)
            comb = _search(cone, target, deadline)
            if not require_strict or comb is None:
                return comb
            if strict is None:
                return None
            if _uses_strict(comb, strict):
                return comb
            return _search_strict(cone, target, strict, deadline)
    except Expired:
        return None
