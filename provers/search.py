"""One search for every domain: saturate, and where the goal is missing, add proposed constructs.

A domain's engine derives everything that follows from a problem but cannot invent an
auxiliary construct (a point, a lemma instance, a loop invariant).  ``search`` alternates
the two: the domain's ``Space`` for the problem gives the root (the problem saturated);
while the goal is missing, a ``Proposer`` names constructs for a node, the space turns each
one that it can use into a child, and the strategy chooses what to try next.  The first
node that reaches the goal ends the search.  Everything runs under one deadline
(``time.perf_counter()``), handed to the proposer with each call; a proposal that cannot
be used is counted (``SearchStats.rejected``), never raised.

Strategies (``STRATEGIES``), each a small function over the same parts:

* ``beam`` (geometry): up to ``depth`` constructs; at each level every node of the beam is
  asked for ``k`` proposals (a node one level deeper for the proposer's ``narrowing`` share),
  each usable one is expanded into a child, and the ``beam`` best children by score (the sum
  of their proposals' scores) go on.  When a pass is done and time is left, the next pass
  asks for twice as many (a proposer whose list ran short everywhere is done; a model never
  is).  A child a parent already tried in an earlier pass (the same ``where``) is not
  expanded again: it did not reach the goal; above the last level it competes for the beam
  by its score alone, and its node is kept while it is in a beam.
* ``accumulate`` (arithmetic): one node that grows: the proposer's constructs are added to
  it in doubling batches, and the goal is tried again after each, until it is reached, the
  proposer runs dry or the time is up.
* ``first_proved`` (code): each proposal is a complete candidate; the first that proves
  the goal wins.  Proposals are taken lazily, so an expensive proposer stops when one works.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, Iterable, Protocol

log = logging.getLogger(__name__)


@dataclass
class Node:
    """One search state: the problem with ``aux`` constructs added, as the domain holds it."""

    problem: Any                     # the problem with this node's constructs added
    aux: tuple[str, ...]             # the constructs added, in order, in the domain's language
    state: Any                       # the domain's state: drawn and saturated, an engine, ...
    solved: bool
    score: float = 0.0
    memo: dict = field(default_factory=dict)   # what a proposer keeps of this node, by its name


@dataclass(frozen=True)
class Proposal:
    """An auxiliary construct in the problem's own names, and how much to trust it.
    ``value`` is the construct already read (when the proposer built it as an object)."""

    text: str                        # e.g. "x = midpoint x a b", "square(a - b)"
    score: float = 0.0
    value: Any = None

    @property
    def clause(self) -> str:         # the geometry name of ``text``
        return self.text


class Proposer(Protocol):
    name: str
    exhaustible: bool                # fewer than k proposals means there are no more
    narrowing: float                 # a node one level deeper is asked for this share of k

    def propose(self, node: Node, k: int, deadline: float) -> Iterable[Proposal]:
        """Up to ``k`` constructs to try at ``node``, best first; stop at ``deadline``."""


@dataclass
class Candidate:
    """A proposal the space can use at ``parent``, expanded into ``node`` or not (yet)."""

    parent: Node
    proposal: Proposal
    where: Hashable                  # what it adds: two proposals with one ``where`` are one
    child: Any                       # the space's prepared child (parsed, drawn)
    node: Node | None = None

    @property
    def score(self) -> float:
        return self.parent.score + self.proposal.score


class Space(Protocol):
    """One problem as the search sees it.  Every strategy needs ``root``; ``beam`` and
    ``first_proved`` also ``prepare`` and ``expand``, ``accumulate`` also ``grow``: a space
    has the methods of the strategy it is searched with."""

    def root(self, deadline: float) -> Node:
        """The problem alone, saturated until the goal or the deadline."""

    def prepare(self, node: Node, proposal: Proposal) -> Candidate | str:
        """``proposal`` made ready at ``node`` (parsed, drawn), or why it cannot be used."""

    def expand(self, candidate: Candidate, deadline: float) -> Node:
        """The candidate's child, saturated until the goal or the deadline."""

    def grow(self, node: Node, proposals: list[Proposal], deadline: float) -> Node:
        """``node`` with all of ``proposals`` added, the goal tried again (``accumulate``)."""


