"""Shared statistics below every layer: the bootstrap and the Wilson score interval.

In: numbers (counts, totals, 0/1 outcomes). Out: resample indices, percentile intervals and
binomial intervals. The one home of these procedures: ``report.stats`` (rates with intervals)
and ``validation`` (precision, recall and F1 with intervals) build on them; no layer writes its
own bootstrap.

Two resampling schemes, each fixed by a seed:

- :func:`bootstrap_indices`: one stream, ``numpy.random.default_rng(seed)``, drawing all
  replicates at once (the same resamples serve several statistics of the same units);
- :func:`group_rng` and :func:`bootstrap_rates`: one stream per group, seeded by the seed and
  the group's key, so a group's interval does not change when other groups come or go.

The design-based variance of a stratified sample (``domain_totals``, ``normal_interval``):

In: numbers (values of the sampled units, their strata and the strata's sizes). Out: totals,
variances and normal intervals. The one home of these procedures; ``validation.rates`` builds
the corrected rates on them.

Design-based variance (stratified simple random sampling without replacement)
-----------------------------------------------------------------------------
A population of ``N`` units falls into strata ``h`` of ``N_h`` units; ``n_h`` of them are drawn
at random without replacement, each with inclusion probability ``pi_h = n_h / N_h``. For a value
``z_i`` known on the sampled units, the Horvitz-Thompson estimator of the population total
``Z = sum_i z_i`` and its variance are (Cochran 1977, *Sampling Techniques*, eq. 5.2 and 5.6;
Särndal, Swensson & Wretman 1992, *Model Assisted Survey Sampling*, sect. 3.7)::

    Z_hat     = sum_h N_h * mean_h(z)
    Var_hat   = sum_h N_h**2 * (1 - n_h / N_h) * s2_h / n_h

with ``s2_h`` the sample variance (denominator ``n_h - 1``) of ``z`` in stratum ``h``. A domain
(a subgroup that cuts across strata) is estimated with the same formulas on
``z_i * 1[i in domain]`` (Cochran sect. 5A.14).

The stratum variance ``s2_h`` of a rare 0/1 error is badly estimated from a few dozen units:
with no error among 40 coded sentences it is zero, and the normal interval claims a certainty
the sample cannot give (the Wald interval's failure for small counts). :func:`domain_totals`
therefore never lets ``s2_h`` fall below the variance of an Agresti-Coull proportion: with
``k`` of the stratum's ``m`` sampled domain units in error, ``p = (k + z**2/2) / (m + z**2)``
(Agresti & Coull 1998, *The American Statistician* 52: 119-126), scaled to the domain's share
``m / n_h`` of the stratum's sample. For zero errors the interval then reaches about the
Wilson (or "rule of three") upper limit; where errors are frequent the floor is below
``s2_h`` and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from statistics import NormalDist

import numpy as np

__all__ = [
    "CHUNK_CELLS",
    "bootstrap_indices",
    "check_level",
    "domain_totals",
    "bootstrap_rates",
    "group_rng",
    "normal_interval",
    "percentile_interval",
    "resolve_level",
    "wilson_interval",
]

#: Upper bound on the number of cells (resamples × units) drawn at once, to bound memory.
CHUNK_CELLS = 4_000_000


def check_level(level: float, what: str = "level") -> None:
    """Raise :class:`~discourse.errors.InputError` unless ``0 < level < 1``.

    Examples
    --------
    >>> check_level(0.95)
    """
    from .errors import InputError

    if not 0 < level < 1:
        raise InputError(f"{what} must be between 0 and 1, got {level}")


def resolve_level(level: float, alias: float | None, alias_name: str) -> float:
    """The interval level, from ``level`` or (deprecated, with a warning) its old name.

    ``level`` is the one name of an interval's coverage across the package; ``ci`` and
    ``confidence`` are its deprecated aliases, still accepted.

    Examples
    --------
    >>> resolve_level(0.9, None, "ci")
    0.9
    """
    if alias is not None:
        import warnings

        warnings.warn(
            f"{alias_name}= is deprecated; use level= (the interval level)",
            FutureWarning,
            stacklevel=3,
        )
        level = alias
    check_level(level)
    return level


def bootstrap_indices(n: int, n_boot: int, seed: int) -> np.ndarray:
    """``n_boot`` resamples with replacement of ``n`` units, shape ``(n_boot, n)``.

    Examples
    --------
    >>> bootstrap_indices(3, 2, seed=0).shape
    (2, 3)
    >>> bool((bootstrap_indices(5, 4, seed=1) == bootstrap_indices(5, 4, seed=1)).all())
    True
    """
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def percentile_interval(values: np.ndarray, level: float) -> tuple[float, float]:
    """The percentile interval of the finite ``values`` (NaN, NaN when none is finite).

    Examples
    --------
    >>> percentile_interval(np.array([0.0, 1.0, 2.0, np.nan]), 0.5)
    (0.5, 1.5)
    """
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(finite, [tail, 100 - tail])
    return float(low), float(high)


def group_rng(seed: int, key: tuple[object, ...]) -> np.random.Generator:
    """The random stream of one group: seeded by ``seed`` and the group's key.

    Examples
    --------
    >>> a = group_rng(0, ("AZE",)).integers(0, 100, 3)
    >>> bool((a == group_rng(0, ("AZE",)).integers(0, 100, 3)).all())
    True
    """
    text = json.dumps([str(k) for k in key])
    digest = int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, digest])))


def bootstrap_rates(
    counts: np.ndarray, totals: np.ndarray, *, n_boot: int, per: float, rng: np.random.Generator
) -> np.ndarray:
    """Ratios ``per * sum(counts) / sum(totals)`` of ``n_boot`` resamples of the units.

    Vectorised, in chunks of at most :data:`CHUNK_CELLS` cells; a resample whose totals sum to
    zero gives NaN.

    Examples
    --------
    >>> rates = bootstrap_rates(np.array([1.0, 1.0]), np.array([2.0, 2.0]), n_boot=3, per=1.0,
    ...                         rng=group_rng(0, ()))
    >>> rates.tolist()
    [0.5, 0.5, 0.5]
    """
    n = counts.size
    rates = np.empty(n_boot)
    step = max(1, CHUNK_CELLS // n)
    for lo in range(0, n_boot, step):
        hi = min(n_boot, lo + step)
        idx = rng.integers(0, n, size=(hi - lo, n))
        num = counts[idx].sum(axis=1)
        den = totals[idx].sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rates[lo:hi] = np.where(den > 0, per * num / den, np.nan)
    return rates


def wilson_interval(
    count: float, total: float, *, level: float = 0.95, per: float = 1.0
) -> tuple[float, float]:
    """The Wilson score interval of ``count`` successes in ``total`` trials, times ``per``.

    Counts need not be integers (they are rounded for the binomial); ``total`` 0 gives NaN.

    Examples
    --------
    >>> [round(v, 1) for v in wilson_interval(0, 40, per=1000)]  # no positive: not [0, 0]
    [0.0, 87.6]
    """
    n = int(round(total))
    if n <= 0:
        return float("nan"), float("nan")
    k = min(max(int(round(count)), 0), n)
    from scipy.stats import binomtest  # scipy.stats takes seconds to import: only when used

    ci = binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    return float(ci.low) * per, float(ci.high) * per


def normal_interval(
    estimate: float, se: float, level: float = 0.95, bounds: tuple[float, float] = (0.0, 1.0)
) -> tuple[float, float]:
    """The normal interval ``estimate ± z * se``, clipped to ``bounds``.

    Examples
    --------
    >>> [round(v, 4) for v in normal_interval(0.5, 0.1)]
    [0.304, 0.696]
    """
    check_level(level)
    z = NormalDist().inv_cdf(0.5 + level / 2)
    low, high = estimate - z * se, estimate + z * se
    return float(max(bounds[0], low)), float(min(bounds[1], high))


def domain_totals(
    values: np.ndarray,
    stratum: np.ndarray,
    domain: np.ndarray,
    sizes: np.ndarray,
    n_domains: int,
    z: float = 1.959964,
) -> tuple[np.ndarray, np.ndarray]:
    """Horvitz-Thompson totals and their variances for every domain at once.

    Parameters
    ----------
    values
        The value of each sampled unit (its own value: it counts only in its domain).
    stratum
        Each sampled unit's stratum, as an integer ``0 .. len(sizes) - 1``.
    domain
        Each sampled unit's domain, as an integer ``0 .. n_domains - 1`` (``-1``: in none).
    sizes
        ``N_h`` per stratum.
    n_domains
        The number of domains.
    z
        The interval's normal quantile; the variance floor adds ``z**2 / 2`` pseudo-errors and
        as many pseudo-agreements (Agresti & Coull 1998).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Per domain ``d``: ``sum_h N_h * mean_h(z)`` and ``sum_h N_h**2 (1 - n_h/N_h) s2_h / n_h``
        with ``z_i = values_i * 1[domain_i == d]``, ``n_h`` the sampled units of stratum ``h``,
        and the variance floor of the module docstring.

    Examples
    --------
    >>> totals, variances = domain_totals(np.array([1.0, 0, 0, 0]), np.zeros(4, int),
    ...                                    np.zeros(4, int), np.array([100.0]), 1)
    >>> totals.tolist(), variances.round(1).tolist()
    ([25.0], [600.0])
    >>> domain_totals(np.zeros(4), np.zeros(4, int), np.zeros(4, int), np.array([100.0]), 1)[1]
    array([443.87318717])
    """
    values = np.asarray(values, dtype=np.float64)
    stratum = np.asarray(stratum, dtype=np.int64)
    domain = np.asarray(domain, dtype=np.int64)
    sizes = np.asarray(sizes, dtype=np.float64)
    n_strata = sizes.size
    n_h = np.bincount(stratum, minlength=n_strata).astype(np.float64)
    inside = domain >= 0
    cell = stratum[inside] * n_domains + domain[inside]
    length = n_strata * n_domains
    m = np.bincount(cell, minlength=length).reshape(n_strata, n_domains)
    wrong = np.bincount(cell, weights=values[inside] != 0, minlength=length).reshape(
        n_strata, n_domains
    )
    s1 = np.bincount(cell, weights=values[inside], minlength=length).reshape(n_strata, n_domains)
    s2 = np.bincount(cell, weights=values[inside] ** 2, minlength=length).reshape(
        n_strata, n_domains
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(n_h[:, None] > 0, s1 / n_h[:, None], 0.0)
        totals = (sizes[:, None] * mean).sum(axis=0)
        # sample variance of z over the stratum's n_h units (zeros outside the domain)
        var = np.where(n_h[:, None] > 1, (s2 - n_h[:, None] * mean**2) / (n_h[:, None] - 1), 0.0)
        var = np.maximum(var, 0.0)
        p = (wrong + z**2 / 2) / (m + z**2)
        floor = p * (1 - p) * m / np.maximum(n_h[:, None], 1)
        var = np.where(m > 0, np.maximum(var, floor), var)
        census = (n_h >= sizes) | (n_h < 2)
        factor = np.where(census, 0.0, sizes**2 * (1 - n_h / sizes) / np.maximum(n_h, 1))
    variances = (factor[:, None] * var).sum(axis=0)
    return totals, variances
