"""The heuristic invariant proposer: templates that executions bear out, pruned by Houdini.

Per verification mode, run the program on random inputs, instantiate the
templates (bounds, differences, sums, fitted linear equalities over the
program's variables, ghosts and constants) that every observed loop-head state
satisfies (``invariants``), and keep the inductive part (Houdini).
"""
from __future__ import annotations

from typing import Iterator

from provers.search import Node, Proposal

from .hoare import houdini
from .prover import MODES, invariant, names_of


class HeuristicProposer:
    name = "heuristic"
    exhaustible, narrowing = True, 1.0

    def propose(self, node: Node, k: int, deadline: float, extra: dict[int, list] | None = None
                ) -> Iterator[Proposal]:
        """Per mode, the observed templates (and ``extra`` conjuncts per loop) after Houdini."""
        from .invariants import candidates, observe, simplify
        program = node.problem
        names = names_of(program)
        for mode in MODES:
            cands = candidates(program, observe(program, mode, deadline=deadline), deadline)
            for j, more in (extra or {}).items():
                cands[j] = list(cands.get(j, [])) + [c for c in more if c not in cands.get(j, [])]
            inv = houdini(program, cands, deadline, mode)
            yield invariant(mode, {j: simplify(v) for j, v in inv.items()}, names)
