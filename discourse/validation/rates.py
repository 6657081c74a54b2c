"""Rates corrected for the detector's errors: the design-based estimate per group and frame.

In: the corpus (every sentence, through the detector) and a coded sample drawn with known
inclusion probabilities (:func:`~discourse.validation.design.coding_sample`, read back with
:func:`~discourse.validation.coding.read_codes`). Out: per group and frame the detector's raw
share, the corrected estimate and its interval (:func:`estimate_rates`).

The estimator
-------------
For a group ``g`` of ``N_g`` sentences, the detector's decision ``Yhat_i`` is known for every
sentence and the true label ``Y_i`` (the coder's) for the coded ones. The share of sentences
showing the frame, ``mu_g = (1/N_g) sum_{i in g} Y_i``, is estimated by the difference
estimator (Särndal, Swensson & Wretman 1992, eq. 6.3.1; Cochran 1977, sect. 7.2)::

    mu_hat_g = (1/N_g) [ sum_{i in g} Yhat_i  +  sum_{i in S, i in g} (Y_i - Yhat_i) / pi_i ]

the detector's count plus the Horvitz-Thompson estimate of the detector's net error in the
group, from the coded sample ``S`` with inclusion probabilities ``pi_i``. This is the estimator
of design-based supervised learning with known sampling probabilities (Egami, Hinck, Stewart &
Wei 2023, eq. 3, the "design-adjusted outcome" ``Yhat + R/pi (Y - Yhat)`` averaged over the
group) and of prediction-powered inference for a mean (Angelopoulos, Bates, Fannjiang, Jordan &
Zrnic 2023, eq. 1, ``theta_PP = mean(Yhat) - mean_labelled(Yhat - Y)``), here for a stratified
sample with unequal probabilities. It is unbiased whatever the detector's errors, because the
correction term is design-unbiased for the net error; the detector only changes the variance
(a better detector, a smaller one).

Its variance is the stratified-sampling variance of the correction's total (``discourse._stats``:
Cochran eq. 5.6, on ``z_i = (Y_i - Yhat_i) 1[i in g]``, never below an Agresti-Coull floor, so a
stratum whose few coded units show no error still counts its uncertainty), and the interval is
``mu_hat ± z_{(1+level)/2} * se``, clipped to [0, 1].
A group that cuts across the sample's strata (a country inside a regional group, a different
``by`` than the sample's) is a domain and is estimated the same way. Units sampled but left
uncoded (empty, or unsure) are treated as missing at random within their stratum: the stratum's
coded units stand for it (their weight is ``N_h / m_h`` with ``m_h`` coded units).

``method`` may differ from the method the sample was stratified by: the inclusion probabilities
are those of the design, whichever detector supplies ``Yhat``, so the estimate stays valid
(only its precision changes).

``low_n``: a group has fewer than :data:`MIN_CODED` coded units; its interval rests on the
normal approximation with too few units to trust it (and a rare frame may show no error at all
in so small a sample). The simulation in ``benchmarks/bench_rates.py`` checks coverage for the
groups of the design; report a ``low_n`` group's interval as indicative only.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from .._schema import conform
from .._stats import domain_totals, normal_interval
from .._validation import require_columns
from ..corpus.normalise import sha256_text
from ..errors import ChecksumError, InputError
from ..frames.codebook import Codebook
from ..frames.model import FrameModel
from .design import Population, group_labels, population

__all__ = ["MIN_CODED", "design_sizes", "estimate_rates", "group_estimates"]

#: Fewer coded units than this in a group set ``low_n``.
MIN_CODED = 30
RESULT_COLUMNS: tuple[str, ...] = (
    "frame",
    "n_sentences",
    "n_coded",
    "naive_rate",
    "estimate",
    "ci_low",
    "ci_high",
    "low_n",
)


def design_sizes(strata: np.ndarray, inclusion_prob: np.ndarray) -> dict[str, float]:
    """Each stratum's population size ``N_h = n_h / pi_h`` from the sampled units.

    Examples
    --------
    >>> design_sizes(np.array(["a", "a", "b"]), np.array([0.1, 0.1, 1.0]))
    {'a': 20.0, 'b': 1.0}
    """
    out: dict[str, float] = {}
    table = pd.DataFrame({"s": np.asarray(strata).astype(str), "p": inclusion_prob})
    for label, part in table.groupby("s", sort=True):
        probs = part["p"].to_numpy(dtype=np.float64)
        if (probs <= 0).any() or (probs > 1).any() or np.ptp(probs) > 1e-9:
            raise InputError(
                f"stratum {label!r}: inclusion probabilities must lie in (0, 1] and be equal "
                "within a stratum (a stratified simple random sample)"
            )
        out[str(label)] = round(len(part) / float(probs[0]), 6)
    return out


def group_estimates(
    n_sentences: np.ndarray,
    naive_total: np.ndarray,
    residual: np.ndarray,
    group: np.ndarray,
    stratum: np.ndarray,
    sizes: np.ndarray,
    level: float = 0.95,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The corrected rate of every group: arrays ``(estimate, se, ci_low, ci_high)``.

    Parameters
    ----------
    n_sentences
        ``N_g`` per group.
    naive_total
        The detector's count of positives per group.
    residual
        ``Y - Yhat`` of every coded unit.
    group
        Each coded unit's group (an integer index into ``n_sentences``; ``-1``: in none).
    stratum
        Each coded unit's stratum (an integer index into ``sizes``).
    sizes
        ``N_h`` per stratum (:func:`design_sizes`).
    level
        The interval's confidence level.

    Examples
    --------
    >>> est, se, lo, hi = group_estimates(np.array([100]), np.array([10]),
    ...     np.array([1, 0, 0, -1, 0]), np.zeros(5, int), np.zeros(5, int), np.array([100.0]))
    >>> est.round(3).tolist(), se.round(3).tolist()
    ([0.1], [0.308])
    """
    n_sentences = np.asarray(n_sentences, dtype=np.float64)
    z = NormalDist().inv_cdf(0.5 + level / 2) if 0 < level < 1 else math.nan
    totals, variances = domain_totals(residual, stratum, group, sizes, n_sentences.size, z)
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = (np.asarray(naive_total, dtype=np.float64) + totals) / n_sentences
        se = np.sqrt(variances) / n_sentences
    low = np.empty_like(estimate)
    high = np.empty_like(estimate)
    for g in range(estimate.size):
        if math.isfinite(estimate[g]):
            low[g], high[g] = normal_interval(float(estimate[g]), float(se[g]), level)
        else:
            low[g] = high[g] = math.nan
    return estimate, se, low, high


