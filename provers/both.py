"""The model and the heuristic together: ``--proposer both``.

Each call asks both proposers for ``k`` constructs and takes them in turn (the model's
best, the heuristic's best, the model's second, ...), each construct once.  The two score
on different scales (log-probabilities against priors), so a proposal's score here is
minus its place in the merged list: the search's beam keeps the children whose constructs
came earliest.  At a node one level deeper each proposer is asked for its own
``narrowing`` share of ``k`` (the model all, the heuristic a quarter).  The search's
deadline is passed on to both with each call.  Geometry and arithmetic use it (a proposal
keeps its ``value``, the construct already read).
"""
from __future__ import annotations

from symgen.proposing import interleave

from .search import Node, Proposal, Proposer, wanted


class BothProposer:
    name = "both"
    exhaustible = False                  # the model never is
    narrowing = 1.0                      # each proposer narrows by its own share

    def __init__(self, model: Proposer, heuristic: Proposer) -> None:
        self.model, self.heuristic = model, heuristic

    def propose(self, node: Node, k: int, deadline: float | None = None) -> list[Proposal]:
        merged = interleave([list(p.propose(node, wanted(p, k, len(node.aux)), deadline))
                             for p in (self.model, self.heuristic)], key=lambda p: p.text)
        return [Proposal(p.text, -float(i), p.value) for i, p in enumerate(merged)]
