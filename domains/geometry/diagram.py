"""Numeric diagrams: random coordinates for a problem's points, clause by clause.

``build(problem, rng)`` places the points of each clause in turn.  Each call of a
clause is sketched (``constructions.CONSTRUCTIONS[name].sketch``): it either gives
the new points directly or the loci a single new point lies on.  One locus gives
a random point on it (the best of a few samples, away from existing points); two
or more are intersected, and when they meet twice the point is chosen at random
among the intersections that are not already points of the diagram.

A clause is re-sampled (a few times, then the whole diagram is) when a
precondition of a call fails, loci do not meet, a new point falls too close to an
existing one or too far from the rest (both relative to the diagram's spread), or
an asserted fact does not hold numerically.  With ``check_goal`` the diagram is
also re-drawn until the goal holds numerically: where a construction has two
solutions (the two intersections of a line and a circle, a free triangle's
orientation) some choices can make the goal false.  The problem's side conditions
(``conditions``) are asked of the drawing in the same way, but a diagram on which only
they fail is kept: when no attempt makes them true, the first such diagram is returned,
and the prover reports the condition false on it.  When no attempt succeeds, a
``ProblemError`` names the clause that could not be drawn and why.  A failure that
the fixed coordinates alone decide (two fixed points on one spot, the fixed vertices
of a triangle on one line, a precondition, a fact or the goal false on fixed points)
is reported at once, as "cannot be drawn because the fixed coordinates ...": no
re-drawing can cure it.  ``build`` looks at the clock (``deadline``) between clauses
and attempts, and raises ``symgen.limits.TimeUp`` once it has passed.

Everything random comes from the ``rng`` argument, so a seed fixes the diagram.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from domains.geometry import numeric as nm
from domains.geometry.conditions import first_false
from domains.geometry.constructions import CONSTRUCTIONS
from domains.geometry.numeric import Degenerate, Locus
from domains.geometry.problem import Clause, Problem, Statement
from symgen import limits
from symgen.errors import ProblemError

log = logging.getLogger(__name__)

MIN_SEPARATION = 1e-2   # a new point this close to another (times the spread) is a coincidence
MAX_REACH = 8.0         # a new point this far from the centre (times the spread) is too far
LOCAL_TRIES = 5         # re-samples of one clause before the whole diagram is re-drawn
SAMPLES_ON_LOCUS = 3    # random points tried on a single locus, the one farthest from others kept


@dataclass(frozen=True, eq=False)
class Diagram:
    """Coordinates of a problem's points (as complex numbers x + iy)."""

    names: tuple[str, ...]
    coords: dict[str, complex]

    @property
    def array(self) -> np.ndarray:
        """The coordinates as an (n, 2) array, rows in the order of ``names``."""
        return np.array([[self.coords[n].real, self.coords[n].imag] for n in self.names], dtype=float)

    def __getitem__(self, name: str) -> complex:
        return self.coords[name]

    def holds(self, stmt: Statement) -> bool:
        return nm.holds(stmt.pred, [self.coords[a] for a in stmt.args], stmt.numbers)


class _Failure(Exception):
    """Why one attempt at drawing failed; ``local`` if re-sampling the clause may help,
    ``fixed`` if the fixed coordinates alone decide it, so that no re-drawing can help
    (the reason then completes "the fixed coordinates ...")."""

    def __init__(self, clause: Clause | None, reason: str, local: bool = True,
                 fixed: bool = False, drawn: Diagram | None = None) -> None:
        super().__init__(reason)
        self.clause, self.reason, self.local, self.fixed = clause, reason, local and not fixed, fixed
        self.drawn = drawn      # a whole diagram on which only a side condition failed

    def key(self) -> tuple[int, str]:
        return (self.clause.position if self.clause else 0, self.reason)


# ---------------------------------------------------------------------------
# Placing one clause

@dataclass(frozen=True, slots=True)
class _Frame:
    """The spread of the points placed so far: their centre and radius."""

    center: complex
    radius: float
    points: tuple[complex, ...]

    @staticmethod
    def of(coords: dict[str, complex]) -> _Frame:
        pts = tuple(coords.values())
        if not pts:
            return _Frame(0j, 1.0, ())
        center = sum(pts) / len(pts)
        radius = max(abs(p - center) for p in pts)
        return _Frame(center, radius if radius > 1e-9 else 1.0, pts)

    def clearance(self, z: complex, others: tuple[complex, ...] = ()) -> float:
        return min((abs(z - p) for p in self.points + others), default=float("inf"))

    def clear(self, z: complex, others: tuple[complex, ...] = ()) -> bool:
        """Not (nearly) on a point placed before."""
        return not self.points or self.clearance(z, others) > MIN_SEPARATION * self.radius

    def near(self, z: complex) -> bool:
        """Not too far from the points placed before."""
        return not self.points or abs(z - self.center) < MAX_REACH * self.radius


