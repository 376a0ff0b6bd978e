"""Angle and ratio chasing: the geometry views of the kernel's linear theory.

Angles: every line (a class of the line incidence structure) has a direction
variable in units of π, mod 1.  ``para`` says two directions are equal,
``perp`` that they differ by 1/2, ``eqangle`` that two differences are equal,
``aconst`` that a difference is a constant.  Equations modulo 1 are *lifted*
with the diagram to exact equations over Q: each variable stands for its
line's numeric direction in [0, 1), and ``a . x = c (mod 1)`` is stored as
``a . x = c + k`` with the integer ``k`` read off the diagram.  Elimination
over Q is then exact and never meets a spurious inconsistency (solving
``2x = 1 (mod 1)`` for ``x`` would otherwise commit to one of two
solutions), and every conclusion holds in the diagram's configuration, the
same way betweenness is read off the diagram; keys compare constants mod 1.  Ratios: every segment has a
log-length variable; ``cong``, ``eqratio`` and ``rconst`` are the same shapes
(constant ratios through pseudo-variables log 2, log 3, ... so they stay
exact).

Each equation's reason is the asserted fact plus the collinearities that tie
the fact's point pairs to the lines whose variables it uses, so an
explanation is complete: the checker can rebuild the lines from the cited
``coll`` facts.  ``Keys`` index the reduced forms: lines by direction, angles
at a vertex (two lines through a known common point) by value, segments by
length, ratios of two segments with a common endpoint by value.  The engine's
rules only ever ask for angles and ratios at a vertex, so the index stays
near-linear in the number of lines instead of quadratic.
"""
from __future__ import annotations

import cmath
import logging
import math
from fractions import Fraction
from typing import Hashable, Sequence

from symgen import limits
from symgen.linear import ZERO_KEY, LinearTheory

from .incidence import Incidence, Node

log = logging.getLogger(__name__)

Pair = tuple[int, int]
HALF = Fraction(1, 2)
LIFT_TOL = 1e-6          # a true equation's numeric residual is this close to an integer


def direction(xy: Sequence[complex], a: int, b: int) -> float:
    """The direction of line ab in units of π, in [0, 1)."""
    d = (cmath.phase(xy[b] - xy[a]) / math.pi) % 1.0
    return 0.0 if d >= 1.0 else d


def lift(coeffs: dict, const: Fraction, values: dict) -> Fraction:
    """The exact constant ``c + k`` with ``sum(coeffs[v] * values[v]) = c + k`` for an integer ``k``."""
    residual = sum(float(a) * values[v] for v, a in coeffs.items()) - float(const)
    k = round(residual)
    if abs(residual - k) > LIFT_TOL:
        log.debug("angle equation %s = %s is off by %.3g on the diagram", coeffs, const, residual - k)
    return const + k


def mod1(key: tuple) -> tuple:
    """A linear key ``(terms, den, num)`` with its constant reduced modulo 1."""
    terms, den, num = key
    return key if 0 <= num < den else (terms, den, num % den)


FACTOR_LIMIT = 10_000    # trial divisors of a ratio's numerator and denominator


def factor(n: int) -> dict[int, int]:
    """The prime factors of ``n`` with their exponents, by trial division up to
    ``FACTOR_LIMIT``: what is left above it (a prime, or past 10**8 perhaps a product of
    large primes) counts as one factor.  Constant ratios are written over these factors as
    independent symbols, so a cofactor taken whole only hides a relation between large
    primes, never adds a false one; a ratio in a problem's text has at most 100 digits."""
    out, p = {}, 2
    while p * p <= n and p <= FACTOR_LIMIT:
        while n % p == 0:
            out[p] = out.get(p, 0) + 1
            n //= p
        p += 1
    if n > 1:
        out[n] = out.get(n, 0) + 1
    return out


def _cancels(pts: tuple[int, ...], signs: tuple[int, ...], i: int) -> bool:
    """Whether segment ``i`` of a signed sum of log-lengths cancels against the others."""
    seg = frozenset(pts[2 * i:2 * i + 2])
    return sum(s for k, s in enumerate(signs) if frozenset(pts[2 * k:2 * k + 2]) == seg) == 0


class Grouped:
    """Objects grouped by key, with the set of objects whose key changed last round."""

    def __init__(self) -> None:
        self.key: dict[Hashable, Hashable] = {}
        self.groups: dict[Hashable, set] = {}

    def set(self, obj: Hashable, key: Hashable) -> bool:
        old = self.key.get(obj)
        if old == key:
            return False
        if old is not None:
            self.remove(obj)
        self.key[obj] = key
        self.groups.setdefault(key, set()).add(obj)
        return True

    def remove(self, obj: Hashable) -> None:
        old = self.key.pop(obj, None)
        if old is not None:
            g = self.groups[old]
            g.discard(obj)
            if not g:
                del self.groups[old]

    def group(self, key: Hashable) -> set:
        return self.groups.get(key, set())

    def peers(self, obj: Hashable) -> set:
        key = self.key.get(obj)
        return self.groups.get(key, set()) if key is not None else set()


