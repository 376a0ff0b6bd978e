"""How Newclid's own constructions are drawn: the numeric side of their table entries.

Newclid's dialect adds constructions that AlphaGeometry lacks (``between``,
``on_aline0``, ``eqratio``, ``rconst``, ``lconst``, ``simtri``, ``cc_itangent``, …).
Their sketches follow ``sketches``' conventions: a sketch takes the input
coordinates (in parameter order), the call's numbers and a generator, and returns
the loci of the single new point or the coordinates of every output.  What each
construction states is in ``constructions``; every stated fact holds in every
diagram drawn here (``tests/geometry/test_constructions.py``).

Conventions worth knowing:

* ``between x a b`` and ``between_bound x a b`` put x strictly inside segment ab
  (a fifth to four fifths of the way), the order Newclid's ``obtuse_angle a x b``
  records.
* ``lconst x a l`` and ``l2const x a l`` draw x one unit from a, whatever l: the
  engine knows lengths only as ratios, so the problem's first fixed length sets the
  diagram's unit, and the parser reads every later one as a ratio to it
  (``domains.geometry.lengths``).
* ``eqratio6``, ``rconst2``: the locus of x with ``|xa| = k |xb|`` is Apollonius'
  circle, or the perpendicular bisector of ab when k is 1.
"""
from __future__ import annotations

import cmath
import math
from fractions import Fraction

import numpy as np

from domains.geometry import numeric as nm
from domains.geometry.numeric import Circle, Degenerate, Locus
from domains.geometry.sketches import Sketch, _dir, _mid, _pose


def _apollonius(a: complex, b: complex, k: float) -> Locus:
    """The points x with |xa| = k |xb| (k > 0)."""
    if abs(k - 1.0) <= 1e-12:
        return nm.line_along(_mid(a, b), 1j * (b - a))
    inner, outer = (a + k * b) / (1 + k), (a - k * b) / (1 - k)
    return Circle(_mid(inner, outer), abs(outer - inner) / 2)


def _inside(a: complex, b: complex, rng: np.random.Generator) -> complex:
    return a + rng.uniform(0.2, 0.8) * (b - a)


def _turn(rng: np.random.Generator) -> complex:
    return cmath.exp(1j * rng.uniform(0.0, 2.0 * math.pi))


def _positive(n: Fraction, what: str) -> float:
    if n <= 0:
        raise Degenerate(f"{what} must be positive, got {n}")
    return float(n)


# ---------------------------------------------------------------------------
# Sketches.  Each takes (input points, numbers, rng), inputs in parameter order.

def _acute_triangle(p, n, rng):
    """Angles at a and b in (40°, 80°) with a sum over 95°, so the angle at c is acute too."""
    alpha = rng.uniform(40.0, 80.0)
    beta = rng.uniform(max(40.0, 95.0 - alpha), 80.0)
    gamma = 180.0 - alpha - beta
    ac = math.sin(math.radians(beta)) / math.sin(math.radians(gamma))
    return _pose(rng, [0j, 1 + 0j, ac * cmath.exp(1j * math.radians(alpha))])


def _between(p, n, rng):
    a, b = _pose(rng, [0j, complex(rng.uniform(0.8, 1.6), 0.0)])
    return _inside(a, b, rng), a, b


def _between_bound(p, n, rng):
    a, b = p
    return (_inside(a, b, rng),)


def _on_aline0(p, n, rng):
    """x on the line through g with angle(ef -> gx) = angle(ab -> cd)."""
    a, b, c, d, e, f, g = p
    return (nm.line_along(g, _dir(e, f) * _dir(c, d) / _dir(a, b)),)


def _on_pline0(p, n, rng):
    a, b, c = p
    return (nm.line_along(a, c - b),)


def _iso_triangle_vertex(p, n, rng):
    b, c = p
    return (nm.line_along(_mid(b, c), 1j * (c - b)),)


