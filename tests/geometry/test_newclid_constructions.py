"""Newclid's own constructions: each draws, its premises hold on the diagram, and a tiny
problem using it is proved; fixed lengths read as ratios; several goals after '?'."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from domains.geometry.constructions import CONSTRUCTIONS, premises
from domains.geometry.diagram import build
from domains.geometry.parse import NEWCLID, parse_file, parse_problem
from domains.geometry.prover import fact_of, initial_state, prove
from domains.geometry.sketches_newclid import NEWCLID_SKETCHES
from symgen.errors import ProblemError

FIXTURE = Path(__file__).parent / "fixtures" / "newclid_constructions.txt"
PROBLEMS = {p.name: p for p in parse_file(FIXTURE.read_text(), str(FIXTURE), "newclid")}


def newclid(line: str):
    return parse_problem("p", line, dialect=NEWCLID)


def test_fixture_has_one_problem_per_construction():
    assert sorted(PROBLEMS) == sorted(NEWCLID_SKETCHES) and set(NEWCLID_SKETCHES) <= set(CONSTRUCTIONS)


@pytest.mark.parametrize("name", sorted(NEWCLID_SKETCHES))
def test_premises_hold_on_the_drawn_diagram(name):
    problem = PROBLEMS[name]
    for seed in range(3):
        diagram = build(problem, np.random.default_rng(seed))
        state, index = initial_state(problem, diagram)
        facts = [fact_of(s, index) for s in premises(problem)]
        assert all(state.numeric(f[0], f[1:]) for f in facts if f is not None), seed


@pytest.mark.parametrize("name", sorted(NEWCLID_SKETCHES))
def test_tiny_problem_is_proved(name):
    assert prove(PROBLEMS[name], seconds=20).solved


def test_a_later_length_is_a_ratio_to_the_first():
    p = newclid("a = free a; b = lconst b a 4; c = free c; d = lconst d c 6 ? lconst c d 6")
    assert p.text() == ("a = free a; b = lconst b a 4; c = free c; d = rconst a b c d 2/3"
                        " ? rconst a b c d 2/3") and parse_problem("p", p.text()).text() == p.text()


def test_an_irrational_ratio_of_lengths_is_refused_naming_the_clause():
    with pytest.raises(ProblemError, match=r"clause 4 'd = lconst d c 2'.*sqrt\(1/2\)"):
        newclid("a = free a; b = l2const b a 2; c = free c; d = lconst d c 2")


def test_a_length_goal_needs_a_fixed_length():
    with pytest.raises(ProblemError, match="fixes no length"):
        newclid("a b = segment a b ? lconst a b 2")


def test_a_ratio_must_be_positive():
    with pytest.raises(ProblemError, match="rconst2: .*must be positive"):
        newclid("a b = segment a b; x = rconst2 x a b -1/2")


@pytest.mark.parametrize("goal, pred", [("lequation 1/1 a b 0", "lequation"),
                                        ("aequation 1/1 a b a c 0", "aequation"),
                                        ("acompute a b a c", "acompute")])
def test_goals_the_engine_cannot_state_are_refused_by_name(goal, pred):
    with pytest.raises(ProblemError, match=f"goal predicate '{pred}' is not supported"):
        newclid(f"a b c = triangle a b c ? {goal}")


def test_side_conditions_are_read_apart_from_the_goals():
    p = newclid("a b c = triangle a b c ? sameclock a b c a c b; cong a b b a; obtuse_angle b a c")
    assert [str(g) for g in p.goals] == ["cong a b b a"]
    assert [str(c) for c in p.conditions] == ["sameclock a b c a c b", "obtuse_angle b a c"]


def test_newclid_goal_names_and_degrees():
    p = newclid("a b c = triangle a b c; r = simtrir r a b c a c ? simtrir a b c a c r; "
                "aconst a b a c 30o")
    assert [str(g) for g in p.goals] == ["simtri2 a b c a c r", "aconst a b a c 1/6"]


def test_several_goals_are_all_proved():
    result = prove(newclid("a b c = triangle a b c; o = circle o a b c ? cong o a o b; cong o b o c; "
                           "cong o a o c"), seconds=20)
    assert result.solved and len(result.proof.premises) == 2


def test_every_goal_must_hold_on_the_diagram():
    with pytest.raises(ProblemError, match="the goal 'cong a c b c' is false"):
        prove(newclid("a b c = triangle a b c; m = midpoint m a b ? coll a b m; cong a c b c"))
