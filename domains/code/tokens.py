"""The two syntaxes of loop programs at the level of tokens, and where an error is.

``scan`` cuts a program's text into ``Token``s under a ``Dialect``: symgen's own
syntax (``OWN``) or the C subset of Code2Inv (``C``), which differ in comments,
punctuation, keywords and the characters they refuse with a reason.  ``Where``
turns a reason and a position into the ``ProblemError`` that names the program
and quotes its line.  The statements and expressions built from the tokens are
in ``syntax``; the languages themselves are described in ``parse``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from symgen.errors import ProblemError

OWN_KEYWORDS = frozenset({"program", "var", "if", "else", "while", "assume", "assert", "true", "false"})
C_KEYWORDS = OWN_KEYWORDS | frozenset({
    "int", "void", "main", "unknown", "for", "do", "return", "break", "continue", "switch", "case",
    "default", "goto", "char", "short", "long", "unsigned", "signed", "float", "double", "struct", "union",
    "enum", "typedef", "const", "static", "extern", "volatile", "sizeof", "bool", "_Bool"})


@dataclass(frozen=True, slots=True)
class Token:
    kind: str       # "int" | "name" | "op" | "end"
    text: str
    line: int       # 1-based, in the whole file
    col: int        # 1-based


@dataclass(frozen=True)
class Dialect:
    """What differs between the two syntaxes at the level of tokens."""

    name: str
    comment: str                    # regex for one comment
    ops: tuple[str, ...]            # punctuation, longest first
    keywords: frozenset[str]
    refused: dict[str, str]         # character -> why it is not supported

    def scanner(self) -> re.Pattern:
        ops = "|".join(re.escape(op) for op in self.ops)
        return re.compile(rf"(?P<skip>[ \t\r\f\v]+|{self.comment})|(?P<nl>\n)|(?P<int>\d+)"
                          rf"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>{ops})", re.S)


_BASE_OPS = ("&&", "||", "<=", ">=", "==", "!=", "<", ">", "=", "!", "+", "-", "*", "/", "%",
             "(", ")", "{", "}", ";", ",")
OWN = Dialect("own", r"\#[^\n]*", _BASE_OPS, OWN_KEYWORDS,
               {"[": "arrays are not supported", "&": "'&' is not an operator here (write && for 'and')",
                "|": "'|' is not an operator here (write || for 'or')"})
C = Dialect("C", r"//[^\n]*|/\*.*?\*/", ("++", "--", "+=", "-=", "*=", "/=", "%=") + _BASE_OPS, C_KEYWORDS,
             {"[": "arrays are not supported", "&": "pointers and bitwise operators are not supported",
              "|": "bitwise operators are not supported", "#": "preprocessor lines are not supported",
              ".": "only integer constants are supported", "?": "the ?: operator is not supported",
              '"': "strings are not supported", "'": "character constants are not supported"})


class Where:
    """Where an error happened: the program, and its lines to quote (``lines[0]`` is
    line ``first_line`` of the file)."""

    def __init__(self, name: str, source: str, lines: list[str], first_line: int = 1) -> None:
        self.name, self.source, self.lines, self.first_line = name, source, lines, first_line

    def error(self, reason: str, line: int | None = None, col: int | None = None) -> ProblemError:
        k = None if line is None else line - self.first_line
        text = self.lines[k] if k is not None and 0 <= k < len(self.lines) else None
        if col is not None:
            reason = f"{reason} (column {col})"
        position = line if text is not None else None
        return ProblemError(reason, source=self.source, problem=self.name, clause=text,
                            position=position, line=position)


def scan(text: str, first_line: int, dialect: Dialect, where: Where) -> list[Token]:
    scanner, out = dialect.scanner(), []
    pos, line, line_start = 0, first_line, 0
    while pos < len(text):
        m = scanner.match(text, pos)
        if dialect is C and text.startswith("/*", pos) and (m is None or m.lastgroup != "skip"):
            raise where.error("comment '/*' is never closed", line, pos - line_start + 1)
        if m is None:
            ch = text[pos]
            reason = dialect.refused.get(ch, f"unexpected character {ch!r}")
            raise where.error(reason, line, pos - line_start + 1)
        kind, chunk = m.lastgroup, m.group()
        if kind not in ("skip", "nl"):
            out.append(Token(kind, chunk, line, pos - line_start + 1))
        if "\n" in chunk:
            line += chunk.count("\n")
            line_start = pos + chunk.rindex("\n") + 1
        pos = m.end()
    out.append(Token("end", "end of program", line, pos - line_start + 1))
    return out
