"""One tiny problem per theory: the proof uses it, replays in the checker, and the checker
refuses the step when a cited fact is taken away."""
import dataclasses

import pytest

from domains.geometry.parse import parse_problem
from domains.geometry.check import check_result
from domains.geometry.prover import prove
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


def test_angle_chase_divides_by_two_with_the_diagram_deciding_mod_pi():
    """The two bisectors of one angle: 2x = 2y (mod π) has the solutions x = y and x ⊥ y.
    Eliminating over Q modulo π would commit to x = y and then reject the true ``perp``
    as inconsistent; lifting with the diagram derives the perpendicularity."""
    import cmath

    from domains.geometry.state import GeometryState
    from symgen.facts import Justification, PREMISE

    a, b, c = 0j, 4 + 0j, 3 + 2j
    d = cmath.exp(1j * cmath.phase(c) / 2)           # on the internal bisector at a
    e = d * 1j                                       # on the external bisector
    st = GeometryState("abcde", [a, b, c, d, e])
    premise = Justification(PREMISE, (), 0)
    for fact in (("eqangle", 0, 1, 0, 3, 0, 3, 0, 2), ("eqangle", 0, 1, 0, 4, 0, 4, 0, 2)):
        assert st.add(fact, premise)
    st.end_round()
    assert st.holds(("perp", 0, 3, 0, 4))
    assert not st.holds(("para", 0, 3, 0, 4))
    fid = st.fact_id(("perp", 0, 3, 0, 4))
    why = st.table.why[fid]
    assert why.rule == "angle chase" and len(why.premises) == 2
    from domains.geometry.check import context
    verify = context(st.names, st.numeric, [], st.xy).theories["angle chase"]
    cited = [st.table.facts[p] for p in why.premises]
    assert verify(cited, ("perp", 0, 3, 0, 4))
    assert not verify(cited[:1], ("perp", 0, 3, 0, 4))


def test_a_segment_over_itself_is_one_whether_or_not_the_segment_is_known():
    """``eqratio a b a c d e d e`` says |ab| = |ac|: it holds once that cong does, although no
    fact mentions de (the ratio theory has no variable for it)."""
    from domains.geometry.predicates import canonical
    from domains.geometry.state import GeometryState
    from symgen.facts import Justification, PREMISE

    st = GeometryState("abcde", [0j, 2 + 0j, 2j, 5 + 1j, 7 + 3j])
    st.add(canonical("cong", (0, 1, 0, 2)), Justification(PREMISE))
    st.begin()
    assert st.holds(canonical("eqratio", (0, 1, 0, 2, 3, 4, 3, 4)))
    assert st.holds(canonical("eqratio", (0, 1, 0, 2, 4, 3, 3, 4)))
    assert not st.holds(canonical("eqratio", (0, 1, 1, 2, 3, 4, 3, 4)))
