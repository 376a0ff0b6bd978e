"""Generating arithmetic theorems: sampled inequalities and divisibilities with proofs.

``item(seed, index, config)`` is a pure function of its arguments.  With the
generator seeded by ``(seed, index)`` it draws

* an **inequality**: 2-4 variables with one domain (positive, non-negative or
  real), optionally a constraint template (``a + b + c = 3``, ``a*b*c = 1``,
  ``a**2 + b**2 + c**2 = 3``), and 1-3 random lemma instances (squares of
  differences of variables -- which the engine knows -- or auxiliary ones:
  squares of monomial differences or shifted variables, AM-GM, weighted AM-GM,
  Schur, power means, and the classic lemmas -- Hölder, Chebyshev, rearrangement,
  Jensen, the tangent-line trick -- over composite terms), each times a random
  monomial and coefficient; their sum,
  plus a random multiple of the constraint to disguise it, is the goal ``L >= R``;
* or, with probability ``integer_share``, a **divisibility** ``d | p(n)`` for a
  random integer polynomial whose fixed divisor ``d`` is found by residues,
  optionally under a congruence hypothesis.

The engine then proves the goal by itself; if it cannot, the sampled
instances are offered to it as a proposer would, and the ones the certificate
uses become the record's ``aux`` -- auxiliary exactly because the engine alone
failed.  Every proof is replayed in the independent checker and the goal is
checked numerically at random feasible points before it is written.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from math import gcd
from typing import Sequence

import numpy as np
import sympy

from symgen.algebra.poly import Poly, monomials
from symgen.dataset import dedup_key
from symgen.errors import SymgenError

from .check import ArithCheckError, check_proof
from .lemmas import LEMMAS, valid
from .normal import normalise, symbols_of
from .numeric import feasible_points, holds
from .parse import parse_problem
from .problem import Problem, Relation
from .prover import proposal, prove
from .record import proof_steps
from .residues import int_value
from .sos import SOS

log = logging.getLogger(__name__)

DOMAIN = "arithmetic"
NAMES = "abcd"
Instance = tuple[str, tuple[Poly, ...]]
GOAL_KINDS = {"ge": "inequality", "gt": "strict inequality", "eq": "identity",
              "ne": "disequality", "dvd": "divisibility"}


@dataclass(frozen=True)
class ArithConfig:
    min_proof_steps: int = 1
    aux_only: bool = False
    integer_share: float = 0.1
    constraint_share: float = 0.35
    aux_share: float = 0.6          # chance that an ingredient is an auxiliary instance
    seconds: float = 10.0           # per proof attempt
    recheck_seconds: float = 60.0   # the full engine without the instances (a safety net:
    #                                 it ends by running out of options, so output never
    #                                 depends on the machine's speed)
    recheck_columns: int = 2500     # re-check closures larger than this are skipped
    sos: bool = False               # also theorems proved by a sum of squares (the sos extra)
    sos_share: float = 0.25         # with ``sos``: the share of items that are such theorems
    sos_seconds: float = 30.0       # the SDP's search, per item


@dataclass
class ItemStats:
    candidates: int = 0
    check_failures: int = 0
    rejected: Counter = field(default_factory=Counter)

    def reject(self, why: str) -> None:
        self.rejected[why] += 1


def item(seed: int, index: int, config: ArithConfig = ArithConfig()) -> tuple[list[dict], dict]:
    rng = np.random.default_rng([seed, index])
    if config.sos and rng.random() < config.sos_share:
        return sos_item(seed, index, config)
    stats = ItemStats(candidates=1)
    if rng.random() < config.integer_share:
        problem, offered = _divisibility(rng, f"{seed}-{index}"), []
    else:
        problem, offered = _inequality(rng, f"{seed}-{index}")
    if problem is None:
        stats.reject("degenerate sample")
        return [], _stats(stats)
    record = _theorem(problem, offered, rng, config, stats, seed, index)
    return ([record] if record is not None else []), _stats(stats)


def lemma_item(name: str, seed: int, index: int, config: ArithConfig = ArithConfig()
               ) -> tuple[list[dict], dict]:
    """Like ``item``, but the goal is built on an instance of the classic lemma ``name``
    (``CLASSIC``) times a monomial, plus a square of a difference of variables: a theorem
    that needs that lemma whenever the engine alone fails (the record is written only if
    the proof uses an offered instance)."""
    rng = np.random.default_rng([seed, index, CLASSIC.index(name)])
    stats = ItemStats(candidates=1)
    n = int(rng.choice([2, 3]))
    nonneg = name not in CLASSIC_REAL or rng.random() < 0.5
    domain = "positive" if nonneg else "real"
    inst = next((i for i in (_classic(name, rng, n, nonneg) for _ in range(10)) if i), None)
    if inst is None:
        stats.reject("degenerate sample")
        return [], _stats(stats)
    x = [Poly.var(i, n) for i in range(n)]
    goal = LEMMAS[name].build(inst[1]).times_monomial(_multiplier(rng, n, nonneg))
    goal = goal * int(rng.choice([1, 2, 3])) + (x[0] - x[1]) * (x[0] - x[1])
    if not any(c < 0 for c in goal.terms.values()):
        stats.reject("degenerate sample")
        return [], _stats(stats)
    problem = _problem(f"{seed}-{index}-{name}", n, domain, (), goal.nonneg_form())
    record = _theorem(problem, [inst], rng, config, stats, seed, index)
    if record is not None and not any(a.startswith(f"{name}(") for a in record["aux"]):
        stats.reject(f"{name} not needed")
        record = None
    return ([record] if record is not None else []), _stats(stats)


SOS_STREAM = 7919          # keeps sos_item's draws apart from item's and lemma_item's


def sos_item(seed: int, index: int, config: ArithConfig = ArithConfig()
             ) -> tuple[list[dict], dict]:
    """A theorem whose proof is a sum-of-squares certificate: the goal is a weighted sum of
    squares of random polynomials (terms of degree 1-2 over real variables), expanded; the
    record is written only if the engine without squares fails and with them succeeds, so
    the proof's ``sum of squares`` line is what proves it (needs the ``sos`` extra)."""
    rng = np.random.default_rng([seed, index, SOS_STREAM])
    stats = ItemStats(candidates=1)
    n = int(rng.choice([2, 3]))
    goal = _sum_of_squares(rng, n)
    if goal is None:
        stats.reject("degenerate sample")
        return [], _stats(stats)
    problem = _problem(f"{seed}-{index}-sos", n, "real", (), goal)
    if prove(problem, seconds=config.seconds, sos=False).solved:
        stats.reject("squares not needed")
        return [], _stats(stats)
    result = prove(problem, seconds=config.sos_seconds, sos=True)
    if not result.solved or not any(s.rule == SOS for s in result.proof.derived):
        stats.reject("no sum of squares found")
        return [], _stats(stats)
    record = _checked_record(problem, result, rng, config, stats, seed, index)
    return ([record] if record is not None else []), _stats(stats)


