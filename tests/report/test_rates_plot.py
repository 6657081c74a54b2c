"""plot_rates (discourse/report/rates_plot.py): one row per group, interval and naive rate."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from discourse.errors import InputError
from discourse.report.rates_plot import plot_rates

RATES = pd.DataFrame(
    {
        "region": ["A", "B", "A", "B"],
        "frame": ["f", "f", "g", "g"],
        "n_sentences": [100, 200, 100, 200],
        "n_coded": [40, 12, 40, 12],
        "naive_rate": [0.10, 0.02, 0.0, 0.0],
        "estimate": [0.05, 0.04, 0.01, 0.0],
        "ci_low": [0.03, 0.0, 0.0, 0.0],
        "ci_high": [0.07, 0.09, 0.02, 0.01],
        "low_n": [False, True, False, True],
    }
)


def test_rows_intervals_and_naive_marks() -> None:
    ax = plot_rates(RATES, frame="f", caption="n = 52")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["A (n=40)", "B (n=12, low n)"]
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) == 2 and ln.get_marker() != "x"]
    spans = sorted(tuple(ln.get_xdata()) for ln in lines)
    assert spans == [pytest.approx((0.0, 9.0)), pytest.approx((3.0, 7.0))]  # per cent
    naive = [ln for ln in ax.get_lines() if ln.get_marker() == "x" and len(ln.get_xdata())]
    assert sorted(naive[0].get_xdata()) == pytest.approx([2.0, 10.0])


def test_errors_name_the_problem() -> None:
    with pytest.raises(InputError, match="no row for frame"):
        plot_rates(RATES, frame="h")
    with pytest.raises(InputError, match=r"estimate_rates\): missing column\(s\) ci_low"):
        plot_rates(RATES.drop(columns=["ci_low"]), frame="f")
