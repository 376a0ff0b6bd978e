"""Untrusted input in the arithmetic domain (issue 27): no text runs code, nothing hangs, every
mistake is one clear error, divisions carry their side condition, and ``check`` catches tampering.

Problem files, JSONL benchmarks, corpus records and model output all go through the grammar of
``domains/arithmetic/syntax.py``; each payload below would create a file if anything evaluated
it.  The fuzz tests feed random text and mutations of the valid sample problems to every reader:
each answer is a problem or a ``ProblemError`` (a failure message for records), within a time
bound.
"""
from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from domains.arithmetic.check import ArithCheckError, _Fact, check_proof
from domains.arithmetic.corpus_check import check_record, replay_result
from domains.arithmetic.engine import Engine
from domains.arithmetic.hooks import generate_item
from domains.arithmetic.codec import read_instance
from domains.arithmetic.parse import parse_expression, parse_file, parse_jsonl, parse_problem
from domains.arithmetic.problem import Problem
from domains.arithmetic.prover import prove
from domains.arithmetic.record import proof_steps
from symgen.errors import ProblemError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "domains" / "arithmetic" / "examples.txt"
GOOD = "a b : real ? a**2 + b**2 >= 2*a*b"
BOUND = 2.0           # seconds: generous, so that a busy machine does not make a test flaky


def payloads(marker: Path) -> list[str]:
    """Expressions that create ``marker`` if anything evaluates them."""
    run = f"__import__('os').system('touch {marker}')"
    return [
        f"Integer.__new__.__globals__['__builtins__']['__import__']('os').system('touch {marker}')",
        run,
        f"a.__class__.__init__.__globals__['os'].system('touch {marker}')",
        f"(lambda: {run})()",
        f"[{run} for _ in 'a'][0]",
        f"(x := {run})",
        f"eval(\"{run}\")",
        f"exec(\"{run}\")",
        f"sympify(\"{run}\")",
        f"Symbol('a')**{run}",
        f"a[{run}]",
        f"'{marker}'",
        f"getattr(a, 'x')({run})",
    ]


PAYLOAD_COUNT = len(payloads(Path("x")))


# ---------------------------------------------------------------------------
# 1. Nothing runs: the payload as a problem, a JSONL problem, a record, model output

@pytest.mark.parametrize("which", range(PAYLOAD_COUNT))
def test_payload_in_a_problem_file_is_one_error_and_the_next_problem_runs(tmp_path, which):
    marker = tmp_path / "X"
    bad = payloads(marker)[which]
    items = parse_file(f"bad\na : real ? {bad} >= 0\ngood\n{GOOD}\n", "p.txt")
    assert isinstance(items[0], ProblemError) and "p.txt:2" in str(items[0])
    assert isinstance(items[1], Problem) and prove(items[1], seconds=10).solved
    assert not marker.exists()


@pytest.mark.parametrize("which", range(PAYLOAD_COUNT))
def test_payload_in_a_jsonl_problem_is_one_error(tmp_path, which):
    marker = tmp_path / "X"
    bad = payloads(marker)[which]
    lines = [json.dumps({"name": "bad", "variables": ["a"], "domain": "reals",
                         "hypotheses": [f"{bad} >= 0"], "goal": "a**2 >= 0"}),
             json.dumps({"name": "good", "variables": ["a"], "domain": "reals",
                         "hypotheses": [], "goal": "a**2 >= 0"})]
    items = parse_jsonl("\n".join(lines), "b.jsonl")
    assert isinstance(items[0], ProblemError) and items[0].problem == "bad"
    assert isinstance(items[1], Problem)
    assert not marker.exists()


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """Generated records, the first few with auxiliary lemma instances."""
    found = [r for i in range(12) for r in generate_item(5, i, {})[0]]
    assert any(r["aux"] for r in found) and all(check_record(r) == [] for r in found)
    return found


