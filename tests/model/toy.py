"""A toy domain for model tests: prompts of three names, the target names the first one."""
import json
from pathlib import Path

import numpy as np

from symgen.domain import BaseDomain

NAMES = [chr(c) for c in range(ord("a"), ord("n"))]


def pairs(count: int = 20, seed: int = 0) -> list[tuple[str, str]]:
    """``x y z ? t`` -> ``w = f w x``: the target is a function of the prompt."""
    rng = np.random.default_rng(seed)
    seen: dict[str, str] = {}
    while len(seen) < count:
        x, y, z = rng.choice(NAMES, size=3, replace=False)
        seen[f"{x} {y} {z} ? t"] = f"w = f w {x}"
    return list(seen.items())


class ToyDomain(BaseDomain):
    name = "toy"

    def training_pairs(self, record: dict) -> list[tuple[str, str]]:
        return [(record["prompt"], record["target"])]

    def vocabulary(self) -> list[str]:
        return ["f", "t", "w", *NAMES]


def write_records(folder: Path, records: list[dict], domain: str) -> Path:
    """A corpus folder as ``symgen generate`` lays it out, holding ``records``."""
    (folder / "data").mkdir(parents=True)
    name = "data/train-00000-of-00001.jsonl"
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    manifest = {"domain": domain, "records": len(records), "files": [{"file": name}]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def write_corpus(folder: Path, items: list[tuple[str, str]], domain: str = "toy") -> Path:
    """A toy corpus folder, one record per (prompt, target) pair."""
    return write_records(folder, [{"prompt": p, "target": t} for p, t in items], domain)


def stop_at(stop: int):
    """A training progress callback that interrupts the run after step ``stop``."""
    def progress(step, steps, loss, entry):
        if step == stop:
            raise KeyboardInterrupt
    return progress


def tiny_config(steps: int, block_size: int = 96):
    """A one-layer model trained for ``steps`` at a high learning rate: enough to learn a
    handful of records by heart in seconds, which is what the proposer tests need."""
    from symgen.train import TrainConfig
    return TrainConfig(steps=steps, eval_every=steps // 2, lr=1e-2, warmup=10, batch_size=8,
                       val_frac=0.0, block_size=block_size, n_layer=1, n_head=2, n_embd=32,
                       pretrain_frac=0.3)
