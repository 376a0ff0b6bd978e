"""Alternating search: saturate, and where the goal is missing, add a proposed construction.

The symbolic engine derives everything that follows from a problem's constructions but
cannot invent a new point.  ``search`` alternates the two: saturate the problem; if the
goal is not reached, ask a *proposer* (``provers.proposers``) for ``k`` auxiliary
constructions for each node of the current beam, add each one that parses and can be
drawn on the node's diagram (old points keep their coordinates, so the parent's drawing
is reused), saturate the child, and keep the ``beam`` best children by score (the sum
of their proposals' scores) for the next level, up to ``depth`` constructions.  A node one
level deeper is asked for the proposer's ``narrowing`` share of ``k``: the model's second
construction depends on its first (its share is 1), while the heuristic's list is the
same enumeration at every node, so it gets a quarter and its first-level list goes
deeper within the time (on the 23 JGEX-AG-231 problems the engine misses, 60 s each:
12 solved with the heuristic asking every node for ``k``, 15 with a quarter).  When a
pass is done and time is left, the next pass asks for twice as many proposals per node
(a proposer whose list ran short everywhere is done; a model proposer never is: it
bounds its own work per call and samples afresh each pass); a point a parent already
tried in an earlier pass is not saturated again (it did not reach the goal; above the last
level it competes for the beam by its score alone, and its node is kept while it is in a
beam).
The first child that reaches the goal ends the search; its proof cites the auxiliary
constructions as premises.  Everything runs under one time budget, and a proposal that
cannot be used is counted, never raised.

Starting a child from its parent's saturated facts instead was tried: after replaying
them, the semi-naive rounds need a full re-match to stay complete, and with it the
search tried fewer children per second (432 against 561 on 40 JGEX problems, 5 s each)
than saturating each child afresh from its constructions, which is what it does.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from domains.geometry import compiled_rules
from domains.geometry.diagram import Diagram, build, extend
from domains.geometry.parse import parse_problem
from domains.geometry.problem import Clause, Problem, problem_line
from domains.geometry.state import GeometryState
from symgen.errors import ProblemError
from symgen.facts import Fact
from symgen.limits import TimeUp
from symgen.proof import Proof, format_proof, traceback
from symgen.saturate import Limits, Report, StopReason, saturate

from .symbolic import ProofResult, goal_fact, initial_state, timed_out

log = logging.getLogger(__name__)


@dataclass
class Node:
    """One search state: the problem with ``aux`` clauses added, drawn and saturated."""

    problem: Problem                 # the original problem's clauses, then the aux clauses
    aux: tuple[Clause, ...]
    coords: dict[str, complex]
    state: GeometryState
    goal: Fact
    report: Report
    score: float = 0.0

    @property
    def solved(self) -> bool:
        return self.state.holds(self.goal)


@dataclass(frozen=True)
class Proposal:
    """An auxiliary construction in the problem's own point names, and how much to trust it."""

    clause: str                      # e.g. "x = midpoint x a b"
    score: float = 0.0


class Proposer(Protocol):
    name: str
    exhaustible: bool                # fewer than k proposals means there are no more
    narrowing: float                 # a node one level deeper is asked for this share of k

    def propose(self, node: Node, k: int) -> list[Proposal]:
        """Up to ``k`` constructions to try at ``node``, best first."""


def wanted(proposer: Proposer, k: int, level: int) -> int:
    """How many proposals to ask ``proposer`` for at a node ``level`` constructions deep:
    its ``narrowing`` share of ``k`` per level (all of ``k`` if it names none), at least 1."""
    return max(1, round(k * getattr(proposer, "narrowing", 1.0) ** level))


@dataclass(frozen=True)
class SearchConfig:
    beam: int = 4
    depth: int = 2
    k: int = 32                      # proposals asked for per node in the first pass
    seconds: float = 60.0
    seed: int = 0


