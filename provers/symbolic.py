"""The symbolic prover: draw the problem, saturate, trace the goal back.

``prove`` runs the whole pipeline on one geometry problem: build the numeric
diagram (re-sampled until the goal holds numerically), state the premises the
constructions assert, saturate with the geometry rules and theories under the
given limits, and if the goal was reached, trace it back to a numbered proof.
It never raises for a problem that parses and draws; a problem that cannot be
drawn raises ``ProblemError``.  It returns by itself about ``seconds`` after it
starts, whatever the problem's size: the diagram builder and the state's indexes
look at the clock, and the ``TimeUp`` they raise becomes a "time limit" result.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from domains.geometry import compiled_rules
from domains.geometry.constructions import premises
from domains.geometry.diagram import Diagram, build
from domains.geometry.predicates import canonical, collinearity_of, show, statement_text
from domains.geometry.problem import Problem, Statement
from domains.geometry.state import GeometryState
from symgen.errors import ProblemError
from symgen.facts import PREMISE, Fact, Justification
from symgen.limits import TimeUp
from symgen.proof import Proof, format_proof, traceback
from symgen.matching import CompiledRule
from symgen.saturate import Limits, Report, StopReason, saturate

# Goals whose orientation the problem language leaves open.
_EITHER_ORIENTATION = {"simtri": "simtri2", "contri": "contri2"}


@dataclass
class ProofResult:
    problem: Problem
    solved: bool
    report: Report
    proof: Proof | None
    state: GeometryState
    diagram: Diagram
    seconds: float

    def show(self, fact: Fact) -> str:
        return show(fact, self.state.names)

    def text(self) -> str:
        head = f"{self.problem.name}: "
        if not self.solved:
            return head + f"not proved ({self.report.stop.value}; {self.report.rounds} rounds, " \
                          f"{self.report.facts} facts, {self.seconds:.3f}s)"
        assert self.proof is not None
        return (head + f"proved in {len(self.proof.derived)} steps ({self.seconds:.3f}s)\n"
                + format_proof(self.proof, self.show))

    def to_json(self) -> dict:
        names = self.state.names
        out = {"problem": self.problem.name, "solved": self.solved,
               "stop_reason": self.report.stop.value, "seconds": round(self.seconds, 4),
               "rounds": self.report.rounds, "facts": self.report.facts}
        if self.proof is not None:
            out["proof"] = [{"n": s.number, "fact": statement_text(s.fact, names),
                             "text": self.show(s.fact), "rule": s.rule, "cites": list(s.cites)}
                            for s in self.proof.steps]
        return out


def fact_of(stmt: Statement, index: dict[str, int]) -> Fact | None:
    return canonical(stmt.pred, tuple(index[a] for a in stmt.args) + tuple(stmt.numbers))


def goal_fact(problem: Problem, state: GeometryState, index: dict[str, int]) -> Fact:
    goal = problem.goal
    assert goal is not None
    pred = goal.pred
    if pred in _EITHER_ORIENTATION:
        args = tuple(index[a] for a in goal.args)
        if not state.numeric(pred, args):
            pred = _EITHER_ORIENTATION[pred]
    fact = fact_of(Statement(pred, goal.args, goal.numbers), index)
    if fact is None:
        raise ProblemError(f"degenerate goal {goal}", source=problem.source, problem=problem.name)
    return collinearity_of(fact) or fact            # para through one point: coll, which stays


def initial_state(problem: Problem, diagram: Diagram, deadline: float = float("inf")
                  ) -> tuple[GeometryState, dict[str, int]]:
    """The premises on the diagram; the state's indexes raise ``TimeUp`` past ``deadline``
    (``time.perf_counter()``)."""
    names = diagram.names
    index = {n: i for i, n in enumerate(names)}
    state = GeometryState(names, [diagram.coords[n] for n in names])
    state.deadline = deadline
    why = Justification(PREMISE)
    for stmt in premises(problem):
        fact = fact_of(stmt, index)
        if fact is not None:
            state.add(fact, why)
    return state, index


def prove(problem: Problem, *, seconds: float = 60.0, seed: int = 0,
          limits: Limits | None = None, rules: Sequence[CompiledRule] | None = None) -> ProofResult:
    """Prove ``problem``'s goal symbolically (or report why not); ``rules`` defaults to all.

    Returns by itself about ``seconds`` after it starts, with a "time limit" stop reason
    if the time ran out (drawing the diagram included)."""
    start = time.perf_counter()
    state: GeometryState | None = None
    try:
        diagram = build(problem, np.random.default_rng(seed), deadline=start + seconds)
        state, index = initial_state(problem, diagram, start + seconds)
        goal = goal_fact(problem, state, index) if problem.goal is not None else None
        limits = limits or Limits(seconds=max(0.0, seconds - (time.perf_counter() - start)))
        report = saturate(state, compiled_rules() if rules is None else rules, goal=goal,
                          limits=limits)
        proof = None
        if goal is not None and report.stop is StopReason.GOAL:
            proof = traceback(state.table, state.fact_id(goal))
    except TimeUp:
        return timed_out(problem, start, state)
    return ProofResult(problem, proof is not None, report, proof, state, diagram,
                       time.perf_counter() - start)


def timed_out(problem: Problem, start: float, state: GeometryState | None = None) -> ProofResult:
    """The not-solved result of a problem whose time ran out while it was drawn or
    saturated (``state``: as far as saturation got)."""
    names = problem.points
    if state is None:
        state = GeometryState(names, [0j] * len(names))
    report = Report(stop=StopReason.TIME, rounds=state.round, facts=state.size())
    return ProofResult(problem, False, report, None, state, Diagram(state.names, {}),
                       time.perf_counter() - start)
