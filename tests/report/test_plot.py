"""Tests for discourse.report.plot: what each figure draws, labels and captions."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from discourse.errors import InputError  # noqa: E402
from discourse.report import plot  # noqa: E402


@pytest.fixture(autouse=True)
def _close() -> Iterator[None]:
    yield
    plt.close("all")


def _rates() -> pd.DataFrame:
    rows = []
    for iso3 in ("AZE", "RUS"):
        for year in range(2000, 2010):
            rate = float(year - 1995)
            rows.append((iso3, year, rate, rate - 1, rate + 1, iso3 == "AZE" and year == 2004))
    return pd.DataFrame(rows, columns=["iso3", "year", "rate", "ci_low", "ci_high", "own"])


def test_rate_lines_draws_series_bands_marks_and_emphasis() -> None:
    ax = plot.rate_lines(
        _rates(),
        hue="iso3",
        order=["RUS", "AZE"],
        marked={2008: "war"},
        emphasis="own",
        emphasis_label="the president himself",
        title="T",
        caption="n = 20 speeches. Source: synthetic.",
    )
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["RUS", "AZE", "the president himself"]
    assert len(ax.lines) == 2 + 1  # two series and the marked year
    assert len(ax.collections) >= 2  # confidence bands (and stars)
    assert any(t.get_text() == "2008 war" for t in ax.texts)
    assert ax.get_ylabel() == "Rate per 1,000 sentences" and ax.get_xlabel() == "Year"
    assert ax.get_title(loc="left") == "T"
    assert ax.get_figure().texts[0].get_text() == "n = 20 speeches. Source: synthetic."
    from matplotlib.collections import PathCollection

    stars = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    assert len(stars) == 1
    assert np.allclose(stars[0].get_offsets()[0], [2004, 9])


def test_rate_lines_series_differ_by_marker_not_only_colour() -> None:
    ax = plot.rate_lines(_rates(), hue="iso3")
    assert ax.lines[0].get_marker() != ax.lines[1].get_marker()
    assert ax.lines[0].get_color() != ax.lines[1].get_color()


def test_heatmap_annotates_cells_and_leaves_gaps_blank() -> None:
    df = pd.DataFrame(
        {"iso3": ["A", "A", "B"], "period": ["p1", "p2", "p2"], "rate": [1.0, 12.4, 3.0]}
    )
    ax = plot.heatmap(
        df, row="iso3", col="period", value="rate", fmt="{:.1f}", title="H", highlight=["B"]
    )
    labels = ax.get_yticklabels()
    assert [t.get_text() for t in labels] == ["A", "▶ B"]
    assert labels[1].get_fontweight() == "bold" and labels[0].get_fontweight() != "bold"
    assert [t.get_text() for t in ax.texts] == ["1.0", "12.4", "3.0"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["p1", "p2"]
    with pytest.raises(InputError, match="aggregate first"):
        plot.heatmap(pd.concat([df, df]), row="iso3", col="period", value="rate")


def test_prevalence_bars_groups_and_orders() -> None:
    df = pd.DataFrame(
        {"section": ["s2", "s1", "s2", "s1"], "frame": ["x", "x", "y", "y"], "rate": [4.0, 3, 2, 1]}
    )
    ax = plot.prevalence_bars(df, category="section", value="rate", hue="frame", order=["s1", "s2"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["s1", "s2"]
    widths = [p.get_width() for p in ax.patches]
    assert widths == [3.0, 4.0, 1.0, 2.0]
    assert ax.patches[0].get_hatch() != ax.patches[2].get_hatch()


def test_xray_separates_quotes_from_narration_and_marks_sections() -> None:
    sents = pd.DataFrame(
        {
            "start": [0, 20, 60],
            "end": [10, 50, 100],
            "kind": ["heading", "body", "body"],
            "text": ["Intro", "He said things.", "“We are right.”"],
            "voice": ["narrator", "narrator", "quote"],
        }
    )
    matches = pd.DataFrame(
        {
            "start": [25, 70, 80],
            "frame": ["anti_western"] * 3,
            "voice": ["narrator", "quote", "quote"],
        }
    )
    ax = plot.xray(sents, matches, title="X-ray")
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "anti_western · quoted words",
        "anti_western · narration",
    ]
    quoted = ax.collections[0].get_offsets()
    assert np.allclose(quoted[:, 0], [70, 80]) and np.allclose(quoted[:, 1], [0, 0])
    assert any(t.get_text() == "Intro" for t in ax.texts)
    assert ax.get_xlabel() == "Position in the article (% of characters)"


def test_missing_columns_are_named() -> None:
    with pytest.raises(InputError, match=r"rate_lines: missing column\(s\) ci_low"):
        plot.rate_lines(_rates().drop(columns="ci_low"))


def test_palette_is_seaborn_colorblind() -> None:
    import seaborn as sns

    assert plot.palette(3) == sns.color_palette("colorblind", 3)
    assert plot.palette(10) == sns.color_palette("colorblind", 10)  # the one palette, all of it
    from matplotlib.colors import to_rgb

    assert {to_rgb(c) for c in plot.TOOLKIT_COLOURS.values()} <= set(plot.palette(10))


def test_rate_lines_break_at_missing_years() -> None:
    df = _rates()
    df = df[(df["iso3"] == "AZE") & (df["year"] != 2005)]
    ax = plot.rate_lines(df, hue="iso3")
    ys = ax.lines[0].get_ydata()
    assert len(ys) == 10 and np.isnan(ys[5]) and not np.isnan(ys[4])


def test_style_stays_the_function_when_its_module_is_imported() -> None:
    """``plot.style`` is the function; ``plot/style.py`` is the module of the same name."""
    import subprocess
    import sys

    code = (
        "import discourse.report.plot.style\n"
        "from discourse.report.plot.style import palette\n"
        "from discourse.report import plot\n"
        "assert callable(plot.style) and plot.style.__module__ == 'discourse.report.plot.style'\n"
        "assert plot.palette is palette\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
