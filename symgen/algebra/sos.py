"""Sums of squares with exact certificates: is ``t = Σ_k g_k · w_kᵀ Q_k w_k + Σ_j λ_j h_j``
for positive semidefinite ``Q_k``?

A ``Block`` is one term of such a sum: a weight ``g`` known to be non-negative (1, a
product of non-negative variables, a hypothesis) and a vector ``w`` of basis polynomials
(monomials, or combinations of them after a facial reduction); a ``Free`` term is an
equality ``h = 0`` with the monomials its multiplier ``λ`` may use.  ``find`` solves the
semidefinite program in floats (cvxpy with Clarabel, then SCS: the optional ``sos``
extra, imported only when ``find`` runs), maximising the least eigenvalue of the Gram
matrices so that the solution is interior where it can be, and turns it into an
exact one (Peyrl & Parrilo): the Gram entries and the multipliers are rounded to
rationals, projected exactly onto the affine space of the coefficient equations
(``x + Aᵀ y`` with ``A Aᵀ y = b - A x`` solved over the rationals), and every ``Q_k`` is
decomposed exactly as ``L D Lᵀ`` over ``Fraction``: a negative pivot refuses it.  The
certificate is then the squares ``d · (Σ_i L_i w_i)²`` with ``d >= 0`` of each block,
and the exact multipliers; ``find`` expands it and compares with ``t`` before returning.

A polynomial with a zero ``x0`` (the equality case of an inequality) forces every Gram
matrix whose weight is positive at ``x0`` to have ``w(x0)`` in its kernel: rounding cannot
keep such a singular matrix semidefinite.  ``reduce_basis`` restricts the basis to the
orthogonal complement of the given zeros' vectors (an exact facial reduction), so that
the matrices left may be positive definite.  Where the solver still ends on the boundary
(least eigenvalue about 0), the basis elements whose diagonal entry came out (near) 0 are
dropped and the SDP solved again (a diagonal entry that must be 0 in a PSD matrix makes its
row and column 0; one that merely came out small is a heuristic loss, never an unsound step).  Nothing here knows about a domain.
"""
from __future__ import annotations

import importlib.util
import logging
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np

from symgen.algebra.cone import _exact_solve
from symgen.algebra.poly import Monomial, Poly, _float

log = logging.getLogger(__name__)

DENOMINATORS = (2**6, 2**10, 2**16, 2**24, 2**34)   # rounding grids, coarse first
SOLVERS = ("CLARABEL", "SCS")
MAX_ENTRIES = 60_000        # Gram entries (all blocks) plus multiplier coefficients
VERBOSE = False
MARGIN = 1e-7               # least Gram eigenvalue (relative) that counts as interior
PRUNE = 1e-6                # a diagonal entry this small (relative) is taken as forced 0
PRUNE_ROUNDS = 6
BOUNDARY = 1e-4             # a least eigenvalue above -BOUNDARY may be a boundary solution


@dataclass(frozen=True)
class Block:
    weight: Poly                    # known >= 0
    basis: tuple[Poly, ...]         # the block is weight * basisᵀ Q basis, Q PSD
    tag: object = None              # the caller's label (which facts the weight is)


@dataclass(frozen=True)
class Free:
    poly: Poly                      # known = 0
    monomials: tuple[Monomial, ...]  # the support of its multiplier
    tag: object = None


@dataclass(frozen=True)
class Certificate:
    squares: tuple[tuple[int, Fraction, Poly], ...]   # (block, d >= 0, q): d * weight * q**2
    free: tuple[tuple[int, Poly], ...]                # (free term, λ): λ * h

    def expand(self, blocks: Sequence[Block], frees: Sequence[Free], nvars: int) -> Poly:
        total = Poly.const(0, nvars)
        for k, d, q in self.squares:
            total = total + blocks[k].weight * (q * q) * d
        for j, lam in self.free:
            total = total + lam * frees[j].poly
        return total


def available() -> bool:
    """Is the SDP solver (the ``sos`` extra) installed?"""
    return importlib.util.find_spec("cvxpy") is not None


def size(blocks: Sequence[Block], frees: Sequence[Free]) -> int:
    return sum(len(b.basis) ** 2 for b in blocks) + sum(len(f.monomials) for f in frees)


