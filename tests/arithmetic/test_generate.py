"""Generated arithmetic theorems: reproducible, replayable, numerically true, aux honest."""
from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from domains.arithmetic.check import check_proof
from domains.arithmetic.corpus_check import check_record
from domains.arithmetic.theorems import ArithConfig, item
from domains.arithmetic.normal import normalise, symbols_of
from domains.arithmetic.numeric import feasible_points, holds
from domains.arithmetic.parse import parse_problem
from domains.arithmetic.prover import prove

RECORDS = [r for i in range(24) for r in item(5, i, ArithConfig())[0]]


def problem_of(record):
    return parse_problem(record["id"], f"{record['premises']} ? {record['goal']}")


def test_items_are_pure_functions_of_seed_and_index():
    assert item(5, 3, ArithConfig()) == item(5, 3, ArithConfig())
    assert item(5, 3, ArithConfig())[0] != item(6, 3, ArithConfig())[0]


def test_a_batch_has_theorems_with_and_without_aux():
    assert len(RECORDS) >= 18
    assert any(r["aux"] for r in RECORDS) and any(not r["aux"] for r in RECORDS)


@pytest.mark.parametrize("index", range(0, 24, 3))
def test_records_pass_the_corpus_check(index):
    for record in item(5, index, ArithConfig())[0]:
        assert check_record(record) == []


def test_aux_is_needed():
    for record in [r for r in RECORDS if r["aux"]][:4]:
        alone = prove(problem_of(record), seconds=2.0, sos=False)   # the generator's re-check
        assert not alone.solved, record["id"]


def test_tampered_record_fails_the_check():
    record = copy.deepcopy(next(r for r in RECORDS if r["goal"].count(">=") == 1))
    lhs, rhs = record["goal"].split(" >= ")
    record["goal"] = f"{lhs} >= {rhs} + 1"
    assert check_record(record) != []


@settings(max_examples=25, deadline=None)
@given(which=st.integers(0, len(RECORDS) - 1), seed=st.integers(0, 2**32 - 1))
def test_every_fact_of_a_proof_holds_at_random_feasible_points(which, seed):
    record = RECORDS[which]
    problem = problem_of(record)
    check_proof(problem, record["proof"])
    syms = symbols_of(problem)
    hyps = [normalise(h, syms) for h in problem.hypotheses]
    pts = feasible_points(problem.domains, hyps, np.random.default_rng(seed), 200)
    from domains.arithmetic.check import _Fact
    for step in record["proof"]:
        fact = _Fact(step["fact"], problem.variables, syms)
        if fact.poly is not None:
            assert np.all(holds(fact.kind, fact.poly, pts, (), fact.modulus)), step["fact"]
    goal = normalise(problem.goal, syms)
    assert np.all(holds(goal.kind, goal.poly, pts, goal.dens, goal.modulus))
