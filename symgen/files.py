"""Writing a file so that no reader ever sees half of it.

``atomic_write`` writes to a temporary file in the target's folder and renames it
into place (``os.replace``, atomic on one file system): a reader, or a rerun after a
kill, finds the old file or the new one, never a torn one.  The corpus pipeline writes
its shards, manifest and card this way, and the benchmark runner its CSV and JSON.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` (text as UTF-8) to a temporary file beside ``path``, then rename it
    into place; the file is readable by all (0644), as written files usually are."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)                # mkstemp makes it private; data files are not
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
