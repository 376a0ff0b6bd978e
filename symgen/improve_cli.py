"""``symgen improve``: the self-improvement loop's command line (``symgen.improve``).

Its arguments are built without importing the loop (torch, the corpus pipeline), so
that ``symgen prove`` stays cheap; the loop is imported when the command runs."""
from __future__ import annotations

import argparse
import sys

# flag -> (ImproveConfig field, type, help)
FLAGS = {
    "--rounds": ("rounds", int, "rounds of search, then training (default 3; a larger number "
                                "continues a finished run)"),
    "--pool": ("pool", int, "fresh hard problems generated for each round (default 100)"),
    "--heldout": ("heldout", int, "problems of the fixed held-out hard split (default 100)"),
    "--eval-nodes": ("eval_nodes", int, "the evaluation budget: children a search expands "
                                        "(default 8); a problem is hard when the heuristic "
                                        "misses it within this budget"),
    "--search-nodes": ("search_nodes", int, "children each pool search may expand (default 64)"),
    "--search-seconds": ("search_seconds", float, "time limit of each search (default 30)"),
    "--steps": ("steps", int, "training steps per round (default 400)"),
    "--lr": ("lr", float, "learning rate of the fine-tuning (default 3e-4)"),
    "--model": ("model", str, "the starting model: a file or 'default' (the shipped one)"),
    "--base": ("base", str, "a corpus trained on in every round too"),
    "--workers": ("workers", int, "worker processes for generation and search (default 1)"),
    "--seed": ("seed", int, "seed of the pools and the held-out split (default 0)"),
}


def cmd_improve(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from .corpus_cli import _executor, cluster_slots
    from .improve import ImproveConfig, improve
    config = replace(ImproveConfig(), **{field: getattr(args, field)
                                         for field, _, _ in FLAGS.values()
                                         if getattr(args, field) is not None},
                     problems=tuple(args.problems or ()), novel_aux=args.novel_aux)
    config.validate()
    client, executor = _executor(args.executor)
    if client is not None and args.workers is None:      # the cluster's size, as generate
        config = replace(config, workers=cluster_slots(client))
    try:
        rows = improve(args.out, config, progress=lambda line: print(line, file=sys.stderr,
                                                                         flush=True),
                       executor=executor)
    finally:
        if client is not None:
            client.close()
    print(f"{'round':>5} {'tried':>6} {'solved':>6} {'new':>5} {'records':>8} {'val loss':>9} "
          f"{'held-out solved':>16}")
    for r in rows:
        val = "-" if r.get("val_loss") is None else f"{r['val_loss']:.4f}"
        print(f"{r['round']:>5} {r['tried']:>6} {r['solved']:>6} {r['new_records']:>5} "
              f"{r['records']:>8} {val:>9} "
              f"{r['heldout_solved']:>5}/{r['heldout_total']:<4} ({r['heldout_rate']:.1%})")
    return 0


def add_parsers(sub) -> None:
    p = sub.add_parser("improve", help="the self-improvement loop: search with the model, "
                                       "train it on the proofs it finds, repeat")
    p.add_argument("--out", required=True, help="folder of the run (it resumes there)")
    p.add_argument("--problems", nargs="+", metavar="FILE",
                   help="problem files added to every round's pool")
    p.add_argument("--executor", help="dask://HOST:PORT to run the generation shards there")
    p.add_argument("--novel-aux", action="store_true",
                   help="pools and held-out split of aux problems whose aux the heuristic "
                        "proposer never writes (generate --novel-aux)")
    for flag, (field, kind, text) in FLAGS.items():
        p.add_argument(flag, dest=field, type=kind, help=text)
    p.set_defaults(run=cmd_improve)
