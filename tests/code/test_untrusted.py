"""Untrusted input in the code domain (issue 27): bounded parsing, time limits, stated
semantics, records whose every claim is checked, and fuzzing of every parser entry point."""
from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domains.code import interp
from domains.code.corpus_check import check_record
from domains.code.heuristic import HeuristicProposer
from domains.code.parse import parse_condition, parse_file, parse_program
from domains.code.printer import program_text
from domains.code.problem import And, BoolConst, Cmp, Not, NondetCond, Or, Program, Var
from domains.code.prover import DIVISION, prove
from domains.code.text import prompt_text, read_conjunct, training_pairs
from domains.code.theorems import CodeConfig, ItemStats, _theorem
from symgen.errors import ProblemError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "code").glob("*.c"))
EXAMPLES = (ROOT / "domains" / "code" / "examples.txt").read_text()
HEAD = "program p\nvar x;\n"
COND_TYPES = (Cmp, And, Or, Not, NondetCond, BoolConst)
PAYLOAD = "Integer.__new__.__globals__['__builtins__']['__import__']('os').system('touch {}')"


def only(text: str, source: str = "p.txt"):
    """The one result of parsing ``text``, timed: it must come back within 2 s."""
    start = time.perf_counter()
    results = parse_file(text, source)
    assert time.perf_counter() - start < 2.0
    assert len(results) == 1
    return results[0]


# -- no code runs from any text ----------------------------------------------------

@pytest.mark.parametrize("template", [
    "assert({} >= 0);", "x = {};", "assume({});",
    "int main() {{ int x; assert({} >= 0); }}", "int main() {{ int x; x = {}; }}",
])
def test_a_python_payload_is_a_parse_error_and_runs_nothing(tmp_path, template):
    marker = tmp_path / "X"
    text = template.format(PAYLOAD.format(marker))
    result = only(text if "main" in text else HEAD + text)
    assert isinstance(result, ProblemError) and not marker.exists()


def test_a_payload_in_a_record_or_in_model_output_runs_nothing(tmp_path):
    marker = tmp_path / "X"
    payload = PAYLOAD.format(marker)
    program = parse_program(COUNT_UP)
    for field, value in (("goal", payload), ("invariant", [{"loop": 0, "formula": payload}]), ("aux", [f"L0: {payload}"]),
                         ("program", RECORD["program"].replace("i == n", payload))):
        assert check_record(RECORD | {field: value})
    assert read_conjunct(program, f"L0 : {payload}") is None
    with pytest.raises(ProblemError):
        parse_condition(payload, ["x"])
    assert not marker.exists()


# -- sizes: one clear error, naming the program, the line and the reason -------------

def nested(opening: str, inner: str, closing: str, n: int) -> str:
    return HEAD + opening * n + inner + closing * n + "\nassert(x >= 0);\n"


TOO_BIG = [
    (HEAD + "x = " + "9" * 10001 + ";\n", 3, "10001 digits (at most 100)"),
    (HEAD + "x = " + "(" * 5000 + "1" + ")" * 5000 + ";\n", 3, "nested parentheses and unary signs"),
    (HEAD + "assert(" + "!" * 5000 + "(x > 0));\n", 3, "nested parentheses and unary signs"),
    (HEAD + "x = 1" + "\n+ 1" * 3000 + ";\n", 103, "nests deeper than 100"),
    (HEAD + "assert(x > 0" + "\n&& x > 0" * 5000 + ");\n", 102, "nests deeper than 100"),
    (nested("if (x > 0) {\n", "x = 1;", "}\n", 2000), 103, "blocks nested deeper than 100"),
    (nested("while (x > 0) {\n", "x = x - 1;", "}\n", 40), 11, "loops nested deeper than 8"),
    (HEAD + "x = x + 1;" * 500_000 + "\n", 3, "5000000 characters (at most 20000)"),
    (HEAD + "x = x + 1;\n" * 20_000, 1, "characters (at most 200000)"),
    ("program p\n" + "".join(f"var v{k};\n" for k in range(60)), 52, "more than 50 variables"),
    (HEAD + "x = x * x;\n" * 1200, 1, "symbolic values (at most 1000"),
    (HEAD + "assume(" + " && ".join(f"x != {k}" for k in range(10)) + ");\n", 3, "more than 256 cases"),
    (HEAD + "x = x / 0;\n", 3, "division by zero (column 7)"),
    (HEAD + "x = x % (0);\n", 3, "remainder of a division by zero"),
]


