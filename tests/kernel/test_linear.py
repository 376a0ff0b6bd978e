"""The linear-relations theory against an independent rank test over Fractions.

Random systems are built to be consistent (their constants come from a hidden
solution, with constant pseudo-variables kept symbolic), so an equation follows
from the inputs exactly when its augmented row lies in the span of theirs.
"""
from __future__ import annotations

import logging
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symgen.linear import ZERO_KEY, LinearTheory

Equation = tuple[dict[int, Fraction | int], Fraction | int]
FAST = settings(derandomize=True, max_examples=60, deadline=None)


# --------------------------------------------------------------------------- oracle

class Span:
    """The row space of some equations, by plain Gauss-Jordan elimination over Fractions."""

    def __init__(self, eqs: list[Equation], n: int) -> None:
        self.n = n
        self.rows: dict[int, list[Fraction]] = {}       # pivot column -> row with a 1 there
        for eq in eqs:
            self._insert(self.reduce(row(eq, n)))

    def reduce(self, vec: list[Fraction]) -> list[Fraction]:
        for c, r in self.rows.items():
            if vec[c]:
                f = vec[c]
                vec = [a - f * b for a, b in zip(vec, r)]
        return vec

    def _insert(self, vec: list[Fraction]) -> None:
        c = next((i for i, a in enumerate(vec) if a), None)
        if c is None:
            return
        vec = [a / vec[c] for a in vec]
        for p, r in self.rows.items():
            if r[c]:
                self.rows[p] = [a - r[c] * b for a, b in zip(r, vec)]
        self.rows[c] = vec

    def __contains__(self, eq: Equation) -> bool:
        return not any(self.reduce(row(eq, self.n)))


def row(eq: Equation, n: int) -> list[Fraction]:
    coeffs, const = eq
    return [Fraction(coeffs.get(v, 0)) for v in range(n)] + [Fraction(const)]


def follows(eqs: list[Equation], query: Equation, n: int) -> bool:
    """Whether ``query`` is a rational combination of ``eqs`` (which are consistent)."""
    return query in Span(eqs, n)


def minus(a: Equation, b: Equation) -> Equation:
    (ca, ka), (cb, kb) = a, b
    return {v: ca.get(v, 0) - cb.get(v, 0) for v in ca.keys() | cb.keys()}, ka - kb


# ----------------------------------------------------------------------- strategies

@st.composite
def systems(draw, n_constants: int = 0, max_vars: int = 7, max_eqs: int = 9):
    """``(n, eqs, hidden)``: vars ``0..n-1`` (the first ``n_constants`` are constants).

    ``hidden[v]`` is a vector (rational part, multiple of each constant); every
    equation holds for it, with the constants' parts moved to the left-hand side.
    """
    n_real = draw(st.integers(2, max_vars))
    n = n_constants + n_real
    small = st.fractions(min_value=-3, max_value=3, max_denominator=4)
    parts = st.lists(st.integers(-2, 2), min_size=n_constants, max_size=n_constants)
    hidden = {n_constants + i: [draw(small), *map(Fraction, draw(parts))] for i in range(n_real)}
    coefficient = st.sampled_from([1, -1, 1, -1, 2, -2, 3, Fraction(1, 2), Fraction(-2, 3)])
    terms = st.dictionaries(st.integers(n_constants, n - 1), coefficient, min_size=1, max_size=4)
    eqs = [equation_for(t, hidden, n_constants) for t in draw(st.lists(terms, min_size=1, max_size=max_eqs))]
    return n, eqs, hidden


def equation_for(terms: dict[int, Fraction | int], hidden: dict[int, list[Fraction]],
                 n_constants: int) -> Equation:
    """``terms`` as an equation satisfied by ``hidden``."""
    coeffs: dict[int, Fraction | int] = dict(terms)
    for c in range(n_constants):
        part = sum(a * hidden[v][1 + c] for v, a in terms.items())
        if part:
            coeffs[c] = -part
    return coeffs, sum(a * hidden[v][0] for v, a in terms.items())


def queries(n: int, eqs: list[Equation], hidden: dict, n_constants: int, rng: np.random.Generator,
            count: int = 12) -> list[Equation]:
    """Combinations of the inputs (implied), equations true for ``hidden`` (maybe implied), and noise."""
    out: list[Equation] = []
    for _ in range(count):
        kind = rng.integers(3)
        if kind == 0:
            picks = rng.choice(len(eqs), size=min(len(eqs), 2), replace=False)
            q: Equation = ({}, 0)
            for i in picks:
                f = Fraction(int(rng.integers(-2, 3)), int(rng.integers(1, 3)))
                q = minus(q, ({v: f * a for v, a in eqs[i][0].items()}, f * eqs[i][1]))
            out.append(q)
        else:
            vs = rng.choice(np.arange(n_constants, n), size=min(2, n - n_constants), replace=False)
            q = equation_for({int(v): int(rng.choice([-1, 1, 2])) for v in vs}, hidden, n_constants)
            out.append(q if kind == 1 else (q[0], q[1] + 1))
    return out


