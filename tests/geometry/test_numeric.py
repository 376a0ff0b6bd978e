"""Numeric geometry: loci, intersections and the predicate checks."""
from __future__ import annotations

import cmath
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from domains.geometry import numeric as nm
from domains.geometry.numeric import Circle, holds


def rot(deg: float) -> complex:
    return cmath.exp(1j * math.radians(deg))


# ---------------------------------------------------------------------------
# Intersections

def test_lines_meet_at_one_point():
    [z] = nm.intersect(nm.line_through(0j, 2 + 2j), nm.line_through(2 + 0j, 2j))
    assert abs(z - (1 + 1j)) < 1e-12


def test_parallel_lines_do_not_meet():
    assert nm.intersect(nm.line_through(0j, 1 + 0j), nm.line_through(1j, 1 + 1j)) == []


def test_line_circle_two_points():
    pts = nm.intersect(nm.line_through(-3 + 0j, 3 + 0j), Circle(0j, 2.0))
    assert sorted(z.real for z in pts) == pytest.approx([-2.0, 2.0])


def test_tangent_line_touches_once():
    assert len(nm.intersect(nm.line_through(-3 + 1j, 3 + 1j), Circle(0j, 1.0))) == 1


def test_line_missing_circle():
    assert nm.intersect(nm.line_through(-3 + 2j, 3 + 2j), Circle(0j, 1.0)) == []


def test_ray_keeps_the_forward_intersection():
    [z] = nm.intersect(nm.ray_along(0j, 1 + 0j), Circle(0j, 1.0))
    assert abs(z - 1) < 1e-12


def test_circles_meet_twice():
    pts = nm.intersect(Circle(0j, 1.0), Circle(1 + 0j, 1.0))
    assert sorted(z.imag for z in pts) == pytest.approx([-math.sqrt(3) / 2, math.sqrt(3) / 2])


def test_sampled_points_lie_on_their_locus():
    rng = np.random.default_rng(0)
    for locus in (nm.line_through(0j, 1 + 1j), nm.ray_along(1j, -1 + 0j), Circle(2j, 0.5)):
        z = nm.sample_on(locus, rng, 0j, 1.0)
        assert nm.on_locus(z, locus, 1.0)


# ---------------------------------------------------------------------------
# Predicates: one true and one false instance each

TRUE_FALSE = {
    "coll": ([0j, 1 + 1j, 3 + 3j], [0j, 1 + 1j, 3 + 3.1j]),
    "para": ([0j, 1 + 2j, 5j, 2 + 9j], [0j, 1 + 2j, 5j, 2 + 9.1j]),
    "perp": ([0j, 1 + 2j, 3j, 2 + 2j], [0j, 1 + 2j, 3j, 2 + 2.2j]),
    "cong": ([0j, 3 + 4j, 1j, 4 + 4j], [0j, 3 + 4j, 1j, 4.1 + 4j]),
    "midp": ([1 + 1j, 0j, 2 + 2j], [1 + 1j, 0j, 2 + 2.2j]),
    "circle": ([0j, 1 + 0j, 1j, -0.6 - 0.8j], [0j, 1 + 0j, 1j, -0.6 - 0.7j]),
    "cyclic": ([1 + 0j, 1j, -1 + 0j, -0.6 - 0.8j], [1 + 0j, 1j, -1 + 0j, -0.6 - 0.7j]),
    "eqratio": ([0j, 2 + 0j, 0j, 4 + 0j, 1j, 4j, 0j, 6j], [0j, 2 + 0j, 0j, 4 + 0j, 1j, 4j, 0j, 5j]),
    "diff": ([0j, 1e-3 + 0j], [1 + 1j, 1 + 1j]),
    "ncoll": ([0j, 1 + 1j, 3 + 3.1j], [0j, 1 + 1j, 3 + 3j]),
    "npara": ([0j, 1 + 2j, 5j, 2 + 9.1j], [0j, 1 + 2j, 5j, 2 + 9j]),
    "nperp": ([0j, 1 + 2j, 3j, 2 + 2.2j], [0j, 1 + 2j, 3j, 2 + 2j]),
    # 0 lies outside segment (1, 2) exactly as 5 lies outside (6, 9); 1.5 lies inside (1, 2)
    "sameside": ([0j, 1 + 0j, 2 + 0j, 5j, 6j, 9j], [1.5 + 0j, 1 + 0j, 2 + 0j, 5j, 6j, 9j]),
}


@pytest.mark.parametrize("pred", sorted(TRUE_FALSE))
def test_predicate_true_and_false(pred):
    good, bad = TRUE_FALSE[pred]
    assert holds(pred, good) and not holds(pred, bad)


def test_coll_of_many_points():
    assert holds("coll", [0j, 1 + 0j, 2 + 0j, -5 + 0j]) and not holds("coll", [0j, 1 + 0j, 2 + 0j, 1j])


def test_collinear_points_are_not_cyclic():
    assert not holds("cyclic", [0j, 1 + 0j, 2 + 0j, 3 + 0j])


