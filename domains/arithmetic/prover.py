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
from dataclasses import dataclass
from typing import Sequence

from provers.search import Node, Proposal, Proposer, SearchConfig, accumulate, search
from symgen.algebra.poly import Poly
from symgen.domain import Outcome
from symgen.limits import TimeUp, backstop
from symgen.proof import Proof, traceback

from .engine import Attempt, Engine
from .normal import Unsupported
from .cases import Case, split
from .problem import Problem
from .radicals import proof_with_roots

GRACE = 0.25    # the timer behind the deadline, for sympy calls that do not look at the clock


COUNTERS = ("closures", "proposed", "added")   # an outcome's stats: closure calls, lemma
#                                                instances proposed, and those the engine took


@dataclass(kw_only=True)
class ArithResult(Outcome):
    """An arithmetic ``Outcome``: the proof (if solved) over the ``engine``'s state; its
    ``constructs`` are the proposed lemma instances the proof uses; ``detail`` says why a
    problem is unsupported."""

    engine: Engine | None = None
    detail: str = ""
    cases: tuple[tuple[Case, "ArithResult"], ...] = ()    # a case split's proved cases

    @property
    def steps(self) -> int | None:
        if self.cases and self.solved:
            return sum(r.steps for _, r in self.cases)
        return super().steps

    def show(self, fact) -> str:
        return self.engine.state.show(fact)

    def text(self) -> str:
        head = f"{self.problem.name}: "
        if not self.solved:
            return head + f"not proved ({self.stop}; {self.stats['closures']} closure " \
                          f"calls, {self.stats['added']} lemma instances added, {self.seconds:.3f}s)"
        if self.cases:
            lines = [head + f"proved by {len(self.cases)} cases ({self.seconds:.3f}s)",
                     f"Goal: {self.problem.goal.text()}"]
            for i, (case, result) in enumerate(self.cases, start=1):
                lines += [f"Case {i}: {case.text()}"] + ["  " + line for line in
                                                         result.text().splitlines()[1:]]
            return "\n".join(lines)
        assert self.proof is not None
        lines = [head + f"proved in {len(self.proof.derived)} steps ({self.seconds:.3f}s)",
                 f"Goal: {self.problem.goal.text()}"]
        lines += [f"Substitution: {s}" for s in self.substitutions()]
        if self.constructs:
            lines.append("Auxiliary lemma instances: " + "; ".join(self.constructs))
        from .record import format_arith_proof
        lines.append(format_arith_proof(self.proof, self.engine.state))
        return "\n".join(lines)

    def substitutions(self) -> list[str]:
        """``let t1 = sqrt(a*b), t1 > 0, t1**2 = a*b`` for each root (``radicals.py``)."""
        if self.engine is None:
            return []
        signs = self.engine.root_signs
        return [r.text(signs.get(r.name)) for r in self.engine.roots]

    def to_json(self) -> dict:
        out = {"problem": self.problem.name, "solved": self.solved,
               "stop_reason": self.stop, "seconds": round(self.seconds, 4),
               "closures": self.stats["closures"], "aux": list(self.constructs)}
        if self.detail:
            out["detail"] = self.detail
        if self.substitutions():
            out["substitutions"] = self.substitutions()
        if self.solved:
            from .record import result_steps
            out["proof"] = result_steps(self)
        return out


def prove(problem: Problem, *, seconds: float = 60.0, seed: int = 0,
          proposer: Proposer | None = None, proposals: int = 32, quick: bool = False,
          extra_degrees: int = 2, max_columns: int | None = None, sos: bool = True,
          **_unused) -> ArithResult:
    """Prove ``problem`` (or report why not); never raises for a parsed problem.  ``quick``
    tries certificates of the goal's own degree only, without multipliers (the generator's
    goals are built to have one); ``extra_degrees`` is how far above the goal's degree the
    closure may go when equalities or inhomogeneous terms call for it; ``sos`` lets it try a
    sum-of-squares certificate where the linear one fails (``sos.py``)."""
    start = time.perf_counter()
    deadline = start + seconds
    try:
        leaves = split(problem)
    except Unsupported as err:
        return ArithResult(problem=problem, solved=False, stop="unsupported", detail=str(err),
                           seconds=time.perf_counter() - start, stats=dict.fromkeys(COUNTERS, 0))
    if leaves:
        return _by_cases(problem, leaves, start, seconds, dict(
            seed=seed, proposer=proposer, proposals=proposals, quick=quick,
            extra_degrees=extra_degrees, max_columns=max_columns, sos=sos))
    space = ArithmeticSpace(problem, dict(quick=quick, extra_degrees=extra_degrees, sos=sos,
                                          **({} if max_columns is None
                                             else {"max_columns": max_columns})))
    try:
        with backstop(seconds + GRACE if math.isfinite(seconds) else None):
            found = search(space, proposer, SearchConfig(k=proposals, seconds=seconds), accumulate,
                           deadline)
    except Unsupported as err:
        return ArithResult(problem=problem, solved=False, stop="unsupported", detail=str(err),
                           seconds=time.perf_counter() - start, stats=space.stats)
    except TimeUp:
        return ArithResult(problem=problem, solved=False, stop="time limit", engine=space.engine,
                           seconds=time.perf_counter() - start, stats=space.stats)
    return _result(problem, space, start, deadline)


