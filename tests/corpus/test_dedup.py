"""``symgen dedup A --against B``: A loses exactly the theorems B has, and stays a corpus that
``symgen check`` passes; the one dedup key renames what a statement names."""
import json
import re
import shutil
from pathlib import Path

import pytest

from domains.code.theorems import canonical_program
from symgen import corpus_files
from symgen.cli import main
from symgen.dataset import dedup_key


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> tuple[Path, Path]:
    """A: 40 theorems of seed 3 (with a Parquet copy); B: the first 10 of them."""
    root = tmp_path_factory.mktemp("dedup")
    pytest.importorskip("pyarrow")
    assert main(["generate", "--count", "40", "--seed", "3", "--format", "parquet",
                 "--out", str(root / "a")]) == 0
    assert main(["generate", "--count", "10", "--seed", "3", "--out", str(root / "b")]) == 0
    return root / "a", root / "b"


def _keys(folder: Path, fmt: str = "jsonl") -> set[str]:
    return {r["dedup_key"] for r in corpus_files.read_records(folder, fmt)}


def test_dedup_removes_the_other_corpus_and_keeps_a_checkable_corpus(pair, tmp_path, capsys):
    a, b = shutil.copytree(pair[0], tmp_path / "a"), pair[1]
    before = _keys(a)
    assert len(_keys(b) & before) == 10
    capsys.readouterr()
    assert main(["dedup", str(a), "--against", str(b)]) == 0
    assert "removed 10 of 40 records" in capsys.readouterr().out
    assert _keys(a) == before - _keys(b) == _keys(a, "parquet")
    manifest = json.loads((a / "manifest.json").read_text())
    assert manifest["records"] == 30 and manifest["deduplicated_against"][0]["removed"] == 10
    report = json.loads((a / "report.json").read_text())
    assert report["theorems"] == 30 == sum(report["splits"].values())
    card = (a / "README.md").read_text()
    assert sum(map(int, re.findall(r"num_examples: (\d+)", card))) == 30
    assert "symgen dedup <dir> --against <b>" in card
    assert main(["check", str(a)]) == 0
    assert main(["dedup", str(a), "--against", str(b)]) == 0        # a second time: nothing
    assert "removed 0 of 30" in capsys.readouterr().out


def test_dedup_refuses_another_domain_and_the_corpus_itself(pair, tmp_path, capsys):
    other = tmp_path / "arith"
    assert main(["generate", "--domain", "arithmetic", "--count", "3", "--out", str(other)]) == 0
    a = shutil.copytree(pair[0], tmp_path / "a")
    capsys.readouterr()
    assert main(["dedup", str(a), "--against", str(other)]) == 3
    assert "a arithmetic corpus" in capsys.readouterr().err
    assert main(["dedup", str(a), "--against", str(a)]) == 3
    assert "is the corpus itself" in capsys.readouterr().err
    assert len(_keys(a)) == 40


def test_a_record_without_a_key_in_the_other_corpus_is_one_clear_error(pair, tmp_path, capsys):
    a, b = (shutil.copytree(p, tmp_path / p.name) for p in pair)
    data = b / json.loads((b / "manifest.json").read_text())["files"][0]["file"]
    lines = data.read_text().splitlines()
    lines[1] = json.dumps({k: v for k, v in json.loads(lines[1]).items() if k != "dedup_key"})
    data.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["dedup", str(a), "--against", str(b)]) == 3
    assert f"{data}:2: the record has no dedup_key" in capsys.readouterr().err


def test_programs_that_differ_only_in_names_have_one_key():
    one = "program p0_1\nvar i = 0, j = 2;\nwhile (*) {\n  i = i + j;\n}\nassert(i >= 0);\n"
    two = re.sub(r"\bi\b", "count", re.sub(r"\bj\b", "step", one.replace("p0_1", "q9")))
    other = one.replace("i + j", "j + i")
    assert canonical_program(one) == canonical_program(two)
    assert "while" in canonical_program(two) and "count" not in canonical_program(two)
    assert dedup_key(canonical_program(one)) != dedup_key(canonical_program(other))
