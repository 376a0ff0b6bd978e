"""Which implementation runs the engine's hot kernels: the compiled core or the Python reference.

The compiled core (``symgen._core``, C++ in ``src/``, built by ``pip install -e .``) holds
twins of a few pure functions of the engine; their Python versions stay where they are and
are the reference that tests/kernel/test_core.py compares the twins with.  The engine calls
each kernel through this module (``engine.assignments(...)``), so ``use`` takes effect at
once.  The default is ``compiled`` when the extension imports, else ``python`` (with one
warning); the environment variable ``SYMGEN_ENGINE=python`` (or ``compiled``) chooses at
import, and is inherited by worker processes.

The core's one allocation that grows with the problem is the list of tuples an
``assignments`` call returns; ``bound`` caps it (``saturate`` sets it from ``Limits.tuples``)
and a call past the cap raises ``LimitError``, which saturation reports as its "match limit"
stop.  The Python reference is a generator that holds one tuple at a time, so it has no cap.
"""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from typing import Iterator

from . import relations
from .errors import SymgenError

log = logging.getLogger(__name__)

try:
    from . import _core
except ImportError as err:       # not built: a checkout without `pip install -e .`
    _core, _why = None, str(err)


class _Unbuilt(RuntimeError):
    """Stands for the core's LimitError when there is no core (nothing raises it)."""


LimitError = _core.LimitError if _core is not None else _Unbuilt

ENGINES = ("compiled", "python")
KERNELS = ("assignments",)       # the names each engine provides, all switched together
VARIABLE = "SYMGEN_ENGINE"

name = "python"                  # the engine in use
assignments = relations.assignments


def compiled_available() -> bool:
    return _core is not None


def bound(tuples: int) -> None:
    """Cap the tuples one compiled ``assignments`` call may return (``LimitError`` past it)."""
    if _core is not None:
        _core.set_max_tuples(tuples)


def use(engine: str) -> None:
    """Run the kernels with ``engine`` ("compiled" or "python") from now on."""
    global name
    if engine not in ENGINES:
        raise SymgenError(f"engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if engine == "compiled" and _core is None:
        raise SymgenError(f"engine 'compiled': the extension symgen._core is not built ({_why}); "
                          "`pip install -e .` builds it")
    source = _core if engine == "compiled" else relations
    globals().update({k: getattr(source, k) for k in KERNELS})
    name = engine


def choose(engine: str) -> None:
    """``use(engine)`` here and in every worker process started from now on (the command
    lines' ``--engine``): the choice goes into the environment the workers inherit."""
    use(engine)
    os.environ[VARIABLE] = engine


@contextmanager
def using(engine: str) -> Iterator[None]:
    """``use(engine)`` inside the block, the previous engine after it."""
    before = name
    use(engine)
    try:
        yield
    finally:
        use(before)


def _initial() -> str:
    wanted = os.environ.get(VARIABLE, "").strip()
    if wanted:
        return wanted
    if _core is None:
        log.warning("symgen._core is not built (%s): the engine runs the Python reference; "
                    "`pip install -e .` builds the compiled core", _why)
        return "python"
    return "compiled"


use(_initial())
