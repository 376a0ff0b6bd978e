"""Parsing the problem language: good problems, and one clear error per kind of mistake."""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domains.geometry.constructions import CONSTRUCTIONS
from domains.geometry.lengths import LENGTHS
from domains.geometry.parse import parse_angle, parse_file, parse_problem
from domains.geometry.problem import Call, Statement
from symgen.errors import ProblemError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

ORTHO = "a b c = triangle a b c; h = on_tline h a b c, on_line h b c ? perp a h b c"


def test_clauses_calls_and_goal():
    p = parse_problem("ortho", ORTHO)
    assert p.name == "ortho" and p.points == ("a", "b", "c", "h")
    assert p.clauses[1].calls == (Call("on_tline", ("h", "a", "b", "c")), Call("on_line", ("h", "b", "c")))
    assert p.clauses[1].position == 2 and p.clauses[1].text == "h = on_tline h a b c, on_line h b c"
    assert p.goal == Statement("perp", ("a", "h", "b", "c"))


def test_problem_without_goal():
    assert parse_problem("t", "a b c = triangle a b c").goal is None


def test_fixed_coordinates():
    p = parse_problem("t", "a@1.5_-2 b@0_0 = segment a b; c = midpoint c a b")
    assert p.clauses[0].fixed == (("a", 1.5, -2.0), ("b", 0.0, 0.0))


def test_multi_output_clause():
    p = parse_problem("t", "a b c = triangle a b c; d e = trisect d e b a c ? cong a d a e")
    assert p.points == ("a", "b", "c", "d", "e")
    assert p.clauses[1].points == ("d", "e")


def test_short_form_leaves_out_the_new_points():
    p = parse_problem("t", "a b c = triangle; x = angle_bisector b a c; y = s_angle a b 30")
    assert p.clauses[0].calls[0].args == ("a", "b", "c")
    assert p.clauses[1].calls[0].args == ("x", "b", "a", "c")
    assert p.clauses[2].calls[0].args == ("a", "b", "y")


def test_numeric_argument():
    p = parse_problem("t", "a b = segment a b; c = s_angle b a c -15")
    assert p.clauses[1].calls[0].numbers == (Fraction(-15),)


@pytest.mark.parametrize("text, value", [("1/3", Fraction(1, 3)), ("pi/3", Fraction(1, 3)),
                                         ("2pi/3", Fraction(2, 3)), ("pi", Fraction(1)),
                                         ("60deg", Fraction(1, 3)), ("0.5", Fraction(1, 2))])
def test_angle_constants_are_in_units_of_pi(text, value):
    assert parse_angle(text) == value


def test_aconst_goal():
    p = parse_problem("t", "a b c = ieq_triangle a b c ? aconst a b a c pi/3")
    assert p.goal == Statement("aconst", ("a", "b", "a", "c"), (Fraction(1, 3),))


def test_rconst_goal_as_two_integers():
    p = parse_problem("t", "a b c = triangle12 a b c ? rconst a b a c 1 2")
    assert p.goal.numbers == (Fraction(1, 2),)


def test_text_parses_back_to_an_equal_problem():
    p = parse_problem("t", ORTHO)
    assert parse_problem("t", p.text()) == p


# A second fixed length reads as a ratio to the first (lengths.py): it prints back rewritten.
WITH_INPUTS = sorted(n for n, d in CONSTRUCTIONS.items() if d.inputs and n not in LENGTHS)


@st.composite
def problem_lines(draw) -> tuple[str, list[str]]:
    """A random well-formed problem line over the construction table, and its points."""
    names, clauses = ["a", "b", "c"], ["a b c = triangle a b c"]
    for k in range(draw(st.integers(1, 6))):
        defn = CONSTRUCTIONS[draw(st.sampled_from(WITH_INPUTS))]
        new = [f"p{k}_{j}" for j in range(len(defn.outputs))]
        binding = {p: draw(st.sampled_from(names)) for p in defn.inputs} | dict(zip(defn.outputs, new, strict=True))
        args = [binding[p] for p in defn.params] + ["30"] * defn.numbers
        clauses.append(f"{' '.join(new)} = {defn.name} {' '.join(args)}")
        names += new
    return "; ".join(clauses), names


