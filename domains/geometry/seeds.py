"""Numeric-first matching: the rules matched from their conclusion, and the diagram's proposals.

Some rules' premises reach far beyond their conclusion (equal chords: six points on a circle
for one ``cong`` of four; the trapezoid converse: a trapezoid and two collinear triples for
one ``para``), so the semi-naive join enumerates many partial bindings for a conclusion that
is nearly always known or false.  For the rules in ``SEEDED`` the matcher starts from the
other end: the diagram proposes every instance of the conclusion that is true on it and not
yet known (``Seeds.proposals``), and ``symgen.matching.run_seeded`` joins the premises
against all facts with the conclusion's points fixed.  Every premise is still checked
symbolically, so this can only skip bindings whose conclusion the saturation loop would
discard (known, or false on the diagram): the same facts are derived, in the same rounds
(tests/geometry/test_seeds.py compares closures with and without it on fixtures, and
benchmarks/engine_speed.py --seeds-off on JGEX-AG-231).

The true instances are found once per diagram with numpy (segments sorted by length, lines
by direction, midpoints against points, with a tolerance a hundred times looser than the
predicate checks') and each is confirmed by the same numeric check ``GeometryState.add``
applies, so the proposals are a superset of the true instances the engine could derive.
"""
from __future__ import annotations

from math import pi
from typing import Callable, Iterator

import numpy as np

from symgen.facts import Fact

LOOSE = 1e-5     # the prefilter's tolerance (numeric.TOL is 1e-7): no true instance is lost

# The rules matched from their conclusion: those measured faster that way on half of
# JGEX-AG-231 and on generated diagrams (benchmarks/RESULTS.md, "Numeric-first matching").
# Rules whose join is already cheap lose, and so do rules whose conclusion the diagram makes
# true far more often than the engine can prove it.
SEEDED = frozenset({
    "equal_chords", "central_angle_converse", "tangent_chord_converse",
    "midpoint_projection_converse", "midpoint_projection", "parallelogram_diagonals",
    "isosceles_sides", "thales", "center_of_cyclic", "midline_converse", "midpoint_from_equal",
    "intercept_converse", "trapezoid_ratio_converse",
})

# Seeded rules whose premises put the two segments of their ``para`` conclusion on distinct
# lines (ncoll A B C with the variables distinct), so that a parallel of two segments of one
# line (most of a diagram's true parallels: any two segments of a line with three points)
# can never be their conclusion; for these the proposals leave such parallels out.
#   intercept_converse: para A B C D on one line would make A, B, C collinear.
#   trapezoid_ratio_converse: para M N A B on one line puts M on AB and AD, so D on AB
#   (M != A), and then para A B C D puts C on AB too.
DISTINCT_LINES = frozenset({"intercept_converse", "trapezoid_ratio_converse"})

# Argument orders that name one fact, per predicate (the join sees every one of them).
_FOUR = ((0, 1, 2, 3), (1, 0, 2, 3), (0, 1, 3, 2), (1, 0, 3, 2),
         (2, 3, 0, 1), (3, 2, 0, 1), (2, 3, 1, 0), (3, 2, 1, 0))
ORDERS = {"cong": _FOUR, "para": _FOUR, "perp": _FOUR, "midp": ((0, 1, 2), (0, 2, 1))}


