"""The classic lemmas: true instances, refused invalid ones, needed by a tiny problem, generated."""
from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from domains.arithmetic.check import ArithCheckError, check_proof
from domains.arithmetic.corpus_check import check_record
from domains.arithmetic.engine import Engine
from domains.arithmetic.heuristic import candidates
from domains.arithmetic.lemmas import instance, nonneg_on, read_instance, valid
from domains.arithmetic.parse import parse_problem
from domains.arithmetic.prover import prove, proposal
from domains.arithmetic.record import proof_steps
from domains.arithmetic.text import tokenized, untokenize, vocabulary
from domains.arithmetic.theorems import CLASSIC, lemma_item
from symgen.algebra.poly import Poly
from symgen.tokenizer import Tokenizer

x = [Poly.var(i, 3) for i in range(3)]
one = Poly.const(1, 3)
NAMES = ("a", "b", "c")


def nonneg_domain(p: Poly) -> bool:          # every variable non-negative
    return all(c > 0 for c in p.terms.values())


# One valid instance of each new lemma over non-negative a, b, c.
CASES = {
    "holder": (x[0], one, one, one, x[1], one, one, one, x[2]),
    "chebyshev": (x[0], x[1], x[2], x[0] ** 3, x[1] ** 3, x[2] ** 3),
    "rearrange": (x[0] * x[1], x[2], (x[0] * x[1]) ** 2, x[2] ** 2),
    "jensen2": (one, x[0] - x[1], 2 * one, x[2]),
    "jensen3": (one, x[0] + x[1], 3 * one, x[2], x[0], x[1]),
    "jenseninv": (one, x[0] + x[1], one, x[1] + x[2], one, x[2] + x[0]),
    "tangent": (x[0], x[0] ** 5 - x[0] ** 2 + 3, one, one),
}

point = st.tuples(*[st.fractions(min_value=0, max_value=6, max_denominator=12)] * 3)


@settings(max_examples=60, deadline=None)
@given(point)
def test_every_new_lemma_instance_is_true_at_random_points(pt):
    for name, args in CASES.items():
        assert valid(name, args, nonneg_domain) is None, name
        assert instance(name, args).evaluate(pt) >= 0, (name, pt)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-4, 4), min_size=3, max_size=5), st.sampled_from([0, 1, 2]),
       st.fractions(min_value=0, max_value=8, max_denominator=8))
def test_a_tangent_line_accepted_as_valid_lies_below_its_function(coeffs, m, t):
    a = Poly.var(0, 1)
    p = sum((a ** k * c for k, c in enumerate(coeffs) if k), Poly.const(coeffs[0], 1))
    args = (a, p, a * a + 1, Poly.const(m, 1))
    if valid("tangent", args, nonneg_domain) is None:
        assert instance("tangent", args).evaluate((t,)) >= 0


def test_nonneg_on_decides_an_interval_exactly():
    r = [Fraction(1), Fraction(2), Fraction(-1)]          # 1 + 2t - t**2: root 1 + sqrt(2)
    assert nonneg_on(r, Fraction(0), Fraction(2))
    assert not nonneg_on(r, Fraction(0), Fraction(5, 2))
    assert not nonneg_on(r, Fraction(0))


def test_new_lemma_names_round_trip_through_text_and_tokenizer():
    words = set(vocabulary())
    tok = Tokenizer.build([], extra=vocabulary())
    for name, args in CASES.items():
        text = f"{name}({', '.join(a.text(NAMES) for a in args)})"
        model_text = tokenized(text)
        assert name in words and "<unk>" not in tok.decode(tok.encode(model_text))
        back = read_instance(untokenize(tok.decode(tok.encode(model_text))), NAMES)
        assert back == (name, args)


