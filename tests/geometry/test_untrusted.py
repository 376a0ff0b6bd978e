"""Geometry problems, corpus records and model output are untrusted input (issue 27).

Whatever the text, parsing gives a problem or one ``ProblemError`` naming the clause and
the reason, quickly; drawing and proving give a result or a ``ProblemError``, and return
by themselves within their time; a corpus record that is wrong in any way is a failure of
``check_record``, never an exception; the good problem after a bad one still runs.
"""
from __future__ import annotations

import copy
import json
import math
import re
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domains.geometry.chase import factor
from domains.geometry.corpus_check import check_record
from domains.geometry.diagram import build
from domains.geometry.grammar import ClauseGrammar
from domains.geometry.text import canonical_text, vocabulary
from domains.geometry.parse import parse_file, parse_problem
from domains.geometry.problem import Problem
from domains.geometry.heuristic import HeuristicProposer, candidates
from domains.geometry.text import to_own_names
from domains.geometry.prover import GeometrySpace, prove, search
from provers.search import Proposal, SearchConfig, SearchStats, _candidate
from symgen.errors import ProblemError
from symgen.limits import LIMITS, TimeUp
from symgen.tokenizer import Tokenizer

ROOT = Path(__file__).resolve().parents[2]
GOOD = "a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c"
TRI = "a b c = triangle a b c"


def parsed(line: str) -> Problem | ProblemError:
    try:
        return parse_problem("p", line, "f.txt")
    except ProblemError as err:
        return err


# ---------------------------------------------------------------------------
# Numbers: bounded digits, exponents and magnitudes, one error naming the clause

HUGE = {
    "s_angle exponent": (f"{TRI}; x = s_angle b a x 1e999999999", "exponent beyond"),
    "aconst exponent": (f"{TRI} ? aconst a b a c 1e999999999", "exponent beyond"),
    "aconst degrees": (f"{TRI} ? aconst a b a c 1e999999999deg", "exponent beyond"),
    "aconst pi": (f"{TRI} ? aconst a b a c {'9' * 150}pi/3", "digits"),
    "aconst pi denominator": (f"{TRI} ? aconst a b a c pi/{'9' * 150}", "denominator"),
    "aconst two integers": (f"{TRI} ? aconst a b a c 1 {'7' * 150}", "digits"),
    "aconst over zero": (f"{TRI} ? aconst a b a c 1 0", "divides by zero"),
    "rconst exponent": (f"{TRI} ? rconst a b a c 1e999999999", "exponent beyond"),
    "rconst digits": (f"{TRI} ? rconst a b a c {'3' * 5000}/7", "digits"),
    "s_angle magnitude": (f"{TRI}; x = s_angle b a x 1e7", "beyond ±1e+06"),
    "rconst fraction over zero": (f"{TRI} ? rconst a b a c 1/0", "divides by zero"),
}


@pytest.mark.parametrize("kind", sorted(HUGE))
def test_a_huge_number_is_one_error_naming_the_clause(kind):
    line, reason = HUGE[kind]
    start = time.perf_counter()
    err = parsed(line)
    assert time.perf_counter() - start < 1.0
    assert isinstance(err, ProblemError) and reason in err.reason
    assert err.clause is not None and err.clause in line + " ?" or err.clause.startswith("? ")


def test_real_numbers_still_parse():
    p = parsed(f"{TRI}; x = s_angle b a x 150; y = s_angle a b y -15.5 ? aconst a b a c 2pi/3")
    assert isinstance(p, Problem) and float(p.goal.numbers[0]) == pytest.approx(2 / 3)
    assert parsed(f"{TRI} ? aconst a b a c 60deg").goal.numbers[0] == parsed(f"{TRI} ? aconst a b a c 1 3").goal.numbers[0]


@pytest.mark.parametrize("coords, reason", [("nan_0", "not finite"), ("0_inf", "not finite"),
                                            ("-inf_1", "not finite"), ("1e308_0", "too large"),
                                            ("0_-2e6", "too large"), ("1e999999999_0", "name@x_y"),
                                            ("1_2_3", "name@x_y"), ("1", "name@x_y")])
def test_bad_fixed_coordinates_are_refused_with_the_reason(coords, reason):
    err = parsed(f"a@{coords} b@1_0 c@0_1 = triangle a b c ? perp a b a c")
    assert isinstance(err, ProblemError) and reason in err.reason and err.position == 1


# ---------------------------------------------------------------------------
# Fixed coordinates that no drawing can ever make non-degenerate

