"""The deductive state of one geometry problem.

``GeometryState`` implements the kernel's ``DeductiveState`` protocol, and the
``Structures`` its relation views and triangle index read (``structures.py``).  It
holds the numeric diagram (point coordinates), the fact table, two incidence
structures (lines, circles), the angle and ratio chases, and materialised
tables for the predicates no theory decides (midpoints, similar and congruent
triangles).  Asserting a fact updates the structure that decides it, through
the ``ADD`` table; asking for the id of a fact that holds only through a
theory creates a record justified by that theory, through the ``EXPLAIN``
table.  Every asserted fact is first checked on the diagram: a fact that is
numerically false is refused and counted, never stored.
"""
from __future__ import annotations

import logging
import pickle
from fractions import Fraction
from typing import Callable, Sequence

from symgen import limits
from symgen.facts import Fact, FactTable, Justification
from symgen.relations import TableRelation

from . import numeric
from .chase import AngleChase, RatioChase
from .distance import DistanceChase
from .incidence import Incidence
from .predicates import PREDICATES, canonical, show
from .seeds import SEEDED, Seeds
from .triangles import TriangleIndex
from .views import (AconstView, AngleView, CircleView, CongView, DirectionView, IncidenceView,
                    RatioView, RconstView)

log = logging.getLogger(__name__)

TABLES = ("midp", "simtri", "simtri2", "contri", "contri2")

# Theory names as they appear in proofs.
COLL_THEORY = "collinearity"
CYCLIC_THEORY = "concyclicity"
ANGLE_THEORY = "angle chase"
RATIO_THEORY = "ratio chase"
DISTANCE_THEORY = "distance chase"

PLAUSIBLE_CACHE = 1 << 20      # memoised numeric verdicts kept per state (then it starts over)
MEMO_CAP = 1 << 18             # memoised canonical forms and holds verdicts per state

Z1 = (1, -1)
Z2 = (1, -1, -1, 1)


def _orient(a: complex, b: complex, c: complex) -> float:
    return ((b - a).conjugate() * (c - a)).imag


def _clock(pts: Sequence[complex], same: bool) -> bool:
    o1, o2 = _orient(*pts[:3]), _orient(*pts[3:])
    return (o1 * o2 > 0) == same and o1 != 0 and o2 != 0


EXTRA_NUMERIC: dict[str, Callable[[Sequence[complex]], bool]] = {
    "sameclock": lambda p: _clock(p, True),
    "oppclock": lambda p: _clock(p, False),
}


