"""symgen as a library: prove a problem, generate a corpus, load one, a call each.

``symgen.prove``, ``symgen.generate`` and ``symgen.load_corpus`` (``symgen/__init__.py``
hands them out from here on first use, so ``import symgen`` imports nothing heavy, and
each of them imports what it needs when called).  They do what ``symgen prove``,
``symgen generate`` and ``symgen check``'s reading do, with the same safety: problem
text is parsed by the domain's grammar (never evaluated), every proof is replayed in the
domain's checker before it is returned, a search stops at ``timeout`` whatever the
input, and a corpus is read only from the files its manifest names inside its folder.
Bad input raises ``SymgenError`` (``InputError``, ``ProblemError``) naming the input,
the position and the reason.  Nothing here prints.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import registry
from .domain import Outcome
from .errors import InputError, InternalError, SymgenError
from .limits import BACKSTOP_GRACE, TimeUp, backstop

SOURCE = "<string>"  # the source named in the errors of problem text


def _problem(dom, problem: Any, name: str | None):
    """The one problem that ``problem`` (text, or a problem object) stands for."""
    if not isinstance(problem, str):
        return problem
    items = dom.parse_file(problem, SOURCE)
    if name is not None:
        items = [p for p in items if getattr(p, "name", getattr(p, "problem", None)) == name]
    if not items:
        raise InputError(f"{SOURCE}: " + (f"no problem named {name!r}" if name is not None
                                          else "no problems in the text"))
    if len(items) > 1:
        raise InputError(f"{SOURCE}: holds {len(items)} problems; choose one with name=")
    if isinstance(items[0], SymgenError):
        raise items[0]
    return items[0]


def prove(problem: Any, domain: str = registry.DEFAULT_DOMAIN, proposer: str = "none",
          timeout: float = 60.0, *, name: str | None = None, model: str | None = None,
          seed: int = 0, beam: int = 4, depth: int = 2, device: str | None = None) -> Outcome:
    """Prove one problem: its text in the domain's language (a file's text with ``name``
    choosing one of its problems) or a parsed problem.  ``proposer`` is none (symbolic
    only), heuristic, model or both (``model``: a checkpoint, or 'default').  Returns the
    domain's ``Outcome`` (``.solved``, ``.text()``, ``.to_json()``); a proof is returned
    only once the domain's checker has replayed it."""
    if not 0 < timeout < 1e7:
        raise SymgenError(f"timeout must be a positive number of seconds, not {timeout!r}")
    dom = registry.load(domain)
    item = _problem(dom, problem, name)
    helper = dom.make_proposer(proposer, model, device)
    try:
        with backstop(timeout + BACKSTOP_GRACE):
            result = dom.prove(item, seconds=timeout, seed=seed, proposer=helper, beam=beam,
                               depth=depth)
            rejected = dom.replay(result) if result.solved else None
    except TimeUp:
        return Outcome(problem=item, solved=False, stop="time limit", seconds=timeout)
    if rejected is not None:
        raise InternalError(f"{getattr(item, 'name', '?')}: the prover found a proof that its "
                            f"checker rejects ({rejected})")
    return result


def generate(out: str | Path, domain: str = registry.DEFAULT_DOMAIN, count: int = 300,
             seed: int = 0, *, workers: int = 1, force: bool = False, **settings) -> dict:
    """Write a verified corpus of ``count`` theorems into ``out``, as ``symgen generate``
    does (and resuming as it does); ``settings`` are the domain's generation settings
    (``aux_only``, ``weights``, ``min_proof_steps``, ``per_diagram``, ``steps``, ...).
    Returns the run's summary: ``records``, ``files``, ``report``, ``timing``."""
    from . import corpus
    from .corpus_folder import claim
    if count < 1 or workers < 1:
        raise SymgenError(f"count and workers must be at least 1, not {count} and {workers}")
    settings = {"aux_only": False, "weights": {}, **settings}     # as the CLI gives them
    registry.load(domain).generate_config(settings)              # checked before any work
    run = corpus.Run(domain, seed, count, settings, Path(out))
    claim(run, force=force)
    return corpus.generate(run, workers=workers)


def load_corpus(folder: str | Path) -> list[dict]:
    """The records of a corpus folder, in order, read as ``symgen check`` reads them (only
    the files the manifest names, with their hashes and counts); ``InputError`` naming the
    file, the line and the reason at the first thing wrong.  (For a Hugging Face
    ``Dataset``: ``datasets.load_dataset(folder)``.)"""
    from . import corpus_audit
    folder = Path(folder)
    findings, lines = corpus_audit.tasks(folder, fresh=0)
    for where, failures in findings:
        if failures:
            raise InputError(f"{folder}: {where}: {failures[0]}")
    records = []
    for task in lines:
        record = corpus_audit.read_record(task.line)
        if isinstance(record, str):
            raise InputError(f"{folder}: {task.where}: {record}")
        records.append(record)
    return records
