"""Divisibility and congruence of integer polynomials, decided by residues.

``m | p(x1..xk)`` for integer variables depends only on the residues of the
``x_i`` modulo ``m``; with congruence hypotheses ``m_h | q_h(x)`` it depends on
the residues modulo ``L = lcm(m, m_h...)``.  So the goal holds for every
integer input exactly when it holds for every residue tuple that satisfies
the hypotheses: a finite, complete check (up to ``MAX_CASES`` tuples), and
the proof step records ``L`` so the checker can redo it.
"""
from __future__ import annotations

from itertools import product
from math import lcm
from typing import Sequence

from symgen.algebra.poly import Poly
from symgen.limits import check

RESIDUES = "residues"
MAX_CASES = 200_000


def int_value(p: Poly, point: Sequence[int]) -> int:
    total = 0
    for m, c in p.terms.items():
        v = int(c)
        for x, e in zip(point, m):
            if e:
                v *= x ** e
        total += v
    return total


def holds_by_residues(goal: Poly, modulus: int, hyps: Sequence[tuple[Poly, int]],
                      deadline: float | None = None) -> int | None:
    """The modulus ``L`` the case split uses if ``modulus | goal`` for all integer inputs
    satisfying the hypotheses; None if a residue tuple refutes it or there are too many.
    ``limits.TimeUp`` once ``deadline`` passes (a None for it would read as a refutation)."""
    period = lcm(modulus, *[m for _, m in hyps])
    used = sorted(set().union(goal.variables(), *[h.variables() for h, _ in hyps]))
    if period ** len(used) > MAX_CASES:
        return None
    point = [0] * goal.nvars
    for count, r in enumerate(product(range(period), repeat=len(used))):
        if deadline is not None and count % 1024 == 0:
            check(deadline)
        for i, v in zip(used, r):
            point[i] = v
        if all(int_value(h, point) % m == 0 for h, m in hyps) and int_value(goal, point) % modulus:
            return None
    return period

