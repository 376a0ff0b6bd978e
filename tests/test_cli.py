"""The command line: proofs printed, JSON, errors as one line naming problem and clause."""
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from symgen.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_prove_builtin_examples(capsys):
    assert main(["prove"]) == 0
    out = capsys.readouterr().out
    assert "orthocenter: proved" in out and "⟂" in out and "[angle chase]" in out


def test_prove_json(tmp_path, capsys):
    f = tmp_path / "p.txt"
    f.write_text("mid\na b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c\n")
    assert main(["prove", str(f), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["solved"] and data["proof"][-1]["fact"] == "para b c m n"
    assert data["proof"][-1]["rule"] == "midline"


def test_not_proved_says_why(tmp_path, capsys):
    f = tmp_path / "p.txt"
    # needs an auxiliary point (extend ac to meet bd), which the symbolic engine cannot invent
    f.write_text("aux\na b d = triangle a b d; e = midpoint e d a; "
                 "c = angle_bisector c a b d, on_dia c a b ? para c e b d\n")
    assert main(["prove", str(f)]) == 1
    assert "not proved (saturated" in capsys.readouterr().out


def test_bad_problem_does_not_stop_the_others(tmp_path, capsys):
    f = tmp_path / "p.txt"
    f.write_text("bad\na b c = triangle a b c; d = frobnicate d a b ? perp a b c d\n"
                 "mid\na b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c\n")
    assert main(["prove", str(f)]) == 3          # bad input, and the good problem still ran
    captured = capsys.readouterr()
    assert "mid: proved" in captured.out
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and "'bad'" in err[0] and "frobnicate" in err[0] and "clause 2" in err[0]


def test_unreadable_file_and_unknown_problem(tmp_path, capsys):
    assert main(["prove", str(tmp_path / "missing.txt")]) == 3
    assert "missing.txt" in capsys.readouterr().err
    assert main(["prove", "--problem", "nope"]) == 2
    assert "no problem named 'nope'" in capsys.readouterr().err


LL43 = ("a b = segment a b; c = on_dia c a b, on_bline c a b; d = midpoint d a c; "
        "e = foot e c b d; f = on_line f c e, on_line f a b ? eqangle d c d b d f d a")


def test_prove_with_the_heuristic_proposer_prints_the_aux_construction(tmp_path, capsys):
    path = tmp_path / "p.txt"
    path.write_text(f"ll43\n{LL43}\n")
    assert main(["prove", str(path), "--timeout", "5"]) == 1
    assert "not proved" in capsys.readouterr().out
    assert main(["prove", str(path), "--proposer", "heuristic", "--timeout", "30"]) == 0
    out = capsys.readouterr().out
    assert "1 auxiliary construction" in out and "aux: g = midpoint g a b" in out


def test_prove_search_flags_are_checked(tmp_path, capsys):
    path = tmp_path / "p.txt"
    path.write_text(f"ll43\n{LL43}\n")
    assert main(["prove", str(path), "--model", str(tmp_path / "missing.pt")]) == 3
    assert "no such model file" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["prove", str(path), "--beam", "0"])
    assert exit_.value.code == 2
    assert "positive integer" in capsys.readouterr().err


MIDLINE = "mid\na b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c\n"


@pytest.mark.parametrize("content", [b"", b"# only a comment\n\n", b"\n\n\n"])
def test_a_file_with_no_problems_is_bad_input(tmp_path, capsys, content):
    f = tmp_path / "p.txt"
    f.write_bytes(content)
    assert main(["prove", str(f)]) == 3
    err = capsys.readouterr().err.strip()
    assert "no problems in the file" in err and "\n" not in err


@pytest.mark.parametrize("make, reason", [(lambda p: p.mkdir(), "Is a directory"),
                                          (lambda p: p.write_bytes(b"mid\n\xff\xfe\n"), "not UTF-8")])
def test_an_unreadable_file_is_one_line(tmp_path, capsys, make, reason):
    f = tmp_path / "p.txt"
    make(f)
    assert main(["prove", str(f)]) == 3
    err = capsys.readouterr().err.strip()
    assert reason in err and "\n" not in err


def test_a_crash_on_one_problem_is_one_line_and_the_others_still_run(tmp_path, capsys,
                                                                      monkeypatch):
    from domains.geometry import hooks
    real = hooks.prove

    def crashes_on_first(problem, **kw):
        if problem.name == "first":
            raise ZeroDivisionError("boom")
        return real(problem, **kw)
    monkeypatch.setattr(type(hooks.DOMAIN), "prove", staticmethod(crashes_on_first))
    f = tmp_path / "p.txt"
    f.write_text("first" + MIDLINE[3:] + MIDLINE)
    assert main(["prove", str(f)]) == 4
    captured = capsys.readouterr()
    assert "mid: proved" in captured.out and "Traceback" not in captured.err
    assert captured.err.strip() == ("internal error: first: ZeroDivisionError: boom (a bug in "
                                    "symgen; -vv shows the traceback)")


def test_a_proof_the_checker_rejects_is_never_printed(tmp_path, capsys, monkeypatch):
    from domains.geometry import hooks
    monkeypatch.setattr(type(hooks.DOMAIN), "replay",
                        staticmethod(lambda result: "proof does not replay: line (3) is wrong"))
    f = tmp_path / "p.txt"
    f.write_text(MIDLINE)
    assert main(["prove", str(f)]) == 4
    captured = capsys.readouterr()
    assert "proved" not in captured.out and "checker rejects" in captured.err


def test_the_backstop_holds_the_timeout_for_a_prover_that_ignores_it(tmp_path, capsys,
                                                                      monkeypatch):
    import time
    from domains.geometry import hooks

    def spins(problem, **kw):
        while True:
            pass
    monkeypatch.setattr(type(hooks.DOMAIN), "prove", staticmethod(spins))
    f = tmp_path / "p.txt"
    f.write_text(MIDLINE)
    start = time.perf_counter()
    assert main(["prove", str(f), "--timeout", "0.5"]) == 1
    assert time.perf_counter() - start < 1.5
    assert "mid: not proved (time limit" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "abc"])