def _sum_of_squares(rng, n: int) -> Poly | None:
    """``sum w_i q_i**2``, two or three squares with weights 1-3, each ``q_i`` two or three
    terms ``c * m`` (``c`` in +-1..3, ``m`` a monomial of degree 1-2); None if it has no
    negative coefficient (then it is plainly non-negative) or is zero."""
    total = Poly.const(0, n)
    for _ in range(int(rng.integers(2, 4))):
        q = Poly.const(0, n)
        for _ in range(int(rng.integers(2, 4))):
            c = int(rng.choice([-3, -2, -1, 1, 2, 3]))
            q = q + Poly.monomial(_random_monomial(rng, n, int(rng.integers(1, 3)))) * c
        total = total + q * q * int(rng.integers(1, 4))
    if not total.terms or not any(c < 0 for c in total.terms.values()):
        return None
    return total


def _stats(stats: ItemStats) -> dict:
    return {"candidates": stats.candidates, "check_failures": stats.check_failures,
            "rejected": dict(stats.rejected)}


# ---------------------------------------------------------------------------
# Sampling

CONSTRAINTS = ("sum", "product", "squares")


def _inequality(rng: np.random.Generator, name: str) -> tuple[Problem | None, list[Instance]]:
    n = int(rng.choice([2, 3, 4], p=[0.3, 0.5, 0.2]))
    domain = str(rng.choice(["positive", "nonneg", "real"], p=[0.6, 0.2, 0.2]))
    hyps: list[Poly] = []
    if domain == "positive" and rng.random() < 0.35:
        hyps.append(_constraint(str(rng.choice(CONSTRAINTS)), n))
    nonneg = domain != "real"
    goal = Poly.const(0, n)
    offered: list[Instance] = []
    for _ in range(int(rng.integers(1, 4))):
        inst = _ingredient(rng, n, nonneg, aux=rng.random() < 0.6)
        if inst is None:
            continue
        name, args = inst
        m = _multiplier(rng, n, nonneg)
        coef = Fraction(int(rng.choice([1, 1, 2, 3])), int(rng.choice([1, 1, 2])))
        goal = goal + LEMMAS[name].build(args).times_monomial(m) * coef
        offered.append(inst)
    for h in hyps:
        deg = max(0, goal.degree() - h.degree())
        mono = next(iter(monomials(n, int(rng.integers(0, deg + 1)))), (0,) * n)
        mono = tuple(int(x) for x in rng.permutation(np.array(mono)))
        goal = goal + h.times_monomial(mono) * int(rng.choice([-2, -1, 1, 2]))
    if goal.is_zero() or not any(c < 0 for c in goal.terms.values()):
        return None, []
    goal = goal.nonneg_form()               # coprime integer coefficients read better
    return _problem(name, n, domain, hyps, goal), offered


