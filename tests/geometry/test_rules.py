"""One tiny problem per geometry rule: the rule fires, the proof uses it, the proof replays,
and everything the rule derived holds on the diagram."""
import pytest

from domains.geometry import compiled_rules, rules
from domains.geometry.parse import parse_problem
from domains.geometry.check import check_result
from domains.geometry.prover import prove

# Definitions the problems below lean on besides the rule under test.
SUPPORT = {"midpoint_split", "midpoint_from_equal"}

PROBLEMS = {
    "parallel_common_point": "a b c = triangle a b c; d = on_pline d a b c; e = on_pline e a b c ? coll a d e",
    "midpoint_split": "a b = segment a b; m = midpoint m a b ? rconst m a a b 1/2",
    "midpoint_from_equal": "a b = segment a b; m = on_line m a b, on_bline m a b ? midp m a b",
    "midline": "a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c",
    "midline_converse": "a b c = triangle a b c; m = midpoint m a b; n = on_pline n m b c, on_line n a c ? midp n a c",
    "bisecting_diagonals": "a b c = triangle a b c; m = midpoint m a b; d = mirror d c m ? para a c b d",
    "parallelogram_diagonals": "a b c = triangle a b c; d = parallelogram a b c d; m = midpoint m a c ? midp m b d",
    "right_triangle_median": "a b c = r_triangle a b c; m = midpoint m b c ? cong a m b m",
    "perpendicular_bisector": "a b = segment a b; m = midpoint m a b; o = on_tline o m a b ? cong o a o b",
    "equidistant_points": "a b = segment a b; p = on_bline p a b; q = on_bline q a b ? perp a b p q",
    "isosceles_median": "a b c = iso_triangle a b c; m = midpoint m b c ? perp a m b c",
    "circle_from_center": "a b = segment a b; c = on_circle c a b; d = on_circle d a b; e = on_circle e a b ? cyclic b c d e",
    "center_of_cyclic": "a b c = triangle a b c; o = circle o a b c; d = on_circum d a b c ? cong o a o d",
    "inscribed_angle": "a b c = triangle a b c; d = on_circum d a b c ? eqangle c a c b d a d b",
    "inscribed_angle_converse": "a b = segment a b; c = on_dia c a b; d = on_dia d a b ? cyclic a b c d",
    "equal_chords": "a b c = triangle a b c; r = on_circum r a b c; p = on_circum p a b c; q = on_aline q r p b c a, on_circum q a b c ? cong a b p q",
    "tangent_chord": "a b c = triangle a b c; o = circle o a b c; x = on_tline x a a o ? eqangle a x a b c a c b",
    "tangent_chord_converse": "a b c = triangle a b c; o = circle o a b c; x = on_aline x a b a c b ? perp o a a x",
    "central_angle": "a b c = triangle a b c; o = circle o a b c; m = midpoint m b c ? eqangle a b a c o b o m",
    "central_angle_converse": "a b c = triangle a b c; o = circle o a b c; m = on_aline m o b c a b, on_line m b c ? midp m b c",
    "thales": "a c = segment a c; o = midpoint o a c; b = on_circle b o a ? perp a b b c",
    "thales_converse": "a b c = r_triangle a b c; m = midpoint m b c ? circle m a b c",
    "midpoint_projection": "a b c d = quadrangle a b c d; e = midpoint e a b; f = foot f a c d; g = foot g b c d ? cong e f e g",
    "midpoint_projection_converse": "a b = segment a b; c = on_bline c a b; d = on_tline d b a b; e = intersection_lt e c d a a b ? midp c e d",
    "isosceles_trapezoid": "a b c d = eq_trapezoid a b c d ? cyclic a b c d",
    "cyclic_trapezoid": "a b c = triangle a b c; d = on_circum d a b c, on_pline d c a b ? eqangle a d c d c d c b",
    "isosceles_angles": "a o = segment a o; b = on_circle b o a ? eqangle o a a b a b o b",
    "isosceles_sides": "a b = segment a b; c = s_angle b a c 50; d = s_angle a b d -50, on_line d a c ? cong d a d b",
    "intercept": "a b c = triangle a b c; d = on_line d a b; e = on_pline e d b c, on_line e a c ? eqratio a d a b a e a c",
    "intercept_converse": "a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c ? para m n b c",
    "bisector_ratio": "a b c = triangle a b c; d = angle_bisector d b a c, on_line d b c ? eqratio d b d c a b a c",
    "bisector_ratio_converse": "a b c = iso_triangle a b c; d = midpoint d b c ? eqangle a b a d a d a c",
    "trapezoid_ratio": "a b c = triangle a b c; d = on_pline d c a b; m = on_line m a d; n = on_pline n m a b, on_line n b c ? eqratio m a m d n b n c",
    "trapezoid_ratio_converse": "a b c = triangle a b c; d = on_pline d c a b; m = midpoint m a d; n = midpoint n b c ? para m n a b",
    "similar_aa": "a b c = triangle a b c; d = on_line d a b; e = on_pline e d b c, on_line e a c ? simtri a d e a b c",
    "similar_aa_mirrored": "a b c = triangle a b c; d = on_line d a b; e = on_circum e b c d, on_line e a c ? simtri2 a d e a c b",
    "similar_sss": "a b c = triangle a b c; d = midpoint d b c; e = midpoint e c a; f = midpoint f a b ? simtri a b c d e f",
    "similar_sss_mirrored": "a b c = triangle a b c; d = reflect d c a b; e = midpoint e a b ? simtri2 a b c a b d",
    "similar_sas": "a b c = triangle a b c; d = midpoint d a b; e = midpoint e a c ? simtri a b c a d e",
    "similar_sas_mirrored": "a b c = iso_triangle a b c; d = midpoint d a b; e = midpoint e a c ? simtri2 a b c a e d",
    "congruent_sss": "a b c = triangle a b c; d = parallelogram a b c d ? contri a b c c d a",
    "congruent_sss_mirrored": "a b = segment a b; c = free c; d = on_circle d a c, on_circle d b c ? contri2 a b c a b d",
    "congruent_sas": "a b c = triangle a b c; m = midpoint m a c; d = mirror d b m ? contri a m d c m b",
    "congruent_sas_mirrored": "a b c = iso_triangle a b c; m = midpoint m b c ? contri2 a b m a c m",
    "congruent_from_similar": "a b c = triangle a b c; m = midpoint m a c; d = on_line d b m, on_pline d c a b ? contri a b m c d m",
    "congruent_from_similar_mirrored": "a b c = iso_triangle a b c; m = foot m a b c ? contri2 a b m a c m",
    "similar_parts": "a b c = triangle a b c; d = on_line d a b; e = on_pline e d b c, on_line e a c ? eqratio a d d e a b b c",
    "similar_parts_mirrored": "a b c = triangle a b c; d = on_line d a b; e = on_circum e b c d, on_line e a c ? eqratio a d d e a c c b",
    "congruent_parts": "a b c = triangle a b c; m = midpoint m a c; d = mirror d b m ? cong a b c d",
    "congruent_parts_mirrored": "a b c = iso_triangle a b c; m = midpoint m b c ? simtri2 a b m a c m",
    "orthocenter": "a b c = triangle a b c; d = on_tline d a b c, on_tline d b a c ? perp c d a b",
    "incenter": "a b c = triangle a b c; i = angle_bisector i a b c, angle_bisector i b c a ? eqangle a b a i a i a c",
    "center_from_chords": "a b c = triangle a b c; d = on_circum d a b c; o = on_bline o a c, on_bline o b d ? cong o a o b",
    "bisector_on_circumcircle": "a b c = triangle a b c; d = on_bline d b c, angle_bisector d b a c ? cyclic a b c d",
    "equal_chords_angles": "a b c = triangle a b c; d = on_circum d a b c, eqdistance d c a b ? eqangle c a c b b c b d",
    "ratio_split": "p q = segment p q; r = on_line r p q; x y = segment x y; z = on_line z x y, eqratio z p q p r x y x ? eqratio p q q r x y y z",
}

