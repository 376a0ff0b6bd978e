"""An index of triangles by shape, so the similarity and congruence rules need no join.

Matched generically, ``similar_aa`` enumerates every pair of equal angles at
two vertices, then every choice of the other two points on their sides, and
only then tests the second angle: most of the work is thrown away, and these
ten rules took most of the engine's time (benchmarks/RESULTS.md).  Here every ordered
triangle ``(a, b, c)`` of non-collinear points gets a *signature* per rule
family, read off the theories' keys: for ``similar_aa`` the keys of its angles
at ``b`` and ``c``, for ``congruent_sss`` the keys of its three side lengths,
and so on.  Two triangles satisfy the rule's premises exactly when their
signatures are equal (a mirrored rule reads the second triangle's signature
the other way round), so the matches are the pairs inside one signature
group, with the same or the opposite orientation as the rule's side
condition asks.

Signatures are recomputed once per round; a pair is proposed only if one of
its triangles changed signature since the last round (semi-naive, as the
generic matcher).  The index is only a candidate generator: the kernel checks
every premise and condition of every candidate (``matching.run_candidates``),
and an index entry is used only while the rule's text is the one it was
written for, so an edited rule falls back to generic matching.
"""
from __future__ import annotations

from itertools import combinations, permutations
from typing import Callable, Iterable, Iterator

from symgen import limits
from symgen.rules import Rule

from .structures import Structures

Triangle = tuple[int, int, int]
NAMES = ("A", "B", "C", "P", "Q", "R")


class Keys:
    """The theories' keys for one round, by point pairs."""

    def __init__(self, st: Structures) -> None:
        n = len(st.xy)
        root = st.lines.root
        self.line = [[root((a, b)) if a != b else None for b in range(n)] for a in range(n)]
        self.angles = st.chase.angles.key
        self.ratios = st.ratios.ratios.key
        self.segs = st.ratios.segs.key

    def ang(self, v: int, x: int, y: int):
        """Key of the angle from line vx to line vy."""
        line = self.line[v]
        return self.angles.get((line[x], line[y]))

    def rat(self, v: int, x: int, y: int):
        """Key of |vx| / |vy|."""
        return self.ratios.get(((v, x) if v < x else (x, v), (v, y) if v < y else (y, v)))

    def len(self, x: int, y: int):
        """Key of |xy|; a segment no fact mentions equals only itself."""
        s = (x, y) if x < y else (y, x)
        key = self.segs.get(s)
        return ("segment", s) if key is None else key


Signature = Callable[[Keys, int, int, int], tuple | None]


def _all(*parts) -> tuple | None:
    return None if None in parts else parts


def aa(k: Keys, a, b, c):                 # eqangle B A B C .., eqangle C A C B ..
    return _all(k.ang(b, a, c), k.ang(c, a, b))


def aa_mirror(k: Keys, p, q, r):          # eqangle .. Q R Q P, eqangle .. R Q R P
    return _all(k.ang(q, r, p), k.ang(r, q, p))


def sss(k: Keys, a, b, c):                # eqratio B A B C .., eqratio C A C B ..
    return _all(k.rat(b, a, c), k.rat(c, a, b))


def sas(k: Keys, a, b, c):                # eqratio B A B C .., eqangle B A B C ..
    return _all(k.rat(b, a, c), k.ang(b, a, c))


def sas_mirror(k: Keys, p, q, r):         # eqratio .. Q P Q R, eqangle .. Q R Q P
    return _all(k.rat(q, p, r), k.ang(q, r, p))


def sides(k: Keys, a, b, c):              # cong A B .., cong B C .., cong C A ..
    return _all(k.len(a, b), k.len(b, c), k.len(c, a))


def sides_angle(k: Keys, a, b, c):        # cong B A .., cong B C .., eqangle B A B C ..
    return _all(k.len(b, a), k.len(b, c), k.ang(b, a, c))


def sides_angle_mirror(k: Keys, p, q, r):  # cong .. Q P, cong .. Q R, eqangle .. Q R Q P
    return _all(k.len(q, p), k.len(q, r), k.ang(q, r, p))


# What each signature reads of the theories, so that a round's changes to one theory
# recompute only the signatures that read it (``TriangleIndex._dirty``).
READS: dict[Signature, frozenset[str]] = {
    aa: frozenset({"angles"}), aa_mirror: frozenset({"angles"}),
    sss: frozenset({"ratios"}),
    sas: frozenset({"ratios", "angles"}), sas_mirror: frozenset({"ratios", "angles"}),
    sides: frozenset({"segs"}),
    sides_angle: frozenset({"segs", "angles"}), sides_angle_mirror: frozenset({"segs", "angles"}),
}