DEGENERATE = {
    "collinear triangle": ("a@0_0 b@1_0 c@2_0 = triangle a b c", 1,
                           "make the points a, b, c of triangle collinear"),
    "collinear quadrangle": ("a@0_0 b@1_1 c@2_2 d@0_3 = quadrangle a b c d", 1,
                             "make the points a, b, c of quadrangle collinear"),
    "one spot": ("a@0_0 b@0_0 c@0_1 = triangle a b c", 1, "put a and b on one spot"),
    "one spot later": ("a@0_0 b@1_0 = segment a b; c@1_0 d@3_3 = segment c d", 2,
                       "put b and c on one spot"),
    "precondition": ("a@0_0 b@1_0 c@2_0 = free a, free b, free c; d = foot d a b c", 2,
                     "fail the precondition 'ncoll a b c' of foot"),
    "contradicted fact": ("a@0_0 b@2_0 = segment a b; m@1_1 = midpoint m a b", 2,
                          "contradict 'midp m a b'"),
    "false goal": ("a@0_0 b@1_0 c@0_1 = triangle a b c ? perp a b b c", None,
                   "make the goal 'perp a b b c' false"),
}


@pytest.mark.parametrize("kind", sorted(DEGENERATE))
def test_degenerate_fixed_input_says_what_is_wrong_at_once(kind):
    line, position, reason = DEGENERATE[kind]
    problem = parse_problem(kind, line)
    with pytest.raises(ProblemError) as info:
        build(problem, np.random.default_rng(0), attempts=100)
    err = info.value
    assert err.reason == f"cannot be drawn because the fixed coordinates {reason}"
    assert err.position == position


def test_a_contradiction_with_random_points_is_still_redrawn():
    with pytest.raises(ProblemError, match=r"cannot draw: .* \(in 7 of 7 attempts\)"):
        build(parse_problem("t", "a b = segment a b; m@1_1 = midpoint m a b"),
              np.random.default_rng(0), attempts=7)


def test_fixed_points_that_are_fine_still_draw():
    d = build(parse_problem("t", "a@0_0 b@1_0 c@0_1 = triangle a b c; m = midpoint m b c"),
              np.random.default_rng(0))
    assert d["m"] == pytest.approx(0.5 + 0.5j)


# ---------------------------------------------------------------------------
# Sizes

def test_too_many_points_is_one_error():
    line = "; ".join([TRI] + [f"p{i} = free p{i}" for i in range(LIMITS.points)])
    err = parsed(line)
    assert isinstance(err, ProblemError) and f"more than {LIMITS.points} points" in err.reason
    many = " ".join(f"q{i}" for i in range(30_000))
    start = time.perf_counter()
    assert "more than" in parsed(f"{many} = free q0").reason
    assert time.perf_counter() - start < 1.0


def test_too_long_a_problem_or_name_is_one_error():
    long_line = TRI + "; " + "; ".join(["x = free x"] * 40_000)
    assert "characters" in parsed(long_line).reason
    items = parse_file("n" * 5000 + "\n" + GOOD + "\n", "f.txt")
    assert isinstance(items[0], ProblemError) and "name line of 5000 characters" in str(items[0])
    assert len(str(items[0])) < 300 and isinstance(items[1], Problem)


@pytest.mark.parametrize("line", [f"a@{'9' * 1200}_0 b c = triangle a b c",
                                  f"{TRI}; x = {'q' * 5000} x a b",
                                  f"{'a' * 5000} b c = triangle {'a' * 5000} b c ? perp z b c d",
                                  f"{TRI} ? {'p' * 5000} a b"])
def test_an_error_about_a_long_token_stays_short(line):
    assert len(str(parsed(line))) < 400


def test_a_name_line_of_control_characters_is_one_short_error():
    items = parse_file("\x00" * 150 + "\n" + GOOD + "\n", "f.txt")
    assert "control characters" in str(items[0]) and len(str(items[0])) < 300
    assert isinstance(items[1], Problem)


# ---------------------------------------------------------------------------
# Time: the prover and the search return by themselves

def big_problem(n: int) -> Problem:
    """An orthocentre problem drowned in ``n`` points on lines and circles."""
    rng = np.random.default_rng(n)
    names, clauses = ["a", "b", "c", "d", "e", "h"], [
        "a b c = triangle a b c; d = foot d a b c; e = foot e b c a; h = on_line h a d, on_line h b e"]
    forms = ("midpoint {x} {p} {q}", "on_line {x} {p} {q}", "on_circle {x} {p} {q}")
    while len(names) < n:
        x = f"p{len(names)}"
        p, q = rng.choice(names, 2, replace=False)
        clauses.append(f"{x} = " + forms[len(names) % 3].format(x=x, p=p, q=q))
        names.append(x)
    return parse_problem(f"big{n}", "; ".join(clauses) + " ? perp c h a b")


