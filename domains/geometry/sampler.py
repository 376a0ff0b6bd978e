"""Random premises: construction sequences drawn from the problem language, drawn as they go.

``sample(rng, config)`` starts from a free shape (a triangle, a quadrangle, a
right or isosceles triangle) and adds ``config.steps`` new points one at a
time.  Each step draws a *recipe* by weight (a midpoint, a foot, the
intersection of two lines, a point where a line meets a circle, ...), fills its
slots with distinct existing points, and places the new point on the diagram
at once (``diagram.extend``); a draw whose preconditions fail or whose point
is degenerate (too close to another, too far out) is thrown away and another
recipe is drawn.  So every premise set the sampler returns is realisable, and
its diagram comes with it.

Recipes are the table ``RECIPES``: a name, a weight, and the clause text with
``{x}`` for the new point and ``{0}``, ``{1}``, ... for existing points; a recipe
may add a second point ``{y}`` in a second clause (a circle's centre and then a
tangent, a right angle and then the midpoint of its hypotenuse), so that figures
which random single steps rarely meet appear often enough, or make two or three
points in one call (``{x} {y} = square ...``, ``3peq``); ``{deg}`` is an angle drawn
from ``ANGLES`` (``s_angle``).  Besides the figures that make good problems, the
table holds the constructions people write (all that JGEX uses but ``pentagon``,
``2l1c`` and ``e5128``), so that a model trained on the corpus has seen their names.
``SamplerConfig.weights`` overrides weights by recipe name (0 disables one).
Everything random comes from the generator passed in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from symgen.errors import SymgenError

from .diagram import Diagram, extend
from .parse import parse_problem
from .problem import Problem

# name -> (default weight, clause template, number of existing points it needs)
RECIPES: dict[str, tuple[float, str, int]] = {
    "midpoint": (2.0, "{x} = midpoint {x} {0} {1}", 2),
    "foot": (2.0, "{x} = foot {x} {0} {1} {2}", 3),
    "circumcenter": (1.0, "{x} = circle {x} {0} {1} {2}", 3),
    "orthocenter": (0.5, "{x} = orthocenter {x} {0} {1} {2}", 3),
    "incenter": (0.5, "{x} = incenter {x} {0} {1} {2}", 3),
    "mirror": (1.0, "{x} = mirror {x} {0} {1}", 2),
    "reflect": (0.4, "{x} = reflect {x} {0} {1} {2}", 3),
    "parallelogram": (0.7, "{x} = parallelogram {0} {1} {2} {x}", 3),
    "line_line": (1.5, "{x} = on_line {x} {0} {1}, on_line {x} {2} {3}", 4),
    "perp_line": (1.0, "{x} = on_tline {x} {0} {1} {2}, on_line {x} {3} {4}", 5),
    "para_line": (1.0, "{x} = on_pline {x} {0} {1} {2}, on_line {x} {3} {4}", 5),
    "circle_line": (0.8, "{x} = on_circle {x} {0} {1}, on_line {x} {2} {3}", 4),
    "circum_line": (0.8, "{x} = on_circum {x} {0} {1} {2}, on_line {x} {0} {3}", 4),
    "bisector_line": (0.6, "{x} = angle_bisector {x} {0} {1} {2}, on_line {x} {0} {2}", 3),
    "bline_line": (0.6, "{x} = on_bline {x} {0} {1}, on_line {x} {2} {3}", 4),
    "on_line": (1.0, "{x} = on_line {x} {0} {1}", 2),
    "on_circum": (0.8, "{x} = on_circum {x} {0} {1} {2}", 3),
    "on_circle": (0.5, "{x} = on_circle {x} {0} {1}", 2),
    "eq_triangle": (0.3, "{x} = eq_triangle {x} {0} {1}", 2),
    "square_corner": (0.3, "{x} = psquare {x} {0} {1}", 2),
    # Two new points at once: a figure and the point that makes it interesting.
    "tangent": (0.5, "{x} = circle {x} {0} {1} {2}; {y} = lc_tangent {y} {0} {x}, on_line {y} {1} {2}", 3),
    "circle_point": (0.4, "{x} = circle {x} {0} {1} {2}; {y} = on_circle {y} {x} {0}", 3),
    "diameter_midpoint": (0.4, "{x} = on_dia {x} {0} {1}; {y} = midpoint {y} {0} {1}", 2),
    "base_midpoint": (0.4, "{x} = on_bline {x} {0} {1}; {y} = midpoint {y} {0} {1}", 2),
    "trapezoid_cut": (0.4, "{x} = on_pline {x} {2} {0} {1}; {y} = on_line {y} {0} {2}, on_pline {y} {3} {0} {1}", 4),
    "cyclic_trapezoid": (0.3, "{x} = on_circum {x} {0} {1} {2}, on_pline {x} {2} {0} {1}", 3),
    # Points no template of the heuristic proposer writes (heuristic.VOCABULARY), so that aux
    # records teach what it cannot find: where two circles meet, where a circumcircle meets
    # another circle, two points on one parallel.
    "circle_circle": (0.4, "{x} = on_circle {x} {0} {1}, on_circle {x} {2} {3}", 4),
    "circum_circle": (0.3, "{x} = on_circum {x} {0} {1} {2}, on_circle {x} {3} {0}", 4),
    "parallel_pair": (0.3, "{x} = on_pline {x} {0} {1} {2}, on_line {x} {1} {3}; "
                           "{y} = on_pline {y} {0} {1} {2}, on_line {y} {2} {3}", 4),
    # The rest of the language that people write (JGEX uses each), so that a model sees
    # their tokens in premises and targets, not only the ones above.
    "shift": (0.3, "{x} = shift {x} {0} {1} {2}", 3),
    "eqdistance_line": (0.5, "{x} = eqdistance {x} {0} {1} {2}, on_line {x} {0} {3}", 4),
    "aline_line": (0.4, "{x} = on_aline {x} {0} {1} {2} {3} {4}, on_line {x} {1} {2}", 5),
    "s_angle_line": (0.4, "{x} = s_angle {0} {1} {x} {deg}, on_line {x} {0} {2}", 3),
    "angle_mirror_line": (0.3, "{x} = angle_mirror {x} {0} {1} {2}, on_line {x} {0} {2}", 3),
    "eqangle2": (0.3, "{x} = eqangle2 {x} {0} {1} {2}", 3),
    "excenter": (0.2, "{x} = excenter {x} {0} {1} {2}", 3),
    "on_opline": (0.3, "{x} = on_opline {x} {0} {1}", 2),
    "nsquare_corner": (0.2, "{x} = nsquare {x} {0} {1}", 2),
    "square": (0.3, "{x} {y} = square {0} {1} {x} {y}", 2),
    "trisegment": (0.2, "{x} {y} = trisegment {x} {y} {0} {1}", 2),
    "trisect": (0.2, "{x} {y} = trisect {x} {y} {0} {1} {2}", 3),
    "three_equal": (0.15, "{x} {y} {z} = 3peq {x} {y} {z} {0} {1} {2}", 3),
}

# Angles (degrees) that ``{deg}`` of a recipe draws from: the ones problems are written with.
ANGLES = (15, 30, 45, 60, 75, 90, 105, 120, 135, 150, -15, -30, -45, -60)

# Free shapes to start from: (weight, clause, its points).
STARTS: tuple[tuple[float, str, int], ...] = (
    (2.0, "a b c = triangle a b c", 3),
    (1.0, "a b c = r_triangle a b c", 3),
    (1.0, "a b c = iso_triangle a b c", 3),
    (1.5, "a b c = risos a b c", 3),
    (1.5, "a b c = ieq_triangle a b c", 3),
    (1.0, "a b c d = quadrangle a b c d", 4),
    (1.0, "a b c d = isquare a b c d", 4),
    (1.0, "a b c d = rectangle a b c d", 4),
    (0.3, "a b c d = eq_trapezoid a b c d", 4),
    (0.3, "a b c d = trapezoid a b c d", 4),
    (0.7, "a b = segment a b; c = free c", 3),
    (0.3, "a b = segment a b; c = free c; d = free d", 4),
)

NAMES = "abcdefghijklmnopqrstuvwxyz"
NEW = ("x", "y", "z")                          # a recipe's placeholders for its new points
MAX_POINTS = len(NAMES)
TRIES_PER_STEP = 30


@dataclass(frozen=True)
class SamplerConfig:
    steps: tuple[int, int] = (3, 5)              # new points after the free shape (inclusive)
    weights: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(RECIPES)
        if unknown:
            raise SymgenError(f"unknown recipe(s) {', '.join(sorted(unknown))} "
                              f"(known: {', '.join(RECIPES)})")
        if any(w < 0 for w in self.weights.values()):
            raise SymgenError("recipe weights must be non-negative")
        lo, hi = self.steps
        if not 0 <= lo <= hi or hi + 4 > len(NAMES):
            raise SymgenError(f"steps must be 0 <= lo <= hi <= {len(NAMES) - 4}, got {self.steps}")

    def table(self) -> tuple[list[str], np.ndarray]:
        names = list(RECIPES)
        w = np.array([self.weights.get(n, RECIPES[n][0]) for n in names], dtype=float)
        if w.sum() <= 0:
            raise SymgenError("every recipe has weight 0")
        return names, w / w.sum()


def _choice(rng: np.random.Generator, probs: np.ndarray) -> int:
    return int(rng.choice(len(probs), p=probs))


def sample(rng: np.random.Generator, config: SamplerConfig = SamplerConfig(),
           name: str = "sample") -> tuple[Problem, Diagram]:
    """A random realisable premise set (no goal) and its diagram."""
    start_w = np.array([s[0] for s in STARTS])
    _, start, _ = STARTS[_choice(rng, start_w / start_w.sum())]
    problem = parse_problem(name, start)
    coords: dict[str, complex] = {}
    if any(extend(c, coords, rng) is not None for c in problem.clauses):
        raise SymgenError(f"cannot draw the free shape {start!r}")
    steps = int(rng.integers(config.steps[0], config.steps[1] + 1))
    return grow(rng, problem, Diagram(problem.points, coords), config.table(), steps)


def grow(rng: np.random.Generator, problem: Problem, diagram: Diagram,
         table: tuple[list[str], np.ndarray], steps: int) -> tuple[Problem, Diagram]:
    """``problem`` with up to ``steps`` more points drawn from the recipe ``table``
    (names, probabilities); the inputs are left unchanged."""
    recipes, probs = table
    clauses = [str(c) for c in problem.clauses]
    coords = dict(diagram.coords)
    points = list(problem.points)
    for _ in range(steps):
        fresh = {v: _name(len(points) + i) for i, v in enumerate(NEW)}
        for _ in range(TRIES_PER_STEP):
            _, template, need = RECIPES[recipes[_choice(rng, probs)]]
            if need > len(points) or len(points) + _new_points(template) > MAX_POINTS:
                continue
            args = [points[i] for i in rng.permutation(len(points))[:need]]
            deg = ANGLES[int(rng.integers(len(ANGLES)))] if "{deg}" in template else 0
            text = template.format(*args, deg=deg, **fresh)
            try:
                trial = parse_problem(problem.name, "; ".join([*clauses, text]))
            except SymgenError:
                continue
            new = trial.clauses[len(clauses):]
            placed = dict(coords)
            if all(extend(c, placed, rng) is None for c in new):
                coords = placed
                clauses += [str(c) for c in new]
                points += [p for c in new for p in c.points]
                problem = trial
                break
    return problem, Diagram(problem.points, coords)


def _new_points(template: str) -> int:
    return sum("{%s}" % v in template for v in NEW)


def _name(k: int) -> str:
    return NAMES[k] if k < len(NAMES) else f"p{k}"
