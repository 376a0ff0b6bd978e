"""From one sampled diagram to theorems: goals, minimal proofs, auxiliary constructions.

``item(seed, index, config)`` is the geometry domain's unit of generation and a
pure function of its arguments: it samples premises with the generator seeded
by ``(seed, index)``, saturates them, and turns derived facts into records.

* **Candidate goals** are the facts the rules derived plus facts the theories
  imply (parallel and perpendicular lines, equal segments, collinear and
  concyclic points by scanning; equal angles and ratios read off the theories'
  groups of equal keys), at most ``pool_per_predicate`` of each predicate per
  diagram, chosen by the item's generator.  Every candidate is tested for aux;
  all goals with aux are kept (up to ``max_aux_per_predicate``) and a sample of
  ``max_per_predicate`` of the others, so a corpus spreads over many diagrams.
* **Proof and premises.**  Traceback gives the goal's minimal proof.  The goal's
  statement needs the clauses that introduce its points and, transitively,
  their inputs; the proof may use more clauses (the premises it cites and
  what they depend on).  Those extra clauses are the *auxiliary constructions*.
* **Aux re-check.**  A goal whose proof uses auxiliary clauses is saturated
  again from its statement clauses alone (on the same coordinates); if it
  still follows, the aux-free proof is kept instead.  So a record's ``aux`` is
  non-empty only when the engine cannot prove the goal without it.
* **Minimal aux.**  Of two or more auxiliary clauses, each in turn is dropped
  (with the clauses built on it) when the goal still follows from the rest
  (``_minimal``), and the proof comes from that smaller problem: no clause of a
  record's ``aux`` can be left out.
* **Filters.**  Goals that restate a premise and proofs with fewer than
  ``min_proof_steps`` derived steps are dropped.
* **Names.**  Points are renamed a, b, c, ... in order of introduction
  (statement points first, then aux points), so records are invariant to the
  sampler's naming; ``dedup_key`` (``symgen.dataset``) hashes the renamed statement and goal.
* **Verified.**  Every proof is replayed in the independent checker before it is
  written; a proof that does not replay is dropped and counted (it would be a bug).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from symgen.checker import ProofCheckError, check_proof
from symgen.dataset import dedup_key
from symgen.facts import PREMISE, Justification
from symgen.proof import Proof, traceback
from symgen.saturate import Limits, StopReason, saturate

from . import compiled_rules
from .constructions import CONSTRUCTIONS, premises
from .difficulty import Budget, label
from .heuristic import outside_vocabulary
from .parse import parse_problem
from .predicates import PREDICATES, canonical, collinearity_of, statement_text
from .problem import Problem
from .sampler import NAMES, SamplerConfig, sample
from .state import GeometryState
from .check import context

log = logging.getLogger(__name__)

GOAL_PREDICATES = ("coll", "cyclic", "para", "perp", "cong", "eqangle", "eqratio", "midp",
                   "simtri", "simtri2", "contri", "contri2", "aconst", "rconst", "circle")
DOMAIN = "geometry"


@dataclass(frozen=True)
class GenerateConfig:
    sampler: SamplerConfig = field(default_factory=SamplerConfig)
    min_proof_steps: int = 3
    aux_only: bool = False
    max_per_predicate: int = 3             # goals without aux kept per predicate and diagram
    max_aux_per_predicate: int = 40        # goals with aux kept per predicate and diagram
    max_aux: int | None = None             # of those, kept per diagram (drawn at random)
    pool_per_predicate: int = 1000         # candidates examined per predicate for aux goals
    rounds: int = 30                       # saturation limits: deterministic ones first
    max_facts: int = 20_000
    seconds: float = 30.0                  # a safety net only; logged when hit
    min_aux: int = 0                       # aux records with fewer aux clauses are dropped
    difficulty: int | None = None          # label aux records: the heuristic's node budget
    hard: bool = False                     # keep only aux records the heuristic misses
    novel_aux: bool = False                # keep only aux records with a clause no heuristic
    #                                        template writes (heuristic.VOCABULARY)


@dataclass
class ItemStats:
    candidates: int = 0
    rejected: dict = field(default_factory=dict)
    check_failures: int = 0
    aux_trimmed: int = 0                  # auxiliary clauses dropped as not needed

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


def _class_pairs(groups: dict, limit: int):
    """Pairs of distinct members of equal-key groups (deterministic order), at most ``limit``."""
    n = 0
    for members in sorted((sorted(g) for g in groups.values() if len(g) > 1)):
        for i, x in enumerate(members):
            for y in members[i + 1:]:
                yield x, y
                n += 1
                if n >= limit:
                    return


def _equalities(state: GeometryState, limit: int) -> dict[str, set[tuple]]:
    """eqangle and eqratio facts read off the theories' equal-key groups, one fact per pair
    of equal angles (lines named by their first two points) or ratios."""
    pts = state.chase.lines.points

    def two(root):
        return tuple(sorted(pts[root])[:2])

    out: dict[str, set[tuple]] = {"eqangle": set(), "eqratio": set()}
    for a1, a2 in _class_pairs(state.chase.angles.groups, limit):
        fact = canonical("eqangle", two(a1[0]) + two(a1[1]) + two(a2[0]) + two(a2[1]))
        if fact is not None:
            out["eqangle"].add(fact)
    for r1, r2 in _class_pairs(state.ratios.ratios.groups, limit):
        fact = canonical("eqratio", r1[0] + r1[1] + r2[0] + r2[1])
        if fact is not None:
            out["eqratio"].add(fact)
    return out


def _self_term(fact: tuple) -> bool:
    """Whether an eqangle or eqratio has a term of one line or segment with itself."""
    a = fact[1:9]
    return {a[0], a[1]} == {a[2], a[3]} or {a[4], a[5]} == {a[6], a[7]}


def _candidates(state: GeometryState, rng: np.random.Generator, cap: int) -> list[tuple]:
    """Derived and theory-implied facts, at most ``cap`` per predicate (chosen by ``rng``)."""
    found: dict[str, set[tuple]] = {p: set() for p in GOAL_PREDICATES}
    for _, fact, why in state.table.items():
        if not why.is_premise and fact[0] in found:
            found[fact[0]].add(fact)
    for pred in ("coll", "cyclic", "para", "perp", "cong"):
        rel = state.relations[pred]
        arity = PREDICATES[pred].arity
        for args in islice(rel.scan((None,) * arity, tuple(range(arity)), False), 20 * cap):
            fact = canonical(pred, tuple(args))
            if fact is not None:
                found[pred].add(fact)
    for pred, facts in _equalities(state, 4 * cap).items():
        found[pred] |= facts
    # a para through one point could look as if it needed aux (``collinearity_of``); its coll
    # form is a candidate of its own
    found["para"] = {f for f in found["para"] if collinearity_of(f) is None}
    # an equality with a side over itself (|df| / |df|, the angle from a line to itself) is a
    # cong or a para in disguise, and those are candidates of their own
    for pred in ("eqangle", "eqratio"):
        found[pred] = {f for f in found[pred] if not _self_term(f)}
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
    xy = [{"point": n, "x": round(state.xy[sn.index(inverse[n])].real, 9),
           "y": round(state.xy[sn.index(inverse[n])].imag, 9)} for n in used]
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
        "stats": {"goal_kind": goal.split()[0], "proof_steps": len(proof.derived), "depth": proof.depth(),
                  "aux_count": len(aux), "rounds": report.rounds, "facts": report.facts,
                  "rules": sorted({s.rule for s in proof.derived})},
        "dedup_key": dedup_key(f"{statement} ? {goal}"),
    }


def _check_context(state: GeometryState):
    prem = [f for _, f, why in state.table.items() if why.is_premise]
    return context(state.names, state.numeric, prem, state.xy)


def _verified(proof: Proof, ctx, stats: ItemStats) -> bool:
    try:
        check_proof(proof, ctx)
    except ProofCheckError as err:
        log.error("generated proof does not replay: %s", err)
        stats.check_failures += 1
        return False
    return True


class _ClauseMasks:
    """For each fact of a table, the premise clauses its recorded proof rests on (a bit mask).

    Premises always have smaller ids than what they justify, so masks are filled in
    one forward pass (extended lazily as the theories add facts on request)."""

    def __init__(self, state: GeometryState, sources: dict[tuple, int], deps: _Deps) -> None:
        self.table = state.table
        self.sources = sources
        self.masks: list[int] = []
        problem = deps.problem
        self.closed = [_mask(deps.closure(problem.clauses[i].points))
                       for i in range(len(problem.clauses))]

    def used(self, fid: int) -> int:
        """The clauses the proof of ``fid`` uses, closed under their inputs."""
        table, masks = self.table, self.masks
        for f in range(len(masks), fid + 1):
            why = table.why[f]
            if why.is_premise:
                masks.append(self.closed[self.sources[table.facts[f]]])
            else:
                m = 0
                for q in why.premises:
                    m |= masks[q]
                masks.append(m)
        return masks[fid]


def _mask(clauses) -> int:
    m = 0
    for i in clauses:
        m |= 1 << i
    return m


def _bits(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


@dataclass
class _Goal:
    """A candidate goal and where its proof comes from."""

    fact: tuple
    state: GeometryState              # the full diagram's state, or the statement's own
    fid: int                          # -1 until needed (the theories explain on request)
    report: object
    keep: list[int]                   # statement clauses
    aux: list[int]                    # auxiliary clauses the proof needs


def _sub_state(problem: Problem, keep: frozenset, coords, config: GenerateConfig, cache: dict):
    """The saturated state of the clauses ``keep`` alone, on the diagram's coordinates: grown
    from the largest cached sub-state of a subset of them that reached its fixpoint (its
    copy gets the other clauses' points and premises, and saturation goes on semi-naively,
    as a search child grows from its parent: the same facts as saturating afresh), else
    saturated afresh."""
    sub = cache.get(keep)
    if sub is None:
        bases = [k for k, v in cache.items() if k < keep and v[2].stop is StopReason.SATURATED]
        if bases:
            base = max(bases, key=lambda k: (len(k), sorted(k)))
            sub = cache[keep] = _grown(problem, cache[base], sorted(keep - base), coords, config)
        else:
            sub_problem = parse_problem(problem.name, "; ".join(
                _clause_text(problem, i, {p: p for p in problem.points}) for i in sorted(keep)))
            sub = cache[keep] = _saturated(sub_problem, coords, config)
    return sub


def _grown(problem: Problem, base: tuple, clauses: list[int], coords, config: GenerateConfig):
    """``base`` (a saturated sub-state, its index and report) with ``clauses`` of
    ``problem`` added, saturated from the base's fixpoint; the report's rounds count the
    base's too."""
    b_state, _, b_report = base
    new = [p for i in clauses for p in problem.clauses[i].points]
    state = b_state.extended(new, [coords[p] for p in new])
    index = {n: i for i, n in enumerate(state.names)}
    why = Justification(PREMISE)
    for i in clauses:
        for call in problem.clauses[i].calls:
            for stmt in CONSTRUCTIONS[call.name].statements(call):
                fact = canonical(stmt.pred, tuple(index[a] for a in stmt.args) + tuple(stmt.numbers))
                if fact is not None:
                    state.add(fact, why)
    state.end_round()
    report = saturate(state, compiled_rules(), resume=True, limits=Limits(
        seconds=config.seconds, facts=config.max_facts, rounds=config.rounds))
    if report.stop.value == "time limit":
        log.warning("%s: saturation hit the %.0fs safety limit; output may depend on speed",
                    problem.name, config.seconds)
    report.rounds += b_report.rounds
    return state, index, report


