"""A search child grown from its parent's fixpoint reaches the facts of saturating it afresh."""
import dataclasses
import time
from pathlib import Path

import numpy as np
import pytest

from domains.geometry.diagram import Diagram
from domains.geometry.heuristic import HeuristicProposer
from domains.geometry.parse import parse_file
from domains.geometry.predicates import collinearity_of
from domains.geometry.prover import GeometrySpace, grown, saturated

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jgex_sample.txt"
PROBLEMS = [p for p in parse_file(FIXTURES.read_text(), str(FIXTURES)) if hasattr(p, "clauses")]


def _named(drawn) -> set:
    names = drawn.state.names
    return {(f[0], *(names[a] if isinstance(a, int) else a for a in f[1:]))
            for f in drawn.state.table.facts}


def _holds_named(drawn, fact) -> bool:
    """Does ``drawn`` hold the fact (by point names)?  A parallel through one point, which
    one state recorded before it knew the collinearity, counts as that collinearity."""
    index = {n: i for i, n in enumerate(drawn.state.names)}
    fact = (fact[0], *(index[a] if isinstance(a, str) else a for a in fact[1:]))
    return drawn.state.holds(fact) or drawn.state.holds(collinearity_of(fact) or fact)


def _children(problem, k):
    """The goal-free problem's root and its first ``k`` drawable heuristic children."""
    space = GeometrySpace(dataclasses.replace(problem, goal=None), np.random.default_rng(0))
    root = space.root(time.perf_counter() + 60)
    props = HeuristicProposer().propose(dataclasses.replace(root, problem=problem), k, None)
    for prop in props:
        cand = space.prepare(root, prop)
        if not isinstance(cand, str):
            yield root, cand.child


@pytest.mark.parametrize("problem", PROBLEMS[:10], ids=lambda p: p.name[-25:])
def test_a_grown_child_reaches_the_closure_of_saturating_it_afresh(problem):
    tried = 0
    for root, (child, coords) in _children(problem, 2):
        clause = child.clauses[-1]
        afresh = saturated(child, (clause,), Diagram(child.points, coords), time.perf_counter() + 60)
        fast = grown(root.state, child, clause, coords, time.perf_counter() + 60)
        assert afresh.report.stop.value == fast.report.stop.value == "saturated"
        for a, b in ((afresh, fast), (fast, afresh)):
            missing = [f for f in _named(a) if not _holds_named(b, f)]
            assert not missing, missing[:3]
        assert not fast.state.rejected
        tried += 1
    assert tried


def test_growing_leaves_the_parent_as_it_was():
    problem = PROBLEMS[0]
    (root, (child, coords)), *_ = _children(problem, 1)
    before = (set(root.state.state.table.facts), root.state.state.names, root.state.state.xy)
    grown(root.state, child, child.clauses[-1], coords, time.perf_counter() + 60)
    after = (set(root.state.state.table.facts), root.state.state.names, root.state.state.xy)
    assert before == after


def test_a_parent_cut_short_gives_a_child_saturated_afresh():
    problem = PROBLEMS[0]
    (root, (child, coords)), *_ = _children(problem, 1)
    from symgen.saturate import StopReason
    root.state.report.stop = StopReason.TIME        # as if the parent had run out of time
    fast = grown(root.state, child, child.clauses[-1], coords, time.perf_counter() + 60)
    assert fast.state is not root.state.state and fast.state.names == tuple(child.points)
