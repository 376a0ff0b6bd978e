"""Code proofs as JSON: one line per Hoare-style step, as records and ``--json`` carry them.

A line is ``{"n": index, "point": "2.0.1", "rule": "loop step", "facts": [...],
"cites": [...]}`` (plus ``"loop"`` and ``"bind"`` where the step has them);
facts are linear constraints in the program's variables, ghosts (``x0``: the
input ``x`` at entry) and fresh values (``x@1``).  The certificates are not
stored: the checker re-derives the steps from the program and the recorded
invariant, re-proves every obligation and compares the lines.
"""
from __future__ import annotations

from .hoare import Verification, point_text


def proof_lines(v: Verification) -> list[dict]:
    names = v.space.names
    out = []
    for s in v.steps:
        line = {"n": s.index, "point": point_text(s.point), "rule": s.rule,
                "facts": [c.text(names) for c in s.facts]}
        if s.tag:
            line["case"] = s.tag
        if s.loop is not None:
            line["loop"] = s.loop
        if s.binding:
            line["bind"] = [f"{var} := {p.text(names)}" for var, p in s.binding]
        if s.cites:
            line["cites"] = list(s.cites)
        out.append(line)
    return out
