"""The one reader of arithmetic text: tokens, a precedence-climbing parser, sympy built here.

Everything arithmetic that comes from outside -- a problem file, a JSONL benchmark,
a corpus record's facts, lemma arguments and certificate terms, a model's output --
is read by ``read``.  No text reaches ``eval``, ``sympy.parse_expr`` or ``sympify``:
the parser accepts only the grammar below and builds every sympy object itself, so an
attribute, a subscript, a string, a lambda or a call of a name outside ``FUNCTIONS``
cannot even be written.  The grammar has Python's precedence, with ``^`` as ``**``::

    sum     := term (("+" | "-") term)*
    term    := signed (("*" | "/") signed)*
    signed  := ("+" | "-")* power
    power   := atom (("**" | "^") signed)?          right-associative: 2**3**2 = 2**9
    atom    := NUMBER | VARIABLE | FUNCTION "(" sum ("," sum)* ")" | "(" sum ")"

A NUMBER is an integer or a decimal, read exactly (``0.5`` is 1/2, ``1e-3`` is 1/1000);
a VARIABLE is one of the names the caller declares.

Sizes are bounded before anything big is built (``symgen.limits.LIMITS``): the length of
the text, its tokens (``expression_nodes``), the nesting of parentheses, signs, calls
and exponents (``depth``), the digits and the decimal exponent of a literal, and what a
power would build.  Every part carries an estimate of its degree (numerator and
denominator, once over one denominator) and of log10 of the sum of the absolute values
of its coefficients once multiplied out, which bounds every coefficient: a part of
degree beyond ``exponent``, or whose coefficients or value would pass
``constant_digits`` digits, is refused before sympy evaluates it (``9**9**9``,
``(a+b)**5000``, ``10**10000``).

A division remembers its divisor as written, before sympy cancels anything (``a/a`` is
1, yet says ``a != 0``): ``Expression.divisors`` lists the divisors with variables (the
right side of ``/``, the base of a negative power), the side conditions that the prover
must show and the checker checks.

Anything else raises ``SyntaxProblem`` whose message names the column and the reason.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Collection

import sympy

from symgen.limits import LIMITS, InputLimits, number

MAX_CHOICES = 16     # arguments of all Min/Max calls of one expression (sympy compares pairs)


def _choice(kind):
    return lambda *args: kind(*args, evaluate=False)


# name -> (builder, arity; None: one or more)
FUNCTIONS: dict[str, tuple[Callable, int | None]] = {
    "sqrt": (sympy.sqrt, 1), "cbrt": (sympy.cbrt, 1), "Abs": (sympy.Abs, 1),
    "Min": (_choice(sympy.Min), None), "Max": (_choice(sympy.Max), None)}
ALLOWED = f"only + - * / ** ^, parentheses, numbers, variables and {', '.join(FUNCTIONS)}"

_TOKEN = re.compile(r"""\s*(?:
    (?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>\*\*|[-+*/^(),])
  | (?P<bad>\S))""", re.VERBOSE)
_SPACE = re.compile(r"\s*\Z")


class SyntaxProblem(ValueError):
    """Text outside the grammar or the bounds; the message names the column and the reason."""


@dataclass(frozen=True)
class Expression:
    expr: sympy.Expr
    divisors: tuple[sympy.Expr, ...]     # divisors with variables, as written (sorted, unique)
    unsupported: tuple[str, ...] = ()    # constructs the engine cannot decide, with their columns


@dataclass(frozen=True, slots=True)
class _Size:
    """Estimates for one part: degrees over one denominator, log10 of its coefficients' sum."""

    top: int = 0
    bottom: int = 0
    log: float = 0.0

    def plus(self, other: "_Size") -> "_Size":
        if not self.bottom and not other.bottom:
            return _Size(max(self.top, other.top), 0, _log_add(self.log, other.log))
        return _Size(max(self.top + other.bottom, other.top + self.bottom),
                     self.bottom + other.bottom, self.log + other.log + math.log10(2))

    def times(self, other: "_Size") -> "_Size":
        return _Size(self.top + other.top, self.bottom + other.bottom, self.log + other.log)

    def over(self, other: "_Size") -> "_Size":
        return _Size(self.top + other.bottom, self.bottom + other.top, self.log + other.log)

    def power(self, k: float) -> "_Size":
        top, bottom = (self.top, self.bottom) if k >= 0 else (self.bottom, self.top)
        return _Size(math.ceil(abs(k) * top), math.ceil(abs(k) * bottom), abs(k) * self.log)

    def join(self, other: "_Size") -> "_Size":
        return _Size(max(self.top, other.top), max(self.bottom, other.bottom),
                     max(self.log, other.log))


def _log_add(x: float, y: float) -> float:
    hi, lo = max(x, y), min(x, y)
    return hi + math.log10(1.0 + 10.0 ** (lo - hi))


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str        # number, name, op, end
    text: str
    column: int      # 1-based


