"""Verification of loop programs: linear facts, Hoare-style proofs, Houdini, the checker."""
from dataclasses import replace
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domains.code.check import ProofError, check
from domains.code.hoare import ENTERED, MODES, PEELED, PLAIN, infer_own, parse_invariant, verify
from domains.code.invariants import houdini, prove
from domains.code.linear import FALSE, Farkas, cond_dnf, eq, ge, implies
from domains.code.parse import parse_program
from domains.code.problem import (And, Assert, Assign, Assume, Bin, Block, Cmp, Const, If, Nondet, NondetCond, Not,
                                  Program, Var, While)
from domains.code.shape import ghost_names, loops, program_space

COUNT = """program count
var n; var i = 0;
assume(n >= 0);
while (i < n) { i = i + 1; }
assert(i == n);
"""


def program(text: str) -> Program:
    return parse_program(text)


def proved(text: str, invariants: dict[int, str], mode: str = ENTERED) -> bool:
    p = program(text)
    v = verify(p, {k: parse_invariant(p, t) for k, t in invariants.items()}, mode=mode)
    check(v)
    return v.proved


# ---------------------------------------------------------------------------
# linear


def test_strict_comparison_is_tightened_for_integers():
    space = program_space(program(COUNT))
    (conj,), = cond_dnf(Cmp("<", Var("i"), Var("n")), space.var, space.size).disjuncts
    assert conj == ge(space.var("n") - space.var("i") - 1)


def test_not_equal_is_a_disjunction():
    space = program_space(program(COUNT))
    assert len(cond_dnf(Cmp("!=", Var("i"), Var("n")), space.var, space.size).disjuncts) == 2


def test_product_of_variables_is_unknown():
    space = program_space(program(COUNT))
    dnf = cond_dnf(Cmp("<", Bin("*", Var("i"), Var("n")), Const(3)), space.var, space.size)
    assert not dnf.exact


def test_implication_has_an_exact_certificate():
    space = program_space(program(COUNT))
    i, n = space.var("i"), space.var("n")
    cert = implies([ge(i - 1), ge(n - i)], ge(n - 1))
    assert cert is not None and cert.method == "sum"


def test_contradictory_hypotheses_imply_anything():
    space = program_space(program(COUNT))
    i, n = space.var("i"), space.var("n")
    assert implies([ge(i - 1), ge(-i)], eq(n - 7)).method == "contradiction"


def test_integer_normal_form_rounds_the_constant():
    space = program_space(program(COUNT))
    i = space.var("i")
    assert ge(i * 2 - 1) == ge(i - 1) and eq(i * 2 - 1) == FALSE(space.size)


def test_non_implication_has_no_certificate():
    space = program_space(program(COUNT))
    i, n = space.var("i"), space.var("n")
    assert implies([ge(n - i)], ge(i - n)) is None


# ---------------------------------------------------------------------------
# verify


def test_loop_ids_are_preorder():
    p = program("program t\nvar a;\nwhile (a > 0) { while (a > 5) { a = a - 1; } a = a - 1; }\n"
                "while (a < 0) { a = a + 1; }\n")
    assert [pid for pid, _ in loops(p)] == [(0,), (0, 0, 0), (1,)]


def test_counting_loop_needs_an_auxiliary_invariant():
    p = program(COUNT)
    assert not verify(p, infer_own(p)).proved
    assert proved(COUNT, {0: "i <= n"})


def test_engine_alone_proves_a_frame_fact():
    text = ("program t\nvar n; var c = 0;\nassume(n > 0);\nwhile (*) { c = c + 1; }\n"
            "if (c == n) { assert(n > -1); }\n")
    p = program(text)
    assert verify(p, infer_own(p)).proved


@pytest.mark.parametrize("mode", MODES)
def test_invariant_false_on_entry_is_rejected(mode):
    assert not proved(COUNT, {0: "i == n"}, mode)


