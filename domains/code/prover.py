"""Proving a program's assertions: the engine alone, or with proposed invariants.

``prove`` first gives the engine only what it finds by itself (``infer_own``:
facts known on entry to each loop that every path through the body keeps,
and the guard's own bounds) and verifies the assertions with that, in each
verification mode.  If that fails and a proposer is given, it asks for loop
invariants (the heuristic enumerates templates over the program's variables
and constants, filtered by executions and pruned by Houdini; the model
writes conjuncts), verifies with them, and keeps a minimal set of conjuncts.
The invariant conjuncts the engine did not find by itself are the proof's
auxiliary constructs.  The proof is ``hoare``'s numbered Hoare-style steps
with their Farkas certificates; ``check`` replays it independently.

Every proof states its semantics (``semantics``): variables are mathematical
integers, as in Code2Inv's own checker (C's 32-bit overflow is not modelled),
and the correctness is partial: an assertion holds on every execution that
reaches it, termination is not proved, and an assertion no path reaches holds
vacuously (said so at its line).  ``prove`` stops by itself at its time limit.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Sequence

from provers.search import Candidate, Node, Proposal, Proposer, SearchConfig, first_proved, search
from symgen.domain import Outcome
from symgen.limits import TimeUp

from .hoare import ENTERED, PEELED, Verification, infer_own, verify
from .linear import Constraint
from .problem import Bin, Const, Program, nodes
from .shape import asserts, program_space

MODES = (ENTERED, PEELED)
SEMANTICS = ("mathematical integers (no overflow), partial correctness (an assertion holds on every "
             "execution that reaches it; termination is not proved)")
DIVISION = "an execution that divides by zero stops there (C leaves it undefined) and is not covered"


def semantics(program: Program) -> str:
    """What a proof of ``program`` means (``SEMANTICS``, and ``DIVISION`` if it divides by a
    value that is not a constant)."""
    divides = any(isinstance(n, Bin) and n.op in "/%" and not isinstance(n.right, Const)
                  for n in nodes(program.body))
    return SEMANTICS + ("; " + DIVISION if divides else "")


@dataclass(kw_only=True)
class CodeResult(Outcome):
    """A code ``Outcome``: ``verification`` is the last one tried (the proof, if solved);
    its ``constructs`` are the invariant conjuncts the engine does not find by itself."""

    verification: Verification | None = None

    @property
    def steps(self) -> int | None:
        return len(self.verification.steps) if self.solved else None

    @property
    def columns(self) -> dict[str, str]:
        return {"invariant": self.invariant_text}

    @property
    def invariant_text(self) -> str:
        v = self.verification
        if v is None:
            return ""
        names = v.space.names
        return "; ".join(f"L{k}: " + (" && ".join(c.text(names) for c in inv) or "true")
                         for k, inv in sorted(v.invariants.items()))

    def text(self) -> str:
        head = f"{self.problem.name}: "
        if not self.solved:
            return head + f"not proved ({self.stop}, {self.seconds:.3f}s)"
        v = self.verification
        lines = [head + f"proved in {len(v.steps)} steps ({self.seconds:.3f}s), mode {v.mode}",
                 f"Semantics: {semantics(self.problem)}",
                 f"Invariant: {self.invariant_text or 'none needed'}"]
        if self.constructs:
            lines.append("Auxiliary invariant conjuncts: " + "; ".join(self.constructs))
        lines.append(v.text())
        return "\n".join(lines)

    def to_json(self) -> dict:
        out = {"problem": self.problem.name, "solved": self.solved,
               "stop_reason": self.stop, "seconds": round(self.seconds, 4),
               "semantics": semantics(self.problem), "invariant": self.invariant_text,
               "aux": list(self.constructs)}
        if self.solved:
            from .record import proof_lines
            v = self.verification
            out["mode"] = v.mode
            out["vacuous"] = {str(a.index): why for a in v.asserts if (why := v.vacuous(a))}
            out["proof"] = proof_lines(v)
        return out


def _own(program: Program, deadline: float) -> Verification | None:
    last = None
    for mode in MODES:
        v = verify(program, infer_own(program, deadline, mode), deadline, mode)
        if v.proved or time.perf_counter() > deadline:
            return v
        last = v
    return last


def aux_conjuncts(program: Program, v: Verification, deadline: float) -> list[str]:
    """The invariant conjuncts of ``v`` that the engine does not find by itself."""
    own = infer_own(program, deadline, v.mode)
    names = v.space.names
    out = []
    for k, inv in sorted(v.invariants.items()):
        mine = set(own.get(k, ()))
        out += [f"L{k}: {c.text(names)}" for c in inv if c not in mine]
    return out


def prove(program: Program, *, seconds: float = 60.0, seed: int = 0,
          proposer: Proposer | None = None, **_search) -> CodeResult:
    """Prove every assertion of ``program`` (or report why not) within about ``seconds``."""
    start = time.perf_counter()
    deadline = start + seconds
    if not asserts(program):
        return CodeResult(problem=program, solved=False, stop="no assertion",
                          seconds=time.perf_counter() - start)
    try:
        found = search(CodeSpace(program), proposer, SearchConfig(seconds=seconds), first_proved,
                       deadline)
    except TimeUp:
        return CodeResult(problem=program, solved=False, stop="time limit",
                          seconds=time.perf_counter() - start)
    node, v = found.node, found.node.state
    if node.solved:
        return CodeResult(problem=program, solved=True, stop="goal reached", proof=v,
                          verification=v, seconds=time.perf_counter() - start,
                          constructs=tuple(node.aux))
    stop = "time limit" if time.perf_counter() > deadline else (
        "paths" if v is not None and v.stop == "paths" else "not discharged")
    return CodeResult(problem=program, solved=False, stop=stop, verification=v,
                      seconds=time.perf_counter() - start)


def names_of(program: Program) -> tuple[str, ...]:
    """The names an invariant's constraints are written over."""
    return program_space(program).names


