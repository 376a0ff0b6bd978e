from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from symgen.rules import RuleError, parse_rule, parse_rules
from symgen.unionfind import ProofUnionFind


def test_rule_text_form():
    r = parse_rule("r: para A B C D, ncoll A B C => rconst A B C D 1/2", numeric={"ncoll"})
    assert [a.pred for a in r.premises] == ["para"] and r.conditions[0].pred == "ncoll"
    assert r.conclusions[0].args[-1] == Fraction(1, 2)
    assert r.variables() == ("A", "B", "C", "D")


@pytest.mark.parametrize("line, reason", [
    ("no colon here", "expected 'name: premises"),
    ("r: para A B C D", "missing '=>'"),
    ("r: para A B C D => coll A B X", "variable 'X'"),
    ("r: para A B => coll A B C", "takes 4 arguments"),
    ("r: frob A B => coll A B C", "unknown predicate"),
])
def test_bad_rules_say_why(line, reason):
    with pytest.raises(RuleError, match=reason):
        parse_rule(line, arity={"para": 4, "coll": 3})


def test_rule_docs_and_duplicate_names():
    rules = parse_rules("# Says hello.\nr: p X => q X\n")
    assert rules[0].doc == "Says hello."
    with pytest.raises(RuleError, match="used twice"):
        parse_rules("r: p X => q X\nr: q X => p X\n")


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=25))
def test_union_find_explanations_suffice(pairs):
    uf = ProofUnionFind()
    for i in range(10):
        uf.add(i)
    for k, (a, b) in enumerate(pairs):
        uf.union(a, b, k)
    for x in range(10):
        for y in range(10):
            if uf.same(x, y):
                # replaying only the named unions must already connect x and y
                again = ProofUnionFind()
                for i in range(10):
                    again.add(i)
                for k in uf.explain(x, y):
                    again.union(*pairs[k], k)
                assert again.same(x, y)
