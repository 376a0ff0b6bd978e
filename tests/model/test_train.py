"""Training: a tiny model learns a toy corpus, checkpoints load and resume exactly."""
import json
import logging
import sys
from dataclasses import replace

import pytest
import torch

from symgen.errors import SymgenError
from symgen.model import GPT, GPTConfig
from symgen.tokenizer import EOS, SEP
from symgen.train import (TrainConfig, load_model, load_records, prepare, read_checkpoint,
                          save_checkpoint, strip, train)

from .toy import NAMES, ToyDomain, pairs, stop_at, write_corpus, write_records

TINY = dict(block_size=16, n_layer=1, n_head=2, n_embd=32, warmup=10, batch_size=16,
            val_frac=0.0)


@pytest.fixture(scope="module")
def learned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("learn")
    corpus = write_corpus(folder / "corpus", pairs())
    config = TrainConfig(steps=300, eval_every=100, lr=1e-2, pretrain_frac=0.3, **TINY)
    checkpoint = train(corpus, folder / "model.pt", config, ToyDomain())
    return folder / "model.pt", checkpoint


def test_a_tiny_model_learns_the_targets(learned):
    path, checkpoint = learned
    assert checkpoint["step"] == 300 and checkpoint["history"][-1]["loss"] < 0.01
    model, tok, _ = load_model(path)
    for prompt, target in pairs():
        (ids, score), *_ = model.beam_search(tok.prompt_ids(prompt), beam=4, max_new=8,
                                             stop={EOS})
        assert tok.decode(ids) == target


def test_checkpoint_round_trip_gives_identical_logits(learned, tmp_path):
    path, checkpoint = learned
    model = GPT(GPTConfig(**checkpoint["model_config"]))
    model.load_state_dict(checkpoint["model"])
    loaded, tok, _ = load_model(path)
    idx = torch.tensor([tok.prompt_ids(pairs()[0][0])])
    assert torch.equal(model.eval()(idx)[0], loaded(idx)[0])
    shipped = tmp_path / "shipped.pt"
    save_checkpoint(strip(checkpoint), shipped)
    small, _, kept = load_model(shipped)
    assert "optimizer" not in kept and shipped.stat().st_size < path.stat().st_size
    assert torch.equal(small(idx)[0], loaded(idx)[0])


