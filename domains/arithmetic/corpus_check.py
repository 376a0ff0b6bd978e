"""Re-verifying arithmetic records and proof results by a second path.

``check_record`` treats a record as untrusted: a field of the wrong type or a
missing one is a failure, never an exception.  It reads the record's statement
back from its text, replays the proof in the independent checker (exact
certificates, lemma instances, residues, side conditions), checks what the record
claims about its proof -- ``aux`` lists exactly the lemma instances of the proof
that the engine does not know by itself (the squares of differences of two
variables), read back as instances, not compared as text -- and evaluates the goal
and every fact of the proof at ``POINTS`` random points that satisfy the
hypotheses (seeded from the record, so a check is reproducible).
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from symgen.algebra.poly import Poly
from symgen.errors import SymgenError

from .check import TEXT, UNREADABLE, ArithCheckError, Checker, _Fact
from .engine import fact_of
from .lemmas import LEMMAS, instance, read_instance
from .normal import normalise, symbols_of
from .numeric import feasible_points, holds
from .parse import parse_problem
from .problem import Problem
from . import radicals
from .cases import split
from .radicals import substitute
from .syntax import shown

POINTS = 1000
_FIELDS = {"premises": str, "goal": str, "proof": list, "aux": list}


def check_record(record: dict) -> list[str]:
    """What is wrong with one corpus record ([] if it checks)."""
    problem = _statement(record)
    if isinstance(problem, str):
        return [problem]
    steps = record["proof"]
    failures = _replay(problem, steps)
    if failures:
        return failures
    failures += _aux(problem, steps, record["aux"])
    seed, index = record.get("seed", 0), record.get("index", 0)
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in (seed, index)):
        return failures + ["seed and index must be non-negative integers"]
    rng = np.random.default_rng([seed, index, 7])
    return failures + [f for case, part in _parts(problem, steps) for f in _numeric(case, part, rng)]


def _statement(record: object) -> Problem | str:
    """The record's problem, or why it has none."""
    if not isinstance(record, dict):
        return "malformed record: not an object"
    for field, kind in _FIELDS.items():
        if not isinstance(record.get(field), kind):
            return f"malformed record: {field!r} missing or not a {kind.__name__}"
    if not all(isinstance(a, str) for a in record["aux"]):
        return "malformed record: 'aux' is not a list of strings"
    name = record.get("id") if isinstance(record.get("id"), str) else "?"
    try:
        return parse_problem(name[:100], f"{record['premises']} ? {record['goal']}")
    except SymgenError as err:
        return f"statement does not parse: {err}"


def _replay(problem, steps) -> list[str]:
    try:
        Checker(problem).check(steps)
    except ArithCheckError as err:
        return [f"proof does not replay: {err}"]
    return []


def _aux(problem: Problem, steps: list[dict], aux: list[str]) -> list[str]:
    """Does ``aux`` list exactly the proof's lemma instances the engine does not know?"""
    names, n = substitute(problem)[0].variables, len(substitute(problem)[0].variables)
    known = {fact_of("ge", instance("square", [Poly.var(i, n) - Poly.var(j, n)]))
             for i in range(n) for j in range(i + 1, n)}
    used: Counter = Counter()
    for step in steps:
        if step["rule"] in LEMMAS:
            inst = read_instance(f"{step['rule']}({', '.join(step.get('args', []))})", names, TEXT)
            if fact_of("ge", instance(*inst)) not in known:
                used[_key(inst)] += 1
    listed: Counter = Counter()
    for text in aux:
        try:
            listed[_key(read_instance(text, names, TEXT))] += 1
        except UNREADABLE as err:
            return [f"aux {shown(text)} does not read: {err}"]
    if listed == used:
        return []
    missing, extra = used - listed, listed - used
    parts = ([f"does not list {_show(k, names)}" for k in missing]
             + [f"lists {_show(k, names)}, which the proof does not use" for k in extra])
    return ["aux is not the proof's auxiliary lemma instances: " + "; ".join(parts)]


def _key(inst: tuple[str, tuple[Poly, ...]]) -> tuple:
    name, args = inst
    return name, tuple(a.key() for a in args)


def _show(key: tuple, names) -> str:
    name, args = key
    return f"{name}({', '.join(Poly(dict(a), len(names)).text(names) for a in args)})"


def _numeric(problem, steps, rng) -> list[str]:
    """The goal and every polynomial fact at random feasible points; a statement's roots
    (``radicals.py``) are set to their real values there."""
    original = problem
    problem, roots = substitute(problem)
    syms = symbols_of(problem)
    hyps = []
    for h in problem.hypotheses:
        try:
            hyps.append(normalise(h, syms))
        except Exception:          # noqa: BLE001 - a hypothesis the engine cannot use
            continue
    root_vars = set(range(len(original.variables), len(problem.variables)))
    later = [h for h in hyps if h.poly.variables() & root_vars]
    pts = feasible_points(problem.domains, [h for h in hyps if h not in later], rng, POINTS)
    if roots:
        pts = radicals.points(pts[:, :len(original.variables)], roots, original.variables)
        ok = np.all(np.isfinite(pts), axis=1)
        for h in later:
            ok &= holds(h.kind, h.poly, pts, h.dens, h.modulus)
        pts = pts[ok]
    if len(pts) < POINTS // 10:
        return []                  # hypotheses too rare to sample: the exact replay stands
    failures = []
    goal = normalise(problem.goal, syms)
    if not np.all(holds(goal.kind, goal.poly, pts, goal.dens, goal.modulus)):
        failures.append(f"goal {problem.goal.text()} fails at a feasible point")
    for number, step in enumerate(steps, start=1):
        fact = _Fact(step["fact"], problem.variables, syms)
        if fact.poly is None:
            continue
        if not np.all(holds(fact.kind, fact.poly, pts, (), fact.modulus)):
            failures.append(f"line ({number}) {shown(fact.text)} fails at a feasible point")
    return failures


def _parts(problem: Problem, steps: list[dict]) -> list[tuple[Problem, list[dict]]]:
    """(problem, proof) of each case of a case split (``cases.py``), or the one proof."""
    leaves = split(problem)
    if not leaves:
        return [(problem, steps)]
    return [(case.problem, line["proof"]) for case, line in zip(leaves, steps)]


def replay_result(result) -> str | None:
    """Why the checker rejects a solved result's proof (None: it replays)."""
    from .record import result_steps
    failures = _replay(result.problem, result_steps(result))
    return failures[0] if failures else None


def check_result(result) -> str | None:
    if not result.solved:
        return None
    from .record import result_steps
    steps = result_steps(result)
    failures = _replay(result.problem, steps)
    if not failures:
        failures = [f for case, part in _parts(result.problem, steps)
                    for f in _numeric(case, part, np.random.default_rng(0))]
    return failures[0] if failures else None
