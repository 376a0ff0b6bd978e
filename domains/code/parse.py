"""Parsers for loop programs: symgen's own syntax and the C subset of Code2Inv.

Both produce the AST of ``domains.code.problem``.  symgen's own syntax holds one or
more programs, each opening with a ``program NAME`` line::

    program count_up
    var n;                # an input: any integer
    var i = 0, s = 0;     # initialised: an assignment at this point
    assume(n >= 0);
    while (i < n) {
      i = i + 1;
      if (*) { s = s + 2; } else { s = s + 1; }
    }
    assert(i == n);

Statements end with ``;``; ``if``, ``else`` and ``while`` take ``{}`` blocks, and
a bare ``{ ... }`` is a nested ``Block``.  ``*`` is a nondeterministic condition
or value, ``true``/``false`` constant conditions, ``#`` starts a comment.
Conditions use ``&& || !`` over ``< <= > >= == !=``; expressions ``+ - * / %``
(C's truncating ``/`` and ``%``) and unary minus.  A minus written directly before
a number is part of it (``-5`` is ``Const(-5)``, ``-(5)`` is ``Neg(Const(5))``).

The C subset is what the Code2Inv benchmark uses: ``int main()`` (or ``void``)
with ``int`` declarations (``int x;`` is an input, ``int x = e;`` an
assignment at that point), ``=``, ``+= -= *= /= %=``, ``++``/``--``, statements
wrapped in parentheses (``(x = 1);``), ``assume``, ``assert``, ``if``/``else``,
``while``, blocks and ``unknown()`` as a condition or value; ``//`` and ``/* */``
comments.  C's braces carry no meaning here (declarations are only allowed at
the top of ``main``'s body, so there is no scoping), so nested blocks are
flattened; a constant used as a condition is ``true``/``false`` as in C.
Anything else (pointers, arrays, calls, ``for``) is refused.

In both, declarations appear only at the top level of the program, every
variable is declared once and before it is used, and a program's variables are
listed in declaration order.  Every mistake raises one ``ProblemError`` naming
the program, the line (``position`` is its line number in the file, ``clause``
its text) and the reason; ``parse_file`` collects them so that one bad program
does not hide the others.

This module holds the entry points and splits a file into its programs; the
text is cut into tokens in ``tokens`` and parsed by the two syntaxes' parsers
in ``syntax``.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Sequence

from domains.code.problem import Cond, Program
from domains.code.syntax import CParser, OwnParser
from domains.code.tokens import C, OWN, Where, scan
from symgen.errors import ProblemError
from symgen.limits import LIMITS

PROGRAM_NAME = re.compile(r"[A-Za-z0-9_.\-]+\Z")
_HEADER = re.compile(r"\s*program\b(?P<rest>[^#\n]*)(?:#.*)?\Z")
_MAIN = re.compile(r"\bmain\s*\(")
_ANY_COMMENT = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)|#[^\n]*", re.S)      # of either syntax
_OWN_HEADER = re.compile(r"^[ \t]*program(?:[ \t]+[A-Za-z0-9_.\-]|[ \t]*$)", re.M)
NAME_CHARS = 100        # a program name's length


# ---------------------------------------------------------------------------
# Entry points

def parse_program(text: str, name: str | None = None, source: str = "<string>", *,
                  first_line: int = 1) -> Program:
    """One program in symgen's syntax, with or without its ``program NAME`` line.

    The header's name wins when there is one (it must then agree with ``name``
    if that is given); ``first_line`` is the file line ``text`` starts on, so
    errors name lines of the whole file.
    """
    lines = text.split("\n")
    header = next((k for k, raw in enumerate(lines) if raw.strip() and not raw.lstrip().startswith("#")), None)
    where = Where(name or "?", source, lines, first_line)
    m = _HEADER.match(lines[header]) if header is not None else None
    if m:
        found = m.group("rest").strip()
        if not PROGRAM_NAME.match(found) or len(found) > NAME_CHARS:
            raise where.error(f"expected 'program NAME' (letters, digits, _ . -; at most {NAME_CHARS})",
                              first_line + header)
        if name is not None and found != name:
            raise where.error(f"the header names program {found!r}, not {name!r}", first_line + header)
        name = where.name = found
        lines = lines[:header] + [""] + lines[header + 1:]     # keep line numbers
    if name is None:
        raise where.error("the program has no name (no 'program NAME' line)")
    _check_size(text, lines, where)
    tokens = scan("\n".join(lines), first_line, OWN, where)
    return OwnParser(tokens, where).parse(name, source)


def parse_c(text: str, name: str, source: str = "<string>") -> Program:
    """One Code2Inv C program (``int main() { ... }``)."""
    lines = text.split("\n")
    where = Where(name, source, lines)
    _check_size(text, lines, where)
    return CParser(scan(text, 1, C, where), where).parse(name, source)


def parse_condition(text: str, variables: Sequence[str], source: str = "<string>",
                    name: str = "condition") -> Cond:
    """One condition in symgen's syntax over ``variables`` (an invariant, a record's goal):
    the whole of ``text``, within the bounds of a program's text."""
    lines = text.split("\n")
    where = Where(name, source, lines)
    _check_size(text, lines, where)
    parser = OwnParser(scan(text, 1, OWN, where), where)
    parser.variables = list(variables)
    start = parser.peek()
    cond = parser.bounded(parser.as_cond(parser.expression(), start), start)
    tok = parser.peek()
    if tok.kind != "end":
        raise parser.fail(f"unexpected {parser.shown(tok)} after the condition", tok)
    return cond


