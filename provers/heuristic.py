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

from dataclasses import dataclass
from itertools import combinations, permutations
from typing import Callable, Iterator, Sequence

from domains.geometry.language import fresh_name

from .search import Node, Proposal

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

GOAL_WEIGHT = 1.0                    # added per unit share of inputs that the goal mentions
NARROWING = 0.25                     # share of k asked for at a node one level deeper


def candidates(points: Sequence[str], goal_points: set[str], new: str) -> list[Proposal]:
    """Every template instance over ``points``, best first (ties keep table order)."""
    out: list[tuple[float, int, str]] = []
    for t in TEMPLATES:
        for args in t.inputs(points):
            share = sum(a in goal_points for a in args) / len(args)
            text = t.form.format(*args, x=new)
            out.append((t.prior + GOAL_WEIGHT * share, len(out), text))
    out.sort(key=lambda c: (-c[0], c[1]))
    return [Proposal(text, score) for score, _, text in out]


class HeuristicProposer:
    name = "heuristic"
    exhaustible = True
    narrowing = NARROWING

    def propose(self, node: Node, k: int) -> list[Proposal]:
        points = node.problem.points
        goal = node.problem.goal
        goal_points = set(goal.args) if goal is not None else set()
        # A construction the node already has draws onto an existing point: the search drops it.
        return candidates(points, goal_points, fresh_name(set(points)))[:k]
