"""The model command of the CLI: ``symgen train``.

``symgen train --data DIR --out MODEL.pt`` trains a construction proposer on
a corpus made by ``symgen generate`` (``train.train``), with progress on stderr
(``progress``) and a line ``step N loss X val Y`` at each evaluation; ``--export
SMALL.pt`` also writes the checkpoint without its optimizer and RNG state, the
form a model ships in (about a third of the size), and ``--best BEST.pt`` keeps
in that form the weights with the lowest validation loss.  Settings
left out take ``TrainConfig``'s defaults, or with ``--resume`` those the
checkpoint was trained with, so ``--resume --steps N`` continues a run to N
steps.  Bad flags, a missing corpus or an unavailable device give one error
line.  torch is imported only when the command runs.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

# TrainConfig field -> the flag that sets it (argparse stores each under the field's name).
FLAGS = {"steps": "--steps", "batch_size": "--batch-size", "lr": "--lr",
         "eval_every": "--eval-every", "seed": "--seed", "device": "--device",
         "n_layer": "--layers", "n_head": "--heads", "n_embd": "--embd",
         "block_size": "--block-size", "pretrain_frac": "--pretrain-frac",
         "distractors": "--distractors"}
_TYPES = {"lr": float, "pretrain_frac": float, "device": str}
_METAVARS = {int: "N", float: "X", str: "NAME"}
# Flags whose default is not TrainConfig's: the CLI trains on the GPU when there is one (the
# library's default stays the CPU, whose runs repeat bit for bit).
_DEFAULTS = {"device": "auto"}
_HELP = {"steps": "optimizer steps in all", "batch_size": "sequences per step",
         "lr": "peak learning rate", "seed": "seed of the initial weights and the batches",
         "eval_every": "steps between validation and checkpoint",
         "device": "cpu, cuda or auto (the default: the GPU when torch sees one)",
         "n_layer": "transformer blocks", "n_head": "attention heads",
         "n_embd": "embedding width", "block_size": "longest sequence in tokens",
         "pretrain_frac": "share of the steps on all sequences before the aux targets",
         "distractors": "also train on each aux record with 1 to N unrelated construction "
                        "steps woven into its premises (geometry)"}


def _progress(shown):
    """The ``train.train`` callback: the meter at every step, a line at each evaluation."""
    def show(step: int, steps: int, loss: float, entry: dict | None) -> None:
        if entry is not None:
            val = "-" if entry["val_loss"] is None else f"{entry['val_loss']:.4f}"
            shown.write(f"step {entry['step']} loss {entry['loss']:.4f} val {val}")
        shown.update(step, f"loss {loss:.4f}")
    return show


def _done_before(out: Path, resume: bool) -> int:
    """The steps a resumed run had done (they do not count towards its rate)."""
    from . import train
    return int(train.read_checkpoint(out).get("step", 0)) if resume and out.exists() else 0


def cmd_train(args: argparse.Namespace) -> int:
    from . import train
    base = train.TrainConfig()
    if args.resume and Path(args.out).exists():
        saved = train.read_checkpoint(Path(args.out)).get("train_config", {})
        base = replace(base, **{k: v for k, v in saved.items() if hasattr(base, k)})
    config = replace(base, **{k: getattr(args, k) for k in FLAGS if getattr(args, k) is not None})
    config.validate(names=FLAGS)
    device = train.pick_device(config.device)       # the machine's, not the run's: never saved
    config = replace(config, device=str(device))
    print(f"training on {device}", file=sys.stderr)
    from .progress import meter
    with meter(config.steps, "steps", "train", quiet=args.quiet > 0,
               initial=_done_before(Path(args.out), args.resume)) as shown:
        checkpoint = train.train(args.data, args.out, config, resume=args.resume,
                                 progress=_progress(shown), best_path=args.best, init=args.init)
    last = checkpoint["history"][-1] if checkpoint.get("history") else {}
    val = last.get("val_loss")
    rate = f", {shown.rate:.1f} steps/s" if shown.done > shown.initial else ""
    print(f"wrote {args.out} (step {checkpoint['step']}, "
          f"val loss {'-' if val is None else f'{val:.4f}'}{rate})")
    if args.best and Path(args.best).exists():
        kept = train.read_checkpoint(Path(args.best))
        print(f"kept {args.best} (step {kept['step']}, lowest val loss "
              f"{kept['history'][-1]['val_loss']:.4f})")
    if args.export:
        train.save_checkpoint(train.strip(checkpoint), Path(args.export))
        print(f"wrote {args.export} (for proving only: no optimizer or RNG state, "
              f"{Path(args.export).stat().st_size / 2**20:.1f} MB)")
    return 0


def add_parsers(sub) -> None:
    t = sub.add_parser("train", help="train a construction proposer on a corpus",
                       epilog="Settings left out take the defaults of symgen.train.TrainConfig "
                              "(with --resume: the checkpoint's).")
    t.add_argument("--data", required=True, help="corpus folder made by symgen generate")
    t.add_argument("--out", required=True, help="model file to write, e.g. model.pt")
    t.add_argument("--resume", action="store_true",
                   help="continue the run in --out (with its settings unless given)")
    t.add_argument("--init", metavar="MODEL.pt",
                   help="start from this model's weights and vocabulary (its layer sizes, a "
                        "fresh optimizer and schedule) instead of random ones: fine-tuning")
    t.add_argument("--best", metavar="BEST.pt",
                   help="also keep the weights with the lowest validation loss so far "
                        "(written as --export writes)")
    t.add_argument("--export", metavar="SMALL.pt",
                   help="also write the model without what only resuming needs (to ship it; "
                        "with --resume and the same --steps, exports a finished run)")
    for field, flag in FLAGS.items():
        kind = _TYPES.get(field, int)
        t.add_argument(flag, dest=field, type=kind, metavar=_METAVARS[kind], help=_HELP[field],
                       default=_DEFAULTS.get(field))
    t.set_defaults(run=cmd_train)
