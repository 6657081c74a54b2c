from __future__ import annotations

import warnings

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from discourse.corpus.normalise import decode, normalise
from discourse.corpus.paths import corpus_dir
from discourse.errors import InputError
from discourse.toolkit.kwic import KWIC_COLUMNS, kwic, rewindow


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    path = next((corpus_dir() / "seed").glob("*.txt"))
    text = normalise(decode(path.read_bytes()), layout="lines")
    return pd.DataFrame({"doc_id": ["bne-2024-12-19-aliyev"], "text": [text]})


def test_seed_phrase_hits_and_offsets(seed: pd.DataFrame) -> None:
    k = kwic(seed, "traditional values", window=3)
    assert list(k.columns) == KWIC_COLUMNS
    assert len(k) == 3
    text = seed.loc[0, "text"]
    for row in k.itertuples():
        assert text[row.start : row.end] == row.keyword
        assert row.keyword.lower() == "traditional values"
    assert k.loc[1, "pre"] == "national roots and"


def test_seed_glob_and_list(seed: pd.DataFrame) -> None:
    west = kwic(seed, "West*")
    assert set(west["keyword"]) == {"Western", "West", "Western-funded"}
    assert len(west) == 7
    both = kwic(seed, ["West*", "traditional values"])
    assert len(both) == 10
    assert both["start"].is_monotonic_increasing
    the_west = kwic(seed, "the West*")
    assert the_west["keyword"].tolist() == ["the West", "the West"]


def test_case_sensitivity() -> None:
    assert len(kwic("The US and us.", "US", case_insensitive=False)) == 1
    assert len(kwic("The US and us.", "US")) == 2


def test_sentence_table_keeps_voice_and_document_offsets() -> None:
    doc = 'Aliyev spoke. "Today, Russia and Azerbaijan are reliable partners," he said.'
    sents = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "sent_id": [0, 1],
            "start": [0, 14],
            "end": [13, len(doc)],
            "text": [doc[:13], doc[14:]],
            "voice": ["narrator", "quote"],
            "speaker": [pd.NA, "Ilham Aliyev"],
        }
    )
    k = kwic(sents, "reliable", window=2)
    assert k.loc[0, "voice"] == "quote" and k.loc[0, "speaker"] == "Ilham Aliyev"
    assert doc[k.loc[0, "start"] : k.loc[0, "end"]] == "reliable"
    assert k.loc[0, "pre"] == "Azerbaijan are"
    assert k.loc[0, "sent_id"] == 1


def test_rewindow_without_searching_again(seed: pd.DataFrame) -> None:
    k = kwic(seed, "traditional values", window=2)
    wide = rewindow(k, window=8)
    assert wide["keyword"].tolist() == k["keyword"].tolist()
    assert all(len(w) > len(n) for w, n in zip(wide["pre"], k["pre"], strict=True))
    assert rewindow(wide, window=2)["pre"].tolist() == k["pre"].tolist()
    lost = k.copy()
    lost.attrs = {}
    with pytest.raises(InputError, match="pass the original input"):
        rewindow(lost, window=3)
    assert rewindow(lost, window=2, x=seed)["post"].tolist() == k["post"].tolist()


def test_window_zero_and_edges() -> None:
    k = kwic("values", "values", window=0)
    assert (k.loc[0, "pre"], k.loc[0, "post"]) == ("", "")


def test_no_hits_is_empty_with_columns_and_warns(seed: pd.DataFrame) -> None:
    with pytest.warns(UserWarning, match="no hits"):
        k = kwic(seed, "zebra")
    assert k.empty and list(k.columns) == KWIC_COLUMNS


@pytest.mark.parametrize("pattern", ["", "   ", [], "*", ["values", 3], 7])
def test_bad_patterns(pattern: object) -> None:
    with pytest.raises(InputError):
        kwic("some text", pattern)  # type: ignore[arg-type]


@pytest.mark.parametrize("x", [3, ["ok", None], pd.DataFrame({"text": ["a"]})])
def test_non_string_inputs(x: object) -> None:
    with pytest.raises(InputError):
        kwic(x, "a")


def test_bad_window() -> None:
    with pytest.raises(InputError, match="window"):
        kwic("a b c", "b", window=-1)


def test_package_attribute_stays_callable_after_module_import() -> None:
    import discourse
    import discourse.toolkit.kwic  # binds the package attribute to the module

    assert len(discourse.kwic("traditional values", "values")) == 1


def test_mixed_sentence_hits_get_their_own_voice() -> None:
    doc = 'Aliyev spoke of the West. "We are trusted in the West," he said of the West.'
    cut = doc.index('"')
    sents = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "sent_id": [0, 1],
            "start": [0, cut],
            "end": [cut - 1, len(doc)],
            "text": [doc[: cut - 1], doc[cut:]],
            "voice": ["narrator", "mixed"],
            "speaker": ["bne IntelliNews", "Ilham Aliyev"],
        }
    )
    k = kwic(sents, "the West")
    assert k["voice"].tolist() == ["narrator", "quote", "narrator"]
    assert k["speaker"].tolist() == ["bne IntelliNews", "Ilham Aliyev", "bne IntelliNews"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["the", "West", "western", "values", "Russia’s", "—", ",", "traditional"]),
        max_size=40,
    )
)
def test_offsets_always_slice_the_keyword(words: list[str]) -> None:
    text = " ".join(words)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        k = kwic(text, ["west*", "traditional values"], window=2)
    for row in k.itertuples():
        assert text[row.start : row.end] == row.keyword
    expected = sum(w.lower().startswith("west") for w in words)
    assert (k["pattern"] == "west*").sum() == expected


def test_progress_false_silences_every_toolkit_bar(capsys, monkeypatch) -> None:
    # the toolkit had no progress argument: 500 units or more always showed a bar (issue 20)
    import discourse
    import discourse.toolkit._tokens as tokens

    monkeypatch.setattr(tokens, "PROGRESS_MIN_UNITS", 3)
    texts = ["The West imposes sanctions on Russia. We are partners."] * 6
    discourse.kwic(texts, "West", progress=False)
    discourse.collocations(texts, pattern="West", progress=False)
    discourse.keyness(texts, ["The trade with Russia grew in Europe."] * 6, progress=False)
    discourse.actor_stance(texts, progress=False)
    discourse.us_them(texts, progress=False)
    assert capsys.readouterr().err == ""
    discourse.kwic(texts, "West")
    assert "kwic" in capsys.readouterr().err
