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
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from domains.code.problem import (And, Assert, Assign, Assume, Bin, Block, BoolConst, Cmp, Cond, Const, Expr, If, Neg,
                                  Nondet, NondetCond, Not, Or, Program, Stmt, Var, While)
from domains.code.shape import MAX_SYMBOLS, symbols_needed     # the verifier's own bound
from symgen.errors import ProblemError
from symgen.limits import LIMITS

PROGRAM_NAME = re.compile(r"[A-Za-z0-9_.\-]+\Z")
OWN_KEYWORDS = frozenset({"program", "var", "if", "else", "while", "assume", "assert", "true", "false"})
C_KEYWORDS = OWN_KEYWORDS | frozenset({
    "int", "void", "main", "unknown", "for", "do", "return", "break", "continue", "switch", "case",
    "default", "goto", "char", "short", "long", "unsigned", "signed", "float", "double", "struct", "union",
    "enum", "typedef", "const", "static", "extern", "volatile", "sizeof", "bool", "_Bool"})

_HEADER = re.compile(r"\s*program\b(?P<rest>[^#\n]*)(?:#.*)?\Z")
_MAIN = re.compile(r"\bmain\s*\(")
_ANY_COMMENT = re.compile(r"//[^\n]*|/\*.*?(?:\*/|\Z)|#[^\n]*", re.S)      # of either syntax
_OWN_HEADER = re.compile(r"^[ \t]*program(?:[ \t]+[A-Za-z0-9_.\-]|[ \t]*$)", re.M)
NAME_CHARS = 100        # a program name's length
_CONDS = (Cmp, And, Or, Not, NondetCond, BoolConst)
_EXPRS = (Var, Const, Bin, Neg, Nondet)

# Binary operators: precedence (higher binds tighter) and how two operands combine.
_LOGIC = {"||": (1, Or), "&&": (2, And)}
_COMPARE = {"==": 3, "!=": 3, "<": 4, "<=": 4, ">": 4, ">=": 4}
_ARITH = {"+": 5, "-": 5, "*": 6, "/": 6, "%": 6}
_PRECEDENCE = {op: p for op, (p, _) in _LOGIC.items()} | _COMPARE | _ARITH
_UNARY = 7
_COMPOUND = {"+=": "+", "-=": "-", "*=": "*", "/=": "/", "%=": "%", "++": "+", "--": "-"}
_DIVISIONS = {"/": "division", "%": "remainder of a division", "/=": "division", "%=": "remainder of a division"}
MAX_CASES = 256         # disjuncts of one condition or its negation (each != and || splits)
MIN_HEIGHT = 10         # an expression may nest this deep however deep its block (else blocks + height <= depth)


# ---------------------------------------------------------------------------
# Tokens

@dataclass(frozen=True, slots=True)
class _Token:
    kind: str       # "int" | "name" | "op" | "end"
    text: str
    line: int       # 1-based, in the whole file
    col: int        # 1-based


@dataclass(frozen=True)
class _Dialect:
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
OWN = _Dialect("own", r"\#[^\n]*", _BASE_OPS, OWN_KEYWORDS,
               {"[": "arrays are not supported", "&": "'&' is not an operator here (write && for 'and')",
                "|": "'|' is not an operator here (write || for 'or')"})
C = _Dialect("C", r"//[^\n]*|/\*.*?\*/", ("++", "--", "+=", "-=", "*=", "/=", "%=") + _BASE_OPS, C_KEYWORDS,
             {"[": "arrays are not supported", "&": "pointers and bitwise operators are not supported",
              "|": "bitwise operators are not supported", "#": "preprocessor lines are not supported",
              ".": "only integer constants are supported", "?": "the ?: operator is not supported",
              '"': "strings are not supported", "'": "character constants are not supported"})


class _Where:
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


def _tokens(text: str, first_line: int, dialect: _Dialect, where: _Where) -> list[_Token]:
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
            out.append(_Token(kind, chunk, line, pos - line_start + 1))
        if "\n" in chunk:
            line += chunk.count("\n")
            line_start = pos + chunk.rindex("\n") + 1
        pos = m.end()
    out.append(_Token("end", "end of program", line, pos - line_start + 1))
    return out