def _with_aux(records: list[dict]) -> dict:
    return copy.deepcopy(next(r for r in records if r["aux"]
                              and any("args" in s for s in r["proof"])))


def _places(record: dict, text: str) -> dict[str, dict]:
    """``record`` with ``text`` put in each place a text is read from."""
    out = {}
    lemma = next(i for i, s in enumerate(record["proof"]) if "args" in s)
    cert = next(i for i, s in enumerate(record["proof"]) if s["rule"] == "certificate")
    edits = {
        "fact": lambda r: r["proof"][0].__setitem__("fact", f"{text} >= 0"),
        "lemma argument": lambda r: r["proof"][lemma]["args"].__setitem__(0, text),
        "certificate times": lambda r: r["proof"][cert]["certificate"].__setitem__("times", text),
        "certificate monomial": lambda r: r["proof"][cert]["certificate"]["terms"][0].__setitem__("monomial", text),
        "certificate coefficient": lambda r: r["proof"][cert]["certificate"]["terms"][0].__setitem__("coef", text),
        "aux": lambda r: r["aux"].__setitem__(0, f"square({text})"),
        "goal": lambda r: r.__setitem__("goal", f"{text} >= 0"),
        "premises": lambda r: r.__setitem__("premises", r["premises"] + f"; {text} >= 0"),
    }
    for place, edit in edits.items():
        tampered = copy.deepcopy(record)
        edit(tampered)
        out[place] = tampered
    return out


@pytest.mark.parametrize("which", range(PAYLOAD_COUNT))
def test_payload_in_a_record_fails_its_check_and_runs_nothing(tmp_path, records, which):
    marker = tmp_path / "X"
    record = _with_aux(records)
    for place, tampered in _places(record, payloads(marker)[which]).items():
        failures = check_record(tampered)
        assert failures and all(isinstance(f, str) for f in failures), place
    assert not marker.exists()


@pytest.mark.parametrize("which", range(PAYLOAD_COUNT))
def test_payload_as_model_output_is_dropped(tmp_path, which):
    marker = tmp_path / "X"
    engine = Engine(parse_problem("t", "x y : real ? x**4 + y**4 >= 2*x**2*y**2"))
    assert read_instance(f"square({payloads(marker)[which]})", engine, {"x": "a", "y": "b"}) is None
    assert not marker.exists()


# ---------------------------------------------------------------------------
# 2. Hangs become the clear error, or a stop at the time limit

HANGS = {
    "9**9**9": ("a : real ? a**2 + 9**9**9 >= 0", "more than 1000 digits"),
    "1e999999999": ("a : real ? a**2 + 1e999999999 >= 0", "exponent beyond ±1000"),
    "a**1000000": ("a : real ? a**1000000 >= 0", "exponent 1000000 beyond ±1000"),
    "a^2^2^2^2^2": ("a : real ? a^2^2^2^2^2 >= 0", "more than 1000 digits"),
    "n**(10**18)": ("n : integer ? n**(10**18) = n (mod 7)", "beyond ±1000"),
    "(a+b)**5000": ("a b : real ? (a+b)**5000 >= 0", "exponent 5000 beyond ±1000"),
    "10**10000": ("a : real ? 10**10000 >= a", "more than 1000 digits"),
    "5000 signs": ("a : real ? " + "-" * 5000 + "a >= 0", "nested deeper than 100"),
    "degree": ("a b : real ? a**600*b**600 >= 0", "degree about 1200, beyond 1000"),
    "300 variables": (" ".join(f"x{i}" for i in range(300)) + " : real ? x0**2 >= 0",
                      "more than 50 variables"),
    "5 MB line": ("a : real ? " + " + ".join(["a"] * 1_000_000) + " >= 0",
                  "characters (at most 20000)"),
    "deep parentheses": ("a : real ? " + "(" * 5000 + "a" + ")" * 5000 + " >= 0",
                         "nested deeper than 100"),
    "Min arguments": ("a : real ? Min(" + ", ".join(["a"] * 40) + ") >= 0",
                      "more than 16 arguments of Min and Max"),
    "long modulus": ("n : integer ? n = 1 (mod " + "7" * 5000 + ")", "digits"),
}


