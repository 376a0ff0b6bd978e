"""Whose folder is ``--out``? The checks ``symgen generate`` makes before it writes anything.

A run writes ``data/`` (and ``parquet/``), ``.parts/`` (removed once it has finished),
``record.schema.json``, ``manifest.json``, ``report.json``, ``README.md`` and
``timing.json`` into its folder.  ``claim`` lets it do so
only where that loses nothing:

* a new or empty folder, or a symgen corpus of the same settings (a resumed or
  extended run);
* not a file, not a folder it cannot write into;
* not a folder that holds files symgen did not write, nor a corpus of other
  settings, nor a finished corpus of more records than ``--count`` (the rerun
  would rewrite it smaller) -- unless ``force`` is set.

Every refusal is a ``SymgenError`` (exit 2) that names the folder, what is in the
way and what to do.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .corpus import PARTS, Run
from .dataset import SCHEMA
from .errors import SymgenError

WRITTEN = ("data", "parquet", PARTS, SCHEMA, "manifest.json", "report.json", "README.md",
           "timing.json")


def _settings_of(out: Path) -> dict | None:
    """The settings of the symgen run in ``out`` (from its parts or its manifest), or None."""
    for path in (out / PARTS / "settings.json", out / "manifest.json"):
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            continue
        if isinstance(found, dict) and ("format_version" in found
                                        or "generator_version" in found):   # before 0.7.0
            return found
    return None


def _same(found: dict, run: Run) -> bool:
    return all(found.get(k) == v for k, v in run.settings().items())


def _writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out, prefix=".symgen-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise SymgenError(f"--out {out}: cannot write there ({err.strerror or err})") from None


def _finished(out: Path) -> int | None:
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        return int(manifest["records"])
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None


def claim(run: Run, *, force: bool = False) -> None:
    """Refuse (SymgenError) unless ``run`` may write into ``run.out``; create it if need be."""
    out = run.out
    if out.exists() and not out.is_dir():
        raise SymgenError(f"--out {out}: is a file, not a folder")
    entries = sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    found = _settings_of(out) if entries else None
    if not force:
        if found is None and entries:
            shown = ", ".join(entries[:5]) + (f" and {len(entries) - 5} more" if len(entries) > 5 else "")
            raise SymgenError(f"--out {out}: holds files symgen did not write ({shown}); choose "
                              f"a new or empty folder, or pass --force to write "
                              f"{', '.join(WRITTEN)} there")
        if found is not None and not _same(found, run):
            raise SymgenError(f"--out {out}: holds a corpus of other settings; choose another "
                              f"--out, or pass --force to replace it")
        records = _finished(out) if found is not None else None
        if records is not None and records > run.count:
            raise SymgenError(f"--out {out}: holds a finished corpus of {records} records; "
                              f"--count {run.count} would rewrite it with fewer: pass --force to "
                              f"shrink it, or choose another --out")
    elif found is not None and not _same(found, run):
        _forget_parts(out)
    _writable(out)


def _forget_parts(out: Path) -> None:
    """Remove the parts of a run of other settings (``--force``): they cannot be resumed."""
    parts = out / PARTS
    for path in sorted(parts.glob("*")) if parts.is_dir() else ():
        if path.is_file():
            path.unlink()