class _Stacks:
    """The operand and operator stacks of one expression, and its bounds: at most
    ``LIMITS.depth`` open parentheses and unary signs at once, a tree at most
    ``LIMITS.depth`` deep together with the blocks around it (each operator of a
    chain is one level; ``MIN_HEIGHT`` at least), and at most
    ``LIMITS.expression_nodes`` operators and operands.  So the program's AST is
    about ``LIMITS.depth`` deep at most, and
    everything that walks it recursively (printer, interpreter, verifier, ``==``)
    stays far from Python's recursion limit."""

    def __init__(self, parser: "_Parser") -> None:
        self.parser = parser
        self.operands: list[tuple[Expr | Cond, int]] = []     # (node, height)
        self.ops: list[tuple[_Token, int]] = []                # (operator, precedence); '(' is 0
        self.open_now = self.parens = self.nodes = 0
        self.height_limit = max(LIMITS.depth - parser.depth, MIN_HEIGHT)

    def count(self, tok: _Token) -> None:
        self.nodes += 1
        if self.nodes > LIMITS.expression_nodes:
            raise self.parser.fail(f"the expression has more than {LIMITS.expression_nodes} operators "
                                   "and operands", tok)

    def open(self, tok: _Token) -> None:
        """``(`` or a unary sign."""
        self.open_now += 1
        if self.open_now > LIMITS.depth:
            raise self.parser.fail(f"more than {LIMITS.depth} nested parentheses and unary signs", tok)
        if tok.text == "(":
            self.parens += 1
            self.ops.append((tok, 0))
        else:
            self.count(tok)
            self.ops.append((tok, _UNARY))

    def operand(self, node: Expr | Cond, tok: _Token) -> None:
        self.count(tok)
        self.operands.append((node, 1))

    def binary(self, tok: _Token, prec: int) -> None:
        self.reduce(prec)
        self.count(tok)
        self.ops.append((tok, prec))

    def reduce(self, prec: int) -> None:
        """Apply the waiting operators (back to the innermost '(') that bind at least as tightly as ``prec``."""
        while self.ops and self.ops[-1][1] >= max(prec, 1):
            tok, p = self.ops.pop()
            if p == _UNARY:
                self.open_now -= 1
                arg, height = self.operands.pop()
                node = self.parser.unary(tok, arg)
            else:
                (right, h_right), (left, h_left) = self.operands.pop(), self.operands.pop()
                node, height = self.parser.combine(tok, left, right), max(h_left, h_right)
            if height + 1 > self.height_limit:
                raise self.parser.fail(f"the expression nests deeper than {self.height_limit} operators "
                                       f"(each operator of a chain is one level; with the blocks around it, "
                                       f"at most {LIMITS.depth} levels)", tok)
            self.operands.append((node, height + 1))

    def close(self) -> None:
        """A ``)`` that closes an open parenthesis."""
        self.reduce(1)
        self.ops.pop()
        self.parens -= 1
        self.open_now -= 1

    def finish(self, tok: _Token) -> Expr | Cond:
        self.reduce(1)
        if self.parens:
            raise self.parser.fail(f"expected ')' to close the parenthesis, got {self.parser._shown(tok)}", tok)
        return self.operands[0][0]


def _cases(c: Cond) -> tuple[int, int]:
    """Upper bounds (capped past ``MAX_CASES``) on the disjuncts of ``c`` and of its negation."""
    if isinstance(c, Not):
        neg, pos = _cases(c.arg)
        return pos, neg
    if isinstance(c, (And, Or)):
        (lp, ln), (rp, rn) = _cases(c.left), _cases(c.right)
        product, total = (lp * rp, ln * rn), (lp + rp, ln + rn)
        pos, neg = (product[0], total[1]) if isinstance(c, And) else (total[0], product[1])
        return min(pos, MAX_CASES + 1), min(neg, MAX_CASES + 1)
    if isinstance(c, Cmp) and c.op in ("==", "!="):
        return (2, 1) if c.op == "!=" else (1, 2)
    return 1, 1


# ---------------------------------------------------------------------------
# The parser: statements differ between the syntaxes, expressions are shared

