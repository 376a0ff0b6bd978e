"""How each construction is drawn: the numeric side of the construction table.

``SKETCHES`` maps a construction name to its sketch.  From the input coordinates
(in the construction's parameter order), the call's numbers and a random
generator, a sketch returns either the loci on which the single new point lies
(``diagram`` intersects several), or the coordinates of all outputs.  What each
construction states about the points it draws is in ``constructions``; every
stated fact holds in every diagram the sketch can produce
(``tests/geometry/test_constructions.py``).

Free shapes (``triangle``, ``isquare``, …) are drawn in a box about two units
wide, with a random rotation, scale, shift and reflection, so that neither
orientation is privileged.

Conventions worth knowing:

* ``s_angle a b x y``: x is on the ray from b that makes the counter-clockwise
  angle y (degrees) with ray ba.
* ``square a b x y`` puts abxy counter-clockwise; ``psquare``/``nsquare`` turn
  ab by +90/-90 degrees about a.
* angle constructions (``on_aline``, ``angle_mirror``, ``s_angle``) give rays;
  see ``numeric.Line`` for what a ray changes.
"""
from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Sequence
from fractions import Fraction

import numpy as np

from domains.geometry import numeric as nm
from domains.geometry.numeric import Circle, Degenerate, Line, Locus

Sketch = Callable[[tuple[complex, ...], tuple[Fraction, ...], np.random.Generator],
                  tuple[complex, ...] | tuple[Locus, ...]]


# ---------------------------------------------------------------------------
# Small numeric helpers for sketches

def _rot(v: complex, degrees: float) -> complex:
    return v * cmath.exp(1j * math.radians(degrees))


def _dir(a: complex, b: complex) -> complex:
    return nm.unit(b - a)


def _mid(a: complex, b: complex) -> complex:
    return 0.5 * (a + b)


def _meet(l1: Line, l2: Line) -> complex:
    pts = nm.intersect_lines(l1, l2)
    if not pts:
        raise Degenerate("parallel lines do not meet")
    return pts[0]


def _pose(rng: np.random.Generator, pts: Sequence[complex]) -> tuple[complex, ...]:
    """A random similarity (rotation, scale, shift, reflection) of a centred shape."""
    center = sum(pts) / len(pts)
    turn = cmath.exp(1j * rng.uniform(0.0, 2.0 * math.pi)) * rng.uniform(0.7, 1.4)
    shift = complex(rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5))
    flip = rng.random() < 0.5
    out = [(p - center) * turn + shift for p in pts]
    return tuple(p.conjugate() for p in out) if flip else tuple(out)


def _polygon(rng: np.random.Generator, n: int) -> tuple[complex, ...]:
    """A random convex-ish n-gon: jittered angles around a circle, jittered radii."""
    step = 2.0 * math.pi / n
    return _pose(rng, [rng.uniform(0.75, 1.25) * cmath.exp(1j * (k + rng.uniform(-0.3, 0.3)) * step)
                       for k in range(n)])


def _bisector_dir(a: complex, b: complex, c: complex) -> complex:
    """Direction of the internal bisector at b of angle abc."""
    return _dir(b, a) + _dir(b, c)


def _inscribed_circle(a: complex, b: complex, turn: complex) -> Circle:
    """The circle of points x with angle(xa -> xb) = arg(turn) mod pi (a circle through a, b).

    Letting x run into a along the circle, line xa becomes the tangent at a, so the
    tangent's direction is (b - a) / turn; the centre is on the normal there and on
    the perpendicular bisector of ab.
    """
    tangent = (b - a) / turn
    normal = Line(a, nm.unit(1j * tangent))
    center = _meet(normal, nm.line_along(_mid(a, b), 1j * (b - a)))
    return Circle(center, abs(a - center))


def _incenter_point(a: complex, b: complex, c: complex) -> complex:
    la, lb, lc = abs(c - b), abs(a - c), abs(b - a)
    return (la * a + lb * b + lc * c) / (la + lb + lc)


def _excenter_point(a: complex, b: complex, c: complex) -> complex:
    """The excentre opposite a."""
    la, lb, lc = abs(c - b), abs(a - c), abs(b - a)
    return (-la * a + lb * b + lc * c) / (-la + lb + lc)


def _feet(i: complex, a: complex, b: complex, c: complex) -> tuple[complex, complex, complex]:
    return nm.foot(i, b, c), nm.foot(i, c, a), nm.foot(i, a, b)


# ---------------------------------------------------------------------------
# Sketches.  Each takes (input points, numbers, rng), inputs in parameter order.

def _free(p, n, rng):
    return (complex(rng.uniform(-1.0, 1.0), rng.uniform(-1.0, 1.0)),)


def _segment(p, n, rng):
    return _pose(rng, [0j, complex(rng.uniform(0.8, 1.6), 0.0)])


def _triangle(p, n, rng):
    c = rng.uniform(0.6, 1.6) * cmath.exp(1j * math.pi * rng.uniform(0.2, 0.8))
    return _pose(rng, [0j, 1 + 0j, c])


def _quadrangle(p, n, rng):
    return _polygon(rng, 4)


def _pentagon(p, n, rng):
    return _polygon(rng, 5)


def _iso_triangle(p, n, rng):
    w, h = rng.uniform(0.6, 1.6), rng.uniform(0.5, 1.5)
    return _pose(rng, [complex(0.0, h), complex(-w / 2, 0.0), complex(w / 2, 0.0)])


def _r_triangle(p, n, rng):
    return _pose(rng, [0j, complex(0.0, rng.uniform(0.6, 1.8)), complex(rng.uniform(0.6, 1.8), 0.0)])


def _risos(p, n, rng):
    return _pose(rng, [0j, 1j, 1 + 0j])


def _ieq_triangle(p, n, rng):
    return _pose(rng, [0j, 1 + 0j, cmath.exp(1j * math.pi / 3)])


def _triangle12(p, n, rng):
    b, c = 0j, complex(rng.uniform(1.5, 2.5), 0.0)
    a = nm.intersect_circles(Circle(b, 1.0), Circle(c, 2.0))[0]
    return _pose(rng, [a, b, c])


def _isquare(p, n, rng):
    return _pose(rng, [0j, 1 + 0j, 1 + 1j, 1j])


def _rectangle(p, n, rng):
    w = rng.uniform(0.6, 1.8)
    return _pose(rng, [0j, 1j, complex(w, 1.0), complex(w, 0.0)])


def _trapezoid(p, n, rng):
    h, top, left = rng.uniform(0.5, 1.5), rng.uniform(0.5, 1.8), rng.uniform(-0.4, 0.6)
    return _pose(rng, [complex(left, h), complex(left + top, h), 1 + 0j, 0j])


def _r_trapezoid(p, n, rng):
    return _pose(rng, [1j, complex(rng.uniform(0.5, 1.5), 1.0), complex(rng.uniform(0.5, 1.5), 0.0), 0j])


def _eq_trapezoid(p, n, rng):
    top, h = rng.uniform(0.4, 1.8), rng.uniform(0.5, 1.5)
    return _pose(rng, [0j, 1 + 0j, complex(0.5 + top / 2, h), complex(0.5 - top / 2, h)])


def _eq_quadrangle(p, n, rng):
    length = rng.uniform(0.6, 1.6)
    d = length * cmath.exp(1j * rng.uniform(math.pi / 3, 2 * math.pi / 3))
    c = 1 + length * cmath.exp(1j * rng.uniform(math.pi / 6, math.pi / 2))
    return _pose(rng, [0j, 1 + 0j, c, d])


def _eqdia_quadrangle(p, n, rng):
    m, k = rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7)
    turn = cmath.exp(1j * rng.uniform(-math.pi / 4, math.pi / 4))
    return _pose(rng, [complex(-m, 0.0), -1j * k * turn, complex(1 - m, 0.0), 1j * (1 - k) * turn])


