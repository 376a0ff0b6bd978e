"""Rendering a problem's diagram to a file (skipped without matplotlib)."""
import pytest

pytest.importorskip("matplotlib")

from domains.geometry.parse import parse_problem  # noqa: E402
from domains.geometry.figure import hints  # noqa: E402
from domains.geometry.pictures import render  # noqa: E402
from domains.geometry.problem import Statement  # noqa: E402
from symgen.errors import SymgenError  # noqa: E402

MIDLINE = parse_problem("midline", "a b c = triangle a b c; m = midpoint m a b; n = midpoint n a c; "
                                   "o = circle o a b c ? para m n b c")


def test_png_is_written(tmp_path):
    out = tmp_path / "midline.png"
    render(MIDLINE, out)
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5_000


def test_svg_is_written(tmp_path):
    out = tmp_path / "midline.svg"
    render(MIDLINE, out, seed=3)
    assert "<svg" in out.read_text()


def test_unknown_suffix_is_named(tmp_path):
    with pytest.raises(SymgenError, match=r"\.gif"):
        render(MIDLINE, tmp_path / "midline.gif")


def test_cong_about_a_shared_point_is_a_circle():
    (circle,) = hints([Statement("cong", ("o", "a", "b", "o"))])
    assert (circle.center, set(circle.points)) == ("o", {"a", "b"})
