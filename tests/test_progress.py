"""Progress on stderr: plain complete lines off a terminal, a tqdm bar on one, and the rate
the meter shows last is the rate the command's summary states."""
import io
import re

import pytest

from symgen import progress
from symgen.cli import main


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_plain_lines_are_complete_and_at_most_one_every_interval():
    out, clock = io.StringIO(), Clock()
    shown = progress.Meter(10, "items", "work", stream=out, every=5.0, clock=clock)
    for k in range(1, 10):
        clock.now += 1.0
        shown.update(k)
    clock.now += 1.0
    shown.update(10)
    shown.close()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    # at 1 s (the first update), 6 s, and the close at 10 s
    assert lines == ["work: 1/10 items (10%), 1.0 items/s, ETA 0:00:09",
                     "work: 6/10 items (60%), 1.0 items/s, ETA 0:00:04",
                     "work: 10/10 items (100%), 1.0 items/s, ETA 0:00:00"]


def test_a_resumed_run_counts_only_its_own_work_in_the_rate():
    out, clock = io.StringIO(), Clock()
    shown = progress.Meter(100, "steps", "train", stream=out, initial=50, clock=clock)
    clock.now += 10.0
    shown.update(70)
    assert shown.rate == pytest.approx(2.0)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_on_a_terminal_the_bar_is_tqdms_and_its_last_rate_is_the_meters():
    pytest.importorskip("tqdm")
    out = Terminal()
    shown = progress.meter(4, "items", "work", stream=out)
    assert type(shown).__name__ == "_TqdmMeter"
    for k in range(1, 5):
        shown.update(k)
    shown.close()
    last = out.getvalue().split("\r")[-1]
    assert "4/4" in last and f"{shown.rate:5.2f} items/s" in last


def test_off_a_terminal_there_is_no_tqdm_and_quiet_draws_nothing():
    assert type(progress.meter(3, "x", "d", stream=io.StringIO())) is progress.Meter
    out = io.StringIO()
    with progress.meter(3, "x", "d", stream=out, quiet=True) as shown:
        shown.update(3)
    assert out.getvalue() == ""


def test_generate_writes_separate_lines_and_its_summary_states_the_meters_rate(
        tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(progress, "LINE_EVERY", 0.0)        # a line at every update
    assert main(["generate", "--count", "20", "--seed", "3", "--out", str(tmp_path / "c")]) == 0
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert "\r" not in captured.err and len(lines) >= 2
    assert all(re.fullmatch(r"generate: \d+/20 theorems \(\d+%\), [\d.]+ theorems/s, "
                            r"ETA [\d:?]+, \d+ shards", line) for line in lines)
    shown = re.search(r", ([\d.]+) theorems/s", lines[-1]).group(1)
    said = re.search(r"; ([\d.]+) theorems/s with 1 worker", captured.out).group(1)
    assert lines[-1].startswith("generate: 20/20") and shown == said


def test_prove_shows_progress_over_a_file_for_the_model_proposer(tmp_path, capsys, monkeypatch):
    from symgen import cli
    monkeypatch.setattr(cli, "PROGRESS_PROPOSERS", ("none",))    # no model needed to see it
    f = tmp_path / "p.txt"
    f.write_text("m1\na b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c\n"
                 "m2\na b c = triangle a b c; m = midpoint m a c; n = midpoint n b c ? para m n a b\n")
    assert main(["prove", str(f), "--timeout", "10"]) == 0
    captured = capsys.readouterr()
    assert "m1: proved" in captured.out and "m2: proved" in captured.out
    assert captured.err.splitlines()[-1].startswith("prove: 2/2 problems (100%)")
