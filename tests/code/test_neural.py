"""The code model proposer: a tiny model trained on a corpus that shows one invariant
conjunct proposes it for the program, and the proof goes through with it."""

import pytest

torch = pytest.importorskip("torch")

from domains.code.proposers import ModelInvariants  # noqa: E402
from domains.code.parse import parse_program  # noqa: E402
from domains.code.printer import program_text  # noqa: E402
from domains.code.prover import prove  # noqa: E402
from domains.code.text import read_conjunct  # noqa: E402
from model.toy import tiny_config, write_records  # noqa: E402  (tests/ is on sys.path)
from symgen.train import train  # noqa: E402

from .test_domain import COUNT_UP  # noqa: E402

PROGRAM = parse_program(COUNT_UP)


def _corpus(folder):
    records = [{"program": program_text(PROGRAM), "aux": ["L0: n >= i"]}]
    return write_records(folder, records, "code")


def test_reading_model_output():
    from domains.code.shape import program_space
    loop, c = read_conjunct(PROGRAM, "L 0 : n >= i")
    assert loop == 0 and c.text(program_space(PROGRAM).names) == "n >= i"
    for bad in ("L 7 : n >= i", "L 0 : q >= i", "L 0 : n >=", "n >= i"):
        assert read_conjunct(PROGRAM, bad) is None


def test_a_trained_model_proposes_the_invariant(tmp_path):
    torch.set_num_threads(1)
    train(_corpus(tmp_path / "corpus"), tmp_path / "m.pt", tiny_config(150, block_size=128))
    assert not prove(PROGRAM, seconds=20).solved
    result = prove(PROGRAM, seconds=30, proposer=ModelInvariants(tmp_path / "m.pt", beam=4))
    assert result.solved and result.constructs == ("L0: n >= i",)


def test_the_shipped_model_proposes_conjuncts_that_read():
    from domains.code.proposers import default_model
    assert default_model().is_file() and default_model().stat().st_size < 8_000_000
    torch.set_num_threads(1)
    found = ModelInvariants(default_model(), beam=8).conjuncts(PROGRAM)
    assert found and set(found) <= {0}
