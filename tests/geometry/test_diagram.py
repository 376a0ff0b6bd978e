"""Drawing diagrams: sample problems come out with their goal numerically true."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from domains.geometry.constructions import premises
from domains.geometry.diagram import build
from domains.geometry.parse import parse_file, parse_problem
from symgen.errors import ProblemError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = parse_file((FIXTURES / "jgex_sample.txt").read_text(), "jgex_sample.txt")


@pytest.mark.parametrize("index", range(len(SAMPLE)))
def test_sample_problem_builds_with_goal_true(index):
    problem = SAMPLE[index]
    for seed in range(3):
        d = build(problem, np.random.default_rng([seed, index]))
        assert d.holds(problem.goal)
        assert all(d.holds(s) for s in premises(problem))


def test_same_seed_same_diagram():
    p = parse_problem("t", "a b c = triangle a b c; o = circle o a b c; d = on_circle d o a")
    d1, d2 = (build(p, np.random.default_rng(7)) for _ in range(2))
    assert d1.coords == d2.coords


def test_array_rows_follow_names():
    p = parse_problem("t", "a b c = triangle a b c; m = midpoint m b c")
    d = build(p, np.random.default_rng(0))
    assert d.names == ("a", "b", "c", "m") and d.array.shape == (4, 2)
    assert d.array[3] == pytest.approx([d["m"].real, d["m"].imag])


def test_fixed_coordinates_are_honoured():
    p = parse_problem("t", "a@0_0 b@2_0 = segment a b; m = midpoint m a b")
    d = build(p, np.random.default_rng(0))
    assert d["a"] == 0j and d["b"] == 2 + 0j and d["m"] == pytest.approx(1 + 0j)


def test_contradictory_fixed_coordinates_are_reported():
    p = parse_problem("t", "a@0_0 b@2_0 = segment a b; m@1_1 = midpoint m a b")
    with pytest.raises(ProblemError, match="fixed coordinates contradict 'midp m a b'"):
        build(p, np.random.default_rng(0), attempts=3)


def test_two_circles_choose_the_new_intersection():
    p = parse_problem("t", "a b = segment a b; c = on_circle c a b, on_circle c b a; "
                           "d = on_circle d a b, on_circle d b c")
    d = build(p, np.random.default_rng(3))
    assert min(abs(d["d"] - d[q]) for q in "abc") > 1e-3


def test_impossible_clause_names_the_clause():
    # a point on the circle of radius |ab| about a and on the perpendicular bisector of
    # the segment from a to a point outside that circle's reach: the loci never meet
    line = ("a b = segment a b; c = mirror c a b; d = mirror d b c; "
            "e = on_circle e a b, on_bline e a d")
    with pytest.raises(ProblemError) as info:
        build(parse_problem("far", line), np.random.default_rng(0), attempts=5)
    err = info.value
    assert err.position == 4 and "do not meet" in err.reason and "far" in str(err)


def test_false_goal_is_reported():
    p = parse_problem("liar", "a b c = triangle a b c; m = midpoint m a b ? perp m c a b")
    with pytest.raises(ProblemError, match="goal 'perp m c a b' is false"):
        build(p, np.random.default_rng(0), attempts=5)


def test_goal_check_can_be_skipped():
    p = parse_problem("liar", "a b c = triangle a b c; m = midpoint m a b ? perp m c a b")
    assert not build(p, np.random.default_rng(0), check_goal=False).holds(p.goal)
