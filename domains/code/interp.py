"""An interpreter for loop programs, recording the states an invariant must cover.

``run`` executes a program on given inputs, drawing the values of ``*`` /
``unknown()`` from ``choices``, and returns an ``Execution``: how it ended and a
trace of the states seen at the points a verifier checks (each loop head before
its condition is evaluated, each ``assert``, and the end of the program).

Semantics.  Integers are unbounded Python ints: the benchmark's C ``int``
overflow is ignored (Code2Inv's own check did the same).  ``/`` and ``%``
truncate toward zero as in C; dividing by zero leaves the execution *stuck*.
``assume(false)`` *blocks* it; ``assert(false)`` *violates* it; more than
``max_steps`` loop-head visits is a *timeout* (there is no recursion, so every
long execution passes through loop heads).  An assignment of a value beyond
``VALUE_LIMIT`` in magnitude ends the execution as an *overflow*: a loop that
squares a variable would otherwise need numbers of 2**steps bits (the memory
and time of the whole machine), and no 64-bit C program computes such values.  Variables that are not inputs start
at 0; the parser never lets one be read before its initialising assignment.
A nondeterministic condition takes the truthiness of the next choice, a
nondeterministic value the choice itself; a finite source of choices that runs
out yields 0 from then on (so ``while (*)`` loops stop).

Point ids.  Every statement has a path in the AST: statement ``i`` of the body
is ``(i,)``; inside the statement at path ``p``, statement ``j`` of its ``k``-th
block is ``p + (k, j)``, where an ``if``'s blocks are 0 (then) and 1 (else) and
a ``while``'s or nested block's only block is 0.  ``END = ()`` is the end of the
program.  ``points`` lists every statement's id in pre-order; ``trace_points``
the ones a trace records.

Speed.  ``compile_program`` turns the AST into Python closures once (variables
become slots of a list); run a ``CompiledProgram`` when executing one program
many times.  A run given a deadline looks at the clock at every loop-head visit.
"""
from __future__ import annotations

import enum
import math
import operator
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

import numpy as np

from symgen.limits import TimeUp

from domains.code.problem import (And, Assert, Assign, Assume, Bin, Block, BoolConst, Cmp, Cond, Const, Expr, If, Neg,
                                  Nondet, NondetCond, Not, Or, Program, Stmt, Var, While)

PointId = tuple[int, ...]
State = dict[str, int]
END: PointId = ()
EDGE_VALUES = (0, 1, -1, 2, 127, 128)
VALUE_LIMIT = 2 ** 64               # larger assigned values end an execution as an overflow


class Outcome(str, enum.Enum):
    """How an execution ended (compares equal to its string value)."""

    OK = "ok"                   # reached the end of the program
    BLOCKED = "blocked"         # an assume was false
    VIOLATED = "violated"       # an assert was false
    STUCK = "stuck"             # division or remainder by zero
    TIMEOUT = "timeout"         # more than max_steps loop-head visits
    OVERFLOW = "overflow"       # a value beyond VALUE_LIMIT was assigned


@dataclass(frozen=True, slots=True)
class Execution:
    """One run: its outcome, where it stopped, and the states at the traced points."""

    outcome: Outcome
    point: PointId | None                       # the failing assume/assert/statement/loop; END when ok
    state: State                                # the state when it stopped
    trace: tuple[tuple[PointId, State], ...]    # (point, state) in execution order
    steps: int                                  # loop-head visits
    inputs: State
    choices: tuple[int, ...] = field(default=())  # the nondeterministic values drawn, in order

    def states_at(self, point: PointId) -> list[State]:
        """Every state recorded at ``point``, in order."""
        return [state for p, state in self.trace if p == point]


# ---------------------------------------------------------------------------
# Points

def _children(stmt: Stmt) -> tuple[Block, ...]:
    if isinstance(stmt, If):
        return (stmt.then, stmt.orelse)
    if isinstance(stmt, While):
        return (stmt.body,)
    if isinstance(stmt, Block):
        return (stmt,)
    return ()


