"""The arithmetic domain's numeric model: random feasible points and float checks.

``feasible_points`` draws points that satisfy a problem's hypotheses: each
variable from its domain (positive and non-negative ones on several scales,
real ones with both signs, integers as integers), each equality ``s = k`` with
``s`` homogeneous met by moving the point along its ray from the origin, and
the other hypotheses by rejection.  ``holds`` evaluates a fact at many points
at once with a tolerance relative to the size of its terms, so round-off on
large values is not mistaken for a counterexample.
"""
from __future__ import annotations

import numpy as np

from symgen.algebra.poly import Poly

from .normal import Normal
from .problem import INTEGER_DOMAINS

TOLERANCE = 1e-7


def _draw(domains, rng: np.random.Generator, size: int) -> np.ndarray:
    n = len(domains)
    scale = np.exp(rng.normal(0.0, 1.0, size=(size, 1)))        # several scales per batch
    pts = np.empty((size, n))
    for i, d in enumerate(domains):
        if d in INTEGER_DOMAINS:
            col = rng.integers(-20, 21, size=size).astype(float)
            pts[:, i] = np.abs(col) if d == "natural" else col
        elif d == "real":
            pts[:, i] = rng.normal(0.0, 1.0, size=size) * scale[:, 0]
        else:
            col = rng.exponential(1.0, size=size) * scale[:, 0]
            if d == "nonneg":
                col[rng.random(size) < 0.1] = 0.0
            pts[:, i] = col
    return pts


def _solve_linear(pts: np.ndarray, h: Poly) -> np.ndarray:
    """Solve ``h = 0`` for a variable that ``h`` is linear in: ``x_i = -B / A``."""
    for i in range(h.nvars):
        if max(m[i] for m in h.terms) != 1:
            continue
        a = Poly({m[:i] + (0,) + m[i + 1:]: c for m, c in h.terms.items() if m[i] == 1}, h.nvars)
        b = Poly({m: c for m, c in h.terms.items() if m[i] == 0}, h.nvars)
        with np.errstate(divide="ignore", invalid="ignore"):
            pts = pts.copy()
            pts[:, i] = -b.evaluate_many(pts) / a.evaluate_many(pts)
        return pts
    return np.full_like(pts, np.nan)


def _meet_equalities(pts: np.ndarray, equalities: list[Poly]) -> np.ndarray:
    """Move each point so that the equalities hold: along its ray for ``s = k`` with ``s``
    homogeneous, else by solving for a variable the equality is linear in; rows that
    cannot be moved become NaN, and rows where an equality still fails are dropped."""
    pts = _meet(pts, equalities)
    ok = np.ones(len(pts), dtype=bool)
    for h in equalities:
        with np.errstate(invalid="ignore"):
            ok &= holds("eq", h, pts)
    return pts[ok]


def _meet(pts: np.ndarray, equalities: list[Poly]) -> np.ndarray:
    for h in equalities:
        k = -h.constant()
        s = h + k
        if not s.is_homogeneous() or s.is_zero():
            pts = _solve_linear(pts, h)
            continue
        e = s.degree()
        val = s.evaluate_many(pts)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = float(k) / val
            t = np.where(ratio > 0, np.abs(ratio) ** (1.0 / e), np.nan)
            if e % 2 == 1:
                t = np.sign(ratio) * np.abs(ratio) ** (1.0 / e)
        pts = pts * t[:, None]
    return pts


def holds(kind: str, poly: Poly, pts: np.ndarray, dens=(), modulus: int | None = None) -> np.ndarray:
    """Whether ``poly / prod(dens) KIND 0`` holds at each point (within tolerance).  Where
    floats cannot tell (a value beyond them) it counts as holding: the exact check stands."""
    with np.errstate(over="ignore", invalid="ignore"):
        if kind == "dvd":
            vals = np.rint(poly.evaluate_many(pts))
            return (np.mod(vals, modulus) == 0) | ~np.isfinite(vals)
        vals = poly.evaluate_many(pts)
        size = Poly({m: abs(c) for m, c in poly.terms.items()}, poly.nvars).evaluate_many(np.abs(pts))
        tol = TOLERANCE * (1.0 + size)
        for d in dens:
            dv = d.evaluate_many(pts)
            vals = np.where(dv == 0, np.nan, vals * np.sign(dv))   # undefined: does not hold
        unknown = ~np.isfinite(tol) | np.isinf(vals)
        return unknown | {"ge": vals >= -tol, "gt": vals > -tol, "eq": np.abs(vals) <= tol,
                          "ne": np.abs(vals) > 0}[kind]


def feasible_points(domains, hypotheses: list[Normal], rng: np.random.Generator,
                    count: int = 1000, tries: int = 20) -> np.ndarray:
    """Up to ``count`` points (rows) satisfying the hypotheses; fewer if they are rare."""
    equalities = [h.poly for h in hypotheses if h.kind == "eq" and not h.dens]
    others = [h for h in hypotheses if not (h.kind == "eq" and not h.dens)]
    found = []
    have = 0
    for _ in range(tries):
        pts = _meet_equalities(_draw(domains, rng, 4 * count), equalities)
        pts = pts[np.all(np.isfinite(pts), axis=1)]
        if any(d in INTEGER_DOMAINS for d in domains) and equalities:
            pts = pts[np.all(np.isclose(pts, np.rint(pts)) | ~_int_mask(domains), axis=1)]
        ok = np.ones(len(pts), dtype=bool)
        for h in others:
            ok &= holds(h.kind, h.poly, pts, h.dens, h.modulus) & _strict(h, pts)
        for d, col in zip(domains, pts.T):
            if d == "positive":
                ok &= col > 0
        pts = pts[ok]
        found.append(pts)
        have += len(pts)
        if have >= count:
            break
    return np.concatenate(found)[:count] if found else np.empty((0, len(domains)))


def _int_mask(domains) -> np.ndarray:
    return np.array([d in INTEGER_DOMAINS for d in domains])


def _strict(h: Normal, pts: np.ndarray) -> np.ndarray:
    """Strict hypotheses are sampled strictly (the tolerance in ``holds`` is for goals)."""
    if h.kind != "gt":
        return np.ones(len(pts), dtype=bool)
    vals = h.poly.evaluate_many(pts)
    for d in h.dens:
        vals = vals * np.sign(d.evaluate_many(pts))
    return vals > 0
