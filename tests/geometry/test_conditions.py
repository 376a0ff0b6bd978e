"""Side conditions: read apart from the goals, evaluated on the diagram, re-checked."""
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from domains.geometry import conditions as side
from domains.geometry.check import ConditionCheckError, check_conditions, check_result
from domains.geometry.hooks import replay
from domains.geometry.parse import parse_file, parse_problem
from domains.geometry.problem import Condition
from domains.geometry.prover import prove, search
from domains.geometry.proposers import make
from provers.search import SearchConfig
from symgen.errors import ProblemError

FIXTURE = Path(__file__).parent / "fixtures" / "conditions.txt"


def fixture(name: str):
    return next(p for p in parse_file(FIXTURE.read_text(), str(FIXTURE))
                if not isinstance(p, ProblemError) and p.name == name)


# ---------------------------------------------------------------------------
# Parsing

def test_conditions_are_kept_apart_from_the_goals():
    p = parse_problem("p", "a b c = triangle a b c ? sameclock a b c a b c; coll a b a; ncoll a b c")
    assert [str(g) for g in p.goals] == ["coll a b a"]
    assert p.conditions == (Condition("sameclock", ("a", "b", "c", "a", "b", "c")),
                            Condition("ncoll", ("a", "b", "c")))


def test_a_problem_of_conditions_only_has_no_goal_and_prints_back():
    p = parse_problem("p", "a b c = triangle a b c ? diff a b c; npara a b a c")
    assert p.goal is None and len(p.conditions) == 2
    again = parse_problem("p", p.text())
    assert again.conditions == p.conditions and again.text() == p.text()


@pytest.mark.parametrize("goal, reason", [
    ("sameclock a b c a b", "goal 1, side condition sameclock takes 6 points, got 5"),
    ("cong a b a c; oppclock a b c a b c a", "goal 2, side condition oppclock takes 6 points, got 7"),
    ("ncoll a b", "side condition ncoll takes 3 or more points, got 2"),
    ("diff a", "side condition diff takes 2 or more points, got 1"),
    ("obtuse_angle a b z", "side condition obtuse_angle uses undefined point 'z'"),
    ("npara a b c 1/2", "side condition npara: expected a point name, got '1/2'"),
])
def test_bad_conditions_are_named(goal, reason):
    with pytest.raises(ProblemError) as err:
        parse_problem("p", f"a b c = triangle a b c ? {goal}", source="f.txt")
    assert str(err.value).startswith("f.txt: problem 'p'") and str(err.value).endswith(reason)


def test_a_bad_condition_in_a_file_names_the_line_and_spares_the_rest():
    items = parse_file(FIXTURE.read_text(), str(FIXTURE))
    errors = [x for x in items if isinstance(x, ProblemError)]
    assert len(errors) == 1
    assert str(errors[0]) == (f"{FIXTURE}:15: problem 'bad_arity', '? sameclock a b c a b': "
                              "goal 2, side condition sameclock takes 6 points, got 5")
    assert len(items) == 7


# ---------------------------------------------------------------------------
# Evaluation on diagrams where the answer is known

coord = st.floats(-100, 100, allow_nan=False)
point = st.builds(complex, coord, coord)


def area(a, b, c) -> float:
    """Twice the signed area of abc, as a determinant."""
    return float(np.linalg.det([[(b - a).real, (c - a).real], [(b - a).imag, (c - a).imag]]))


def proper(a, b, c) -> bool:
    longest = max(abs(a - b), abs(b - c), abs(c - a))
    return longest > 1e-3 and abs(area(a, b, c)) > 1e-3 * longest ** 2


def holds(text: str, *pts: complex) -> bool:
    names = "abcdefgh"[:len(pts)]
    pred, *args = text.split()
    return side.holds(Condition(pred, tuple(args)), dict(zip(names, pts)))


@settings(max_examples=200, deadline=None)
@given(point, point, point)
def test_a_triangle_turns_as_itself_and_against_its_mirror(a, b, c):
    assume(proper(a, b, c))
    assert holds("sameclock a b c a b c", a, b, c)
    assert holds("oppclock a b c a c b", a, b, c)
    assert not holds("oppclock a b c a b c", a, b, c)
    assert holds("sameclock a b c b c a", a, b, c)


@pytest.mark.parametrize("wobble", [0.0, 1e-12, -1e-10])
def test_a_nearly_collinear_triangle_has_no_orientation(wobble):
    a, b, c = 0j, 2 + 0j, complex(1, wobble)
    for text in ("sameclock a b c a b c", "oppclock a b c a c b", "ncoll a b c"):
        assert not holds(text, a, b, c)


def arc(a: complex, b: complex, c: complex) -> int:
    """Which arc bc of circle abc holds a, from the circumcentre: -1 the smaller (a and the
    centre on opposite sides of bc), +1 the larger (the same side)."""
    m = np.array([[2 * (b - a).real, 2 * (b - a).imag], [2 * (c - a).real, 2 * (c - a).imag]])
    rhs = np.array([abs(b) ** 2 - abs(a) ** 2, abs(c) ** 2 - abs(a) ** 2])
    o = complex(*np.linalg.solve(m, rhs))
    return -1 if np.sign(area(b, c, a)) != np.sign(area(b, c, o)) else 1


