"""Alternating search: a proposed auxiliary point proves what saturation alone cannot, the
proof cites it and replays in the checker, and bad proposals are dropped, never raised."""
import json
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domains.geometry.constructions import premises
from domains.geometry.diagram import build
from domains.geometry.text import SPELLINGS, canonical_text, rename_statement, training_pairs
from domains.geometry.parse import parse_problem
from domains.geometry.check import check_result
from domains.geometry.heuristic import HeuristicProposer, candidates
from domains.geometry.text import fresh_name, to_own_names
from domains.geometry.prover import prove, search
from provers.search import Proposal, SearchConfig
from symgen.errors import ProblemError
from symgen.saturate import StopReason

# JGEX "ye_aux_ll43": needs the midpoint of AB (symbolic alone saturates without the goal).
LL43 = ("a b = segment a b; c = on_dia c a b, on_bline c a b; d = midpoint d a c; "
        "e = foot e c b d; f = on_line f c e, on_line f a b ? eqangle d c d b d f d a")


@pytest.fixture(scope="module")
def problem():
    return parse_problem("ll43", LL43)


class Fixed:
    """A proposer that proposes the given clauses, in order."""
    name = "fixed"
    exhaustible, narrowing = True, 1.0

    def __init__(self, clauses):
        self.clauses = clauses

    def propose(self, node, k, deadline=None):
        return [Proposal(c, -i) for i, c in enumerate(self.clauses)][:k]


def test_saturation_alone_does_not_prove_it(problem):
    assert not prove(problem, seconds=30).solved


def test_heuristic_search_finds_the_aux_point_and_the_proof_replays(problem):
    result = search(problem, HeuristicProposer(), SearchConfig(seconds=30))
    assert result.solved and len(result.constructs) == 1
    check_result(result)                    # raises on a step the checker cannot replay
    for step in result.proof.steps:         # numbered so that every step cites earlier ones
        assert all(c < step.number for c in step.cites)
    # The construction it reports, written into the problem, is enough for saturation alone.
    body, goal = LL43.split(" ? ")
    assert prove(parse_problem("with aux", f"{body}; {result.constructs[0]} ? {goal}"), seconds=30).solved
    assert json.loads(json.dumps(result.to_json()))["aux"] == list(result.constructs)


def test_bad_proposals_are_dropped_and_counted(problem):
    bad = ["x = nonsense x a b", "x = midpoint x a zz", "x = midpoint x a", "x = midpoint x a a",
           "x = mirror x a a", "a = midpoint a b c", "x = midpoint x a b"]
    result = search(problem, Fixed(bad), SearchConfig(seconds=30, depth=1))
    assert result.solved and result.constructs == ("x = midpoint x a b",)
    assert result.stats["rejected"]["does not parse"] >= 4
    assert sum(result.stats["rejected"].values()) == len(bad) - 1


def test_search_keeps_to_its_time_budget(problem):
    start = time.perf_counter()
    useless = [f"x{i} = on_line x{i} a b" for i in range(500)]
    result = search(problem, Fixed(useless), SearchConfig(seconds=2.0, k=500))
    assert not result.solved and time.perf_counter() - start < 6.0


class Midpoints:
    """The same midpoints, under the node's next free name, for ``passes`` passes (a pass
    starts at the root); then nothing, so the search ends there whatever the machine's speed."""
    name = "midpoints"
    pairs = (("d", "e"), ("c", "d"), ("a", "c"))

    def __init__(self, passes, narrowing=1.0, pairs=pairs):
        self.passes, self.narrowing, self.pairs, self.asked = passes, narrowing, pairs, []

    @property
    def exhaustible(self):
        return sum(depth == 0 for depth, _ in self.asked) > self.passes

    def propose(self, node, k, deadline=None):
        self.asked.append((len(node.aux), k))
        if self.exhaustible:
            return []
        x = fresh_name(set(node.problem.points))
        return [Proposal(f"{x} = midpoint {x} {a} {b}", -i)
                for i, (a, b) in enumerate(self.pairs)][:k]


def test_wider_passes_do_not_saturate_the_same_last_level_point_twice(problem):
    proposer = Midpoints(passes=4, pairs=(("d", "e"), ("c", "d")))
    result = search(problem, proposer, SearchConfig(seconds=60, depth=1, k=1))
    assert not result.solved
    assert result.stats["nodes"] == 2           # one per point, however many passes ran
    assert result.stats["rejected"]["same as an earlier proposal"] >= 2


def test_wider_passes_do_not_saturate_a_child_above_the_last_level_twice(problem):
    result = search(problem, Midpoints(passes=8), SearchConfig(seconds=60, depth=2, beam=1, k=1))
    assert not result.solved and result.stop == StopReason.SATURATED.value
    assert result.stats["proposals"] > 20       # many passes ran
    # Three points at the first level, at most two new ones under the beam's one parent.
    assert result.stats["nodes"] <= 5


def test_a_deeper_node_is_asked_for_the_proposers_share_of_k(problem):
    proposer = Midpoints(passes=3, narrowing=0.25)
    search(problem, proposer, SearchConfig(seconds=60, depth=2, beam=1, k=8))
    # Each pass asks the root for k (doubling from 8) and its one child for a quarter of it.
    assert proposer.asked[:6] == [(0, 8), (1, 2), (0, 16), (1, 4), (0, 32), (1, 8)]