@dataclass(frozen=True)
class SearchConfig:
    beam: int = 4
    depth: int = 2
    k: int = 32                      # proposals asked for per node in the first pass
    seconds: float = 60.0
    seed: int = 0
    nodes: int | None = None         # at most this many children expanded (None: no bound);
    #                                  unlike the time, a budget that every machine spends alike


PROGRESS_SECONDS = 10.0              # a long search logs where it is this often (INFO)


@dataclass
class SearchStats:
    nodes: int = 0                   # children expanded
    proposals: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    budget: int | None = None        # children that may be expanded (``SearchConfig.nodes``)
    started: float = field(default_factory=time.perf_counter)
    shown: float = field(default_factory=time.perf_counter)   # when progress was last logged

    def reject(self, why: str) -> None:
        self.rejected[why] = self.rejected.get(why, 0) + 1

    def expanded(self, deadline: float) -> None:
        """Count one child; every ``PROGRESS_SECONDS``, log how far the search has got (``-v``
        on the command line shows it), so a single long search is not silent."""
        self.nodes += 1
        now = time.perf_counter()
        if now - self.shown >= PROGRESS_SECONDS:
            self.shown = now
            budget = "" if self.budget is None else f" of {self.budget}"
            log.info("search: %d children expanded%s, %d proposals, %d rejected, %.0f s "
                     "(%.0f s left)", self.nodes, budget, self.proposals,
                     sum(self.rejected.values()), now - self.started, max(0.0, deadline - now))


@dataclass
class Searched:
    """What a search ends with: the node that reached the goal (or the best one), whether
    the time ran out, and whether the strategy ran (the root alone did not reach the goal,
    and there was a proposer and time)."""

    node: Node
    stats: SearchStats
    timed_out: bool
    searched: bool = False
    spent: bool = False              # the node budget (``SearchConfig.nodes``) ran out


def wanted(proposer: Proposer, k: int, level: int) -> int:
    """How many proposals to ask ``proposer`` for at a node ``level`` constructs deep:
    its ``narrowing`` share of ``k`` per level, at least 1."""
    return max(1, round(k * proposer.narrowing ** level))


Strategy = Callable[[Space, Node, Proposer, SearchConfig, SearchStats, float], Node]


class NodesSpent(Exception):
    """The search expanded ``SearchConfig.nodes`` children without reaching the goal."""


def search(space: Space, proposer: Proposer | None, config: SearchConfig, strategy: Strategy,
           deadline: float | None = None, stats: SearchStats | None = None) -> Searched:
    """The root, then (if the goal is missing and there is a proposer) ``strategy``, which
    returns at once if the root used up the time.  Domains catch ``TimeUp`` from their own
    engines around this call (``stats``, theirs, then still counts what was tried)."""
    deadline = time.perf_counter() + config.seconds if deadline is None else deadline
    stats = SearchStats() if stats is None else stats
    root = space.root(deadline)
    if root.solved or proposer is None:
        return Searched(root, stats, not root.solved and time.perf_counter() > deadline)
    stats.budget = config.nodes
    try:
        node = strategy(space, root, proposer, config, stats, deadline)
    except NodesSpent:
        return Searched(root, stats, False, True, spent=True)
    return Searched(node, stats, not node.solved and time.perf_counter() > deadline, True)


# ---------------------------------------------------------------------------
# Strategies

def _key(node: Node) -> tuple[str, ...]:
    return node.aux


def beam(space: Space, root: Node, proposer: Proposer, config: SearchConfig,
         stats: SearchStats, deadline: float) -> Node:
    """Beam passes with twice as many proposals each, until the goal or the time is up."""
    k = config.k
    tried: dict[tuple, dict] = {}        # where each child lay, per parent, over all passes
    while True:
        found, best, exhausted = _pass(space, root, proposer, config, k, deadline, stats, tried)
        if found is not None:
            return found
        if exhausted or time.perf_counter() > deadline:
            return best
        k *= 2


