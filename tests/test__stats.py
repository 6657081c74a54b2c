"""Tests for discourse._stats: the one bootstrap and Wilson interval of the package, and the
design-based variance (domain totals against the textbook formula, the Agresti-Coull floor,
census strata, the normal interval)."""

from __future__ import annotations

import numpy as np
import pytest

from discourse._stats import (
    bootstrap_indices,
    bootstrap_rates,
    check_level,
    domain_totals,
    group_rng,
    normal_interval,
    percentile_interval,
    resolve_level,
    wilson_interval,
)
from discourse.errors import InputError


def test_bootstrap_indices_are_seeded_and_in_range() -> None:
    a = bootstrap_indices(7, 50, seed=3)
    assert a.shape == (50, 7) and a.min() >= 0 and a.max() <= 6
    assert (a == bootstrap_indices(7, 50, seed=3)).all()
    assert not (a == bootstrap_indices(7, 50, seed=4)).all()


def test_percentile_interval_skips_undefined_replicates() -> None:
    assert percentile_interval(np.array([np.nan, np.nan]), 0.95) == (
        pytest.approx(np.nan, nan_ok=True),
        pytest.approx(np.nan, nan_ok=True),
    )
    low, high = percentile_interval(np.arange(101.0), 0.9)
    assert (low, high) == (pytest.approx(5.0), pytest.approx(95.0))


def test_group_streams_depend_on_the_key_only() -> None:
    draw = group_rng(0, ("AZE", 2020)).integers(0, 10**6)
    assert draw == group_rng(0, ("AZE", 2020)).integers(0, 10**6)
    assert draw != group_rng(0, ("RUS", 2020)).integers(0, 10**6)


def test_bootstrap_rates_of_equal_units_have_no_spread() -> None:
    rates = bootstrap_rates(
        np.array([2.0, 2.0, 2.0]),
        np.array([4.0, 4.0, 4.0]),
        n_boot=20,
        per=1000,
        rng=group_rng(1, ()),
    )
    assert np.allclose(rates, 500.0)


def test_wilson_interval_brackets_the_proportion() -> None:
    low, high = wilson_interval(5, 20)
    assert low < 0.25 < high
    assert np.isnan(wilson_interval(0, 0)[0])


def test_level_is_checked_and_old_names_warn() -> None:
    with pytest.raises(InputError, match="between 0 and 1"):
        check_level(1.5)
    with pytest.warns(FutureWarning, match="ci= is deprecated"):
        assert resolve_level(0.95, 0.8, "ci") == 0.8


def test_domain_totals_match_cochran_by_hand() -> None:
    values = np.array([1.0, 0, 1, 0, 1, 1, 0])
    stratum = np.array([0, 0, 0, 0, 1, 1, 1])
    domain = np.array([0, 0, 1, 1, 0, 1, -1])
    sizes = np.array([40.0, 30.0])
    totals, variances = domain_totals(values, stratum, domain, sizes, 2)
    for d in (0, 1):
        z = np.where(domain == d, values, 0.0)
        expected_total = 40 * z[:4].mean() + 30 * z[4:].mean()
        expected_var = sum(
            n_big**2 * (1 - len(part) / n_big) * part.var(ddof=1) / len(part)
            for n_big, part in ((40, z[:4]), (30, z[4:]))
        )
        assert totals[d] == pytest.approx(expected_total)
        assert variances[d] == pytest.approx(expected_var)


def test_no_observed_error_still_has_variance() -> None:
    _, variances = domain_totals(np.zeros(50), np.zeros(50, int), np.zeros(50, int),
                                 np.array([5000.0]), 1)  # fmt: skip
    p = (1.959964**2 / 2) / (50 + 1.959964**2)
    assert variances[0] == pytest.approx(5000**2 * (1 - 50 / 5000) * p * (1 - p) / 50)


def test_a_census_stratum_has_no_variance() -> None:
    totals, variances = domain_totals(np.array([1.0, 0.0]), np.zeros(2, int), np.zeros(2, int),
                                      np.array([2.0]), 1)  # fmt: skip
    assert totals[0] == 1 and variances[0] == 0


def test_normal_interval_clips_and_checks_level() -> None:
    assert normal_interval(0.01, 0.1) == (0.0, pytest.approx(0.206, abs=1e-3))
    with pytest.raises(InputError, match="level"):
        normal_interval(0.5, 0.1, level=1.5)
