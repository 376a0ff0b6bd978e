"""Model speed per device: training steps per second and the proposer's decoding latency.

    python benchmarks/model_speed.py [--devices cpu,cuda] [--model default] [--steps 50]

Training: ``--steps`` optimizer steps (after 5 of warm-up) of the shipped model's shape
(``TrainConfig`` defaults: 4 layers x 128, batch 32, block 256) on random full-length
sequences, the cost of one ``symgen train`` step.  Decoding: the ``--model`` checkpoint
proposes for the prompt of one JGEX-style problem (canonical names) as the search does:
a beam of 16 and of 64 clauses (64 also under the clause grammar, as the proposer decodes),
and 64 samples; the median of ``--repeat`` calls.
Prints one table row per device; a device that is not available is reported as such.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

import torch

from domains.geometry.grammar import ClauseGrammar
from domains.geometry.text import canonical_text
from domains.geometry.parse import parse_problem
from provers.neural import MAX_CLAUSE_TOKENS, SAMPLE_TEMPERATURE
from domains.geometry.proposers import default_model
from symgen.errors import SymgenError
from symgen.model import GPT, pick_device
from symgen.tokenizer import EOS
from symgen.train import TrainConfig, load_model

PROBLEM = ("a b c = triangle a b c; o = circle o a b c; h = midpoint h c b; "
           "d = on_line d o h, on_line d a b; e = on_tline e c c o, on_tline e a a o "
           "? cyclic a o e d")


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def train_steps_per_second(device: torch.device, steps: int, vocab: int) -> float:
    config = TrainConfig()
    torch.manual_seed(0)
    model = GPT(config.model_config(vocab)).to(device).train()
    opt = torch.optim.AdamW(model.parameters(), lr=config.lr, foreach=device.type == "cuda")
    shape = (config.batch_size, config.block_size)
    x = torch.randint(1, vocab, shape, device=device)
    y = torch.randint(1, vocab, shape, device=device)
    mask = torch.ones(shape, device=device)
    for i in range(steps + 5):
        if i == 5:
            _sync(device)
            start = time.perf_counter()
        _, loss = model(x, y, mask)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    _sync(device)
    return steps / (time.perf_counter() - start)


def _median_seconds(fn, repeat: int, device: torch.device) -> float:
    fn()                                                    # warm-up (kernels, caches)
    times = []
    for _ in range(repeat):
        _sync(device)
        t = time.perf_counter()
        fn()
        _sync(device)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def decode_seconds(path, device: torch.device, repeat: int) -> dict[str, float]:
    model, tok, _ = load_model(path, str(device))
    text, ren = canonical_text(parse_problem("bench", PROBLEM))
    prompt = tok.prompt_ids(text)

    def beam(width, grammar=False):        # a fresh grammar per call, as the proposer makes
        return lambda: model.beam_search(prompt, beam=width, max_new=MAX_CLAUSE_TOKENS,
                                         stop={EOS}, allowed=ClauseGrammar(tok, list(ren.to_own))
                                         if grammar else None)

    def samples():
        gen = torch.Generator(device=device).manual_seed(0)
        model.sample(prompt, n=64, max_new=MAX_CLAUSE_TOKENS, stop={EOS},
                     temperature=SAMPLE_TEMPERATURE, generator=gen)
    return {"beam 16": _median_seconds(beam(16), repeat, device),
            "beam 64": _median_seconds(beam(64), repeat, device),
            "beam 64, grammar": _median_seconds(beam(64, grammar=True), repeat, device),
            "64 samples": _median_seconds(samples, repeat, device)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devices", default="cpu,cuda")
    ap.add_argument("--model", default="default")
    ap.add_argument("--steps", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=None,
                    help="torch CPU threads (default: torch's)")
    args = ap.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    path = default_model() if args.model == "default" else args.model
    vocab = len(load_model(path)[1])
    print(f"torch {torch.__version__}, {torch.get_num_threads()} CPU threads, model {path}")
    print("| device | train steps/s | beam 16 (s) | beam 64 (s) | beam 64, grammar (s) "
          "| 64 samples (s) |")
    print("|---|---|---|---|---|---|")
    for name in args.devices.split(","):
        try:
            device = pick_device(name)
        except SymgenError as err:
            print(f"| {name} | not available ({err}) | | | | |")
            continue
        label = torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu"
        rate = train_steps_per_second(device, args.steps, vocab)
        dec = decode_seconds(path, device, args.repeat)
        print(f"| {label} | {rate:.1f} | {dec['beam 16']:.3f} | {dec['beam 64']:.3f} | "
              f"{dec['beam 64, grammar']:.3f} | {dec['64 samples']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