def _angle_bisector(p, n, rng):
    a, b, c = p
    return (nm.line_along(b, _bisector_dir(a, b, c)),)


def _angle_mirror(p, n, rng):
    a, b, c = p
    u = _dir(b, c)
    return (nm.ray_along(b, u * u / _dir(b, a)),)


def _circumcenter(p, n, rng):
    return (nm.circumcenter(*p),)


def _eq_triangle(p, n, rng):
    b, c = p
    r = abs(c - b)
    return Circle(b, r), Circle(c, r)


def _eqangle2(p, n, rng):
    """A point x with angle(ab -> ax) = angle(cx -> cb).

    Take e on bc and y on ba with by * ba = be * bc: triangles bea and byc are
    oppositely similar, so x = ae ∩ cy has the required angles.
    """
    a, b, c = p
    t = rng.choice([-1.0, 1.0]) * rng.uniform(0.2, 1.2)
    e = b + t * (c - b)
    y = b + t * (abs(c - b) / abs(a - b)) ** 2 * (a - b)
    return (_meet(nm.line_through(a, e), nm.line_through(c, y)),)


def _eqdistance(p, n, rng):
    a, b, c = p
    return (Circle(a, abs(c - b)),)


def _foot(p, n, rng):
    a, b, c = p
    return (nm.foot(a, b, c),)


def _incenter(p, n, rng):
    return (_incenter_point(*p),)


def _excenter(p, n, rng):
    return (_excenter_point(*p),)


def _incenter2(p, n, rng):
    i = _incenter_point(*p)
    return (*_feet(i, *p), i)


def _excenter2(p, n, rng):
    i = _excenter_point(*p)
    return (*_feet(i, *p), i)


def _centroid(p, n, rng):
    a, b, c = p
    return _mid(b, c), _mid(c, a), _mid(a, b), (a + b + c) / 3.0


def _ninepoints(p, n, rng):
    a, b, c = p
    x, y, z = _mid(b, c), _mid(c, a), _mid(a, b)
    return x, y, z, nm.circumcenter(x, y, z)


def _intersection_cc(p, n, rng):
    o, w, a = p
    return (nm.reflect(a, o, w),)


def _intersection_lc(p, n, rng):
    a, o, b = p
    return (2 * nm.foot(o, a, b) - b,)          # the chord through b is bisected by the foot of o


def _intersection_ll(p, n, rng):
    a, b, c, d = p
    return nm.line_through(a, b), nm.line_through(c, d)


def _intersection_lp(p, n, rng):
    a, b, c, m, k = p
    return nm.line_through(a, b), nm.line_along(c, k - m)


def _intersection_lt(p, n, rng):
    a, b, c, d, e = p
    return nm.line_through(a, b), nm.line_along(c, 1j * (e - d))


def _intersection_pp(p, n, rng):
    a, b, c, d, e, f = p
    return nm.line_along(a, c - b), nm.line_along(d, f - e)


def _intersection_tt(p, n, rng):
    a, b, c, d, e, f = p
    return nm.line_along(a, 1j * (c - b)), nm.line_along(d, 1j * (f - e))


def _lc_tangent(p, n, rng):
    a, o = p
    return (nm.line_along(a, 1j * (o - a)),)


def _midpoint(p, n, rng):
    return (_mid(*p),)


def _mirror(p, n, rng):
    a, b = p
    return (2 * b - a,)


def _nsquare(p, n, rng):
    a, b = p
    return (a - 1j * (b - a),)


def _psquare(p, n, rng):
    a, b = p
    return (a + 1j * (b - a),)


def _on_aline(p, n, rng):
    a, b, c, d, e = p
    return (nm.ray_along(a, _dir(a, b) * _dir(d, c) / _dir(d, e)),)


def _on_aline2(p, n, rng):
    a, b, c, d, e = p
    return (_inscribed_circle(a, b, _dir(d, e) / _dir(d, c)),)


def _eqangle3(p, n, rng):
    a, b, d, e, f = p
    return (_inscribed_circle(a, b, _dir(d, f) / _dir(d, e)),)


