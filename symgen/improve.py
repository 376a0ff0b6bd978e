"""Expert iteration: search with the model, keep the checked proofs, train on them, repeat.

``improve(out, config)`` runs ``config.rounds`` rounds of the loop (ReST-EM's shape) in
the folder ``out``; each round r:

1. **pool**: fresh aux problems the heuristic misses within the evaluation budget
   (``symgen generate --aux-only --hard``, one per diagram, a seed of its own per round),
   plus the problems of the user's files;
2. **search**: every pool problem searched with ``both`` (model r-1 and the heuristic) at
   ``search_seconds`` and ``search_nodes``; every proof found becomes a record
   (``domains.geometry.found``: premises, the constructions the search added, the
   proof), kept only when it passes ``symgen check``'s checks;
3. **train**: model r-1 trained on, not from scratch (``train(init=...)``), on every
   record found so far plus the base corpus, for ``steps`` steps;
4. **evaluate**: model r's solve rate on a fixed held-out hard split, generated once from
   seeds no pool uses, at the evaluation budget (``eval_nodes`` children: the same on
   every machine).

Round 0 is the evaluation of the starting model.  Every stage writes its output
atomically and is skipped when its output exists, so a killed run resumes where it
stopped (a half-written pool or training run resumes too: generation and training
resume by themselves); ``log.jsonl`` holds one line per finished round.  Layout::

    out/heldout/                  the held-out hard split (a corpus)
    out/round-01/pool/            this round's fresh problems (a corpus)
    out/round-01/search.jsonl     one line per pool problem searched
    out/round-01/train/           the training corpus: base + every proof found so far
    out/round-01/model.pt         model 1 (with optimizer state), model-small.pt (shipped form)
    out/round-01/heldout.jsonl    model 1 on the held-out split
    out/log.jsonl                 per round: tried, solved, new records, val loss, solve rate
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from . import corpus, registry
from .bench.pool import Lost, run_tasks
from .errors import InputError, SymgenError
from .files import atomic_write
from .limits import read_text
from .proposing import NEEDS_MODEL

log = logging.getLogger(__name__)

DOMAIN = "geometry"           # the one domain whose records carry a difficulty label
GRACE = 10.0                  # seconds past a search's own limit before its worker is killed
POOL_SEED, HELDOUT_SEED = 1_000_000, 9_000_000   # seed ranges apart from user corpora


@dataclass(frozen=True)
class ImproveConfig:
    rounds: int = 3
    pool: int = 100                   # fresh hard problems per round
    heldout: int = 100                # problems of the held-out hard split
    eval_nodes: int = 8               # the evaluation budget: children expanded
    search_nodes: int = 64            # the pool searches' budget
    search_seconds: float = 30.0      # and their time limit
    steps: int = 400                  # training steps per round
    batch_size: int = 32
    lr: float = 3e-4
    model: str = "default"            # the starting model
    base: str | None = None           # a corpus trained on in every round as well
    problems: tuple[str, ...] = ()    # problem files added to every round's pool
    workers: int = 1
    seed: int = 0
    steps_range: tuple[int, int] = (3, 5)
    novel_aux: bool = False           # pools and held-out split: aux the heuristic never writes

    def validate(self) -> None:
        for name in ("rounds", "pool", "heldout", "eval_nodes", "search_nodes", "steps",
                     "batch_size", "workers"):
            if getattr(self, name) < 1:
                raise SymgenError(f"improve: {name.replace('_', '-')} must be at least 1, "
                                  f"not {getattr(self, name)}")
        if self.search_seconds <= 0:
            raise SymgenError("improve: search-seconds must be positive")


@dataclass
class Round:
    round: int
    tried: int = 0
    solved: int = 0
    new_records: int = 0
    records: int = 0
    val_loss: float | None = None
    heldout_solved: int = 0
    heldout_total: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.heldout_solved / self.heldout_total if self.heldout_total else 0.0


Progress = Callable[[str], None]      # one line about the stage that starts or ends


def _say(progress: Progress | None, text: str) -> None:
    log.info("%s", text)
    if progress is not None:
        progress(text)


# ---------------------------------------------------------------------------
# Stages

def _generate(folder: Path, seed: int, count: int, config: ImproveConfig, nodes: int,
              executor=None) -> list[dict]:
    """A corpus of ``count`` hard aux problems (resumes by itself), and its records."""
    from .train import load_records
    settings = {"aux_only": True, "hard": True, "aux_per_diagram": 1,
                "difficulty_nodes": nodes, "weights": {},
                "steps": list(config.steps_range)}
    if config.novel_aux:
        settings["novel_aux"] = True
    run = corpus.Run(DOMAIN, seed, count, settings, folder)
    corpus.generate(run, executor=executor, workers=config.workers)
    return load_records(folder)[1]


Problem = tuple[str, object, int]     # name, the problem (its text or object), its drawing seed


def _problems(records: list[dict]) -> list[Problem]:
    """The aux records as problems, each drawn with the seed its difficulty label was
    computed with (``difficulty.label``), so the heuristic's miss is the same search's."""
    return [(r["id"], f"{r['premises']} ? {r['goal']}", int(r.get("index", 0)))
            for r in records if r.get("aux")]


def _user_problems(files: tuple[str, ...]) -> list[Problem]:
    """The problems of the user's files that parse (the others logged), as problems."""
    dom = registry.load(DOMAIN)
    out = []
    for path in files:
        for item in dom.parse_file(read_text(path, "cannot read problem file"), str(path)):
            if isinstance(item, Exception):
                log.warning("%s", item)
                continue
            out.append((f"{Path(path).stem}/{item.name}", item, 0))
    return out


