"""Linear relations ("AR"): incremental exact Gaussian elimination with provenance.

Angle chasing, ratio chasing and distance chasing all reduce to linear
equations over the rationals.  The variables are line directions (in units of
pi, taken modulo 1), log-lengths of segments, or positions along a line; the
engine adds equations one at a time as it derives facts and keeps asking two
questions: "does this equation follow, and from which inputs?" and "which
expressions are equal?".  ``LinearTheory`` answers both by holding the system in
fully reduced row-echelon form.  Every pivot variable ``p`` has a row
``p = sum(t_u * u) + c`` written in non-pivot variables only, so the reduced form
of any expression -- its *key* -- is found by substituting rows for pivots, and
two expressions are equal modulo the system exactly when their keys are equal.
Pivots are the highest-numbered non-constant variable of an equation's
residual, which makes the reduced form canonical for a given row space: the
keys do not depend on the order the equations arrived in.  With a modulus the
pivot is instead a variable with the smallest coefficient (then the highest),
so that solving for it divides as rarely as possible (see below); keys are
then canonical only for a given insertion order.  Rows and keys are
integer numerators (coefficients and constant) over one positive denominator,
in lowest terms, so the hot loops do int arithmetic, never ``Fraction``
arithmetic, which is some twenty times slower; callers should likewise write
equations with integer coefficients (``2x - y - z``, not ``x - y/2 - z/2``).
Keys are cached per variable until the variable is *touched* (its key
changes), and per expression until the next equation is stored.

Each row carries its provenance as an ``int`` bitmask over the input equations
it was built from (union is ``|``).  ``explain`` ORs the masks of the rows it
substitutes; with ``minimal=True`` it runs a small separate elimination over
just those inputs, each tagged with a constant pseudo-variable, which yields
the exact multipliers, checked by summing the inputs.  Because an equation
that is already implied is never stored, the stored inputs are linearly
independent, so the multipliers are unique and their support is the smallest
set of inputs that implies the query.

Constant pseudo-variables (``new_var(constant=True)``, e.g. log 2 and log 3 in
ratio chasing) are never pivots: they stay symbolic in keys, and an equation
that reduces to constants alone is treated as inconsistent.

With ``modulus=1`` (angles modulo pi) constants are compared modulo 1 but kept
exact internally, so the theory behaves as linear algebra over Q on the stored
(normalised) inputs whose constant sides are compared modulo 1 at the end.
This is *not sound* when elimination divides: ``2x = 0 (mod 1)`` only says
``x`` is 0 or 1/2, yet the theory concludes ``x = 0``.  A conclusion is sound
modulo 1 when its multipliers (``combination``) are all integers; otherwise the
caller must confirm it numerically, as the engine does for every derived fact.
"""
from __future__ import annotations

import logging
from fractions import Fraction
from math import gcd
from operator import itemgetter
from typing import Hashable, Iterator, Mapping, Union

log = logging.getLogger(__name__)

Number = Union[int, Fraction]
Coeffs = Mapping[int, Number]
Key = tuple[tuple[tuple[int, int], ...], int, int]
"""``(terms, den, num)``: the expression ``(sum(n * u for u, n in terms) + num) / den``.

In lowest terms with ``den > 0``, terms sorted by variable and, under a modulus,
``0 <= num / den < modulus``; so equal expressions have equal keys.
"""

ZERO_KEY: Key = ((), 1, 0)
_CACHE_LIMIT = 200_000
_nonzero = itemgetter(1)                 # a (var, coefficient) pair is kept when this is truthy


def _exact(x: object) -> Number:
    """A coefficient or constant as an ``int`` or ``Fraction``; floats are refused."""
    if type(x) is int:
        return x
    if isinstance(x, float):
        raise TypeError(f"linear equations need exact numbers, got the float {x!r}")
    x = Fraction(x)
    return x.numerator if x.denominator == 1 else x


