from __future__ import annotations

import pandas as pd
import pytest
from nltk.collocations import BigramCollocationFinder
from nltk.metrics import BigramAssocMeasures

from discourse.corpus.normalise import decode, normalise
from discourse.corpus.paths import corpus_dir
from discourse.errors import InputError
from discourse.toolkit.collocations import COLLOCATION_COLUMNS, collocations


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    path = next((corpus_dir() / "seed").glob("*.txt"))
    text = normalise(decode(path.read_bytes()), layout="lines")
    return pd.DataFrame({"doc_id": ["bne-2024-12-19-aliyev"], "text": [text]})


def test_seed_bigrams_match_nltk(seed: pd.DataFrame) -> None:
    c = collocations(seed, min_freq=3)
    assert list(c.columns) == COLLOCATION_COLUMNS
    row = c.set_index("collocation").loc["traditional values"]
    assert row["frequency"] == 3
    from discourse.toolkit._tokens import token_forms

    finder = BigramCollocationFinder.from_words(token_forms(seed.loc[0, "text"]))
    expected = finder.score_ngram(BigramAssocMeasures.likelihood_ratio, "traditional", "values")
    assert row["llr"] == pytest.approx(expected)
    assert c["llr"].is_monotonic_decreasing
    assert (c["frequency"] >= 3).all()
    by_pmi = collocations(seed, min_freq=3, measure="pmi")
    assert by_pmi["pmi"].is_monotonic_decreasing


def test_trigrams_and_stopwords(seed: pd.DataFrame) -> None:
    c = collocations(seed, n=3, min_freq=2)
    assert (c["n"] == 3).all() and "with russia and" in set(c["collocation"])
    s = collocations(seed, min_freq=2, stopwords="english")
    assert "he said" not in set(s["collocation"])
    assert "traditional values" in set(s["collocation"])


def test_collocates_of_a_phrase_node() -> None:
    texts = [
        "our traditional values matter",
        "we defend our traditional values",
        "our traditional values today",
        "our economy grows",
    ]
    c = collocations(texts, pattern="traditional values", window=2, min_freq=2)
    row = c.set_index("collocation").loc["our"]
    assert (row["side"], row["frequency"], row["node"]) == ("left", 3, "traditional values")
    assert "traditional" not in set(c["collocation"])


def test_sentence_boundaries_are_not_crossed() -> None:
    sents = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "sent_id": [0, 1],
            "start": [0, 8],
            "end": [7, 15],
            "text": ["alpha b", "gamma d"],
        }
    )
    assert "b gamma" not in set(collocations(sents, min_freq=1)["collocation"])


def test_nothing_frequent_enough_warns() -> None:
    with pytest.warns(UserWarning, match="nothing seen"):
        c = collocations(["a b c"], min_freq=5)
    assert c.empty and list(c.columns) == COLLOCATION_COLUMNS


@pytest.mark.parametrize(
    "kwargs",
    [
        {"n": 4},
        {"measure": "dice"},
        {"min_freq": 0},
        {"pattern": ""},
        {"pattern": "a", "n": 3},
        {"window": 0},
        {"stopwords": "french"},
    ],
)
def test_bad_arguments(kwargs: dict) -> None:
    with pytest.raises(InputError):
        collocations(["a b c"], **kwargs)


def test_non_string_input() -> None:
    with pytest.raises(InputError):
        collocations([b"bytes"])  # type: ignore[list-item]
