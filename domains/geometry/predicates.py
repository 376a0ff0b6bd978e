"""The geometry predicates: arity, canonical form, symmetries, and how they read.

Facts are tuples over point indices.  Each predicate states its symmetry group
as argument permutations; the canonical form of a fact is the smallest of its
images, so ``para b a d c`` and ``para c d a b`` are one fact.  Degenerate
atoms (a pair of equal points, a trivial ``eqangle`` whose two sides are one
angle) have no canonical form (``None``): the engine never stores them.

Constant angles are in units of π, taken mod 1 (``aconst a b c d 1/3``: the
directed angle from line ab to line cd is 60°); constant ratios are positive
fractions.  Predicates marked numeric-only (``ncoll``, ``sameside``, ...) are
side conditions: checked on the diagram, never derived.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import permutations
from operator import itemgetter
from typing import Callable, Sequence

Show = Callable[[Sequence[str], Sequence[Fraction]], str]


def _dihedral4() -> list[tuple[int, int, int, int]]:
    """Symmetries of x1 - x2 = x3 - x4 (eqangle over lines, eqratio over segments)."""
    out, todo = set(), [(0, 1, 2, 3)]
    gens = [lambda t: (t[2], t[3], t[0], t[1]), lambda t: (t[1], t[0], t[3], t[2]),
            lambda t: (t[0], t[2], t[1], t[3])]
    while todo:
        t = todo.pop()
        if t not in out:
            out.add(t)
            todo.extend(g(t) for g in gens)
    return sorted(out)


DIHEDRAL4 = _dihedral4()
TRIANGLE_PAIR = sorted({tuple(p[i] for i in (0, 1, 2)) + tuple(3 + p[i] for i in (0, 1, 2))
                        for p in permutations(range(3))}
                       | {tuple(3 + p[i] for i in (0, 1, 2)) + tuple(p[i] for i in (0, 1, 2))
                          for p in permutations(range(3))})

_TRIANGLE_PAIR_GET = [itemgetter(*perm) for perm in TRIANGLE_PAIR]


def _pair(a: int, b: int) -> tuple[int, int] | None:
    return None if a == b else ((a, b) if a < b else (b, a))


def _sorted_distinct(args: tuple) -> tuple | None:
    s = tuple(sorted(args))
    return s if len(set(s)) == len(s) else None


def _two_pairs(args: tuple) -> tuple | None:
    p, q = _pair(args[0], args[1]), _pair(args[2], args[3])
    if p is None or q is None or p == q:
        return None
    return p + q if p < q else q + p


def _four_pairs(args: tuple) -> tuple | None:
    a, b = _pair(args[0], args[1]), _pair(args[2], args[3])
    c, d = _pair(args[4], args[5]), _pair(args[6], args[7])
    if a is None or b is None or c is None or d is None:
        return None
    if (a == c and b == d) or (a == b and c == d):      # x - y = x - y, 0 = 0
        return None
    # the least of the DIHEDRAL4 images, written out (the matcher asks this very often)
    best = min((a, b, c, d), (a, c, b, d), (b, a, d, c), (b, d, a, c),
               (c, a, d, b), (c, d, a, b), (d, b, c, a), (d, c, b, a))
    return best[0] + best[1] + best[2] + best[3]


def _midp(args: tuple) -> tuple | None:
    m, a, b = args
    if len({m, a, b}) < 3:
        return None
    return (m, a, b) if a < b else (m, b, a)


def _circle(args: tuple) -> tuple | None:
    rest = _sorted_distinct(args[1:])
    if rest is None or args[0] in rest:
        return None
    return (args[0],) + rest


def _triangles(args: tuple) -> tuple | None:
    t1, t2 = args[:3], args[3:]
    if len(set(t1)) < 3 or len(set(t2)) < 3 or t1 == t2:
        return None
    return min([g(args) for g in _TRIANGLE_PAIR_GET])


def _aconst(args: tuple) -> tuple | None:
    p, q = _pair(args[0], args[1]), _pair(args[2], args[3])
    if p is None or q is None or p == q:
        return None
    k = Fraction(args[4]) % 1
    return min(p + q + (k,), q + p + ((-k) % 1,))


def _rconst(args: tuple) -> tuple | None:
    p, q = _pair(args[0], args[1]), _pair(args[2], args[3])
    r = Fraction(args[4])
    if p is None or q is None or p == q or r <= 0:
        return None
    return min(p + q + (r,), q + p + (1 / r,))


def _name(p: str) -> str:
    return p.upper()


def _seg(a: str, b: str) -> str:
    return _name(a) + _name(b)


def _deg(k: Fraction) -> str:
    d = k * 180
    return f"{int(d)}°" if d.denominator == 1 else f"{float(d):.4g}°"


@dataclass(frozen=True)
class Predicate:
    name: str
    arity: int                          # number of point arguments
    canonical: Callable[[tuple], tuple | None]
    show: Show
    perms: tuple[tuple[int, ...], ...] = ()   # point-argument symmetries (for materialised tables)
    numbers: int = 0                    # trailing numeric arguments


PREDICATES: dict[str, Predicate] = {p.name: p for p in [
    Predicate("coll", 3, _sorted_distinct,
              lambda a, n: ", ".join(map(_name, a)) + " are collinear"),
    Predicate("para", 4, _two_pairs, lambda a, n: f"{_seg(a[0], a[1])} ∥ {_seg(a[2], a[3])}"),
    Predicate("perp", 4, _two_pairs, lambda a, n: f"{_seg(a[0], a[1])} ⟂ {_seg(a[2], a[3])}"),
    Predicate("cong", 4, _two_pairs, lambda a, n: f"{_seg(a[0], a[1])} = {_seg(a[2], a[3])}"),
    Predicate("midp", 3, _midp, lambda a, n: f"{_name(a[0])} is the midpoint of {_seg(a[1], a[2])}",
              perms=((0, 1, 2), (0, 2, 1))),
    Predicate("circle", 4, _circle,
              lambda a, n: f"{_name(a[0])} is the center of circle {''.join(map(_name, a[1:]))}"),
    Predicate("cyclic", 4, _sorted_distinct,
              lambda a, n: ", ".join(map(_name, a)) + " are concyclic"),
    Predicate("eqangle", 8, _four_pairs,
              lambda a, n: f"∠({_seg(a[0], a[1])},{_seg(a[2], a[3])}) = ∠({_seg(a[4], a[5])},{_seg(a[6], a[7])})"),
    Predicate("eqratio", 8, _four_pairs,
              lambda a, n: f"{_seg(a[0], a[1])}:{_seg(a[2], a[3])} = {_seg(a[4], a[5])}:{_seg(a[6], a[7])}"),
    Predicate("simtri", 6, _triangles, lambda a, n: f"△{''.join(map(_name, a[:3]))} ∼ △{''.join(map(_name, a[3:]))}",
              perms=tuple(TRIANGLE_PAIR)),
    Predicate("simtri2", 6, _triangles,
              lambda a, n: f"△{''.join(map(_name, a[:3]))} ∼ △{''.join(map(_name, a[3:]))} (mirrored)",
              perms=tuple(TRIANGLE_PAIR)),
    Predicate("contri", 6, _triangles, lambda a, n: f"△{''.join(map(_name, a[:3]))} ≅ △{''.join(map(_name, a[3:]))}",
              perms=tuple(TRIANGLE_PAIR)),
    Predicate("contri2", 6, _triangles,
              lambda a, n: f"△{''.join(map(_name, a[:3]))} ≅ △{''.join(map(_name, a[3:]))} (mirrored)",
              perms=tuple(TRIANGLE_PAIR)),
    Predicate("aconst", 4, _aconst,
              lambda a, n: f"∠({_seg(a[0], a[1])},{_seg(a[2], a[3])}) = {_deg(n[0])}", numbers=1),
    Predicate("rconst", 4, _rconst,
              lambda a, n: f"{_seg(a[0], a[1])}:{_seg(a[2], a[3])} = {n[0]}", numbers=1),
]}

# Side conditions: checked on the diagram, never derived.  Arity -1: any.
NUMERIC_ONLY = {"ncoll": -1, "npara": 4, "nperp": 4, "diff": 2, "sameside": 6,
                "sameclock": 6, "oppclock": 6}

ARITY = {name: p.arity + p.numbers for name, p in PREDICATES.items()}


def canonical(pred: str, args: tuple) -> tuple | None:
    """The canonical fact ``(pred, *args)`` or None for a degenerate atom."""
    c = PREDICATES[pred].canonical(tuple(args))
    return None if c is None else (pred,) + c


def collinearity_of(fact: tuple) -> tuple | None:
    """``coll`` of the three points when ``fact`` is a para between two lines through one
    point, else None.  The engine's para holds between distinct lines only, so such a fact
    lapses once the coll is derived and the lines merge: goals take the coll form."""
    if fact[0] != "para" or len(set(fact[1:5])) != 3:
        return None
    return canonical("coll", tuple(sorted(set(fact[1:5]))))


def show(fact: tuple, names: Sequence[str]) -> str:
    """A fact as a person writes it: ``AB ∥ CD``, ``∠(AB,CD) = ∠(EF,GH)``."""
    p = PREDICATES[fact[0]]
    pts = [names[i] for i in fact[1:1 + p.arity]]
    return p.show(pts, fact[1 + p.arity:])


def statement_text(fact: tuple, names: Sequence[str]) -> str:
    """A fact in the problem language: ``para a b c d``."""
    p = PREDICATES[fact[0]]
    pts = [names[i] for i in fact[1:1 + p.arity]]
    return " ".join([fact[0], *pts, *(str(x) for x in fact[1 + p.arity:])])
