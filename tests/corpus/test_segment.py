"""Tests of discourse.corpus.segment: offsets, kinds, sections, voices, memory, whole corpora."""

from __future__ import annotations

import tracemalloc

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import discourse
from discourse.corpus._sentences import sentence_spans
from discourse.corpus.segment import SENTENCE_COLUMNS, segment
from discourse.errors import CorpusUnavailableError, InputError

SEED_HEADINGS = [
    "Historic alliance",
    "Rightwing narratives",
    "Criticism for Macron",
    "Meddling in Georgia",
    "Caucasus arms race",
    "Nuclear plans",
]


def _load(name: str, **kwargs: object) -> pd.DataFrame:
    try:
        return discourse.load_corpus(name, progress=False, **kwargs)
    except CorpusUnavailableError as exc:
        pytest.skip(f"corpus {name!r} unavailable (set DISCOURSE_MIRROR or DISCOURSE_DATA): {exc}")


def _assert_exact(corpus: pd.DataFrame, sentences: pd.DataFrame) -> None:
    """Every row's text is its document's text at [start, end)."""
    texts = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    bad = [
        (d, s, e)
        for d, s, e, t in zip(
            sentences["doc_id"], sentences["start"], sentences["end"], sentences["text"],
            strict=True,
        )
        if texts[d][s:e] != t
    ]  # fmt: skip
    assert not bad, f"{len(bad)} rows with inexact offsets, first {bad[:3]}"


@pytest.fixture(scope="module")
def seed() -> pd.DataFrame:
    return _load("seed")


@pytest.fixture(scope="module")
def seed_sentences(seed: pd.DataFrame) -> pd.DataFrame:
    return segment(seed, progress=False)


# ----------------------------------------------------------------------------- the seed


def test_seed_columns_and_offsets(seed: pd.DataFrame, seed_sentences: pd.DataFrame) -> None:
    assert list(seed_sentences.columns) == SENTENCE_COLUMNS
    _assert_exact(seed, seed_sentences)
    assert seed_sentences["sent_id"].tolist() == list(range(len(seed_sentences)))
    assert seed_sentences["par_id"].is_monotonic_increasing


def test_seed_title_standfirst_byline(seed_sentences: pd.DataFrame) -> None:
    first = seed_sentences.head(4)
    assert first["kind"].tolist() == ["title", "title", "standfirst", "byline"]
    assert first["text"].iloc[0] == first["text"].iloc[1]
    assert first["text"].iloc[0].startswith("Azerbaijan’s Aliyev lines up with Russia")
    assert first["text"].iloc[3] == "By bne IntelliNews December 19, 2024"
    assert first["section"].isna().all()


def test_seed_headings_sections_residue(seed_sentences: pd.DataFrame) -> None:
    s = seed_sentences
    assert s.loc[s["kind"] == "heading", "text"].tolist() == SEED_HEADINGS
    assert s.loc[s["kind"] == "residue", "text"].tolist() == ["News", "Dismiss"]
    assert s["kind"].iloc[-2:].tolist() == ["residue", "residue"]
    body = s[s["kind"] == "body"]
    assert body["section"].isna().sum() == 3  # the three sentences before "Historic alliance"
    nuclear = body[body["text"].str.contains("2.6 trillion", regex=False)]
    assert nuclear["section"].tolist() == ["Nuclear plans"]
    assert nuclear["text"].iloc[0].endswith("2.6 trillion cubic metres of gas reserves and "
                                             "growing renewable energy production.")  # fmt: skip


def test_seed_voices(seed_sentences: pd.DataFrame) -> None:
    s = seed_sentences
    assert set(s["voice"]) == {"narrator", "quote", "mixed"}
    assert set(s.loc[s["voice"] == "narrator", "speaker"]) == {"bne IntelliNews"}
    assert set(s.loc[s["voice"] != "narrator", "speaker"]) == {"Ilham Aliyev"}
    row = s[s["text"].str.startswith('"In difficult times')].iloc[0]
    assert row["voice"] == "quote"  # a sentence ending inside a quotation
    row = s[s["text"].str.startswith("This will remain unchanged")].iloc[0]
    assert (row["voice"], row["text"]) == ("mixed", 'This will remain unchanged," Aliyev added.')


