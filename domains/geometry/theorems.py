"""From one sampled diagram to theorems: goals, minimal proofs, auxiliary constructions.

``item(seed, index, config)`` is the geometry domain's unit of generation and a
pure function of its arguments: it samples premises with the generator seeded
by ``(seed, index)``, saturates them, and turns derived facts into records.

* **Candidate goals** are the facts the rules derived plus facts the theories
  imply (parallel and perpendicular lines, equal segments, equal angles and
  ratios, collinear and concyclic points), at most ``max_per_predicate`` of
  each predicate per diagram, chosen by the item's generator.
* **Proof and premises.**  Traceback gives the goal's minimal proof.  The goal's
  statement needs the clauses that introduce its points and, transitively,
  their inputs; the proof may use more clauses (the premises it cites and
  what they depend on).  Those extra clauses are the *auxiliary constructions*.
* **Aux re-check.**  A goal whose proof uses auxiliary clauses is saturated
  again from its statement clauses alone (on the same coordinates); if it
  still follows, the aux-free proof is kept instead.  So a record's ``aux`` is
  non-empty only when the engine cannot prove the goal without it.
* **Filters.**  Goals that restate a premise and proofs with fewer than
  ``min_proof_steps`` derived steps are dropped.
* **Names.**  Points are renamed a, b, c, ... in order of introduction
  (statement points first, then aux points), so records are invariant to the
  sampler's naming; ``dedup_key`` hashes the renamed statement and goal.
* **Verified.**  Every proof is replayed in the independent checker before it is
  written; a proof that does not replay is dropped and counted (it would be a bug).
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from symgen.checker import ProofCheckError, check_proof
from symgen.facts import PREMISE, Justification
from symgen.proof import Proof, traceback
from symgen.saturate import Limits, saturate

from . import compiled_rules
from .constructions import CONSTRUCTIONS, premises
from .parse import parse_problem
from .predicates import PREDICATES, canonical, statement_text
from .problem import Problem
from .sampler import NAMES, SamplerConfig, sample
from .state import GeometryState
from .verify import context

log = logging.getLogger(__name__)

GOAL_PREDICATES = ("coll", "cyclic", "para", "perp", "cong", "eqangle", "eqratio", "midp",
                   "simtri", "simtri2", "contri", "contri2", "aconst", "rconst", "circle")
DOMAIN = "geometry"


@dataclass(frozen=True)
class GenerateConfig:
    sampler: SamplerConfig = field(default_factory=SamplerConfig)
    min_proof_steps: int = 3
    aux_only: bool = False
    max_per_predicate: int = 40
    rounds: int = 30                       # saturation limits: deterministic ones first
    max_facts: int = 20_000
    seconds: float = 30.0                  # a safety net only; logged when hit


@dataclass
class ItemStats:
    candidates: int = 0
    rejected: dict = field(default_factory=dict)
    check_failures: int = 0

    def reject(self, why: str) -> None:
        self.rejected[why] = self.rejected.get(why, 0) + 1


# ---------------------------------------------------------------------------
# Clauses, points and their dependencies

def _clause_inputs(problem: Problem) -> list[set[str]]:
    out = []
    for clause in problem.clauses:
        ins = set()
        for call in clause.calls:
            defn = CONSTRUCTIONS[call.name]
            names = defn.binding(call)
            ins |= {names[p] for p in defn.params if p not in defn.outputs}
        out.append(ins - set(clause.points))
    return out


class _Deps:
    """Which clause introduces each point, and the clauses a set of points needs."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.clause_of = {p: i for i, c in enumerate(problem.clauses) for p in c.points}
        self.inputs = _clause_inputs(problem)

    def closure(self, points) -> frozenset[int]:
        todo = [self.clause_of[p] for p in points]
        seen: set[int] = set()
        while todo:
            i = todo.pop()
            if i not in seen:
                seen.add(i)
                todo += [self.clause_of[p] for p in self.inputs[i]]
        return frozenset(seen)


def _premise_sources(problem: Problem, index: dict[str, int]) -> dict[tuple, int]:
    """Canonical premise fact -> the first clause that asserts it."""
    out: dict[tuple, int] = {}
    for i, clause in enumerate(problem.clauses):
        sub = Problem(problem.name, (clause,), None, problem.source, clause.points)
        for stmt in premises(sub):
            fact = canonical(stmt.pred, tuple(index[a] for a in stmt.args) + tuple(stmt.numbers))
            if fact is not None:
                out.setdefault(fact, i)
    return out