def test_eqangle_is_directed_mod_pi():
    a, b = 0j, 1 + 0j
    up30, down30 = rot(30), rot(-30)
    assert holds("eqangle", [a, b, a, up30, 5j, 5j + 2, 5j, 5j + 2 * up30])
    assert holds("eqangle", [a, b, a, up30, 5j, 5j + 2, 5j + 2 * up30, 5j])       # lines, not rays
    assert holds("eqangle", [a, b, a, up30, 5j, 5j + 2, 5j, 5j - 2 * up30])
    assert not holds("eqangle", [a, b, a, up30, 5j, 5j + 2, 5j, 5j + 2 * down30])


def test_aconst_in_units_of_pi():
    assert holds("aconst", [0j, 1 + 0j, 0j, rot(60)], [Fraction(1, 3)])
    assert holds("aconst", [0j, 1 + 0j, 0j, rot(-120)], [Fraction(1, 3)])
    assert not holds("aconst", [0j, 1 + 0j, 0j, rot(-60)], [Fraction(1, 3)])
    assert holds("aconst", [0j, 1 + 0j, 0j, rot(-60)], [Fraction(2, 3)])


def test_rconst():
    assert holds("rconst", [0j, 1 + 0j, 0j, 2j], [Fraction(1, 2)])
    assert not holds("rconst", [0j, 1 + 0j, 0j, 2j], [Fraction(2)])


TRI = [0j, 2 + 0j, 0.5 + 1j]


def similar(pts, z, shift):
    return [p * z + shift for p in pts]


def test_simtri_same_orientation():
    other = similar(TRI, 1.7 * rot(40), 3 - 1j)
    assert holds("simtri", TRI + other) and not holds("simtri2", TRI + other)


def test_simtri2_opposite_orientation():
    other = [p.conjugate() for p in similar(TRI, 0.6 * rot(-25), 1j)]
    assert holds("simtri2", TRI + other) and not holds("simtri", TRI + other)


def test_contri_needs_equal_size():
    moved = similar(TRI, rot(70), 4 + 0j)
    assert holds("contri", TRI + moved) and not holds("contri", TRI + similar(TRI, 2 * rot(70), 0j))
    assert holds("contri2", TRI + [p.conjugate() for p in moved])


def test_degenerate_segment_has_no_direction():
    assert not holds("para", [0j, 0j, 1j, 2j]) and not holds("perp", [0j, 0j, 1j, 2j])


def test_angle_of_is_in_zero_to_pi():
    assert nm.angle_of(0j, -1 - 1j) == pytest.approx(math.pi / 4)
    assert 0.0 <= nm.angle_of(0j, -1 + 0j) < math.pi


# ---------------------------------------------------------------------------
# Invariance: the checks are relative, so moving, turning or scaling changes nothing

coords = st.floats(-3, 3, allow_nan=False)
points = st.builds(complex, coords, coords)
lengths = st.floats(0.3, 3.0)
directions = st.floats(0.0, 2 * math.pi)


@st.composite
def triangles(draw) -> tuple[complex, complex, complex]:
    """A triangle whose angles are all at least about 0.3 radians."""
    a, turn = draw(points), draw(directions)
    angle = draw(st.floats(0.3, math.pi - 0.6))
    b = a + draw(lengths) * cmath.exp(1j * turn)
    c = a + draw(lengths) * cmath.exp(1j * (turn + angle))
    return a, b, c


def _configuration(a: complex, b: complex, c: complex) -> dict[str, tuple[list[complex], list[Fraction]]]:
    """True facts about triangle abc: an altitude, a midpoint, the circumcentre."""
    h = nm.foot(a, b, c)
    o = nm.circumcenter(a, b, c)
    m = (a + b) / 2
    return {"perp": ([a, h, b, c], []), "coll": ([h, b, c], []), "midp": ([m, a, b], []),
            "circle": ([o, a, b, c], []), "eqangle": ([c, a, c, b, o, a, o, m], [])}


@settings(derandomize=True, max_examples=60, deadline=None)
@given(triangles(), directions, st.sampled_from([1e-3, 1.0, 1e3]), points)
def test_facts_survive_similarities(tri, turn, scale, shift):
    move = lambda z: (z + shift) * scale * cmath.exp(1j * turn)  # noqa: E731
    for pred, (pts, nums) in _configuration(*tri).items():
        assert holds(pred, [move(p) for p in pts], nums), pred


@settings(derandomize=True, max_examples=60, deadline=None)
@given(triangles())
def test_reflection_reverses_directed_angles(tri):
    a, b, c = tri
    assume(abs(nm.dot(nm.unit(a - c), nm.unit(b - c))) > 0.05)   # -theta = theta mod pi at right angles
    o, m = nm.circumcenter(a, b, c), (a + b) / 2
    mirrored = [z.conjugate() for z in (o, a, o, m)]
    assert not holds("eqangle", [c, a, c, b, *mirrored])
