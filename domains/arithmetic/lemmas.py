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

The classic lemmas of issue 32, each a polynomial instance ``>= 0`` too:

* ``cauchy(x_1..x_n, y_1..y_n)`` -- ``(sum x**2)(sum y**2) - (sum x*y)**2``;
* ``holder(a_1..a_n, b_1..b_n, c_1..c_n)`` -- ``(sum a**3)(sum b**3)(sum c**3) -
  (sum a*b*c)**3`` for non-negative arguments (n = 2, 3);
* ``chebyshev(x_1..x_n, y_1..y_n)`` -- ``n*sum x*y - (sum x)(sum y)``, which is
  ``sum_{i<j} (x_i - x_j)(y_i - y_j)``: valid when every pair is similarly ordered;
* ``rearrange(x1, x2, y1, y2)`` -- ``(x1 - x2)(y1 - y2)``, the two-term
  rearrangement inequality ``x1*y1 + x2*y2 >= x1*y2 + x2*y1``, same condition;
* ``jensen2`` / ``jensen3`` / ``jenseninv`` ``(w_1, x_1, ..., w_n, x_n)`` -- Jensen's
  inequality for ``t**2`` (all reals), ``t**3`` (``t >= 0``) and ``1/t`` (``t > 0``)
  with non-negative weights ``w``: ``W*sum w*x**2 - (sum w*x)**2``, ``W**2*sum w*x**3 -
  (sum w*x)**3`` and ``(sum w/x)(sum w*x) - W**2`` times ``prod x`` (denominators
  cleared), ``W = sum w``;
* ``tangent(x, p, q, m[, u])`` -- the tangent-line trick for ``f = p/q`` (``p``, ``q``
  polynomials in the one variable ``x``, ``q(m) != 0``) at the point ``m``: with
  ``T(x) = f(m) + f'(m)*(x - m)`` the instance is ``p - T*q``, which is ``(x - m)**2 *
  r(x)`` exactly (polynomial division); it is valid when ``r >= 0`` on the variable's
  domain, decided exactly (``r``'s roots of odd multiplicity are counted by Sturm
  sequences on the domain, and ``r`` is positive at one point of it); with a fifth
  argument ``u`` the domain is cut at ``x <= u``, a known fact (``a + b + c = 3`` and
  positive variables give ``3 - a > 0``).

Side conditions (``SIDES``) beyond non-negative arguments are checked exactly: a
condition ``p >= 0`` holds by the domains (``nonneg``) or by a known fact, which the
caller supplies (``fact(p)``, a witness such as a fact id or a proof line, or None):
the engine cites the facts it used and the checker accepts only cited lines.  A pair
``(x_i - x_j, y_i - y_j)`` is similarly ordered when both differences (or both of their
negations) are non-negative, or when both are their greatest common divisor times
polynomials non-negative by the domains (``a**2 - b**2 = (a - b)*(a + b)`` and ``a**3 -
b**3 = (a - b)*(a**2 + a*b + b**2)``).

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


def _total(polys: Sequence[Poly], nvars: int) -> Poly:
    return sum(polys, Poly.const(0, nvars))


def _product(polys: Sequence[Poly], nvars: int) -> Poly:
    out = Poly.const(1, nvars)
    for p in polys:
        out = out * p
    return out


def _holder(args):
    """(sum a**3)(sum b**3)(sum c**3) - (sum a*b*c)**3 for a, b, c >= 0."""
    n, nv = len(args) // 3, args[0].nvars
    a, b, c = args[:n], args[n:2 * n], args[2 * n:]
    cubes = [_total([t ** 3 for t in seq], nv) for seq in (a, b, c)]
    return _product(cubes, nv) - _total([x * y * z for x, y, z in zip(a, b, c)], nv) ** 3


def _chebyshev(args):
    """n * sum x*y - (sum x)(sum y) = sum_{i<j} (x_i - x_j)(y_i - y_j)."""
    n, nv = len(args) // 2, args[0].nvars
    xs, ys = args[:n], args[n:]
    return _total([x * y for x, y in zip(xs, ys)], nv) * n - _total(xs, nv) * _total(ys, nv)


def _rearrange(args):
    x1, x2, y1, y2 = args
    return (x1 - x2) * (y1 - y2)