@settings(derandomize=True, max_examples=80, deadline=None)
@given(problem_lines())
def test_generated_problems_parse_and_print_back(case):
    line, names = case
    p = parse_problem("gen", line)
    assert list(p.points) == names and p.text() == line and parse_problem("gen", p.text()) == p


# ---------------------------------------------------------------------------
# Errors: each names the problem, the clause and the reason

BAD = {
    "no '='": ("a b c = triangle a b c; h on_line h b c", 2, "malformed clause"),
    "unknown construction": ("a b c = triangle a b c; h = on_circel h a b", 2, "'on_circle'"),
    "wrong arity": ("a b c = triangle a b c; h = foot h a b", 2, "takes 4 arguments"),
    "undefined point": ("a b c = triangle a b c; h = foot h a b d", 2, "'d' is used before it is defined"),
    "used in its own clause": ("a b = segment a b; c d = on_line c a b, on_line d c a", 2,
                               "'c' is used before it is defined"),
    "defined twice": ("a b c = triangle a b c; b = midpoint b a c", 2, "'b' is defined twice"),
    "output not new": ("a b c = triangle a b c; h = foot k a b c", 2, "introduces 'k'"),
    "not a number": ("a b = segment a b; c = s_angle b a c sixty", 2, "expected a number, got 'sixty'"),
    "bad coordinates": ("a@1_x b = segment a b", 1, "bad fixed coordinates"),
    "point not placed": ("a b c = triangle a b c; h k = foot h a b c", 2, "'k' is not placed"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_error_names_problem_clause_and_reason(kind):
    line, position, reason = BAD[kind]
    with pytest.raises(ProblemError) as info:
        parse_problem("prob7", line, source="file.txt")
    err = info.value
    clause = line.split(";")[position - 1].strip()
    assert err.position == position and err.clause == clause
    assert "prob7" in str(err) and "file.txt" in str(err) and clause in str(err) and reason in str(err)


def test_unknown_construction_suggests_a_name():
    with pytest.raises(ProblemError, match="unknown construction 'midpiont' .*'midpoint'"):
        parse_problem("t", "a b = segment a b; m = midpiont m a b")


@pytest.mark.parametrize("goal, reason", [("paralel a b a c", "unknown goal predicate 'paralel'"),
                                          ("perp a b c z", "undefined point 'z'"),
                                          ("perp a b c", "takes 4 points"),
                                          ("aconst a b a c x", "expected a number")])
def test_goal_errors(goal, reason):
    with pytest.raises(ProblemError, match=reason) as info:
        parse_problem("t", f"a b c = triangle a b c ? {goal}")
    assert goal in info.value.clause


def test_file_with_a_bad_problem_still_yields_the_others():
    text = "\n".join(["good1", ORTHO, "", "bad", "a b c = triangle a b c; h = nope h a", "good2",
                      "a b = segment a b; m = midpoint m a b ? midp m a b"])
    items = parse_file(text, "probs.txt")
    assert [type(i).__name__ for i in items] == ["Problem", "ProblemError", "Problem"]
    assert items[1].problem == "bad" and "probs.txt:5" in str(items[1])
    assert items[2].name == "good2"


def test_name_without_problem_is_reported():
    items = parse_file("lonely\nname2\na b = segment a b", "f.txt")
    assert isinstance(items[0], ProblemError) and items[0].problem == "lonely"
    assert items[1].name == "name2"


def test_problem_line_without_name_is_named_by_line():
    items = parse_file("a b = segment a b\na b c = triangle a b c", "f.txt")
    assert [p.name for p in items] == ["line 1", "line 2"]


def test_sample_file_parses():
    items = parse_file((FIXTURES / "jgex_sample.txt").read_text(), "jgex_sample.txt")
    assert len(items) >= 25 and all(not isinstance(i, ProblemError) for i in items)
