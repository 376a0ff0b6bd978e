"""Running loop programs: outcomes, C arithmetic, choices, traces, and the benchmark samples."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from domains.code.interp import (END, EDGE_VALUES, Outcome, c_div, c_mod, choices_from, compile_program, points,
                                 random_inputs, run, trace_points)
from domains.code.parse import parse_c, parse_program

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "code"
NOTES = Path("/work/shared/benchmarks/code/code2inv_notes.csv")
KNOWN_FALSE = {"27", "31", "61", "75"}      # assertion false under C semantics (code2inv_notes.csv)

COUNT = "var n; var i = 0, s = 0; assume(n >= 0); while (i < n) { i = i + 1; s = s + i; } assert(s >= i);"


def prog(text: str):
    return parse_program(text, "t")


def test_counting_loop_reaches_its_final_state():
    e = run(prog(COUNT), {"n": 4})
    assert e.outcome == "ok" and e.point == END and e.state == {"n": 4, "i": 4, "s": 10} and e.steps == 5


def test_a_squaring_loop_ends_as_an_overflow_not_an_exhausted_machine():
    """x = x * x doubles x's bits per visit: unbounded ints would need 2**10000 bits."""
    e = run(prog("var x; var n = 0; assume(x >= 2); while (x > 1) { x = x * x; n = n + 1; }"), {"x": 2})
    assert e.outcome == Outcome.OVERFLOW and e.point == (2, 0, 0)
    assert e.state == {"x": 2 ** 64, "n": 6}            # the last value that fits, kept
    assert run(prog("var x; x = x * 4294967296;"), {"x": 4294967296}).outcome == "ok"   # 2**64 fits


def test_false_assume_blocks():
    e = run(prog(COUNT), {"n": -1})
    assert e.outcome == Outcome.BLOCKED and e.point == (2,)


def test_false_assert_is_a_violation_at_the_assert():
    e = run(prog("var x; while (x > 0) { x = x - 2; } assert(x == 0);"), {"x": 5})
    assert e.outcome == "violated" and e.point == (1,) and e.state == {"x": -1}


@pytest.mark.parametrize("a, b, q, r", [(-7, 2, -3, -1), (7, -2, -3, 1), (-7, -2, 3, -1), (7, 2, 3, 1), (0, 5, 0, 0)])
def test_division_truncates_toward_zero_like_c(a, b, q, r):
    e = run(prog("var a, b; var q = a / b, r = a % b;"), {"a": a, "b": b})
    assert (e.state["q"], e.state["r"]) == (q, r)


@given(st.integers(-10**6, 10**6), st.integers(-1000, 1000).filter(bool))
def test_c_division_identity(a, b):
    q, r = c_div(a, b), c_mod(a, b)
    assert a == b * q + r and abs(r) < abs(b) and (r == 0 or (r > 0) == (a > 0))


def test_division_by_zero_is_stuck_not_a_crash():
    e = run(prog("var x; x = 1 / (x - x);"), {"x": 3})
    assert e.outcome == "stuck" and e.point == (0,)


def test_nondeterministic_branches_follow_the_choices():
    p = prog("var a = 0, b = 0; while (*) { if (*) { a = a + 1; } else { b = b + 1; } } b = *;")
    e = run(p, {}, [1, 1, 1, 0, 1, 1, 0, 42])
    assert e.state == {"a": 2, "b": 42} and e.choices == (1, 1, 1, 0, 1, 1, 0, 42)


def test_exhausted_choices_read_as_zero():
    assert run(prog("var a = 0; while (*) { a = a + 1; }"), {}, [1, 1]).state == {"a": 2}


def test_trace_records_loop_heads_asserts_and_the_end():
    p = prog(COUNT)
    e = run(p, {"n": 2})
    assert trace_points(p) == [(3,), (4,), END]
    assert [s["i"] for s in e.states_at((3,))] == [0, 1, 2]
    assert e.states_at((4,)) == e.states_at(END) == [{"n": 2, "i": 2, "s": 3}]
    assert [pid for pid, _ in e.trace] == [(3,), (3,), (3,), (4,), END]


def test_point_ids_are_paths():
    p = prog("var x; if (x > 0) { x = 1; } else { while (*) { x = 2; } } { assert(x > 0); }")
    assert list(points(p)) == [(0,), (0, 0, 0), (0, 1, 0), (0, 1, 0, 0, 0), (1,), (1, 0, 0)]
    assert trace_points(p) == [(0, 1, 0), (1, 0, 0), END]


def test_too_many_loop_iterations_time_out():
    e = run(prog("var x = 0; while (true) { x = x + 1; }"), {}, max_steps=50)
    assert e.outcome == "timeout" and e.point == (1,) and e.steps == 51


def test_random_inputs_are_python_ints_in_the_documented_ranges():
    p = prog("var a, b, c;")
    rng = np.random.default_rng(1)
    draws = [random_inputs(p, rng) for _ in range(300)]
    values = [v for d in draws for v in d.values()]
    assert all(type(v) is int and (-1000 <= v <= 1000) for v in values)
    assert sum(-10 <= v <= 30 for v in values) > 0.6 * len(values) and set(EDGE_VALUES) <= set(values)


def test_choices_from_respects_the_probability():
    rng = np.random.default_rng(2)
    never, always = choices_from(rng, 0.0), choices_from(rng, 1.0)
    assert all(never() == 0 for _ in range(300)) and all(always() != 0 for _ in range(300))


# -- the benchmark samples ---------------------------------------------------------

def _fixture(stem: str):
    return parse_c((FIXTURES / f"{stem}.c").read_text(), stem, f"{stem}.c")


def _random_outcomes(program, n: int, seed: int) -> list[str]:
    """Outcomes of ``n`` random runs (1.c's 100000 iterations time out here; it is run in full below)."""
    compiled, rng = compile_program(program), np.random.default_rng(seed)
    return [compiled.run(random_inputs(program, rng), choices_from(rng, rng.uniform(0.3, 0.95)),
                         max_steps=2000, record=False).outcome for _ in range(n)]


@pytest.mark.parametrize("stem", ["1", "5", "7", "11", "35"])
def test_true_benchmark_samples_are_never_violated(stem):
    assert "violated" not in _random_outcomes(_fixture(stem), 200, seed=int(stem))


def test_known_false_sample_is_violated():
    p = _fixture("27")
    assert run(p, {"n": 0, "x": 7}).outcome == "violated"
    assert "violated" in _random_outcomes(p, 200, seed=27)


def test_1c_finishes_with_enough_steps():
    e = run(_fixture("1"), {"x": 0, "y": 0}, max_steps=200_000, record=False)
    assert e.outcome == "ok" and e.state == {"x": 1 + 99999 * 100000 // 2, "y": 100000}


def test_known_false_list_matches_the_notes():
    if not NOTES.is_file():
        pytest.skip("the shared Code2Inv notes are not here")
    with NOTES.open() as f:
        false = {row["file"].removesuffix(".c") for row in csv.DictReader(f)
                 if row["assertion_holds_under_C_semantics"] == "false"}
    assert false == KNOWN_FALSE
