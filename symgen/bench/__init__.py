"""The benchmark runner: a problem set proved under hard per-problem limits, as rows.

One idea per module:

* ``pool``: worker processes with a hard time limit, killed and replaced when a task
  runs past it or dies;
* ``suite``: the problems of a file or folder, read and proved through the domain
  object (``registry.load``), each outcome a row (``run_suite``, ``Searching``, ``Checked``);
* ``rows``: the ``Row``, the summary table, the comparison with another run, the exit code;
* ``writers``: CSV and JSON written atomically, a reference CSV read back;
* ``cli``: ``symgen bench`` and ``benchmarks/prove_suite.py``.

No domain is named here: parsing, proving, proposers, checks and the extra result
columns (``columns``) are the domain object's.
"""
from __future__ import annotations

from .cli import main
from .rows import (BUILD_ERROR, CHECK_FAILED, COLUMNS, CRASH, PARSE_ERROR, TIMEOUT, Row,
                   compare, exit_code, format_comparison, format_table, summarise)
from .suite import CheckFailed, Checked, Searching, read_problems, run_suite
from .writers import read_csv, write_csv, write_json

__all__ = ["BUILD_ERROR", "CHECK_FAILED", "COLUMNS", "CRASH", "PARSE_ERROR", "TIMEOUT", "Row",
           "CheckFailed", "Checked", "Searching", "compare", "exit_code", "format_comparison",
           "format_table", "main", "read_csv", "read_problems", "run_suite", "summarise",
           "write_csv", "write_json"]