# ---------------------------------------------------------------------------
# Exact linear algebra


def ldl(q: Sequence[Sequence[Fraction]]) -> tuple[list[list[Fraction]], list[Fraction]] | None:
    """``q = L diag(d) Lᵀ`` with ``L`` unit lower triangular and every ``d >= 0``, exactly;
    None if ``q`` is not positive semidefinite (a negative pivot, or a zero pivot whose
    column is not zero)."""
    n = len(q)
    a = [[Fraction(v) for v in row] for row in q]
    lower = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
    d = [Fraction(0)] * n
    for j in range(n):
        piv = a[j][j]
        if piv < 0:
            return None
        if piv == 0:
            if any(a[i][j] for i in range(j + 1, n)):
                return None
            continue
        d[j] = piv
        row_j = a[j]
        for i in range(j + 1, n):
            if a[i][j]:
                f = a[i][j] / piv
                lower[i][j] = f
                row_i = a[i]
                for k in range(j + 1, n):
                    if row_j[k]:
                        row_i[k] -= f * row_j[k]
    return lower, d


def nullspace_complement(vectors: Sequence[Sequence[Fraction]], n: int) -> list[list[Fraction]]:
    """A rational basis of the vectors orthogonal to all of ``vectors`` (in ``Q^n``)."""
    rows = [list(map(Fraction, v)) for v in vectors if any(v)]
    pivots: list[int] = []
    reduced: list[list[Fraction]] = []
    for v in rows:                              # row echelon form, exactly
        v = v[:]
        for p, r in zip(pivots, reduced):
            if v[p]:
                f = v[p]
                v = [x - f * y for x, y in zip(v, r)]
        lead = next((i for i, x in enumerate(v) if x), None)
        if lead is None:
            continue
        v = [x / v[lead] for x in v]
        for idx, r in enumerate(reduced):
            if r[lead]:
                f = r[lead]
                reduced[idx] = [x - f * y for x, y in zip(r, v)]
        pivots.append(lead)
        reduced.append(v)
    free = [i for i in range(n) if i not in pivots]
    out = []
    for fcol in free:
        vec = [Fraction(0)] * n
        vec[fcol] = Fraction(1)
        for p, r in zip(pivots, reduced):
            vec[p] = -r[fcol]
        out.append(vec)
    return out


def reduce_basis(block: Block, zeros: Sequence[Sequence[Fraction]]) -> Block:
    """``block`` with its basis restricted to the complement of ``w(x0)`` for each zero
    ``x0`` where the weight is positive (the Gram matrix must vanish on those vectors)."""
    kernel = [[w.evaluate(x0) for w in block.basis] for x0 in zeros
              if block.weight.evaluate(x0) > 0]
    if not any(any(v) for v in kernel):
        return block
    combos = nullspace_complement(kernel, len(block.basis))
    basis = tuple(sum((w * c for w, c in zip(block.basis, vec) if c),
                      Poly.const(0, block.weight.nvars)) for vec in combos)
    return Block(block.weight, basis, block.tag)


# ---------------------------------------------------------------------------
# The semidefinite program


class _System:
    """The coefficient equations: one row per monomial, one column per Gram entry
    ``(k, i, l)`` with ``i <= l`` (its polynomial ``(2 - δ_il) g_k w_i w_l``) and per
    multiplier coefficient ``(j, m)`` (``m h_j``)."""

    def __init__(self, target: Poly, blocks: Sequence[Block], frees: Sequence[Free],
                 deadline: float) -> None:
        self.cols: list[dict[Monomial, Fraction]] = []
        self.index: list[tuple] = []
        for k, b in enumerate(blocks):
            for i in range(len(b.basis)):
                for l in range(i, len(b.basis)):
                    if time.perf_counter() > deadline:
                        raise _Expired
                    p = b.weight * b.basis[i] * b.basis[l] * (1 if i == l else 2)
                    self.cols.append(p.terms)
                    self.index.append(("q", k, i, l))
        for j, f in enumerate(frees):
            for m in f.monomials:
                self.cols.append(f.poly.times_monomial(m).terms)
                self.index.append(("f", j, m))
        rows = set(target.terms)
        for c in self.cols:
            rows |= set(c)
        self.rows = sorted(rows)
        self.row_of = {m: r for r, m in enumerate(self.rows)}
        self.target = target

    def float_matrix(self):
        from scipy import sparse
        r, c, v = [], [], []
        for j, col in enumerate(self.cols):
            for m, x in col.items():
                r.append(self.row_of[m])
                c.append(j)
                v.append(_float(x))
        a = sparse.csr_matrix((v, (r, c)), shape=(len(self.rows), len(self.cols)))
        b = np.array([_float(self.target.terms.get(m, Fraction(0))) for m in self.rows])
        return a, b