def test_a_timeout_must_be_a_positive_number(value, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["prove", "--timeout", value])
    assert exit_.value.code == 2


def test_bench_takes_its_options_before_the_file_and_exits_1_on_an_unsolved_problem(
        tmp_path, capsys):
    out = tmp_path / "rows.csv"
    fixture = Path(__file__).parent / "fixtures" / "arith_sample.txt"
    assert main(["bench", "--domain", "arithmetic", "--timeout", "5", "--csv", str(out),
                 str(fixture)]) == 1                     # 6 of its 9 problems are solved
    assert out.read_text().splitlines()[0].startswith("problem,solved")
    from symgen.algebra import sos      # amgm_cube_root by its root; one more by squares
    assert ("7/9" if sos.available() else "6/9") in capsys.readouterr().out


def test_bench_exits_0_when_every_problem_is_solved(tmp_path, capsys):
    f = tmp_path / "p.txt"
    f.write_text(MIDLINE)
    assert main(["bench", "--timeout", "10", str(f)]) == 0
    captured = capsys.readouterr()
    assert "1/1" in captured.out and "[1/1] mid: solved" in captured.err
    assert main(["bench", "-q", "--timeout", "10", str(f)]) == 0       # -q: no progress lines
    assert capsys.readouterr().err == ""


def _symgen(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "symgen", *argv], input=stdin, text=True,
                          capture_output=True, cwd=ROOT, timeout=120)


def test_bench_help_is_symgen_bench_and_exits_0():
    got = _symgen("bench", "--help")
    assert got.returncode == 0 and got.stdout.startswith("usage: symgen bench")
    assert "--timeout" in got.stdout and "--engine" in got.stdout


def test_version_and_python_dash_m():
    import symgen
    got = _symgen("--version")
    assert got.returncode == 0 and got.stdout.strip() == f"symgen {symgen.__version__}"


def test_prove_dash_reads_standard_input():
    got = _symgen("prove", "-", "--timeout", "10", stdin=MIDLINE)
    assert got.returncode == 0 and "mid: proved" in got.stdout


def test_prove_dash_names_standard_input_in_an_error(monkeypatch, capsys):
    import io
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"mid\n\xff\n")))
    assert main(["prove", "-"]) == 3
    err = capsys.readouterr().err
    assert "<stdin>" in err and "not UTF-8" in err


@pytest.mark.parametrize("argv", [["-v", "-v", "prove"], ["prove", "-vv"], ["-v", "prove", "-v"]])
def test_verbose_counts_before_and_after_the_command(argv, monkeypatch):
    from symgen import cli
    seen = []
    monkeypatch.setattr(cli, "cmd_prove", lambda args: seen.append(cli._log_level(args)) or 0)
    assert main(argv + ["--timeout", "1"]) == 0
    assert seen == [logging.DEBUG]


def test_quiet_and_engine_after_the_command(monkeypatch):
    from symgen import cli, engine
    seen = []
    monkeypatch.setattr(cli, "cmd_prove", lambda args: seen.append(cli._log_level(args)) or 0)
    chosen = []
    monkeypatch.setattr(engine, "choose", chosen.append)
    assert main(["prove", "-q", "--engine", "python"]) == 0
    assert seen == [logging.ERROR] and chosen == ["python"]


def test_prove_json_gives_parse_errors_as_json_lines(tmp_path, capsys):
    f = tmp_path / "p.txt"
    f.write_text("bad\na b c = triangle a b c; d = frobnicate d a b ? perp a b c d\n" + MIDLINE)
    assert main(["prove", str(f), "--json"]) == 3
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert captured.err == ""
    assert lines[0]["problem"] == "bad" and lines[0]["source"].startswith(str(f))
    assert lines[0]["position"] == 2 and "frobnicate" in lines[0]["reason"]
    assert lines[0]["exit_code"] == 3 and lines[1]["solved"] is True


def test_prove_json_gives_an_unreadable_file_as_a_json_line(tmp_path, capsys):
    assert main(["prove", str(tmp_path / "missing.txt"), "--json"]) == 3
    line = json.loads(capsys.readouterr().out)
    assert "missing.txt" in line["error"] and line["exit_code"] == 3


@pytest.mark.parametrize("domain, proposer", [("geometry", "none"), ("arithmetic", "none"),
                                              ("code", "heuristic")])
def test_prove_json_proofs_have_the_shape_of_corpus_records(domain, proposer, capsys):
    from symgen.schema import domain_schema, errors
    assert main(["prove", "--json", "--domain", domain, "--proposer", proposer,
                 "--timeout", "10"]) in (0, 1)
    proofs = [json.loads(line)["proof"] for line in capsys.readouterr().out.splitlines()
              if json.loads(line).get("solved")]
    schema = domain_schema(f"domains.{domain}")["properties"]["proof"]
    assert proofs and all(errors(schema, proof) == [] for proof in proofs)
