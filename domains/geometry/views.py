"""Relation views: how rule premises are matched against the geometry state.

Each geometry predicate is answered by a view over the structure that decides
it: ``coll`` over the lines, ``cyclic`` over the circles, ``para``/``perp``/
``eqangle``/``aconst`` over the angle keys, ``cong``/``eqratio``/``circle``/
``rconst`` over the ratio keys.  ``scan`` first finds the objects (lines,
angles, segments) that can match, then turns them into point tuples with
``assignments`` (through ``symgen.engine``: the compiled core or the Python
reference); with ``delta`` it starts from the objects that changed in the
last round.  Every view's ``holds`` is exact for the state.  The angle
theory is lifted with the diagram (see ``chase``), so what it implies holds
on the diagram; the state still confirms every theory fact numerically before
a rule may cite it (``GeometryState.fact_id``).
"""
from __future__ import annotations

from itertools import product
from typing import Iterable, Iterator

from symgen import engine, limits

from .chase import HALF
from .structures import Structures


class View:
    exact = True    # scans come from ``assignments``: bound positions and shapes are honoured

    def __init__(self, st: Structures, pred: str) -> None:
        self.st, self.pred = st, pred

    def numeric(self, args: tuple) -> bool:
        return self.st.numeric(self.pred, args)


class IncidenceView(View):
    """coll over lines (3 points), cyclic over circles (4 points)."""

    def __init__(self, st, pred, structure, size: int) -> None:
        super().__init__(st, pred)
        self.inc, self.size = structure, size

    def holds(self, args: tuple) -> bool:
        return len(set(args)) == self.size and self.inc.on_one(args)

    def scan(self, bound, shape, delta) -> Iterator[tuple]:
        deadline = self.st.deadline        # the joins of a large figure run long
        inc = self.inc
        if delta:
            objs = self.st.delta_objects[self.pred]
        else:
            pts = [b for b in bound if b is not None]
            objs = inc.through(pts[0]) if pts else inc.objects(self.size)
        groups = (0,) * self.size
        for r in list(objs):
            limits.check(deadline)
            pts = inc.points.get(r)
            if pts is None or len(pts) < self.size:
                continue
            yield from engine.assignments((pts,) * self.size, groups, bound, shape)


def _lines_for(st, bound, i: int):
    """Candidate line roots for the pair at positions 2i, 2i+1 given the bound points."""
    a, b = bound[2 * i], bound[2 * i + 1]
    ch = st.chase
    if a is not None and b is not None:
        r = ch.lines.root((a, b))
        return [r] if r in ch.var else []
    if a is not None or b is not None:
        return [r for r in ch.lines.through(a if a is not None else b) if r in ch.var]
    return None


class DirectionView(View):
    """para (equal directions) and perp (directions differing by 1/2) between distinct lines."""

    def __init__(self, st, pred, shift: bool) -> None:
        super().__init__(st, pred)
        self.shift = shift

    def _key(self, r):
        ch = self.st.chase
        return ch.perp_key(r) if self.shift else ch.dirs.key.get(r)

    def holds(self, args: tuple) -> bool:
        ch = self.st.chase
        r1, r2 = ch.lines.root(args[:2]), ch.lines.root(args[2:])
        if r1 is None or r2 is None or r1 == r2:
            return False
        return ch.value(args, (1, -1)) == (HALF if self.shift else 0)

    def scan(self, bound, shape, delta) -> Iterator[tuple]:
        deadline = self.st.deadline        # the joins of a large figure run long
        st = self.st
        ch = st.chase
        if delta:
            firsts = st.delta_dirs
        else:
            firsts = _lines_for(st, bound, 0)
            if firsts is None:
                firsts = ch.var.keys()
        seconds = _lines_for(st, bound, 1)
        seconds = set(seconds) if seconds is not None else None
        pts = ch.lines.points
        for r1 in list(firsts):
            limits.check(deadline)
            k = self._key(r1)
            if k is None:
                continue
            partners = ch.dirs.group(k)
            for r2 in list(partners):
                if r2 == r1 or (seconds is not None and r2 not in seconds):
                    continue
                for order in ((r1, r2), (r2, r1)) if delta else ((r1, r2),):
                    sets = (pts[order[0]], pts[order[0]], pts[order[1]], pts[order[1]])
                    yield from engine.assignments(sets, (0, 0, 1, 1), bound, shape)


