"""Pictures of problems: the numeric diagram drawn to a PNG, SVG or PDF file.

``render(problem, path)`` draws the diagram the prover would use (the same
``build`` with the same seed) without proving anything.  What gets drawn comes
from the facts the constructions assert (``constructions.premises``): each
predicate names, through the ``_SHAPES`` table, the lines and circles it is
about.  ``coll m a b`` is a line, ``para a b c d`` two lines, ``cong o a o b``
a circle about ``o`` (unless ``o`` is the midpoint of ``ab``), ``cyclic a b c
d`` the circle through them.  A line is drawn as the segment between the
extreme diagram points that lie on it, so a foot or an intersection further
along still sits on the drawn segment; lines and circles found twice are drawn
once.  The goal's points are highlighted and its shapes dashed in the same
colour (its ``cong`` and ratios as the segments compared, not circles).

matplotlib is an optional extra (``symgen[render]``).  It is imported when
``render`` is called, and drawing uses a bare ``Figure`` on the headless Agg
canvas, so no GUI backend is ever selected and pyplot's global state is left
alone.
"""
from __future__ import annotations

import cmath
import logging
import textwrap
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from domains.geometry.constructions import premises
from domains.geometry.diagram import Diagram, build
from domains.geometry.problem import Problem, Statement
from symgen.errors import SymgenError

log = logging.getLogger(__name__)

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}   # suffix -> matplotlib format
SIZE_INCHES = 8.0          # 800 px at DPI
DPI = 100
MARGIN = 0.08              # of the picture's extent, on every side
ON_SHAPE = 1e-6            # a point this close to a line/circle (times the spread) lies on it
MAX_CIRCLE_REACH = 2.5     # circles reaching further (times the spread) are clipped, not framed
STYLE = {"line": "#4a5a7a", "circle": "#6b8e6b", "point": "#202020", "goal": "#c0392b"}


@dataclass(frozen=True, slots=True)
class LineHint:
    """A line a fact is about, named by (at least two of) its points."""

    points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CircleHint:
    """A circle a fact is about: its centre (if named) and points on it."""

    center: str | None
    points: tuple[str, ...]


Hint = LineHint | CircleHint


# ---------------------------------------------------------------------------
# What each predicate is about

def _pairs(args: Sequence[str]) -> list[Hint]:
    return [LineHint(tuple(args[i:i + 2])) for i in range(0, len(args) - 1, 2)]


def _whole(args: Sequence[str]) -> list[Hint]:
    return [LineHint(tuple(args))]


def _triangles(args: Sequence[str]) -> list[Hint]:
    return [LineHint((t[i], t[(i + 1) % 3])) for t in (args[:3], args[3:6]) for i in range(3)]


def _cong_circle(args: Sequence[str]) -> list[Hint]:
    """``cong o a o b`` (in any order of the pairs) is a circle about the shared point."""
    (a, b), (c, d) = args[:2], args[2:4]
    for center, p in ((a, b), (b, a)):
        if center in (c, d):
            q = d if c == center else c
            return [CircleHint(center, (p, q))]
    return []


def _circle(args: Sequence[str]) -> list[Hint]:
    return [CircleHint(args[0], tuple(args[1:]))]


def _cyclic(args: Sequence[str]) -> list[Hint]:
    return [CircleHint(None, tuple(args))]


_SHAPES: dict[str, Callable[[Sequence[str]], list[Hint]]] = {
    "coll": _whole,
    "midp": _whole,
    "para": _pairs,
    "perp": _pairs,
    "eqangle": _pairs,
    "aconst": _pairs,
    "simtri": _triangles,
    "simtri2": _triangles,
    "contri": _triangles,
    "contri2": _triangles,
    "cong": _cong_circle,
    "circle": _circle,
    "cyclic": _cyclic,
}
# In a goal, compared lengths are drawn as the segments compared.
_GOAL_SHAPES = {**_SHAPES, "cong": _pairs, "eqratio": _pairs, "rconst": _pairs}


