"""Hoare-style forward verification of loop programs with given loop invariants.

Loop-free code is executed symbolically: a path carries a *binding* (each
program variable's value as a linear polynomial over symbols) and a *path
condition* (the constraints collected so far).  Symbols are the ghost entry
values of the inputs (``x0`` is the value input ``x`` had when the program
started; never assigned, so an invariant may mention it) and fresh values
``x@k`` (the ``k``-th fresh value of ``x`` on this path): an assignment whose
value is not linear, and a loop head for each variable its body assigns.
Variables that are not inputs start at 0, as in ``interp``.

A ``while`` with invariant ``I`` (a conjunction of linear constraints over
program variables and ghosts) is handled per arriving path:

* ``loop entry`` -- obligation: the path condition implies ``I``;
* ``loop head``  -- the variables the body assigns get fresh values, and ``I``
  holds of them; the rest of the binding and the path condition carry over;
* each path through the body under the guard ends in a ``loop step``
  obligation: ``I`` again, of the values at the end of the body;
* ``loop exit``  -- from the head, one disjunct of the negated guard; the path
  goes on after the loop.

An ``assert`` is an obligation: the path condition implies the condition (a
disjunctive condition is proved by refuting each case of its negation).  The
``mode`` chooses how much a loop's first arrival is refined before ``I`` is
needed (the "did the loop run at all" split):

* ``plain``   -- ``I`` must hold at every visit of the loop head;
* ``entered`` -- a path on which the guard is false on arrival skips the loop
  (branch ``skip``) without using ``I``; ``I`` must hold at every head visit of
  an arrival whose guard was true;
* ``peeled``  -- as ``entered``, and the first iteration is executed before
  ``I`` is needed: ``I`` must hold at every head visit after the first.

Program points, loop and assert ids and the symbolic space are ``shape``'s.

The proof is a tree of ``Step`` s: every step cites the previous step on its
path first, so the path condition and binding at any step are those of its
ancestors.  Obligation steps carry one exact Farkas certificate per fact (or per
case).  A loop is *valid* when all its obligations are certified and rest only
on valid loops (the greatest such set: loops prove each other's invariants by
simultaneous induction); an assert is discharged when it is certified on every
path reaching it, through valid loops only.  ``check`` replays all of it.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping, Sequence

from domains.code.linear import (Certificate, Constraint, Dnf, Space, cond_dnf, implies, normal, refute,
                                 substitute, to_linear)
from domains.code.parse import parse_condition
from domains.code.problem import Assert, Assign, Assume, Block, Cond, If, Program, Stmt, While
from domains.code.shape import (PointId, asserts, assigned, ghost_names, invariant_space_names, loops,
                                program_space, symbol)
from symgen.algebra.poly import Poly

log = logging.getLogger(__name__)

PLAIN, ENTERED, PEELED = "plain", "entered", "peeled"
MODES = (PLAIN, ENTERED, PEELED)
MAX_STATES = 4096          # paths alive at once before exploration gives up

RULES = {
    "entry": "the program starts: each input holds its ghost entry value, other variables 0",
    "assign": "x = e binds x to the value of e (a fresh symbol when e is not linear)",
    "assume": "assume(c): one disjunct of c joins the path condition",
    "branch": "a condition (if, or a loop guard at the loop head or on arrival): one disjunct joins the path",
    "loop entry": "obligation: the path condition implies the invariant when the loop is reached",
    "loop head": "the body's variables get fresh values of which the invariant holds",
    "loop step": "obligation: a path through the body under the guard re-establishes the invariant",
    "loop exit": "the loop ends: one disjunct of the negated guard, after the loop head",
    "assert": "obligation: the path condition implies the asserted condition",
}
OBLIGATIONS = ("loop entry", "loop step", "assert")
TAGS = ("", "then", "else", "enter", "skip", "body", "inexact")


# ---------------------------------------------------------------------------
# Proof steps and results


@dataclass(frozen=True)
class Step:
    index: int
    point: PointId
    tag: str                                  # which case of the statement (TAGS)
    rule: str                                 # a key of RULES
    facts: tuple[Constraint, ...]             # what this step adds (or, an obligation, proves)
    cites: tuple[int, ...]                    # cites[0]: the previous step on this path
    binding: tuple[tuple[str, Poly], ...] = ()
    loop: int | None = None
    cases: tuple[tuple[Constraint, ...], ...] = ()       # disjunctive assert: cases of the negation
    certificates: tuple[Certificate | None, ...] = ()   # obligations: one per fact, or per case

    @property
    def parent(self) -> int | None:
        return self.cites[0] if self.cites else None

    @property
    def goals(self) -> int:
        return len(self.cases) if self.cases else len(self.facts)

    def certified(self) -> bool:
        return (self.tag != "inexact" and len(self.certificates) == self.goals
                and all(c is not None for c in self.certificates))


@dataclass(frozen=True)
class State:
    step: int
    env: Mapping[str, Poly]
    pc: tuple[Constraint, ...]
    fresh: Mapping[str, int]          # fresh values of each variable used on this path


@dataclass
class Tree:
    """What exploration built: the steps, each step's state, the obligations."""

    program: Program
    space: Space
    invariants: dict[int, tuple[Constraint, ...]]
    mode: str
    steps: list[Step] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    stop: str = "done"             # "done" | "deadline" | "paths"

    @property
    def complete(self) -> bool:
        return self.stop == "done"

    def hyps(self, step: Step) -> tuple[Constraint, ...]:
        return self.states[step.parent].pc

    def obligations(self, rules: Sequence[str] = OBLIGATIONS) -> list[Step]:
        return [s for s in self.steps if s.rule in rules]


