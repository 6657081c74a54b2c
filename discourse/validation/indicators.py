"""Indicator precision: which of a codebook's rules misfire against the gold coding.

In: a match table (:func:`discourse.find_frames` of the coded units, ``doc_id`` the unit's
position) and the gold codes. Out: one row per indicator that fired, with its precision and
false alarms (:func:`indicator_precision`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import require_columns
from ..errors import InputError

INDICATOR_COLUMNS: tuple[str, ...] = (
    "frame",
    "indicator",
    "fires",
    "true_positives",
    "false_positives",
    "precision",
    "false_alarms",
)


def indicator_precision(
    matches: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    frames: Sequence[str],
    predicted: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The precision of every indicator that fired: which rules misfire.

    An indicator *fires* on a unit when it produced a match there that is not negated; it is a
    true positive when the unit is coded with the indicator's frame. Counts are of units, not of
    matches (an indicator matching twice in one unit counts once). A firing does not always make
    the detector flag the frame (a half-weight cue needs a second cue), so ``false_alarms``
    counts the misfires that did end in a false positive.

    Parameters
    ----------
    matches
        A match table (``doc_id, frame, indicator`` and optionally ``negated``) whose
        ``doc_id`` is the row position of the unit in ``gold``.
    gold
        One 0/1 column per frame, one row per unit.
    frames
        The frames to report (matches of other frames are ignored).
    predicted
        The detector's 0/1 frame columns, rows aligned with ``gold``; without it
        ``false_alarms`` is NA.

    Returns
    -------
    pandas.DataFrame
        The columns of :attr:`discourse.validation.evaluate.Evaluation.indicators`.

    Examples
    --------
    >>> matches = pd.DataFrame({"doc_id": [0, 1, 1], "frame": ["f", "f", "f"],
    ...                         "indicator": ["f.a", "f.a", "f.b"], "negated": [False] * 3})
    >>> gold = pd.DataFrame({"f": [1, 0]})
    >>> indicator_precision(matches, gold, frames=["f"])[["indicator", "fires", "precision"]]
      indicator  fires  precision
    0       f.b      1        0.0
    1       f.a      2        0.5
    """
    require_columns(matches, ["doc_id", "frame", "indicator"], "the match table")
    fired = matches[matches["frame"].isin(list(frames))]
    if "negated" in fired.columns:
        fired = fired[~fired["negated"].fillna(False).astype(bool)]
    positions = pd.to_numeric(fired["doc_id"], errors="coerce")
    bad = positions.isna() | ~positions.between(0, len(gold) - 1)
    if bad.any():
        raise InputError(
            "the match table's doc_id must be the position of each unit among the texts "
            f"(0..{len(gold) - 1}); got {fired['doc_id'][bad].iloc[0]!r}"
        )
    fired = pd.DataFrame(
        {
            "unit": positions.astype(int).to_numpy(),
            "frame": fired["frame"].astype(str).to_numpy(),
            "indicator": fired["indicator"].astype(str).to_numpy(),
        }
    ).drop_duplicates()
    units = fired["unit"].to_numpy()
    hit = np.zeros(len(fired), dtype=bool)
    alarm = np.zeros(len(fired), dtype=bool)
    for frame in frames:
        rows = (fired["frame"] == frame).to_numpy()
        hit[rows] = gold[frame].to_numpy().astype(bool)[units[rows]]
        if predicted is not None:
            alarm[rows] = predicted[frame].to_numpy().astype(bool)[units[rows]] & ~hit[rows]
    fired["hit"], fired["alarm"] = hit, alarm
    table = (
        fired.groupby(["frame", "indicator"], sort=True)
        .agg(fires=("unit", "size"), true_positives=("hit", "sum"), false_alarms=("alarm", "sum"))
        .reset_index()
    )
    for column in ("fires", "true_positives", "false_alarms"):
        table[column] = table[column].astype("int64")
    table["false_positives"] = table["fires"] - table["true_positives"]
    table["precision"] = table["true_positives"] / table["fires"]
    if predicted is None:
        table["false_alarms"] = pd.array([pd.NA] * len(table), dtype="Int64")
    table = table.sort_values(
        ["frame", "precision", "fires", "indicator"], ascending=[True, True, False, True]
    )
    return table[list(INDICATOR_COLUMNS)].reset_index(drop=True)
