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
their coordinates, so the parent's drawing is reused) and *grown* from the node's
saturated state (``grown``): a copy of it gets the new points and premises, and the
semi-naive rounds go on from there, so only matches that use something new are made.
Two proposals whose new points land on the same coordinates are one.  The first child
that reaches the goal ends the search; its proof cites the auxiliary constructions as
premises.

Side conditions (``Problem.conditions``) are evaluated on the drawn diagram before
anything is saturated: one that is false ends the problem with the stop reason
"condition false" (the search does not start: aux points leave the old coordinates as
they are, so no construction can make it true), and a problem that asks only
conditions, all true, is solved by the diagram alone, with a proof of no derived steps.
Results list each condition and whether it holds (``conditions``).
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from provers.search import (Candidate, Node, Proposal, Proposer, Searched, SearchConfig,
                            SearchStats, beam)
from provers.search import search as run_search
from symgen.domain import Outcome
from symgen.errors import ProblemError
from symgen.facts import PREMISE, Fact, Justification
from symgen.limits import TimeUp
from symgen.matching import CompiledRule
from symgen.proof import Proof, format_proof, traceback_all
from symgen.saturate import Limits, Report, StopReason, saturate

from . import compiled_rules
from . import conditions as side
from .constructions import CONSTRUCTIONS, premises
from .diagram import Diagram, build, extend
from .parse import parse_problem
from .predicates import canonical, collinearity_of, show, statement_text
from .problem import Clause, Condition, Problem, Statement, problem_line
from .state import GeometryState

log = logging.getLogger(__name__)

# Goals whose orientation the problem language leaves open.
_EITHER_ORIENTATION = {"simtri": "simtri2", "contri": "contri2"}


@dataclass(kw_only=True)
class GeometryResult(Outcome):
    """A geometry ``Outcome``: the proof (if solved) over the saturated ``state``, drawn on
    ``diagram``; ``report`` is the saturation's (rounds, facts, time per rule)."""

    report: Report
    state: GeometryState
    diagram: Diagram
    conditions: tuple[tuple[Condition, bool], ...] = ()   # each side condition, and whether it holds

    def show(self, fact: Fact) -> str:
        return show(fact, self.state.names)

    def text(self) -> str:
        head = f"{self.problem.name}: "
        if not self.solved:
            return head + f"not proved ({self._why_not()}; {self.report.rounds} rounds, " \
                          f"{self.report.facts} facts, {self.seconds:.3f}s)"
        assert self.proof is not None
        return (head + f"proved in {len(self.proof.derived)} steps ({self.seconds:.3f}s)\n"
                + format_proof(self.proof, self.show) + self._conditions_text())

    def _why_not(self) -> str:
        false = [str(c) for c, ok in self.conditions if not ok]
        return f"{self.stop}: {', '.join(false)}" if false else self.stop

    def _conditions_text(self) -> str:
        """The ``Conditions:`` section of a solved proof (empty if the problem has none)."""
        if not self.conditions:
            return ""
        return "\nConditions:\n" + "\n".join(
            f"  {c}: {'holds' if ok else 'is false'} on the diagram" for c, ok in self.conditions)

    def to_json(self) -> dict:
        names = self.state.names
        out = {"problem": self.problem.name, "solved": self.solved,
               "stop_reason": self.stop, "seconds": round(self.seconds, 4),
               "rounds": self.report.rounds, "facts": self.report.facts,
               "conditions": [{"condition": str(c), "holds": ok} for c, ok in self.conditions]}
        if self.proof is not None:
            out["proof"] = proof_lines(self.proof, names)
        return out


def proof_lines(proof: Proof, names: Sequence[str]) -> list[dict]:
    """A proof as a corpus record's ``proof`` lines (``fact``, ``rule``, and ``cites`` and
    ``subst`` where the step has them), in the problem's own point names."""
    out = []
    for s in proof.steps:
        line = {"fact": statement_text(s.fact, names), "rule": s.rule}
        if s.cites:
            line["cites"] = list(s.cites)
        if s.subst:
            line["subst"] = [names[v] if isinstance(v, int) else str(v) for v in s.subst]
        out.append(line)
    return out


