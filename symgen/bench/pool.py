"""Worker processes with a hard time limit: a task that runs past it costs its worker.

``run_tasks(tasks, work, size=..., limit=...)`` hands ``(index, item)`` tasks to
``size`` worker processes, each of which answers ``work(item)``, and yields
``(index, answer)`` in completion order.  A worker still busy ``limit`` seconds
after it took its task is killed and a fresh one takes its place; a worker that
dies (``os._exit``, a segfault) is replaced too.  Either way its task is answered
with a ``Lost`` saying what happened, so nothing a task does stops the run.
Workers ignore Ctrl-C: the parent handles it and kills them when it closes the pool.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

log = logging.getLogger(__name__)

Work = Callable[[object], object]      # a task's item -> its answer (picklable, module-level)


@dataclass(frozen=True, slots=True)
class Lost:
    """The answer of a task whose worker did not answer: ``killed`` after ``seconds``
    past the limit, or died by itself with ``exit_code``."""

    item: object
    killed: bool
    seconds: float | None = None
    exit_code: int | None = None


def _serve(conn: Connection, work: Work) -> None:
    """A worker's loop: (index, item) in, (index, answer) out, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    while (task := conn.recv()) is not None:
        index, item = task
        conn.send((index, work(item)))


@dataclass(slots=True)
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    task: tuple[int, object] | None = None
    started: float = 0.0


def _context() -> mp.context.BaseContext:
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else None)


class _Pool:
    """Worker processes that can each be killed and replaced."""

    def __init__(self, size: int, work: Work) -> None:
        self._ctx, self._work = _context(), work
        self.workers = [self._spawn() for _ in range(size)]

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_serve, args=(child, self._work), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._spawn()

    def close(self) -> None:
        for w in self.workers:
            if w.task is not None:
                w.process.kill()
                continue
            try:
                w.conn.send(None)
            except OSError:   # the worker is already gone
                w.process.kill()
        for w in self.workers:
            w.process.join(timeout=5)
            if w.process.is_alive():
                w.process.kill()
            w.conn.close()


def _collect(pool: _Pool, worker: _Worker) -> tuple[int, object]:
    """The answer of a worker whose connection is ready (or a ``Lost`` saying it died)."""
    index, item = worker.task
    try:
        answer = worker.conn.recv()
        worker.task = None
        return answer
    except (EOFError, OSError):
        worker.process.join(timeout=1)
        code = worker.process.exitcode
        pool.replace(worker)
        return index, Lost(item, killed=False, exit_code=code)


def _expire(pool: _Pool, limit: float, now: float) -> list[tuple[int, Lost]]:
    """Kill the workers past their hard limit; a ``Lost`` for each of their tasks."""
    out = []
    for worker in list(pool.workers):
        if worker.task is not None and now - worker.started > limit:
            index, item = worker.task
            log.info("killing the worker on %s after %.1fs", getattr(item, "name", f"task {index}"),
                     now - worker.started)
            pool.replace(worker)
            out.append((index, Lost(item, killed=True, seconds=now - worker.started)))
    return out


def _dispatch(pool: _Pool, queue: deque) -> None:
    for worker in pool.workers:
        if worker.task is None and queue:
            worker.task, worker.started = queue.popleft(), time.monotonic()
            worker.conn.send(worker.task)


def run_tasks(tasks: list[tuple[int, object]], work: Work, *, size: int, limit: float
              ) -> Iterator[tuple[int, object]]:
    """Yield (index, answer) as ``size`` workers finish, killing any that run past ``limit``."""
    pool = _Pool(min(max(1, size), len(tasks)), work)
    try:
        queue = deque(tasks)
        while True:
            _dispatch(pool, queue)
            busy = [w for w in pool.workers if w.task is not None]
            if not busy:
                return
            now = time.monotonic()
            wait_for = max(0.0, min(w.started + limit - now for w in busy))
            ready = wait([w.conn for w in busy], timeout=wait_for + 0.01)
            for worker in [w for w in busy if w.conn in ready]:
                yield _collect(pool, worker)
            yield from _expire(pool, limit, time.monotonic())
    finally:
        pool.close()
