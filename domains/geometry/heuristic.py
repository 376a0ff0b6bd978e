"""The hand-written proposer: the auxiliary points a person tries first.

Faced with a stuck geometry proof, people add a midpoint, drop a perpendicular,
meet two lines, take a circumcentre, or reflect a point.  ``HeuristicProposer``
enumerates exactly those constructions over the node's points (``TEMPLATES``: a
construction, the shape of its inputs and a prior), scores each by its prior plus how
many of its inputs the goal mentions, and returns the best ``k``.  It is the baseline the model proposer must beat at equal time.
Its list does not depend on what an earlier auxiliary point was for, so the search asks a
node one level deeper for a quarter as many (``narrowing``) and spends the time on the
first level's longer list instead.
"""
from __future__ import annotations

import heapq
import time
from dataclasses import dataclass
from itertools import combinations, permutations
from typing import Callable, Iterator, Sequence

from provers.search import Node, Proposal
from symgen.corpus import aux_kind
from symgen.limits import TimeUp

from .text import fresh_name

Inputs = Callable[[Sequence[str]], Iterator[tuple[str, ...]]]


def _pairs(pts: Sequence[str]) -> Iterator[tuple[str, ...]]:
    return combinations(pts, 2)


def _ordered_pairs(pts: Sequence[str]) -> Iterator[tuple[str, ...]]:
    return permutations(pts, 2)


def _triples(pts: Sequence[str]) -> Iterator[tuple[str, ...]]:
    return combinations(pts, 3)


def _point_and_line(pts: Sequence[str]) -> Iterator[tuple[str, ...]]:
    for a in pts:
        for b, c in combinations([p for p in pts if p != a], 2):
            yield a, b, c


def _two_lines(pts: Sequence[str]) -> Iterator[tuple[str, ...]]:
    lines = list(combinations(pts, 2))
    for (a, b), (c, d) in combinations(lines, 2):
        if len({a, b, c, d}) == 4:
            yield a, b, c, d


def _corner(pts: Sequence[str]) -> Iterator[tuple[str, ...]]:
    """(a, b, c) with b the shared vertex: parallelogram a b c x."""
    for b in pts:
        for a, c in combinations([p for p in pts if p != b], 2):
            yield a, b, c


@dataclass(frozen=True)
class Template:
    construction: str
    inputs: Inputs
    prior: float
    form: str                        # the clause, {x} the new point, {0}.. the inputs


TEMPLATES: tuple[Template, ...] = (
    Template("midpoint", _pairs, 1.0, "{x} = midpoint {x} {0} {1}"),
    Template("foot", _point_and_line, 0.9, "{x} = foot {x} {0} {1} {2}"),
    Template("circle", _triples, 0.8, "{x} = circle {x} {0} {1} {2}"),
    Template("intersection_ll", _two_lines, 0.7, "{x} = intersection_ll {x} {0} {1} {2} {3}"),
    Template("mirror", _ordered_pairs, 0.6, "{x} = mirror {x} {0} {1}"),
    Template("parallelogram", _corner, 0.5, "{x} = parallelogram {0} {1} {2} {x}"),
    Template("reflect", _point_and_line, 0.4, "{x} = reflect {x} {0} {1} {2}"),
    Template("incenter", _triples, 0.3, "{x} = incenter {x} {0} {1} {2}"),
)

# The kinds of clause (``symgen.corpus.aux_kind``: its constructions joined by '+') that the
# templates write, with the forms other writers use for the same point (two ``on_line``s meet
# where ``intersection_ll`` does).  An aux clause of another kind is outside what this
# proposer can ever add, at any budget (``outside_vocabulary``).
VOCABULARY: frozenset[str] = frozenset({t.construction for t in TEMPLATES} | {"on_line+on_line"})


def outside_vocabulary(clause: str) -> bool:
    """Whether an aux clause (its text) is of a kind no template writes."""
    return aux_kind(clause) not in VOCABULARY

GOAL_WEIGHT = 1.0                    # added per unit share of inputs that the goal mentions
NARROWING = 0.25                     # share of k asked for at a node one level deeper


def candidates(points: Sequence[str], goal_points: set[str], new: str, k: int | None = None,
               deadline: float | None = None) -> list[Proposal]:
    """The best ``k`` template instances over ``points`` (all if None), best first (ties keep
    table order).  The instances grow with the fourth power of the points (two lines), so
    only ``k`` are kept at a time, and past ``deadline`` (``time.perf_counter()``) it raises
    ``symgen.limits.TimeUp``."""
    def scored() -> Iterator[tuple[float, int, Template, tuple[str, ...]]]:
        n = 0
        for t in TEMPLATES:
            for args in t.inputs(points):
                if deadline is not None and n & 4095 == 0 and time.perf_counter() > deadline:
                    raise TimeUp
                share = sum(a in goal_points for a in args) / len(args)
                yield t.prior + GOAL_WEIGHT * share, n, t, args
                n += 1

    best = sorted(scored(), key=_rank) if k is None else heapq.nsmallest(k, scored(), key=_rank)
    return [Proposal(t.form.format(*args, x=new), score) for score, _, t, args in best]


def _rank(c: tuple) -> tuple[float, int]:
    return -c[0], c[1]


class HeuristicProposer:
    name = "heuristic"
    exhaustible = True
    narrowing = NARROWING

    def propose(self, node: Node, k: int, deadline: float | None = None) -> list[Proposal]:
        points = node.problem.points
        goal_points = {a for goal in node.problem.goals for a in goal.args}
        # A construction the node already has draws onto an existing point: the search drops it.
        return candidates(points, goal_points, fresh_name(set(points)), k, deadline)
