"""The command line: proofs printed, JSON, errors as one line naming problem and clause."""
import json

import pytest

from symgen.cli import main


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