def _coded_rows(pop: Population, codes: pd.DataFrame) -> np.ndarray:
    """The population row of each coded unit (-1 for a unit whose document is not in the data)."""
    sentences = pop.sentences
    key = pd.DataFrame(
        {
            "doc_id": sentences["doc_id"].astype(str).to_numpy(),
            "start": sentences["start"].to_numpy(dtype=np.int64),
            "end": sentences["end"].to_numpy(dtype=np.int64),
            "row": np.arange(len(sentences)),
        }
    )
    wanted = pd.DataFrame(
        {
            "doc_id": codes["doc_id"].astype(str).to_numpy(),
            "start": codes["start"].to_numpy(dtype=np.int64),
            "end": codes["end"].to_numpy(dtype=np.int64),
        }
    )
    docs = set(wanted["doc_id"])
    key = key[key["doc_id"].isin(docs)]
    found = wanted.merge(key, on=["doc_id", "start", "end"], how="left")
    rows = found["row"].fillna(-1).to_numpy(dtype=np.int64)
    present = set(key["doc_id"])
    texts = sentences["text"].astype(str).to_numpy()
    for i, (row, doc) in enumerate(zip(rows, wanted["doc_id"], strict=True)):
        unit = codes["unit_id"].iloc[i]
        if row < 0 and doc in present:
            raise InputError(
                f"coded unit {unit!r} (row {i + 1}): document {doc!r} has no sentence at "
                f"[{wanted['start'].iloc[i]}:{wanted['end'].iloc[i]}]; the data are not "
                "segmented as they were when the sample was drawn"
            )
        if row >= 0 and sha256_text(str(texts[row])) != str(codes["span_sha256"].iloc[i]):
            raise ChecksumError(
                f"coded unit {unit!r} (row {i + 1}), column 'span_sha256': the sentence "
                f"{doc!r}[{wanted['start'].iloc[i]}:{wanted['end'].iloc[i]}] no longer matches "
                "it; the text has changed since the sample was drawn"
            )
    return rows


