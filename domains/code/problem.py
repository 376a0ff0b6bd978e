"""The code domain's abstract syntax: integer loop programs.

A program has integer variables, some of them inputs (declared without a
value: any integer), and a body of statements: assignment, ``assume``,
``assert``, ``if``/``else`` and ``while`` whose conditions may be ``*``
(``unknown()`` in C: a nondeterministic choice).  Expressions are integer
arithmetic over variables and constants (``+ - *``, ``/`` and ``%`` with C's
truncating semantics, and ``*`` / ``unknown()`` as a nondeterministic value).
All nodes are frozen dataclasses, so programs hash and compare by value.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Iterator, Union


# -- expressions -------------------------------------------------------------
@dataclass(frozen=True)
class Var:
    name: str


@dataclass(frozen=True)
class Const:
    value: int


@dataclass(frozen=True)
class Bin:
    op: str                 # one of + - * / %
    left: "Expr"
    right: "Expr"


@dataclass(frozen=True)
class Neg:
    arg: "Expr"


@dataclass(frozen=True)
class Nondet:
    """An arbitrary integer (``unknown()`` used as a value)."""


Expr = Union[Var, Const, Bin, Neg, Nondet]


# -- conditions --------------------------------------------------------------
@dataclass(frozen=True)
class Cmp:
    op: str                 # one of < <= > >= == !=
    left: Expr
    right: Expr


@dataclass(frozen=True)
class And:
    left: "Cond"
    right: "Cond"


@dataclass(frozen=True)
class Or:
    left: "Cond"
    right: "Cond"


@dataclass(frozen=True)
class Not:
    arg: "Cond"


@dataclass(frozen=True)
class NondetCond:
    """A nondeterministic choice (``*`` or ``unknown()`` as a condition)."""


@dataclass(frozen=True)
class BoolConst:
    value: bool


Cond = Union[Cmp, And, Or, Not, NondetCond, BoolConst]


# -- statements --------------------------------------------------------------
@dataclass(frozen=True)
class Assign:
    var: str
    expr: Expr


@dataclass(frozen=True)
class Assume:
    cond: Cond


@dataclass(frozen=True)
class Assert:
    cond: Cond


@dataclass(frozen=True)
class If:
    cond: Cond
    then: "Block"
    orelse: "Block"


@dataclass(frozen=True)
class While:
    cond: Cond
    body: "Block"


@dataclass(frozen=True)
class Block:
    stmts: tuple["Stmt", ...] = ()


Stmt = Union[Assign, Assume, Assert, If, While, Block]


@dataclass(frozen=True)
class Program:
    name: str
    variables: tuple[str, ...]          # every variable, in declaration order
    inputs: tuple[str, ...]             # declared without a value: arbitrary at entry
    body: Block
    source: str = "<string>"


def nodes(node) -> Iterator:
    """``node`` and every AST node below it, in pre-order."""
    yield node
    if dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            child = getattr(node, f.name)
            for c in child if isinstance(child, tuple) else (child,):
                if dataclasses.is_dataclass(c):
                    yield from nodes(c)