def _refused_by_checker(premises: str, goal: str, fact: str, name: str, args: list[str],
                        cites: list[int], facts: list[str]) -> str:
    problem = parse_problem("bad", f"{premises} ? {goal}")
    steps = [{"fact": f, "rule": "premise"} for f in facts]
    steps.append({"fact": fact, "rule": name, "args": args, "cites": cites})
    with pytest.raises(ArithCheckError) as err:
        check_proof(problem, steps)
    return str(err.value)


def test_rearrangement_needs_its_ordering_facts():
    problem = parse_problem("ok", "a b c d : real; a >= b; c >= d ? a*c + b*d >= a*d + b*c")
    steps = [{"fact": "a - b >= 0", "rule": "premise"}, {"fact": "c - d >= 0", "rule": "premise"},
             {"fact": "a*c - a*d - b*c + b*d >= 0", "rule": "rearrange",
              "args": ["a", "b", "c", "d"], "cites": [1, 2]}]
    check_proof(problem, steps)                         # the ordering cited: accepted
    why = _refused_by_checker("a b c d : real; a >= b; d >= c", "a*c + b*d >= a*d + b*c",
                              "a*c - a*d - b*c + b*d >= 0", "rearrange", ["a", "b", "c", "d"],
                              [1, 2], ["a - b >= 0", "-c + d >= 0"])
    assert "similarly ordered" in why
    e = Engine(parse_problem("e", "a b c d : real; a >= b; d >= c ? a*c + b*d >= a*d + b*c"))
    y = [Poly.var(i, 4) for i in range(4)]
    assert e.state.add_lemma("rearrange", y, aux=True) is None


def test_a_tangent_line_at_the_wrong_point_is_refused():
    a = Poly.var(0, 1)
    f = a ** 3 - 3 * a * a                      # convex only for a >= 1
    right = (a, f, Poly.const(1, 1), Poly.const(2, 1))       # f + 4 = (a - 2)**2 * (a + 1)
    wrong = (a, f, Poly.const(1, 1), Poly.const(0, 1))       # f - 0 = a**2 * (a - 3)
    assert valid("tangent", right, nonneg_domain) is None
    assert valid("tangent", wrong, nonneg_domain) is not None
    assert instance("tangent", wrong).evaluate((Fraction(1),)) < 0    # and rightly so
    why = _refused_by_checker("a : nonneg", "a**3 >= 3*a**2",
                              instance("tangent", wrong).text(["a"]) + " >= 0", "tangent",
                              ["a", "a**3 - 3*a**2", "1", "0"], [], [])
    assert "remainder" in why


class _Offer:
    name, exhaustible, narrowing = "offer", True, 1.0

    def __init__(self, offered):
        self.offered = list(offered)

    def propose(self, node, k, deadline=None):
        out, self.offered = self.offered, []
        return [proposal(node.state, n, a) for n, a in out]


def test_a_tiny_problem_is_proved_only_with_the_tangent_line():
    problem = parse_problem("t", "a : nonneg ? a**5 - a**2 + 3 >= 3*a")
    assert not prove(problem, seconds=10, sos=False).solved    # (one square of degree 5 would do)
    a = Poly.var(0, 1)
    inst = ("tangent", (a, a ** 5 - a ** 2 + 3, Poly.const(1, 1), Poly.const(1, 1)))
    result = prove(problem, seconds=10, proposer=_Offer([inst]), sos=False)
    assert result.solved and result.constructs == ("tangent(a, a**5 - a**2 + 3, 1, 1)",)
    check_proof(problem, proof_steps(result.proof, result.engine.state))
    proposed = [instance(*c) for c in candidates(Engine(problem)) if c[0] == "tangent"]
    assert instance(*inst) in proposed          # the heuristic proposes it (f up to a constant)


@pytest.mark.parametrize("name", CLASSIC)
def test_the_generator_writes_a_checked_theorem_needing_each_lemma(name):
    record = next(r for i in range(8) for r in lemma_item(name, 0, i)[0])
    assert any(a.startswith(f"{name}(") for a in record["aux"])
    assert check_record(record) == []
