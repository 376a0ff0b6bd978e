"""The construction table: every asserted fact holds in every diagram a sketch can give."""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from domains.geometry import numeric as nm
from domains.geometry.constructions import CONSTRUCTIONS, ConstructionDef, closest, premises
from domains.geometry.diagram import build
from domains.geometry.numeric import Degenerate
from domains.geometry.parse import parse_problem
from domains.geometry.problem import Statement

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Inputs that a generic set of free points would not satisfy.
SETUPS = {
    "2l1c": "a b d = triangle a b d; o = circle o a b d; c = on_line c b d",
    "tangent": "o b = segment o b; c = mirror c o b; a = on_circle a o c",
    "e5128": "b c = segment b c; a = on_tline a b b c; d = on_circle d c b",
    # two circles of radius |oa| four radii apart: they have inner common tangents
    "cc_itangent": "o a = segment o a; m = mirror m o a; w = mirror w o m; b = midpoint b w m",
}


def tiny_problem(defn: ConstructionDef) -> str:
    """Free points for the inputs (or a special setup), then one call of the construction."""
    setup = SETUPS.get(defn.name) or "; ".join(f"{p} = free {p}" for p in defn.inputs)
    call = " ".join([defn.name, *defn.params, *(["35"] * defn.numbers)])
    last = f"{' '.join(defn.outputs)} = {call}"
    return f"{setup}; {last}" if setup else last


def solutions(defn, inputs, numbers, rng) -> list[tuple[complex, ...]]:
    """Every placement of the outputs the sketch allows: all intersections, several samples."""
    out = defn.sketch(inputs, numbers, rng)
    if isinstance(out[0], complex):
        return [tuple(out)]
    if len(out) == 1:
        return [(nm.sample_on(out[0], rng, 0j, 1.5),) for _ in range(4)]
    return [(z,) for z in nm.intersect(out[0], out[1])]


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_every_fact_holds_in_every_sketch(name):
    defn = CONSTRUCTIONS[name]
    problem = parse_problem(name, tiny_problem(defn))
    setup = replace(problem, clauses=problem.clauses[:-1], goal=None)
    call = problem.clauses[-1].calls[0]
    checked = 0
    for seed in range(12):
        rng = np.random.default_rng(seed)
        coords = dict(build(setup, rng, check_goal=False).coords) if setup.clauses else {}
        if not all(nm.holds(r.pred, [coords[a] for a in r.args], r.numbers) for r in defn.preconditions(call)):
            continue
        try:
            sols = solutions(defn, tuple(coords[p] for p in defn.inputs), call.numbers, rng)
        except Degenerate:
            continue
        for sol in sols:
            pts = {**coords, **dict(zip(defn.outputs, sol, strict=True))}
            for fact in defn.statements(call):
                assert nm.holds(fact.pred, [pts[a] for a in fact.args], fact.numbers), (seed, str(fact))
            checked += 1
    assert checked >= 5


def test_table_covers_every_reference_construction():
    names = (FIXTURES / "ag_construction_names.txt").read_text().split()
    assert [n for n in names if n not in CONSTRUCTIONS] == []


def test_table_covers_the_sample_problems():
    lines = (FIXTURES / "jgex_sample.txt").read_text().splitlines()[1::2]
    used = {call.split()[0] for line in lines for clause in line.split("?")[0].split(";")
            for call in clause.split("=")[1].split(",")}
    assert used <= set(CONSTRUCTIONS)


@pytest.mark.parametrize("name", sorted(CONSTRUCTIONS))
def test_definition_is_well_formed(name):
    defn = CONSTRUCTIONS[name]
    assert set(defn.outputs) <= set(defn.params) and defn.outputs
    for stmt in defn.facts + defn.requires:
        assert stmt.pred in nm.PREDICATES and set(stmt.args) <= set(defn.params), str(stmt)
        assert nm.PREDICATES[stmt.pred].arity_ok(len(stmt.args), len(stmt.numbers)), str(stmt)
    for stmt in defn.facts:
        assert stmt.pred in nm.GOAL_PREDICATES, str(stmt)


def test_premises_use_real_names_in_clause_order():
    p = parse_problem("t", "a b c = triangle a b c; h = foot h a b c; m = midpoint m h a")
    assert [str(s) for s in premises(p)] == [
        "perp h a b c", "coll h b c", "midp m h a", "coll m h a", "cong m h m a"]


def test_s_angle_becomes_aconst_in_units_of_pi():
    p = parse_problem("t", "a b = segment a b; c = s_angle b a c 60")
    assert premises(p) == [Statement("aconst", ("a", "b", "a", "c"), (Fraction(1, 3),))]


def test_s_angle_turns_counterclockwise():
    [ray] = CONSTRUCTIONS["s_angle"].sketch((1 + 0j, 0j), (Fraction(90),), np.random.default_rng(0))
    assert abs(ray.d - 1j) < 1e-12


def test_triangle12_ratio():
    p = parse_problem("t", "a b c = triangle12 a b c")
    assert premises(p) == [Statement("rconst", ("a", "b", "a", "c"), (Fraction(1, 2),))]


def test_closest_name_suggestion():
    assert closest("on_circel") == "on_circle"
