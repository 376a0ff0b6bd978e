"""The clause grammar a model decodes under: whatever it lets through parses on the problem,
and it lets through every well-formed clause a training target can be."""
import pytest
from hypothesis import given, settings, strategies as st

from domains.geometry.constructions import CONSTRUCTIONS
from domains.geometry.grammar import ClauseGrammar, symmetric_inputs
from domains.geometry.text import vocabulary
from domains.geometry.parse import parse_problem
from domains.geometry.problem import problem_line
from symgen.tokenizer import EOS, Tokenizer

TOK = Tokenizer.build([], vocabulary())
WITH_NUMBERS = Tokenizer.build([], [*vocabulary(), "30", "1/2"])
PROBLEM = parse_problem("p", "a b c = triangle a b c; d = midpoint d a b; e = foot e c a b ? perp c e a b")
POINTS = list(PROBLEM.points)                    # a b c d e: already canonical


def _accepts(grammar: ClauseGrammar, clause: str) -> bool:
    ids = TOK.encode(clause) + [EOS]
    return all(tok in grammar(ids[:i]) for i, tok in enumerate(ids))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=40, max_size=40))
def test_every_clause_the_grammar_finishes_parses_on_the_problem(picks):
    grammar = ClauseGrammar(WITH_NUMBERS, POINTS)
    ids: list[int] = []
    for pick in picks:
        allowed = grammar(ids)
        tok = allowed[pick % len(allowed)]
        if tok == EOS:
            break
        ids.append(tok)
    else:
        return                                   # not finished in 40 tokens: nothing to parse
    clause = WITH_NUMBERS.decode(ids)
    line = problem_line([*(str(c) for c in PROBLEM.clauses), clause], PROBLEM.goal)
    parse_problem("p", line)                     # raises if the clause is malformed


def _full_form(name: str) -> str | None:
    """``name`` called on the problem's points in order, new points f, g, ... (None if it
    needs more points than the problem has, or takes none)."""
    defn = CONSTRUCTIONS[name]
    if not defn.inputs or len(defn.inputs) > len(POINTS) or defn.numbers:
        return None
    new = [chr(ord("f") + i) for i in range(len(defn.outputs))]
    outs, ins = iter(new), iter(POINTS)
    args = [next(outs) if p in defn.outputs else next(ins) for p in defn.params]
    return f"{' '.join(new)} = {name} {' '.join(args)}"


@pytest.mark.parametrize("name", sorted(n for n in CONSTRUCTIONS if _full_form(n)))
def test_the_grammar_accepts_each_construction_on_distinct_points(name):
    assert _accepts(ClauseGrammar(TOK, POINTS), _full_form(name))


def test_the_grammar_accepts_a_clause_of_two_calls():
    assert _accepts(ClauseGrammar(TOK, POINTS), "f = on_line f a c, on_circle f d b")


@pytest.mark.parametrize("clause, why", [
    ("f = midpoint f c", "an argument short"),
    ("f = midpoint f c c", "a repeated point a diff requirement forbids"),
    ("f = foot f a b a", "a repeated point an ncoll requirement forbids"),
    ("f = midpoint f a z", "a point the problem does not have"),
    ("g = midpoint g a b", "a new point that is not the next free name"),
    ("f = midpoint f a f", "the new point as an input"),
    ("f = free f", "a point that depends on nothing in the figure"),
    ("f = on_line f a b,", "a call left unwritten"),
])
def test_the_grammar_rejects(clause, why):
    assert not _accepts(ClauseGrammar(TOK, POINTS), clause), why


def test_a_construction_that_takes_a_repeated_point_keeps_it():
    # on_tline x a b c: x a perpendicular to b c; only b and c must differ
    assert _accepts(ClauseGrammar(TOK, POINTS), "f = on_tline f a a b")


def test_a_construction_is_offered_only_if_its_arguments_can_be_written():
    after_eq = ClauseGrammar(TOK, POINTS)(TOK.encode("f ="))
    offered = {TOK.tokens[i] for i in after_eq}
    assert "midpoint" in offered and "s_angle" not in offered      # no number tokens here
    assert "s_angle" in {WITH_NUMBERS.tokens[i]
                         for i in ClauseGrammar(WITH_NUMBERS, POINTS)(WITH_NUMBERS.encode("f ="))}
    assert "circle" not in {TOK.tokens[i] for i in ClauseGrammar(TOK, ["a", "b"])(TOK.encode("c ="))}


def test_a_problem_past_the_vocabulary_can_only_stop():
    many = [f"p{i}" for i in range(26, 26 + 60)]     # no name left for a new point
    assert ClauseGrammar(TOK, list("abcdefghijklmnopqrstuvwxyz") + many)([]) == [EOS]


def test_inputs_that_can_trade_places_come_in_the_problems_order():
    grammar = ClauseGrammar(TOK, POINTS)
    assert _accepts(grammar, "f = midpoint f a c") and not _accepts(grammar, "f = midpoint f c a")
    assert _accepts(grammar, "f = foot f d a c") and not _accepts(grammar, "f = foot f d c a")
    assert _accepts(grammar, "f = mirror f c a")            # a mirror image is not symmetric
    assert not _accepts(grammar, "f = on_line f a c, on_line f a c")   # nor a call twice


@pytest.mark.parametrize("name, groups", [
    ("midpoint", (("a", "b"),)), ("mirror", ()), ("foot", (("b", "c"),)),
    ("circle", (("a", "b", "c"),)), ("excenter", (("b", "c"),)), ("on_circle", ()),
    ("intersection_ll", (("a", "b"), ("c", "d"))),
])
def test_symmetric_inputs_are_found_by_drawing(name, groups):
    assert sorted(symmetric_inputs(name)) == sorted(groups)
