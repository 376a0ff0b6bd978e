"""The shape of a loop program: its points, loops and asserts, and its symbolic space.

Program points are the interpreter's point ids (``interp``): statement ``i`` of the
body is ``(i,)``; inside the statement at ``p``, statement ``j`` of its ``k``-th block is
``p + (k, j)`` (``if``: then 0, else 1; ``while`` and nested blocks: 0).  Loop ids are
the pre-order index of the ``While`` nodes; asserts are numbered the same way.  The
symbolic space is what the verifier (``hoare``) writes values over: program variables,
each input's ghost entry value, and every fresh value a path may need.  The parser
refuses a program whose space would exceed ``MAX_SYMBOLS``.
"""
from __future__ import annotations

from typing import Iterable

from domains.code.linear import Space
from domains.code.problem import Assert, Assign, Block, If, Program, Stmt, While

PointId = tuple[int, ...]
MAX_SYMBOLS = 1000         # names of a program's space (the parser refuses more; Code2Inv needs 27)


def walk(block: Block, prefix: PointId = ()) -> Iterable[tuple[PointId, Stmt]]:
    """Every statement with its point id, in pre-order."""
    for i, stmt in enumerate(block.stmts):
        pid = prefix + (i,)
        yield pid, stmt
        for k, child in enumerate(_blocks(stmt)):
            yield from walk(child, pid + (k,))


def _blocks(stmt: Stmt) -> tuple[Block, ...]:
    if isinstance(stmt, If):
        return stmt.then, stmt.orelse
    if isinstance(stmt, While):
        return (stmt.body,)
    return (stmt,) if isinstance(stmt, Block) else ()


def loops(program: Program) -> list[tuple[PointId, While]]:
    """The loops in pre-order: loop id ``k`` is ``loops(program)[k]``."""
    return [(pid, s) for pid, s in walk(program.body) if isinstance(s, While)]


def asserts(program: Program) -> list[tuple[PointId, Assert]]:
    return [(pid, s) for pid, s in walk(program.body) if isinstance(s, Assert)]


def assigned(stmt: Stmt | Block) -> set[str]:
    """The variables some assignment inside ``stmt`` writes."""
    block = stmt if isinstance(stmt, Block) else Block((stmt,))
    return {s.var for _, s in walk(block) if isinstance(s, Assign)}


def ghost_names(program: Program) -> dict[str, str]:
    """Input -> the name of its ghost entry value (``x0``, or ``x_0``... on a clash)."""
    taken, out = set(program.variables), {}
    for v in program.inputs:
        for name in (f"{v}0", f"{v}_0", f"{v}_in") + tuple(f"{v}_0_{k}" for k in range(1, 100)):
            if name not in taken:
                break
        taken.add(name)
        out[v] = name
    return out


def symbol(var: str, k: int) -> str:
    return f"{var}@{k}"


def fresh_bound(program: Program) -> dict[str, int]:
    """How many fresh values of each variable one path can need: one per assignment and
    per loop assigning it, times 2 per enclosing loop (a peeled first iteration)."""
    bound = {v: 0 for v in program.variables}

    def visit(block: Block, depth: int) -> None:
        for stmt in block.stmts:
            if isinstance(stmt, Assign):
                bound[stmt.var] += 2 ** depth
            if isinstance(stmt, While):
                for v in assigned(stmt.body):
                    bound[v] += 2 ** depth
            for child in _blocks(stmt):
                visit(child, depth + isinstance(stmt, While))
    visit(program.body, 0)
    return bound


def symbols_needed(program: Program) -> int:
    """The size of ``program_space(program)``, without building it."""
    return len(program.variables) + len(program.inputs) + sum(fresh_bound(program).values())


def program_space(program: Program) -> Space:
    """Program variables, then ghosts, then every fresh symbol a path may need."""
    ghosts = ghost_names(program)
    bound = fresh_bound(program)
    symbols = [symbol(v, k) for v in program.variables for k in range(1, bound[v] + 1)]
    return Space(tuple(program.variables) + tuple(ghosts.values()) + tuple(symbols))


def invariant_space_names(program: Program) -> tuple[str, ...]:
    """The names an invariant may mention: program variables and ghosts."""
    return tuple(program.variables) + tuple(ghost_names(program).values())