@pytest.fixture(scope="module")
def big() -> Problem:
    for n in range(40, 60):           # the first size whose figure can be drawn
        problem = big_problem(n)
        try:
            build(problem, np.random.default_rng(0))
        except ProblemError:
            continue
        return problem
    raise AssertionError("no big problem could be drawn")


@pytest.mark.parametrize("seconds", [0.3, 1.0])
def test_prove_returns_by_itself_on_a_large_figure(big, seconds):
    start = time.perf_counter()
    result = prove(big, seconds=seconds)
    # 1 s of slack: on 2 cores shared with other runs, 0.5 s was passed by 0.01 s once; the
    # figure takes about 7 s to prove when nothing stops it.
    assert time.perf_counter() - start < seconds + 1.0
    assert not result.solved and result.stop == "time limit"
    assert "time limit" in result.text()


def test_the_heuristic_search_returns_by_itself_on_a_large_figure(big):
    start = time.perf_counter()
    result = search(big, HeuristicProposer(), SearchConfig(seconds=1.0))
    assert time.perf_counter() - start < 2.0        # slack as above
    assert not result.solved and result.stop == "time limit"


def test_the_heuristic_list_of_a_huge_figure_stops_at_its_deadline():
    points = [f"p{i}" for i in range(LIMITS.points)]
    start = time.monotonic()
    with pytest.raises(TimeUp):
        candidates(points, {"p1", "p2"}, "x", 32, deadline=start + 0.3)
    assert time.monotonic() - start < 0.8


def test_the_heuristic_keeps_its_order_when_it_keeps_only_k():
    points, goal = list("abcdefg"), {"a", "c"}
    assert candidates(points, goal, "x", 40) == candidates(points, goal, "x")[:40]


def test_ratios_of_large_primes_factor_at_once():
    start = time.perf_counter()
    p = 2**89 - 1                                   # a prime of 27 digits
    assert factor(p * 12) == {2: 2, 3: 1, p: 1}
    assert factor(10**99 + 1)                       # whatever its factors, it ends
    assert time.perf_counter() - start < 0.5


# ---------------------------------------------------------------------------
# Fuzzing the parser: random text and mutations of real problems

def real_lines() -> list[str]:
    lines = []
    for path in (ROOT / "domains/geometry/examples.txt", ROOT / "tests/fixtures/jgex_sample.txt"):
        lines += [ln for ln in path.read_text(encoding="utf-8").splitlines() if "=" in ln]
    return lines


REAL = real_lines()
ODD = ["1e999999999", "9" * 120, "-0", "nan", "inf", "1/0", "pi/0", "60deg", "@", "@1_2",
       "a@nan_1", "x@1e308_0", "\u00e9", "\u0663", "\u200b", "\ufeff", "\U0001d400", "?", ";",
       ",", "=", "  ", "\t", "#", "'", "_", "a@", "1 0", "0", "-", "pi", "2pi/3"]


@st.composite
def mutated(draw) -> str:
    line = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(1, 4))):
        tokens = line.split(" ")
        i = draw(st.integers(0, max(0, len(tokens) - 1)))
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "char", "odd"]))
        if op == "insert":
            tokens.insert(i, draw(st.sampled_from(ODD + tokens)))
        elif op == "delete" and len(tokens) > 1:
            del tokens[i]
        elif op == "duplicate":
            tokens.insert(i, tokens[i])
        elif op == "swap":
            j = draw(st.integers(0, len(tokens) - 1))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif op == "char":
            text = " ".join(tokens)
            k = draw(st.integers(0, len(text)))
            tokens = (text[:k] + draw(st.characters()) + text[k + 1:]).split(" ")
        else:
            tokens[i] = tokens[i] + draw(st.sampled_from(ODD))
        line = " ".join(tokens)
    return line


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(st.text(max_size=300))
def test_random_text_parses_or_is_one_error(text):
    start = time.perf_counter()
    items = parse_file(text, "fuzz.txt")
    assert all(isinstance(i, (Problem, ProblemError)) for i in items)
    assert time.perf_counter() - start < 2.0


