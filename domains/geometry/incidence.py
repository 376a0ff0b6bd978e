"""Lines and circles as incidence structures with explanations.

A line is determined by 2 points, a circle by 3.  ``Incidence(k)`` keeps the
objects determined by k points: its nodes are sorted k-tuples of points, kept
in a proof-producing union-find whose classes are the objects.  A fact that
puts k+1 points on one object (``coll a b c``, ``cyclic a b c d``) unions all
their k-subsets, labelled with the fact's id.  When a class gains points, the
k-subsets of its point set that are missing (or sit in another class) are
added with a derived label ("because these nodes are equal"), so every k
points of an object are one node of it and ``explain`` can name the facts
behind any incidence.
"""
from __future__ import annotations

from itertools import combinations
from typing import Iterable

from symgen.unionfind import Because, ProofUnionFind

Node = tuple[int, ...]


class Incidence:
    def __init__(self, k: int) -> None:
        self.k = k
        self.uf = ProofUnionFind()
        self.points: dict[Node, set[int]] = {}        # root -> its points
        self.by_point: dict[int, set[Node]] = {}      # point -> roots of objects through it
        self.changed: set[Node] = set()               # roots that gained points this round
        self.merged: list[tuple[Node, Node]] = []     # (absorbed root, surviving root) this round

    # -- queries -------------------------------------------------------------
    def root(self, pts: Iterable[int]) -> Node | None:
        node = tuple(sorted(pts))
        return self.uf.find(node) if node in self.uf else None

    def on_one(self, pts: tuple[int, ...]) -> bool:
        """Do these (> k, distinct) points lie on one known object?"""
        r = self.root(pts[:self.k])
        return r is not None and all(p in self.points[r] for p in pts[self.k:])

    def objects(self, min_points: int = 0) -> Iterable[Node]:
        return (r for r, pts in self.points.items() if len(pts) >= min_points)

    def through(self, p: int) -> set[Node]:
        return self.by_point.get(p, set())

    def explain(self, a: Iterable[int], b: Iterable[int]) -> list:
        return self.uf.explain(tuple(sorted(a)), tuple(sorted(b)))

    def explain_points(self, pts: tuple[int, ...]) -> list:
        """Facts that put all of ``pts`` (> k points) on one object."""
        base = tuple(sorted(pts[:self.k]))
        out: list = []
        for p in pts[self.k:]:
            other = tuple(sorted(pts[:self.k - 1] + (p,)))
            for r in self.explain(base, other):
                if r not in out:
                    out.append(r)
        return out

    # -- updates -------------------------------------------------------------
    def node(self, pts: Iterable[int]) -> Node:
        """The root of the object through these k points, creating a fresh object if needed."""
        node = tuple(sorted(pts))
        if node not in self.uf:
            self.uf.add(node)
            self.points[node] = set(node)
            for p in node:
                self.by_point.setdefault(p, set()).add(node)
        return self.uf.find(node)

    def put(self, pts: tuple[int, ...], reason: object) -> bool:
        """Record that the k+1 points ``pts`` lie on one object; True if anything changed."""
        nodes = [tuple(sorted(c)) for c in combinations(pts, self.k)]
        for n in nodes:
            self.node(n)
        changed = False
        for n in nodes[1:]:
            changed |= self._union(nodes[0], n, reason)
        return changed

    def _union(self, a: Node, b: Node, label: object, close: bool = True) -> bool:
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return False
        root = self.uf.union(a, b, label)
        gone = rb if root == ra else ra
        new_pts = self.points.pop(gone)
        grown = new_pts - self.points[root]
        self.points[root] |= new_pts
        for p in new_pts:
            s = self.by_point[p]
            s.discard(gone)
            s.add(root)
        self.merged.append((gone, root))
        self.changed.discard(gone)
        self.changed.add(root)
        if grown and close:
            self._close(root)
        return True

    def _close(self, root: Node) -> None:
        """Make every k-subset of the object's points a node of its class."""
        while True:
            root = self.uf.find(root)
            witness: dict[int, Node] = {}
            for m in self.uf.class_of(root):
                for p in m:
                    witness.setdefault(p, m)
            again = False
            for sub in combinations(sorted(self.points[root]), self.k):
                r = self.uf.find(sub) if sub in self.uf else None
                if r == root:
                    continue
                anchors = [witness[p] for p in sub]
                label = Because(tuple((anchors[0], a) for a in anchors[1:]))
                if r is None:
                    self.uf.add(sub)
                    self.uf.union(sub, anchors[0], label)
                else:                       # another object shares k points: the same object
                    self._union(sub, anchors[0], label, close=False)
                    again = True
                    break
            if not again:
                return

    def end_round(self) -> None:
        self.changed = set()
        self.merged = []