@pytest.mark.parametrize("kind", sorted(HANGS))
def test_what_used_to_hang_is_one_clear_error(kind):
    text, reason = HANGS[kind]
    start = time.perf_counter()
    items = parse_file(f"bad\n{text}\ngood\n{GOOD}\n", "h.txt")
    assert time.perf_counter() - start < BOUND
    assert isinstance(items[0], ProblemError) and reason in items[0].reason, items[0]
    assert len(str(items[0])) < 600 and "\n" not in str(items[0])
    assert isinstance(items[1], Problem)


@pytest.mark.parametrize("text", [
    "a b c : real ? (a + b + c)**900 >= -1",
    "a b c d : real ? (a + b + c + d)**200 >= -1",
    "a : positive ? " + " + ".join(f"1/(a + {i})" for i in range(300)) + " > 0",
])
def test_prove_stops_by_itself_at_the_time_limit(text):
    start = time.perf_counter()
    result = prove(parse_problem("big", text), seconds=0.5)
    assert time.perf_counter() - start < 0.5 + BOUND
    assert not result.solved and result.stop == "time limit"


def test_sums_of_many_terms_and_huge_constants_within_bounds_do_not_crash():
    problems = parse_file("\n".join([
        "many", "a : real ? " + " + ".join(["a**2"] * 2000) + " >= 0",
        "huge", "a : real ? a**2 + 10**500 >= 0",
        "huge2", "a b : real ? 10**300*a**2 + b**2 >= 2*10**150*a*b",
        "fifty", " ".join(f"x{i}" for i in range(50)) + " : real ? "
        + " + ".join(f"x{i}**2" for i in range(50)) + " >= 0"]), "s.txt")
    assert all(isinstance(p, Problem) for p in problems)
    results = {p.name: prove(p, seconds=5) for p in problems}
    # fifty variables is the bound: 1225 pairwise square lemmas, more than the cone search
    # settles in 5 s, so it may stop at the time limit; it must stop cleanly
    assert results["many"].solved
    assert all(r.stop in ("goal reached", "no certificate", "time limit") for r in results.values())


def test_a_sum_beyond_the_line_bound_is_one_error():
    items = parse_file("many\na : real ? " + " + ".join(["a**2"] * 5000) + " >= 0\n"
                       "good\na : real ? a**2 >= 0\n", "s.txt")
    assert isinstance(items[0], ProblemError) and "at most" in items[0].reason
    assert isinstance(items[1], Problem)


@pytest.mark.parametrize("depth, reason", [(100_000, "characters"), (1_000, "nested")])
def test_a_jsonl_line_nested_deep_is_one_error(depth, reason):
    # 100000 deep passes the line bound first; 1000 deep fits in a line but not in the depth bound
    deep = '{"name": "deep", "variables": ' + "[" * depth + "]" * depth + "}"
    good = json.dumps({"name": "good", "variables": ["a"], "domain": "reals",
                       "hypotheses": [], "goal": "a**2 >= 0"})
    items = parse_file(f"{deep}\n{good}\n", "d.jsonl")
    assert isinstance(items[0], ProblemError) and reason in items[0].reason
    assert isinstance(items[1], Problem)


@pytest.mark.parametrize("line", [
    '{"name": "n", "variables": ["a"], "domain": "reals", "hypotheses": [], "goal": "a >= 0", "x": 1'
    + "0" * 5000 + "}",
    '{"name": 7, "variables": "a", "domain": "reals", "hypotheses": [], "goal": "a >= 0"}',
    "[1, 2]", "{", '{"name": NaN}', "\x00\x01",
])
def test_bad_jsonl_lines_are_errors(line):
    items = parse_jsonl(line, "j.jsonl")
    assert len(items) == 1 and isinstance(items[0], ProblemError) and "j.jsonl:1" in str(items[0])


