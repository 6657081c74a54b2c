"""Figures of the validation layer: scores with their intervals, corrected rates beside naive ones.

In: a metrics table (:func:`~discourse.validation.evaluate.evaluate`,
:func:`~discourse.validation.baseline.baseline`) or a table of
:func:`~discourse.validation.rates.estimate_rates`. Out: a matplotlib Axes (``ax=None`` makes a
figure; nothing is saved).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ...errors import InputError
from .style import add_caption, ensure_axes, need, palette

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_rates", "plot_scores"]

#: The columns of an :func:`~discourse.validation.rates.estimate_rates` table that
#: :func:`plot_rates` draws.
RATES_COLUMNS = ("frame", "naive_rate", "estimate", "ci_low", "ci_high", "low_n", "n_coded")


def plot_scores(
    table: pd.DataFrame,
    *,
    metric: str = "f1",
    ax: Axes | None = None,
) -> Axes:
    """Point estimates with their bootstrap intervals, one row per frame, one marker per method.

    Parameters
    ----------
    table
        A metrics table (:attr:`discourse.validation.evaluate.Evaluation.metrics` or
        :func:`discourse.baseline`): ``frame``,
        ``<metric>``, ``<metric>_low``, ``<metric>_high`` and optionally ``method``.
    metric
        ``precision``, ``recall`` or ``f1``.
    ax
        The Axes to draw on (default: a new figure).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> table = pd.DataFrame({"frame": ["f"], "f1": [0.8], "f1_low": [0.7], "f1_high": [0.9]})
    >>> plot_scores(table).get_xlabel()
    'F1 (95% bootstrap interval)'
    """
    need(table, ["frame", metric, f"{metric}_low", f"{metric}_high"], "the metrics table")
    ax = ensure_axes(ax, (6.4, 1.2 + 0.7 * table["frame"].nunique()), layout=None)
    methods = list(dict.fromkeys(table["method"])) if "method" in table.columns else [None]
    frames = list(dict.fromkeys(table["frame"]))
    step = 0.6 / max(len(methods), 1)
    markers = "osD^v"
    for j, method in enumerate(methods):
        rows = table if method is None else table[table["method"] == method]
        rows = rows.set_index("frame").reindex(frames)
        y = np.arange(len(frames)) + (j - (len(methods) - 1) / 2) * step
        value = rows[metric].to_numpy(dtype=float)
        low = value - rows[f"{metric}_low"].to_numpy(dtype=float)
        high = rows[f"{metric}_high"].to_numpy(dtype=float) - value
        ax.errorbar(
            value,
            y,
            xerr=np.vstack([low, high]),
            fmt=markers[j % len(markers)],
            capsize=3,
            label=method,
        )
    ax.set_yticks(np.arange(len(frames)), frames)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.02)
    label = {"f1": "F1"}.get(metric, metric.capitalize())
    coverage = float(table.attrs.get("level", 0.95)) * 100
    ax.set_xlabel(f"{label} ({coverage:g}% bootstrap interval)")
    ax.grid(axis="x", alpha=0.3)
    if methods != [None]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


def plot_rates(
    rates: pd.DataFrame,
    *,
    frame: str,
    by: Sequence[str] | str | None = None,
    title: str | None = None,
    caption: str | None = None,
    per: float = 100.0,
    ax: Axes | None = None,
) -> Axes:
    """One row per group: the corrected estimate with its interval, and the naive rate.

    Parameters
    ----------
    rates
        ``estimate_rates``' table.
    frame
        The frame to draw.
    by
        The group columns (default: every column before ``frame``); joined into the row label.
    title, caption
        The figure's title and caption (the caption should name *n* and the source).
    per
        The scale of the rates (100: per cent of sentences).
    ax
        The Axes to draw on.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> rates = pd.DataFrame({"era": ["a", "b"], "frame": "f", "naive_rate": [0.01, 0.02],
    ...     "estimate": [0.02, 0.02], "ci_low": [0.01, 0.0], "ci_high": [0.03, 0.05],
    ...     "low_n": [False, True], "n_coded": [80, 12]})
    >>> ax = plot_rates(rates, frame="f")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['a (n=80)', 'b (n=12, low n)']
    """
    need(rates, RATES_COLUMNS, "plot_rates (draws a table of estimate_rates)")
    columns = list(rates.columns)
    groups = (
        [by]
        if isinstance(by, str)
        else list(by)
        if by is not None
        else columns[: columns.index("frame")]
    )
    table = rates[rates["frame"] == frame].reset_index(drop=True)
    if table.empty:
        raise InputError(f"plot_rates: no row for frame {frame!r}")
    labels = []
    for _, row in table.iterrows():
        name = " / ".join("NA" if pd.isna(row[c]) else str(row[c]) for c in groups) or "all"
        extra = ", low n" if bool(row["low_n"]) else ""
        labels.append(f"{name} (n={int(row['n_coded'])}{extra})")
    ax = ensure_axes(ax, (7.5, 0.32 * len(table) + 1.8))
    y = np.arange(len(table))[::-1]
    corrected, naive = palette(2)
    est = table["estimate"].to_numpy() * per
    low = table["ci_low"].to_numpy() * per
    high = table["ci_high"].to_numpy() * per
    faint = table["low_n"].to_numpy(dtype=bool)
    for k in range(len(table)):
        alpha = 0.45 if faint[k] else 1.0
        ax.plot([low[k], high[k]], [y[k], y[k]], color=corrected, lw=2, alpha=alpha)
        ax.plot(est[k], y[k], "o", color=corrected, ms=5, alpha=alpha)
    ax.plot(table["naive_rate"].to_numpy() * per, y, "x", color=naive, ms=6, mew=1.5, ls="none")
    ax.plot([], [], "o-", color=corrected, label="corrected estimate, 95% interval")
    ax.plot([], [], "x", color=naive, ls="none", label="detector's raw share (naive)")
    ax.set_yticks(y, labels)
    ax.set_xlim(left=0)
    ax.set_xlabel("sentences showing the frame (%)" if per == 100 else f"per {per:g} sentences")
    ax.set_title(title or f"{frame}: corrected rates")
    ax.legend(loc="lower right", fontsize=8, frameon=False)
    if caption:
        add_caption(ax, caption)
    return ax
