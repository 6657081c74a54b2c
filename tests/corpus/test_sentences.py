"""One sentence splitter and one quotation rule, and everything that uses them agrees.

``segment``, ``detect`` (plain strings), ``actor_stance`` and ``kwic`` all read sentences and
quotations through :mod:`discourse.corpus._sentences`; these tests check that they agree on the
seed, on UN speeches and on Kremlin transcripts.
"""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from discourse.corpus._sentences import (
    QUOTE_MARKS,
    quotation_spans,
    quoted,
    sentence_quotations,
    sentence_spans,
    split_sentences,
)
from discourse.corpus.attribution import paragraph_spans
from discourse.corpus.segment import segment
from discourse.frames.detect import find_frames
from discourse.toolkit.stance import sentence_units


def _segment_ends(corpus: pd.DataFrame) -> set[tuple[str, int]]:
    sents = segment(corpus, progress=False)
    body = sents[~sents["text"].str.endswith(":") | (sents["kind"] != "heading")]
    return set(zip(body["doc_id"], body["end"].astype(int), strict=True))


def _split_ends(corpus: pd.DataFrame) -> set[tuple[str, int]]:
    return {
        (doc_id, e)
        for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True)
        for _, e in split_sentences(text)
    }


def _three(seed: pd.DataFrame, ungdc_subset: pd.DataFrame, kremlin: pd.DataFrame) -> list:
    return [seed, ungdc_subset.head(6), kremlin.sort_values("doc_id").head(25)]


@pytest.mark.mirror
def test_segment_detect_and_stance_split_alike(
    seed: pd.DataFrame, ungdc_subset: pd.DataFrame, kremlin_subset: pd.DataFrame
) -> None:
    for corpus in _three(seed, ungdc_subset, kremlin_subset):
        ends = _segment_ends(corpus)
        assert ends == _split_ends(corpus)
        units = sentence_units(corpus[["doc_id", "text"]])
        stance_ends = set(
            zip(units["doc_id"], units["offset"] + units["text"].str.len(), strict=True)
        )
        assert stance_ends == ends
        # detection is a function of a sentence's words: the same sentences give the same
        # matches whether detect splits the texts itself or reads segment's table
        plain = find_frames(pd.Series(corpus["text"].tolist(), index=corpus["doc_id"]))
        table = find_frames(corpus[["doc_id", "text"]])
        key = ["doc_id", "start", "end", "indicator"]
        assert sorted(map(tuple, plain[key].astype(str).values.tolist())) == sorted(
            map(tuple, table[key].astype(str).values.tolist())
        )


@pytest.mark.mirror
def test_sentence_quotations_agree_with_paragraph_quotations(
    seed: pd.DataFrame, ungdc_subset: pd.DataFrame, kremlin_subset: pd.DataFrame
) -> None:
    """A sentence with a quotation mark, read on its own, is quoted where its paragraph says.

    (A sentence without marks inside a longer quotation cannot know it on its own; segment
    gives such a sentence the voice ``quote`` whole, and kwic and stance consult the rule only
    for ``mixed`` sentences, which hold a mark.)
    """
    checked = 0
    for corpus in _three(seed, ungdc_subset, kremlin_subset):
        for text in corpus["text"]:
            for ps, pe in paragraph_spans(text):
                spans = quotation_spans(text, ps, pe)
                if not spans:
                    continue
                par = text[ps:pe]
                for s, e in sentence_spans(par):
                    sentence = par[s:e]
                    if not QUOTE_MARKS.search(sentence):
                        continue
                    own = sentence_quotations(sentence)
                    for k, ch in enumerate(sentence):
                        if ch.isalnum():
                            at = ps + s + k
                            expected = any(a <= at < b for a, b in spans)
                            assert quoted(sentence, k, own) == expected, (sentence, k)
                            checked += 1
    assert checked > 1000


