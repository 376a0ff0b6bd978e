"""Sum-of-squares certificates for a goal the linear closure does not reach.

When no non-negative combination of the known facts gives the goal polynomial ``t``
(``closure.py``), ``certify`` looks for a Positivstellensatz certificate whose
multipliers are sums of squares::

    t  =  Σ_k  m_k · g_k · (Σ_i d_ki · q_ki²)   +   Σ_j λ_j · h_j

with ``d_ki >= 0``, ``m_k`` a product of distinct non-negative variables (or 1),
``g_k`` 1, a hypothesis ``g >= 0`` or a product of two hypotheses, and ``λ_j`` any
polynomial multiplying an equality ``h_j = 0``.  The squares' bases are monomials of
the degree the goal allows (exactly half of what is left, for a homogeneous problem),
restricted at the problem's rational equality cases (a small grid of points where the
goal is 0 and every fact holds: ``sos.reduce_basis``).  With one linear equality ``L = c``
(``a + b + c + d = 4``) the goal is first made homogeneous, each degree-k part times
``(L/c)^(D-k)``: a smaller SDP over homogeneous squares, and the difference from the goal is
an exact multiple of the equality (``homogenise``), which the certificate adds.  The float search and the exact
rounding are ``symgen.algebra.sos``; the solver is the optional ``sos`` extra
(cvxpy), imported only here at run time, so without it this step simply finds nothing.

The proof line (rule ``sum of squares``) spells every term: its coefficient, monomial,
cited facts and the polynomial squared, and the equality multiples monomial by
monomial; the checker (``check.py``) multiplies them out again and compares.  The
search runs once per goal polynomial and takes at most ``SHARE`` of the time left.
"""
from __future__ import annotations

import logging
import time
from fractions import Fraction
from itertools import combinations, product

from symgen.algebra import sos
from symgen.algebra.poly import Poly, monomials, monomials_upto
from symgen.facts import Justification

log = logging.getLogger(__name__)

SOS = "sum of squares"
SHARE = 0.5                          # of the time left, for one goal's SOS search
GRID = (Fraction(0), Fraction(1), Fraction(2), Fraction(-1), Fraction(1, 2), Fraction(3))
MAX_GRID_POINTS = 5000
EXTRA_DEGREES = 2


def _monomial_weights(nonneg_vars: frozenset[int], n: int) -> list[tuple[tuple[int, ...], Poly]]:
    """1 and each product of distinct non-negative variables."""
    out = []
    vs = sorted(nonneg_vars)
    for r in range(len(vs) + 1):
        for combo in combinations(vs, r):
            m = tuple(1 if i in combo else 0 for i in range(n))
            out.append((m, Poly.monomial(m)))
    return out


def _weights(state, known, degree: int) -> list[tuple[tuple[int, ...], tuple[int, ...], Poly]]:
    """(monomial, fact ids, weight polynomial) of every block weight of degree <= ``degree``."""
    hyps: list[tuple[tuple[int, ...], Poly]] = [((), Poly.const(1, state.n))]
    prods = [f for f in known.products if f in known.nonneg]
    hyps += [((f,), known.nonneg[f]) for f in prods]
    hyps += [((f, g), known.nonneg[f] * known.nonneg[g])
             for i, f in enumerate(prods) for g in prods[i:]]
    out = []
    for mono, mpoly in _monomial_weights(state.nonneg_vars, state.n):
        for facts, hpoly in hyps:
            w = mpoly * hpoly
            if w.degree() <= degree:
                out.append((mono, facts, w))
    return out


