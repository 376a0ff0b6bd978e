"""Proving an arithmetic problem: symbolic only, or with a proposer of lemma instances.

``prove`` compiles the problem (``Engine``), tries the goal with what the
engine knows by itself (the hypotheses, the variables' signs, squares of
differences of variables), and, if that fails and a proposer is given, asks
it for lemma instances -- the domain's auxiliary constructs -- in growing
batches, adding the valid ones and trying again until the goal is certified,
the proposer runs dry or the time is up.  A certificate uses only some of the
instances; the proof (``symgen.proof.traceback``) keeps exactly those, and the
ones a proposer added are the proof's auxiliary constructs.  The goal was not
provable without them: the engine's own attempt came first.

``prove`` returns by itself within about ``seconds``: the engine's loops look at the
deadline (``limits.TimeUp``), and a timer ``GRACE`` later (``limits.backstop``) stops
what does not (a sympy factorisation); either way the result is not solved, with the
stop reason "time limit".
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from symgen.algebra.poly import Poly
from symgen.limits import TimeUp, backstop
from symgen.proof import Proof, traceback
from symgen.saturate import StopText

from .engine import Engine, Outcome
from .normal import Unsupported
from .problem import Problem

GRACE = 0.25    # the timer behind the deadline, for sympy calls that do not look at the clock


class LemmaProposer(Protocol):
    name: str

    def propose(self, engine: Engine, k: int) -> list[tuple[str, Sequence[Poly]]]:
        """Up to ``k`` new lemma instances (name, arguments) worth adding; [] when done."""


@dataclass
class ArithReport:
    stop: StopText
    closures: int = 0
    proposed: int = 0
    added: int = 0


@dataclass
class ArithResult:
    problem: Problem
    solved: bool
    report: ArithReport
    proof: Proof | None
    engine: Engine | None
    seconds: float
    aux: list[str] = field(default_factory=list)

    def show(self, fact) -> str:
        return self.engine.state.show(fact)

    def text(self) -> str:
        head = f"{self.problem.name}: "
        if not self.solved:
            return head + f"not proved ({self.report.stop}; {self.report.closures} closure " \
                          f"calls, {self.report.added} lemma instances added, {self.seconds:.3f}s)"
        assert self.proof is not None
        lines = [head + f"proved in {len(self.proof.derived)} steps ({self.seconds:.3f}s)",
                 f"Goal: {self.problem.goal.text()}"]
        if self.aux:
            lines.append("Auxiliary lemma instances: " + "; ".join(self.aux))
        from .record import format_arith_proof
        lines.append(format_arith_proof(self.proof, self.engine.state))
        return "\n".join(lines)

    def to_json(self) -> dict:
        out = {"problem": self.problem.name, "solved": self.solved,
               "stop_reason": self.report.stop.value, "seconds": round(self.seconds, 4),
               "closures": self.report.closures, "aux": self.aux}
        if self.proof is not None:
            from .record import proof_steps
            out["proof"] = proof_steps(self.proof, self.engine.state)
        return out


def prove(problem: Problem, *, seconds: float = 60.0, seed: int = 0,
          proposer: LemmaProposer | None = None, proposals: int = 32, quick: bool = False,
          extra_degrees: int = 2, max_columns: int | None = None, **_unused) -> ArithResult:
    """Prove ``problem`` (or report why not); never raises for a parsed problem.  ``quick``
    tries certificates of the goal's own degree only, without multipliers (the generator's
    goals are built to have one); ``extra_degrees`` is how far above the goal's degree the
    closure may go when equalities or inhomogeneous terms call for it."""
    start = time.perf_counter()
    deadline = start + seconds
    report = ArithReport(StopText("no certificate"))
    engine = None
    try:
        with backstop(seconds + GRACE if math.isfinite(seconds) else None):
            engine = Engine(problem, quick=quick, extra_degrees=extra_degrees, deadline=deadline,
                            **({} if max_columns is None else {"max_columns": max_columns}))
            outcome = _search(engine, proposer, proposals, deadline, report)
    except Unsupported as err:
        return ArithResult(problem, False, ArithReport(StopText("unsupported")), None, None,
                           time.perf_counter() - start, [str(err)])
    except TimeUp:
        report.stop = StopText("time limit")
        return ArithResult(problem, False, report, None, engine, time.perf_counter() - start)
    return _result(problem, engine, outcome, report, start, deadline)


def _search(engine: Engine, proposer: LemmaProposer | None, proposals: int, deadline: float,
            report: ArithReport) -> Outcome:
    """The engine alone, then with the proposer's instances in doubling batches."""
    outcome = engine.prove_goal(deadline)
    report.closures += outcome.closures
    if hasattr(proposer, "deadline"):    # a model proposer stops decoding at the deadline
        proposer.deadline = time.monotonic() + (deadline - time.perf_counter())
    k = proposals
    while outcome.goal is None and proposer is not None and time.perf_counter() < deadline:
        batch = proposer.propose(engine, k)
        if not batch:
            break
        report.proposed += len(batch)
        added = [engine.state.add_lemma(name, args, aux=True) for name, args in batch]
        report.added += sum(1 for a in added if a is not None)
        outcome = engine.prove_goal(deadline)
        report.closures += outcome.closures
        k *= 2
    return outcome


def _result(problem: Problem, engine: Engine, outcome: Outcome, report: ArithReport,
            start: float, deadline: float) -> ArithResult:
    elapsed = time.perf_counter() - start
    if outcome.goal is None:
        report.stop = StopText("time limit" if time.perf_counter() >= deadline else outcome.stop)
        return ArithResult(problem, False, report, None, engine, elapsed)
    report.stop = StopText("goal reached")
    proof = traceback(engine.state.table, outcome.goal)
    st = engine.state
    aux = [step_text(st, fid) for fid in sorted(st.aux)
           if any(s.fact == st.table.facts[fid] for s in proof.steps)]
    return ArithResult(problem, True, report, proof, engine, elapsed, aux)


def step_text(state, fid: int) -> str:
    name, args = state.lemma_args[fid]
    return f"{name}({', '.join(state.text(a) for a in args)})"
