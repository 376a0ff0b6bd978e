"""Problem files of name lines and statement lines, as geometry and arithmetic write them.

A file is pairs of lines: a name, then the statement (blank lines and ``#`` comments
between are skipped).  ``statements`` walks one and yields, in file order, each statement
with its name and line number, or the ``ProblemError`` of a bad name line (too long, control
characters: ``limits.bad_name``) or of a name line no statement follows.  A statement with
no name line before it is named after its line number.  The domain says which lines are
name lines and parses the statements.
"""
from __future__ import annotations

from typing import Callable, Iterator

from .errors import ProblemError
from .limits import bad_name, shown_name


def statements(text: str, source: str, is_name: Callable[[str], bool], what: str = "statement"
               ) -> Iterator[tuple[str, int, str] | ProblemError]:
    """(name, line number, statement line) per statement, or the error of a bad name line;
    ``what`` is the domain's word for a statement line in the error."""
    pending: tuple[str, int] | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if is_name(line):
            if pending is not None:
                yield _orphan(*pending, source, what)
            pending = (line, lineno)
            why = bad_name(line)
            if why is not None:
                yield ProblemError(why, source=f"{source}:{lineno}", problem=shown_name(line))
                pending = None
            continue
        yield (pending[0] if pending is not None else f"line {lineno}"), lineno, line
        pending = None
    if pending is not None:
        yield _orphan(*pending, source, what)


def _orphan(name: str, lineno: int, source: str, what: str) -> ProblemError:
    return ProblemError(f"name line is not followed by a {what} line", source=f"{source}:{lineno}",
                        problem=name)