def _basis(nvars: int, weight: Poly, degree: int, homogeneous: bool) -> tuple[Poly, ...]:
    rest = degree - weight.degree()
    if rest < 0:
        return ()
    if homogeneous:
        if rest % 2:
            return ()
        monos = list(monomials(nvars, rest // 2))
    else:
        monos = monomials_upto(nvars, rest // 2)
    return tuple(Poly.monomial(m) for m in monos)


def zeros(state, known, target: Poly, deadline: float) -> list[tuple[Fraction, ...]]:
    """Points of a small rational grid where ``target`` is 0 and every fact holds."""
    n = state.n
    if len(GRID) ** n > MAX_GRID_POINTS:
        return []
    out = []
    for point in product(GRID, repeat=n):
        if time.perf_counter() > deadline:
            break
        if any(point[i] < 0 for i in state.nonneg_vars):
            continue
        if target.evaluate(point) != 0:
            continue
        if all(p.evaluate(point) >= 0 for p in known.nonneg.values()) and \
                all(p.evaluate(point) == 0 for p in known.equal.values()):
            out.append(point)
    return out


def homogenise(target: Poly, h: Poly) -> tuple[Poly, Poly] | None:
    """For an equality ``h = L - c = 0`` (``L`` linear, ``c != 0``): ``(t_h, λ)`` with
    ``t_h = Σ_k t_k (L/c)^(D-k)`` homogeneous (``t_k`` the degree-k part of ``target``) and
    ``target = t_h + λ h`` exactly; None if ``h`` is not of that form."""
    c = -h.constant()
    lin = h + c
    if c == 0 or lin.degree() != 1 or not lin.is_homogeneous():
        return None
    u = lin * (1 / c)
    d = target.degree()
    parts: dict[int, dict] = {}
    for m, v in target.terms.items():
        parts.setdefault(sum(m), {})[m] = v
    t_h = Poly.const(0, target.nvars)
    lam = Poly.const(0, target.nvars)
    for k, terms in parts.items():
        pk = Poly(terms, target.nvars)
        t_h = t_h + pk * u ** (d - k)
        geometric = sum((u ** j for j in range(d - k)), Poly.const(0, target.nvars))
        lam = lam - pk * geometric * (1 / c)
    assert t_h + lam * h == target, "homogenisation does not expand"
    return t_h, lam


def _homogeneous_search(state, known, target: Poly, deadline: float):
    """The goal made homogeneous with a linear equality ``L = c`` (``homogenise``), proved by
    squares over the homogeneous hypotheses; the equality multiple closes the identity."""
    if target.is_homogeneous() or len(known.equal) != 1:
        return None
    (h_id, h), = known.equal.items()
    made = homogenise(target, h)
    if made is None:
        return None
    t_h, lam = made
    hyps = {f: p for f, p in known.nonneg.items() if p.is_homogeneous()}
    sub = type(known)(hyps, known.strict & frozenset(hyps), {},
                      tuple(f for f in known.products if f in hyps))
    found = _search(state, sub, t_h, deadline)
    if found is None:
        return None
    cert, blocks, _ = found
    frees = [sos.Free(h, (), (h_id,))]
    cert = sos.Certificate(cert.squares, ((0, lam),))
    if cert.expand(blocks, frees, state.n) != target:
        raise AssertionError("homogenised certificate does not expand")
    return cert, blocks, frees


def search(state, known, target: Poly, deadline: float):
    """(certificate, blocks, frees) for ``target >= 0``, or None: homogenised with a linear
    equality first, where there is one, then as it is."""
    if not sos.available():
        return None
    return _homogeneous_search(state, known, target, deadline) or \
        _search(state, known, target, deadline)


def _search(state, known, target: Poly, deadline: float):
    n = state.n
    points = zeros(state, known, target, deadline)
    d0 = target.degree()
    homogeneous = (not known.equal and target.is_homogeneous()
                   and all(p.is_homogeneous() for p in known.nonneg.values()))
    tops = (d0,) if homogeneous else tuple(range(d0, d0 + EXTRA_DEGREES + 1))
    for degree in tops:
        if time.perf_counter() > deadline:
            return None
        blocks = []
        for mono, facts, w in _weights(state, known, degree):
            basis = _basis(n, w, degree, homogeneous)
            if basis:
                blocks.append(sos.Block(w, basis, (mono, facts)))
        frees = [sos.Free(p, tuple(monomials_upto(n, degree - p.degree())), (h,))
                 for h, p in known.equal.items() if p.degree() <= degree]
        found = sos.find(target, blocks, frees, zeros=points, deadline=deadline)
        log.debug("sos: degree %d, %d blocks, %s", degree, len(blocks), found is not None)
        if found is not None:
            cert, used = found
            return cert, used, frees
    return None


def record(engine, fact, target: Poly, found) -> int:
    """Add ``fact`` (a positive multiple of ``target >= 0``) justified by the certificate."""
    cert, blocks, frees = found
    st = engine.state
    stored = Poly(dict(fact[1]), st.n)
    m, c = next(iter(target.terms.items()))
    scale = stored.terms[m] / c
    terms = []
    for k, d, q in cert.squares:
        mono, facts = blocks[k].tag
        terms.append(("square", str(d * scale), mono, facts, q.key()))
    for j, lam in cert.free:
        (h,) = frees[j].tag
        for mono, coef in sorted(lam.terms.items()):
            terms.append(("free", str(coef * scale), mono, (h,)))
    facts = tuple(sorted({f for t in terms for f in t[3]}))
    level = 1 + max((st.table.level(f) for f in facts), default=0)
    subst = (("times", Poly.const(1, st.n).key()),) + tuple(terms)
    return st.add(fact, Justification(SOS, facts, level, subst))


def attempt(engine, fact, target: Poly, deadline: float) -> int | None:
    """``fact`` (``target >= 0``) by a sum of squares (once per target), within ``SHARE`` of
    the time left; its fact id or None."""
    if target in engine.sos_tried or not sos.available():
        return None
    engine.sos_tried.add(target)
    now = time.perf_counter()
    found = search(engine.state, engine.state.known(), target, now + SHARE * (deadline - now))
    if found is None:
        return None
    return record(engine, fact, target, found)