@dataclass(frozen=True, slots=True)
class _Part:
    expr: sympy.Expr
    size: _Size


def shown(text: str, most: int = 60) -> str:
    """``text`` quoted, cut to ``most`` characters for an error message."""
    return repr(text) if len(text) <= most else repr(text[:most - 20] + "...") + f" ({len(text)} characters)"


class _Lexer:
    """The tokens of a text, one at a time (so errors come in reading order)."""

    def __init__(self, text: str, limits: InputLimits) -> None:
        self.text, self.limits = text, limits
        self.pos, self.counted = 0, 0

    def next(self) -> _Token:
        """The next token (``end`` at the end); SyntaxProblem for a character outside the
        grammar or more than ``limits.expression_nodes`` operators and operands."""
        text = self.text
        if _SPACE.match(text, self.pos):
            return _Token("end", "", len(text) + 1)
        m = _TOKEN.match(text, self.pos)
        kind = m.lastgroup
        column = m.start(kind) + 1
        if kind == "bad":
            raise SyntaxProblem(f"{m.group(kind)!r} is not allowed (column {column} of "
                                f"{shown(text)}; {ALLOWED})")
        self.counted += m.group(kind) not in "(),"
        if self.counted > self.limits.expression_nodes:
            raise SyntaxProblem(f"more than {self.limits.expression_nodes} operators and "
                                f"operands in {shown(text)}")
        self.pos = m.end()
        return _Token(kind, m.group(kind), column)