def _pass(space: Space, root: Node, proposer: Proposer, config: SearchConfig, k: int,
          deadline: float, stats: SearchStats, tried: dict[tuple, dict]
          ) -> tuple[Node | None, Node, bool]:
    """One beam pass with ``k`` proposals per node: (solved node or None, best node, whether
    the proposer ran out of proposals everywhere, so a wider pass would add nothing).

    A wider pass asks again for the proposals of the last (the first ones come back:
    a heuristic's list only grows, a model's beam is the same).  ``tried`` remembers, per
    parent, where each child lay in earlier passes: such a child is known not to reach the
    goal, so it is not expanded again; at the last level it is dropped, and at a level
    above it only competes for the beam by its score, and its node (kept from the pass that
    chose it, else expanded anew) is needed only if it is chosen."""
    frontier, best, exhausted = [root], root, True
    for level in range(config.depth):
        last = level == config.depth - 1
        children: list[Candidate] = []
        for node in frontier:
            if time.perf_counter() > deadline:
                return None, best, False
            want = wanted(proposer, k, level)
            proposals = list(proposer.propose(node, want, deadline))
            exhausted &= len(proposals) < want and proposer.exhaustible
            stats.proposals += len(proposals)
            before = tried.setdefault(_key(node), {})
            seen = set(before) if last else set()
            for proposal in proposals:
                if time.perf_counter() > deadline:
                    return None, best, False
                c = _candidate(space, node, proposal, stats, seen)
                if c is None:
                    continue
                if c.where in before:               # tried in an earlier pass: not the goal
                    c.node = before[c.where]
                    children.append(c)
                    continue
                child = _expand(space, c, deadline, stats)
                if child.solved:
                    return child, child, False
                before[c.where] = None
                if not last:
                    children.append(c)
        if not children:
            break
        children.sort(key=lambda c: -c.score)
        frontier = []
        for c in children[:config.beam]:
            node = c.node if c.node is not None else _expand(space, c, deadline, stats)
            tried[_key(c.parent)][c.where] = node         # kept while it is in a beam
            frontier.append(node)
        for c in children[config.beam:]:
            tried[_key(c.parent)][c.where] = None
        best = frontier[0]
    return None, best, exhausted


def _candidate(space: Space, node: Node, proposal: Proposal, stats: SearchStats,
               seen: set) -> Candidate | None:
    """``proposal`` made ready at ``node``; None (counted) if it cannot be used or adds what
    ``seen`` already holds (then added to ``seen``)."""
    c = space.prepare(node, proposal)
    if isinstance(c, str):
        stats.reject(c)
        return None
    if c.where in seen:
        stats.reject("same as an earlier proposal")
        return None
    seen.add(c.where)
    return c


def _expand(space: Space, c: Candidate, deadline: float, stats: SearchStats) -> Node:
    if stats.budget is not None and stats.nodes >= stats.budget:
        raise NodesSpent
    stats.expanded(deadline)
    c.node = space.expand(c, deadline)
    return c.node


def accumulate(space: Space, root: Node, proposer: Proposer, config: SearchConfig,
               stats: SearchStats, deadline: float) -> Node:
    """The proposer's constructs added to one node in doubling batches, the goal tried again
    after each, until it is reached, the proposer runs dry or the time is up."""
    node, k = root, config.k
    while not node.solved and time.perf_counter() < deadline:
        batch = list(proposer.propose(node, k, deadline))
        if not batch:
            break
        stats.proposals += len(batch)
        if stats.budget is not None and stats.nodes >= stats.budget:
            raise NodesSpent
        stats.expanded(deadline)
        node = space.grow(node, batch, deadline)
        k *= 2
    return node


def first_proved(space: Space, root: Node, proposer: Proposer, config: SearchConfig,
                 stats: SearchStats, deadline: float) -> Node:
    """Each proposal a complete candidate, taken lazily; the first that proves the goal."""
    for proposal in proposer.propose(root, config.k, deadline):
        if time.perf_counter() > deadline:
            break
        stats.proposals += 1
        c = space.prepare(root, proposal)
        if isinstance(c, str):
            stats.reject(c)
            continue
        child = _expand(space, c, deadline, stats)
        if child.solved:
            return child
    return root


STRATEGIES: dict[str, Strategy] = {"beam": beam, "accumulate": accumulate,
                                   "first_proved": first_proved}
