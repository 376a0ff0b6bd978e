"""The construction table: what each construction of the problem language means.

A construction call such as ``foot x a b c`` introduces new points (here ``x``)
from existing ones.  Each entry of ``CONSTRUCTIONS`` says, over formal argument
names:

* ``params``   the arguments in call order, ``outputs`` which of them are new;
* ``numbers``  how many numeric arguments trail the points (``s_angle`` has one,
  an angle in degrees);
* ``requires`` side conditions on the inputs that must hold numerically for the
  construction to make sense (``ncoll a b c``, ``diff a b``, …);
* ``facts``    what the construction asserts about its points; with the real
  names substituted these are the premises a prover starts from (``premises``);
* ``sketch``   the numeric part: from the input coordinates, the numbers and a
  random generator it returns either the loci on which the single new point
  lies (several loci are intersected), or the coordinates of all outputs.

Facts use only the predicates of ``numeric.PREDICATES``; a constant angle is an
``aconst`` in units of pi, a constant ratio an ``rconst``.  Every fact holds in
every diagram the sketch can produce (``tests/geometry/test_constructions.py``).
Free shapes (``triangle``, ``isquare``, …) are drawn in a box about two units
wide, with a random rotation, scale, shift and reflection, so that neither
orientation is privileged.

Conventions worth knowing:

* ``s_angle a b x y``: x is on the ray from b that makes the counter-clockwise
  angle y (degrees) with ray ba; asserted as ``aconst b a b x y/180``.
* ``square a b x y`` puts abxy counter-clockwise; ``psquare``/``nsquare`` turn
  ab by +90/-90 degrees about a.
* constructions that make a midpoint (``midpoint``, ``mirror``, ``centroid``,
  ``ninepoints``) assert ``midp`` besides the ``coll`` and ``cong`` it implies;
  facts that hold without being asserted by AlphaGeometry (the orthocentre's
  third altitude, the incentre's third bisector, …) are asserted too.
* angle constructions (``on_aline``, ``angle_mirror``, ``s_angle``) give rays;
  see ``numeric.Line`` for what a ray changes.
"""
from __future__ import annotations

import cmath
import difflib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from domains.geometry import numeric as nm
from domains.geometry.numeric import Circle, Degenerate, Line, Locus
from domains.geometry.problem import Call, Problem, Statement

Sketch = Callable[[tuple[complex, ...], tuple[Fraction, ...], np.random.Generator],
                  tuple[complex, ...] | tuple[Locus, ...]]


@dataclass(frozen=True, slots=True)
class ConstructionDef:
    name: str
    params: tuple[str, ...]
    outputs: tuple[str, ...]
    numbers: int
    requires: tuple[Statement, ...]
    facts: tuple[Statement, ...]
    sketch: Sketch
    # facts whose numbers depend on the call's numbers (s_angle's angle)
    number_facts: Callable[[tuple[Fraction, ...]], tuple[Statement, ...]] | None = None

    @property
    def inputs(self) -> tuple[str, ...]:
        return tuple(p for p in self.params if p not in self.outputs)

    def usage(self) -> str:
        return " ".join([self.name, *self.params, *(["<number>"] * self.numbers)])

    def binding(self, call: Call) -> dict[str, str]:
        """Formal parameter name -> actual point name."""
        return dict(zip(self.params, call.args, strict=True))

    def statements(self, call: Call) -> list[Statement]:
        """The facts of this construction with the call's point names."""
        facts = list(self.facts)
        if self.number_facts is not None:
            facts += self.number_facts(call.numbers)
        return [instantiate(f, self.binding(call)) for f in facts]

    def preconditions(self, call: Call) -> list[Statement]:
        return [instantiate(r, self.binding(call)) for r in self.requires]


def instantiate(stmt: Statement, names: dict[str, str]) -> Statement:
    return Statement(stmt.pred, tuple(names[a] for a in stmt.args), stmt.numbers)


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
# The table

def _statements(text: str) -> tuple[Statement, ...]:
    """'perp x a b c; coll x b c' -> Statements; trailing numeric tokens are numbers."""
    out = []
    for part in filter(None, (s.strip() for s in text.split(";"))):
        pred, *tokens = part.split()
        nums = tuple(Fraction(t) for t in tokens if t[0].isdigit() or t[0] == "-")
        out.append(Statement(pred, tuple(t for t in tokens if not (t[0].isdigit() or t[0] == "-")), nums))
    return tuple(out)


