"""A benchmark suite: prove every problem of a file, each under a hard time limit.

``run_suite(path, timeout=T, domain=NAME)`` reads the file through the domain
(``registry.load(NAME).parse_file``) and proves its problems in worker processes
(``pool``).  Each prove gets ``T`` as its own (soft) limit, so the prover normally
stops by itself; a backstop timer stops it ``BACKSTOP_SECONDS`` later wherever it is,
and a worker that has not answered ``grace`` seconds after the limit is killed, its
problem gets a ``timeout`` row, and a fresh worker takes its place.  A problem that
fails to parse or build, or that crashes the prover, gets a row naming the error;
nothing a problem does stops the suite.  Rows come back in file order, one per problem.

The prover is the domain's ``prove`` (``Searching``: with a proposer made by name,
once per worker), wrapped in ``Checked``, which replays each proof in the domain's
checker (``replay``) or runs the domain's full check (``check_result``).  Nothing
here knows a domain: what differs between them is behind the domain object.
"""
from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from symgen import registry
from symgen.errors import InputError, ProblemError, SymgenError
from symgen.limits import TimeUp, backstop, read_text
from symgen.proposing import NEEDS_MODEL
from symgen.saturate import StopReason

from .pool import Lost, run_tasks
from .rows import BUILD_ERROR, CHECK_FAILED, CRASH, PARSE_ERROR, TIMEOUT, Row

Problem = object        # a domain's problem (geometry's ``Problem``, arithmetic's, ...)
Result = object         # what a domain's ``prove`` returns: a ``symgen.domain.Outcome``

log = logging.getLogger(__name__)

GRACE_SECONDS = 5.0      # after the soft limit, before a silent worker is killed
BACKSTOP_SECONDS = 0.5   # after the soft limit, before a worker's own timer stops the prover
NOT_PROBLEMS = (".md", ".csv", ".json", ".yaml", ".yml", ".log")   # notes beside the problems

ProveFn = Callable[..., Result]                # called as prove(problem, seconds=..., seed=...)
Progress = Callable[[Row, int, int], None]     # (row, rows done, total)


class CheckFailed(SymgenError):
    """A proof that does not replay, or a derived fact the domain's check refutes."""


class Searching:
    """The domain's ``prove``, with a proposer made by name (``none``: symbolic only) once
    per worker process (a model is loaded where it is used, never pickled); picklable, so
    it travels to workers."""

    def __init__(self, proposer: str = "none", model: str | None = None, *, beam: int = 4,
                 depth: int = 2, proposals: int = 32, nodes: int | None = None,
                 domain: str = registry.DEFAULT_DOMAIN) -> None:
        self.name, self.model, self.domain = proposer, model, domain
        self.options = dict(beam=beam, depth=depth, proposals=proposals)
        if nodes is not None:              # a budget of children (geometry's search)
            self.options["nodes"] = nodes
        self._proposer = None

    def check(self) -> None:
        """Fail early, in the parent, on an unknown proposer or a missing model file."""
        registry.load(self.domain).check_proposer(self.name, self.model)

    def __call__(self, problem: Problem, *, seconds: float, seed: int = 0) -> Result:
        dom = registry.load(self.domain)
        if self._proposer is None and self.name != "none":
            if self.name in NEEDS_MODEL:             # one thread per worker process
                import torch
                torch.set_num_threads(1)
            self._proposer = dom.make_proposer(self.name, self.model)
        return dom.prove(problem, seconds=seconds, seed=seed, proposer=self._proposer,
                         **self.options)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_proposer": None}


class Checked:
    """``prove`` followed by the independent checks (not counted in ``seconds``): a solved
    proof replays in the domain's checker (always: the suite never counts a proof its
    checker rejects), and with ``numeric`` the domain's whole ``check_result`` runs (every
    derived fact on the diagram, or at random feasible points, and the replay)."""

    def __init__(self, prove_fn: ProveFn, domain: str = registry.DEFAULT_DOMAIN, *,
                 numeric: bool = True) -> None:
        self.prove_fn = prove_fn
        self.domain = domain
        self.numeric = numeric

    def __call__(self, problem: Problem, **kw) -> Result:
        result = self.prove_fn(problem, **kw)
        dom = registry.load(self.domain)
        if self.numeric:
            failure = dom.check_result(result)
        else:
            failure = dom.replay(result) if result.solved else None
        if failure:
            raise CheckFailed(failure)
        return result


