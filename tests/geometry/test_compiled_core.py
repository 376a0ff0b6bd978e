"""Differential: saturating under the compiled core and under the Python reference reaches the
same facts in the same rounds, with the same matches per rule (the kernels return the same
tuples in the same order)."""
from pathlib import Path

import pytest

from domains.geometry import compiled_rules
from domains.geometry.parse import parse_file
from domains.geometry.prover import initial_state, prove
from symgen import engine
from symgen.saturate import saturate

pytest.importorskip("symgen._core")

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "jgex_sample.txt"
PROBLEMS = [p for p in parse_file(FIXTURES.read_text(), str(FIXTURES)) if hasattr(p, "clauses")]


def _closure(problem, diagram, which: str):
    with engine.using(which):
        state = initial_state(problem, diagram)[0]
        report = saturate(state, compiled_rules())
    matches = {name: r.matches for name, r in report.rules.items()}
    return report.stop, report.rounds, set(state.table.facts), matches


@pytest.mark.parametrize("problem", PROBLEMS[:8], ids=lambda p: p.name[-25:])
def test_both_engines_reach_the_same_closure_in_the_same_rounds(problem):
    diagram = prove(problem, seconds=20).diagram
    assert _closure(problem, diagram, "compiled") == _closure(problem, diagram, "python")


def test_the_cores_memory_bound_is_a_stop_not_a_crash():
    """A matching call past ``Limits.tuples`` stops saturation with "match limit" (the core's
    LimitError), and the next saturation, under the default bound, runs to its end."""
    from symgen.saturate import Limits, StopReason
    problem = PROBLEMS[0]
    diagram = prove(problem, seconds=20).diagram
    with engine.using("compiled"):
        state = initial_state(problem, diagram)[0]
        report = saturate(state, compiled_rules(), limits=Limits(tuples=2))
        assert report.stop is StopReason.TUPLES
        again = initial_state(problem, diagram)[0]
        assert saturate(again, compiled_rules()).stop is not StopReason.TUPLES