@dataclass(frozen=True)
class AssertResult:
    index: int                     # pre-order index of the Assert
    point: PointId
    discharged: bool
    steps: tuple[int, ...]         # its obligation step on each path reaching it


@dataclass
class Verification:
    program: Program
    space: Space
    invariants: dict[int, tuple[Constraint, ...]]
    mode: str
    steps: list[Step]
    asserts: list[AssertResult]
    valid_loops: frozenset[int]
    stop: str                      # "done" | "deadline" | "paths"

    @property
    def proved(self) -> bool:
        return self.stop == "done" and all(a.discharged for a in self.asserts)

    def vacuous(self, a: AssertResult) -> str | None:
        """Why a discharged assert holds vacuously (no execution reaches it), or None."""
        if not a.discharged:
            return None
        if not a.steps:
            return "no path reaches it"
        if all(self.steps[i].certificates and all(c is not None and c.method == "contradiction"
                                                  for c in self.steps[i].certificates) and not self.steps[i].cases
               for i in a.steps):
            return "every path to it has contradictory conditions"
        return None

    def text(self) -> str:
        """The numbered proof."""
        names = self.space.names
        lines = [f"program {self.program.name}  mode {self.mode}  stop {self.stop}"]
        for k, inv in sorted(self.invariants.items()):
            lines.append(f"invariant L{k}: " + " && ".join(c.text(names) for c in inv))
        for s in self.steps:
            lines.append(step_text(s, names))
        for a in self.asserts:
            why = self.vacuous(a)
            lines.append(f"assert {a.index} at {point_text(a.point)}: "
                         + ("discharged" if a.discharged else "NOT discharged")
                         + (f" (unreachable, so vacuously true: {why})" if why else ""))
        return "\n".join(lines)


def point_text(pid: PointId) -> str:
    return ".".join(map(str, pid)) if pid else "entry"


def step_text(s: Step, names: Sequence[str]) -> str:
    where = point_text(s.point) + (f"/{s.tag}" if s.tag else "") + (f" L{s.loop}" if s.loop is not None else "")
    body = [f"{v} := {p.text(names)}" for v, p in s.binding]
    body += [c.text(names) for c in s.facts]
    if s.cases:
        body.append("not(" + " || ".join(" && ".join(c.text(names) for c in case) or "true"
                                          for case in s.cases) + ")")
    cites = f"  [{', '.join(map(str, s.cites))}]" if s.cites else ""
    mark = "" if s.rule not in OBLIGATIONS else ("  ok" if s.certified() else "  FAILED")
    return f"{s.index:4d}. {where:<14} {s.rule:<10} {'; '.join(body) or '-'}{cites}{mark}"


# ---------------------------------------------------------------------------
# Exploration


class _Expired(Exception):
    pass