class CodeSpace:
    """The search's view of one program (``provers.search.Space``): the root is the engine's
    own verification; each proposal is a whole candidate invariant (its ``value`` is the
    verification mode and the conjuncts per loop), verified at once (``first_proved``); a
    proof keeps a minimal set of conjuncts, and those the engine does not find by itself are
    the node's ``aux``."""

    def __init__(self, program: Program) -> None:
        self.program = program

    def root(self, deadline: float) -> Node:
        v = _own(self.program, deadline)
        return Node(self.program, (), v, v is not None and v.proved)

    def prepare(self, node: Node, proposal: Proposal) -> Candidate:
        return Candidate(node, proposal, None, proposal.value)

    def expand(self, candidate: Candidate, deadline: float) -> Node:
        mode, inv = candidate.child
        w = verify(self.program, inv, deadline, mode)
        if not w.proved:
            return Node(self.program, (), w, False)
        w = _minimal(self.program, w, deadline)
        return Node(self.program, tuple(aux_conjuncts(self.program, w, deadline)), w, True)


def invariant(mode: str, inv: dict[int, list[Constraint]], names: Sequence[str]) -> Proposal:
    """A candidate invariant as a proposal: its text (``mode: L0: ...; L1: ...``, in
    ``names``: ``names_of(program)``) and the invariant itself as the value."""
    text = "; ".join(f"L{k}: " + (" && ".join(c.text(names) for c in conj) or "true")
                     for k, conj in sorted(inv.items()))
    return Proposal(f"{mode}: {text}", 0.0, (mode, inv))


def _minimal(program: Program, v: Verification, deadline: float) -> Verification:
    from .invariants import minimize
    inv = minimize(program, v.invariants, v.mode, deadline)
    w = verify(program, inv, deadline, v.mode)
    return w if w.proved else v
