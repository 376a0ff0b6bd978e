"""Pictures of problems and proofs as PNG, SVG or PDF files (matplotlib).

``draw_figure(fig, path)`` draws any ``figure.Figure`` (``pictures`` builds
them from problems, results and corpus records):
premise shapes in slate and green, auxiliary points and their constructions in
orange, the goal's points and shapes in red (dashed), the segments the proof
talks about in light grey, and its marks (arcs for equal angles, squares for
right angles, ticks for equal segments, chevrons for parallels) in one colour
per class of equal things.  What is drawn is decided in ``pictures``; this module
only draws it.

matplotlib is an optional extra (``symgen[render]``).  It is imported when a
picture is drawn, on a bare ``Figure`` on the headless Agg canvas, so no GUI
backend is ever selected and pyplot's global state is left alone.
"""
from __future__ import annotations

import logging
from pathlib import Path

from domains.geometry.figure import Dot, Figure, Item, Ring, Strokes, paint
from symgen.errors import SymgenError

log = logging.getLogger(__name__)

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}   # suffix -> matplotlib format
SIZE_INCHES = 8.0          # 800 px at DPI
DPI = 100
ZORDER = {"circle": 1, "line": 2, "segment": 1.5, "angle": 3, "right": 3, "ticks": 3, "arrows": 3,
          "point": 4}


def _import_matplotlib():
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure as MplFigure
        from matplotlib.patches import Circle
    except ImportError as err:
        raise SymgenError("rendering needs matplotlib: pip install 'symgen[render]'") from err
    return MplFigure, FigureCanvasAgg, Circle


def check_format(out_path: Path) -> str:
    """The matplotlib format of ``out_path``'s suffix; ``SymgenError`` for another suffix."""
    fmt = FORMATS.get(out_path.suffix.lower())
    if fmt is None:
        raise SymgenError(f"{out_path}: cannot draw to {out_path.suffix or 'a file without a suffix'!r}; "
                          f"use one of {', '.join(FORMATS)} (or .html for a proof page)")
    return fmt


def _plain(text: str) -> str:
    """Text matplotlib shows as written (a ``$`` would start mathtext)."""
    return text.replace("$", r"\$")


def _z(item: Item) -> float:
    """Marks and points over the premise shapes, the proof's plain shapes under them."""
    return 0.5 if item.role == "proof" and item.kind in ("line", "circle", "segment") \
        else ZORDER[item.kind]


def _strokes(ax, item: Item, patches) -> None:
    p = paint(item)
    for part in item.shape.parts:
        pts = list(part) + ([part[0]] if item.shape.closed else [])
        ax.plot([z.real for z in pts], [z.imag for z in pts], "--" if p.dashed else "-",
                color=p.color, linewidth=p.width, zorder=_z(item), solid_capstyle="round")


def _ring(ax, item: Item, patches) -> None:
    p = paint(item)
    r = item.shape
    ax.add_patch(patches((r.center.real, r.center.imag), r.radius, fill=False, color=p.color,
                         linestyle="--" if p.dashed else "-", linewidth=p.width,
                         zorder=_z(item)))


def _dot(ax, item: Item, patches) -> None:
    p, d = paint(item), item.shape
    big = item.role == "goal"
    ax.plot([d.at.real], [d.at.imag], "o", color=p.color, markersize=7 if big else 5, zorder=4)
    ax.annotate(_plain(d.label), (d.at.real, d.at.imag), xytext=(11 * d.away.real, 11 * d.away.imag),
                textcoords="offset points", ha="center", va="center", fontsize=13, color=p.color,
                fontweight="bold" if big else "normal", zorder=5)


_DRAW = {Strokes: _strokes, Ring: _ring, Dot: _dot}


def _heading(fig: Figure) -> str:
    lines = [fig.title] + ([f"? {fig.goal}"] if fig.goal else [])
    if fig.aux:
        lines.append("aux: " + "; ".join(fig.aux))
    return _plain("\n".join(lines))


def draw_figure(fig: Figure, out_path: str | Path) -> None:
    """Draw ``fig`` to ``out_path`` (.png, .svg or .pdf, by the suffix)."""
    out_path = Path(out_path)
    fmt = check_format(out_path)
    MplFigure, FigureCanvasAgg, Circle = _import_matplotlib()
    canvas = MplFigure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
    FigureCanvasAgg(canvas)
    ax = canvas.add_subplot()
    for item in fig.items:
        _DRAW[type(item.shape)](ax, item, Circle)
    xmin, xmax, ymin, ymax = fig.box
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(_heading(fig), fontsize=13)
    canvas.tight_layout()
    canvas.savefig(out_path, format=fmt)
    log.info("drew %s to %s", fig.title, out_path)
