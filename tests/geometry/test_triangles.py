"""The triangle index proposes every match the generic matcher finds (and the matches whose
premises hold trivially, such as an isosceles triangle congruent to its own mirror image,
which the generic scans skip)."""
from pathlib import Path

import numpy as np
import pytest

from domains.geometry import compiled_rules
from domains.geometry.diagram import build
from domains.geometry.parse import parse_file
from domains.geometry.triangles import INDEXED, NAMES
from domains.geometry.prover import initial_state
from symgen.matching import run_candidates, run_plan
from symgen.saturate import Limits, saturate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jgex_sample.txt"
PROBLEMS = [p for p in parse_file(FIXTURES.read_text(), str(FIXTURES)) if hasattr(p, "clauses")]
RULES = {cr.rule.name: cr for cr in compiled_rules()}


def _state(problem, rounds):
    state, _ = initial_state(problem, build(problem, np.random.default_rng(0)))
    saturate(state, compiled_rules(), limits=Limits(seconds=20, rounds=rounds))
    state.begin()                       # everything counts as new: full match sets
    return state


def _generic(cr, state) -> set:
    found = set()
    names = cr.rule.variables()

    def emit(b):
        values = dict(zip(names, b))
        t = tuple(values[n] for n in NAMES)
        if t[:3] != t[3:]:              # a triangle paired with itself concludes nothing
            found.add(t)
    binding = [None] * cr.nvars
    for plan in cr.plans:
        run_plan(plan, state, binding, emit, cr.distinct)
    return found


def _indexed(cr, state) -> set:
    found = set()
    names = cr.rule.variables()
    index_names, candidates = state.bindings(cr.rule)
    run_candidates(cr, state, index_names, candidates,
                   lambda b: found.add(tuple(dict(zip(names, b))[n] for n in NAMES)))
    return found


@pytest.mark.parametrize("problem", PROBLEMS[:8], ids=lambda p: p.name.rsplit("/", 1)[-1])
def test_index_finds_the_generic_matches(problem):
    state = _state(problem, rounds=2)
    total = 0
    for name in INDEXED:
        cr = RULES[name]
        generic, indexed = _generic(cr, state), _indexed(cr, state)
        assert generic <= indexed, (name, sorted(generic - indexed)[:5])
        total += len(generic)
    assert total > 0


def test_an_edited_rule_falls_back_to_generic_matching():
    from dataclasses import replace
    state = _state(PROBLEMS[0], rounds=1)
    rule = RULES["similar_aa"].rule
    assert state.bindings(rule) is not None
    assert state.bindings(replace(rule, conditions=rule.conditions[:1])) is None
    assert state.bindings(RULES["midline"].rule) is None


@pytest.mark.parametrize("problem", PROBLEMS[:8], ids=lambda p: p.name.rsplit("/", 1)[-1])
def test_signatures_kept_round_to_round_equal_those_computed_afresh(problem):
    """The index recomputes a round's signatures only for the triangles the last round's
    changes touch; after every round they are those of an index built on the state then."""
    from domains.geometry.triangles import TriangleIndex
    fns = {entry[1] for entry in INDEXED.values()} | {entry[2] for entry in INDEXED.values()}
    compared = 0
    state, _ = initial_state(problem, build(problem, np.random.default_rng(0)))
    real_end = state.end_round

    def end_round():
        real_end()
        fresh = TriangleIndex(state)
        nonlocal compared
        for fn in fns:
            kept, new = state.triangles.signatures(fn), fresh.signatures(fn)
            assert kept.value == new.value, fn.__name__
            assert {g: sorted(m) for g, m in kept.groups.items()} == \
                {g: sorted(m) for g, m in new.groups.items()}, fn.__name__
            compared += 1
    state.end_round = end_round
    saturate(state, compiled_rules(), limits=Limits(seconds=20, rounds=6))
    assert compared > 0