def _check_preconditions(clause: Clause, coords: dict[str, complex], pinned: frozenset[str]) -> None:
    for call in clause.calls:
        for stmt in CONSTRUCTIONS[call.name].preconditions(call):
            if nm.holds(stmt.pred, [coords[a] for a in stmt.args], stmt.numbers):
                continue
            if pinned.issuperset(stmt.args):
                raise _Failure(clause, f"fail the precondition '{stmt}' of {call.name}", fixed=True)
            raise _Failure(clause, f"precondition '{stmt}' of {call.name} fails", local=False)


def _sketch(clause: Clause, coords: dict[str, complex], rng: np.random.Generator
            ) -> tuple[dict[str, list[complex]], dict[str, list[Locus]]]:
    """Sketch every call: direct coordinates and loci, per new point."""
    direct: dict[str, list[complex]] = {p: [] for p in clause.points}
    loci: dict[str, list[Locus]] = {p: [] for p in clause.points}
    for call in clause.calls:
        defn = CONSTRUCTIONS[call.name]
        names = defn.binding(call)
        try:
            out = defn.sketch(tuple(coords[names[i]] for i in defn.inputs), call.numbers, rng)
        except (Degenerate, ZeroDivisionError) as err:
            raise _Failure(clause, f"{call.name} is degenerate here: {err}") from None
        if out and isinstance(out[0], complex):
            for formal, z in zip(defn.outputs, out, strict=True):
                direct[names[formal]].append(z)
        else:
            loci[names[defn.outputs[0]]].extend(out)
    return direct, loci


def _candidates(name: str, direct: list[complex], loci: list[Locus], frame: _Frame,
                rng: np.random.Generator) -> list[complex]:
    if direct:
        return [direct[0]]
    if len(loci) == 1:
        samples = [nm.sample_on(loci[0], rng, frame.center, frame.radius) for _ in range(SAMPLES_ON_LOCUS)]
        return [max(samples, key=frame.clearance)]
    return nm.intersect(loci[0], loci[1])


def _pick(clause: Clause, name: str, direct: list[complex], loci: list[Locus], frame: _Frame,
          placed: dict[str, complex], rng: np.random.Generator) -> complex:
    cands = _candidates(name, direct, loci, frame, rng)
    if not cands:
        raise _Failure(clause, f"the loci of {name!r} do not meet")
    scale = frame.radius
    cands = [z for z in cands
             if all(abs(z - d) <= nm.TOL * 10 * scale for d in direct)
             and all(nm.on_locus(z, locus, scale) for locus in (loci if direct else loci[2:]))]
    if not cands:
        raise _Failure(clause, f"the constructions of {name!r} disagree")
    others = tuple(placed.values())
    near = [z for z in cands if frame.near(z)]
    good = [z for z in near if frame.clear(z, others)]
    if not good:
        where = "too far from the other points" if not near else "on (or too close to) an existing point"
        raise _Failure(clause, f"{name!r} falls {where}")
    return good[int(rng.integers(len(good)))] if len(good) > 1 else good[0]


def _check_facts(clause: Clause, coords: dict[str, complex], pinned: frozenset[str]) -> None:
    for call in clause.calls:
        for stmt in CONSTRUCTIONS[call.name].statements(call):
            if nm.holds(stmt.pred, [coords[a] for a in stmt.args], stmt.numbers):
                continue
            if pinned.issuperset(stmt.args):
                raise _Failure(clause, f"contradict '{stmt}'", fixed=True)
            if clause.fixed:
                raise _Failure(clause, f"the fixed coordinates contradict '{stmt}'", local=False)
            raise _Failure(clause, f"asserted fact '{stmt}' does not hold")


def _check_fixed(clause: Clause, coords: dict[str, complex], pinned: frozenset[str]) -> None:
    """Fixed points must be distinct from the fixed points placed before them, and the
    vertices of a free shape (a triangle, a quadrangle, ...) given all fixed must not
    have three on one line: no re-drawing would ever move them apart."""
    fixed = [(name, complex(x, y)) for name, x, y in clause.fixed]
    seen = [(p, z) for p, z in coords.items() if p in pinned]
    for name, z in fixed:
        for other, w in seen:
            if not nm.holds("diff", [z, w]):
                raise _Failure(clause, f"put {other} and {name} on one spot", fixed=True)
        seen.append((name, z))
    at = dict(seen)
    for call in clause.calls:
        if CONSTRUCTIONS[call.name].inputs or not pinned.issuperset(call.args):
            continue
        for three in combinations(call.args, 3):
            if nm.holds("coll", [at[p] for p in three]):
                raise _Failure(clause, f"make the points {', '.join(three)} of {call.name} "
                                       f"collinear", fixed=True)