class GeometryState:
    seeding = True     # numeric-first matching for the rules in seeds.SEEDED (False: the join)

    def __init__(self, names: Sequence[str], coords: Sequence[complex]) -> None:
        self.names = tuple(names)
        self.xy = tuple(coords)
        self.table = FactTable()
        self.lines = Incidence(2)
        self.circles = Incidence(3)
        self.chase = AngleChase(self.lines, self.xy)
        self.ratios = RatioChase()
        self.distances = DistanceChase(self.lines, self.xy)
        self.round = 0
        self.tables = {p: TableRelation(PREDICATES[p].arity, PREDICATES[p].perms) for p in TABLES}
        self.relations = {
            "coll": IncidenceView(self, "coll", self.lines, 3),
            "cyclic": IncidenceView(self, "cyclic", self.circles, 4),
            "para": DirectionView(self, "para", shift=False),
            "perp": DirectionView(self, "perp", shift=True),
            "eqangle": AngleView(self, "eqangle"),
            "aconst": AconstView(self, "aconst"),
            "cong": CongView(self, "cong"),
            "eqratio": RatioView(self, "eqratio"),
            "rconst": RconstView(self, "rconst"),
            "circle": CircleView(self, "circle"),
            **self.tables,
        }
        self.delta_objects: dict[str, set] = {"coll": set(), "cyclic": set()}
        self.delta_dirs: set = set()
        self.delta_angles: set = set()
        self.delta_segs: set = set()
        self.delta_ratios: set = set()
        self.rejected: list[Fact] = []
        self._plausible: dict[Fact, bool] = {}
        # memos for the matcher, which asks the same questions many times a round: canonical
        # forms (a pure function) and holds (cleared whenever the theories change)
        self._canonical: dict[tuple, Fact | None] = {}
        self._holds: dict[Fact, bool] = {}
        self.triangles: TriangleIndex | None = None
        self._seeds: Seeds | None = None       # the diagram's true conclusions, found on demand
        # time.perf_counter() past which the indexes (cubic in the points) raise TimeUp
        self.deadline = float("inf")

    def extended(self, names: Sequence[str], coords: Sequence[complex]) -> GeometryState:
        """A copy of this state with the points ``names`` added at ``coords`` (after the old
        ones, so every known fact keeps its indices), ready to continue saturating: its
        next round's delta is what changes from here (the facts asserted next, the lines
        through the new points), as between two rounds.  The copy shares nothing mutable
        with this state, so siblings grow apart; the numeric verdicts on old facts are kept."""
        parked = self.triangles, self._plausible, self._seeds
        self.triangles, self._plausible, self._seeds = None, {}, None
        self._canonical, self._holds = {}, {}
        try:                   # a pickle round trip: a deep copy, several times faster
            child = pickle.loads(pickle.dumps(self, pickle.HIGHEST_PROTOCOL))
        finally:
            self.triangles, self._plausible, self._seeds = parked
        child._plausible = dict(self._plausible)
        child.triangles = None if self.triangles is None else self.triangles.fork(child)
        old = len(self.xy)
        child.names = self.names + tuple(names)
        child.xy = child.chase.xy = child.distances.xy = self.xy + tuple(coords)
        for p in range(old, len(child.xy)):          # every two points make a line
            for a in range(p):
                child.chase.var_of(child.lines.node((a, p)))
        if child.triangles is not None:
            child.triangles.add_points(old)
        return child

    # -- the numeric model -------------------------------------------------------
    def numeric(self, pred: str, args: tuple) -> bool:
        p = PREDICATES.get(pred)
        if p is not None:
            pts = [self.xy[i] for i in args[:p.arity]]
            return numeric.holds(pred, pts, args[p.arity:])
        pts = [self.xy[i] for i in args]
        extra = EXTRA_NUMERIC.get(pred)
        return extra(pts) if extra else numeric.holds(pred, pts)

    condition = numeric

    def plausible(self, fact: Fact) -> bool:
        """Is the canonical fact true on the diagram?  (Memoised: the diagram is fixed, and
        the matcher asks this of the same conclusion many times.)"""
        known = self._plausible.get(fact)
        if known is None:
            if len(self._plausible) >= PLAUSIBLE_CACHE:
                self._plausible.clear()
            known = self._plausible[fact] = self.numeric(fact[0], fact[1:])
        return known

    # -- the DeductiveState protocol -------------------------------------------
    def canonical(self, pred: str, args: tuple) -> Fact | None:
        key = (pred, args)
        try:
            return self._canonical[key]
        except KeyError:
            if len(self._canonical) >= MEMO_CAP:
                self._canonical.clear()
            c = self._canonical[key] = canonical(pred, args)
            return c

    def holds(self, fact: Fact) -> bool:
        known = self._holds.get(fact)
        if known is None:
            if len(self._holds) >= MEMO_CAP:
                self._holds.clear()
            known = self._holds[fact] = (fact in self.table.ids
                                         or self.relations[fact[0]].holds(fact[1:]))
        return known

    def size(self) -> int:
        return len(self.table)

    def add(self, fact: Fact, why: Justification) -> bool:
        if self.holds(fact):
            return False
        self._holds.clear()                     # the theories change below
        if not self.numeric(fact[0], fact[1:]):
            log.warning("refused numerically false %s from %s", self.show(fact), why.rule)
            self.rejected.append(fact)
            return False
        fid, new = self.table.add(fact, why)
        if new:
            ADD[fact[0]](self, fact[1:], fid)
        return new

    def fact_id(self, fact: Fact) -> int | None:
        """Id of a true fact; None if the theories claim it but the diagram refutes it
        (angle chasing over Q can be wrong modulo π)."""
        fid = self.table.get(fact)
        if fid is not None:
            return fid
        if not self.numeric(fact[0], fact[1:]):
            log.debug("theories claim %s, the diagram refutes it", self.show(fact))
            return None
        theory, premises = EXPLAIN[fact[0]](self, fact[1:])
        premises = tuple(sorted(set(premises)))
        fid, _ = self.table.add(fact, Justification(theory, premises, self._level(premises)))
        return fid

    def _level(self, premises: tuple[int, ...]) -> int:
        return max((self.table.level(p) for p in premises), default=0)

    def begin(self) -> None:
        for t in self.tables.values():
            t.begin()
        n = len(self.xy)
        for a in range(n):                      # every two points make a line with a direction
            limits.check(self.deadline)
            for b in range(a + 1, n):
                self.chase.var_of(self.lines.node((a, b)))
        self.triangles = TriangleIndex(self)
        self._reindex()
        self._holds.clear()
        self.delta_objects["coll"] = set(self.lines.objects(3))
        self.delta_objects["cyclic"] = set(self.circles.objects(4))
        self.delta_dirs = set(self.chase.var)
        self.delta_angles = set(self.chase.angles.key)
        self.delta_segs = set(self.ratios.var)
        self.delta_ratios = set(self.ratios.ratios.key)

    def end_round(self) -> None:
        self.round += 1
        for t in self.tables.values():
            t.end_round()
        self._reindex()
        self._holds.clear()                     # merges of lines and circles

    def _reindex(self) -> None:
        self.chase.follow_merges()
        self._chase_distances()
        self.delta_objects["coll"] = {r for r in self.lines.changed if r in self.lines.points}
        self.delta_objects["cyclic"] = {r for r in self.circles.changed if r in self.circles.points}
        self.delta_dirs, self.delta_angles = self.chase.reindex(self.deadline)
        self.delta_segs, self.delta_ratios = self.ratios.reindex(self.deadline)
        self.lines.end_round()
        self.circles.end_round()
        self.chase.end_round()

    def _chase_distances(self) -> None:
        """Lengths that became equal by adding segments along lines: assert them as ``cong``."""
        d = self.distances
        d.add_lines(lambda t: self.fact_id(("coll",) + tuple(sorted(t))))
        for s1, s2 in d.equal_pairs():
            fact = canonical("cong", s1 + s2)
            if fact is None or self.holds(fact):
                continue
            premises = tuple(sorted(set(d.explain(*s1, *s2))))
            level = max(self._level(premises), self.round)
            self.add(fact, Justification(DISTANCE_THEORY, premises, level))

    def bindings(self, rule):
        """Candidate matches of the similarity and congruence rules, from the triangle index."""
        return None if self.triangles is None else self.triangles.bindings(rule)

    def seeds(self, rule):
        """The conclusion instances to match ``rule`` from (numeric-first; ``seeds.SEEDED``),
        or None for the semi-naive join."""
        if not self.seeding or rule.name not in SEEDED:
            return None
        if self._seeds is None:
            self._seeds = Seeds(self)
        return self._seeds.proposals(rule)

    # -- printing ------------------------------------------------------------------
    def show(self, fact: Fact) -> str:
        return show(fact, self.names)


