"""A corpus folder is untrusted input: every tamper is caught by ``symgen check``, nothing is
read outside the folder, and ``generate`` never overwrites what it did not write."""
from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from symgen import corpus_cli
from symgen.cli import main

DATA = "data/train-00000-of-00001.jsonl"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "c"
    assert main(["generate", "--count", "12", "--out", str(out)]) == 0
    return out


@pytest.fixture
def corpus(pristine, tmp_path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(pristine, copy)
    return copy


def lines(folder: Path) -> list[str]:
    return (folder / DATA).read_text(encoding="utf-8").splitlines()


def write_lines(folder: Path, rows: list[str]) -> None:
    (folder / DATA).write_text("".join(r + "\n" for r in rows), encoding="utf-8")


def reseal(folder: Path) -> None:
    """Make the manifest agree with the data again (a careful tamperer)."""
    manifest = json.loads((folder / "manifest.json").read_text())
    raw = (folder / DATA).read_bytes()
    entry = manifest["files"][0]
    entry["sha256"], entry["records"] = hashlib.sha256(raw).hexdigest(), raw.count(b"\n")
    manifest["records"] = entry["records"]
    (folder / "manifest.json").write_text(json.dumps(manifest))


def check(folder: Path, capsys) -> tuple[int, str]:
    code = main(["check", str(folder)])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    return code, out.out + out.err


def test_the_untampered_corpus_passes(corpus, capsys):
    assert check(corpus, capsys)[0] == 0


def test_a_deleted_record_is_caught_by_count_and_hash(corpus, capsys):
    write_lines(corpus, lines(corpus)[1:])
    code, out = check(corpus, capsys)
    assert code == 1 and "SHA-256" in out and "manifest says 12" in out


def test_a_duplicated_record_is_caught_even_when_the_manifest_is_resealed(corpus, capsys):
    rows = lines(corpus)
    write_lines(corpus, rows + [rows[3]])
    reseal(corpus)
    code, out = check(corpus, capsys)
    assert code == 1 and "duplicate record" in out and ":13:" in out


@pytest.mark.parametrize("tamper, expected", [
    (lambda r: r.update(domain="code"), 'domain: must be "geometry"'),
    (lambda r: r.update(extra=1), "unknown key 'extra'"),
    (lambda r: r.pop("goal"), "missing key 'goal'"),
    (lambda r: r.update(seed="0"), "seed: expected integer"),
    (lambda r: r["proof"][0].update(cites=["1"]), "proof[0].cites[0]: expected integer"),
    (lambda r: r["diagram"][0].update(x=float("nan")), "NaN is not a JSON number"),
    (lambda r: r["diagram"][0].update(y=True), "diagram[0].y: expected number"),
])
def test_a_record_that_breaks_the_schema_is_caught(corpus, capsys, tamper, expected):
    rows = lines(corpus)
    record = json.loads(rows[2])
    tamper(record)
    rows[2] = json.dumps(record)
    write_lines(corpus, rows)
    reseal(corpus)
    code, out = check(corpus, capsys)
    assert code == 1 and f"{DATA}:3: " in out and expected in out


@pytest.mark.parametrize("name", ["/etc/hostname", "../copy/manifest.json", "data/../../x"])
def test_manifest_paths_must_stay_inside_the_corpus(corpus, capsys, name, monkeypatch):
    manifest = json.loads((corpus / "manifest.json").read_text())
    manifest["files"].append({"file": name, "records": 1, "sha256": "0" * 64})
    (corpus / "manifest.json").write_text(json.dumps(manifest))
    opened = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: opened.append(self) or real(self))
    code, out = check(corpus, capsys)
    assert code == 1 and "outside the corpus folder" in out
    assert all(p.resolve().is_relative_to(corpus.resolve()) for p in opened)


def test_a_link_out_of_the_corpus_is_refused(corpus, capsys, tmp_path):
    outside = tmp_path / "secret.jsonl"
    outside.write_text("{}\n")
    (corpus / DATA).unlink()
    (corpus / DATA).symlink_to(outside)
    code, out = check(corpus, capsys)
    assert code == 1 and "leads outside the corpus folder" in out