class AngleView(View):
    """eqangle between two angles at vertices, by the angle index."""

    def holds(self, args: tuple) -> bool:
        ch = self.st.chase
        k1 = ch.key(args[:4], (1, -1))
        return k1 is not None and k1 == ch.key(args[4:], (1, -1))

    def _expand(self, a1, a2, bound, shape) -> Iterator[tuple]:
        pts = self.st.chase.lines.points
        sets = (pts[a1[0]], pts[a1[0]], pts[a1[1]], pts[a1[1]],
                pts[a2[0]], pts[a2[0]], pts[a2[1]], pts[a2[1]])
        return engine.assignments(sets, (0, 0, 1, 1, 2, 2, 3, 3), bound, shape)

    def scan(self, bound, shape, delta) -> Iterator[tuple]:
        deadline = self.st.deadline        # the joins of a large figure run long
        st = self.st
        angles = st.chase.angles
        if delta:
            for a1 in list(st.delta_angles):
                limits.check(deadline)
                for a2 in list(angles.peers(a1)):
                    yield from self._expand(a1, a2, bound, shape)
                    if a2 != a1:
                        yield from self._expand(a2, a1, bound, shape)
            return
        l1, l2 = _lines_for(st, bound, 0), _lines_for(st, bound, 1)
        if l1 is not None and l2 is not None:
            firsts = [a for a in product(l1, l2) if a in angles.key]
        else:
            l3, l4 = _lines_for(st, bound, 2), _lines_for(st, bound, 3)
            if l3 is not None and l4 is not None:
                for a2 in product(l3, l4):
                    limits.check(deadline)
                    for a1 in list(angles.peers(a2)):
                        yield from self._expand(a1, a2, bound, shape)
                return
            firsts = list(angles.key)
        for a1 in firsts:
            limits.check(deadline)
            for a2 in list(angles.peers(a1)):
                yield from self._expand(a1, a2, bound, shape)


class AconstView(View):
    def holds(self, args: tuple) -> bool:
        ch = self.st.chase
        value = ch.value(args[:4], (-1, 1))          # direction(cd) - direction(ab)
        return value is not None and value == args[4] % 1

    def scan(self, bound, shape, delta) -> Iterator[tuple]:
        deadline = self.st.deadline        # the joins of a large figure run long
        st = self.st
        angles = st.chase.angles
        pts = st.chase.lines.points
        source = st.delta_angles if delta else list(angles.key)
        for ang in list(source):
            limits.check(deadline)
            if ang not in angles.key:
                continue
            ch = st.chase
            value = ch.angle_value(*ang)
            if value is None:
                continue
            if bound[4] is not None and bound[4] % 1 != value:
                continue
            sets = (pts[ang[0]], pts[ang[0]], pts[ang[1]], pts[ang[1]])
            for t in engine.assignments(sets, (0, 0, 1, 1), bound[:4], shape[:4]):
                yield t + (value,)


def _segments_for(st, bound, i: int):
    a, b = bound[2 * i], bound[2 * i + 1]
    rc = st.ratios
    if a is not None and b is not None:
        s = (a, b) if a < b else (b, a)
        return [s] if s in rc.var else []
    if a is not None or b is not None:
        return list(rc.at.get(a if a is not None else b, ()))
    return None


