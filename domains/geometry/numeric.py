"""Numeric plane geometry on complex numbers: loci, intersections and predicate checks.

A point is a Python ``complex`` (x + iy).  This module is the numeric model of the
geometry domain: constructions describe where a new point may lie as a *locus*
(a ``Line``, possibly a ray, or a ``Circle``), the diagram intersects loci, and
``holds(pred, points, numbers)`` decides whether a predicate is true in a diagram.
The code is scalar and allocation-light on purpose: it runs millions of times
when a prover filters candidate facts, so no numpy on the hot path.

Tolerance scheme.  Every check is reduced to a *dimensionless* quantity compared
with ``TOL`` (1e-7), so the answer does not depend on where the diagram sits or
how large it is:

* lengths are compared relative to the largest length involved
  (``|ab| = |cd|`` iff ``||ab| - |cd|| <= TOL * max(|ab|, |cd|)``);
* collinearity and parallelism compare a sine with ``TOL`` (distance of a point
  to a line divided by the extent of the points; cross product divided by both
  lengths), perpendicularity a cosine;
* directed angles between lines are compared mod pi through ``e^{2i*theta}``: the
  direction of line ab is the unit number ``((b-a)/|b-a|)**2``, which is the same
  for ab and ba, and two angles are equal when these numbers differ by at most
  ``2 * TOL`` (about ``TOL`` radians).

A segment shorter than ``TOL`` times the extent of the checked points has no
direction: predicates that need one (para, perp, eqangle, aconst, simtri…) are
false on it.

Angle convention.  ``angle(ab -> cd)`` is the counter-clockwise rotation taking
line ab to line cd, mod pi: ``arg((d-c)/(b-a)) mod pi``.  ``eqangle a b c d e f
g h`` is ``angle(ab -> cd) == angle(ef -> gh)``; ``aconst a b c d k`` is
``angle(ab -> cd) == k*pi``.
"""
from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

TOL = 1e-7          # relative tolerance of every predicate check
RAY_SLACK = 1e-9    # how far behind its origin a point still counts as on a ray


class Degenerate(ValueError):
    """A numeric construction has no (unique) answer: parallel lines, collinear points, …"""


# ---------------------------------------------------------------------------
# Loci

@dataclass(frozen=True, slots=True)
class Line:
    """The line ``p + t*d`` (``d`` of modulus 1); with ``ray``, the half-line ``t >= 0``.

    As in AlphaGeometry, a ray only decides which intersection with a circle is
    taken, and where random points are sampled; two lines meet where their full
    lines meet, so an angle construction pairs with another one whichever way
    its ray points.
    """

    p: complex
    d: complex
    ray: bool = False


@dataclass(frozen=True, slots=True)
class Circle:
    c: complex
    r: float


Locus = Line | Circle


def unit(v: complex) -> complex:
    n = abs(v)
    if n == 0.0:
        raise Degenerate("zero vector has no direction")
    return v / n


def dot(u: complex, v: complex) -> float:
    return u.real * v.real + u.imag * v.imag


def cross(u: complex, v: complex) -> float:
    return u.real * v.imag - u.imag * v.real


def line_through(a: complex, b: complex) -> Line:
    return Line(a, unit(b - a))


def line_along(p: complex, direction: complex) -> Line:
    return Line(p, unit(direction))


def ray_along(p: complex, direction: complex) -> Line:
    return Line(p, unit(direction), ray=True)


def circle_through(a: complex, b: complex, c: complex) -> Circle:
    o = circumcenter(a, b, c)
    return Circle(o, abs(a - o))


def circumcenter(a: complex, b: complex, c: complex) -> complex:
    u, v = b - a, c - a
    den = 2.0 * cross(u, v)
    if abs(den) <= TOL * abs(u) * abs(v):
        raise Degenerate("collinear points have no circumcircle")
    return a + (abs(u) ** 2 * v - abs(v) ** 2 * u) / complex(0.0, den)


