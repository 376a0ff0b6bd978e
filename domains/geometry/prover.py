"""Proving a geometry problem: symbolically, or with the search adding auxiliary points.

``prove`` runs the whole pipeline on one geometry problem: build the numeric
diagram (re-sampled until the goal holds numerically), state the premises the
constructions assert, saturate with the geometry rules and theories under the
given limits, and if the goal was reached, trace it back to a numbered proof.
It never raises for a problem that parses and draws; a problem that cannot be
drawn raises ``ProblemError``.  It returns by itself about ``seconds`` after it
starts, whatever the problem's size: the diagram builder and the state's indexes
look at the clock, and the ``TimeUp`` they raise becomes a "time limit" result.

``search`` is ``provers.search``'s beam over ``GeometrySpace``: a child is the node's
problem with one proposed clause added, drawn on the node's diagram (old points keep
their coordinates, so the parent's drawing is reused) and saturated afresh.  Two
proposals whose new points land on the same coordinates are one.  The first child that
reaches the goal ends the search; its proof cites the auxiliary constructions as premises.

Starting a child from its parent's saturated facts instead was tried: after replaying
them, the semi-naive rounds need a full re-match to stay complete, and the search tried
fewer children per second than saturating each child afresh (benchmarks/RESULTS.md).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from provers.search import Candidate, Node, Proposal, Proposer, SearchConfig, SearchStats, beam
from provers.search import search as run_search
from symgen.domain import OutcomeFields
from symgen.errors import ProblemError
from symgen.facts import PREMISE, Fact, Justification
from symgen.limits import TimeUp
from symgen.matching import CompiledRule
from symgen.proof import Proof, format_proof, traceback
from symgen.saturate import Limits, Report, StopReason, saturate

from . import compiled_rules
from .constructions import premises
from .diagram import Diagram, build, extend
from .parse import parse_problem
from .predicates import canonical, collinearity_of, show, statement_text
from .problem import Clause, Problem, Statement, problem_line
from .state import GeometryState

log = logging.getLogger(__name__)

# Goals whose orientation the problem language leaves open.
_EITHER_ORIENTATION = {"simtri": "simtri2", "contri": "contri2"}


@dataclass
class ProofResult(OutcomeFields):
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


# ---------------------------------------------------------------------------
# The search

@dataclass
class Drawn:
    """A node's state: its diagram's coordinates, saturated state, goal fact and report."""

    clauses: tuple[Clause, ...]      # the aux clauses, parsed
    coords: dict[str, complex]
    state: GeometryState
    goal: Fact
    report: Report


@dataclass
class SearchResult(ProofResult):
    aux: tuple[str, ...] = ()
    stats: SearchStats = field(default_factory=SearchStats)
    proposer: str = "none"

    def text(self) -> str:
        head = f"{self.problem.name}: "
        if not self.solved:
            return head + (f"not proved ({self.report.stop.value}; {self.stats.nodes} constructions "
                           f"tried with {self.proposer}, {self.seconds:.3f}s)")
        assert self.proof is not None
        lines = [head + f"proved in {len(self.proof.derived)} steps with {len(self.aux)} "
                 f"auxiliary construction(s) ({self.seconds:.3f}s)"]
        lines += [f"  aux: {a}" for a in self.aux]
        return "\n".join(lines) + "\n" + format_proof(self.proof, self.show)

    def to_json(self) -> dict:
        out = super().to_json()
        out.update(aux=list(self.aux), proposer=self.proposer, nodes=self.stats.nodes,
                   proposals=self.stats.proposals)
        return out


class GeometrySpace:
    """The search's view of one geometry problem (``provers.search.Space``)."""

    def __init__(self, problem: Problem, rng: np.random.Generator) -> None:
        self.problem, self.rng = problem, rng

    def root(self, deadline: float) -> Node:
        drawn = build(self.problem, self.rng, deadline=deadline)
        return self._node(self.problem, (), dict(drawn.coords), deadline)

    def prepare(self, node: Node, proposal: Proposal) -> Candidate | str:
        line = problem_line([*node.problem.clauses, proposal.text], node.problem.goal)
        try:
            problem = parse_problem(node.problem.name, line, node.problem.source)
        except ProblemError as err:
            log.debug("proposal %r: %s", proposal.text, err)
            return "does not parse"
        clause = problem.clauses[-1]
        coords = dict(node.state.coords)
        why = extend(clause, coords, self.rng)
        if why is not None:
            log.debug("proposal %r: %s", proposal.text, why)
            return "cannot be drawn"
        return Candidate(node, proposal, _where(node, clause, coords), (problem, coords))

    def expand(self, candidate: Candidate, deadline: float) -> Node:
        problem, coords = candidate.child
        parent = candidate.parent
        node = self._node(problem, parent.state.clauses + (problem.clauses[-1],), coords, deadline)
        node.score = candidate.score
        return node

    def _node(self, problem: Problem, clauses: tuple[Clause, ...], coords: dict[str, complex],
              deadline: float) -> Node:
        """The problem on these coordinates, saturated until the goal or the deadline."""
        state, index = initial_state(problem, Diagram(problem.points, coords), deadline)
        goal = goal_fact(problem, state, index)
        report = saturate(state, compiled_rules(), goal=goal,
                          limits=Limits(seconds=max(0.0, deadline - time.perf_counter())))
        drawn = Drawn(clauses, coords, state, goal, report)
        return Node(problem, tuple(str(c) for c in clauses), drawn, state.holds(goal))


def _where(node: Node, clause: Clause, coords: dict[str, complex]) -> tuple:
    """Where a clause's new points lie, rounded: two proposals that name one point are one."""
    scale = max(abs(z) for z in node.state.coords.values()) or 1.0
    return tuple(sorted((round(coords[p].real / scale, 6), round(coords[p].imag / scale, 6))
                        for p in clause.points))


def search(problem: Problem, proposer: Proposer | None, config: SearchConfig = SearchConfig()
           ) -> SearchResult:
    """Prove ``problem``, adding up to ``config.depth`` proposed constructions.

    Returns by itself about ``config.seconds`` after it starts: a proposer or the drawing
    that runs out of time raises ``TimeUp``, which ends the search with the time limit."""
    start = time.perf_counter()
    name = getattr(proposer, "name", "none")
    space = GeometrySpace(problem, np.random.default_rng(config.seed))
    stats = SearchStats()
    try:
        found = run_search(space, proposer, config, beam, start + config.seconds, stats)
    except TimeUp:
        base = timed_out(problem, start)
        return SearchResult(problem, False, base.report, None, base.state, base.diagram,
                            base.seconds, (), stats, name)
    node, drawn = found.node, found.node.state
    proof: Proof | None = None
    if node.solved:
        proof = traceback(drawn.state.table, drawn.state.fact_id(drawn.goal))
    elif found.searched:
        drawn.report.stop = StopReason.TIME if found.timed_out else StopReason.SATURATED
    return SearchResult(problem, proof is not None, drawn.report, proof, drawn.state,
                        Diagram(node.problem.points, drawn.coords), time.perf_counter() - start,
                        node.aux, found.stats, name)
