"""The float side of the cone solver (``cone``): the generators as a float matrix,
the span of the free polynomials, and non-negative least squares.

``build_cone`` turns the generators into columns of a dense float matrix over their
monomials, each row scaled by a power of 2 to bring its largest entry near 1.  The span
of the free columns is projected out (an orthonormal basis from a pivoted Gram–Schmidt
that also names the free columns spanning it), and the remaining columns are scaled to
unit length.  ``float_solution`` fits a target with Lawson–Hanson non-negative least
squares (written here: numpy, no scipy); its support is linearly independent, a vertex
of the solution polytope.  Nothing here is exact or trusted: ``cone`` turns the float
answer into a rational certificate and verifies it.

Coefficients may be beyond the floats' range (they come from untrusted text): a row
whose largest entry is outside ``FLOAT_RANGE`` is scaled exactly before it becomes a
float, and a target the floats cannot hold has no certificate.

The matrices have a few hundred rows, too small to gain from threads: the
NNLS loop computes its gradient with ``einsum`` rather than BLAS, whose threaded
matrix-vector products stall badly when the machine is busy with other work.
"""
from __future__ import annotations

import math
import time
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational

import numpy as np

Key = Hashable
Poly = Mapping[Key, Fraction]

RESIDUAL_STOP = 1e-14   # NNLS is done once the unit-scaled target is this close
OUTSIDE = 1e-7          # scaled NNLS residual above which the target is outside the cone
GRADIENT_TOL = 1e-13    # a column enters NNLS only if its gradient is larger (noise: ~1e-16)
STALL = 20              # NNLS stops after this many steps without progress (float cycling)
RANK_TOL = 1e-10        # a unit column whose new direction is shorter adds nothing
ZERO_TOL = 1e-15        # NNLS coefficients at or below this leave the support
FLOAT_RANGE = (1e-280, 1e280)  # a row whose largest entry is outside is scaled exactly


class Expired(Exception):
    """The deadline passed; ``cone.solve`` answers None."""


def check_deadline(deadline: float | None) -> None:
    """Raise ``Expired`` if ``time.perf_counter()`` is past ``deadline`` (None: never)."""
    if deadline is not None and time.perf_counter() > deadline:
        raise Expired


def _column_basis(m: np.ndarray, deadline: float | None = None
                  ) -> tuple[np.ndarray, tuple[int, ...]]:
    """Pivoted Gram–Schmidt on the unit-scaled columns of ``m``: an orthonormal
    basis ``(rows, r)`` of their span and the ``r`` columns that give it."""
    rows, n = m.shape
    norms = np.linalg.norm(m, axis=0)
    rest = m / np.where(norms > 0, norms, 1.0)            # (rows, n)
    left = (rest * rest).sum(axis=0)                      # squared length outside the basis
    q = np.zeros((rows, min(rows, n)))
    chosen: list[int] = []
    while len(chosen) < q.shape[1]:
        check_deadline(deadline)
        j = int(np.argmax(left))
        if left[j] <= RANK_TOL ** 2:
            break
        k = len(chosen)
        v = rest[:, j] - q[:, :k] @ (q[:, :k].T @ rest[:, j])   # re-orthogonalise
        length = np.linalg.norm(v)
        left[j] = 0.0
        if length <= RANK_TOL:
            continue
        q[:, k] = v / length
        chosen.append(j)
        rest -= np.outer(q[:, k], np.einsum("i,ij->j", q[:, k], rest))
        left = np.einsum("ij,ij->j", rest, rest)          # not downdated: that cancels
        left[chosen] = 0.0
    return q[:, :len(chosen)], tuple(chosen)


def _float(v: Rational) -> float:
    """``v`` as a float, infinite beyond the floats' range."""
    try:
        return float(v)
    except OverflowError:
        return math.inf if v > 0 else -math.inf


def _scaled(v: Rational, shift: int) -> float:
    """``v * 2**-shift`` as a float, computed exactly first (``v`` may be beyond the floats)."""
    f = Fraction(v)
    return float(f / (1 << shift) if shift >= 0 else f * (1 << -shift))


def _log2(v: Rational) -> float:
    f = Fraction(v)
    return math.log2(abs(f.numerator)) - math.log2(f.denominator)


def _dense(polys: Sequence[Poly], rows: Mapping[Key, int]) -> np.ndarray:
    out = np.zeros((len(rows), len(polys)))
    for j, poly in enumerate(polys):
        for key, v in poly.items():
            if v:
                out[rows[key], j] = _float(v)
    return out


