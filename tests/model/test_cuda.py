"""The GPU path (skipped where torch sees no CUDA device, as on CI): training on CUDA,
checkpoints that load and resume on either device, decoding and proving with the model
on the GPU."""
import pytest

torch = pytest.importorskip("torch")

from domains.geometry.parse import parse_problem  # noqa: E402
from domains.geometry.codec import Codec  # noqa: E402
from domains.geometry.prover import search  # noqa: E402
from provers.neural import ModelProposer  # noqa: E402
from provers.search import SearchConfig  # noqa: E402
from symgen.cli import main  # noqa: E402
from symgen.tokenizer import EOS  # noqa: E402
from symgen.train import TrainConfig, load_model, read_checkpoint, train  # noqa: E402

from .toy import ToyDomain, pairs, stop_at, write_corpus, write_records  # noqa: E402

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")

TINY = dict(block_size=16, n_layer=1, n_head=2, n_embd=32, warmup=10, batch_size=16,
            val_frac=0.0)


def test_a_model_trained_on_cuda_loads_on_the_cpu_with_the_same_outputs(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", pairs())
    config = TrainConfig(steps=300, eval_every=100, lr=1e-2, pretrain_frac=0.3, device="cuda",
                         **TINY)
    checkpoint = train(corpus, tmp_path / "m.pt", config, ToyDomain())
    assert checkpoint["history"][-1]["loss"] < 0.01
    saved = read_checkpoint(tmp_path / "m.pt")
    assert all(t.device.type == "cpu" for t in saved["model"].values())
    on_cpu, tok, _ = load_model(tmp_path / "m.pt")
    on_gpu, _, _ = load_model(tmp_path / "m.pt", "cuda")
    assert on_gpu.device.type == "cuda" and on_cpu.device.type == "cpu"
    idx = torch.tensor([tok.prompt_ids(pairs()[0][0])])
    assert torch.allclose(on_cpu(idx)[0], on_gpu(idx.cuda())[0].cpu(), atol=1e-4)
    for prompt, target in pairs():
        (ids, _), *_ = on_gpu.beam_search(tok.prompt_ids(prompt), beam=4, max_new=8, stop={EOS})
        assert tok.decode(ids) == target
        gen = torch.Generator(device="cuda").manual_seed(0)
        samples = on_gpu.sample(tok.prompt_ids(prompt), n=8, max_new=8, stop={EOS},
                                temperature=0.1, generator=gen)
        assert len(samples) == 8 and tok.decode(samples[0][0]) == target


@pytest.mark.parametrize("first, then", [("cuda", "cpu"), ("cpu", "cuda")])
def test_a_run_resumes_on_the_other_device(tmp_path, first, then):
    corpus = write_corpus(tmp_path / "corpus", pairs() + [("a b c ? t", "")])
    config = TrainConfig(steps=30, eval_every=10, dropout=0.0, **TINY)
    with pytest.raises(KeyboardInterrupt):
        train(corpus, tmp_path / "a.pt", TrainConfig(**{**vars(config), "device": first}),
              ToyDomain(), progress=stop_at(10))
    resumed = train(corpus, tmp_path / "a.pt", TrainConfig(**{**vars(config), "device": then}),
                    ToyDomain(), resume=True)
    whole = train(corpus, tmp_path / "b.pt", config, ToyDomain())
    assert resumed["step"] == 30
    # Same batches, same start: only float rounding differs between the devices.
    for key, value in whole["model"].items():
        assert torch.allclose(resumed["model"][key], value, rtol=1e-3, atol=1e-4), key


LL43 = ("a b = segment a b; c = on_dia c a b, on_bline c a b; d = midpoint d a c; "
        "e = foot e c b d; f = on_line f c e, on_line f a b ? eqangle d c d b d f d a")
RENAMED = ("p q = segment p q; r = on_dia r p q, on_bline r p q; s = midpoint s p r; "
           "t = foot t r q s; u = on_line u r t, on_line u p q ? eqangle s r s q s u s p")


@pytest.fixture(scope="module")
def geometry_model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cuda_geo")
    body, goal = LL43.split(" ? ")
    records = [{"premises": body, "goal": goal, "aux": ["g = midpoint g a b"]},
               {"premises": "a b c = triangle a b c", "goal": "coll a b c", "aux": []}]
    config = TrainConfig(steps=120, eval_every=60, lr=1e-2, warmup=10, batch_size=8,
                         val_frac=0.0, block_size=96, n_layer=1, n_head=2, n_embd=32,
                         pretrain_frac=0.3, device="cuda")
    train(write_records(folder / "corpus", records, "geometry"), folder / "m.pt", config)
    return folder / "m.pt"


def test_the_search_proves_with_the_model_on_cuda(geometry_model):
    proposer = ModelProposer(geometry_model, Codec(), "cuda")
    assert proposer.model.device.type == "cuda"
    result = search(parse_problem("renamed", RENAMED), proposer, SearchConfig(seconds=30, k=4))
    assert result.solved and result.proposer == "model"
    # A pass wider than the beam adds samples drawn with a generator on the model's device.
    node_result = search(parse_problem("renamed", RENAMED), proposer,
                         SearchConfig(seconds=30, k=80))
    assert node_result.solved


def test_prove_cli_with_device_cuda(geometry_model, tmp_path, capsys):
    problems = tmp_path / "p.txt"
    problems.write_text(f"renamed\n{RENAMED}\n")
    assert main(["prove", str(problems), "--proposer", "model", "--model", str(geometry_model),
                 "--device", "cuda"]) == 0
    out = capsys.readouterr().out
    assert "renamed: proved" in out and "midpoint" in out