class ArithmeticSpace:
    """The search's view of one arithmetic problem (``provers.search.Space``): one node, the
    engine, that grows by the proposer's lemma instances (the ``accumulate`` strategy).  The
    node's ``state`` is the engine; ``attempt`` is its last attempt at the goal."""

    def __init__(self, problem: Problem, options: dict) -> None:
        self.problem, self.options = problem, options
        self.stats = dict.fromkeys(COUNTERS, 0)
        self.engine: Engine | None = None
        self.attempt: Attempt | None = None

    def root(self, deadline: float) -> Node:
        self.engine = Engine(self.problem, deadline=deadline, **self.options)
        return self._tried(Node(self.problem, (), self.engine, False), deadline)

    def grow(self, node: Node, proposals: list[Proposal], deadline: float) -> Node:
        self.stats["proposed"] += len(proposals)
        added = [self.engine.state.add_lemma(*p.value, aux=True) for p in proposals]
        self.stats["added"] += sum(1 for a in added if a is not None)
        return self._tried(node, deadline)

    def _tried(self, node: Node, deadline: float) -> Node:
        """``node`` with the goal tried again on the engine as it is now."""
        self.attempt = attempt = self.engine.prove_goal(deadline)
        self.stats["closures"] += attempt.closures
        node.solved = attempt.goal is not None
        return node


def _by_cases(problem: Problem, leaves: Sequence[Case], start: float, seconds: float,
              options: dict) -> ArithResult:
    """Every case proved in turn (``cases.py``), in the time left; the first that is not
    proved is the result's stop reason."""
    done, stats = [], dict.fromkeys(COUNTERS, 0)
    for i, case in enumerate(leaves, start=1):
        left = seconds - (time.perf_counter() - start)
        result = prove(case.problem, seconds=max(left, 0.0), **options)
        for k in COUNTERS:
            stats[k] += result.stats.get(k, 0)
        if not result.solved:
            return ArithResult(problem=problem, solved=False, seconds=time.perf_counter() - start,
                               stop=f"case {i} ({case.text()}): {result.stop}",
                               detail=result.detail, stats=stats)
        done.append((case, result))
    aux = tuple(a for _, r in done for a in r.constructs)
    return ArithResult(problem=problem, solved=True, stop="goal reached", constructs=aux,
                       seconds=time.perf_counter() - start, stats=stats, cases=tuple(done))


def proposal(engine: Engine, name: str, args: Sequence[Poly]) -> Proposal:
    """A lemma instance as a proposal: its text, and the instance itself as the value."""
    return Proposal(f"{name}({', '.join(engine.state.text(a) for a in args)})", 0.0,
                    (name, tuple(args)))


def _result(problem: Problem, space: ArithmeticSpace, start: float, deadline: float
            ) -> ArithResult:
    engine, attempt = space.engine, space.attempt
    elapsed = time.perf_counter() - start
    if attempt.goal is None:
        stop = "time limit" if time.perf_counter() >= deadline else attempt.stop
        return ArithResult(problem=problem, solved=False, stop=stop, engine=engine,
                           seconds=elapsed, stats=space.stats)
    proof = proof_with_roots(engine.state.table, attempt.goal, engine.root_lines) \
        if engine.roots else traceback(engine.state.table, attempt.goal)
    st = engine.state
    aux = tuple(step_text(st, fid) for fid in sorted(st.aux)
                if any(s.fact == st.table.facts[fid] for s in proof.steps))
    return ArithResult(problem=problem, solved=True, stop="goal reached", proof=proof,
                       engine=engine, seconds=elapsed, constructs=aux, stats=space.stats)


def step_text(state, fid: int) -> str:
    name, args = state.lemma_args[fid]
    return f"{name}({', '.join(state.text(a) for a in args)})"
