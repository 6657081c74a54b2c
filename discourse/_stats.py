"""Shared statistics below every layer: the design-based variance of a stratified sample.

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

from statistics import NormalDist

import numpy as np

from .errors import InputError

__all__ = ["domain_totals", "normal_interval"]


def normal_interval(
    estimate: float, se: float, level: float = 0.95, bounds: tuple[float, float] = (0.0, 1.0)
) -> tuple[float, float]:
    """The normal interval ``estimate ± z * se``, clipped to ``bounds``.

    Examples
    --------
    >>> [round(v, 4) for v in normal_interval(0.5, 0.1)]
    [0.304, 0.696]
    """
    if not 0 < level < 1:
        raise InputError(f"level must lie between 0 and 1, not {level!r}")
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
