"""Canonical text of loop programs in symgen's own syntax.

``program_text`` writes a program the way ``parse.parse_program`` reads it back
to the same AST: a ``program NAME`` line, then one statement per line with
2-space indentation, ``} else {`` on one line and empty blocks as ``{}``.
Expressions carry only the parentheses their precedence needs, with two
additions that the parser relies on: a negated number is written ``-(5)`` (plain
``-5`` is the constant -5), and a negative right operand is bracketed
(``x - (-5)``), so that no two ASTs print alike.

Declarations come back where the AST fixes them: the variables are declared in
order, as early as possible; runs of inputs share one ``var a, b;`` line and
runs of initialised variables one ``var i = 0, s = 0;`` line, the first
top-level assignment to a non-input variable being its initialiser.
"""
from __future__ import annotations

from domains.code.parse import PROGRAM_NAME
from domains.code.problem import (And, Assert, Assign, Assume, Bin, Block, BoolConst, Cmp, Cond, Const, Expr, If, Neg,
                                  Nondet, NondetCond, Not, Or, Program, Stmt, Var, While)

INDENT = "  "
_BINARY = {"+": 5, "-": 5, "*": 6, "/": 6, "%": 6}
_LOGIC = {Or: ("||", 1), And: ("&&", 2)}
_CMP, _UNARY, _ATOM = 3, 7, 9


# ---------------------------------------------------------------------------
# Expressions and conditions: text with the precedence of its outermost operator

def _negative(e: Expr | Cond) -> bool:
    return isinstance(e, Neg) or (isinstance(e, Const) and e.value < 0)


def _expr(e: Expr) -> tuple[str, int]:
    if isinstance(e, Var):
        return e.name, _ATOM
    if isinstance(e, Const):
        return str(e.value), _UNARY if e.value < 0 else _ATOM
    if isinstance(e, Nondet):
        return "*", _ATOM
    if isinstance(e, Neg):
        text, prec = _expr(e.arg)
        bare = prec == _ATOM and not isinstance(e.arg, Const)
        return "-" + (text if bare else f"({text})"), _UNARY
    if isinstance(e, Bin):
        prec = _BINARY[e.op]
        left = _wrap(_expr(e.left), prec)
        right = _wrap(_expr(e.right), prec + 1, force=_negative(e.right))
        return f"{left} {e.op} {right}", prec
    raise TypeError(f"not an expression: {e!r}")


def _cond(c: Cond) -> tuple[str, int]:
    if isinstance(c, Cmp):
        return f"{expr_text(c.left)} {c.op} {expr_text(c.right)}", _CMP
    if isinstance(c, (And, Or)):
        op, prec = _LOGIC[type(c)]
        return f"{_wrap(_cond(c.left), prec)} {op} {_wrap(_cond(c.right), prec + 1)}", prec
    if isinstance(c, Not):
        return "!" + _wrap(_cond(c.arg), _UNARY), _UNARY
    if isinstance(c, NondetCond):
        return "*", _ATOM
    if isinstance(c, BoolConst):
        return ("true" if c.value else "false"), _ATOM
    raise TypeError(f"not a condition: {c!r}")


def _wrap(text_prec: tuple[str, int], needed: int, force: bool = False) -> str:
    text, prec = text_prec
    return f"({text})" if force or prec < needed else text


def expr_text(e: Expr) -> str:
    """An integer expression in symgen's syntax, e.g. ``x + 2 * (y - 1)``."""
    return _expr(e)[0]


def cond_text(c: Cond) -> str:
    """A condition in symgen's syntax, e.g. ``i < n && !(x == 0)``."""
    return _cond(c)[0]


# ---------------------------------------------------------------------------
# Statements

def _block(block: Block, depth: int) -> list[str]:
    return [line for stmt in block.stmts for line in _stmt(stmt, depth)]


def _braced(head: str, block: Block, depth: int) -> list[str]:
    """``head {`` … ``}``, or ``head {}`` for an empty block."""
    pad = INDENT * depth
    if not block.stmts:
        return [f"{pad}{head}{{}}"]
    return [f"{pad}{head}{{"] + _block(block, depth + 1) + [f"{pad}}}"]


def _stmt(stmt: Stmt, depth: int) -> list[str]:
    pad = INDENT * depth
    if isinstance(stmt, Assign):
        return [f"{pad}{stmt.var} = {expr_text(stmt.expr)};"]
    if isinstance(stmt, Assume):
        return [f"{pad}assume({cond_text(stmt.cond)});"]
    if isinstance(stmt, Assert):
        return [f"{pad}assert({cond_text(stmt.cond)});"]
    if isinstance(stmt, While):
        return _braced(f"while ({cond_text(stmt.cond)}) ", stmt.body, depth)
    if isinstance(stmt, If):
        lines = _braced(f"if ({cond_text(stmt.cond)}) ", stmt.then, depth)
        if stmt.orelse.stmts:
            rest = _braced("else ", stmt.orelse, depth)
            lines[-1] += " " + rest[0].lstrip()
            lines += rest[1:]
        return lines
    if isinstance(stmt, Block):
        return _braced("", stmt, depth)
    raise TypeError(f"not a statement: {stmt!r}")


def statement_text(stmt: Stmt, depth: int = 0) -> str:
    """One statement (and what it contains), one line per statement."""
    return "\n".join(_stmt(stmt, depth))


# ---------------------------------------------------------------------------
# Programs

def _declarations(program: Program) -> list[tuple[str, list[str], Assign | None]]:
    """(kind, names, initialiser) runs in order, interleaved with the body's statements.

    Each item is ``("var", names, None)`` for inputs, ``("init", [name], assign)``
    for an initialised variable, or ``("stmt", [], stmt)``.
    """
    stmts, k, items = program.body.stmts, 0, []
    inputs = set(program.inputs)
    for name in program.variables:
        if name in inputs:
            items.append(("var", [name], None))
            continue
        j = next((j for j in range(k, len(stmts)) if isinstance(stmts[j], Assign) and stmts[j].var == name), None)
        if j is None:
            raise ValueError(f"program {program.name!r}: variable {name!r} is not an input and has no "
                             "top-level assignment to initialise it")
        items += [("stmt", [], s) for s in stmts[k:j]] + [("init", [name], stmts[j])]
        k = j + 1
    return items + [("stmt", [], s) for s in stmts[k:]]


def _declaration_lines(items: list) -> list[str]:
    lines: list[str] = []
    previous = None
    for kind, names, node in items:
        if kind == "stmt":
            lines += _stmt(node, 0)
        else:
            part = names[0] if kind == "var" else f"{names[0]} = {expr_text(node.expr)}"
            if kind == previous:
                lines[-1] = lines[-1][:-1] + f", {part};"
            else:
                lines.append(f"var {part};")
        previous = kind
    return lines


def program_text(program: Program) -> str:
    """The program in symgen's syntax, header first; ``parse_program`` reads back the same AST.

    The program must be one the parser could produce: every non-input variable
    is initialised by a top-level assignment before anything else uses it.
    """
    if not PROGRAM_NAME.match(program.name):
        raise ValueError(f"program name {program.name!r} cannot be written (letters, digits, _ . - only)")
    return "\n".join([f"program {program.name}"] + _declaration_lines(_declarations(program))) + "\n"
