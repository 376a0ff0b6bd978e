"""A problem and its proof as a picture: what to draw, in diagram coordinates.

A ``Figure`` describes a drawing without drawing it (``pictures.figure`` builds
one), so the matplotlib back end (``render``) and the SVG/HTML page
(``proof_html``) draw the same thing.  A ``Figure`` is a list of
``Item``s, back to front, each with a stable ``id``, a ``kind`` (line, circle,
segment, angle, ...), a ``role`` (premise, aux, goal, proof) and its geometry,
plus one ``StepView`` per proof line naming the ids of the objects it is about.

* **Base picture** (as ``render`` always drew it): each premise names, through
  the ``_SHAPES`` table, the lines and circles it is about (``coll m a b`` a
  line, ``cong o a o b`` a circle about ``o``, ``cyclic a b c d`` the circle
  through them); a line runs between the extreme diagram points on it.  The
  shapes of the last ``aux`` clauses (auxiliary constructions) have the role
  ``aux``, the goal's the role ``goal`` (compared lengths as the segments).
* **Proof objects** (``proof_marks``): the segments, lines, circles and marks
  each proof line is about (arcs for equal angles, squares for right angles,
  ticks for equal segments, chevrons for parallels), one class of equal things
  per colour, and each step's ids.

Ids are ``pt-A``, ``seg-A-B``, ``line-A-B-C``, ``circ-...``, ``angle-A-B-C-D``,
``right-...``, ``ticks-A-B``, ``arrows-A-B`` (point names escaped to
``[A-Za-z0-9_]``: ``a'`` is ``a_27_``), and ``base-K`` for the base picture's shapes.
"""
from __future__ import annotations

import cmath
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from .problem import Problem, Statement

MARGIN = 0.08              # of the picture's extent, on every side
ON_SHAPE = 1e-6            # a point this close to a line/circle (times the spread) lies on it
MAX_CIRCLE_REACH = 2.5     # circles reaching further (times the spread) are clipped, not framed


# ---------------------------------------------------------------------------
# Geometry: what a back end draws

@dataclass(frozen=True, slots=True)
class Strokes:
    """Polylines drawn alike (a segment is one of two points; three ticks are three)."""

    parts: tuple[tuple[complex, ...], ...]
    closed: bool = False


@dataclass(frozen=True, slots=True)
class Ring:
    center: complex
    radius: float


@dataclass(frozen=True, slots=True)
class Dot:
    at: complex
    label: str
    away: complex          # unit direction from the point to its label


Shape = Strokes | Ring | Dot


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    kind: str              # point, line, circle, segment, angle, right, ticks, arrows
    role: str              # premise, aux, goal, proof
    shape: Shape
    group: int = 0         # marks of equal angles / segments / parallels share a group (colour)
    count: int = 1         # arcs, ticks or chevrons in the mark


@dataclass(frozen=True, slots=True)
class StepView:
    number: int
    fact: str              # in the problem language: ``perp a h b c``
    text: str              # as the proof prints it: ``AH ⟂ BC``
    rule: str
    cites: tuple[int, ...]
    objects: tuple[str, ...]     # ids of the items the step is about, points first


@dataclass(frozen=True)
class Figure:
    title: str
    goal: str
    aux: tuple[str, ...]                    # the aux clauses, as written
    items: tuple[Item, ...]
    steps: tuple[StepView, ...]
    box: tuple[float, float, float, float]  # xmin, xmax, ymin, ymax (square, margins in)

    def item(self, ident: str) -> Item:
        return next(i for i in self.items if i.id == ident)


# ---------------------------------------------------------------------------
# How an item looks, for every back end

ROLE_COLORS = {"premise": "#4a5a7a", "aux": "#d35400", "goal": "#c0392b", "proof": "#a0a8b8"}
KIND_COLORS = {("premise", "circle"): "#6b8e6b", ("premise", "point"): "#202020"}
MARK_COLORS = ("#1f6fb4", "#2a9d3a", "#8e44ad", "#b8860b", "#16a2b8", "#d63384")   # by class
MARK_KINDS = frozenset({"angle", "right", "ticks", "arrows"})
WIDTHS = {"line": 1.3, "circle": 1.3, "segment": 0.9, "angle": 1.2, "right": 1.2, "ticks": 1.4,
          "arrows": 1.4, "point": 0.0}


@dataclass(frozen=True, slots=True)
class Paint:
    color: str
    width: float
    dashed: bool


def paint(item: Item) -> Paint:
    """The colour, line width and dashing of an item (the goal's shapes are dashed)."""
    color = (MARK_COLORS[item.group % len(MARK_COLORS)] if item.kind in MARK_KINDS
             else KIND_COLORS.get((item.role, item.kind), ROLE_COLORS[item.role]))
    width = WIDTHS[item.kind] * (1.5 if item.role == "goal" else 1.0)
    return Paint(color, width, item.role == "goal" and item.kind != "point")