class _TooMany(Exception):
    pass


def instantiate(inv: Sequence[Constraint], env: Mapping[str, Poly], space: Space,
                program: Program) -> tuple[Constraint, ...]:
    """Each conjunct with program variables replaced by their values (ghosts stay)."""
    mapping = {space.index[v]: env[v] for v in program.variables}
    mapping.update({space.index[g]: space.var(g) for g in ghost_names(program).values()})
    return tuple(normal(substitute(c.poly, mapping, space.size), c.kind) for c in inv)


class _Explorer:
    """Builds the proof tree of one program for given invariants (no certificates)."""

    def __init__(self, tree: Tree, deadline: float | None, max_states: int) -> None:
        self.tree, self.deadline, self.max_states = tree, deadline, max_states
        self.space, self.program = tree.space, tree.program
        self.loop_id = {pid: k for k, (pid, _) in enumerate(loops(tree.program))}
        self.handlers: dict[type, Callable[[Stmt, PointId, State], list[State]]] = {
            Assign: self.assign, Assume: self.assume, Assert: self.assert_, If: self.if_,
            While: self.while_, Block: lambda s, pid, st: self.block(s, pid + (0,), [st])}

    # -- bookkeeping -------------------------------------------------------
    def add(self, state: State | None, point: PointId, tag: str, rule: str, facts=(), binding=(),
            loop=None, cases=(), extra_cites=(), fresh=()) -> State:
        """Append a step after ``state``; ``fresh`` names the variables bound to new symbols."""
        tree = self.tree
        index = len(tree.steps)
        cites = ((state.step,) if state else ()) + tuple(extra_cites)
        tree.steps.append(Step(index, point, tag, rule, tuple(facts), cites, tuple(binding), loop, tuple(cases)))
        env = dict(state.env) if state else {}
        env.update(binding)
        counts = dict(state.fresh) if state else {v: 0 for v in self.program.variables}
        for v in fresh:
            counts[v] += 1
        pc = (state.pc if state else ()) + (tuple(facts) if rule not in ("assert", "loop step") else ())
        new = State(index, env, pc, counts)
        tree.states.append(new)
        return new

    def fresh(self, state: State, var: str) -> Poly:
        return self.space.var(symbol(var, state.fresh[var] + 1))

    def dnf(self, cond: Cond, state: State, negate: bool = False) -> Dnf:
        return cond_dnf(cond, state.env.__getitem__, self.space.size, negate)

    def tick(self, states: list[State]) -> None:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise _Expired
        if len(states) > self.max_states:
            raise _TooMany

    # -- statements --------------------------------------------------------
    def block(self, block: Block, prefix: PointId, states: list[State]) -> list[State]:
        for i, stmt in enumerate(block.stmts):
            states = [out for st in states for out in self.handlers[type(stmt)](stmt, prefix + (i,), st)]
            self.tick(states)
        return states

    def assign(self, s: Assign, pid: PointId, st: State) -> list[State]:
        value = to_linear(s.expr, st.env.__getitem__, self.space.size)
        if value is not None:
            return [self.add(st, pid, "", "assign", binding=((s.var, value),))]
        return [self.add(st, pid, "", "assign", binding=((s.var, self.fresh(st, s.var)),), fresh=(s.var,))]

    def assume(self, s: Assume, pid: PointId, st: State) -> list[State]:
        return [self.add(st, pid, "", "assume", d) for d in self.dnf(s.cond, st).disjuncts]

    def assert_(self, s: Assert, pid: PointId, st: State) -> list[State]:
        goal = self.dnf(s.cond, st)
        if not goal.exact:
            self.add(st, pid, "inexact", "assert")
        elif len(goal.disjuncts) == 1:
            self.add(st, pid, "", "assert", goal.disjuncts[0])
        else:
            self.add(st, pid, "", "assert", cases=self.dnf(s.cond, st, negate=True).disjuncts)
        return [st]

    def if_(self, s: If, pid: PointId, st: State) -> list[State]:
        then = [self.add(st, pid, "then", "branch", d) for d in self.dnf(s.cond, st).disjuncts]
        orelse = [self.add(st, pid, "else", "branch", d) for d in self.dnf(s.cond, st, negate=True).disjuncts]
        return self.block(s.then, pid + (0,), then) + self.block(s.orelse, pid + (1,), orelse)

    def while_(self, s: While, pid: PointId, st: State) -> list[State]:
        guard, exit_ = self.dnf(s.cond, st), self.dnf(s.cond, st, negate=True)
        if self.tree.mode == PLAIN or (guard.is_true and exit_.is_true):
            return self.loop(s, pid, st)
        out = [self.add(st, pid, "skip", "branch", d) for d in exit_.disjuncts]
        arrivals = [self.add(st, pid, "enter", "branch", d) for d in guard.disjuncts]
        if self.tree.mode == PEELED:
            arrivals = self.block(s.body, pid + (0,), arrivals)
        for arrival in arrivals:
            out += self.loop(s, pid, arrival)
        return out

    def loop(self, s: While, pid: PointId, st: State) -> list[State]:
        k = self.loop_id[pid]
        inv = self.tree.invariants.get(k, ())
        entry = self.add(st, pid, "", "loop entry", instantiate(inv, st.env, self.space, self.program), loop=k)
        binding = [(v, self.fresh(st, v)) for v in self.program.variables if v in assigned(s.body)]
        env = dict(st.env) | dict(binding)
        head = self.add(entry, pid, "", "loop head", instantiate(inv, env, self.space, self.program),
                        binding=binding, loop=k, fresh=[v for v, _ in binding])
        bodies = [self.add(head, pid, "body", "branch", d) for d in self.dnf(s.cond, head).disjuncts]
        steps = []
        for end in self.block(s.body, pid + (0,), bodies):
            done = self.add(end, pid, "", "loop step", instantiate(inv, end.env, self.space, self.program),
                            loop=k, extra_cites=(head.step,))
            steps.append(done.step)
        return [self.add(head, pid, "", "loop exit", d, loop=k, extra_cites=steps)
                for d in self.dnf(s.cond, head, negate=True).disjuncts]


