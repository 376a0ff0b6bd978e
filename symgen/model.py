"""A decoder-only transformer that proposes auxiliary constructions.

The model is nanoGPT's GPT at a small scale: token and position embeddings, a
stack of pre-norm blocks (causal self-attention, then an MLP), a final norm,
and an output layer tied to the token embedding.  It reads a problem as
``<bos> prompt <sep>`` and continues with one construction clause and
``<eos>`` (see ``tokenizer``).  ``forward`` returns the logits and, given
targets, the mean cross-entropy over the positions a mask selects (pads never
count), so one model trains on whole sequences or on the targets only.
Decoding is ``beam_search`` (the best few continuations, as AlphaGeometry
proposes constructions) or ``sample`` (random continuations from an explicit
``torch.Generator``); both return generated ids with their log-probabilities.
Both read the prompt once and then feed one token per step through a key/value
cache (reordered with the beam), instead of re-reading every hypothesis whole.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Callable, Sequence

import torch
import torch.nn as nn
from torch.nn import functional as F

from .errors import SymgenError
from .tokenizer import PAD

KV = tuple[torch.Tensor, torch.Tensor]   # one layer's keys and values, each (B, nh, T, hs)
Cache = list[KV]                         # one KV per layer
Allowed = Callable[[list[int]], Sequence[int]]   # ids generated so far -> ids that may follow


@dataclass(frozen=True)
class GPTConfig:
    vocab_size: int
    block_size: int = 256          # longest sequence the model reads
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0


class CausalSelfAttention(nn.Module):
    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        assert config.n_embd % config.n_head == 0
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd)   # query, key, value at once
        self.c_proj = nn.Linear(config.n_embd, config.n_embd)
        self.resid_dropout = nn.Dropout(config.dropout)
        self.n_head, self.dropout = config.n_head, config.dropout

    def forward(self, x: torch.Tensor, past: KV | None = None) -> tuple[torch.Tensor, KV]:
        """The attention output (B, T, C) and this layer's keys and values so far.

        With ``past`` (keys and values of earlier positions, each (B, nh, P, hs)) ``x``
        holds the next position only (T = 1), which may attend to all of them."""
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)                              # each (B, T, C)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
                   for t in (q, k, v))                                        # each (B, nh, T, hs)
        if past is not None:
            assert T == 1, "a cached step reads one position"
            k = torch.cat([past[0], k], dim=2)                                # (B, nh, P+1, hs)
            v = torch.cat([past[1], v], dim=2)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=past is None,
                                           dropout_p=self.dropout if self.training else 0.0)
        y = y.transpose(1, 2).contiguous().view(B, T, C)                     # (B, T, C)
        return self.resid_dropout(self.c_proj(y)), (k, v)


class MLP(nn.Module):
    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd)
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd)
        self.dropout = nn.Dropout(config.dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))         # (B, T, C)


class Block(nn.Module):
    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd)
        self.mlp = MLP(config)

    def forward(self, x: torch.Tensor, past: KV | None = None) -> tuple[torch.Tensor, KV]:
        a, kv = self.attn(self.ln_1(x), past)
        x = x + a
        return x + self.mlp(self.ln_2(x)), kv                               # (B, T, C)


class GPT(nn.Module):
    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.config = config
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            drop=nn.Dropout(config.dropout),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=nn.LayerNorm(config.n_embd),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight                  # weight tying
        self.apply(self._init_weights)
        for name, p in self.named_parameters():              # GPT-2's scaled residual init
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config.n_layer))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if isinstance(module, nn.Linear) and module.bias is not None:
            nn.init.zeros_(module.bias)

    @property
    def device(self) -> torch.device:
        return self.lm_head.weight.device

    def num_params(self) -> int:
        return sum(p.numel() for p in self.parameters())

    def forward(self, idx: torch.Tensor, targets: torch.Tensor | None = None,
                loss_mask: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
        """Logits (B, T, V) and the mean loss where ``loss_mask`` is 1 and the target no <pad>."""
        B, T = idx.size()
        if T > self.config.block_size:
            raise ValueError(f"sequence of {T} tokens, block size is {self.config.block_size}")
        pos = torch.arange(T, device=idx.device)                           # (T,)
        tok_emb, pos_emb = self.transformer.wte(idx), self.transformer.wpe(pos)  # (B, T, C), (T, C)
        x = self.transformer.drop(tok_emb + pos_emb)                       # (B, T, C)
        for block in self.transformer.h:
            x, _ = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))                    # (B, T, V)
        if targets is None:
            return logits, None
        keep = targets != PAD                                              # (B, T)
        if loss_mask is not None:
            keep = keep & loss_mask.bool()
        losses = F.cross_entropy(logits.reshape(B * T, -1), targets.reshape(B * T),
                                 reduction="none")                         # (B*T,)
        weight = keep.reshape(B * T).to(losses.dtype)
        return logits, (losses * weight).sum() / weight.sum().clamp(min=1.0)

    def _next_logp(self, seqs: list[list[int]]) -> torch.Tensor:
        """Log-probabilities (N, V) of the token after each of ``seqs`` (all of one length),
        from a full forward pass: what the cached decoding steps must reproduce."""
        idx = torch.tensor(seqs, dtype=torch.long, device=self.device)     # (N, T)
        logits, _ = self(idx)                                              # (N, T, V)
        return F.log_softmax(logits[:, -1, :].float(), dim=-1)             # (N, V)

    def _step(self, idx: torch.Tensor, past: Cache | None) -> tuple[torch.Tensor, Cache]:
        """Decoding with a key/value cache: the log-probabilities (B, V) of the token after
        ``idx`` and the cache grown by it.  Without ``past``, ``idx`` (B, T) is a whole
        prompt; with it, ``idx`` (B, 1) is one new token per row of the cache."""
        start = 0 if past is None else past[0][0].size(2)
        T = idx.size(1)
        if start + T > self.config.block_size:
            raise ValueError(f"sequence of {start + T} tokens, block size is {self.config.block_size}")
        pos = torch.arange(start, start + T, device=idx.device)            # (T,)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)          # (B, T, C)
        cache = []
        for i, block in enumerate(self.transformer.h):
            x, kv = block(x, None if past is None else past[i])
            cache.append(kv)
        logits = self.lm_head(self.transformer.ln_f(x[:, -1, :]))          # (B, V)
        return F.log_softmax(logits.float(), dim=-1), cache

    def _prompt_cache(self, prompt: list[int]) -> tuple[torch.Tensor, Cache]:
        idx = torch.tensor([list(prompt)], dtype=torch.long, device=self.device)   # (1, T)
        return self._step(idx, None)

    @staticmethod
    def _select(cache: Cache, rows: list[int] | torch.Tensor) -> Cache:
        """The cache of the hypotheses ``rows`` (repeats allowed), in that order."""
        index = torch.as_tensor(rows, dtype=torch.long, device=cache[0][0].device)
        return [(k.index_select(0, index), v.index_select(0, index)) for k, v in cache]

    def _feed(self, cache: Cache, tokens: list[int]) -> tuple[torch.Tensor, Cache]:
        idx = torch.tensor(tokens, dtype=torch.long, device=self.device)[:, None]  # (B, 1)
        return self._step(idx, cache)

    def _room(self, prompt: list[int], max_new: int) -> int:
        if not prompt or len(prompt) >= self.config.block_size:
            raise SymgenError(f"a prompt of {len(prompt)} tokens does not fit the model's "
                              f"block of {self.config.block_size}")
        return min(max_new, self.config.block_size - len(prompt))

    @torch.no_grad()
    def beam_search(self, prompt: list[int], *, beam: int, max_new: int,
                    stop: set[int], deadline: float | None = None,
                    allowed: Allowed | None = None) -> list[tuple[list[int], float]]:
        """Up to ``beam`` finished continuations of ``prompt`` (ids without the stop token)
        with their total log-probabilities, best first.  A hypothesis finishes when it
        emits a stop token or reaches ``max_new`` tokens (or the end of the block); past
        ``deadline`` (``time.monotonic()``) decoding stops with what it has.  ``allowed``
        (the ids generated so far -> the ids that may follow) limits every step to a
        grammar; scores stay the model's own log-probabilities."""
        room = self._room(list(prompt), max_new)
        live: list[tuple[list[int], float]] = [([], 0.0)]
        done: list[tuple[list[int], float]] = []
        logp, cache = self._prompt_cache(prompt)                           # (1, V)
        for step in range(room):
            if deadline is not None and time.monotonic() > deadline:
                return sorted(done, key=lambda h: -h[1])[:beam]
            if allowed is not None:
                logp = _restrict(logp, [allowed(g) for g, _ in live])
            scores = torch.tensor([s for _, s in live], device=logp.device)[:, None] + logp
            top = scores.view(-1).topk(min(2 * beam, scores.numel()))
            vocab = logp.size(1)
            grown, parents = [], []
            for value, flat in zip(top.values.tolist(), top.indices.tolist()):
                k, tok = divmod(flat, vocab)
                if value == -math.inf:               # only tokens the grammar forbids are left
                    break
                if tok in stop:
                    done.append((live[k][0], value))
                elif len(grown) < beam:
                    grown.append((live[k][0] + [tok], value))
                    parents.append(k)
            live = grown
            done.sort(key=lambda h: -h[1])
            # log-probabilities only fall: no live hypothesis can beat a full finished list
            if not live or (len(done) >= beam and live[0][1] <= done[beam - 1][1]):
                live = []
                break
            if step + 1 < room:
                logp, cache = self._feed(self._select(cache, parents), [g[-1] for g, _ in live])
        return sorted(done + live, key=lambda h: -h[1])[:beam]

    @torch.no_grad()
    def sample(self, prompt: list[int], *, n: int, max_new: int, stop: set[int],
               temperature: float = 1.0, generator: torch.Generator,
               deadline: float | None = None,
               allowed: Allowed | None = None) -> list[tuple[list[int], float]]:
        """``n`` continuations drawn at ``temperature`` (ids without the stop token), each with
        its log-probability under the model (at temperature 1); past ``deadline``
        (``time.monotonic()``) only the finished ones are returned.  ``allowed`` as in
        ``beam_search``: each draw is among the tokens it allows."""
        room = self._room(list(prompt), max_new)
        seqs = [list(prompt) for _ in range(n)]
        logps = [0.0] * n
        finished = [False] * n
        first, cache = self._prompt_cache(prompt)                          # (1, V)
        logp, cache = first.expand(n, -1), self._select(cache, [0] * n)    # (n, V)
        for step in range(room):
            if deadline is not None and time.monotonic() > deadline:
                seqs = [s for s, f in zip(seqs, finished) if f]
                logps = [lp for lp, f in zip(logps, finished) if f]
                break
            if allowed is not None:
                logp = _restrict(logp, [None if f else allowed(s[len(prompt):])
                                        for s, f in zip(seqs, finished)])
            probs = F.softmax(logp / max(temperature, 1e-6), dim=-1).to(generator.device)
            picks = torch.multinomial(probs, 1, generator=generator).squeeze(1).tolist()
            for i, tok in enumerate(picks):            # tokens after a stop are cut below
                if not finished[i]:
                    logps[i] += logp[i, tok].item()
                    finished[i] = tok in stop
                seqs[i].append(tok)
            if all(finished):
                break
            if step + 1 < room:
                logp, cache = self._feed(cache, picks)                     # (n, V)
        out = []
        for seq, lp in zip(seqs, logps):
            gen = seq[len(prompt):]
            cut = next((j for j, t in enumerate(gen) if t in stop), len(gen))
            out.append((gen[:cut], lp))
        return out


