"""Which token may come next in a proposed clause, so that a model only writes clauses that parse.

A model proposer decodes an auxiliary clause token by token.  Left free, a small model
spends a good part of its beam on text the parser rejects (``midpoint k c``: one point
short; ``reflect k c a c``; a point the problem does not have) and the search throws
those away, so the beam holds fewer real candidates than it has room for.
``ClauseGrammar`` follows a clause as it is written, in canonical names, and names the
tokens that can continue it into a clause that parses on this problem:

* the new points first, named with the next free canonical names in order (what the
  training targets do), then ``=``;
* a construction that takes at least one existing point (a point that depends on nothing
  in the figure cannot help a proof), no more than the problem has, and places no more
  points than the clause has (one that takes a number only if the vocabulary has numbers);
* its arguments in order: an output is one of the clause's new points not yet placed by
  this call, an input one of the problem's points, never one that a ``diff`` or ``ncoll``
  requirement of the construction forbids repeating; then its numbers;
* inputs that can trade places without moving the new point (``midpoint x a b``: a and
  b; ``foot x a b c``: b and c) in the problem's order only, so that the beam does not
  hold one point twice (``symmetric_inputs`` finds them by drawing each construction
  both ways);
* after a whole call, ``,`` and another call (not one the clause has), or ``<eos>`` once
  every new point is placed.

A token is allowed only if the clause can still be finished after it (a look-ahead over
the call's remaining arguments), so decoding never ends in a fragment.

Decoding with it (``model.beam_search(..., allowed=grammar)``) keeps a hypothesis's score
the model's own log-probability; it only stops the model spending the beam on text that
could never be used.  A clause can still be undrawable (lines that do not meet): the
search's drawing test stays the judge of that.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import Sequence

import numpy as np

from symgen.tokenizer import EOS, Tokenizer

from . import numeric as nm
from .constructions import CONSTRUCTIONS, ConstructionDef
from .diagram import extend
from .text import canonical_name
from .parse import parse_number
from .problem import Call, Clause

MAX_NEW_POINTS = max(len(d.outputs) for d in CONSTRUCTIONS.values())
# requirements that a repeated point breaks at once (diff a a; ncoll a a b)
_NO_REPEAT = frozenset({"diff", "ncoll"})


def _is_number(token: str) -> bool:
    """What the parser takes as a construction's number."""
    try:
        parse_number(token)
    except (ValueError, ZeroDivisionError):
        return False
    return True


SYMMETRY_DRAWS = 3                   # random figures a swap must keep the point on


def _keeps_the_point(defn: ConstructionDef, p: str, q: str, seed: int) -> bool:
    """On a random figure, does swapping inputs ``p`` and ``q`` keep the call's points?

    A construction that places its points directly must place them on the same spot; one
    that places a point on a locus (a line, a circle) must put it where the plain call's
    facts hold."""
    rng = np.random.default_rng(seed)
    coords = {i: complex(*rng.normal(size=2)) for i in defn.inputs}
    swap = {p: q, q: p}
    try:
        plain = defn.sketch(tuple(coords[i] for i in defn.inputs), (), rng)
        turned = defn.sketch(tuple(coords[swap.get(i, i)] for i in defn.inputs), (), rng)
    except (nm.Degenerate, ZeroDivisionError):
        return False
    if plain and isinstance(plain[0], complex):
        return all(abs(u - v) < 1e-9 for u, v in zip(plain, turned, strict=True))
    swapped = Call(defn.name, tuple(swap.get(a, a) for a in defn.params))
    if extend(Clause(defn.outputs, (swapped,)), coords, rng) is not None:
        return False
    return all(nm.holds(st.pred, [coords[a] for a in st.args], st.numbers)
               for st in defn.statements(Call(defn.name, defn.params)))


@cache
def symmetric_inputs(name: str) -> tuple[tuple[str, ...], ...]:
    """Groups of the inputs of construction ``name`` that can be permuted freely (a swap
    of two that keeps the point, on every one of a few random figures; swaps compose)."""
    defn = CONSTRUCTIONS[name]
    if defn.numbers:
        return ()
    groups: list[set[str]] = []
    for p, q in combinations(defn.inputs, 2):
        if all(_keeps_the_point(defn, p, q, seed) for seed in range(SYMMETRY_DRAWS)):
            joined = {p, q}.union(*(g for g in groups if p in g or q in g))
            groups = [g for g in groups if not g & joined] + [joined]
    return tuple(tuple(i for i in defn.inputs if i in g) for g in groups)


@cache
def _earlier_twin(name: str) -> dict[str, str]:
    """An input of ``name`` that may trade places with an earlier one -> that one (which it
    must not come before)."""
    return {g[i]: g[i - 1] for g in symmetric_inputs(name) for i in range(1, len(g))}