@pytest.mark.parametrize("text", [
    COUNT.replace("assert(i == n)", "assert(i == n + 1)"),
    "program t\nvar x = 0;\nwhile (*) { x = x + 1; }\nassert(x <= 5);\n",
    "program t\nvar x = 0;\nif (*) { x = 1; } else { x = 2; }\nassert(x == 1);\n",
    "program t\nvar n; var i = 0;\nassume(n > 0);\nwhile (i < n) { i = i + 2; }\nassert(i == n);\n",
    "program t\nvar n; var x;\nx = n;\nwhile (x > 1) { x = x - 1; }\nif (n >= 0) { assert(x == 1); }\n",
    "program t\nvar x; var y;\ny = x * x;\nassert(y >= 1);\n",
    "program t\nvar a; var b = 0;\nwhile (a > 0) { a = a - 1; b = b + 2; }\nassert(b != 4);\n",
])
def test_false_assert_is_never_proved(text):
    p = program(text)
    for mode in MODES:
        assert not verify(p, infer_own(p, mode=mode), mode=mode).proved
    result = prove(p, modes=MODES)
    check(result.verification)
    assert not result.verification.proved


def test_nondeterministic_branches_are_both_followed():
    text = "program t\nvar x = 0;\nif (*) { x = 1; } else { x = 2; }\nassert(x >= 1 && x <= 2);\n"
    assert proved(text, {})


def test_sequential_loops():
    text = ("program t\nvar n; var i = 0, j = 0;\nassume(n >= 0);\n"
            "while (i < n) { i = i + 1; }\nwhile (j < i) { j = j + 1; }\nassert(j == n);\n")
    assert proved(text, {0: "i <= n", 1: "j <= i"})
    assert not proved(text, {0: "i <= n"})


def test_nested_loops_are_proved_by_the_proposer():
    text = ("program t\nvar n; var i = 0, j = 0, s = 0;\nassume(n >= 0);\n"
            "while (i < n) { j = 0; while (j < i) { j = j + 1; s = s + 1; } i = i + 1; }\n"
            "assert(i == n && s >= 0);\n")
    result = prove(program(text))
    check(result.verification)
    assert result.verification.proved


def test_ghost_entry_value_in_an_invariant():
    text = "program t\nvar x; var y = 0;\nassume(x >= 0);\nwhile (x > 0) { x = x - 1; y = y + 1; }\nassert(y >= 0);\n"
    assert ghost_names(program(text)) == {"x": "x0"}
    assert proved(text, {0: "x + y == x0 && x >= 0"})
    assert not proved(text, {0: "x + y == x0 + 1 && x >= 0"})


def test_peeled_mode_proves_what_holds_after_one_iteration():
    text = ("program t\nvar n, y, z; var x = 0;\nwhile (x < n) { x = x + 1; if (z <= y) { y = z; } }\n"
            "if (n > 0) { assert(z >= y); }\n")
    assert proved(text, {0: "z >= y"}, PEELED)
    assert not proved(text, {0: "z >= y"}, ENTERED)


# ---------------------------------------------------------------------------
# check


@pytest.fixture(scope="module")
def counting_proof():
    p = program(COUNT)
    v = verify(p, {0: parse_invariant(p, "i <= n")})
    check(v)
    return v


def _first_certified(v, rule):
    return next(s for s in v.steps if s.rule == rule and s.certificates and s.certificates[0] is not None)


def test_tampered_certificate_fails_the_checker(counting_proof):
    v = counting_proof
    step = _first_certified(v, "loop step")
    cert = step.certificates[0]
    part = cert.parts[0]
    bad = replace(cert, parts=(replace(part, const=part.const + 1),) + cert.parts[1:])
    steps = list(v.steps)
    steps[step.index] = replace(step, certificates=(bad,) + step.certificates[1:])
    with pytest.raises(ProofError, match=f"step {step.index}"):
        check(replace(v, steps=steps))


def test_negative_multiplier_fails_the_checker(counting_proof):
    v = counting_proof
    step = _first_certified(v, "assert")
    cert = step.certificates[0]
    flipped = Farkas(tuple((i, -c) for i, c in cert.parts[0].coeffs), cert.parts[0].const)
    steps = list(v.steps)
    steps[step.index] = replace(step, certificates=(replace(cert, parts=(flipped,) + cert.parts[1:]),))
    with pytest.raises(ProofError):
        check(replace(v, steps=steps))


