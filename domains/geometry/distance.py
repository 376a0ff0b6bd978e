"""Distance chasing: segment lengths as linear variables.

Ratio chasing works with log-lengths, so it cannot add lengths.  Here each
segment's length is a variable of its own linear theory: ``cong`` says two
lengths are equal, ``rconst`` that one is a rational multiple of another, and
the points of a known line, ordered along it on the diagram, make the
lengths add up (``AB + BC = AC`` when B lies between A and C).  The order is
read off the diagram, as AlphaGeometry does; each such equation cites the
collinearity it rests on, and the checker re-reads the order from the diagram.

After each round the segments are grouped by the reduced form of their
length; two segments that fall into one group are equal, and the state
asserts that ``cong`` (justified as a "distance chase") if nothing else knew
it yet.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Callable, Sequence

from symgen.linear import LinearTheory

from .chase import Grouped
from .incidence import Incidence, Node

Pair = tuple[int, int]


def along(points: Sequence[int], xy: Sequence[complex]) -> list[int]:
    """The points of one line in their order along it."""
    pts = list(points)
    a, b = xy[pts[0]], xy[pts[1]]
    d = b - a
    return sorted(pts, key=lambda p: ((xy[p] - a) * d.conjugate()).real)


def betweenness(points: Sequence[int], xy: Sequence[complex]) -> list[tuple[int, int, int]]:
    """Triples (x, y, z), y between x and z, whose length sums generate all others on a line:
    with the points o0, o1, ... in order, every (o0, oi, ok) for 0 < i < k."""
    o = along(points, xy)
    return [(o[0], o[i], o[k]) for k in range(2, len(o)) for i in range(1, k)]


class DistanceChase:
    def __init__(self, lines: Incidence, xy: Sequence[complex]) -> None:
        self.lines, self.xy = lines, xy
        self.lin = LinearTheory()
        self.var: dict[Pair, int] = {}
        self.lengths = Grouped()
        self.seen_lines: dict[Node, int] = {}      # line root -> how many points were chased

    def var_of(self, a: int, b: int, create: bool = True) -> int | None:
        s = (a, b) if a < b else (b, a)
        v = self.var.get(s)
        if v is None and create:
            v = self.var[s] = self.lin.new_var()
        return v

    def add_ratio(self, a: int, b: int, c: int, d: int, r: Fraction, fid: int) -> None:
        """|ab| = r |cd|."""
        v1, v2 = self.var_of(a, b), self.var_of(c, d)
        self.lin.add({v1: r.denominator, v2: -r.numerator} if v1 != v2 else {}, 0, fid)

    def add_lines(self, coll_id: Callable[[tuple[int, int, int]], int | None]) -> None:
        """Length sums on every line that gained points since it was last chased."""
        for root, pts in self.lines.points.items():
            if len(pts) < 3 or self.seen_lines.get(root) == len(pts):
                continue
            self.seen_lines[root] = len(pts)
            for x, y, z in betweenness(pts, self.xy):       # |x y| + |y z| = |x z|
                fid = coll_id((x, y, z))
                if fid is not None:
                    self.lin.add({self.var_of(x, y): 1, self.var_of(y, z): 1,
                                  self.var_of(x, z): -1}, 0, fid)

    def equal_pairs(self) -> list[tuple[Pair, Pair]]:
        """Pairs of segments whose lengths became equal since the last call."""
        changed = [s for s, v in self.var.items() if self.lengths.set(s, self.lin.var_key(v))]
        out = []
        for s in changed:
            for t in self.lengths.peers(s):
                if t != s:
                    out.append((s, t))
        return out

    def explain(self, a: int, b: int, c: int, d: int) -> list[int]:
        v1, v2 = self.var_of(a, b, False), self.var_of(c, d, False)
        return list(dict.fromkeys(self.lin.explain({v1: 1, v2: -1}, 0, minimal=True) or []))