@pytest.mark.parametrize("text, line, reason", TOO_BIG, ids=[r for _, _, r in TOO_BIG])
def test_beyond_a_bound_is_one_problem_error(text, line, reason):
    err = only(text)
    assert isinstance(err, ProblemError), err
    assert reason in err.reason and err.position == line and err.problem == "p" and err.source == "p.txt"
    assert len(str(err)) < 400


C_TOO_BIG = [
    ("int main() {\n  int x;\n  x = " + "1" * 200 + ";\n}", 3, "200 digits"),
    ("int main() {\n  int x;\n  x /= 0;\n}", 3, "division by zero"),
    ("int main() {\n  int x;\n" + "  if (x > 0)\n" * 150 + "x = 1;\n}", 103, "blocks nested deeper than 100"),
    ("int main() {\n  int x;\n" + "{" * 150 + "}" * 150 + "\n}", 3, "blocks nested deeper than 100"),
    ("int main() {\n  int x;\n" + "  while (x > 0)\n" * 9 + "x--;\n}", 11, "loops nested deeper than 8"),
]


@pytest.mark.parametrize("text, line, reason", C_TOO_BIG, ids=[r for _, _, r in C_TOO_BIG])
def test_beyond_a_bound_in_c_is_one_problem_error(text, line, reason):
    err = only(text, "big.c")
    assert isinstance(err, ProblemError) and reason in err.reason and err.position == line


def test_the_deepest_program_accepted_leaves_room_on_the_stack():
    blocks = "".join(("while (y > %d) {\n" if k < 8 else "if (x > %d) {\n") % k for k in range(98))

    def nested(terms: int) -> str:
        return (HEAD + "var y = 0;\n" + blocks + "y = x" + " + 1" * terms + ";\n" + "}\n" * 98
                + "assert(y >= 0 || y < 0);\n")
    assert "nests deeper than 10 operators" in only(nested(60)).reason
    program = parse_program(nested(9))

    def below(frames: int):
        if frames:
            return below(frames - 1)
        result = prove(program, seconds=1)
        json.dumps(result.to_json())
        return parse_program(program_text(program)), result.text(), interp.run(program, {"x": 200})
    again, text, run = below(250)
    assert again == program and "Semantics:" in text and run.outcome == "ok"


def test_the_next_program_after_a_bad_one_still_parses():
    bad = "program bad\nvar x;\nx = " + "(" * 5000 + "1" + ")" * 5000 + ";\n"
    good = "program good\nvar x;\nx = 1;\nassert(x == 1);\n"
    results = parse_file(bad + good, "two.txt")
    assert isinstance(results[0], ProblemError) and results[1].name == "good"
    assert prove(results[1], seconds=5).solved


def test_an_error_deep_in_a_file_quotes_its_own_line():
    text = "program a\nvar x;\n" * 3000 + "program b\nvar x;\ny = 1;\n"
    err = parse_file(text, "many.txt")[-1]
    assert (err.position, err.clause) == (6003, "y = 1;")


# -- which syntax a file is in -----------------------------------------------------

def test_main_in_a_comment_does_not_make_a_file_c():
    result = only("# this one is called from main() in the test harness\n" + HEAD + "x = 1;\nassert(x == 1);\n")
    assert isinstance(result, Program) and result.name == "p"


def test_a_program_line_in_a_c_comment_does_not_make_a_file_ours():
    result = only("// program demo\nint main() { int x = 1; assert(x == 1); }\n", "demo.c")
    assert isinstance(result, Program) and result.name == "demo"


def test_a_c_file_whose_name_cannot_be_printed_still_gets_a_model_prompt():
    program = only("int main() { int x = 1; assert(x == 1); }", "my test (2).c")
    assert program.name == "my test (2)" and prompt_text(program) == "var x = 1 ; assert ( x == 1 ) ;"


# -- time: prove stops by itself ----------------------------------------------------

WIDE = ("program wide\n" + "".join(f"var v{k} = 0;\n" for k in range(49)) + "while (*) {\n"
        + "".join(f"  v{k} = v{k} + {k % 3 + 1};\n" for k in range(49)) + "}\nassert(v1 + v2 >= v3 - 100);\n")
PATHS = HEAD + "var y = 0;\n" + "if (x > 0) { y = y + 1; } else { y = y - 1; }\n" * 30 + "assert(y >= -30);\n"


