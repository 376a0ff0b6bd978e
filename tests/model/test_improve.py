"""The self-improvement loop: rounds that search, keep checked proofs, fine-tune the model
from the last round's, evaluate on a fixed held-out split, and resume after a stop."""
import json

import numpy as np
import pytest

from domains.geometry.corpus_check import check_record
from domains.geometry.diagram import build
from domains.geometry.parse import parse_problem
from domains.geometry.proposers import default_model
from domains.geometry.theorems import GenerateConfig, theorems
from symgen import improve as loop
from symgen.errors import SymgenError
from symgen.train import read_checkpoint

# The triangle-median fixture of tests/corpus/test_theorems.py: its aux goals need the
# midpoint of FC, which a search finds.
STATEMENT = ("a b c = triangle a b c; d = midpoint d b c; e = midpoint e a d; "
             "f = on_line f b e, on_line f a c; g = midpoint g f c")


@pytest.fixture(scope="module")
def aux_records():
    problem = parse_problem("t", STATEMENT)
    rng = np.random.default_rng(1)
    records, _ = theorems(problem, build(problem, rng).coords, rng,
                          GenerateConfig(aux_only=True, max_aux=3))
    assert len(records) >= 2
    return records


@pytest.fixture
def small_pools(monkeypatch, aux_records):
    """Generation stands in: the held-out split and each pool are fixture records (the real
    stage is ``symgen generate --hard``, minutes per problem on this machine)."""
    calls = []

    def generate(folder, seed, count, config, nodes, executor=None):
        calls.append(folder.name)
        return aux_records[:1] if folder.name == "heldout" else aux_records[1:1 + count]
    monkeypatch.setattr(loop, "_generate", generate)
    return calls


CONFIG = loop.ImproveConfig(rounds=1, pool=1, heldout=1, steps=2, batch_size=4,
                            search_nodes=16, search_seconds=30, eval_nodes=8)


def test_rounds_find_proofs_train_on_them_and_resume(tmp_path, small_pools):
    rows = loop.improve(tmp_path, CONFIG)
    assert [r["round"] for r in rows] == [0, 1]
    first = rows[1]
    assert first["tried"] == 1 and first["solved"] == 1 and first["new_records"] == 1
    assert rows[0]["heldout_total"] == first["heldout_total"] == 1
    found = [json.loads(line) for line in (tmp_path / "round-01" / "search.jsonl").open()]
    record = found[0]["record"]
    assert record["aux"] and not check_record(record)          # the proof replays
    shipped = read_checkpoint(default_model())
    tuned = read_checkpoint(tmp_path / "round-01" / "model-small.pt")
    assert tuned["tokenizer"] == shipped["tokenizer"]          # trained on from the shipped one
    assert tuned["model_config"] == shipped["model_config"]
    assert any(not (tuned["model"][k] == shipped["model"][k]).all() for k in shipped["model"])

    searched = (tmp_path / "round-01" / "search.jsonl").stat().st_mtime_ns
    rows = loop.improve(tmp_path, loop.ImproveConfig(**{**CONFIG.__dict__, "rounds": 2}))
    assert [r["round"] for r in rows] == [0, 1, 2]             # only round 2 is new
    assert (tmp_path / "round-01" / "search.jsonl").stat().st_mtime_ns == searched
    assert small_pools.count("pool") == 2
    assert rows[2]["solved"] == 1 and rows[2]["new_records"] == 0     # the same problem again
    train = (tmp_path / "round-02" / "train" / "data" / "train-00000-of-00001.jsonl")
    assert len(train.read_text().splitlines()) == 1                    # not twice
    round2 = read_checkpoint(tmp_path / "round-02" / "model-small.pt")
    assert round2["tokenizer"] == shipped["tokenizer"]
    with pytest.raises(SymgenError, match="other settings"):
        loop.improve(tmp_path, loop.ImproveConfig(**{**CONFIG.__dict__, "steps": 3}))


def test_a_pool_problem_that_is_a_held_out_one_is_never_trained_on(tmp_path, monkeypatch,
                                                                    aux_records):
    """Up to renaming (the dedup key): the pool draws the held-out problem itself."""
    monkeypatch.setattr(loop, "_generate",
                        lambda folder, *a, **k: aux_records[:1] if folder.name == "heldout"
                        else aux_records[:2])
    rows = loop.improve(tmp_path, CONFIG)
    assert rows[1]["tried"] == 1                      # the held-out one left out of the pool
    found = [json.loads(line) for line in (tmp_path / "round-01" / "search.jsonl").open()]
    assert [f["problem"] for f in found] == [aux_records[1]["id"]]


def test_a_search_cut_short_resumes_with_the_problems_left(tmp_path, aux_records):
    problems = loop._problems(aux_records[:2])
    path = tmp_path / "search.jsonl"
    path.write_text(json.dumps({"problem": problems[0][0], "solved": False}) + "\n{\"probl")
    work = loop._SearchWork("heuristic", "default", 16, 30, 1)
    rows = loop._search(path, problems, work, 1, None)
    assert rows[0] == {"problem": problems[0][0], "solved": False}       # kept, not redone
    assert rows[1]["solved"] and rows[1]["record"]["aux"]
    assert len(path.read_text().splitlines()) == 2                        # the cut line is gone


def test_the_command_prints_a_row_per_round(tmp_path, small_pools, capsys):
    from symgen.cli import main
    code = main(["improve", "--out", str(tmp_path), "--rounds", "1", "--pool", "1",
                 "--heldout", "1", "--steps", "2", "--search-nodes", "16", "--workers", "1"])
    out = capsys.readouterr()
    assert code == 0 and "round 1: training model 1" in out.err
    rows = [line.split() for line in out.out.splitlines()[1:]]
    assert [r[0] for r in rows] == ["0", "1"] and rows[1][1:3] == ["1", "1"]   # tried, solved


def test_a_setting_added_since_a_run_began_keeps_its_default():
    """A run's settings.json written before a setting existed resumes when that setting
    keeps its default, and does not when it is changed."""
    import json
    from dataclasses import asdict
    from symgen.improve import ImproveConfig, _differ
    old = asdict(ImproveConfig())
    del old["novel_aux"]
    old = json.dumps(old)
    assert not _differ(old, json.dumps(asdict(ImproveConfig(rounds=6))))
    assert _differ(old, json.dumps(asdict(ImproveConfig(novel_aux=True))))
