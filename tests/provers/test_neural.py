"""The model proposer end to end: a tiny model trained with ``symgen.train`` on a corpus that
shows one auxiliary construction proposes it, mapped to the problem's own names, and the
search proves the problem with it."""

import pytest

torch = pytest.importorskip("torch")

from domains.geometry.parse import parse_problem  # noqa: E402
from domains.geometry.codec import Codec  # noqa: E402
from domains.geometry.prover import GeometrySpace, search  # noqa: E402
from provers.neural import ModelProposer  # noqa: E402
from provers.search import SearchConfig  # noqa: E402
from model.toy import tiny_config, write_records  # noqa: E402  (tests/ is on sys.path)
from symgen.train import train  # noqa: E402

LL43 = ("a b = segment a b; c = on_dia c a b, on_bline c a b; d = midpoint d a c; "
        "e = foot e c b d; f = on_line f c e, on_line f a b ? eqangle d c d b d f d a")
# The same figure as LL43 with other point names: the model must learn structure, not names.
RENAMED = ("p q = segment p q; r = on_dia r p q, on_bline r p q; s = midpoint s p r; "
           "t = foot t r q s; u = on_line u r t, on_line u p q ? eqangle s r s q s u s p")


def _corpus(folder):
    body, goal = LL43.split(" ? ")
    records = [{"premises": body, "goal": goal, "aux": ["g = midpoint g a b"]},
               {"premises": "a b c = triangle a b c", "goal": "coll a b c", "aux": []}]
    return write_records(folder, records, "geometry")


def test_a_trained_model_proposes_the_construction_that_proves_it(tmp_path):
    torch.set_num_threads(1)
    train(_corpus(tmp_path / "corpus"), tmp_path / "m.pt", tiny_config(120))
    proposer = ModelProposer(tmp_path / "m.pt", Codec())
    result = search(parse_problem("renamed", RENAMED), proposer, SearchConfig(seconds=30, k=4))
    assert result.solved and result.proposer == "model"
    assert result.constructs[0].split("=")[1].split() == ["midpoint", result.constructs[0].split()[0], "p", "q"]


def test_the_shipped_model_proposes_clauses_that_parse_on_the_problem():
    import time

    import numpy as np

    from domains.geometry.proposers import default_model

    assert default_model().is_file() and default_model().stat().st_size < 8_000_000
    torch.set_num_threads(1)
    proposer = ModelProposer(default_model(), Codec())
    space = GeometrySpace(parse_problem("renamed", RENAMED), np.random.default_rng(0))
    node = space.root(time.perf_counter() + 30)
    proposals = proposer.propose(node, 8)
    assert len(proposals) == 8 and all(p.score <= 0 for p in proposals)
    for p in proposals:       # each parses on the problem: the decoding kept to the grammar
        parse_problem("renamed", RENAMED.replace(" ? ", f"; {p.clause} ? "))
    result = search(node.problem, proposer, SearchConfig(seconds=30))
    assert result.solved and result.constructs and result.proposer == "model"
