"""Tests for discourse._validation: the input door's column check and text coercion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse._validation import as_texts, require_columns
from discourse.errors import InputError


def test_require_columns_names_what_is_missing_and_what_is_there() -> None:
    table = pd.DataFrame(columns=["doc_id", "text"])
    require_columns(table, ["doc_id"], "the corpus")
    with pytest.raises(
        InputError, match=r"the corpus: missing column\(s\) start, end \(has: doc_id, text\)"
    ):
        require_columns(table, ["start", "end"], "the corpus")


def test_as_texts_takes_lists_series_and_one_column_tables() -> None:
    assert as_texts(["a", "b"]) == ["a", "b"]
    assert as_texts(pd.Series(["a"])) == ["a"]
    assert as_texts(pd.DataFrame({"t": ["a", "b"]})) == ["a", "b"]
    assert as_texts(np.array([["a"]], dtype=object)) == ["a"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("one text", "not a single string"),
        (pd.DataFrame({"a": ["x"], "b": ["y"]}), "must have one column"),
        (["ok", None], r"X\[1\] is missing"),
        ([1], r"X\[0\] is a int"),
        (5, "must be an iterable"),
    ],
)
def test_as_texts_refuses_what_is_not_texts(value: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        as_texts(value)