class _Expired(Exception):
    pass


def _solve_float(system: _System, blocks: Sequence[Block], deadline: float
                 ) -> tuple[np.ndarray, float] | None:
    """A float solution (in ``system``'s column order) maximising the least eigenvalue
    ``t`` of the Gram matrices (at most 1, relative to the target's scale), with ``t``;
    None if the solver fails or the time is up.  ``t < 0``: no SOS solution."""
    import cvxpy as cp
    a, b = system.float_matrix()
    if not (np.isfinite(a.data).all() and np.isfinite(b).all()):
        return None                     # coefficients beyond the floats: no certificate here
    used = np.diff(a.indptr) > 0        # a monomial no column reaches: 0 = b there
    if np.any(b[~used] != 0):
        return None
    a, b = a[used], b[used]
    grams = [cp.Variable((len(bl.basis), len(bl.basis)), symmetric=True) for bl in blocks]
    nfree = sum(1 for t in system.index if t[0] == "f")
    parts = [g[np.triu_indices(len(bl.basis))] for g, bl in zip(grams, blocks)]
    if nfree:
        parts.append(cp.Variable(nfree))
    x = cp.hstack(parts)
    t = cp.Variable()
    scale = max(1.0, float(np.abs(b).max(initial=0)))
    cons = [a @ x == b / scale, t <= 1] + [g - t * np.eye(g.shape[0]) >> 0 for g in grams]
    prob = cp.Problem(cp.Maximize(t), cons)
    for solver in SOLVERS:
        left = deadline - time.perf_counter()
        if left <= 0.2:
            return None
        opts = {} if not np.isfinite(left) else \
            {"time_limit": left} if solver == "CLARABEL" else {"time_limit_secs": left}
        try:
            prob.solve(solver=solver, verbose=VERBOSE, **opts)
        except Exception as err:        # noqa: BLE001 - a solver failure is "no certificate"
            log.debug("sos: %s failed: %s", solver, err)
            continue
        log.debug("sos: %s: %s, t = %s", solver, prob.status, t.value)
        if prob.status in ("optimal", "optimal_inaccurate") and x.value is not None:
            return np.asarray(x.value, dtype=float) * scale, float(t.value)
        if prob.status in ("infeasible", "infeasible_inaccurate"):
            return None
    return None


def _gram_diagonals(system: _System, x: np.ndarray, nblocks: int) -> list[list[float]]:
    out: list[list[float]] = [[] for _ in range(nblocks)]
    for v, idx in zip(x, system.index):
        if idx[0] == "q" and idx[2] == idx[3]:
            out[idx[1]].append(float(v))
    return out


# ---------------------------------------------------------------------------
# From floats to an exact certificate


def _round(v: float, den: int) -> Fraction:
    return Fraction(round(v * den), den) if np.isfinite(v) else Fraction(0)


def _project(system: _System, x: list[Fraction], deadline: float) -> list[Fraction] | None:
    """``x + Aᵀ y`` with ``A (x + Aᵀ y) = b`` exactly: the nearest point of the affine space."""
    residual = dict(system.target.terms)
    for j, col in enumerate(system.cols):
        if x[j]:
            for m, v in col.items():
                residual[m] = residual.get(m, 0) - v * x[j]
    residual = {m: v for m, v in residual.items() if v}
    if not residual:
        return x
    # A Aᵀ, one column per monomial row of A
    by_row: dict[Monomial, list[tuple[int, Fraction]]] = {}
    for j, col in enumerate(system.cols):
        for m, v in col.items():
            by_row.setdefault(m, []).append((j, v))
    entries = {j: dict(col) for j, col in enumerate(system.cols)}
    gram_cols: list[dict[Monomial, Fraction]] = []
    for m in system.rows:
        col: dict[Monomial, Fraction] = {}
        for j, v in by_row.get(m, ()):
            for m2, v2 in entries[j].items():
                col[m2] = col.get(m2, 0) + v * v2
        gram_cols.append({k: v for k, v in col.items() if v})
        if time.perf_counter() > deadline:
            return None
    y = _exact_solve(gram_cols, residual, {}, deadline)
    if y is None:
        return None
    out = list(x)
    for r, m in enumerate(system.rows):
        if y[r]:
            for j, v in by_row.get(m, ()):
                out[j] += v * y[r]
    return out


