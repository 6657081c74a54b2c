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
"""

from __future__ import annotations

import hashlib
import json

import numpy as np

__all__ = [
    "CHUNK_CELLS",
    "bootstrap_indices",
    "check_level",
    "bootstrap_rates",
    "group_rng",
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
