"""The design-based variance (discourse/_stats.py): domain totals against the textbook formula,
the Agresti-Coull floor, census strata, and the normal interval."""

from __future__ import annotations

import numpy as np
import pytest

from discourse._stats import domain_totals, normal_interval
from discourse.errors import InputError


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
