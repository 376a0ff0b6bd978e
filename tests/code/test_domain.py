"""The code domain end to end: the prover, generated theorems, record checks and the CLI."""
from __future__ import annotations

import copy
import csv
from pathlib import Path

from domains.code.corpus_check import check_record
from domains.code.heuristic import HeuristicProposer
from domains.code.parse import parse_program
from domains.code.prover import prove
from domains.code.theorems import item
from symgen.bench import main as suite_main
from symgen.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "code"

COUNT_UP = """program count_up
var n;
var i = 0;
assume(n >= 0);
while (i < n) {
  i = i + 1;
}
assert(i == n);
"""


def test_the_invariant_is_an_auxiliary_construct():
    program = parse_program(COUNT_UP)
    assert not prove(program, seconds=20).solved
    result = prove(program, seconds=20, proposer=HeuristicProposer())
    assert result.solved and result.constructs == ("L0: n >= i",)


def test_a_false_assertion_is_never_proved():
    program = parse_program(COUNT_UP.replace("assert(i == n)", "assert(i == n + 1)"))
    assert not prove(program, seconds=20, proposer=HeuristicProposer()).solved


FIRST = item(7, 0)
RECORDS = FIRST[0] + item(7, 1)[0]


def test_generated_records_pass_their_check_and_are_reproducible():
    assert RECORDS
    assert item(7, 0) == FIRST
    for record in RECORDS:
        assert check_record(record) == []


def test_a_tampered_record_fails():
    record = copy.deepcopy(RECORDS[0])
    record["program"] = record["program"].replace("assert(", "assert(1 + ", 1) \
        if "==" not in record["goal"] else record["program"].replace("==", "!=", 1)
    assert check_record(record) != []


def test_cli_proves_the_builtin_examples(capsys):
    assert main(["prove", "--domain", "code", "--proposer", "heuristic", "--timeout", "20"]) == 0
    out = capsys.readouterr().out
    assert out.count("proved in") == 3 and "Invariant:" in out


def test_suite_over_a_folder_of_c_files(tmp_path, capsys):
    out = tmp_path / "rows.csv"
    code = suite_main([str(FIXTURES), "--domain", "code", "--proposer", "heuristic",
                       "--timeout", "20", "--check", "--csv", str(out)])
    assert code == 1                                   # 27 is not solved
    rows = {r["problem"]: r for r in csv.DictReader(out.open())}
    assert rows["1"]["solved"] == "true" and rows["1"]["invariant"].startswith("L0:")
    assert rows["27"]["solved"] == "false"          # its assertion is false
