"""Re-verify one generated geometry record, by two paths that share nothing with the engine.

1. **Replay.**  The record's premises and aux constructions are parsed back from
   the problem language, the proof's steps are read back as facts, and the
   independent checker (``symgen.checker`` with ``check.context``) replays the
   proof on the record's stored coordinates: every premise line must be a
   premise of the problem, every rule line an instance of its rule, every
   theory line entailed by its cited lines.  The last line must be the goal.
2. **Fresh diagrams.**  The problem is drawn again from other seeds; on each
   drawing with the same configuration as the stored one (the same orientation
   of every triple of points: constructions with two solutions can flip it), or
   its mirror image unless a premise fixes an angle's sign (``s_angle``), every
   fact of the proof must hold numerically.

A record is untrusted input: its fields are checked for type and bounds (numbers
through ``parse.parse_number``, coordinates finite and within ``LIMITS.coordinate``)
before anything is built, and whatever is wrong with it is a failure, never an
exception.
"""
from __future__ import annotations

import math
from fractions import Fraction
from itertools import combinations

import numpy as np

from symgen.checker import ProofCheckError, check_proof
from symgen.errors import SymgenError
from symgen.limits import LIMITS
from symgen.proof import Proof, ProofStep

from . import numeric as nm
from .constructions import premises
from .diagram import build
from .parse import parse_number, parse_problem
from .predicates import PREDICATES, canonical
from .state import GeometryState
from .check import context

SEEDS_TRIED = 30


class _Unreadable(Exception):
    """A record field that is missing, of the wrong type or out of bounds."""


def _fact(text: str, index: dict[str, int]) -> tuple:
    if not text.split():
        raise _Unreadable("an empty fact")
    pred, *args = text.split()
    p = PREDICATES.get(pred)
    if p is None:
        raise _Unreadable(f"unknown predicate {pred!r} in {_shown(text)}")
    if len(args) != p.arity + p.numbers:
        raise _Unreadable(f"{pred} takes {p.arity} points and {p.numbers} numbers: {_shown(text)}")
    pts = tuple(_point(a, index) for a in args[:p.arity])
    nums = tuple(_number(a) for a in args[p.arity:])
    fact = canonical(pred, pts + nums)
    if fact is None:
        raise _Unreadable(f"degenerate fact {_shown(text)}")
    return fact


def _point(name: str, index: dict[str, int]) -> int:
    if name not in index:
        raise _Unreadable(f"point {_shown(name)} is not a point of the problem")
    return index[name]


def _number(text: str) -> Fraction:
    try:
        return parse_number(text)
    except ValueError as err:
        raise _Unreadable(str(err)) from None


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 80 else repr(text[:60] + "...") + f" ({len(text)} characters)"


def _typed(record: dict, key: str, kind: type, what: str):
    if key not in record:
        raise _Unreadable(f"no {key!r} field")
    value = record[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise _Unreadable(f"{key!r} is not {what}")
    return value


def _strings(record: dict, key: str) -> list[str]:
    items = _typed(record, key, list, "a list of strings")
    if not all(isinstance(t, str) for t in items):
        raise _Unreadable(f"{key!r} is not a list of strings")
    return items


def _steps(record: dict, index: dict[str, int]) -> list[ProofStep]:
    """The proof's lines as steps; a line's ``subst`` names points or numbers."""
    steps = []
    for n, s in enumerate(_typed(record, "proof", list, "a list of proof lines"), start=1):
        if not isinstance(s, dict):
            raise _Unreadable(f"proof line {n} is not an object")
        fact, rule = _typed(s, "fact", str, "a string"), _typed(s, "rule", str, "a string")
        cites, subst = s.get("cites", []), s.get("subst", [])
        if not isinstance(cites, list) or not all(type(c) is int for c in cites):
            raise _Unreadable(f"proof line {n}: 'cites' is not a list of line numbers")
        if not isinstance(subst, list) or not all(isinstance(v, str) for v in subst):
            raise _Unreadable(f"proof line {n}: 'subst' is not a list of strings")
        values = tuple(index[v] if v in index else _number(v) for v in subst)
        steps.append(ProofStep(n, _fact(fact, index), rule, tuple(cites), 0, values))
    return steps


def _unused_aux(problem, record: dict, steps: list[ProofStep], names: tuple[str, ...]) -> list[str]:
    """The record's aux clauses whose points no proof line mentions: an aux construction is
    claimed to be needed, so one the proof never uses (a clause appended) is a false claim,
    and so is one that places a point of the goal (a premise moved into ``aux``).  The aux
    clauses are the problem's last clauses."""
    count = sum(a.count(";") + 1 for a in _strings(record, "aux"))
    aux = problem.clauses[len(problem.clauses) - count:] if count else ()
    used = {names[i] for s in steps for i in s.fact[1:1 + PREDICATES[s.fact[0]].arity]}
    goal = set(problem.goal.args) if problem.goal is not None else set()
    return ([f"aux {c.text.strip()!r} is not used by the proof" for c in aux
             if not used & set(c.points)]
            + [f"aux {c.text.strip()!r} places a point of the goal (aux points are not in the "
               "statement)" for c in aux if goal & set(c.points)])


def _coordinates(record: dict, names: tuple[str, ...]) -> list[complex]:
    """The stored diagram's points (a list of ``{"point", "x", "y"}``): finite numbers within
    ``LIMITS.coordinate``."""
    diagram = _typed(record, "diagram", list, "a list of point coordinates")
    at = {p.get("point"): p for p in diagram if isinstance(p, dict)}
    xy = []
    for n in names:
        p = at.get(n, {})
        x, y = p.get("x"), p.get("y")
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                   and math.isfinite(v) and abs(v) <= LIMITS.coordinate for v in (x, y)):
            raise _Unreadable(f"the diagram has no finite coordinates x, y for point {n!r}")
        xy.append(complex(float(x), float(y)))
    return xy


