"""Errors a user can cause.

Everything a user can get wrong (problem text, flags, files) raises one
``SymgenError`` subclass whose message names the input, the position and the
reason; the CLI turns it into one line and a non-zero exit.  Library code never
prints.
"""
from __future__ import annotations


class SymgenError(Exception):
    """Base class for errors caused by user input."""


class ProblemError(SymgenError):
    """A problem statement that cannot be parsed or drawn.

    ``source`` is the file (or ``<string>``), ``problem`` the problem's name,
    ``clause`` the offending clause text (or ``None`` for the whole problem),
    ``position`` its 1-based index among the problem's clauses.
    """

    def __init__(self, reason: str, *, source: str = "<string>", problem: str = "?",
                 clause: str | None = None, position: int | None = None) -> None:
        self.reason, self.source, self.problem = reason, source, problem
        self.clause, self.position = clause, position
        where = f"{source}: problem {problem!r}"
        if clause is not None:
            where += f", clause {position} {clause.strip()!r}" if position else f", {clause.strip()!r}"
        super().__init__(f"{where}: {reason}")