class _Parser:
    """Recursive descent over tokens; subclasses give the statement forms."""

    dialect: _Dialect
    STATEMENTS: dict[str, str] = {}     # first token -> method name

    def __init__(self, tokens: list[_Token], where: _Where) -> None:
        self.tokens, self.where, self.i = tokens, where, 0
        self.variables: list[str] = []
        self.inputs: list[str] = []
        self.depth = 0                  # block nesting: declarations only at depth 0
        self.loops = 0                  # loop nesting

    # -- tokens
    def peek(self, ahead: int = 0) -> _Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def next(self) -> _Token:
        tok = self.peek()
        self.i += tok.kind != "end"
        return tok

    def at(self, text: str) -> bool:
        tok = self.peek()
        return tok.kind in ("op", "name") and tok.text == text

    def accept(self, text: str) -> bool:
        """Consume the next token if it is ``text``."""
        found = self.at(text)
        self.i += found
        return found

    def expect(self, text: str, context: str = "") -> _Token:
        tok = self.peek()
        if not self.at(text):
            raise self.fail(f"expected {text!r}{context}, got {self._shown(tok)}", tok)
        return self.next()

    def fail(self, reason: str, tok: _Token) -> ProblemError:
        return self.where.error(reason, tok.line, tok.col)

    @staticmethod
    def _shown(tok: _Token) -> str:
        return tok.text if tok.kind == "end" else repr(tok.text)

    # -- statements
    def statements(self, closing: str) -> list[Stmt]:
        out: list[Stmt] = []
        while not self.at(closing) and self.peek().kind != "end":
            out.extend(self.statement())
        return out

    def statement(self) -> list[Stmt]:
        tok = self.peek()
        method = self.STATEMENTS.get(tok.text) if tok.kind in ("op", "name") else None
        if method is not None:
            return getattr(self, method)()
        if tok.kind == "name" and tok.text not in self.dialect.keywords:
            return [self.assignment()]
        raise self.fail(self.unsupported(tok), tok)

    def unsupported(self, tok: _Token) -> str:
        return f"expected a statement, got {self._shown(tok)}"

    def nested(self, parse: Callable[[], list[Stmt]], tok: _Token) -> Block:
        """A block parsed by ``parse`` one level deeper (``tok`` opens it)."""
        self.enter(tok)
        try:
            return Block(tuple(parse()))
        finally:
            self.depth -= 1

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > LIMITS.depth:
            raise self.fail(f"blocks nested deeper than {LIMITS.depth}", tok)

    def loop_body(self, parse: Callable[[], Block], tok: _Token) -> Block:
        """The body of the loop opened by ``tok``, at most ``LIMITS.loops`` loops deep."""
        self.loops += 1
        try:
            if self.loops > LIMITS.loops:
                raise self.fail(f"loops nested deeper than {LIMITS.loops}", tok)
            return parse()
        finally:
            self.loops -= 1

    def declaration(self) -> list[Stmt]:
        keyword = self.next()
        if self.depth:
            raise self.fail("declarations are only allowed at the top level of the program", keyword)
        out: list[Stmt] = []
        while True:
            tok = self.next()
            if tok.kind != "name" or tok.text in self.dialect.keywords:
                raise self.fail(f"expected a variable name after {keyword.text!r}, got {self._shown(tok)}", tok)
            init = self.as_expr(self.expression(), self.peek()) if self.accept("=") else None
            self.declare(tok)
            if init is None:
                self.inputs.append(tok.text)
            else:
                out.append(Assign(tok.text, init))
            if not self.accept(","):
                break
        self.expect(";", " after the declaration")
        return out

    def declare(self, tok: _Token) -> None:
        if tok.text in self.variables:
            raise self.fail(f"variable {tok.text!r} is declared twice", tok)
        if len(self.variables) >= LIMITS.variables:
            raise self.fail(f"more than {LIMITS.variables} variables", tok)
        self.variables.append(tok.text)

    def condition_in_parentheses(self, keyword: str) -> Cond:
        self.expect("(", f" after {keyword!r}")
        start = self.peek()
        cond = self.bounded(self.as_cond(self.expression(), start), start)
        self.expect(")", f" to close the condition of {keyword!r}")
        return cond

    def bounded(self, cond: Cond, tok: _Token) -> Cond:
        """``cond``, if its case splits (each ``!=`` and ``||``) stay within ``MAX_CASES``."""
        if max(_cases(cond)) > MAX_CASES:
            raise self.fail(f"the condition splits into more than {MAX_CASES} cases (each != and || "
                            "is a case split)", tok)
        return cond

    def check(self) -> list[Stmt]:
        keyword = self.next().text
        cond = self.condition_in_parentheses(keyword)
        self.expect(";", f" after {keyword}(...)")
        return [Assume(cond) if keyword == "assume" else Assert(cond)]

    # -- expressions and conditions: one precedence grammar over explicit stacks, then typed
    def expression(self) -> Expr | Cond:
        """An expression or condition by operator precedence: unary signs bind tightest,
        binary operators associate to the left.  The stacks are explicit (``_Stacks``),
        so nesting costs no Python frames, and they bound its depth and size."""
        stacks = _Stacks(self)
        while True:
            tok = self.next()
            if self.is_prefix(tok):
                stacks.open(tok)
                continue
            stacks.operand(self.atom(tok), tok)
            while self.at(")") and stacks.parens:
                stacks.close()
                self.next()
            tok = self.peek()
            prec = _PRECEDENCE.get(tok.text) if tok.kind == "op" else None
            if prec is None:
                return stacks.finish(tok)
            stacks.binary(self.next(), prec)

    def is_prefix(self, tok: _Token) -> bool:
        """``(``, ``!``, or a ``-`` that is not part of a number."""
        return tok.kind == "op" and (tok.text in ("(", "!") or (tok.text == "-" and self.peek().kind != "int"))

    def combine(self, op: _Token, left: Expr | Cond, right: Expr | Cond) -> Expr | Cond:
        if op.text in _LOGIC:
            return _LOGIC[op.text][1](self.as_cond(left, op), self.as_cond(right, op))
        if op.text in _COMPARE:
            return Cmp(op.text, self.as_expr(left, op), self.as_expr(right, op))
        if op.text in _DIVISIONS and right == Const(0):
            raise self.fail(f"{_DIVISIONS[op.text]} by zero", op)
        return Bin(op.text, self.as_expr(left, op), self.as_expr(right, op))

    def unary(self, op: _Token, arg: Expr | Cond) -> Expr | Cond:
        return Neg(self.as_expr(arg, op)) if op.text == "-" else Not(self.as_cond(arg, op))

    def atom(self, tok: _Token) -> Expr | Cond:
        """A number (``-`` directly before one is its sign), a name, or the dialect's own atoms."""
        if tok.kind == "int":
            return Const(self.integer(tok))
        if tok.kind == "name":
            return self.name(tok)
        if tok.text == "-":
            return Const(-self.integer(self.next()))
        return self.other_prefix(tok)

    def other_prefix(self, tok: _Token) -> Expr | Cond:
        raise self.fail(f"expected an expression, got {self._shown(tok)}", tok)

    def integer(self, tok: _Token) -> int:
        if len(tok.text) > LIMITS.digits:
            raise self.fail(f"the constant has {len(tok.text)} digits (at most {LIMITS.digits})", tok)
        return int(tok.text)

    def name(self, tok: _Token) -> Expr | Cond:
        if self.at("("):
            raise self.fail(f"function calls are not supported ({tok.text!r})", tok)
        if tok.text in self.dialect.keywords:
            raise self.fail(f"{tok.text!r} is a keyword, not a value", tok)
        return self.use(tok)

    def use(self, tok: _Token) -> Var:
        if tok.text not in self.variables:
            raise self.fail(f"variable {tok.text!r} is not declared (or used before its declaration)", tok)
        return Var(tok.text)

    def as_cond(self, node: Expr | Cond, tok: _Token) -> Cond:
        if isinstance(node, _CONDS):
            return node
        if isinstance(node, Nondet):
            return NondetCond()
        raise self.fail("expected a condition (a comparison, &&, ||, ! or *), got a number", tok)

    def as_expr(self, node: Expr | Cond, tok: _Token) -> Expr:
        if isinstance(node, _EXPRS):
            return node
        raise self.fail("expected a number, got a condition", tok)

    def program(self, name: str, source: str, body: list[Stmt]) -> Program:
        program = Program(name, tuple(self.variables), tuple(self.inputs), Block(tuple(body)), source)
        needed = symbols_needed(program)
        if needed > MAX_SYMBOLS:
            raise self.where.error(f"verifying the program needs {needed} symbolic values (at most "
                                   f"{MAX_SYMBOLS}; one per assignment, twice as many in each enclosing loop)",
                                   self.where.first_line)
        return program


