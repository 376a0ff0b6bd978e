"""``train`` says when there is no validation set: the validation loss is then never measured."""
import logging

from symgen.train import TrainConfig, train

from .test_train import TINY
from .toy import ToyDomain, pairs, write_corpus


def _warnings(tmp_path, caplog, val_frac: float) -> str:
    corpus = write_corpus(tmp_path / "corpus", pairs(40))
    config = TrainConfig(steps=2, **{**TINY, "val_frac": val_frac})
    with caplog.at_level(logging.WARNING, logger="symgen.train"):
        train(corpus, tmp_path / "m.pt", config, ToyDomain())
    return caplog.text


def test_no_validation_set_is_a_warning(tmp_path, caplog):
    assert "no validation set" in _warnings(tmp_path, caplog, 0.0)


def test_a_validation_set_gives_no_such_warning(tmp_path, caplog):
    assert "no validation set" not in _warnings(tmp_path, caplog, 0.5)
