"""The parsers of the two syntaxes of loop programs: recursive descent over tokens.

``OwnParser`` (symgen's syntax) and ``CParser`` (the C subset of Code2Inv) give
the statement forms of their syntax; the base class they share holds the token
cursor, declarations, ``assume``/``assert`` and the expressions and conditions,
one precedence grammar over explicit stacks (``_Stacks``) that bounds how deep
and how large an expression may be, and how many cases a condition splits into
(``MAX_CASES``).  Tokens come from ``tokens``; the entry points and the languages'
description are in ``parse``.
"""
from __future__ import annotations

from typing import Callable

from domains.code.problem import (And, Assert, Assign, Assume, Bin, Block, BoolConst, Cmp, Cond, Const, Expr, If, Neg,
                                  Nondet, NondetCond, Not, Or, Program, Stmt, Var, While)
from domains.code.shape import MAX_SYMBOLS, symbols_needed     # the verifier's own bound
from domains.code.tokens import C, OWN, Dialect, Token, Where
from symgen.errors import ProblemError
from symgen.limits import LIMITS

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
        self.ops: list[tuple[Token, int]] = []                # (operator, precedence); '(' is 0
        self.open_now = self.parens = self.nodes = 0
        self.height_limit = max(LIMITS.depth - parser.depth, MIN_HEIGHT)

    def count(self, tok: Token) -> None:
        self.nodes += 1
        if self.nodes > LIMITS.expression_nodes:
            raise self.parser.fail(f"the expression has more than {LIMITS.expression_nodes} operators "
                                   "and operands", tok)

    def open(self, tok: Token) -> None:
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

    def operand(self, node: Expr | Cond, tok: Token) -> None:
        self.count(tok)
        self.operands.append((node, 1))

    def binary(self, tok: Token, prec: int) -> None:
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

    def finish(self, tok: Token) -> Expr | Cond:
        self.reduce(1)
        if self.parens:
            raise self.parser.fail(f"expected ')' to close the parenthesis, got {self.parser.shown(tok)}", tok)
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

    dialect: Dialect
    STATEMENTS: dict[str, str] = {}     # first token -> method name

    def __init__(self, tokens: list[Token], where: Where) -> None:
        self.tokens, self.where, self.i = tokens, where, 0
        self.variables: list[str] = []
        self.inputs: list[str] = []
        self.depth = 0                  # block nesting: declarations only at depth 0
        self.loops = 0                  # loop nesting

    # -- tokens
    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def next(self) -> Token:
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

    def expect(self, text: str, context: str = "") -> Token:
        tok = self.peek()
        if not self.at(text):
            raise self.fail(f"expected {text!r}{context}, got {self.shown(tok)}", tok)
        return self.next()

    def fail(self, reason: str, tok: Token) -> ProblemError:
        return self.where.error(reason, tok.line, tok.col)

    @staticmethod
    def shown(tok: Token) -> str:
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

    def unsupported(self, tok: Token) -> str:
        return f"expected a statement, got {self.shown(tok)}"

    def nested(self, parse: Callable[[], list[Stmt]], tok: Token) -> Block:
        """A block parsed by ``parse`` one level deeper (``tok`` opens it)."""
        self.enter(tok)
        try:
            return Block(tuple(parse()))
        finally:
            self.depth -= 1

    def enter(self, tok: Token) -> None:
        self.depth += 1
        if self.depth > LIMITS.depth:
            raise self.fail(f"blocks nested deeper than {LIMITS.depth}", tok)

    def loop_body(self, parse: Callable[[], Block], tok: Token) -> Block:
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
                raise self.fail(f"expected a variable name after {keyword.text!r}, got {self.shown(tok)}", tok)
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

    def declare(self, tok: Token) -> None:
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

    def bounded(self, cond: Cond, tok: Token) -> Cond:
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

    def is_prefix(self, tok: Token) -> bool:
        """``(``, ``!``, or a ``-`` that is not part of a number."""
        return tok.kind == "op" and (tok.text in ("(", "!") or (tok.text == "-" and self.peek().kind != "int"))

    def combine(self, op: Token, left: Expr | Cond, right: Expr | Cond) -> Expr | Cond:
        if op.text in _LOGIC:
            return _LOGIC[op.text][1](self.as_cond(left, op), self.as_cond(right, op))
        if op.text in _COMPARE:
            return Cmp(op.text, self.as_expr(left, op), self.as_expr(right, op))
        if op.text in _DIVISIONS and right == Const(0):
            raise self.fail(f"{_DIVISIONS[op.text]} by zero", op)
        return Bin(op.text, self.as_expr(left, op), self.as_expr(right, op))

    def unary(self, op: Token, arg: Expr | Cond) -> Expr | Cond:
        return Neg(self.as_expr(arg, op)) if op.text == "-" else Not(self.as_cond(arg, op))

    def atom(self, tok: Token) -> Expr | Cond:
        """A number (``-`` directly before one is its sign), a name, or the dialect's own atoms."""
        if tok.kind == "int":
            return Const(self.integer(tok))
        if tok.kind == "name":
            return self.name(tok)
        if tok.text == "-":
            return Const(-self.integer(self.next()))
        return self.other_prefix(tok)

    def other_prefix(self, tok: Token) -> Expr | Cond:
        raise self.fail(f"expected an expression, got {self.shown(tok)}", tok)

    def integer(self, tok: Token) -> int:
        if len(tok.text) > LIMITS.digits:
            raise self.fail(f"the constant has {len(tok.text)} digits (at most {LIMITS.digits})", tok)
        return int(tok.text)

    def name(self, tok: Token) -> Expr | Cond:
        if self.at("("):
            raise self.fail(f"function calls are not supported ({tok.text!r})", tok)
        if tok.text in self.dialect.keywords:
            raise self.fail(f"{tok.text!r} is a keyword, not a value", tok)
        return self.use(tok)

    def use(self, tok: Token) -> Var:
        if tok.text not in self.variables:
            raise self.fail(f"variable {tok.text!r} is not declared (or used before its declaration)", tok)
        return Var(tok.text)

    def as_cond(self, node: Expr | Cond, tok: Token) -> Cond:
        if isinstance(node, _CONDS):
            return node
        if isinstance(node, Nondet):
            return NondetCond()
        raise self.fail("expected a condition (a comparison, &&, ||, ! or *), got a number", tok)

    def as_expr(self, node: Expr | Cond, tok: Token) -> Expr:
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