class _OwnParser(_Parser):
    """symgen's syntax: ``var`` declarations, braces required, ``*`` for a choice."""

    dialect = OWN
    STATEMENTS = {"var": "declaration", "if": "if_", "while": "while_", "assume": "check", "assert": "check",
                  "{": "block"}

    def parse(self, name: str, source: str) -> Program:
        body = self.statements("end of program")
        tok = self.peek()
        if tok.kind != "end":
            raise self.fail(f"unexpected {self._shown(tok)}", tok)
        return self.program(name, source, body)

    def braces(self, context: str) -> Block:
        tok = self.peek()
        if not self.at("{"):
            raise self.fail(f"expected '{{' after {context} (braces are required), got {self._shown(tok)}", tok)
        self.next()
        block = self.nested(lambda: self.statements("}"), tok)
        self.expect("}", f" to close the block opened on line {tok.line}")
        return block

    def block(self) -> list[Stmt]:
        return [self.braces("nothing")]

    def if_(self) -> list[Stmt]:
        self.next()
        cond = self.condition_in_parentheses("if")
        then = self.braces("if (...)")
        orelse = self.braces("else") if self.accept("else") else Block()
        return [If(cond, then, orelse)]

    def while_(self) -> list[Stmt]:
        keyword = self.next()
        cond = self.condition_in_parentheses("while")
        return [While(cond, self.loop_body(lambda: self.braces("while (...)"), keyword))]

    def assignment(self) -> Stmt:
        target = self.use(self.next())
        op = self.peek()
        if not self.at("="):
            raise self.fail(f"expected '=' after {target.name!r}, got {self._shown(op)}", op)
        self.next()
        expr = self.as_expr(self.expression(), self.peek())
        self.expect(";", " after the assignment")
        return Assign(target.name, expr)

    def name(self, tok: _Token) -> Expr | Cond:
        if tok.text in ("true", "false"):
            return BoolConst(tok.text == "true")
        return super().name(tok)

    def other_prefix(self, tok: _Token) -> Expr | Cond:
        if tok.text == "*":
            return Nondet()
        return super().other_prefix(tok)


