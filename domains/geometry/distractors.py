"""Distractor premises: a statement with unrelated construction steps woven in.

A generated theorem keeps only the premises its proof needs, so a model trained on
such statements has never seen a premise it should ignore, while problems written by
people (JGEX, IMO) carry points that the proof never uses.  ``with_distractors`` draws
a statement, grows its diagram by a few random sampler steps (``sampler.grow``: each
step is numerically constructible on the drawn points) and weaves the new clauses into
the statement's own at random places after the points they use, so the unused points
are not simply the last ones.  The goal and the auxiliary constructions of the record
are unchanged: the aux clauses still prove the goal, since premises were only added.

``distractor_pairs`` is the training-pair form (``symgen train --distractors N``).
"""
from __future__ import annotations

import numpy as np

from symgen.errors import SymgenError

from .diagram import Diagram, build
from .text import fresh_name, rename_clause, training_pairs
from .parse import parse_problem
from .problem import Clause, problem_line
from .sampler import SamplerConfig, grow


def _uses(clause: Clause) -> set[str]:
    """Points a clause builds on (not the ones it introduces)."""
    return {a for call in clause.calls for a in call.args} - set(clause.points)


def weave(base: list[Clause], extra: list[Clause], rng: np.random.Generator) -> list[Clause]:
    """``base`` and ``extra`` merged at random, each in its own order, every ``extra``
    clause after the clauses that introduce the points it uses."""
    out, known, i, j = [], set(), 0, 0
    while i < len(base) or j < len(extra):
        ready = j < len(extra) and _uses(extra[j]) <= known
        take_extra = ready and (i == len(base) or rng.random() < 0.5)
        clause = extra[j] if take_extra else base[i]
        j, i = (j + 1, i) if take_extra else (j, i + 1)
        out.append(clause)
        known.update(clause.points)
    return out


def with_distractors(premises: str, rng: np.random.Generator, steps: int,
                     aux: tuple[str, ...] = ()) -> str | None:
    """``premises`` with up to ``steps`` constructible distractor clauses woven in; None if
    the statement cannot be drawn or no step could be added.  The ``aux`` clauses are
    drawn too, so that no distractor point falls on an aux point (a distractor that is
    the aux point itself would make the record's target a duplicate), and the new points
    are named apart from theirs."""
    problem = parse_problem("distractors", premises)
    try:
        drawn = build(parse_problem("distractors", "; ".join([premises, *aux])), rng,
                      check_goal=False)
    except SymgenError:
        return None
    own = set(problem.points)
    coords = {p: z for p, z in drawn.coords.items() if p in own}
    coords.update({f" aux {p}": z for p, z in drawn.coords.items() if p not in own})
    grown, _ = grow(rng, problem, Diagram(problem.points, coords), SamplerConfig().table(), steps)
    extra = list(grown.clauses[len(problem.clauses):])
    if not extra:
        return None
    taken, names = set(drawn.coords), {p: p for p in problem.points}
    for clause in extra:
        for p in clause.points:
            names[p] = fresh_name(taken)
            taken.add(names[p])
    extra = [rename_clause(c, names) for c in extra]
    return problem_line(weave(list(problem.clauses), extra, rng), None)


def distractor_pairs(record: dict, rng: np.random.Generator,
                     steps: int) -> list[tuple[str, str]]:
    """The training pairs of an aux record whose premises carry 1 to ``steps`` distractor
    steps (``[]`` for a record without aux, or when none could be added)."""
    aux = tuple(record.get("aux") or ())
    if not aux or steps < 1:
        return []
    text = with_distractors(record["premises"], rng, int(rng.integers(1, steps + 1)), aux)
    if text is None:
        return []
    return training_pairs({**record, "premises": text})
