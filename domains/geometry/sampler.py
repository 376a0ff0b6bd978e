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
``{x}`` for the new point and ``{0}``, ``{1}``, ... for existing points.
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
}

# Free shapes to start from: (weight, clause, its points).
STARTS: tuple[tuple[float, str, int], ...] = (
    (3.0, "a b c = triangle a b c", 3),
    (1.0, "a b c = r_triangle a b c", 3),
    (1.0, "a b c = iso_triangle a b c", 3),
    (1.0, "a b c d = quadrangle a b c d", 4),
)

NAMES = "abcdefghijklmnopqrstuvwxyz"
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
    recipes, probs = config.table()
    start_w = np.array([s[0] for s in STARTS])
    _, start, count = STARTS[_choice(rng, start_w / start_w.sum())]
    clauses = [start]
    coords: dict[str, complex] = {}
    problem = parse_problem(name, start)
    if extend(problem.clauses[0], coords, rng) is not None:
        raise SymgenError(f"cannot draw the free shape {start!r}")
    points = list(NAMES[:count])
    steps = int(rng.integers(config.steps[0], config.steps[1] + 1))
    for _ in range(steps):
        x = NAMES[len(points)]
        for _ in range(TRIES_PER_STEP):
            _, template, need = RECIPES[recipes[_choice(rng, probs)]]
            if need > len(points):
                continue
            args = [points[i] for i in rng.permutation(len(points))[:need]]
            text = template.format(*args, x=x)
            try:
                trial = parse_problem(name, "; ".join([*clauses, text]))
            except SymgenError:
                continue
            if extend(trial.clauses[-1], coords, rng) is None:
                clauses.append(text)
                points.append(x)
                problem = trial
                break
    return problem, Diagram(problem.points, dict(coords))
