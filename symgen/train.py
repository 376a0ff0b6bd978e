"""Training a construction proposer on a generated corpus, AlphaGeometry style.

A corpus folder (``symgen generate``) holds ``manifest.json`` and records in
``data/*.jsonl`` (or ``parquet/*.parquet``); training reads its ``train`` and
``validation`` splits, never ``test``.  The corpus's domain turns
each record into (prompt, target) texts (``domain.training_pairs``): the
target is one auxiliary construction, or empty when the theorem needs none.
Each pair becomes one sequence (``Tokenizer.sequence``); a hash of the record's
source (its ``seed`` and ``index``: one generated diagram, program or premise set,
whose many theorems share premises and constructions) puts about ``val_frac`` of
the sources in a validation set, so the validation loss measures what the model
makes of unseen diagrams, not of other goals of diagrams it trained on (records
without a source split by their prompt).  The schedule
is AlphaGeometry's: for the first ``pretrain_frac`` of the steps, batches are
drawn from all sequences with the loss on every token; then only from those
with a target, with the loss on the target and its ``<eos>``.  With
``distractors`` N > 0 the domain (``domain.distractor_pairs``) also gives each aux
record a second form whose premises carry 1 to N unrelated construction steps, so
the model learns to look past premises a proof does not use; its pairs go to the
split of the record's own.  The batch of
step *s* is a pure function of ``(seed, s)``, and a checkpoint carries the
optimizer and the torch RNG state, so a run resumed from its checkpoint ends
with the same weights as one never stopped.  Checkpoints are plain dicts
written atomically every ``eval_every`` steps; ``strip`` drops what only
resuming needs, ``load_model`` rebuilds the model and tokenizer for decoding.
"""
from __future__ import annotations

import io
import logging
import math
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Callable, Mapping

import numpy as np
import torch

from . import corpus_files, registry
from .corpus_files import read_manifest
from .dataset import split_of
from .errors import InputError, SymgenError
from .files import atomic_write
from .model import GPT, GPTConfig, pick_device
from .tokenizer import PAD, Tokenizer, split

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 2000
    batch_size: int = 32
    lr: float = 1e-3
    min_lr_frac: float = 0.1       # the cosine decays to lr * min_lr_frac
    warmup: int = 100              # steps of linear warm-up
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    eval_every: int = 200          # steps between validation and checkpoint
    seed: int = 0
    pretrain_frac: float = 0.5     # share of the steps on all sequences before the aux targets
    val_frac: float = 0.05
    device: str = "cpu"
    block_size: int = 256
    n_layer: int = 4
    n_head: int = 4
    n_embd: int = 128
    dropout: float = 0.0
    distractors: int = 0           # most unrelated steps in an aux record's second form

    def model_config(self, vocab_size: int) -> GPTConfig:
        return GPTConfig(vocab_size=vocab_size, block_size=self.block_size, n_layer=self.n_layer,
                         n_head=self.n_head, n_embd=self.n_embd, dropout=self.dropout)

    def validate(self, names: Mapping[str, str] | None = None) -> None:
        """Raise SymgenError for the first bad setting; ``names`` spells fields (e.g. as flags)."""
        names = names or {}
        for name, low in _AT_LEAST.items():
            if getattr(self, name) < low:
                raise SymgenError(f"{names.get(name, name)} must be at least {low}, "
                                  f"not {getattr(self, name)}")
        for name, (low, high) in _WITHIN.items():
            if not low <= getattr(self, name) <= high:
                raise SymgenError(f"{names.get(name, name)} must be within [{low}, {high}], "
                                  f"not {getattr(self, name)}")
        if self.n_embd % self.n_head:
            raise SymgenError(f"{names.get('n_embd', 'n_embd')} ({self.n_embd}) must be a "
                              f"multiple of {names.get('n_head', 'n_head')} ({self.n_head})")


