"""What a proof's picture shows: roles, marks and the objects of each step."""
import cmath
import math
from fractions import Fraction

import pytest

from domains.geometry.figure import Dot, Strokes
from domains.geometry.parse import parse_problem
from domains.geometry.pictures import figure, record_figure, result_figure, save
from domains.geometry.predicates import canonical
from domains.geometry.prover import prove
from symgen.errors import InputError
from symgen.proof import ProofStep

ORTHOCENTER = parse_problem("orthocenter", "a b c = triangle a b c; d = foot d a b c; "
                            "e = foot e b c a; h = on_line h a d, on_line h b e ? perp c h a b")
# an isosceles triangle by coordinates: base angles atan(2) at b and c
ISO = parse_problem("iso", "a b c = iso_triangle a b c")
ISO_AT = {"a": 0 + 2j, "b": -1 + 0j, "c": 1 + 0j}
NAMES = ("a", "b", "c")


def _step(n, pred, args, rule="premise", cites=()):
    fact = canonical(pred, tuple(NAMES.index(a) for a in args))
    return ProofStep(n, fact, rule, tuple(cites), 0)


def _sweep(item):
    """The angle an arc turns through, from the vertex it is drawn about."""
    part = item.shape.parts[0]
    ends = part[0], part[-1]
    mid = part[len(part) // 2]
    # the vertex: the centre of the circle through three of the arc's points
    a, b, c = ends[0], mid, ends[1]
    d = 2 * ((b - a).conjugate() * (c - a)).imag
    x = a - 1j * (abs(b - a) ** 2 * (c - a) - abs(c - a) ** 2 * (b - a)) / d
    return abs(cmath.phase((ends[1] - x) / (ends[0] - x)))


def test_every_object_a_step_names_is_drawn_and_the_goal_has_its_right_angle():
    fig = result_figure(prove(ORTHOCENTER, seconds=20))
    ids = {i.id for i in fig.items}
    assert [s.number for s in fig.steps] == list(range(1, 8))
    assert all(set(s.objects) <= ids for s in fig.steps)
    last = fig.steps[-1]
    assert last.fact == "perp a b c h" and "right-a-b-c-h" in last.objects
    assert fig.item("right-a-b-c-h").kind == "right"


def test_goal_points_and_aux_points_have_their_roles():
    problem = parse_problem("aux", "a b c = triangle a b c; m = midpoint m b c ? cong a b a c")
    coords = {"a": 0 + 2j, "b": -1 + 0j, "c": 1 + 0j, "m": 0j}
    fig = figure(problem, coords, aux=1)
    roles = {i.shape.label: i.role for i in fig.items if isinstance(i.shape, Dot)}
    assert roles == {"a": "goal", "b": "goal", "c": "goal", "m": "aux"}
    assert any(i.role == "aux" and i.kind == "line" for i in fig.items)   # the line m lies on
    assert fig.aux == ("m = midpoint m b c",)


def test_equal_angles_get_arcs_of_one_class_and_equal_sweep():
    steps = [_step(1, "eqangle", ("b", "a", "b", "c", "c", "b", "c", "a"))]
    fig = figure(ISO, ISO_AT, steps=steps, names=NAMES)
    arcs = [i for i in fig.items if i.kind == "angle"]
    assert len(arcs) == 2 and len({(a.group, a.count) for a in arcs}) == 1
    base_angle = math.atan2(2, 1)                       # the triangle's base angle, inside it
    assert all(abs(_sweep(a) - base_angle) < 1e-6 for a in arcs)


def test_equal_segments_share_ticks_and_another_class_gets_more():
    coords = {**ISO_AT, "m": 0j}
    problem = parse_problem("iso", "a b c = iso_triangle a b c; m = midpoint m b c")
    steps = [ProofStep(1, canonical("cong", (0, 1, 0, 2)), "premise", (), 0),
             ProofStep(2, canonical("cong", (1, 3, 2, 3)), "premise", (), 0)]
    fig = figure(problem, coords, steps=steps, names=("a", "b", "c", "m"))
    ticks = {i.id: i for i in fig.items if i.kind == "ticks"}
    assert ticks["ticks-a-b"].count == ticks["ticks-a-c"].count == 1
    assert ticks["ticks-b-m"].count == ticks["ticks-c-m"].count == 2
    assert len(ticks["ticks-b-m"].shape.parts) == 2


def test_a_degenerate_looking_eqangle_is_shown_in_a_form_with_two_angles():
    # the engine writes the alternate angles of ab || cd as "∠(AC,AC) = ∠(AB,CD)"-like forms
    problem = parse_problem("par", "a b c = triangle a b c; d = on_pline d c a b")
    coords = {"a": 0j, "b": 2 + 0j, "c": 0.5 + 1j, "d": 2.5 + 1j}
    names = ("a", "b", "c", "d")
    fact = ("eqangle", 0, 2, 0, 2, 0, 1, 2, 3)          # ∠(AC,AC) = ∠(AB,CD)
    fig = figure(problem, coords, steps=[ProofStep(1, fact, "angle chase", (), 1)], names=names)
    arcs = [i for i in fig.items if i.kind == "angle"]
    assert len(arcs) == 2 and all(isinstance(a.shape, Strokes) for a in arcs)
    assert {i for i in fig.steps[0].objects if i.startswith("angle-")} == {a.id for a in arcs}


def test_chevrons_on_parallel_lines_point_the_same_way():
    problem = parse_problem("par", "a b c = triangle a b c; d = on_pline d c a b")
    coords = {"a": 0j, "b": 2 + 1j, "c": 0.5 + 2j, "d": -1.5 + 1j}     # dc runs against ab
    fact = canonical("para", (0, 1, 3, 2))
    fig = figure(problem, coords, steps=[ProofStep(1, fact, "premise", (), 0)],
                 names=("a", "b", "c", "d"))
    ways = []
    for item in (i for i in fig.items if i.kind == "arrows"):
        back, tip, _ = item.shape.parts[0]
        ways.append((tip - back) / abs(tip - back))
    assert len(ways) == 2 and abs(ways[0] - ways[1]) < 0.3


RECORD = {"id": "geometry-0-7-1", "premises": "a b c = triangle a b c", "aux": ["m = midpoint m b c"],
          "goal": "cong b m c m",
          "proof": [{"fact": "cong b m c m", "rule": "premise"}],
          "diagram": [{"point": "a", "x": 0.0, "y": 2.0}, {"point": "b", "x": -1.0, "y": 0.0},
                      {"point": "c", "x": 1.0, "y": 0.0}, {"point": "m", "x": 0.0, "y": 0.0}]}


def test_a_record_is_drawn_with_its_aux_point_and_its_proof():
    fig = record_figure(RECORD, "corpus: record 3")
    assert fig.title == "geometry-0-7-1" and fig.aux == ("m = midpoint m b c",)
    assert fig.item("pt-m").role == "goal" and fig.item("pt-a").role == "premise"
    assert fig.steps[0].objects == ("pt-b", "pt-m", "pt-c", "seg-b-m", "seg-c-m", "ticks-b-m",
                                    "ticks-c-m")
    assert fig.item("seg-b-m").shape.parts == (((-1 + 0j), 0j),)   # on the stored coordinates


@pytest.mark.parametrize("change, reason", [
    (dict(diagram=[{"point": "a", "x": 0.0, "y": 2.0}]), "no finite coordinates x, y for point 'b'"),
    (dict(proof=[{"fact": "cong b z c m", "rule": "premise"}]), "point 'z' is not a point"),
    (dict(aux="m = midpoint m b c"), "'aux' is not a list of strings"),
])
def test_a_broken_record_is_one_error_naming_it_and_the_reason(change, reason):
    with pytest.raises(InputError) as err:
        record_figure({**RECORD, **change}, "corpus: record 3")
    assert str(err.value).startswith("corpus: record 3: cannot draw the record: ")
    assert reason in str(err.value)


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".pdf", b"%PDF"),
                                           (".svg", b"<?xml")])