def test_seed_split_quotes(seed: pd.DataFrame, seed_sentences: pd.DataFrame) -> None:
    parts = segment(seed, split_quotes=True, progress=False)
    assert list(parts.columns) == [*SENTENCE_COLUMNS, "part"]
    _assert_exact(seed, parts)
    assert set(parts["voice"]) == {"narrator", "quote"}
    assert parts["sent_id"].nunique() == len(seed_sentences)
    assert not parts.duplicated(["doc_id", "sent_id", "part"]).any()
    mixed = seed_sentences.loc[seed_sentences["voice"] == "mixed", "sent_id"]
    assert (parts.groupby("sent_id")["part"].max().loc[mixed] >= 1).all()
    cut = parts[parts["text"].str.startswith("This will remain unchanged")]
    assert cut["text"].tolist() == ['This will remain unchanged,"']
    assert parts.loc[cut.index[0] + 1, "text"] == "Aliyev added."


# ----------------------------------------------------------------------------- synthetic


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Mr. Smith and Mrs. Jones met Dr. Brown. They spoke.",
            ["Mr. Smith and Mrs. Jones met Dr. Brown.", "They spoke."],
        ),
        (
            "The U.S. and the U.N. agreed. It was late.",
            ["The U.S. and the U.N. agreed.", "It was late."],
        ),
        ("They met in the U.S. The talks failed.", ["They met in the U.S.", "The talks failed."]),
        (
            "See Art. 51 and No. 5 on St. George Street.",
            ["See Art. 51 and No. 5 on St. George Street."],
        ),  # fmt: skip
        (
            "J. F. Kennedy spoke in 1961. Then he left.",
            ["J. F. Kennedy spoke in 1961.", "Then he left."],
        ),  # fmt: skip
        (
            "Debt reached 2.6 trillion. It grew by 3.5 per cent.",
            ["Debt reached 2.6 trillion.", "It grew by 3.5 per cent."],
        ),  # fmt: skip
        ("We waited... and waited. Nothing came.", ["We waited... and waited.", "Nothing came."]),
        (
            '"We are ready. We will act," she said. Then she left.',
            ['"We are ready.', 'We will act," she said.', "Then she left."],
        ),
        (
            "He called it “a disgrace.” Nobody agreed.",
            ["He called it “a disgrace.”", "Nobody agreed."],
        ),
        ('"Why now?" he asked. "Because."', ['"Why now?" he asked.', '"Because."']),
        (
            "1. Peace is possible. 2. Peace is necessary.",
            ["1. Peace is possible.", "2. Peace is necessary."],
        ),  # fmt: skip
        ("(a) First point. (b) Second point.", ["(a) First point.", "(b) Second point."]),
    ],
)
def test_sentence_rules(paragraph: str, expected: list[str]) -> None:
    assert [paragraph[s:e] for s, e in sentence_spans(paragraph)] == expected


def test_plain_strings_and_doc_ids() -> None:
    one = segment("One sentence. Another one.", progress=False)
    assert one["doc_id"].tolist() == ["doc-0", "doc-0"]
    many = segment(["A first text.", "A second text."], progress=False)
    assert many["doc_id"].tolist() == ["doc-0", "doc-1"]
    assert many["sent_id"].tolist() == [0, 0]
    empty = segment([], progress=False)
    assert list(empty.columns) == SENTENCE_COLUMNS and empty.empty


@pytest.mark.parametrize("bad", [[1, 2], pd.DataFrame({"id": ["x"]})])
def test_bad_input(bad: object) -> None:
    with pytest.raises(InputError):
        segment(bad, progress=False)  # type: ignore[arg-type]


def test_missing_text_gives_no_rows() -> None:
    table = pd.DataFrame({"doc_id": ["a", "b"], "text": pd.array([None, "Yes."], dtype="string")})
    assert segment(table, progress=False)["doc_id"].tolist() == ["b"]


