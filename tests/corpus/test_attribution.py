"""Tests of discourse.corpus.attribution: quotations in news, turns and speaker names."""

from __future__ import annotations

import pandas as pd
import pytest

import discourse
from discourse.corpus.attribution import (
    QUOTE_COLUMNS,
    TURN_COLUMNS,
    quotes,
    speaker_name,
    turn_label,
    turns,
)
from discourse.errors import CorpusUnavailableError

SEED_QUOTES = 38  # 36 pairs of straight quotation marks and 2 of curly ones, read by hand


def _load(name: str, **kwargs: object) -> pd.DataFrame:
    try:
        return discourse.load_corpus(name, progress=False, **kwargs)
    except CorpusUnavailableError as exc:
        pytest.skip(f"corpus {name!r} unavailable (set DISCOURSE_MIRROR or DISCOURSE_DATA): {exc}")


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return _load("seed")


@pytest.fixture(scope="module")
def seed_quotes(seed: pd.DataFrame) -> pd.DataFrame:
    return quotes(seed)


# ----------------------------------------------------------------------------- the seed


def test_seed_quote_count_and_speaker(seed: pd.DataFrame, seed_quotes: pd.DataFrame) -> None:
    assert list(seed_quotes.columns) == QUOTE_COLUMNS
    assert len(seed_quotes) == SEED_QUOTES
    assert set(seed_quotes["speaker"]) == {"Ilham Aliyev"}
    text = seed["text"].iloc[0]
    assert all(
        text[s:e] == t
        for s, e, t in zip(seed_quotes["start"], seed_quotes["end"], seed_quotes["text"],
                           strict=True)
    )  # fmt: skip
    assert seed_quotes["start"].is_monotonic_increasing


def test_seed_exact_spans(seed: pd.DataFrame, seed_quotes: pd.DataFrame) -> None:
    text = seed["text"].iloc[0]
    by_text = seed_quotes.set_index("text")
    scare = "“historic event”"
    assert by_text.loc[scare, "start"] == text.index(scare)
    assert by_text.loc[scare, "cue"] == "narration"
    assert by_text.loc['"failed."', "cue"] == "narration"  # "He linked ...": he -> Aliyev
    two = '"Today, Russia and Azerbaijan are reliable partners,"'
    assert by_text.loc[two, "cue"] == "after"
    spanning = seed_quotes[seed_quotes["text"].str.startswith('"In difficult times')].iloc[0]
    assert spanning["text"].endswith('This will remain unchanged,"')
    nuclear = seed_quotes[seed_quotes["text"].str.contains("2.6 trillion", regex=False)]
    assert nuclear["text"].iloc[0].startswith('"We have 2.6 trillion cubic metres')


# ----------------------------------------------------------------------------- synthetic news


def test_cues_and_pronouns() -> None:
    doc = (
        "Foreign Minister Anna Berg spoke on Monday. Officials praised her.\n\n"
        '"We will stay," she said. Later Berg added: "Nothing changes."\n\n'
        "Berg called the deal a “turning point” and left.\n\n"
        'Prime Minister Otto Lind disagreed. "It is a mistake," Lind said.\n\n'
        '"It will cost us," he added.\n\n'
        'Lind warned that talks could fail: "We are not ready.\n\n'
        "The next paragraph is narration."
    )
    q = quotes(doc)
    assert q[["text", "speaker", "cue"]].values.tolist() == [
        ['"We will stay,"', "Anna Berg", "after"],
        ['"Nothing changes."', "Anna Berg", "before"],
        ["“turning point”", "Anna Berg", "narration"],
        ['"It is a mistake,"', "Otto Lind", "after"],
        ['"It will cost us,"', "Otto Lind", "after"],
        ['"We are not ready.', "Otto Lind", "colon"],  # unclosed: ends at its paragraph
    ]


def test_quotes_skip_speeches_and_transcripts() -> None:
    table = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "text": ['He said "yes".', 'She said "no".', 'I said "maybe".'],
            "genre": ["speech", "news", None],
            # a document with a speaker and no genre or outlet is a speech, as segment() reads it
            "speaker": [None, None, "A. Speaker"],
        }
    )
    assert quotes(table)["doc_id"].tolist() == ["b"]


def test_no_quotes() -> None:
    q = quotes("Nothing quoted here.")
    assert list(q.columns) == QUOTE_COLUMNS and q.empty


# ----------------------------------------------------------------------------- transcripts


@pytest.mark.parametrize(
    "paragraph",
    [
        "Vladimir Putin: Good afternoon.",
        "President of Russia Vladimir Putin: Colleagues,",
        "Lionel Barber: Thank you, Mr President.",
        "Question: What about trade?",
        "Question (retranslated): And the budget?",
        "Jane Roe, editor of a made-up weekly: Thanks.",
        "Olympic ice hockey champion Ivan Example: It was hard.",
        "M. Example: Yes.",
        "VladimirPutin: Yes.",
    ],
)
def test_turn_labels_accepted(paragraph: str) -> None:
    assert turn_label(paragraph) == paragraph.partition(":")[0]


