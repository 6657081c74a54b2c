"""Evaluation: how well the detector agrees with blind coding, beside a supervised baseline.

In: a coded set (one row per unit with ``text`` and one 0/1 column per frame, from
:func:`discourse.frames.sampling.load_annotations` or your own). Out: per-frame precision,
recall and F1 with bootstrap intervals, the precision of each indicator, and the baseline's
scores beside the codebook's.

The closed loop:

- :func:`~discourse.frames.sampling.load_annotations` reads and checks the annotation files and
  resolves each unit's text through :func:`discourse.load_corpus` (verifying the checksum);
- :func:`evaluate` runs the frame detector on the units of one split and scores it against the
  gold codes: precision, recall and F1 per frame with percentile-bootstrap confidence intervals
  (units resampled, fixed seed), the confusion counts, and the precision of every indicator that
  fired (which rules misfire);
- :func:`~discourse.frames.agreement.agreement` measures inter-coder agreement (Krippendorff's
  alpha, Cohen's kappa);
- :func:`baseline` scores a supervised TF-IDF + logistic-regression classifier beside the
  codebook on the same units — cross-validated over the whole coded set, or trained on dev and
  scored on held-out;
- :func:`plot_scores` draws point estimates with their intervals.

Example (the committed set; needs the corpora)::

    import discourse as dc
    from discourse.frames.sampling import load_annotations
    coded = load_annotations()                       # units + coder 1 + verified texts
    result = dc.evaluate(coded, split="heldout", by="corpus")
    result.metrics, result.indicators, result.by_group
    dc.agreement()                                   # coder 1 vs coder 2
    dc.baseline(coded)                               # codebook vs 5-fold TF-IDF baseline
    dc.baseline(coded, split="heldout", train="dev")

Your own coded set works the same way: pass a DataFrame with ``text`` and one 0/1 column per
frame (plus, optionally, ``unit_id`` and ``split``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from ..corpus._input import list_positions
from ..errors import InputError
from .sampling import FRAMES, _coded_set, _require, _select_split, unit_country

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

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
INDICATOR_COLUMNS: tuple[str, ...] = (
    "frame",
    "indicator",
    "fires",
    "true_positives",
    "false_positives",
    "precision",
    "false_alarms",
)
BASELINE_METHOD = "tfidf_logreg"
CODEBOOK_METHOD = "codebook"


class FrameDetector(Protocol):
    """What :func:`evaluate` needs from a detector (default: the codebook detector).

    ``detect_frames(texts)`` returns one boolean column per frame id, one row per text in order;
    ``find_frames(texts)`` returns the match table (``doc_id, frame, indicator, negated, ...``)
    whose ``doc_id`` is the position of the text in ``texts``. Results may carry
    ``attrs["codebook_version"]`` and ``attrs["codebook_hash"]``.
    """

    def detect_frames(self, texts: Sequence[str]) -> pd.DataFrame: ...

    def find_frames(self, texts: Sequence[str]) -> pd.DataFrame: ...


@dataclass(frozen=True)
class CodebookDetector:
    """The package's detector bound to one codebook (``None``: the default codebook)."""

    codebook: Any = None

    def detect_frames(self, texts: Sequence[str]) -> pd.DataFrame:
        """Frame presence per text (see :func:`discourse.detect_frames`)."""
        from .detect import detect_frames

        return detect_frames(list(texts), codebook=self.codebook, method="codebook")

    def find_frames(self, texts: Sequence[str]) -> pd.DataFrame:
        """The match table of the texts (see :func:`discourse.find_frames`), ``doc_id`` the
        position of each text (find_frames names a list's texts ``doc-0``, ``doc-1``, ...)."""
        from .detect import find_frames

        matches = find_frames(list(texts), codebook=self.codebook)
        position = list_positions(matches["doc_id"])
        return matches.assign(doc_id=pd.array(position, dtype="int64"))