def _sub_fact(fact: tuple, state_names, s_index: dict[str, int]) -> tuple:
    """``fact`` (point indices of the full diagram) in a sub-state's point indices."""
    return canonical(fact[0], tuple(s_index[state_names[a]] if k < PREDICATES[fact[0]].arity
                                    else a for k, a in enumerate(fact[1:])))


def _derived_in(s_state: GeometryState, s_fact: tuple) -> int | None:
    """The id of ``s_fact`` in a sub-state if the sub-state derives it (not as a premise)."""
    if not s_state.holds(s_fact):
        return None
    fid = s_state.fact_id(s_fact)
    return None if fid is None or s_state.table.why[fid].is_premise else fid


def _minimal(problem: Problem, coords, goal: _Goal, deps: _Deps, config: GenerateConfig,
             cache: dict, stats: ItemStats) -> _Goal:
    """``goal`` with a 1-minimal aux: each auxiliary clause in turn (the last first) is
    dropped, with the clauses built on it, when the goal still follows from the statement
    and the rest (saturated afresh on the same coordinates); the proof is then taken from
    that smaller problem.  So no recorded aux clause can be left out, and a model trained
    on the records is not taught constructions the proof could do without."""
    best, sn = goal, goal.state.names
    for i in reversed(goal.aux):
        if i not in best.aux:
            continue
        rest = [j for j in best.aux if i not in deps.closure(problem.clauses[j].points)]
        s_state, s_index, s_report = _sub_state(problem, frozenset(goal.keep + rest), coords,
                                                config, cache)
        s_fid = _derived_in(s_state, _sub_fact(goal.fact, sn, s_index))
        if s_fid is not None:
            stats.aux_trimmed += len(best.aux) - len(rest)
            best = _Goal(goal.fact, s_state, s_fid, s_report, goal.keep, rest)
    return best