def _jensen(kind: str):
    """Jensen's inequality with weights for t**2, t**3 or 1/t (denominators cleared)."""
    def build(args):
        nv = args[0].nvars
        ws, xs = args[0::2], args[1::2]
        total = _total(ws, nv)
        mean = _total([w * x for w, x in zip(ws, xs)], nv)
        if kind == "2":
            return total * _total([w * x * x for w, x in zip(ws, xs)], nv) - mean * mean
        if kind == "3":
            return total * total * _total([w * x ** 3 for w, x in zip(ws, xs)], nv) - mean ** 3
        others = [w * _product([y for j, y in enumerate(xs) if j != i], nv)
                  for i, w in enumerate(ws)]
        return _total(others, nv) * mean - total * total * _product(xs, nv)
    return build


# -- the tangent-line trick: univariate polynomials as coefficient lists -------------
def _variable(p: Poly) -> int | None:
    """The index of the variable ``p`` is, or None."""
    if len(p.terms) != 1:
        return None
    (m, c), = p.terms.items()
    return m.index(1) if c == 1 and sum(m) == 1 else None


def _coefficients(p: Poly, i: int) -> list[Fraction] | None:
    """``p``'s coefficients as a polynomial in variable ``i`` alone (lowest first), or None."""
    out = [Fraction(0)] * (p.degree() + 1)
    for m, c in p.terms.items():
        if any(e for j, e in enumerate(m) if j != i):
            return None
        out[m[i]] += c
    return out


def _at(cs: Sequence[Fraction], x: Fraction) -> Fraction:
    v = Fraction(0)
    for c in reversed(cs):
        v = v * x + c
    return v


def _derivative(cs: Sequence[Fraction]) -> list[Fraction]:
    return [k * c for k, c in enumerate(cs)][1:] or [Fraction(0)]


def _line(args) -> tuple[int, Fraction, list[Fraction]] | str:
    """(variable, point, the tangent line's coefficients) of ``tangent(x, p, q, m)``, or why
    the arguments are not a tangent line."""
    x, p, q, m = args[:4]
    i = _variable(x)
    if i is None:
        return "tangent's first argument must be a variable"
    cp, cq = _coefficients(p, i), _coefficients(q, i)
    if cp is None or cq is None:
        return "tangent's function must be a ratio of polynomials in its variable alone"
    if m.degree() != 0:
        return "tangent's point must be a number"
    at = m.constant()
    q0 = _at(cq, at)
    if q0 == 0:
        return "tangent's function has a zero denominator at the point"
    f0 = _at(cp, at) / q0
    slope = (_at(_derivative(cp), at) * q0 - _at(cp, at) * _at(_derivative(cq), at)) / (q0 * q0)
    return i, at, [f0 - slope * at, slope]


def _tangent(args):
    """p - T*q for the tangent line T of p/q at m (valid arguments assumed)."""
    x, p, q = args[:3]
    _, _, line = _line(args)
    return p - (x * line[1] + line[0]) * q


def _remainder(args) -> tuple[int, list[Fraction]]:
    """The variable and ``r`` with ``p - T*q = (x - m)**2 * r`` (exact synthetic division)."""
    i, at, _ = _line(args)
    cs = _coefficients(_tangent(args), i)
    for _ in range(2):                      # divide by (x - m) twice
        quotient, carry = [], Fraction(0)
        for c in reversed(cs):
            carry = carry * at + c
            quotient.append(carry)
        remainder = quotient.pop()
        assert remainder == 0, "a tangent line meets its function doubly at the point"
        cs = list(reversed(quotient)) or [Fraction(0)]
    return i, cs


