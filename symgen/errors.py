"""Errors a user can cause, and the exit codes the CLI gives for them.

Everything a user can get wrong raises one ``SymgenError`` subclass whose
message names the input, the position and the reason; the CLI turns it into
one line and a non-zero exit.  Library code never prints.

* ``SymgenError`` itself is a usage error: a bad flag, an unknown domain or
  proposer, a missing extra (exit 2, as argparse gives for bad flags).
* ``InputError`` is an input that cannot be read or used: a problem file, a
  corpus, a model checkpoint (exit 3).  ``ProblemError`` is the kind for one
  problem of a file; the other problems of the file still run.

The exit codes of every command are ``ExitCode``; README.md lists them.
"""
from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    """What a ``symgen`` command's exit status means (the worst outcome wins)."""

    OK = 0              # everything proved, checked or written
    NOT_PROVED = 1      # some problem not proved, or some record failed its check
    USAGE = 2           # bad command line: flags, domain, proposer, a missing extra
    BAD_INPUT = 3       # an input that cannot be read or parsed (the rest still ran)
    INTERNAL = 4        # a bug in symgen: an unexpected exception (the rest still ran)
    INTERRUPTED = 130   # Ctrl-C; a corpus run resumes where it stopped


def worst(*codes: int) -> int:
    """The exit code of several outcomes: internal error > bad input > usage > not proved > ok."""
    rank = {ExitCode.OK: 0, ExitCode.NOT_PROVED: 1, ExitCode.USAGE: 2, ExitCode.BAD_INPUT: 3,
            ExitCode.INTERNAL: 4, ExitCode.INTERRUPTED: 5}
    return max(codes, key=lambda c: rank.get(c, 4), default=ExitCode.OK)


class SymgenError(Exception):
    """Base class for errors caused by the user; by itself, a usage error."""

    exit_code = ExitCode.USAGE


class InputError(SymgenError):
    """An input (problem file, corpus, checkpoint) that cannot be read or used."""

    exit_code = ExitCode.BAD_INPUT


class InternalError(SymgenError):
    """A failure that is symgen's own bug, reported in one line (exit 4)."""

    exit_code = ExitCode.INTERNAL


class ProblemError(InputError):
    """A problem statement that cannot be parsed or drawn.

    ``source`` is the file (or ``<string>``), ``problem`` the problem's name,
    ``clause`` the offending clause text (or ``None`` for the whole problem),
    ``position`` its 1-based index among the problem's clauses, ``line`` the line of the
    file it is on when the source knows it (the message then starts ``FILE:LINE:``, the way
    compilers write it, and the clause is quoted without its index).
    """

    def __init__(self, reason: str, *, source: str = "<string>", problem: str = "?",
                 clause: str | None = None, position: int | None = None,
                 line: int | None = None) -> None:
        self.reason, self.source, self.problem = reason, source, problem
        self.clause, self.position, self.line = clause, position, line
        where = f"{source}:{line}: problem {problem!r}" if line else f"{source}: problem {problem!r}"
        if clause is not None:
            shown = clause.strip()
            shown = shown if len(shown) <= 120 else shown[:100] + f"... ({len(shown)} characters)"
            where += f", clause {position} {shown!r}" if position and not line else f", {shown!r}"
        super().__init__(f"{where}: {reason}")
