from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.estimator_checks import parametrize_with_checks

from discourse.errors import InputError
from discourse.frames.codebook import load_codebook
from discourse.frames.vectorizer import FrameVectorizer

_NUMERIC = (
    "FrameVectorizer takes texts; sklearn's generic checks feed numeric arrays, which it "
    "refuses with InputError by design"
)
EXPECTED_FAILED = {
    name: _NUMERIC
    for name in [
        "check_fit_score_takes_y",
        "check_estimators_overwrite_params",
        "check_dont_overwrite_parameters",
        "check_estimators_fit_returns_self",
        "check_readonly_memmap_input",
        "check_n_features_in_after_fitting",
        "check_positive_only_tag_during_fit",
        "check_estimators_dtypes",
        "check_complex_data",
        "check_dtype_object",
        "check_estimators_empty_data_messages",
        "check_pipeline_consistency",
        "check_estimators_nan_inf",
        "check_estimators_pickle",
        "check_f_contiguous_array_estimator",
        "check_transformer_data_not_an_array",
        "check_transformer_general",
        "check_transformer_preserve_dtypes",
        "check_methods_sample_order_invariance",
        "check_methods_subset_invariance",
        "check_fit2d_1sample",
        "check_fit2d_1feature",
        "check_dict_unchanged",
        "check_fit_idempotent",
        "check_fit_check_is_fitted",
        "check_n_features_in",
        "check_fit2d_predict1d",
    ]
}


@parametrize_with_checks([FrameVectorizer()], expected_failed_checks=lambda est: EXPECTED_FAILED)
def test_sklearn_compatible(estimator, check) -> None:  # type: ignore[no-untyped-def]
    check(estimator)


TEXTS = [
    "We defend traditional values. The West imposes and meddles.",
    "Trade grew.",
    "We do not blame Europe for interference.",
]


def test_counts_binary_and_names() -> None:
    cb = load_codebook()
    counts = FrameVectorizer().fit_transform(TEXTS)
    assert counts.shape == (3, len(cb.frames)) and counts.dtype == np.int64
    aw = cb.frame_ids.index("anti_western")
    tv = cb.frame_ids.index("traditional_values")
    assert counts[0, aw] == 2 and counts[0, tv] == 1
    assert counts[2].sum() == 0  # negated matches do not count
    binary = FrameVectorizer(binary=True).fit_transform(TEXTS)
    assert binary[0, aw] == 1 and binary[1].sum() == 0
    vec = FrameVectorizer(level="indicator").fit(TEXTS)
    names = vec.get_feature_names_out()
    assert list(names) == [i.id for i in cb.indicators]
    sub = FrameVectorizer(level="subframe").fit(TEXTS)
    assert "anti_western/interference" in sub.get_feature_names_out()
    assert (
        sub.transform(TEXTS)[
            0, list(sub.get_feature_names_out()).index("anti_western/interference")
        ]
        == 1
    )


def test_set_output_pandas_and_pipeline() -> None:
    vec = FrameVectorizer(binary=True).set_output(transform="pandas")
    out = vec.fit_transform(pd.Series(TEXTS))
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == load_codebook().frame_ids
    pipe = make_pipeline(FunctionTransformer(lambda x: [t.lower() for t in x]), clone(vec))
    assert pipe.fit_transform(TEXTS).shape == (3, len(load_codebook().frames))


def test_fit_sets_learned_attributes_only() -> None:
    vec = FrameVectorizer()
    assert not hasattr(vec, "codebook_")
    vec.fit(TEXTS)
    assert vec.codebook_hash_ == load_codebook().hash
    assert vec.get_params() == {"codebook": None, "binary": False, "level": "frame"}


def test_bad_inputs() -> None:
    with pytest.raises(InputError, match=r"X\[1\] is missing"):
        FrameVectorizer().fit(["ok", None])
    with pytest.raises(InputError, match="single string"):
        FrameVectorizer().fit("one text")
    with pytest.raises(InputError, match="level"):
        FrameVectorizer(level="word").fit(TEXTS)
    assert FrameVectorizer().fit_transform(np.array([["The West meddles."], [""]])).shape[0] == 2
