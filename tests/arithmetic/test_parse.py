"""Parsing arithmetic problems: the own language, the JSONL benchmark format, and one clear error per mistake.

``tests/fixtures/arith_sample.jsonl`` holds five statements (P3, P7, P9, P11, P17) copied
unchanged from ``chen_neq.jsonl``, which were read from NeqLIPS (github.com/Lizn-zn/NeqLIPS,
MIT licence, copyright 2025 Zenan Li).
"""
from __future__ import annotations

from pathlib import Path

import pytest
import sympy
from sympy import Rational, sqrt

from domains.arithmetic.parse import parse_file, parse_jsonl, parse_problem
from domains.arithmetic.problem import Problem, Relation
from symgen.errors import ProblemError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
a, b, c, n, x, y = sympy.symbols("a b c n x y")

AMGM = "a b c : positive; a*b*c = 1 ? a**2 + b**2 + c**2 >= a + b + c"


def test_declarations_hypotheses_and_goal():
    p = parse_problem("amgm", AMGM)
    assert p.variables == ("a", "b", "c") and p.domains == ("positive",) * 3
    assert p.hypotheses == (Relation("=", a * b * c, 1),)
    assert p.goal == Relation(">=", a**2 + b**2 + c**2, a + b + c)


def test_variables_are_plain_symbols():
    p = parse_problem("t", "a : positive ? sqrt(a**2) >= 0")
    assert p.goal.lhs == sqrt(a**2) and p.goal.lhs != a


@pytest.mark.parametrize("word, domain", [("reals", "real"), ("positive reals", "positive"),
                                          ("nonnegative", "nonneg"), ("integers", "integer"),
                                          ("naturals", "natural"), ("Positive  Reals", "positive")])
def test_domain_words_are_normalised(word, domain):
    assert parse_problem("t", f"x : {word} ? x >= x").domains == (domain,)


def test_several_declarations_in_any_order():
    p = parse_problem("t", "a b : positive; a >= b; n : integer ? a*n >= b*n")
    assert dict(zip(p.variables, p.domains)) == {"a": "positive", "b": "positive", "n": "integer"}


@pytest.mark.parametrize("op, flipped", [("<=", ">="), ("<", ">")])
def test_less_than_is_flipped(op, flipped):
    assert parse_problem("t", f"x y : real ? x {op} y + 1").goal == Relation(flipped, y + 1, x)


def test_equality_disequality_and_sympy_wrappers():
    p = parse_problem("t", "x y : real; x == y; Eq(x, 2*y); Ne(x, y + 1) ? x != y - 1")
    assert [h.op for h in p.hypotheses] == ["=", "=", "!="] and p.goal.op == "!="
    assert p.hypotheses[1] == Relation("=", x, 2 * y)


@pytest.mark.parametrize("text, value", [("0.5*a", a / 2), ("a**(1/3)", a ** Rational(1, 3)),
                                         ("a^2", a**2), ("1.25", Rational(5, 4)), ("cbrt(a)", a ** Rational(1, 3))])
def test_numbers_are_exact(text, value):
    assert parse_problem("t", f"a : positive ? {text} >= 0").goal.lhs == value


def test_divisibility_and_congruence():
    assert parse_problem("t", "n : integer ? 6 | n**3 - n").goal == Relation("dvd", 6, n**3 - n)
    assert parse_problem("t", "n : natural ? n**5 = n (mod 5)").goal == Relation("cong", n**5, n, 5)


# ---------------------------------------------------------------------------
# Errors: each names the problem, the clause and the culprit