def hints(stmts: Iterable[Statement], table: dict[str, Callable[[Sequence[str]], list[Hint]]] = _SHAPES
          ) -> list[Hint]:
    """The lines and circles the statements are about (predicates not in the table add none)."""
    return [h for s in stmts if s.pred in table for h in table[s.pred](s.args)]


# ---------------------------------------------------------------------------
# Hints to coordinates

@dataclass(frozen=True, slots=True)
class Segment:
    start: complex
    end: complex


@dataclass(frozen=True, slots=True)
class Round:
    center: complex
    radius: float


def _spread(coords: Sequence[complex]) -> float:
    center = sum(coords) / len(coords)
    return max((abs(z - center) for z in coords), default=0.0) or 1.0


def _segment(points: Sequence[complex], others: Iterable[complex], tol: float) -> Segment | None:
    """The segment between the extreme points of the line through ``points`` (and others on it)."""
    a, b = max(((p, q) for p in points for q in points), key=lambda pq: abs(pq[0] - pq[1]))
    if abs(a - b) <= tol:
        return None
    unit = (b - a) / abs(b - a)
    on = [z for z in (*points, *others) if abs(((z - a) / unit).imag) <= tol]
    along = sorted(on, key=lambda z: ((z - a) / unit).real)
    return Segment(along[0], along[-1])


def _circumcircle(a: complex, b: complex, c: complex, tol: float) -> Round | None:
    d = 2 * ((b - a).conjugate() * (c - a)).imag
    if abs(d) <= tol * tol:
        return None
    center = a - 1j * (abs(b - a) ** 2 * (c - a) - abs(c - a) ** 2 * (b - a)) / d
    return Round(center, abs(center - a))


def _round(hint: CircleHint, coords: dict[str, complex], tol: float) -> Round | None:
    pts = [coords[p] for p in hint.points]
    if hint.center is not None:
        o = coords[hint.center]
        radius = abs(pts[0] - o)
        lined = len(pts) == 2 and abs(((pts[0] - o).conjugate() * (pts[1] - o)).imag) <= tol * radius
        return None if radius <= tol or lined else Round(o, radius)   # lined: o is a midpoint
    for i in range(len(pts) - 2):
        found = _circumcircle(*pts[i:i + 3], tol)
        if found is not None:
            return found
    return None


@dataclass(frozen=True, slots=True)
class Shapes:
    segments: tuple[Segment, ...]
    rounds: tuple[Round, ...]


def _unique(items: Iterable, same: Callable[[object, object], bool]) -> tuple:
    kept: list = []
    for item in items:
        if item is not None and not any(same(item, k) for k in kept):
            kept.append(item)
    return tuple(kept)


def locate(found: Iterable[Hint], diagram: Diagram, *, extend: bool) -> Shapes:
    """Coordinates of the hinted shapes, duplicates dropped; ``extend`` runs lines over all points on them."""
    coords = diagram.coords
    tol = ON_SHAPE * _spread(list(coords.values()))
    others = list(coords.values()) if extend else []
    found = list(found)
    segments = (_segment([coords[p] for p in h.points], others, tol)
                for h in found if isinstance(h, LineHint))
    rounds = (_round(h, coords, tol) for h in found if isinstance(h, CircleHint))

    def same_segment(s: Segment, t: Segment) -> bool:
        return {s.start, s.end} == {t.start, t.end}

    def same_round(r: Round, q: Round) -> bool:
        return abs(r.center - q.center) <= 1e3 * tol and abs(r.radius - q.radius) <= 1e3 * tol

    return Shapes(_unique(segments, same_segment), _unique(rounds, same_round))


# ---------------------------------------------------------------------------
# Drawing

def _import_matplotlib():
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
        from matplotlib.patches import Circle
    except ImportError as err:
        raise SymgenError("rendering needs matplotlib: pip install 'symgen[render]'") from err
    return Figure, FigureCanvasAgg, Circle


def _format(out_path: Path) -> str:
    fmt = FORMATS.get(out_path.suffix.lower())
    if fmt is None:
        raise SymgenError(f"{out_path}: cannot render to {out_path.suffix or 'a file without a suffix'!r}; "
                          f"use one of {', '.join(FORMATS)}")
    return fmt