def _unmentioned(problem: Problem, goal: _Goal, proof: Proof) -> bool:
    """Does the traced proof leave out every point of one of the goal's aux clauses?  The
    clause masks that chose the aux follow each fact's recorded justification, and a
    traceback may find a shorter one that does without a clause; such a record would claim
    an aux it does not need (the checker refuses it), so it is dropped."""
    mentioned = proof_points(proof, goal.state.names)
    return any(not set(problem.clauses[i].points) & mentioned for i in goal.aux)


def proof_points(proof: Proof, names: tuple[str, ...]) -> set[str]:
    """The names of the points some line of ``proof`` mentions."""
    return {names[i] for s in proof.steps for i in s.fact[1:1 + PREDICATES[s.fact[0]].arity]}


def _goal_id(state: GeometryState, fact: tuple, stats: ItemStats) -> int | None:
    """The id of a candidate goal, or None (counted) if the diagram refutes it or it is a premise."""
    fid = state.fact_id(fact)
    if fid is None:
        stats.reject("refuted")
    elif state.table.why[fid].is_premise:
        stats.reject("restates a premise")
        return None
    return fid


def _capped(aux_goals: list[_Goal], rng: np.random.Generator, config: GenerateConfig
            ) -> list[_Goal]:
    """The aux goals kept: all, up to a cap per predicate so one diagram cannot flood a corpus,
    then ``max_aux`` of them drawn at random if set (the rng is drawn from only then)."""
    by_pred: dict[str, int] = {}
    kept = []
    for g in aux_goals:
        by_pred[g.fact[0]] = by_pred.get(g.fact[0], 0) + 1
        if by_pred[g.fact[0]] <= config.max_aux_per_predicate:
            kept.append(g)
    if config.max_aux is not None and len(kept) > config.max_aux:
        kept = [kept[i] for i in sorted(rng.choice(len(kept), config.max_aux, replace=False))]
    return kept