@dataclass
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    metrics
        One row per frame: ``frame, n, support`` (gold positives), ``predicted`` (detector
        positives), the confusion counts ``tp, fp, fn, tn``, and ``precision``, ``recall``,
        ``f1`` each with ``_low`` / ``_high`` bounds of the percentile-bootstrap interval.
        A ratio with a zero denominator is NaN.
    indicators
        One row per indicator that fired (a match not negated) on at least one unit:
        ``frame, indicator, fires`` (units it fired on), ``true_positives`` (of those, units coded
        with its frame), ``false_positives``, ``precision`` and ``false_alarms`` (misfires on
        units the detector flagged: false positives the indicator took part in); sorted by
        frame, then precision ascending (the misfiring rules first).
    predictions
        One row per unit and frame: ``unit_id, split, frame, gold, predicted`` (0/1).
    metadata
        ``split, n, frames, n_boot, seed, ci, codebook_version, codebook_hash`` (and ``by``).
    by_group
        With ``evaluate(..., by=column)``: the ``metrics`` columns for each group of that
        column, which comes first; otherwise ``None``.
    """

    metrics: pd.DataFrame
    indicators: pd.DataFrame
    predictions: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)
    by_group: pd.DataFrame | None = None


# --------------------------------------------------------------------------- metrics


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


def _bootstrap_indices(n: int, n_boot: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def _interval(values: np.ndarray, ci: float) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return float("nan"), float("nan")
    tail = (1 - ci) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


def score_table(
    gold: pd.DataFrame,
    predicted: pd.DataFrame,
    *,
    frames: Sequence[str] = FRAMES,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
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
    ci
        The interval's coverage.

    Returns
    -------
    pandas.DataFrame
        The columns of :attr:`Evaluation.metrics`.

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
    if not 0 < ci < 1:
        raise InputError(f"ci must be between 0 and 1, got {ci}")
    n = len(gold)
    boot = _bootstrap_indices(n, n_boot, seed) if n_boot > 0 and n > 0 else None
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
                row[f"{metric}_low"], row[f"{metric}_high"] = _interval(replicates[metric], ci)
        rows.append(row)
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS))


def indicator_precision(
    matches: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    frames: Sequence[str] = FRAMES,
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
        The columns of :attr:`Evaluation.indicators`.

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
    _require(matches, ["doc_id", "frame", "indicator"], "the match table")
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


def _predict(
    detector: FrameDetector, texts: list[str], frames: Sequence[str]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    result = detector.detect_frames(texts)
    missing = [f for f in frames if f not in result.columns]
    if missing:
        raise InputError(
            f"the detector has no frame(s) {', '.join(missing)} "
            f"(its frames: {', '.join(map(str, result.columns))})"
        )
    if len(result) != len(texts):
        raise InputError(f"the detector returned {len(result)} rows for {len(texts)} texts")
    provenance = {
        "codebook_version": result.attrs.get("codebook_version"),
        "codebook_hash": result.attrs.get("codebook_hash"),
    }
    return result[list(frames)].reset_index(drop=True).astype(bool), provenance


# --------------------------------------------------------------------------- public entry points


def evaluate(
    annotations: pd.DataFrame | str | Path | None = None,
    *,
    split: str | None = "heldout",
    codebook: Any = None,
    frames: Sequence[str] = FRAMES,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
    detector: FrameDetector | None = None,
    corpora: Mapping[str, pd.DataFrame] | None = None,
    by: str | None = None,
) -> Evaluation:
    """Score the frame detector against the gold coding of one split.

    Parameters
    ----------
    annotations
        ``None`` (the committed set in ``corpus/validation``, coder 1 as gold), a folder holding
        ``units.csv`` and ``coder1.csv``, or a DataFrame: the output of
        :func:`load_annotations`, or your own coded set with ``text`` and one 0/1 column per
        frame (``unit_id`` and ``split`` optional).
    split
        ``"heldout"`` (default), ``"dev"``, or ``None`` for every unit.
    codebook
        The codebook for the default detector (``None``: the package's codebook; a path or a
        :class:`discourse.Codebook`).
    frames
        The frames to score.
    n_boot, seed, ci
        Bootstrap replicates, random seed and interval coverage (see :func:`score_table`).
    detector
        Anything with ``detect_frames(texts)`` and ``find_frames(texts)`` (see
        :class:`FrameDetector`); default :class:`CodebookDetector` with ``codebook``.
    corpora
        Corpus tables by name, to resolve unit texts without reloading (see :func:`unit_texts`).
    by
        A column of the annotations (e.g. ``"corpus"`` or ``"stratum"``) to score each of its
        groups apart as well, in :attr:`Evaluation.by_group`.

    Returns
    -------
    Evaluation
        ``metrics``, ``indicators``, ``predictions``, ``metadata`` and, with ``by``,
        ``by_group``.

    Examples
    --------
    A stand-in detector that flags ``"West"``; the evaluation of three coded sentences:

    >>> class Keyword:
    ...     def detect_frames(self, texts):
    ...         return pd.DataFrame({"anti_western": ["West" in t for t in texts]})
    ...     def find_frames(self, texts):
    ...         rows = [(i, "anti_western", "aw.west") for i, t in enumerate(texts) if "West" in t]
    ...         return pd.DataFrame(rows, columns=["doc_id", "frame", "indicator"])
    >>> coded = pd.DataFrame({"text": ["The West meddles.", "The West helps.", "Hands off!"],
    ...                       "anti_western": [1, 0, 1]})
    >>> result = evaluate(coded, split=None, frames=["anti_western"], detector=Keyword())
    >>> result.metrics[["frame", "tp", "fp", "fn", "precision", "recall"]]
              frame  tp  fp  fn  precision  recall
    0  anti_western   1   1   1        0.5     0.5
    >>> result.indicators[["indicator", "fires", "true_positives"]]
      indicator  fires  true_positives
    0   aw.west      2               1
    """
    frames = list(frames)
    coded = _select_split(_coded_set(annotations, frames, corpora), split)
    detector = detector if detector is not None else CodebookDetector(codebook)
    texts = coded["text"].astype(str).tolist()
    gold = coded[frames].reset_index(drop=True)
    predicted, provenance = _predict(detector, texts, frames)
    metrics = score_table(gold, predicted, frames=frames, n_boot=n_boot, seed=seed, ci=ci)
    indicators = indicator_precision(
        detector.find_frames(texts), gold, frames=frames, predicted=predicted
    )
    split_column = (
        coded["split"].astype(str).to_numpy()
        if "split" in coded.columns
        else np.full(len(coded), "all")
    )
    predictions = pd.concat(
        [
            pd.DataFrame(
                {
                    "unit_id": coded["unit_id"].astype(str).to_numpy(),
                    "split": split_column,
                    "frame": frame,
                    "gold": gold[frame].to_numpy().astype(int),
                    "predicted": predicted[frame].to_numpy().astype(int),
                }
            )
            for frame in frames
        ],
        ignore_index=True,
    )
    metadata = {
        "split": split if split is not None else "all",
        "n": len(coded),
        "frames": tuple(frames),
        "n_boot": n_boot,
        "seed": seed,
        "ci": ci,
        **provenance,
    }
    by_group = None
    if by is not None:
        _require(coded, [by], "the annotations")
        keys = coded[by].astype(str).to_numpy()
        by_group = pd.concat(
            [
                score_table(
                    gold[keys == group].reset_index(drop=True),
                    predicted[keys == group].reset_index(drop=True),
                    frames=frames,
                    n_boot=n_boot,
                    seed=seed,
                    ci=ci,
                ).assign(**{by: group})
                for group in sorted(set(keys))
            ],
            ignore_index=True,
        )[[by, *METRIC_COLUMNS]]
        metadata["by"] = by
    for table in (metrics, indicators, predictions, by_group):
        if table is not None:
            table.attrs.update(metadata)
    return Evaluation(metrics, indicators, predictions, metadata, by_group)


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
    frames: Sequence[str] = FRAMES,
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
    frames: Sequence[str] = FRAMES,
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
    frames: Sequence[str] = FRAMES,
    n_splits: int = 5,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
    detector: FrameDetector | None = None,
    corpora: Mapping[str, pd.DataFrame] | None = None,
    train: str | None = None,
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
    n_boot, seed, ci
        As for :func:`score_table`; ``seed`` also fixes the folds.
    train
        A split to train the baseline on instead of cross-validating (must differ from
        ``split``).

    Returns
    -------
    pandas.DataFrame
        ``method`` (``codebook`` or ``tfidf_logreg``), ``training`` (``rules`` for the
        codebook, ``cv`` for cross-validation, or the training split), ``n_splits`` (folds; 0
        without cross-validation) and the columns of :attr:`Evaluation.metrics`, one row per
        method and frame.

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
    frames = list(frames)
    everything = _coded_set(annotations, frames, corpora)
    coded = _select_split(everything, split)
    detector = detector if detector is not None else CodebookDetector(codebook)
    texts = coded["text"].astype(str).tolist()
    gold = coded[frames].reset_index(drop=True)
    codebook_pred, provenance = _predict(detector, texts, frames)
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
            _select_split(everything, train), texts, frames=frames, seed=seed
        )
        training, n_folds = train, [0] * len(frames)
    parts = []
    for method, kind, predicted, folds_used in [
        (CODEBOOK_METHOD, "rules", codebook_pred, [0] * len(frames)),
        (BASELINE_METHOD, training, learned, n_folds),
    ]:
        part = score_table(gold, predicted, frames=frames, n_boot=n_boot, seed=seed, ci=ci)
        part.insert(0, "n_splits", folds_used)
        part.insert(0, "training", kind)
        part.insert(0, "method", method)
        parts.append(part)
    table = pd.concat(parts, ignore_index=True)
    table.attrs.update(
        {
            "split": split if split is not None else "all",
            "n": len(coded),
            "frames": tuple(frames),
            "n_boot": n_boot,
            "seed": seed,
            "ci": ci,
            **provenance,
        }
    )
    return table


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


# --------------------------------------------------------------------------- figure


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
        A metrics table (:attr:`Evaluation.metrics` or :func:`baseline`): ``frame``,
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
    import matplotlib.pyplot as plt

    _require(table, ["frame", metric, f"{metric}_low", f"{metric}_high"], "the metrics table")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 1.2 + 0.7 * table["frame"].nunique()))
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
    coverage = float(table.attrs.get("ci", 0.95)) * 100
    ax.set_xlabel(f"{label} ({coverage:g}% bootstrap interval)")
    ax.grid(axis="x", alpha=0.3)
    if methods != [None]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax


# --------------------------------------------------------------------------- methods side by side


@dataclass(frozen=True)
class MethodDetector:
    """``detect_frames`` with one method (``"codebook"``, ``"classifier"`` or ``"hybrid"``).

    ``codebook`` and ``model`` as in :func:`discourse.detect_frames`; ``find_frames`` is the
    codebook's match table (the audit trail behind every method's indicator precision).
    """

    method: str
    codebook: Any = None
    model: Any = None

    def detect_frames(self, texts: Sequence[str]) -> pd.DataFrame:
        """Frame presence per text with this method."""
        from .detect import detect_frames

        return detect_frames(list(texts), self.codebook, method=self.method, model=self.model)

    def find_frames(self, texts: Sequence[str]) -> pd.DataFrame:
        """The codebook's match table of the texts (as :class:`CodebookDetector` gives it)."""
        return CodebookDetector(self.codebook).find_frames(texts)