def _restrict(logp: torch.Tensor, rows: list[Sequence[int] | None]) -> torch.Tensor:
    """``logp`` (B, V) with each row's tokens outside its allowed ids (None: all) at -inf."""
    mask = torch.full_like(logp, -math.inf)                               # (B, V)
    for i, ids in enumerate(rows):
        if ids is None:
            mask[i] = 0.0
        else:
            mask[i, list(ids)] = 0.0
    return logp + mask


# How to tell whether a device kind can be used here.
_AVAILABLE = {
    "cpu": lambda: True,
    "cuda": torch.cuda.is_available,
    "mps": lambda: bool(getattr(torch.backends, "mps", None)) and torch.backends.mps.is_available(),
}


def pick_device(name: str | None = None) -> torch.device:
    """``torch.device(name)`` ("cpu" by default) if that device can be used here; "auto" is
    the GPU when torch sees one, else the CPU."""
    if name == "auto":
        name = "cuda" if _AVAILABLE["cuda"]() else "cpu"
    try:
        device = torch.device(name or "cpu")
    except RuntimeError:
        raise SymgenError(f"unknown device {name!r} (use cpu, cuda or auto)") from None
    check = _AVAILABLE.get(device.type)
    if check is None or not check():
        raise SymgenError(f"device {name!r} is not available here (use cpu)")
    return device
