"""Loop-invariant candidates from templates and executions, pruned by Houdini.

The engine cannot invent an invariant; this module proposes one.  Programs are
run on random inputs (``interp``) and the states at each loop head recorded.
Candidates come from templates over the loop's variables (program variables
and the ghost entry values of inputs the loop changes) and the program's
constants ``K`` (with 0, negations, and every ``k ± 1``):

    x >= c, x <= c, x == c, x ± y >= c, x ± y <= c, x - y == c    (c in K)

each kept only when true on every observed state (for each form, the tightest
``KEEP`` constants that hold), plus linear equalities ``a·x + b·y + c·z == d``
(and over all variables at once) fitted exactly: the rational nullspace of the
observed ``[states | 1]``.  ``houdini`` (from ``hoare``) then drops conjuncts
until the rest are inductive.  ``prove`` tries the verification modes in turn.

Which states count depends on the mode (see ``hoare``): ``entered`` drops
arrivals whose guard was false, ``peeled`` also the first visit of every
arrival.  Randomness comes from an explicit ``numpy.random.Generator`` seeded
per call, so a program always gets the same candidates.
"""
from __future__ import annotations

import itertools
import logging
import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Sequence

import numpy as np

from symgen.limits import check

from domains.code import interp
from domains.code.hoare import ENTERED, PEELED, PLAIN, Verification, explore, houdini, verify
from domains.code.linear import Constraint, Space, eq, ge
from domains.code.problem import (And, Assign, BoolConst, Cmp, Cond, Const, Expr, Neg, Nondet, NondetCond, Not, Or,
                                  Program, Var, nodes)
from domains.code.shape import assigned, ghost_names, loops, program_space

log = logging.getLogger(__name__)

KEEP = 4                  # constants kept per template form (the tightest that hold)
RUNS = 300                # executions observed per program
MAX_STEPS = 300           # loop-head visits per execution
LIMIT = 2 ** 40           # states with larger values are left out (int64 products stay exact)
FIT_ROWS = 400            # distinct states used for fitting equalities

__all__ = ["houdini", "observe", "candidates", "simplify", "minimize", "prove", "Proposal"]


# ---------------------------------------------------------------------------
# Observing executions


def _value(e: Expr, s: Mapping[str, int]) -> int:
    if isinstance(e, Var):
        return s[e.name]
    if isinstance(e, Const):
        return e.value
    if isinstance(e, Neg):
        return -_value(e.arg, s)
    if isinstance(e, Nondet):
        raise ValueError("nondeterministic")
    a, b = _value(e.left, s), _value(e.right, s)
    ops = {"+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b,
           "/": lambda: interp.c_div(a, b), "%": lambda: interp.c_mod(a, b)}
    return ops[e.op]()


def _truth(c: Cond, s: Mapping[str, int]) -> bool:
    """The value of a deterministic condition (ValueError for ``*`` or division by 0)."""
    if isinstance(c, Cmp):
        a, b = _value(c.left, s), _value(c.right, s)
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[c.op]
    if isinstance(c, And):
        return _truth(c.left, s) and _truth(c.right, s)
    if isinstance(c, Or):
        return _truth(c.left, s) or _truth(c.right, s)
    if isinstance(c, Not):
        return not _truth(c.arg, s)
    if isinstance(c, BoolConst):
        return c.value
    raise ValueError("nondeterministic")


def _deterministic(c: Cond) -> bool:
    if isinstance(c, NondetCond):
        return False
    if isinstance(c, (And, Or)):
        return _deterministic(c.left) and _deterministic(c.right)
    return _deterministic(c.arg) if isinstance(c, Not) else True


def head_visits(program: Program, trace, mode: str) -> dict[int, list[dict[str, int]]]:
    """The loop-head states of one trace that an invariant must cover in ``mode``."""
    heads = {pid: (k, w) for k, (pid, w) in enumerate(loops(program))}
    out: dict[int, list[dict[str, int]]] = {k: [] for k, _ in heads.values()}
    open_arrival: dict[int, int] = {}          # loop -> visits so far in the current arrival
    for pid, state in trace:
        if pid not in heads:
            continue
        k, w = heads[pid]
        if mode == PLAIN or not _deterministic(w.cond):
            out[k].append(state)
            continue
        try:
            go = _truth(w.cond, state)
        except (ValueError, ZeroDivisionError):
            out[k].append(state)
            continue
        visit = open_arrival.get(k, 0)
        if visit == 0 and not go:                # skipped: the invariant is not needed
            continue
        if not (mode == PEELED and visit == 0):
            out[k].append(state)
        open_arrival[k] = visit + 1 if go else 0
    return out