# -- asserting facts: one handler per predicate -----------------------------------

def _add_coll(st: GeometryState, a: tuple, fid: int) -> None:
    st.lines.put(a, fid)
    st.chase.follow_merges()
    st.chase.var_of(st.lines.root(a[:2]))     # a known line takes part in angles from now on


def _add_cyclic(st: GeometryState, a: tuple, fid: int) -> None:
    st.circles.put(a, fid)


def _add_angle(signs: tuple[int, ...], const: Fraction | None):
    def add(st: GeometryState, a: tuple, fid: int) -> None:
        k = a[4] if const is None else const
        st.chase.add(a[:2 * len(signs)], signs, k, fid)
        st.chase.follow_merges()
    return add


def _add_ratio(signs: tuple[int, ...], const: bool):
    def add(st: GeometryState, a: tuple, fid: int) -> None:
        st.ratios.add(a[:2 * len(signs)], signs, a[4] if const else None, fid)
        if len(signs) == 2:                      # cong, rconst: also a linear fact about lengths
            st.distances.add_ratio(*a[:4], Fraction(a[4]) if const else Fraction(1), fid)
    return add


def _add_circle(st: GeometryState, a: tuple, fid: int) -> None:
    o, x, y, z = a
    st.ratios.add((o, x, o, y), Z1, None, fid)
    st.ratios.add((o, x, o, z), Z1, None, fid)


def _add_table(pred: str):
    def add(st: GeometryState, a: tuple, fid: int) -> None:
        st.tables[pred].add(a)
    return add


ADD: dict[str, Callable[[GeometryState, tuple, int], None]] = {
    "coll": _add_coll,
    "cyclic": _add_cyclic,
    "para": _add_angle(Z1, Fraction(0)),
    "perp": _add_angle(Z1, Fraction(1, 2)),
    "eqangle": _add_angle(Z2, Fraction(0)),
    "aconst": _add_angle((-1, 1), None),       # direction(cd) - direction(ab) = k
    "cong": _add_ratio(Z1, False),
    "eqratio": _add_ratio(Z2, False),
    "rconst": _add_ratio(Z1, True),
    "circle": _add_circle,
    **{p: _add_table(p) for p in TABLES},
}


# -- explaining theory-implied facts ------------------------------------------------

def _explain_angle(signs, const):
    def explain(st: GeometryState, a: tuple):
        k = a[4] if const is None else const
        return ANGLE_THEORY, st.chase.explain(a[:2 * len(signs)], signs, k)
    return explain


def _explain_ratio(signs, const: bool):
    def explain(st: GeometryState, a: tuple):
        return RATIO_THEORY, st.ratios.explain(a[:2 * len(signs)], signs, a[4] if const else None)
    return explain


def _explain_circle(st: GeometryState, a: tuple):
    o, x, y, z = a
    return RATIO_THEORY, (st.ratios.explain((o, x, o, y), Z1) + st.ratios.explain((o, x, o, z), Z1))


def _explain_table(st: GeometryState, a: tuple):
    raise KeyError("materialised facts are always in the table")


EXPLAIN = {
    "coll": lambda st, a: (COLL_THEORY, st.lines.explain_points(a)),
    "cyclic": lambda st, a: (CYCLIC_THEORY, st.circles.explain_points(a)),
    "para": _explain_angle(Z1, Fraction(0)),
    "perp": _explain_angle(Z1, Fraction(1, 2)),
    "eqangle": _explain_angle(Z2, Fraction(0)),
    "aconst": _explain_angle((-1, 1), None),
    "cong": _explain_ratio(Z1, False),
    "eqratio": _explain_ratio(Z2, False),
    "rconst": _explain_ratio(Z1, True),
    "circle": _explain_circle,
    **{p: _explain_table for p in TABLES},
}