def explore(program: Program, invariants: Mapping[int, Sequence[Constraint]], mode: str = ENTERED,
            deadline: float | None = None, max_states: int = MAX_STATES) -> Tree:
    """The proof tree for ``invariants`` (loop id -> conjuncts), without certificates."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
    space = program_space(program)
    tree = Tree(program, space, {k: tuple(v) for k, v in invariants.items()}, mode)
    ex = _Explorer(tree, deadline, max_states)
    ghosts = ghost_names(program)
    binding = [(v, space.var(ghosts[v]) if v in ghosts else space.const(0)) for v in program.variables]
    try:
        ex.block(program.body, (), [ex.add(None, (), "", "entry", binding=binding)])
    except _Expired:
        tree.stop = "deadline"
    except _TooMany:
        tree.stop = "paths"
    return tree


# ---------------------------------------------------------------------------
# Certificates, validity, the result


def certify(tree: Tree, step: Step, deadline: float | None = None) -> Step:
    """``step`` with a certificate (or None) for each of its goals."""
    if step.tag == "inexact":
        return step
    hyps = tree.hyps(step)
    if step.cases:
        certs = tuple(refute(hyps + case, tree.space.size, deadline) for case in step.cases)
    else:
        certs = tuple(implies(hyps, goal, deadline) for goal in step.facts)
    return Step(step.index, step.point, step.tag, step.rule, step.facts, step.cites, step.binding,
                step.loop, step.cases, certs)


def chain(steps: Sequence[Step], index: int) -> list[int]:
    """``index`` and its ancestors, nearest first."""
    out = []
    at: int | None = index
    while at is not None:
        out.append(at)
        at = steps[at].parent
    return out


def valid_loops(steps: Sequence[Step], nloops: int) -> frozenset[int]:
    """The greatest set of loops whose obligations are all certified and rest only on
    loop heads of loops in the set."""
    heads = {i: [j for j in chain(steps, i)[1:] if steps[j].rule == "loop head"] for i, s in enumerate(steps)
             if s.rule in ("loop entry", "loop step")}
    valid = set(range(nloops))
    for i in heads:
        if not steps[i].certified():
            valid.discard(steps[i].loop)
    changed = True
    while changed:
        changed = False
        for i, hs in heads.items():
            if steps[i].loop in valid and any(steps[h].loop not in valid for h in hs):
                valid.discard(steps[i].loop)
                changed = True
    return frozenset(valid)


def assert_results(program: Program, steps: Sequence[Step], valid: frozenset[int],
                   complete: bool) -> list[AssertResult]:
    out = []
    for a, (pid, _) in enumerate(asserts(program)):
        mine = [s for s in steps if s.rule == "assert" and s.point == pid]
        ok = complete and all(s.certified() and all(steps[j].loop in valid for j in chain(steps, s.index)
                                                      if steps[j].rule == "loop head") for s in mine)
        out.append(AssertResult(a, pid, ok, tuple(s.index for s in mine)))
    return out


def _validate(program: Program, invariants: Mapping[int, Sequence[Constraint]]) -> None:
    space = program_space(program)
    allowed = {space.index[n] for n in invariant_space_names(program)}
    nloops = len(loops(program))
    for k, inv in invariants.items():
        if not 0 <= k < nloops:
            raise ValueError(f"program {program.name!r} has no loop {k} (loop ids are 0..{nloops - 1})")
        for c in inv:
            if c.poly.nvars != space.size or c.poly.degree() > 1:
                raise ValueError(f"invariant of loop {k}: not a linear constraint over program_space()")
            if not c.variables() <= allowed:
                raise ValueError(f"invariant of loop {k} mentions "
                                 f"{sorted(space.names[i] for i in c.variables() - allowed)}: "
                                 "only program variables and ghosts are allowed")


def parse_invariant(program: Program, text: str) -> list[Constraint]:
    """The conjunction ``text`` (own syntax, e.g. ``"i <= n && s == 2*i"``) over the
    program's variables and ghosts, as constraints of ``program_space(program)``."""
    cond = parse_condition(text, invariant_space_names(program), name=f"invariant of {program.name}")
    space = program_space(program)
    dnf = cond_dnf(cond, space.var, space.size)
    if not dnf.exact or len(dnf.disjuncts) != 1:
        raise ValueError(f"invariant {text!r} is not a conjunction of linear constraints")
    return list(dnf.disjuncts[0])


