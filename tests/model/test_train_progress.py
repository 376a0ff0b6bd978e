"""``train``: it says when there is no validation set, and its progress is plain lines off a
terminal whose last rate is the one its summary states."""
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


def test_train_writes_complete_lines_and_its_summary_states_the_meters_rate(
        tmp_path, monkeypatch, capsys):
    import re
    from symgen import progress, registry
    from symgen.cli import main
    from .test_train_cli import TINY as FLAGS
    real = registry.load
    monkeypatch.setattr(registry, "load", lambda name: ToyDomain() if name == "toy" else real(name))
    monkeypatch.setattr(progress, "LINE_EVERY", 0.0)
    corpus, out = write_corpus(tmp_path / "corpus", pairs()), tmp_path / "m.pt"
    assert main(["train", "--data", str(corpus), "--out", str(out), "--steps", "6",
                 "--eval-every", "3", "--device", "cpu", *FLAGS]) == 0
    captured = capsys.readouterr()
    meter = [line for line in captured.err.splitlines() if line.startswith("train: ")]
    assert "\r" not in captured.err and len(meter) == 6
    assert meter[-1].startswith("train: 6/6 steps (100%)")
    shown = re.search(r", ([\d.]+) steps/s", meter[-1]).group(1)
    assert re.search(rf"wrote {re.escape(str(out))} \(step 6, val loss .*, {shown} steps/s\)",
                     captured.out)