# ---------------------------------------------------------------------------
# 3. A division carries its nonzero side condition

def test_a_over_a_is_not_proved_over_the_reals():
    result = prove(parse_problem("t", "a : real ? a/a = 1"), seconds=5)
    assert not result.solved and result.stop == "division by a not shown nonzero"


@pytest.mark.parametrize("text", ["a : positive ? a/a = 1", "a : real; a != 0 ? a/a = 1",
                                  "a : real; a != 0 ? 1/a**2 > 0",
                                  "a b : real; 1/(a*b) > 2 ? b/b >= 1"])
def test_a_divisor_shown_nonzero_is_stated_in_the_proof_and_replays(text):
    result = prove(parse_problem("t", text), seconds=5)
    assert result.solved and replay_result(result) is None
    steps = proof_steps(result.proof, result.engine.state)
    assert steps[-1]["rule"] == "divisors nonzero" and " where " in steps[-1]["fact"]
    with pytest.raises(ArithCheckError, match="not the goal"):
        check_proof(result.problem, steps[:-1])          # without the side condition


def test_nonzero_lines_are_checked():
    problem = parse_problem("t", "a b : real; a != 0 ? a/(a*b) >= 0")
    steps = [{"fact": "a != 0", "rule": "premise"},
             {"fact": "a*b != 0", "rule": "nonzero", "cites": [1, 1]},   # a*a, not a*b
             {"fact": "0 >= 0", "rule": "certificate", "certificate": {"times": "1", "terms": [], "free": []}}]
    with pytest.raises(ArithCheckError, match="do not multiply"):
        check_proof(problem, steps)


def test_the_examples_with_positive_denominators_still_prove():
    items = {p.name: p for p in parse_file(EXAMPLES.read_text(), "examples.txt")}
    result = prove(items["nesbitt_like"], seconds=20)
    assert result.solved and replay_result(result) is None


# ---------------------------------------------------------------------------
# 4. The prover never reports a proof its checker rejects

def test_a_cleared_equality_hypothesis_replays():
    result = prove(parse_problem("t", "a : positive; 1/a = 1 ? a = 1"), seconds=5)
    assert result.solved and replay_result(result) is None
    assert any(s.rule == "clear denominators" for s in result.proof.steps)


def test_the_olympiad_inequality_replays():
    text = ("a b c : positive; a + b + c = 1/a + 1/b + 1/c ? 1/(2*a+b+c)**2 + 1/(2*b+c+a)**2"
            " + 1/(2*c+a+b)**2 <= 3/16")
    from domains.arithmetic.heuristic import HeuristicProposer
    result = prove(parse_problem("olympiad", text), seconds=30, proposer=HeuristicProposer())
    assert result.solved and replay_result(result) is None


# ---------------------------------------------------------------------------
# 5. check_record checks what the record claims

def _tampers(record: dict) -> dict[str, dict]:
    out = {}
    unused = copy.deepcopy(record)
    unused["aux"] = record["aux"] + ["schur(a, b, c)" if "c" in record["premises"] else "amgm(a, b)"]
    out["aux with an unused lemma"] = unused
    empty = copy.deepcopy(record)
    empty["aux"] = []
    out["aux emptied"] = empty
    false_goal = copy.deepcopy(record)
    lhs, rhs = record["goal"].split(" >= ")
    false_goal["goal"] = f"{lhs} >= {rhs} + 1"
    out["goal false"] = false_goal
    fact = copy.deepcopy(record)
    fact["proof"][-1]["fact"] = fact["proof"][-1]["fact"].replace(" >= 0", " + 1 >= 0")
    out["fact changed"] = fact
    cite = copy.deepcopy(record)
    last = cite["proof"][-1]
    last["cites"] = last["cites"][:-1]       # a permutation of the cites would mean the same
    out["cite changed"] = cite
    return out