def _walk(block: Block, prefix: PointId) -> Iterator[tuple[PointId, Stmt]]:
    for i, stmt in enumerate(block.stmts):
        pid = prefix + (i,)
        yield pid, stmt
        for k, child in enumerate(_children(stmt)):
            yield from _walk(child, pid + (k,))


def points(program: Program) -> dict[PointId, Stmt]:
    """Every statement by its point id, in pre-order."""
    return dict(_walk(program.body, ()))


def trace_points(program: Program) -> list[PointId]:
    """The points a trace records: loop heads and asserts in pre-order, then ``END``."""
    return [pid for pid, s in _walk(program.body, ()) if isinstance(s, (While, Assert))] + [END]


# ---------------------------------------------------------------------------
# Compilation to closures: every closure takes (values, run)

class _Stop(Exception):
    def __init__(self, outcome: Outcome, point: PointId) -> None:
        self.outcome, self.point = outcome, point


class _Run:
    """The mutable context of one execution."""

    __slots__ = ("names", "next_choice", "drawn", "steps", "max_steps", "trace", "record", "deadline")

    def __init__(self, names: tuple[str, ...], choices: Callable[[], int] | Iterable[int],
                 max_steps: int, record: bool, deadline: float) -> None:
        self.names, self.max_steps, self.record, self.deadline = names, max_steps, record, deadline
        self.next_choice = choices if callable(choices) else _exhausting(iter(choices))
        self.drawn: list[int] = []
        self.steps = 0
        self.trace: list[tuple[PointId, State]] = []

    def choose(self) -> int:
        value = int(self.next_choice())
        self.drawn.append(value)
        return value

    def note(self, point: PointId, values: list[int]) -> None:
        if self.record:
            self.trace.append((point, dict(zip(self.names, values))))


def _exhausting(it: Iterator[int]) -> Callable[[], int]:
    return lambda: next(it, 0)


def c_div(a: int, b: int) -> int:
    """C's ``a / b``: the quotient truncated toward zero (b != 0)."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def c_mod(a: int, b: int) -> int:
    """C's ``a % b``: the remainder with the sign of ``a`` (b != 0)."""
    return a - b * c_div(a, b)


_ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul}
_TRUNCATING = {"/": c_div, "%": c_mod}
_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
            "==": operator.eq, "!=": operator.ne}


def _leaf(e: Expr, slot: dict[str, int]) -> tuple[str, int] | None:
    """('var', slot) or ('const', value) for a leaf, so hot operators can inline it."""
    if isinstance(e, Var):
        return "var", slot[e.name]
    if isinstance(e, Const):
        return "const", e.value
    return None


def _expr(e: Expr, slot: dict[str, int], pid: PointId) -> Callable:
    if isinstance(e, Var):
        i = slot[e.name]
        return lambda v, r: v[i]
    if isinstance(e, Const):
        c = e.value
        return lambda v, r: c
    if isinstance(e, Nondet):
        return lambda v, r: r.choose()
    if isinstance(e, Neg):
        arg = _expr(e.arg, slot, pid)
        return lambda v, r: -arg(v, r)
    if isinstance(e, Bin) and e.op in _TRUNCATING:
        return _truncating(_TRUNCATING[e.op], _expr(e.left, slot, pid), _expr(e.right, slot, pid), pid)
    if isinstance(e, Bin):
        return _binary(_ARITH[e.op], e.left, e.right, slot, pid)
    raise TypeError(f"not an expression: {e!r}")


def _binary(op: Callable, left: Expr, right: Expr, slot: dict[str, int], pid: PointId) -> Callable:
    """``op(left, right)``, inlining the common var/const operands."""
    a, b = _leaf(left, slot), _leaf(right, slot)
    if a and b and a[0] == "var" and b[0] == "const":
        i, c = a[1], b[1]
        return lambda v, r: op(v[i], c)
    if a and b and a[0] == "var" and b[0] == "var":
        i, j = a[1], b[1]
        return lambda v, r: op(v[i], v[j])
    f, g = _expr(left, slot, pid), _expr(right, slot, pid)
    return lambda v, r: op(f(v, r), g(v, r))


