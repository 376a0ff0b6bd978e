"""Geometry problems as model text: canonical point names, training pairs, the vocabulary.

A model should learn the structure of a problem, not its author's names, so every
problem shown to or read from a model has its points renamed ``a, b, c, ...`` in order
of introduction (``p26, p27, ...`` past the alphabet); a proposed construction then
names its new point with the next free canonical name.  ``Renaming`` maps both ways:
the model proposer renames a problem, decodes a clause in canonical names and maps it
back to the problem's own names (new points get fresh names that the problem does not
use yet).

A model should not have to learn two spellings of one construction either: the generator
writes ``circle`` and ``on_line x a b, on_line x c d``, while people also write
``circumcenter`` and ``intersection_ll x a b c d``.  ``respell`` writes such a call as the
calls the generator uses (``SPELLINGS``), in prompts and targets alike; the problem the
search proves keeps its own text.

``training_pairs`` turns one corpus record into (prompt, target) texts for
``symgen train``: the prompt is ``premises ? goal``, the target one auxiliary
clause.  A record with aux clauses ``x1; x2`` gives two pairs, ``premises ? goal ->
x1`` and ``premises; x1 ? goal -> x2``, so that a search that has added the first
clause is asked for the second.  A record without aux gives one pair with an empty
target (pretraining text).
"""
from __future__ import annotations

from dataclasses import dataclass

from symgen.tokenizer import join, split

from .constructions import CONSTRUCTIONS
from .parse import parse_problem
from .predicates import PREDICATES
from .problem import Call, Clause, Problem, Statement, problem_line

LETTERS = "abcdefghijklmnopqrstuvwxyz"
SEPARATORS = (";", ",", "=", "?")


# A construction the generator never writes -> the calls it does write that say the same,
# each as (name, indices of the original call's arguments).
SPELLINGS: dict[str, tuple[tuple[str, tuple[int, ...]], ...]] = {
    "circumcenter": (("circle", (0, 1, 2, 3)),),
    "intersection_ll": (("on_line", (0, 1, 2)), ("on_line", (0, 3, 4))),
    "intersection_lc": (("on_line", (0, 1, 3)), ("on_circle", (0, 2, 3))),
    "intersection_lt": (("on_line", (0, 1, 2)), ("on_tline", (0, 3, 4, 5))),
    "intersection_lp": (("on_line", (0, 1, 2)), ("on_pline", (0, 3, 4, 5))),
    "intersection_pp": (("on_pline", (0, 1, 2, 3)), ("on_pline", (0, 4, 5, 6))),
    "intersection_tt": (("on_tline", (0, 1, 2, 3)), ("on_tline", (0, 4, 5, 6))),
    "intersection_cc": (("on_circle", (0, 1, 3)), ("on_circle", (0, 2, 3))),
}


def canonical_name(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else f"p{i}"


def fresh_name(taken: set[str]) -> str:
    """The first point name not in ``taken``: a letter, else ``x1, x2, ...``."""
    for c in LETTERS:
        if c not in taken:
            return c
    i = 1
    while f"x{i}" in taken:
        i += 1
    return f"x{i}"


def is_canonical_name(token: str) -> bool:
    return (len(token) == 1 and token in LETTERS) or (token[:1] == "p" and token[1:].isdigit())


@dataclass(frozen=True)
class Renaming:
    """A problem's point names <-> canonical names."""

    to_canon: dict[str, str]
    to_own: dict[str, str]

    @classmethod
    def of(cls, problem: Problem) -> "Renaming":
        to_canon = {name: canonical_name(i) for i, name in enumerate(problem.points)}
        return cls(to_canon, {c: own for own, c in to_canon.items()})


def rename_statement(stmt: Statement, names: dict[str, str]) -> Statement:
    return Statement(stmt.pred, tuple(names[a] for a in stmt.args), stmt.numbers)


def rename_clause(clause: Clause, names: dict[str, str]) -> Clause:
    calls = tuple(Call(c.name, tuple(names[a] for a in c.args), c.numbers) for c in clause.calls)
    fixed = tuple((names[p], x, y) for p, x, y in clause.fixed)
    return Clause(tuple(names[p] for p in clause.points), calls, fixed, clause.position)


def respell(clause: Clause) -> Clause:
    """``clause`` with each call of ``SPELLINGS`` written as the generator's calls."""
    if not any(c.name in SPELLINGS for c in clause.calls):
        return clause
    calls: list[Call] = []
    for call in clause.calls:
        spelt = SPELLINGS.get(call.name)
        calls += [call] if spelt is None else [Call(name, tuple(call.args[i] for i in idx))
                                               for name, idx in spelt]
    return Clause(clause.points, tuple(calls), clause.fixed, clause.position)


def canonical_text(problem: Problem) -> tuple[str, Renaming]:
    """``problem`` in canonical names and the generator's spellings, and the renaming."""
    ren = Renaming.of(problem)
    clauses = [respell(rename_clause(c, ren.to_canon)) for c in problem.clauses]
    goal = None if problem.goal is None else rename_statement(problem.goal, ren.to_canon)
    return problem_line(clauses, goal), ren


def training_pairs(record: dict) -> list[tuple[str, str]]:
    """(prompt, target) texts of one corpus record, in canonical names."""
    aux = list(record.get("aux") or ())
    full = parse_problem(record.get("id", "record"),
                         problem_line([record["premises"], *aux], record["goal"]))
    names = Renaming.of(full)                 # aux points come last: named after the statement's
    canon = [respell(rename_clause(c, names.to_canon)) for c in full.clauses]
    goal = rename_statement(full.goal, names.to_canon)
    if not aux:
        return [(problem_line(canon, goal), "")]
    k = len(canon) - len(aux)
    return [(problem_line(canon[:k + i], goal), str(canon[k + i])) for i in range(len(aux))]


def vocabulary() -> list[str]:
    """The words of the problem language: separators, construction and predicate names,
    and the canonical point names a model uses."""
    words = set(SEPARATORS) | set(CONSTRUCTIONS) | set(PREDICATES)
    words |= {canonical_name(i) for i in range(len(LETTERS) + 10)}
    return sorted(words)


def to_own_names(text: str, ren: Renaming, points: set[str]) -> str | None:
    """A canonical clause in the problem's names, or None if it names an unknown point."""
    tokens = split(text)
    if "=" not in tokens:
        return None
    eq = tokens.index("=")
    new = tokens[:eq]
    if not new or any(t in ren.to_own for t in new) or len(set(new)) < len(new):
        return None
    taken, fresh = set(points), {}
    for t in new:
        fresh[t] = fresh_name(taken)
        taken.add(fresh[t])
    out = []
    for t in tokens:
        if t in fresh:
            out.append(fresh[t])
        elif t in ren.to_own:
            out.append(ren.to_own[t])
        elif is_canonical_name(t):         # a point the problem does not have
            return None
        else:
            out.append(t)
    return join(out)

