"""Generating code theorems: facts that hold after a random loop program, with proofs.

``item(seed, index, config)`` is a pure function of its arguments.  It draws a
program (``sampler``), runs it on random inputs to see which simple facts hold
at its end -- a variable's bound, a constant difference or a fixed order of two
variables, a fitted linear equality -- and states each as an ``assert``
appended to the program.  The engine then tries to prove it alone; if it
cannot, the heuristic proposer supplies loop invariants, and the conjuncts the
minimal proof uses beyond the engine's own facts are the record's ``aux``.
Every proof is replayed by ``check`` and every record is re-checked by running
the program (``corpus_check``) before it is written.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from symgen.dataset import dedup_key

from . import interp
from .heuristic import HeuristicProposer
from .printer import cond_text, program_text
from .problem import Assert, Block, Cmp, Const, Program, Var, Bin
from .prover import prove
from .record import proof_lines
from .sampler import SamplerConfig, sample
from .tokens import OWN_KEYWORDS

DOMAIN = "code"


@dataclass(frozen=True)
class CodeConfig:
    min_proof_steps: int = 1
    aux_only: bool = False
    goals_per_program: int = 2
    runs: int = 200
    # No time limit: verification, Houdini and minimisation end by themselves (finite
    # candidates, at most MAX_STATES paths), so a record never depends on the machine's speed.
    seconds: float = float("inf")


@dataclass
class ItemStats:
    candidates: int = 0
    check_failures: int = 0
    rejected: Counter = field(default_factory=Counter)


def final_states(program: Program, rng: np.random.Generator, runs: int) -> list[dict]:
    compiled = interp.compile_program(program)
    out = []
    for _ in range(runs):
        inputs = interp.random_inputs(program, rng)
        run = compiled.run(inputs, interp.choices_from(rng, float(rng.uniform(0.1, 0.9))),
                           max_steps=2000, record=False)
        if run.outcome == "ok":
            out.append(dict(run.state))
    return out


def goal_candidates(program: Program, states: list[dict], rng) -> list:
    """Conditions true in every observed final state, in a random order."""
    if len(states) < 10:
        return []
    names = [v for v in program.variables if len({s[v] for s in states}) > 0]
    goals = []
    for a, b in combinations(names, 2):
        diff = {s[a] - s[b] for s in states}
        if len(diff) == 1:
            c = diff.pop()
            rhs = Var(b) if c == 0 else Bin("+" if c > 0 else "-", Var(b), Const(abs(c)))
            goals.append(Cmp("==", Var(a), rhs))
        elif min(diff) >= 0:
            goals.append(Cmp(">=", Var(a), Var(b)))
        elif max(diff) <= 0:
            goals.append(Cmp("<=", Var(a), Var(b)))
    for a in names:
        values = {s[a] for s in states}
        if len(values) > 1:
            goals.append(Cmp(">=", Var(a), Const(min(values))))
    order = rng.permutation(len(goals))
    return [goals[i] for i in order]


def _with_assert(program: Program, goal) -> Program:
    return Program(program.name, program.variables, program.inputs,
                   Block(program.body.stmts + (Assert(goal),)), program.source)


def item(seed: int, index: int, config: CodeConfig = CodeConfig()) -> tuple[list[dict], dict]:
    rng = np.random.default_rng([seed, index])
    program = sample(rng, SamplerConfig(), name=f"p{seed}_{index}")
    stats = ItemStats()
    records = []
    tries = 0
    for goal in goal_candidates(program, final_states(program, rng, config.runs), rng):
        if len(records) >= config.goals_per_program or tries >= 3 * config.goals_per_program:
            break
        tries += 1
        stats.candidates += 1
        rec = _theorem(_with_assert(program, goal), goal, config, stats, seed, index, len(records))
        if rec is not None:
            records.append(rec)
    return records, {"candidates": stats.candidates, "check_failures": stats.check_failures,
                     "rejected": dict(stats.rejected)}


def _theorem(program: Program, goal, config: CodeConfig, stats: ItemStats, seed: int,
             index: int, k: int) -> dict | None:
    result = prove(program, seconds=config.seconds, proposer=HeuristicProposer())
    if not result.solved:
        stats.rejected["not proved"] += 1
        return None
    if config.aux_only and not result.constructs:
        stats.rejected["no aux"] += 1
        return None
    v = result.verification
    record = {"id": f"{DOMAIN}-{seed}-{index}-{k}", "domain": DOMAIN, "seed": seed,
              "index": index, "program": program_text(program),
              "premises": program_text(Program(program.name, program.variables, program.inputs,
                                                Block(program.body.stmts[:-1]))),
              "goal": cond_text(goal), "aux": list(result.constructs), "mode": v.mode,
              "invariant": [{"loop": k, "formula": " && ".join(c.text(v.space.names) for c in inv)}
                            for k, inv in sorted(v.invariants.items())],
              "proof": proof_lines(v)}
    from .corpus_check import check_record
    failures = check_record(record)
    if failures:
        stats.check_failures += 1
        stats.rejected["check failed"] += 1
        return None
    rules = sorted({line["rule"] for line in record["proof"]})
    record["stats"] = {"goal_kind": _kind(goal), "proof_steps": len(record["proof"]),
                       "depth": len(record["proof"]), "aux_count": len(result.constructs),
                       "rounds": 1, "facts": len(record["proof"]), "rules": rules}
    record["dedup_key"] = dedup_key(canonical_program(record["program"]))
    return record


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def canonical_program(text: str) -> str:
    """A printed program without its name line and with its variables renamed ``v0, v1, ...``
    in order of first appearance: two programs that differ only in names read the same."""
    names: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        word = m.group(0)
        return word if word in OWN_KEYWORDS else names.setdefault(word, f"v{len(names)}")
    return _NAME.sub(rename, text.split("\n", 1)[1] if "\n" in text else "")


def _kind(goal) -> str:
    return {"==": "equality", ">=": "bound", "<=": "bound"}.get(goal.op, "other")
