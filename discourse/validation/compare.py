"""Methods side by side and the learning curve: several detectors scored on one split.

In: a coded set with texts and named detectors. Out: one row per method and frame
(:func:`compare_methods`), and held-out scores of the learned layer against the number of
training units (:func:`learning_curve`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import InputError
from .annotations import frames_of, select_split
from .baseline import BASELINE_METHOD, baseline
from .evaluate import FrameDetector, evaluate


def learning_curve(
    coded: pd.DataFrame,
    sizes: Sequence[int],
    *,
    split: str = "heldout",
    train: str = "dev",
    method: str = "hybrid",
    frames: Sequence[str] | None = None,
    seed: int = 0,
    thresholds: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Held-out F1 of the learned layer against the number of training units.

    For each size, a :class:`~discourse.frames.classifier.FrameClassifier` is trained on that many
    ``train`` units drawn at random (``seed``; the same draw grows with the size) and scored on
    the ``split`` units with ``method``, with the probability ``thresholds`` per frame (e.g. the
    shipped model's; ``None``: 0.5). A diagnostic, not a model choice: the shipped model
    and its default method are chosen by grouped cross-validation on training data only.

    Returns ``size, frame, precision, recall, f1``.
    """
    from sklearn.metrics import f1_score, precision_score, recall_score

    from ..frames.classifier import FrameClassifier
    from ..frames.detect import detect_frames

    frames = list(frames) if frames is not None else frames_of(coded)
    pool = select_split(coded, train)
    test = select_split(coded, split)
    order = np.random.default_rng(seed).permutation(len(pool))
    rows = []
    for size in sizes:
        if size > len(pool):
            raise InputError(f"size {size} exceeds the {len(pool)} {train} units")
        part = pool.iloc[order[:size]]
        clf = FrameClassifier(thresholds=dict(thresholds or {}))
        clf.fit(part["text"].tolist(), part[list(frames)])
        flags = detect_frames(test["text"].tolist(), method=method, model=clf.to_model())
        for frame in frames:
            gold, pred = test[frame].to_numpy(), flags[frame].to_numpy()
            rows.append(
                {
                    "size": int(size),
                    "frame": frame,
                    "precision": precision_score(gold, pred, zero_division=0),
                    "recall": recall_score(gold, pred, zero_division=0),
                    "f1": f1_score(gold, pred, zero_division=0),
                }
            )
    return pd.DataFrame(rows)


def compare_methods(
    coded: pd.DataFrame,
    detectors: Mapping[str, FrameDetector],
    *,
    split: str = "heldout",
    train: str = "dev",
    frames: Sequence[str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    by: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Score several detectors and the TF-IDF baseline on one split, side by side.

    Parameters
    ----------
    coded
        A coded set with texts (:func:`~discourse.validation.annotations.load_annotations`).
    detectors
        Named detectors (e.g. ``{"codebook 1.4.0": MethodDetector("codebook"), ...}``).
    split, train
        The units scored, and the units the TF-IDF + logistic-regression baseline is trained on.
    by
        A column of ``coded`` (e.g. ``"region"``) for a second table per group.

    Returns
    -------
    (metrics, by_group)
        ``method`` plus the :func:`~discourse.validation.metrics.score_table` columns, one row
        per method and frame (the baseline as ``"TF-IDF + LR"``); with ``by``, the same per
        group (else ``None``).
    """
    rows, groups = [], []
    for name, detector in detectors.items():
        result = evaluate(
            coded, split=split, frames=frames, n_boot=n_boot, seed=seed, detector=detector, by=by
        )
        rows.append(result.metrics.assign(method=name))
        if result.by_group is not None:
            groups.append(result.by_group.assign(method=name))
    base = baseline(coded, split=split, train=train, frames=frames, n_boot=n_boot, seed=seed)
    rows.append(base[base["method"] == BASELINE_METHOD].assign(method="TF-IDF + LR"))
    metrics = pd.concat(rows, ignore_index=True)
    metrics = metrics[["method", *[c for c in metrics.columns if c != "method"]]]
    by_group = None
    if groups:
        by_group = pd.concat(groups, ignore_index=True)
        by_group = by_group[["method", *[c for c in by_group.columns if c != "method"]]]
    return metrics, by_group