def test_dropped_path_fails_the_checker(counting_proof):
    v = counting_proof
    skip = next(s for s in v.steps if s.tag == "skip")
    steps = [s for s in v.steps if s.index != skip.index and skip.index not in s.cites]
    with pytest.raises(ProofError):
        check(replace(v, steps=steps))


def test_false_discharge_claim_fails_the_checker():
    p = program(COUNT)
    v = verify(p, {})
    assert not v.proved
    claimed = [replace(a, discharged=True) for a in v.asserts]
    with pytest.raises(ProofError, match="assert 0"):
        check(replace(v, asserts=claimed))


def test_changed_fact_fails_the_checker(counting_proof):
    v = counting_proof
    step = next(s for s in v.steps if s.rule == "assume")
    space = v.space
    steps = list(v.steps)
    steps[step.index] = replace(step, facts=(ge(space.var("n0") - 5),))
    with pytest.raises(ProofError):
        check(replace(v, steps=steps))


# ---------------------------------------------------------------------------
# soundness on random programs: accepted invariants hold in every simulated run

VARS = ("a", "b", "c")


def _expr(draw, depth=0):
    kind = draw(st.sampled_from(["const", "var", "add", "sub", "mul", "nondet"] if depth == 0 else ["const", "var"]))
    if kind == "const":
        return Const(draw(st.integers(-3, 3)))
    if kind == "var":
        return Var(draw(st.sampled_from(VARS)))
    if kind == "nondet":
        return Nondet()
    op = {"add": "+", "sub": "-", "mul": "*"}[kind]
    return Bin(op, _expr(draw, 1), _expr(draw, 1))


def _cond(draw, depth=0):
    kind = draw(st.sampled_from(["cmp", "cmp", "nondet", "and", "not"] if depth == 0 else ["cmp"]))
    if kind == "nondet":
        return NondetCond()
    if kind == "and":
        return And(_cond(draw, 1), _cond(draw, 1))
    if kind == "not":
        return Not(_cond(draw, 1))
    op = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
    return Cmp(op, Var(draw(st.sampled_from(VARS))), _expr(draw, 1))


def _block(draw, depth, length):
    stmts = []
    for _ in range(draw(st.integers(1, length))):
        kind = draw(st.sampled_from(["assign", "assign", "assign", "if", "while", "assume", "assert"]
                                    if depth < 2 else ["assign", "assign", "assert"]))
        if kind == "assign":
            stmts.append(Assign(draw(st.sampled_from(VARS)), _expr(draw)))
        elif kind == "assume":
            stmts.append(Assume(_cond(draw, 1)))
        elif kind == "assert":
            stmts.append(Assert(_cond(draw)))
        elif kind == "if":
            stmts.append(If(_cond(draw), _block(draw, depth + 1, 2), _block(draw, depth + 1, 1)))
        else:
            stmts.append(While(_cond(draw), _block(draw, depth + 1, 3)))
    return Block(tuple(stmts))


@st.composite
def programs(draw):
    inputs = tuple(v for v in VARS if draw(st.booleans()))
    return Program("random", VARS, inputs, _block(draw, 0, 4))


class _Stop(Exception):
    pass


def _value(e, s, rng):
    if isinstance(e, Var):
        return s[e.name]
    if isinstance(e, Const):
        return e.value
    if isinstance(e, Nondet):
        return int(rng.integers(-5, 6))
    a, b = _value(e.left, s, rng), _value(e.right, s, rng)
    return {"+": a + b, "-": a - b, "*": a * b}[e.op]


def _test(c, s, rng):
    if isinstance(c, NondetCond):
        return bool(rng.integers(0, 2))
    if isinstance(c, And):
        return _test(c.left, s, rng) and _test(c.right, s, rng)
    if isinstance(c, Not):
        return not _test(c.arg, s, rng)
    a, b = _value(c.left, s, rng), _value(c.right, s, rng)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b, "==": a == b, "!=": a != b}[c.op]