# Rules whose problem also needs another rule to produce the premise (rule under test, helpers).
HELPERS = {
    "similar_parts": {"similar_aa"},
    "congruent_parts": {"congruent_sas"},
    "congruent_parts_mirrored": {"congruent_sss_mirrored", "congruent_sas_mirrored"},
    "congruent_from_similar": {"similar_aa"},
    "congruent_from_similar_mirrored": {"similar_aa_mirrored"},
    "equal_chords": {"inscribed_angle"},
    "similar_sss": {"midline"},
    "similar_aa_mirrored": {"inscribed_angle"},
    "similar_parts_mirrored": {"similar_aa_mirrored", "inscribed_angle"},
}


def test_every_rule_has_a_problem():
    assert {r.name for r in rules()} == set(PROBLEMS)


@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_rule_fires_and_proof_uses_it(name):
    allowed = {name} | SUPPORT | HELPERS.get(name, set())
    subset = [cr for cr in compiled_rules() if cr.rule.name in allowed]
    problem = parse_problem(name, PROBLEMS[name])
    result = prove(problem, seconds=20, rules=subset)
    assert result.solved, result.text()
    assert name in {s.rule for s in result.proof.derived}, result.text()
    check_result(result)
    st = result.state
    assert not st.rejected
    for fid, fact, why in st.table.items():
        assert st.numeric(fact[0], fact[1:]), st.show(fact)
