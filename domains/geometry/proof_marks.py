"""What each proof line is about, and the marks that show it on the diagram.

``step_views(canvas, steps, names)`` places, for every proof line, the objects
its predicate names through ``_OBJECTS`` (segments, lines, circles and marks),
and returns one ``figure.StepView`` per line with the ids of its objects:

* an **arc** at the vertex of each angle of ``eqangle``/``aconst``.  An
  ``eqangle`` is shown in the best of its equivalent forms (the engine's
  canonical one may read ``∠(AG,AG) = ∠(AH,FG)``); an arc sweeps the directed
  angle between the two lines, anticlockwise from line one (mod pi) or its
  supplement the other way, the same choice for a whole class of equal angles
  (the one that keeps most arcs between the segments drawn), so equal angles
  get equal arcs; arcs at a vertex that already has some are drawn outside them;
* a **square** at the foot of each ``perp``;
* **ticks** across each segment of ``cong`` (and the halves of ``midp``),
  **chevrons** on each line of ``para``.

Equal things share a class (the connected parts of the proof's equalities,
``_Classes``); the marks of class ``k`` have ``1 + k % 3`` arcs (ticks,
chevrons) and colour ``k``.  A mark that cannot be drawn (the lines are
parallel, or meet far outside the picture) is left out, and so is its id.
"""
from __future__ import annotations

import cmath
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .figure import Canvas, CircleHint, Item, Ring, StepView, Strokes, ident, round_of, segment_ends
from .predicates import PREDICATES, show, statement_text
from .problem import Statement

MAX_VERTEX_REACH = 2.0     # an angle's vertex further than this (times the spread) is not marked
MARK = 0.07                # size of an angle arc, a right-angle square, a tick (times the spread)
ARC_POINTS = 24


def _statement(fact: tuple, names: Sequence[str]) -> Statement:
    p = PREDICATES[fact[0]]
    return Statement(fact[0], tuple(names[i] for i in fact[1:1 + p.arity]),
                     tuple(fact[1 + p.arity:]))


# ---------------------------------------------------------------------------
# Proof objects

@dataclass(frozen=True, slots=True)
class Seg:
    a: str
    b: str

    @property
    def id(self) -> str:
        return "seg-" + "-".join(ident(p) for p in sorted((self.a, self.b)))


@dataclass(frozen=True, slots=True)
class Through:
    """The line through three or more points (``coll``)."""

    points: tuple[str, ...]

    @property
    def id(self) -> str:
        return "line-" + "-".join(ident(p) for p in sorted(self.points))


@dataclass(frozen=True, slots=True)
class Circ:
    center: str | None
    points: tuple[str, ...]

    @property
    def id(self) -> str:
        head = f"o{ident(self.center)}-" if self.center else ""
        return "circ-" + head + "-".join(ident(p) for p in sorted(self.points))


@dataclass(frozen=True, slots=True)
class Mark:
    """A mark on one or two lines: ``angle`` (ab, cd), ``right`` (ab, cd), ``ticks`` (ab),
    ``arrows`` (ab)."""

    kind: str
    lines: tuple[tuple[str, str], ...]

    @property
    def id(self) -> str:
        return f"{self.kind}-" + "-".join(ident(p) for line in self.lines for p in line)


Obj = Seg | Through | Circ | Mark


def _seg_pairs(args: Sequence[str]) -> list[Seg]:
    return [Seg(args[i], args[i + 1]) for i in range(0, len(args) - 1, 2)]


def _lines(args: Sequence[str]) -> tuple[tuple[str, str], ...]:
    return tuple((args[i], args[i + 1]) for i in range(0, len(args) - 1, 2))