def fact_of(stmt: Statement, index: dict[str, int]) -> Fact | None:
    return canonical(stmt.pred, tuple(index[a] for a in stmt.args) + tuple(stmt.numbers))


def goal_fact(problem: Problem, state: GeometryState, index: dict[str, int],
              goal: Statement | None = None) -> Fact:
    """The fact of ``goal`` (by default the problem's first goal), in the orientation the
    diagram gives when the language leaves it open."""
    goal = goal or problem.goal
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


def goal_facts(problem: Problem, state: GeometryState, index: dict[str, int]) -> tuple[Fact, ...]:
    """The facts of every goal of the problem, in the order written."""
    return tuple(goal_fact(problem, state, index, g) for g in problem.goals)


def _saturate_goals(state: GeometryState, rules: Sequence[CompiledRule], goals: tuple[Fact, ...],
                    deadline: float, limits: Limits | None, resume: bool = False) -> Report:
    """Saturate until every goal holds: towards each in turn, each stage resuming from
    the last one's rounds, so a later goal costs only the rounds it needs beyond them."""
    report: Report | None = None
    for goal in goals or (None,):
        if report is not None and report.stop is not StopReason.GOAL:
            break
        left = limits or Limits(seconds=max(0.0, deadline - time.perf_counter()))
        stage = saturate(state, rules, goal=goal, limits=left, resume=resume or report is not None)
        report = stage if report is None else _joined(report, stage)
    assert report is not None
    return report


def _joined(first: Report, then: Report) -> Report:
    """The report of two saturation stages run one after the other."""
    rules = dict(first.rules)
    for name, s in then.rules.items():
        r = rules.get(name)
        rules[name] = s if r is None else type(s)(r.matches + s.matches, r.new + s.new,
                                                  r.seconds + s.seconds)
    seconds = {k: first.seconds.get(k, 0.0) + v for k, v in then.seconds.items()}
    return Report(stop=then.stop, rounds=first.rounds + then.rounds, facts=then.facts,
                  rules=rules, seconds=seconds)


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
          limits: Limits | None = None, rules: Sequence[CompiledRule] | None = None
          ) -> GeometryResult:
    """Prove ``problem``'s goal symbolically (or report why not); ``rules`` defaults to all.

    Returns by itself about ``seconds`` after it starts, with a "time limit" stop reason
    if the time ran out (drawing the diagram included)."""
    start = time.perf_counter()
    try:
        diagram = build(problem, np.random.default_rng(seed), deadline=start + seconds)
        drawn = saturated(problem, (), diagram, start + seconds, limits, rules)
    except TimeUp as err:
        return timed_out(problem, start, err.state)
    proof = drawn.proof() if drawn.solved and drawn.report.stop is StopReason.GOAL else None
    return GeometryResult(problem=problem, solved=proof is not None, stop=drawn.report.stop.value,
                          proof=proof, report=drawn.report, state=drawn.state, diagram=diagram,
                          seconds=time.perf_counter() - start, stats=drawn.counts(),
                          conditions=drawn.conditions)


def timed_out(problem: Problem, start: float, state: GeometryState | None = None, **search
              ) -> GeometryResult:
    """The not-solved result of a problem whose time ran out while it was drawn or
    saturated (``state``: as far as saturation got; a ``SearchResult`` with ``search``'s
    fields, if any)."""
    names = problem.points
    if state is None:
        state = GeometryState(names, [0j] * len(names))
    report = Report(stop=StopReason.TIME, rounds=state.round, facts=state.size())
    kind = SearchResult if search else GeometryResult
    return kind(problem=problem, solved=False, stop=report.stop.value, report=report, state=state,
                diagram=Diagram(state.names, {}), seconds=time.perf_counter() - start, **search)