_AT_LEAST = {"distractors": 0, "steps": 1, "batch_size": 1, "eval_every": 1, "warmup": 0,
             "block_size": 2, "n_layer": 1, "n_head": 1, "n_embd": 1, "lr": 1e-12,
             "weight_decay": 0.0, "grad_clip": 0.0}
_WITHIN = {"pretrain_frac": (0.0, 1.0), "val_frac": (0.0, 1.0), "min_lr_frac": (0.0, 1.0),
           "dropout": (0.0, 0.99)}
# Settings that may change when a run is resumed: they do not change the weights.
_RESUMABLE = {"steps", "eval_every", "device"}


@dataclass(frozen=True)
class Example:
    ids: tuple[int, ...]
    target_at: int | None          # index in ids of the first target token; None without target


@dataclass(frozen=True)
class Data:
    domain: str
    tokenizer: Tokenizer
    train: list[Example]
    val: list[Example]


# ---------------------------------------------------------------------------
# Corpus -> examples

TRAINED_ON = ("train", "validation")     # a corpus's test split is never trained on


def load_records(data_dir: Path, splits: tuple[str, ...] | None = None
                 ) -> tuple[dict, list[dict]]:
    """The manifest and the records of a corpus folder (of ``splits``, default all), from its
    JSONL files, else from its Parquet files."""
    if not data_dir.is_dir():
        raise InputError(f"{data_dir}: no such corpus folder")
    manifest = read_manifest(data_dir)
    entries = [e for e in manifest.get("files") or () if isinstance(e, dict)]
    formats = {e.get("format", "jsonl") for e in entries}
    fmt = "jsonl" if "jsonl" in formats or not formats else sorted(formats)[0]
    try:
        records = corpus_files.read_records(data_dir, fmt, splits)
    except InputError as err:
        raise InputError(f"{err} (symgen check {data_dir} lists every bad record)") from None
    if not records:
        raise InputError(f"{data_dir}: no records in the data files its manifest lists")
    return manifest, records


def _is_val(key: str, frac: float) -> bool:
    """The corpus's own split function (``symgen.dataset.split_of``) with ``frac`` validation:
    a corpus made with the same validation fraction has exactly this validation set."""
    return split_of(key, (1 - frac, frac, 0.0)) == "validation"


def _domain(manifest: dict, domain):
    if domain is None:
        domain = registry.load(manifest["domain"])
    if domain.name != manifest["domain"]:
        raise InputError(f"the corpus is of domain {manifest['domain']!r}, not {domain.name!r}")
    return domain


def _source(record: dict) -> str | None:
    """What a generated record was drawn from (its seed and index), if it says."""
    if "seed" in record and "index" in record:
        return f"{record['seed']}/{record['index']}"
    return None


def _pairs(records: list[dict], domain, config: TrainConfig) -> list[tuple[str, str, str]]:
    """(prompt, target, split key) of every record: the split key is the record's source
    (else its prompt), and a distractor form keeps its record's key, so no diagram (no
    statement) is on both sides of the split."""
    out = []
    for i, record in enumerate(records):
        try:
            plain = domain.training_pairs(record)
        except (KeyError, TypeError, ValueError, AttributeError, SymgenError) as err:
            raise InputError(f"record {i + 1} ({str(record.get('id'))[:60]}): not a usable "
                             f"{domain.name} record ({type(err).__name__}: "
                             f"{str(err)[:200]}); symgen check lists every bad record") from None
        source = _source(record)
        keys = [source or prompt for prompt, _ in plain]
        out += [(prompt, target, key) for (prompt, target), key in zip(plain, keys)]
        if config.distractors and plain:
            rng = np.random.default_rng([config.seed, i])
            extra = domain.distractor_pairs(record, rng, config.distractors)
            out += [(prompt, target, key) for (prompt, target), key in zip(extra, keys)]
    return out