class _Parser:
    """Recursive descent over the tokens; ``depth`` counts the nesting it is in."""

    def __init__(self, text: str, variables: Collection[str], limits: InputLimits) -> None:
        self.text, self.variables, self.limits = text, variables, limits
        self.lexer = _Lexer(text, limits)
        self.tok = self.lexer.next()
        self.depth = 0
        self.choices = 0
        self.divisors: list[sympy.Expr] = []
        self.unsupported: list[str] = []

    # -- helpers ---------------------------------------------------------------
    def take(self) -> _Token:
        tok = self.tok
        if tok.kind != "end":
            self.tok = self.lexer.next()
        return tok

    def error(self, reason: str, tok: _Token | None = None) -> SyntaxProblem:
        tok = tok or self.tok
        return SyntaxProblem(f"{reason} (column {tok.column} of {shown(self.text)})")

    def syntax(self, detail: str, tok: _Token | None = None) -> SyntaxProblem:
        tok = tok or self.tok
        return SyntaxProblem(f"syntax error in {shown(self.text)} at column {tok.column}: {detail}")

    def enter(self, levels: int = 1) -> None:
        self.depth += levels
        if self.depth > self.limits.depth:
            raise self.error(f"nested deeper than {self.limits.depth} (parentheses, signs, "
                             f"calls and powers)")

    def bounded(self, part: _Part, tok: _Token) -> _Part:
        size, limits = part.size, self.limits
        if max(size.top, size.bottom) > limits.exponent:
            raise self.error(f"degree about {max(size.top, size.bottom)}, beyond {limits.exponent}", tok)
        if size.log > limits.constant_digits:
            raise self.error(f"numbers of about {size.log:.0f} digits, beyond "
                             f"{limits.constant_digits}", tok)
        return part

    # -- the grammar -----------------------------------------------------------
    def parse(self) -> Expression:
        if self.tok.kind == "end":
            raise SyntaxProblem(f"empty expression {shown(self.text)}")
        part = self.sum()
        if self.tok.kind != "end":
            raise self.syntax(f"unexpected {self.tok.text!r}")
        unique = sorted(set(self.divisors), key=sympy.default_sort_key)
        return Expression(part.expr, tuple(unique), tuple(self.unsupported))

    def sum(self) -> _Part:
        first = self.term()
        terms, size = [first.expr], first.size
        while self.tok.text in ("+", "-"):
            op = self.take()
            part = self.term()
            terms.append(part.expr if op.text == "+" else -part.expr)
            size = self.bounded(_Part(None, size.plus(part.size)), op).size
        return _Part(first.expr if len(terms) == 1 else sympy.Add(*terms), size)

    def term(self) -> _Part:
        acc = self.signed()
        while self.tok.text in ("*", "/"):
            op = self.take()
            right = self.signed()
            if op.text == "*":
                size = self.bounded(_Part(None, acc.size.times(right.size)), op).size
                acc = _Part(acc.expr * right.expr, size)
                continue
            if right.expr.free_symbols:
                self.divisors.append(right.expr)
            size = self.bounded(_Part(None, acc.size.over(right.size)), op).size
            acc = _Part(acc.expr / right.expr, size)
        return acc

    def signed(self) -> _Part:
        signs = []
        while self.tok.text in ("+", "-"):
            signs.append(self.take())
        self.enter(len(signs))
        part = self.power()
        self.depth -= len(signs)
        if sum(s.text == "-" for s in signs) % 2:
            part = _Part(-part.expr, part.size)
        return part

    def power(self) -> _Part:
        base = self.atom()
        if self.tok.text not in ("**", "^"):
            return base
        op = self.take()
        self.enter()
        exponent = self.signed()
        self.depth -= 1
        return self.raise_to(base, exponent, op)

    def raise_to(self, base: _Part, exponent: _Part, op: _Token) -> _Part:
        e = exponent.expr
        if e.free_symbols or not e.is_Rational:
            if e.is_negative and base.expr.free_symbols:
                self.divisors.append(base.expr)
            what = "variable" if e.free_symbols else "irrational"
            self.unsupported.append(f"{what} exponent {base.expr ** e} at column {op.column} "
                                    f"of {shown(self.text)}")
            return _Part(base.expr ** e, base.size)        # not a rational function: unsupported
        k = sympy.Rational(e)
        if k.q > self.limits.exponent or (base.expr.free_symbols and abs(k) > self.limits.exponent):
            raise self.error(f"exponent {_short(k)} beyond ±{self.limits.exponent}", op)
        if base.expr.free_symbols:
            size = base.size.power(float(k))
            if k < 0:
                self.divisors.append(base.expr)
        elif base.size.log and abs(k) > self.limits.constant_digits / base.size.log:
            raise self.error(f"{_short(k)} as an exponent makes a number of more than "
                             f"{self.limits.constant_digits} digits", op)
        else:
            size = _Size(0, 0, abs(float(k)) * base.size.log)
        self.bounded(_Part(None, size), op)
        return _Part(base.expr ** k, size)

    def atom(self) -> _Part:
        tok = self.take()
        if tok.kind == "number":
            return self.literal(tok)
        if tok.kind == "name":
            return self.name(tok)
        if tok.text == "(":
            self.enter()
            part = self.sum()
            self.depth -= 1
            if self.tok.text != ")":
                raise self.syntax(f"expected ')' for the '(' at column {tok.column}")
            self.take()
            return part
        what = "the end" if tok.kind == "end" else repr(tok.text)
        raise self.syntax(f"expected a number, a variable or '(', got {what}", tok)

    def literal(self, tok: _Token) -> _Part:
        try:
            value = number(tok.text, self.limits)
        except ValueError as err:
            raise self.error(str(err), tok) from None
        log = math.log10(max(abs(value.numerator), 1)) + math.log10(value.denominator)
        return _Part(sympy.Rational(value.numerator, value.denominator), _Size(0, 0, log))

    def name(self, tok: _Token) -> _Part:
        called = self.tok.text == "("
        if tok.text in FUNCTIONS:
            if not called:
                raise self.error(f"function {tok.text!r} needs its argument in parentheses", tok)
            return self.call(tok)
        if tok.text in self.variables:
            if called:
                raise self.error(f"variable {tok.text!r} is not a function (write "
                                 f"{tok.text}*(...) for a product)", tok)
            return _Part(sympy.Symbol(tok.text), _Size(1, 0, 0.0))
        if called:
            raise self.error(f"unknown function {tok.text!r} (allowed: {', '.join(FUNCTIONS)})", tok)
        raise self.error(f"undeclared variable {tok.text!r}", tok)

    def call(self, tok: _Token) -> _Part:
        build, arity = FUNCTIONS[tok.text]
        self.take()                                        # (
        self.enter()
        args = [self.sum()]
        while self.tok.text == ",":
            if arity == 1:
                raise self.error(f"{tok.text} takes one argument", tok)
            self.take()
            args.append(self.sum())
        self.depth -= 1
        if self.tok.text != ")":
            raise self.syntax(f"expected ')' to close {tok.text}(", self.tok)
        self.take()
        if arity is None:
            self.choices += len(args)
            if self.choices > MAX_CHOICES:
                raise self.error(f"more than {MAX_CHOICES} arguments of Min and Max", tok)
        size = args[0].size
        for a in args[1:]:
            size = size.join(a.size)
        return _Part(build(*[a.expr for a in args]), size)


def split_arguments(text: str) -> list[str]:
    """``text`` split at the commas outside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    return parts + [text[start:]]


def _short(k: sympy.Rational) -> str:
    text = str(k)
    return text if len(text) <= 30 else f"of {len(text)} characters"


def read(text: str, variables: Collection[str], limits: InputLimits = LIMITS,
         max_chars: int | None = None) -> Expression:
    """``text`` as a finite real sympy expression over ``variables`` (plain symbols), and
    its divisors; SyntaxProblem naming the column and the reason otherwise."""
    most = limits.line_chars if max_chars is None else max_chars
    if len(text) > most:
        raise SyntaxProblem(f"expression of {len(text)} characters (at most {most})")
    out = _Parser(text, variables, limits).parse()
    expr = out.expr
    if not isinstance(expr, sympy.Expr) or expr.has(sympy.zoo, sympy.nan, sympy.oo,
                                                    -sympy.oo, sympy.I):
        raise SyntaxProblem(f"{shown(text)} is not a finite real expression "
                            f"(it reads as {shown(str(expr))})")
    return out