class AngleChase:
    def __init__(self, lines: Incidence, xy: Sequence[complex]) -> None:
        self.lines = lines
        self.xy = xy
        self.lin = LinearTheory()               # lifted: exact over Q, see the module doc
        self.values: dict[int, float] = {}      # variable -> its line's numeric direction
        self.var: dict[Node, int] = {}          # line root -> direction variable
        self.owner: dict[Node, Node] = {}       # line root -> the node the variable was made for
        self.dirs = Grouped()                   # line root -> key of its direction
        self.angles = Grouped()                 # (root1, root2) meeting at a point -> key of angle
        self._merged_upto = 0

    # -- variables -------------------------------------------------------------
    def line_of(self, a: int, b: int, create: bool = True) -> Node | None:
        if create:
            return self.lines.node((a, b))
        return self.lines.root((a, b))

    def var_of(self, root: Node) -> int:
        v = self.var.get(root)
        if v is None:
            v = self.var[root] = self.lin.new_var()
            self.owner[root] = root
            self.values[v] = direction(self.xy, root[0], root[1])
        return v

    def link(self, a: int, b: int, root: Node) -> list:
        """Facts tying the pair ab to the node owning ``root``'s variable."""
        owner = self.owner[root]
        pair = (a, b) if a < b else (b, a)
        return [] if pair == owner else self.lines.explain(pair, owner)

    def follow_merges(self) -> None:
        """Lines that became one: equate (or hand over) their direction variables."""
        merged = self.lines.merged
        for gone, root in merged[self._merged_upto:]:
            v_gone = self.var.pop(gone, None)
            if v_gone is None:
                continue
            o_gone = self.owner.pop(gone)
            if root not in self.var:
                self.var[root], self.owner[root] = v_gone, o_gone
                continue
            reason = tuple(self.lines.explain(o_gone, self.owner[root]))
            coeffs = {v_gone: 1, self.var[root]: -1}
            self.lin.add(coeffs, lift(coeffs, Fraction(0), self.values), reason)
        self._merged_upto = len(merged)

    def end_round(self) -> None:
        self._merged_upto = 0

    # -- equations ---------------------------------------------------------------
    def terms(self, pts: tuple[int, ...], signs: tuple[int, ...], create: bool = True,
              links: list | None = None) -> dict[int, int] | None:
        """Coefficients over line variables for sum(sign * direction(pair)); the facts tying
        each pair to its line's variable are appended to ``links`` when given."""
        coeffs: dict[int, int] = {}
        for i, s in enumerate(signs):
            a, b = pts[2 * i], pts[2 * i + 1]
            root = self.line_of(a, b, create)
            if root is None or (not create and root not in self.var):
                return None
            v = self.var_of(root)
            coeffs[v] = coeffs.get(v, 0) + s
            if links is not None:
                links += self.link(a, b, root)
        return {v: c for v, c in coeffs.items() if c}

    def add(self, pts: tuple[int, ...], signs: tuple[int, ...], const: Fraction, fid: int) -> None:
        links: list = []
        coeffs = self.terms(pts, signs, links=links)
        self.lin.add(coeffs, lift(coeffs, Fraction(const), self.values), (fid, *links))

    def key(self, pts: tuple[int, ...], signs: tuple[int, ...]) -> Hashable | None:
        t = self.terms(pts, signs, create=False)
        return None if t is None else mod1(self.lin.key(t))

    def explain(self, pts: tuple[int, ...], signs: tuple[int, ...], const: Fraction) -> list[int]:
        links: list = []
        coeffs = self.terms(pts, signs, create=False, links=links)
        reasons = self.lin.explain(coeffs, lift(coeffs, Fraction(const), self.values), minimal=True)
        out: dict[int, None] = {}
        for r in [*reasons, *links]:
            for f in (r if isinstance(r, tuple) else (r,)):
                out[f] = None
        return list(out)

    # -- indexes -----------------------------------------------------------------
    def reindex(self, deadline: float = math.inf) -> tuple[set[Node], set[tuple[Node, Node]]]:
        """Recompute keys; returns (lines whose direction changed, angles whose value changed).
        Raises ``TimeUp`` past ``deadline`` (``time.perf_counter()``)."""
        lines, lin = self.lines, self.lin
        dirty = {r for r in self.dirs.key if r not in self.var}
        for r in dirty:
            self.dirs.remove(r)
        changed_lines = set()
        for r, v in self.var.items():
            if self.dirs.set(r, mod1(lin.var_key(v))) or r in lines.changed:
                changed_lines.add(r)
        changed_angles = set()
        for ang in [a for a in self.angles.key if a[0] not in self.var or a[1] not in self.var]:
            self.angles.remove(ang)
        for r in changed_lines:
            limits.check(deadline)
            for p in lines.points[r]:
                for r2 in lines.through(p):
                    if r2 == r or r2 not in self.var:
                        continue
                    for ang, coeffs in (((r, r2), {self.var[r]: 1, self.var[r2]: -1}),
                                        ((r2, r), {self.var[r2]: 1, self.var[r]: -1})):
                        k = mod1(lin.key(coeffs))
                        if k == ZERO_KEY:                # parallel: not an angle
                            self.angles.remove(ang)
                        elif self.angles.set(ang, k) or r in lines.changed:
                            changed_angles.add(ang)
        return changed_lines, changed_angles

    def perp_key(self, root: Node) -> Hashable | None:
        v = self.var.get(root)
        return None if v is None else mod1(self.lin.key({v: 1}, -HALF))

    def value(self, pts: tuple[int, ...], signs: tuple[int, ...]):
        """The constant sum(sign * direction) is forced to equal (mod 1), or None."""
        t = self.terms(pts, signs, create=False)
        return None if t is None else self._value(t)

    def angle_value(self, r1: Node, r2: Node):
        """The constant direction(r2) - direction(r1) is forced to equal (mod 1), or None."""
        return self._value({self.var[r1]: -1, self.var[r2]: 1})

    def _value(self, coeffs: dict):
        value = self.lin.value(coeffs)
        return None if value is None else value % 1


