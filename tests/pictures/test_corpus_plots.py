"""``symgen stats -o``: histograms with numeric axes, titles and readable small bars."""
import pytest

pytest.importorskip("matplotlib")

from symgen.corpus_plots import figures, plot_report  # noqa: E402

REPORT = {"theorems": 206,
          "proof_steps_histogram": {"3": 200, "5": 1, "12": 5},
          "aux_histogram": {"0": 190, "1": 16},
          "goal_predicates": {"eqangle": 150, "cong": 50, "cyclic": 6},
          "rules": {"angle chase": 100, "$weird": 1}}


def test_proof_lengths_stand_at_their_values_on_a_numeric_axis():
    ax = figures(REPORT, "tiny")["proof_steps_histogram"].axes[0]
    xs = sorted(round(p.get_x() + p.get_width() / 2, 6) for p in ax.patches)
    assert xs == [3, 5, 12]                               # the gaps 4 and 6..11 stay gaps
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert all(float(t).is_integer() for t in ticks) and len(ticks) >= 3


def test_every_plot_has_a_title_with_the_corpus_name_and_axis_labels():
    for key, fig in figures(REPORT, "tiny").items():
        ax = fig.axes[0]
        assert ax.get_title().startswith("tiny: "), key
        assert ax.get_xlabel() and ax.get_ylabel(), key


def test_a_tiny_bar_is_labelled_with_its_count_and_the_scale_turns_log():
    ax = figures(REPORT, "tiny")["proof_steps_histogram"].axes[0]
    assert ax.get_yscale() == "log"                        # 200 against 1
    assert {"200", "1", "5"} <= {t.get_text() for t in ax.texts}
    even = figures(REPORT, "tiny")["aux_histogram"].axes[0]
    assert even.get_yscale() == "linear"                   # 190 against 16


def test_names_are_horizontal_bars_largest_first():
    ax = figures(REPORT, "tiny")["goal_predicates"].axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["cyclic", "cong", "eqangle"]         # bottom to top


def test_plot_report_writes_one_png_per_table(tmp_path):
    written = plot_report(REPORT, tmp_path / "plots", name="tiny")
    assert sorted(p.name for p in written) == ["aux_histogram.png", "aux_kinds.png",
                                               "goal_predicates.png",
                                               "proof_steps_histogram.png", "rules.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in written)


def test_stats_titles_its_plots_with_the_corpus_folder_name(tmp_path, monkeypatch):
    import json

    import symgen.corpus_plots as plots
    from symgen.cli import main
    corpus = tmp_path / "my-corpus"
    corpus.mkdir()
    (corpus / "report.json").write_text(json.dumps(REPORT))
    made = {}

    def kept(report, name="corpus", **kw):
        made.update(figures(report, name, **kw))
        return made
    monkeypatch.setattr(plots, "figures", kept)
    assert main(["stats", str(corpus), "-o", str(tmp_path / "plots")]) == 0
    assert made and all(f.axes[0].get_title().startswith("my-corpus: ") for f in made.values())


def test_the_aux_kinds_plot_counts_constructions_not_theorems():
    report = REPORT | {"aux_kinds": {"midpoint -> cong": 3, "foot -> perp": 1}}
    ax = figures(report, "tiny")["aux_kinds"].axes[0]
    assert ax.get_xlabel() == "auxiliary constructions"
    assert figures(report, "tiny")["goal_predicates"].axes[0].get_xlabel() == "theorems"