def clear_arc(a, b, c) -> bool:
    """Not near the boundary: a proper triangle whose angle at a is not nearly right."""
    u, v = b - a, c - a
    return proper(a, b, c) and abs((u.conjugate() * v).real) > 1e-3 * abs(u) * abs(v)


@settings(max_examples=200, deadline=None)
@given(point, point, point, point, point, point)
def test_sameside_is_the_kind_of_arc_seen_from_the_centre(a, b, c, x, y, z):
    assume(clear_arc(a, b, c) and clear_arc(x, y, z))
    same = arc(a, b, c) == arc(x, y, z)
    assert holds("sameside a b c d e f", a, b, c, x, y, z) is same
    assert holds("nsameside a b c d e f", a, b, c, x, y, z) is not same


def test_points_on_a_line_and_right_angles():
    a, b, c = 0j, 1 + 0j, 3 + 0j
    assert holds("obtuse_angle a b c", a, b, c) and not holds("obtuse_angle b a c", a, b, c)
    assert holds("sameside b a c b a c", a, b, c)           # between, as on the smaller arc
    right = (0j, 1 + 0j, 1j)                               # the angle at a is right
    assert not holds("sameside a b c a b c", *right) and not holds("nsameside a b c a b c", *right)
    assert not holds("diff a b", 1 + 1j, 1 + 1j) and holds("diff a b c", 0j, 1 + 0j, 1j)
    assert not holds("npara a b c d", 0j, 1 + 0j, 1j, 2 + 1j)
    assert not holds("nperp a b c d", 0j, 1 + 0j, 1j, 2j) and holds("nperp a b c d", 0j, 1 + 0j, 1j, 1 + 2j)


grid = st.builds(complex, st.integers(-20, 20), st.integers(-20, 20))


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(side.CONDITIONS)), st.lists(grid, min_size=6, max_size=6))
def test_the_checker_evaluates_as_the_prover_does(pred, pts):
    """On grid points (exact areas and dot products) the two evaluations agree exactly."""
    n = side.CONDITIONS[pred].points
    names = "abcdef"[:n]
    coords = dict(zip(names, pts))
    text = " ".join([pred, *names])
    assert (not check_conditions([text], coords)) is holds(text, *pts[:n])


# ---------------------------------------------------------------------------
# Proving and checking

def test_conditions_alone_are_solved_by_the_diagram():
    result = prove(fixture("only_conditions"), seconds=20)
    assert result.solved and result.stop == "goal reached" and result.steps == 0
    assert all(ok for _, ok in result.conditions) and len(result.conditions) == 5
    assert "Conditions:\n  ncoll a b c: holds on the diagram" in result.text()
    assert replay(result) is None


def test_goal_and_conditions_give_one_proof_and_the_conditions():
    result = prove(fixture("goal_and_conditions"), seconds=20)
    assert result.solved and result.steps >= 1
    record = json.loads(json.dumps(result.to_json()))
    assert record["conditions"] == [{"condition": "sameclock a b c a b c", "holds": True},
                                    {"condition": "oppclock a b c a c b", "holds": True}]
    assert result.text().index("Proof:") < result.text().index("Conditions:")
    check_result(result)


@pytest.mark.parametrize("seed", range(3))
def test_the_diagram_is_redrawn_until_the_conditions_hold(seed):
    for name in ("free_point_side", "mirror_between"):
        result = prove(fixture(name), seconds=20, seed=seed)
        assert result.solved, (name, result.text())


@pytest.mark.parametrize("name", ["never_true", "arc_false"])
def test_a_false_condition_fails_the_problem(name):
    result = prove(fixture(name), seconds=20)
    assert not result.solved and result.stop == "condition false"
    assert result.to_json()["conditions"][-1]["holds"] is False
    assert "condition false: " in result.text()


def test_the_search_stops_at_a_false_condition():
    config = SearchConfig(beam=2, depth=1, k=4, seconds=20)
    result = search(fixture("never_true"), make("heuristic"), config)
    assert not result.solved and result.stop == "condition false" and result.stats["nodes"] <= 1


def test_a_condition_flipped_in_the_result_is_rejected():
    result = prove(fixture("goal_and_conditions"), seconds=20)
    flipped = Condition("oppclock", ("a", "b", "c", "a", "b", "c"))
    tampered = dataclasses.replace(result, conditions=((flipped, True),) + result.conditions[1:])
    assert replay(tampered) == ("side condition rejected: side condition "
                                "'oppclock a b c a b c' is false on the diagram")
    with pytest.raises(ConditionCheckError, match="oppclock a b c a b c"):
        check_result(tampered)


def test_a_condition_flipped_in_the_json_record_is_rejected():
    result = prove(fixture("goal_and_conditions"), seconds=20)
    record = result.to_json()
    coords = dict(result.diagram.coords)
    assert check_conditions([c["condition"] for c in record["conditions"]], coords) == []
    record["conditions"][1]["condition"] = "sameclock a b c a c b"
    assert check_conditions([c["condition"] for c in record["conditions"]], coords) == [
        "side condition 'sameclock a b c a c b' is false on the diagram"]


def test_a_result_that_drops_its_problems_false_condition_is_rejected():
    result = prove(fixture("goal_and_conditions"), seconds=20)
    problem = parse_problem("p", result.problem.text() + "; sameclock a b c c b a")
    assert "sameclock a b c c b a" in replay(dataclasses.replace(result, problem=problem))