@dataclass(frozen=True)
class _Attempt:
    """One problem, inside a worker: prove it, and turn every outcome into a row."""

    prove_fn: ProveFn
    timeout: float
    seed: int
    domain: str
    seeds: dict[str, int] | None = None      # a problem's own seed, by name, over ``seed``

    def __call__(self, problem: Problem) -> Row:
        """Every failure becomes a row.  A backstop timer stops the prover
        ``BACKSTOP_SECONDS`` past the limit wherever it is, before the parent's hard kill."""
        start = time.perf_counter()
        try:
            with backstop(self.timeout + BACKSTOP_SECONDS):
                seed = self.seed if self.seeds is None else self.seeds.get(problem.name, self.seed)
                result = self.prove_fn(problem, seconds=self.timeout, seed=seed)
        except ProblemError as err:
            return Row(problem.name, False, None, None, BUILD_ERROR, str(err))
        except CheckFailed as err:
            return Row(problem.name, False, None, None, CHECK_FAILED, str(err))
        except TimeUp:
            return Row(problem.name, False, time.perf_counter() - start, None,
                       StopReason.TIME.value)
        except Exception as err:   # noqa: BLE001 - a crash must not stop the suite
            log.debug("prover crashed on %s", problem.name, exc_info=True)
            return Row(problem.name, False, None, None, CRASH, f"{type(err).__name__}: {err}"[:500])
        extra = tuple((c, result.columns[c]) for c in registry.load(self.domain).columns)
        return Row(problem.name, bool(result.solved), result.seconds, result.steps, result.stop,
                   extra=extra)


def _lost_row(lost: Lost) -> Row:
    name = lost.item.name
    if lost.killed:
        return Row(name, False, lost.seconds, None, TIMEOUT)
    return Row(name, False, None, None, CRASH, f"worker died (exit code {lost.exit_code})")


def read_problems(path: str | Path, domain: str = registry.DEFAULT_DOMAIN
                  ) -> list[Problem | ProblemError]:
    """The problems of a file, or of every file in a folder but notes (``NOT_PROBLEMS``), in
    natural order (2.c before 10.c); ``InputError`` naming the file if it cannot be read (in
    a folder: an error row for that file, and the others still run)."""
    if Path(path).is_dir():
        files = sorted((f for f in Path(path).iterdir() if f.is_file() and not f.name.startswith(".")
                        and f.suffix.lower() not in NOT_PROBLEMS), key=_natural)
        return [item for f in files for item in _read_one(f, domain)]
    text = read_text(path, "cannot read problem file")
    return registry.load(domain).parse_file(text, str(path))


def _read_one(path: Path, domain: str) -> list[Problem | ProblemError]:
    """One file of a folder: its problems, or one error row if it cannot be read."""
    try:
        return read_problems(path, domain)
    except InputError as err:
        return [ProblemError(str(err).removeprefix(f"{path}: "), source=str(path),
                             problem=path.stem)]


def _natural(path: Path) -> tuple:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", path.name))


def run_suite(path: str | Path, *, timeout: float, workers: int = 1, seed: int = 0,
              progress: Progress | None = None, grace: float = GRACE_SECONDS,
              prove_fn: ProveFn | None = None,
              domain: str = registry.DEFAULT_DOMAIN,
              seeds: dict[str, int] | None = None) -> list[Row]:
    """Prove every problem of ``path`` (soft limit ``timeout``, hard ``timeout + grace``).
    ``seeds`` gives problems their own diagram seed by name (a generated record's, say); the
    others get ``seed``.

    ``progress(row, done, total)`` is called as each row is ready (in completion
    order); the rows returned are in file order.  ``prove_fn`` replaces the domain's
    symbolic ``prove`` (``Searching()``): a search, a checked prover, a test's stand-in.
    """
    items = read_problems(path, domain)
    rows: list[Row | None] = [None] * len(items)
    done = 0

    def finish(index: int, row: Row) -> None:
        nonlocal done
        rows[index], done = row, done + 1
        if progress is not None:
            progress(row, done, len(items))

    tasks = []
    for i, item in enumerate(items):
        if isinstance(item, ProblemError):
            finish(i, Row(item.problem, False, None, None, PARSE_ERROR, str(item)))
        else:
            tasks.append((i, item))
    if tasks:
        work = _Attempt(prove_fn or Searching(domain=domain), timeout, seed, domain, seeds)
        for index, answer in run_tasks(tasks, work, size=workers, limit=timeout + grace):
            finish(index, _lost_row(answer) if isinstance(answer, Lost) else answer)
    return rows