def _angle_form(lines: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The best way to show ``∠(l1,l2) = ∠(l3,l4)`` among its equivalent forms (the
    engine's canonical one may read ``∠(AG,AG) = ∠(AH,FG)``): neither angle between a line
    and itself, and as many angles as possible at a named point."""
    a, b, c, d = lines
    forms = [(a, b, c, d), (a, c, b, d), (b, a, d, c), (b, d, a, c),
             (c, a, d, b), (c, d, a, b), (d, b, c, a), (d, c, b, a)]

    def score(f):
        w, x, y, z = (set(line) for line in f)
        return w != x and y != z, bool(w & x) + bool(y & z)
    return max(forms, key=score)


def _o_angles(args):
    (ab, cd, ef, gh) = _angle_form(_lines(args))
    marks = [Mark("angle", (ab, cd)), Mark("angle", (ef, gh))]
    return [*_seg_pairs(args), *marks], [tuple(marks)]


def _o_aconst(args):
    return [*_seg_pairs(args), Mark("angle", _lines(args))], []


def _o_perp(args):
    return [*_seg_pairs(args), Mark("right", _lines(args))], []


def _on(kind: str, a: str, b: str) -> Mark:
    """A mark on segment ``ab`` (ticks, chevrons): one mark whichever way it is named."""
    return Mark(kind, (tuple(sorted((a, b))),))


def _o_equal_marks(kind: str):
    def objects(args):
        marks = [_on(kind, *line) for line in _lines(args)]
        return [*_seg_pairs(args), *marks], [tuple(marks)]
    return objects


def _o_midp(args):
    m, a, b = args
    marks = (_on("ticks", a, m), _on("ticks", m, b))
    return [Seg(a, b), *marks], [marks]


def _o_segments(args):
    return _seg_pairs(args), []


def _o_coll(args):
    return [Through(tuple(args))], []


def _o_cyclic(args):
    return [Circ(None, tuple(args))], []


def _o_circle(args):
    return [Circ(args[0], tuple(args[1:]))], []


def _o_triangles(args):
    return [Seg(t[i], t[(i + 1) % 3]) for t in (args[:3], args[3:6]) for i in range(3)], []


# predicate -> (its objects, the groups of marks it says are equal)
_OBJECTS: dict[str, Callable[[Sequence[str]], tuple[list[Obj], list[tuple[Mark, ...]]]]] = {
    "eqangle": _o_angles, "aconst": _o_aconst, "perp": _o_perp,
    "cong": _o_equal_marks("ticks"), "para": _o_equal_marks("arrows"), "midp": _o_midp,
    "eqratio": _o_segments, "rconst": _o_segments, "coll": _o_coll, "cyclic": _o_cyclic,
    "circle": _o_circle, "simtri": _o_triangles, "simtri2": _o_triangles,
    "contri": _o_triangles, "contri2": _o_triangles,
}


class _Classes:
    """Union-find over marks: equal angles (segments, parallels) end in one class."""

    def __init__(self) -> None:
        self.parent: dict[Mark, Mark] = {}

    def find(self, m: Mark) -> Mark:
        self.parent.setdefault(m, m)
        while self.parent[m] != m:
            self.parent[m] = self.parent[self.parent[m]]
            m = self.parent[m]
        return m

    def join(self, marks: Sequence[Mark]) -> None:
        for m in marks[1:]:
            self.parent[self.find(m)] = self.find(marks[0])

    def numbered(self, marks: Iterable[Mark]) -> dict[Mark, int]:
        """Each mark's class, numbered per kind in order of first appearance."""
        order: dict[Mark, int] = {}
        per_kind: dict[str, int] = {}
        out = {}
        for m in marks:
            root = self.find(m)
            if root not in order:
                order[root] = per_kind.get(m.kind, 0)
                per_kind[m.kind] = order[root] + 1
            out[m] = order[root]
        return out


# ---------------------------------------------------------------------------
# Marks to coordinates

def _meet(a: complex, b: complex, c: complex, d: complex, tol: float) -> complex | None:
    u, v = b - a, d - c
    cross = (u.conjugate() * v).imag
    if abs(cross) <= tol * abs(u) * abs(v) * 1e3:
        return None
    t = ((c - a).conjugate() * v).imag / cross
    return a + t * u


def _ray(x: complex, p: complex, q: complex) -> complex:
    """The unit direction from ``x`` towards the farther of ``p``, ``q``."""
    far = max((p, q), key=lambda z: abs(z - x))
    return (far - x) / abs(far - x)


def _vertex(canvas: Canvas, mark: Mark) -> tuple[complex, complex, complex] | None:
    """The two lines' meeting point and a unit direction along each, or None."""
    (a, b), (c, d) = ((canvas.coords[p] for p in line) for line in mark.lines)
    x = _meet(a, b, c, d, canvas.tol)
    center = sum(canvas.coords.values()) / len(canvas.coords)
    if x is None or abs(x - center) > MAX_VERTEX_REACH * canvas.size:
        return None
    return x, _ray(x, a, b), _ray(x, c, d)


def _directed(canvas: Canvas, mark: Mark) -> tuple[complex, complex, complex, float] | None:
    """The vertex, the drawn rays of the two lines, and the directed angle from line one to
    line two in (0, pi); None if the angle cannot be marked."""
    found = _vertex(canvas, mark)
    if found is None:
        return None
    x, d1, d2 = found
    theta = cmath.phase(d2 / d1) % math.pi
    if theta <= 1e-6 or math.pi - theta <= 1e-6:
        return None
    return x, d1, d2, theta


def _turns_onto(u: complex, sweep: float, v: complex) -> bool:
    return abs(u * cmath.exp(1j * sweep) - v) < 1e-6


def prefers_anticlockwise(canvas: Canvas, mark: Mark) -> bool | None:
    """Whether the arc anticlockwise from line one (rather than its supplement the other way)
    runs between the two drawn rays; None if the angle cannot be marked."""
    found = _directed(canvas, mark)
    return None if found is None else _turns_onto(found[1], found[3], found[2])


def _arcs(canvas: Canvas, mark: Mark, count: int, anticlockwise: bool = True) -> Strokes | None:
    """``count`` arcs at the vertex: anticlockwise from line one by the directed angle, or
    anticlockwise from line two by its supplement; each starts on the ray (drawn, or
    opposite) that makes it end on the other line's drawn ray."""
    found = _directed(canvas, mark)
    if found is None:
        return None
    x, d1, d2, theta = found
    u, v, sweep = (d1, d2, theta) if anticlockwise else (d2, d1, math.pi - theta)
    start = u if _turns_onto(u, sweep, v) else -u
    r0 = MARK * canvas.size
    at = (round(x.real / canvas.size, 4), round(x.imag / canvas.size, 4))
    first = canvas.arcs_at.get(at, 0)          # arcs already at this vertex: go outside them
    canvas.arcs_at[at] = first + count
    parts = tuple(tuple(x + r0 * (1 + 0.22 * k) * start * cmath.exp(1j * sweep * j / ARC_POINTS)
                        for j in range(ARC_POINTS + 1)) for k in range(first, first + count))
    return Strokes(parts)


def _square(canvas: Canvas, mark: Mark, count: int, anticlockwise: bool = True) -> Strokes | None:
    found = _vertex(canvas, mark)
    if found is None:
        return None
    x, d1, d2 = found
    s = 0.7 * MARK * canvas.size
    return Strokes(((x + s * d1, x + s * (d1 + d2), x + s * d2),))


def _along(canvas: Canvas, mark: Mark) -> tuple[complex, complex] | None:
    a, b = (canvas.coords[p] for p in mark.lines[0])
    if abs(b - a) <= canvas.tol:
        return None
    return (a + b) / 2, (b - a) / abs(b - a)


def _ticks(canvas: Canvas, mark: Mark, count: int, anticlockwise: bool = True) -> Strokes | None:
    found = _along(canvas, mark)
    if found is None:
        return None
    mid, u = found
    h, gap = 0.4 * MARK * canvas.size, 0.25 * MARK * canvas.size
    centers = [mid + (k - (count - 1) / 2) * gap * u for k in range(count)]
    return Strokes(tuple((c - h * 1j * u, c + h * 1j * u) for c in centers))


def _chevrons(canvas: Canvas, mark: Mark, count: int, anticlockwise: bool = True
              ) -> Strokes | None:
    found = _along(canvas, mark)
    if found is None:
        return None
    mid, u = found
    if u.real < -1e-9 or (abs(u.real) <= 1e-9 and u.imag < 0):
        u = -u                            # parallel lines' chevrons all point one way
    w, gap = 0.35 * MARK * canvas.size, 0.35 * MARK * canvas.size
    tips = [mid + (k - (count - 1) / 2) * gap * u for k in range(count)]
    return Strokes(tuple((t - w * u + w * 1j * u, t, t - w * u - w * 1j * u) for t in tips))


# mark kind -> its drawing (canvas, mark, count, anticlockwise: only arcs read it)
_MARKS: dict[str, Callable[[Canvas, Mark, int, bool], Strokes | None]] = {
    "angle": _arcs, "right": _square, "ticks": _ticks, "arrows": _chevrons,
}
MAX_COUNT = 3          # a class's marks have 1..3 arcs (ticks, chevrons), and a colour of its own


def _place(canvas: Canvas, obj: Obj, group: int, anticlockwise: bool) -> str | None:
    """Place one proof object (once); its id, or None if it cannot be drawn."""
    if obj.id in canvas.items:
        return obj.id
    coords = canvas.coords
    if isinstance(obj, Seg):
        shape = Strokes(((coords[obj.a], coords[obj.b]),))
        return canvas.add(Item(obj.id, "segment", "proof", shape))
    if isinstance(obj, Through):
        ends = segment_ends([coords[p] for p in obj.points], [], canvas.tol)
        return None if ends is None else canvas.add(Item(obj.id, "line", "proof", Strokes((ends,))))
    if isinstance(obj, Circ):
        r = round_of(CircleHint(obj.center, obj.points), coords, canvas.tol)
        return None if r is None else canvas.add(Item(obj.id, "circle", "proof",
                                                      Ring(r.center, r.radius)))
    if obj.kind == "right":              # no classes: every right angle looks the same
        group = 0
    count = 1 + group % MAX_COUNT
    shape = _MARKS[obj.kind](canvas, obj, count, anticlockwise)
    return None if shape is None else canvas.add(
        Item(obj.id, obj.kind, "proof", shape, group=group, count=count))


def _orientations(canvas: Canvas, classes: _Classes, marks: Iterable[Mark]) -> dict[Mark, bool]:
    """One arc orientation per class of equal angles: the one most of its angles prefer."""
    votes: dict[Mark, int] = {}
    angles = [m for m in marks if m.kind == "angle"]
    for m in angles:
        vote = prefers_anticlockwise(canvas, m)
        if vote is not None:
            root = classes.find(m)
            votes[root] = votes.get(root, 0) + (1 if vote else -1)
    return {m: votes.get(classes.find(m), 0) >= 0 for m in angles}


def step_views(canvas: Canvas, steps: Sequence, names: Sequence[str]) -> tuple[StepView, ...]:
    """Place every proof line's objects on ``canvas``; one view per line (``ProofStep``s
    over the point names ``names``)."""
    found = []
    classes = _Classes()
    for s in steps:
        stmt = _statement(s.fact, names)
        objects, equal = _OBJECTS.get(stmt.pred, _nothing)(stmt.args)
        for group in equal:
            classes.join(group)
        found.append((s, stmt, objects))
    marks = list(dict.fromkeys(o for _, _, objects in found for o in objects if isinstance(o, Mark)))
    groups = classes.numbered(marks)
    turns = _orientations(canvas, classes, marks)
    views = []
    for s, stmt, objects in found:
        placed = [_place(canvas, o, groups.get(o, 0), turns.get(o, True)) for o in objects]
        ids = [f"pt-{ident(p)}" for p in dict.fromkeys(stmt.args)]
        ids += [i for i in dict.fromkeys(placed) if i is not None]
        views.append(StepView(s.number, statement_text(s.fact, names), show(s.fact, names),
                              s.rule, tuple(s.cites), tuple(ids)))
    return tuple(views)


def _nothing(args: Sequence[str]) -> tuple[list[Obj], list[tuple[Mark, ...]]]:
    return [], []
