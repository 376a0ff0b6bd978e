"""The command line: proofs printed, JSON, errors as one line naming problem and clause."""
import json

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
    main(["prove", str(f)])
    assert "not proved (saturated" in capsys.readouterr().out


def test_bad_problem_does_not_stop_the_others(tmp_path, capsys):
    f = tmp_path / "p.txt"
    f.write_text("bad\na b c = triangle a b c; d = frobnicate d a b ? perp a b c d\n"
                 "mid\na b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c\n")
    assert main(["prove", str(f)]) == 1
    captured = capsys.readouterr()
    assert "mid: proved" in captured.out
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and "'bad'" in err[0] and "frobnicate" in err[0] and "clause 2" in err[0]


def test_unreadable_file_and_unknown_problem(tmp_path, capsys):
    assert main(["prove", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt" in capsys.readouterr().err
    assert main(["prove", "--problem", "nope"]) == 2
    assert "no problem named 'nope'" in capsys.readouterr().err