def _eqratio(p, n, rng):
    """x with ab/cd = ef/gx: on the circle about g of radius |ef| |cd| / |ab|."""
    a, b, c, d, e, f, g = p
    return (Circle(g, abs(f - e) * abs(d - c) / abs(b - a)),)


def _eqratio6(p, n, rng):
    """x with ax/cx = ef/gh."""
    a, c, e, f, g, h = p
    return (_apollonius(a, c, abs(f - e) / abs(h - g)),)


def _rconst(p, n, rng):
    """x with ab/cx = r: on the circle about c of radius |ab| / r."""
    a, b, c = p
    return (Circle(c, abs(b - a) / _positive(n[0], "the ratio")),)


def _rconst2(p, n, rng):
    a, b = p
    return (_apollonius(a, b, _positive(n[0], "the ratio")),)


def _lconst(p, n, rng):
    (a,) = p
    _positive(n[0], "the length")
    return (Circle(a, 1.0),)


def _inner_tangents(o: complex, ra: float, w: complex, rb: float) -> list[tuple[complex, complex]]:
    """Touch points (on circle o, on circle w) of the two inner common tangents."""
    d = abs(w - o)
    if d <= (ra + rb) * (1 + 1e-9):
        raise Degenerate("the circles meet, so they have no inner common tangent")
    u, phi = (w - o) / d, math.acos((ra + rb) / d)
    normals = (u * cmath.exp(1j * phi), u * cmath.exp(-1j * phi))
    return [(o + ra * k, w - rb * k) for k in normals]


def _cc_itangent(p, n, rng):
    o, a, w, b = p
    (x, y), (z, i) = _inner_tangents(o, abs(a - o), w, abs(b - w))
    return x, y, z, i


def _simtri(p, n, rng):
    """r with pqr directly similar to abc."""
    a, b, c, pp, q = p
    return (pp + (q - pp) * (c - a) / (b - a),)


def _simtrir(p, n, rng):
    """r with pqr oppositely similar to abc."""
    a, b, c, pp, q = p
    return (pp + (q - pp) * ((c - a) / (b - a)).conjugate(),)


def _contri(p, n, rng):
    a, b, c, pp = p
    u = _turn(rng)
    return pp + u * (b - a), pp + u * (c - a)


def _contrir(p, n, rng):
    a, b, c, pp = p
    u = _turn(rng)
    return pp + u * (b - a).conjugate(), pp + u * (c - a).conjugate()


def _test_r20(p, n, rng):
    """Circumcentre o of abc on side ac: a right angle at b."""
    b = cmath.exp(1j * rng.uniform(0.3, math.pi - 0.3))
    return _pose(rng, [0j, -1 + 0j, b, 1 + 0j])


def _test_r25(p, n, rng):
    """ab and cd with one midpoint m (the diagonals of a parallelogram acbd)."""
    a = rng.uniform(0.6, 1.2) + 0j
    c = rng.uniform(0.5, 1.2) * cmath.exp(1j * rng.uniform(0.4, math.pi - 0.4))
    return _pose(rng, [a, -a, c, -c, 0j])


# ---------------------------------------------------------------------------
# The table: construction name -> sketch, grouped as in constructions.CONSTRUCTIONS

NEWCLID_SKETCHES: dict[str, Sketch] = {
    # free shapes
    "acute_triangle": _acute_triangle, "between": _between, "test_r20": _test_r20,
    "test_r25": _test_r25,
    # one new point on one locus
    "on_aline0": _on_aline0, "on_pline0": _on_pline0, "iso_triangle_vertex": _iso_triangle_vertex,
    "iso_triangle_vertex_angle": _iso_triangle_vertex, "eqratio": _eqratio, "eqratio6": _eqratio6,
    "rconst": _rconst, "rconst2": _rconst2, "lconst": _lconst, "l2const": _lconst,
    # one new point, determined
    "between_bound": _between_bound, "simtri": _simtri, "simtrir": _simtrir,
    # several new points at once
    "contri": _contri, "contrir": _contrir, "cc_itangent": _cc_itangent,
}