def test_a_text_that_is_not_a_string_is_refused() -> None:
    table = pd.DataFrame({"doc_id": ["a", "b"], "text": ["Yes.", 3.0]})
    with pytest.raises(InputError, match=r"doc_id 'b' \(row 1\) is a float"):
        segment(table, progress=False)


def test_duplicate_doc_ids() -> None:
    table = pd.DataFrame({"doc_id": ["a", "a"], "text": ["One.", "Two."]})
    with pytest.raises(InputError, match="'a'"):
        segment(table, progress=False)


def test_general_heading_and_residue_rules() -> None:
    text = (
        "A Made-Up Headline\n\nBy Staff Writer\n\nThe council met on Monday. It voted.\n\n"
        "Budget talks\n\nThe budget passed.\n\nShare\n\nSubscribe"
    )
    s = segment(text, progress=False)
    assert s["kind"].tolist() == ["title", "byline", "body", "body", "heading", "body",
                                  "residue", "residue"]  # fmt: skip
    assert s["section"].tolist()[4:6] == ["Budget talks", "Budget talks"]


def test_speech_voice() -> None:
    table = pd.DataFrame(
        {
            "doc_id": ["ungdc-XXX-2000"],
            "text": ['Mr. President,\n\nWe say "peace". We mean it.'],
            "genre": ["speech"],
            "speaker": ["A. Speaker"],
        }
    )
    s = segment(table, progress=False)
    assert set(s["voice"]) == {"speaker"} and set(s["speaker"]) == {"A. Speaker"}
    assert set(s["kind"]) == {"body"}


def test_transcript_turns_in_sentences() -> None:
    text = (
        "The talks took place in the Kremlin.\n\n"
        "President of Russia Vladimir Putin: Good afternoon. Let us begin.\n\n"
        "We have much to discuss.\n\n"
        "Jane Roe: Thank you. Here is my question: why now?\n\n"
        "Vladimir Putin: Because it is time."
    )
    table = pd.DataFrame(
        {"doc_id": ["t"], "text": [text], "genre": ["transcript"], "date": ["2010-05-01"]}
    )
    s = segment(table, progress=False)
    _assert_exact(table, s)
    assert s["voice"].iloc[0] == "narrator"
    labels = s[s["kind"] == "heading"]
    assert labels["text"].tolist() == [
        "President of Russia Vladimir Putin:",
        "Jane Roe:",
        "Vladimir Putin:",
    ]
    assert s["section"].isna().all()
    spoken = s[(s["kind"] == "body") & (s["voice"] == "speaker")]
    assert spoken["speaker"].tolist() == ["Vladimir Putin"] * 3 + ["Jane Roe"] * 2 + [
        "Vladimir Putin"
    ]
    assert spoken["text"].iloc[0] == "Good afternoon."


# ----------------------------------------------------------------------------- properties

