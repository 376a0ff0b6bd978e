"""Newclid's dialect reads to the same problem as its AlphaGeometry form."""
from pathlib import Path

import pytest

from domains.geometry.parse import AG, NEWCLID, detect_dialect, parse_file, parse_problem
from symgen.errors import ProblemError

FIXTURE = Path(__file__).parent / "fixtures" / "newclid_dialect.txt"


@pytest.mark.parametrize("newclid, ag", [
    ("a b c = triangle; d = parallelogram d a b c ? para a d b c",
     "a b c = triangle a b c; d = parallelogram a b c d ? para a d b c"),
    ("a b = segment a b; c d = square c d a b", "a b = segment a b; c d = square a b c d"),
    ("a b = segment a b; c = s_angle b a c 60o", "a b = segment a b; c = s_angle b a c 60"),
    ("a b c d = iso_trapezoid a b c d", "a b c d = eq_trapezoid a b c d"),
    ("a b c = triangle | d = midpoint d a b", "a b c = triangle a b c; d = midpoint d a b"),
])
def test_newclid_form_is_the_ag_problem(newclid, ag):
    assert parse_problem("p", newclid, dialect=NEWCLID).text() == parse_problem("p", ag).text()


def test_ag_order_is_refused_as_newclid():
    with pytest.raises(ProblemError, match="parallelogram"):
        parse_problem("p", "a b c = triangle; d = parallelogram a b c d", dialect=NEWCLID)


def test_detects_newclid_and_defaults_to_ag():
    assert detect_dialect("p\na b c = triangle; d = parallelogram d a b c\n") is NEWCLID
    assert detect_dialect("p\na b = segment; c = s_angle b a c 30o\n") is NEWCLID
    assert detect_dialect("p\na b c = triangle; d = parallelogram a b c d\n") is AG


def test_fixture_bad_line_named_and_rest_read():
    items = parse_file(FIXTURE.read_text(), str(FIXTURE))
    errors = [x for x in items if isinstance(x, ProblemError)]
    assert [p.name for p in items if not isinstance(p, ProblemError)] == ["par", "sq", "angle", "trap", "after"]
    assert len(errors) == 1 and "newclid_dialect.txt:10" in str(errors[0]) and "nosuch" in str(errors[0])
