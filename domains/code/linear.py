"""Linear integer constraints over program values, and exact Farkas implication.

A ``Constraint`` is ``p >= 0`` (kind ``ge``) or ``p == 0`` (kind ``eq``) for a
``Poly`` ``p`` of degree at most 1 over the names of a ``Space`` (program
variables, ghost entry values, symbolic values).  Every value is an integer,
so constraints are kept in an integer normal form: coefficients coprime
integers, and for ``ge`` the constant rounded down once the variable part is
divided by its gcd (``2x - 1 >= 0`` is ``x - 1 >= 0``); an ``eq`` whose gcd does
not divide its constant is false.  A constraint without variables is either
``TRUE`` (``0 >= 0``) or ``FALSE`` (``-1 >= 0``).

Conditions of the AST become DNF: a list of conjunctions (``!=`` and ``||``
make disjunctions; ``x < y`` is ``y - x - 1 >= 0``).  Non-linear parts (a
product of two variables, ``/`` and ``%`` of non-constants, ``unknown()``, a
coefficient beyond ``LINEAR_LIMIT``) are *unknown*: ``to_linear`` answers None,
and a condition with an unknown atom is over-approximated by reading that atom
as true; ``Dnf.exact`` says whether that happened (a goal must be exact, a
hypothesis need not be).

``implies(hyps, goal)`` looks for a Farkas certificate with ``cone.solve``:
rationals with ``goal = Σ λ_i h_i + Σ μ_j e_j + c`` (``λ, c >= 0``), or
``-1 = Σ λ_i h_i + ...`` when the hypotheses are contradictory, or a
refutation of the hypotheses together with the integer negation of the goal
(``¬(p >= 0)`` is ``-p - 1 >= 0``).  A ``Certificate`` is exact and
``check_certificate`` re-expands it with ``Fraction`` arithmetic alone.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from typing import Callable, Mapping, Sequence

from domains.code.problem import And, Bin, BoolConst, Cond, Const, Expr, Neg, Nondet, NondetCond, Not, Or, Var
from symgen.algebra import cone
from symgen.algebra.poly import Poly
from symgen.limits import LIMITS

GE, EQ = "ge", "eq"
LINEAR_LIMIT = 10 ** LIMITS.digits      # a value with a larger coefficient is unknown (floats must hold it)


# ---------------------------------------------------------------------------
# Spaces and constraints


@dataclass(frozen=True)
class Space:
    """The names a polynomial's variable indices stand for."""

    names: tuple[str, ...]
    index: dict[str, int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if len(set(self.names)) != len(self.names):
            raise ValueError(f"repeated names in space {self.names}")
        object.__setattr__(self, "index", {n: i for i, n in enumerate(self.names)})

    @property
    def size(self) -> int:
        return len(self.names)

    def var(self, name: str) -> Poly:
        return Poly.var(self.index[name], len(self.names))

    def const(self, c) -> Poly:
        return Poly.const(c, len(self.names))

    def zero(self) -> Poly:
        return Poly({}, len(self.names))

    def point(self, values: Mapping[str, int]) -> list[int]:
        """The vector of ``values`` (missing names are 0: they must not occur)."""
        return [values.get(n, 0) for n in self.names]


def constant_key(nvars: int) -> tuple[int, ...]:
    return (0,) * nvars


def coefficients(p: Poly) -> dict[int, Fraction]:
    """Variable index -> coefficient of a linear polynomial (constant left out)."""
    out = {}
    for m, c in p.terms.items():
        if sum(m) > 1:
            raise ValueError(f"not linear: {p}")
        if sum(m) == 1:
            out[m.index(1)] = c
    return out


@dataclass(frozen=True)
class Constraint:
    """``poly >= 0`` (kind ``ge``) or ``poly == 0`` (kind ``eq``), in integer normal form."""

    poly: Poly
    kind: str

    @property
    def is_ground(self) -> bool:
        return all(sum(m) == 0 for m in self.poly.terms)

    @property
    def is_false(self) -> bool:
        return self.is_ground and not self.truth_of_ground()

    @property
    def is_true(self) -> bool:
        return self.is_ground and self.truth_of_ground()

    def truth_of_ground(self) -> bool:
        c = self.poly.constant()
        return c >= 0 if self.kind == GE else c == 0

    def holds(self, point: Sequence[int]) -> bool:
        v = self.poly.evaluate(point)
        return v >= 0 if self.kind == GE else v == 0

    def variables(self) -> set[int]:
        return self.poly.variables()

    def text(self, names: Sequence[str]) -> str:
        return constraint_text(self, names)


def normal(poly: Poly, kind: str) -> Constraint:
    """The integer normal form of ``poly >= 0`` / ``poly == 0`` (all variables integers)."""
    if poly.degree() > 1:
        raise ValueError(f"not linear: {poly}")
    n = poly.nvars
    key = constant_key(n)
    var_terms = {m: c for m, c in poly.terms.items() if m != key}
    c = poly.constant()
    if not var_terms:
        ok = c >= 0 if kind == GE else c == 0
        return TRUE(n) if ok else FALSE(n)
    den = reduce(math.lcm, (v.denominator for v in var_terms.values()), c.denominator)
    ints = {m: int(v * den) for m, v in var_terms.items()}
    g = reduce(math.gcd, (abs(v) for v in ints.values()), 0)
    scaled_c = c * den / g                          # the constant once the variable part is coprime
    body = {m: Fraction(v // g) for m, v in ints.items()}
    if kind == GE:
        return Constraint(Poly({**body, key: Fraction(math.floor(scaled_c))}, n), GE)
    if scaled_c.denominator != 1:
        return FALSE(n)
    first = body[min(body)]
    sign = 1 if first > 0 else -1
    return Constraint(Poly({m: sign * v for m, v in {**body, key: scaled_c}.items()}, n), EQ)


def ge(poly: Poly) -> Constraint:
    return normal(poly, GE)


def eq(poly: Poly) -> Constraint:
    return normal(poly, EQ)


def TRUE(nvars: int) -> Constraint:
    return Constraint(Poly({}, nvars), GE)


def FALSE(nvars: int) -> Constraint:
    return Constraint(Poly.const(-1, nvars), GE)


def negations(c: Constraint) -> list[Constraint]:
    """The integer negation of ``c`` as a disjunction: ``¬(p >= 0)`` is ``-p - 1 >= 0``,
    ``¬(p == 0)`` is ``p - 1 >= 0`` or ``-p - 1 >= 0``."""
    if c.kind == GE:
        return [ge(-c.poly - 1)]
    return [ge(c.poly - 1), ge(-c.poly - 1)]


def substitute(p: Poly, mapping: Mapping[int, Poly], target_nvars: int) -> Poly:
    """``p`` with variable ``i`` replaced by ``mapping[i]`` (every variable of ``p`` must
    be mapped); the result lives in a space of ``target_nvars`` names."""
    out = Poly.const(p.constant(), target_nvars)
    for i, c in coefficients(p).items():
        out = out + mapping[i] * c
    return out


def constraint_text(c: Constraint, names: Sequence[str]) -> str:
    """``lhs >= rhs`` / ``lhs == rhs`` with positive terms on the left, the rest on the right."""
    if c.is_ground:
        return "true" if c.truth_of_ground() else "false"
    n = c.poly.nvars
    key = constant_key(n)
    left = Poly({m: v for m, v in c.poly.terms.items() if m != key and v > 0}, n)
    right = Poly({m: -v for m, v in c.poly.terms.items() if m == key or v < 0}, n)
    op = ">=" if c.kind == GE else "=="
    if left.is_zero():            # -x + 5 >= 0  reads better as  x <= 5
        left, right = Poly({m: -v for m, v in c.poly.terms.items() if m != key}, n), c.poly.constant()
        op = "<=" if c.kind == GE else "=="
        return f"{left.text(names)} {op} {Poly.const(right, n).text(names)}"
    return f"{left.text(names)} {op} {right.text(names)}"


# ---------------------------------------------------------------------------
# From the AST: expressions and conditions


Lookup = Callable[[str], Poly]


def to_linear(e: Expr, lookup: Lookup, nvars: int) -> Poly | None:
    """The value of ``e`` as a linear polynomial (variables read through ``lookup``),
    or None if it is not linear (unknown)."""
    return _EXPRESSIONS[type(e)](e, lookup, nvars)


def _bin(e: Bin, lookup: Lookup, nvars: int) -> Poly | None:
    a, b = to_linear(e.left, lookup, nvars), to_linear(e.right, lookup, nvars)
    value = None if a is None or b is None else _combine(e.op, a, b, nvars)
    if value is None or any(abs(c) > LINEAR_LIMIT for c in value.terms.values()):
        return None
    return value


def _combine(op: str, a: Poly, b: Poly, nvars: int) -> Poly | None:
    """``a op b`` if it is linear (a product or quotient needs a constant side)."""
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    ground_a, ground_b = a.degree() == 0, b.degree() == 0
    if op == "*":
        if ground_a:
            return b * a.constant()
        return a * b.constant() if ground_b else None
    if ground_a and ground_b and b.constant() != 0:        # constant folding with C's truncation
        x, y = int(a.constant()), int(b.constant())
        q = abs(x) // abs(y) * (1 if (x < 0) == (y < 0) else -1)
        return Poly.const(q if op == "/" else x - y * q, nvars)
    return None


def _neg(e: Neg, lookup: Lookup, nvars: int) -> Poly | None:
    a = to_linear(e.arg, lookup, nvars)
    return None if a is None else -a


_EXPRESSIONS: dict[type, Callable[[Expr, Lookup, int], Poly | None]] = {
    Var: lambda e, lookup, n: lookup(e.name),
    Const: lambda e, lookup, n: Poly.const(e.value, n),
    Neg: _neg,
    Nondet: lambda e, lookup, n: None,
    Bin: _bin,
}

Conj = tuple[Constraint, ...]


@dataclass(frozen=True)
class Dnf:
    """A disjunction of conjunctions; ``exact`` is False if unknown atoms were read as true."""

    disjuncts: tuple[Conj, ...]
    exact: bool = True

    @property
    def is_true(self) -> bool:
        return any(not d for d in self.disjuncts)


def _conj(constraints) -> Conj | None:
    """A conjunction without trivial or repeated atoms; None if one atom is false."""
    out: list[Constraint] = []
    for c in constraints:
        if c.is_false:
            return None
        if not c.is_true and c not in out:
            out.append(c)
    return tuple(out)


def _or(a: Dnf, b: Dnf) -> Dnf:
    seen = list(a.disjuncts)
    seen += [d for d in b.disjuncts if d not in seen]
    return Dnf(tuple(seen), a.exact and b.exact)


def _and(a: Dnf, b: Dnf) -> Dnf:
    out: list[Conj] = []
    for x in a.disjuncts:
        for y in b.disjuncts:
            d = _conj(x + y)
            if d is not None and d not in out:
                out.append(d)
    return Dnf(tuple(out), a.exact and b.exact)


_FLIP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def _compare(op: str, a: Poly, b: Poly) -> Dnf:
    atoms = {
        "<=": [[ge(b - a)]], "<": [[ge(b - a - 1)]], ">=": [[ge(a - b)]], ">": [[ge(a - b - 1)]],
        "==": [[eq(a - b)]], "!=": [[ge(a - b - 1)], [ge(b - a - 1)]],
    }[op]
    disjuncts = [d for d in (_conj(x) for x in atoms) if d is not None]
    return Dnf(tuple(dict.fromkeys(disjuncts)))


def cond_dnf(c: Cond, lookup: Lookup, nvars: int, negate: bool = False) -> Dnf:
    """``c`` (or ``¬c``) as DNF over the space of ``lookup``'s polynomials."""
    if isinstance(c, Not):
        return cond_dnf(c.arg, lookup, nvars, not negate)
    if isinstance(c, (And, Or)):
        left, right = cond_dnf(c.left, lookup, nvars, negate), cond_dnf(c.right, lookup, nvars, negate)
        return _and(left, right) if isinstance(c, And) != negate else _or(left, right)
    if isinstance(c, BoolConst):
        return Dnf(((),)) if c.value != negate else Dnf(())
    if isinstance(c, NondetCond):
        return Dnf(((),), exact=False)
    a, b = to_linear(c.left, lookup, nvars), to_linear(c.right, lookup, nvars)
    if a is None or b is None:
        return Dnf(((),), exact=False)
    return _compare(_FLIP[c.op] if negate else c.op, a, b)


# ---------------------------------------------------------------------------
# Certificates


@dataclass(frozen=True)
class Farkas:
    """``Σ coeffs[i] · hyps[i] + neg · negated_goal + const``, an exact combination.

    ``coeffs`` maps a hypothesis index to its multiplier (> 0 for a ``ge``
    hypothesis, any sign for an ``eq``); ``const >= 0``; ``neg >= 0`` multiplies
    the negated goal (only in a refutation)."""

    coeffs: tuple[tuple[int, Fraction], ...]
    const: Fraction = Fraction(0)
    neg: Fraction = Fraction(0)


METHODS = {
    "sum": "goal p >= 0: one combination equal to p",
    "pair": "goal p == 0: two combinations, equal to p and to -p",
    "contradiction": "the hypotheses alone combine to a negative constant",
    "negation": "hypotheses plus each integer negation of the goal combine to a negative constant",
}


@dataclass(frozen=True)
class Certificate:
    method: str                   # a key of METHODS
    parts: tuple[Farkas, ...]     # negation of an eq goal: one part per negated disjunct

    def text(self, hyp_labels: Sequence[str] | None = None) -> str:
        def term(i, c):
            label = hyp_labels[i] if hyp_labels else f"h{i}"
            return f"{c}*[{label}]"
        parts = []
        for f in self.parts:
            pieces = [term(i, c) for i, c in f.coeffs]
            if f.neg:
                pieces.append(f"{f.neg}*[not goal]")
            if f.const:
                pieces.append(str(f.const))
            parts.append(" + ".join(pieces) or "0")
        return f"{self.method}: " + " ; ".join(parts)


def combine(hyps: Sequence[Constraint], f: Farkas, negated: Constraint | None, nvars: int) -> Poly | None:
    """The polynomial ``f`` stands for, or None if a multiplier has the wrong sign."""
    if f.const < 0 or f.neg < 0 or (f.neg and negated is None):
        return None
    total = Poly.const(f.const, nvars)
    for i, c in f.coeffs:
        if not 0 <= i < len(hyps) or (hyps[i].kind == GE and c <= 0):
            return None
        total = total + hyps[i].poly * c
    if f.neg:
        total = total + negated.poly * f.neg
    return total


def _negative_constant(p: Poly | None) -> bool:
    return p is not None and p.degree() == 0 and p.constant() < 0


def check_certificate(hyps: Sequence[Constraint], goal: Constraint, cert: Certificate) -> bool:
    """Whether ``cert`` proves ``hyps ⇒ goal`` (exact arithmetic)."""
    n, parts = goal.poly.nvars, cert.parts
    if cert.method == "sum":
        return goal.kind == GE and len(parts) == 1 and combine(hyps, parts[0], None, n) == goal.poly
    if cert.method == "pair":
        return (goal.kind == EQ and len(parts) == 2 and combine(hyps, parts[0], None, n) == goal.poly
                and combine(hyps, parts[1], None, n) == -goal.poly)
    if cert.method == "contradiction":
        return len(parts) == 1 and _negative_constant(combine(hyps, parts[0], None, n))
    if cert.method == "negation":
        negs = negations(goal)
        return len(parts) == len(negs) and all(
            _negative_constant(combine(hyps, f, neg, n)) for f, neg in zip(parts, negs))
    return False


def _solve(hyps: Sequence[Constraint], target: Poly, extra: Constraint | None,
           deadline: float | None) -> Farkas | None:
    """Multipliers with ``Σ λ h (+ κ extra) + c == target`` (``extra`` a ``ge``)."""
    ge_idx = [i for i, h in enumerate(hyps) if h.kind == GE]
    eq_idx = [i for i, h in enumerate(hyps) if h.kind == EQ]
    key = constant_key(target.nvars)
    nonneg = [hyps[i].poly.terms for i in ge_idx] + [{key: Fraction(1)}]
    if extra is not None:
        nonneg.append(extra.poly.terms)
    free = [hyps[i].poly.terms for i in eq_idx]
    comb = cone.solve(nonneg, free, target.terms, deadline=deadline)
    if comb is None:
        return None
    coeffs = {ge_idx[k]: v for k, v in comb.nonneg.items() if k < len(ge_idx)}
    coeffs.update({eq_idx[k]: v for k, v in comb.free.items()})
    return Farkas(tuple(sorted(coeffs.items())), comb.nonneg.get(len(ge_idx), Fraction(0)),
                  comb.nonneg.get(len(ge_idx) + 1, Fraction(0)) if extra is not None else Fraction(0))


def _offset(hyps: Sequence[Constraint], goal: Constraint) -> tuple[int, int, Fraction] | None:
    """``(i, sign, c)`` with ``goal = sign * hyps[i] + c`` and ``c >= 0``, if there is one."""
    key = constant_key(goal.poly.nvars)
    g = goal.poly.terms
    linear = {m: c for m, c in g.items() if m != key}
    for i, h in enumerate(hyps):
        ht = h.poly.terms
        if len(ht) - (key in ht) != len(linear):
            continue
        for sign in ((1, -1) if h.kind == EQ else (1,)):
            if all(ht.get(m) == c * sign for m, c in linear.items()):
                const = g.get(key, Fraction(0)) - sign * ht.get(key, Fraction(0))
                if const >= 0:
                    return i, sign, const
    return None


def _direct(hyps: Sequence[Constraint], goal: Constraint, deadline: float | None) -> Certificate | None:
    if goal in hyps:
        i = hyps.index(goal)
        if goal.kind == GE:
            return Certificate("sum", (Farkas(((i, Fraction(1)),)),))
        return Certificate("pair", (Farkas(((i, Fraction(1)),)), Farkas(((i, Fraction(-1)),))))
    if goal.is_true:
        return Certificate("sum", (Farkas((), goal.poly.constant()),))
    if goal.kind == GE:                  # one hypothesis plus a constant: no LP needed
        found = _offset(hyps, goal)
        if found is not None:
            i, sign, const = found
            return Certificate("sum", (Farkas(((i, Fraction(sign)),), const),))
    first = _solve(hyps, goal.poly, None, deadline)
    if first is None:
        return None
    if goal.kind == GE:
        return Certificate("sum", (first,))
    if first.const == 0 and all(hyps[i].kind == EQ for i, _ in first.coeffs):
        return Certificate("pair", (first, Farkas(tuple((i, -c) for i, c in first.coeffs))))
    second = _solve(hyps, -goal.poly, None, deadline)
    return None if second is None else Certificate("pair", (first, second))


def _refute(hyps: Sequence[Constraint], goal: Constraint, deadline: float | None) -> Certificate | None:
    n = goal.poly.nvars
    parts = []
    for neg in negations(goal):
        if neg.is_false:          # that case is empty: 1 * (-1 >= 0)
            parts.append(Farkas((), Fraction(0), Fraction(1)))
            continue
        f = _solve(hyps, Poly.const(-1, n), neg, deadline)
        if f is None:
            return None
        parts.append(f)
    if all(f.neg == 0 for f in parts):
        return Certificate("contradiction", parts[:1])
    return Certificate("negation", tuple(parts))


def implies(hyps: Sequence[Constraint], goal: Constraint, deadline: float | None = None) -> Certificate | None:
    """An exact certificate that the conjunction of ``hyps`` implies ``goal`` over the
    integers, or None if none was found (in time).  Tries the direct Farkas
    combination first, then a refutation of ``hyps`` with the goal's negation
    (which also covers contradictory hypotheses)."""
    hyps = list(hyps)
    if deadline is not None and time.perf_counter() > deadline:
        return None
    cert = _direct(hyps, goal, deadline)
    if cert is None:
        cert = _refute(hyps, goal, deadline)
    if cert is not None and not check_certificate(hyps, goal, cert):
        raise AssertionError("cone.solve returned a combination that does not check")
    return cert


def refute(hyps: Sequence[Constraint], nvars: int, deadline: float | None = None) -> Certificate | None:
    """A certificate that ``hyps`` are contradictory (a negative constant), or None."""
    hyps = list(hyps)
    for i, h in enumerate(hyps):
        if h.is_false:
            return Certificate("contradiction", (Farkas(((i, Fraction(1)),)),))
    f = _solve(hyps, Poly.const(-1, nvars), None, deadline)
    return None if f is None else Certificate("contradiction", (f,))
