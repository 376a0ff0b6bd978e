"""Forward-chaining saturation with explicit limits and a report.

``saturate`` runs rounds until nothing new follows, the goal holds, or a limit
is hit.  In each round every compiled rule runs each of its plans with one
premise restricted to the previous round's delta (semi-naive evaluation), the
new conclusions are collected (the first derivation of a fact wins), and only
then applied to the state, so a fact's level is the round that derived it.
Applying a conclusion may make theories (union-find, linear arithmetic) derive
more; the state turns that into the next delta.  The report carries the typed
stop reason, per-rule match and new-fact counts, and where the time went.
"""
from __future__ import annotations

import enum
import logging
import time
from dataclasses import dataclass, field
from typing import Sequence

from . import engine
from .facts import Fact, Justification
from .matching import CompiledRule, run_candidates, run_plan, run_seeded
from .state import DeductiveState

log = logging.getLogger(__name__)


class StopReason(str, enum.Enum):
    SATURATED = "saturated"
    GOAL = "goal reached"
    TIME = "time limit"
    FACTS = "fact limit"
    ROUNDS = "round limit"
    TUPLES = "match limit"
    CONDITION = "condition false"   # a side condition of the problem is false on its diagram
    NODES = "node budget"           # a search expanded its budget of children (SearchConfig.nodes)


@dataclass(frozen=True)
class Limits:
    seconds: float = 60.0
    facts: int = 500_000
    rounds: int = 1_000
    tuples: int = 1 << 20   # tuples one compiled matching call holds (about 100 bytes each)


@dataclass
class RuleStats:
    matches: int = 0
    new: int = 0
    seconds: float = 0.0


@dataclass
class Report:
    stop: StopReason = StopReason.SATURATED
    rounds: int = 0
    facts: int = 0
    rules: dict[str, RuleStats] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=lambda: {"match": 0.0, "apply": 0.0})

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def summary(self, top: int = 10) -> str:
        lines = [f"stop: {self.stop.value} after {self.rounds} rounds, {self.facts} facts, "
                 + ", ".join(f"{k} {v:.3f}s" for k, v in self.seconds.items())]
        busy = sorted(self.rules.items(), key=lambda kv: -kv[1].seconds)[:top]
        lines += [f"  {name:28s} matches {s.matches:7d}  new {s.new:6d}  {s.seconds:.3f}s"
                  for name, s in busy]
        return "\n".join(lines)


class _TimeUp(Exception):
    pass


def _run_rule(cr: CompiledRule, state: DeductiveState, level: int, pending: dict,
              stats: RuleStats, deadline: float, prune: bool = True) -> None:
    binding: list = [None] * cr.nvars
    name = cr.rule.name

    def emit(b: list) -> None:
        stats.matches += 1
        if stats.matches & 255 == 0 and time.monotonic() > deadline:
            raise _TimeUp
        for pred, get in cr.conclusion_getters:
            fact = state.canonical(pred, get(b))
            if fact is None or fact in pending or state.holds(fact):
                continue
            # A premise instance with no canonical form is trivially true (a segment equal to
            # itself, one angle equal to itself): it held, and a proof need not cite it.
            cited = [state.canonical(a.pred, get_premise(b))
                     for a, get_premise in zip(cr.rule.premises, cr.premise_getters)]
            premises = tuple(state.fact_id(f) for f in cited if f is not None)
            if None in premises:        # the domain's model refutes a claimed premise
                return
            pending[fact] = Justification(name, premises, level, tuple(b))

    tests = [0]

    def useful(b: list) -> bool:
        """Could a conclusion of this binding be new?  (One ``emit`` would keep, and the
        domain's model does not refute.)"""
        tests[0] += 1
        if tests[0] & 1023 == 0 and time.monotonic() > deadline:
            raise _TimeUp
        for pred, get in cr.conclusion_getters:
            fact = state.canonical(pred, get(b))
            if fact is not None and fact not in pending and not state.holds(fact) \
                    and state.plausible(fact):
                return True
        return False

    index = getattr(state, "bindings", None)
    found = index(cr.rule) if index is not None else None
    if found is not None:
        run_candidates(cr, state, *found, emit, useful if prune else None)
        return
    seeds = getattr(state, "seeds", None) if prune and cr.seeded is not None else None
    proposed = seeds(cr.rule) if seeds is not None else None
    if proposed is not None:
        run_seeded(cr, state, proposed, emit, useful)
        return
    for plan, at in zip(cr.plans, cr.test_at):
        run_plan(plan, state, binding, emit, cr.distinct, at, useful if prune else None)


def saturate(state: DeductiveState, rules: Sequence[CompiledRule], *, goal: Fact | None = None,
             limits: Limits = Limits(), prune: bool = True, resume: bool = False) -> Report:
    """Derive everything that follows (within ``limits``); stop early once ``goal`` holds.
    ``prune=False`` joins every binding to the end, without the conclusion test: the
    reference the differential tests compare with (the same facts, more slowly).
    ``resume``: the state is a saturated one with facts added since and its round closed
    (``end_round``), so only what follows from those is new (a search child grown from
    its parent); otherwise everything the state holds counts as new (``begin``)."""
    report = Report(rules={cr.rule.name: RuleStats() for cr in rules})
    start = time.monotonic()
    deadline = start + limits.seconds
    t0 = time.perf_counter()
    if not resume:
        state.begin()
    report.seconds["apply"] += time.perf_counter() - t0
    engine.bound(limits.tuples)
    try:
        while True:
            if goal is not None and state.holds(goal):
                report.stop = StopReason.GOAL
                break
            if report.rounds >= limits.rounds:
                report.stop = StopReason.ROUNDS
                break
            report.rounds += 1
            pending: dict[Fact, Justification] = {}
            t_match = time.perf_counter()
            for cr in rules:
                stats = report.rules[cr.rule.name]
                t = time.perf_counter()
                before = len(pending)
                try:
                    _run_rule(cr, state, report.rounds, pending, stats, deadline, prune)
                finally:
                    stats.seconds += time.perf_counter() - t
                    stats.new += len(pending) - before
                if time.monotonic() > deadline:
                    raise _TimeUp
            report.seconds["match"] += time.perf_counter() - t_match
            if not pending:
                report.stop = StopReason.SATURATED
                break
            t_apply = time.perf_counter()
            for fact, why in pending.items():
                if not state.add(fact, why):
                    report.rules[why.rule].new -= 1
            state.end_round()
            report.seconds["apply"] += time.perf_counter() - t_apply
            if state.size() > limits.facts:
                report.stop = StopReason.FACTS
                break
            if time.monotonic() > deadline:
                report.stop = StopReason.TIME
                break
    except _TimeUp:
        report.stop = StopReason.TIME
    except engine.LimitError as err:    # the round's matches so far are dropped
        log.warning("saturate: %s", err)
        report.stop = StopReason.TUPLES
    if goal is not None and report.stop is not StopReason.GOAL and state.holds(goal):
        report.stop = StopReason.GOAL
    report.facts = state.size()
    log.debug("saturate: %s", report.summary())
    return report