@pytest.mark.parametrize("text", [WIDE, PATHS], ids=["50 variables", "2^30 paths"])
def test_prove_returns_by_itself_at_its_time_limit(text):
    program = parse_program(text)
    start = time.perf_counter()
    result = prove(program, seconds=0.5, proposer=HeuristicProposer())
    assert time.perf_counter() - start < 1.5
    assert not result.solved and result.stop in ("time limit", "paths")


# -- semantics, stated -------------------------------------------------------------

def test_proofs_say_they_are_over_mathematical_integers():
    program = only("int main() { int x = 2147483647; x = x + 1; assert(x > 2147483647); }", "o.c")
    result = prove(program, seconds=10)
    assert result.solved
    assert "Semantics: mathematical integers (no overflow), partial correctness" in result.text()
    assert "mathematical integers" in json.loads(json.dumps(result.to_json()))["semantics"]


def test_an_assertion_after_an_endless_loop_is_vacuous_and_says_so():
    result = prove(parse_program(HEAD + "while (true) { x = x + 1; }\nassert(x < 0);\n"), seconds=10)
    assert result.solved and "partial correctness" in result.text()
    assert "unreachable, so vacuously true: no path reaches it" in result.text()
    assert result.to_json()["vacuous"] == {"0": "no path reaches it"}
    reached = prove(parse_program(HEAD + "x = 1;\nassert(x == 1);\n"), seconds=10)
    assert "vacuous" not in reached.text() and reached.to_json()["vacuous"] == {}


def test_a_division_by_a_variable_is_stated_and_crashes_nothing():
    result = prove(parse_program("program d\nvar x, y;\nx = x / y;\nx = x % y;\nassert(x == x);\n"),
                   seconds=10, proposer=HeuristicProposer())
    assert result.solved and DIVISION in result.text()
    assert DIVISION not in prove(parse_program(HEAD + "x = x / 2;\nassert(x == x);\n"), seconds=10).text()


# -- records: every claim checked, every tamper caught ------------------------------

COUNT_UP = ("program count_up\nvar n;\nvar i = 0;\nassume(n >= 0);\nwhile (i < n) {\n  i = i + 1;\n}\n"
            "assert(i == n);\n")


def _record() -> dict:
    program = parse_program(COUNT_UP)
    record = _theorem(program, Cmp("==", Var("i"), Var("n")), CodeConfig(), ItemStats(), 7, 0, 0)
    assert record is not None and record["aux"] == ["L0: n >= i"]
    return record


RECORD = _record()


def test_the_untampered_record_passes():
    assert check_record(copy.deepcopy(RECORD)) == []


TAMPERS = {
    "goal false": (lambda r: r.update(goal="i != n"), "is not the program's assertion"),
    "goal another truth": (lambda r: r.update(goal="n >= 0"), "is not the program's assertion"),
    "aux removed": (lambda r: r.update(aux=[]), "aux omits 'L0: n >= i'"),
    "aux false": (lambda r: r.update(aux=["L0: n >= i + 5"]), "not a conjunct of the recorded invariant"),
    "aux twice": (lambda r: r.update(aux=["L0: n >= i"] * 2), "out of order or more than once"),
    "invariant false": (lambda r: r.update(invariant=[{"loop": 0, "formula": "n >= i + 5"}]), "does not prove"),
    "invariant other loop": (lambda r: r.update(invariant=[{"loop": 7, "formula": "n >= i"}]),
                             "names loop 7"),
    "invariant loop twice": (lambda r: r.update(invariant=[{"loop": 0, "formula": "n >= i"}] * 2),
                             "names a loop twice"),
    "premises": (lambda r: r.update(premises=r["premises"].replace("n >= 0", "n >= 1")), "premises"),
    "second assert": (lambda r: r.update(program=r["program"].replace("assume(", "assert(")), "one assertion"),
    "missing field": (lambda r: r.pop("mode"), "no field 'mode'"),
    "aux a string": (lambda r: r.update(aux="L0: n >= i"), "field 'aux' is a str, not a list"),
    "aux of numbers": (lambda r: r.update(aux=[1]), "aux holds something other than text"),
    "mode a number": (lambda r: r.update(mode=3), "field 'mode' is a int"),
    "mode unknown": (lambda r: r.update(mode="sideways"), "is not one of"),
    "invariant an object": (lambda r: r.update(invariant={"0": "n >= i"}),
                            "field 'invariant' is a dict"),
    "invariant of numbers": (lambda r: r.update(invariant=[{"loop": 0, "formula": 5}]),
                             "list of {loop: NUMBER, formula: TEXT}"),
    "invariant loop a string": (lambda r: r.update(invariant=[{"loop": "0", "formula": "n >= i"}]),
                                "list of {loop: NUMBER, formula: TEXT}"),
    "index negative": (lambda r: r.update(index=-1), "negative index"),
    "index a bool": (lambda r: r.update(index=True), "field 'index' is a bool"),
    "proof an object": (lambda r: r.update(proof={}), "field 'proof' is a dict"),
    "proof lines": (lambda r: r["proof"].pop(), "proof lines differ"),
    "program a 201-digit literal": (lambda r: r.update(program=r["program"].replace("0;", "0" * 201 + ";")),
                                    "201 digits"),
    "program deep": (lambda r: r.update(program=r["program"].replace("i + 1", "(" * 200 + "i" + ")" * 200)),
                     "nested parentheses"),
}