def test_a_figure_is_saved_in_the_form_its_suffix_names(tmp_path, suffix, magic):
    pytest.importorskip("matplotlib")
    out = tmp_path / f"fig{suffix}"
    save(record_figure(RECORD), out)
    assert out.read_bytes().startswith(magic)


def test_one_segment_in_two_equalities_gets_one_set_of_ticks():
    coords = {**ISO_AT, "m": 0j}
    problem = parse_problem("iso", "a b c = iso_triangle a b c; m = midpoint m b c")
    names = ("a", "b", "c", "m")
    steps = [ProofStep(1, ("midp", 3, 1, 2), "premise", (), 0),
             ProofStep(2, canonical("cong", (3, 1, 3, 2)), "premise", (), 0)]
    fig = figure(problem, coords, steps=steps, names=names)
    ticks = sorted(i.id for i in fig.items if i.kind == "ticks")
    assert ticks == ["ticks-b-m", "ticks-c-m"]


def test_a_second_angle_at_a_vertex_is_drawn_outside_the_first():
    coords = {"a": 0j, "b": 2 + 0j, "c": 1 + 1j, "d": 0 + 2j}
    problem = parse_problem("fan", "a b = segment a b; c = free c; d = free d")
    names = ("a", "b", "c", "d")
    steps = [ProofStep(1, ("aconst", 0, 1, 0, 2, Fraction(1, 4)), "premise", (), 0),
             ProofStep(2, ("aconst", 0, 2, 0, 3, Fraction(1, 4)), "premise", (), 0)]
    fig = figure(problem, coords, steps=steps, names=names)
    inner, outer = (i for i in fig.items if i.kind == "angle")
    assert max(abs(z) for z in inner.shape.parts[-1]) < min(abs(z) for z in outer.shape.parts[0])