def nonneg_on(cs: Sequence[Fraction], lower: Fraction | None, upper: Fraction | None = None
              ) -> bool:
    """Is the polynomial with coefficients ``cs`` (lowest first) >= 0 on the interval from
    ``lower`` to ``upper`` (None: unbounded on that side)?  Exact: no root of odd
    multiplicity inside the interval (Sturm sequences), and positive at one point of it."""
    if lower is not None and upper is not None and lower >= upper:
        return lower == upper and _at(cs, lower) >= 0
    t = sympy.Symbol("t")
    r = sympy.Poly([sympy.Rational(c.numerator, c.denominator) for c in reversed(cs)], t)
    if r.is_zero:
        return True
    ends = [sympy.Rational(e.numerator, e.denominator) if e is not None else None
            for e in (lower, upper)]
    _, factors = r.sqf_list()
    for g, e in factors:
        if e % 2 == 0 or g.degree() == 0:
            continue
        inside = g.count_roots(*ends) - sum(1 for x in ends if x is not None and g.eval(x) == 0)
        if inside:
            return False
    for v in (_at(cs, x) for x in _inner_points(lower, upper, len(cs) + 1)):
        if v != 0:                      # a point of the interval that is not a root
            return v > 0
    return False


def _inner_points(lower: Fraction | None, upper: Fraction | None, count: int) -> list[Fraction]:
    if lower is not None and upper is not None:
        return [lower + (upper - lower) * Fraction(k, count + 1) for k in range(1, count + 1)]
    if lower is not None:
        return [lower + k for k in range(1, count + 1)]
    if upper is not None:
        return [upper - k for k in range(1, count + 1)]
    return [Fraction(k) for k in range(count)]


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
    Lemma("holder", lambda n: n in (6, 9), True, _holder,
          "(a1**3+...)(b1**3+...)(c1**3+...) >= (a1*b1*c1+...)**3 for a, b, c >= 0"),
    Lemma("chebyshev", lambda n: n in (4, 6), False, _chebyshev,
          "n*(x1*y1+...+xn*yn) >= (x1+...+xn)(y1+...+yn) for similarly ordered x, y"),
    Lemma("rearrange", lambda n: n == 4, False, _rearrange,
          "x1*y1 + x2*y2 >= x1*y2 + x2*y1 for similarly ordered (x1, x2), (y1, y2)"),
    Lemma("jensen2", lambda n: n in (4, 6, 8), False, _jensen("2"),
          "W*(w1*x1**2+...) >= (w1*x1+...)**2 for weights w >= 0, W = sum w"),
    Lemma("jensen3", lambda n: n in (4, 6, 8), True, _jensen("3"),
          "W**2*(w1*x1**3+...) >= (w1*x1+...)**3 for w, x >= 0"),
    Lemma("jenseninv", lambda n: n in (4, 6, 8), True, _jensen("inv"),
          "(w1/x1+...)(w1*x1+...) >= W**2 for w >= 0, x > 0 (times x1*...*xn)"),
    Lemma("tangent", lambda n: n in (4, 5), False, _tangent,
          "p(x)/q(x) >= f(m) + f'(m)*(x - m) (times q) where p - T*q = (x - m)**2 * r, r >= 0 "
          "on x's domain (up to u, a known bound x <= u, with a fifth argument u)"),
)}


def is_monomial(p: Poly) -> bool:
    return len(p.terms) == 1 and next(iter(p.terms.values())) == 1


Nonneg = Callable[[Poly], bool]
FactOf = Callable[[Poly], object]      # a witness that p >= 0 is a known fact, or None


def _no_fact(p: Poly) -> None:
    return None


def valid(name: str, args: Sequence[Poly], nonneg: Nonneg, fact: FactOf = _no_fact) -> str | None:
    """Why ``name(args)`` is not a valid instance, or None if it is.  ``nonneg(p)`` says
    whether the problem's domains make ``p`` non-negative; ``fact(p)`` is a witness that
    ``p >= 0`` is a known fact (or None)."""
    return verdict(name, args, nonneg, fact)[0]


def verdict(name: str, args: Sequence[Poly], nonneg: Nonneg, fact: FactOf = _no_fact
            ) -> tuple[str | None, tuple]:
    """(why not valid or None, the witnesses of the facts the side conditions used)."""
    lemma = LEMMAS.get(name)
    if lemma is None:
        return f"unknown lemma {name!r}", ()
    if not lemma.arity(len(args)):
        return f"{name} cannot take {len(args)} arguments", ()
    if lemma.nonneg_args and name != "wamgm":
        bad = [a for a in args if not nonneg(a)]
        if bad:
            return f"{name} needs non-negative arguments", ()
    side = SIDES.get(name)
    if side is None:
        return None, ()
    out = side(args, nonneg, fact)
    return out if isinstance(out, tuple) else (out, ())