@FUZZ
@given(mutated())
def test_mutated_problems_parse_or_are_one_error(line):
    start = time.perf_counter()
    got = parsed(line)
    assert isinstance(got, (Problem, ProblemError))
    if isinstance(got, ProblemError):
        assert "f.txt" in str(got) and "\n" not in str(got)
    assert time.perf_counter() - start < 2.0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_problems_draw_and_prove_or_are_one_error(line):
    problem = parsed(line)
    if isinstance(problem, ProblemError):
        return
    start = time.perf_counter()
    try:
        result = prove(problem, seconds=0.5)
    except ProblemError:
        pass
    else:
        assert result.solved in (True, False)
    assert time.perf_counter() - start < 1.5


@FUZZ
@given(mutated())
def test_the_good_problem_after_a_bad_one_still_runs(line):
    items = parse_file(f"bad\n{line}\ngood\n{GOOD}\n", "f.txt")
    assert isinstance(items[-1], Problem) and items[-1].name == "good"


def test_the_good_problem_after_each_bad_kind_still_proves():
    bad = [line for line, _ in HUGE.values()] + [line for line, _, _ in DEGENERATE.values()]
    text = "".join(f"bad{i}\n{line}\ngood{i}\n{GOOD}\n" for i, line in enumerate(bad))
    items = parse_file(text, "f.txt")
    goods = [p for p in items if isinstance(p, Problem) and p.name.startswith("good")]
    assert len(goods) == len(bad)
    assert all(prove(p, seconds=5).solved for p in goods[:3])


# ---------------------------------------------------------------------------
# Model output: whatever a model writes, a proposal is used or counted, never raised

@pytest.fixture(scope="module")
def root():
    problem = parse_problem("t", "a b c = triangle a b c; d = foot d a b c ? perp a d b c")
    return GeometrySpace(problem, np.random.default_rng(0)).root(time.perf_counter() + 10)


@FUZZ
@given(st.one_of(mutated().map(lambda line: line.split(";")[-1].split("?")[0]),
                 st.text(max_size=80),
                 st.lists(st.sampled_from(["x", "=", "a", "b", "c", "d", "midpoint", "s_angle",
                                           "on_line", ",", "1e999999999", "nan", "@1_1", "?",
                                           "x@inf_0", "circle", "9" * 200]),
                          max_size=12).map(" ".join)))
def test_any_model_text_is_used_or_counted(root, text):
    stats = SearchStats()
    space = GeometrySpace(root.problem, np.random.default_rng(0))
    got = _candidate(space, root, Proposal(text), stats, set())
    assert got is not None or sum(stats.rejected.values()) == 1


@FUZZ
@given(st.text(max_size=120))
def test_any_decoded_text_maps_to_own_names_or_none(root, text):
    _, ren = canonical_text(root.problem)
    got = to_own_names(text, ren, set(root.problem.points))
    assert got is None or isinstance(got, str)


def test_a_checkpoint_vocabulary_of_hostile_numbers_is_never_written():
    hostile = ["1e999999999", "9" * 5000, "nan", "inf", "1/0", "30"]
    tokenizer = Tokenizer.build([], [*vocabulary(), *hostile])
    start = time.perf_counter()
    grammar = ClauseGrammar(tokenizer, list("abcde"))
    assert time.perf_counter() - start < 2.0
    numbers = {tokenizer.tokens[i] for i in grammar(tokenizer.encode("f = s_angle a b f"))}
    assert numbers == {"30"}


# ---------------------------------------------------------------------------
# Corpus records

RECORD = {
    "id": "geometry-0-0-0", "domain": "geometry", "seed": 0, "index": 0,
    "premises": "a b c d = quadrangle a b c d; e = circle e b a c",
    "goal": "eqratio a c a c a e c e", "aux": [],
    "proof": [{"fact": "cong a e c e", "rule": "premise"},
              {"fact": "eqratio a e c e c e a e", "rule": "ratio chase", "cites": [1]},
              {"fact": "simtri2 a c e c a e", "rule": "similar_sas_mirrored", "cites": [2],
               "subst": ["e", "c", "a", "e", "a", "c"]},
              {"fact": "eqratio a c a c a e c e", "rule": "similar_parts_mirrored", "cites": [3],
               "subst": ["a", "c", "e", "c", "a", "e"]}],
    "diagram": [{"point": "a", "x": 0.530775728, "y": 0.29586505},
                {"point": "b", "x": -0.111100623, "y": -1.49984248},
                {"point": "c", "x": -1.681014804, "y": -1.006188898},
                {"point": "d", "x": -0.7277063, "y": 0.780549221},
                {"point": "e", "x": -0.600287552, "y": -0.312409183}],
}