def _fact_points(fact: tuple) -> set[int]:
    arity = PREDICATES[fact[0]].arity
    return set(fact[1:1 + arity])


# ---------------------------------------------------------------------------
# Saturation of a (sub)problem on fixed coordinates

def _saturated(problem: Problem, coords: dict[str, complex], config: GenerateConfig
               ) -> tuple[GeometryState, dict[str, int], object]:
    names = problem.points
    index = {n: i for i, n in enumerate(names)}
    state = GeometryState(names, [coords[n] for n in names])
    why = Justification(PREMISE)
    for stmt in premises(problem):
        fact = canonical(stmt.pred, tuple(index[a] for a in stmt.args) + tuple(stmt.numbers))
        if fact is not None:
            state.add(fact, why)
    report = saturate(state, compiled_rules(), limits=Limits(
        seconds=config.seconds, facts=config.max_facts, rounds=config.rounds))
    if report.stop.value == "time limit":
        log.warning("%s: saturation hit the %.0fs safety limit; output may depend on speed",
                    problem.name, config.seconds)
    return state, index, report


def _candidates(state: GeometryState, rng: np.random.Generator, cap: int) -> list[tuple]:
    """Derived and theory-implied facts, at most ``cap`` per predicate."""
    found: dict[str, set[tuple]] = {p: set() for p in GOAL_PREDICATES}
    for _, fact, why in state.table.items():
        if not why.is_premise and fact[0] in found:
            found[fact[0]].add(fact)
    for pred in ("coll", "cyclic", "para", "perp", "cong", "eqangle", "eqratio"):
        rel = state.relations[pred]
        arity = PREDICATES[pred].arity
        limit = 20 * cap
        for args in islice(rel.scan((None,) * arity, tuple(range(arity)), False), limit):
            fact = canonical(pred, tuple(args))
            if fact is not None:
                found[pred].add(fact)
    out = []
    for pred in GOAL_PREDICATES:
        facts = sorted(found[pred])
        if len(facts) > cap:
            facts = [facts[i] for i in sorted(rng.choice(len(facts), cap, replace=False))]
        out += facts
    return out


# ---------------------------------------------------------------------------
# Records

def _rename(problem: Problem, keep: list[int], aux: list[int]) -> dict[str, str]:
    order = [p for i in keep + aux for p in problem.clauses[i].points]
    return {p: NAMES[k] if k < len(NAMES) else f"p{k}" for k, p in enumerate(order)}


def _clause_text(problem: Problem, i: int, names: dict[str, str]) -> str:
    clause = problem.clauses[i]
    lhs = " ".join(names[p] for p in clause.points)
    calls = []
    for call in clause.calls:
        calls.append(" ".join([call.name, *(names.get(a, a) for a in call.args),
                               *(str(n) for n in call.numbers)]))
    return f"{lhs} = " + ", ".join(calls)


def _fact_text(fact: tuple, state_names: tuple[str, ...], names: dict[str, str]) -> str:
    renamed = canonical(fact[0], tuple(_rename_arg(a, fact[0], k, state_names, names)
                                       for k, a in enumerate(fact[1:])))
    return statement_text(renamed, tuple(NAMES) + tuple(f"p{k}" for k in range(len(NAMES), 64)))


def _rename_arg(a, pred: str, k: int, state_names, names):
    if k < PREDICATES[pred].arity:
        return _index_of(names[state_names[a]])
    return a


def _index_of(name: str) -> int:
    return NAMES.index(name) if len(name) == 1 else int(name[1:])