def verify(program: Program, invariants: Mapping[int, Sequence[Constraint]], deadline: float | None = None,
           mode: str = ENTERED, max_states: int = MAX_STATES) -> Verification:
    """Check every assert of ``program`` given loop invariants (loop id -> conjuncts over
    program variables and ghosts; a loop without one gets the empty invariant).
    ``deadline`` is a ``time.perf_counter()`` value."""
    _validate(program, invariants)
    tree = explore(program, invariants, mode, deadline, max_states)
    stop = tree.stop
    steps = [certify(tree, s, deadline) if s.rule in OBLIGATIONS else s for s in tree.steps]
    if deadline is not None and time.perf_counter() > deadline:
        stop = "deadline"
    complete = stop == "done"
    valid = valid_loops(steps, len(loops(program)))
    return Verification(program, tree.space, tree.invariants, mode, steps,
                        assert_results(program, steps, valid, complete), valid, stop)


# ---------------------------------------------------------------------------
# Houdini and the engine's own invariants


class _Oracle:
    """``hyps ⇒ goal`` with a memo; a path's infeasibility is checked once."""

    def __init__(self, nvars: int, deadline: float | None) -> None:
        self.nvars, self.deadline = nvars, deadline
        self.memo: dict[tuple, bool] = {}
        self.calls = 0

    def infeasible(self, hyps: tuple[Constraint, ...]) -> bool:
        key = ("refute", hyps)
        if key not in self.memo:
            self.calls += 1
            self.memo[key] = refute(hyps, self.nvars, self.deadline) is not None
        return self.memo[key]

    def holds(self, hyps: tuple[Constraint, ...], goal: Constraint) -> bool:
        if goal.is_true or goal in hyps:
            return True
        key = (hyps, goal)
        if key not in self.memo:
            self.calls += 1
            self.memo[key] = implies(hyps, goal, self.deadline) is not None
        return self.memo[key]


