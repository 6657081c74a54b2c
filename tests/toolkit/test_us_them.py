from __future__ import annotations

import math

import pandas as pd
import pytest

from discourse.corpus.normalise import decode, normalise
from discourse.corpus.paths import corpus_dir
from discourse.errors import InputError
from discourse.toolkit.us_them import POLARISATION_COLUMNS, US_THEM_COLUMNS, polarisation, us_them


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    path = next((corpus_dir() / "seed").glob("*.txt"))
    text = normalise(decode(path.read_bytes()), layout="lines")
    return pd.DataFrame({"doc_id": ["bne-2024-12-19-aliyev"], "text": [text]})


def one(sentence: str, **kwargs: object) -> pd.Series:
    t = us_them(sentence, **kwargs)  # type: ignore[arg-type]
    assert len(t) == 1
    return t.iloc[0]


def test_seed_sentences_with_aliyev_as_speaker() -> None:
    row = one('"We are trusted in the West, in Russia, and in the East," he said.', in_group="AZE")
    assert (row["us_refs"], row["us_pos"], row["them_refs"], row["them_pos"]) == (1, 1, 2, 0)
    t = us_them(
        '"France is used to teaching others but cannot face its own failures," Aliyev said.',
        in_group="AZE",
    )
    assert t["voice"].tolist() == ["quote", "narrator"]  # quoted and narrated parts apart
    assert t[["us_refs", "them_refs", "them_neg"]].to_numpy().tolist() == [[0, 1, 1], [1, 0, 0]]
    row = one('"Today, Russia and Azerbaijan are reliable partners," he said.', in_group="AZE")
    assert (row["us_pos"], row["them_pos"]) == (1, 1)


def test_speaker_gives_the_in_group() -> None:
    sents = pd.DataFrame(
        {
            "doc_id": ["d"],
            "sent_id": [0],
            "start": [0],
            "end": [40],
            "text": ["Azerbaijan is a reliable partner; France failed."],
            "voice": ["quote"],
            "speaker": ["Ilham Aliyev"],
        }
    )
    row = us_them(sents).iloc[0]
    assert row["in_group"] == "AZE"
    assert (row["us_pos"], row["them_neg"]) == (1, 1)


def test_corpus_country_gives_the_in_group() -> None:
    corpus = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": ["Turkey is our ally.", "Turkey is our ally."],
            "country": ["Turkey", "Azerbaijan"],
        }
    )
    t = us_them(corpus).set_index("doc_id")
    assert t.loc["a", "in_group"] == "TUR" and t.loc["a", "us_refs"] == 2
    assert t.loc["b", "in_group"] == "AZE" and t.loc["b", "them_pos"] == 1


def test_us_in_capitals_is_the_united_states() -> None:
    row = one("The US criticised us.")
    assert (row["us_refs"], row["them_refs"]) == (1, 1)


def test_out_group_restriction() -> None:
    row = one("Russia and France failed.", in_group="AZE", out_group="west")
    assert (row["them_refs"], row["them_neg"]) == (1, 1)


def test_polarisation_formula() -> None:
    t = us_them(
        ["We are reliable partners. They failed. France exploits others.", "Nothing here."],
        in_group="AZE",
    )
    assert list(t.columns) == US_THEM_COLUMNS
    p = polarisation(t).set_index("doc_id")
    assert list(p.reset_index().columns) == ["doc_id", *POLARISATION_COLUMNS]
    assert p.loc["doc-0", "polarisation"] == 1.0
    assert math.isnan(p.loc["doc-1", "polarisation"])
    inverted = polarisation(us_them("We failed. They are reliable partners.", in_group="AZE"))
    assert inverted["polarisation"].item() == -1.0


def test_seed_runs_and_counts(seed: pd.DataFrame) -> None:
    t = us_them(seed, in_group="AZE")
    assert t["us_refs"].sum() > 20 and t["them_neg"].sum() > 5
    p = polarisation(t)
    assert -1 <= p["polarisation"].item() <= 1


def test_bad_inputs() -> None:
    with pytest.raises(InputError, match="names no actor"):
        us_them("We trust them.", in_group="Atlantis")
    with pytest.raises(InputError, match="names no actor"):
        us_them("We trust them.", out_group="Atlantis")
    with pytest.raises(InputError):
        us_them([1])  # type: ignore[list-item]
    with pytest.raises(InputError, match=r"missing column\(s\) us_refs"):
        polarisation(pd.DataFrame({"doc_id": ["a"]}))


def test_plot_polarisation() -> None:
    import matplotlib.pyplot as plt

    from discourse.report.plot import plot_polarisation

    t = polarisation(
        us_them(["We are reliable partners. They failed.", "Nothing."], in_group="AZE")
    )
    ax = plot_polarisation(t)
    labels = [a.get_text() for a in ax.texts]
    assert "+1.00" in labels and "n/a" in labels
    plt.close(ax.figure)