@dataclass(frozen=True, slots=True)
class _Call:
    """A construction being written: its name and the names bound to its arguments so far."""

    name: str
    bound: tuple[str, ...]

    @property
    def defn(self) -> ConstructionDef:
        return CONSTRUCTIONS[self.name]

    @property
    def complete(self) -> bool:
        return len(self.bound) == len(self.defn.params) + self.defn.numbers

    def then(self, name: str) -> "_Call":
        return _Call(self.name, self.bound + (name,))

    def outputs(self) -> set[str]:
        return {n for p, n in zip(self.defn.params, self.bound) if p in self.defn.outputs}


class ClauseGrammar:
    """``grammar(ids)``: the token ids allowed after the clause ``ids`` (canonical names)
    on a problem whose points are ``points`` (canonical names, in order).  A token is
    allowed only if the clause can still be finished after it, so decoding under the
    grammar never reaches a dead end."""

    def __init__(self, tokenizer: Tokenizer, points: Sequence[str]) -> None:
        index = tokenizer.index
        self._tok = tokenizer.tokens
        self._id = index
        self._points = [p for p in points if p in index]
        self._order = {p: i for i, p in enumerate(points)}
        self._fresh = [canonical_name(len(points) + i) for i in range(MAX_NEW_POINTS)]
        self._numbers = [t for t in tokenizer.tokens if _is_number(t)]
        # what a clause can call: a construction on the figure whose arguments can be written
        self._constructions = [n for n, d in CONSTRUCTIONS.items()
                               if n in index and 0 < len(d.inputs) <= len(self._points)
                               and (self._numbers or not d.numbers)]
        self._memo: dict[tuple[int, ...], list[int]] = {}
        self._viable_memo: dict[tuple, bool] = {}

    def __call__(self, ids: Sequence[int]) -> list[int]:
        key = tuple(ids)
        allowed = self._memo.get(key)
        if allowed is None:
            words = self._allowed([self._tok[i] for i in key])
            allowed = self._memo[key] = [self._id[w] for w in words] if words else [EOS]
        return allowed

    # -- the clause written so far -> what may follow

    def _allowed(self, tokens: list[str]) -> list[str]:
        if "=" not in tokens:
            return self._after_new_points(tokens)
        eq = tokens.index("=")
        new, calls = tuple(tokens[:eq]), tokens[eq + 1:]
        done: set[_Call] = set()
        call: _Call | None = None
        for tok in calls:
            if call is None:
                call = None if tok == "," else _Call(tok, ())
            else:
                call = call.then(tok)
            if call is not None and call.complete:
                done.add(call)
                call = None
        finished = frozenset(done)
        if call is not None:
            return [w for w in self._arguments(call, new)
                    if self._viable(call.then(w), new, finished)]
        if calls and calls[-1] != ",":
            placed = set().union(*(c.outputs() for c in done))
            more = any(self._starts(n, new, finished) for n in self._constructions)
            return ([","] if more else []) + (["<eos>"] if placed >= set(new) else [])
        return [n for n in self._constructions if self._starts(n, new, finished)]

    def _starts(self, name: str, new: tuple[str, ...], done: frozenset[_Call]) -> bool:
        return len(CONSTRUCTIONS[name].outputs) <= len(new) and self._viable(_Call(name, ()), new, done)

    def _after_new_points(self, new: list[str]) -> list[str]:
        out = ["="] if new else []
        if len(new) < MAX_NEW_POINTS and self._fresh[len(new)] in self._id:
            out.append(self._fresh[len(new)])
        return out

    def _viable(self, call: _Call, new: tuple[str, ...], done: frozenset[_Call]) -> bool:
        """Can ``call`` be finished into a call the clause does not have yet?"""
        if call.complete:
            return call not in done
        done = frozenset(c for c in done if c.name == call.name)    # all that can clash
        key = (call, new, done)
        if key not in self._viable_memo:
            self._viable_memo[key] = any(self._viable(call.then(w), new, done)
                                         for w in self._arguments(call, new))
        return self._viable_memo[key]

    def _arguments(self, call: _Call, new: tuple[str, ...]) -> list[str]:
        """The names the call's next argument may take, before looking further ahead."""
        defn, at = call.defn, len(call.bound)
        if at >= len(defn.params):
            return self._numbers
        param = defn.params[at]
        if param in defn.outputs:
            return [n for n in new if n not in call.outputs()]
        names = dict(zip(defn.params, call.bound))
        banned = {names[q] for req in defn.requires if req.pred in _NO_REPEAT and param in req.args
                  for q in req.args if q != param and q in names}
        earlier = _earlier_twin(call.name).get(param)
        least = self._order[names[earlier]] if earlier is not None else 0
        return [p for p in self._points if p not in banned and self._order[p] >= least]