@pytest.mark.parametrize("kind", ["aux with an unused lemma", "aux emptied", "goal false",
                                  "fact changed", "cite changed"])
def test_a_tampered_record_fails_its_check(records, kind):
    record = _with_aux(records)
    failures = check_record(_tampers(record)[kind])
    assert failures, kind
    if kind.startswith("aux"):
        assert any("aux" in f for f in failures)


def test_aux_is_compared_as_instances_not_text(records):
    record = _with_aux(records)
    record["aux"] = [a.replace(" ", "") for a in reversed(record["aux"])]
    assert check_record(record) == []


MALFORMED = {
    "not a dict": [],
    "no proof": {"premises": "a : real", "goal": "a**2 >= 0", "aux": []},
    "proof not a list": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [], "proof": "x"},
    "line not a dict": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [], "proof": [3]},
    "fact not a string": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [],
                          "proof": [{"fact": 3, "rule": "premise"}]},
    "cites not ints": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [],
                       "proof": [{"fact": "a**2 >= 0", "rule": "square", "cites": ["1"]}]},
    "cite is a bool": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [],
                       "proof": [{"fact": "a**2 >= 0", "rule": "square", "args": ["a"]},
                                 {"fact": "a**2 >= 0", "rule": "certificate", "cites": [True],
                                  "certificate": {"times": "1", "terms": [["1", "1", [1]]]}}]},
    "huge coefficient": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [],
                         "proof": [{"fact": "a**2 >= 0", "rule": "certificate",
                                    "certificate": {"times": "1", "terms": [["1e999999999", "a**2", []]],
                                                    "free": []}}]},
    "huge period": {"premises": "n : integer", "goal": "2 | n**2 - n", "aux": [],
                    "proof": [{"fact": "2 | n**2 - n", "rule": "residues", "period": 10**18}]},
    "modulus zero": {"premises": "n : integer", "goal": "2 | n**2 - n", "aux": [],
                     "proof": [{"fact": "0 | n**2 - n", "rule": "residues", "period": 2}]},
    "huge modulus": {"premises": "n : integer", "goal": "2 | n**2 - n", "aux": [],
                     "proof": [{"fact": "9" * 5000 + " | n", "rule": "residues", "period": 2}]},
    "deep fact": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [],
                  "proof": [{"fact": "(" * 100_000 + "a" + ")" * 100_000 + " >= 0", "rule": "premise"}]},
    "deep json": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [],
                  "proof": [{"fact": "a**2 >= 0", "rule": "square", "args": [[[[["a"]]]]]}]},
    "aux not strings": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [1],
                        "proof": [{"fact": "a**2 >= 0", "rule": "square", "args": ["a"]}]},
    "seed not an int": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [], "seed": "x",
                        "proof": [{"fact": "a**2 >= 0", "rule": "square", "args": ["a"]}]},
    "real residues": {"premises": "a : real; n : integer", "goal": "2 | n**2 - n", "aux": [],
                      "proof": [{"fact": "2 | a", "rule": "residues", "period": 2}]},
    "unknown rule": {"premises": "a : real", "goal": "a**2 >= 0", "aux": [],
                     "proof": [{"fact": "a**2 >= 0", "rule": "__import__"}]},
}


@pytest.mark.parametrize("kind", sorted(MALFORMED))
def test_a_malformed_record_is_a_failure_never_an_exception(kind):
    start = time.perf_counter()
    failures = check_record(MALFORMED[kind])
    assert time.perf_counter() - start < BOUND
    assert failures and all(isinstance(f, str) and len(f) < 1000 for f in failures)


# ---------------------------------------------------------------------------
# 6. Fuzzing every reader: a problem or the one clear error, in bounded time

def _samples() -> list[tuple[str, str]]:
    """(name, statement) of the valid sample problems."""
    out = []
    for path in (EXAMPLES, FIXTURES / "arith_sample.txt"):
        out += [(p.name, p.text()) for p in parse_file(path.read_text(), path.name)]
    return out


