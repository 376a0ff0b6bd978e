"""Corpus generation: pure items, byte-identical output for any worker count and after a kill,
records that re-verify, and failures that `symgen check` catches."""
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from domains.geometry.corpus_check import check_record
from domains.geometry.parse import parse_problem
from domains.geometry.theorems import GenerateConfig, item
from domains.geometry.prover import prove
from symgen import corpus
from symgen.cli import main

COUNT = 200


def _files(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".parts" not in p.parts and p.name != "timing.json"}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    assert main(["generate", "--count", str(COUNT), "--seed", "3", "--out", str(out)]) == 0
    return out


def _records(out):
    return [json.loads(line) for f in sorted((out / "data").glob("*.jsonl"))
            for line in f.read_text().splitlines()]


def test_item_is_a_pure_function_of_seed_and_index():
    index = next(i for i in range(20) if item(7, i, GenerateConfig())[0])
    a, _ = item(7, index, GenerateConfig())
    b, _ = item(7, index, GenerateConfig())
    assert a == b and a
    assert all(r["seed"] == 7 and r["index"] == index for r in a)
    c, _ = item(8, index, GenerateConfig())
    assert c != a


def test_output_files_and_counts(corpus_dir):
    manifest = json.loads((corpus_dir / "manifest.json").read_text())
    records = _records(corpus_dir)
    assert len(records) == COUNT == manifest["records"]
    assert len({r["dedup_key"] for r in records}) == COUNT
    report = json.loads((corpus_dir / "report.json").read_text())
    assert report["theorems"] == COUNT and report["check_failures"] == 0
    assert sum(report["goal_predicates"].values()) == COUNT
    assert all(r["stats"]["proof_steps"] >= 3 for r in records)
    card = (corpus_dir / "README.md").read_text()
    assert card.startswith("---\n") and "data/train-*.jsonl" in card


def _killed_before_finalize(out: Path, count: int, monkeypatch) -> None:
    """A run killed once its shards are computed, before it wrote the dataset: only parts."""
    def killed(run, shards):
        raise KeyboardInterrupt
    with monkeypatch.context() as m:
        m.setattr(corpus, "finalize", killed)
        assert main(["generate", "--count", str(count), "--seed", "3", "--out", str(out)]) == 130
    assert not (out / "data").exists() and (out / ".parts").is_dir()


def test_a_finished_run_leaves_no_parts(corpus_dir):
    assert not (corpus_dir / ".parts").exists()


def test_workers_and_a_kill_give_identical_output(corpus_dir, tmp_path, monkeypatch):
    two = tmp_path / "two"
    assert main(["generate", "--count", str(COUNT), "--seed", "3", "--out", str(two),
                 "--workers", "2"]) == 0
    assert _files(two) == _files(corpus_dir)
    # a killed run: some parts missing, one half-written, no data yet
    killed = tmp_path / "killed"
    _killed_before_finalize(killed, COUNT, monkeypatch)
    parts = sorted((killed / ".parts").glob("part-*.jsonl"))
    assert len(parts) >= 2
    parts[-1].unlink()
    parts[0].write_text(parts[0].read_text()[:100])      # torn write
    assert main(["generate", "--count", str(COUNT), "--seed", "3", "--out", str(killed)]) == 0
    assert _files(killed) == _files(corpus_dir)


def test_running_a_finished_corpus_again_keeps_its_timing(tmp_path, capsys):
    out = tmp_path / "c"
    assert main(["generate", "--count", "5", "--seed", "3", "--out", str(out)]) == 0
    timing = (out / "timing.json").read_text()
    assert json.loads(timing)["theorems_computed"] >= 5
    assert main(["generate", "--count", "5", "--seed", "3", "--out", str(out)]) == 0
    assert (out / "timing.json").read_text() == timing      # not a rate over 0 s of work
    assert "already complete" in capsys.readouterr().out


