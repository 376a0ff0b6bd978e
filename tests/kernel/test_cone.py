"""Cone membership with exact certificates: found when they exist, never wrong."""
from __future__ import annotations

import itertools
import time
from fractions import Fraction

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symgen.algebra.cone import Combination, solve, verify

a, b, c = VARS = sympy.symbols("a b c")
PAIRS = [(a, b), (b, c), (a, c)]


def poly(expr) -> dict[tuple[int, ...], Fraction]:
    """``expr`` expanded over (a, b, c): exponent tuple -> Fraction."""
    p = sympy.Poly(sympy.expand(expr), *VARS)
    return {m: Fraction(int(q.p), int(q.q)) for m, q in zip(p.monoms(), p.coeffs()) if q}


def check(nonneg, target, free=(), **kw) -> Combination | None:
    """Solve over sympy expressions; whatever comes back must verify."""
    gens, frees, goal = [poly(g) for g in nonneg], [poly(f) for f in free], poly(target)
    comb = solve(gens, frees, goal, **kw)
    assert comb is None or verify(gens, frees, goal, comb)
    return comb


# ---------------------------------------------------------------------------
# Worked examples


def test_sum_of_squares_of_differences_is_half_each():
    comb = check([(a - b)**2, (b - c)**2, (a - c)**2], a*a + b*b + c*c - a*b - b*c - c*a)
    assert comb == Combination({0: Fraction(1, 2), 1: Fraction(1, 2), 2: Fraction(1, 2)}, {})


def test_target_outside_the_cone_is_none():
    assert check([(a - b)**2, a**2, b**2], a*b - a*a - b*b) is None


def test_negative_constant_is_none():
    assert check([(a - b)**2, a**2, b**2], sympy.Integer(-1)) is None


def test_free_multiples_of_an_equality():
    h = a + b + c - 3
    comb = check([(a - b)**2], h*a + (a - b)**2, free=[h * m for m in (1, a, b, c)])
    assert comb is not None and comb.nonneg == {0: 1}


def test_muirhead_cubic():
    gens = [m * (x - y)**2 for m in VARS for x, y in PAIRS]
    assert check(gens, a**3 + b**3 + c**3 - a*a*b - b*b*c - c*c*a) is not None


def test_quartic_against_abc_sum():
    squares = [m * (x - y)**2 for m in (a*a, b*b, c*c, a*b, b*c, a*c) for x, y in PAIRS]
    squares += [(x*x - y*y)**2 for x, y in PAIRS]
    squares += [(x*y - y*z)**2 for x, y, z in itertools.permutations(VARS)]
    assert check(squares, a**4 + b**4 + c**4 - a*b*c*(a + b + c)) is not None


def test_strict_generator_gets_used():
    comb = check([a, b, sympy.Integer(1)], a + b + 1, strict=[False, False, True],
                 require_strict=True)
    assert comb is not None and comb.nonneg.get(2, 0) > 0


def test_strict_found_after_plain_certificate_skips_it():
    # The plain certificate uses the non-strict copy of 1; the strict one must be forced in.
    comb = check([a, b, sympy.Integer(1), sympy.Integer(1)], a + b + 2,
                 strict=[False, False, False, True], require_strict=True)
    assert comb is not None and comb.nonneg.get(3, 0) > 0


def test_strict_impossible_when_target_can_vanish():
    assert check([a, b, sympy.Integer(1)], a + b, strict=[False, False, True],
                 require_strict=True) is None


def test_refinement_finds_a_correction_below_float_precision():
    # The -1 (a constant) is too small next to the rest for floats to place it.
    q = sympy.Rational
    gens = [1000*a + b*q(1, 50000), sympy.Integer(-1), q(1, 10) - a*q(1, 100000), -q(1, 100) - b/10]
    assert check(gens, -a*q(1, 100000) - b/10 - q(91, 100)) is not None


def test_target_close_to_the_free_span():
    # Off the free polynomial's span by a relative 1e-6: lost if projected in floats.
    gens = [2000*b - 3*a/10, -a*b/10]
    assert check(gens, b/10 + 999999*a*b/10, free=[100000*a*b + b/10]) is not None


def test_deadline_in_the_past_gives_none_at_once():
    start = time.perf_counter()
    assert solve([poly(a)], [], poly(a), deadline=start - 1.0) is None
    assert time.perf_counter() - start < 0.1


def test_verify_rejects_wrong_and_nonpositive_coefficients():
    gens, target = [poly((a - b)**2)], poly(2 * (a - b)**2)
    assert verify(gens, [], target, Combination({0: Fraction(2)}, {}))
    assert not verify(gens, [], target, Combination({0: Fraction(1)}, {}))
    assert not verify(gens, [], poly(sympy.Integer(0)), Combination({0: Fraction(0)}, {}))


# ---------------------------------------------------------------------------
# Properties

EXPONENTS = st.tuples(*[st.integers(0, 2)] * 3)
COEFFS = st.integers(-3, 3).filter(bool).map(Fraction)
POLYS = st.dictionaries(EXPONENTS, COEFFS, min_size=1, max_size=4)
WEIGHTS = st.fractions(min_value=0, max_value=5, max_denominator=12)


def combine(pairs) -> dict:
    out: dict = {}
    for p, w in pairs:
        for k, v in p.items():
            out[k] = out.get(k, 0) + w * v
    return {k: v for k, v in out.items() if v}


@settings(max_examples=150, deadline=None)
@given(gens=st.lists(POLYS, min_size=1, max_size=12), frees=st.lists(POLYS, max_size=4),
       data=st.data())
def test_random_members_of_the_cone_are_found(gens, frees, data):
    lam = data.draw(st.lists(WEIGHTS, min_size=len(gens), max_size=len(gens)))
    mu = data.draw(st.lists(st.fractions(-5, 5, max_denominator=12), min_size=len(frees),
                            max_size=len(frees)))
    target = combine(list(zip(gens, lam)) + list(zip(frees, mu)))
    comb = solve(gens, frees, target)
    assert comb is not None and verify(gens, frees, target, comb)


@settings(max_examples=150, deadline=None)
@given(gens=st.lists(POLYS, max_size=10), frees=st.lists(POLYS, max_size=3), target=POLYS)
def test_answers_always_verify(gens, frees, target):
    comb = solve(gens, frees, target)
    assert comb is None or verify(gens, frees, target, comb)


@settings(max_examples=100, deadline=None)
@given(gens=st.lists(POLYS, min_size=1, max_size=10), data=st.data())
def test_strict_members_use_a_strict_generator(gens, data):
    strict = data.draw(st.lists(st.booleans(), min_size=len(gens), max_size=len(gens)))
    lam = data.draw(st.lists(WEIGHTS, min_size=len(gens), max_size=len(gens)))
    k = data.draw(st.integers(0, len(gens) - 1))
    strict[k], lam[k] = True, lam[k] + 1
    target = combine(list(zip(gens, lam)))
    comb = solve(gens, [], target, strict=strict, require_strict=True)
    assert comb is not None and any(strict[i] for i in comb.nonneg)
