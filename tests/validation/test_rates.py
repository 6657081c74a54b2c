"""estimate_rates (discourse/validation/rates.py): a worked example computed by hand, the
census case, a simulation with known truth, another method than the sample's, located errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import discourse as dc
from discourse.errors import ChecksumError, InputError
from discourse.validation.design import population
from discourse.validation.rates import MIN_CODED, design_sizes, group_estimates
from discourse.validation.simulation import ErrorRates, simulate_coverage

TEXTS = [
    "We defend traditional values. The harvest was late. Trade grew fast.",
    "The West imposes its will. Schools opened today. Our delegation agrees.",
]


def test_worked_example_by_hand() -> None:
    # one group of 100 sentences, the detector finds 20; stratum a (N=80) codes 4 units with
    # residuals 0, 0, 1, 0; stratum b (N=20) codes 2 with residuals -1, 0
    residual = np.array([0, 0, 1, 0, -1, 0], dtype=float)
    stratum = np.array([0, 0, 0, 0, 1, 1])
    est, se, low, high = group_estimates(
        np.array([100]), np.array([20.0]), residual, np.zeros(6, int), stratum, np.array([80, 20.0])
    )
    # (20 + 80 * 1/4 + 20 * (-1/2)) / 100
    assert est[0] == pytest.approx(0.30)
    # 80^2 (1 - 4/80) 0.25 / 4 + 20^2 (1 - 2/20) 0.5 / 2 = 380 + 90
    assert se[0] == pytest.approx(math.sqrt(470) / 100)
    assert (low[0], high[0]) == pytest.approx(
        (max(0.0, 0.30 - 1.959964 * se[0]), 0.30 + 1.959964 * se[0])
    )


def test_a_census_recovers_the_coded_rate_exactly() -> None:
    sample = dc.coding_sample(TEXTS, 6, frames=["traditional_values"], method="codebook")
    truth = [1, 0, 0, 1, 0, 1]  # the coders disagree with the detector on some units
    codes = sample.assign(traditional_values=pd.array(truth, dtype="Int64"))
    rates = dc.estimate_rates(TEXTS, codes, frames=["traditional_values"], method="codebook")
    row = rates.iloc[0]
    assert row["estimate"] == pytest.approx(0.5)
    assert row["naive_rate"] == pytest.approx(1 / 6)
    assert row["ci_low"] == pytest.approx(0.5) and row["ci_high"] == pytest.approx(0.5)
    assert row["n_coded"] == 6 and bool(row["low_n"]) == (MIN_CODED > 6)


def test_uncoded_units_leave_their_stratum_to_the_coded_ones() -> None:
    sample = dc.coding_sample(TEXTS, 6, frames=["traditional_values"], method="codebook")
    codes = sample.assign(traditional_values=pd.array([1, 0, None, 1, 0, 1], dtype="Int64"))
    rates = dc.estimate_rates(TEXTS, codes, method="codebook", frames=["traditional_values"])
    assert rates.loc[0, "n_coded"] == 5
    assert 0 <= rates.loc[0, "ci_low"] <= rates.loc[0, "estimate"] <= rates.loc[0, "ci_high"]


def test_by_groups_and_another_method_than_the_samples() -> None:
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "text": TEXTS, "side": ["x", "y"]})
    sample = dc.coding_sample(corpus, 6, by="side", method="codebook")
    frames = sample.attrs["frames"]
    codes = sample.assign(**{f: pd.array([0] * 6, dtype="Int64") for f in frames})
    rates = dc.estimate_rates(corpus, codes, by="side", frames=frames[:2], method="hybrid")
    assert rates.attrs["method"] == "hybrid"
    assert list(rates.columns) == [
        "side", "frame", "n_sentences", "n_coded", "naive_rate", "estimate", "ci_low",
        "ci_high", "low_n",
    ]  # fmt: skip
    assert rates["side"].tolist() == ["x", "y", "x", "y"]
    assert (rates["estimate"] == 0).all()  # every sentence coded 0: the census says none


def test_changed_corpus_text_is_refused() -> None:
    sample = dc.coding_sample(TEXTS, 6, frames=["traditional_values"], method="codebook")
    codes = sample.assign(traditional_values=pd.array([0] * 6, dtype="Int64"))
    changed = [TEXTS[0].replace("defend", "DEFEND"), TEXTS[1]]
    with pytest.raises(ChecksumError, match="no longer matches"):
        dc.estimate_rates(changed, codes, method="codebook", frames=["traditional_values"])
    resegmented = [TEXTS[0].replace("late. Trade", "late; trade"), TEXTS[1]]
    with pytest.raises(InputError, match="not segmented as they were"):
        dc.estimate_rates(resegmented, codes, method="codebook", frames=["traditional_values"])
    with pytest.raises(InputError, match="pass the table read_codes returns"):
        dc.estimate_rates(TEXTS, codes.drop(columns=["inclusion_prob"]), method="codebook")


def test_design_sizes_refuse_unequal_probabilities_in_a_stratum() -> None:
    with pytest.raises(InputError, match="equal within a stratum"):
        design_sizes(np.array(["a", "a"]), np.array([0.5, 0.25]))


def _synthetic_population() -> object:
    plain = [f"Paragraph {i} of the report covers the harvest and trade." for i in range(40)]
    texts = []
    for d in range(60):
        lines = plain[(d % 7) : (d % 7) + 30]
        if d % 4 == 0:
            lines = ["We defend traditional values.", *lines]
        texts.append(" ".join(lines))
    table = pd.DataFrame(
        {"doc_id": [f"d{d}" for d in range(60)], "text": texts, "side": ["x", "y", "z"] * 20}
    )
    return population(table, by=["side"], frames=["traditional_values"], method="codebook")


def test_simulation_with_known_truth_covers_in_every_group() -> None:
    pop = _synthetic_population()
    rates = {
        "traditional_values": {
            "x": ErrorRates(0.9, 0.1, 0.002),
            "y": ErrorRates(0.6, 0.1, 0.01),
            "z": ErrorRates(0.4, 0.1, 0.02),
        }
    }
    table = simulate_coverage(pop, 240, rates, by=["side"], reps=200, seed=5)  # type: ignore[arg-type]
    assert len(table) == 3
    assert (table["coverage"] >= 0.9).all(), table
    assert (table["bias"].abs() < 0.005).all(), table
    # where the detector errs (groups y and z) its raw rate is biased; in z it misses the truth
    by_group = table.set_index("group")
    assert (by_group.loc[["y", "z"], "naive_bias"].abs() > 0.004).all(), table
    assert by_group.loc["z", "naive_coverage"] < 0.5, table