class CongView(View):
    def holds(self, args: tuple) -> bool:
        if {args[0], args[1]} == {args[2], args[3]}:      # a segment equals itself
            return args[0] != args[1]
        return self.st.ratios.equal(args)

    def scan(self, bound, shape, delta) -> Iterator[tuple]:
        deadline = self.st.deadline        # the joins of a large figure run long
        st = self.st
        segs = st.ratios.segs
        if delta:
            firsts = st.delta_segs
        else:
            firsts = _segments_for(st, bound, 0)
            if firsts is None:
                firsts = list(segs.key)
        seconds = _segments_for(st, bound, 1)
        seconds = set(seconds) if seconds is not None else None
        for s1 in list(firsts):
            limits.check(deadline)
            for s2 in list(segs.peers(s1)):
                if s2 == s1 or (seconds is not None and s2 not in seconds):
                    continue
                yield from engine.assignments((s1, s1, s2, s2), (0, 0, 1, 1), bound, shape)
                if delta:
                    yield from engine.assignments((s2, s2, s1, s1), (0, 0, 1, 1), bound, shape)


class RatioView(View):
    """eqratio between two ratios of segments with a common endpoint."""

    def holds(self, args: tuple) -> bool:
        rc = self.st.ratios
        k1 = rc.key(args[:4], (1, -1))
        return k1 is not None and k1 == rc.key(args[4:], (1, -1))

    def _expand(self, r1, r2, bound, shape) -> Iterator[tuple]:
        sets = (r1[0], r1[0], r1[1], r1[1], r2[0], r2[0], r2[1], r2[1])
        return engine.assignments(sets, (0, 0, 1, 1, 2, 2, 3, 3), bound, shape)

    def scan(self, bound, shape, delta) -> Iterator[tuple]:
        deadline = self.st.deadline        # the joins of a large figure run long
        st = self.st
        ratios = st.ratios.ratios
        if delta:
            for r1 in list(st.delta_ratios):
                limits.check(deadline)
                for r2 in list(ratios.peers(r1)):
                    yield from self._expand(r1, r2, bound, shape)
                    if r2 != r1:
                        yield from self._expand(r2, r1, bound, shape)
            return
        s1, s2 = _segments_for(st, bound, 0), _segments_for(st, bound, 1)
        if s1 is not None and s2 is not None:
            firsts = [r for r in product(s1, s2) if r in ratios.key]
        else:
            s3, s4 = _segments_for(st, bound, 2), _segments_for(st, bound, 3)
            if s3 is not None and s4 is not None:
                for r2 in product(s3, s4):
                    limits.check(deadline)
                    for r1 in list(ratios.peers(r2)):
                        yield from self._expand(r1, r2, bound, shape)
                return
            firsts = list(ratios.key)
        for r1 in firsts:
            limits.check(deadline)
            for r2 in list(ratios.peers(r1)):
                yield from self._expand(r1, r2, bound, shape)


class RconstView(View):
    def holds(self, args: tuple) -> bool:
        rc = self.st.ratios
        k = rc.key(args[:4], (1, -1))
        return k is not None and k == rc.const_key(args[4])

    def scan(self, bound, shape, delta) -> Iterator[tuple]:
        # Constant ratios are matched only fully bound (no rule scans them).
        return iter(())


class CircleView(View):
    """circle o a b c: o is equidistant from a, b, c (from the segment length groups)."""

    def holds(self, args: tuple) -> bool:
        rc = self.st.ratios
        o, a, b, c = args
        return rc.equal((o, a, o, b)) and rc.equal((o, a, o, c))

    def scan(self, bound, shape, delta) -> Iterator[tuple]:
        deadline = self.st.deadline        # the joins of a large figure run long
        st = self.st
        rc = st.ratios
        if bound[0] is not None:
            centres: Iterable[int] = (bound[0],)
        elif delta:
            centres = {p for s in st.delta_segs for p in s}
        else:
            centres = list(rc.at)
        for o in centres:
            limits.check(deadline)
            by_key: dict = {}
            for s in rc.at.get(o, ()):
                by_key.setdefault(rc.segs.key.get(s), []).append(s[0] + s[1] - o)
            for k, ends in by_key.items():
                if k is None or len(ends) < 3:
                    continue
                ends = set(ends)
                yield from engine.assignments(({o}, ends, ends, ends), (0, 1, 1, 1), bound, shape)