class RatioChase:
    def __init__(self) -> None:
        self.lin = LinearTheory()
        self.var: dict[Pair, int] = {}
        self.primes: dict[int, int] = {}
        self.at: dict[int, set[Pair]] = {}       # point -> segments with a variable
        self.segs = Grouped()                    # segment -> key of its length
        self.ratios = Grouped()                  # (seg1, seg2) sharing an endpoint -> key

    def var_of(self, a: int, b: int, create: bool = True) -> int | None:
        s = (a, b) if a < b else (b, a)
        v = self.var.get(s)
        if v is None and create:
            v = self.var[s] = self.lin.new_var()
            self.at.setdefault(a, set()).add(s)
            self.at.setdefault(b, set()).add(s)
        return v

    def log_const(self, r: Fraction) -> dict[int, Fraction]:
        """log r as coefficients over the prime pseudo-variables."""
        out: dict[int, Fraction] = {}
        for n, sign in ((r.numerator, 1), (r.denominator, -1)):
            for p, e in factor(n).items():
                v = self.primes.get(p)
                if v is None:
                    v = self.primes[p] = self.lin.new_var(constant=True)
                out[v] = out.get(v, 0) + sign * e
        return out

    def terms(self, pts: tuple[int, ...], signs: tuple[int, ...], ratio: Fraction | None = None,
              create: bool = True) -> dict | None:
        coeffs: dict[int, Fraction | int] = {}
        for i, s in enumerate(signs):
            v = self.var_of(pts[2 * i], pts[2 * i + 1], create)
            if v is None:
                if _cancels(pts, signs, i):      # |df| / |df|: 1 whether or not df is known
                    continue
                return None
            coeffs[v] = coeffs.get(v, 0) + s
        if ratio is not None:
            for v, e in self.log_const(ratio).items():
                coeffs[v] = coeffs.get(v, 0) - e
        return {v: c for v, c in coeffs.items() if c}

    def add(self, pts, signs, ratio: Fraction | None, fid: int) -> None:
        self.lin.add(self.terms(pts, signs, ratio), 0, fid)

    def key(self, pts, signs) -> Hashable | None:
        t = self.terms(pts, signs, create=False)
        return None if t is None else self.lin.key(t)

    def equal(self, pts) -> bool:
        """|p0 p1| = |p2 p3| follows."""
        return self.key(pts, (1, -1)) == ZERO_KEY

    def const_key(self, ratio: Fraction) -> Hashable:
        """The key of log(ratio) itself, to compare with the key of a segment ratio."""
        return self.lin.key({v: e for v, e in self.log_const(ratio).items()})

    def explain(self, pts, signs, ratio: Fraction | None = None) -> list[int]:
        reasons = self.lin.explain(self.terms(pts, signs, ratio, create=False), 0, minimal=True)
        return list(dict.fromkeys(reasons))

    def reindex(self, deadline: float = math.inf) -> tuple[set[Pair], set[tuple[Pair, Pair]]]:
        lin = self.lin
        changed = {s for s, v in self.var.items() if self.segs.set(s, lin.var_key(v))}
        changed_ratios = set()
        for s in changed:
            limits.check(deadline)
            for p in s:
                for s2 in self.at[p]:
                    if s2 == s:
                        continue
                    for rat, coeffs in (((s, s2), {self.var[s]: 1, self.var[s2]: -1}),
                                        ((s2, s), {self.var[s2]: 1, self.var[s]: -1})):
                        if self.ratios.set(rat, lin.key(coeffs)):
                            changed_ratios.add(rat)
        return changed, changed_ratios

