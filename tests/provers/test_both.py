"""``--proposer both``: the model's and the heuristic's proposals in turn, in every domain."""
from types import SimpleNamespace

import pytest

from domains.geometry.parse import parse_problem
from domains.geometry.prover import search
from provers.both import BothProposer
from provers.search import SearchConfig
from symgen.cli import main
from symgen.proposing import interleave

from test_search import LL43, Fixed  # noqa: E402  (pytest puts this folder on sys.path)


def test_interleave_takes_turns_and_keeps_each_key_once():
    assert interleave([["a", "b", "c"], ["b", "d"]], key=str) == ["a", "b", "d", "c"]
    assert interleave([[], ["x"]], key=str) == ["x"]
    assert interleave([], key=str) == []


class Timed(Fixed):
    """Records the deadline it was called with."""
    deadline = None

    def propose(self, node, k, deadline=None):
        self.deadline = deadline
        return super().propose(node, k, deadline)


def test_geometry_both_alternates_and_scores_by_place():
    model = Timed(["x = midpoint x a c", "x = midpoint x a b"])
    both = BothProposer(model, Fixed(["x = midpoint x a b", "x = foot x d a b"]))
    got = both.propose(SimpleNamespace(aux=()), 2, 12.5)
    assert model.deadline == 12.5                        # the search's deadline reaches the model
    assert [p.clause for p in got] == ["x = midpoint x a c", "x = midpoint x a b", "x = foot x d a b"]
    assert [p.score for p in got] == [0.0, -1.0, -2.0]


class Counting(Timed):
    """Records how many proposals each call asked for."""

    def __init__(self, clauses, narrowing):
        super().__init__(clauses)
        self.narrowing, self.asked = narrowing, []

    def propose(self, node, k, deadline=None):
        self.asked.append(k)
        return super().propose(node, k, deadline)


def test_both_narrows_each_proposer_by_its_own_share_at_a_deeper_node():
    model, heuristic = Counting([], 1.0), Counting([], 0.25)
    both = BothProposer(model, heuristic)
    both.propose(SimpleNamespace(aux=()), 32)
    both.propose(SimpleNamespace(aux=("x = midpoint x a b",)), 32)
    assert model.asked == [32, 32] and heuristic.asked == [32, 8]


def test_geometry_search_with_both_finds_the_heuristics_construction():
    useless = Timed(["x = midpoint x d e"])           # a model that only proposes a useless point
    both = BothProposer(useless, Fixed(["x = midpoint x a b"]))
    result = search(parse_problem("ll43", LL43), both, SearchConfig(seconds=30, depth=1))
    assert result.solved and result.constructs == ("x = midpoint x a b",)


@pytest.mark.parametrize("domain,count", [("geometry", 3), ("arithmetic", 7), ("code", 3)])
def test_cli_proves_the_builtin_examples_with_both(domain, count, capsys):
    assert main(["prove", "--domain", domain, "--proposer", "both", "--timeout", "20"]) == 0
    assert capsys.readouterr().out.count("proved in") == count


def test_both_needs_a_model_file(tmp_path, capsys):
    assert main(["prove", "--proposer", "both", "--model", str(tmp_path / "none.pt")]) == 3
    assert "no such model file" in capsys.readouterr().err
