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

Where ``s2_h`` is zero although the stratum holds units of the domain (every sampled unit of
the domain has the same value, e.g. no detector error among 40 coded sentences), the variance
would claim certainty the sample cannot give. :func:`stratified_variance` then uses the variance
of a proportion at half an observation (``p = 0.5 / (m + 1)`` for the ``m`` sampled domain units
of the stratum), the Jeffreys-style continuity correction for a zero count, scaled to the
domain's share of the stratum's sample.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np

from .errors import InputError

__all__ = ["normal_interval", "stratified_total", "stratified_variance"]


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


def _by_stratum(strata: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels, codes = np.unique(np.asarray(strata).astype(str), return_inverse=True)
    return labels, codes


def stratified_total(z: np.ndarray, strata: np.ndarray, sizes: dict[str, float]) -> float:
    """The Horvitz-Thompson total ``sum_h N_h * mean_h(z)`` of the sampled values ``z``.

    Parameters
    ----------
    z
        The value of each sampled unit.
    strata
        Each sampled unit's stratum label.
    sizes
        ``N_h`` per stratum label (every label in ``strata`` must have one).

    Examples
    --------
    >>> stratified_total(np.array([1, 0, 1, 1]), np.array(["a", "a", "b", "b"]),
    ...                  {"a": 10, "b": 4})
    9.0
    """
    labels, codes = _by_stratum(strata)
    z = np.asarray(z, dtype=np.float64)
    total = 0.0
    for k, label in enumerate(labels):
        values = z[codes == k]
        total += float(sizes[label]) * float(values.mean())
    return total


def stratified_variance(
    z: np.ndarray,
    strata: np.ndarray,
    sizes: dict[str, float],
    in_domain: np.ndarray | None = None,
) -> float:
    """The variance estimate ``sum_h N_h**2 (1 - n_h/N_h) s2_h / n_h`` of the stratified total.

    Parameters
    ----------
    z
        The value of each sampled unit (zero outside the domain).
    strata
        Each sampled unit's stratum label.
    sizes
        ``N_h`` per stratum label.
    in_domain
        Which sampled units belong to the domain (default: all). A stratum with domain units
        whose ``s2_h`` is zero gets the floor described in the module docstring.

    Examples
    --------
    >>> z = np.array([1.0, 0.0, 0.0, 0.0])
    >>> round(stratified_variance(z, np.array(["a"] * 4), {"a": 100}), 4)
    600.0
    >>> round(stratified_variance(np.zeros(4), np.array(["a"] * 4), {"a": 100}), 1)
    216.0
    """
    labels, codes = _by_stratum(strata)
    z = np.asarray(z, dtype=np.float64)
    domain = np.ones(z.size, dtype=bool) if in_domain is None else np.asarray(in_domain, bool)
    variance = 0.0
    for k, label in enumerate(labels):
        member = codes == k
        n = int(member.sum())
        big_n = float(sizes[label])
        if n < 2 or n >= big_n:
            continue  # a census stratum has no sampling variance; one unit gives no s2
        values = z[member]
        s2 = float(values.var(ddof=1))
        m = int(domain[member].sum())
        if m > 0 and s2 == 0.0:
            p = 0.5 / (m + 1)
            s2 = p * (1 - p) * m / n
        variance += big_n**2 * (1 - n / big_n) * s2 / n
    return variance