def _run(block, s, rng, record, prefix=(), budget=None):
    """A tiny evaluator: ``record(loop pid, visit number in this arrival, guard value, state)``."""
    budget = budget if budget is not None else [300]
    for i, stmt in enumerate(block.stmts):
        pid = prefix + (i,)
        if isinstance(stmt, Assign):
            s[stmt.var] = _value(stmt.expr, s, rng)
            if abs(s[stmt.var]) > 2 ** 64:          # x = x * x in a loop: 2**300 bits otherwise
                raise _Stop("overflow")
        elif isinstance(stmt, Assume) and not _test(stmt.cond, s, rng):
            raise _Stop("blocked")
        elif isinstance(stmt, Assert):
            record(pid, None, _test(stmt.cond, s, rng), dict(s))
        elif isinstance(stmt, If):
            taken = _test(stmt.cond, s, rng)
            _run(stmt.then if taken else stmt.orelse, s, rng, record, pid + ((0 if taken else 1),), budget)
        elif isinstance(stmt, While):
            visit = 0
            while True:
                budget[0] -= 1
                if budget[0] < 0:
                    raise _Stop("timeout")
                snapshot = dict(s)
                go = _test(stmt.cond, s, rng)
                record(pid, visit, go, snapshot)
                if not go:
                    break
                visit += 1
                _run(stmt.body, s, rng, record, pid + (0,), budget)


def _must_hold(mode, visit, entered):
    """Whether the invariant must hold at this visit in ``mode``."""
    if mode == PLAIN:
        return True
    if mode == ENTERED:
        return entered
    return entered and visit > 0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.sampled_from(MODES), st.integers(0, 2**32 - 1), st.data())
def test_accepted_invariants_hold_on_every_execution(p, mode, seed, data):
    space = program_space(p)
    names = list(p.variables) + list(ghost_names(p).values())
    pool = [ge(space.var(x) - c) for x in names for c in (-1, 0, 1)]
    pool += [ge(space.var(y) - space.var(x) - c) for x in names for y in names if x != y for c in (0, 1)]
    pool += [eq(space.var(x) - space.var(y)) for x in names for y in names if x < y]
    candidates = {k: data.draw(st.lists(st.sampled_from(pool), max_size=6)) for k in range(len(loops(p)))}
    v = verify(p, houdini(p, candidates, mode=mode), mode=mode, max_states=512)
    check(v)
    heads = {pid: k for k, (pid, _) in enumerate(loops(p))}
    # a guard that says nothing either way is handled as in plain mode (see hoare.while_)
    plain_guard = {pid: cond_dnf(w.cond, space.var, space.size).is_true
                   and cond_dnf(w.cond, space.var, space.size, True).is_true for pid, w in loops(p)}
    discharged = {a.point for a in v.asserts if a.discharged}
    rng = np.random.default_rng(seed)
    for _ in range(30):
        inputs = {x: int(rng.integers(-6, 7)) for x in p.inputs}
        state = {x: inputs.get(x, 0) for x in p.variables}
        ghosts = {g: inputs[x] for x, g in ghost_names(p).items()}
        entered: dict = {}

        def record(pid, visit, ok, s):
            if visit is None:                     # an assert
                assert ok or pid not in discharged, f"discharged assert at {pid} fails on {s}"
                return
            if visit == 0:
                entered[pid] = ok
            k = heads[pid]
            if k not in v.valid_loops:
                return
            must = True if plain_guard[pid] else _must_hold(mode, visit, entered[pid])
            if must:
                point = space.point({**s, **ghosts})
                for c in v.invariants.get(k, ()):
                    assert c.holds(point), f"invariant {c.text(space.names)} of loop {k} fails on {s}"
        try:
            _run(p.body, state, rng, record)
        except _Stop:
            pass


def test_invariant_over_a_symbol_fails_the_checker(counting_proof):
    v = counting_proof
    sneaky = ge(v.space.var("i@1"))
    with pytest.raises(ProofError, match="neither program variables nor ghosts"):
        check(replace(v, invariants={0: v.invariants[0] + (sneaky,)}))


def test_a_fraction_certificate_is_exact(counting_proof):
    for s in counting_proof.steps:
        for cert in s.certificates:
            for part in cert.parts:
                assert all(isinstance(c, Fraction) for _, c in part.coeffs)