def _limits(diagram: Diagram, rounds: Sequence[Round]) -> tuple[float, float, float, float]:
    """The framed box (xmin, xmax, ymin, ymax): every point, circles unless they reach too far."""
    pts = list(diagram.coords.values())
    center, spread = sum(pts) / len(pts), _spread(pts)
    xs, ys = [z.real for z in pts], [z.imag for z in pts]
    for r in rounds:
        if abs(r.center - center) + r.radius <= MAX_CIRCLE_REACH * spread:
            xs += [r.center.real - r.radius, r.center.real + r.radius]
            ys += [r.center.imag - r.radius, r.center.imag + r.radius]
    side = max(max(xs) - min(xs), max(ys) - min(ys)) * (1 + 2 * MARGIN)
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return mx - side / 2, mx + side / 2, my - side / 2, my + side / 2


def _draw_segments(ax, segments: Sequence[Segment], color: str, style: str, width: float) -> None:
    for s in segments:
        ax.plot([s.start.real, s.end.real], [s.start.imag, s.end.imag], style, color=color,
                linewidth=width, zorder=2)


def _draw_rounds(ax, circle_patch, rounds: Sequence[Round], color: str, style: str, width: float) -> None:
    for r in rounds:
        ax.add_patch(circle_patch((r.center.real, r.center.imag), r.radius, fill=False, color=color,
                                  linestyle=style, linewidth=width, zorder=1))


def _draw_points(ax, diagram: Diagram, highlight: set[str]) -> None:
    pts = list(diagram.coords.values())
    center = sum(pts) / len(pts)
    for name, z in diagram.coords.items():
        goal = name in highlight
        color = STYLE["goal"] if goal else STYLE["point"]
        ax.plot([z.real], [z.imag], "o", color=color, markersize=7 if goal else 5, zorder=4)
        away = cmath.exp(1j * cmath.phase(z - center)) if abs(z - center) > 0 else 1j
        ax.annotate(name, (z.real, z.imag), xytext=(11 * away.real, 11 * away.imag),
                    textcoords="offset points", ha="center", va="center", fontsize=13,
                    color=color, fontweight="bold" if goal else "normal", zorder=5)


def _title(problem: Problem) -> str:
    name = textwrap.shorten(problem.name, 70, placeholder="...")
    return f"{name}\n? {problem.goal}" if problem.goal is not None else name


def render(problem: Problem, out_path: str | Path, *, seed: int = 0) -> None:
    """Draw ``problem``'s diagram (seeded as the prover draws it) to ``out_path``.

    The format follows the suffix (.png, .svg, .pdf).  Raises ``SymgenError`` for
    an unknown suffix or a missing matplotlib, ``ProblemError`` when the problem
    cannot be drawn.
    """
    out_path = Path(out_path)
    fmt = _format(out_path)
    Figure, FigureCanvasAgg, Circle = _import_matplotlib()
    diagram = build(problem, np.random.default_rng(seed))
    shapes = locate(hints(premises(problem)), diagram, extend=True)
    goal = [problem.goal] if problem.goal is not None else []
    goal_shapes = locate(hints(goal, _GOAL_SHAPES), diagram, extend=False)

    fig = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _draw_segments(ax, shapes.segments, STYLE["line"], "-", 1.3)
    _draw_rounds(ax, Circle, shapes.rounds, STYLE["circle"], "-", 1.3)
    _draw_segments(ax, goal_shapes.segments, STYLE["goal"], "--", 2.0)
    _draw_rounds(ax, Circle, goal_shapes.rounds, STYLE["goal"], "--", 2.0)
    _draw_points(ax, diagram, set(problem.goal.args) if problem.goal is not None else set())
    xmin, xmax, ymin, ymax = _limits(diagram, shapes.rounds + goal_shapes.rounds)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(_title(problem), fontsize=13)
    fig.tight_layout()
    fig.savefig(out_path, format=fmt)
    log.info("rendered %s to %s", problem.name, out_path)