def _failing(tree: Tree, oracle: _Oracle) -> set[tuple[int, Constraint]]:
    """(loop, conjunct) pairs some loop entry or loop step obligation does not prove."""
    failing: set[tuple[int, Constraint]] = set()
    for step in tree.obligations(("loop entry", "loop step")):
        inv = tree.invariants.get(step.loop, ())
        hyps = tree.hyps(step)
        if all((step.loop, c) in failing for c in inv) or oracle.infeasible(hyps):
            continue
        small = hyps
        if step.rule == "loop step":     # first without the other conjuncts at the head
            head = tree.steps[step.cites[1]]
            others = set(head.facts)
            small = tuple(h for h in hyps if h not in others)
            own = dict(zip(inv, head.facts))
        for c, goal in zip(inv, step.facts):
            if (step.loop, c) in failing:
                continue
            if step.rule == "loop step" and oracle.holds(small + (own[c],), goal):
                continue
            if not oracle.holds(hyps, goal):
                failing.add((step.loop, c))
    return failing


def houdini(program: Program, candidates: Mapping[int, Sequence[Constraint]], deadline: float | None = None,
            mode: str = ENTERED, max_states: int = MAX_STATES) -> dict[int, list[Constraint]]:
    """The largest subset of ``candidates`` (loop id -> conjuncts) that is inductive:
    repeatedly drop every conjunct not implied on entry or not preserved by the body,
    until none fails.  Past the deadline (or the path limit) every invariant is empty."""
    current = {k: list(dict.fromkeys(v)) for k, v in candidates.items()}
    oracle = _Oracle(program_space(program).size, deadline)
    rounds = 0
    while True:
        rounds += 1
        tree = explore(program, current, mode, deadline, max_states)
        if not tree.complete:
            return {k: [] for k in current}
        failing = _failing(tree, oracle)
        if deadline is not None and time.perf_counter() > deadline:
            return {k: [] for k in current}
        if not failing:
            log.debug("houdini: %d rounds, %d implication checks", rounds, oracle.calls)
            return current
        current = {k: [c for c in v if (k, c) not in failing] for k, v in current.items()}


def _back_mapping(env: Mapping[str, Poly], space: Space, program: Program) -> dict[int, Poly]:
    """Symbol index -> a program variable whose value is exactly that symbol (ghosts and
    program variables map to themselves): how to read a fact about symbols as one about
    variables."""
    ghosts = {space.index[g] for g in ghost_names(program).values()}
    mapping = {i: Poly.var(i, space.size) for i in ghosts | {space.index[v] for v in program.variables}}
    for v in program.variables:
        p = env[v]
        (i, *more) = p.variables() or (None,)
        if i is not None and not more and i not in ghosts and p == Poly.var(i, space.size):
            mapping.setdefault(i, space.var(v))
    return mapping


def entry_facts(tree: Tree, loop: int) -> list[Constraint]:
    """What the arriving paths of ``loop`` know, over program variables and ghosts: each
    variable's value where it is expressible, and the path constraints that are."""
    space, program = tree.space, tree.program
    out: list[Constraint] = []
    for step in tree.obligations(("loop entry",)):
        if step.loop != loop:
            continue
        state = tree.states[step.parent]
        mapping = _back_mapping(state.env, space, program)
        readable = [(space.var(v) - state.env[v], "eq") for v in program.variables]
        readable += [(c.poly, c.kind) for c in state.pc]
        out += [normal(substitute(p, mapping, space.size), kind) for p, kind in readable
                if p.variables() <= mapping.keys()]
    return [c for c in dict.fromkeys(out) if not c.is_ground]


def guard_facts(program: Program, space: Space, loop: int) -> list[Constraint]:
    """The atoms of the loop guard's conjunctions, over program variables."""
    cond = loops(program)[loop][1].cond
    dnf = cond_dnf(cond, space.var, space.size)
    return list(dict.fromkeys(c for d in dnf.disjuncts for c in d))


def infer_own(program: Program, deadline: float | None = None, mode: str = ENTERED) -> dict[int, list[Constraint]]:
    """The invariants the engine finds by itself, without templates: a Houdini pass over
    the facts known at each loop's entry and the guard's own atoms."""
    candidates: dict[int, list[Constraint]] = {}
    for k in range(len(loops(program))):
        tree = explore(program, candidates, mode, deadline)
        candidates[k] = entry_facts(tree, k) + guard_facts(program, tree.space, k)
    return houdini(program, candidates, deadline, mode)
