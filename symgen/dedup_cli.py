"""``symgen dedup A --against B``: the command line of ``symgen.dedup``."""
from __future__ import annotations

import argparse
from pathlib import Path

from .dedup import dedup_against
from .errors import ExitCode


def cmd_dedup(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    for other in args.against:
        done = dedup_against(target, Path(other))
        print(f"{target}: removed {done['removed']} of {done['records']} records whose "
              f"dedup_key is in {other}; {done['kept']} remain")
    return ExitCode.OK
