"""An independent checker for ``hoare``'s proofs of loop programs.

``check(verification)`` replays a proof without the prover: it walks the program
again with its own worklist of continuations (not ``hoare``'s recursion),
predicts every step each path must have -- the entry binding, each assignment's
value or a fresh symbol, each disjunct of each assume and branch, the loop
obligations and heads in the verification's mode -- and finds it among the
children of the previous step on the path.  Every step of the proof must be
predicted and every predicted step present.  Every certificate is re-expanded
with ``Fraction`` arithmetic against the path condition the checker itself
accumulated, and the claims (valid loops, discharged asserts) are re-derived.
A fresh symbol must be a name of the space that no earlier step on its path
mentions.  What it shares with the prover is only the meaning of the language:
``linear``'s translation of conditions and expressions and its normal form.

Any failure raises ``ProofError`` naming the step.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Mapping, Sequence

from domains.code.hoare import Step, Verification
from domains.code.linear import (EQ, GE, Certificate, Constraint, Farkas, cond_dnf, negations, normal,
                                 substitute, to_linear)
from domains.code.problem import Assert, Assign, Assume, Block, If, Stmt, While
from symgen.algebra.poly import Poly

_OBLIGATIONS = ("loop entry", "loop step", "assert")


class ProofError(Exception):
    """A proof step that does not check; ``step`` is its index (None: the whole proof)."""

    def __init__(self, step: int | None, reason: str) -> None:
        super().__init__(f"step {step}: {reason}" if step is not None else reason)
        self.step = step


# ---------------------------------------------------------------------------
# Certificates, re-expanded


def _expand(hyps: Sequence[Constraint], f: Farkas, negated: Constraint | None, nvars: int) -> dict | None:
    """``Σ c_i h_i + neg·negated + const`` as monomial -> Fraction; None on a bad multiplier."""
    if not isinstance(f.const, (int, Fraction)) or f.const < 0 or f.neg < 0:
        return None
    if f.neg and negated is None:
        return None
    total: dict = {}

    def add(poly: Poly, c: Fraction) -> None:
        for m, v in poly.terms.items():
            total[m] = total.get(m, Fraction(0)) + v * c

    for i, c in f.coeffs:
        if not 0 <= i < len(hyps) or (hyps[i].kind == GE and c <= 0):
            return None
        add(hyps[i].poly, Fraction(c))
    if f.neg:
        add(negated.poly, Fraction(f.neg))
    if f.const:
        key = (0,) * nvars
        total[key] = total.get(key, Fraction(0)) + f.const
    return {m: v for m, v in total.items() if v}


def _is_negative_constant(terms: dict | None) -> bool:
    return terms is not None and all(sum(m) == 0 for m in terms) and sum(terms.values(), Fraction(0)) < 0


def _proves(hyps: Sequence[Constraint], goal: Constraint, cert: Certificate) -> bool:
    parts, n = cert.parts, goal.poly.nvars
    if cert.method == "sum":
        return goal.kind == GE and len(parts) == 1 and _expand(hyps, parts[0], None, n) == goal.poly.terms
    if cert.method == "pair":
        minus = {m: -v for m, v in goal.poly.terms.items()}
        return (goal.kind == EQ and len(parts) == 2 and _expand(hyps, parts[0], None, n) == goal.poly.terms
                and _expand(hyps, parts[1], None, n) == minus)
    if cert.method == "contradiction":
        return len(parts) == 1 and _is_negative_constant(_expand(hyps, parts[0], None, n))
    if cert.method == "negation":
        negs = negations(goal)
        return len(parts) == len(negs) and all(
            _is_negative_constant(_expand(hyps, f, neg, n)) for f, neg in zip(parts, negs))
    return False


# ---------------------------------------------------------------------------
# Replaying the paths


@dataclass(frozen=True)
class _State:
    step: int
    env: Mapping[str, Poly]
    pc: tuple[Constraint, ...]
    used: frozenset[str]              # names mentioned on the path so far


def _names(poly: Poly, names: Sequence[str]) -> set[str]:
    return {names[i] for i in poly.variables()}


def _assigned(node: Stmt | Block) -> set[str]:
    if isinstance(node, Assign):
        return {node.var}
    if isinstance(node, Block):
        return set().union(*(_assigned(s) for s in node.stmts)) if node.stmts else set()
    if isinstance(node, If):
        return _assigned(node.then) | _assigned(node.orelse)
    if isinstance(node, While):
        return _assigned(node.body)
    return set()


def _blocks(s: Stmt) -> tuple[Block, ...]:
    if isinstance(s, If):
        return s.then, s.orelse
    if isinstance(s, While):
        return (s.body,)
    return (s,) if isinstance(s, Block) else ()


class _Replay:
    def __init__(self, v: Verification) -> None:
        self.v, self.steps, self.program = v, v.steps, v.program
        self.names, self.n = v.space.names, v.space.size
        self.children: dict[int | None, list[int]] = {}
        for s in self.steps:
            self.children.setdefault(s.parent, []).append(s.index)
        self.seen: set[int] = set()
        self.loop_ids: dict[tuple[int, ...], int] = {}
        self.assert_ids: dict[tuple[int, ...], int] = {}

    # -- matching ----------------------------------------------------------
    def take(self, parent: int | None, point, tag: str, rule: str, facts=(), cases=()) -> Step:
        """The unseen child of ``parent`` with this shape."""
        for i in self.children.get(parent, []):
            s = self.steps[i]
            if (i not in self.seen and s.point == point and s.tag == tag and s.rule == rule
                    and s.facts == tuple(facts) and s.cases == tuple(cases)):
                self.seen.add(i)
                return s
        raise ProofError(parent, f"missing a {rule} step at {point} ({tag or '-'}) after it")

    def follow(self, st: _State | None, step: Step, facts, binding: Mapping[str, Poly]) -> _State:
        env = dict(st.env) if st else {}
        env.update(binding)
        used = set(st.used) if st else set()
        for c in facts:
            used |= _names(c.poly, self.names)
        for p in binding.values():
            used |= _names(p, self.names)
        pc = (st.pc if st else ()) + tuple(facts)
        return _State(step.index, env, pc, frozenset(used))

    def dnf(self, cond, st: _State, negate=False):
        return cond_dnf(cond, st.env.__getitem__, self.n, negate)

    def fresh(self, step: Step, st: _State, vars_: set[str]) -> dict[str, Poly]:
        """The binding of ``step``, checked to give each of ``vars_`` a distinct unused symbol."""
        binding = dict(step.binding)
        if set(binding) != vars_ or len(step.binding) != len(binding):
            raise ProofError(step.index, f"binds {sorted(binding)}, expected {sorted(vars_)}")
        chosen = set()
        for v, p in binding.items():
            names = _names(p, self.names)
            ok = (len(p.terms) == 1 and len(names) == 1 and list(p.terms.values())[0] == 1
                  and p.degree() == 1)
            name = next(iter(names)) if names else None
            if not ok or name in st.used or name in chosen or name in self.program.variables:
                raise ProofError(step.index, f"{v} is not bound to a fresh symbol")
            chosen.add(name)
        return binding

    def instantiate(self, k: int, env: Mapping[str, Poly]) -> tuple[Constraint, ...]:
        inv = self.v.invariants.get(k, ())
        index = {n: i for i, n in enumerate(self.names)}
        mapping = {i: Poly.var(i, self.n) for i in range(self.n)}
        mapping.update({index[x]: env[x] for x in self.program.variables})
        return tuple(normal(substitute(c.poly, mapping, self.n), c.kind) for c in inv)

    # -- the worklist --------------------------------------------------------
    def run(self) -> None:
        program = self.program
        self.number(program.body, ())
        entry = self.take(None, (), "", "entry")
        binding = dict(entry.binding)
        if set(binding) != set(program.variables) or len(entry.binding) != len(program.variables):
            raise ProofError(entry.index, "the entry binding must bind every variable once")
        ghosts = set()
        for v in program.variables:
            p = binding[v]
            if v in program.inputs:
                names = _names(p, self.names)
                if len(p.terms) != 1 or len(names) != 1 or p.degree() != 1 or list(p.terms.values())[0] != 1 \
                        or names & set(program.variables) or names & ghosts:
                    raise ProofError(entry.index, f"input {v} must start as its own ghost")
                ghosts |= names
            elif not p.is_zero():
                raise ProofError(entry.index, f"{v} must start at 0")
        allowed = ghosts | set(program.variables)
        for k, inv in self.v.invariants.items():
            if k not in self.loop_ids.values() and inv:
                raise ProofError(None, f"an invariant for loop {k}, which the program does not have")
            stray = {n for c in inv for n in _names(c.poly, self.names)} - allowed
            if stray:
                raise ProofError(None, f"invariant of loop {k} mentions {sorted(stray)}, "
                                       "neither program variables nor ghosts")
        work = [(self.follow(None, entry, (), binding), self.items(program.body, ()))]
        while work:
            st, todo = work.pop()
            if todo:
                work += [(s, t + todo[1:]) for s, t in self.advance(st, todo[0])]
        extra = set(range(len(self.steps))) - self.seen
        if extra:
            raise ProofError(min(extra), "a step no path of the program has")

    def number(self, block: Block, prefix) -> None:
        for i, s in enumerate(block.stmts):
            pid = prefix + (i,)
            if isinstance(s, While):
                self.loop_ids[pid] = len(self.loop_ids)
            if isinstance(s, Assert):
                self.assert_ids[pid] = len(self.assert_ids)
            for k, child in enumerate(_blocks(s)):
                self.number(child, pid + (k,))

    @staticmethod
    def items(block: Block, prefix) -> tuple:
        return tuple(("stmt", prefix + (i,), s) for i, s in enumerate(block.stmts))

    def advance(self, st: _State, item) -> list[tuple[_State, tuple]]:
        """The successors of one work item: (state, items to do before the rest)."""
        kind = item[0]
        if kind == "close":                       # the end of one path through a loop body
            _, pid, k, head = item
            step = self.take(st.step, pid, "", "loop step", self.instantiate(k, st.env))
            if step.loop != k or step.cites[1:2] != (head,):
                raise ProofError(step.index, "a loop step must name its loop and cite its loop head")
            self.obligation(step, st.pc)
            return []
        if kind == "loop":
            return self.loop(st, item[1], item[2])
        _, pid, stmt = item
        if isinstance(stmt, Block):
            return [(st, self.items(stmt, pid + (0,)))]
        if isinstance(stmt, Assign):
            return self.assign(st, pid, stmt)
        if isinstance(stmt, Assume):
            return [(self.follow(st, s, s.facts, {}), ()) for s in
                    (self.take(st.step, pid, "", "assume", d) for d in self.dnf(stmt.cond, st).disjuncts)]
        if isinstance(stmt, Assert):
            self.assert_(st, pid, stmt)
            return [(st, ())]
        if isinstance(stmt, If):
            out = []
            for tag, negate, block, k in (("then", False, stmt.then, 0), ("else", True, stmt.orelse, 1)):
                for d in self.dnf(stmt.cond, st, negate).disjuncts:
                    s = self.take(st.step, pid, tag, "branch", d)
                    out.append((self.follow(st, s, d, {}), self.items(block, pid + (k,))))
            return out
        return self.while_(st, pid, stmt)

    def assign(self, st: _State, pid, stmt: Assign) -> list:
        step = self.take(st.step, pid, "", "assign")
        value = to_linear(stmt.expr, st.env.__getitem__, self.n)
        if value is not None:
            if step.binding != ((stmt.var, value),):
                raise ProofError(step.index, f"{stmt.var} must be bound to its value")
            binding = {stmt.var: value}
        else:
            binding = self.fresh(step, st, {stmt.var})
        return [(self.follow(st, step, (), binding), ())]

    def assert_(self, st: _State, pid, stmt: Assert) -> None:
        goal = self.dnf(stmt.cond, st)
        if not goal.exact:
            self.take(st.step, pid, "inexact", "assert")
        elif len(goal.disjuncts) == 1:
            self.obligation(self.take(st.step, pid, "", "assert", goal.disjuncts[0]), st.pc)
        else:
            cases = self.dnf(stmt.cond, st, negate=True).disjuncts
            self.obligation(self.take(st.step, pid, "", "assert", (), cases), st.pc)

    def while_(self, st: _State, pid, w: While) -> list:
        guard, exit_ = self.dnf(w.cond, st), self.dnf(w.cond, st, negate=True)
        if self.v.mode == "plain" or (guard.is_true and exit_.is_true):
            return self.loop(st, pid, w)
        out = []
        for d in exit_.disjuncts:
            s = self.take(st.step, pid, "skip", "branch", d)
            out.append((self.follow(st, s, d, {}), ()))
        for d in guard.disjuncts:
            s = self.take(st.step, pid, "enter", "branch", d)
            arrival = self.follow(st, s, d, {})
            if self.v.mode == "peeled":
                out.append((arrival, self.items(w.body, pid + (0,)) + (("loop", pid, w),)))
            else:
                out += self.loop(arrival, pid, w)
        return out

    def loop(self, st: _State, pid, w: While) -> list:
        k = self.loop_ids[pid]
        entry = self.take(st.step, pid, "", "loop entry", self.instantiate(k, st.env))
        if entry.loop != k:
            raise ProofError(entry.index, f"loop entry of loop {k} names loop {entry.loop}")
        self.obligation(entry, st.pc)
        at_entry = self.follow(st, entry, entry.facts, {})
        head = next((self.steps[i] for i in self.children.get(entry.index, [])
                     if self.steps[i].rule == "loop head" and i not in self.seen), None)
        if head is None:
            raise ProofError(entry.index, "no loop head after the loop entry")
        binding = self.fresh(head, at_entry, _assigned(w.body))
        env = dict(at_entry.env) | binding
        head = self.take(entry.index, pid, "", "loop head", self.instantiate(k, env))
        if head.loop != k:
            raise ProofError(head.index, f"loop head of loop {k} names loop {head.loop}")
        at_head = self.follow(at_entry, head, head.facts, binding)
        out = []
        for d in self.dnf(w.cond, at_head).disjuncts:
            s = self.take(head.index, pid, "body", "branch", d)
            out.append((self.follow(at_head, s, d, {}),
                        self.items(w.body, pid + (0,)) + (("close", pid, k, head.index),)))
        for d in self.dnf(w.cond, at_head, negate=True).disjuncts:
            s = self.take(head.index, pid, "", "loop exit", d)
            if s.loop != k:
                raise ProofError(s.index, f"loop exit of loop {k} names loop {s.loop}")
            out.append((self.follow(at_head, s, d, {}), ()))
        return out

    # -- obligations -------------------------------------------------------
    def obligation(self, step: Step, hyps: tuple[Constraint, ...]) -> None:
        if step.tag == "inexact":
            if step.certificates:
                raise ProofError(step.index, "an inexact assert has no certificate")
            return
        if len(step.certificates) not in (0, step.goals):
            raise ProofError(step.index, f"{len(step.certificates)} certificates for {step.goals} goals")
        if step.cases:
            for case, cert in zip(step.cases, step.certificates):
                if cert is not None and not (cert.method == "contradiction" and len(cert.parts) == 1 and
                                             _is_negative_constant(_expand(hyps + case, cert.parts[0], None, self.n))):
                    raise ProofError(step.index, "a case certificate does not refute its case")
            return
        for goal, cert in zip(step.facts, step.certificates):
            if cert is not None and not _proves(hyps, goal, cert):
                raise ProofError(step.index, f"certificate {cert.method} does not prove "
                                             f"{goal.text(self.names)}")


# ---------------------------------------------------------------------------
# Claims


def _chain(steps: Sequence[Step], i: int) -> list[int]:
    out = []
    while i is not None:
        out.append(i)
        i = steps[i].parent
    return out


def _certified(s: Step) -> bool:
    return s.tag != "inexact" and len(s.certificates) == s.goals and None not in s.certificates


def _valid(steps: Sequence[Step], nloops: int) -> set[int]:
    obligations = [s for s in steps if s.rule in ("loop entry", "loop step")]
    valid = set(range(nloops)) - {s.loop for s in obligations if not _certified(s)}
    while True:
        drop = {s.loop for s in obligations if s.loop in valid and any(
            steps[j].rule == "loop head" and steps[j].loop not in valid for j in _chain(steps, s.index))}
        if not drop:
            return valid
        valid -= drop


def check(v: Verification) -> None:
    """Raise ``ProofError`` unless every step of ``v`` replays and every claim holds."""
    for i, s in enumerate(v.steps):
        if s.index != i or any(not 0 <= c < i for c in s.cites) or (i > 0 and not s.cites):
            raise ProofError(i, "steps must be numbered in order and cite earlier steps")
    nvars = set(v.program.variables)
    for k, inv in v.invariants.items():
        for c in inv:
            if c.poly.degree() > 1 or c.poly.nvars != v.space.size or c.kind not in (GE, EQ):
                raise ProofError(None, f"invariant of loop {k} is not a linear constraint of the space")
    replay = _Replay(v)
    replay.run()
    names = set(v.space.names)
    if not nvars <= names:
        raise ProofError(None, "the space lacks a program variable")
    valid = _valid(v.steps, len(replay.loop_ids))
    if not v.valid_loops <= valid:
        raise ProofError(None, f"loops {sorted(v.valid_loops - valid)} are claimed valid but are not")
    for a in v.asserts:
        if not a.discharged:
            continue
        if v.stop != "done":
            raise ProofError(None, f"assert {a.index} claimed discharged by an incomplete proof")
        mine = [s for s in v.steps if s.rule == "assert" and s.point == a.point]
        if replay.assert_ids.get(a.point) != a.index or tuple(s.index for s in mine) != a.steps:
            raise ProofError(None, f"assert {a.index} does not list its steps")
        for s in mine:
            if not _certified(s):
                raise ProofError(s.index, f"assert {a.index} is claimed discharged but this path is not")
            bad = [j for j in _chain(v.steps, s.index) if v.steps[j].rule == "loop head"
                   and v.steps[j].loop not in valid]
            if bad:
                raise ProofError(s.index, f"assert {a.index} rests on loop head {bad[0]} of an invalid loop")
