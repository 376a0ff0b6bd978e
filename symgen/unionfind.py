"""A proof-producing union-find (Nieuwenhuis & Oliveras, 2005).

Equalities between objects (two point pairs on one line, two triples on one
circle, ...) live in a union-find whose merges record their reason.  Beside
the usual forest with path compression (for ``find``) the structure keeps a
*proof forest*: every ``union(a, b, reason)`` adds the edge a—b labelled with
the reason, after re-rooting a's proof tree at a.  The proof forest is only
ever extended, so the path between two nodes never changes once they are
equal, and "why are x and y equal?" is answered by the labels on that path.

A label is either an opaque reason (a fact id) or a ``Because(u, v)`` meaning
"this edge holds because u and v are equal" (a derived, congruence-style
merge); ``explain`` expands those recursively.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable


@dataclass(frozen=True, slots=True)
class Because:
    """A derived edge label: the edge holds because ``u`` and ``v`` are equal."""

    pairs: tuple[tuple[Hashable, Hashable], ...]


class ProofUnionFind:
    __slots__ = ("parent", "size", "members", "proof_parent", "proof_label")

    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}
        self.size: dict[Hashable, int] = {}
        self.members: dict[Hashable, list[Hashable]] = {}
        self.proof_parent: dict[Hashable, Hashable | None] = {}
        self.proof_label: dict[Hashable, object] = {}

    def __contains__(self, x: Hashable) -> bool:
        return x in self.parent

    def add(self, x: Hashable) -> None:
        if x not in self.parent:
            self.parent[x] = x
            self.size[x] = 1
            self.members[x] = [x]
            self.proof_parent[x] = None

    def find(self, x: Hashable) -> Hashable:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def same(self, x: Hashable, y: Hashable) -> bool:
        return x in self.parent and y in self.parent and self.find(x) == self.find(y)

    def union(self, x: Hashable, y: Hashable, reason: object) -> Hashable | None:
        """Merge the classes of x and y; returns the new root, or None if already equal."""
        self.add(x)
        self.add(y)
        rx, ry = self.find(x), self.find(y)
        if rx == ry:
            return None
        self._reroot(x)
        self.proof_parent[x] = y
        self.proof_label[x] = reason
        if self.size[rx] < self.size[ry]:
            rx, ry = ry, rx
        self.parent[ry] = rx
        self.size[rx] += self.size[ry]
        self.members[rx].extend(self.members.pop(ry))
        return rx

    def class_of(self, x: Hashable) -> list[Hashable]:
        return self.members[self.find(x)]

    def _reroot(self, x: Hashable) -> None:
        prev, prev_label, node = None, None, x
        while node is not None:
            nxt, label = self.proof_parent[node], self.proof_label.get(node)
            self.proof_parent[node] = prev
            if prev is None:
                self.proof_label.pop(node, None)
            else:
                self.proof_label[node] = prev_label
            prev, prev_label, node = node, label, nxt

    def _path_labels(self, x: Hashable, y: Hashable) -> list[object]:
        ancestors: dict[Hashable, int] = {}
        node, depth = x, 0
        while node is not None:
            ancestors[node] = depth
            node, depth = self.proof_parent[node], depth + 1
        labels, node = [], y
        while node not in ancestors:
            labels.append(self.proof_label[node])
            node = self.proof_parent[node]
        meet, node = node, x
        while node != meet:
            labels.append(self.proof_label[node])
            node = self.proof_parent[node]
        return labels

    def explain(self, x: Hashable, y: Hashable) -> list[object]:
        """The opaque reasons that make x and y equal (derived edges expanded)."""
        if x == y:
            return []
        if not self.same(x, y):
            raise ValueError(f"{x!r} and {y!r} are not equal")
        out: list[object] = []
        seen_reasons: set = set()
        seen_pairs: set = set()
        todo = [(x, y)]
        while todo:
            a, b = todo.pop()
            if (a, b) in seen_pairs or a == b:
                continue
            seen_pairs.add((a, b))
            for label in self._path_labels(a, b):
                if isinstance(label, Because):
                    todo.extend(label.pairs)
                elif label not in seen_reasons:
                    seen_reasons.add(label)
                    out.append(label)
        return out
