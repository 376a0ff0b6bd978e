"""The Python API (``symgen.prove``, ``generate``, ``load_corpus``): the README's example runs as
written, bad input raises one clear error, and neither ``import symgen`` nor ``symgen prove``
imports torch or the corpus pipeline."""
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import symgen
from symgen.errors import InputError, ProblemError

ROOT = Path(__file__).resolve().parents[1]
MIDLINE = "a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c"


def readme_example() -> str:
    """The first Python block of the README's "Python API" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Python API\n", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def _python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_the_readme_example_runs_as_written(tmp_path):
    code = readme_example()
    assert len(code.strip().splitlines()) == 5
    got = _python(code, tmp_path)
    assert got.returncode == 0, got.stderr
    lines = got.stdout.splitlines()
    assert lines[0].startswith("True line 1: proved") and lines[-1] == "20"
    assert json.loads((tmp_path / "corpus" / "manifest.json").read_text())["records"] == 20


def test_prove_returns_a_checked_outcome():
    outcome = symgen.prove(MIDLINE, timeout=10)
    assert outcome.solved and outcome.to_json()["proof"][-1]["rule"] == "midline"


def test_prove_takes_a_file_with_a_name_and_says_when_it_needs_one():
    text = f"one\n{MIDLINE}\ntwo\n{MIDLINE}\n"
    assert symgen.prove(text, name="two").problem.name == "two"
    with pytest.raises(InputError, match="holds 2 problems"):
        symgen.prove(text)


def test_prove_raises_a_problem_error_naming_the_clause():
    with pytest.raises(ProblemError, match="frobnicate") as err:
        symgen.prove("a b c = triangle a b c; d = frobnicate d a b ? perp a b c d")
    assert err.value.position == 2


def test_prove_in_another_domain():
    assert symgen.prove("x : real ? x**2 >= 0", domain="arithmetic", timeout=10).solved


def test_load_corpus_refuses_a_changed_file(tmp_path):
    symgen.generate(tmp_path / "c", count=5, seed=3)
    records = symgen.load_corpus(tmp_path / "c")
    assert len(records) == 5 and records[0]["domain"] == "geometry"
    data = next((tmp_path / "c" / "data").glob("*.jsonl"))
    data.write_text(data.read_text().replace('"geometry"', '"geometry "', 1))
    with pytest.raises(InputError, match="SHA-256"):
        symgen.load_corpus(tmp_path / "c")


HEAVY = ("torch", "symgen.corpus", "symgen.train", "symgen.api", "distributed", "tqdm")


def test_import_symgen_and_symgen_prove_import_nothing_heavy(tmp_path):
    code = ("import sys, symgen\n"
            f"heavy = {HEAVY!r}\n"
            "print(sorted(m for m in heavy if m in sys.modules))\n"
            "from symgen.cli import main\n"
            "code = main(['prove', '--timeout', '10'])\n"
            "print(code, sorted(m for m in heavy if m in sys.modules))\n")
    got = _python(code, tmp_path)
    assert got.returncode == 0, got.stderr
    assert got.stdout.splitlines()[0] == "[]" and got.stdout.splitlines()[-1] == "0 []"
