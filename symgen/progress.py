"""Progress on stderr for the CLI's long commands: one meter, two ways of drawing it.

``meter(total, unit, desc)`` gives a ``Meter``: ``update(n)`` sets how many of ``total``
are done, ``write(line)`` prints a line without breaking the drawing, ``close()`` draws
the last state.  On a terminal, with tqdm installed (the ``progress`` extra), it is a
tqdm bar with an ETA, redrawn at most every ``REDRAW`` seconds.  Anywhere else (a log
file, a pipe, no tqdm) it writes plain lines, each complete (count, rate, ETA), at most
one every ``LINE_EVERY`` seconds and one at the end, so a log holds a few readable
lines instead of one line of carriage returns.

Both kinds measure with the same clock and count (``rate = done / elapsed`` since the
meter was made), and a command's closing summary takes ``Meter.rate``, so the rate the
meter showed last is the rate the summary states.  Only the CLI uses this module:
library code takes a plain callback and logs.
"""
from __future__ import annotations

import os
import sys
import time
from typing import Callable, TextIO

REDRAW = 0.5          # seconds between tqdm redraws
LINE_EVERY = 10.0     # seconds between plain lines


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Meter:
    """Plain periodic lines; the base the tqdm meter shares its counting with."""

    def __init__(self, total: int, unit: str, desc: str, *, stream: TextIO, initial: int = 0,
                 every: float | None = None, clock: Callable[[], float] = time.perf_counter):
        self.total, self.unit, self.desc, self.stream = total, unit, desc, stream
        self.every = LINE_EVERY if every is None else every
        self.clock = clock
        self.start = clock()
        self.initial = self.done = initial        # done before this run (a resumed one)
        self.note = ""
        self._shown: float | None = None      # when the last line was written
        self._stopped: float | None = None    # the clock when closed: the rate stays put

    @property
    def elapsed(self) -> float:
        now = self.clock() if self._stopped is None else self._stopped
        return max(now - self.start, 1e-9)

    @property
    def rate(self) -> float:
        """Done per second since the meter was made (what the summary states)."""
        return (self.done - self.initial) / self.elapsed

    def eta(self) -> float | None:
        rate = self.rate
        return max(self.total - self.done, 0) / rate if rate > 0 and self.total else None

    def line(self) -> str:
        """The meter as one complete line of text."""
        share = f" ({100 * self.done / self.total:.0f}%)" if self.total else ""
        note = f", {self.note}" if self.note else ""
        return (f"{self.desc}: {self.done}/{self.total} {self.unit}{share}, "
                f"{self.rate:.1f} {self.unit}/s, ETA {_eta(self.eta())}{note}")

    def update(self, done: int, note: str = "") -> None:
        self.done, self.note = done, note
        now = self.clock()
        if done >= self.total:       # the last line is close's, with the summary's rate
            return
        if self._shown is None or now - self._shown >= self.every:
            self._draw()
            self._shown = now

    def _draw(self) -> None:
        print(self.line(), file=self.stream, flush=True)

    def write(self, text: str, file: TextIO | None = None) -> None:
        print(text, file=file or sys.stdout, flush=True)

    def close(self) -> None:
        if self._stopped is None:
            self._stopped = self.clock()
            self._draw()

    def __enter__(self) -> "Meter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _TqdmMeter(Meter):
    """A tqdm bar on a terminal: ETA, throttled redraws, the same count and rate."""

    def __init__(self, total: int, unit: str, desc: str, *, stream: TextIO, tqdm,
                 initial: int = 0, **kw):
        # smoothing=0: tqdm shows the average since the start, the rate the summary states
        self._bar = tqdm(total=total, unit=f" {unit}", desc=desc, file=stream, initial=initial,
                         mininterval=REDRAW, smoothing=0, dynamic_ncols=True)
        super().__init__(total, unit, desc, stream=stream, initial=initial,
                         clock=self._bar._time, **kw)
        self.start = self._bar.start_t          # tqdm's clock and start: one elapsed time
        self._tqdm = tqdm

    def update(self, done: int, note: str = "") -> None:
        self.done, self.note = done, note
        self._bar.n = done
        if note:
            self._bar.set_postfix_str(note, refresh=False)
        self._bar.update(0)         # redraws when REDRAW seconds have passed

    def write(self, text: str, file: TextIO | None = None) -> None:
        self._tqdm.write(text, file=file or sys.stdout)

    def close(self) -> None:
        if self._stopped is None:
            stopped = self._stopped = self.clock()
            self._bar._time = lambda: stopped   # its last drawing shows the summary's rate
            self._bar.close()


def _tqdm():
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    return tqdm


def meter(total: int, unit: str, desc: str, *, stream: TextIO | None = None, initial: int = 0,
          every: float | None = None, quiet: bool = False) -> Meter:
    """A tqdm bar when ``stream`` (stderr) is a terminal and tqdm is installed, else plain
    lines; with ``quiet``, a meter that counts but draws nothing.  ``initial`` is what was
    done before (a resumed run): it counts towards the total, not towards the rate."""
    stream = stream if stream is not None else sys.stderr
    if quiet:
        return _Silent(total, unit, desc, stream=stream, initial=initial)
    tqdm = _tqdm() if _is_terminal(stream) else None
    if tqdm is not None:
        return _TqdmMeter(total, unit, desc, stream=stream, tqdm=tqdm, initial=initial)
    return Meter(total, unit, desc, stream=stream, initial=initial, every=every)


class _Silent(Meter):
    def _draw(self) -> None:
        pass


def _is_terminal(stream: TextIO) -> bool:
    """A terminal a bar can be drawn on (a terminal of no width, as some pseudo-terminals
    say they are, shows no tqdm bar at all: it gets lines)."""
    try:
        if not stream.isatty():
            return False
        return os.get_terminal_size(stream.fileno()).columns > 0
    except (AttributeError, ValueError, OSError):
        return stream.isatty() if hasattr(stream, "isatty") else False
