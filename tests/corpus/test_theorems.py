"""Premise sampling and theorem extraction: realisable samples from every recipe, and
auxiliary constructions that the goal really needs."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from domains.geometry.constructions import premises
from domains.geometry.diagram import build
from domains.geometry.parse import parse_problem
from domains.geometry.sampler import RECIPES, SamplerConfig, sample
from domains.geometry.corpus_check import check_record
from domains.geometry.predicates import canonical, collinearity_of
from domains.geometry.theorems import GenerateConfig, _saturated, item, theorems
from domains.geometry.prover import prove

# The median of a triangle cut by a cevian through its midpoint: the ratios on AC need the
# midpoint of FC (the rectangle fixture used before needs no aux with the rules from Newclid 3).
HELPER = "g = midpoint g f c"
STATEMENT = ("a b c = triangle a b c; d = midpoint d b c; e = midpoint e a d; "
             "f = on_line f b e, on_line f a c")


def _premises_hold(problem, diagram):
    return all(diagram.holds(s) for s in premises(problem))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_samples_are_realisable(seed):
    problem, diagram = sample(np.random.default_rng(seed))
    assert len(problem.clauses) >= 1 + SamplerConfig().steps[0] // 2
    assert set(diagram.coords) == set(problem.points)
    assert _premises_hold(problem, diagram)


@pytest.mark.parametrize("recipe", sorted(RECIPES))
def test_every_recipe_can_be_drawn(recipe):
    # a little of "midpoint" so that recipes needing five points get them
    weights = {r: 1.0 if r == recipe else 0.1 if r == "midpoint" else 0.0 for r in RECIPES}
    config = SamplerConfig(steps=(3, 3), weights=weights)
    name = RECIPES[recipe][1].split("=")[1].split()[0]
    drawn = 0
    for seed in range(6):
        problem, diagram = sample(np.random.default_rng(seed), config)
        assert _premises_hold(problem, diagram)
        drawn += any(c.calls[0].name == name for c in problem.clauses[1:])
    assert drawn >= 1


def test_auxiliary_construction_is_needed_and_sufficient():
    problem = parse_problem("t", f"{STATEMENT}; {HELPER}")
    rng = np.random.default_rng(0)
    records, _ = theorems(problem, build(problem, rng).coords, rng, GenerateConfig())
    with_aux = [r for r in records if r["aux"]]
    assert with_aux and all(r["aux"] == [HELPER] for r in with_aux)
    for r in with_aux[:2]:
        alone = parse_problem("s", f"{r['premises']} ? {r['goal']}")
        helped = parse_problem("s", f"{r['premises']}; {HELPER} ? {r['goal']}")
        assert not prove(alone, seconds=20).solved
        assert prove(helped, seconds=20).solved


def test_aux_only_keeps_only_goals_with_aux():
    problem = parse_problem("t", f"{STATEMENT}; {HELPER}")
    rng = np.random.default_rng(1)
    coords = build(problem, rng).coords
    records, stats = theorems(problem, coords, rng, GenerateConfig(aux_only=True))
    assert records and all(r["aux"] for r in records)
    assert stats.rejected.get("no aux (aux-only run)", 0) > 0


def test_per_diagram_caps_goals_without_aux():
    problem = parse_problem("t", f"{STATEMENT}; {HELPER}")
    coords = build(problem, np.random.default_rng(2)).coords
    records, _ = theorems(problem, coords, np.random.default_rng(2), GenerateConfig(max_per_predicate=1))
    plain = [r["goal"].split()[0] for r in records if not r["aux"]]
    assert plain and len(plain) == len(set(plain))          # at most one per predicate
    assert any(r["aux"] for r in records)                  # aux goals are not capped by it


def test_aux_per_diagram_keeps_that_many_of_the_aux_goals():
    problem = parse_problem("t", f"{STATEMENT}; {HELPER}")
    coords = build(problem, np.random.default_rng(2)).coords
    every, _ = theorems(problem, coords, np.random.default_rng(2), GenerateConfig(aux_only=True))
    goals = {r["goal"] for r in every}
    assert len(goals) >= 3
    picked = set()
    for seed in range(6):
        one, _ = theorems(problem, coords, np.random.default_rng(seed),
                          GenerateConfig(aux_only=True, max_aux=1))
        assert len(one) == 1 and one[0]["goal"] in goals
        picked.add(one[0]["goal"])
    assert len(picked) >= 2                                # drawn at random, not the first


def test_no_goal_is_a_para_through_one_point():
    # a square and its centre gave "para b d b e" with aux before generator 0.4.1:
    # the collinearity, stated as para, looked unproved once the engine merged lines bd, be
    problem = parse_problem("t", "a b c d = isquare a b c d; e = midpoint e a c; f = midpoint f a b")
    rng = np.random.default_rng(0)
    records, _ = theorems(problem, build(problem, rng).coords, rng, GenerateConfig(max_per_predicate=100))
    assert any(r["goal"] == "coll b d e" for r in records)
    for r in records:
        pred, *args = r["goal"].split()
        assert pred != "para" or len(set(args)) == 4, r["goal"]


def _derived_on(text: str, goal: str, diagram: list[dict]) -> bool:
    """Whether saturating ``text`` drawn at the record's coordinates derives ``goal``."""
    problem = parse_problem("m", f"{text} ? {goal}")
    xy = {p["point"]: complex(p["x"], p["y"]) for p in diagram}
    coords = {p: xy[p] for p in problem.points}
    state, index, _ = _saturated(problem, coords, GenerateConfig())
    g = problem.goal
    return state.holds(canonical(g.pred, tuple(index[a] for a in g.args) + tuple(g.numbers)))


