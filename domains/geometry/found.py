"""A proof the search found, as a corpus record: what the self-improvement loop learns from.

``search_record(problem, ...)`` searches one problem with a proposer and, when the search proves it, returns a record of the generated corpus's shape
(``theorems._record``): the premises, the goal, the constructions the search added as
``aux``, the proof in the same canonical names, the diagram.  The record is then checked
as ``symgen check`` checks a corpus record (the proof replayed in the independent
checker, every proof fact re-checked on fresh diagrams): a proof that does not pass is
not kept.  Constructions the proof does not mention (a first level that did not help,
under a second that did) are left out of ``aux`` when no kept clause is built on them.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from provers.search import SearchConfig

from .corpus_check import check_record
from .parse import parse_problem
from .problem import Problem, problem_line
from .prover import SearchResult, search
from .theorems import _Deps, _record, proof_points

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Found:
    """One search's outcome: solved or not, how long, how many children, and the record."""

    solved: bool
    seconds: float
    nodes: int
    aux: tuple[str, ...] = ()
    record: dict | None = None
    why: str = ""                     # why a solved search gave no record


def _kept_aux(problem, first_aux: int, result: SearchResult) -> list[int]:
    """The aux clause indices the proof mentions a point of, with the clauses they need."""
    mentioned = proof_points(result.proof, result.state.names)
    aux = range(first_aux, len(problem.clauses))
    used = [i for i in aux if set(problem.clauses[i].points) & mentioned]
    deps = _Deps(problem)
    needed = deps.closure(p for i in used for p in problem.clauses[i].points)
    return sorted(i for i in needed if i >= first_aux)


def search_record(problem: Problem, proposer, config: SearchConfig, *, seed: int,
                  index: int, fresh: int = 2) -> Found:
    """Search ``problem`` and turn a proof into a checked record (named by seed and index)."""
    result = search(problem, proposer, config)
    nodes = result.stats.get("nodes", 0)
    if not result.solved:
        return Found(False, result.seconds, nodes)
    name = problem.name
    full = parse_problem(name, problem_line([*problem.clauses, *result.constructs],
                                            problem.asked))
    first_aux = len(full.clauses) - len(result.constructs)
    aux = _kept_aux(full, first_aux, result)
    record = _record(seed, index, 0, full, result.state, result.proof, list(range(first_aux)),
                     aux, result.report)
    failures = check_record(record, fresh=fresh)
    if failures:
        log.warning("%s: the search's proof is not kept: %s", name, failures[0])
        return Found(True, result.seconds, nodes, tuple(result.constructs), None, failures[0])
    return Found(True, result.seconds, nodes, tuple(record["aux"]), record)
