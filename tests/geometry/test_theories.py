"""One tiny problem per theory: the proof uses it, replays in the checker, and the checker
refuses the step when a cited fact is taken away."""
import dataclasses

import pytest

from domains.geometry.parse import parse_problem
from domains.geometry.verify import check_result
from provers.symbolic import prove
from symgen.checker import ProofCheckError

PROBLEMS = {
    "collinearity": "a b = segment a b; c = on_line c a b; d = on_line d a b ? coll b c d",
    "concyclicity": "a b c = triangle a b c; d = on_circum d a b c; e = on_circum e a b c ? cyclic b c d e",
    "angle chase": "a b c = triangle a b c; d = on_tline d a b c; e = on_tline e a b c ? coll a d e",
    "ratio chase": "a b c = triangle a b c; d = midpoint d a b; e = midpoint e d b ? rconst a b e b 4",
    "distance chase": "a b = segment a b; c = on_line c a b; d = on_line d a b; "
                      "e = on_line e a b, eqdistance e d a c ? cong c e a d",
}


@pytest.mark.parametrize("theory", sorted(PROBLEMS))
def test_theory_step_replays_and_needs_its_premises(theory):
    result = prove(parse_problem(theory, PROBLEMS[theory]), seconds=10)
    assert result.solved, result.text()
    steps = [s for s in result.proof.derived if s.rule == theory]
    assert steps, result.text()
    check_result(result)
    step = steps[-1]
    if len(step.cites) > 1:
        weakened = dataclasses.replace(step, cites=step.cites[:-1])
        proof = dataclasses.replace(result.proof, steps=tuple(
            weakened if s is step else s for s in result.proof.steps))
        with pytest.raises(ProofCheckError):
            check_result(dataclasses.replace(result, proof=proof))