def _bits(mask: int) -> Iterator[int]:
    """Indices of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


class _Row:
    """A pivot's value ``(sum(terms[u] * u) + num) / den``, built from the inputs in ``mask``.

    Exact (the constant is not reduced by the modulus) and in lowest terms: the
    terms are non-zero and ``den > 0`` shares no factor with all of them and ``num``.
    """

    __slots__ = ("terms", "num", "den", "mask")

    def __init__(self, terms: dict[int, int], num: int, den: int, mask: int) -> None:
        self.terms, self.num, self.den, self.mask = terms, num, den, mask
        if den != 1:
            self.lowest_terms()

    def lowest_terms(self) -> None:
        g = gcd(self.den, self.num, *self.terms.values())
        if g != 1:
            terms = self.terms
            for u in terms:
                terms[u] //= g
            self.num //= g
            self.den //= g


class LinearTheory:
    """A growing system of linear equations, kept fully reduced, with provenance.

    An equation ``(coeffs, const)`` means ``sum(coeffs[v] * v) == const``; coefficients
    and constants are ints or Fractions.  ``key(coeffs, const)`` is the canonical
    reduced form of ``sum(coeffs[v] * v) - const`` (a ``Key``); the equation is
    implied exactly when its key is ``ZERO_KEY``.
    """

    __slots__ = ("modulus", "_mod_num", "_mod_den", "_is_const", "_rows", "_cols", "_reasons",
                 "_eqs", "_touched", "_vkey", "_kcache", "_counts")

    def __init__(self, modulus: Fraction | int | None = None) -> None:
        if modulus is not None:
            modulus = _exact(modulus)
            if modulus <= 0:
                raise ValueError(f"modulus must be positive, got {modulus!r}")
        self.modulus = modulus
        self._mod_num, self._mod_den = (0, 1) if modulus is None else (modulus.numerator, modulus.denominator)
        self._is_const: list[bool] = []
        self._rows: dict[int, _Row] = {}           # pivot -> its value
        self._cols: dict[int, set[int]] = {}       # non-pivot var -> pivots whose row mentions it
        self._reasons: list[object] = []           # per stored input equation
        self._eqs: list[tuple[dict[int, Number], Number]] = []
        self._touched: set[int] = set()
        self._vkey: dict[int, Key] = {}            # var -> its key, dropped when touched
        self._kcache: dict[Hashable, Key] = {}     # expression -> its key, cleared on every change
        self._counts = dict.fromkeys(
            ("adds", "new", "redundant", "inconsistent", "keys", "key_cache_hits",
             "implied_queries", "implied_hits", "explains"), 0)

    # ----------------------------------------------------------------- variables

    def new_var(self, *, constant: bool = False) -> int:
        """A fresh variable; ``constant=True`` makes a symbolic constant that is never a pivot."""
        self._is_const.append(constant)
        return len(self._is_const) - 1

    def is_constant(self, v: int) -> bool:
        """Whether ``v`` is a constant pseudo-variable."""
        return self._is_const[v]

    # ------------------------------------------------------------------- adding

    def add(self, coeffs: Coeffs, const: Number = 0, reason: object = None) -> bool:
        """Add ``sum(coeffs[v] * v) == const``; True if it was new information.

        An implied equation is not stored.  An inconsistent one (it reduces to
        ``0 == c`` with ``c != 0``, or to constant pseudo-variables alone) is
        rejected with a warning and leaves the state untouched.
        """
        self._counts["adds"] += 1
        coeffs = {v: _exact(a) for v, a in coeffs.items() if a}
        if coeffs and not 0 <= min(coeffs) <= max(coeffs) < len(self._is_const):
            raise ValueError(f"equation {coeffs} uses a variable this theory did not hand out")
        const = _exact(const)
        if self.modulus is not None:
            const %= self.modulus
        acc, den, num, mask = self._reduce(coeffs, const)     # sum(acc[u] * u) + num == 0
        acc = {u: n for u, n in acc.items() if n}
        is_const = self._is_const
        candidates = [u for u in acc if not is_const[u]]
        if self.modulus is None or not candidates:
            pivot = max(candidates, default=None)
        else:   # mod 1: solve for a variable with the smallest coefficient, to avoid dividing
            pivot = max(candidates, key=lambda u: (-abs(acc[u]), u))
        if pivot is None:
            if not acc and self._is_zero(num, den):
                self._counts["redundant"] += 1
                return False
            self._counts["inconsistent"] += 1
            log.debug("rejected inconsistent equation %s = %s (reason %r): it reduces to %s",
                        coeffs, const, reason, self._show(acc, num, den))
            return False
        index = len(self._eqs)
        self._eqs.append((coeffs, const))
        self._reasons.append(reason)
        self._install(pivot, _solve_for(pivot, acc, num, mask | (1 << index)))
        self._counts["new"] += 1
        return True

    def _install(self, pivot: int, row: _Row) -> None:
        """Make ``pivot`` a pivot with value ``row``, eliminating it from every other row."""
        rows, cols, touched = self._rows, self._cols, {pivot}
        for q in cols.pop(pivot, ()):
            self._substitute(rows[q], q, pivot, row)
            touched.add(q)
        rows[pivot] = row
        for u in row.terms:
            users = cols.get(u)
            if users is None:
                cols[u] = {pivot}
            else:
                users.add(pivot)
        for q in touched:
            self._vkey.pop(q, None)
        self._touched |= touched
        self._kcache.clear()

    def _substitute(self, target: _Row, q: int, pivot: int, row: _Row) -> None:
        """Replace ``pivot`` by its value ``row`` inside ``target``, the row of ``q``."""
        terms, cols = target.terms, self._cols
        x = terms.pop(pivot)
        if row.den != 1:                    # bring target over the common denominator
            for u in terms:
                terms[u] *= row.den
            target.num *= row.den
            target.den *= row.den
        target.num += x * row.num
        for u, t in row.terms.items():
            y = terms.get(u, 0) + x * t
            if y:
                terms[u] = y
                users = cols.get(u)
                if users is None:
                    cols[u] = {q}
                else:
                    users.add(q)
            else:
                del terms[u]
                cols[u].discard(q)
        if target.den != 1:
            target.lowest_terms()
        target.mask |= row.mask

    # ----------------------------------------------------------------- querying

    def _reduce(self, coeffs: Coeffs, const: Number) -> tuple[dict[int, int], int, int, int]:
        """``sum(coeffs[v] * v) - const`` with pivots substituted, as ``(acc, den, num, mask)``.

        The value is ``(sum(acc[u] * u) + num) / den`` (exact, ``acc`` may hold
        zeros) and ``mask`` is the provenance of the rows used.  This is the hot
        path: it first tries one pass assuming that every number met is an int.
        """
        if type(const) is int:
            rows = self._rows
            acc: dict[int, int] = {}
            num = -const
            mask = 0
            for v, a in coeffs.items():
                row = rows.get(v)
                if type(a) is not int or (row is not None and row.den != 1):
                    break
                if row is None:
                    acc[v] = acc.get(v, 0) + a
                else:
                    num += a * row.num
                    mask |= row.mask
                    for u, t in row.terms.items():
                        acc[u] = acc.get(u, 0) + a * t
            else:
                return acc, 1, num, mask
        return self._reduce_over_common_denominator(coeffs, const)

    def _reduce_over_common_denominator(self, coeffs: Coeffs, const: Number
                                        ) -> tuple[dict[int, int], int, int, int]:
        """``_reduce`` when some coefficient, constant or row is not integral."""
        rows = self._rows
        den = const.denominator
        for v, a in coeffs.items():         # common denominator: almost always 1
            row = rows.get(v)
            d = a.denominator if row is None else a.denominator * row.den
            if d != 1 and den % d:
                den = den * d // gcd(den, d)
        num = -const * den
        if type(num) is not int:
            num = int(num)                  # exact: den is a multiple of every denominator
        acc: dict[int, int] = {}
        mask = 0
        for v, a in coeffs.items():
            row = rows.get(v)
            f = a * den if row is None else a * (den // row.den)
            if type(f) is not int:
                f = int(f)
            if row is None:
                acc[v] = acc.get(v, 0) + f
            else:
                num += f * row.num
                mask |= row.mask
                for u, t in row.terms.items():
                    acc[u] = acc.get(u, 0) + f * t
        return acc, den, num, mask

    def _is_zero(self, num: int, den: int) -> bool:
        """Whether the constant ``num / den`` is 0 (modulo the modulus)."""
        if self.modulus is None:
            return num == 0
        return (num * self._mod_den) % (den * self._mod_num) == 0

    def _make_key(self, terms: list[tuple[int, int]], den: int, num: int) -> Key:
        """The key of ``(sum(n * u for u, n in terms) + num) / den``; ``terms`` sorted, non-zero."""
        if self.modulus is None:
            if den == 1:
                return tuple(terms), 1, num
        else:                               # num/den mod p/q == ((num*q) mod (den*p)) / (den*q)
            q = self._mod_den
            num = (num * q) % (den * self._mod_num)
            if q != 1:
                terms = [(u, n * q) for u, n in terms]
                den *= q
        if den != 1:
            g = gcd(den, num, *[n for _, n in terms])
            if g != 1:
                terms = [(u, n // g) for u, n in terms]
                num //= g
                den //= g
        return tuple(terms), den, num

    def var_key(self, v: int) -> Key:
        """The key of the single variable ``v`` (cached until ``v`` is touched)."""
        key = self._vkey.get(v)
        if key is None:
            row = self._rows.get(v)
            if row is None:
                key = (((v, 1),), 1, 0)
            else:
                key = self._make_key(sorted(row.terms.items()), row.den, row.num)
            self._vkey[v] = key
        return key

    def key(self, coeffs: Coeffs, const: Number = 0) -> Key:
        """Canonical form of ``sum(coeffs[v] * v) - const`` modulo the system.

        Two keys are equal exactly when the difference of their equations is implied.
        """
        counts = self._counts
        counts["keys"] += 1
        if len(coeffs) == 1 and not const:
            (v, a), = coeffs.items()
            if a == 1:
                return self.var_key(v)
        cache_key = (tuple(coeffs.items()), const)
        key = self._kcache.get(cache_key)
        if key is not None:
            counts["key_cache_hits"] += 1
            return key
        acc, den, num, _ = self._reduce(coeffs, const)
        key = self._make_key(sorted(filter(_nonzero, acc.items())), den, num)
        if len(self._kcache) >= _CACHE_LIMIT:
            self._kcache.clear()
        self._kcache[cache_key] = key
        return key

    def implied(self, coeffs: Coeffs, const: Number = 0) -> bool:
        """Whether ``sum(coeffs[v] * v) == const`` follows from the system."""
        self._counts["implied_queries"] += 1
        hit = self.key(coeffs, const) == ZERO_KEY
        self._counts["implied_hits"] += hit
        return hit

    def value(self, coeffs: Coeffs) -> Number | None:
        """The rational constant ``sum(coeffs[v] * v)`` is forced to equal, else None.

        An expression fixed only up to constant pseudo-variables (log 2 - log 3)
        has no rational value; read it off its ``key`` instead.
        """
        terms, den, num = self.key(coeffs)
        if terms:
            return None
        return num if den == 1 else Fraction(num, den)

    @staticmethod
    def _show(acc: Mapping[int, int], num: int, den: int) -> str:
        lhs = " + ".join(f"{Fraction(n, den)}*v{u}" for u, n in sorted(acc.items())) or "0"
        return f"{lhs} = {Fraction(-num, den)}"

    # --------------------------------------------------------------- provenance

    def _implied_mask(self, coeffs: Coeffs, const: Number) -> int | None:
        """The provenance mask of the rows that imply the equation, or None if it is not implied."""
        acc, den, num, mask = self._reduce(coeffs, const)
        if any(acc.values()) or not self._is_zero(num, den):
            return None
        return mask

    def explain(self, coeffs: Coeffs, const: Number = 0, *,
                minimal: bool = False) -> list[object] | None:
        """Reasons of input equations that together imply the equation, or None.

        Without ``minimal`` this is the provenance recorded on the rows used, which
        can include inputs that are not needed.  With ``minimal`` it is exactly the
        inputs with a non-zero multiplier in the (unique) combination: the smallest
        subset of the stored inputs that implies the equation.
        """
        self._counts["explains"] += 1
        mask = self._implied_mask(coeffs, const)
        if mask is None:
            return None
        if minimal:
            multipliers = self._multipliers(coeffs, const, mask)
            if multipliers is not None:
                return [self._reasons[i] for i in multipliers]
        return [self._reasons[i] for i in _bits(mask)]

    def combination(self, coeffs: Coeffs, const: Number = 0) -> list[tuple[object, Number]] | None:
        """``[(reason, multiplier), ...]`` whose weighted sum is the equation, or None.

        Under a modulus the constants agree modulo it; the conclusion is sound
        there only when every multiplier is an integer.
        """
        mask = self._implied_mask(coeffs, const)
        multipliers = None if mask is None else self._multipliers(coeffs, const, mask)
        if multipliers is None:
            return None
        return [(self._reasons[i], m) for i, m in multipliers.items()]

    def _multipliers(self, coeffs: Coeffs, const: Number, mask: int) -> dict[int, Number] | None:
        """Multipliers (by input index, ascending) of the inputs in ``mask`` summing to the equation.

        Each input ``E_i`` enters a scratch theory as ``E_i - t_i = 0`` with a tag
        ``t_i`` that is a constant pseudo-variable; the query then reduces to
        ``sum(lambda_i * t_i)``.  The result is checked by summing the inputs.
        """
        indices = list(_bits(mask))
        n = len(self._is_const)
        scratch = LinearTheory()
        scratch._is_const = self._is_const + [True] * len(indices)
        for tag, i in enumerate(indices, start=n):
            scratch.add({**self._eqs[i][0], tag: -1})
        terms, den, _ = scratch.key(coeffs)
        lam = {indices[t - n]: c // den if c % den == 0 else Fraction(c, den) for t, c in terms if t >= n}
        if len(lam) != len(terms) or not self._sums_to(lam, coeffs, const):
            log.error("provenance check failed for %s = %s; falling back to the row masks",
                      dict(coeffs), const)
            return None
        return lam

    def _sums_to(self, lam: Mapping[int, Number], coeffs: Coeffs, const: Number) -> bool:
        """Whether ``sum(lam[i] * input_i)`` is the equation (constants modulo the modulus)."""
        total: dict[int, Number] = {}
        rhs: Number = 0
        for i, m in lam.items():
            eq, c = self._eqs[i]
            rhs += m * c
            for u, a in eq.items():
                total[u] = total.get(u, 0) + m * a
        for u, a in coeffs.items():
            total[u] = total.get(u, 0) - a
        rhs = Fraction(rhs - const)
        return not any(total.values()) and self._is_zero(rhs.numerator, rhs.denominator)

    # ---------------------------------------------------------------- bookkeeping

    def touched(self) -> set[int]:
        """Variables whose key changed since the last ``clear_touched``."""
        return set(self._touched)

    def clear_touched(self) -> None:
        self._touched.clear()

    def stats(self) -> dict[str, int]:
        """Sizes and counters: rows, vars, constants, nonzeros, adds, key and query hits."""
        return {
            "rows": len(self._rows),
            "vars": len(self._is_const),
            "constants": sum(self._is_const),
            "nonzeros": sum(len(r.terms) for r in self._rows.values()),
            **self._counts,
        }


def _solve_for(pivot: int, acc: dict[int, int], num: int, mask: int) -> _Row:
    """The row of ``pivot`` from ``sum(acc[u] * u) + num == 0`` (``acc`` is consumed)."""
    a = acc.pop(pivot)
    if a > 0:
        return _Row({u: -n for u, n in acc.items()}, -num, a, mask)
    return _Row(acc, num, -a, mask)