def prepare(data_dir: Path, config: TrainConfig, domain=None,
            tokenizer: Tokenizer | None = None) -> Data:
    """Tokenizer and train/validation examples of a corpus folder.  With ``tokenizer`` (a
    model's, to go on training it), the corpus is encoded with that one: a token it does
    not know becomes ``<unk>``, and how many did is logged."""
    manifest, records = load_records(data_dir, TRAINED_ON)
    domain = _domain(manifest, domain)
    pairs = _pairs(records, domain, config)
    if not pairs:
        raise SymgenError(f"{data_dir}: the domain made no training pairs of "
                          f"{len(records)} records")
    if tokenizer is None:
        tok = Tokenizer.build((t for prompt, target, _ in pairs for t in (prompt, target)),
                              extra=domain.vocabulary())
    else:
        tok = tokenizer
        unknown = {w for prompt, target, _ in pairs for t in (prompt, target) for w in split(t)
                   if w not in tok.index}
        if unknown:
            log.warning("%d token(s) of the corpus are not in the model's vocabulary and "
                        "read as <unk> (e.g. %s)", len(unknown), ", ".join(sorted(unknown)[:5]))
    train, val, too_long = [], [], 0
    for prompt, target, key in pairs:
        ids = tok.sequence(prompt, target)
        if len(ids) - 1 > config.block_size:
            too_long += 1
            continue
        at = len(tok.prompt_ids(prompt)) if target else None
        (val if _is_val(key, config.val_frac) else train).append(Example(tuple(ids), at))
    if too_long:
        log.warning("%d of %d sequences are longer than the block (%d) and left out",
                    too_long, len(pairs), config.block_size)
    if not train:
        raise SymgenError(f"{data_dir}: no training sequences ({len(val)} went to validation)")
    log.info("%d training and %d validation sequences, %d tokens",
             len(train), len(val), len(tok))
    return Data(manifest["domain"], tok, train, val)


