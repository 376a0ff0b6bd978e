"""Bounds on untrusted input, and on the time spent on it.

Problem files, corpora, model output and checkpoints come from anywhere, so
every parser refuses what no real problem needs before it builds anything
big, and every loop that can run long looks at the clock.

* ``LIMITS`` is the one table of size bounds (digits of a literal, exponents,
  nesting depth, variables, points, text length).  Each is far above what the
  benchmark sets use (README.md, "Limits"), so a real problem is never refused;
  what exceeds one gets a ``ProblemError`` naming the bound.
* ``read_text`` reads a UTF-8 file within ``LIMITS.file_bytes``, or raises
  one ``InputError`` naming it and the reason.
* ``number`` reads a decimal, a fraction or an integer literal within those
  bounds (``Fraction("1e999999999")`` would build a billion-digit integer).
* ``TimeUp`` is raised by ``check`` inside long loops once a deadline (a
  ``time.perf_counter()`` value) has passed; a domain's ``prove`` catches it and
  reports the time limit.  It derives from ``BaseException``, like
  ``KeyboardInterrupt``, so that an ``except Exception`` meant for bad input
  never swallows it.
* ``backstop(seconds)`` raises ``TimeUp`` from a timer signal in whatever code
  is running when the time is up: the guarantee behind ``--timeout`` for loops
  that do not look at the clock.  It works in the main thread of a POSIX
  process (the CLI and the suite's workers) and does nothing elsewhere.
"""
from __future__ import annotations

import re
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Iterator


@dataclass(frozen=True)
class InputLimits:
    """Size bounds on untrusted text (README.md, "Limits", lists them)."""

    file_bytes: int = 64 * 2**20        # one problem file or corpus data file
    problem_chars: int = 200_000        # one problem's text (a geometry line, a program)
    line_chars: int = 20_000            # one line of a program or one arithmetic statement
    digits: int = 100                   # digits of one numeric literal
    exponent: int = 1000                # |e| of a power of a variable expression, or 1e<e>
    constant_digits: int = 1000         # digits of a constant computed while parsing (2**100)
    depth: int = 100                    # nesting of parentheses, unary signs, blocks
    loops: int = 8                      # nesting of loops in a program
    expression_nodes: int = 10_000      # operators and operands in one expression
    variables: int = 50                 # variables of an arithmetic problem or program
    points: int = 200                   # points of a geometry problem
    coordinate: float = 1e6             # |x|, |y| of a fixed geometry point (a@x_y) and |n| of a
                                        # geometry number (degrees, ratios): the benchmarks stay below 200
    json_depth: int = 64                # nesting of one JSON record
    name_chars: int = 200               # a problem's name line (the benchmarks': under 100)


LIMITS = InputLimits()
BACKSTOP_GRACE = 0.5     # seconds past a prove's own time limit before its backstop stops it


class TimeUp(BaseException):
    """The deadline passed (raised by ``check`` and ``backstop``); ``state`` is the work as
    far as it got, where the code it passes through keeps it (geometry's saturated state)."""

    state = None


def check(deadline: float) -> None:
    """Raise ``TimeUp`` if ``time.perf_counter()`` is past ``deadline``."""
    if time.perf_counter() > deadline:
        raise TimeUp


def deadline_after(seconds: float | None) -> float:
    """The ``perf_counter`` value ``seconds`` from now (infinite for None)."""
    return float("inf") if seconds is None else time.perf_counter() + max(0.0, seconds)


@contextmanager
def backstop(seconds: float | None) -> Iterator[None]:
    """Raise ``TimeUp`` in this thread if the block runs longer than ``seconds``.

    Nested backstops keep the earlier expiry; the timer is disarmed (and an
    outer one re-armed) when the block ends.  A no-op off the main thread or
    where ``signal.setitimer`` does not exist.
    """
    usable = (seconds is not None and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return
    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    outer_handler = signal.getsignal(signal.SIGALRM) or signal.SIG_DFL
    left = max(seconds, 1e-3) if not outer_left else min(max(seconds, 1e-3), outer_left)
    started = time.perf_counter()

    def expire(signum, frame):
        raise TimeUp

    signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, left)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, outer_handler)
        if outer_left:
            signal.setitimer(signal.ITIMER_REAL,
                             max(1e-3, outer_left - (time.perf_counter() - started)))


def read_text(path: str | Path, what: str = "cannot read") -> str:
    """A UTF-8 text file within ``LIMITS.file_bytes``; ``InputError`` naming it otherwise.

    A leading byte-order mark (editors on Windows write one) is dropped, so that it does not
    become part of the first problem's name.
    """
    from .errors import InputError
    try:
        size = Path(path).stat().st_size
        if size > LIMITS.file_bytes:
            raise InputError(f"{path}: {what}: {size} bytes (at most {LIMITS.file_bytes})")
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: {what}: not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise InputError(f"{path}: {what}: {err.strerror or err}") from None


def bad_name(line: str, limits: InputLimits = LIMITS) -> str | None:
    """Why a problem's name line cannot name a problem (None: it can): too long, or holding
    control characters (an error line would repeat them escaped, thousands of characters)."""
    if len(line) > limits.name_chars:
        return f"name line of {len(line)} characters (at most {limits.name_chars})"
    if not line.isprintable():
        return "name line holds control characters"
    return None


def shown_name(line: str) -> str:
    """A bad name line as an error names it: short, and printable."""
    text = line if len(line) <= 40 else line[:30] + "..."
    return text if text.isprintable() else repr(text[:20])


# ---------------------------------------------------------------------------
# Numeric literals

_DECIMAL = re.compile(r"(?P<sign>[-+]?)(?P<int>[0-9]*)(?:\.(?P<frac>[0-9]*))?(?:[eE](?P<exp>[-+]?[0-9]+))?\Z")


def number(text: str, limits: InputLimits = LIMITS) -> Fraction:
    """An integer, decimal (``1.5``, ``2e-3``) or fraction (``1/3``) as an exact Fraction.

    Raises ``ValueError`` naming the reason for anything else, for more than
    ``limits.digits`` digits, or for a decimal exponent beyond ``limits.exponent``.
    """
    text = text.strip()
    num, slash, den = text.partition("/")
    if slash:
        if "/" in den:
            raise ValueError(f"{_shown(text)} is not a number")
        bottom = number(den, limits)
        if bottom == 0:
            raise ValueError(f"{_shown(text)} divides by zero")
        return number(num, limits) / bottom
    m = _DECIMAL.match(text)
    if m is None or not (m.group("int") or m.group("frac")):
        raise ValueError(f"{_shown(text)} is not a number")
    digits = len(m.group("int")) + len(m.group("frac") or "")
    if digits > limits.digits:
        raise ValueError(f"{_shown(text)} has {digits} digits (at most {limits.digits})")
    exp = m.group("exp")
    if exp is not None and (len(exp) > 6 or abs(int(exp)) > limits.exponent):
        raise ValueError(f"{_shown(text)}: exponent beyond ±{limits.exponent}")
    return Fraction(text)


def _shown(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:30] + "...") + f" ({len(text)} characters)"