@dataclass
class Drawn:
    """A problem drawn and saturated: its aux clauses (parsed), the diagram's coordinates,
    the saturated state, the goal facts (none if the problem has no goal), the report and
    the side conditions with whether each holds on the diagram."""

    clauses: tuple[Clause, ...]
    coords: dict[str, complex]
    state: GeometryState
    goals: tuple[Fact, ...]
    report: Report
    conditions: tuple[tuple[Condition, bool], ...] = ()

    @property
    def solved(self) -> bool:
        if not all(ok for _, ok in self.conditions):
            return False
        if not self.goals:
            return bool(self.conditions)
        return all(self.state.holds(g) for g in self.goals)

    def proof(self) -> Proof:
        """One numbered proof of every goal; the last goal is its last line (no lines for
        a problem that asks only side conditions)."""
        if not self.goals:
            return Proof(())
        return traceback_all(self.state.table, [self.state.fact_id(g) for g in self.goals])

    def counts(self) -> dict[str, int]:
        return {"rounds": self.report.rounds, "facts": self.report.facts}


def saturated(problem: Problem, clauses: tuple[Clause, ...], diagram: Diagram,
              deadline: float, limits: Limits | None = None,
              rules: Sequence[CompiledRule] | None = None) -> Drawn:
    """``problem`` on ``diagram``, its premises stated and saturated until the goal,
    the deadline or ``limits``: the one path from a problem to a saturated state, for
    ``prove`` and for every search node.  Raises ``TimeUp`` past ``deadline``, with the
    state as far as it got."""
    state, index = initial_state(problem, diagram, deadline)
    conditions = side.evaluate(problem.conditions, diagram.coords)
    try:
        goals = goal_facts(problem, state, index)
        true = all(ok for _, ok in conditions)
        if not true or not goals and conditions:
            # decided by the diagram alone: a condition is false, or conditions are all it asks
            report = Report(stop=StopReason.GOAL if true else StopReason.CONDITION,
                            facts=state.size())
        else:
            report = _saturate_goals(state, compiled_rules() if rules is None else rules, goals,
                                     deadline, limits)
    except TimeUp as err:
        err.state = state
        raise
    return Drawn(clauses, diagram.coords, state, goals, report, conditions)


def grown(parent: Drawn, problem: Problem, clause: Clause, coords: dict[str, complex],
          deadline: float, limits: Limits | None = None,
          rules: Sequence[CompiledRule] | None = None) -> Drawn:
    """``problem``, which is ``parent``'s with ``clause`` added, saturated from the parent's
    fixpoint: a copy of its state gets the clause's points (on ``coords``, where the old
    points keep the parent's coordinates) and its premises, and saturation goes on
    semi-naively from those, so only matches that use something new are tried.  The
    facts are those of saturating ``problem`` afresh on the same coordinates
    (tests/geometry/test_grown.py); proofs may differ, since what the parent derived
    keeps the parent's derivation.  A parent that stopped short of its fixpoint (time,
    fact or round limit) gives nothing to grow from: the child is then saturated afresh."""
    clauses = parent.clauses + (clause,)
    if parent.report.stop is not StopReason.SATURATED:
        return saturated(problem, clauses, Diagram(problem.points, coords), deadline, limits, rules)
    state = parent.state.extended(clause.points, [coords[p] for p in clause.points])
    state.deadline = deadline
    index = {n: i for i, n in enumerate(state.names)}
    why = Justification(PREMISE)
    try:
        for stmt in (s for call in clause.calls for s in CONSTRUCTIONS[call.name].statements(call)):
            fact = fact_of(stmt, index)
            if fact is not None:
                state.add(fact, why)
        state.end_round()
        goals = goal_facts(problem, state, index)
        report = _saturate_goals(state, compiled_rules() if rules is None else rules, goals,
                                 deadline, limits, resume=True)
    except TimeUp as err:
        err.state = state
        raise
    return Drawn(clauses, coords, state, goals, report, parent.conditions)


