"""A toy domain for model tests: prompts of three names, the target names the first one."""
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

NAMES = [chr(c) for c in range(ord("a"), ord("n"))]


def pairs(count: int = 20, seed: int = 0) -> list[tuple[str, str]]:
    """``x y z ? t`` -> ``w = f w x``: the target is a function of the prompt."""
    rng = np.random.default_rng(seed)
    seen: dict[str, str] = {}
    while len(seen) < count:
        x, y, z = rng.choice(NAMES, size=3, replace=False)
        seen[f"{x} {y} {z} ? t"] = f"w = f w {x}"
    return list(seen.items())


@dataclass(frozen=True)
class ToyDomain:
    name: str = "toy"

    def training_pairs(self, record: dict) -> list[tuple[str, str]]:
        return [(record["prompt"], record["target"])]

    def vocabulary(self) -> list[str]:
        return ["f", "t", "w", *NAMES]


def write_corpus(folder: Path, items: list[tuple[str, str]], domain: str = "toy") -> Path:
    """A corpus folder as ``symgen generate`` lays it out, one record per pair."""
    (folder / "data").mkdir(parents=True)
    name = "data/train-00000-of-00001.jsonl"
    lines = [json.dumps({"prompt": p, "target": t}) + "\n" for p, t in items]
    (folder / name).write_text("".join(lines), encoding="utf-8")
    manifest = {"domain": domain, "records": len(items), "files": [{"file": name}]}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder
