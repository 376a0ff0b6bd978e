"""``symgen train``: progress and eval lines, resuming, one error line for bad input."""
import pytest
import torch

from symgen import registry
from symgen.cli import main

from .toy import ToyDomain, pairs, write_corpus

TINY = ["--layers", "1", "--heads", "2", "--embd", "16", "--batch-size", "8", "--block-size", "16"]


@pytest.fixture
def toy_registry(monkeypatch):
    real = registry.load
    monkeypatch.setattr(registry, "load", lambda name: ToyDomain() if name == "toy" else real(name))


def test_train_and_resume(tmp_path, toy_registry, capsys):
    corpus, out = write_corpus(tmp_path / "corpus", pairs()), tmp_path / "m.pt"
    assert main(["train", "--data", str(corpus), "--out", str(out), "--steps", "20",
                 "--eval-every", "10", *TINY]) == 0
    captured = capsys.readouterr()
    assert "step 10 loss" in captured.out and "step 20 loss" in captured.out
    assert f"wrote {out} (step 20, val loss" in captured.out
    assert "20/20 steps" in captured.err and out.exists()
    # Without --device the CLI trains on the GPU when torch sees one.
    assert f"training on {'cuda' if torch.cuda.is_available() else 'cpu'}" in captured.err
    assert main(["train", "--data", str(corpus), "--out", str(out), "--resume",
                 "--steps", "30"]) == 0
    assert "step 30 loss" in capsys.readouterr().out
    assert torch.load(out, weights_only=True)["model_config"]["n_embd"] == 16


@pytest.mark.parametrize("flags, message", [
    (["--steps", "0"], "--steps must be at least 1, not 0"),
    (["--heads", "3"], "--embd (16) must be a multiple of --heads (3)"),
    (["--device", "toaster"], "unknown device"),
    (["--distractors", "-1"], "--distractors must be at least 0, not -1"),
])
def test_bad_flags_give_one_error_line(tmp_path, toy_registry, capsys, flags, message):
    corpus = write_corpus(tmp_path / "corpus", pairs(3))
    assert main(["train", "--data", str(corpus), "--out", str(tmp_path / "m.pt"),
                 *TINY, *flags]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


@pytest.mark.skipif(torch.cuda.is_available(), reason="needs a machine without CUDA")
def test_cuda_when_unavailable(tmp_path, toy_registry, capsys):
    corpus = write_corpus(tmp_path / "corpus", pairs(3))
    assert main(["train", "--data", str(corpus), "--out", str(tmp_path / "m.pt"),
                 "--device", "cuda"]) == 2
    assert "'cuda' is not available" in capsys.readouterr().err


def test_missing_or_empty_corpus(tmp_path, toy_registry, capsys):
    assert main(["train", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "m.pt")]) == 3
    assert "none: no such corpus folder" in capsys.readouterr().err
    empty = write_corpus(tmp_path / "empty", [])
    assert main(["train", "--data", str(empty), "--out", str(tmp_path / "m.pt")]) == 3
    assert "no records" in capsys.readouterr().err
    assert not (tmp_path / "m.pt").exists()


def test_export_writes_a_model_without_resume_state(tmp_path, toy_registry, capsys):
    from symgen.train import load_model
    corpus, out, small = write_corpus(tmp_path / "corpus", pairs()), tmp_path / "m.pt", tmp_path / "s.pt"
    assert main(["train", "--data", str(corpus), "--out", str(out), "--steps", "10",
                 "--eval-every", "10", *TINY, "--export", str(small)]) == 0
    assert f"wrote {small} (for proving only" in capsys.readouterr().out
    full, shipped = torch.load(out, weights_only=True), torch.load(small, weights_only=True)
    assert "optimizer" in full and "optimizer" not in shipped and "rng" not in shipped
    assert small.stat().st_size < out.stat().st_size
    model, _, _ = load_model(small)
    assert all(torch.equal(model.state_dict()[k], v) for k, v in full["model"].items())
    small.unlink()                              # a finished run exported again: no more steps
    assert main(["train", "--data", str(corpus), "--out", str(out), "--resume", "--steps", "10",
                 "--export", str(small)]) == 0
    assert "wrote" in capsys.readouterr().out and small.exists()
    assert torch.load(out, weights_only=True)["step"] == 10