def test_heuristic_ranks_constructions_on_goal_points_first():
    ranked = candidates(["a", "b", "c", "d"], {"a", "b"}, "e")
    assert ranked[0].clause == "e = midpoint e a b"
    assert fresh_name({"a", "b", "c"}) == "d"
    assert len({p.clause for p in ranked}) == len(ranked)


def test_training_pairs_rename_points_in_order_of_introduction():
    record = {"premises": "p q r = triangle p q r; m = midpoint m q r", "goal": "perp p m q r",
              "aux": ["z = foot z p q r"]}
    assert training_pairs(record) == [
        ("a b c = triangle a b c; d = midpoint d b c ? perp a d b c", "e = foot e a b c")]


def test_model_clauses_map_back_to_the_problems_names():
    problem = parse_problem("t", "p q r = triangle p q r; m = midpoint m q r ? perp p m q r")
    text, ren = canonical_text(problem)
    assert text.startswith("a b c = triangle a b c")
    points = set(problem.points)
    assert to_own_names("e = foot e a b c", ren, points) == "a = foot a p q r"
    assert to_own_names("e = foot e a b h", ren, points) is None     # h is not a point here
    assert to_own_names("a = foot a b c d", ren, points) is None     # a is not new
    assert to_own_names("foot e a b c", ren, points) is None


# One problem per respelt construction (arguments that meet its requirements).
RESPELT = {
    "circumcenter": "d = circumcenter d a b c",
    "intersection_ll": "d = intersection_ll d a b c e",
    "intersection_lc": "d = intersection_lc d a e b",
    "intersection_lt": "d = intersection_lt d a b c a e",
    "intersection_lp": "d = intersection_lp d a b c a e",
    "intersection_pp": "d = intersection_pp d a b c e b c",
    "intersection_tt": "d = intersection_tt d a b c e a c",
    "intersection_cc": "d = intersection_cc d a e b",
}


def test_respelt_constructions_cover_the_table():
    assert set(RESPELT) == set(SPELLINGS)


@pytest.mark.parametrize("name", sorted(RESPELT))
@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_a_respelt_construction_says_what_the_original_says(name, seed):
    """The generator's spelling asserts facts that hold wherever the original puts the point,
    and the prompt names only the generator's constructions."""
    line = f"a b c = triangle a b c; e = free e; {RESPELT[name]}"
    original = parse_problem("o", line)
    try:
        diagram = build(original, np.random.default_rng(seed))
    except ProblemError:
        return                                  # a draw that cannot be built proves nothing
    text, ren = canonical_text(original)
    assert name not in text
    for stmt in premises(parse_problem("r", text)):
        stmt = rename_statement(stmt, ren.to_own)
        assert diagram.holds(stmt), (text, stmt)


def test_respelling_keeps_generated_text_and_rewrites_targets():
    problem = parse_problem("t", "a b c = triangle a b c; d = circumcenter d a b c")
    assert canonical_text(problem)[0] == "a b c = triangle a b c; d = circle d a b c"
    record = {"premises": "p q r = triangle p q r", "goal": "perp p z q r",
              "aux": ["z = intersection_lt z q r p q r"]}
    assert training_pairs(record) == [
        ("a b c = triangle a b c ? perp a d b c", "d = on_line d b c, on_tline d a b c")]


def test_a_node_budget_stops_the_search_after_that_many_children(problem):
    """Proposals that do not help, then the midpoint that does: a budget smaller than the
    useless ones ends with the node budget after exactly that many children; a larger one
    reaches the midpoint.  (A budget spends alike on every machine, unlike the time.)"""
    useless = ["g = midpoint g c d", "g = midpoint g b c", "g = midpoint g c e"]
    fixed = Fixed([*useless, "g = midpoint g a b"])
    short = search(problem, fixed, SearchConfig(seconds=60, depth=1, k=8, nodes=2))
    assert not short.solved and short.stop == StopReason.NODES.value
    assert short.stats["nodes"] == 2
    enough = search(problem, fixed, SearchConfig(seconds=60, depth=1, k=8, nodes=4))
    assert enough.solved and enough.constructs[-1].startswith("g = midpoint g a b")


def test_a_long_search_logs_how_far_it_has_got(problem, caplog, monkeypatch):
    """Every ``PROGRESS_SECONDS`` (here: every child) the search logs its children, budget
    and time at INFO, which ``symgen -v`` shows; the default WARNING level stays quiet."""
    import logging
    import provers.search as s
    monkeypatch.setattr(s, "PROGRESS_SECONDS", 0.0)
    fixed = Fixed(["g = midpoint g c d", "g = midpoint g b c", "g = midpoint g a b"])
    with caplog.at_level(logging.INFO, logger="provers.search"):
        search(problem, fixed, SearchConfig(seconds=60, depth=1, k=8, nodes=5))
    lines = [r.getMessage() for r in caplog.records if r.name == "provers.search"]
    assert any(m.startswith("search: 1 children expanded of 5") for m in lines), lines
    assert any(m.startswith("search: 3 children expanded of 5") for m in lines), lines