def test_bad_bytes_deep_nesting_and_missing_files_are_one_line_each(corpus, capsys):
    raw = (corpus / DATA).read_bytes()
    (corpus / DATA).write_bytes(raw[:40] + b"\xff\xfe" + raw[40:])
    code, out = check(corpus, capsys)
    assert code == 1 and "not UTF-8" in out
    write_lines(corpus, ["[" * 100000 + "]" * 100000])
    code, out = check(corpus, capsys)
    assert code == 1 and "nested deeper" in out
    (corpus / DATA).unlink()
    code, out = check(corpus, capsys)
    assert code == 1 and "cannot read the data file" in out


def test_a_folder_that_is_not_a_corpus_is_bad_input(tmp_path, capsys):
    code, out = check(tmp_path, capsys)
    assert code == 3 and "not a symgen corpus manifest" in out
    (tmp_path / "manifest.json").write_text("[" * 100000)
    code, out = check(tmp_path, capsys)
    assert code == 3 and out.count("\n") == 1


def test_a_record_that_breaks_the_domain_check_is_its_failure(corpus, capsys, monkeypatch):
    from domains.geometry import hooks

    def boom(record, fresh=2):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(type(hooks.DOMAIN), "check_record", staticmethod(boom))
    code, out = check(corpus, capsys)
    assert code == 1 and "breaks the checker (ZeroDivisionError" in out


# ---------------------------------------------------------------------------
# generate --out

def generate(out: Path, *extra: str) -> int:
    return main(["generate", "--count", "8", "--out", str(out), *extra])


def test_generate_refuses_a_file_as_out(tmp_path, capsys):
    target = tmp_path / "f"
    target.write_text("mine")
    assert generate(target) == 2
    assert "is a file" in capsys.readouterr().err and target.read_text() == "mine"


def test_generate_refuses_a_folder_of_other_files(tmp_path, capsys):
    (tmp_path / "README.md").write_text("my notes")
    (tmp_path / "report.json").write_text("{}")
    assert generate(tmp_path) == 2
    err = capsys.readouterr().err
    assert "did not write" in err and "README.md" in err and "--force" in err
    assert (tmp_path / "README.md").read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md", "report.json"]
    assert generate(tmp_path, "--force") == 0
    assert (tmp_path / "manifest.json").is_file()


def test_generate_refuses_to_shrink_a_finished_corpus(corpus, capsys):
    before = (corpus / DATA).read_bytes()
    assert generate(corpus) == 2
    assert "finished corpus of 12 records" in capsys.readouterr().err
    assert (corpus / DATA).read_bytes() == before
    assert main(["generate", "--count", "12", "--out", str(corpus)]) == 0   # the same run: fine
    assert generate(corpus, "--force") == 0
    assert len(lines(corpus)) == 8


def test_generate_refuses_a_corpus_of_other_settings(corpus, capsys):
    assert main(["generate", "--count", "12", "--seed", "5", "--out", str(corpus)]) == 2
    assert "other settings" in capsys.readouterr().err


def test_an_unreachable_dask_scheduler_is_one_line_and_writes_nothing(tmp_path, capsys,
                                                                      monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(corpus_cli, "DASK_CONNECT_SECONDS", 1)
    out = tmp_path / "never"
    assert generate(out, "--executor", "dask://127.0.0.1:9") == 3
    err = capsys.readouterr().err.strip()
    assert "cannot reach the Dask scheduler" in err and "\n" not in err
    assert not out.exists()


def test_a_run_that_stops_midway_says_that_it_resumes(tmp_path, capsys, monkeypatch):
    from symgen import corpus

    def dies(*args, **kwargs):
        raise BrokenPipeError(32, "the cluster went away")
    monkeypatch.setattr(corpus, "_compute", dies)
    assert generate(tmp_path / "c") == 3
    err = capsys.readouterr().err
    assert "generation stopped" in err and "rerunning the same command resumes" in err
