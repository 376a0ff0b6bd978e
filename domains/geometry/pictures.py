"""Pictures of proofs: from a prover's result or a corpus record to a file.

``result_figure(result)`` and ``record_figure(record)`` build the same
``figure.Figure`` from the two places a proof comes from: a ``GeometryResult``
(its diagram, the aux clauses the search added, the proof over the state's
point names) or a corpus record (its premises and aux clauses in the problem
language, the proof's lines as text, the stored coordinates).  A record is
untrusted: it is read with ``corpus_check``'s readers (types, bounds, known
points and predicates), and whatever is wrong is one ``InputError`` naming the
record and the reason.  ``save(fig, path)`` writes the figure by the suffix:
``.html`` the proof page (``proof_html``), ``.png``/``.svg``/``.pdf`` a
picture (``render``, needs matplotlib).
"""
from __future__ import annotations

import logging
from pathlib import Path

from symgen.errors import InputError, SymgenError

from .corpus_check import _coordinates, _steps, _strings, _typed, _Unreadable
from .figure import Figure, figure
from .parse import parse_problem
from .problem import problem_line

log = logging.getLogger(__name__)


def result_figure(result) -> Figure:
    """The picture of a prover's result: its proof marked if it was solved."""
    problem, aux = result.problem, tuple(result.constructs)
    if not result.diagram.coords:
        raise SymgenError(f"{problem.name}: no diagram to draw (the time ran out while drawing)")
    if aux:
        problem = parse_problem(problem.name, problem_line([*problem.clauses, *aux], problem.asked),
                                problem.source)
    steps = result.proof.steps if result.solved and result.proof is not None else ()
    return figure(problem, result.diagram.coords, aux=len(aux), steps=steps,
                  names=result.state.names)


def record_figure(record: object, label: str = "record") -> Figure:
    """The picture of a corpus record's proof; ``InputError`` naming ``label`` and the reason
    when the record cannot be drawn (a ``ProblemError``, naming it too, when its problem
    text does not parse)."""
    try:
        if not isinstance(record, dict):
            raise _Unreadable("not a JSON object")
        aux = _strings(record, "aux")
        text = "; ".join([_typed(record, "premises", str, "a string"), *aux])
        goal = _typed(record, "goal", str, "a string")
        name = record.get("id") if isinstance(record.get("id"), str) else label
        problem = parse_problem(name[:100], f"{text} ? {goal}", label)
        names = problem.points
        coords = dict(zip(names, _coordinates(record, names)))
        steps = _steps(record, {n: i for i, n in enumerate(names)})
        count = sum(a.count(";") + 1 for a in aux)
        return figure(problem, coords, aux=count, steps=steps, names=names)
    except _Unreadable as err:
        raise InputError(f"{label}: cannot draw the record: {err}") from None


def save(fig: Figure, out: str | Path) -> None:
    """Write ``fig`` by ``out``'s suffix: ``.html`` the proof page, else a picture."""
    out = Path(out)
    if out.suffix.lower() == ".html":
        from .proof_html import write_page
        write_page(fig, out)
    else:
        from .render import draw_figure
        draw_figure(fig, out)
