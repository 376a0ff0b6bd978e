"""The model: shapes, masked losses, decoding that agrees with the logits, devices."""
import pytest
import torch
from torch.nn import functional as F

from symgen.errors import SymgenError
from symgen.model import GPT, GPTConfig, pick_device
from symgen.tokenizer import PAD

STOP = 3


def _model(seed: int = 0) -> GPT:
    torch.manual_seed(seed)
    return GPT(GPTConfig(vocab_size=11, block_size=12, n_layer=1, n_head=2, n_embd=16)).eval()


def test_shapes():
    logits, loss = _model()(torch.randint(1, 11, (2, 5)))
    assert logits.shape == (2, 5, 11) and loss is None


def test_loss_counts_only_masked_positions_and_never_pads():
    model = _model()
    x, y = torch.randint(5, 11, (1, 6)), torch.randint(5, 11, (1, 6))
    mask = torch.tensor([[0, 0, 0, 1, 0, 0]])
    logits, loss = model(x, y, mask)
    assert torch.allclose(loss, F.cross_entropy(logits[0, 3:4], y[0, 3:4]))
    padded = y.clone()
    padded[0, 4:] = PAD
    _, with_pads = model(x, padded)
    assert torch.allclose(with_pads, F.cross_entropy(logits[0, :4], y[0, :4]))


def _logp(model: GPT, prompt: list[int], generated: list[int]) -> float:
    seq = torch.tensor([prompt + generated])
    logp = F.log_softmax(model(seq)[0][0], dim=-1)
    return sum(logp[len(prompt) - 1 + i, t].item() for i, t in enumerate(generated))


def test_beam_search_returns_best_first_with_true_scores():
    model, prompt = _model(), [1, 5, 6, 2]
    found = model.beam_search(prompt, beam=3, max_new=4, stop={STOP})
    assert 1 <= len(found) <= 3
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)
    for ids, score in found:
        assert STOP not in ids and len(ids) <= 4
        done = ids + [STOP] if len(ids) < 4 else ids
        assert score == pytest.approx(_logp(model, prompt, done), abs=1e-4)


def test_beam_search_stops_at_the_block():
    found = _model().beam_search(list(range(1, 11)), beam=2, max_new=50, stop={STOP})
    assert all(len(ids) <= 2 for ids, _ in found)
    with pytest.raises(SymgenError, match="block"):
        _model().beam_search(list(range(12)), beam=2, max_new=5, stop={STOP})


def test_sample_is_reproducible_from_its_generator():
    model, prompt = _model(), [1, 5, 6, 2]
    draw = [model.sample(prompt, n=5, max_new=4, stop={STOP}, temperature=1.0,
                         generator=torch.Generator().manual_seed(7)) for _ in range(2)]
    assert draw[0] == draw[1] and len(draw[0]) == 5
    for ids, score in draw[0]:
        done = ids + [STOP] if len(ids) < 4 else ids
        assert score == pytest.approx(_logp(model, prompt, done), abs=1e-4)


def test_pick_device():
    assert pick_device(None) == torch.device("cpu")
    assert pick_device("auto") == torch.device("cuda" if torch.cuda.is_available() else "cpu")
    with pytest.raises(SymgenError, match="unknown device"):
        pick_device("toaster")
    if not torch.cuda.is_available():
        with pytest.raises(SymgenError, match="'cuda' is not available"):
            pick_device("cuda")


def test_decoding_stops_at_a_deadline():
    import time as _time
    model = GPT(GPTConfig(vocab_size=12, block_size=64, n_layer=1, n_head=2, n_embd=16))
    gen = torch.Generator().manual_seed(0)
    assert model.beam_search([1, 2], beam=4, max_new=40, stop={3},
                             deadline=_time.monotonic() - 1) == []
    assert model.sample([1, 2], n=3, max_new=40, stop={3}, generator=gen,
                        deadline=_time.monotonic() - 1) == []


def test_cached_steps_match_a_full_forward_pass():
    """The key/value cache, reordered between steps as a beam does, gives the logits of
    re-reading each hypothesis whole."""
    model, prompt = _model(3), [1, 5, 6, 2]
    with torch.no_grad():
        logp, cache = model._prompt_cache(prompt)
        assert torch.allclose(logp, model._next_logp([prompt]), atol=1e-5)
        seqs = [prompt + [t] for t in (4, 7, 9)]
        logp, cache = model._feed(model._select(cache, [0, 0, 0]), [4, 7, 9])
        assert torch.allclose(logp, model._next_logp(seqs), atol=1e-5)
        rows = [2, 0, 2, 1]                               # drop, repeat and reorder hypotheses
        seqs = [seqs[r] + [t] for r, t in zip(rows, (5, 5, 8, 10))]
        logp, _ = model._feed(model._select(cache, rows), [5, 5, 8, 10])
        assert torch.allclose(logp, model._next_logp(seqs), atol=1e-5)


def test_beam_search_finds_the_most_likely_continuations():
    """A beam as wide as the vocabulary over two steps is exhaustive: its best result is
    the most likely continuation of at most two tokens, by brute force."""
    model, prompt = _model(1), [1, 5, 6, 2]
    best = max(([STOP] if a == STOP else [a, b] for a in range(11) for b in range(11)),
               key=lambda g: _logp(model, prompt, g))
    found = model.beam_search(prompt, beam=11, max_new=2, stop={STOP})
    ids, score = found[0]
    assert ids == [t for t in best if t != STOP]
    assert score == pytest.approx(_logp(model, prompt, best), abs=1e-4)


def _grammar(generated: list[int]) -> list[int]:
    """A toy grammar: an even token first, then odd ones; the stop token after two."""
    if not generated:
        return [4, 6, 8]
    return [STOP] if len(generated) >= 2 else [5, 7, 9, STOP]


def test_decoding_keeps_to_a_grammar_with_the_models_own_scores():
    model, prompt = _model(2), [1, 5, 6, 2]
    gen = torch.Generator().manual_seed(3)
    for found in (model.beam_search(prompt, beam=6, max_new=4, stop={STOP}, allowed=_grammar),
                  model.sample(prompt, n=6, max_new=4, stop={STOP}, generator=gen,
                               allowed=_grammar)):
        assert len(found) == 6
        for ids, score in found:
            assert ids[0] in (4, 6, 8) and all(t in (5, 7, 9) for t in ids[1:]) and len(ids) <= 2
            assert score == pytest.approx(_logp(model, prompt, ids + [STOP]), abs=1e-4)
    unconstrained = model.beam_search(prompt, beam=6, max_new=4, stop={STOP})
    assert any(ids[:1] not in ([4], [6], [8]) or len(ids) > 2 for ids, _ in unconstrained)