def test_resumed_run_ends_with_the_same_weights(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", pairs() + [("a b c ? t", "")])
    config = TrainConfig(steps=30, eval_every=10, dropout=0.1, **TINY)
    with pytest.raises(KeyboardInterrupt):
        train(corpus, tmp_path / "a.pt", config, ToyDomain(), progress=stop_at(10))
    assert read_checkpoint(tmp_path / "a.pt")["step"] == 10
    resumed = train(corpus, tmp_path / "a.pt", config, ToyDomain(), resume=True)
    whole = train(corpus, tmp_path / "b.pt", config, ToyDomain())
    assert resumed["model"].keys() == whole["model"].keys()
    assert all(torch.equal(resumed["model"][k], whole["model"][k]) for k in whole["model"])
    assert resumed["history"] == whole["history"]


def test_resume_refuses_another_corpus_or_settings(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", pairs(5))
    config = TrainConfig(steps=2, eval_every=1, **TINY)
    train(corpus, tmp_path / "m.pt", config, ToyDomain())
    with pytest.raises(SymgenError, match="exists"):
        train(corpus, tmp_path / "m.pt", config, ToyDomain())
    other = write_corpus(tmp_path / "other", [("p q r ? t", "s = g s p")])
    with pytest.raises(SymgenError, match="vocabulary"):
        train(other, tmp_path / "m.pt", config, ToyDomain(), resume=True)
    with pytest.raises(SymgenError, match="n_embd"):
        train(corpus, tmp_path / "m.pt", TrainConfig(**{**TINY, "n_embd": 16}), ToyDomain(),
              resume=True)


def test_a_corpus_without_targets_is_all_pretraining(tmp_path, caplog):
    corpus = write_corpus(tmp_path / "corpus", [(p, "") for p, _ in pairs(5)])
    with caplog.at_level(logging.WARNING, logger="symgen.train"):
        checkpoint = train(corpus, tmp_path / "m.pt", TrainConfig(steps=2, **TINY), ToyDomain())
    assert checkpoint["step"] == 2 and "every step is pretraining" in caplog.text


def test_validation_keeps_a_statement_on_one_side(tmp_path):
    items = [(p, t) for p, _ in pairs(40) for t in ("", "w = f w a")]
    data = prepare(write_corpus(tmp_path / "corpus", items), TrainConfig(val_frac=0.5),
                   ToyDomain())
    tok = data.tokenizer
    train_prompts = {tok.decode(e.ids[1:e.ids.index(EOS)]).split(" ?")[0] for e in data.train}
    val_prompts = {tok.decode(e.ids[1:e.ids.index(EOS)]).split(" ?")[0] for e in data.val}
    assert data.val and data.train and not train_prompts & val_prompts


def test_validation_keeps_a_diagram_on_one_side(tmp_path):
    """Records drawn from one source (seed, index), as the many goals of one generated
    diagram are, all go to the same side of the split."""
    items = pairs(80)
    records = [{"prompt": p, "target": t, "seed": 3, "index": i // 4}
               for i, (p, t) in enumerate(items)]
    source = {p: i // 4 for i, (p, _) in enumerate(items)}
    data = prepare(write_records(tmp_path / "corpus", records, "toy"),
                   TrainConfig(val_frac=0.5), ToyDomain())
    tok = data.tokenizer

    def sources(examples):
        return {source[tok.decode(e.ids[1:e.ids.index(SEP)])] for e in examples}
    train_sources, val_sources = sources(data.train), sources(data.val)
    assert train_sources and val_sources and not train_sources & val_sources
    assert len(train_sources | val_sources) == 20


class ToyWithDistractors(ToyDomain):
    """Its distractor form of ``x y z ? t`` puts one more name before the ``?``."""

    def distractor_pairs(self, record, rng, steps):
        if not record["target"]:
            return []
        body, goal = record["prompt"].split(" ? ")
        return [(f"{body} {rng.choice(NAMES)} ? {goal}", record["target"])]


def test_distractor_forms_double_the_aux_examples_on_their_records_side(tmp_path):
    items = [(p, t) for p, _ in pairs(40) for t in ("", "w = f w a")]
    corpus = write_corpus(tmp_path / "corpus", items)
    plain = prepare(corpus, TrainConfig(val_frac=0.5), ToyWithDistractors())
    more = prepare(corpus, TrainConfig(val_frac=0.5, distractors=3), ToyWithDistractors())
    assert len(more.train) + len(more.val) == len(plain.train) + len(plain.val) + 40
    assert len(more.val) - len(plain.val) == sum(e.target_at is not None for e in plain.val)
    tok = more.tokenizer
    val = [tok.decode(e.ids[1:e.ids.index(EOS)]).split(" ?")[0].split() for e in more.val]
    train_keys = {" ".join(w[:3]) for w in (tok.decode(e.ids[1:e.ids.index(EOS)]).split(" ?")[0]
                                            .split() for e in more.train)}
    assert any(len(w) == 4 for w in val) and not {" ".join(w[:3]) for w in val} & train_keys
    with pytest.raises(SymgenError, match="no distractor"):
        prepare(corpus, TrainConfig(distractors=3), ToyDomain())


def test_a_checkpoint_without_newer_settings_resumes_with_their_defaults(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", pairs(5))
    config = TrainConfig(steps=2, eval_every=1, **TINY)
    train(corpus, tmp_path / "m.pt", config, ToyDomain())
    checkpoint = read_checkpoint(tmp_path / "m.pt")
    del checkpoint["train_config"]["distractors"]          # as written before the setting
    save_checkpoint(checkpoint, tmp_path / "m.pt")
    assert train(corpus, tmp_path / "m.pt", replace(config, steps=3), ToyDomain(),
                 resume=True)["step"] == 3


def test_missing_and_damaged_model_files(tmp_path):
    with pytest.raises(SymgenError, match="nope.pt: no such model file"):
        load_model(tmp_path / "nope.pt")
    (tmp_path / "bad.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(SymgenError, match="bad.pt: not a symgen model"):
        load_model(tmp_path / "bad.pt")


def test_records_come_from_the_files_the_manifest_lists_and_training_skips_test(tmp_path):
    folder = write_corpus(tmp_path / "corpus", pairs(4))
    (folder / "data" / "test-00000-of-00001.jsonl").write_text(
        json.dumps({"prompt": "a b c ? t", "target": "w = f w a"}) + "\n")
    (folder / "data" / "stray.jsonl").write_text("not json\n")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"].append({"file": "data/test-00000-of-00001.jsonl", "split": "test"})
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert len(load_records(folder)[1]) == 5
    assert len(load_records(folder, ("train", "validation"))[1]) == 4


def test_parquet_without_pyarrow_says_so(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "corpus", [])
    (folder / "parquet").mkdir()
    (folder / "parquet" / "train-00000-of-00001.parquet").write_bytes(b"PAR1")
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["files"] = [{"file": "parquet/train-00000-of-00001.parquet", "format": "parquet"}]
    (folder / "manifest.json").write_text(json.dumps(manifest))
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    with pytest.raises(SymgenError, match="needs pyarrow"):
        load_records(folder)


def test_init_goes_on_from_a_models_weights_vocabulary_and_shape(learned, tmp_path, caplog):
    """The self-improvement loop's step: training starts from the learned model (its
    weights, tokenizer and layer sizes, whatever the config says), not from random weights;
    a corpus token the model does not know is read as <unk> and logged."""
    path, checkpoint = learned
    corpus = write_corpus(tmp_path / "corpus", pairs() + [("a b zz ? t", "w = f w a")])
    config = TrainConfig(steps=1, eval_every=1, lr=1e-9,
                         **{**TINY, "n_embd": 64, "n_layer": 2, "warmup": 0})
    with caplog.at_level(logging.WARNING, logger="symgen.train"):
        tuned = train(corpus, tmp_path / "tuned.pt", config, ToyDomain(), init=path)
    assert "zz" in caplog.text and "<unk>" in caplog.text
    assert tuned["tokenizer"] == checkpoint["tokenizer"]
    assert tuned["model_config"] == checkpoint["model_config"]        # 1 layer of 32 kept
    assert all(torch.allclose(tuned["model"][k], checkpoint["model"][k], atol=1e-6)
               for k in checkpoint["model"])
    model, tok, _ = load_model(tmp_path / "tuned.pt")
    for prompt, target in pairs():
        (ids, _), *_ = model.beam_search(tok.prompt_ids(prompt), beam=4, max_new=8, stop={EOS})
        assert tok.decode(ids) == target
    fresh = train(corpus, tmp_path / "fresh.pt", config, ToyDomain())
    assert (fresh["model_config"]["n_embd"], fresh["model_config"]["n_layer"]) == (64, 2)
    assert fresh["tokenizer"] != checkpoint["tokenizer"]              # its own, with zz