BAD = {
    "undeclared variable": ("a : positive ? a >= b", None, "undeclared variable 'b'"),
    "unknown function": ("a : positive ? sin(a) >= 0", None, "unknown function 'sin'"),
    "declared twice": ("a : positive; a : real ? a >= 0", 2, "'a' is declared twice"),
    "unknown domain": ("a : complex ? a >= 0", 1, "unknown domain 'complex'"),
    "empty expression": ("a : positive; a >= ? a >= 0", 2, "empty expression on the right of '>='"),
    "syntax": ("a : positive; a + * 2 >= 0 ? a >= 0", 2, "syntax error in 'a + * 2' at column 5"),
    "unbalanced": ("a : positive ? (a + 2 >= 0", None, "unbalanced parentheses"),
    "no relation": ("a : real; a ? a >= 0", 2, "expected a relation"),
    "chained": ("a : real ? 0 <= a <= 1", None, "more than one relation operator"),
    "dvd on reals": ("a : real ? 2 | a", None, "'a' is real"),
    "cong on positive": ("a : positive; n : integer ? a*n = 0 (mod 2)", None, "'a' is positive"),
    "modulus": ("n : integer ? n = 1 (mod 1)", None, "modulus must be an integer >= 2, got '1'"),
    "divisor": ("n : integer ? n | 6", None, "divisor must be a nonzero integer constant, got 'n'"),
    "zero divisor": ("n : integer ? 0 | n", None, "got '0'"),
    "reserved name": ("sqrt : real ? 1 >= 0", 1, "'sqrt' is reserved"),
    "attribute": ("a : real ? a.real >= 0", None, "'.' is not allowed (column 2 of 'a.real'"),
    "import": ("a : real ? __import__('os').getcwd() >= a", None, "unknown function"),
    "keyword argument": ("a : real ? sqrt(a, evaluate=False) >= 0", None, "sqrt takes one argument"),
    "division by zero": ("a : real ? 1/0 >= a", None, "not a finite real expression"),
    "empty goal": ("a : real ? ", None, "empty goal"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_error_names_problem_clause_and_culprit(kind):
    text, position, reason = BAD[kind]
    with pytest.raises(ProblemError) as info:
        parse_problem("prob7", text, source="file.txt", line=4)
    err = info.value
    clause = text.split("?")[0].split(";")[position - 1].strip() if position else f"? {text.split('?')[1].strip()}"
    assert err.problem == "prob7" and err.position == position and err.clause == clause
    assert reason in err.reason and "file.txt:4" in str(err)


def test_missing_goal():
    with pytest.raises(ProblemError, match=r"missing '\? goal'") as info:
        parse_problem("p", "a : positive; a >= 0")
    assert info.value.problem == "p"


def test_file_with_a_bad_problem_still_yields_the_others():
    text = "\n".join(["good1", AMGM, "", "# a comment", "bad", "x : real ? x >= y", "good2", "n : integer ? 2 | n**2 - n"])
    items = parse_file(text, "probs.txt")
    assert [type(i).__name__ for i in items] == ["Problem", "ProblemError", "Problem"]
    assert items[1].problem == "bad" and "probs.txt:6" in str(items[1]) and "'y'" in items[1].reason
    assert items[2].name == "good2" and items[2].line == 8


def test_name_without_statement_is_reported():
    items = parse_file("lonely\nname2\nx : real ? x**2 >= 0\nlast", "f.txt")
    assert [i.problem if isinstance(i, ProblemError) else i.name for i in items] == ["lonely", "name2", "last"]
    assert isinstance(items[0], ProblemError) and isinstance(items[2], ProblemError)


def test_statement_without_name_is_named_by_line():
    items = parse_file("x : real ? x**2 >= 0\nx : real ? x**4 >= 0", "f.txt")
    assert [p.name for p in items] == ["line 1", "line 2"]


def test_sample_file_parses():
    items = parse_file((FIXTURES / "arith_sample.txt").read_text(), "arith_sample.txt")
    assert len(items) >= 6 and all(isinstance(i, Problem) for i in items)
    assert {i.goal.op for i in items} >= {">=", "!=", "dvd", "cong"}


# ---------------------------------------------------------------------------
# The JSONL benchmark format

def _sample_jsonl() -> dict[str, Problem]:
    items = parse_jsonl((FIXTURES / "arith_sample.jsonl").read_text(), "arith_sample.jsonl")
    assert all(isinstance(i, Problem) for i in items)
    return {p.name: p for p in items}


def test_jsonl_sign_hypotheses_become_domains():
    problems = _sample_jsonl()
    p3, p7, p9 = problems["ChenNEQ_P3"], problems["ChenNEQ_P7"], problems["ChenNEQ_P9"]
    assert p3.domains == ("nonneg",) * 3 and p3.hypotheses == ()
    assert p7.domains == ("real",) * 3 and p7.hypotheses == (Relation("=", a * b * c, 1),)
    assert p9.domains == ("positive",) * 3 and p9.hypotheses == (Relation("=", a + b + c, 1),)


def test_jsonl_other_hypotheses_are_kept_and_flipped():
    problems = _sample_jsonl()
    assert Relation(">=", a * b * c, 27) in problems["ChenNEQ_P11"].hypotheses
    assert problems["ChenNEQ_P17"].hypotheses[0] == Relation(">", a + b, c)
    assert problems["ChenNEQ_P7"].goal == Relation(">=", a**2 + b**2 + c**2, a + b + c)


def test_jsonl_lines_and_source():
    p = _sample_jsonl()["ChenNEQ_P9"]
    assert p.line == 3 and p.source == "arith_sample.jsonl"


def test_jsonl_bad_lines_are_errors_and_others_parse():
    good = (FIXTURES / "arith_sample.jsonl").read_text().splitlines()[0]
    text = "\n".join([good, "{not json", '{"name": "Q", "variables": ["a"], "domain": "reals", "goal": "a >= 0"}',
                      good])
    items = parse_file(text, "bench.jsonl")
    assert [type(i).__name__ for i in items] == ["Problem", "ProblemError", "ProblemError", "Problem"]
    assert "bench.jsonl:2" in str(items[1]) and "bad JSON" in items[1].reason
    assert items[2].problem == "Q" and "'hypotheses'" in items[2].reason and "bench.jsonl:3" in str(items[2])


# ---------------------------------------------------------------------------
# Round trip: the printed statement reads back as the same problem

def _same(p: Problem, q: Problem) -> bool:
    return (dict(zip(p.variables, p.domains)) == dict(zip(q.variables, q.domains))
            and p.hypotheses == q.hypotheses and p.goal == q.goal)


def _all_samples() -> list[Problem]:
    own = parse_file((FIXTURES / "arith_sample.txt").read_text(), "arith_sample.txt")
    return own + list(_sample_jsonl().values())


@pytest.mark.parametrize("p", _all_samples(), ids=lambda p: p.name)
def test_text_parses_back_to_an_equal_problem(p):
    assert _same(parse_problem(p.name, p.text()), p)
