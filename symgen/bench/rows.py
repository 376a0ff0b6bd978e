"""Result rows of a benchmark run, and what they add up to.

A ``Row`` is one problem's outcome; its fields are the CSV columns every domain
writes (``COLUMNS``)::

    problem,solved,seconds,steps,stop_reason,error

plus the result columns a domain declares (``columns`` on the domain object, their
values in each outcome's ``columns``: code's ``invariant``), kept in ``extra``.
``seconds`` is the prover's own time (for a killed worker the wall time until it was
killed), ``steps`` the number of derived proof steps of a solved problem.
``summarise`` and ``format_table`` reduce rows to the solved count and the median and
90th percentile time of the solved problems; ``compare`` sets them beside another
system's rows; ``exit_code`` is the run's.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import math
import statistics

from symgen.errors import ExitCode

TIMEOUT = "timeout"      # stop reason of a problem whose worker was killed
PARSE_ERROR, BUILD_ERROR, CRASH = "parse error", "build error", "crash"
CHECK_FAILED = "check failed"   # stop reason of a proof the checker or the diagram refuted


@dataclass(frozen=True, slots=True)
class Row:
    """One problem's outcome; the fields but ``extra`` are the CSV columns, in order."""

    problem: str
    solved: bool
    seconds: float | None
    steps: int | None
    stop_reason: str
    error: str = ""
    extra: tuple[tuple[str, str], ...] = ()   # the domain's result columns: (column, value)

    def value(self, column: str) -> object:
        """The cell of ``column``: a field, or one of the domain's columns ("" if absent)."""
        if column in COLUMNS:
            return getattr(self, column)
        return dict(self.extra).get(column, "")

    def as_dict(self) -> dict:
        """The row as JSON: the columns, then the domain's columns."""
        return {**{c: getattr(self, c) for c in COLUMNS}, **dict(self.extra)}


COLUMNS = tuple(f.name for f in fields(Row) if f.name != "extra")   # every domain's columns


def summarise(rows: Sequence[Row]) -> dict:
    """Solved count, and median / 90th percentile seconds over the solved problems."""
    times = [r.seconds for r in rows if r.solved and r.seconds is not None]
    return {
        "solved": sum(r.solved for r in rows),
        "total": len(rows),
        "median_seconds": float(statistics.median(times)) if times else None,
        "p90_seconds": percentile(times, 90) if times else None,
        "errors": sum(bool(r.error) for r in rows),
        "timeouts": sum(r.stop_reason == TIMEOUT for r in rows),
        "check_failed": sum(r.stop_reason == CHECK_FAILED for r in rows),
    }


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile, interpolated linearly between the two nearest values (numpy's
    default), without numpy: ``symgen``'s command line builds ``bench``'s parser from here."""
    ordered = sorted(values)
    at = (len(ordered) - 1) * q / 100
    lo, hi = ordered[math.floor(at)], ordered[math.ceil(at)]
    return float(lo + (hi - lo) * (at - math.floor(at)))


def seconds_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}s"


_TABLE_ROWS: tuple[tuple[str, Callable[[dict], str]], ...] = (
    ("solved", lambda s: f"{s['solved']}/{s['total']}"),
    ("median (solved)", lambda s: seconds_text(s["median_seconds"])),
    ("p90 (solved)", lambda s: seconds_text(s["p90_seconds"])),
    ("errors", lambda s: str(s["errors"])),
    ("timeouts", lambda s: str(s["timeouts"])),
    ("check failed", lambda s: str(s.get("check_failed", "-"))),
)


def format_table(summary: dict, reference: dict | None = None) -> str:
    """A small text table of a summary, beside a reference summary if one is given."""
    heads = ["", "this run"] + (["reference"] if reference is not None else [])
    body = [[label, cell(summary)] + ([cell(reference)] if reference is not None else [])
            for label, cell in _TABLE_ROWS]
    widths = [max(len(r[i]) for r in [heads, *body]) for i in range(len(heads))]
    return "\n".join("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                               enumerate(zip(r, widths))).rstrip() for r in [heads, *body])


def compare(rows: Sequence[Row], reference: Sequence[Row]) -> dict:
    """Problems solved by both, by one only, and the ratio of median seconds (reference / this)
    over the problems both solved."""
    ours = {r.problem: r for r in rows if r.solved and r.seconds is not None}
    theirs = {r.problem: r for r in reference if r.solved and r.seconds is not None}
    both = sorted(set(ours) & set(theirs))
    out = {"both": len(both), "only_this": len(set(ours) - set(theirs)),
           "only_reference": len(set(theirs) - set(ours)), "median_ratio": None}
    if both:
        mine = float(statistics.median([ours[p].seconds for p in both]))
        other = float(statistics.median([theirs[p].seconds for p in both]))
        out["median_ratio"] = other / mine if mine > 0 else None
    return out


def format_comparison(c: dict) -> str:
    ratio = "-" if c["median_ratio"] is None else f"{c['median_ratio']:.1f}x"
    return (f"solved by both: {c['both']}, only this run: {c['only_this']}, only the reference: "
            f"{c['only_reference']}\nmedian seconds on problems both solved, reference / this run: "
            f"{ratio}")


def exit_code(rows: Sequence[Row]) -> int:
    """The run's exit code, as ``symgen prove`` gives it (``errors.ExitCode``): a crash or a
    failed check is a bug (4), a problem that cannot be read or drawn bad input (3), a problem
    not solved (within its time or at all) 1; the worst wins."""
    if any(r.stop_reason in (CRASH, CHECK_FAILED) for r in rows):
        return ExitCode.INTERNAL
    if any(r.stop_reason in (PARSE_ERROR, BUILD_ERROR) for r in rows):
        return ExitCode.BAD_INPUT
    if not all(r.solved for r in rows):
        return ExitCode.NOT_PROVED
    return ExitCode.OK