def _record(seed: int, index: int, k: int, problem: Problem, state: GeometryState,
            proof: Proof, keep: list[int], aux: list[int], report) -> dict:
    names = _rename(problem, keep, aux)
    sn = state.names
    statement = "; ".join(_clause_text(problem, i, names) for i in keep)
    goal = _fact_text(proof.goal.fact, sn, names)
    key = hashlib.sha256(f"{statement} ? {goal}".encode()).hexdigest()[:32]
    steps = []
    for s in proof.steps:
        step = {"fact": _fact_text(s.fact, sn, names), "rule": s.rule}
        if s.cites:
            step["cites"] = list(s.cites)
        if s.subst:
            step["subst"] = [names[sn[v]] if isinstance(v, int) else str(v) for v in s.subst]
        steps.append(step)
    used = sorted({names[p] for i in keep + aux for p in problem.clauses[i].points},
                  key=_index_of)
    inverse = {v: k for k, v in names.items()}
    xy = {n: [round(state.xy[sn.index(inverse[n])].real, 9),
              round(state.xy[sn.index(inverse[n])].imag, 9)] for n in used}
    return {
        "id": f"geometry-{seed}-{index}-{k}",
        "domain": DOMAIN,
        "seed": seed,
        "index": index,
        "premises": statement,
        "goal": goal,
        "aux": [_clause_text(problem, i, names) for i in aux],
        "proof": steps,
        "diagram": xy,
        "stats": {"proof_steps": len(proof.derived), "depth": proof.depth(),
                  "aux_count": len(aux), "rounds": report.rounds, "facts": report.facts,
                  "rules": sorted({s.rule for s in proof.derived})},
        "dedup_key": key,
    }


def _verified(proof: Proof, state: GeometryState, stats: ItemStats) -> bool:
    prem = [f for _, f, why in state.table.items() if why.is_premise]
    try:
        check_proof(proof, context(state.names, state.numeric, prem, state.xy))
    except ProofCheckError as err:
        log.error("generated proof does not replay: %s", err)
        stats.check_failures += 1
        return False
    return True


def item(seed: int, index: int, config: GenerateConfig = GenerateConfig()) -> tuple[list[dict], ItemStats]:
    """The theorems of item ``index`` of a run with ``seed`` (a pure function of its arguments)."""
    rng = np.random.default_rng([seed, index])
    stats = ItemStats()
    problem, diagram = sample(rng, config.sampler, name=f"{seed}-{index}")
    state, pindex, report = _saturated(problem, diagram.coords, config)
    deps = _Deps(problem)
    sources = _premise_sources(problem, pindex)
    sn = state.names
    records: list[dict] = []
    sub_states: dict[frozenset, tuple] = {}
    seen: set[str] = set()
    for fact in _candidates(state, rng, config.max_per_predicate):
        stats.candidates += 1
        fid = state.fact_id(fact)
        if fid is None:
            stats.reject("refuted")
            continue
        if state.table.why[fid].is_premise:
            stats.reject("restates a premise")
            continue
        proof = traceback(state.table, fid)
        goal_clauses = deps.closure(sn[p] for p in _fact_points(fact))
        used = set(goal_clauses)
        for s in proof.premises:
            used.add(sources[s.fact])
        used = set(deps.closure(p for i in used for p in problem.clauses[i].points))
        aux = sorted(used - goal_clauses)
        keep = sorted(goal_clauses)
        p_state, p_report = state, report
        if aux:
            sub = sub_states.get(goal_clauses)
            if sub is None:
                sub_problem = parse_problem(problem.name, "; ".join(
                    _clause_text(problem, i, {p: p for p in problem.points}) for i in keep))
                sub = sub_states[goal_clauses] = _saturated(sub_problem, diagram.coords, config)
            s_state, s_index, s_report = sub
            s_fact = canonical(fact[0], tuple(s_index[sn[a]] if k < PREDICATES[fact[0]].arity
                                               else a for k, a in enumerate(fact[1:])))
            if s_state.holds(s_fact) and (s_fid := s_state.fact_id(s_fact)) is not None:
                if s_state.table.why[s_fid].is_premise:
                    stats.reject("restates a premise")
                    continue
                proof, aux, p_state, p_report = traceback(s_state.table, s_fid), [], s_state, s_report
        if config.aux_only and not aux:
            stats.reject("no aux (aux-only run)")
            continue
        if len(proof.derived) < config.min_proof_steps:
            stats.reject("proof too short")
            continue
        if not _verified(proof, p_state, stats):
            continue
        rec = _record(seed, index, len(records), problem, p_state, proof, keep, aux, p_report)
        if rec["dedup_key"] in seen:
            stats.reject("duplicate in item")
            continue
        seen.add(rec["dedup_key"])
        records.append(rec)
    return records, stats
