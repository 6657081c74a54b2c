"""Tests for discourse.corpus.units: the one unit builder (texts -> sentence units with offsets)."""

from __future__ import annotations

import pandas as pd
import pytest

import discourse as dc
from discourse.corpus.units import sentence_offsets, split_units, table_units
from discourse.errors import InputError


def test_sentence_offsets_index_the_whole_text() -> None:
    text = "Title\n\nMr. Lee met U.N. staff. It went well!"
    spans = sentence_offsets(text, 7)
    assert [text[s:e] for s, e in spans] == ["Mr. Lee met U.N. staff.", "It went well!"]
    assert sentence_offsets(text) == [(0, 5), *spans]


def test_segment_and_split_units_cut_the_same_sentences() -> None:
    text = 'We met Mr. Lee in the U.S. The talks went well. "Fine," he said.'
    seg = dc.segment(text, progress=False)
    units = split_units(["doc-0"], [text], "x")
    assert units.text == seg["text"].tolist()
    assert units.offset == seg["start"].tolist()


def test_split_units_keeps_offsets_positions_and_carried_columns() -> None:
    units = split_units(
        ["a", "b", "c"],
        ["One. Two.", "", "  Three."],
        "x",
        offsets=[10, 0, 5],
        carried={"voice": ["speaker", "quote", "narrator"]},
    )
    assert units.text == ["One.", "Two.", "Three."]
    assert units.offset == [10, 15, 7]
    assert units.sent_id == [0, 1, 0]
    assert units.doc_pos == [0, 0, 2]  # the empty text has no sentence
    at = units.columns(["doc_id", "start", "voice", "speaker"], [2, 0])
    assert at["doc_id"] == ["c", "a"] and at["start"] == [7, 10]
    assert at["voice"] == ["narrator", "speaker"]
    assert at["speaker"] == [pd.NA, pd.NA]


def test_table_units_checks_the_sentence_table() -> None:
    ok = pd.DataFrame(
        {"doc_id": ["d"], "sent_id": [0], "start": [4], "end": [8], "text": ["Yes."], "part": [0]}
    )
    units = table_units(ok, "x")
    assert units.extra_names == ["part"]
    assert units.columns(["start", "voice"], [0]) == {"start": [4], "voice": [pd.NA]}
    with pytest.raises(InputError, match=r"x \(a sentence table\): missing column\(s\) start, end"):
        table_units(ok.drop(columns=["start", "end"]), "x")
    with pytest.raises(InputError, match=r"x\.text\[0\] \(doc_id 'd'\) is missing"):
        table_units(ok.assign(text=[None]), "x")
