"""The heuristic proposer: the lemma instances a person tries first.

It enumerates families of instances in a fixed order, cheapest and most
often useful first, and hands them out ``k`` at a time:

1. weighted AM-GM (``wamgm``) bounding each negative monomial of the goal
   (after homogenising with a constraint ``s = k``) by positive monomials of it,
   with the weights found exactly -- the Muirhead / AM-GM step;
2. squares of differences of two monomials of equal degree (``(a**2 - b*c)**2``);
3. squares ``(x - c)**2`` at the point the constraints suggest (``a + b + c = 3``
   suggests ``c = 1``), and products with the variables (tangent lines);
4. the tangent-line trick: when the goal is a sum of one-variable functions
   ``f(a) + f(b) + ...`` (after moving everything to one side), ``tangent(x, p, q, m)``
   for each variable at the points the constraints suggest, cut at ``x <= k`` when a
   constraint ``a + b + c = k`` over positive variables bounds it (the bound is
   certified first, so the lemma can cite it);
5. Engel's form of Cauchy-Schwarz (``titu``) over the goal's positive fractions
   ``N**2/D`` (or ``N/D`` as ``N**2/(N*D)``), and Jensen for ``1/t`` over its
   denominators;
6. Schur's inequality (t = 1, 2) on triples of non-negative variables;
7. power means and Cauchy-Schwarz over the variables and the goal's terms;
8. Hölder over the variables padded with ones, Chebyshev over the variables and
   their powers (similarly ordered on non-negative variables), and the two-term
   rearrangement inequality over pairs of ordering hypotheses ``x >= y``.

Every family is finite for a given problem, so the proposer runs dry.  Some
instances take long to build (a weights search per monomial), so a batch stops
early at the prover's ``deadline``.
"""
from __future__ import annotations

import time
from fractions import Fraction
from functools import partial
from itertools import combinations
from typing import Callable, Iterator, Sequence

from provers.search import Node, Proposal
import sympy

from symgen.algebra.poly import Poly, monomials, rational

from .engine import Engine
from .prover import proposal

Instance = tuple[str, tuple[Poly, ...]]


class _Stream:
    """Where the proposer is in its list for one node, and the deadline of the current call."""

    def __init__(self, engine: Engine) -> None:
        self.deadline: float | None = None
        self.items = candidates(engine, self.late)

    def late(self) -> bool:
        return self.deadline is not None and time.perf_counter() > self.deadline


class HeuristicProposer:
    name = "heuristic"
    exhaustible = True
    narrowing = 1.0

    def propose(self, node: Node, k: int, deadline: float | None = None) -> list[Proposal]:
        """The next ``k`` instances of the list (fewer if the batch ends at ``deadline``)."""
        engine = node.state
        stream = node.memo.get(self.name)
        if stream is None:
            stream = node.memo[self.name] = _Stream(engine)
        stream.deadline = deadline
        out: list[Proposal] = []
        for name, args in stream.items:
            out.append(proposal(engine, name, args))
            if len(out) >= k or stream.late():
                break
        return out


def candidates(engine: Engine, late: Callable[[], bool] = lambda: False) -> Iterator[Instance]:
    """The instances in order; ``late()`` true ends the weights search (the slow part)."""
    seen: set = set()
    for family in (partial(_weighted_amgm, late=late), _monomial_squares, _shifted_squares,
                   partial(_tangents, late=late), _engel, _schur, _means, _holder,
                   _chebyshev, _rearrange):
        for name, args in family(engine):
            key = (name, tuple(a.key() for a in args))
            if key not in seen:
                seen.add(key)
                yield name, args