class _SearchWork:
    """One problem searched in a worker process, its proposer made there once."""

    def __init__(self, proposer: str, model: str, nodes: int, seconds: float, round_no: int
                 ) -> None:
        self.proposer, self.model, self.nodes, self.seconds, self.round = \
            proposer, model, nodes, seconds, round_no
        self._made = None

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_made": None}

    def __call__(self, item: tuple) -> dict:
        """A found record is named by the round and the problem's place in the pool."""
        index, name, problem, seed = item
        dom = registry.load(DOMAIN)
        if self._made is None:
            if self.proposer in NEEDS_MODEL:         # one thread per worker process
                import torch
                torch.set_num_threads(1)
            self._made = dom.make_proposer(self.proposer, self.model)
        try:
            row = dom.search_record(problem, self._made, nodes=self.nodes, seconds=self.seconds,
                                    seed=seed, round_no=self.round, index=index)
        except SymgenError as err:
            row = {"solved": False, "error": str(err)[:300]}
        return {"problem": name, **row}


def _search(path: Path, problems: list[Problem], work: _SearchWork, workers: int,
            progress: Progress | None) -> list[dict]:
    """Search every problem, one JSON line each in ``path`` as it finishes; the lines
    already there (a killed run's) are kept and their problems not searched again."""
    done: dict[str, dict] = {}
    if path.exists():
        for line in read_text(path).splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue                  # the last line of a killed run may be cut short
            if isinstance(row, dict) and isinstance(row.get("problem"), str):
                done[row["problem"]] = row
    path.parent.mkdir(parents=True, exist_ok=True)
    tasks = [(i, (i, *p)) for i, p in enumerate(problems) if p[0] not in done]
    lines = [json.dumps(done[p[0]], sort_keys=True) for p in problems if p[0] in done]
    atomic_write(path, "".join(line + "\n" for line in lines))
    with path.open("a", encoding="utf-8") as f:
        for i, answer in run_tasks(tasks, work, size=workers, limit=work.seconds + GRACE):
            name = problems[i][0]
            if isinstance(answer, Lost):
                answer = {"problem": name, "solved": False,
                          "error": "killed" if answer.killed else "worker died"}
            done[name] = answer
            f.write(json.dumps(answer, sort_keys=True) + "\n")
            f.flush()
    solved = sum(bool(done[p[0]].get("solved")) for p in problems)
    _say(progress, f"  searched {len(problems)}: {solved} solved")
    return [done[p[0]] for p in problems]


