"""Tests of discourse.validation.agreement: inter-coder agreement on hand-made codes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.validation.agreement import AGREEMENT_COLUMNS, agreement


def test_alpha_is_one_for_identical_coders() -> None:
    coder = pd.DataFrame(
        {
            "unit_id": list("abcdef"),
            "traditional_values": [1, 0, 1, 0, 0, 1],
            "anti_western": [0] * 5 + [1],
        }
    )
    table = agreement(coder, coder.copy())
    assert list(table.columns) == list(AGREEMENT_COLUMNS)
    assert (table["krippendorff_alpha"] == 1.0).all()
    assert (table["cohen_kappa"] == 1.0).all()
    assert (table["percent_agreement"] == 100.0).all()


def test_alpha_matches_hand_computation() -> None:
    # Units 1-5; coder 1: 1 1 0 0 1; coder 2: 1 0 0 0 1. Coincidences (nominal):
    # o11 = 4 (units 1, 5), o00 = 4 (units 3, 4), o01 = o10 = 1 (unit 2); n1 = 5, n0 = 5, n = 10.
    # alpha = 1 - (n - 1) * (o01 + o10) / (2 * n0 * n1) = 1 - 9 * 2 / 50 = 0.64.
    one = pd.DataFrame({"unit_id": list("12345"), "f": [1, 1, 0, 0, 1]})
    two = pd.DataFrame({"unit_id": list("54321"), "f": [1, 0, 0, 0, 1]})  # rows reordered
    row = agreement(one, two, frames=["f"]).iloc[0]
    assert row.n == 5
    assert row.krippendorff_alpha == pytest.approx(0.64)
    assert row.percent_agreement == pytest.approx(80.0)
    # kappa: po = 0.8, pe = 0.6 * 0.4 + 0.4 * 0.6 = 0.48 -> (0.8 - 0.48) / 0.52
    assert row.cohen_kappa == pytest.approx(0.32 / 0.52)


def test_agreement_uses_the_overlap_only() -> None:
    one = pd.DataFrame({"unit_id": ["a", "b", "c", "d"], "f": [1, 0, 1, 0]})
    two = pd.DataFrame({"unit_id": ["b", "c"], "f": [0, 1]})
    row = agreement(one, two, frames=["f"]).iloc[0]
    assert row.n == 2 and row.percent_agreement == 100.0


def test_agreement_single_category_is_nan() -> None:
    one = pd.DataFrame({"unit_id": ["a", "b"], "f": [0, 0]})
    row = agreement(one, one.copy(), frames=["f"]).iloc[0]
    assert np.isnan(row.krippendorff_alpha) and np.isnan(row.cohen_kappa)
    assert row.percent_agreement == 100.0


def test_agreement_without_coders_asks_for_the_coder_files() -> None:
    from discourse.errors import InputError

    with pytest.raises(InputError, match=r"needs the two coders' codes.*coder1\.csv"):
        agreement()


def test_agreement_compares_the_frames_both_coders_code() -> None:
    one = pd.DataFrame({"unit_id": ["1", "2"], "a": [1, 0], "b": [0, 0], "note": ["", ""]})
    two = pd.DataFrame({"unit_id": ["1", "2"], "a": [1, 1]})
    assert agreement(one, two)["frame"].tolist() == ["a"]


def test_agreement_takes_read_codes_tables() -> None:
    """A dc.read_codes table (its frames in attrs, empty cells for uncoded units) is compared on
    the units both coders coded."""
    one = pd.DataFrame({"unit_id": ["a", "b", "c"], "f": [1.0, 0.0, None], "text": ["x"] * 3})
    two = pd.DataFrame({"unit_id": ["a", "b", "c"], "f": [1.0, 1.0, 1.0], "text": ["x"] * 3})
    one.attrs["frames"] = ["f"]
    two.attrs["frames"] = ["f"]
    table = agreement(one, two)
    assert table.loc[0, "n"] == 2 and table.loc[0, "percent_agreement"] == 50.0