def homogenised(engine: Engine) -> Poly:
    """The goal's numerator with each term lifted by powers of ``s / k`` for a constraint
    ``s = k`` (``s`` homogeneous), so that every term reaches the top degree when it can."""
    target = engine.goal.poly
    top = target.degree()
    for fid, fact, _ in engine.state.table.items():
        if fact[0] != "eq" or fact[2]:
            continue
        h = engine.state.poly[fid]
        k = -h.constant()
        s = h + k
        if k == 0 or not s.is_homogeneous() or s.is_zero():
            continue
        e = s.degree()
        lifted = Poly.const(0, target.nvars)
        for m, c in target.terms.items():
            gap = top - sum(m)
            piece = Poly.monomial(m, c)
            if gap > 0 and gap % e == 0:
                piece = piece * (s * (1 / Fraction(k))) ** (gap // e)
            lifted = lifted + piece
        return lifted
    return target


def _weighted_amgm(engine: Engine, late: Callable[[], bool]) -> Iterator[Instance]:
    st = engine.state
    if len(st.nonneg_vars) < st.n:
        return
    for g in (engine.goal.poly, homogenised(engine)):
        pos = [m for m, c in g.terms.items() if c > 0]
        neg = [m for m, c in g.terms.items() if c < 0]
        for q in neg:
            for combo in _balanced(pos, q, late):
                args: list[Poly] = []
                for m, w in combo:
                    args += [Poly.monomial(m), Poly.const(w, st.n)]
                yield "wamgm", tuple(args) + (Poly.monomial(q),)


def _balanced(pos: Sequence[tuple], q: tuple, late: Callable[[], bool],
              most: int = 4) -> Iterator[list[tuple]]:
    """Subsets of ``pos`` (monomials of q's degree) with positive integer weights whose
    weighted mean exponent is ``q``'s exponent (until ``late()``)."""
    same = [m for m in pos if sum(m) == sum(q)]
    for size in range(1, min(most, len(same)) + 1):
        for subset in combinations(same, size):
            if late():
                return
            w = _weights(subset, q)
            if w is not None:
                yield list(zip(subset, w))


def _weights(subset: Sequence[tuple], q: tuple) -> list[int] | None:
    """Positive integers w with sum w_i * m_i = (sum w) * q, exactly; None if none exist."""
    from symgen.algebra.cone import solve
    cols = [{("e", i): Fraction(e) for i, e in enumerate(m)} | {("one",): Fraction(1)}
            for m in subset]
    target = {("e", i): Fraction(e) for i, e in enumerate(q)} | {("one",): Fraction(1)}
    found = solve(cols, [], target)
    if found is None or len(found.nonneg) != len(subset):
        return None
    ws = [found.nonneg[i] for i in range(len(subset))]
    den = 1
    for w in ws:
        den = den * w.denominator // _gcd(den, w.denominator)
    return [int(w * den) for w in ws]


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _monomial_squares(engine: Engine) -> Iterator[Instance]:
    st = engine.state
    half = max(1, engine.goal.poly.degree() // 2)
    for d in range(1, half + 1):
        monos = list(monomials(st.n, d))
        for a, b in combinations(monos, 2):
            if d == 1 and sum(x != y for x, y in zip(a, b)) == 2:
                continue                 # a - b: the engine knows these
            yield "square", (Poly.monomial(a) - Poly.monomial(b),)


def _shifted_squares(engine: Engine) -> Iterator[Instance]:
    st = engine.state
    points = _suggested_points(engine)
    for c in points:
        for i in range(st.n):
            base = Poly.var(i, st.n) - c
            yield "square", (base,)
    for c in points:
        for i in range(st.n):
            for j in range(st.n):
                if i != j:
                    yield "square", (Poly.var(i, st.n) * Poly.var(j, st.n) - c * c,)


def _suggested_points(engine: Engine) -> list[Fraction]:
    """Values where a symmetric constraint ``s = k`` puts all variables equal: 1 always."""
    st = engine.state
    out = [Fraction(1)]
    for fid, fact, _ in st.table.items():
        if fact[0] != "eq" or fact[2]:
            continue
        h = st.poly[fid]
        k = -h.constant()
        s = h + k
        coeffs = set(s.terms.values())
        if len(coeffs) == 1 and s.is_homogeneous() and s.degree() == 1:
            value = k / (next(iter(coeffs)) * len(s.terms))
            if value not in out:
                out.append(value)
    return out


def _schur(engine: Engine) -> Iterator[Instance]:
    st = engine.state
    nonneg = sorted(st.nonneg_vars)
    for name in ("schur", "schur2"):
        for trio in combinations(nonneg, 3):
            yield name, tuple(Poly.var(i, st.n) for i in trio)


def _means(engine: Engine) -> Iterator[Instance]:
    st = engine.state
    xs = tuple(Poly.var(i, st.n) for i in range(st.n))
    if 2 <= st.n <= 4:
        yield "powermean2", xs
        if len(st.nonneg_vars) == st.n:
            yield "powermean3", xs
    if st.n in (2, 3, 4) and len(st.nonneg_vars) == st.n:
        ones = tuple(Poly.const(1, st.n) for _ in xs)
        yield "cauchy", xs + ones
    if st.n in (2, 3) and len(st.nonneg_vars) == st.n:
        ones = tuple(Poly.const(1, st.n) for _ in xs)
        yield "titu", ones + xs                 # sum 1/x >= n**2 / sum x
        yield "titu", xs + ones


# -- the goal's terms: separable sums and fractions -----------------------------------
def _goal_terms(engine: Engine) -> list[sympy.Expr]:
    """The terms of ``lhs - rhs`` (oriented so that the goal says it is >= 0), as written."""
    rel = engine.problem.goal
    if rel.op in (">=", ">"):
        side = rel.lhs - rel.rhs
    elif rel.op in ("<=", "<"):
        side = rel.rhs - rel.lhs
    else:
        return []
    return list(sympy.Add.make_args(side))


def _fraction(term: sympy.Expr, symbols) -> tuple[Poly, Poly] | None:
    try:
        parts = rational(term, symbols)
    except Exception:                        # noqa: BLE001 - a radical or power: not a fraction
        return None
    return parts


def _separable(engine: Engine) -> dict[int, tuple[Poly, Poly]] | None:
    """Variable -> (p, q) with the goal ``sum_x p_x/q_x + constant >= 0``, or None when a
    term mixes variables."""
    st = engine.state
    grouped: dict[int, list[sympy.Expr]] = {}
    for term in _goal_terms(engine):
        used = [i for i, v in enumerate(st.symbols) if term.has(v)]
        if len(used) > 1:
            return None
        if used:
            grouped.setdefault(used[0], []).append(term)
    out = {}
    for i, terms in grouped.items():
        parts = _fraction(sympy.Add(*terms), st.symbols)
        if parts is None:
            return None
        out[i] = parts
    return out


def _sum_bound(engine: Engine) -> Fraction | None:
    """k for a constraint ``x1 + ... + xn = k`` over positive variables (each x_i < k)."""
    st = engine.state
    for fid, fact, _ in st.table.items():
        if fact[0] != "eq" or fact[2]:
            continue
        h = st.poly[fid]
        k = -h.constant()
        s = h + k
        if s.degree() == 1 and s.is_homogeneous() and set(s.terms.values()) == {1} and \
                all(i in st.positive_vars for i in s.variables()) and k > 0:
            return k
        if s.degree() == 1 and s.is_homogeneous() and set(s.terms.values()) == {-1} and \
                all(i in st.positive_vars for i in s.variables()) and k < 0:
            return -k
    return None


def _tangents(engine: Engine, late: Callable[[], bool]) -> Iterator[Instance]:
    st = engine.state
    parts = _separable(engine)
    if not parts:
        return
    bound = _sum_bound(engine)
    for m in _suggested_points(engine):
        for i, (p, q) in sorted(parts.items()):
            x = Poly.var(i, st.n)
            yield "tangent", (x, p, q, Poly.const(m, st.n))
            if bound is not None and i in st.positive_vars and not late():
                u = Poly.const(bound, st.n)
                if st.known_nonneg(u - x) is None:     # certify x < k, so the lemma can cite it
                    engine.positive(u - x, time.perf_counter() + 1.0)
                yield "tangent", (x, p, q, Poly.const(m, st.n), u)


def _engel(engine: Engine) -> Iterator[Instance]:
    st = engine.state
    xs, ys, dens = [], [], []
    for term in _goal_terms(engine):
        num, den = sympy.fraction(sympy.factor_terms(term))
        if den == 1 or not den.free_symbols:
            continue
        coef, rest = num.as_coeff_Mul()
        if coef <= 0:
            continue
        try:
            d = _fraction(den, st.symbols)
            if d is None or d[1].degree() > 0:
                continue
            d = d[0] * (1 / Fraction(int(coef.p), int(coef.q)))
            if rest.is_Pow and rest.exp == 2:
                n = _fraction(rest.base, st.symbols)
                x = None if n is None or n[1].degree() > 0 else n[0] * (1 / n[1].constant())
                y = d
            else:
                n = _fraction(rest, st.symbols)
                x = None if n is None or n[1].degree() > 0 else n[0] * (1 / n[1].constant())
                y = None if x is None else x * d            # N/D = N**2/(N*D)
        except Exception:                                   # noqa: BLE001
            continue
        if x is None or not st.nonneg(y):
            continue
        xs.append(x)
        ys.append(y)
        if st.nonneg(d):
            dens.append(d)
    for size in (3, 2):
        for idx in combinations(range(len(xs)), size):
            yield "titu", tuple(xs[i] for i in idx) + tuple(ys[i] for i in idx)
    one = Poly.const(1, st.n)
    for size in (3, 2):
        for group in combinations(dens, size):
            args: list[Poly] = []
            for d in group:
                args += [one, d]
            yield "jenseninv", tuple(args)


def _holder(engine: Engine) -> Iterator[Instance]:
    st = engine.state
    if st.n not in (2, 3) or len(st.nonneg_vars) < st.n:
        return
    one = Poly.const(1, st.n)
    xs = [Poly.var(i, st.n) for i in range(st.n)]
    if st.n == 3:
        rows = [[x if j == i else one for j in range(3)] for i, x in enumerate(xs)]
        yield "holder", tuple(t for row in rows for t in row)     # (a**3+2)(b**3+2)(c**3+2)
        yield "holder", tuple(xs + xs[1:] + xs[:1] + xs[2:] + xs[:2])
    else:
        yield "holder", (xs[0], one, one, xs[1], xs[0], xs[1])


def _chebyshev(engine: Engine) -> Iterator[Instance]:
    st = engine.state
    if st.n not in (2, 3) or len(st.nonneg_vars) < st.n:
        return
    xs = [Poly.var(i, st.n) for i in range(st.n)]
    for k in (2, 3):
        yield "chebyshev", tuple(xs) + tuple(x ** k for x in xs)
    yield "chebyshev", tuple(x * x for x in xs) + tuple(x ** 3 for x in xs)


def _rearrange(engine: Engine) -> Iterator[Instance]:
    """Two ordering hypotheses ``x1 >= x2`` and ``y1 >= y2`` (differences of two terms)."""
    st = engine.state
    pairs = []
    for fid, fact, why in st.table.items():
        if fact[0] not in ("ge", "gt") or fact[2] or why.rule != "premise":
            continue
        p = st.poly[fid]
        pos = Poly({m: c for m, c in p.terms.items() if c > 0}, st.n)
        neg = Poly({m: -c for m, c in p.terms.items() if c < 0}, st.n)
        if pos.terms and neg.terms and len(p.terms) <= 4:
            pairs.append((pos, neg))
    for (x1, x2), (y1, y2) in combinations(pairs, 2):
        yield "rearrange", (x1, x2, y1, y2)