def build(eqs: list[Equation], n: int, n_constants: int = 0, modulus=None) -> LinearTheory:
    theory = LinearTheory(modulus)
    for v in range(n):
        theory.new_var(constant=v < n_constants)
    for i, (coeffs, const) in enumerate(eqs):
        theory.add(coeffs, const, reason=i)
    return theory


# ----------------------------------------------------------------- the rank oracle

@FAST
@given(systems(), st.integers(0, 2**32))
def test_add_and_implied_agree_with_rank_test(system, seed):
    n, eqs, hidden = system
    theory = LinearTheory()
    for _ in range(n):
        theory.new_var()
    for i, eq in enumerate(eqs):
        assert theory.add(*eq, reason=i) == (not follows(eqs[:i], eq, n))
    span = Span(eqs, n)
    for q in queries(n, eqs, hidden, 0, np.random.default_rng(seed)):
        assert theory.implied(*q) == (q in span)


@FAST
@given(systems(n_constants=2), st.integers(0, 2**32))
def test_constant_pseudo_vars_agree_with_rank_test(system, seed):
    n, eqs, hidden = system
    theory = build(eqs, n, n_constants=2)
    assert theory.stats()["inconsistent"] == 0
    assert all(v not in theory._rows for v in (0, 1))
    span = Span(eqs, n)
    for q in queries(n, eqs, hidden, 2, np.random.default_rng(seed)):
        assert theory.implied(*q) == (q in span)


@FAST
@given(systems(), st.integers(0, 2**32))
def test_keys_equal_iff_difference_implied(system, seed):
    n, eqs, hidden = system
    theory = build(eqs, n)
    span = Span(eqs, n)
    qs = queries(n, eqs, hidden, 0, np.random.default_rng(seed), count=8)
    for a in qs:
        for b in qs:
            assert (theory.key(*a) == theory.key(*b)) == (minus(a, b) in span)


def test_values_match_sympy_rref():
    sympy = pytest.importorskip("sympy")
    rng = np.random.default_rng(7)
    for _ in range(5):
        n, m = 8, 6
        hidden = {v: [Fraction(int(rng.integers(-5, 6)), int(rng.integers(1, 4)))] for v in range(n)}
        eqs = [equation_for({int(v): int(rng.choice([-2, -1, 1, 2]))
                             for v in rng.choice(n, size=3, replace=False)}, hidden, 0) for _ in range(m)]
        theory = build(eqs, n)
        rref, pivots = sympy.Matrix([[sympy.Rational(a.numerator, a.denominator) for a in row(e, n)]
                                     for e in eqs]).rref()
        determined = {}
        for i, c in enumerate(pivots):
            if all(rref[i, j] == 0 for j in range(n) if j != c):
                determined[c] = Fraction(str(rref[i, n]))
        assert {v: theory.value({v: 1}) for v in range(n) if theory.value({v: 1}) is not None} == determined


def test_larger_system_with_fill_in_agrees_with_rank_test():
    rng = np.random.default_rng(3)
    n, m = 30, 40
    hidden = {v: [Fraction(int(rng.integers(-6, 7)), 2)] for v in range(n)}
    eqs = [equation_for({int(v): int(rng.choice([-2, -1, 1, 1, 2]))
                         for v in rng.choice(n, size=int(rng.integers(2, 5)), replace=False)}, hidden, 0)
           for _ in range(m)]
    theory, span = build(eqs, n), Span(eqs, n)
    for q in queries(n, eqs, hidden, 0, rng, count=40):
        assert theory.implied(*q) == (q in span)


# ------------------------------------------------------------------------ keys

@FAST
@given(systems(n_constants=1), st.permutations(range(9)), st.integers(0, 2**32))
def test_insertion_order_does_not_change_keys(system, order, seed):
    n, eqs, hidden = system
    shuffled = [eqs[i] for i in order if i < len(eqs)]
    qs = queries(n, eqs, hidden, 1, np.random.default_rng(seed), count=6)
    first = LinearTheory()
    for v in range(n):
        first.new_var(constant=v < 1)
    for eq in shuffled:                         # keys asked between adds fill the caches
        first.add(*eq)
        [first.key(*q) for q in qs]
    second = build(eqs, n, n_constants=1)
    assert [first.var_key(v) for v in range(n)] == [second.var_key(v) for v in range(n)]
    assert [first.key(*q) for q in qs] == [second.key(*q) for q in qs]


