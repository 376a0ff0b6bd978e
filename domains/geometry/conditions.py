"""Side conditions: what a problem asks of its diagram rather than of the proof.

Newclid's problem files write, among the goals after ``?``, predicates that Newclid
checks on the numeric diagram and never derives: the orientation of two triangles
(``sameclock``, ``oppclock``), which arc of a circumcircle a point lies on
(``sameside``, ``nsameside``), an obtuse angle, and non-degeneracy (``ncoll``,
``npara``, ``nperp``, ``diff``).  symgen reads them into ``Problem.conditions`` and
evaluates them here on the diagram the proof is drawn on: a problem is solved when
every goal is proved and every condition holds; a condition that is false ends it with
the stop reason "condition false", and a problem that asks only conditions is solved
by the diagram alone (a proof of no derived steps).

The checks follow the tolerance scheme of ``numeric`` (dimensionless quantities
against ``TOL``), and a diagram that sits on the boundary decides nothing: a nearly
collinear triangle has no orientation, so ``sameclock`` and ``oppclock`` are both
false on it, and a (nearly) right angle is neither on the smaller nor on the larger arc,
so ``sameside`` and ``nsameside`` are both false there.  The independent checker has
its own evaluation of the same table (``check.check_conditions``).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from .numeric import TOL, cross, dot
from .problem import Condition

Points = Sequence[complex]


def orientation(a: complex, b: complex, c: complex) -> int:
    """+1 if a -> b -> c turns counter-clockwise, -1 if clockwise, 0 if (nearly) collinear:
    the signed area against the square of the longest side."""
    area = cross(b - a, c - a)
    side = max(abs(b - a), abs(c - b), abs(a - c))
    if abs(area) <= TOL * side * side:
        return 0
    return 1 if area > 0 else -1


def arc_kind(a: complex, b: complex, c: complex) -> int:
    """Which arc bc of the circle abc holds a: -1 the smaller (the angle bac is obtuse;
    on a line, a between b and c), +1 the larger (acute; outside bc), 0 on the boundary
    (a right angle, or a on b or c)."""
    u, v = b - a, c - a
    s = dot(u, v)
    if abs(s) <= TOL * abs(u) * abs(v) or abs(u) * abs(v) == 0.0:
        return 0
    return 1 if s > 0 else -1


def _clock(same: bool) -> Callable[[Points], bool]:
    def check(p: Points) -> bool:
        o1, o2 = orientation(*p[:3]), orientation(*p[3:])
        return o1 != 0 and o2 != 0 and (o1 == o2) == same
    return check


def _side(same: bool) -> Callable[[Points], bool]:
    def check(p: Points) -> bool:
        k1, k2 = arc_kind(*p[:3]), arc_kind(*p[3:])
        return k1 != 0 and k2 != 0 and (k1 == k2) == same
    return check


def _obtuse(p: Points) -> bool:
    a, b, c = p
    return arc_kind(b, a, c) == -1


def _ncoll(p: Points) -> bool:
    return any(orientation(a, b, c) != 0 for a, b, c in combinations(p, 3))


def _lines(p: Points) -> tuple[complex, complex] | None:
    """The directions of lines ab and cd, or None if either is (nearly) a point."""
    a, b, c, d = p
    tiny = TOL * max(abs(q - a) for q in p)
    u, v = b - a, d - c
    return None if abs(u) <= tiny or abs(v) <= tiny else (u, v)


def _npara(p: Points) -> bool:
    uv = _lines(p)
    return uv is not None and abs(cross(*uv)) > TOL * abs(uv[0]) * abs(uv[1])


def _nperp(p: Points) -> bool:
    uv = _lines(p)
    return uv is not None and abs(dot(*uv)) > TOL * abs(uv[0]) * abs(uv[1])


def _diff(p: Points) -> bool:
    scale = max(1.0, *(abs(q) for q in p))
    return all(abs(x - y) > TOL * scale for x, y in combinations(p, 2))


@dataclass(frozen=True, slots=True)
class ConditionDef:
    """A side condition's name, its number of points (at least, if ``variadic``), its
    check on the points' coordinates, and what it means."""

    name: str
    points: int
    check: Callable[[Points], bool]
    meaning: str
    variadic: bool = False

    def arity_ok(self, n: int) -> bool:
        return n >= self.points if self.variadic else n == self.points

    def describe(self) -> str:
        return f"{self.points}{' or more' if self.variadic else ''} points"


CONDITIONS: dict[str, ConditionDef] = {d.name: d for d in (
    ConditionDef("sameclock", 6, _clock(True),
                 "triangles abc and xyz turn the same way (both clockwise or both not)"),
    ConditionDef("oppclock", 6, _clock(False), "triangles abc and xyz turn opposite ways"),
    ConditionDef("sameside", 6, _side(True),
                 "a lies on the same kind of arc bc (smaller or larger) of circle abc as x "
                 "on arc yz of circle xyz"),
    ConditionDef("nsameside", 6, _side(False),
                 "a and x lie on opposite kinds of arc (one smaller, one larger)"),
    ConditionDef("obtuse_angle", 3, _obtuse,
                 "the angle abc is obtuse (on a line: b lies between a and c)"),
    ConditionDef("ncoll", 3, _ncoll, "the points are not all on one line", variadic=True),
    ConditionDef("npara", 4, _npara, "lines ab and cd are not parallel"),
    ConditionDef("nperp", 4, _nperp, "lines ab and cd are not perpendicular"),
    ConditionDef("diff", 2, _diff, "the points are pairwise distinct", variadic=True),
)}


def holds(condition: Condition, coords: Mapping[str, complex]) -> bool:
    """Whether the condition is true on the diagram ``coords`` (point name -> x + iy)."""
    return CONDITIONS[condition.pred].check([coords[a] for a in condition.args])


def evaluate(conditions: Sequence[Condition], coords: Mapping[str, complex]
             ) -> tuple[tuple[Condition, bool], ...]:
    """Each condition with whether it holds on ``coords``."""
    return tuple((c, holds(c, coords)) for c in conditions)


def first_false(conditions: Sequence[Condition], coords: Mapping[str, complex]) -> Condition | None:
    """The first condition false on ``coords``, or None if all hold."""
    return next((c for c in conditions if not holds(c, coords)), None)