class _CParser(_Parser):
    """The C subset of Code2Inv: ``int`` declarations, C statements, ``unknown()``."""

    dialect = C
    STATEMENTS = {"int": "declaration", "if": "if_", "while": "while_", "assume": "check", "assert": "check",
                  "{": "block", ";": "empty", "(": "simple_statement", "++": "simple_statement",
                  "--": "simple_statement", "for": "for_"}

    def parse(self, name: str, source: str) -> Program:
        kind = self.next()
        if kind.text not in ("int", "void"):
            raise self.fail(f"expected 'int main() {{' , got {self._shown(kind)}", kind)
        main = self.next()
        if main.text != "main":
            raise self.fail(f"only the function main is supported, got {self._shown(main)}", main)
        self.expect("(", " after main")
        self.accept("void")
        self.expect(")", " (main takes no parameters)")
        opening = self.expect("{", " to open main's body")
        body = self.statements("}")
        self.expect("}", f" to close main (opened on line {opening.line})")
        tok = self.peek()
        if tok.kind != "end":
            raise self.fail(f"nothing may follow main, got {self._shown(tok)}", tok)
        return self.program(name, source, body)

    def unsupported(self, tok: _Token) -> str:
        if tok.text in ("char", "short", "long", "unsigned", "signed", "float", "double", "bool", "_Bool"):
            return f"type {tok.text!r} is not supported (only int)"
        if tok.text == "*":
            return "pointers are not supported"
        if tok.kind == "name":
            return f"{tok.text!r} statements are not supported"
        return super().unsupported(tok)

    def body(self) -> list[Stmt]:
        """One statement as a branch or loop body: a block is flattened into it."""
        return list(self.statement())

    def block(self) -> list[Stmt]:
        opening = self.next()
        self.enter(opening)
        try:
            stmts = self.statements("}")
        finally:
            self.depth -= 1
        self.expect("}", f" to close the block opened on line {opening.line}")
        return stmts

    def empty(self) -> list[Stmt]:
        self.next()
        return []

    def if_(self) -> list[Stmt]:
        keyword = self.next()
        cond = self.condition_in_parentheses("if")
        then = self.nested(self.body, keyword)
        orelse = self.nested(self.body, keyword) if self.accept("else") else Block()
        return [If(cond, then, orelse)]

    def while_(self) -> list[Stmt]:
        keyword = self.next()
        cond = self.condition_in_parentheses("while")
        return [While(cond, self.loop_body(lambda: self.nested(self.body, keyword), keyword))]

    def for_(self) -> list[Stmt]:
        raise self.fail("for loops are not supported (the benchmark has none; write a while loop)", self.peek())

    def simple_statement(self) -> list[Stmt]:
        return [self.assignment()]

    def assignment(self) -> Stmt:
        stmt = self.simple()
        self.expect(";", " after the statement")
        return stmt

    def simple(self) -> Assign:
        """``x = e``, ``x op= e``, ``x++``, ``++x`` …, possibly in parentheses; no ';'."""
        tok = self.next()
        if tok.text == "(":
            inner = self.simple()
            self.expect(")", " to close the parenthesis")
            return inner
        if tok.text in ("++", "--"):
            target = self.variable(self.next())
            return Assign(target, Bin(_COMPOUND[tok.text], Var(target), Const(1)))
        target = self.variable(tok)
        op = self.next()
        if op.text in ("++", "--"):
            return Assign(target, Bin(_COMPOUND[op.text], Var(target), Const(1)))
        if op.text == "(":
            raise self.fail(f"function calls are not supported ({target!r})", tok)
        if op.text != "=" and op.text not in _COMPOUND:
            raise self.fail(f"expected an assignment to {target!r}, got {self._shown(op)}", op)
        expr = self.as_expr(self.expression(), self.peek())
        if op.text in _DIVISIONS and expr == Const(0):
            raise self.fail(f"{_DIVISIONS[op.text]} by zero", op)
        return Assign(target, expr if op.text == "=" else Bin(_COMPOUND[op.text], Var(target), expr))

    def variable(self, tok: _Token) -> str:
        if tok.kind != "name" or tok.text in self.dialect.keywords:
            raise self.fail(f"expected a variable, got {self._shown(tok)}", tok)
        if self.at("(") and tok.text not in self.variables:
            raise self.fail(f"function calls are not supported ({tok.text!r})", tok)
        return self.use(tok).name

    def integer(self, tok: _Token) -> int:
        if len(tok.text) > 1 and tok.text.startswith("0"):
            raise self.fail(f"octal constants are not supported ({tok.text[:20]})", tok)
        return super().integer(tok)

    def name(self, tok: _Token) -> Expr | Cond:
        if tok.text == "unknown":
            self.expect("(", " after unknown")
            self.expect(")", " (unknown takes no arguments)")
            return Nondet()
        return super().name(tok)

    def other_prefix(self, tok: _Token) -> Expr | Cond:
        if tok.text == "*":
            raise self.fail("pointers are not supported", tok)
        return super().other_prefix(tok)

    def as_cond(self, node: Expr | Cond, tok: _Token) -> Cond:
        if isinstance(node, Const):
            return BoolConst(node.value != 0)
        return super().as_cond(node, tok)


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
    where = _Where(name or "?", source, lines, first_line)
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
    tokens = _tokens("\n".join(lines), first_line, OWN, where)
    return _OwnParser(tokens, where).parse(name, source)


def parse_c(text: str, name: str, source: str = "<string>") -> Program:
    """One Code2Inv C program (``int main() { ... }``)."""
    lines = text.split("\n")
    where = _Where(name, source, lines)
    _check_size(text, lines, where)
    return _CParser(_tokens(text, 1, C, where), where).parse(name, source)


def parse_condition(text: str, variables: Sequence[str], source: str = "<string>",
                    name: str = "condition") -> Cond:
    """One condition in symgen's syntax over ``variables`` (an invariant, a record's goal):
    the whole of ``text``, within the bounds of a program's text."""
    lines = text.split("\n")
    where = _Where(name, source, lines)
    _check_size(text, lines, where)
    parser = _OwnParser(_tokens(text, 1, OWN, where), where)
    parser.variables = list(variables)
    start = parser.peek()
    cond = parser.bounded(parser.as_cond(parser.expression(), start), start)
    tok = parser.peek()
    if tok.kind != "end":
        raise parser.fail(f"unexpected {parser._shown(tok)} after the condition", tok)
    return cond


def _check_size(text: str, lines: list[str], where: _Where) -> None:
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