def _place_once(clause: Clause, coords: dict[str, complex], rng: np.random.Generator,
                pinned: frozenset[str]) -> dict[str, complex]:
    direct, loci = _sketch(clause, coords, rng)
    frame = _Frame.of(coords)
    fixed = {name: complex(x, y) for name, x, y in clause.fixed}
    placed: dict[str, complex] = {}
    for name in clause.points:
        placed[name] = fixed[name] if name in fixed else _pick(
            clause, name, direct[name], loci[name], frame, placed, rng)
    trial = {**coords, **placed}
    _check_facts(clause, trial, pinned)
    return placed


def _place(clause: Clause, coords: dict[str, complex], rng: np.random.Generator,
           pinned: frozenset[str] = frozenset()) -> None:
    """Add the clause's points to ``coords`` or raise the last _Failure; ``pinned`` names
    the problem's points with fixed coordinates."""
    if clause.fixed:
        _check_fixed(clause, coords, pinned)
    _check_preconditions(clause, coords, pinned)
    failure: _Failure | None = None
    for _ in range(LOCAL_TRIES):
        try:
            coords.update(_place_once(clause, coords, rng, pinned))
            return
        except _Failure as err:
            failure = err
            if not err.local:
                break
    assert failure is not None
    raise failure


def extend(clause: Clause, coords: dict[str, complex], rng: np.random.Generator) -> str | None:
    """Place one more clause's points into ``coords``; None on success, else why not
    (``coords`` is then unchanged).  The premise sampler builds diagrams this way."""
    try:
        _place(clause, coords, rng)
    except _Failure as err:
        return err.reason
    return None


# ---------------------------------------------------------------------------
# Whole diagrams

def _attempt(problem: Problem, rng: np.random.Generator, check_goal: bool,
             deadline: float) -> Diagram:
    coords: dict[str, complex] = {}
    pinned = frozenset(name for c in problem.clauses for name, _, _ in c.fixed)
    for clause in problem.clauses:
        limits.check(deadline)
        _place(clause, coords, rng, pinned)
    diagram = Diagram(problem.points or tuple(coords), coords)
    for goal in problem.goals if check_goal else ():
        if not diagram.holds(goal):
            if pinned.issuperset(goal.args):
                raise _Failure(None, f"make the goal '{goal}' false", fixed=True)
            raise _Failure(None, f"the goal '{goal}' is false in the diagram")
    false = first_false(problem.conditions, coords) if check_goal else None
    if false is not None:
        raise _Failure(None, f"the side condition '{false}' is false in the diagram",
                       fixed=pinned.issuperset(false.args), drawn=diagram)
    return diagram


def build(problem: Problem, rng: np.random.Generator, *, attempts: int = 100,
          check_goal: bool = True, deadline: float = float("inf")) -> Diagram:
    """Random coordinates for every point of ``problem``; ProblemError if none can be found.

    Raises ``symgen.limits.TimeUp`` once ``time.perf_counter()`` passes ``deadline``."""
    failures: Counter[tuple[int, str]] = Counter()
    clauses = {c.position: c for c in problem.clauses}
    kept: Diagram | None = None        # the first drawing on which only a side condition fails
    for _ in range(attempts):
        limits.check(deadline)
        try:
            return _attempt(problem, rng, check_goal, deadline)
        except _Failure as err:
            kept = kept or err.drawn
            if err.drawn is not None and err.fixed:
                return err.drawn
            if err.fixed:
                raise _error(problem, clauses.get(err.key()[0]),
                             f"cannot be drawn because the fixed coordinates {err.reason}") from None
            failures[err.key()] += 1
    if kept is not None:
        return kept
    (position, reason), count = failures.most_common(1)[0]
    log.debug("cannot draw %s: %s", problem.name, dict(failures))
    raise _error(problem, clauses.get(position),
                 f"cannot draw: {reason} (in {count} of {attempts} attempts)")


def _error(problem: Problem, clause: Clause | None, reason: str) -> ProblemError:
    return ProblemError(reason, source=problem.source, problem=problem.name,
                        clause=clause.text or str(clause) if clause else None,
                        position=clause.position or None if clause else None)