def _segments(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    i, j = np.triu_indices(len(z), 1)
    keep = np.abs(z[j] - z[i]) > 0
    return i[keep], j[keep]


def _runs(values: np.ndarray, gap: np.ndarray) -> Iterator[np.ndarray]:
    """Indices (into ``values``' sorted order) of the runs of sorted values whose neighbours
    differ by at most ``gap`` (per position), runs of two or more."""
    order = np.argsort(values, kind="stable")
    v = values[order]
    breaks = np.flatnonzero(np.diff(v) > gap[order][1:]) + 1
    for run in np.split(order, breaks):
        if len(run) > 1:
            yield run


def _pairs_of(run: np.ndarray) -> Iterator[tuple[int, int]]:
    for a in range(len(run)):
        for b in range(a + 1, len(run)):
            yield int(run[a]), int(run[b])


def _cong(z: np.ndarray, scale: float) -> Iterator[tuple]:
    i, j = _segments(z)
    length = np.abs(z[j] - z[i])
    for run in _runs(length, LOOSE * length):
        for a, b in _pairs_of(run):
            yield int(i[a]), int(j[a]), int(i[b]), int(j[b])


def _directions(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Segments and their directions in [0, pi), with the ones near 0 repeated near pi (so
    that a run can wrap around)."""
    i, j = _segments(z)
    theta = np.mod(np.angle(z[j] - z[i]), pi)
    low = theta < LOOSE
    return (np.concatenate([i, i[low]]), np.concatenate([j, j[low]]),
            np.concatenate([theta, theta[low] + pi]))


def _para(z: np.ndarray, scale: float) -> Iterator[tuple]:
    i, j, theta = _directions(z)
    for run in _runs(theta, np.full(len(theta), LOOSE)):
        for a, b in _pairs_of(run):
            if (i[a], j[a]) != (i[b], j[b]):
                yield int(i[a]), int(j[a]), int(i[b]), int(j[b])


def _perp(z: np.ndarray, scale: float) -> Iterator[tuple]:
    i, j, theta = _directions(z)
    order = np.argsort(theta, kind="stable")
    sorted_theta = theta[order]
    n = len(i) - int(np.count_nonzero(theta >= pi))      # the segments themselves
    for a in range(n):
        target = np.mod(theta[a] + pi / 2, pi)
        lo = np.searchsorted(sorted_theta, target - LOOSE, "left")
        hi = np.searchsorted(sorted_theta, target + LOOSE, "right")
        for b in order[lo:hi]:
            yield int(i[a]), int(j[a]), int(i[b]), int(j[b])
        if target < LOOSE:                       # a partner just below pi, mod pi
            lo = np.searchsorted(sorted_theta, target + pi - LOOSE, "left")
            for b in order[lo:]:
                yield int(i[a]), int(j[a]), int(i[b]), int(j[b])


def _midp(z: np.ndarray, scale: float) -> Iterator[tuple]:
    i, j = _segments(z)
    mid = (z[i] + z[j]) / 2
    near = np.abs(mid[:, None] - z[None, :]) <= LOOSE * scale
    for s, m in zip(*np.nonzero(near)):
        if m != i[s] and m != j[s]:
            yield int(m), int(i[s]), int(j[s])


ENUMERATORS: dict[str, Callable[[np.ndarray, float], Iterator[tuple]]] = {
    "cong": _cong, "para": _para, "perp": _perp, "midp": _midp,
}


class Seeds:
    """The true instances of each enumerable predicate on one state's diagram, found once."""

    def __init__(self, st) -> None:
        self.st = st
        self._true: dict[str, list[tuple[tuple, Fact]]] = {}
        self._apart: list[tuple[tuple, Fact]] | None = None

    def _instances(self, pred: str) -> list[tuple[tuple, Fact]]:
        found = self._true.get(pred)
        if found is None:
            st = self.st
            z = np.array(st.xy, dtype=complex)
            scale = float(np.max(np.abs(z - z[0]))) if len(z) else 0.0
            seen: dict[Fact, tuple] = {}
            for args in ENUMERATORS[pred](z, scale):
                fact = st.canonical(pred, args)
                if fact is not None and fact not in seen and st.plausible(fact):
                    seen[fact] = args
            found = self._true[pred] = [(args, fact) for fact, args in seen.items()]
        return found

    def proposals(self, rule) -> list[tuple] | None:
        """Every argument tuple, in every order naming the same fact, of the instances of
        ``rule``'s conclusion that hold on the diagram and not yet in the state; None if the
        rule is not matched from its conclusion."""
        if rule.name not in SEEDED or len(rule.conclusions) != 1:
            return None
        pred = rule.conclusions[0].pred
        orders = ORDERS.get(pred)
        if orders is None:
            return None
        found = self._instances(pred)
        if pred == "para" and rule.name in DISTINCT_LINES:
            found = self._distinct_lines(found)
        holds = self.st.holds
        return [tuple(args[k] for k in order) for args, fact in found
                if not holds(fact) for order in orders]

    def _distinct_lines(self, found: list[tuple[tuple, Fact]]) -> list[tuple[tuple, Fact]]:
        """The parallels of ``found`` whose two segments lie on distinct lines of the diagram."""
        if self._apart is None:
            st = self.st
            self._apart = [(args, fact) for args, fact in found
                           if len(set(args)) == 4 and not st.numeric("coll", args[:3])]
        return self._apart