def test_a_stopped_run_assembled_from_its_parts_gives_no_rate(tmp_path, capsys, monkeypatch):
    out = tmp_path / "c"
    _killed_before_finalize(out, 20, monkeypatch)
    capsys.readouterr()
    assert main(["generate", "--count", "5", "--seed", "3", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "none computed" in said and "None" not in said
    assert json.loads((out / "timing.json").read_text())["theorems_per_second"] is None


def _alive(pid: int) -> bool:
    """Running, not a zombie nobody reaped (a container's init may not reap)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc")
def test_the_workers_end_when_the_run_is_killed(tmp_path):
    """SIGTERM reaches only the run (not its process group, as Ctrl-C does)."""
    run = subprocess.Popen([sys.executable, "-c", "import sys; from symgen.cli import main; "
                            "sys.exit(main(sys.argv[1:]))", "generate", "--count", "100000",
                            "--seed", "3", "--workers", "2", "--out", str(tmp_path / "k")],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children = Path(f"/proc/{run.pid}/task/{run.pid}/children")
    end = time.monotonic() + 60
    while len(children.read_text().split()) < 2 and time.monotonic() < end:
        time.sleep(0.1)
    workers = [int(pid) for pid in children.read_text().split()]
    assert len(workers) >= 2
    run.send_signal(signal.SIGTERM)
    run.wait(timeout=10)
    end = time.monotonic() + 10
    while any(map(_alive, workers)) and time.monotonic() < end:
        time.sleep(0.1)
    assert not any(map(_alive, workers)), "workers outlived the killed run"


def test_other_settings_in_the_same_folder_are_refused(corpus_dir, capsys):
    assert main(["generate", "--count", str(COUNT), "--seed", "4", "--out", str(corpus_dir)]) == 2
    assert "other settings" in capsys.readouterr().err


def test_bad_flags_are_one_clear_error(tmp_path, capsys):
    assert main(["generate", "--count", "0", "--out", str(tmp_path)]) == 2
    assert main(["generate", "--weights", "nosuch=1", "--out", str(tmp_path / "x")]) == 2
    assert main(["generate", "--per-diagram", "-1", "--out", str(tmp_path / "y")]) == 2
    assert main(["generate", "--steps", "6-x", "--out", str(tmp_path / "z")]) == 2
    assert main(["generate", "--steps", "30-40", "--out", str(tmp_path / "w")]) == 2
    assert main(["generate", "--domain", "code", "--steps", "3-4", "--out", str(tmp_path / "v")]) == 2
    assert main(["generate", "--aux-per-diagram", "0", "--out", str(tmp_path / "u")]) == 2
    assert main(["generate", "--domain", "arithmetic", "--aux-per-diagram", "1",
                 "--out", str(tmp_path / "t")]) == 2
    assert main(["generate", "--sos", "--out", str(tmp_path / "s")]) == 2
    assert main(["generate", "--domain", "code", "--novel-aux", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "--sos applies to the arithmetic domain only" in err
    assert "--novel-aux applies to the geometry domain only" in err
    assert "--count" in err and "nosuch" in err and "--per-diagram" in err
    assert "--aux-per-diagram must be at least 1" in err
    assert "--aux-per-diagram applies to the geometry domain only" in err
    assert "'6-x'" in err and "(30, 40)" in err and "geometry domain only" in err


def test_steps_set_the_diagram_size(tmp_path):
    import numpy as np
    from domains.geometry.hooks import generate_config
    from domains.geometry.sampler import sample
    out = tmp_path / "big"
    assert main(["generate", "--count", "2", "--steps", "7", "--out", str(out)]) == 0
    settings = json.loads((out / "manifest.json").read_text())["config"]
    assert settings["steps"] == [7, 7]
    config = generate_config(settings).sampler
    problem, _ = sample(np.random.default_rng(0), config)
    assert len(problem.points) >= 3 + 7      # the free shape and 7 more (a recipe may add two)


def test_records_verify_and_read_back_as_problems(corpus_dir):
    records = _records(corpus_dir)
    for r in records:
        assert check_record(r) == [], r["id"]
    for r in records[:5]:
        problem = parse_problem(r["id"], f"{'; '.join([r['premises'], *r['aux']])} ? {r['goal']}")
        assert prove(problem, seconds=20).solved


def test_tampered_records_fail_the_check(corpus_dir):
    r = _records(corpus_dir)[0]
    wrong_goal = dict(r, goal="para a b a c")
    assert check_record(wrong_goal)
    short = dict(r, proof=[dict(s, cites=s.get("cites", [])[:-1]) for s in r["proof"]])
    assert check_record(short)
    assert check_record({"id": "x"})                  # unreadable is a failure, not a crash


def test_check_command_exit_codes(corpus_dir, tmp_path, capsys):
    assert main(["check", str(corpus_dir)]) == 0
    bad = tmp_path / "bad"
    shutil.copytree(corpus_dir, bad)
    data = sorted((bad / "data").glob("*.jsonl"))[0]
    lines = data.read_text().splitlines()
    rec = json.loads(lines[0])
    rec["proof"][-1]["rule"] = "midline"
    lines[0] = json.dumps(rec)
    data.write_text("\n".join(lines) + "\n")
    assert main(["check", str(bad)]) == 1
    assert "1 failed" in capsys.readouterr().out


def test_stats_prints_and_plots(corpus_dir, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    assert main(["stats", str(corpus_dir), "-o", str(tmp_path / "plots")]) == 0
    assert "theorems" in capsys.readouterr().out
    assert (tmp_path / "plots" / "proof_steps_histogram.png").stat().st_size > 1000


def test_dask_executor_gives_the_same_output(corpus_dir, tmp_path):
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    try:
        out = tmp_path / "dask"
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        assert main(["generate", "--count", str(COUNT), "--seed", "3", "--out", str(out),
                     "--executor", address]) == 0
        assert _files(out) == _files(corpus_dir)
    finally:
        cluster.close()


def test_diverse_spreads_aux_data_over_diagrams_and_every_recipe(tmp_path, capsys):
    """--diverse: aux theorems only, one per diagram, 4-8 steps, every recipe at weight 1,
    each written into the manifest's settings; other domains refuse it by its flag."""
    import json
    from domains.geometry.hooks import generate_config
    from domains.geometry.sampler import RECIPES
    out = tmp_path / "d"
    assert main(["generate", "--diverse", "--count", "2", "--seed", "3", "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    config = generate_config(manifest["config"])
    assert config.aux_only and config.max_aux == 1 and config.sampler.steps == (4, 8)
    assert config.sampler.weights == {r: 1.0 for r in RECIPES}
    records = [json.loads(line) for f in sorted((out / "data").glob("*.jsonl"))
               for line in f.read_text().splitlines()]
    assert len(records) == 2 and all(r["aux"] for r in records)
    assert len({(r["seed"], r["index"]) for r in records}) == 2       # two diagrams
    assert main(["generate", "--domain", "arithmetic", "--diverse",
                 "--out", str(tmp_path / "a")]) == 2
    assert "--diverse applies to the geometry domain only" in capsys.readouterr().err


def test_the_report_counts_diagrams_aux_kinds_and_difficulty():
    """Distinct diagrams, distinct (aux construction kind, goal predicate) pairs with their
    counts, and the difficulty labels, from the records themselves."""
    from collections import Counter
    from symgen.corpus import build_report

    def rec(seed, index, goal, aux, solved=None):
        r = {"seed": seed, "index": index, "goal": goal, "aux": aux,
             "stats": {"proof_steps": 3, "rules": ["r"]}}
        if solved is not None:
            r["difficulty"] = {"heuristic": {"solved": solved, "depth": 1 if solved else None,
                                             "budget": 8}}
        return r
    records = [rec(0, 1, "cong a b c d", ["e = midpoint e a b"], True),
               rec(0, 1, "para a b c d", []),
               rec(0, 2, "cong a b c d", ["e = on_line e a b, on_tline e c a b"], False),
               rec(1, 2, "cong a b c d", ["e = midpoint e a c", "f = midpoint f b d"], False)]
    report = build_report(records, Counter(), 0)
    assert report["distinct_diagrams"] == 3 and report["aux_diagrams"] == 3
    assert report["aux_kinds"] == {"midpoint -> cong": 3, "on_line+on_tline -> cong": 1}
    assert report["aux_goal_pairs"] == 2
    assert report["difficulty"] == {"heuristic misses (budget 8)": 2, "heuristic, depth 1": 1}