@dataclass
class SearchStats:
    nodes: int = 0                   # children saturated
    proposals: int = 0
    rejected: dict[str, int] = field(default_factory=dict)

    def reject(self, why: str) -> None:
        self.rejected[why] = self.rejected.get(why, 0) + 1


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


def _saturated(problem: Problem, coords: dict[str, complex], deadline: float
               ) -> tuple[GeometryState, Fact, Report]:
    """The problem's state on these coordinates, saturated until the goal or the deadline."""
    state, index = initial_state(problem, Diagram(problem.points, coords), _clock(deadline))
    goal = goal_fact(problem, state, index)
    report = saturate(state, compiled_rules(), goal=goal,
                      limits=Limits(seconds=max(0.0, deadline - time.monotonic())))
    return state, goal, report


def _clock(deadline: float) -> float:
    """A ``time.monotonic()`` deadline as a ``time.perf_counter()`` one."""
    return time.perf_counter() + (deadline - time.monotonic())


def _root(problem: Problem, rng: np.random.Generator, deadline: float) -> Node:
    drawn = build(problem, rng, deadline=_clock(deadline))
    coords = dict(drawn.coords)
    return Node(problem, (), coords, *_saturated(problem, coords, deadline))


def _parse_child(node: Node, text: str) -> Problem:
    line = problem_line([*node.problem.clauses, text], node.problem.goal)
    return parse_problem(node.problem.name, line, node.problem.source)


@dataclass
class _Candidate:
    """A child proposal that parses and can be drawn, saturated or not (yet)."""

    parent: Node
    proposal: Proposal
    problem: Problem
    coords: dict[str, complex]
    where: tuple
    node: Node | None = None

    @property
    def score(self) -> float:
        return self.parent.score + self.proposal.score


def _candidate(node: Node, proposal: Proposal, rng: np.random.Generator, stats: SearchStats,
               seen: set[tuple]) -> _Candidate | None:
    """``proposal`` parsed and drawn on the node's diagram; None (counted) if it cannot be used
    or names a point that ``seen`` already holds (then added to ``seen``)."""
    try:
        problem = _parse_child(node, proposal.clause)
    except ProblemError as err:
        stats.reject("does not parse")
        log.debug("proposal %r: %s", proposal.clause, err)
        return None
    clause = problem.clauses[-1]
    coords = dict(node.coords)
    why = extend(clause, coords, rng)
    if why is not None:
        stats.reject("cannot be drawn")
        log.debug("proposal %r: %s", proposal.clause, why)
        return None
    where = _where(node, clause, coords)
    if where in seen:
        stats.reject("same point as an earlier proposal")
        return None
    seen.add(where)
    return _Candidate(node, proposal, problem, coords, where)


def _saturate_child(c: _Candidate, deadline: float, stats: SearchStats) -> Node:
    stats.nodes += 1
    c.node = Node(c.problem, c.parent.aux + (c.problem.clauses[-1],), c.coords,
                  *_saturated(c.problem, c.coords, deadline), c.score)
    return c.node


def _aux_key(node: Node) -> tuple:
    return tuple(str(c) for c in node.aux)


def _where(node: Node, clause: Clause, coords: dict[str, complex]) -> tuple:
    """Where a clause's new points lie, rounded: two proposals that name one point are one."""
    scale = max(abs(z) for z in node.coords.values()) or 1.0
    return tuple(sorted((round(coords[p].real / scale, 6), round(coords[p].imag / scale, 6))
                        for p in clause.points))


def _result(problem: Problem, node: Node, proposer: str, stats: SearchStats,
            start: float) -> SearchResult:
    proof: Proof | None = None
    if node.solved:
        proof = traceback(node.state.table, node.state.fact_id(node.goal))
    diagram = Diagram(node.problem.points, node.coords)
    return SearchResult(problem, proof is not None, node.report, proof, node.state, diagram,
                        time.perf_counter() - start, tuple(str(c) for c in node.aux), stats,
                        proposer)


