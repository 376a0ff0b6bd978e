"""The arithmetic model proposer: a tiny model trained on a corpus that shows one lemma
instance proposes it for the same problem with other variable names, and the proof uses it."""

import pytest

torch = pytest.importorskip("torch")

from domains.arithmetic.engine import Engine  # noqa: E402
from domains.arithmetic.codec import read_instance  # noqa: E402
from domains.arithmetic.parse import parse_problem  # noqa: E402
from domains.arithmetic.proposers import make  # noqa: E402
from domains.arithmetic.prover import prove  # noqa: E402
from model.toy import tiny_config, write_records  # noqa: E402  (tests/ is on sys.path)
from symgen.train import train  # noqa: E402

STATEMENT = "a b c : real ? a**4 + b**4 >= 2*a**2*b**2"
RENAMED = "x y z : real ? x**4 + y**4 >= 2*x**2*y**2"


def _corpus(folder):
    body, goal = STATEMENT.split(" ? ")
    records = [{"premises": body, "goal": goal, "aux": ["square(a**2 - b**2)"]},
               {"premises": "a b : real", "goal": "a**2 + b**2 >= 2*a*b", "aux": []}]
    return write_records(folder, records, "arithmetic")


def test_reading_model_output_maps_names_and_drops_nonsense():
    engine = Engine(parse_problem("t", RENAMED))
    names = {"x": "a", "y": "b", "z": "c"}
    name, args = read_instance("square(a**2 - b**2)", engine, names)
    assert name == "square" and engine.state.text(args[0]) == "x**2 - y**2"
    for bad in ("square(a - q)", "frobnicate(a)", "square(a -", "square a"):
        assert read_instance(bad, engine, names) is None


def test_a_trained_model_proposes_the_instance_that_proves_it(tmp_path):
    torch.set_num_threads(1)
    train(_corpus(tmp_path / "corpus"), tmp_path / "m.pt", tiny_config(150))
    problem = parse_problem("renamed", RENAMED)
    assert not prove(problem, seconds=10, sos=False).solved    # (squares would prove it alone)
    result = prove(problem, seconds=30, proposer=make("model", str(tmp_path / "m.pt")), sos=False)
    assert result.solved
    assert result.constructs == ("square(x**2 - y**2)",)


def test_the_shipped_model_proposes_instances_that_read():
    from domains.arithmetic.proposers import default_model
    assert default_model().is_file() and default_model().stat().st_size < 8_000_000
    torch.set_num_threads(1)
    from provers.search import Node
    problem = parse_problem("t", "a b c : real ? a**4 + b**4 + c**4 >= a*b*c*(a + b + c)")
    node = Node(problem, (), Engine(problem), False)
    proposer = make("model")
    proposals = proposer.propose(node, 8)
    assert proposals
    assert all(len(args) >= 1 and all(a.nvars == 3 for a in args)
               for _, args in (p.value for p in proposals))
    more = proposer.propose(node, 8)             # places 9-16 of a beam of 16
    assert node.memo["model"] == 16 and more and {p.text for p in more} != {p.text for p in proposals}
    proposer.propose(node, 100)
    assert node.memo["model"] == 64 and proposer.propose(node, 8) == []   # exhausted
