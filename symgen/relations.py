"""Materialised relations and the enumeration helper shared by relation views.

``TableRelation`` stores every symmetric variant of each fact of one
predicate (e.g. both ``midp m a b`` and ``midp m b a``), indexed by
(position, value), so a premise pattern is answered by one index lookup on its
most selective bound position.  Rows added since the last ``end_round`` form
the delta.

``assignments`` enumerates argument tuples drawn from candidate sets (the
points of a line, of a circle, ...) consistently with a pattern: bound
positions fixed, repeated variables equal, positions of one group
pairwise distinct.  Relation views over
theories use it to turn object-level matches (two parallel lines) into
point-level tuples.  It is the reference for its C++ twin in the compiled core
(``src/core.cpp``), which the engine runs when it is built (``symgen.engine``).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, Sequence


class TableRelation:
    __slots__ = ("arity", "perms", "rows", "index", "facts", "delta_start", "round_start")

    def __init__(self, arity: int, perms: Sequence[Sequence[int]] = ()) -> None:
        self.arity = arity
        self.perms = [tuple(p) for p in perms] or [tuple(range(arity))]
        self.rows: list[tuple] = []
        self.index: dict[tuple[int, object], list[int]] = {}
        self.facts: set[tuple] = set()
        self.delta_start = 0     # rows[delta_start:round_start] were added in the last round
        self.round_start = 0

    def add(self, args: tuple) -> bool:
        if args in self.facts:
            return False
        for perm in self.perms:
            row = tuple(args[i] for i in perm)
            if row in self.facts:
                continue
            self.facts.add(row)
            n = len(self.rows)
            self.rows.append(row)
            for pos, val in enumerate(row):
                self.index.setdefault((pos, val), []).append(n)
        return True

    def holds(self, args: tuple) -> bool:
        return args in self.facts

    def begin(self) -> None:
        self.delta_start, self.round_start = 0, len(self.rows)

    def end_round(self) -> None:
        self.delta_start, self.round_start = self.round_start, len(self.rows)

    def scan(self, bound: tuple, shape: tuple, delta: bool) -> Iterable[tuple]:
        lo, hi = (self.delta_start, self.round_start) if delta else (0, len(self.rows))
        best = None
        for pos, val in enumerate(bound):
            if val is not None:
                ids = self.index.get((pos, val), ())
                if best is None or len(ids) < len(best):
                    best = ids
        rows = self.rows
        if best is None:
            return rows[lo:hi]
        return [rows[i] for i in best if lo <= i < hi]


@lru_cache(maxsize=4096)
def _structure(groups: tuple, shape: tuple):
    """Per pattern, once: the variable at each position, variables in order, and which
    variables must differ (they share a group).  None if a group holds one variable twice."""
    n = len(groups)
    var_of = tuple(shape[j] if shape[j] >= 0 else -1 - j for j in range(n))
    for g in set(groups):
        vs = [var_of[j] for j in range(n) if groups[j] == g]
        if len(set(vs)) < len(vs):
            return None
    order = tuple(dict.fromkeys(var_of))
    positions = tuple(tuple(j for j in range(n) if var_of[j] == v) for v in order)
    rank = {v: i for i, v in enumerate(order)}
    earlier_apart = tuple(
        tuple(sorted({rank[var_of[k]] for j in positions[i] for k in range(n)
                      if groups[k] == groups[j] and rank[var_of[k]] < i}))
        for i in range(len(order)))
    return var_of, order, positions, earlier_apart


def assignments(sets: Sequence[Iterable], groups: Sequence[int], bound: tuple,
                shape: tuple) -> Iterator[tuple]:
    """Tuples t with t[j] in sets[j], t[j] == bound[j] where bound, equal values at positions
    sharing a variable (shape), and distinct values at positions of one group (the two points
    naming a line, ...); a group holding one variable twice matches nothing."""
    st = _structure(tuple(groups), tuple(shape))
    if st is None:
        return
    var_of, order, positions, apart = st
    cands = []
    for pos in positions:
        c = None
        for j in pos:
            b = bound[j]
            if b is not None:
                if b not in sets[j] or (c is not None and b not in c):
                    return
                c = (b,)
            elif c is None:
                c = sets[j]
            else:
                c = [x for x in c if x in sets[j]]
            if not c:
                return
        cands.append(sorted(c) if len(c) > 1 else tuple(c))
    m = len(order)
    value = [None] * m
    out_pos = [order.index(v) for v in var_of]

    def rec(i: int) -> Iterator[tuple]:
        if i == m:
            yield tuple(value[k] for k in out_pos)
            return
        others = apart[i]
        for x in cands[i]:
            for k in others:
                if value[k] == x:
                    break
            else:
                value[i] = x
                yield from rec(i + 1)

    yield from rec(0)
