"""The model proposer: a trained transformer names the next auxiliary construct, in any domain.

A domain's ``Codec`` gives the model's text for a search node (the problem in canonical
names, and what the read-back needs), optionally a grammar that keeps decoding to
constructs that parse, and reads a decoded text back as a construct in the problem's own
names (or None).  The node's prompt is encoded as ``<bos> text <sep>``, and the model's
beam search decodes up to ``k`` constructs with their log-probabilities (beyond a beam of
``MAX_BEAM``, the rest are sampled, seeded by the node's depth and ``k``).  A construct the
codec cannot read is dropped here, one the space cannot use is dropped by the search: a
model can propose nonsense but never make the search fail.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Protocol

from symgen.tokenizer import EOS

from .search import Node, Proposal

log = logging.getLogger(__name__)

MAX_CLAUSE_TOKENS = 32
MAX_BEAM = 64                  # wider beams cost more than they find; samples add variety
SAMPLE_TEMPERATURE = 1.0


class Codec(Protocol):
    def prompt(self, node: Node) -> tuple[str, Any]:
        """The model's text for ``node`` and what ``read`` needs (a renaming)."""

    def grammar(self, tokenizer, context: Any):
        """The decoding constraint (``symgen.model``'s ``allowed``), or None."""

    def read(self, text: str, context: Any, node: Node) -> Any:
        """A decoded construct in the problem's own names (its text, or a ``Proposal`` that
        carries the construct as its value), or None if it does not read."""


def _monotonic(deadline: float | None) -> float | None:
    """A ``time.perf_counter()`` deadline as the ``time.monotonic()`` one decoding reads."""
    return None if deadline is None else time.monotonic() + (deadline - time.perf_counter())


class ModelProposer:
    """``propose`` gives the ``k`` best constructs of the model's beam.  With ``widest`` the
    proposer is exhaustible: each call on a node widens its beam by ``k`` and gives only
    the constructs earlier calls did not (the node's ``memo`` keeps the width), up to a beam
    of ``widest``; without it, a call wider than ``MAX_BEAM`` adds samples.  A domain whose
    proposals are built from many decoded pieces (code's invariants) calls ``decode``."""

    name = "model"
    narrowing = 1.0            # its proposals at a deeper node are as good as at the root

    def __init__(self, path: str | Path, codec: Codec, device: str | None = None,
                 grammar: bool = True, max_tokens: int = MAX_CLAUSE_TOKENS,
                 widest: int | None = None) -> None:
        from symgen.train import load_model
        self.model, self.tokenizer, checkpoint = load_model(Path(path), device)
        self.path, self.codec = str(path), codec
        self.grammar = grammar                 # decode only constructs that parse
        self.max_tokens, self.widest = max_tokens, widest
        self.exhaustible = widest is not None  # else a wider pass decodes more
        log.info("model proposer: %s (%d parameters, step %s)", path, self.model.num_params(),
                 checkpoint.get("step"))

    def decode(self, node: Node, width: int, deadline: float | None = None, *, skip: int = 0,
               samples: int = 0, seed: int = 0) -> list[tuple[Any, float]]:
        """The constructs of a beam of ``width`` past its first ``skip`` (then ``samples``
        samples, seeded by ``seed``) that read, with their log-probabilities."""
        text, context = self.codec.prompt(node)
        prompt = self.tokenizer.prompt_ids(text)
        if len(prompt) + 4 >= self.model.config.block_size:
            log.debug("prompt of %d tokens does not fit the model", len(prompt))
            return []
        allowed = self.codec.grammar(self.tokenizer, context) if self.grammar else None
        stop_at = _monotonic(deadline)
        outs = self.model.beam_search(prompt, beam=width, max_new=self.max_tokens,
                                      stop={EOS}, deadline=stop_at, allowed=allowed)
        if samples:
            import torch
            gen = torch.Generator(device=self.model.device).manual_seed(seed)
            outs += sorted(self.model.sample(prompt, n=samples, max_new=self.max_tokens,
                                             stop={EOS}, temperature=SAMPLE_TEMPERATURE,
                                             generator=gen, deadline=stop_at, allowed=allowed),
                           key=lambda o: -o[1])
        read = ((self.codec.read(self.tokenizer.decode(ids), context, node), logp)
                for ids, logp in outs[skip:])
        return [(construct, logp) for construct, logp in read if construct is not None]

    def propose(self, node: Node, k: int, deadline: float | None = None) -> list[Proposal]:
        if self.widest is not None:
            done = node.memo.get(self.name, 0)
            width = min(done + k, self.widest)
            if width <= done:
                return []
            node.memo[self.name] = width
            found = self.decode(node, width, deadline, skip=done)
        else:                          # a wider pass adds samples, seeded by the node and k
            found = self.decode(node, min(k, MAX_BEAM), deadline,
                                samples=min(k - MAX_BEAM, MAX_BEAM) if k > MAX_BEAM else 0,
                                seed=(k + 1000 * len(node.aux)) % 2 ** 63)
        seen, proposals = set(), []            # each construct once, at its best place
        for construct, logp in found:
            proposal = construct if isinstance(construct, Proposal) else Proposal(construct, logp)
            if proposal.text not in seen:
                seen.add(proposal.text)
                proposals.append(proposal)
        return proposals
