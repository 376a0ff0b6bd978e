"""Radicals by substitution, Abs/Max/Min by case split, and the "unsupported" messages."""
import copy

import pytest
import sympy

from domains.arithmetic.cases import split
from domains.arithmetic.check import ArithCheckError, check_proof
from domains.arithmetic.corpus_check import check_result
from domains.arithmetic.parse import parse_problem
from domains.arithmetic.prover import prove
from domains.arithmetic.radicals import substitute
from domains.arithmetic.record import result_steps
from symgen.errors import ProblemError

a, b, t1, t2 = sympy.symbols("a b t1 t2")


def proved(text: str, seconds: float = 20.0):
    problem = parse_problem("t", text)
    result = prove(problem, seconds=seconds)
    assert result.solved, result.text()
    return problem, result, result_steps(result)


@pytest.mark.parametrize("text, bases, goal", [
    ("a b : positive ? sqrt(a*b) + sqrt(a*b) >= 0", [(a * b, 2)], 2 * t1),
    ("a : positive ? cbrt(a) >= 0", [(a, 3)], t1),
    ("a : positive ? a**(3/2) >= 0", [(a, 2)], t1 ** 3),
    ("a : positive ? a**(-2/3) >= 0", [(a, 3)], t1 ** -2),
    ("a : positive ? sqrt(1 + sqrt(a)) >= 0", [(a, 2), (1 + t1, 2)], t2),
])
def test_substitution(text, bases, goal):
    problem, roots = substitute(parse_problem("t", text))
    assert [(r.base, r.index) for r in roots] == bases
    assert problem.goal.lhs == goal and problem.variables[-len(roots):] == tuple(r.name for r in roots)


def test_a_negative_power_is_a_divisor():
    problem, _ = substitute(parse_problem("t", "a : positive ? 1/sqrt(a) >= 0"))
    assert problem.goal.divisors == (t1,)


def test_am_gm_with_a_square_root_is_proved_and_replayed():
    problem, result, steps = proved("a b : positive ? a + b >= 2*sqrt(a*b)")
    assert result.to_json()["substitutions"] == ["let t1 = sqrt(a*b), t1 > 0, t1**2 = a*b"]
    assert steps[0] == {"fact": "a*b - t1**2 = 0", "rule": "root", "args": ["t1", "sqrt(a*b)"]}
    check_proof(problem, steps)
    assert check_result(result) is None            # exact replay and the numeric check


@pytest.mark.parametrize("tamper", ["equation", "radical", "sign", "order"])
def test_checker_refuses_a_wrong_substitution(tamper):
    problem, _, steps = proved("a b : positive ? a + b >= 2*sqrt(a*b)")
    steps = copy.deepcopy(steps)
    if tamper == "equation":
        steps[0]["fact"] = "a*b + 1 - t1**2 = 0"
    elif tamper == "radical":
        steps[0]["args"] = ["t1", "sqrt(a*b + 1)"]
    elif tamper == "sign":           # an even root of a radicand of unknown sign
        problem = parse_problem("t", "a b : real ? a + b >= 2*sqrt(a*b)")
    else:                            # without the root's sign line, t1 has no sign
        del steps[1]
        cert = steps[-1]
        cert["cites"] = [c - (c > 2) for c in cert["cites"]]
        for term in cert["certificate"]["terms"] + cert["certificate"]["free"]:
            term["lines"] = [c - (c > 2) for c in term["lines"]]
    with pytest.raises(ArithCheckError, match=WHY[tamper]):
        check_proof(problem, steps)


WHY = {"equation": "neither t1", "radical": "t1 is sqrt", "sign": "radicand",
       "order": "non-negative"}         # a term or a lemma argument without its sign


def test_an_even_root_needs_its_radicand_shown_non_negative():
    result = prove(parse_problem("t", "x : real ? sqrt(x) >= 0"), seconds=5)
    assert not result.solved and "radicand of sqrt(x)" in result.stop
    ok = prove(parse_problem("t", "x : real ; x >= 1 ? sqrt(x - 1) >= 0"), seconds=5)
    assert ok.solved and check_result(ok) is None


def test_split_cases():
    cases = split(parse_problem("t", "a b : real ? Max(a, b) >= Abs(a)"))
    assert [c.text() for c in cases] == ["a - b >= 0 and a >= 0", "a - b >= 0 and -a >= 0",
                                         "-a + b >= 0 and a >= 0", "-a + b >= 0 and -a >= 0"]


def test_abs_by_cases_is_proved_and_replayed():
    problem, result, steps = proved("a b : real ? Abs(a) + Abs(b) >= Abs(a + b)")
    assert [s["rule"] for s in steps] == ["case"] * 8 + ["cases"]
    check_proof(problem, steps)
    assert check_result(result) is None
    with pytest.raises(ArithCheckError, match="case 4 of the statement"):    # one left out
        check_proof(problem, steps[:3] + steps[4:])
    with pytest.raises(ArithCheckError, match="splits into 8 cases"):       # no last line
        check_proof(problem, steps[:8])


def test_checker_refuses_a_wrong_case():
    problem, _, steps = proved("x : real ? Abs(x) >= x")
    steps = copy.deepcopy(steps)
    steps[1]["fact"] = "x >= 0"                 # the second case claims the first's condition
    with pytest.raises(ArithCheckError, match="case 2"):
        check_proof(problem, steps)


@pytest.mark.parametrize("text, named", [
    ("a b : positive ? 1 <= a**a*b**b", "unsupported: variable exponent a**a at column 2"),
    ("a : positive ? a**sqrt(2) >= 0", "unsupported: irrational exponent a**(sqrt(2))"),
])
def test_unsupported_names_the_construct(text, named):
    result = prove(parse_problem("t", text), seconds=5)
    assert result.stop == "unsupported" and result.detail.startswith(named)


def test_an_unknown_function_is_named():
    with pytest.raises(ProblemError, match="unknown function 'exp'"):
        parse_problem("t", "a : real ? exp(a) >= 0")


def test_am_gm_on_a_cube_root_at_the_equality_point():
    problem, result, steps = proved("x : positive ? cbrt(x) <= (x + 2)/3")
    assert {"fact": "t1**3 - 3*t1 + 2 >= 0", "rule": "amgm", "args": ["t1", "1", "1"]} in steps
    check_proof(problem, steps)


def test_homogeneous_am_gm_on_a_cube_root():
    problem, result, steps = proved("a b c : positive ? 3*(a*b*c)**(1/3) <= a + b + c")
    assert any(s["rule"] == "amgm" and s["args"][0] == "t1" and s["args"][1] != "1" for s in steps)
    check_proof(problem, steps)