def _exact(system: _System, blocks: Sequence[Block], frees: Sequence[Free],
           x: list[Fraction]) -> Certificate | None:
    """The certificate at the exact point ``x``, if every Gram matrix is PSD."""
    grams = [[[Fraction(0)] * len(b.basis) for _ in b.basis] for b in blocks]
    lam_terms: list[dict[Monomial, Fraction]] = [{} for _ in frees]
    for v, idx in zip(x, system.index):
        if idx[0] == "q":
            _, k, i, l = idx
            grams[k][i][l] = grams[k][l][i] = v
        else:
            _, j, m = idx
            if v:
                lam_terms[j][m] = v
    lams = [Poly(t, system.target.nvars) for t in lam_terms]
    squares = []
    for k, (b, q) in enumerate(zip(blocks, grams)):
        dec = ldl(q)
        if dec is None:
            return None
        lower, d = dec
        n = len(b.basis)
        for col in range(n):
            if d[col]:
                poly = sum((b.basis[i] * lower[i][col] for i in range(col, n) if lower[i][col]),
                           Poly.const(0, system.target.nvars))
                squares.append((k, d[col], poly))
    return Certificate(tuple(squares), tuple((j, lam) for j, lam in enumerate(lams)
                                             if not lam.is_zero()))


def find(target: Poly, blocks: Sequence[Block], frees: Sequence[Free] = (), *,
         zeros: Sequence[Sequence[Fraction]] = (), deadline: float = float("inf"),
         max_entries: int = MAX_ENTRIES) -> tuple[Certificate, tuple[Block, ...]] | None:
    """An exact certificate that ``target`` is ``Σ weight_k · (SOS)_k + Σ λ_j h_j``, with the
    blocks (reduced at ``zeros``) its squares refer to; None if the SDP has no solution,
    the rounding does not give a PSD one, the problem is larger than ``max_entries``, the
    solver is not installed, or ``deadline`` passes."""
    if not available():
        return None
    blocks = tuple(b for b in (reduce_basis(b, zeros) for b in blocks) if b.basis)
    if not blocks or size(blocks, frees) > max_entries:
        return None
    for round_ in range(PRUNE_ROUNDS):
        try:
            system = _System(target, blocks, frees, deadline)
        except _Expired:
            return None
        solved = _solve_float(system, blocks, deadline)
        if solved is None or solved[1] < -BOUNDARY:
            return None
        xf, margin = solved
        if margin > MARGIN or round_ == PRUNE_ROUNDS - 1:
            break
        # on the boundary: drop the basis elements whose diagonal entry is (near) zero
        diag = _gram_diagonals(system, xf, len(blocks))
        top = max((max(d) for d in diag if d), default=0.0)
        pruned = tuple(Block(b.weight, tuple(w for w, v in zip(b.basis, d) if v > PRUNE * top),
                             b.tag) for b, d in zip(blocks, diag))
        pruned = tuple(b for b in pruned if b.basis)
        log.debug("sos: margin %.2g, basis %d -> %d", margin, sum(len(b.basis) for b in blocks),
                  sum(len(b.basis) for b in pruned))
        if sum(len(b.basis) for b in pruned) == sum(len(b.basis) for b in blocks):
            break
        blocks = pruned
        if not blocks:
            return None
    for den in DENOMINATORS:
        if time.perf_counter() > deadline:
            return None
        x = _project(system, [_round(v, den) for v in xf], deadline)
        if x is None:
            return None
        cert = _exact(system, blocks, frees, x)
        if cert is not None:
            if cert.expand(blocks, frees, target.nvars) != target:
                raise AssertionError("sum of squares certificate does not expand")
            return cert, blocks
    return None