def _goals(problem: Problem, coords, state: GeometryState, index: dict[str, int], report,
           rng: np.random.Generator, config: GenerateConfig, stats: ItemStats) -> list[_Goal]:
    """Every candidate whose proof needs auxiliary clauses (re-checked), then a sample of
    the others, at most ``max_per_predicate`` per predicate."""
    deps = _Deps(problem)
    masks = _ClauseMasks(state, _premise_sources(problem, index), deps)
    sn = state.names
    plain: dict[str, list[_Goal]] = {p: [] for p in GOAL_PREDICATES}
    aux_goals: list[_Goal] = []
    cache: dict[frozenset, tuple] = {}
    everything = len(problem.clauses)
    for fact in _candidates(state, rng, config.pool_per_predicate):
        stats.candidates += 1
        goal_clauses = deps.closure(sn[p] for p in _fact_points(fact))
        keep = sorted(goal_clauses)
        if len(keep) == everything:                   # no clause left over to be auxiliary
            plain[fact[0]].append(_Goal(fact, state, -1, report, keep, []))
            continue
        fid = _goal_id(state, fact, stats)
        if fid is None:
            continue
        aux = _bits(masks.used(fid) & ~_mask(goal_clauses))
        if not aux:
            plain[fact[0]].append(_Goal(fact, state, fid, report, keep, []))
            continue
        # Re-check: is the goal provable from its statement clauses alone?
        s_state, s_index, s_report = _sub_state(problem, goal_clauses, coords, config, cache)
        s_fact = _sub_fact(fact, sn, s_index)
        if s_state.holds(s_fact) and (s_fid := s_state.fact_id(s_fact)) is not None:
            if s_state.table.why[s_fid].is_premise:
                stats.reject("restates a premise")
            else:
                plain[fact[0]].append(_Goal(fact, s_state, s_fid, s_report, keep, []))
            continue
        aux_goals.append(_Goal(fact, state, fid, report, keep, aux))
    out = []
    for g in _capped(aux_goals, rng, config):
        out.append(_minimal(problem, coords, g, deps, config, cache, stats) if len(g.aux) > 1 else g)
    if config.aux_only:
        stats.rejected["no aux (aux-only run)"] = sum(map(len, plain.values()))
        return out
    for pred in GOAL_PREDICATES:
        goals = plain[pred]
        if len(goals) > config.max_per_predicate:
            goals = [goals[i] for i in sorted(rng.choice(len(goals), config.max_per_predicate,
                                                         replace=False))]
        out += goals
    return out


