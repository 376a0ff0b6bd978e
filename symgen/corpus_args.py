"""The corpus commands' arguments (``symgen generate``, ``check``, ``dedup``, ``stats``), apart
from their code in ``corpus_cli`` and ``dedup_cli``, which import the corpus pipeline: building
the command line stays cheap for ``symgen prove``, which needs none of it."""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from .dataset import DEFAULT_SPLITS

DEFAULT_OUT = "symgen-data"
DEFAULT_COUNT = 300


def _later(name: str, module: str = "corpus_cli") -> Callable:
    """``<module>.<name>``, imported when the command runs (by name, so that this module
    stays below corpus_cli, which takes its defaults from here)."""
    def run(args):
        return getattr(import_module(f"{__package__}.{module}"), name)(args)
    return run


def add_parsers(sub) -> None:
    g = sub.add_parser("generate", help="generate a verified theorem corpus")
    g.add_argument("--domain", default="geometry")
    g.add_argument("--count", type=int, default=DEFAULT_COUNT, help="theorems to write")
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--out", default=DEFAULT_OUT, help=f"output folder (default ./{DEFAULT_OUT})")
    g.add_argument("--workers", type=int, help="processes, or with --executor the shards run "
                   "at once (default 1, or the Dask cluster's threads)")
    g.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                   help="parquet also writes parquet/*.parquet, the default config of the "
                        "card (needs pyarrow); the JSONL files in data/ are always written")
    g.add_argument("--splits", default=",".join(f"{f:g}" for f in DEFAULT_SPLITS),
                   metavar="TRAIN,VAL,TEST",
                   help="fractions of the sources (diagrams, programs) in the train, validation "
                        "and test splits (default %(default)s)")
    g.add_argument("--min-proof-steps", type=int, help="drop shorter proofs (default: geometry "
                   "3, arithmetic 1)")
    g.add_argument("--aux-only", action="store_true", help="keep only theorems that need aux")
    g.add_argument("--per-diagram", type=int, metavar="K",
                   help="theorems without aux kept per goal predicate and diagram (geometry "
                        "default 3; all theorems with aux are kept)")
    g.add_argument("--aux-per-diagram", type=int, metavar="K",
                   help="geometry: theorems with aux kept per diagram, drawn at random (default: "
                        "all, up to 40 per goal predicate); 1 makes a held-out set of distinct "
                        "diagrams")
    g.add_argument("--diverse", action="store_true",
                   help="geometry: aux training data spread out: --aux-only, one aux theorem "
                        "per diagram, 4-8 steps, every recipe at weight 1 (each unless given)")
    g.add_argument("--min-aux", type=int, metavar="K",
                   help="geometry: drop theorems with fewer than K (>= 1) aux clauses, so "
                        "--aux-only --min-aux 2 writes multi-aux problems")
    g.add_argument("--novel-aux", action="store_true",
                   help="geometry: drop aux theorems whose aux clauses are all of kinds the "
                        "heuristic proposer writes (its VOCABULARY), so each one kept was "
                        "proved with a construction it never proposes")
    g.add_argument("--sos", action="store_true",
                   help="arithmetic: a quarter of the items are theorems proved by a "
                        "sum-of-squares certificate (needs the sos extra)")
    g.add_argument("--label-difficulty", action="store_true",
                   help="geometry: label each aux theorem with the heuristic search's result "
                        "under a budget of expanded children (the record's 'difficulty')")
    g.add_argument("--difficulty-nodes", type=int, metavar="N",
                   help="that budget (default 64 children: the same on every machine)")
    g.add_argument("--hard", action="store_true",
                   help="geometry: keep only aux theorems the heuristic search misses within "
                        "the budget (implies --label-difficulty)")
    g.add_argument("--steps", metavar="LO-HI",
                   help="geometry: constructions added to the free shape (default 3-5)")
    g.add_argument("--weights", help="construction weights, e.g. midpoint=3,foot=0")
    g.add_argument("--executor", help="dask://HOST:PORT to run shards on a Dask cluster")
    g.add_argument("--force", action="store_true",
                   help="write into --out even if it holds other files, a corpus of other "
                        "settings or a larger finished corpus")
    g.set_defaults(run=_later("cmd_generate"))

    c = sub.add_parser("check", help="re-verify every record of a corpus")
    c.add_argument("dir")
    c.add_argument("--fresh", type=int, default=2, help="fresh diagrams per record (default 2)")
    c.add_argument("--workers", type=int, default=1)
    c.add_argument("--timeout", type=float, default=60.0,
                   help="seconds one record's check may take before it fails (default 60)")
    c.add_argument("--json", action="store_true",
                   help="one JSON object per record and per problem found, then a summary")
    c.set_defaults(run=_later("cmd_check"))

    d = sub.add_parser("dedup", help="remove from a corpus every theorem of other corpora")
    d.add_argument("dir", help="the corpus to rewrite")
    d.add_argument("--against", action="append", required=True, metavar="CORPUS",
                   help="a corpus whose theorems (by dedup_key) are removed from DIR; repeatable")
    d.set_defaults(run=_later("cmd_dedup", "dedup_cli"))

    s = sub.add_parser("stats", help="a corpus report as a table (and histograms)")
    s.add_argument("dir")
    s.add_argument("-o", "--out", help="folder for PNG histograms (needs matplotlib)")
    s.add_argument("--json", action="store_true", help="the report as one JSON object")
    s.set_defaults(run=_later("cmd_stats"))