def _without(aux: list[str], i: int) -> list[str]:
    """``aux`` less clause ``i`` and the clauses that use its points (transitively)."""
    gone = set(aux[i].split("=")[0].split())
    out = []
    for c in aux[:i] + aux[i + 1:]:
        lhs, rhs = c.split("=", 1)
        if gone & set(rhs.replace(",", " ").split()):
            gone |= set(lhs.split())
        else:
            out.append(c)
    return out


SMALL = GenerateConfig(sampler=SamplerConfig(steps=(3, 6)), aux_only=True)


def test_unneeded_aux_clauses_are_trimmed():
    # seed 1 item 45: the proofs in the full diagram use more clauses than they need (which
    # item shows it depends on which of equal facts the engine records, not on the closure)
    records, stats = item(1, 45, SMALL)
    assert stats.aux_trimmed > 0 and records
    for r in records:
        assert check_record(r, fresh=1) == []
        assert _derived_on("; ".join([r["premises"], *r["aux"]]), r["goal"], r["diagram"])
        for i in range(len(r["aux"])):
            rest = _without(r["aux"], i)
            assert not _derived_on("; ".join([r["premises"], *rest]), r["goal"], r["diagram"])


def test_no_recorded_aux_clause_can_be_left_out():
    records, _ = item(1, 41, GenerateConfig(sampler=SamplerConfig(steps=(3, 8)), aux_only=True))
    multi = [r for r in records if len(r["aux"]) > 1]
    assert multi
    for r in multi[:4]:
        for i in range(len(r["aux"])):
            rest = _without(r["aux"], i)
            assert not _derived_on("; ".join([r["premises"], *rest]), r["goal"], r["diagram"])


def test_a_fixed_angle_keeps_its_sign_in_the_fresh_diagram_check():
    # s_angle fixes the sign of an angle, so the mirror image of this figure is another
    # configuration, where "perp a e c e" is false: the check must not compare against it
    text = "a b c = ieq_triangle a b c; d = on_circle d b c; e = s_angle d a e -60, on_line e d c"
    problem = parse_problem("t", text)
    rng = np.random.default_rng(1)
    records, _ = theorems(problem, build(problem, rng).coords, rng, GenerateConfig())
    perp = [r for r in records if r["goal"].startswith("perp")]
    assert perp
    for r in records:
        assert check_record(r, fresh=8) == [], r["goal"]