class OwnParser(_Parser):
    """symgen's syntax: ``var`` declarations, braces required, ``*`` for a choice."""

    dialect = OWN
    STATEMENTS = {"var": "declaration", "if": "if_", "while": "while_", "assume": "check", "assert": "check",
                  "{": "block"}

    def parse(self, name: str, source: str) -> Program:
        body = self.statements("end of program")
        tok = self.peek()
        if tok.kind != "end":
            raise self.fail(f"unexpected {self.shown(tok)}", tok)
        return self.program(name, source, body)

    def braces(self, context: str) -> Block:
        tok = self.peek()
        if not self.at("{"):
            raise self.fail(f"expected '{{' after {context} (braces are required), got {self.shown(tok)}", tok)
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
            raise self.fail(f"expected '=' after {target.name!r}, got {self.shown(op)}", op)
        self.next()
        expr = self.as_expr(self.expression(), self.peek())
        self.expect(";", " after the assignment")
        return Assign(target.name, expr)

    def name(self, tok: Token) -> Expr | Cond:
        if tok.text in ("true", "false"):
            return BoolConst(tok.text == "true")
        return super().name(tok)

    def other_prefix(self, tok: Token) -> Expr | Cond:
        if tok.text == "*":
            return Nondet()
        return super().other_prefix(tok)


class CParser(_Parser):
    """The C subset of Code2Inv: ``int`` declarations, C statements, ``unknown()``."""

    dialect = C
    STATEMENTS = {"int": "declaration", "if": "if_", "while": "while_", "assume": "check", "assert": "check",
                  "{": "block", ";": "empty", "(": "simple_statement", "++": "simple_statement",
                  "--": "simple_statement", "for": "for_"}

    def parse(self, name: str, source: str) -> Program:
        kind = self.next()
        if kind.text not in ("int", "void"):
            raise self.fail(f"expected 'int main() {{' , got {self.shown(kind)}", kind)
        main = self.next()
        if main.text != "main":
            raise self.fail(f"only the function main is supported, got {self.shown(main)}", main)
        self.expect("(", " after main")
        self.accept("void")
        self.expect(")", " (main takes no parameters)")
        opening = self.expect("{", " to open main's body")
        body = self.statements("}")
        self.expect("}", f" to close main (opened on line {opening.line})")
        tok = self.peek()
        if tok.kind != "end":
            raise self.fail(f"nothing may follow main, got {self.shown(tok)}", tok)
        return self.program(name, source, body)

    def unsupported(self, tok: Token) -> str:
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
            raise self.fail(f"expected an assignment to {target!r}, got {self.shown(op)}", op)
        expr = self.as_expr(self.expression(), self.peek())
        if op.text in _DIVISIONS and expr == Const(0):
            raise self.fail(f"{_DIVISIONS[op.text]} by zero", op)
        return Assign(target, expr if op.text == "=" else Bin(_COMPOUND[op.text], Var(target), expr))

    def variable(self, tok: Token) -> str:
        if tok.kind != "name" or tok.text in self.dialect.keywords:
            raise self.fail(f"expected a variable, got {self.shown(tok)}", tok)
        if self.at("(") and tok.text not in self.variables:
            raise self.fail(f"function calls are not supported ({tok.text!r})", tok)
        return self.use(tok).name

    def integer(self, tok: Token) -> int:
        if len(tok.text) > 1 and tok.text.startswith("0"):
            raise self.fail(f"octal constants are not supported ({tok.text[:20]})", tok)
        return super().integer(tok)

    def name(self, tok: Token) -> Expr | Cond:
        if tok.text == "unknown":
            self.expect("(", " after unknown")
            self.expect(")", " (unknown takes no arguments)")
            return Nondet()
        return super().name(tok)

    def other_prefix(self, tok: Token) -> Expr | Cond:
        if tok.text == "*":
            raise self.fail("pointers are not supported", tok)
        return super().other_prefix(tok)

    def as_cond(self, node: Expr | Cond, tok: Token) -> Cond:
        if isinstance(node, Const):
            return BoolConst(node.value != 0)
        return super().as_cond(node, tok)