def _orientations(xy: list[complex]) -> tuple[int, ...]:
    out = []
    for a, b, c in combinations(range(len(xy)), 3):
        cross = ((xy[b] - xy[a]).conjugate() * (xy[c] - xy[a])).imag
        scale = max(abs(xy[b] - xy[a]), abs(xy[c] - xy[a]), 1e-12) ** 2
        out.append(0 if abs(cross) <= 1e-7 * scale else (1 if cross > 0 else -1))
    return tuple(out)


def check_record(record: dict, *, fresh: int = 3) -> list[str]:
    """Failures of one record (empty: it checks).  Raises nothing for bad records: a record
    that cannot be read, whatever is wrong with it, is itself a failure."""
    try:
        if not isinstance(record, dict):
            raise _Unreadable("not a JSON object")
        return _check(record, fresh)
    except (_Unreadable, SymgenError) as err:
        return [f"unreadable record: {err}"]
    except Exception as err:    # noqa: BLE001 - a record the checker cannot read fails it
        return [f"unreadable record: {type(err).__name__}: {str(err)[:200]}"]


def _check(record: dict, fresh: int) -> list[str]:
    text = "; ".join([_typed(record, "premises", str, "a string"), *_strings(record, "aux")])
    goal_text = _typed(record, "goal", str, "a string")
    name = record.get("id") if isinstance(record.get("id"), str) else "record"
    problem = parse_problem(name[:100], f"{text} ? {goal_text}")
    names = problem.points
    index = {n: i for i, n in enumerate(names)}
    xy = _coordinates(record, names)
    state = GeometryState(names, xy)
    stated = premises(problem)
    prem = set()
    for stmt in stated:
        fact = canonical(stmt.pred, tuple(index[a] for a in stmt.args) + tuple(stmt.numbers))
        if fact is not None:
            prem.add(fact)
    steps = _steps(record, index)
    failures = []
    if not steps or steps[-1].fact != _fact(goal_text, index):
        failures.append("the proof does not end with the goal")
    try:
        check_proof(Proof(tuple(steps)), context(names, state.numeric, prem, xy))
    except ProofCheckError as err:
        failures.append(f"replay: {err}")
    failures += _unused_aux(problem, record, steps, names)
    goal = problem.goal
    if not nm.holds(goal.pred, [xy[index[a]] for a in goal.args], goal.numbers):
        failures.append("the goal is false on the stored diagram")
    target = _orientations(xy)
    # A mirror image keeps every fact but a constant angle (s_angle's), whose sign it flips.
    mirrors = () if any(s.pred == "aconst" for s in stated) else (tuple(-o for o in target),)
    matched = 0
    for seed in range(1, SEEDS_TRIED + 1):
        if matched >= fresh:
            break
        try:
            d = build(problem, np.random.default_rng(seed), attempts=5, check_goal=False)
        except SymgenError:
            continue
        other = [d.coords[n] for n in names]
        found = _orientations(other)
        if found != target and found not in mirrors:
            continue
        matched += 1
        st = GeometryState(names, other)
        for s in steps:
            if not st.numeric(s.fact[0], s.fact[1:]):
                failures.append(f"fresh diagram (seed {seed}): {s.fact[0]} "
                                f"{' '.join(names[i] for i in s.fact[1:1 + PREDICATES[s.fact[0]].arity])}"
                                " is false")
                break
    return failures