def _on_bline(p, n, rng):
    a, b = p
    return (nm.line_along(_mid(a, b), 1j * (b - a)),)


def _on_circle(p, n, rng):
    o, a = p
    return (Circle(o, abs(a - o)),)


def _on_line(p, n, rng):
    return (nm.line_through(*p),)


def _on_opline(p, n, rng):
    a, b = p
    return (nm.ray_along(a, a - b),)


def _on_pline(p, n, rng):
    a, b, c = p
    return (nm.line_along(a, c - b),)


def _on_tline(p, n, rng):
    a, b, c = p
    return (nm.line_along(a, 1j * (c - b)),)


def _on_dia(p, n, rng):
    a, b = p
    return (Circle(_mid(a, b), abs(b - a) / 2),)


def _on_circum(p, n, rng):
    return (nm.circle_through(*p),)


def _orthocenter(p, n, rng):
    a, b, c = p
    return (_meet(nm.line_along(a, 1j * (c - b)), nm.line_along(b, 1j * (a - c))),)


def _parallelogram(p, n, rng):
    a, b, c = p
    return (a + c - b,)


def _reflect(p, n, rng):
    a, b, c = p
    return (nm.reflect(a, b, c),)


def _s_angle(p, n, rng):
    a, b = p
    return (nm.ray_along(b, _rot(a - b, float(n[0]))),)


def _shift(p, n, rng):
    b, c, d = p
    return (b + c - d,)


def _square(p, n, rng):
    a, b = p
    return b - 1j * (a - b), a + 1j * (b - a)


def _trisect(p, n, rng):
    """Both trisectors of angle abc (the one below pi), met with line ac; x next to ba."""
    a, b, c = p
    u = _dir(b, a)
    third = cmath.exp(1j * cmath.phase(_dir(b, c) / u) / 3.0)
    ac = nm.line_through(a, c)
    return (_meet(nm.line_along(b, u * third), ac), _meet(nm.line_along(b, u * third * third), ac))


def _trisegment(p, n, rng):
    a, b = p
    return a + (b - a) / 3.0, a + 2.0 * (b - a) / 3.0


def _tangent_points(a: complex, o: complex, r: float) -> tuple[complex, complex]:
    """The two points where tangents from a touch circle (o, r)."""
    dist = abs(a - o)
    if dist <= r * (1 + 1e-9):
        raise Degenerate("point inside the circle has no tangents")
    u, half = (a - o) / dist, math.acos(r / dist)
    return o + r * u * cmath.exp(1j * half), o + r * u * cmath.exp(-1j * half)


def _tangent(p, n, rng):
    a, o, b = p
    return _tangent_points(a, o, abs(b - o))


def _outer_tangents(o: complex, ra: float, w: complex, rb: float) -> list[tuple[complex, complex]]:
    """Touch points (on circle o, on circle w) of the two outer common tangents."""
    d = abs(w - o)
    if d <= abs(ra - rb) * (1 + 1e-9):
        raise Degenerate("one circle lies inside the other")
    u, phi = (w - o) / d, math.acos((ra - rb) / d)
    normals = (u * cmath.exp(1j * phi), u * cmath.exp(-1j * phi))
    return [(o + ra * k, w + rb * k) for k in normals]


def _cc_tangent(p, n, rng):
    o, a, w, b = p
    (x, y), (z, i) = _outer_tangents(o, abs(a - o), w, abs(b - w))
    return x, y, z, i


def _cc_tangent0(p, n, rng):
    o, a, w, b = p
    pairs = _outer_tangents(o, abs(a - o), w, abs(b - w))
    return pairs[int(rng.integers(2))]