def test_best_keeps_the_evaluation_with_the_lowest_val_loss(tmp_path, toy_registry, capsys,
                                                            monkeypatch):
    from symgen import train
    scripted = iter([3.0, 1.0, 2.0, 4.0, 0.5, 0.7, 0.9])            # val losses at steps 5, 10, ...
    monkeypatch.setattr(train, "_validation", lambda *a: next(scripted))
    corpus, out, best = write_corpus(tmp_path / "corpus", pairs()), tmp_path / "m.pt", tmp_path / "b.pt"
    assert main(["train", "--data", str(corpus), "--out", str(out), "--steps", "20",
                 "--eval-every", "5", *TINY, "--best", str(best)]) == 0
    kept = torch.load(best, weights_only=True)
    assert kept["step"] == 10 and "optimizer" not in kept
    assert f"kept {best} (step 10, lowest val loss 1.0000)" in capsys.readouterr().out
    assert main(["train", "--data", str(corpus), "--out", str(out), "--resume", "--steps", "30",
                 "--best", str(best)]) == 0                 # resumed: 0.5 at step 25 is lower
    assert torch.load(best, weights_only=True)["step"] == 25
    best.unlink()                                # resumed without the file: the next one is kept
    assert main(["train", "--data", str(corpus), "--out", str(out), "--resume", "--steps", "35",
                 "--best", str(best)]) == 0
    assert torch.load(best, weights_only=True)["step"] == 35


@pytest.mark.parametrize("line, reason", [("[" * 100000, "nested deeper"), ("[1, 2]", "not a JSON object"),
                                          ('{"prompt": NaN}', "NaN is not a JSON number")])
def test_a_bad_corpus_line_is_one_error_naming_it(tmp_path, toy_registry, capsys, line, reason):
    corpus = write_corpus(tmp_path / "corpus", pairs(3))
    data = corpus / "data/train-00000-of-00001.jsonl"
    data.write_text(data.read_text() + line + "\n")
    assert main(["train", "--data", str(corpus), "--out", str(tmp_path / "m.pt"), *TINY]) == 3
    err = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error")]
    assert len(err) == 1 and f"{data}:4: " in err[0] and reason in err[0]


def test_a_record_the_domain_cannot_read_is_one_error_naming_it(tmp_path, toy_registry, capsys):
    corpus = write_corpus(tmp_path / "corpus", pairs(3))
    data = corpus / "data/train-00000-of-00001.jsonl"
    data.write_text(data.read_text() + '{"id": "x-1"}\n')
    assert main(["train", "--data", str(corpus), "--out", str(tmp_path / "m.pt"), *TINY]) == 3
    assert "record 4 (x-1): not a usable toy record (KeyError" in capsys.readouterr().err


@pytest.mark.parametrize("change, reason", [
    (dict(n_embd=10**6), "n_embd = 1000000 is not within"),
    (dict(n_layer="4"), "n_layer = '4' is not within"),
    (dict(vocab_size=10**6, n_embd=8192, n_layer=64), "parameters is larger"),
    (dict(evil=1), "malformed model config"),
])
def test_a_crafted_model_config_is_refused_before_anything_is_allocated(tmp_path, change, reason):
    from symgen.errors import InputError
    from symgen.train import load_model
    ckpt = {"model": {}, "model_config": {"vocab_size": 10, "block_size": 16, "n_layer": 1,
                                           "n_head": 1, "n_embd": 8, **change},
            "tokenizer": {"tokens": []}, "domain": "toy", "step": 0}
    path = tmp_path / "m.pt"
    torch.save(ckpt, path)
    with pytest.raises(InputError, match=reason):
        load_model(path)
