"""The geometry side of the independent proof checker.

The kernel's checker replays rule steps by itself; for theory steps it asks
the verifiers here, which decide from the cited facts alone, with code that
shares nothing with the engine's structures:

* collinearity / concyclicity: rebuild lines (circles) as point sets from the
  cited ``coll`` (``cyclic``) facts, merging sets that share 2 (3) points;
* angle chase: build lines from the cited ``coll`` facts, write every cited
  angle fact as a linear equation over line directions (units of π), lift it
  from mod 1 to an exact equation with the multiple of 1 the diagram shows,
  and check by plain Gaussian elimination over fractions that the lifted
  conclusion is a rational combination of them; the conclusion must also hold
  on the diagram;
* ratio chase: the same over log-lengths of segments, with log 2, log 3, ...
  as extra symbols for constant ratios (the factors ``chase.factor`` finds, so
  that checker and engine name the same symbols);
* distance chase: the same over lengths, with the length sums of each line
  built from the cited collinearities and the order of points on the diagram.

Side conditions (``sameclock``, ``npara``, …) are not proof lines: ``check_conditions``
evaluates each one again, from its text, on the points of the diagram the proof is
replayed on, with this module's own arithmetic (signed areas and dot products against
the same relative tolerance as the engine's, where a borderline figure decides nothing).

``check_result`` replays a whole proof from the prover.
"""
from __future__ import annotations

import cmath
import math
from fractions import Fraction
from itertools import combinations
from typing import Callable, Iterable, Mapping, Sequence

from symgen.checker import CheckContext, check_proof
from symgen.errors import SymgenError

from . import DISTINCT, rules as geometry_rules
from .chase import factor
from .distance import betweenness
from .predicates import canonical, show

Eq = tuple[dict, Fraction]


def _groups(facts: Iterable[tuple], pred: str, share: int) -> list[set[int]]:
    groups = [set(f[1:]) for f in facts if f[0] == pred]
    merged = True
    while merged:
        merged = False
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if len(groups[i] & groups[j]) >= share:
                    groups[i] |= groups.pop(j)
                    merged = True
                    break
            if merged:
                break
    return groups


def _incidence(pred: str, share: int) -> Callable[[list, tuple], bool]:
    def verify(cited: list, fact: tuple) -> bool:
        return fact[0] == pred and any(set(fact[1:]) <= g for g in _groups(cited, pred, share))
    return verify


def _reduce(rows: list[tuple[dict, Fraction]], target: dict, const: Fraction) -> bool:
    """Is (target, const) a rational combination of the rows?  Rows are reduced in place."""
    basis: list[tuple[object, dict, Fraction]] = []
    for coeffs, c in rows:
        coeffs = dict(coeffs)
        for pivot, row, rc in basis:
            a = coeffs.pop(pivot, 0)
            if a:
                for v, x in row.items():
                    coeffs[v] = coeffs.get(v, 0) + a * x
                c -= a * rc
        coeffs = {v: x for v, x in coeffs.items() if x}
        if not coeffs:
            continue
        pivot = min(coeffs, key=repr)
        a = coeffs.pop(pivot)
        row = {v: Fraction(-x, 1) / a for v, x in coeffs.items()}
        rc = Fraction(c) / a
        # substitute into earlier rows to keep them reduced
        basis = [(p, _subst(r, pivot, row), k + r.get(pivot, 0) * rc) for p, r, k in basis]
        basis.append((pivot, row, rc))
    t, k = dict(target), Fraction(const)
    for pivot, row, rc in basis:
        a = t.pop(pivot, 0)
        if a:
            for v, x in row.items():
                t[v] = t.get(v, 0) + a * x
            k -= a * rc
    if any(t.values()):
        return False
    return k == 0


def _subst(row: dict, pivot, expr: dict) -> dict:
    a = row.get(pivot, 0)
    if not a:
        return row
    out = {v: x for v, x in row.items() if v != pivot}
    for v, x in expr.items():
        out[v] = out.get(v, 0) + a * x
    return {v: x for v, x in out.items() if x}


def _line_namer(cited: list) -> Callable[[int, int], object]:
    lines = _groups(cited, "coll", 2)

    def line(a: int, b: int) -> object:
        for i, g in enumerate(lines):
            if a in g and b in g:
                return ("L", i, frozenset(g))
        return ("P", min(a, b), max(a, b))
    return line


def _angle_eqs(fact: tuple, line) -> list[Eq]:
    p, a = fact[0], fact[1:]

    def d(i: int) -> object:
        return line(a[2 * i], a[2 * i + 1])

    def combo(*terms) -> dict:
        out: dict = {}
        for s, v in terms:
            out[v] = out.get(v, 0) + s
        return {v: x for v, x in out.items() if x}

    table = {
        "para": lambda: [(combo((1, d(0)), (-1, d(1))), Fraction(0))],
        "perp": lambda: [(combo((1, d(0)), (-1, d(1))), Fraction(1, 2))],
        "eqangle": lambda: [(combo((1, d(0)), (-1, d(1)), (-1, d(2)), (1, d(3))), Fraction(0))],
        "aconst": lambda: [(combo((-1, d(0)), (1, d(1))), Fraction(a[4]))],
    }
    return table[p]() if p in table else []


