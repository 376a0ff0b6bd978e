"""Re-verifying code records and proof results by two more paths.

``check_record`` first checks the record's fields and what it claims: the goal
is the program's one assertion (its last statement), the premises are the
program without it, and the aux are exactly the invariant's conjuncts that the
engine does not find by itself (``prover.aux_conjuncts``).  It reads the
program back from its text (within the parser's bounds) and the invariant from
its conjuncts, re-derives the Hoare-style proof in the recorded mode, replays
it in the independent checker (``check``: paths rebuilt separately, every
Farkas certificate re-expanded exactly) and compares it with the record's
lines.  Then it *runs* the program: ``RUNS`` executions on random inputs and
nondeterministic choices must never violate the assertion, and every
invariant conjunct must hold at every loop-head visit it covers.  A fact that
fails an execution is a bug, and the record fails.
"""
from __future__ import annotations

import math

import numpy as np

from symgen.errors import SymgenError

from . import interp
from .check import ProofError, check
from .hoare import MODES, parse_invariant, verify
from .invariants import observe
from .parse import parse_condition, parse_program
from .printer import cond_text, program_text
from .problem import Assert, Block, Program
from .prover import aux_conjuncts
from .record import proof_lines
from .shape import asserts, loops, program_space

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


FIELDS = {"program": str, "premises": str, "goal": str, "aux": list, "mode": str, "invariant": list,
          "proof": list}
OPTIONAL = {"id": str, "index": int}


def check_record(record: dict) -> list[str]:
    """Why ``record`` is wrong (empty: it checks): its fields, its claims (the goal is the
    program's assertion, the premises the program without it, the aux exactly the invariant's
    conjuncts the engine does not find by itself), its proof, and executions."""
    failures = _shape(record)
    if failures:
        return failures
    try:
        program = parse_program(record["program"], None, record.get("id", "record"))
        inv = {_loop(e["loop"], program): parse_invariant(program, e["formula"]) if e["formula"]
               else [] for e in record["invariant"]}
        goal = parse_condition(record["goal"], program.variables, name="goal")
        failures = _claims(record, program, goal)
    except (ValueError, SymgenError) as err:
        return [f"malformed record: {err}"]
    if failures:
        return failures
    v = verify(program, inv, None, record["mode"])
    if not v.proved:
        return ["the recorded invariant does not prove the assertion"]
    try:
        check(v)
    except ProofError as err:
        return [f"proof does not replay: {err}"]
    if proof_lines(v) != record["proof"]:
        return ["the record's proof lines differ from the re-derived proof"]
    failures = _aux(record, v)
    return failures or executions_agree(program, v, record.get("index", 0))


def _shape(record: object) -> list[str]:
    """Missing fields and fields of the wrong type."""
    if not isinstance(record, dict):
        return [f"malformed record: a {type(record).__name__}, not an object"]
    out = [f"malformed record: no field {name!r}" for name in FIELDS if name not in record]
    for name, kind in (FIELDS | OPTIONAL).items():
        value = record.get(name, kind())
        if not isinstance(value, kind) or isinstance(value, bool):
            out.append(f"malformed record: field {name!r} is a {type(value).__name__}, not a {kind.__name__}")
    if out:
        return out
    if record["mode"] not in MODES:
        out.append(f"malformed record: mode {record['mode'][:40]!r} is not one of {', '.join(MODES)}")
    if record.get("index", 0) < 0:
        out.append("malformed record: a negative index")
    if not all(isinstance(a, str) for a in record["aux"]):
        out.append("malformed record: aux holds something other than text")
    if not all(isinstance(e, dict) and set(e) == {"loop", "formula"} and _is_int(e["loop"])
               and isinstance(e["formula"], str) for e in record["invariant"]):
        out.append("malformed record: the invariant is a list of {loop: NUMBER, formula: TEXT}")
    elif len({e["loop"] for e in record["invariant"]}) != len(record["invariant"]):
        out.append("malformed record: the invariant names a loop twice")
    return out


def _is_int(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _loop(key: int, program) -> int:
    count = len(loops(program))
    if not 0 <= key < count:
        raise ValueError(f"the invariant names loop {key}; the program's loops are 0..{count - 1}")
    return key


def _claims(record: dict, program, goal) -> list[str]:
    """The goal must be the program's one assertion, its last statement, and the premises
    the program without it."""
    stmts = program.body.stmts
    if len(asserts(program)) != 1 or not isinstance(stmts[-1], Assert):
        return ["the program must end in its one assertion, the record's goal"]
    if stmts[-1].cond != goal:
        return [f"the goal {record['goal'][:80]!r} is not the program's assertion "
                f"{cond_text(stmts[-1].cond)[:80]!r}"]
    premises = Program(program.name, program.variables, program.inputs, Block(stmts[:-1]))
    if record["premises"] != program_text(premises):
        return ["the premises are not the program without its assertion"]
    return []


def _aux(record: dict, v) -> list[str]:
    """The aux must be exactly the invariant's conjuncts the engine does not find by itself."""
    expected = aux_conjuncts(v.program, v, math.inf)
    if record["aux"] == expected:
        return []
    names = v.space.names
    conjuncts = {f"L{k}: {c.text(names)}" for k, inv in v.invariants.items() for c in inv}
    out = []
    for a in record["aux"]:
        if a not in conjuncts:
            out.append(f"aux {a[:80]!r} is not a conjunct of the recorded invariant")
        elif a not in expected:
            out.append(f"aux {a[:80]!r} is a conjunct the engine finds by itself")
    out += [f"aux omits {a!r}, which the engine does not find by itself" for a in expected
            if a not in record["aux"]]
    return out or ["aux lists the auxiliary conjuncts out of order or more than once"]


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
