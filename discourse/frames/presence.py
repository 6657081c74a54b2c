"""Presence: the codebook's one threshold rule, deciding which frames a unit shows.

In: matches (the matcher's ``(sentence, indicator, negated)`` arrays, or a match table).
Out: one boolean per unit and frame. The rule: the summed weight of the *distinct* indicators
with a non-negated match in the unit reaches the frame's threshold (:func:`reaches_threshold`),
whether the matches come as arrays (:func:`sentence_presence`, the fast path of
``detect_frames``) or as a match table (:func:`frame_presence`, for ``score_frames`` and the
vectorizer).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .codebook import Codebook

#: Slack of the threshold comparison (weights are sums of halves and wholes).
TOLERANCE = 1e-9


def reaches_threshold(sums: np.ndarray, codebook: Codebook) -> np.ndarray:
    """Whether summed weights (one column per frame, in codebook order) reach each frame's
    threshold; NaN (no match) never does."""
    thresholds = np.array([f.threshold for f in codebook.frames], dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return np.asarray(sums >= thresholds - TOLERANCE) & ~np.isnan(sums)


def sentence_presence(
    rows: np.ndarray, cols: np.ndarray, negated: np.ndarray, n: int, cb: Codebook
) -> np.ndarray:
    """The codebook's rule per sentence, ``(n, n_frames)``: the weights of the distinct
    indicators (``cols``) with a match in the sentence (``rows``) that is not ``negated`` reach
    the frame's threshold."""
    frame_of = np.array([cb.frame_ids.index(ind.frame) for ind in cb.indicators], dtype=np.int64)
    weight = np.array([ind.weight for ind in cb.indicators], dtype=np.float64)
    live = ~negated
    sums = np.zeros((n, len(cb.frame_ids)))
    if live.any():
        sentence, indicator = np.unique(np.stack([rows[live], cols[live]]), axis=1)
        np.add.at(sums, (sentence, frame_of[indicator]), weight[indicator])
    return reaches_threshold(sums, cb)


def frame_presence(matches: pd.DataFrame, codebook: Codebook, keys: Sequence[str]) -> pd.DataFrame:
    """Which frames each unit shows: summed non-negated weight per (unit, frame) vs threshold.

    ``keys`` are the columns that identify a unit (e.g. ``["doc_id", "sent_id"]``). Returns
    one row per unit that has at least one match, one boolean column per frame.
    """
    frames = codebook.frame_ids
    live = matches.loc[~matches["negated"], [*keys, "frame", "indicator", "weight"]]
    live = live.drop_duplicates([*keys, "indicator"])
    if live.empty:
        return pd.DataFrame(columns=[*keys, *frames]).astype(dict.fromkeys(frames, "bool"))
    sums = live.groupby([*keys, "frame"], sort=False, dropna=False)["weight"].sum().unstack("frame")
    sums = sums.reindex(columns=frames)
    present = reaches_threshold(sums.to_numpy(dtype=np.float64), codebook)
    return pd.DataFrame(present, index=sums.index, columns=sums.columns).reset_index()