SAMPLES = _samples()
JSONL = (FIXTURES / "arith_sample.jsonl").read_text().splitlines()
PIECES = ["(", ")", "**", "^", "*", "/", "-", "+", ",", ";", "?", ":", ">=", "=", "!=", "|",
          "(mod 7)", "9" * 120, "1e99999", "10**999", "a", "sqrt(", "Min(", "__", ".", "'", "[",
          "(" * 200, "-" * 200, "a**1001", "1/0", "Eq(", "positive", "n", "1.5", " "]


@st.composite
def _mutated(draw, texts: list[str]) -> str:
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if op == "insert":
            text = text[:i] + draw(st.sampled_from(PIECES) | st.text(max_size=3)) + text[i:]
        elif op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 8)):]
        else:
            text = text[:i] + text[i:i + 20] * draw(st.integers(2, 5)) + text[i:]
    return text


def _timed(call, *args):
    start = time.perf_counter()
    out = call(*args)
    assert time.perf_counter() - start < BOUND
    return out


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(text=st.text(max_size=200) | _mutated([s for _, s in SAMPLES]))
def test_fuzz_parse_problem(text):
    try:
        problem = _timed(parse_problem, "f", text)
    except ProblemError as err:
        assert "\n" not in str(err)         # one line
        return
    assert isinstance(problem, Problem)


@FUZZ
@given(text=st.text(max_size=300) | _mutated(["\n".join(f"{n}\n{s}" for n, s in SAMPLES)]))
def test_fuzz_parse_file(text):
    items = _timed(parse_file, text, "f.txt")
    assert all(isinstance(i, (Problem, ProblemError)) for i in items)


@FUZZ
@given(text=_mutated(JSONL) | st.text(max_size=200).map(lambda t: "{" + t))
def test_fuzz_parse_jsonl(text):
    items = _timed(parse_jsonl, text, "f.jsonl")
    assert all(isinstance(i, (Problem, ProblemError)) for i in items)


@FUZZ
@given(text=st.text(max_size=100) | _mutated(["a**2 + b*c - 3/4", "sqrt(a*b) + Min(a, b)**3",
                                               "(a + b)**(1/3) - 2.5e3*c"]))
def test_fuzz_parse_expression(text):
    try:
        _timed(parse_expression, text, {"a": "real", "b": "real", "c": "real"})
    except ProblemError:
        pass


@FUZZ
@given(text=st.text(max_size=100) | _mutated(["a**2 - 2*a*b + b**2 >= 0", "(a - b) / ((a) * (b)) > 0",
                                               "6 | a**3 - a", "a*b != 0",
                                               "a >= 0 where a*b != 0, b != 0"]))
def test_fuzz_the_checkers_fact_reader(text):
    import sympy
    try:
        fact = _timed(_Fact, text, ("a", "b"), sympy.symbols("a b"))
    except ValueError:
        return
    assert fact.kind in ("ge", "gt", "eq", "ne", "dvd", "where")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_fuzz_records(records, data):
    record = copy.deepcopy(data.draw(st.sampled_from(records)))
    line = data.draw(st.integers(0, len(record["proof"]) - 1))
    record["proof"][line]["fact"] = data.draw(_mutated([record["proof"][line]["fact"]]))
    failures = _timed(check_record, record)
    assert isinstance(failures, list) and all(isinstance(f, str) for f in failures)


def test_a_name_line_of_control_characters_is_one_short_error():
    items = parse_file("\x00" * 100 + "\na : real ? a**2 >= 0\ngood\na : real ? a**2 >= 0\n", "n.txt")
    assert isinstance(items[0], ProblemError) and "control characters" in items[0].reason
    assert len(str(items[0])) < 200
    assert isinstance(items[-1], Problem) and items[-1].name == "good"
