"""How hard an aux theorem is: does the heuristic proposer's search find an aux for it?

A generated aux record says which constructions its proof used; whether a search would
find those (or others that work) is another matter, and the one a training set for the
model must know: a record the heuristic solves teaches the model the heuristic.  ``label``
runs the beam search with the heuristic proposer on the record's problem (its premises
and goal, drawn afresh from a generator seeded by the record's own seed and index) under
a budget of expanded children, the same on every machine, unlike a time limit, and
returns the record's ``difficulty`` field::

    {"proof_steps": 7, "aux_count": 1,
     "heuristic": {"solved": false, "depth": null, "nodes": 64, "budget": 64,
                   "stop": "node budget"}}

``depth`` is the number of constructions the heuristic's proof added (None when it
found none).  The search also stops at ``SAFETY_SECONDS``, a safety net that a sound
budget never reaches; when it does the label is still written (``stop`` "time limit"),
and logged, since it then depends on the machine.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from provers.search import SearchConfig

from .heuristic import HeuristicProposer
from .parse import parse_problem
from .prover import search

log = logging.getLogger(__name__)

SAFETY_SECONDS = 120.0


@dataclass(frozen=True)
class Budget:
    nodes: int = 64                  # children the heuristic's search may expand
    beam: int = 4
    depth: int = 2
    k: int = 32                      # proposals per node in the first pass


def problem_text(record: dict) -> str:
    return f"{record['premises']} ? {record['goal']}"


def label(record: dict, budget: Budget = Budget()) -> dict:
    """The ``difficulty`` field of a geometry record (see the module's docstring)."""
    problem = parse_problem(record["id"], problem_text(record))
    config = SearchConfig(beam=budget.beam, depth=budget.depth, k=budget.k,
                          seconds=SAFETY_SECONDS, seed=int(record.get("index", 0)),
                          nodes=budget.nodes)
    result = search(problem, HeuristicProposer(), config)
    if result.stop == "time limit":
        log.warning("%s: the heuristic's search hit the %.0f s safety net before its budget "
                    "of %d children; its label depends on this machine", record["id"],
                    SAFETY_SECONDS, budget.nodes)
    stats = record.get("stats", {})
    return {"proof_steps": stats.get("proof_steps", len(record.get("proof", ()))),
            "aux_count": len(record.get("aux", ())),
            "heuristic": {"solved": result.solved,
                          "depth": len(result.constructs) if result.solved else None,
                          "nodes": result.stats["nodes"], "budget": budget.nodes,
                          "stop": result.stop}}
