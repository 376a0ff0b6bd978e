"""Parsing and printing loop programs: both syntaxes, the benchmark, one clear error per mistake."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domains.code.parse import parse_c, parse_file, parse_program
from domains.code.printer import cond_text, expr_text, program_text
from domains.code.problem import (And, Assert, Assign, Assume, Bin, Block, BoolConst, Cmp, Const, If, Neg, Nondet,
                                  NondetCond, Not, Or, Program, Var, While)
from symgen.errors import ProblemError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "code"
FIXTURE_FILES = sorted(FIXTURES.glob("*.c"), key=lambda p: int(p.stem))
BENCHMARK = Path("/work/shared/benchmarks/code/code2inv")

COUNT_UP = """\
program count_up
var n;            # input: any integer
var i = 0, s = 0; # initialised
assume(n >= 0);
while (i < n) { i = i + 1; if (*) { s = s + 2; } else { s = s + 1; } }
assert(i == n);
"""


def one(e):
    return Bin("+", e, Const(1))


# -- symgen's syntax -----------------------------------------------------------

def test_own_syntax_program():
    p = parse_program(COUNT_UP)
    i, n, s = Var("i"), Var("n"), Var("s")
    loop = While(Cmp("<", i, n), Block((Assign("i", one(i)), If(NondetCond(), Block((Assign("s", Bin("+", s, Const(2))),)),
                                                                 Block((Assign("s", one(s)),))))))
    assert p == Program("count_up", ("n", "i", "s"), ("n",),
                        Block((Assign("i", Const(0)), Assign("s", Const(0)), Assume(Cmp(">=", n, Const(0))), loop,
                               Assert(Cmp("==", i, n)))))


def test_header_is_optional_and_must_agree_with_the_name():
    body = COUNT_UP.split("\n", 1)[1]
    assert parse_program(body, "count_up") == parse_program(COUNT_UP)
    with pytest.raises(ProblemError, match="header names program 'count_up'"):
        parse_program(COUNT_UP, "other")


def test_precedence_and_negative_numbers():
    p = parse_program("var a, b, c; a = a - b - c; b = -5 * a; c = -(5) + -a % (b / 2);", "t")
    a, b, c = Var("a"), Var("b"), Var("c")
    assert [s.expr for s in p.body.stmts] == [Bin("-", Bin("-", a, b), c), Bin("*", Const(-5), a),
                                              Bin("+", Neg(Const(5)), Bin("%", Neg(a), Bin("/", b, Const(2))))]


def test_conditions_and_nondeterministic_values():
    p = parse_program("var x; x = * + 1; assume(!(x < 0) && * || x == 3 && true);", "t")
    x = Var("x")
    assert p.body.stmts[0] == Assign("x", Bin("+", Nondet(), Const(1)))
    assert p.body.stmts[1] == Assume(Or(And(Not(Cmp("<", x, Const(0))), NondetCond()),
                                        And(Cmp("==", x, Const(3)), BoolConst(True))))


def test_bare_braces_are_a_nested_block():
    p = parse_program("var x; { x = 1; }", "t")
    assert p.body.stmts == (Block((Assign("x", Const(1)),)),)


def test_file_of_programs_collects_errors():
    text = COUNT_UP + "program bad\nvar x;\ny = 1;\nprogram ok\nvar z = 2;\n"
    results = parse_file(text, "progs.txt")
    assert [type(r).__name__ for r in results] == ["Program", "ProblemError", "Program"]
    err = results[1]
    assert (err.problem, err.position, err.clause) == ("bad", 9, "y = 1;")


def test_file_with_a_program_defined_twice():
    results = parse_file("program a\nvar x;\nprogram a\nvar y;\n", "f.txt")
    assert isinstance(results[1], ProblemError) and "defined twice" in results[1].reason


# -- the C subset ----------------------------------------------------------------

def test_c_program_with_parenthesised_statements_and_nested_blocks():
    p = parse_file((FIXTURES / "1.c").read_text(), str(FIXTURES / "1.c"))[0]
    x, y = Var("x"), Var("y")
    assert (p.name, p.variables, p.inputs) == ("1", ("x", "y"), ("x", "y"))
    assert p.body.stmts[2] == While(Cmp("<", y, Const(100000)),
                                    Block((Assign("x", Bin("+", x, y)), Assign("y", one(y)))))


def test_c_declarations_with_values_are_assignments_in_place():
    p = parse_c((FIXTURES / "5.c").read_text(), "5")
    assert (p.variables, p.inputs) == (("x", "size", "y", "z"), ("size", "y", "z"))
    assert p.body.stmts[0] == Assign("x", Const(0))
    assert p.body.stmts[1].body.stmts[0] == Assign("x", Bin("+", Var("x"), Const(1)))


def test_c_nested_if_else_on_unknown():
    p = parse_c((FIXTURES / "35.c").read_text(), "35")
    branch = p.body.stmts[1].body.stmts[0]
    assert isinstance(branch, If) and branch.cond == NondetCond()
    assert branch.orelse.stmts[0] == If(Cmp("==", Var("c"), Const(40)), Block((Assign("c", Const(1)),)), Block())


def test_c_increments_compound_assignments_and_comments():
    p = parse_c("void main(void) { int x, y = 3; /* c\n */ x++; --y; (x += y * 2); y %= 2;"
                " x = unknown(); while (1) { x--; } }", "t")
    x, y = Var("x"), Var("y")
    assert p.inputs == ("x",)
    assert p.body.stmts[:6] == (Assign("y", Const(3)), Assign("x", one(x)), Assign("y", Bin("-", y, Const(1))),
                                Assign("x", Bin("+", x, Bin("*", y, Const(2)))), Assign("y", Bin("%", y, Const(2))),
                                Assign("x", Nondet()))
    assert p.body.stmts[6].cond == BoolConst(True)


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixture_round_trips_through_own_syntax(path):
    p = parse_file(path.read_text(), str(path))[0]
    assert isinstance(p, Program)
    assert parse_program(program_text(p), source=p.source) == p


def test_all_benchmark_programs_parse_and_round_trip():
    if not BENCHMARK.is_dir():
        pytest.skip("the shared Code2Inv folder is not here")
    files = sorted(BENCHMARK.glob("*.c"))
    assert len(files) == 67
    for path in files:
        p = parse_file(path.read_text(), str(path))[0]
        assert isinstance(p, Program), p
        assert parse_program(program_text(p), source=p.source) == p


# -- errors ---------------------------------------------------------------------

C_ERRORS = [
    ("int main() {\n  int x;\n  y = 1;\n}", 3, "'y' is not declared"),
    ("int main() {\n  x = 1;\n  int x;\n}", 2, "'x' is not declared"),
    ("int main() {\n  int x;\n  int x = 2;\n}", 3, "declared twice"),
    ("int main() {\n  int x;\n  int *p;\n}", 3, "expected a variable name"),
    ("int main() {\n  int x;\n  x = *x;\n}", 3, "pointers are not supported"),
    ("int main() {\n  int a[3];\n}", 2, "arrays are not supported"),
    ("int main() {\n  int x;\n  x = f(1);\n}", 3, "function calls are not supported"),
    ("int main() {\n  int x;\n  f(x);\n}", 3, "function calls are not supported"),
    ("int main() {\n  int i;\n  for (i = 0; i < 3; i++) {}\n}", 3, "for loops are not supported"),
    ("int main() {\n  int x;\n  x = 1\n}", 4, "expected ';'"),
    ("int main() {\n  int x;\n  while (x) { x = 0; }\n}", 3, "expected a condition"),
    ("int main() {\n  int x;\n  x = (x < 1);\n}", 3, "expected a number, got a condition"),
    ("int main() {\n  int x;\n  if (x > 0) { int y; }\n}", 3, "only allowed at the top level"),
    ("int main() {\n  long x;\n}", 2, "type 'long' is not supported"),
    ("int main() {\n  int x;\n  x = 010;\n}", 3, "octal"),
    ("int main() {\n  int x;\n  return 0;\n}", 3, "'return' statements are not supported"),
    ("int main() {\n  int x; /* open\n}", 2, "never closed"),
    ("int main() {\n  int x;\n}\nint g() {}", 4, "nothing may follow main"),
    ("int f() {\n}\nint main() {}", 1, "only the function main"),
]


@pytest.mark.parametrize("text, line, reason", C_ERRORS, ids=[r for _, _, r in C_ERRORS])
def test_c_errors_name_the_line_and_reason(text, line, reason):
    with pytest.raises(ProblemError) as info:
        parse_c(text, "bad", "bad.c")
    err = info.value
    assert reason in err.reason and err.position == line
    assert err.clause == text.split("\n")[line - 1] and err.source == "bad.c" and err.problem == "bad"


OWN_ERRORS = [
    ("var x;\nif (x > 0) x = 1;", 2, "braces are required"),
    ("var x;\nx += 1;", 2, "expected '='"),
    ("var x;\nwhile (x > 0) {\n  x = x - 1;\n", 4, "expected '}'"),
    ("var x;\nassert(x);", 2, "expected a condition"),
    ("var x;\nx = y;", 2, "'y' is not declared"),
    ("var x;\nif (*) { var y; }", 2, "only allowed at the top level"),
    ("var x;\nx = x & 1;", 2, "write && for 'and'"),
    ("var x;\nassume(x < 1 < 2);", 2, "expected a number, got a condition"),
    ("var if;", 1, "expected a variable name"),
]


@pytest.mark.parametrize("text, line, reason", OWN_ERRORS, ids=[r for _, _, r in OWN_ERRORS])
def test_own_syntax_errors_name_the_line_and_reason(text, line, reason):
    with pytest.raises(ProblemError) as info:
        parse_program(text, "bad")
    assert reason in info.value.reason and info.value.position == line


# -- printing --------------------------------------------------------------------

def test_printer_uses_minimal_parentheses():
    a, b = Var("a"), Var("b")
    assert expr_text(Bin("-", a, Bin("-", b, Const(1)))) == "a - (b - 1)"
    assert expr_text(Bin("*", Bin("+", a, b), Neg(Const(2)))) == "(a + b) * (-(2))"
    assert expr_text(Bin("-", Bin("*", Neg(a), b), Const(-3))) == "-a * b - (-3)"
    assert cond_text(And(Or(NondetCond(), BoolConst(False)), Not(Cmp("<", a, b)))) == "(* || false) && !(a < b)"


def test_printed_program_layout():
    assert program_text(parse_program(COUNT_UP)) == (
        "program count_up\nvar n;\nvar i = 0, s = 0;\nassume(n >= 0);\nwhile (i < n) {\n  i = i + 1;\n"
        "  if (*) {\n    s = s + 2;\n  } else {\n    s = s + 1;\n  }\n}\nassert(i == n);\n")


NAMES = ("a", "b", "n", "x1", "y_2")


def divides(e: Bin) -> bool:
    """No literal zero divisor: the parser refuses one."""
    return e.op not in "/%" or e.right != Const(0)


def exprs_over(names):
    leaves = [st.integers(-50, 10**12).map(Const), st.just(Nondet())]
    leaves += [st.sampled_from(names).map(Var)] if names else []
    return st.recursive(st.one_of(leaves),
                        lambda sub: st.one_of(st.builds(Bin, st.sampled_from("+-*/%"), sub, sub).filter(divides),
                                              st.builds(Neg, sub)),
                        max_leaves=6)


def stmts_over(names):
    exprs = exprs_over(names)
    cmp = st.builds(Cmp, st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), exprs, exprs)
    conds = st.recursive(st.one_of(cmp, st.just(NondetCond()), st.builds(BoolConst, st.booleans())),
                         lambda sub: st.one_of(st.builds(And, sub, sub), st.builds(Or, sub, sub), st.builds(Not, sub)),
                         max_leaves=4)

    def blocks(sub):
        return st.lists(sub, max_size=2).map(lambda xs: Block(tuple(xs)))
    simple = st.one_of(st.builds(Assign, st.sampled_from(names), exprs), st.builds(Assume, conds),
                       st.builds(Assert, conds))
    return st.recursive(simple, lambda sub: st.one_of(st.builds(If, conds, blocks(sub), blocks(sub)),
                                                      st.builds(While, conds, blocks(sub)), blocks(sub)),
                        max_leaves=5)


EXPRS = [exprs_over(NAMES[:k]) for k in range(len(NAMES))]          # over the first k names
STMTS = [None] + [stmts_over(NAMES[:k]) for k in range(1, len(NAMES) + 1)]


@st.composite
def programs(draw):
    """A well-formed program: each variable declared (input or initialised) before any use of it."""
    body, inputs = [], []
    for k, name in enumerate(NAMES):
        if k:
            body += draw(st.lists(STMTS[k], max_size=1))
        if draw(st.booleans()):
            inputs.append(name)
        else:
            body.append(Assign(name, draw(EXPRS[k])))
    body += draw(st.lists(STMTS[-1], max_size=3))
    return Program("p_1", NAMES, tuple(inputs), Block(tuple(body)))


@settings(max_examples=100, deadline=None)
@given(programs())
def test_printing_then_parsing_gives_the_same_program(program):
    assert parse_program(program_text(program)) == program
