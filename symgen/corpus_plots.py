"""Histograms of a corpus report as PNG files (matplotlib, the ``render`` extra)."""
from __future__ import annotations

from pathlib import Path

from .errors import SymgenError

PLOTS = (("proof_steps_histogram", "proof length (steps)"),
         ("aux_histogram", "auxiliary constructions"),
         ("goal_predicates", "goal predicate"))


def plot_report(report: dict, out: Path) -> list[Path]:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise SymgenError("plots need matplotlib: pip install 'symgen[render]'") from None
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for key, label in PLOTS:
        table = report.get(key)
        data = {str(k): v for k, v in table.items() if isinstance(v, (int, float))
                and not isinstance(v, bool)} if isinstance(table, dict) else {}
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.bar(list(data), list(data.values()), color="#4477aa")
        ax.set_xlabel(label)
        ax.set_ylabel("theorems")
        ax.tick_params(axis="x", labelrotation=45 if key == "goal_predicates" else 0)
        fig.tight_layout()
        path = out / f"{key}.png"
        fig.savefig(path, dpi=100)
        plt.close(fig)
        written.append(path)
    return written
