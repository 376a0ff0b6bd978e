import pytest
from hypothesis import given, settings, strategies as st

from symgen.checker import CheckContext, ProofCheckError, check_proof
from symgen.proof import traceback
from symgen.saturate import Limits, StopReason, saturate

from .toy import RULES, GraphState, compiled


def closure(edges):
    reach = {(a, b) for a, b in edges}
    while True:
        more = {(a, d) for a, b in reach for c, d in edges if b == c} - reach
        if not more:
            return reach
        reach |= more


edges_st = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=14)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(edges_st)
def test_saturation_derives_exactly_the_closure(edges):
    state = GraphState(edges)
    report = saturate(state, compiled())
    assert report.stop is StopReason.SATURATED
    paths = {f[1:] for f in state.table.facts if f[0] == "path"}
    assert paths == closure(edges)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(edges_st, st.randoms(use_true_random=False))
def test_saturation_does_not_depend_on_premise_order(edges, rnd):
    shuffled = list(edges)
    rnd.shuffle(shuffled)
    a, b = GraphState(edges), GraphState(shuffled)
    saturate(a, compiled()), saturate(b, compiled())
    assert set(a.table.facts) == set(b.table.facts)


def test_semi_naive_rounds_equal_longest_path():
    state = GraphState([(i, i + 1) for i in range(6)])
    report = saturate(state, compiled())
    # round 1: edges become paths; round k: paths of length k; then one empty round
    assert report.rounds == 7
    assert report.rules["step"].new == 15 and report.rules["base"].new == 6


def test_goal_stops_early_and_proof_is_numbered():
    state = GraphState([(0, 1), (1, 2), (2, 3), (5, 6)])
    report = saturate(state, compiled(), goal=("path", 0, 3))
    assert report.stop is StopReason.GOAL
    proof = traceback(state.table, state.fact_id(("path", 0, 3)))
    assert proof.goal.fact == ("path", 0, 3)
    assert {s.fact for s in proof.premises} == {("edge", 0, 1), ("edge", 1, 2), ("edge", 2, 3)}
    assert all(c < s.number for s in proof.steps for c in s.cites)
    assert proof.depth() == 3


def test_limits_are_reported():
    state = GraphState([(i, i + 1) for i in range(30)])
    assert saturate(state, compiled(), limits=Limits(rounds=2)).stop is StopReason.ROUNDS
    state = GraphState([(i, i + 1) for i in range(30)])
    assert saturate(state, compiled(), limits=Limits(facts=50)).stop is StopReason.FACTS
    state = GraphState([(i, i + 1) for i in range(30)])
    assert saturate(state, compiled(), limits=Limits(seconds=0.0)).stop is StopReason.TIME


def _context(state):
    premises = [f for _, f, why in state.table.items() if why.is_premise]
    return CheckContext(rules={r.name: r for r in RULES}, canonical=lambda p, a: (p, *a),
                        condition=lambda p, a: True, theories={}, premises=premises,
                        distinct=False)


def test_checker_accepts_proofs_and_rejects_tampering():
    state = GraphState([(0, 1), (1, 2), (2, 3)])
    saturate(state, compiled())
    proof = traceback(state.table, state.fact_id(("path", 0, 3)))
    check_proof(proof, _context(state))
    bad = proof.steps[:-1] + (proof.steps[-1].__class__(
        proof.steps[-1].number, ("path", 3, 0), *(getattr(proof.steps[-1], f)
                                                  for f in ("rule", "cites", "level", "subst"))),)
    with pytest.raises(ProofCheckError, match="not a conclusion"):
        check_proof(proof.__class__(bad), _context(state))