def _constraint(kind: str, n: int) -> Poly:
    xs = [Poly.var(i, n) for i in range(n)]
    if kind == "sum":
        return sum(xs[1:], xs[0]) - n
    if kind == "product":
        prod = xs[0]
        for x in xs[1:]:
            prod = prod * x
        return prod - 1
    return sum((x * x for x in xs[1:]), xs[0] * xs[0]) - n


def _multiplier(rng, n: int, nonneg: bool) -> tuple[int, ...]:
    d = int(rng.choice([0, 0, 1, 2]))
    if not nonneg:
        d = 2 * (d // 2)
        if d == 0:
            return (0,) * n
        i = int(rng.integers(n))
        return tuple(2 if j == i else 0 for j in range(n))
    m = [0] * n
    for i in rng.integers(0, n, size=d):
        m[int(i)] += 1
    return tuple(m)


def _ingredient(rng, n: int, nonneg: bool, aux: bool) -> Instance | None:
    x = [Poly.var(i, n) for i in range(n)]
    i, j = (int(v) for v in rng.choice(n, size=2, replace=False))
    if not aux:
        return "square", (x[i] - x[j],)
    kinds = ["monomial square", "shifted square"] + (["amgm", "wamgm", "schur", "powermean3"]
                                                     if nonneg else ["cauchy"])
    if rng.random() < CLASSIC_SHARE:
        kind = str(rng.choice(CLASSIC if nonneg else CLASSIC_REAL))
        return _classic(kind, rng, n, nonneg)
    kind = str(rng.choice(kinds))
    if kind == "monomial square":
        a, b = (_random_monomial(rng, n, 2) for _ in range(2))
        return ("square", (Poly.monomial(a) - Poly.monomial(b),)) if a != b else None
    if kind == "shifted square":
        c = int(rng.choice([1, 1, 2]))
        return "square", (x[i] - c,) if rng.random() < 0.6 else (x[i] * x[j] - c,)
    if kind == "amgm":
        k = int(rng.integers(2, min(n, 4) + 1))
        return "amgm", tuple(x[int(t)] for t in rng.choice(n, size=k, replace=False))
    if kind == "wamgm":
        return _random_wamgm(rng, n)
    if kind == "schur" and n >= 3:
        return str(rng.choice(["schur", "schur2"])), tuple(x[int(t)] for t in rng.choice(n, 3, replace=False))
    if kind == "cauchy" and n >= 2:
        return "cauchy", (x[i], x[j], x[j], x[i] * 0 + 1)
    return "powermean3", tuple(x)


# The classic lemmas of issue 32, sampled with composite arguments (monomials, linear
# forms, one-variable functions) so that the engine alone does not find them.
CLASSIC = ("holder", "chebyshev", "rearrange", "jensen2", "jensen3", "jenseninv", "tangent")
CLASSIC_REAL = ("jensen2", "tangent")
CLASSIC_SHARE = 0.5             # chance that an auxiliary ingredient is a classic lemma


def _domain_nonneg(nonneg: bool):
    """``nonneg(p)`` of ``lemmas.valid`` for a sampled domain (all variables alike)."""
    def check(p: Poly) -> bool:
        return all(c > 0 and (nonneg or all(e % 2 == 0 for e in m)) for m, c in p.terms.items())
    return check


def _term(rng, n: int, nonneg: bool) -> Poly:
    """A monomial of degree 1-2, or (non-negative domains) a sum of two variables."""
    x = [Poly.var(i, n) for i in range(n)]
    if nonneg and rng.random() < 0.3:
        i, j = (int(v) for v in rng.choice(n, size=2, replace=False))
        return x[i] + x[j]
    return Poly.monomial(_random_monomial(rng, n, int(rng.integers(1, 3))))


def _distinct_terms(rng, n: int, k: int, nonneg: bool) -> list[Poly] | None:
    terms = [_term(rng, n, nonneg) for _ in range(k)]
    return terms if len({t.key() for t in terms}) == k else None


def _classic(kind: str, rng, n: int, nonneg: bool) -> Instance | None:
    inst = CLASSIC_SAMPLERS[kind](rng, n, nonneg)
    if inst is None or valid(inst[0], inst[1], _domain_nonneg(nonneg)) is not None:
        return None
    return inst


def _sample_holder(rng, n: int, nonneg: bool) -> Instance | None:
    """Two-term Hölder with one sequence of ones, ``(x**3 + 1)(1 + y**3)*2 >= (x + y)**3``
    and the like (degree 6), or the three-variable ``(a**3+2)(b**3+2)(c**3+2)`` form."""
    one = Poly.const(1, n)
    x = [Poly.var(i, n) for i in range(n)]
    if n == 3 and rng.random() < 0.25:
        rows = [[x[i] if j == i else one for j in range(3)] for i in range(3)]
        return "holder", tuple(t for row in rows for t in row)
    i, j = (int(v) for v in rng.choice(n, size=2, replace=False))
    a, b = (x[i], one), (one, x[j]) if rng.random() < 0.5 else (x[j], one)
    return "holder", a + b + (one, one)


def _sample_ordered(name: str):
    """Chebyshev or rearrangement over terms and their powers (similarly ordered)."""
    def sample(rng, n: int, nonneg: bool) -> Instance | None:
        k = int(rng.choice([2, 3]))
        size = 2 if name == "rearrange" else int(rng.choice([2, 3]))
        terms = _distinct_terms(rng, n, size, nonneg)
        if terms is None:
            return None
        if name == "rearrange":
            return name, (terms[0], terms[1], terms[0] ** k, terms[1] ** k)
        return name, tuple(terms) + tuple(t ** k for t in terms)
    return sample


def _sample_jensen(name: str):
    def sample(rng, n: int, nonneg: bool) -> Instance | None:
        size = int(rng.choice([2, 3]))
        terms = _distinct_terms(rng, n, size, nonneg)
        if terms is None:
            return None
        args: list[Poly] = []
        for t in terms:
            args += [Poly.const(int(rng.integers(1, 4)), n), t]
        return name, tuple(args)
    return sample


def _sample_tangent(rng, n: int, nonneg: bool) -> Instance | None:
    """A one-variable function p/q and a point m where its tangent line stays below it on
    the variable's domain (a few tries)."""
    i = int(rng.integers(n))
    x = Poly.var(i, n)
    dens = [Poly.const(1, n), x * x + 1] + ([x + 1, x + 2] if nonneg else [])
    for _ in range(8):
        p = Poly.const(0, n)
        for e in range(int(rng.integers(2, 5)) + 1):
            p = p + x ** e * int(rng.integers(-3, 4)) if e else p + int(rng.integers(-3, 4))
        q = dens[int(rng.integers(len(dens)))]
        m = Poly.const(int(rng.choice([1, 1, 2])), n)
        args = (x, p, q, m)
        if valid("tangent", args, _domain_nonneg(nonneg)) is None and \
                not LEMMAS["tangent"].build(args).is_zero():
            return "tangent", args
    return None


CLASSIC_SAMPLERS = {"holder": _sample_holder, "chebyshev": _sample_ordered("chebyshev"),
                    "rearrange": _sample_ordered("rearrange"),
                    "jensen2": _sample_jensen("jensen2"), "jensen3": _sample_jensen("jensen3"),
                    "jenseninv": _sample_jensen("jenseninv"), "tangent": _sample_tangent}


def _random_monomial(rng, n: int, degree: int) -> tuple[int, ...]:
    m = [0] * n
    for i in rng.integers(0, n, size=degree):
        m[int(i)] += 1
    return tuple(m)


def _random_wamgm(rng, n: int) -> Instance | None:
    d = int(rng.integers(2, 5))
    k = int(rng.integers(2, 4))
    monos = [_random_monomial(rng, n, d) for _ in range(k)]
    weights = [int(w) for w in rng.integers(1, 4, size=k)]
    total = sum(weights)
    expo = [sum(w * m[t] for m, w in zip(monos, weights)) for t in range(n)]
    if any(e % total for e in expo) or len(set(monos)) < k:
        return None
    q = tuple(e // total for e in expo)
    if q in monos:
        return None
    args: list[Poly] = []
    for m, w in zip(monos, weights):
        args += [Poly.monomial(m), Poly.const(w, n)]
    return "wamgm", tuple(args) + (Poly.monomial(q),)


def _problem(name: str, n: int, domain: str, hyps: Sequence[Poly], goal: Poly) -> Problem:
    names = tuple(NAMES[:n])
    syms = [sympy.Symbol(v) for v in names]
    rels = []
    for h in hyps:
        k = -h.constant()
        rels.append(Relation("=", (h + k).to_sympy(syms), sympy.Rational(k.numerator, k.denominator)))
    pos = Poly({m: c for m, c in goal.terms.items() if c > 0}, n)
    neg = Poly({m: -c for m, c in goal.terms.items() if c < 0}, n)
    return Problem(name, names, (domain,) * n, tuple(rels),
                   Relation(">=", pos.to_sympy(syms), neg.to_sympy(syms)))


def _divisibility(rng: np.random.Generator, name: str) -> Problem | None:
    n = int(rng.choice([1, 1, 2]))
    names = ("n", "m")[:n]
    x = [Poly.var(i, n) for i in range(n)]
    shape = int(rng.integers(3))
    if shape == 0:                                   # consecutive products
        p = x[0]
        for s in range(1, int(rng.integers(2, 5))):
            p = p * (x[0] + s)
    elif shape == 1:                                 # Fermat-like
        e = int(rng.choice([2, 3, 5, 7]))
        p = x[0] ** e - x[0]
    else:
        p = Poly({m: Fraction(int(rng.integers(-3, 4))) for d in range(1, 4)
                  for m in monomials(n, d)}, n)
    if n == 2 and shape != 2:
        p = p * (x[1] + int(rng.integers(0, 3)))
    d = _fixed_divisor(p)
    if d < 2 or p.is_zero():
        return None
    syms = [sympy.Symbol(v) for v in names]
    goal = Relation("dvd", sympy.Integer(d), p.to_sympy(syms))
    return Problem(name, names, ("integer",) * n, (), goal)


def _fixed_divisor(p: Poly) -> int:
    """The largest d dividing p at every integer point (gcd of values on a grid)."""
    from itertools import product
    deg = p.degree()
    g = 0
    for point in product(range(deg + 2), repeat=p.nvars):
        g = gcd(g, int_value(p, point))
    content = 0
    for c in p.terms.values():
        content = gcd(content, int(c))
    return g if g > 1 and g != content else 0


# ---------------------------------------------------------------------------
# From a sampled problem to a record

class _Offer:
    """A proposer that offers the sampled instances once."""
    name = "sampled"
    exhaustible, narrowing = True, 1.0

    def __init__(self, offered: list[Instance]) -> None:
        self.offered = list(offered)

    def propose(self, node, k: int, deadline: float | None = None) -> list:
        out, self.offered = self.offered, []
        return [proposal(node.state, name, args) for name, args in out]


def _theorem(problem: Problem, offered: list[Instance], rng, config: ArithConfig,
             stats: ItemStats, seed: int, index: int) -> dict | None:
    result = prove(problem, seconds=config.seconds, quick=True)
    if not result.solved and offered:
        result = prove(problem, seconds=config.seconds, proposer=_Offer(offered), quick=True)
        if result.solved and result.constructs:
            # Aux re-check: the engine with its homogenising multipliers must fail without
            # the instances, or its aux-free proof is kept instead.
            alone = prove(problem, seconds=config.recheck_seconds, extra_degrees=0,
                          max_columns=config.recheck_columns, sos=False)
            if alone.solved:
                stats.reject("aux not needed")
                result = alone
    if not result.solved:
        stats.reject("not proved")
        return None
    if config.aux_only and not result.constructs:
        stats.reject("no aux")
        return None
    if len(result.proof.derived) < config.min_proof_steps:
        stats.reject("proof too short")
        return None
    return _checked_record(problem, result, rng, config, stats, seed, index)


def _checked_record(problem: Problem, result, rng, config: ArithConfig, stats: ItemStats,
                    seed: int, index: int) -> dict | None:
    """The record of a solved ``result``, once its proof replays in the checker on the
    statement read back from its text and the goal holds at random feasible points."""
    steps = proof_steps(result.proof, result.engine.state)
    # The statement is read back from its text, as a corpus user would.
    premises, goal = problem.text().split(" ? ")
    try:
        reread = parse_problem(problem.name, f"{premises} ? {goal}")
        check_proof(reread, steps)
        if not numerically_true(reread, rng, 200):
            raise ArithCheckError(len(steps), goal, "numerically false")
    except (ArithCheckError, SymgenError) as err:
        stats.check_failures += 1
        stats.reject("check failed")
        log.warning("%s: %s", problem.name, err)
        return None
    return _record(seed, index, premises, goal, result, steps)


def numerically_true(problem: Problem, rng, count: int = 1000) -> bool:
    syms = symbols_of(problem)
    hyps = []
    for h in problem.hypotheses:
        hyps.append(normalise(h, syms))
    pts = feasible_points(problem.domains, hyps, rng, count)
    g = normalise(problem.goal, syms)
    return bool(np.all(holds(g.kind, g.poly, pts, g.dens, g.modulus)))


def _record(seed: int, index: int, premises: str, goal: str, result, steps: list[dict]) -> dict:
    rules = sorted({s["rule"] for s in steps if s["rule"] != "premise"})
    derived = [s for s in steps if s["rule"] != "premise"]
    return {"id": f"{DOMAIN}-{seed}-{index}-0", "domain": DOMAIN, "seed": seed, "index": index,
            "premises": premises, "goal": goal, "aux": list(result.constructs), "proof": steps,
            "stats": {"goal_kind": GOAL_KINDS[result.engine.goal.kind],
                      "proof_steps": len(derived), "depth": result.proof.depth(),
                      "aux_count": len(result.constructs), "rounds": result.stats["closures"],
                      "facts": len(result.engine.state.table), "rules": rules},
            "dedup_key": dedup_key(f"{premises} ? {goal}")}
