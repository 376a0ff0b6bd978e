"""``check --json`` and ``stats --json`` as JSON lines, and ``generate --executor dask://``
sizing its shards in flight by the cluster."""
import json
import shutil

import pytest

from symgen import corpus, corpus_cli
from symgen.cli import main
from symgen.errors import SymgenError


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    out = tmp_path_factory.mktemp("small")
    assert main(["generate", "-q", "--count", "12", "--seed", "3", "--out", str(out)]) == 0
    return out


def test_check_json_is_one_object_per_record_then_a_summary(small, tmp_path, capsys):
    bad = tmp_path / "bad"
    shutil.copytree(small, bad)
    data = sorted((bad / "data").glob("*.jsonl"))[0]
    lines = data.read_text().splitlines()
    lines[1] = "{not json"
    data.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["check", str(bad), "--json", "--fresh", "1"]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    records = [o for o in out if ":" in o.get("where", "")]
    assert len(records) == 12 and sum(not r["ok"] for r in records) == 1
    broken = next(r for r in records if not r["ok"])
    assert broken["where"].endswith(":2") and broken["id"] is None
    assert "not JSON" in broken["failures"][0]
    assert out[-1]["summary"] == {"checked": 12, "ok": 11, "failed": 1, "file_problems": 1}


def test_check_json_says_a_folder_that_is_no_corpus_as_json(tmp_path, capsys):
    assert main(["check", str(tmp_path), "--json"]) == 3
    said = json.loads(capsys.readouterr().out)
    assert "manifest.json" in said["error"] and said["exit_code"] == 3


def test_stats_json_is_the_report(small, capsys):
    assert main(["stats", str(small), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == json.loads((small / "report.json").read_text())


class Cluster:
    def __init__(self, threads):
        self.threads = threads

    def nthreads(self):
        return dict(enumerate(self.threads))


@pytest.mark.parametrize("given, threads, expected", [(None, [1, 1, 1], 3), (None, [4, 2], 6),
                                                      (2, [4, 4], 2), (None, [], 1)])
def test_the_workers_follow_the_cluster_unless_given(given, threads, expected):
    assert corpus_cli._workers(given, Cluster(threads)) == expected


def test_a_real_cluster_of_three_single_thread_workers_runs_three(tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    seen = []

    def spy(run, **kw):
        seen.append(kw["workers"])
        raise SymgenError("stopped by the test")
    monkeypatch.setattr(corpus, "generate", spy)
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=False,
                                  protocol="tcp", dashboard_address=None) as cluster:
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        for extra in ([], ["--workers", "2"]):
            assert main(["generate", "--count", "5", "--out", str(tmp_path / "c"),
                         "--executor", address, *extra]) == 2
    assert seen == [3, 2]