def foot(p: complex, a: complex, b: complex) -> complex:
    """The orthogonal projection of p on line ab."""
    d = unit(b - a)
    return a + dot(p - a, d) * d


def reflect(p: complex, a: complex, b: complex) -> complex:
    """The mirror image of p in line ab."""
    return 2.0 * foot(p, a, b) - p


def on_locus(z: complex, locus: Locus, scale: float) -> bool:
    """Whether z lies on the locus, up to ``TOL * scale``."""
    if isinstance(locus, Circle):
        return abs(abs(z - locus.c) - locus.r) <= TOL * max(scale, locus.r)
    w = z - locus.p
    if abs(cross(locus.d, w)) > TOL * max(scale, abs(w)):
        return False
    return not locus.ray or dot(w, locus.d) >= -RAY_SLACK * max(scale, 1.0)


# ---------------------------------------------------------------------------
# Intersections

def _keep_on_ray(line: Line, pts: list[complex]) -> list[complex]:
    if not line.ray:
        return pts
    return [z for z in pts if dot(z - line.p, line.d) >= -RAY_SLACK * (1.0 + abs(z - line.p))]


def intersect_lines(l1: Line, l2: Line) -> list[complex]:
    """The common point of two lines; rays count as whole lines here (see ``Line``)."""
    den = cross(l1.d, l2.d)
    if abs(den) <= 1e-12:
        return []
    t = cross(l2.p - l1.p, l2.d) / den
    return [l1.p + t * l1.d]


def intersect_line_circle(line: Line, circle: Circle) -> list[complex]:
    f = line.p + dot(circle.c - line.p, line.d) * line.d
    h2 = circle.r ** 2 - abs(circle.c - f) ** 2
    if h2 < -1e-10 * circle.r ** 2:
        return []
    if h2 <= 1e-10 * circle.r ** 2:      # tangent: one double point
        return _keep_on_ray(line, [f])
    h = math.sqrt(h2)
    return _keep_on_ray(line, [f - h * line.d, f + h * line.d])


def intersect_circles(c1: Circle, c2: Circle) -> list[complex]:
    v = c2.c - c1.c
    d = abs(v)
    if d <= 1e-12 * (c1.r + c2.r):
        return []
    a = (c1.r ** 2 - c2.r ** 2 + d * d) / (2.0 * d)
    h2 = c1.r ** 2 - a * a
    scale2 = max(c1.r, c2.r) ** 2
    if h2 < -1e-10 * scale2:
        return []
    u = v / d
    m = c1.c + a * u
    if h2 <= 1e-10 * scale2:
        return [m]
    h = math.sqrt(h2)
    return [m + h * 1j * u, m - h * 1j * u]


def intersect(a: Locus, b: Locus) -> list[complex]:
    """All points on both loci (empty, one, or two points)."""
    if isinstance(a, Line):
        return intersect_lines(a, b) if isinstance(b, Line) else intersect_line_circle(a, b)
    return intersect_line_circle(b, a) if isinstance(b, Line) else intersect_circles(a, b)


def sample_on(locus: Locus, rng: np.random.Generator, center: complex, radius: float) -> complex:
    """A random point of the locus, near the disc (center, radius) for lines."""
    if isinstance(locus, Circle):
        return locus.c + locus.r * cmath.exp(1j * rng.uniform(0.0, 2.0 * math.pi))
    if locus.ray:
        reach = abs(locus.p - center) + radius
        return locus.p + rng.uniform(0.05, 1.0) * reach * locus.d
    f = locus.p + dot(center - locus.p, locus.d) * locus.d
    return f + rng.uniform(-1.2, 1.2) * radius * locus.d


# ---------------------------------------------------------------------------
# Predicate checks (see the module docstring for the tolerance scheme)

def _extent(pts: Sequence[complex]) -> float:
    p0 = pts[0]
    return max(abs(p - p0) for p in pts)