def test_int_and_fraction_spellings_give_one_key():
    theory = LinearTheory()
    x, y, z = (theory.new_var() for _ in range(3))
    theory.add({x: 2, y: -1}, 1)
    assert theory.key({x: 2, z: 1}) == theory.key({x: Fraction(2), z: Fraction(1)}, Fraction(0))
    assert theory.key({x: 1}) == theory.key({y: Fraction(1, 2)}, Fraction(-1, 2))
    assert theory.key({x: 2, y: -1}, 1) == ZERO_KEY


# ------------------------------------------------------------------ provenance

@FAST
@given(systems(n_constants=1), st.integers(0, 2**32))
def test_explanations_suffice_and_minimal_ones_are_minimal(system, seed):
    n, eqs, hidden = system
    theory = build(eqs, n, n_constants=1)
    span = Span(eqs, n)
    for q in queries(n, eqs, hidden, 1, np.random.default_rng(seed)):
        reasons = theory.explain(*q)
        if q not in span:
            assert reasons is None and theory.explain(*q, minimal=True) is None
            continue
        minimal = theory.explain(*q, minimal=True)
        assert follows([eqs[i] for i in reasons], q, n)
        assert set(minimal) <= set(reasons) and follows([eqs[i] for i in minimal], q, n)
        for drop in minimal:
            assert not follows([eqs[i] for i in minimal if i != drop], q, n)


@FAST
@given(systems(), st.integers(0, 2**32))
def test_combination_sums_to_the_query(system, seed):
    n, eqs, hidden = system
    theory = build(eqs, n)
    for q in queries(n, eqs, hidden, 0, np.random.default_rng(seed)):
        combo = theory.combination(*q)
        if combo is None:
            assert not theory.implied(*q)
            continue
        total: Equation = ({}, 0)
        for i, m in combo:
            total = minus(total, ({v: -m * a for v, a in eqs[i][0].items()}, -m * eqs[i][1]))
        assert row(total, n) == row(q, n)


def test_explain_trivial_and_unknown():
    theory = LinearTheory()
    x, y = theory.new_var(), theory.new_var()
    assert theory.explain({x: 1, y: -1}) is None
    assert theory.explain({x: 1}, 0) is None
    assert theory.explain({x: 1, y: 0}, 0) is None
    assert theory.explain({}, 0) == [] and theory.explain({x: 0}) == []


# -------------------------------------------------------------------- constants

def test_ratio_constants_stay_symbolic():
    theory = LinearTheory()
    log2, log3 = theory.new_var(constant=True), theory.new_var(constant=True)
    a, b, c = (theory.new_var() for _ in range(3))
    assert theory.add({a: 1, b: -1, log2: -1}, reason="ab/bc... a = 2b")      # log a - log b = log 2
    assert theory.add({b: 1, c: -1, log3: -1, log2: 1}, reason="b/c = 3/2")
    assert theory.implied({a: 1, c: -1, log3: -1})                          # a/c = 3
    assert theory.key({a: 1, c: -1}) == theory.var_key(log3)
    assert theory.value({a: 1, c: -1}) is None
    assert theory.var_key(log2) == (((log2, 1),), 1, 0)
    assert theory.explain({a: 1, c: -1, log3: -1}, minimal=True) == ["ab/bc... a = 2b", "b/c = 3/2"]


def test_newer_variables_are_written_through_older_ones():
    theory = LinearTheory()
    x, y, z = (theory.new_var() for _ in range(3))
    theory.add({x: 1, z: 2, y: -1})             # the pivot is z, the highest-numbered variable
    assert theory.var_key(z) == (((x, -1), (y, 1)), 2, 0)
    assert theory.var_key(y) == (((y, 1),), 1, 0)


def test_constant_pseudo_var_is_never_a_pivot():
    theory = LinearTheory()
    x = theory.new_var()
    k = theory.new_var(constant=True)            # numbered above x, still not a pivot
    assert theory.add({x: 1, k: -2})
    assert theory.var_key(k) == (((k, 1),), 1, 0)
    assert theory.var_key(x) == (((k, 2),), 1, 0)


def test_equations_between_constants_alone_are_rejected(caplog):
    theory = LinearTheory()
    log2, log3 = theory.new_var(constant=True), theory.new_var(constant=True)
    a, b = theory.new_var(), theory.new_var()
    theory.add({a: 1, b: -1, log2: -1})
    with caplog.at_level(logging.DEBUG, logger="symgen.linear"):
        assert not theory.add({log2: 1, log3: -1})
        assert not theory.add({a: 1, b: -1, log3: -1})          # would force log 2 = log 3
        assert not theory.add({log2: 1}, 1)
    assert len(caplog.records) == 3 and theory.stats()["inconsistent"] == 3
    assert theory.stats()["rows"] == 1


# --------------------------------------------------------------------- modulus

