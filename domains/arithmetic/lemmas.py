"""Lemma schemes: named inequalities that hold for every instance of their arguments.

A lemma is a scheme ``name(args) >= 0`` over polynomial arguments (pool
terms): ``square(t)`` is ``t**2 >= 0``, ``amgm3(x, y, z)`` is ``x**3 + y**3 +
z**3 - 3*x*y*z >= 0`` for non-negative x, y, z, and so on.  Each entry of
``LEMMAS`` says how many arguments it takes, whether they must be known
non-negative, and builds the instance polynomial.  An instance is the
auxiliary construct of this domain: the certificate uses it, and the search
adds the instances the engine does not know by itself.

``titu`` (Engel's form of Cauchy-Schwarz) takes ``x_1..x_n, y_1..y_n`` and is
stated with its denominators cleared, so it is a polynomial like the others.
``wamgm`` is weighted AM-GM over monomials: for monomials ``p_1..p_k`` and
positive integer weights ``w_1..w_k`` with ``sum w_i * exp(p_i) = W *
exp(q)`` (``W = sum w_i``), ``sum w_i p_i - W q >= 0``.  Its arguments are
``p_1, w_1, ..., p_k, w_k, q``; it is valid only when the exponents balance,
which ``valid`` checks exactly.

``read_instance`` reads an instance written ``name(arg, ...)`` (a record's ``aux``, a
model's output) with the grammar of ``syntax.py``.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Callable, Sequence

import sympy

from symgen.algebra.poly import Poly, from_sympy
from symgen.limits import LIMITS, InputLimits

from .syntax import read, shown, split_arguments


@dataclass(frozen=True)
class Lemma:
    name: str
    arity: Callable[[int], bool]          # is this number of arguments allowed?
    nonneg_args: bool                      # must every argument be known >= 0?
    build: Callable[[Sequence[Poly]], Poly]
    description: str


def _square(args):
    return args[0] * args[0]


def _amgm(args):
    k = len(args)
    prod = args[0]
    for a in args[1:]:
        prod = prod * a
    return sum((a ** k for a in args[1:]), args[0] ** k) - prod * k


def _schur(r: int):
    def build(args):
        x, y, z = args
        return (x ** r * (x - y) * (x - z) + y ** r * (y - x) * (y - z)
                + z ** r * (z - x) * (z - y))
    return build


def _cauchy(args):
    n = len(args) // 2
    xs, ys = args[:n], args[n:]
    sx = sum((x * x for x in xs[1:]), xs[0] * xs[0])
    sy = sum((y * y for y in ys[1:]), ys[0] * ys[0])
    sxy = sum((x * y for x, y in zip(xs[1:], ys[1:])), xs[0] * ys[0])
    return sx * sy - sxy * sxy


def _power_mean2(args):
    n = len(args)
    s = sum(args[1:], args[0])
    return sum((a * a for a in args[1:]), args[0] * args[0]) * n - s * s


def _power_mean3(args):
    n = len(args)
    s = sum(args[1:], args[0])
    return sum((a ** 3 for a in args[1:]), args[0] ** 3) * (n * n) - s ** 3


def _titu(args):
    """Engel form of Cauchy-Schwarz, denominators cleared:
    (sum_i x_i**2 * prod_{j != i} y_j) * (sum y) - (sum x)**2 * prod y >= 0 for y >= 0."""
    n = len(args) // 2
    xs, ys = args[:n], args[n:]
    prod = ys[0]
    for y in ys[1:]:
        prod = prod * y
    first = Poly.const(0, xs[0].nvars)
    for i, x in enumerate(xs):
        others = Poly.const(1, x.nvars)
        for j, y in enumerate(ys):
            if j != i:
                others = others * y
        first = first + x * x * others
    sx = sum(xs[1:], xs[0])
    sy = sum(ys[1:], ys[0])
    return first * sy - sx * sx * prod


def _wamgm(args):
    pairs, q = args[:-1], args[-1]
    total = Poly.const(0, q.nvars)
    weight = Fraction(0)
    for p, w in zip(pairs[::2], pairs[1::2]):
        total = total + p * w.constant()
        weight += w.constant()
    return total - q * weight


LEMMAS: dict[str, Lemma] = {lem.name: lem for lem in (
    Lemma("square", lambda n: n == 1, False, _square, "t**2 >= 0"),
    Lemma("amgm", lambda n: 2 <= n <= 4, True, _amgm,
          "x1**n + ... + xn**n >= n*x1*...*xn for x >= 0 (n = 2, 3, 4)"),
    Lemma("schur", lambda n: n == 3, True, _schur(1),
          "x(x-y)(x-z) + y(y-x)(y-z) + z(z-x)(z-y) >= 0 for x, y, z >= 0"),
    Lemma("schur2", lambda n: n == 3, True, _schur(2),
          "x**2(x-y)(x-z) + ... >= 0 for x, y, z >= 0"),
    Lemma("cauchy", lambda n: n in (4, 6, 8), False, _cauchy,
          "(x1**2+...)(y1**2+...) >= (x1*y1+...)**2"),
    Lemma("titu", lambda n: n in (4, 6), False, _titu,
          "x1**2/y1 + ... + xn**2/yn >= (x1+...+xn)**2/(y1+...+yn) for y > 0 (cleared)"),
    Lemma("powermean2", lambda n: 2 <= n <= 4, False, _power_mean2,
          "n*(x1**2+...+xn**2) >= (x1+...+xn)**2"),
    Lemma("powermean3", lambda n: 2 <= n <= 4, True, _power_mean3,
          "n**2*(x1**3+...+xn**3) >= (x1+...+xn)**3 for x >= 0"),
    Lemma("wamgm", lambda n: n >= 5 and n % 2 == 1, True, _wamgm,
          "w1*p1 + ... + wk*pk >= (w1+...+wk)*q for monomials with balanced exponents"),
)}


def is_monomial(p: Poly) -> bool:
    return len(p.terms) == 1 and next(iter(p.terms.values())) == 1


def valid(name: str, args: Sequence[Poly], nonneg: Callable[[Poly], bool]) -> str | None:
    """Why ``name(args)`` is not a valid instance, or None if it is.  ``nonneg(p)`` says
    whether the problem's domains make ``p`` non-negative."""
    lemma = LEMMAS.get(name)
    if lemma is None:
        return f"unknown lemma {name!r}"
    if not lemma.arity(len(args)):
        return f"{name} cannot take {len(args)} arguments"
    if name == "wamgm":
        return _wamgm_valid(args, nonneg)
    if name == "titu" and not all(nonneg(y) for y in args[len(args) // 2:]):
        return "titu needs non-negative denominators"
    if lemma.nonneg_args:
        bad = [a for a in args if not nonneg(a)]
        if bad:
            return f"{name} needs non-negative arguments"
    return None


def _wamgm_valid(args: Sequence[Poly], nonneg: Callable[[Poly], bool]) -> str | None:
    pairs, q = args[:-1], args[-1]
    monos, weights = pairs[::2], pairs[1::2]
    if not all(is_monomial(p) and nonneg(p) for p in (*monos, q)):
        return "wamgm needs non-negative monomials"
    if not all(w.is_zero() is False and w.degree() == 0 and w.constant() > 0 for w in weights):
        return "wamgm needs positive constant weights"
    total = sum(w.constant() for w in weights)
    n = q.nvars
    balance = [sum(w.constant() * next(iter(p.terms))[i] for p, w in zip(monos, weights))
               for i in range(n)]
    target = [total * e for e in next(iter(q.terms))]
    return None if balance == target else "wamgm exponents do not balance"


def instance(name: str, args: Sequence[Poly]) -> Poly:
    return LEMMAS[name].build(args)


def read_instance(text: str, variables: Sequence[str],
                  limits: InputLimits = LIMITS) -> tuple[str, tuple[Poly, ...]]:
    """``name(arg, ...)`` as the lemma's name and its arguments, polynomials in
    ``variables`` (in that order); ValueError naming why if it does not read so."""
    text = text.strip()
    name, paren, body = text.partition("(")
    name = name.strip()
    if not paren or not body.endswith(")"):
        raise ValueError(f"{shown(text)} is not NAME(ARGUMENTS)")
    if name not in LEMMAS:
        raise ValueError(f"unknown lemma {shown(name)}")
    symbols = [sympy.Symbol(v) for v in variables]
    args = []
    for arg in split_arguments(body[:-1]):
        expr = read(arg, variables, limits)
        if expr.divisors:
            raise ValueError(f"a lemma argument divides by a variable: {shown(arg)}")
        args.append(from_sympy(expr.expr, symbols))
    return name, tuple(args)
