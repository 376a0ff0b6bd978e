"""The files of a benchmark run: rows as CSV, summary and rows as JSON, a reference CSV.

Both outputs are written atomically (``symgen.files.atomic_write``), so a run that
is interrupted leaves the previous file, never half a new one.  ``read_csv`` reads
rows back from any CSV with the columns ``problem, solved, seconds`` (another
system's results, to compare with).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from symgen.errors import InputError
from symgen.files import atomic_write

from .rows import COLUMNS, Row, summarise


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return f"{value:.4f}" if isinstance(value, float) else value


def write_csv(rows: Sequence[Row], path: str | Path, columns: Sequence[str] = COLUMNS) -> None:
    """The rows as CSV with the header ``problem,solved,seconds,steps,stop_reason,error``
    (and after it the domain's result columns, when ``columns`` names them)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_csv_value(r.value(c)) for c in columns] for r in rows)
    atomic_write(path, buf.getvalue())


def write_json(rows: Sequence[Row], path: str | Path, **about: object) -> None:
    """Summary and rows as JSON (``about``: the run's settings)."""
    doc = {**about, "summary": summarise(rows), "rows": [r.as_dict() for r in rows]}
    atomic_write(path, json.dumps(doc, indent=1) + "\n")


def read_csv(path: str | Path) -> list[Row]:
    """Rows from a CSV with at least the columns ``problem, solved, seconds`` (another
    system's results, say); ``solved`` is true/false, 1/0 or yes/no."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            records = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read reference CSV: {err}") from err
    missing = {"problem", "solved", "seconds"} - set(records[0] if records else ())
    if missing:
        raise InputError(f"{path}: reference CSV lacks column(s) {', '.join(sorted(missing))}")
    rows = []
    for line, rec in enumerate(records, start=2):
        try:
            seconds = float(rec["seconds"]) if rec["seconds"].strip() else None
        except ValueError:
            raise InputError(f"{path}:{line}: seconds {rec['seconds']!r} is not a number") from None
        solved = rec["solved"].strip().lower() in ("true", "1", "yes")
        rows.append(Row(rec["problem"], solved, seconds, None, rec.get("stop_reason", ""), ""))
    return rows