@dataclass(frozen=True)
class Cone:
    """The float picture of the generators, built once per ``cone.solve``."""
    nonneg: Sequence[Poly]
    free: Sequence[Poly]
    rows: dict[Key, int]         # monomial -> row
    row_scale: np.ndarray        # (m,) power of 2 bringing each row's largest entry near 1
    exact: dict[int, int]        # rows beyond the floats' range -> their scale's exponent
    raw: np.ndarray              # (m, n) generators as float columns, rows scaled
    unit: np.ndarray             # (m, n) free span projected out, unit length (0: inside it)
    scale: np.ndarray            # (n,) length of each projected raw column (0: inside it)
    q: np.ndarray                # (m, r) orthonormal basis of the free span
    basis: tuple[int, ...]       # free columns spanning it
    coords: np.ndarray           # (r, m) a vector in the free span -> basis coefficients

    def vector(self, poly: Poly) -> np.ndarray | None:
        """``poly`` over the rows; None if it has a monomial no generator has, or an entry
        the floats cannot hold."""
        out = np.zeros(len(self.rows))
        for key, v in poly.items():
            if v:
                if key not in self.rows:
                    return None
                row = self.rows[key]
                out[row] = _scaled(v, self.exact[row]) if row in self.exact else _float(v)
        with np.errstate(over="ignore", invalid="ignore"):
            out = np.where(self.row_scale > 0, out * self.row_scale, out)
            return out if np.isfinite(np.linalg.norm(out)) else None


def _rescale(polys: Sequence[Poly], rows: Mapping[Key, int], dense: np.ndarray,
             exact: dict[int, int]) -> None:
    """Refill the ``exact`` rows of ``dense`` with their entries scaled exactly."""
    for j, poly in enumerate(polys):
        for key, v in poly.items():
            if v and rows[key] in exact:
                dense[rows[key], j] = _scaled(v, exact[rows[key]])


def build_cone(nonneg: Sequence[Poly], free: Sequence[Poly],
                deadline: float | None = None) -> Cone:
    """The float picture of the generators ``nonneg`` and the free polynomials ``free``."""
    rows: dict[Key, int] = {}
    biggest_exact: dict[int, float] = {}            # row -> log2 of its largest |entry|
    for poly in [*nonneg, *free]:
        for key, v in poly.items():
            if v:
                row = rows.setdefault(key, len(rows))
                biggest_exact[row] = max(biggest_exact.get(row, -math.inf), _log2(v))
    raw, spanning = _dense(nonneg, rows), _dense(free, rows)
    biggest = np.maximum(np.abs(raw).max(axis=1, initial=0.0),
                         np.abs(spanning).max(axis=1, initial=0.0))
    exact = {r: round(biggest_exact[r]) for r in range(len(rows))
             if not (FLOAT_RANGE[0] < biggest[r] < FLOAT_RANGE[1])}
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        row_scale = np.exp2(-np.round(np.log2(np.where(biggest > 0, biggest, 1.0))))   # exact
        row_scale[list(exact)] = 0.0
        raw, spanning = raw * row_scale[:, None], spanning * row_scale[:, None]
    if exact:
        _rescale(nonneg, rows, raw, exact)
        _rescale(free, rows, spanning, exact)
    q, basis = _column_basis(spanning, deadline)
    norms = np.linalg.norm(raw, axis=0)
    unit = raw / np.where(norms > 0, norms, 1.0)
    unit -= q @ (q.T @ unit)
    lengths = np.linalg.norm(unit, axis=0)
    useful = lengths > RANK_TOL
    unit = np.where(useful, unit / np.where(useful, lengths, 1.0), 0.0)
    return Cone(nonneg, free, rows, row_scale, exact, raw, unit,
                 np.where(useful, norms * lengths, 0.0), q, basis,
                 np.linalg.solve(q.T @ spanning[:, list(basis)], q.T))