def _dir2(a: complex, b: complex, tiny: float) -> complex | None:
    """The direction of line ab as e^{2i*theta}, or None for a (near) zero segment."""
    v = b - a
    n = abs(v)
    if n <= tiny:
        return None
    w = v / n
    return w * w


def _angle2(a: complex, b: complex, c: complex, d: complex, tiny: float) -> complex | None:
    """e^{2i*angle(ab -> cd)}, or None when a segment is degenerate."""
    u, v = _dir2(a, b, tiny), _dir2(c, d, tiny)
    if u is None or v is None:
        return None
    return v * u.conjugate()


def _coll(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    p0 = pts[0]
    far = max(pts, key=lambda p: abs(p - p0))
    s = abs(far - p0)
    if s == 0.0:
        return True
    d = (far - p0) / s
    return all(abs(cross(d, p - p0)) <= TOL * s for p in pts)


def _segments(pts: Sequence[complex]) -> tuple[complex, complex, float] | None:
    a, b, c, d = pts
    u, v = b - a, d - c
    tiny = TOL * _extent(pts)
    if abs(u) <= tiny or abs(v) <= tiny:
        return None
    return u, v, abs(u) * abs(v)


def _para(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    seg = _segments(pts)
    return seg is not None and abs(cross(seg[0], seg[1])) <= TOL * seg[2]


def _perp(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    seg = _segments(pts)
    return seg is not None and abs(dot(seg[0], seg[1])) <= TOL * seg[2]


def _same_length(x: float, y: float) -> bool:
    return abs(x - y) <= TOL * max(x, y)


def _cong(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    a, b, c, d = pts
    return _same_length(abs(b - a), abs(d - c))


def _midp(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    m, a, b = pts
    return abs(2.0 * m - a - b) <= 2.0 * TOL * _extent(pts)


def _circle(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    o, *rest = pts
    radii = [abs(p - o) for p in rest]
    return max(radii) - min(radii) <= TOL * max(radii)


def _distinct(pts: Sequence[complex]) -> list[complex]:
    tiny = TOL * _extent(pts)
    out: list[complex] = []
    for p in pts:
        if all(abs(p - q) > tiny for q in out):
            out.append(p)
    return out


def _cyclic(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    """Concyclic and not collinear: every cross ratio with the first three is real."""
    ps = _distinct(pts)
    if len(ps) < 3 or _coll(ps, ()):
        return False
    a, b, c = ps[:3]
    if _coll((a, b, c), ()):
        return False
    for d in ps[3:]:
        cr = (a - c) * (b - d) / ((a - d) * (b - c))
        if abs(cr.imag) > TOL * abs(cr):
            return False
    return True


def _eqangle(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    tiny = TOL * _extent(pts)
    x = _angle2(*pts[:4], tiny)
    y = _angle2(*pts[4:], tiny)
    return x is not None and y is not None and abs(x - y) <= 2.0 * TOL


def _eqratio(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    a, b, c, d, e, f, g, h = pts
    return _same_length(abs(b - a) * abs(h - g), abs(d - c) * abs(f - e))


def _shape(a: complex, b: complex, c: complex, tiny: float) -> complex | None:
    """(c-a)/(b-a): the similarity class of triangle abc with its orientation."""
    if abs(b - a) <= tiny:
        return None
    return (c - a) / (b - a)


def _similar(pts: Sequence[complex], mirrored: bool) -> bool:
    tiny = TOL * _extent(pts)
    x, y = _shape(*pts[:3], tiny), _shape(*pts[3:], tiny)
    if x is None or y is None:
        return False
    if mirrored:
        y = y.conjugate()
    return abs(x - y) <= TOL * max(1.0, abs(x))


def _simtri(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    return _similar(pts, mirrored=False)


def _simtri2(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    return _similar(pts, mirrored=True)


def _contri(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    return _similar(pts, mirrored=False) and _same_length(abs(pts[1] - pts[0]), abs(pts[4] - pts[3]))


def _contri2(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    return _similar(pts, mirrored=True) and _same_length(abs(pts[1] - pts[0]), abs(pts[4] - pts[3]))


def _aconst(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    x = _angle2(*pts, TOL * _extent(pts))
    return x is not None and abs(x - cmath.exp(2j * math.pi * float(nums[0]))) <= 2.0 * TOL


def _rconst(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    a, b, c, d = pts
    return _same_length(abs(b - a), float(nums[0]) * abs(d - c))


def _diff(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    a, b = pts
    return abs(b - a) > TOL * max(1.0, abs(a), abs(b))


def _sameside(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    """a lies outside/inside segment bc exactly as x lies outside/inside segment yz."""
    a, b, c, x, y, z = pts
    s1, s2 = dot(b - a, c - a), dot(y - x, z - x)
    n1, n2 = abs(b - a) * abs(c - a), abs(y - x) * abs(z - x)
    return abs(s1) > TOL * n1 and abs(s2) > TOL * n2 and (s1 > 0) == (s2 > 0)


def _ncoll(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    return not _coll(pts, nums)


def _npara(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    return not _para(pts, nums)


def _nperp(pts: Sequence[complex], nums: Sequence[Fraction]) -> bool:
    return not _perp(pts, nums)


@dataclass(frozen=True, slots=True)
class Predicate:
    """A predicate's checker and shape: ``points`` arguments (at least, if ``variadic``)."""

    name: str
    check: Callable[[Sequence[complex], Sequence[Fraction]], bool]
    points: int
    numbers: int = 0
    variadic: bool = False

    def arity_ok(self, n_points: int, n_numbers: int) -> bool:
        enough = n_points >= self.points if self.variadic else n_points == self.points
        return enough and n_numbers == self.numbers

    def describe(self) -> str:
        pts = f"{self.points}{' or more' if self.variadic else ''} points"
        return pts + (f" and {self.numbers} number" if self.numbers else "")


PREDICATES: dict[str, Predicate] = {p.name: p for p in (
    Predicate("coll", _coll, 3, variadic=True),
    Predicate("para", _para, 4),
    Predicate("perp", _perp, 4),
    Predicate("cong", _cong, 4),
    Predicate("midp", _midp, 3),
    Predicate("circle", _circle, 4),
    Predicate("cyclic", _cyclic, 4, variadic=True),
    Predicate("eqangle", _eqangle, 8),
    Predicate("eqratio", _eqratio, 8),
    Predicate("simtri", _simtri, 6),
    Predicate("simtri2", _simtri2, 6),
    Predicate("contri", _contri, 6),
    Predicate("contri2", _contri2, 6),
    Predicate("aconst", _aconst, 4, numbers=1),
    Predicate("rconst", _rconst, 4, numbers=1),
    # side conditions: checked numerically, never derived
    Predicate("ncoll", _ncoll, 3, variadic=True),
    Predicate("npara", _npara, 4),
    Predicate("nperp", _nperp, 4),
    Predicate("diff", _diff, 2),
    Predicate("sameside", _sameside, 6),
)}

SIDE_CONDITIONS = frozenset({"ncoll", "npara", "nperp", "diff", "sameside"})
GOAL_PREDICATES = frozenset(PREDICATES) - SIDE_CONDITIONS


def holds(pred: str, pts: Sequence[complex], numbers: Sequence[Fraction] = ()) -> bool:
    """Whether predicate ``pred`` is true of the points (and numbers), numerically."""
    return PREDICATES[pred].check(pts, numbers)


def angle_of(a: complex, b: complex) -> float:
    """The direction of line ab in [0, pi)."""
    theta = math.atan2((b - a).imag, (b - a).real) % math.pi
    return 0.0 if theta >= math.pi else theta