def _truncating(op: Callable, f: Callable, g: Callable, pid: PointId) -> Callable:
    def run(v: list[int], r: _Run) -> int:
        a, b = f(v, r), g(v, r)
        if b == 0:
            raise _Stop(Outcome.STUCK, pid)
        return op(a, b)
    return run


def _cond(c: Cond, slot: dict[str, int], pid: PointId) -> Callable:
    if isinstance(c, Cmp):
        return _binary(_COMPARE[c.op], c.left, c.right, slot, pid)
    if isinstance(c, And):
        f, g = _cond(c.left, slot, pid), _cond(c.right, slot, pid)
        return lambda v, r: f(v, r) and g(v, r)
    if isinstance(c, Or):
        f, g = _cond(c.left, slot, pid), _cond(c.right, slot, pid)
        return lambda v, r: f(v, r) or g(v, r)
    if isinstance(c, Not):
        f = _cond(c.arg, slot, pid)
        return lambda v, r: not f(v, r)
    if isinstance(c, NondetCond):
        return lambda v, r: bool(r.choose())
    if isinstance(c, BoolConst):
        value = c.value
        return lambda v, r: value
    raise TypeError(f"not a condition: {c!r}")


def _block(block: Block, slot: dict[str, int], prefix: PointId) -> Callable:
    body = tuple(_stmt(s, slot, prefix + (i,)) for i, s in enumerate(block.stmts))
    if len(body) == 1:
        return body[0]

    def run(v: list[int], r: _Run) -> None:
        for f in body:
            f(v, r)
    return run


def _assign(s: Assign, slot: dict[str, int], pid: PointId) -> Callable:
    i, f = slot[s.var], _expr(s.expr, slot, pid)

    def run(v: list[int], r: _Run) -> None:
        x = f(v, r)
        if not -VALUE_LIMIT <= x <= VALUE_LIMIT:
            raise _Stop(Outcome.OVERFLOW, pid)
        v[i] = x
    return run


def _check(s: Assume | Assert, slot: dict[str, int], pid: PointId) -> Callable:
    test = _cond(s.cond, slot, pid)
    is_assert = isinstance(s, Assert)
    failure = Outcome.VIOLATED if is_assert else Outcome.BLOCKED

    def run(v: list[int], r: _Run) -> None:
        if is_assert:
            r.note(pid, v)
        if not test(v, r):
            raise _Stop(failure, pid)
    return run


def _if(s: If, slot: dict[str, int], pid: PointId) -> Callable:
    test, then, orelse = _cond(s.cond, slot, pid), _block(s.then, slot, pid + (0,)), _block(s.orelse, slot, pid + (1,))

    def run(v: list[int], r: _Run) -> None:
        if test(v, r):
            then(v, r)
        else:
            orelse(v, r)
    return run


def _while(s: While, slot: dict[str, int], pid: PointId) -> Callable:
    test, body = _cond(s.cond, slot, pid), _block(s.body, slot, pid + (0,))

    def run(v: list[int], r: _Run) -> None:
        while True:
            r.steps += 1
            if r.steps > r.max_steps:
                raise _Stop(Outcome.TIMEOUT, pid)
            if time.perf_counter() > r.deadline:
                raise TimeUp
            if r.record:
                r.trace.append((pid, dict(zip(r.names, v))))
            if not test(v, r):
                return
            body(v, r)
    return run


_STATEMENTS = {Assign: _assign, Assume: _check, Assert: _check, If: _if, While: _while,
               Block: lambda s, slot, pid: _block(s, slot, pid + (0,))}


