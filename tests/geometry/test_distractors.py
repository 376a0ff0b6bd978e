"""Distractor premises: woven in after the points they use, drawable, named apart from the
aux points, and never in the way of the record's own proof."""
import numpy as np
from hypothesis import given, settings, strategies as st

from domains.geometry.diagram import build
from domains.geometry.distractors import distractor_pairs, weave, with_distractors
from domains.geometry.text import training_pairs
from domains.geometry.parse import parse_problem
from domains.geometry.prover import prove

# JGEX "ye_aux_ll43" as a record: saturation proves the goal once the midpoint of AB is added.
BODY = ("a b = segment a b; c = on_dia c a b, on_bline c a b; d = midpoint d a c; "
        "e = foot e c b d; f = on_line f c e, on_line f a b")
GOAL = "eqangle d c d b d f d a"
RECORD = {"id": "ll43", "premises": BODY, "goal": GOAL, "aux": ["g = midpoint g a b"]}


def _subsequence(part, whole):
    it = iter(whole)
    return all(any(x == y for y in it) for x in part)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2 ** 32 - 1), st.integers(1, 8))
def test_woven_premises_keep_both_orders_and_use_only_known_points(seed, steps):
    rng = np.random.default_rng(seed)
    text = with_distractors(BODY, rng, steps, ("g = midpoint g a b",))
    assert text is not None
    woven = parse_problem("woven", text)          # raises if a clause used a later point
    base = parse_problem("base", BODY)
    assert _subsequence([str(c) for c in base.clauses], [str(c) for c in woven.clauses])
    new = set(woven.points) - set(base.points)
    assert 1 <= len(new) and "g" not in new
    # Drawable as written, and the aux point is still a new point among the distractors.
    build(parse_problem("woven", f"{text}; g = midpoint g a b"), np.random.default_rng(seed),
          check_goal=False)


def test_weave_takes_an_extra_clause_only_after_its_points():
    base = list(parse_problem("b", "a b c = triangle a b c; d = midpoint d a b; "
                                   "e = midpoint e b c").clauses)
    extra = list(parse_problem("x", "a b c = triangle a b c; d = midpoint d a b; "
                                    "e = midpoint e b c; x = midpoint x d e").clauses)[3:]
    for seed in range(20):
        out = [str(c) for c in weave(base, extra, np.random.default_rng(seed))]
        assert out.index("x = midpoint x d e") > out.index("e = midpoint e b c")
    early = list(parse_problem("y", "a b c = triangle a b c; y = midpoint y a b").clauses)[1:]
    places = {[str(c) for c in weave(base, early, np.random.default_rng(s))].index(
        "y = midpoint y a b") for s in range(40)}
    assert places == {1, 2, 3}               # anywhere after the triangle


def test_distractor_pairs_keep_the_target_and_the_aux_still_proves_the_goal():
    (plain_prompt, plain_target), = training_pairs(RECORD)
    forms = set()
    for seed in range(3):
        (prompt, target), = distractor_pairs(RECORD, np.random.default_rng(seed), 4)
        assert target.split(" = ")[1].split()[0] == "midpoint"
        premises, goal = prompt.split(" ? ")
        assert len(premises.split(";")) > len(plain_prompt.split(" ? ")[0].split(";"))
        forms.add(prompt)
        # The target, written into the longer statement, still lets saturation prove the goal.
        assert prove(parse_problem("with aux", f"{premises}; {target} ? {goal}"),
                     seconds=60).solved
    assert len(forms) == 3


def test_no_distractor_form_without_aux():
    assert distractor_pairs({**RECORD, "aux": []}, np.random.default_rng(0), 4) == []
    assert distractor_pairs(RECORD, np.random.default_rng(0), 0) == []


def test_search_eval_grows_held_out_statements_reproducibly(tmp_path):
    import importlib.util
    from pathlib import Path

    from tests.model.toy import write_records
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "search_eval.py"
    spec = importlib.util.spec_from_file_location("search_eval", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    corpus = write_records(tmp_path / "c", [RECORD | {"index": 7}, {**RECORD, "id": "no aux", "aux": []}],
                           "geometry")
    plain, seeds = module.held_out_problems(corpus, 5)
    assert plain == f"ll43\n{BODY} ? {GOAL}\n"
    assert seeds == {"ll43": 7}                  # the record's index: its label's diagram seed
    grown, _ = module.held_out_problems(corpus, 5, distractors=3, seed=1)
    assert grown == module.held_out_problems(corpus, 5, distractors=3, seed=1)[0]
    name, line = grown.splitlines()
    assert name == "ll43" and line.endswith(f" ? {GOAL}")
    assert len(parse_problem(name, line).points) > len(parse_problem(name, plain.splitlines()[1])
                                                       .points)
