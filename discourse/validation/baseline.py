"""The supervised baseline beside the codebook: TF-IDF + logistic regression on the same units.

In: a coded set (see :mod:`discourse.validation.annotations`). Out: the codebook's and the
baseline's scores side by side, with intervals from the same resamples (:func:`baseline`);
the baseline's pipeline and its cross-validated or trained predictions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._stats import resolve_level
from ..errors import InputError
from .annotations import select_split
from .evaluate import FrameDetector, run_detector
from .metrics import score_table

BASELINE_METHOD = "tfidf_logreg"
CODEBOOK_METHOD = "codebook"


def baseline_pipeline(*, seed: int = 0) -> Any:
    """The supervised baseline: TF-IDF (uni- and bigrams) + balanced logistic regression.

    Examples
    --------
    >>> [name for name, _ in baseline_pipeline().steps]
    ['tfidf', 'logreg']
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            (
                "logreg",
                LogisticRegression(class_weight="balanced", max_iter=1000, random_state=seed),
            ),
        ]
    )


def cross_validated_predictions(
    texts: Sequence[str],
    gold: pd.DataFrame,
    *,
    frames: Sequence[str],
    n_splits: int = 5,
    seed: int = 0,
    make_model: Callable[[], Any] | None = None,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Out-of-fold predictions of the supervised baseline, one model per frame.

    Folds are stratified on the frame's label and shuffled with ``seed``; a frame with fewer
    positives (or negatives) than ``n_splits`` uses as many folds as it has.

    Returns
    -------
    tuple
        The 0/1 predictions (one column per frame) and the number of folds used per frame.

    Raises
    ------
    InputError
        A frame with fewer than two positive or two negative units cannot be cross-validated.
    """
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts = list(texts)
    predictions: dict[str, np.ndarray] = {}
    folds: dict[str, int] = {}
    for frame in frames:
        y = gold[frame].to_numpy().astype(int)
        smaller = int(min(y.sum(), len(y) - y.sum()))
        if smaller < 2:
            raise InputError(
                f"{frame}: {int(y.sum())} positive and {len(y) - int(y.sum())} negative units; "
                "cross-validation needs at least two of each"
            )
        k = min(n_splits, smaller)
        model = make_model() if make_model is not None else baseline_pipeline(seed=seed)
        cv = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
        predictions[frame] = cross_val_predict(model, texts, y, cv=cv)
        folds[frame] = k
    return pd.DataFrame(predictions), folds


def trained_predictions(
    training: pd.DataFrame,
    texts: Sequence[str],
    *,
    frames: Sequence[str],
    seed: int = 0,
    make_model: Callable[[], Any] | None = None,
) -> pd.DataFrame:
    """Predictions of the supervised baseline trained once on ``training`` (``text`` + frames).

    Raises
    ------
    InputError
        A frame without both a positive and a negative training unit.

    Examples
    --------
    >>> training = pd.DataFrame({"text": ["old values", "new roads"] * 3, "f": [1, 0] * 3})
    >>> trained_predictions(training, ["values", "roads"], frames=["f"])["f"].tolist()
    [1, 0]
    """
    predictions: dict[str, np.ndarray] = {}
    for frame in frames:
        y = training[frame].to_numpy().astype(int)
        if y.min() == y.max():
            raise InputError(
                f"{frame}: the {len(y)} training units are all {int(y[0])}; "
                "training needs both positive and negative units"
            )
        model = make_model() if make_model is not None else baseline_pipeline(seed=seed)
        model.fit(training["text"].astype(str).tolist(), y)
        predictions[frame] = model.predict(list(texts))
    return pd.DataFrame(predictions)


def baseline(
    annotations: pd.DataFrame | str | Path | None = None,
    *,
    split: str | None = None,
    codebook: Any = None,
    frames: Sequence[str] | None = None,
    n_splits: int = 5,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    detector: FrameDetector | None = None,
    corpora: Mapping[str, pd.DataFrame] | None = None,
    train: str | None = None,
    ci: float | None = None,
) -> pd.DataFrame:
    """The codebook beside a supervised baseline, on the same units.

    By default the baseline (:func:`baseline_pipeline`) is trained and tested by stratified
    k-fold cross-validation over the whole coded set (``split=None``) and scored from its
    out-of-fold predictions. With ``train="dev", split="heldout"`` it is instead trained once on
    the dev units and scored on the held-out ones — the same protocol as the codebook, whose
    rules were written with the dev units in view. Either way the codebook is scored on the same
    units as the baseline, and both get bootstrap intervals from the same resamples.

    Parameters
    ----------
    annotations, codebook, frames, detector, corpora
        As for :func:`evaluate`.
    split
        The units scored: ``None`` (every coded unit, default), ``"dev"`` or ``"heldout"``.
    n_splits
        Folds of the cross-validation (fewer for a frame with fewer positives).
    n_boot, seed, level
        As for :func:`~discourse.validation.metrics.score_table`; ``seed`` also fixes the
        folds.
    ci
        Deprecated name of ``level``.
    train
        A split to train the baseline on instead of cross-validating (must differ from
        ``split``).

    Returns
    -------
    pandas.DataFrame
        ``method`` (``codebook`` or ``tfidf_logreg``), ``training`` (``rules`` for the
        codebook, ``cv`` for cross-validation, or the training split), ``n_splits`` (folds; 0
        without cross-validation) and the columns of
        :attr:`~discourse.validation.evaluate.Evaluation.metrics`, one row per method and frame.

    Examples
    --------
    >>> class Keyword:
    ...     def detect_frames(self, texts):
    ...         return pd.DataFrame({"f": ["values" in t for t in texts]})
    ...     def find_frames(self, texts):
    ...         return pd.DataFrame(columns=["doc_id", "frame", "indicator"])
    >>> texts = [f"we defend {w} number {i}" for i in range(6) for w in ("values", "roads")]
    >>> coded = pd.DataFrame({"text": texts, "f": [1, 0] * 6})
    >>> table = baseline(coded, frames=["f"], n_splits=3, n_boot=0, detector=Keyword())
    >>> table[["method", "training", "frame", "f1"]]
             method training frame   f1
    0      codebook    rules     f  1.0
    1  tfidf_logreg       cv     f  1.0
    """
    level = resolve_level(level, ci, "ci")
    run = run_detector(
        annotations,
        split=split,
        frames=frames,
        codebook=codebook,
        detector=detector,
        corpora=corpora,
    )
    texts, gold, frames = run.texts, run.gold, run.frames
    if train is None:
        learned, folds = cross_validated_predictions(
            texts, gold, frames=frames, n_splits=n_splits, seed=seed
        )
        training, n_folds = "cv", [folds[f] for f in frames]
    else:
        if split is None or split == train:
            raise InputError(
                f"train={train!r} needs a different split to score on, e.g. split='heldout'"
            )
        learned = trained_predictions(
            select_split(run.everything, train), texts, frames=frames, seed=seed
        )
        training, n_folds = train, [0] * len(frames)
    parts = []
    for method, kind, predicted, folds_used in [
        (CODEBOOK_METHOD, "rules", run.predicted, [0] * len(frames)),
        (BASELINE_METHOD, training, learned, n_folds),
    ]:
        part = score_table(gold, predicted, frames=frames, n_boot=n_boot, seed=seed, level=level)
        part.insert(0, "n_splits", folds_used)
        part.insert(0, "training", kind)
        part.insert(0, "method", method)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table.attrs.update(run.metadata(n_boot=n_boot, seed=seed, level=level))
    return table