_ALPHABET = st.sampled_from(list("abc XYZ.?!,:;\"“”'’()-\n\t") + ["Mr.", "U.S.", "2.6", "\n\n"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join), st.booleans())
def test_offsets_round_trip(text: str, split: bool) -> None:
    s = segment(text, split_quotes=split, progress=False)
    spans = list(zip(s["start"], s["end"], strict=True))
    assert all(text[a:b] == t for (a, b), t in zip(spans, s["text"], strict=True))
    assert all(b > a for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    # every non-space character is in exactly one row
    covered = sum(b - a for a, b in spans)
    gaps = "".join(text[b1:a2] for (_, b1), (a2, _) in zip(spans, spans[1:], strict=False))
    outside = text[: spans[0][0]] + gaps + text[spans[-1][1] :] if spans else text
    assert not outside.strip(), repr(outside)
    assert covered <= len(text)


@pytest.mark.slow
def test_large_document_bounded_memory() -> None:
    """A 50 MB single document: paragraphs are processed one at a time, so the peak of
    Python allocations stays a small multiple of the output (about 2.3x measured)."""
    words = " ".join(["the committee discussed the budget and the plans of the council"] * 20)
    block = (
        f'Mr. Lee opened the meeting and {words}. "We will vote on {words}," he said. '
        f"Dr. Brown added that {words} at the U.N. in 2.6 million ways.\n\nBudget talks\n\n"
    )
    copies = 50_000_000 // len(block)
    text = block * copies
    tracemalloc.start()
    try:
        s = segment(text, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(s) == 4 * copies
    assert s["kind"].iloc[-1] == "residue" and (s["kind"] == "heading").sum() == copies - 1
    output_chars = int(s["text"].str.len().sum())
    assert output_chars > 0.95 * len(text)
    assert peak < 4 * output_chars, (peak, output_chars)


# ----------------------------------------------------------------------------- whole corpora


@pytest.mark.mirror
def test_ungdc_offsets_exact() -> None:
    corpus = _load("ungdc")
    sentences = segment(corpus, progress=False)
    _assert_exact(corpus, sentences)
    assert set(sentences["doc_id"]) == set(corpus.loc[corpus["text"].str.len() > 0, "doc_id"])
    assert set(sentences["voice"]) == {"speaker"}


@pytest.mark.mirror
def test_kremlin_offsets_exact() -> None:
    corpus = _load("kremlin")
    sentences = segment(corpus, progress=False)
    _assert_exact(corpus, sentences)
    assert set(sentences["voice"]) <= {"speaker", "narrator"}
    labels = sentences[sentences["kind"] == "heading"]
    assert labels["text"].str.endswith(":").all()


def _one_line_speech(topics: int = 4, per_topic: int = 10) -> str:
    words = [
        "harvest grain farmers rain",
        "warships sailors harbours navy",
        "railways freight engines tracks",
        "schools teachers pupils lessons",
    ]
    return " ".join(
        f"The {words[t]} matter greatly in sentence {k} of this part."
        for t in range(topics)
        for k in range(per_topic)
    )


def test_a_one_line_speech_gets_paragraphs_by_cohesion() -> None:
    text = _one_line_speech()
    doc = pd.DataFrame({"doc_id": ["s"], "text": [text], "genre": ["speech"], "corpus": ["sotu"]})
    rows = segment(doc, progress=False)
    assert len(rows) == 40
    # the breaks fall where the topic changes (every ten sentences), nowhere else
    starts = rows.groupby("par_id")["sent_id"].min().tolist()
    assert starts == [0, 10, 20, 30]
    assert all(
        text[s:e] == t for s, e, t in zip(rows["start"], rows["end"], rows["text"], strict=True)
    )


def test_short_or_broken_speeches_keep_their_paragraphs() -> None:
    short = _one_line_speech(topics=2, per_topic=5)  # 10 sentences: below MIN_SENTENCES
    broken = _one_line_speech(topics=1) + "\n\n" + _one_line_speech(topics=1)
    whole = _one_line_speech()  # a corpus not registered as paragraph-less: kept whole
    doc = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "text": [short, broken, whole],
            "genre": ["speech"] * 3,
            "corpus": ["sotu", "sotu", "ungdc"],
        }
    )
    rows = segment(doc, progress=False)
    assert rows.groupby("doc_id")["par_id"].nunique().to_dict() == {"a": 1, "b": 2, "c": 1}


def test_sotu_paragraphs_keep_the_sentences(corpus_or_skip) -> None:
    from discourse.corpus._sentences import sentence_spans

    sotu = corpus_or_skip("sotu", years=(2019, 2021))
    rows = segment(sotu, progress=False)
    for doc_id, text in zip(sotu["doc_id"], sotu["text"], strict=True):
        mine = rows[rows["doc_id"] == doc_id]
        assert mine["par_id"].nunique() > 10
        assert list(zip(mine["start"], mine["end"], strict=True)) == sentence_spans(text)


@pytest.mark.timeout(120)
def test_one_long_word_is_segmented_in_linear_time(growth_ratio) -> None:
    # segment(["A" * 40000]) took 24 s (issue 20)
    def make(n: int):
        return lambda: segment(["A" * n], progress=False)

    assert growth_ratio(make, 8_000) <= 2.5
    assert segment(["A" * 100], progress=False)["end"].tolist() == [100]
