"""Do the corrected intervals hold? Coverage by simulation, on a population with known truth.

In: a population (:func:`~discourse.validation.design.population`: real sentences and the real
detector's decisions), a sample size, and how often the truth differs from the detector in each
group (:class:`ErrorRates`). Out: per group and frame, how often the corrected interval of
:func:`~discourse.validation.rates.estimate_rates` covers the true rate, its bias and mean
width, and the same for the naive rate (:func:`simulate_coverage`).

True labels are drawn for every sentence (``Y_i ~ Bernoulli(q)``, where ``q`` is the group's
probability that a sentence is truly positive given the detector's decision on it and its
level) a few times (``populations``); the group's realised share is the truth. Each
replication draws a sample with
:func:`~discourse.validation.design.draw_rows` (a new seed per replication, the same design),
"codes" the sampled units with their true labels and estimates every group's rate as
:func:`~discourse.validation.rates.estimate_rates` does. A researcher can run it with their own
design and guessed error rates to see how many units to code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._stats import normal_interval
from .design import Population, draw_rows, group_labels, sample_plan
from .rates import group_estimates

__all__ = ["ErrorRates", "simulate_coverage"]


@dataclass(frozen=True)
class ErrorRates:
    """The probability that a sentence truly shows a frame, given what the detector says.

    Attributes
    ----------
    positive
        ``P(Y = 1 | the detector finds the frame)``: the detector's precision.
    candidate
        ``P(Y = 1 | not found, sentence is a candidate)``.
    other
        ``P(Y = 1 | not found, any other sentence)``.
    """

    positive: float
    candidate: float
    other: float


def _truth_probability(
    yhat: np.ndarray, level: np.ndarray, group: np.ndarray, rates: Mapping[str, ErrorRates]
) -> np.ndarray:
    q = np.zeros(yhat.size)
    codes, names = pd.factorize(group)
    index = {str(name): i for i, name in enumerate(names)}
    other = level == "other"
    for label, rate in rates.items():
        member = codes == index.get(label, -2)
        q[member & yhat] = rate.positive
        q[member & ~yhat & ~other] = rate.candidate
        q[member & ~yhat & other] = rate.other
    return q


def simulate_coverage(
    pop: Population,
    n: int,
    rates: Mapping[str, Mapping[str, ErrorRates]],
    *,
    by: Sequence[str] = (),
    reps: int = 500,
    level: float = 0.95,
    seed: int = 0,
    populations: int = 5,
) -> pd.DataFrame:
    """Coverage, bias and width of the corrected and naive intervals over ``reps`` samples.

    Parameters
    ----------
    pop
        The population: sentences, the detector's decisions, levels and the ``by`` columns.
    n
        Units per sample.
    rates
        ``{frame: {group label: ErrorRates}}``; group labels as
        :func:`~discourse.validation.design.group_labels` makes them (``"all"`` without ``by``).
    by
        The grouping columns (the sample's strata and the estimates' groups).
    reps
        Replications.
    level
        The intervals' level.
    seed
        Seeds the true labels (population ``p`` uses ``[seed, p]``) and the samples
        (replication ``r`` uses ``seed + r``).
    populations
        How many sets of true labels to draw; the replications are shared out between them
        (a finite population held fixed while the sample varies, as the design-based interval
        claims, repeated over several populations).

    Returns
    -------
    pandas.DataFrame
        One row per group and frame: ``group, frame, n_sentences, n_coded`` (mean coded units),
        ``true_rate`` (mean over replications), ``naive_rate``, ``coverage``, ``bias``,
        ``rmse``, ``mean_width``, ``naive_coverage``, ``naive_bias``.

    Examples
    --------
    >>> from discourse.validation.design import population
    >>> texts = [f"Sentence {i} on trade. We defend traditional values." for i in range(60)]
    >>> pop = population(texts, method="codebook", frames=["traditional_values"])
    >>> rates = {"traditional_values": {"all": ErrorRates(0.8, 0.1, 0.05)}}
    >>> out = simulate_coverage(pop, 40, rates, reps=50)
    >>> out[["frame", "n_sentences", "n_coded"]].values.tolist()
    [['traditional_values', 120, 40.0]]
    """
    by = list(by)
    plan = sample_plan(pop, n, by)
    group = group_labels(pop.sentences, by).to_numpy().astype(str)
    labels = sorted(set(group))
    group_code = np.searchsorted(labels, group)
    n_group = np.bincount(group_code, minlength=len(labels)).astype(np.float64)
    drawn = [s for s in plan if s.k]
    stratum_labels = sorted(s.label for s in drawn)
    sizes = np.array([float(next(s.size for s in drawn if s.label == h)) for h in stratum_labels])
    per: dict[tuple[str, str], dict[str, list[float]]] = {}
    q_of = [
        _truth_probability(pop.presence[:, j], pop.level, group, rates[frame])
        for j, frame in enumerate(pop.frames)
    ]
    naive_totals = [
        np.bincount(group_code, weights=pop.presence[:, j], minlength=len(labels))
        for j in range(len(pop.frames))
    ]
    per_population = max(1, -(-reps // max(1, populations)))
    truths: list[np.ndarray] = []
    for r in range(reps):
        if r % per_population == 0:
            truth_rng = np.random.default_rng([seed, r // per_population])
            truths = [truth_rng.random(q.size) < q for q in q_of]
            true_rates = [
                np.bincount(group_code, weights=y, minlength=len(labels)) / n_group for y in truths
            ]
        rows, _, strata = draw_rows(plan, seed + r)
        stratum_code = np.searchsorted(stratum_labels, strata.astype(str))
        unit_group = group_code[rows]
        for j, frame in enumerate(pop.frames):
            yhat = pop.presence[:, j]
            y = truths[j]
            truth = true_rates[j]
            naive_total = naive_totals[j]
            residual = y[rows].astype(np.float64) - yhat[rows]
            est, _, low, high = group_estimates(
                n_group, naive_total, residual, unit_group, stratum_code, sizes, level
            )
            n_coded = np.bincount(unit_group, minlength=len(labels))
            for g, label in enumerate(labels):
                naive = naive_total[g] / n_group[g]
                n_low, n_high = normal_interval(
                    naive, float(np.sqrt(naive * (1 - naive) / n_group[g])), level
                )
                cell = per.setdefault((label, frame), {k: [] for k in _KEYS})
                cell["truth"].append(truth[g])
                cell["estimate"].append(est[g])
                cell["covered"].append(float(low[g] <= truth[g] <= high[g]))
                cell["width"].append(high[g] - low[g])
                cell["naive"].append(naive)
                cell["naive_covered"].append(float(n_low <= truth[g] <= n_high))
                cell["n_coded"].append(float(n_coded[g]))
    records = []
    for (label, frame), cell in sorted(per.items()):
        truth = np.asarray(cell["truth"])
        est = np.asarray(cell["estimate"])
        naive = np.asarray(cell["naive"])
        records.append(
            {
                "group": label,
                "frame": frame,
                "n_sentences": int(n_group[labels.index(label)]),
                "n_coded": float(np.mean(cell["n_coded"])),
                "true_rate": float(truth.mean()),
                "naive_rate": float(naive.mean()),
                "coverage": float(np.mean(cell["covered"])),
                "bias": float(np.mean(est - truth)),
                "rmse": float(np.sqrt(np.mean((est - truth) ** 2))),
                "mean_width": float(np.mean(cell["width"])),
                "naive_coverage": float(np.mean(cell["naive_covered"])),
                "naive_bias": float(np.mean(naive - truth)),
            }
        )
    return pd.DataFrame.from_records(records)


_KEYS = ("truth", "estimate", "covered", "width", "naive", "naive_covered", "n_coded")