def observe(program: Program, mode: str = ENTERED, seed: int = 0, runs: int = RUNS,
            max_steps: int = MAX_STEPS, deadline: float = math.inf) -> dict[int, np.ndarray]:
    """Loop id -> distinct observed head states, one row per state over
    ``invariant_names(program)`` (program variables, then ghosts).  Raises
    ``symgen.limits.TimeUp`` once ``deadline`` has passed."""
    check(deadline)
    rng = np.random.default_rng(seed)
    compiled = interp.compile_program(program)
    ghosts = ghost_names(program)
    names = list(program.variables) + list(ghosts.values())
    rows: dict[int, set[tuple[int, ...]]] = {k: set() for k in range(len(loops(program)))}
    for _ in range(runs):
        check(deadline)
        inputs = interp.random_inputs(program, rng)
        choices = interp.choices_from(rng, float(rng.uniform(0.05, 0.95)))
        run = compiled.run(inputs, choices, max_steps=max_steps, deadline=deadline)
        entry = {g: inputs[v] for v, g in ghosts.items()}
        for k, states in head_visits(program, run.trace, mode).items():
            for s in states:
                row = tuple(s[n] if n in s else entry[n] for n in names)
                if all(abs(x) < LIMIT for x in row):
                    rows[k].add(row)
    return {k: np.array(sorted(r), dtype=np.int64).reshape(len(r), len(names)) for k, r in rows.items()}


# ---------------------------------------------------------------------------
# Templates


def constants(program: Program) -> list[int]:
    """0, the program's constants and their negations, and each of them ± 1."""
    found = {0} | {n.value for n in nodes(program.body) if isinstance(n, Const)}
    return sorted({s * c + d for c in found for s in (1, -1) for d in (-1, 0, 1)})


def _mentioned(program: Program) -> set[str]:
    """The variables some statement reads or writes."""
    found = list(nodes(program.body))
    return {n.name for n in found if isinstance(n, Var)} | {n.var for n in found if isinstance(n, Assign)}


def loop_names(program: Program, loop: int, deadline: float = math.inf) -> tuple[list[str], set[str]]:
    """The names templates of ``loop`` range over, and those the loop changes (a
    candidate must mention one of those): the program variables the program uses, and the
    ghost of an input whose entry value some changed variable still holds on arrival."""
    pid, w = loops(program)[loop]
    changed = assigned(w.body)
    ghosts = ghost_names(program)
    used = _mentioned(program)
    names = [v for v in program.variables if v in used]
    tree = explore(program, {}, ENTERED, deadline)
    check(deadline)
    space = tree.space
    wanted = set()
    for step in tree.obligations(("loop entry",)):
        if step.loop != loop:
            continue
        env = tree.states[step.parent].env
        for v in changed:
            wanted |= {space.names[i] for i in env[v].variables()}
    names += [g for g in ghosts.values() if g in wanted]
    return names, set(changed)


def _forms(names: Sequence[str]) -> list[dict[str, int]]:
    """The template directions: ±x, ±(x - y), ±(x + y)."""
    out = []
    for x in names:
        out += [{x: 1}, {x: -1}]
    for x, y in itertools.combinations(names, 2):
        out += [{x: 1, y: -1}, {x: -1, y: 1}, {x: 1, y: 1}, {x: -1, y: -1}]
    return out


def _template_candidates(space: Space, columns: dict[str, int], states: np.ndarray, names: Sequence[str],
                         changed: set[str], ks: Sequence[int], deadline: float) -> list[Constraint]:
    out = []
    for form in _forms(names):
        if not changed & form.keys():
            continue
        check(deadline)
        values = sum(a * states[:, columns[v]] for v, a in form.items())
        low = int(values.min()) if len(states) else None
        poly = sum((space.var(v) * a for v, a in form.items()), space.zero())
        held = [c for c in ks if low is None or c <= low]        # form >= c on every state
        for c in sorted(held, reverse=True)[:KEEP]:
            out.append(ge(poly - c))
        if low is not None and int(values.max()) == low and list(form.values()) in ([1], [1, -1]):
            out.append(eq(poly - low))                           # x == c, x - y == c
    return out


def _nullspace(rows: np.ndarray, deadline: float = math.inf) -> list[list[Fraction]]:
    """A basis of ``{w : [rows | 1] · w == 0}`` over the rationals (reduced echelon form)."""
    n = rows.shape[1] + 1
    basis: list[list[Fraction]] = []          # reduced rows, each with its pivot column
    pivots: list[int] = []
    for raw in rows[:FIT_ROWS]:
        check(deadline)
        r = [Fraction(int(x)) for x in raw] + [Fraction(1)]
        for b, p in zip(basis, pivots):
            if r[p]:
                f = r[p]
                r = [x - f * y for x, y in zip(r, b)]
        lead = next((j for j, x in enumerate(r) if x), None)
        if lead is None:
            continue
        r = [x / r[lead] for x in r]
        for i, b in enumerate(basis):
            if b[lead]:
                f = b[lead]
                basis[i] = [x - f * y for x, y in zip(b, r)]
        basis.append(r)
        pivots.append(lead)
        if len(basis) == n:
            return []
    free = [j for j in range(n) if j not in pivots]
    out = []
    for j in free:
        w = [Fraction(0)] * n
        w[j] = Fraction(1)
        for b, p in zip(basis, pivots):
            w[p] = -b[j]
        out.append(w)
    return out


