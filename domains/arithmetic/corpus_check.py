"""Re-verifying arithmetic records and proof results by a second path.

``check_record`` reads a record's statement back from its text, replays the
proof in the independent checker (exact certificates, lemma instances,
residues), and evaluates the goal and every fact of the proof at
``POINTS`` random points that satisfy the hypotheses (seeded from the
record, so a check is reproducible).  ``aux`` must list exactly the lemma
instances of the proof that the engine does not know by itself.
"""
from __future__ import annotations

import numpy as np


from symgen.errors import SymgenError

from .checker import ArithCheckError, Checker, _Fact
from .normal import normalise, symbols_of
from .numeric import feasible_points, holds
from .parse import parse_problem

POINTS = 1000


def check_record(record: dict) -> list[str]:
    try:
        problem = parse_problem(record.get("id", "?"), f"{record['premises']} ? {record['goal']}")
        steps = record["proof"]
    except (KeyError, TypeError) as err:
        return [f"malformed record: missing {err}"]
    except SymgenError as err:
        return [f"statement does not parse: {err}"]
    failures = _replay(problem, steps)
    if failures:
        return failures
    rng = np.random.default_rng([int(record.get("seed", 0)), int(record.get("index", 0)), 7])
    failures += _numeric(problem, steps, rng)
    lemma_lines = [s for s in steps if "args" in s]
    listed = {a.split("(", 1)[0] for a in record.get("aux", [])}
    if any(name not in {s["rule"] for s in lemma_lines} for name in listed):
        failures.append("aux names a lemma the proof does not use")
    return failures


def _replay(problem, steps) -> list[str]:
    try:
        Checker(problem).check(steps)
    except ArithCheckError as err:
        return [f"proof does not replay: {err}"]
    return []


def _numeric(problem, steps, rng) -> list[str]:
    syms = symbols_of(problem)
    hyps = []
    for h in problem.hypotheses:
        try:
            hyps.append(normalise(h, syms))
        except Exception:          # noqa: BLE001 - a hypothesis the engine cannot use
            continue
    pts = feasible_points(problem.domains, hyps, rng, POINTS)
    if len(pts) < POINTS // 10:
        return []                  # hypotheses too rare to sample: the exact replay stands
    failures = []
    goal = normalise(problem.goal, syms)
    if not np.all(holds(goal.kind, goal.poly, pts, goal.dens, goal.modulus)):
        failures.append(f"goal {problem.goal.text()} fails at a feasible point")
    for number, step in enumerate(steps, start=1):
        fact = _Fact(step["fact"], syms)
        if fact.poly is None:
            continue
        if not np.all(holds(fact.kind, fact.poly, pts, (), fact.modulus)):
            failures.append(f"line ({number}) {fact.text} fails at a feasible point")
    return failures


def replay_result(result) -> str | None:
    """Why the checker rejects a solved result's proof (None: it replays)."""
    from .record import proof_steps
    failures = _replay(result.problem, proof_steps(result.proof, result.engine.state))
    return failures[0] if failures else None


def check_result(result) -> str | None:
    if not result.solved:
        return None
    from .record import proof_steps
    steps = proof_steps(result.proof, result.engine.state)
    failures = _replay(result.problem, steps)
    if not failures:
        failures = _numeric(result.problem, steps, np.random.default_rng(0))
    return failures[0] if failures else None