def _2l1c(p, n, rng):
    """A circle tangent to lines ca, cb (inside angle acb) and to the circle (o, |oa|).

    Its centre is c + t*w on the bisector, its radius t*s (s = sin of half the angle),
    and tangency means |centre - o| = |R - t*s|: a quadratic in t.
    """
    a, b, c, o = p
    big = abs(a - o)
    w = nm.unit(_bisector_dir(a, c, b))
    s = abs(nm.cross(w, _dir(c, a)))
    qa, qb, qc = 1.0 - s * s, 2.0 * (nm.dot(w, c - o) + big * s), abs(c - o) ** 2 - big ** 2
    disc = qb * qb - 4.0 * qa * qc
    if disc < 0.0:
        raise Degenerate("no circle tangent to both lines and the circle")
    tiny = 1e-9 * (big + abs(c - o))
    roots = [t for t in ((-qb - math.sqrt(disc)) / (2 * qa), (-qb + math.sqrt(disc)) / (2 * qa)) if t > tiny]
    if not roots:
        raise Degenerate("no circle tangent to both lines and the circle")
    t = roots[int(rng.integers(len(roots)))]
    i, r = c + t * w, t * s
    z = o + big * nm.unit(i - o) if r < big else i + r * nm.unit(o - i)
    return nm.foot(i, a, c), nm.foot(i, b, c), z, i


def _e5128(p, n, rng):
    a, b, c, d = p
    y = _mid(a, b)
    return 2 * nm.foot(c, d, y) - d, y          # second point of line dy on the circle through d


def _3peq(p, n, rng):
    a, b, c = p
    z = b + (c - b) * rng.uniform(-0.5, 1.5)
    x = _meet(nm.line_along(2 * z - c, a - c), nm.line_through(a, b))
    return x, 2 * z - x, z


# ---------------------------------------------------------------------------
# The table: construction name -> sketch, grouped as in constructions.CONSTRUCTIONS

SKETCHES: dict[str, Sketch] = {
    # free shapes
    "free": _free, "segment": _segment, "triangle": _triangle, "quadrangle": _quadrangle,
    "pentagon": _pentagon, "iso_triangle": _iso_triangle, "r_triangle": _r_triangle,
    "risos": _risos, "ieq_triangle": _ieq_triangle, "triangle12": _triangle12, "isquare": _isquare,
    "rectangle": _rectangle, "trapezoid": _trapezoid, "r_trapezoid": _r_trapezoid,
    "eq_trapezoid": _eq_trapezoid, "eq_quadrangle": _eq_quadrangle,
    "eqdia_quadrangle": _eqdia_quadrangle,
    # one new point on one locus
    "on_line": _on_line, "on_opline": _on_opline, "on_pline": _on_pline, "on_tline": _on_tline,
    "on_bline": _on_bline, "on_circle": _on_circle, "on_circum": _on_circum, "on_dia": _on_dia,
    "on_aline": _on_aline, "on_aline2": _on_aline2, "eqangle3": _eqangle3,
    "eqdistance": _eqdistance, "lc_tangent": _lc_tangent, "angle_bisector": _angle_bisector,
    "angle_mirror": _angle_mirror, "s_angle": _s_angle, "eq_triangle": _eq_triangle,
    # one new point, determined
    "midpoint": _midpoint, "mirror": _mirror, "foot": _foot, "circle": _circumcenter,
    "circumcenter": _circumcenter, "incenter": _incenter, "excenter": _excenter,
    "orthocenter": _orthocenter, "parallelogram": _parallelogram, "reflect": _reflect,
    "shift": _shift, "nsquare": _nsquare, "psquare": _psquare, "eqangle2": _eqangle2,
    "intersection_cc": _intersection_cc, "intersection_lc": _intersection_lc,
    "intersection_ll": _intersection_ll, "intersection_lp": _intersection_lp,
    "intersection_lt": _intersection_lt, "intersection_pp": _intersection_pp,
    "intersection_tt": _intersection_tt,
    # several new points at once
    "square": _square, "incenter2": _incenter2, "excenter2": _excenter2, "centroid": _centroid,
    "ninepoints": _ninepoints, "trisect": _trisect, "trisegment": _trisegment, "tangent": _tangent,
    "cc_tangent0": _cc_tangent0, "cc_tangent": _cc_tangent, "2l1c": _2l1c, "e5128": _e5128,
    "3peq": _3peq,
}