def _fitted(space: Space, columns: dict[str, int], states: np.ndarray, names: Sequence[str],
            changed: set[str], deadline: float) -> list[Constraint]:
    """Equalities over 2 or 3 of ``names`` (when the fit is unique) and over all of them."""
    if len(states) == 0:
        return []
    out = []
    subsets = [c for r in (2, 3) for c in itertools.combinations(names, r)] + [tuple(names)]
    for subset in subsets:
        if not changed & set(subset):
            continue
        check(deadline)
        cols = np.unique(states[:, [columns[v] for v in subset]], axis=0)
        basis = _nullspace(cols, deadline)
        if len(subset) <= 3 and len(basis) != 1:
            continue
        for w in basis:
            poly = sum((space.var(v) * c for v, c in zip(subset, w) if c), space.const(w[-1]))
            c = eq(poly)
            if not c.is_ground and changed & {space.names[i] for i in c.variables()}:
                out.append(c)
    return out


def candidates(program: Program, observed: Mapping[int, np.ndarray],
               deadline: float = math.inf) -> dict[int, list[Constraint]]:
    """Loop id -> template candidates true on every observed head state (``TimeUp``
    once ``deadline`` has passed)."""
    space = program_space(program)
    names_all = list(program.variables) + list(ghost_names(program).values())
    columns = {n: i for i, n in enumerate(names_all)}
    ks = constants(program)
    out = {}
    for k in range(len(loops(program))):
        names, changed = loop_names(program, k, deadline)
        states = observed.get(k, np.zeros((0, len(names_all)), dtype=np.int64))
        found = _template_candidates(space, columns, states, names, changed, ks, deadline)
        found += _fitted(space, columns, states, names, changed, deadline)
        out[k] = list(dict.fromkeys(found))
    return out


# ---------------------------------------------------------------------------
# The prover


def simplify(conjuncts: Sequence[Constraint]) -> list[Constraint]:
    """Drop conjuncts another one syntactically implies: of ``p + c >= 0`` with the same
    ``p`` keep the smallest ``c``; drop ``p + c >= 0`` when ``p + d == 0`` is there with
    ``d <= c``, or ``-p - d == 0`` with ``-d <= c``.  Order is kept."""
    key_of = {}
    for c in conjuncts:
        lin = c.poly - c.poly.constant()
        key_of[c] = lin
    eqs = {}
    for c in conjuncts:
        if c.kind == "eq":
            eqs[key_of[c]] = c.poly.constant()
            eqs[-key_of[c]] = -c.poly.constant()
    best: dict = {}
    for c in conjuncts:
        if c.kind == "ge":
            k, const = key_of[c], c.poly.constant()
            if k not in best or const < best[k]:
                best[k] = const
    out = []
    for c in dict.fromkeys(conjuncts):
        if c.kind == "ge":
            k, const = key_of[c], c.poly.constant()
            if const != best[k] or (k in eqs and eqs[k] <= const):
                continue
        out.append(c)
    return out


def minimize(program: Program, invariants: Mapping[int, Sequence[Constraint]], mode: str,
             deadline: float | None = None) -> dict[int, list[Constraint]]:
    """Greedily drop conjuncts the proof does not need (last first): a conjunct goes when
    the asserts are still proved without it.  Assumes ``invariants`` proves them."""
    current = {k: simplify(v) for k, v in invariants.items()}
    for k in sorted(current):
        for c in list(reversed(current[k])):
            if deadline is not None and time.perf_counter() > deadline:
                return current
            trial = dict(current)
            trial[k] = [x for x in current[k] if x != c]
            if verify(program, trial, deadline, mode).proved:
                current = trial
    return current


@dataclass
class Proposal:
    """What ``prove`` tried: the verification of its best invariant, and the counts."""

    verification: Verification
    mode: str
    candidates: int
    seconds: float


def prove(program: Program, deadline: float | None = None, modes: Sequence[str] = (ENTERED, PEELED),
          seed: int = 0, minimal: bool = False) -> Proposal:
    """Propose invariants for every loop of ``program`` and verify its asserts with them:
    per mode, observe, generate candidates, Houdini, verify; the first mode that
    proves every assert wins (else the last one tried).  ``minimal`` then drops the
    conjuncts the proof does not need."""
    start = time.perf_counter()
    result = None
    for mode in modes:
        limit = math.inf if deadline is None else deadline
        observed = observe(program, mode, seed, deadline=limit)
        cands = candidates(program, observed, limit)
        inv = houdini(program, cands, deadline, mode)
        inv = {k: simplify(v) for k, v in inv.items()}
        v = verify(program, inv, deadline, mode)
        if v.proved and minimal:
            v = verify(program, minimize(program, inv, mode, deadline), deadline, mode)
        result = Proposal(v, mode, sum(map(len, cands.values())), time.perf_counter() - start)
        log.info("%s: mode %s, %d candidates, proved %s", program.name, mode, result.candidates, v.proved)
        if v.proved or (deadline is not None and time.perf_counter() > deadline):
            break
    return result