def test_kwic_and_segment_give_a_mixed_sentence_the_same_voices() -> None:
    doc = 'Talks\n\nShe called it “a deal”, and the West objected. "We agree," he said.'
    parts = segment(doc, split_quotes=True, progress=False)
    for row in parts.itertuples():
        sentence = parts[parts.sent_id == row.sent_id]
        s0 = int(sentence["start"].min())
        text = doc[s0 : int(sentence["end"].max())]
        for k in range(int(row.start) - s0, int(row.end) - s0):
            if text[k].isalnum():
                assert quoted(text, k) == (row.voice == "quote"), (text, k)


def test_a_sentence_that_continues_a_quotation() -> None:
    t = 'we will win," he said. "Soon."'
    assert quoted(t, 0) and not quoted(t, t.index("he")) and quoted(t, t.index("Soon"))
    assert not quoted('He said "yes" and left.', 0)


def test_line_breaks_end_sentences_and_spans_are_stripped() -> None:
    t = "  Title line\nMr. Smith met Dr. Jones. They spoke.  \n\n  1. Item one. "
    assert [t[s:e] for s, e in split_sentences(t)] == [
        "Title line",
        "Mr. Smith met Dr. Jones.",
        "They spoke.",
        "1. Item one.",
    ]


def test_hot_path_does_not_import_nltk() -> None:
    code = (
        "import sys, discourse as dc; dc.segment('Mr. Lee met U.N. staff. It went well.',"
        " progress=False); dc.detect_frames(['We defend traditional values.']);"
        " from discourse.cli import main; assert 'nltk' not in sys.modules, 'nltk imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


@pytest.mark.mirror
def test_one_sentence_shortcut_agrees_with_punkt(
    seed: pd.DataFrame, ungdc_subset: pd.DataFrame, kremlin_subset: pd.DataFrame
) -> None:
    """Texts the shortcut takes whole are ones Punkt and the repairs keep whole too."""
    from discourse.corpus._sentences import _punkt_spans, is_one_sentence

    taken = 0
    for corpus in _three(seed, ungdc_subset, kremlin_subset):
        sents = segment(corpus, progress=False)["text"].tolist()
        # also two sentences glued together: the shortcut must never take those whole
        glued = [a + " " + b for a, b in zip(sents, sents[1:], strict=False)][:300]
        for text in sents + glued:
            if is_one_sentence(text):
                taken += 1
                assert _punkt_spans(text) == [(0, len(text))], text
            assert split_sentences(text) == _punkt_spans(text), text
    assert taken > 500


def test_one_sentence_shortcut_examples() -> None:
    from discourse.corpus._sentences import is_one_sentence

    assert is_one_sentence("It cost 2.6 trillion.") and is_one_sentence('"Go," he said.')
    assert is_one_sentence("41. No country stands alone.")
    assert is_one_sentence("Mr. Lee met U.N. staff in St. Petersburg.")
    negatives = ("A. B. Smith came.", "One. Two.", "Why? Because.", "", " x")
    negatives += ("In the U.S. The talks.", "“Mr. President, welcome.", "Mr. Lee.\nHe left.")
    for text in negatives:
        assert not is_one_sentence(text), text


def test_vectorised_scan_matches_the_one_sentence_test() -> None:
    from discourse.corpus._sentences import _VECTOR_FROM, is_one_sentence, not_one_sentence

    spaces = [chr(c) for c in range(0x3001) if chr(c).isspace()]
    edge = [
        "",
        "a",
        "Yes.",
        "Why?!",
        'He said "no".',
        "results…”.",
        "x\ny",
        "41. It is.",
        "U.N. staff",
    ]
    edge += [f"{sp}Word." for sp in spaces] + [f"Word.{sp}" for sp in spaces]
    edge += [f"Word{sp}word." for sp in spaces] + [f"One.{sp}Two." for sp in spaces]
    edge += ["Mr. Lee met U.N. staff.", "It cost 2.6 trillion.", 'He said "no." Then left.']
    texts = (edge * (1 + _VECTOR_FROM // len(edge)))[: _VECTOR_FROM + 7]
    expected = [i for i, t in enumerate(texts) if not is_one_sentence(t)]
    assert not_one_sentence(texts) == expected
    assert not_one_sentence(texts[:50]) == [i for i in expected if i < 50]
