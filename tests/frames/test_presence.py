"""Tests for discourse.frames.presence: one threshold rule for arrays and for match tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from discourse.frames.codebook import load_codebook
from discourse.frames.presence import frame_presence, reaches_threshold, sentence_presence


def test_the_array_and_the_table_paths_decide_alike() -> None:
    cb = load_codebook()
    frames = cb.frame_ids
    first = cb.frame_ids[0]
    inds = [i for i, ind in enumerate(cb.indicators) if ind.frame == first]
    # sentence 0: one indicator, twice and once negated; sentence 1: only a negated match
    rows = np.array([0, 0, 1], dtype=np.int64)
    cols = np.array([inds[0], inds[0], inds[0]], dtype=np.int64)
    negated = np.array([False, False, True])
    by_array = sentence_presence(rows, cols, negated, 2, cb)
    table = pd.DataFrame(
        {
            "unit": [0, 0, 1],
            "frame": [first] * 3,
            "indicator": [cb.indicators[inds[0]].id] * 3,
            "weight": [cb.indicators[inds[0]].weight] * 3,
            "negated": [False, False, True],
        }
    )
    by_table = frame_presence(table, cb, ["unit"]).set_index("unit")
    full = cb.indicators[inds[0]].weight >= cb.frames[0].threshold
    assert bool(by_array[0, 0]) is full
    assert not by_array[1].any()
    assert list(by_table.columns) == frames
    assert bool(by_table.loc[0, first]) is full
    assert 1 not in by_table.index  # a unit with only negated matches has no row


def test_no_match_never_reaches_a_threshold() -> None:
    cb = load_codebook()
    sums = np.full((1, len(cb.frame_ids)), np.nan)
    assert not reaches_threshold(sums, cb).any()
    assert reaches_threshold(np.full((1, len(cb.frame_ids)), 5.0), cb).all()