def _angles_touched(st: Structures) -> set[tuple[int, ...]]:
    """Triangles with a vertex where an angle changed (lines through it, a point on each)."""
    pts = st.lines.points
    out: set[tuple[int, ...]] = set()
    for r1, r2 in st.delta_angles:
        p1, p2 = pts.get(r1), pts.get(r2)
        if p1 is None or p2 is None:
            continue
        for v in p1 & p2:
            out.update(tuple(sorted((v, x, y))) for x in p1 if x != v for y in p2 if y != v)
    return out


def _ratios_touched(st: Structures) -> set[tuple[int, ...]]:
    """Triangles two of whose sides make a ratio that changed."""
    out: set[tuple[int, ...]] = set()
    for (a, b), (c, d) in st.delta_ratios:
        ends = {a, b, c, d}
        if len(ends) == 3:
            out.add(tuple(sorted(ends)))
    return out


def _segs_touched(st: Structures) -> set[tuple[int, ...]]:
    """Triangles with a side whose length changed."""
    n = len(st.xy)
    return {tuple(sorted((a, b, c))) for a, b in st.delta_segs for c in range(n) if c != a and c != b}


# A theory's name in READS -> the triangles its last round's changes touch.
TOUCHED: dict[str, Callable[[Structures], set[tuple[int, ...]]]] = {
    "angles": _angles_touched, "ratios": _ratios_touched, "segs": _segs_touched,
}

SAME, OPPOSITE = 1, -1

# rule -> (its premises and conditions as written, signature of ABC, signature of PQR,
#          whether PQR has the same or the opposite orientation)
INDEXED: dict[str, tuple[str, Signature, Signature, int]] = {
    "similar_aa": ("eqangle B A B C Q P Q R, eqangle C A C B R P R Q, ncoll A B C, "
                   "sameclock A B C P Q R", aa, aa, SAME),
    "similar_aa_mirrored": ("eqangle B A B C Q R Q P, eqangle C A C B R Q R P, ncoll A B C, "
                            "oppclock A B C P Q R", aa, aa_mirror, OPPOSITE),
    "similar_sss": ("eqratio B A B C Q P Q R, eqratio C A C B R P R Q, ncoll A B C, "
                    "sameclock A B C P Q R", sss, sss, SAME),
    "similar_sss_mirrored": ("eqratio B A B C Q P Q R, eqratio C A C B R P R Q, ncoll A B C, "
                             "oppclock A B C P Q R", sss, sss, OPPOSITE),
    "similar_sas": ("eqratio B A B C Q P Q R, eqangle B A B C Q P Q R, ncoll A B C, "
                    "sameclock A B C P Q R", sas, sas, SAME),
    "similar_sas_mirrored": ("eqratio B A B C Q P Q R, eqangle B A B C Q R Q P, ncoll A B C, "
                             "oppclock A B C P Q R", sas, sas_mirror, OPPOSITE),
    "congruent_sss": ("cong A B P Q, cong B C Q R, cong C A R P, ncoll A B C, "
                      "sameclock A B C P Q R", sides, sides, SAME),
    "congruent_sss_mirrored": ("cong A B P Q, cong B C Q R, cong C A R P, ncoll A B C, "
                               "oppclock A B C P Q R", sides, sides, OPPOSITE),
    "congruent_sas": ("cong B A Q P, cong B C Q R, eqangle B A B C Q P Q R, ncoll A B C, "
                      "sameclock A B C P Q R", sides_angle, sides_angle, SAME),
    "congruent_sas_mirrored": ("cong B A Q P, cong B C Q R, eqangle B A B C Q R Q P, ncoll A B C, "
                               "oppclock A B C P Q R", sides_angle, sides_angle_mirror, OPPOSITE),
}


def _premise_text(rule: Rule) -> str:
    return ", ".join(str(a) for a in (*rule.premises, *rule.conditions))


class _Signatures:
    """One signature function's values for one round: groups and what changed."""

    __slots__ = ("round", "value", "groups", "changed", "seen")

    def __init__(self, round_: int, value: dict, groups: dict, changed: set, seen: int) -> None:
        self.round, self.value, self.groups, self.changed = round_, value, groups, changed
        self.seen = seen                 # how many of the index's triangles were looked at


