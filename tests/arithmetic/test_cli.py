"""The command line on the arithmetic domain: prove, generate + check, and the suite."""
from __future__ import annotations

import csv
from pathlib import Path

from symgen.bench import main as suite_main
from symgen.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_prove_builtin_examples(capsys):
    assert main(["prove", "--domain", "arithmetic", "--proposer", "heuristic",
                 "--timeout", "20"]) == 0
    out = capsys.readouterr().out
    assert out.count("proved in") >= 6
    assert "certificate" in out and "residues modulo" in out


def test_prove_reports_a_bad_problem_and_goes_on(tmp_path, capsys):
    path = tmp_path / "p.txt"
    path.write_text("good\na b : real ? a**2 + b**2 >= 2*a*b\n"
                    "bad\na b : real ? a**2 >= zz\n")
    assert main(["prove", str(path), "--domain", "arithmetic"]) == 3
    captured = capsys.readouterr()
    assert "good: proved" in captured.out
    assert "'bad'" in captured.err and "zz" in captured.err


def test_missing_model_is_one_clear_error(tmp_path, capsys):
    code = main(["prove", "--domain", "arithmetic", "--model", str(tmp_path / "none.pt")])
    assert code == 3
    assert "no such model file" in capsys.readouterr().err


def test_generate_and_check(tmp_path, capsys):
    out = tmp_path / "corpus"
    assert main(["generate", "--domain", "arithmetic", "--count", "24", "--out", str(out)]) == 0
    assert main(["check", str(out)]) == 0
    assert "24 ok, 0 failed" in capsys.readouterr().out


def test_suite_on_jsonl_with_the_heuristic(tmp_path, capsys):
    out = tmp_path / "rows.csv"
    sample = tmp_path / "sample.jsonl"                 # P3, P7, P9, P11 and P42 (a**a)
    sample.write_text("\n".join((FIXTURES / "arith_sample.jsonl").read_text().splitlines()[:4]
                                + [(FIXTURES / "chen_p42.jsonl").read_text()]))
    code = suite_main([str(sample), "--domain", "arithmetic",
                       "--proposer", "heuristic", "--timeout", "20", "--check", "--csv", str(out)])
    assert code == 1                                   # ChenNEQ_P42 is not solved
    rows = {r["problem"]: r for r in csv.DictReader(out.open())}
    assert list(next(iter(rows.values()))) == ["problem", "solved", "seconds", "steps",
                                               "stop_reason", "error"]
    assert rows["ChenNEQ_P3"]["solved"] == "true"
    assert rows["ChenNEQ_P42"]["stop_reason"] == "unsupported"