def _ratio_eqs(fact: tuple) -> list[Eq]:
    p, a = fact[0], fact[1:]

    def s(i: int, j: int) -> object:
        return ("S", min(a[i], a[j]), max(a[i], a[j]))

    def combo(*terms) -> dict:
        out: dict = {}
        for c, v in terms:
            out[v] = out.get(v, 0) + c
        return {v: x for v, x in out.items() if x}

    def log(r: Fraction) -> list:
        return [(-sign * e, ("log", q)) for n, sign in ((r.numerator, 1), (r.denominator, -1))
                for q, e in factor(n).items()]

    table = {
        "cong": lambda: [(combo((1, s(0, 1)), (-1, s(2, 3))), Fraction(0))],
        "eqratio": lambda: [(combo((1, s(0, 1)), (-1, s(2, 3)), (-1, s(4, 5)), (1, s(6, 7))),
                             Fraction(0))],
        "rconst": lambda: [(combo((1, s(0, 1)), (-1, s(2, 3)), *log(Fraction(a[4]))), Fraction(0))],
        "circle": lambda: [(combo((1, s(0, 1)), (-1, s(0, 2))), Fraction(0)),
                           (combo((1, s(0, 1)), (-1, s(0, 3))), Fraction(0))],
    }
    return table[p]() if p in table else []


def _lifted(eqs: list[Eq], xy: Sequence[complex]) -> list[Eq]:
    """Angle equations mod 1 as exact equations: each line name stands for the direction
    (units of π, in [0, 1)) of its first two points on the diagram, and the constant
    gains the integer the diagram shows."""
    out = []
    for coeffs, c in eqs:
        total = 0.0
        for name, a in coeffs.items():
            p, q = name[1:3] if name[0] == "P" else sorted(name[2])[:2]
            total += float(a) * ((cmath.phase(xy[q] - xy[p]) / math.pi) % 1.0)
        out.append((coeffs, c + round(total - float(c))))
    return out


def _chase(numeric: Callable[[str, tuple], bool], angles: bool, xy: Sequence[complex]
           ) -> Callable[[list, tuple], bool]:
    def verify(cited: list, fact: tuple) -> bool:
        if angles:
            line = _line_namer(cited)
            rows = _lifted([e for f in cited for e in _angle_eqs(f, line)], xy)
            goals = _lifted(_angle_eqs(fact, line), xy)
        else:
            rows = [e for f in cited for e in _ratio_eqs(f)]
            goals = _ratio_eqs(fact)
        return (bool(goals) and all(_reduce(rows, g, c) for g, c in goals)
                and numeric(fact[0], fact[1:]))
    return verify


def _distance(numeric: Callable[[str, tuple], bool], xy: Sequence[complex]
              ) -> Callable[[list, tuple], bool]:
    """Lengths: cited cong / rconst facts, and length sums along the lines of the cited
    collinearities, in the order the diagram shows."""
    def seg(a: int, b: int) -> tuple:
        return ("S", min(a, b), max(a, b))

    def verify(cited: list, fact: tuple) -> bool:
        rows = []
        for f in cited:
            if f[0] in ("cong", "rconst"):
                r = Fraction(f[5]) if f[0] == "rconst" else Fraction(1)
                a, b = seg(f[1], f[2]), seg(f[3], f[4])
                rows.append(({a: r.denominator, b: -r.numerator} if a != b else {}, Fraction(0)))
        for line in _groups(cited, "coll", 2):
            for x, y, z in betweenness(sorted(line), xy):
                rows.append(({seg(x, y): 1, seg(y, z): 1, seg(x, z): -1}, Fraction(0)))
        if fact[0] != "cong":
            return False
        target = {seg(fact[1], fact[2]): 1, seg(fact[3], fact[4]): -1}
        return _reduce(rows, target, Fraction(0)) and numeric(fact[0], fact[1:])
    return verify


def context(names: Sequence[str], numeric: Callable[[str, tuple], bool],
            premises: Iterable[tuple], xy: Sequence[complex]) -> CheckContext:
    """A checker context for one problem: its premises and its diagram's numeric model."""
    return CheckContext(
        rules={r.name: r for r in geometry_rules()},
        canonical=canonical,
        condition=numeric,
        theories={
            "collinearity": _incidence("coll", 2),
            "concyclicity": _incidence("cyclic", 3),
            "angle chase": _chase(numeric, True, xy),
            "ratio chase": _chase(numeric, False, xy),
            "distance chase": _distance(numeric, xy),
        },
        premises=frozenset(premises),
        show=lambda f: show(f, names),
        distinct=DISTINCT,
    )