def _write_corpus(folder: Path, records: list[dict], note: dict) -> None:
    """``records`` as a corpus folder that ``symgen train`` and ``symgen check`` read."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    name = "train-00000-of-00001.jsonl"
    text = "".join(json.dumps(dict(r, generator=corpus.FORMAT_VERSION), sort_keys=True) + "\n"
                   for r in records)
    atomic_write(data / name, text)
    entry = {"file": f"data/{name}", "split": "train", "format": "jsonl", "records": len(records),
             "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    atomic_write(folder / "manifest.json", json.dumps(
        {"domain": DOMAIN, "records": len(records), "files": [entry],
         "format_version": corpus.FORMAT_VERSION, "made_by": "symgen improve", **note},
        indent=1, sort_keys=True) + "\n")


def _heldout_rate(path: Path, problems: list[Problem], model: str,
                  config: ImproveConfig, progress: Progress | None) -> tuple[int, int]:
    work = _SearchWork("model", model, config.eval_nodes, config.search_seconds, 0)
    rows = _search(path, problems, work, config.workers, progress)
    return sum(bool(r.get("solved")) for r in rows), len(rows)


def _train(folder: Path, out: Path, init: str, config: ImproveConfig) -> float | None:
    from . import train
    tc = train.TrainConfig(steps=config.steps, eval_every=max(1, config.steps // 4),
                           batch_size=config.batch_size, lr=config.lr, warmup=0,
                           pretrain_frac=0.0, seed=config.seed)
    checkpoint = train.train(folder, out, tc, resume=out.exists(), init=init)
    train.save_checkpoint(train.strip(checkpoint), out.with_name("model-small.pt"))
    history = checkpoint.get("history") or [{}]
    return history[-1].get("val_loss")


# ---------------------------------------------------------------------------
# The loop

def _logged(out: Path) -> dict[int, dict]:
    path = out / "log.jsonl"
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in read_text(path).splitlines() if line.strip()]
    return {int(r["round"]): r for r in rows}


def _log(out: Path, row: Round) -> None:
    rows = _logged(out)
    rows[row.round] = asdict(row) | {"heldout_rate": round(row.rate, 4)}
    atomic_write(out / "log.jsonl", "".join(json.dumps(rows[k], sort_keys=True) + "\n"
                                            for k in sorted(rows)))


def _start_model(config: ImproveConfig) -> str:
    return str(registry.load(DOMAIN).model_file(config.model))


def improve(out: str | Path, config: ImproveConfig = ImproveConfig(),
            progress: Progress | None = None, executor=None) -> list[dict]:
    """Run (or resume) the loop in ``out``; returns the log's rows, one per round.
    ``executor`` (a Dask client's, say) runs the generation stages' shards."""
    config.validate()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    settings = out / "settings.json"
    mine = json.dumps(asdict(config), indent=1, sort_keys=True) + "\n"
    if settings.exists() and _differ(read_text(settings), mine):
        raise SymgenError(f"{out}: holds a loop run with other settings ({settings}); "
                          "resume with the same ones or choose another --out")
    atomic_write(settings, mine)
    base = _base_records(config)
    user = _user_problems(config.problems)
    _say(progress, f"held-out split: {config.heldout} problems the heuristic misses within "
                   f"{config.eval_nodes} children")
    held = _generate(out / "heldout", HELDOUT_SEED + config.seed, config.heldout, config,
                     config.eval_nodes, executor)
    heldout, held_keys = _problems(held), {r.get("dedup_key") for r in held}
    model = _start_model(config)
    rows = _logged(out)
    if 0 not in rows:
        _say(progress, "round 0: the starting model on the held-out split")
        solved, total = _heldout_rate(out / "round-00-heldout.jsonl", heldout, model, config,
                                      progress)
        _log(out, Round(0, heldout_solved=solved, heldout_total=total,
                        extra={"model": model}))
    found: list[dict] = []
    for r in range(1, config.rounds + 1):
        folder = out / f"round-{r:02d}"
        if r in _logged(out):
            found += _unseen(_found(folder / "search.jsonl"), base + found)
            model = str(folder / "model-small.pt")
            continue
        _say(progress, f"round {r}: pool")
        fresh = _generate(folder / "pool", POOL_SEED + 1000 * config.seed + r, config.pool,
                          config, config.eval_nodes, executor)
        kept = [x for x in fresh if x.get("dedup_key") not in held_keys]
        if len(kept) < len(fresh):        # up to renaming, a held-out problem is never trained on
            _say(progress, f"  {len(fresh) - len(kept)} pool problem(s) are held-out ones: left out")
        pool = _problems(kept) + user
        _say(progress, f"round {r}: searching {len(pool)} problems with model {r - 1} and "
                       "the heuristic")
        work = _SearchWork("both", model, config.search_nodes, config.search_seconds, r)
        rows_r = _search(folder / "search.jsonl", pool, work, config.workers, progress)
        new = _unseen([row["record"] for row in rows_r if "record" in row], base + found)
        found += new
        train_dir = folder / "train"
        records = base + found
        if not records:
            raise SymgenError(f"round {r}: no records to train on (no proof found and no "
                              "--base corpus)")
        _write_corpus(train_dir, records, {"round": r, "base": len(base), "found": len(found)})
        _say(progress, f"round {r}: training model {r} on {len(records)} records "
                       f"({len(found)} found by the loop)")
        val = _train(train_dir, folder / "model.pt", model, config)
        model = str(folder / "model-small.pt")
        _say(progress, f"round {r}: model {r} on the held-out split")
        solved, total = _heldout_rate(folder / "heldout.jsonl", heldout, model, config, progress)
        _log(out, Round(r, tried=len(pool), solved=sum(bool(x.get("solved")) for x in rows_r),
                        new_records=len(new), records=len(records), val_loss=val,
                        heldout_solved=solved, heldout_total=total))
    rows = _logged(out)
    return [rows[k] for k in sorted(rows)]


def _differ(old: str, new: str) -> bool:
    """Do two settings files differ in a setting that changes the results?  (``rounds``
    and ``workers`` may change: more rounds continue a run, workers only change speed.)"""
    defaults = json.loads(json.dumps(asdict(ImproveConfig())))   # a setting added since
    try:
        a, b = defaults | json.loads(old), defaults | json.loads(new)
    except (ValueError, TypeError):
        return True
    free = {"rounds", "workers", "executor"}
    return {k: v for k, v in a.items() if k not in free} != \
        {k: v for k, v in b.items() if k not in free}


def _unseen(records: list[dict], known: list[dict]) -> list[dict]:
    """``records`` but those whose dedup key ``known`` or an earlier one of them has: a
    problem the loop met before adds nothing new."""
    seen = {r.get("dedup_key") for r in known}
    out = []
    for r in records:
        if r.get("dedup_key") not in seen:
            seen.add(r.get("dedup_key"))
            out.append(r)
    return out


def _found(path: Path) -> list[dict]:
    if not path.exists():
        return []
    rows = [json.loads(line) for line in read_text(path).splitlines() if line.strip()]
    return [row["record"] for row in rows if isinstance(row, dict) and "record" in row]


def _base_records(config: ImproveConfig) -> list[dict]:
    if config.base is None:
        return []
    from .train import load_records
    manifest, records = load_records(Path(config.base))
    if manifest["domain"] != DOMAIN:
        raise InputError(f"{config.base}: a {manifest['domain']} corpus; improve needs "
                         f"{DOMAIN}")
    return records
