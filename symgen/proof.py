"""Traceback: from a goal fact to its minimal premises and a numbered proof.

Every fact has one justification, so the facts a goal depends on form a DAG
rooted at the goal.  ``traceback`` walks it once; premise ids are smaller than
the ids they justify, so sorting the reached facts by (level, id) numbers the
proof so that every step cites only earlier lines.  The proof is domain-free:
facts are tuples, and a printer supplied by the domain turns them into text.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .facts import FactTable, Fact


@dataclass(frozen=True, slots=True)
class ProofStep:
    number: int               # 1-based line number in the proof
    fact: Fact
    rule: str                 # rule or theory name; "premise" for the problem's premises
    cites: tuple[int, ...]    # line numbers of the premises used
    level: int
    subst: tuple = ()


@dataclass(frozen=True)
class Proof:
    steps: tuple[ProofStep, ...]

    @property
    def premises(self) -> tuple[ProofStep, ...]:
        return tuple(s for s in self.steps if s.rule == "premise")

    @property
    def derived(self) -> tuple[ProofStep, ...]:
        return tuple(s for s in self.steps if s.rule != "premise")

    @property
    def goal(self) -> ProofStep:
        return self.steps[-1]

    def depth(self) -> int:
        depth: dict[int, int] = {}
        for s in self.steps:
            depth[s.number] = 0 if s.rule == "premise" else 1 + max((depth[c] for c in s.cites), default=0)
        return depth[self.goal.number]


def dependencies(table: FactTable, goal: int, *more: int) -> list[int]:
    """All fact ids the goal (and ``more`` goals) depend on, themselves included, premises
    first, by (level, id)."""
    seen = {goal, *more}
    todo = list(seen)
    while todo:
        for p in table.why[todo.pop()].premises:
            if p not in seen:
                seen.add(p)
                todo.append(p)
    # A fact's level never comes before its premises' (a search child saturates from its
    # parent's facts and counts rounds from 1 again): ids are topological, so one pass fixes it.
    level: dict[int, int] = {}
    for f in sorted(seen):
        why = table.why[f]
        level[f] = max([why.level, *(level[p] for p in why.premises)])
    return sorted(seen, key=lambda f: (level[f], f))


def traceback(table: FactTable, goal: int) -> Proof:
    return traceback_all(table, [goal])


def traceback_all(table: FactTable, goals: list[int]) -> Proof:
    """One proof of several goals (a multi-goal problem), each fact once; the goal that
    comes last by (level, id), which nothing else in the proof can cite, is its last line."""
    ids = dependencies(table, *goals)
    # The goal goes last even when a same-level fact has a larger id.
    last = max(goals, key=ids.index)
    ids.remove(last)
    ids.append(last)
    number = {fid: i + 1 for i, fid in enumerate(ids)}
    steps = []
    for fid in ids:
        why = table.why[fid]
        steps.append(ProofStep(number[fid], table.facts[fid], why.rule,
                               tuple(number[p] for p in why.premises), why.level, why.subst))
    return Proof(tuple(steps))


def format_proof(proof: Proof, show: Callable[[Fact], str]) -> str:
    """A numbered proof: premises first, then each step as 'cites ⇒ conclusion  [rule]'."""
    lines = []
    if proof.premises:
        lines.append("Premises:")
        lines += [f"  ({s.number}) {show(s.fact)}" for s in proof.premises]
    lines.append("Proof:")
    for s in proof.derived:
        cites = ", ".join(f"({c})" for c in s.cites)
        lines.append(f"  ({s.number}) {cites} ⇒ {show(s.fact)}   [{s.rule}]")
    return "\n".join(lines)
