"""A fourth domain is one package plus one entry point (issue 28).

``tests/toydomain`` (propositional Horn clauses with helper lemmas) is registered the way an
installed package registers: a ``*.dist-info`` folder with an ``entry_points.txt`` in group
``symgen.domains`` on ``sys.path``, nothing else.  Then the real CLI generates a corpus, checks
it, and proves a problem that needs a lemma only when the heuristic proposes it.
"""
import hashlib
import json
from pathlib import Path

import pytest

from symgen import registry
from symgen.cli import main
from symgen.domain import MEMBERS, Domain, Outcome
from symgen.errors import SymgenError

TESTS = Path(__file__).resolve().parents[1]
CASES = "cases: s; a | b; a -> c; b -> c; s & c -> g ? g\n"


@pytest.fixture
def horn(tmp_path, monkeypatch):
    """The toy domain registered through an entry point only, for this test."""
    info = tmp_path / "site" / "symgen_horn_toy-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: symgen-horn-toy\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[symgen.domains]\nhorn = toydomain.hooks:DOMAIN\n")
    monkeypatch.syspath_prepend(str(TESTS))
    monkeypatch.syspath_prepend(str(info.parent))
    registry._entries.cache_clear()
    yield tmp_path
    registry._entries.cache_clear()


def test_without_its_entry_point_the_package_is_no_domain(monkeypatch):
    monkeypatch.syspath_prepend(str(TESTS))           # importable, but not registered
    registry._entries.cache_clear()
    with pytest.raises(SymgenError, match="unknown domain 'horn'"):
        registry.load("horn")


def test_the_entry_point_is_all_it_takes_to_be_a_domain(horn):
    assert registry.available()["horn"] == "toydomain.hooks:DOMAIN"
    domain = registry.load("horn")
    assert isinstance(domain, Domain) and not [m for m in MEMBERS if not hasattr(domain, m)]
    text, source = domain.example_text()
    problem = domain.parse_file(text, source)[0]
    assert isinstance(domain.prove(problem, seconds=5), Outcome)


def test_a_problem_needing_a_lemma_is_proved_only_with_the_proposer(horn, capsys):
    file = horn / "cases.txt"
    file.write_text(CASES)
    assert main(["prove", str(file), "--domain", "horn"]) == 1
    assert "cases: not proved (saturated)" in capsys.readouterr().out
    assert main(["prove", str(file), "--domain", "horn", "--proposer", "heuristic"]) == 0
    out = capsys.readouterr().out
    assert "proved in 3 steps" in out and "aux: s -> c" in out and "[lemma]" in out
    assert main(["prove", str(file), "--domain", "horn", "--proposer", "heuristic", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["aux"] == ["s -> c"]


def test_generate_then_check_a_corpus_and_a_tampered_record_fails(horn, capsys):
    out = horn / "c"
    assert main(["generate", "--domain", "horn", "--count", "20", "--splits", "1,0,0", "--out",
                 str(out)]) == 0       # one split: one data file
    manifest = json.loads((out / "manifest.json").read_text())
    data = out / manifest["files"][0]["file"]
    records = [json.loads(line) for line in data.read_text().splitlines()]
    assert manifest["domain"] == "horn" and len(records) == manifest["records"] == 20
    assert any(r["aux"] for r in records) and any(not r["aux"] for r in records)
    assert main(["check", str(out)]) == 0
    assert "checked 20 records: 20 ok, 0 failed" in capsys.readouterr().out

    k = next(i for i, r in enumerate(records) if r["aux"])      # its lemma cites one clause fewer
    lemma = next(s for s in records[k]["proof"] if s["rule"] == "lemma")
    lemma["cites"] = lemma["cites"][1:]
    text = "".join(json.dumps(r) + "\n" for r in records)
    data.write_text(text)                           # rehashed, so only the domain's check can tell
    manifest["files"][0]["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert main(["check", str(out)]) == 1
    report = capsys.readouterr().out
    assert f":{k + 1}: proof does not replay" in report and "the cited lines do not entail it" in report
    assert "19 ok, 1 failed" in report


def test_wrong_aux_and_an_unneeded_lemma_fail_the_record(horn):
    domain = registry.load("horn")
    result = domain.prove(domain.parse_file(CASES, "t")[0], seconds=5,
                          proposer=domain.make_proposer("heuristic"))
    record = domain.record(0, 0, 0, result)
    assert domain.check_record(record) == []
    assert domain.check_record({**record, "aux": []}) == ["aux is not the proof's lemmas"]
    easy = {**record, "premises": record["premises"] + "; s -> c"}   # now the engine needs none
    assert domain.check_record(easy) == ["aux is not needed"]