def search(problem: Problem, proposer: Proposer | None, config: SearchConfig = SearchConfig()
           ) -> SearchResult:
    """Prove ``problem``, adding up to ``config.depth`` proposed constructions.

    Returns by itself about ``config.seconds`` after it starts: a proposer or the drawing
    that runs out of time raises ``TimeUp``, which ends the search with the time limit."""
    start = time.perf_counter()
    stats = SearchStats()
    name = getattr(proposer, "name", "none")
    try:
        return _search(problem, proposer, config, stats, start)
    except TimeUp:
        base = timed_out(problem, start)
        return SearchResult(problem, False, base.report, None, base.state, base.diagram,
                            base.seconds, (), stats, name)


def _search(problem: Problem, proposer: Proposer | None, config: SearchConfig,
            stats: SearchStats, start: float) -> SearchResult:
    deadline = time.monotonic() + config.seconds
    rng = np.random.default_rng(config.seed)
    name = getattr(proposer, "name", "none")
    root = _root(problem, rng, deadline)
    best = root
    if root.solved or proposer is None or root.report.stop is StopReason.TIME:
        return _result(problem, root, name, stats, start)
    if hasattr(proposer, "deadline"):    # a model proposer stops decoding at the deadline
        proposer.deadline = deadline
    k = config.k
    tried: dict[tuple, dict] = {}        # points tried per parent, over all passes
    while True:                          # passes with twice as many proposals, until time is up
        found, best, exhausted = _pass(root, proposer, config, k, rng, deadline, stats, tried)
        if found is not None:
            return _result(problem, found, name, stats, start)
        if exhausted or time.monotonic() > deadline:
            break
        k *= 2
    best.report.stop = StopReason.TIME if time.monotonic() > deadline else StopReason.SATURATED
    return _result(problem, best, name, stats, start)


def _pass(root: Node, proposer: Proposer, config: SearchConfig, k: int,
          rng: np.random.Generator, deadline: float, stats: SearchStats, tried: dict[tuple, dict]
          ) -> tuple[Node | None, Node, bool]:
    """One beam pass with ``k`` proposals per node: (solved node or None, best node, whether
    the proposer ran out of proposals everywhere, so a wider pass would add nothing).

    A wider pass asks again for the proposals of the last (the first ones come back:
    a heuristic's list only grows, a model's beam is the same).  ``tried`` remembers, per
    parent, where each child's point lay in earlier passes: such a child is known not to
    reach the goal, so it is not saturated again; at the last level it is dropped, and
    at a level above it only competes for the beam by its score, and its node (kept from
    the pass that chose it, else saturated anew) is needed only if it is chosen."""
    beam, best, exhausted = [root], root, True
    for level in range(config.depth):
        last = level == config.depth - 1
        children: list[_Candidate] = []
        for node in beam:
            if time.monotonic() > deadline:
                return None, best, False
            want = wanted(proposer, k, level)
            proposals = proposer.propose(node, want)
            exhausted &= len(proposals) < want and getattr(proposer, "exhaustible", True)
            stats.proposals += len(proposals)
            before = tried.setdefault(_aux_key(node), {})
            seen = set(before) if last else set()
            for proposal in proposals:
                if time.monotonic() > deadline:
                    return None, best, False
                c = _candidate(node, proposal, rng, stats, seen)
                if c is None:
                    continue
                if c.where in before:               # tried in an earlier pass: not the goal
                    c.node = before[c.where]
                    children.append(c)
                    continue
                child = _saturate_child(c, deadline, stats)
                if child.solved:
                    return child, child, False
                before[c.where] = None
                if not last:
                    children.append(c)
        if not children:
            break
        children.sort(key=lambda c: -c.score)
        beam = []
        for c in children[:config.beam]:
            node = c.node if c.node is not None else _saturate_child(c, deadline, stats)
            tried[_aux_key(c.parent)][c.where] = node     # kept while it is in a beam
            beam.append(node)
        for c in children[config.beam:]:
            tried[_aux_key(c.parent)][c.where] = None
        best = beam[0]
    return None, best, exhausted
