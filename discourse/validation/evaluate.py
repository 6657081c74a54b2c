"""Evaluation: how well a detector agrees with blind coding.

In: a coded set (one row per unit with ``text`` and one 0/1 column per frame, from
:func:`discourse.validation.annotations.load_annotations` or your own). Out: per-frame
precision, recall and F1 with bootstrap intervals (:mod:`~discourse.validation.metrics`), the
precision of each indicator (:mod:`~discourse.validation.indicators`), and the predictions.

The closed loop:

- :func:`~discourse.validation.annotations.load_annotations` reads and checks the annotation
  files and resolves each unit's text through :func:`discourse.load_corpus` (verifying the
  checksum);
- :func:`evaluate` runs the frame detector on the units of one split and scores it against the
  gold codes: precision, recall and F1 per frame with percentile-bootstrap confidence intervals
  (units resampled, fixed seed), the confusion counts, and the precision of every indicator that
  fired (which rules misfire);
- :func:`~discourse.validation.agreement.agreement` measures inter-coder agreement
  (Krippendorff's alpha, Cohen's kappa);
- :func:`~discourse.validation.baseline.baseline` scores a supervised TF-IDF +
  logistic-regression classifier beside the codebook on the same units;
- :func:`discourse.report.plot.plot_scores` draws point estimates with their intervals.

Example (a coded set in ``folder``; needs the corpora its units come from)::

    import discourse as dc
    from discourse.validation.annotations import load_annotations
    coded = load_annotations(folder)                 # units + coder 1 + verified texts
    result = dc.evaluate(coded, split="heldout", by="corpus")
    result.metrics, result.indicators, result.by_group
    dc.agreement(folder=folder)                      # coder 1 vs coder 2
    dc.baseline(coded)                               # codebook vs 5-fold TF-IDF baseline
    dc.baseline(coded, split="heldout", train="dev")

Your own coded set works the same way: pass a DataFrame with ``text`` and one 0/1 column per
frame (plus, optionally, ``unit_id`` and ``split``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .._stats import resolve_level
from .._validation import list_positions, require_columns
from ..errors import InputError
from .annotations import coded_set, frames_of, select_split
from .indicators import indicator_precision
from .metrics import METRIC_COLUMNS, score_table


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
        from ..frames.detect import detect_frames

        return detect_frames(list(texts), codebook=self.codebook, method="codebook")

    def find_frames(self, texts: Sequence[str]) -> pd.DataFrame:
        """The match table of the texts (see :func:`discourse.find_frames`), ``doc_id`` the
        position of each text (find_frames names a list's texts ``doc-0``, ``doc-1``, ...)."""
        from ..frames.detect import find_frames

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
        ``split, n, frames, n_boot, seed, level, codebook_version, codebook_hash`` (and ``by``).
    by_group
        With ``evaluate(..., by=column)``: the ``metrics`` columns for each group of that
        column, which comes first; otherwise ``None``.
    """

    metrics: pd.DataFrame
    indicators: pd.DataFrame
    predictions: pd.DataFrame
    metadata: dict[str, Any] = field(default_factory=dict)
    by_group: pd.DataFrame | None = None


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
        from ..frames.detect import detect_frames

        return detect_frames(list(texts), self.codebook, method=self.method, model=self.model)

    def find_frames(self, texts: Sequence[str]) -> pd.DataFrame:
        """The codebook's match table of the texts (as :class:`CodebookDetector` gives it)."""
        return CodebookDetector(self.codebook).find_frames(texts)


def coded_frames(
    annotations: pd.DataFrame | str | Path | None,
    frames: Sequence[str] | None,
    codebook: Any,
    detector: Any,
) -> list[str]:
    """The frames to score: ``frames`` if given, else those the coded set codes (for a table
    without ``attrs["frames"]``: the codebook's frames it has a column for)."""
    if frames is not None:
        return list(frames)
    if not isinstance(annotations, pd.DataFrame):
        return []  # read from the coder file by load_annotations
    from ..frames.codebook import resolve_codebook

    known = resolve_codebook(getattr(detector, "codebook", codebook)).frame_ids
    return frames_of(annotations, known)


def load_coded(
    annotations: pd.DataFrame | str | Path | None,
    frames: Sequence[str] | None,
    codebook: Any,
    detector: Any,
    corpora: Mapping[str, pd.DataFrame] | None,
) -> tuple[pd.DataFrame, list[str]]:
    """The coded set (:func:`~discourse.validation.annotations.coded_set`) and its frames."""
    chosen = coded_frames(annotations, frames, codebook, detector)
    table = coded_set(annotations, chosen or None, corpora)  # type: ignore[arg-type]
    return table, chosen or frames_of(table)


def predict(
    detector: FrameDetector, texts: list[str], frames: Sequence[str]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    result = detector.detect_frames(texts)
    require_columns(result, frames, "the detector's result", hint="detect the coded frames")
    if len(result) != len(texts):
        raise InputError(f"the detector returned {len(result)} rows for {len(texts)} texts")
    provenance = {
        "codebook_version": result.attrs.get("codebook_version"),
        "codebook_hash": result.attrs.get("codebook_hash"),
    }
    return result[list(frames)].reset_index(drop=True).astype(bool), provenance


@dataclass(frozen=True)
class DetectorRun:
    """A detector run on the coded units of one split: what :func:`evaluate` and
    :func:`~discourse.validation.baseline.baseline` score.

    Attributes
    ----------
    everything
        The whole coded set (every split).
    coded
        Its units of the split scored.
    split
        That split (``None``: every unit).
    frames
        The frames scored.
    detector
        The detector that ran.
    texts, gold, predicted
        The units' texts, their gold codes and the detector's decisions (one column per
        frame, one row per unit in order).
    provenance
        The codebook version and hash the detector reported.
    """

    everything: pd.DataFrame
    coded: pd.DataFrame
    split: str | None
    frames: list[str]
    detector: FrameDetector
    texts: list[str]
    gold: pd.DataFrame
    predicted: pd.DataFrame
    provenance: dict[str, Any]

    def metadata(self, *, n_boot: int, seed: int, level: float) -> dict[str, Any]:
        """The run's record for the result's ``attrs``: split, n, frames, the bootstrap's
        settings and the provenance."""
        return {
            "split": self.split if self.split is not None else "all",
            "n": len(self.coded),
            "frames": tuple(self.frames),
            "n_boot": n_boot,
            "seed": seed,
            "level": level,
            **self.provenance,
        }


def run_detector(
    annotations: pd.DataFrame | str | Path | None,
    *,
    split: str | None,
    frames: Sequence[str] | None,
    codebook: Any,
    detector: FrameDetector | None,
    corpora: Mapping[str, pd.DataFrame] | None,
) -> DetectorRun:
    """Read the coded set, select ``split`` and run the detector (default: the codebook's) on
    its units; the parameters are those of :func:`evaluate`."""
    everything, chosen = load_coded(annotations, frames, codebook, detector, corpora)
    coded = select_split(everything, split)
    detector = detector if detector is not None else CodebookDetector(codebook)
    texts = coded["text"].astype(str).tolist()
    gold = coded[chosen].reset_index(drop=True)
    predicted, provenance = predict(detector, texts, chosen)
    return DetectorRun(
        everything, coded, split, chosen, detector, texts, gold, predicted, provenance
    )


# --------------------------------------------------------------------------- public entry point


def evaluate(
    annotations: pd.DataFrame | str | Path | None = None,
    *,
    split: str | None = "heldout",
    codebook: Any = None,
    frames: Sequence[str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    level: float = 0.95,
    detector: FrameDetector | None = None,
    corpora: Mapping[str, pd.DataFrame] | None = None,
    by: str | None = None,
    ci: float | None = None,
) -> Evaluation:
    """Score the frame detector against the gold coding of one split.

    Parameters
    ----------
    annotations
        A folder holding ``units.csv`` and ``coder1.csv`` (coder 1 as gold), or a DataFrame:
        the output of :func:`~discourse.validation.annotations.load_annotations`, or your own
        coded set with ``text`` and one 0/1 column per frame (``unit_id`` and ``split``
        optional).
    split
        ``"heldout"`` (default), ``"dev"``, or ``None`` for every unit.
    codebook
        The codebook for the default detector (``None``: the package's codebook; a path or a
        :class:`discourse.Codebook`).
    frames
        The frames to score (default: those the coded set codes; for a table without
        ``attrs["frames"]``, the codebook's frames it has a column for).
    n_boot, seed, level
        Bootstrap replicates, random seed and interval coverage (see
        :func:`~discourse.validation.metrics.score_table`).
    detector
        Anything with ``detect_frames(texts)`` and ``find_frames(texts)`` (see
        :class:`FrameDetector`); default :class:`CodebookDetector` with ``codebook``.
    corpora
        Corpus tables by name, to resolve unit texts without reloading (see
        :func:`~discourse.validation.annotations.unit_texts`).
    by
        A column of the annotations (e.g. ``"corpus"`` or ``"stratum"``) to score each of its
        groups apart as well, in :attr:`Evaluation.by_group`.
    ci
        Deprecated name of ``level`` (warns).

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
    level = resolve_level(level, ci, "ci")
    run = run_detector(
        annotations,
        split=split,
        frames=frames,
        codebook=codebook,
        detector=detector,
        corpora=corpora,
    )
    coded, frames, gold, predicted = run.coded, run.frames, run.gold, run.predicted
    metrics = score_table(gold, predicted, frames=frames, n_boot=n_boot, seed=seed, level=level)
    indicators = indicator_precision(
        run.detector.find_frames(run.texts), gold, frames=frames, predicted=predicted
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
    metadata = run.metadata(n_boot=n_boot, seed=seed, level=level)
    by_group = None
    if by is not None:
        require_columns(coded, [by], "the annotations")
        keys = coded[by].astype(str).to_numpy()
        by_group = pd.concat(
            [
                score_table(
                    gold[keys == group].reset_index(drop=True),
                    predicted[keys == group].reset_index(drop=True),
                    frames=frames,
                    n_boot=n_boot,
                    seed=seed,
                    level=level,
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