def estimate_rates(
    data: Any,
    codes: pd.DataFrame,
    *,
    by: Sequence[str] | str | None = None,
    frames: Sequence[str] | None = None,
    method: str | None = None,
    level: float = 0.95,
    codebook: Codebook | str | None = None,
    model: FrameModel | str | None = None,
    progress: bool | None = None,
    cache: bool = False,
) -> pd.DataFrame:
    """The share of sentences showing each frame per group, corrected for the detector's errors.

    Parameters
    ----------
    data
        The corpus the sample was drawn from (or a part of it: its groups are domains of the
        sample), as a corpus or sentence table: every body sentence goes through the detector.
    codes
        The coded sample (:func:`~discourse.validation.coding.read_codes`): ``doc_id, start,
        end, span_sha256, stratum, inclusion_prob`` and one 0/1 column per frame (empty: not
        coded). Every unit of the sample, coded or not.
    by
        Grouping column(s) of the data (sentence or corpus table); ``None``: one row per frame.
    frames
        The frames (default: the codes' frame columns).
    method, codebook, model, progress
        The detector, as in :func:`~discourse.frames.detect.detect_frames`; it may differ from
        the one the sample was stratified by.
    level
        The intervals' confidence level.
    cache
        For a corpus table: keep the detector's output in the Parquet cache.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``frame``, ``n_sentences``, ``n_coded`` (coded units in the group),
        ``naive_rate`` (the detector's share), ``estimate`` (clipped to [0, 1]), ``ci_low``,
        ``ci_high``, ``low_n`` (fewer than :data:`MIN_CODED` coded units). A group without a
        single coded unit has no estimate and no interval (NaN). ``attrs`` records
        the level, the method and the codebook and model hashes.

    Raises
    ------
    InputError
        A missing design or frame column; a coded unit whose document is in the data but not
        at the recorded offsets.
    ChecksumError
        A coded unit whose sentence no longer matches its ``span_sha256``.

    Examples
    --------
    >>> from discourse.validation.design import coding_sample
    >>> texts = ["We defend traditional values. Our families are strong. It rained today.",
    ...          "Trade grew fast. Traditional values guide us. Schools opened."]
    >>> sample = coding_sample(texts, 4, method="codebook", frames=["traditional_values"])
    >>> codes = sample.assign(traditional_values=[1, 1, 0, 0]).astype(
    ...     {"traditional_values": "Int64"})
    >>> rates = estimate_rates(texts, codes, method="codebook")
    >>> rates[["frame", "n_sentences", "n_coded", "naive_rate", "estimate"]].values.tolist()
    [['traditional_values', 6, 4, 0.3333333333333333, 0.3333333333333333]]
    """
    by_cols = [by] if isinstance(by, str) else list(by or [])
    require_columns(
        codes,
        ("unit_id", "doc_id", "start", "end", "span_sha256", "stratum", "inclusion_prob"),
        "the codes",
        hint="pass the table read_codes returns (the sample's design joined to the codes)",
    )
    chosen = _frames(codes, frames)
    pop = population(
        data,
        by=by_cols,
        frames=chosen,
        codebook=codebook,
        method=method,
        model=model,
        progress=progress,
        cache=cache,
    )
    rows = _coded_rows(pop, codes)
    group = group_labels(pop.sentences, by_cols).to_numpy().astype(str)
    keys = _group_keys(pop.sentences, by_cols, group)
    index = {label: g for g, (label, _) in enumerate(keys)}
    group_code = np.array([index[label] for label in group], dtype=np.int64)
    unit_group = np.where(rows >= 0, group_code[np.maximum(rows, 0)], -1)
    sizes_by_label = design_sizes(
        codes["stratum"].astype(str).to_numpy(), codes["inclusion_prob"].to_numpy(np.float64)
    )
    stratum_labels = sorted(sizes_by_label)
    sizes = np.array([sizes_by_label[h] for h in stratum_labels])
    stratum_code = np.searchsorted(stratum_labels, codes["stratum"].astype(str).to_numpy())
    n_sentences = np.bincount(group_code, minlength=len(keys))
    records: list[dict[str, Any]] = []
    for j, frame in enumerate(pop.frames):
        yhat = pop.presence[:, j]
        labels = pd.to_numeric(codes[frame], errors="coerce").to_numpy(dtype=np.float64)
        coded = ~np.isnan(labels)
        if ((labels[coded] != 0) & (labels[coded] != 1)).any():
            raise InputError(f"codes: column {frame!r} holds values other than 0, 1 or empty")
        residual = labels - np.where(rows >= 0, yhat[np.maximum(rows, 0)], 0)
        # the coded units stand for their stratum: N_h over the stratum's coded units
        naive_total = np.bincount(group_code, weights=yhat, minlength=len(keys))
        estimate, _, low, high = group_estimates(
            n_sentences,
            naive_total,
            residual[coded],
            unit_group[coded],
            stratum_code[coded],
            sizes,
            level,
        )
        n_coded = np.bincount(unit_group[coded & (unit_group >= 0)], minlength=len(keys))
        # no coded unit in the group: nothing corrects it, so no estimate (not the naive rate)
        empty = n_coded == 0
        estimate[empty] = low[empty] = high[empty] = np.nan
        for g, (_, values) in enumerate(keys):
            records.append(
                {
                    **values,
                    "frame": frame,
                    "n_sentences": int(n_sentences[g]),
                    "n_coded": int(n_coded[g]),
                    "naive_rate": float(naive_total[g] / n_sentences[g]),
                    "estimate": float(np.clip(estimate[g], 0.0, 1.0)),
                    "ci_low": float(low[g]),
                    "ci_high": float(high[g]),
                    "low_n": bool(n_coded[g] < MIN_CODED),
                }
            )
    out = pd.DataFrame.from_records(records, columns=[*by_cols, *RESULT_COLUMNS])
    out = conform(out)
    out.attrs.update({"level": level, **pop.provenance, "min_coded": MIN_CODED})
    return out


def _frames(codes: pd.DataFrame, frames: Sequence[str] | None) -> list[str]:
    if frames is not None:
        chosen = [frames] if isinstance(frames, str) else list(frames)
    else:
        chosen = list(codes.attrs.get("frames") or [])
    if not chosen:
        raise InputError("estimate_rates: name the coded frames (frames=...)")
    require_columns(codes, chosen, "the codes", hint="give one column per coded frame")
    return chosen


def _group_keys(
    sentences: pd.DataFrame, by: list[str], group: np.ndarray
) -> list[tuple[str, dict[str, Any]]]:
    """Each group's label and its ``by`` values, in sorted order of the values (NA last)."""
    if not by:
        return [("all", {})]
    first = pd.DataFrame({"label": group}).drop_duplicates().index.to_numpy()
    values = sentences.iloc[first][by].reset_index(drop=True)
    values["label"] = group[first]
    values = values.sort_values(by, na_position="last", kind="mergesort")
    return [(str(row["label"]), {c: row[c] for c in by}) for _, row in values.iterrows()]