@pytest.mark.parametrize(
    "paragraph",
    [
        "Here is my question: why now?",
        "We all remember the words of the song: it was spring.",
        "For example: the budget.",
        "The message also said, in part: we agree.",
        "After the service Vladimir Putin addressed the believers: Dear friends.",
        "I will read a couple of messages. Moscow Region: hello.",
        "Contact telephone numbers: 123.",
        "Firstly: we act.",
        "A sentence without any colon at all.",
        "Time 10:30 was chosen.",
    ],
)
def test_turn_labels_rejected(paragraph: str) -> None:
    assert turn_label(paragraph) is None


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("President of Russia Vladimir Putin", "Vladimir Putin"),
        ("President of Russia Dmitry Medvedev", "Dmitry Medvedev"),
        ("Vladimir Putin", "Vladimir Putin"),
        ("Question", "Question"),
        ("Question (retranslated)", "Question"),
        ("Question from Some Region", "Question"),
        ("Lionel Barber", "Lionel Barber"),
        ("Defence Minister Ivan Examplov Examplov IvanDefence Minister ", "Ivan Examplov"),
        ("Ivan Examplov, Editor in Chief of Example.ru", "Ivan Examplov"),
        (
            "President of Exampleland Ana Maria Lopez Lopez Ana MariaPresident of Exampleland",
            "Ana Maria Lopez",
        ),
        ("Example Space Systems CEO Ivan Examplov", "Ivan Examplov"),
        ("VladimirPutin", "Vladimir Putin"),
        ("Vladimir PUTIN", "Vladimir Putin"),
        ("Vladimir Putin (noise in the audience)", "Vladimir Putin"),
    ],
)
def test_speaker_names(label: str, name: str) -> None:
    assert speaker_name(label) == name


def test_known_names_win() -> None:
    assert speaker_name("President of Exampleland Ana Maria Lopez", {"Ana Maria Lopez"}) == (
        "Ana Maria Lopez"
    )


def test_turns_table() -> None:
    text = (
        "The meeting opened in Moscow.\n\n"
        "President of Russia Dmitry Medvedev: Colleagues, good afternoon.\n\n"
        "We will discuss two things: trade and energy.\n\n"
        "Prime Minister Vladimir Putin: Thank you.\n\n"
        "Dmitry Medvedev: Let us go on."
    )
    table = pd.DataFrame(
        {"doc_id": ["k"], "text": [text], "genre": ["transcript"], "date": ["2010-03-01"]}
    )
    t = turns(table)
    assert list(t.columns) == TURN_COLUMNS
    # the speaker comes from the turn, never from the date (2010: Medvedev's presidency)
    assert t["speaker"].tolist() == ["Dmitry Medvedev", "Vladimir Putin", "Dmitry Medvedev"]
    assert t["label"].tolist()[0] == "President of Russia Dmitry Medvedev"
    assert t["start"].iloc[0] == text.index("President of Russia")
    assert t["end"].iloc[0] == text.index("\n\nPrime Minister")
    assert t["end"].iloc[-1] == len(text)
    assert turns(table.assign(genre="news")).empty


@pytest.mark.mirror
def test_kremlin_turns() -> None:
    corpus = _load("kremlin")
    t = turns(corpus)
    assert len(t) > 1000
    assert (t["speaker"].str.len() > 0).all()
    assert t["speaker"].value_counts().index[0] == "Vladimir Putin"
    assert not t["speaker"].str.contains("President of Russia", regex=False).any()
    medvedev_years = corpus.loc[corpus["date"].str[:4].between("2008", "2012"), "doc_id"]
    spoken = t[t["doc_id"].isin(medvedev_years)]
    assert {"Dmitry Medvedev", "Vladimir Putin"} <= set(spoken["speaker"])
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    assert all(
        texts[d][s : s + len(label)] == label
        for d, s, label in zip(t["doc_id"], t["start"], t["label"], strict=True)
    )


def test_as_corpus_refuses_a_dict_and_ids_that_differ_only_in_type() -> None:
    import pandas as pd

    from discourse.corpus.attribution import as_corpus
    from discourse.errors import InputError

    with pytest.raises(InputError, match="is a dict: pass pd.Series"):
        as_corpus({"a": "Peace."})  # type: ignore[arg-type]
    with pytest.raises(InputError, match="doc_ids 1 and '1'"):
        as_corpus(pd.DataFrame({"doc_id": [1, "1"], "text": ["Peace.", "War."]}))


# ------------------------------------------------------------------ linear time (issue 20)


def _hex_token(n: int) -> str:
    import random

    rng = random.Random(n)
    return "".join(rng.choice("0123456789ABCDEF") for _ in range(n))


def _speakers_text(n: int) -> str:
    import random

    rng = random.Random(n)
    names = ["".join(rng.choice("abcdefghij") for _ in range(7)).capitalize() for _ in range(n)]
    return " ".join(f'{name} said: "We agree on item {i}."' for i, name in enumerate(names))


@pytest.mark.timeout(120)
def test_one_long_upper_case_token_is_attributed_in_linear_time(growth_ratio) -> None:
    # a 40 KB hex token took 11 s (the speaker-name pattern backtracked on Python's re)
    def make(n: int):
        text = _hex_token(n) + ' "We agree," Aliyev said. ' + "A" * n
        return lambda: quotes([text])

    assert growth_ratio(make, 4_000) <= 2.5
    assert quotes([_hex_token(200) + ' "Yes," Aliyev said.'])["speaker"].tolist() == ["Aliyev"]


@pytest.mark.timeout(120)
def test_many_speakers_are_resolved_in_linear_time(growth_ratio) -> None:
    # 8,000 speakers took 46 s: each surname searched the whole text, each quote was compared
    # with every other
    def make(n: int):
        text = _speakers_text(n)
        return lambda: quotes([text])

    assert growth_ratio(make, 400) <= 2.5
    table = quotes(['President Ilham Aliyev spoke. Ann Berg-Olsen came. "Yes," Berg said.'])
    assert table["speaker"].tolist() == ["Ann Berg"]
    table = quotes(['Mr Smith spoke. "No," Smith said. Later John Smith left.'])
    assert table["speaker"].tolist() == ["John Smith"]
