"""Pictures of problems and proofs: from a problem, a prover's result or a corpus record
to a ``figure.Figure``, and from a figure to a file.

``figure(problem, coords, aux=k, steps=proof_steps, names=names)`` places the
base picture (``figure.place_hints``: the premises' lines and circles, the aux
clauses' and the goal's), each proof line's objects and marks
(``proof_marks.step_views``), and the points.  ``render(problem, path)`` draws
a problem's diagram as the prover would build it, without proving anything.
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
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from symgen.errors import InputError, SymgenError

from .constructions import CONSTRUCTIONS
from .corpus_check import _coordinates, _steps, _strings, _typed, _Unreadable
from .diagram import build
from .figure import GOAL_SHAPES, Canvas, Figure, framed, hints, place_hints, place_points
from .parse import parse_problem
from .problem import Problem, Statement, problem_line
from .proof_marks import step_views

log = logging.getLogger(__name__)


def _said(clauses) -> list[Statement]:
    """What the clauses' constructions assert (``constructions.premises`` of a few clauses)."""
    return [s for c in clauses for call in c.calls for s in CONSTRUCTIONS[call.name].statements(call)]


def _title(problem: Problem) -> str:
    return textwrap.shorten(problem.name, 70, placeholder="...")


def figure(problem: Problem, coords: dict[str, complex], *, aux: int = 0, steps: Sequence = (),
           names: Sequence[str] = ()) -> Figure:
    """The picture of ``problem`` (its last ``aux`` clauses auxiliary) on ``coords``, with
    ``steps`` (``symgen.proof.ProofStep``s over the point names ``names``) marked."""
    canvas = Canvas(dict(coords))
    cut = len(problem.clauses) - min(aux, len(problem.clauses))
    given, added = problem.clauses[:cut], problem.clauses[cut:]
    place_hints(canvas, hints(_said(given)), "premise", extend=True)
    place_hints(canvas, hints(_said(added)), "aux", extend=True)
    place_hints(canvas, hints(problem.goals, GOAL_SHAPES), "goal", extend=False)
    views = step_views(canvas, steps, names or problem.points)
    place_points(canvas, problem, {p for c in added for p in c.points})
    goal = "; ".join(str(g) for g in problem.goals)
    return Figure(_title(problem), goal, tuple(c.text.strip() or str(c) for c in added),
                  tuple(canvas.items.values()), views, framed(canvas))


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


def render(problem: Problem, out_path: str | Path, *, seed: int = 0) -> None:
    """Draw ``problem``'s diagram (seeded as the prover draws it) to ``out_path``, without
    proving anything: .png, .svg, .pdf or .html by the suffix.  Raises ``SymgenError`` for
    an unknown suffix or a missing matplotlib, ``ProblemError`` when the problem cannot be
    drawn."""
    from .render import check_format
    if Path(out_path).suffix.lower() != ".html":
        check_format(Path(out_path))
    diagram = build(problem, np.random.default_rng(seed))
    save(figure(problem, diagram.coords), out_path)
