"""Re-verifying code records and proof results by two more paths.

``check_record`` reads the program back from its text and the invariant from
its conjuncts, re-derives the Hoare-style proof in the recorded mode, replays
it in the independent checker (``vcheck``: paths rebuilt separately, every
Farkas certificate re-expanded exactly) and compares it with the record's
lines.  Then it *runs* the program: ``RUNS`` executions on random inputs and
nondeterministic choices must never violate the assertion, and every
invariant conjunct must hold at every loop-head visit it covers.  A fact that
fails an execution is a bug, and the record fails.
"""
from __future__ import annotations

import numpy as np

from symgen.errors import SymgenError

from . import interp
from .invariants import observe
from .parse import parse_program
from .record import proof_lines
from .vcheck import ProofError, check
from .verify import parse_invariant, program_space, verify

RUNS = 1000


def executions_agree(program, v, seed: int = 0, runs: int = RUNS) -> list[str]:
    """Failures seen by running ``program``: a violated assertion, or an invariant
    conjunct false at a loop-head visit of the verification's mode."""
    failures = []
    rng = np.random.default_rng(seed)
    compiled = interp.compile_program(program)
    for _ in range(runs):
        run = compiled.run(interp.random_inputs(program, rng),
                           interp.choices_from(rng, float(rng.uniform(0.05, 0.95))),
                           max_steps=2000, record=False)
        if run.outcome == "violated":
            return [f"an execution violates the assertion (inputs {run.inputs})"]
    size = program_space(program).size
    for k, rows in observe(program, v.mode, seed, runs=min(runs, 300)).items():
        for c in v.invariants.get(k, ()):
            for row in rows:
                point = list(row) + [0] * (size - len(row))
                if not c.holds(point):
                    failures.append(f"invariant L{k} {c.text(v.space.names)} fails at {list(row)}")
                    break
    return failures


def check_record(record: dict) -> list[str]:
    try:
        program = parse_program(record["program"], None, record.get("id", "record"))
        inv = {int(k): parse_invariant(program, text) if text else []
               for k, text in record.get("invariant", {}).items()}
        mode = record["mode"]
    except (KeyError, TypeError, ValueError, SymgenError) as err:
        return [f"malformed record: {err}"]
    v = verify(program, inv, None, mode)
    if not v.proved:
        return ["the recorded invariant does not prove the assertion"]
    try:
        check(v)
    except ProofError as err:
        return [f"proof does not replay: {err}"]
    if proof_lines(v) != record.get("proof"):
        return ["the record's proof lines differ from the re-derived proof"]
    return executions_agree(program, v, int(record.get("index", 0)))


def replay_result(result) -> str | None:
    """Why the independent checker rejects a solved result's proof (None: it replays)."""
    try:
        check(result.verification)
    except ProofError as err:
        return f"proof does not replay: {err}"
    return None


def check_result(result) -> str | None:
    if not result.solved:
        return None
    try:
        check(result.verification)
    except ProofError as err:
        return f"proof does not replay: {err}"
    failures = executions_agree(result.problem, result.verification)
    return failures[0] if failures else None