# ---------------------------------------------------------------------------
# The search

@dataclass(kw_only=True)
class SearchResult(GeometryResult):
    """A search's ``GeometryResult``: ``constructs`` are the aux clauses its proof uses;
    ``stats`` adds the search's counters (nodes, proposals, rejected by reason)."""

    proposer: str = "none"

    def text(self) -> str:
        head = f"{self.problem.name}: "
        if not self.solved:
            return head + (f"not proved ({self.stop}; {self.stats['nodes']} constructions "
                           f"tried with {self.proposer}, {self.seconds:.3f}s)")
        assert self.proof is not None
        lines = [head + f"proved in {len(self.proof.derived)} steps with {len(self.constructs)} "
                 f"auxiliary construction(s) ({self.seconds:.3f}s)"]
        lines += [f"  aux: {a}" for a in self.constructs]
        return "\n".join(lines) + "\n" + format_proof(self.proof, self.show) + self._conditions_text()

    def to_json(self) -> dict:
        out = super().to_json()
        out.update(aux=list(self.constructs), proposer=self.proposer,
                   nodes=self.stats["nodes"], proposals=self.stats["proposals"])
        return out


class GeometrySpace:
    """The search's view of one geometry problem (``provers.search.Space``)."""

    def __init__(self, problem: Problem, rng: np.random.Generator) -> None:
        self.problem, self.rng = problem, rng

    def root(self, deadline: float) -> Node:
        drawn = build(self.problem, self.rng, deadline=deadline)
        node = self._node(self.problem, (), dict(drawn.coords), deadline)
        if node.state.report.stop is StopReason.CONDITION:
            raise ConditionFalse(node)
        return node

    def prepare(self, node: Node, proposal: Proposal) -> Candidate | str:
        line = problem_line([*node.problem.clauses, proposal.text], node.problem.asked)
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
        drawn = grown(candidate.parent.state, problem, problem.clauses[-1], coords, deadline)
        node = Node(problem, tuple(str(c) for c in drawn.clauses), drawn, drawn.solved)
        node.score = candidate.score
        return node

    def _node(self, problem: Problem, clauses: tuple[Clause, ...], coords: dict[str, complex],
              deadline: float) -> Node:
        """The problem on these coordinates, saturated until the goal or the deadline."""
        drawn = saturated(problem, clauses, Diagram(problem.points, coords), deadline)
        return Node(problem, tuple(str(c) for c in clauses), drawn, drawn.solved)


class ConditionFalse(Exception):
    """The root of a search whose side condition is false: nothing to search for."""

    def __init__(self, node: Node) -> None:
        super().__init__("a side condition is false on the diagram")
        self.node = node


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
        return timed_out(problem, start, stats=counts(stats), proposer=name)
    except ConditionFalse as err:
        found = Searched(err.node, stats, False)
    node, drawn = found.node, found.node.state
    stop = drawn.report.stop
    if not node.solved and found.searched:
        stop = (StopReason.NODES if found.spent else
                StopReason.TIME if found.timed_out else StopReason.SATURATED)
    proof = drawn.proof() if node.solved else None
    return SearchResult(problem=problem, solved=proof is not None, stop=stop.value, proof=proof,
                        report=drawn.report, state=drawn.state,
                        diagram=Diagram(node.problem.points, drawn.coords),
                        seconds=time.perf_counter() - start, constructs=node.aux,
                        stats=drawn.counts() | counts(found.stats), proposer=name,
                        conditions=drawn.conditions)


def counts(stats: SearchStats) -> dict:
    """A search's counters as an outcome's ``stats``."""
    return {"nodes": stats.nodes, "proposals": stats.proposals, "rejected": dict(stats.rejected)}
