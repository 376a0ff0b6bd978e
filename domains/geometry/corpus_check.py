"""Re-verify one generated geometry record, by two paths that share nothing with the engine.

1. **Replay.**  The record's premises and aux constructions are parsed back from
   the problem language, the proof's steps are read back as facts, and the
   independent checker (``symgen.checker`` with ``verify.context``) replays the
   proof on the record's stored coordinates: every premise line must be a
   premise of the problem, every rule line an instance of its rule, every
   theory line entailed by its cited lines.  The last line must be the goal.
2. **Fresh diagrams.**  The problem is drawn again from other seeds; on each
   drawing with the same configuration as the stored one (the same orientation
   of every triple of points: constructions with two solutions can flip it), or
   its mirror image unless a premise fixes an angle's sign (``s_angle``), every
   fact of the proof must hold numerically.
"""
from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import numpy as np

from symgen.checker import ProofCheckError, check_proof
from symgen.errors import SymgenError
from symgen.proof import Proof, ProofStep

from . import numeric as nm
from .constructions import premises
from .diagram import build
from .parse import parse_problem
from .predicates import PREDICATES, canonical
from .state import GeometryState
from .verify import context

SEEDS_TRIED = 30


def _fact(text: str, index: dict[str, int]) -> tuple:
    pred, *args = text.split()
    p = PREDICATES.get(pred)
    if p is None:
        raise SymgenError(f"unknown predicate {pred!r} in {text!r}")
    pts = tuple(index[a] for a in args[:p.arity])
    nums = tuple(Fraction(a) for a in args[p.arity:])
    fact = canonical(pred, pts + nums)
    if fact is None:
        raise SymgenError(f"degenerate fact {text!r}")
    return fact


def _orientations(xy: list[complex]) -> tuple[int, ...]:
    out = []
    for a, b, c in combinations(range(len(xy)), 3):
        cross = ((xy[b] - xy[a]).conjugate() * (xy[c] - xy[a])).imag
        scale = max(abs(xy[b] - xy[a]), abs(xy[c] - xy[a]), 1e-12) ** 2
        out.append(0 if abs(cross) <= 1e-7 * scale else (1 if cross > 0 else -1))
    return tuple(out)


def check_record(record: dict, *, fresh: int = 3) -> list[str]:
    """Failures of one record (empty: it checks).  Raises nothing for bad records: a record
    that cannot be read is itself a failure."""
    try:
        return _check(record, fresh)
    except (SymgenError, KeyError, ValueError, TypeError) as err:
        return [f"unreadable record: {type(err).__name__}: {err}"]


def _check(record: dict, fresh: int) -> list[str]:
    text = "; ".join([record["premises"], *record["aux"]])
    problem = parse_problem(record["id"], f"{text} ? {record['goal']}")
    names = problem.points
    index = {n: i for i, n in enumerate(names)}
    xy = [complex(*record["diagram"][n]) for n in names]
    state = GeometryState(names, xy)
    stated = premises(problem)
    prem = set()
    for stmt in stated:
        fact = canonical(stmt.pred, tuple(index[a] for a in stmt.args) + tuple(stmt.numbers))
        if fact is not None:
            prem.add(fact)
    steps = []
    for n, s in enumerate(record["proof"], start=1):
        subst = tuple(index[v] if v in index else Fraction(v) for v in s.get("subst", ()))
        steps.append(ProofStep(n, _fact(s["fact"], index), s["rule"], tuple(s.get("cites", ())),
                               0, subst))
    failures = []
    if not steps or steps[-1].fact != _fact(record["goal"], index):
        failures.append("the proof does not end with the goal")
    try:
        check_proof(Proof(tuple(steps)), context(names, state.numeric, prem, xy))
    except ProofCheckError as err:
        failures.append(f"replay: {err}")
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