def _titu_side(args, nonneg, fact):
    ok = all(nonneg(y) for y in args[len(args) // 2:])
    return None if ok else "titu needs non-negative denominators"


def _weights_side(args, nonneg, fact):
    ok = all(nonneg(w) for w in args[0::2])
    return None if ok else "Jensen needs non-negative weights"


def _known(p: Poly, nonneg: Nonneg, fact: FactOf) -> tuple | None:
    """() if the domains make ``p >= 0``, (witness,) if a fact does, else None."""
    if p.is_zero() or nonneg(p):
        return ()
    w = fact(p)
    return None if w is None else (w,)


def _sympy_poly(p: Poly, gens) -> sympy.Poly:
    return sympy.Poly.from_dict({m: sympy.Rational(c.numerator, c.denominator)
                                 for m, c in p.terms.items()}, *gens, domain="QQ")


def _common_factor_signs(dx: Poly, dy: Poly, nonneg: Nonneg) -> bool:
    """Is ``dx = g*r1`` and ``dy = g*r2`` exactly (``g`` their gcd) with ``r1, r2`` both
    non-negative by the domains (or both non-positive)?  Then ``dx*dy = g**2*r1*r2 >= 0``."""
    gens = sympy.symbols(f"x0:{dx.nvars}")
    sx, sy = _sympy_poly(dx, gens), _sympy_poly(dy, gens)
    g = sx.gcd(sy)
    if g.is_ground:
        return False
    r1, r2 = (_from_sympy_poly(t.exquo(g), dx.nvars) for t in (sx, sy))
    return (nonneg(r1) and nonneg(r2)) or (nonneg(-r1) and nonneg(-r2))


def _from_sympy_poly(p: sympy.Poly, nvars: int) -> Poly:
    return Poly({m: Fraction(int(c.p), int(c.q)) for m, c in p.as_dict().items()}, nvars)


def similarly_ordered(dx: Poly, dy: Poly, nonneg: Nonneg, fact: FactOf) -> tuple | None:
    """Witnesses that ``dx * dy >= 0`` (both signs known alike, or the two differences a
    common factor times non-negative polynomials), or None."""
    if dx.is_zero() or dy.is_zero():
        return ()
    for sx, sy in ((dx, dy), (-dx, -dy)):
        a, b = _known(sx, nonneg, fact), _known(sy, nonneg, fact)
        if a is not None and b is not None:
            return a + b
    return () if _common_factor_signs(dx, dy, nonneg) else None


def _ordered_side(args, nonneg, fact):
    n = len(args) // 2
    xs, ys = args[:n], args[n:]
    used: list = []
    for i in range(n):
        for j in range(i + 1, n):
            w = similarly_ordered(xs[i] - xs[j], ys[i] - ys[j], nonneg, fact)
            if w is None:
                return "the sequences are not shown similarly ordered", ()
            used += [x for x in w if x not in used]
    return None, tuple(used)


def _tangent_side(args, nonneg, fact):
    line = _line(args)
    if isinstance(line, str):
        return line
    i, r = _remainder(args)
    x = args[0]
    lower = Fraction(0) if nonneg(x) else None
    cited: tuple = ()
    upper = None
    if len(args) == 5:                  # r >= 0 up to a known bound x <= u
        u = args[4]
        if u.degree() != 0:
            return "tangent's bound must be a number"
        w = _known(u - x, nonneg, fact)
        if w is None:
            return "tangent's bound x <= u is not a known fact"
        upper, cited = u.constant(), w
    if nonneg_on(r, lower, upper):
        return None, cited
    rest = Poly({tuple(k if j == i else 0 for j in range(x.nvars)): c
                 for k, c in enumerate(r) if c}, x.nvars)
    w = fact(rest)
    if w is not None:
        return None, (w,)
    return "the tangent line's remainder is not shown non-negative on the domain"


SIDES = {"wamgm": lambda args, nonneg, fact: _wamgm_valid(args, nonneg),
         "titu": _titu_side, "chebyshev": _ordered_side, "rearrange": _ordered_side,
         "jensen2": _weights_side, "jensen3": _weights_side, "jenseninv": _weights_side,
         "tangent": _tangent_side}


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
