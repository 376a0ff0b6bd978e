"""Numeric-first matching (domains/geometry/seeds.py): the diagram's proposals miss no true
instance, and matching the seeded rules from them reaches the same closure in the same
rounds as the semi-naive join."""
from itertools import product
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from domains.geometry import compiled_rules, rules
from domains.geometry.parse import parse_file
from domains.geometry.prover import initial_state, prove
from domains.geometry.seeds import ENUMERATORS, ORDERS, SEEDED, Seeds
from domains.geometry.state import GeometryState
from symgen.saturate import saturate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jgex_sample.txt"
PROBLEMS = [p for p in parse_file(FIXTURES.read_text(), str(FIXTURES)) if hasattr(p, "clauses")]
ARITY = {"cong": 4, "para": 4, "perp": 4, "midp": 3}


def _brute(st: GeometryState, pred: str) -> set:
    """Every canonical instance of ``pred`` true on the state's diagram, by trying all tuples."""
    found = set()
    for args in product(range(len(st.xy)), repeat=ARITY[pred]):
        fact = st.canonical(pred, args)
        if fact is not None and st.plausible(fact):
            found.add(fact)
    return found


def _grid_points(draw_ints) -> list[complex]:
    """Distinct points of a small grid: many equal lengths, parallels, perpendiculars and
    midpoints, and near misses of none."""
    return list(dict.fromkeys(complex(x, y) for x, y in draw_ints))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=3, max_size=8),
       st.floats(0.1, 3.0), st.floats(0, 6.3))
def test_the_enumerators_find_every_true_instance(coords, scale, turn):
    pts = [z * scale * complex(np.cos(turn), np.sin(turn)) for z in _grid_points(coords)]
    st_ = GeometryState([f"p{i}" for i in range(len(pts))], pts)
    seeds = Seeds(st_)
    for pred in ENUMERATORS:
        assert {fact for _, fact in seeds._instances(pred)} == _brute(st_, pred), pred


def test_proposals_name_each_unknown_instance_in_every_order():
    pts = [0j, 2 + 0j, 1 + 0j, 1 + 1j, 1 - 1j]        # p2 the midpoint of p0 p1
    st_ = GeometryState([f"p{i}" for i in range(5)], pts)
    rule = next(r for r in rules() if r.name == "midline_converse")
    assert rule.conclusions[0].pred == "midp"
    proposed = Seeds(st_).proposals(rule)
    assert (2, 0, 1) in proposed and (2, 1, 0) in proposed
    assert len(proposed) == len(ORDERS["midp"]) * len(set(proposed)) // len(ORDERS["midp"])
    assert all(st_.plausible(st_.canonical("midp", t)) for t in proposed)


def test_only_rules_of_one_enumerable_conclusion_are_seeded():
    for rule in rules():
        if rule.name in SEEDED:
            assert len(rule.conclusions) == 1 and rule.conclusions[0].pred in ORDERS, rule.name
    assert all(r.seeded is not None for r in compiled_rules() if r.rule.name in SEEDED)


def _closure(problem, diagram, seeding: bool, monkeypatch):
    monkeypatch.setattr(GeometryState, "seeding", seeding)
    state = initial_state(problem, diagram)[0]
    report = saturate(state, compiled_rules())
    return state, report


@pytest.mark.parametrize("problem", PROBLEMS[:12], ids=lambda p: p.name[-25:])
def test_seeded_matching_reaches_the_same_closure_in_the_same_rounds(problem, monkeypatch):
    diagram = prove(problem, seconds=20).diagram
    a, ra = _closure(problem, diagram, True, monkeypatch)
    b, rb = _closure(problem, diagram, False, monkeypatch)
    assert (ra.stop, ra.rounds) == (rb.stop, rb.rounds)
    # The same facts, up to which of several equivalent ratio facts a theory records.
    assert all(b.holds(f) for f in a.table.facts)
    assert all(a.holds(f) for f in b.table.facts)
    assert {n: s.new for n, s in ra.rules.items() if n in SEEDED} \
        == {n: s.new for n, s in rb.rules.items() if n in SEEDED}


@pytest.mark.parametrize("name", sorted(SEEDED))
@pytest.mark.parametrize("seeding", [True, False])
def test_each_seeded_rule_fires_from_its_seeds_as_from_the_join(name, seeding, monkeypatch):
    from domains.geometry.check import check_result
    from domains.geometry.parse import parse_problem
    from .test_rules import HELPERS, PROBLEMS as RULE_PROBLEMS, SUPPORT
    monkeypatch.setattr(GeometryState, "seeding", seeding)
    allowed = {name} | SUPPORT | HELPERS.get(name, set())
    subset = [cr for cr in compiled_rules() if cr.rule.name in allowed]
    result = prove(parse_problem(name, RULE_PROBLEMS[name]), seconds=20, rules=subset)
    assert result.solved and name in {s.rule for s in result.proof.derived}
    check_result(result)