def _stmt(s: Stmt, slot: dict[str, int], pid: PointId) -> Callable:
    return _STATEMENTS[type(s)](s, slot, pid)


@dataclass(frozen=True)
class CompiledProgram:
    """A program turned into closures once; ``run`` it many times."""

    program: Program
    body: Callable = field(repr=False)

    def run(self, inputs: dict[str, int], choices: Callable[[], int] | Iterable[int] = (),
            max_steps: int = 10_000, record: bool = True, deadline: float = math.inf) -> Execution:
        """Execute once; ``record=False`` leaves the trace empty (faster when only the outcome matters).
        ``symgen.limits.TimeUp`` is raised at a loop head once ``deadline`` (a
        ``time.perf_counter()`` value) has passed."""
        p = self.program
        missing = [name for name in p.inputs if name not in inputs]
        if missing:
            raise ValueError(f"program {p.name!r}: no value for input(s) {', '.join(missing)}")
        given = set(p.inputs)
        values = [int(inputs[name]) if name in given else 0 for name in p.variables]
        r = _Run(p.variables, choices, max_steps, record, deadline)
        outcome, point = Outcome.OK, END
        try:
            self.body(values, r)
            r.note(END, values)
        except _Stop as stop:
            outcome, point = stop.outcome, stop.point
        return Execution(outcome, point, dict(zip(p.variables, values)), tuple(r.trace), r.steps,
                         {name: int(inputs[name]) for name in p.inputs}, tuple(r.drawn))


def compile_program(program: Program) -> CompiledProgram:
    """Compile once: variables become list slots and every node a closure."""
    slot = {name: i for i, name in enumerate(program.variables)}
    return CompiledProgram(program, _block(program.body, slot, ()))


def run(program: Program | CompiledProgram, inputs: dict[str, int],
        choices: Callable[[], int] | Iterable[int] = (), max_steps: int = 10_000,
        record: bool = True) -> Execution:
    """Execute ``program`` on ``inputs``; ``choices`` supplies the nondeterministic values.

    ``choices`` is a function returning the next value, or an iterable of values
    (0 once it runs out).  A ``Program`` is compiled on every call; compile it
    once with ``compile_program`` for many runs.
    """
    compiled = program if isinstance(program, CompiledProgram) else compile_program(program)
    return compiled.run(inputs, choices, max_steps, record)


# ---------------------------------------------------------------------------
# Random inputs and choices

def random_values(rng: np.random.Generator, n: int) -> list[int]:
    """``n`` integers: mostly -10..30, sometimes -1000..1000, sometimes an edge value (0, ±1, 2, 127, 128)."""
    kind = rng.random(n)
    small = rng.integers(-10, 31, size=n)
    large = rng.integers(-1000, 1001, size=n)
    edge = np.asarray(EDGE_VALUES)[rng.integers(0, len(EDGE_VALUES), size=n)]
    return np.where(kind < 0.7, small, np.where(kind < 0.85, large, edge)).tolist()


def random_inputs(program: Program, rng: np.random.Generator) -> dict[str, int]:
    """A value for every input of ``program`` (see ``random_values``)."""
    return dict(zip(program.inputs, random_values(rng, len(program.inputs))))


def choices_from(rng: np.random.Generator, p_true: float, batch: int = 256) -> Callable[[], int]:
    """A source of choices that is nonzero with probability ``p_true``.

    A nonzero choice is 1 three times in four, else drawn by ``random_values``
    (redrawn as 1 if 0); conditions only see the truthiness, values see the number.
    """
    buffer: list[int] = []

    def refill() -> None:
        truthy = rng.random(batch) < p_true
        one = rng.random(batch) < 0.75
        other = np.asarray(random_values(rng, batch))
        other[other == 0] = 1
        buffer.extend(np.where(truthy, np.where(one, 1, other), 0).tolist()[::-1])

    def next_choice() -> int:
        if not buffer:
            refill()
        return buffer.pop()
    return next_choice
