"""Tests for discourse._stats: the one bootstrap and Wilson interval of the package."""

from __future__ import annotations

import numpy as np
import pytest

from discourse._stats import (
    bootstrap_indices,
    bootstrap_rates,
    check_level,
    group_rng,
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