def tampered(path: tuple, value) -> dict:
    record = copy.deepcopy(RECORD)
    target = record
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return record


TAMPERS = {
    "premises not a string": (("premises",), ["a b c = triangle a b c"]),
    "aux a string": (("aux",), "x = midpoint x a b"),
    "aux of numbers": (("aux",), [1, 2]),
    "goal missing": (("goal",), KeyError),
    "proof missing": (("proof",), KeyError),
    "proof not a list": (("proof",), {"fact": "cong a e c e"}),
    "proof line not an object": (("proof", 0), "cong a e c e"),
    "fact not a string": (("proof", 0, "fact"), 7),
    "fact garbage": (("proof", 0, "fact"), "\u0000 ??? ;;"),
    "fact empty": (("proof", 0, "fact"), ""),
    "fact short": (("proof", 0, "fact"), "cong a e"),
    "fact unknown point": (("proof", 0, "fact"), "cong a z c e"),
    "fact huge number": (("proof", 0, "fact"), "aconst a e c e 1e999999999"),
    "cite line 10**9": (("proof", 1, "cites"), [10**9]),
    "cite a string": (("proof", 1, "cites"), ["1"]),
    "cites not a list": (("proof", 1, "cites"), 1),
    "subst huge number": (("proof", 2, "subst"), ["e", "c", "a", "e", "a", "1e999999999"]),
    "subst of lists": (("proof", 2, "subst"), [[1], "c", "a", "e", "a", "c"]),
    "subst short": (("proof", 2, "subst"), ["e"]),
    "rule unknown": (("proof", 2, "rule"), "__import__('os')"),
    "diagram NaN": (("diagram", 0, "x"), math.nan),
    "diagram inf": (("diagram", 1, "y"), math.inf),
    "diagram huge": (("diagram", 1, "x"), 10**400),
    "diagram point missing": (("diagram", 4), KeyError),
    "diagram point a string": (("diagram", 4), "0.1 0.2"),
    "diagram coordinate missing": (("diagram", 4, "y"), KeyError),
    "diagram bool": (("diagram", 4, "x"), True),
    "diagram not a list": (("diagram",), {"a": [0, 0]}),
    "premises garbage": (("premises",), "a b c d = quadrangle a b c d; e = circle e b a c 1e99999"),
    "premises huge": (("premises",), "a = free a; " * 30_000),
    "goal code": (("goal",), "Integer.__new__.__globals__['__builtins__']"),
}


def test_the_untampered_record_checks():
    assert check_record(copy.deepcopy(RECORD)) == []


@pytest.mark.parametrize("kind", sorted(TAMPERS))
def test_a_tampered_record_fails_its_check_without_raising(kind):
    start = time.perf_counter()
    failures = check_record(tampered(*TAMPERS[kind]))
    assert failures and all(isinstance(f, str) and "\n" not in f for f in failures)
    assert time.perf_counter() - start < 3.0


@pytest.mark.parametrize("record", [None, [], "text", 7, {"id": 3}, {}])
def test_a_record_that_is_not_one_fails_its_check(record):
    assert check_record(record)[0].startswith("unreadable record")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["premises", "goal"]), mutated())
def test_records_with_mutated_text_fail_or_check_without_raising(field, line):
    record = copy.deepcopy(RECORD)
    record[field] = line if field == "premises" else re.sub(r"^.*\? ?", "", line)
    assert isinstance(check_record(record, fresh=1), list)


# ---------------------------------------------------------------------------
# An aux record must claim only the aux its proof uses

AUX_RECORD = json.loads((Path(__file__).parent.parent / "fixtures" / "geometry_aux_record.json")
                        .read_text(encoding="utf-8"))


def test_the_untampered_aux_record_checks():
    assert check_record(AUX_RECORD) == []


def test_an_aux_clause_the_proof_never_uses_is_caught():
    record = dict(AUX_RECORD, aux=AUX_RECORD["aux"] + ["z = midpoint z a b"],
                  diagram=AUX_RECORD["diagram"] + [{"point": "z", "x": 0.24, "y": 0.63}])
    assert check_record(record) == ["aux 'z = midpoint z a b' is not used by the proof"]


def test_a_premise_moved_into_aux_is_caught():
    *kept, last = AUX_RECORD["premises"].split("; ")
    record = dict(AUX_RECORD, premises="; ".join(kept), aux=[last, *AUX_RECORD["aux"]])
    assert any("places a point of the goal" in f for f in check_record(record))


def test_removed_aux_fails_the_replay():
    assert check_record(dict(AUX_RECORD, aux=[])) != []