def item(seed: int, index: int, config: GenerateConfig = GenerateConfig()) -> tuple[list[dict], ItemStats]:
    """The theorems of item ``index`` of a run with ``seed`` (a pure function of its arguments)."""
    rng = np.random.default_rng([seed, index])
    problem, diagram = sample(rng, config.sampler, name=f"{seed}-{index}")
    return theorems(problem, diagram.coords, rng, config, seed=seed, index=index)


def theorems(problem: Problem, coords: dict[str, complex], rng: np.random.Generator,
             config: GenerateConfig = GenerateConfig(), seed: int = 0, index: int = 0
             ) -> tuple[list[dict], ItemStats]:
    """Records for the goals that follow from ``problem`` (premises only) drawn at ``coords``."""
    stats = ItemStats()
    state, point_index, report = _saturated(problem, coords, config)
    records: list[dict] = []
    seen: set[str] = set()
    contexts: dict[int, object] = {}                  # checker context per state, built once
    for goal in _goals(problem, coords, state, point_index, report, rng, config, stats):
        if goal.fid < 0:                              # materialised only when chosen
            goal.fid = _goal_id(state, goal.fact, stats)
            if goal.fid is None:
                continue
        proof = traceback(goal.state.table, goal.fid)
        if len(proof.derived) < config.min_proof_steps:
            stats.reject("proof too short")
            continue
        if goal.aux and _unmentioned(problem, goal, proof):
            stats.reject("an aux clause its proof does not use")
            continue
        ctx = contexts.get(id(goal.state))
        if ctx is None:
            ctx = contexts[id(goal.state)] = _check_context(goal.state)
        if not _verified(proof, ctx, stats):
            continue
        rec = _record(seed, index, len(records), problem, goal.state, proof, goal.keep, goal.aux,
                      goal.report)
        if rec["dedup_key"] in seen:
            stats.reject("duplicate in item")
            continue
        seen.add(rec["dedup_key"])
        if rec["aux"] and len(rec["aux"]) < config.min_aux:
            stats.reject("fewer aux clauses than --min-aux")
            continue
        if rec["aux"] and config.novel_aux and not any(map(outside_vocabulary, rec["aux"])):
            stats.reject("every aux clause is one the heuristic writes (--novel-aux)")
            continue
        if rec["aux"] and config.difficulty is not None:
            rec["difficulty"] = label(rec, Budget(nodes=config.difficulty))
            if config.hard and rec["difficulty"]["heuristic"]["solved"]:
                stats.reject("the heuristic solves it (--hard)")
                continue
        records.append(rec)
    return records, stats
