"""Tests for discourse.report.stats: bootstrap rates and period labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.errors import InputError
from discourse.report.stats import bootstrap_rate, period_labels


def _sentences(n: int, p: float, seed: int, **keys: object) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({**keys, "count": rng.binomial(1, p, n), "total": np.ones(n, int)})


def test_point_estimate_is_the_ratio_of_sums() -> None:
    docs = pd.DataFrame({"g": ["a", "a", "b"], "count": [2, 0, 5], "total": [10, 30, 50]})
    out = bootstrap_rate(docs, by="g", n_boot=50)
    assert out["rate"].tolist() == [50.0, 100.0]
    assert out[["n_units", "count", "total"]].to_numpy().tolist() == [[2, 2, 40], [1, 5, 50]]
    assert out["count"].dtype == "int64"


def test_interval_covers_the_truth_about_as_often_as_it_claims() -> None:
    # 60 groups of 400 sentences with a true rate of 50 per 1,000.
    table = pd.concat(
        [_sentences(400, 0.05, seed, g=seed) for seed in range(60)], ignore_index=True
    )
    out = bootstrap_rate(table, by="g", n_boot=400, level=0.9, seed=1)
    covered = ((out["ci_low"] <= 50) & (out["ci_high"] >= 50)).mean()
    assert 0.75 <= covered <= 1.0
    assert (out["ci_low"] <= out["rate"]).all() and (out["rate"] <= out["ci_high"]).all()


def test_width_shrinks_with_more_units() -> None:
    small = bootstrap_rate(_sentences(100, 0.1, 0), n_boot=500)
    large = bootstrap_rate(_sentences(10_000, 0.1, 0), n_boot=500)
    width = lambda t: float(t["ci_high"].iloc[0] - t["ci_low"].iloc[0])  # noqa: E731
    assert width(large) < width(small) / 5


def test_same_seed_same_result_and_groups_are_independent_streams() -> None:
    table = pd.concat(
        [_sentences(200, 0.1, 1, g="a"), _sentences(200, 0.2, 2, g="b")], ignore_index=True
    )
    both = bootstrap_rate(table, by="g", seed=7)
    assert both.equals(bootstrap_rate(table, by="g", seed=7))
    alone = bootstrap_rate(table[table["g"] == "b"], by="g", seed=7)
    pd.testing.assert_frame_equal(both.iloc[[1]].reset_index(drop=True), alone)
    other = bootstrap_rate(table, by="g", seed=8)
    assert not both[["ci_low", "ci_high"]].equals(other[["ci_low", "ci_high"]])


def test_several_keys_and_empty_denominator() -> None:
    table = pd.DataFrame(
        {"iso3": ["A", "A", "B"], "year": [2000, 2001, 2000], "n": [1, 0, 0], "s": [4, 0, 3]}
    )
    out = bootstrap_rate(table, by=["iso3", "year"], count="n", total="s", n_boot=20)
    assert out[["iso3", "year"]].to_numpy().tolist() == [["A", 2000], ["A", 2001], ["B", 2000]]
    assert np.isnan(out.loc[1, "rate"]) and np.isnan(out.loc[1, "ci_low"])
    assert out.loc[2, "rate"] == 0.0


def test_large_groups_are_drawn_in_chunks_with_the_same_answer_shape() -> None:
    table = _sentences(50_000, 0.02, 3)
    out = bootstrap_rate(table, n_boot=200)
    assert len(out) == 1 and out.loc[0, "n_units"] == 50_000
    assert out.loc[0, "ci_low"] < out.loc[0, "rate"] < out.loc[0, "ci_high"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "nope"}, r"missing column\(s\) nope"),
        ({"n_boot": 0}, "n_boot >= 1"),
        ({"level": 1.0}, "0 < level < 1"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        bootstrap_rate(_sentences(10, 0.5, 0), **kwargs)  # type: ignore[arg-type]


def test_negative_or_missing_counts_are_rejected() -> None:
    bad = pd.DataFrame({"count": [1, -1], "total": [1, 1]})
    with pytest.raises(InputError, match="non-negative"):
        bootstrap_rate(bad)
    gap = pd.DataFrame({"count": [1.0, np.nan], "total": [1, 1]})
    with pytest.raises(InputError, match="without gaps"):
        bootstrap_rate(gap)


def test_period_labels() -> None:
    out = period_labels(pd.Series([1991, 1992, 2007, 2008, 2024, None]), [1992, 2008, 2025])
    assert out.astype("string").tolist() == [
        pd.NA,
        "1992–2007",
        "1992–2007",
        "2008–2024",
        "2008–2024",
        pd.NA,
    ]
    assert list(out.cat.categories) == ["1992–2007", "2008–2024"]
    assert period_labels([2000], [2000, 2001]).tolist() == ["2000"]
    with pytest.raises(InputError, match="must increase"):
        period_labels([2000], [2001, 2000])


def test_indicator_rates_joins_corpus_drops_negated_and_counts_sentences_once() -> None:
    from discourse.report.stats import indicator_rates

    sents = pd.DataFrame({"doc_id": ["a"] * 4 + ["b"] * 2, "sent_id": [0, 1, 2, 3, 0, 1]})
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "year": [2000, 2001]})
    m = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "a", "b"],
            "sent_id": [0, 0, 1, 2, 0],
            "frame": ["aw", "aw", "aw", "tv", "aw"],
            "indicator": ["x", "x", "y", "t", "x"],
            "negated": [False, False, False, False, True],
        }
    )
    out = indicator_rates(m, sents, by="year", corpus=corpus)
    rows = out[["year", "frame", "indicator", "n_sentences", "sentences_with_indicator"]]
    assert rows.to_numpy().tolist() == [
        [2000, "aw", "x", 4, 1],
        [2000, "aw", "y", 4, 1],
        [2000, "tv", "t", 4, 1],
    ]
    assert out["rate"].tolist() == [250.0, 250.0, 250.0]
    assert out["share_of_frame"].tolist() == [0.5, 0.5, 1.0]
    assert indicator_rates(m, sents, by="year", corpus=corpus, frame="tv")[
        "indicator"
    ].tolist() == ["t"]
    with pytest.raises(InputError, match="neither in the table nor in corpus"):
        indicator_rates(m, sents, by="year")


def test_degenerate_bootstrap_falls_back_to_wilson() -> None:
    """A group with no positive sentence used to get the zero-width interval [0, 0]."""
    from discourse.report.stats import bootstrap_rate, wilson_interval

    sentences = pd.DataFrame(
        {"g": ["none"] * 40 + ["some"] * 40, "count": [0] * 40 + [1] * 4 + [0] * 36, "total": 1}
    )
    out = bootstrap_rate(sentences, by="g", n_boot=200).set_index("g")
    assert out.loc["none", "rate"] == 0 and out.loc["none", "ci_method"] == "wilson"
    lo, hi = out.loc["none", ["ci_low", "ci_high"]]
    assert lo == 0 and 80 < hi < 95  # Wilson upper bound for 0 of 40 per 1,000: 87.6
    assert out.loc["some", "ci_method"] == "bootstrap"
    assert out.loc["some", "ci_low"] < 100 < out.loc["some", "ci_high"]
    assert wilson_interval(0, 0) != wilson_interval(0, 0)  # NaN for no trials