@pytest.mark.parametrize("name", list(TAMPERS))
def test_each_tamper_is_caught_with_a_message(name):
    change, message = TAMPERS[name]
    record = copy.deepcopy(RECORD)
    change(record)
    failures = check_record(record)
    assert failures and any(message in f for f in failures), failures


@pytest.mark.parametrize("change", [{"program": "program p"}, {"program": 5}, {"aux": "L0: n >= i"}, {"aux": [3]}])
def test_a_record_of_the_wrong_shape_makes_no_training_pairs(change):
    assert training_pairs(RECORD)[0][1] == "L0 : n >= i"
    with pytest.raises(ValueError):
        training_pairs(RECORD | change)


def test_a_record_that_is_not_an_object_is_a_failure():
    assert check_record([1, 2]) == ["malformed record: a list, not an object"]


# -- fuzzing every parser entry point ----------------------------------------------

SEEDS = [EXAMPLES] + [p.read_text() for p in FIXTURES]
TOKENS = ["(", ")", "{", "}", ";", "!", "-", "*", "/ 0", "% 0", "&&", "||", "!=", "==", "while (x > 0) {",
          "if (*) {", "int main() {", "program q\n", "#", "//", "/*", "*/", "unknown()", "9" * 120,
          "(" * 120, "!" * 120, "x", "var x;", "int y;", "assert(", "\n", "\x00", "é", "\u0663"]


@st.composite
def mutants(draw) -> str:
    """A valid program with a few characters or tokens inserted, deleted or duplicated."""
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        span = draw(st.integers(0, 12))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "char"]))
        if edit == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) * draw(st.integers(1, 3)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + span:]
        elif edit == "duplicate":
            text = text[:at + span] + text[at:at + span] * draw(st.integers(1, 50)) + text[at + span:]
        else:
            text = text[:at] + draw(st.characters()) + text[at:]
    return text


def parses_cleanly(text: str) -> list:
    start = time.perf_counter()
    results = parse_file(text, "fuzz.c" if "main" in text else "fuzz.txt")
    assert time.perf_counter() - start < 2.0
    assert all(isinstance(r, (Program, ProblemError)) for r in results)
    return results


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300) | st.text(alphabet="(){};!-*/%&|<>=x1 \n", max_size=300))
def test_random_text_parses_or_is_one_clear_error(text):
    parses_cleanly(text)
    parses_cleanly("program r\nvar x;\n" + text)
    parses_cleanly("int main() { int x; " + text + " }")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_mutated_programs_parse_or_are_one_clear_error(text):
    parses_cleanly(text)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_a_mutant_that_parses_is_proved_or_not_in_time(text):
    for program in [r for r in parses_cleanly(text) if isinstance(r, Program)][:2]:
        start = time.perf_counter()
        result = prove(program, seconds=0.5, proposer=HeuristicProposer())
        assert time.perf_counter() - start < 2.0
        assert isinstance(result.solved, bool)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200) | st.text(alphabet="in0 <=>!&|()+-*/%", max_size=200))
def test_conditions_and_model_output_parse_or_are_refused(text):
    start = time.perf_counter()
    try:
        assert isinstance(parse_condition(text, ["i", "n", "n0"]), COND_TYPES)
    except ProblemError as err:
        assert err.problem == "condition"
    found = read_conjunct(parse_program(COUNT_UP), "L0 : " + text)
    assert found is None or (found[0] == 0 and found[1].poly.nvars > 0)
    assert time.perf_counter() - start < 2.0


def test_limits_refuse_nothing_the_fixtures_and_examples_need():
    for text in SEEDS:
        assert all(isinstance(r, Program) for r in parse_file(text, "seed.c" if "main(" in text else "ex.txt"))
