"""The model and the heuristic together: ``--proposer both``.

Each call asks both proposers for ``k`` constructions and takes them in turn (the
model's best, the heuristic's best, the model's second, ...), each clause once.  The
two score on different scales (log-probabilities against priors), so a proposal's
score here is minus its place in the merged list: the search's beam keeps the
children whose constructions came earliest.  At a node one level deeper each proposer is
asked for its own ``narrowing`` share of ``k`` (the model all, the heuristic a quarter).
The search's deadline is passed on to both.
"""
from __future__ import annotations

from symgen.proposing import Both, interleave

from .search import Node, Proposal, wanted


class BothProposer(Both):
    exhaustible = False                  # the model never is

    def propose(self, node: Node, k: int) -> list[Proposal]:
        merged = interleave([p.propose(node, wanted(p, k, len(node.aux)))
                             for p in (self.model, self.heuristic)], key=lambda p: p.clause)
        return [Proposal(p.clause, -float(i)) for i, p in enumerate(merged)]