class TriangleIndex:
    def __init__(self, st: Structures) -> None:
        self.st = st
        self.triangles: list[Triangle] = []
        self.orient: dict[Triangle, int] = {}
        self._sigs: dict[Signature, _Signatures] = {}
        self._keys: tuple[int, Keys] | None = None
        self._usable: dict[Rule, bool] = {}
        self._dirty_memo: tuple[int, dict[str, set]] = (-1, {})
        self.add_points(0)

    def add_points(self, old: int) -> None:
        """Index the triangles with a vertex among the points from ``old`` on (all, from 0);
        their signatures are new, so the next round's candidates include them."""
        st = self.st
        self._keys = None
        for i, tri in enumerate(combinations(range(len(st.xy)), 3)):
            if not i & 1023:
                limits.check(st.deadline)
            if tri[2] < old or not st.numeric("ncoll", tri):
                continue
            a, b, c = (st.xy[i] for i in tri)
            o = 1 if ((b - a).conjugate() * (c - a)).imag > 0 else -1
            for perm in permutations(range(3)):
                t = tuple(tri[i] for i in perm)
                self.triangles.append(t)
                odd = perm in ((0, 2, 1), (2, 1, 0), (1, 0, 2))
                self.orient[t] = -o if odd else o

    def _keys_now(self) -> Keys:
        if self._keys is None or self._keys[0] != self.st.round:
            self._keys = (self.st.round, Keys(self.st))
        return self._keys[1]

    def fork(self, st: Structures) -> TriangleIndex:
        """A copy for ``st``, a copy of this index's state: the triangles and their
        orientations are shared until either side adds points; the signatures are copied."""
        twin = TriangleIndex.__new__(TriangleIndex)
        twin.st, twin.triangles, twin.orient = st, list(self.triangles), dict(self.orient)
        twin._sigs = {fn: _Signatures(s.round, dict(s.value), {g: list(m) for g, m in s.groups.items()},
                                      s.changed, s.seen)
                      for fn, s in self._sigs.items()}
        twin._keys, twin._usable, twin._dirty_memo = None, dict(self._usable), (-1, {})
        return twin

    def _dirty(self, reads: frozenset[str]) -> set[tuple[int, ...]]:
        """The vertex sets of the triangles whose signatures may have changed in the last
        round, for a signature that reads ``reads`` (of ``READS``): the union of what each
        of those theories' changes touch (``TOUCHED``), each found once per round."""
        st = self.st
        if self._dirty_memo[0] != st.round:
            self._dirty_memo = (st.round, {})
        memo = self._dirty_memo[1]
        for kind in reads:
            if kind not in memo:
                memo[kind] = TOUCHED[kind](st)
        return set().union(*(memo[kind] for kind in reads))

    def signatures(self, fn: Signature) -> _Signatures:
        """``fn`` over every triangle, for the current round: recomputed only for the
        triangles the last round's changes touch (and those new since the last call)."""
        now = self.st.round
        old = self._sigs.get(fn)
        if old is not None and old.round == now:
            return old
        keys = self._keys_now()
        orient, deadline = self.orient, self.st.deadline
        if old is None or old.round != now - 1:
            todo: Iterable[Triangle] = self.triangles
            value: dict[Triangle, tuple] = {}
            groups: dict[tuple, list[Triangle]] = {}
            previous = old.value if old is not None else {}
        else:
            value, groups, previous = old.value, old.groups, None
            dirty = self._dirty(READS[fn])
            todo = [t for t in self.triangles[old.seen:]] + \
                [t for t in self._ordered(dirty) if t in orient]
        changed: set[Triangle] = set()
        for i, t in enumerate(todo):
            if not i & 4095:
                limits.check(deadline)
            s = fn(keys, *t)
            was = value.get(t) if previous is None else previous.get(t)
            if previous is None and was == s and t in value:
                continue
            if previous is None and t in value:
                g = (value.pop(t), orient[t])
                groups[g].remove(t)
                if not groups[g]:
                    del groups[g]
            if s is not None:
                value[t] = s
                groups.setdefault((s, orient[t]), []).append(t)
            if was != s and s is not None:
                changed.add(t)
        sigs = self._sigs[fn] = _Signatures(now, value, groups, changed, len(self.triangles))
        return sigs

    @staticmethod
    def _ordered(sets: set[tuple[int, ...]]) -> Iterator[Triangle]:
        for tri in sorted(sets):
            for perm in permutations(tri):
                yield perm

    def bindings(self, rule: Rule) -> tuple[tuple[str, ...], Iterator[tuple]] | None:
        entry = INDEXED.get(rule.name)
        if entry is None:
            return None
        usable = self._usable.get(rule)
        if usable is None:
            usable = self._usable[rule] = _premise_text(rule) == entry[0]
        if not usable:
            return None
        _, left_fn, right_fn, relation = entry
        return NAMES, self._pairs(self.signatures(left_fn), self.signatures(right_fn), relation)

    def _pairs(self, left: _Signatures, right: _Signatures, relation: int) -> Iterator[tuple]:
        """Pairs (t1, t2), t1 != t2, with equal signatures and the orientation relation, at
        least one of them changed this round."""
        orient, deadline = self.orient, self.st.deadline
        for t1 in left.changed:
            limits.check(deadline)
            for t2 in right.groups.get((left.value[t1], relation * orient[t1]), ()):
                if t2 != t1:
                    yield t1 + t2
        for t2 in right.changed:
            limits.check(deadline)
            for t1 in left.groups.get((right.value[t2], relation * orient[t2]), ()):
                if t1 != t2 and t1 not in left.changed:
                    yield t1 + t2