def make_batch(examples: list[Example], rows, aux: bool,
               device: torch.device) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Inputs, targets and loss mask (B, T), right-padded; with ``aux`` the mask keeps
    only the target tokens and the final ``<eos>``."""
    chosen = [examples[r] for r in rows]
    T = max(len(e.ids) for e in chosen) - 1
    x = np.full((len(chosen), T), PAD, dtype=np.int64)                    # (B, T)
    y = np.full((len(chosen), T), PAD, dtype=np.int64)                    # (B, T)
    mask = np.zeros((len(chosen), T), dtype=np.int64)                     # (B, T)
    for i, e in enumerate(chosen):
        n = len(e.ids) - 1
        x[i, :n], y[i, :n] = e.ids[:-1], e.ids[1:]
        mask[i, (e.target_at - 1 if aux else 0):n] = 1
    return tuple(torch.from_numpy(a).to(device) for a in (x, y, mask))


# ---------------------------------------------------------------------------
# Checkpoints

def save_checkpoint(checkpoint: dict, path: Path) -> None:
    """Write atomically: a temporary file in the same folder, then a rename."""
    buf = io.BytesIO()
    torch.save(checkpoint, buf)
    atomic_write(Path(path), buf.getvalue())


def read_checkpoint(path: Path) -> dict:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such model file")
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:                 # torch raises many kinds for a damaged file
        raise InputError(f"{path}: not a symgen model ({type(err).__name__}: {err})") from None
    if not isinstance(checkpoint, dict):
        raise InputError(f"{path}: not a symgen model (holds a {type(checkpoint).__name__})")
    missing = {"model", "model_config", "tokenizer", "domain", "step"} - set(checkpoint)
    if missing:
        raise InputError(f"{path}: not a symgen model (lacks {', '.join(sorted(missing))})")
    return checkpoint


# A checkpoint's model config is read before its weights: bounds that keep a crafted file
# from allocating more than a few GB (the shipped models are 4 layers of 128).
_CONFIG_BOUNDS = {"vocab_size": (1, 1_000_000), "block_size": (2, 65_536), "n_layer": (1, 64),
                  "n_head": (1, 128), "n_embd": (1, 8192)}
_MAX_PARAMETERS = 2_000_000_000


def checked_config(raw: object, path: Path) -> GPTConfig:
    """A checkpoint's ``model_config`` as a GPTConfig, within ``_CONFIG_BOUNDS``."""
    if not isinstance(raw, dict) or set(raw) - {f.name for f in fields(GPTConfig)}:
        raise InputError(f"{path}: not a symgen model (a malformed model config)")
    for name, (low, high) in _CONFIG_BOUNDS.items():
        value = raw.get(name, getattr(GPTConfig, name, low))
        if not (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
            raise InputError(f"{path}: model config {name} = {value!r} is not within "
                             f"[{low}, {high}]")
    config = GPTConfig(**raw)
    if not isinstance(config.dropout, (int, float)) or not 0 <= config.dropout < 1:
        raise InputError(f"{path}: model config dropout = {config.dropout!r} is not in [0, 1)")
    if config.n_embd % config.n_head:
        raise InputError(f"{path}: model config n_embd is not a multiple of n_head")
    size = config.n_layer * 12 * config.n_embd ** 2 + (config.vocab_size + config.block_size) \
        * config.n_embd
    if size > _MAX_PARAMETERS:
        raise InputError(f"{path}: a model of {size} parameters is larger than symgen loads")
    return config


def strip(checkpoint: dict) -> dict:
    """The checkpoint without what only resuming needs (optimizer state, RNG state)."""
    return {k: v for k, v in checkpoint.items() if k not in ("optimizer", "rng")}


def load_model(path: Path, device: str | None = None) -> tuple[GPT, Tokenizer, dict]:
    """The model (in eval mode, on ``device``), its tokenizer and the checkpoint dict."""
    checkpoint = read_checkpoint(Path(path))
    try:
        model = GPT(checked_config(checkpoint["model_config"], path))
        model.load_state_dict(checkpoint["model"])
    except (TypeError, RuntimeError, ValueError) as err:
        raise InputError(f"{path}: the weights do not fit the model config ({err})") from None
    tokenizer = Tokenizer.from_dict(checkpoint["tokenizer"])
    return model.to(pick_device(device)).eval(), tokenizer, checkpoint


def _rng_state(device: torch.device) -> dict:
    cuda = torch.cuda.get_rng_state_all() if device.type == "cuda" else []
    return {"cpu": torch.get_rng_state(), "cuda": cuda}


def _set_rng_state(state: dict, device: torch.device) -> None:
    torch.set_rng_state(state["cpu"])
    if state["cuda"] and device.type == "cuda":
        torch.cuda.set_rng_state_all(state["cuda"])


# ---------------------------------------------------------------------------
# The run

Progress = Callable[[int, int, float, "dict | None"], None]   # (step, steps, loss, eval entry)


def learning_rate(step: int, config: TrainConfig) -> float:
    """Linear warm-up, then cosine decay to ``lr * min_lr_frac`` at the last step."""
    if step <= config.warmup:
        return config.lr * step / max(config.warmup, 1)
    progress = (step - config.warmup) / max(config.steps - config.warmup, 1)
    low = config.lr * config.min_lr_frac
    return low + 0.5 * (1.0 + math.cos(math.pi * min(progress, 1.0))) * (config.lr - low)


def _optimizer(model: GPT, config: TrainConfig, device: torch.device) -> torch.optim.AdamW:
    """AdamW; matrices decay, biases and norms do not (as in nanoGPT)."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [{"params": [p for p in params if p.dim() >= 2], "weight_decay": config.weight_decay},
              {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=config.lr, betas=(0.9, 0.95),
                             foreach=device.type == "cuda")


def _resume(checkpoint: dict, path: Path, config: TrainConfig, data: Data) -> None:
    """Refuse a checkpoint that this corpus and config cannot continue."""
    if "optimizer" not in checkpoint:
        raise SymgenError(f"{path}: a stripped model cannot be resumed")
    if checkpoint["domain"] != data.domain:
        raise SymgenError(f"{path}: trained on domain {checkpoint['domain']!r}, "
                          f"the corpus is {data.domain!r}")
    if Tokenizer.from_dict(checkpoint["tokenizer"]) != data.tokenizer:
        raise SymgenError(f"{path}: its vocabulary differs from this corpus's")
    old = checkpoint.get("train_config", {})
    old = {f.name: old.get(f.name, f.default) for f in fields(config)}   # older: fewer fields
    changed = [f"{f.name} {old[f.name]}, not {getattr(config, f.name)}"
               for f in fields(config)
               if f.name not in _RESUMABLE and old[f.name] != getattr(config, f.name)]
    if changed:
        raise SymgenError(f"{path}: trained with other settings ({'; '.join(changed)}); "
                          "resume with the same ones")


def _start(out: Path, config: TrainConfig, data: Data, resume: bool, device: torch.device,
           init: dict | None = None):
    """Model, optimizer, step done and history: fresh (seeded), from the weights of ``init``
    (a checkpoint whose tokenizer ``data`` was encoded with; a new optimizer), or from ``out``."""
    torch.manual_seed(config.seed)
    if init is None:
        model = GPT(config.model_config(len(data.tokenizer))).to(device)
    else:
        model = GPT(checked_config(init["model_config"], out)).to(device)
        try:
            model.load_state_dict(init["model"])
        except (TypeError, RuntimeError, ValueError) as err:
            raise InputError(f"the --init model's weights do not fit its config ({err})") from None
    optimizer = _optimizer(model, config, device)
    if not out.exists():
        return model, optimizer, 0, []
    if not resume:
        raise SymgenError(f"{out}: exists; continue it with --resume or choose another --out")
    checkpoint = read_checkpoint(out)
    _resume(checkpoint, out, config, data)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    _set_rng_state(checkpoint["rng"], device)
    log.info("resuming %s at step %d", out, checkpoint["step"])
    return model, optimizer, checkpoint["step"], list(checkpoint["history"])


@torch.no_grad()
def evaluate(model: GPT, examples: list[Example], aux: bool, batch_size: int) -> float | None:
    """Mean loss per counted token over ``examples`` (None if there are none)."""
    if not examples:
        return None
    model.eval()
    total, count = 0.0, 0
    for i in range(0, len(examples), batch_size):
        x, y, mask = make_batch(examples, range(i, min(i + batch_size, len(examples))), aux,
                                model.device)
        _, loss = model(x, y, mask)
        n = int(((y != PAD) & mask.bool()).sum())
        total, count = total + loss.item() * n, count + n
    model.train()
    return total / max(count, 1)


def _validation(model: GPT, data: Data, batch_size: int) -> float | None:
    """The loss on the validation targets if any have one, else on whole sequences."""
    aux = [e for e in data.val if e.target_at is not None]
    return evaluate(model, aux, True, batch_size) if aux else evaluate(model, data.val, False,
                                                                       batch_size)


def _train_step(model: GPT, optimizer, data: Data, pools, step: int, config: TrainConfig) -> float:
    aux = step > round(config.pretrain_frac * config.steps) and len(pools[1]) > 0
    pool = pools[1] if aux else pools[0]
    rng = np.random.default_rng([config.seed, step])      # the batch: a function of (seed, step)
    rows = pool[rng.integers(0, len(pool), size=config.batch_size)]
    x, y, mask = make_batch(data.train, rows, aux, model.device)
    for group in optimizer.param_groups:
        group["lr"] = learning_rate(step, config)
    _, loss = model(x, y, mask)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if config.grad_clip > 0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
    optimizer.step()
    return loss.item()


def _shape(model_config: GPTConfig) -> dict:
    """The TrainConfig fields that a model's architecture fixes."""
    return {"block_size": model_config.block_size, "n_layer": model_config.n_layer,
            "n_head": model_config.n_head, "n_embd": model_config.n_embd}


def _best_so_far(history: list[dict]) -> float:
    vals = [e["val_loss"] for e in history if e.get("val_loss") is not None]
    return min(vals, default=math.inf)


def _checkpoint(model: GPT, optimizer, config: TrainConfig, data: Data, step: int,
                history: list[dict]) -> dict:
    return {"model": {k: v.detach().cpu() for k, v in model.state_dict().items()},
            "model_config": asdict(model.config), "train_config": asdict(config),
            "tokenizer": data.tokenizer.to_dict(), "domain": data.domain, "step": step,
            "optimizer": optimizer.state_dict(), "history": list(history),
            "rng": _rng_state(model.device)}


def train(data_dir: str | Path, out_path: str | Path, config: TrainConfig, domain=None, *,
          resume: bool = False, progress: Progress | None = None,
          best_path: str | Path | None = None, init: str | Path | None = None) -> dict:
    """Train (or, with ``resume``, continue) a model on a corpus; returns the last checkpoint.

    ``domain`` is the object with ``training_pairs`` and ``vocabulary`` (by default
    the registry's, named by the corpus manifest).  ``progress(step, steps, loss,
    entry)`` is called after every step; ``entry`` is the new history entry
    (step, loss, val_loss) at evaluation steps, else None.  With ``best_path``, the
    weights of the evaluation with the lowest validation loss so far are kept there
    as well (stripped, as shipped), nanoGPT's habit: fine-tuning on the aux targets
    can overfit before the last step.  With ``init`` (a model file, stripped or not), the
    run starts from that model's weights and vocabulary instead of random ones, with a
    fresh optimizer and schedule, and its architecture (the config's layer sizes are
    ignored): the self-improvement loop goes on training each round's model this way."""
    config.validate()
    device = pick_device(config.device)
    start = None
    if init is not None:
        start = read_checkpoint(Path(init))
        config = replace(config, **_shape(checked_config(start["model_config"], Path(init))))
    tokenizer = Tokenizer.from_dict(start["tokenizer"]) if start is not None else None
    data, out = prepare(Path(data_dir), config, domain, tokenizer), Path(out_path)
    if start is not None and start["domain"] != data.domain:
        raise SymgenError(f"{init}: trained on domain {start['domain']!r}, the corpus is "
                          f"{data.domain!r}")
    pools = (np.arange(len(data.train)),
             np.array([i for i, e in enumerate(data.train) if e.target_at is not None], dtype=int))
    if not len(pools[1]):
        log.warning("no training sequence has a target: every step is pretraining")
    if not data.val:
        log.warning("%s: no validation set (no diagram fell to it, with val_frac %g): the "
                    "validation loss is not measured and --best keeps nothing", data_dir,
                    config.val_frac)
    cuda = [device.index if device.index is not None else torch.cuda.current_device()] \
        if device.type == "cuda" else []
    with torch.random.fork_rng(devices=cuda):           # the caller's RNG is left as it was
        model, optimizer, done, history = _start(out, config, data, resume, device, start)
        model.train()
        checkpoint, running = None, []
        best = _best_so_far(history) if best_path and Path(best_path).exists() else math.inf
        for step in range(done + 1, config.steps + 1):
            loss = _train_step(model, optimizer, data, pools, step, config)
            running.append(loss)
            entry = None
            if step % config.eval_every == 0 or step == config.steps:
                entry = {"step": step, "loss": float(np.mean(running)),
                         "val_loss": _validation(model, data, config.batch_size)}
                history.append(entry)
                running = []
                checkpoint = _checkpoint(model, optimizer, config, data, step, history)
                save_checkpoint(checkpoint, out)
                if best_path and entry["val_loss"] is not None and entry["val_loss"] < best:
                    best = entry["val_loss"]
                    save_checkpoint(strip(checkpoint), Path(best_path))
                log.info("step %d loss %.4f val %s", step, entry["loss"], entry["val_loss"])
            if progress:
                progress(step, config.steps, loss, entry)
    if checkpoint is None:
        log.info("%s is already at step %d of %d", out, done, config.steps)
        checkpoint = read_checkpoint(out)
    return checkpoint