def _def(name: str, params: str, out: str, sketch: Sketch, *, req: str = "", facts: str = "",
         numbers: int = 0, number_facts=None) -> ConstructionDef:
    return ConstructionDef(name, tuple(params.split()), tuple(o for o in params.split() if o in out.split()),
                           numbers, _statements(req), _statements(facts), sketch, number_facts)


_ANGLE_BISECT3 = "eqangle a b a x a x a c; eqangle c a c x c x c b; eqangle b c b x b x b a"
_TOUCH = ("coll x b c; perp i x b c; coll y c a; perp i y c a; coll z a b; perp i z a b; "
          "cong i x i y; cong i y i z")
_ANGLE_BISECT3_I = _ANGLE_BISECT3.replace("x", "i")
_MIDS = ("midp x b c; coll x b c; cong x b x c; midp y c a; coll y c a; cong y c y a; "
         "midp z a b; coll z a b; cong z a z b")


def _s_angle_facts(nums: tuple[Fraction, ...]) -> tuple[Statement, ...]:
    return (Statement("aconst", ("b", "a", "b", "x"), (Fraction(nums[0]) / 180,)),)


CONSTRUCTIONS: dict[str, ConstructionDef] = {d.name: d for d in (
    # free shapes
    _def("free", "a", "a", _free),
    _def("segment", "a b", "a b", _segment),
    _def("triangle", "a b c", "a b c", _triangle),
    _def("quadrangle", "a b c d", "a b c d", _quadrangle),
    _def("pentagon", "a b c d e", "a b c d e", _pentagon),
    _def("iso_triangle", "a b c", "a b c", _iso_triangle,
         facts="eqangle b a b c c b c a; cong a b a c"),
    _def("r_triangle", "a b c", "a b c", _r_triangle, facts="perp a b a c"),
    _def("risos", "a b c", "a b c", _risos,
         facts="perp a b a c; cong a b a c; eqangle b a b c c b c a"),
    _def("ieq_triangle", "a b c", "a b c", _ieq_triangle,
         facts="cong a b b c; cong b c c a; eqangle a b a c c a c b; eqangle c a c b b c b a"),
    _def("triangle12", "a b c", "a b c", _triangle12, facts="rconst a b a c 1/2"),
    _def("isquare", "a b c d", "a b c d", _isquare,
         facts="perp a b b c; cong a b b c; para a b c d; para a d b c; perp a d d c; "
               "cong b c c d; cong c d d a; perp a c b d; cong a c b d"),
    _def("rectangle", "a b c d", "a b c d", _rectangle,
         facts="perp a b b c; para a b c d; para a d b c; perp a b a d; cong a b c d; "
               "cong a d b c; cong a c b d"),
    _def("trapezoid", "a b c d", "a b c d", _trapezoid, facts="para a b c d"),
    _def("r_trapezoid", "a b c d", "a b c d", _r_trapezoid, facts="para a b c d; perp a b a d"),
    _def("eq_trapezoid", "a b c d", "a b c d", _eq_trapezoid, facts="para d c a b; cong d a b c"),
    _def("eq_quadrangle", "a b c d", "a b c d", _eq_quadrangle, facts="cong d a b c"),
    _def("eqdia_quadrangle", "a b c d", "a b c d", _eqdia_quadrangle, facts="cong d b a c"),
    # one new point on one locus
    _def("on_line", "x a b", "x", _on_line, req="diff a b", facts="coll x a b"),
    _def("on_opline", "x a b", "x", _on_opline, req="diff a b", facts="coll x a b"),
    _def("on_pline", "x a b c", "x", _on_pline, req="diff b c; ncoll a b c", facts="para x a b c"),
    _def("on_tline", "x a b c", "x", _on_tline, req="diff b c", facts="perp x a b c"),
    _def("on_bline", "x a b", "x", _on_bline, req="diff a b",
         facts="cong x a x b; eqangle a x a b b a b x"),
    _def("on_circle", "x o a", "x", _on_circle, req="diff o a", facts="cong o x o a"),
    _def("on_circum", "x a b c", "x", _on_circum, req="ncoll a b c", facts="cyclic a b c x"),
    _def("on_dia", "x a b", "x", _on_dia, req="diff a b", facts="perp x a x b"),
    _def("on_aline", "x a b c d e", "x", _on_aline, req="ncoll c d e", facts="eqangle a x a b d c d e"),
    _def("on_aline2", "x a b c d e", "x", _on_aline2, req="ncoll c d e", facts="eqangle x a x b d c d e"),
    _def("eqangle3", "x a b d e f", "x", _eqangle3, req="ncoll d e f; diff a b; diff d e; diff e f",
         facts="eqangle x a x b d e d f"),
    _def("eqdistance", "x a b c", "x", _eqdistance, req="diff b c", facts="cong x a b c"),
    _def("lc_tangent", "x a o", "x", _lc_tangent, req="diff a o", facts="perp a x a o"),
    _def("angle_bisector", "x a b c", "x", _angle_bisector, req="ncoll a b c",
         facts="eqangle b a b x b x b c"),
    _def("angle_mirror", "x a b c", "x", _angle_mirror, req="ncoll a b c",
         facts="eqangle b a b c b c b x"),
    _def("s_angle", "a b x", "x", _s_angle, req="diff a b", numbers=1, number_facts=_s_angle_facts),
    _def("eq_triangle", "x b c", "x", _eq_triangle, req="diff b c",
         facts="cong x b b c; cong b c c x; eqangle b x b c c b c x; eqangle x c x b b x b c"),
    # one new point, determined
    _def("midpoint", "x a b", "x", _midpoint, req="diff a b", facts="midp x a b; coll x a b; cong x a x b"),
    _def("mirror", "x a b", "x", _mirror, req="diff a b", facts="midp b a x; coll x a b; cong b a b x"),
    _def("foot", "x a b c", "x", _foot, req="ncoll a b c", facts="perp x a b c; coll x b c"),
    _def("circle", "x a b c", "x", _circumcenter, req="ncoll a b c", facts="cong x a x b; cong x b x c"),
    _def("circumcenter", "x a b c", "x", _circumcenter, req="ncoll a b c",
         facts="cong x a x b; cong x b x c"),
    _def("incenter", "x a b c", "x", _incenter, req="ncoll a b c", facts=_ANGLE_BISECT3),
    _def("excenter", "x a b c", "x", _excenter, req="ncoll a b c", facts=_ANGLE_BISECT3),
    _def("orthocenter", "x a b c", "x", _orthocenter, req="ncoll a b c",
         facts="perp x a b c; perp x b c a; perp x c a b"),
    _def("parallelogram", "a b c x", "x", _parallelogram, req="ncoll a b c",
         facts="para a b c x; para a x b c; cong a b c x; cong a x b c"),
    _def("reflect", "x a b c", "x", _reflect, req="diff b c; ncoll a b c",
         facts="cong b a b x; cong c a c x; perp b c a x"),
    _def("shift", "x b c d", "x", _shift, req="diff d b", facts="cong x b c d; cong x c b d"),
    _def("nsquare", "x a b", "x", _nsquare, req="diff a b", facts="cong x a a b; perp x a a b"),
    _def("psquare", "x a b", "x", _psquare, req="diff a b", facts="cong x a a b; perp x a a b"),
    _def("eqangle2", "x a b c", "x", _eqangle2, req="ncoll a b c", facts="eqangle a b a x c x c b"),
    _def("intersection_cc", "x o w a", "x", _intersection_cc, req="ncoll o w a",
         facts="cong o a o x; cong w a w x"),
    _def("intersection_lc", "x a o b", "x", _intersection_lc, req="diff a b; diff o b; nperp b o b a",
         facts="coll x a b; cong o b o x"),
    _def("intersection_ll", "x a b c d", "x", _intersection_ll, req="npara a b c d; ncoll a b c d",
         facts="coll x a b; coll x c d"),
    _def("intersection_lp", "x a b c m n", "x", _intersection_lp,
         req="npara m n a b; ncoll a b c; ncoll c m n", facts="coll x a b; para c x m n"),
    _def("intersection_lt", "x a b c d e", "x", _intersection_lt, req="ncoll a b c; nperp a b d e",
         facts="coll x a b; perp x c d e"),
    _def("intersection_pp", "x a b c d e f", "x", _intersection_pp, req="diff a d; npara b c e f",
         facts="para x a b c; para x d e f"),
    _def("intersection_tt", "x a b c d e f", "x", _intersection_tt, req="diff a d; npara b c e f",
         facts="perp x a b c; perp x d e f"),
    # several new points at once
    _def("square", "a b x y", "x y", _square, req="diff a b",
         facts="perp a b b x; cong a b b x; para a b x y; para a y b x; perp a y y x; "
               "cong b x x y; cong x y y a; perp a x b y; cong a x b y"),
    _def("incenter2", "x y z i a b c", "x y z i", _incenter2, req="ncoll a b c",
         facts=_ANGLE_BISECT3_I + "; " + _TOUCH),
    _def("excenter2", "x y z i a b c", "x y z i", _excenter2, req="ncoll a b c",
         facts=_ANGLE_BISECT3_I + "; " + _TOUCH),
    _def("centroid", "x y z i a b c", "x y z i", _centroid, req="ncoll a b c",
         facts=_MIDS + "; coll a x i; coll b y i; coll c z i"),
    _def("ninepoints", "x y z i a b c", "x y z i", _ninepoints, req="ncoll a b c",
         facts=_MIDS + "; cong i x i y; cong i y i z"),
    _def("trisect", "x y a b c", "x y", _trisect, req="ncoll a b c",
         facts="coll x a c; coll y a c; eqangle b a b x b x b y; eqangle b x b y b y b c"),
    _def("trisegment", "x y a b", "x y", _trisegment, req="diff a b",
         facts="coll x a b; coll y a b; cong x a x y; cong y x y b"),
    _def("tangent", "x y a o b", "x y", _tangent, req="diff o a; diff o b; diff a b",
         facts="cong o x o b; perp a x o x; cong o y o b; perp a y o y"),
    _def("cc_tangent0", "x y o a w b", "x y", _cc_tangent0, req="diff o a; diff w b; diff o w",
         facts="cong o x o a; cong w y w b; perp x o x y; perp y w y x"),
    _def("cc_tangent", "x y z i o a w b", "x y z i", _cc_tangent, req="diff o a; diff w b; diff o w",
         facts="cong o x o a; cong w y w b; perp x o x y; perp y w y x; "
               "cong o z o a; cong w i w b; perp z o z i; perp i w i z"),
    _def("2l1c", "x y z i a b c o", "x y z i", _2l1c, req="cong o a o b; ncoll a b c",
         facts="coll x a c; coll y b c; cong o a o z; coll i o z; cong i x i y; cong i y i z; "
               "perp i x a c; perp i y b c"),
    _def("e5128", "x y a b c d", "x y", _e5128, req="cong c b c d; perp b c b a",
         facts="cong c b c x; coll y a b; coll x y d; eqangle a b a d x a x y"),
    _def("3peq", "x y z a b c", "x y z", _3peq, req="ncoll a b c",
         facts="coll z b c; coll x a b; coll y a c; coll x y z; cong z x z y"),
)}


# ---------------------------------------------------------------------------
# Helpers for the parser and the prover

def lookup(name: str) -> ConstructionDef | None:
    return CONSTRUCTIONS.get(name)


def closest(name: str) -> str | None:
    """The known construction name nearest to ``name``, for error messages."""
    found = difflib.get_close_matches(name, CONSTRUCTIONS, n=1, cutoff=0.5)
    return found[0] if found else None


def arity(defn: ConstructionDef) -> int:
    """Total number of arguments of a call: points then numbers."""
    return len(defn.params) + defn.numbers


def call_outputs(call: Call) -> tuple[str, ...]:
    """The actual names of the points a call introduces."""
    defn = CONSTRUCTIONS[call.name]
    names = defn.binding(call)
    return tuple(names[o] for o in defn.outputs)


def call_inputs(call: Call) -> tuple[str, ...]:
    defn = CONSTRUCTIONS[call.name]
    names = defn.binding(call)
    return tuple(names[i] for i in defn.inputs)


def premises(problem: Problem) -> list[Statement]:
    """Every fact the problem's constructions assert, with real point names, in clause order."""
    return [s for clause in problem.clauses for call in clause.calls
            for s in CONSTRUCTIONS[call.name].statements(call)]
