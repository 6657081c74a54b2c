"""Precision, recall and F1 with bootstrap intervals: the one home of these scores.

In: gold codes and predictions (one 0/1 column per frame, rows aligned). Out: one row per frame
with the confusion counts and each score with its percentile-bootstrap interval
(:func:`score_table`), and the scores as text for findings (:func:`interval_text`,
:func:`scores_text`). The resampling is :func:`discourse._stats.bootstrap_indices`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._stats import bootstrap_indices, check_level, percentile_interval
from ..errors import InputError

METRIC_COLUMNS: tuple[str, ...] = (
    "frame",
    "n",
    "support",
    "predicted",
    "tp",
    "fp",
    "fn",
    "tn",
    "precision",
    "precision_low",
    "precision_high",
    "recall",
    "recall_low",
    "recall_high",
    "f1",
    "f1_low",
    "f1_high",
)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1), np.nan)


def _scores(gold: np.ndarray, pred: np.ndarray) -> dict[str, np.ndarray]:
    """Confusion counts and ratios along the last axis (works for bootstrap replicates too)."""
    tp = (gold & pred).sum(axis=-1)
    fp = (~gold & pred).sum(axis=-1)
    fn = (gold & ~pred).sum(axis=-1)
    tn = (~gold & ~pred).sum(axis=-1)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
    }


def score_table(
    gold: pd.DataFrame,
    predicted: pd.DataFrame,
    *,
    frames: Sequence[str],
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> pd.DataFrame:
    """Precision, recall and F1 per frame, with percentile-bootstrap intervals.

    Units (rows) are resampled with replacement ``n_boot`` times — the same resamples for every
    frame — from ``numpy.random.default_rng(seed)``; a replicate whose ratio is undefined (zero
    denominator) is left out of that ratio's interval.

    Parameters
    ----------
    gold, predicted
        One 0/1 (or boolean) column per frame, rows aligned.
    frames
        The frames to score.
    n_boot
        Bootstrap replicates (0: no intervals, the bounds are NaN).
    seed
        The random seed; the same seed gives the same intervals.
    level
        The interval's coverage.

    Returns
    -------
    pandas.DataFrame
        The columns of :attr:`discourse.validation.evaluate.Evaluation.metrics`.

    Examples
    --------
    >>> gold = pd.DataFrame({"f": [1, 1, 0, 0]})
    >>> pred = pd.DataFrame({"f": [1, 0, 1, 0]})
    >>> row = score_table(gold, pred, frames=["f"], n_boot=0).iloc[0]
    >>> int(row.tp), int(row.fp), int(row.fn), int(row.tn), float(row.precision)
    (1, 1, 1, 1, 0.5)
    """
    if len(gold) != len(predicted):
        raise InputError(f"gold has {len(gold)} rows but predicted has {len(predicted)}")
    check_level(level)
    n = len(gold)
    boot = bootstrap_indices(n, n_boot, seed) if n_boot > 0 and n > 0 else None
    rows = []
    for frame in frames:
        g = gold[frame].to_numpy().astype(bool)
        p = predicted[frame].to_numpy().astype(bool)
        point = _scores(g, p)
        row: dict[str, Any] = {
            "frame": frame,
            "n": n,
            "support": int(g.sum()),
            "predicted": int(p.sum()),
            **{k: int(point[k]) for k in ("tp", "fp", "fn", "tn")},
        }
        replicates = _scores(g[boot], p[boot]) if boot is not None else None
        for metric in ("precision", "recall", "f1"):
            row[metric] = float(point[metric])
            if replicates is None:
                row[f"{metric}_low"], row[f"{metric}_high"] = float("nan"), float("nan")
            else:
                row[f"{metric}_low"], row[f"{metric}_high"] = percentile_interval(
                    replicates[metric], level
                )
        rows.append(row)
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))


def interval_text(table: pd.DataFrame, frame: str, *, metric: str = "f1", digits: int = 2) -> str:
    """A score with its interval as text, for findings and reports: ``"0.81 [0.72, 0.88]"``.

    Parameters
    ----------
    table
        A metrics table with one row for ``frame`` (filter a :func:`baseline` table by method).
    frame
        The frame.
    metric
        ``precision``, ``recall`` or ``f1``.
    digits
        Decimal places.

    Examples
    --------
    >>> table = pd.DataFrame({"frame": ["f"], "f1": [0.8], "f1_low": [0.7], "f1_high": [0.9]})
    >>> interval_text(table, "f")
    '0.80 [0.70, 0.90]'
    """
    rows = table[table["frame"] == frame]
    if len(rows) != 1:
        raise InputError(f"expected one row for frame {frame!r}, found {len(rows)}")
    row = rows.iloc[0]
    value, low, high = (float(row[metric + suffix]) for suffix in ("", "_low", "_high"))
    return f"{value:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


def scores_text(
    table: pd.DataFrame,
    by: str,
    frames: Sequence[str],
    *,
    metric: str = "f1",
    label_end: str = "",
    digits: int = 2,
) -> str:
    """One score per group and frame as text, for findings: ``"a f 0.80, g 0.50; b f 0.60, …"``.

    ``table`` has one row per ``by`` group and frame (groups in sorted order); ``label_end``
    follows each group's name (e.g. ``":"``).

    Examples
    --------
    >>> table = pd.DataFrame({"method": ["a", "a", "b", "b"], "frame": ["f", "g", "f", "g"],
    ...                       "f1": [0.8, 0.5, 0.6, 0.4]})
    >>> scores_text(table, "method", ["f", "g"], label_end=":")
    'a: f 0.80, g 0.50; b: f 0.60, g 0.40'
    """
    pivot = table.pivot(index=by, columns="frame", values=metric)
    return "; ".join(
        f"{name}{label_end} "
        + ", ".join(f"{frame} {pivot.loc[name, frame]:.{digits}f}" for frame in frames)
        for name in pivot.index
    )