def unit_regions(doc_ids: Sequence[str]) -> pd.Series:
    """The UN regional group of each unit's speaker, from its ``doc_id``.

    UN speeches take their country's group (``corpus/registry/regions.csv``), Kremlin items and
    the seed take Russia's and Azerbaijan's (Eastern European States); NA where a country has
    no group.
    """
    from ..corpus.registry import region_map

    regions = region_map()
    return pd.Series(
        [regions.get(unit_country(str(d)), pd.NA) for d in doc_ids], dtype="string", name="region"
    )


def compare_methods(
    coded: pd.DataFrame,
    detectors: Mapping[str, FrameDetector],
    *,
    split: str = "heldout",
    train: str = "dev",
    frames: Sequence[str] = FRAMES,
    n_boot: int = 2000,
    seed: int = 0,
    by: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Score several detectors and the TF-IDF baseline on one split, side by side.

    Parameters
    ----------
    coded
        A coded set with texts (:func:`load_annotations`).
    detectors
        Named detectors (e.g. ``{"codebook 1.4.0": MethodDetector("codebook"), ...}``).
    split, train
        The units scored, and the units the TF-IDF + logistic-regression baseline is trained on.
    by
        A column of ``coded`` (e.g. ``"region"``) for a second table per group.

    Returns
    -------
    (metrics, by_group)
        ``method`` plus the :func:`score_table` columns, one row per method and frame (the
        baseline as ``"TF-IDF + LR"``); with ``by``, the same per group (else ``None``).
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


def learning_curve(
    coded: pd.DataFrame,
    sizes: Sequence[int],
    *,
    split: str = "heldout",
    train: str = "dev",
    method: str = "hybrid",
    frames: Sequence[str] = FRAMES,
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

    from .classifier import FrameClassifier
    from .detect import detect_frames

    pool = _select_split(coded, train)
    test = _select_split(coded, split)
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
