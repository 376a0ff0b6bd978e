"""Histograms of a corpus report, one PNG per table (matplotlib, the ``render`` extra).

``figures(report, name)`` turns the report's tables into matplotlib figures and
``plot_report`` saves them.  Each entry of ``PLOTS`` says which report table a
plot shows and whether its keys are *numbers* (proof length, aux count: bars
stand at their value on a numeric axis, so a missing length is a visible gap
and the ticks are integers) or *names* (goal predicates, rules: horizontal
bars, largest first, so long labels stay readable).  Every bar carries its
count, so a bar of 1 beside one of 10,000 is still read; when the counts span
more than ``LOG_SPAN`` the count axis is logarithmic (``log=`` forces either
way).  Every plot has a title naming the corpus and labels on both axes.

Figures are bare ``matplotlib.figure.Figure`` objects on the Agg canvas: no
GUI backend is selected and pyplot's global state is left alone.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from .errors import SymgenError

log = logging.getLogger(__name__)

LOG_SPAN = 100          # largest / smallest nonzero count beyond which the count axis is log
BAR_COLOR = "#4477aa"


@dataclass(frozen=True, slots=True)
class Plot:
    key: str            # the report table
    title: str
    label: str          # what the table's keys are
    numeric: bool       # keys are numbers (a numeric axis) or names (categories)
    total: bool = True  # the counts add up to theorems (a rule's count does not: one
    #                     theorem uses several rules)
    counted: str = "theorems"   # what one unit of a count is


PLOTS = (Plot("proof_steps_histogram", "proof length", "proof length (derived steps)", True),
         Plot("aux_histogram", "auxiliary constructions", "auxiliary constructions per theorem",
              True),
         Plot("goal_predicates", "goal predicates", "goal predicate", False),
         Plot("rules", "theorems using each rule", "rule or theory", False, total=False),
         Plot("aux_kinds", "auxiliary constructions by kind and goal",
              "construction -> goal predicate", False, total=False,
              counted="auxiliary constructions"))


def _counts(table: object) -> dict[str, int]:
    """The table's entries whose values are counts (anything else in a report is skipped)."""
    if not isinstance(table, dict):
        return {}
    return {str(k): v for k, v in table.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0}


def _numeric(counts: dict[str, int]) -> dict[int, int]:
    out = {}
    for k, v in counts.items():
        try:
            out[int(k)] = v
        except ValueError:
            log.warning("histogram key %r is not a number; left out", k)
    return dict(sorted(out.items()))


def _wants_log(values, log_scale: bool | None) -> bool:
    if log_scale is not None:
        return log_scale
    nonzero = [v for v in values if v > 0]
    return bool(nonzero) and max(nonzero) > LOG_SPAN * min(nonzero)


def _numeric_bars(ax, counts: dict[str, int], plot: Plot, log_scale: bool) -> None:
    from matplotlib.ticker import MaxNLocator
    data = _numeric(counts)
    bars = ax.bar(list(data), list(data.values()), width=0.8, color=BAR_COLOR, log=log_scale)
    ax.bar_label(bars, padding=2, fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if data:
        ax.set_xlim(min(data) - 0.7, max(data) + 0.7)
    ax.set_xlabel(plot.label)
    ax.set_ylabel(plot.counted + (" (log scale)" if log_scale else ""))


def _named_bars(ax, counts: dict[str, int], plot: Plot, log_scale: bool) -> None:
    data = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    names = [k for k, _ in data][::-1]          # largest at the top
    bars = ax.barh(names, [v for _, v in data][::-1], color=BAR_COLOR, log=log_scale)
    ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_ylabel(plot.label)
    ax.set_xlabel(plot.counted + (" (log scale)" if log_scale else ""))


def _plain(text: str) -> str:
    """Text matplotlib shows as written (a ``$`` would start mathtext)."""
    return text.replace("$", r"\$")


def figures(report: dict, name: str = "corpus", *, log_scale: bool | None = None) -> dict:
    """One matplotlib ``Figure`` per entry of ``PLOTS``, keyed by its report table."""
    Figure, FigureCanvasAgg = _matplotlib()
    out = {}
    for plot in PLOTS:
        counts = _counts(report.get(plot.key))
        rows = len(counts) if not plot.numeric else 0
        fig = Figure(figsize=(6.5, max(3.5, 0.28 * rows + 1.2)), dpi=100)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        draw = _numeric_bars if plot.numeric else _named_bars
        draw(ax, counts, plot, _wants_log(counts.values(), log_scale))
        total = f" ({sum(counts.values())} in all)" if plot.total else ""
        ax.set_title(_plain(f"{name}: {plot.title}{total}"))
        if not counts:
            ax.text(0.5, 0.5, "no data", ha="center", va="center", transform=ax.transAxes)
        fig.tight_layout()
        out[plot.key] = fig
    return out


def plot_report(report: dict, out: Path, name: str | None = None, *,
                log_scale: bool | None = None) -> list[Path]:
    """Save ``figures(report, name)`` as ``out/KEY.png``; the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key, fig in figures(report, name or "corpus", log_scale=log_scale).items():
        path = out / f"{key}.png"
        fig.savefig(path)
        written.append(path)
    return written


def _matplotlib():
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise SymgenError("plots need matplotlib: pip install 'symgen[render]'") from None
    return Figure, FigureCanvasAgg