def test_difficulty_labels_say_what_the_heuristic_search_does():
    """Each aux record is labelled with the heuristic's search on its problem under a node
    budget; the midpoint of FC is in the heuristic's vocabulary, so it solves these at depth
    1, and --hard then drops them all (counted).  A budget of 0 children cannot solve one."""
    from domains.geometry.difficulty import Budget, label
    from symgen.schema import domain_schema, errors
    problem = parse_problem("t", f"{STATEMENT}; {HELPER}")
    rng = np.random.default_rng(1)
    coords = build(problem, rng).coords
    records, _ = theorems(problem, coords, np.random.default_rng(1),
                          GenerateConfig(aux_only=True, max_aux=2, difficulty=64))
    assert records
    for r in records:
        h = r["difficulty"]["heuristic"]
        assert h["solved"] and h["depth"] == 1 and 1 <= h["nodes"] <= 64 == h["budget"]
        assert r["difficulty"]["aux_count"] == len(r["aux"]) == 1
        assert not errors(domain_schema("domains.geometry"), r | {"generator": "0.6.0"})
    hard, stats = theorems(problem, coords, np.random.default_rng(1),
                           GenerateConfig(aux_only=True, max_aux=2, difficulty=64, hard=True))
    assert not hard and stats.rejected["the heuristic solves it (--hard)"] == len(records)
    none = label(records[0], Budget(nodes=0))["heuristic"]
    assert not none["solved"] and none["nodes"] == 0 and none["stop"] == "node budget"


def test_min_aux_keeps_only_records_with_that_many_aux_clauses():
    problem = parse_problem("t", f"{STATEMENT}; {HELPER}")
    rng = np.random.default_rng(1)
    coords = build(problem, rng).coords
    records, stats = theorems(problem, coords, rng, GenerateConfig(aux_only=True, min_aux=2))
    assert not records and stats.rejected["fewer aux clauses than --min-aux"] > 0


def test_novel_aux_keeps_only_aux_the_heuristic_cannot_write():
    """The midpoint of FC is a heuristic template, so --novel-aux drops those records
    (counted); the same point as where line FC meets FC's perpendicular bisector is of a
    kind no template writes, and its records are kept."""
    from domains.geometry.heuristic import outside_vocabulary
    novel = "g = on_line g f c, on_bline g f c"
    assert not outside_vocabulary(HELPER) and outside_vocabulary(novel)
    assert not outside_vocabulary("x = on_line x a b, on_line x c d")   # intersection_ll
    for helper, kept in ((HELPER, False), (novel, True)):
        problem = parse_problem("t", f"{STATEMENT}; {helper}")
        rng = np.random.default_rng(1)
        coords = build(problem, rng).coords
        records, stats = theorems(problem, coords, rng,
                                  GenerateConfig(aux_only=True, max_aux=3, novel_aux=True))
        if kept:
            assert records and all(r["aux"] == [novel] for r in records)
        else:
            assert not records and stats.rejected[
                "every aux clause is one the heuristic writes (--novel-aux)"] > 0


def test_a_sub_state_grown_from_a_smaller_one_has_the_facts_of_saturating_it_afresh():
    """The generator's sub-problems (some clauses alone, to show a goal needs the others)
    grow from the cached fixpoint of a smaller one; each reaches the closure of its
    clauses saturated afresh on the same coordinates."""
    from domains.geometry.theorems import _clause_text, _sub_state
    problem, diagram = sample(np.random.default_rng([1, 45]), SMALL.sampler, name="t")
    n = len(problem.clauses)
    assert n >= 4
    cache: dict = {}
    for k in range(2, n + 1):
        keep = frozenset(range(k))
        grown, _, report = _sub_state(problem, keep, diagram.coords, SMALL, cache)
        afresh, _, fresh_report = _saturated(parse_problem("t", "; ".join(
            _clause_text(problem, i, {p: p for p in problem.points}) for i in sorted(keep))),
            diagram.coords, SMALL)
        assert report.stop.value == fresh_report.stop.value == "saturated"
        for a, b in ((grown, afresh), (afresh, grown)):
            # a parallel through one point, recorded before its collinearity was known,
            # counts as that collinearity (as for search children, tests/geometry/test_grown.py)
            index = {name: i for i, name in enumerate(b.names)}
            renamed = [(f[0], *(index[a.names[x]] if isinstance(x, int) else x for x in f[1:]))
                       for f in a.table.facts]
            missing = [g for g in renamed if not (b.holds(g) or b.holds(collinearity_of(g) or g))]
            assert not missing, (k, missing[:3])
    assert len(cache) == n - 1
