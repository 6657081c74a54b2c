from __future__ import annotations

import pandas as pd
import pytest

from discourse.errors import InputError
from discourse.frames.codebook import load_codebook
from discourse.frames.detect import find_frames
from discourse.frames.score import SCORE_COLUMNS, TOKENIZER, score_frames


@pytest.fixture()
def sentences() -> pd.DataFrame:
    texts = [
        "We cherish traditional values.",  # a: tv
        "The West imposes and meddles.",  # a: aw (two matches)
        "We do not blame Europe for interference.",  # b: negated
        "Trade grew.",  # b
        "NATO aggression continues.",  # c: aw
    ]
    df = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b", "c"],
            "sent_id": [0, 1, 0, 1, 0],
            "text": texts,
            "speaker": ["X", "X", "Y", "Y", "X"],
            "voice": ["speaker"] * 5,
        }
    )
    df["start"] = 0
    df["end"] = df["text"].str.len()
    return df


def row(scores: pd.DataFrame, frame: str, **where: object) -> pd.Series:
    mask = scores["frame"] == frame
    for k, v in where.items():
        mask &= scores[k] == v
    assert mask.sum() == 1
    return scores[mask].iloc[0]


def test_per_document_counts_and_rates(sentences: pd.DataFrame) -> None:
    s = score_frames(sentences)
    assert list(s.columns) == ["doc_id", *SCORE_COLUMNS]
    assert len(s) == 3 * len(load_codebook().frames)
    a = row(s, "anti_western", doc_id="a")
    assert a["n_sentences"] == 2 and a["sentences_with_frame"] == 1
    assert a["n_matches"] == 2
    assert a["per_1k_sentences"] == 500.0
    assert a["n_tokens"] == 4 + 5
    assert a["per_1k_tokens"] == pytest.approx(1000 * 2 / 9)
    b = row(s, "anti_western", doc_id="b")
    assert b["n_matches"] == 0 and b["n_negated"] == 1 and b["per_1k_sentences"] == 0.0
    assert s.attrs["tokenizer"] == TOKENIZER
    assert s.attrs["codebook_hash"] == load_codebook().hash


def test_group_by_sentence_column_and_corpus_column(sentences: pd.DataFrame) -> None:
    by_speaker = score_frames(sentences, by="speaker")
    x = row(by_speaker, "anti_western", speaker="X")
    assert (x["n_docs"], x["n_sentences"], x["sentences_with_frame"]) == (2, 3, 2)
    corpus = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "country": ["AZE", "AZE", "RUS"], "year": [2020, 2021, 2021]}
    )
    by_cy = score_frames(sentences, by=["country", "year"], corpus=corpus)
    aze = row(by_cy, "traditional_values", country="AZE", year=2020)
    assert aze["sentences_with_frame"] == 1


def test_match_table_input_needs_sentences(sentences: pd.DataFrame) -> None:
    matches = find_frames(sentences)
    with pytest.raises(InputError, match="sentences="):
        score_frames(matches)
    direct = score_frames(matches, sentences=sentences)
    pd.testing.assert_frame_equal(direct, score_frames(sentences))


def test_matches_of_another_segmentation_are_refused(sentences: pd.DataFrame) -> None:
    matches = find_frames(sentences)
    shifted = sentences.assign(start=sentences["start"] + 100, end=sentences["end"] + 100)
    with pytest.raises(InputError, match=r"do not lie inside their sentence.*doc_id='a'"):
        score_frames(matches, sentences=shifted)
    renumbered = matches.assign(sent_id=matches["sent_id"] + 5)
    with pytest.raises(InputError, match="another segmentation"):
        score_frames(renumbered, sentences=sentences)


def test_bad_inputs(sentences: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="unknown column.*country"):
        score_frames(sentences, by="country")
    with pytest.raises(InputError, match="lacks column"):
        score_frames(sentences.drop(columns=["start"]))
    with pytest.raises(InputError, match="sentence table or a match table"):
        score_frames(["a text"])  # type: ignore[arg-type]


def test_both_rates_count_the_same_matches() -> None:
    """A half-weight indicator alone never makes a sentence show its frame, so it counts in
    neither rate (Iraq showed 1.83 traditional-values matches per 1,000 tokens but no
    sentence with the frame); it is reported in n_below_threshold."""
    from discourse.frames.codebook import codebook_from_string

    cb = codebook_from_string(
        """
name: halves
version: "1"
authors: [T]
licence: CC0-1.0
frames:
  - {id: tv, label: TV, definition: Tradition.}
indicators:
  - {id: tv.half, frame: tv, weight: 0.5, patterns: [heritage]}
  - {id: tv.half2, frame: tv, weight: 0.5, patterns: [ancestors]}
"""
    )
    sents = pd.DataFrame(
        {
            "doc_id": ["irq", "irq", "aze"],
            "sent_id": [0, 1, 0],
            "start": [0, 30, 0],
            "end": [29, 60, 40],
            "text": ["Our heritage is rich.", "Trade grew.", "Our heritage and our ancestors."],
        }
    )
    s = score_frames(sents, codebook=cb).set_index("doc_id")
    assert s.loc["irq", "sentences_with_frame"] == 0 and s.loc["irq", "per_1k_tokens"] == 0
    assert s.loc["irq", "n_matches"] == 0 and s.loc["irq", "n_below_threshold"] == 1
    assert s.loc["aze", "n_matches"] == 2 and s.loc["aze", "sentences_with_frame"] == 1
    assert ((s["per_1k_tokens"] > 0) == (s["per_1k_sentences"] > 0)).all()


def test_a_repeated_sentence_row_is_refused_naming_its_key(sentences: pd.DataFrame) -> None:
    """One repeated row of the sentence table turned 1 match into 4 and 2 sentences into 3,
    silently (issue 20)."""
    doubled = pd.concat([sentences, sentences.iloc[[1]]], ignore_index=True)
    with pytest.raises(InputError, match=r"repeated row.*\(doc_id='a', sent_id=1\)"):
        score_frames(doubled)
    matches = find_frames(sentences)
    with pytest.raises(InputError, match=r"\(doc_id='a', sent_id=1\)"):
        score_frames(matches, sentences=doubled)


@pytest.mark.parametrize(
    ("column", "values", "message"),
    [
        ("start", [0, float("nan"), 0, 0, 0], r"column 'start' at row 1 is nan"),
        ("start", ["0", "0", "0", "0", "0"], r"column 'start' at row 0 is the str '0'"),
        ("sent_id", ["0", "1", "0", "1", "0"], r"column 'sent_id' at row 0 is the str '0'"),
        ("doc_id", [1, 1, "1", "1", 2], r"column 'doc_id' mixes types: 1 \(int, row 0\) and '1'"),
    ],
)
def test_sentence_keys_of_the_wrong_kind_are_package_errors(
    sentences: pd.DataFrame, column: str, values: list[object], message: str
) -> None:
    """NaN or text in start, text in sent_id, doc_ids 1 and "1": raw tracebacks or silent
    coercion before (issue 20); now an InputError naming the column and the row."""
    bad = sentences.assign(**{column: values})
    with pytest.raises(InputError, match=message):
        score_frames(bad)
    with pytest.raises(InputError, match=message):
        find_frames(bad)


@pytest.mark.parametrize("column", ["frame", "n_docs", "_tokens"])
def test_group_columns_that_clash_with_the_score_columns_are_refused(
    sentences: pd.DataFrame, column: str
) -> None:
    with pytest.raises(InputError, match=rf"by: column\(s\) \['{column}'\] clash"):
        score_frames(sentences.assign(**{column: "x"}), by=column)