def _check_size(text: str, lines: list[str], where: Where) -> None:
    """Refuse a program longer than ``LIMITS.problem_chars`` or a line beyond ``LIMITS.line_chars``."""
    long = next((k for k, line in enumerate(lines) if len(line) > LIMITS.line_chars), None)
    if long is not None:
        raise where.error(f"the line has {len(lines[long])} characters (at most {LIMITS.line_chars})",
                          where.first_line + long)
    if len(text) > LIMITS.problem_chars:
        raise where.error(f"the program has {len(text)} characters (at most {LIMITS.problem_chars})",
                          where.first_line)


def is_c(text: str) -> bool:
    """Whether a file is C: ``main(`` outside comments, and no ``program NAME`` line."""
    bare = _ANY_COMMENT.sub(" ", text)
    return _MAIN.search(bare) is not None and _OWN_HEADER.search(bare) is None


def parse_file(text: str, source: str) -> list[Program | ProblemError]:
    """A file's programs, bad ones as their errors.

    A C file (``is_c``) is one program named after the file's stem; anything else
    is symgen's syntax, a ``program NAME`` line opening each program.
    """
    if is_c(text):
        return [_attempt(lambda: parse_c(text, Path(source).stem, source))]
    lines = text.split("\n")
    starts = [k for k, raw in enumerate(lines) if re.match(r"\s*program\b", raw)]
    out: list[Program | ProblemError] = []
    stray = next((k for k, raw in enumerate(lines[:starts[0] if starts else len(lines)])
                  if raw.strip() and not raw.lstrip().startswith("#")), None)
    if stray is not None:
        out.append(ProblemError("text before the first 'program NAME' line", source=source, problem="?",
                                clause=lines[stray], position=stray + 1, line=stray + 1))
    seen: set[str] = set()
    for start, end in zip(starts, starts[1:] + [len(lines)]):
        chunk = "\n".join(lines[start:end])
        result = _attempt(lambda: parse_program(chunk, source=source, first_line=start + 1))
        if isinstance(result, Program) and result.name in seen:
            result = ProblemError(f"program {result.name!r} is defined twice", source=source,
                                  problem=result.name, clause=lines[start], position=start + 1,
                                  line=start + 1)
        if isinstance(result, Program):
            seen.add(result.name)
        out.append(result)
    return out


def _attempt(parse: Callable[[], Program]) -> Program | ProblemError:
    try:
        return parse()
    except ProblemError as err:
        return err