class _Factor:
    """Incremental QR of the NNLS passive columns, keeping ``R⁻¹`` so that the
    passive least-squares solution is one matrix-vector product."""

    def __init__(self, a: np.ndarray, b: np.ndarray):
        m = a.shape[0]
        self.a, self.b = a, b
        self.q = np.zeros((m, m))
        self.rinv = np.zeros((m, m))
        self.qb = np.zeros(m)
        self.cols: list[int] = []

    def append(self, j: int) -> bool:
        """Add column ``j``; False (and nothing added) if it is numerically dependent."""
        k = len(self.cols)
        if k == self.q.shape[0]:
            return False
        q, col = self.q[:, :k], self.a[:, j]
        c = q.T @ col
        v = col - q @ c
        c2 = q.T @ v                       # second pass: orthogonal to working precision
        v -= q @ c2
        rho = np.linalg.norm(v)
        if rho <= RANK_TOL * np.linalg.norm(col):
            return False
        self.q[:, k] = v / rho
        self.rinv[:k, k] = -(self.rinv[:k, :k] @ (c + c2)) / rho
        self.rinv[k, k] = 1.0 / rho
        self.qb[k] = self.q[:, k] @ self.b
        self.cols.append(j)
        return True

    def reset(self, cols: list[int]) -> None:
        """Refactor for ``cols``: the prefix shared with the current columns keeps
        its factors (they do not depend on later columns), the rest is appended."""
        shared = 0
        for old, new in zip(self.cols, cols):
            if old != new:
                break
            shared += 1
        del self.cols[shared:]
        for j in cols[shared:]:
            self.append(j)

    def solve(self) -> np.ndarray:
        k = len(self.cols)
        return self.rinv[:k, :k] @ self.qb[:k]


def _nnls(a: np.ndarray, b: np.ndarray, banned: np.ndarray,
          deadline: float | None) -> tuple[np.ndarray, float]:
    """Lawson–Hanson: ``y >= 0`` minimising ``|a y - b|``, with ``y = 0`` on ``banned``.
    The support stays linearly independent.  Returns ``y`` and the residual norm."""
    n = a.shape[1]
    y, r = np.zeros(n), b.copy()
    fac = _Factor(a, b)
    blocked = banned.copy()                 # banned, passive, or found dependent
    best, stalled = np.inf, 0
    for _ in range(3 * n + 10):
        check_deadline(deadline)
        if n == 0 or len(fac.cols) == a.shape[0] or best <= RESIDUAL_STOP or stalled > STALL:
            break
        # a.T @ r without BLAS: threaded gemv stalls on a busy machine, and gains nothing here
        w = np.where(blocked, -np.inf, np.einsum("ij,i->j", a, r))
        j = int(np.argmax(w))
        if w[j] <= GRADIENT_TOL:
            break
        blocked[j] = True
        if not fac.append(j):
            continue
        z = fac.solve()
        if z[-1] <= 0:                      # dependent in all but name
            fac.cols.pop()
            continue
        y = _settle(fac, y, z, blocked, banned, deadline)
        r = b - a[:, fac.cols] @ y[fac.cols]
        size = np.linalg.norm(r)
        best, stalled = (size, 0) if size < best * (1 - 1e-9) else (best, stalled + 1)
    return y, float(np.linalg.norm(r))


def _settle(fac: _Factor, y: np.ndarray, z: np.ndarray, blocked: np.ndarray,
            banned: np.ndarray, deadline: float | None) -> np.ndarray:
    """The Lawson–Hanson inner loop: move from ``y`` towards the passive solution
    ``z``, dropping columns that reach 0, until the passive solution is positive."""
    while not (z > 0).all():
        check_deadline(deadline)
        cols = np.array(fac.cols)
        x = y[cols]
        neg = np.flatnonzero(z <= 0)
        steps = x[neg] / np.maximum(x[neg] - z[neg], np.finfo(float).tiny)
        alpha = float(np.min(steps))
        x = x + alpha * (z - x)
        keep = x > ZERO_TOL
        keep[neg[int(np.argmin(steps))]] = False
        blocked[cols[~keep]] = banned[cols[~keep]]
        fac.reset(cols[keep].tolist())
        y = np.zeros_like(y)
        y[fac.cols] = x[keep][np.isin(cols[keep], fac.cols)]
        z = fac.solve()
    y = np.zeros_like(y)
    y[fac.cols] = z
    return y


def float_solution(cone: Cone, projected: np.ndarray, weights: np.ndarray,
                    banned: np.ndarray, deadline: float | None) -> np.ndarray | None:
    """NNLS for the projected target, as generator coefficients; None if the
    target is outside the cone (as far as floats can tell)."""
    size = np.linalg.norm(projected)
    y, residual = _nnls(cone.unit * weights, projected / size, banned, deadline)
    if residual > OUTSIDE:
        return None
    useless = cone.scale == 0
    return np.where(useless, 0.0, y * weights * size / np.where(useless, 1.0, cone.scale))
