"""The model proposer: a trained transformer names the next auxiliary construction.

The node's problem is renamed canonically (``domains.geometry.language``), encoded as
``<bos> premises ? goal <sep>``, and the model's beam search decodes up to ``k``
clauses with their log-probabilities (beyond a beam of ``MAX_BEAM``, the rest are
sampled), keeping to the clause grammar of ``domains.geometry.grammar``: every clause
decoded parses on the problem, and no two differ only in the order of inputs that can
trade places.  On the 23 JGEX-AG-231 problems the engine does not prove alone, that
took the usable clauses of a 64-wide beam from 568 of 1472 to 1173 (the rest did not
parse, named points the problem lacks, or repeated a point).  Each clause is mapped
back to the problem's own names (its new points get fresh names); one that cannot be
drawn is dropped by the search, so a model can propose nonsense but never make the
search fail.
"""
from __future__ import annotations

import logging
from pathlib import Path

from domains.geometry.grammar import ClauseGrammar
from domains.geometry.language import Renaming, canonical_text, fresh_name, is_canonical_name
from symgen.tokenizer import EOS, join, split

from .search import Node, Proposal

log = logging.getLogger(__name__)

MAX_CLAUSE_TOKENS = 32
MAX_BEAM = 64                  # wider beams cost more than they find; samples add variety
SAMPLE_TEMPERATURE = 1.0


def to_own_names(text: str, ren: Renaming, points: set[str]) -> str | None:
    """A canonical clause in the problem's names, or None if it names an unknown point."""
    tokens = split(text)
    if "=" not in tokens:
        return None
    eq = tokens.index("=")
    new = tokens[:eq]
    if not new or any(t in ren.to_own for t in new) or len(set(new)) < len(new):
        return None
    taken, fresh = set(points), {}
    for t in new:
        fresh[t] = fresh_name(taken)
        taken.add(fresh[t])
    out = []
    for t in tokens:
        if t in fresh:
            out.append(fresh[t])
        elif t in ren.to_own:
            out.append(ren.to_own[t])
        elif is_canonical_name(t):         # a point the problem does not have
            return None
        else:
            out.append(t)
    return join(out)


class ModelProposer:
    name = "model"
    exhaustible = False        # a wider pass decodes more
    narrowing = 1.0            # its proposals at a deeper node are as good as at the root

    def __init__(self, path: str | Path, device: str | None = None, grammar: bool = True) -> None:
        from symgen.train import load_model
        self.model, self.tokenizer, checkpoint = load_model(Path(path), device)
        self.path = str(path)
        self.deadline: float | None = None     # time.monotonic() after which decoding stops
        self.grammar = grammar                 # decode only clauses that parse (``grammar``)
        log.info("model proposer: %s (%d parameters, step %s)", path, self.model.num_params(),
                 checkpoint.get("step"))

    def propose(self, node: Node, k: int) -> list[Proposal]:
        text, ren = canonical_text(node.problem)
        prompt = self.tokenizer.prompt_ids(text)
        if len(prompt) + 4 >= self.model.config.block_size:
            log.debug("prompt of %d tokens does not fit the model", len(prompt))
            return []
        grammar = ClauseGrammar(self.tokenizer, list(ren.to_own)) if self.grammar else None
        outs = self.model.beam_search(prompt, beam=min(k, MAX_BEAM), max_new=MAX_CLAUSE_TOKENS,
                                      stop={EOS}, deadline=self.deadline, allowed=grammar)
        if k > MAX_BEAM:               # a wider pass: add samples, seeded by the node and k
            import torch
            seed = (k + 1000 * len(node.aux)) % 2 ** 63   # k doubles every pass
            gen = torch.Generator(device=self.model.device).manual_seed(seed)
            outs += sorted(self.model.sample(prompt, n=min(k - MAX_BEAM, MAX_BEAM),
                                             max_new=MAX_CLAUSE_TOKENS, stop={EOS},
                                             temperature=SAMPLE_TEMPERATURE, generator=gen,
                                             deadline=self.deadline, allowed=grammar),
                           key=lambda o: -o[1])
        points, seen, proposals = set(node.problem.points), set(), []
        for ids, logp in outs:
            clause = to_own_names(self.tokenizer.decode(ids), ren, points)
            if clause is None or clause in seen:
                continue
            seen.add(clause)
            proposals.append(Proposal(clause, logp))
        return proposals