def result_context(result) -> CheckContext:
    """The checker's context for a solved result: its state's names, premises and diagram."""
    state = result.state
    premises = [f for _, f, why in state.table.items() if why.is_premise]
    return context(state.names, state.numeric, premises, state.xy)


def result_conditions(result) -> list[str]:
    """What is wrong with a result's side conditions: those its problem asks and those the
    result claims, each evaluated again on the result's diagram."""
    asked = [str(c) for c in result.problem.conditions]
    claimed = [str(c) for c, _ in getattr(result, "conditions", ())]
    state = result.state
    return check_conditions(dict.fromkeys(asked + claimed), dict(zip(state.names, state.xy)))


def check_result(result) -> None:
    """Replay a ``GeometryResult``'s proof; raises ``ProofCheckError`` at the first bad line,
    ``ConditionCheckError`` if a side condition is false on the diagram."""
    failures = result_conditions(result)
    if failures:
        raise ConditionCheckError(failures[0])
    check_proof(result.proof, result_context(result))


class ConditionCheckError(SymgenError):
    """A result's side condition that the checker finds false (or malformed)."""


# ---------------------------------------------------------------------------
# Side conditions

_TOL = 1e-7


def _area_sign(a: complex, b: complex, c: complex) -> int:
    """The sign of triangle abc's signed area; 0 when it is small beside its longest side."""
    area = ((b - a).conjugate() * (c - a)).imag
    longest = max(abs(a - b), abs(b - c), abs(c - a))
    return 0 if abs(area) <= _TOL * longest ** 2 else (1 if area > 0 else -1)


def _cos_sign(v: complex, a: complex, b: complex) -> int:
    """The sign of the cosine of the angle avb; 0 when it is (nearly) right or undefined."""
    s = ((a - v).conjugate() * (b - v)).real
    n = abs(a - v) * abs(b - v)
    return 0 if n == 0.0 or abs(s) <= _TOL * n else (1 if s > 0 else -1)


def _two_lines(p: Sequence[complex], part: Callable[[complex], float]) -> bool:
    """Lines ab and cd both proper, and ``part`` of (b-a)^* (d-c) not (nearly) zero."""
    a, b, c, d = p
    u, v = b - a, d - c
    tiny = _TOL * max(abs(q - a) for q in p)
    return abs(u) > tiny and abs(v) > tiny and abs(part(u.conjugate() * v)) > _TOL * abs(u) * abs(v)


def _opposed(x: int, y: int, same: bool) -> bool:
    return x != 0 and y != 0 and (x == y) == same


_CONDITION_CHECKS: dict[str, tuple[int, bool, Callable[[Sequence[complex]], bool]]] = {
    # name -> (points, variadic, check)
    "sameclock": (6, False, lambda p: _opposed(_area_sign(*p[:3]), _area_sign(*p[3:]), True)),
    "oppclock": (6, False, lambda p: _opposed(_area_sign(*p[:3]), _area_sign(*p[3:]), False)),
    "sameside": (6, False, lambda p: _opposed(_cos_sign(*p[:3]), _cos_sign(*p[3:]), True)),
    "nsameside": (6, False, lambda p: _opposed(_cos_sign(*p[:3]), _cos_sign(*p[3:]), False)),
    "obtuse_angle": (3, False, lambda p: _cos_sign(p[1], p[0], p[2]) == -1),
    "ncoll": (3, True, lambda p: any(_area_sign(*t) for t in combinations(p, 3))),
    "npara": (4, False, lambda p: _two_lines(p, lambda z: z.imag)),
    "nperp": (4, False, lambda p: _two_lines(p, lambda z: z.real)),
    "diff": (2, True, lambda p: all(abs(x - y) > _TOL * max(1.0, *map(abs, p))
                                    for x, y in combinations(p, 2))),
}


def check_conditions(conditions: Iterable[str], coords: Mapping[str, complex]) -> list[str]:
    """Why each side condition (as text: ``sameclock a b c p q r``) fails on the diagram
    ``coords`` (point name -> x + iy); empty when all hold.  Text that is not a side
    condition of the problem's points is a failure too."""
    failures = []
    for text in conditions:
        pred, *args = str(text).split() or [""]
        shape = _CONDITION_CHECKS.get(pred)
        if shape is None:
            failures.append(f"{text!r} is not a side condition")
        elif len(args) < shape[0] if shape[1] else len(args) != shape[0]:
            failures.append(f"{text!r}: {pred} takes {shape[0]} points, got {len(args)}")
        elif any(a not in coords for a in args):
            failures.append(f"{text!r} names a point the diagram does not have")
        elif not shape[2]([coords[a] for a in args]):
            failures.append(f"side condition {text!r} is false on the diagram")
    return failures