def test_modulus_normalises_constants():
    theory = LinearTheory(modulus=1)
    x, y, z = (theory.new_var() for _ in range(3))
    assert theory.add({x: 1, y: -1}, Fraction(3, 2))
    assert theory.value({x: 1, y: -1}) == Fraction(1, 2)
    assert theory.implied({x: 1, y: -1}, Fraction(-1, 2))
    assert theory.key({x: 1, y: -1}) == theory.key({}, Fraction(-7, 2))
    assert not theory.add({x: 1, y: -1}, Fraction(5, 2))       # redundant, not inconsistent
    assert theory.stats()["redundant"] == 1 and theory.stats()["inconsistent"] == 0
    theory.add({y: 1, z: -1}, Fraction(1, 2))                  # two perpendiculars make a parallel
    assert theory.implied({x: 1, z: -1}) and theory.var_key(x) == theory.var_key(z)


def test_fractional_modulus():
    theory = LinearTheory(modulus=Fraction(1, 2))
    x, y = theory.new_var(), theory.new_var()
    theory.add({x: 1, y: -1}, Fraction(3, 4))
    assert theory.value({x: 1, y: -1}) == Fraction(1, 4)
    assert theory.implied({x: 2, y: -2}, 0)


@FAST
@given(st.integers(3, 8), st.lists(st.tuples(st.lists(st.integers(0, 7), min_size=2, max_size=4, unique=True),
                                              st.lists(st.sampled_from([1, -1, 2]), min_size=4, max_size=4)),
                                    min_size=1, max_size=10), st.integers(0, 2**32))
def test_integer_combinations_are_implied_modulo_one(n, shapes, seed):
    rng = np.random.default_rng(seed)
    hidden = [Fraction(int(rng.integers(0, 12)), 12) for _ in range(n)]
    eqs = []
    for vs, signs in shapes:
        coeffs = {v % n: s for v, s in zip(vs, signs)}
        eqs.append((coeffs, sum(a * hidden[v] for v, a in coeffs.items()) + int(rng.integers(-3, 4))))
    theory = build(eqs, n, modulus=1)
    kept = [eq for eq in eqs if theory.implied(*eq)]           # all but those rejected after a division
    assert len(kept) >= theory.stats()["new"]
    for _ in range(5):
        q: Equation = ({}, int(rng.integers(-3, 4)))
        for eq in kept:
            m = int(rng.integers(-2, 3))
            q = minus(q, ({v: -m * a for v, a in eq[0].items()}, -m * eq[1]))
        assert theory.implied(*q) and theory.combination(*q) is not None   # multipliers check out mod 1


# ----------------------------------------------------------- state bookkeeping

@FAST
@given(systems(n_constants=1), st.integers(0, 2**32))
def test_inconsistent_equations_leave_the_state_alone(system, seed):
    n, eqs, hidden = system
    theory = build(eqs, n, n_constants=1)
    rng = np.random.default_rng(seed)
    span = Span(eqs, n)
    qs = [q for q in queries(n, eqs, hidden, 1, rng) if q in span]
    for coeffs, const in qs:
        before = ([theory.var_key(v) for v in range(n)], theory.stats()["rows"])
        theory.clear_touched()
        assert not theory.add(coeffs, const + Fraction(1, 3))
        assert ([theory.var_key(v) for v in range(n)], theory.stats()["rows"]) == before
        assert theory.touched() == set() and theory.implied(coeffs, const)
    assert theory.stats()["inconsistent"] == len(qs)


@FAST
@given(systems(n_constants=1))
def test_touched_is_exactly_the_vars_whose_key_changed(system):
    n, eqs, _ = system
    theory = LinearTheory()
    for v in range(n):
        theory.new_var(constant=v < 1)
    for i, eq in enumerate(eqs):
        before = [theory.var_key(v) for v in range(n)]
        theory.clear_touched()
        theory.add(*eq)
        after = [theory.var_key(v) for v in range(n)]
        fresh = build(eqs[:i + 1], n, n_constants=1)           # no caches to go stale
        assert after == [fresh.var_key(v) for v in range(n)]
        assert theory.touched() == {v for v in range(n) if before[v] != after[v]}


def test_floats_are_refused():
    theory = LinearTheory()
    x = theory.new_var()
    with pytest.raises(TypeError):
        theory.add({x: 0.5}, 1)


def test_stats_count_what_happened():
    theory = LinearTheory()
    x, y = theory.new_var(), theory.new_var()
    theory.add({x: 1, y: -1})
    theory.add({y: 1, x: -1})
    theory.implied({x: 1, y: -1})
    counts = theory.stats()
    names = ("rows", "vars", "adds", "new", "redundant", "implied_hits")
    assert [counts[k] for k in names] == [1, 2, 2, 1, 1, 1]
