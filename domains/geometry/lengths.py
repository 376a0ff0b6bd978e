"""Fixed lengths (Newclid's ``lconst`` and ``l2const``) as ratios the engine can state.

symgen's engine has no unit of length: it states that two segments are equal or in
a constant ratio, never that one is 4 long.  A problem that fixes lengths fixes the
ratio of any two of them, and that is what is stated: the problem's first fixed
length (the *reference*) is drawn as given and states nothing by itself; every later
``lconst x a l`` is read as ``rconst p q a x r`` (``|pq| = r |ax|``) with the
reference segment pq and r its length over l, and a goal ``lconst a b l`` as the same
ratio to the reference (the diagram draws the reference one unit long).  Given the reference's length, each is equivalent to what it
replaces, so nothing unsound is stated and nothing stated is lost.

Lengths are kept squared (``l2const x a 4`` fixes |ax| = 2), so a ratio is a
fraction exactly when the two squares have a rational ratio that is a square; one
that is not (|ax| = sqrt 2 against a reference of 1) cannot be stated as an
``rconst`` and is refused with the reason.  So is a goal ``lconst`` in a problem that
fixes no length: its length is arbitrary in the diagram.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from domains.geometry.problem import Call
from symgen import limits

LENGTHS = {"lconst": 1, "l2const": 2}      # construction -> the power of the length it gives


@dataclass(frozen=True, slots=True)
class Length:
    """Segment (a, b) of squared length ``square``."""
    a: str
    b: str
    square: Fraction


def _length(call: Call) -> Length:
    x, a = call.args
    n = Fraction(call.numbers[0])
    return Length(a, x, n * n if LENGTHS[call.name] == 1 else n)


def reference(earlier: Iterable[Call]) -> Length | None:
    """The problem's first fixed length among the calls read so far."""
    return next((_length(c) for c in earlier if c.name in LENGTHS), None)


def exact_sqrt(q: Fraction) -> Fraction | None:
    """The square root of a non-negative fraction, if it is one."""
    num, den = math.isqrt(q.numerator), math.isqrt(q.denominator)
    return Fraction(num, den) if num * num == q.numerator and den * den == q.denominator else None


def ratio(ref: Length, square: Fraction, what: str) -> Fraction:
    """|reference| / length for a length of squared length ``square``; ValueError if irrational."""
    r = exact_sqrt(ref.square / square)
    if r is None:
        raise ValueError(f"{what}: its ratio to the first fixed length |{ref.a}{ref.b}| is "
                         f"sqrt({ref.square / square}), not a fraction, so symgen cannot state it")
    return r


def rewrite_call(call: Call, earlier: Iterable[Call], defined: set[str]) -> Call:
    """A later fixed length as ``rconst`` to the reference; any other call as it is."""
    if call.name not in LENGTHS:
        return call
    ref = reference(earlier)
    if ref is None:
        return call
    if not {ref.a, ref.b} <= defined:
        raise ValueError(f"{call}: a second fixed length in the clause that makes the first one; "
                         "fix the first in an earlier clause")
    mine = _length(call)
    if mine.square <= 0:
        raise ValueError(f"{call}: a length must be positive")
    r = ratio(ref, mine.square, str(call))
    return Call("rconst", (ref.a, ref.b, mine.a, mine.b), (r,))


def _number(token: str, pred: str) -> Fraction:
    try:
        value = limits.number(token)
    except ValueError:
        raise ValueError(f"{pred}: expected a number, got {token!r}") from None
    if value <= 0:
        raise ValueError(f"{pred}: {token} is not positive")
    return value


def rewrite_goal(pred: str, tokens: list[str], earlier: Iterable[Call]) -> tuple[str, list[str]]:
    """Goals ``lconst a b l`` and ``r2const a b c d r`` as ``rconst``; others as they are."""
    if pred == "r2const" and len(tokens) == 5:
        r = exact_sqrt(_number(tokens[4], pred))
        if r is None:
            raise ValueError(f"r2const: the ratio sqrt({tokens[4]}) is not a fraction, "
                             "so symgen cannot state it")
        return "rconst", [*tokens[:4], str(r)]
    if pred != "lconst" or len(tokens) != 3:
        return pred, tokens
    ref = reference(earlier)
    if ref is None:
        raise ValueError("lconst: the problem fixes no length (lconst, l2const) to measure it by, "
                         "and symgen's engine has no unit of length")
    if {tokens[0], tokens[1]} == {ref.a, ref.b}:
        raise ValueError(f"lconst: |{tokens[0]}{tokens[1]}| is the problem's first fixed length, "
                         "which sets the unit and states nothing symgen's engine can use")
    length = _number(tokens[2], pred)
    r = ratio(ref, length * length, f"lconst {' '.join(tokens)}")
    return "rconst", [ref.a, ref.b, tokens[0], tokens[1], str(r)]
