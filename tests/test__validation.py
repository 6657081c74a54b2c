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


@pytest.mark.parametrize(
    ("name", "old", "options"),
    [
        ("segment", "corpus", {"progress": False}),
        ("quotes", "corpus", {}),
        ("turns", "corpus", {}),
        ("find_frames", "sentences_or_texts", {}),
        ("detect_frames", "texts", {"method": "codebook"}),
    ],
)
def test_the_text_argument_is_x_and_its_former_names_still_work(
    name: str, old: str, options: dict[str, object]
) -> None:
    import discourse as dc

    function = getattr(dc, name)
    text = 'The West imposes its will. "We defend traditional values," Aliyev said.'
    with pytest.warns(DeprecationWarning, match=rf"{name}\({old}=\.\.\.\) is deprecated"):
        before = function(**{old: text}, **options)
    pd.testing.assert_frame_equal(before, function(x=text, **options))
    pd.testing.assert_frame_equal(before, function(text, **options))
    with pytest.raises(TypeError, match="both 'x' and its former name"):
        function(text, **{old: text}, **options)
    with pytest.raises(TypeError, match="missing 1 required argument: 'x'"):
        function(**options)
