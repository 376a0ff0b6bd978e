"""Random loop programs for the code corpus, drawn with an explicit generator.

A program has 2-6 integer variables: some inputs (arbitrary at entry, often
constrained by a precondition template such as ``assume(n >= 0)`` or ``assume(0
<= x && x <= 10)``), the rest initialised to small constants.  Its body is one
loop, or two sequential loops, or a loop with a nested loop; a loop's guard
compares a counter with a bound (``i < n``) or is nondeterministic (``*``),
and its body updates variables with small linear steps (``x = x + 2``, ``y =
y + x``), some under a nondeterministic or data-dependent ``if``.  Programs are
not stated with assertions: the generator derives facts at the end and makes
them the goals.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .problem import Assign, Assume, Bin, Block, Cmp, Const, If, NondetCond, Program, Var, While, And

NAMES = ("i", "j", "n", "m", "x", "y", "z", "s")


@dataclass(frozen=True)
class SamplerConfig:
    min_vars: int = 2
    max_vars: int = 6
    nested_share: float = 0.2
    sequential_share: float = 0.2
    nondet_loop_share: float = 0.2


def _add(v: str, e) -> Assign:
    if isinstance(e, Const) and e.value < 0:
        return Assign(v, Bin("-", Var(v), Const(-e.value)))
    return Assign(v, Bin("+", Var(v), e))


def _step(rng, target: str, others: list[str]):
    """An update of ``target``: a constant step, or adding another variable."""
    kind = rng.random()
    if kind < 0.55 or not others:
        return _add(target, Const(int(rng.choice([1, 1, 1, 2, 3, -1]))))
    if kind < 0.8:
        return _add(target, Var(str(rng.choice(others))))
    return Assign(target, Const(int(rng.integers(0, 4))))


def _body(rng, counter: str | None, updated: list[str], everyone: list[str]) -> Block:
    stmts = []
    for v in updated:
        step = _step(rng, v, [w for w in everyone if w != v])
        if rng.random() < 0.3:
            other = _step(rng, v, [w for w in everyone if w != v])
            cond = NondetCond() if rng.random() < 0.6 else \
                Cmp(str(rng.choice(["<", ">=", "=="])), Var(v), Var(str(rng.choice(everyone))))
            stmts.append(If(cond, Block((step,)), Block((other,)) if rng.random() < 0.5 else Block()))
        else:
            stmts.append(step)
    if counter is not None:
        stmts.append(_add(counter, Const(1)))
    return Block(tuple(stmts))


def _loop(rng, config: SamplerConfig, counter: str, bound, updated, everyone) -> While:
    if rng.random() < config.nondet_loop_share:
        return While(NondetCond(), _body(rng, counter, updated, everyone))
    op = str(rng.choice(["<", "<", "<=", "!="]))
    return While(Cmp(op, Var(counter), bound), _body(rng, counter, updated, everyone))


def sample(rng: np.random.Generator, config: SamplerConfig = SamplerConfig(),
           name: str = "p") -> Program:
    n = int(rng.integers(config.min_vars, config.max_vars + 1))
    names = list(NAMES[:n]) if n > 2 else ["i", "n"]
    counter, bound = names[0], names[1] if "n" not in names else "n"
    inputs = [bound] + [v for v in names if v not in (counter, bound) and rng.random() < 0.3]
    stmts: list = []
    for v in names:
        if v not in inputs:
            start = 0 if v == counter else int(rng.choice([0, 0, 0, 1, 2]))
            stmts.append(Assign(v, Const(start)))
    lo = int(rng.choice([0, 0, 1]))
    stmts.append(Assume(Cmp(">=", Var(bound), Const(lo))))
    for v in inputs[1:]:
        if rng.random() < 0.5:
            stmts.append(Assume(And(Cmp(">=", Var(v), Const(0)),
                                    Cmp("<=", Var(v), Const(int(rng.integers(1, 20)))))))
    rest = [v for v in names if v not in (counter, bound)]
    updated = [v for v in rest if rng.random() < 0.8] or rest[:1]
    shape = rng.random()
    if shape < config.nested_share and len(rest) >= 2:
        inner_counter = rest[0]
        inner = While(Cmp("<", Var(inner_counter), Var(bound)),
                      _body(rng, inner_counter, [v for v in updated if v != inner_counter][:1],
                            names))
        outer_body = Block((Assign(inner_counter, Const(0)), inner, _add(counter, Const(1))))
        stmts.append(While(Cmp("<", Var(counter), Var(bound)), outer_body))
    elif shape < config.nested_share + config.sequential_share and rest:
        stmts.append(_loop(rng, config, counter, Var(bound), updated, names))
        second = rest[0]
        stmts.append(Assign(second, Const(0)))
        stmts.append(_loop(rng, config, second, Var(bound), [v for v in updated if v != second][:1],
                           names))
    else:
        stmts.append(_loop(rng, config, counter, Var(bound), updated, names))
    return Program(name, tuple(names), tuple(v for v in names if v in inputs), Block(tuple(stmts)))
