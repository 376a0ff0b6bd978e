"""``symgen render`` from the command line: domains without diagrams say so."""
import json
import shutil

import pytest

from symgen.cli import main


@pytest.mark.parametrize("domain", ["arithmetic", "code"])
def test_a_domain_without_diagrams_says_so_in_one_line(domain, tmp_path, capsys):
    code = main(["render", "--domain", domain, "-o", str(tmp_path / "x.png")])
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert err == f"error: the {domain} domain has no diagrams to render"
    assert not (tmp_path / "x.png").exists()


PROBLEMS = """orthocenter
a b c = triangle a b c; d = foot d a b c; e = foot e b c a; h = on_line h a d, on_line h b e ? perp c h a b
mid line
a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c
"""


@pytest.fixture
def problems(tmp_path):
    path = tmp_path / "two.txt"
    path.write_text(PROBLEMS)
    return path


def test_prove_draw_writes_the_named_file_for_one_problem(problems, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "fig.svg"
    assert main(["prove", str(problems), "--problem", "orthocenter", "--draw", str(out)]) == 0
    assert "<svg" in out.read_text() and f"wrote {out}" in capsys.readouterr().err


def test_prove_draw_writes_one_file_per_problem_when_there_are_several(problems, tmp_path):
    out = tmp_path / "fig.html"
    assert main(["prove", str(problems), "--draw", str(out), "--json"]) == 0
    assert sorted(p.name for p in tmp_path.glob("fig*")) == ["fig-mid_line.html",
                                                           "fig-orthocenter.html"]
    assert not out.exists()


def test_prove_draw_refuses_an_unknown_suffix_before_proving(problems, tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["prove", str(problems), "--draw", str(tmp_path / "fig.gif")])
    assert stop.value.code == 2 and "fig.gif" in capsys.readouterr().err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    assert main(["generate", "--count", "6", "--seed", "1", "--out", str(out)]) == 0
    return out


def _first_record(corpus):
    return json.loads(next((corpus / "data").glob("*.jsonl")).read_text().splitlines()[0])


def test_render_id_draws_a_corpus_record_by_position_and_by_id(corpus, tmp_path):
    by_position, by_id = tmp_path / "0.html", tmp_path / "id.html"
    assert main(["render", str(corpus), "--id", "0", "-o", str(by_position)]) == 0
    assert main(["render", str(corpus), "--id", _first_record(corpus)["id"], "-o", str(by_id)]) == 0
    text = by_position.read_text()
    assert text == by_id.read_text()
    steps = len(_first_record(corpus)["proof"])
    assert text.count('<li id="step-') == steps


@pytest.mark.parametrize("key, reason", [("999", "no record 999: the corpus holds"),
                                         ("geometry-9-9-9", "no record with id 'geometry-9-9-9'")])
def test_render_id_names_the_corpus_and_the_missing_record(corpus, tmp_path, capsys, key, reason):
    assert main(["render", str(corpus), "--id", key, "-o", str(tmp_path / "x.svg")]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {corpus}: ") and reason in err and "\n" not in err


def test_render_id_on_a_broken_record_names_the_corpus_the_id_and_the_reason(corpus, tmp_path,
                                                                             capsys):
    broken = tmp_path / "broken"
    shutil.copytree(corpus, broken)
    data = next((broken / "data").glob("*.jsonl"))
    lines = data.read_text().splitlines()
    record = json.loads(lines[1])
    record["diagram"].pop(0)
    lines[1] = json.dumps(record)
    data.write_text("\n".join(lines) + "\n")
    assert main(["render", str(broken), "--id", "1", "-o", str(tmp_path / "x.html")]) == 3
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"error: {broken}: record 1 (") and "no finite coordinates" in err
    assert not (tmp_path / "x.html").exists()


def test_prove_draw_in_a_domain_without_diagrams_stops_before_proving(tmp_path, capsys):
    code = main(["prove", "--domain", "arithmetic", "--draw", str(tmp_path / "a.svg")])
    captured = capsys.readouterr()
    assert code != 0 and captured.out == ""
    assert captured.err.strip() == ("error: the arithmetic domain has no diagrams to draw proofs "
                                    "on (--draw)")