def ident(name: str) -> str:
    """A point name as part of an id: ``[A-Za-z0-9]`` kept, anything else ``_HEX_``."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in name)


# ---------------------------------------------------------------------------
# The base picture: what each premise is about

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
    "coll": _whole, "midp": _whole, "para": _pairs, "perp": _pairs, "eqangle": _pairs,
    "aconst": _pairs, "simtri": _triangles, "simtri2": _triangles, "contri": _triangles,
    "contri2": _triangles, "cong": _cong_circle, "circle": _circle, "cyclic": _cyclic,
}
# In a goal, compared lengths are drawn as the segments compared.
GOAL_SHAPES = {**_SHAPES, "cong": _pairs, "eqratio": _pairs, "rconst": _pairs}


def hints(stmts: Iterable[Statement], table: dict[str, Callable[[Sequence[str]], list[Hint]]] = _SHAPES
          ) -> list[Hint]:
    """The lines and circles the statements are about (predicates not in the table add none)."""
    return [h for s in stmts if s.pred in table for h in table[s.pred](s.args)]


@dataclass(frozen=True, slots=True)
class Round:
    center: complex
    radius: float


def spread(coords: Sequence[complex]) -> float:
    center = sum(coords) / len(coords)
    return max((abs(z - center) for z in coords), default=0.0) or 1.0


def segment_ends(points: Sequence[complex], others: Iterable[complex], tol: float
             ) -> tuple[complex, complex] | None:
    """The segment between the extreme points of the line through ``points`` (and others on it)."""
    a, b = max(((p, q) for p in points for q in points), key=lambda pq: abs(pq[0] - pq[1]))
    if abs(a - b) <= tol:
        return None
    unit = (b - a) / abs(b - a)
    on = [z for z in (*points, *others) if abs(((z - a) / unit).imag) <= tol]
    along = sorted(on, key=lambda z: ((z - a) / unit).real)
    return along[0], along[-1]


def _circumcircle(a: complex, b: complex, c: complex, tol: float) -> Round | None:
    d = 2 * ((b - a).conjugate() * (c - a)).imag
    if abs(d) <= tol * tol:
        return None
    center = a - 1j * (abs(b - a) ** 2 * (c - a) - abs(c - a) ** 2 * (b - a)) / d
    return Round(center, abs(center - a))


def round_of(hint: CircleHint, coords: dict[str, complex], tol: float) -> Round | None:
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


def _same_round(r: Round, q: Round, tol: float) -> bool:
    return abs(r.center - q.center) <= 1e3 * tol and abs(r.radius - q.radius) <= 1e3 * tol


@dataclass
class Canvas:
    """The coordinates and what has been placed on them so far (no shape twice)."""

    coords: dict[str, complex]
    tol: float = 0.0
    size: float = 1.0
    items: dict[str, Item] = field(default_factory=dict)
    segments: set[tuple[str, frozenset]] = field(default_factory=set)   # (role, ends)
    rounds: list[tuple[str, Round]] = field(default_factory=list)
    arcs_at: dict[tuple[float, float], int] = field(default_factory=dict)   # arcs per vertex

    def __post_init__(self) -> None:
        self.size = spread(list(self.coords.values()))
        self.tol = ON_SHAPE * self.size

    def add(self, item: Item) -> str:
        self.items.setdefault(item.id, item)
        return item.id

    def new_segment(self, ends: tuple[complex, complex] | None, role: str) -> bool:
        """Whether ``ends`` is a segment not yet placed (the goal's are kept apart: drawn
        over the premises' in their own style)."""
        key = ("goal" if role == "goal" else "", frozenset(ends or ()))
        if ends is None or key in self.segments:
            return False
        self.segments.add(key)
        return True

    def new_round(self, r: Round | None, role: str) -> bool:
        kind = "goal" if role == "goal" else ""
        if r is None or any(k == kind and _same_round(r, q, self.tol) for k, q in self.rounds):
            return False
        self.rounds.append((kind, r))
        return True


def place_hints(canvas: Canvas, found: Iterable[Hint], role: str, *, extend: bool) -> None:
    """Place the hinted lines and circles once each (``extend``: over every point on them)."""
    others = list(canvas.coords.values()) if extend else []
    for h in found:
        if isinstance(h, LineHint):
            ends = segment_ends([canvas.coords[p] for p in h.points], others, canvas.tol)
            if canvas.new_segment(ends, role):
                canvas.add(Item(f"base-{len(canvas.items)}", "line", role, Strokes((ends,))))
        else:
            r = round_of(h, canvas.coords, canvas.tol)
            if canvas.new_round(r, role):
                canvas.add(Item(f"base-{len(canvas.items)}", "circle", role, Ring(r.center, r.radius)))


# ---------------------------------------------------------------------------
# The figure

def place_points(canvas: Canvas, problem: Problem, aux_points: set[str]) -> None:
    """Every point, labelled away from the picture's centre: a goal's, an aux or a premise's."""
    pts = list(canvas.coords.values())
    center = sum(pts) / len(pts)
    goal = {a for g in problem.goals for a in g.args}
    for name, z in canvas.coords.items():
        role = "goal" if name in goal else "aux" if name in aux_points else "premise"
        away = cmath.exp(1j * cmath.phase(z - center)) if abs(z - center) > 0 else 1j
        canvas.add(Item(f"pt-{ident(name)}", "point", role, Dot(z, name, away)))


def framed(canvas: Canvas) -> tuple[float, float, float, float]:
    """The framed square: every point, circles unless they reach too far."""
    pts = list(canvas.coords.values())
    center = sum(pts) / len(pts)
    xs, ys = [z.real for z in pts], [z.imag for z in pts]
    for item in canvas.items.values():
        r = item.shape
        if isinstance(r, Ring) and abs(r.center - center) + r.radius <= MAX_CIRCLE_REACH * canvas.size:
            xs += [r.center.real - r.radius, r.center.real + r.radius]
            ys += [r.center.imag - r.radius, r.center.imag + r.radius]
    side = max(max(xs) - min(xs), max(ys) - min(ys)) * (1 + 2 * MARGIN)
    mx, my = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return mx - side / 2, mx + side / 2, my - side / 2, my + side / 2
