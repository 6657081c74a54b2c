from __future__ import annotations

import math
import re
import time
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import discourse
from discourse.corpus.normalise import decode, normalise
from discourse.corpus.paths import corpus_dir
from discourse.errors import CorpusUnavailableError, InputError
from discourse.frames.codebook import load_codebook
from discourse.frames.detect import MATCH_COLUMNS, detect_frames, find_frames, split_sentences


@pytest.fixture(scope="module")
def seed_text() -> str:
    path = next((corpus_dir() / "seed").glob("*.txt"))
    return normalise(decode(path.read_bytes()), layout="lines")


@pytest.fixture(scope="module")
def seed_matches(seed_text: str) -> pd.DataFrame:
    return find_frames(seed_text)


AW, TV = "anti_western", "traditional_values"


def frames_of(text: str) -> set[str]:
    row = detect_frames([text], method="codebook").iloc[0]
    return {f for f, v in row.items() if v}


# ------------------------------------------------------------------ the seed must fire


@pytest.mark.parametrize(
    ("frame", "needle"),
    [
        ("traditional_values", "traditional values"),
        ("traditional_values", "moral degradation"),
        ("traditional_values", "debauchery"),
        ("traditional_values", "moral decline"),
        ("anti_western", "external governance"),
        ("anti_western", "neocolonialism"),
        ("anti_western", "exploits"),
        ("anti_western", "teaching others"),
        ("anti_western", "arm"),
        ("anti_western", "intrusiveness"),
        ("anti_western", "foreign-funded"),
        ("anti_western", "funded from abroad"),
        ("anti_western", "ears of"),
        ("anti_western", "debauchery"),
    ],
)
def test_seed_fires(seed_matches: pd.DataFrame, frame: str, needle: str) -> None:
    live = seed_matches[(seed_matches["frame"] == frame) & ~seed_matches["negated"]]
    assert needle in set(live["matched"].str.lower()), (frame, needle)


def test_seed_targets(seed_matches: pd.DataFrame) -> None:
    aw = seed_matches[seed_matches["frame"] == "anti_western"]
    target = dict(zip(aw["matched"], aw["target"], strict=False))
    assert target["exploits"] == "France"
    assert target["ears of"] == "France"
    assert target["intrusiveness"] == "United States"
    assert target["teaching others"] == "France"


def test_seed_neutral_west_mentions_do_not_fire(seed_text: str) -> None:
    spans = split_sentences(seed_text)
    neutral = [
        seed_text[s:e]
        for s, e in spans
        if "trusted in the West" in seed_text[s:e] or "hot war" in seed_text[s:e]
    ]
    assert len(neutral) == 2
    assert not detect_frames(neutral, method="codebook")["anti_western"].any()


# ------------------------------------------------------------------ rules


@pytest.mark.parametrize(
    "text",
    [
        "Settlements in the West Bank were condemned by the occupying power.",
        "The occupation of Western Sahara must end.",
        "We uphold democratic values and universal values.",
        "The family of nations met in good faith.",
        "We promote gender equality.",
        "Aggression against West Africa continues.",
        "They imposed sanctions on us.",
        "Latin America suffered imposed debt.",
        "The Paris Agreement imposes obligations on every party.",
    ],
)
def test_exclusions_and_case_prevent_false_positives(text: str) -> None:
    assert not frames_of(text) & {"traditional_values", "anti_western"}


@pytest.mark.parametrize(
    "text",
    [
        "The US imposed sanctions on us.",
        "Western-funded NGOs destabilise the country.",
        "NATO expansion is aggression.",
        "Washington keeps meddling in our elections.",
        "The West is degrading morally.",
    ],
)
def test_anti_western_positives(text: str) -> None:
    assert "anti_western" in frames_of(text)


@pytest.mark.parametrize(
    ("frame", "text", "present"),
    [
        # codebook 1.1.0: roles added in the second tuning round
        (AW, "Washington dreams of a unipolar world run from one capital.", True),
        (AW, "Russophobia in Western capitals grows by the day.", True),
        (AW, "The European Union has unleashed a sanctions war against our farmers.", True),
        (AW, "These illegitimate restrictions by the United States hurt our people.", True),
        (AW, "Extremist groups were armed by Western services, which flirted with them.", True),
        (AW, "The United Kingdom was complicit in the massacre.", True),
        (AW, "What about the American prisons, then?", True),
        (AW, "The United States unilaterally withdrew from the treaty.", True),
        (AW, "NATO keeps moving its bases towards our borders.", True),
        (AW, "Washington tries to strangle our economy.", True),
        # ... which still need a Western actor in range, or are half weight alone
        (AW, "A unipolar moment never came.", False),
        (AW, "Russophobia is a phobia like any other.", False),
        (AW, "The Taliban were complicit in the attack.", False),
        (AW, "What about the harvest this year?", False),
        (AW, "The rebels unilaterally withdrew from the talks.", False),
        (AW, "Floods reached our borders in spring.", False),
        # codebook 1.2.0: wider window, brackets no longer a boundary, new roles
        (AW, "The American empire is reaching the end of its road.", True),
        (AW, "The United States has obstructed the work of the Council for years.", True),
        (
            AW,
            "The abusive conduct of the Government of the United States hurts its own people.",
            True,
        ),
        (AW, "The West keeps arming terrorists in our region.", True),
        (AW, "Western countries are undermining the treaty.", True),
        (
            AW,
            "The United States, with the small group of allies that it has gathered over the "
            "years, imposes its will.",  # 13 tokens apart: beyond the 1.1.0 window of 10
            True,
        ),
        (
            AW,
            "The North Atlantic Treaty Organization (NATO) prepares its acts of aggression.",
            True,
        ),
        (TV, "The family is the basic unit of society.", True),
        (TV, "Our nation lives through a spiritual renaissance.", True),
        (TV, "An artificial cult of individualism threatens our society.", True),
        # coding rules: outside governance or foreign money with no Western actor is not the frame
        (AW, "Foreign funded NGOs are everywhere.", False),
        (AW, "Either there is external governance, or there is none.", False),
        # the hostile act's agent is named and not Western
        (AW, "Russian aggression against Ukraine was condemned across Europe.", False),
        (AW, "The cessation of hostilities was agreed with the United States.", False),
        (AW, "Now that the East-West conflict is over, aggression must end.", False),
        (AW, "Russian interference in the United States election was alleged.", False),
        (AW, "Its unilateral accession to the European Union worries us.", False),
        # codebook 1.3.0
        (AW, "The United States unilaterally terminated the treaty.", True),
        (AW, "Washington keeps its maximum pressure policy against our people.", True),
        (AW, "The United States is threatening every country with punishment.", True),
        (AW, "Western countries tried to downplay the anniversary.", True),
        (TV, "The degradation of moral values leads to social decay.", True),
        (TV, "They want to destroy the family and our spiritual roots.", True),
        (TV, "They tried to destroy our spiritual and religious roots.", True),
    ],
)
def test_codebook_roles_by_version(frame: str, text: str, present: bool) -> None:
    assert (frame in frames_of(text)) is present


def test_negation_scope_and_clause() -> None:
    m = find_frames("We do not blame Europe for interference.")
    assert m["negated"].all() and len(m) == 1
    assert "anti_western" not in frames_of("We do not blame Europe for interference.")
    # the clause boundary ends the scope of "not"
    m = find_frames("We could not agree, but Washington kept meddling in our affairs.")
    assert not m.loc[m["frame"] == "anti_western", "negated"].any()
    # too far away: more than the window of tokens
    m = find_frames("No doubt about it, and never mind: the US interferes.")
    assert not m.loc[m["frame"] == "anti_western", "negated"].any()
    # pseudo-negation is not negation
    m = find_frames("The West not only meddles but also lectures us.")
    assert not m["negated"].any()


def test_proximity_window() -> None:
    near = find_frames("The United States interferes.")
    far = find_frames(
        "The United States, as one of our oldest and most valued partners in trade and "
        "culture and science and sport and tourism, interferes."
    )
    assert near.loc[0, "target"] == "United States"
    assert far[far["frame"] == "anti_western"].empty


def test_half_weight_needs_a_second_indicator() -> None:
    assert "anti_western" not in frames_of("Double standards are everywhere.")
    assert "anti_western" not in frames_of("Double standards, double standards, hypocrisy!")
    assert "anti_western" in frames_of("Double standards serve a unipolar order.")


def test_longest_match_wins_within_a_frame() -> None:
    m = find_frames("We defend traditional family values.")
    tv = m[m["frame"] == "traditional_values"]
    assert tv["matched"].tolist() == ["traditional family values"]


def test_wildcards_and_inflection() -> None:
    for word in ("meddling", "meddled", "meddles", "meddlers"):
        assert find_frames(f"Brussels is {word} again.")["matched"].tolist() == [word]
    assert find_frames("Paris is medieval.").empty


def test_offsets_into_documents_from_a_sentence_table() -> None:
    doc = "Intro line here. The West imposes its will on us. Peace."
    sents = pd.DataFrame(
        {
            "doc_id": ["d1"] * 3,
            "par_id": [0, 0, 0],
            "sent_id": [0, 1, 2],
            "start": [0, 17, 50],
            "end": [16, 49, 56],
            "voice": ["narrator", "quote", "narrator"],
            "speaker": [pd.NA, "Someone", pd.NA],
        }
    )
    sents["text"] = [doc[s:e] for s, e in zip(sents["start"], sents["end"], strict=False)]
    m = find_frames(sents)
    assert list(m.columns) == MATCH_COLUMNS
    row = m.iloc[0]
    assert doc[row["start"] : row["end"]] == row["matched"]
    assert (row["doc_id"], row["sent_id"], row["voice"], row["speaker"]) == (
        "d1",
        1,
        "quote",
        "Someone",
    )
    assert m.attrs["codebook_hash"] == load_codebook().hash
    assert m.attrs["codebook_version"] == load_codebook().version


def test_sentence_table_missing_columns() -> None:
    bad = pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "text": ["The West imposes."]})
    with pytest.raises(InputError, match=r"missing column\(s\) start, end"):
        find_frames(bad)


def test_bad_inputs_name_their_position() -> None:
    with pytest.raises(InputError, match=r"x\[1\] \(doc_id 'doc-1'\) is missing"):
        detect_frames(["fine", None])
    with pytest.raises(InputError, match=r"x\[2\] \(doc_id 'doc-2'\) is missing"):
        detect_frames(["fine", "ok", math.nan])
    with pytest.raises(InputError, match=r"x\[0\] \(doc_id 'doc-0'\) is a int"):
        find_frames([3])
    with pytest.raises(InputError, match=r"doc_id 'b'"):
        detect_frames(pd.Series(["x", None], index=["a", "b"]))
    with pytest.raises(InputError, match="is a int: pass a string"):
        find_frames(42)


def test_empty_texts_are_all_false() -> None:
    df = detect_frames(["", "   ", "The West imposes its will."], method="codebook")
    assert not df.iloc[:2].to_numpy().any()
    assert df.loc["doc-2", "anti_western"] and df.index.name == "doc_id"
    assert find_frames("").empty and list(find_frames("").columns) == MATCH_COLUMNS


def test_detect_frames_keeps_order_and_index() -> None:
    s = pd.Series(
        ["Trade grew.", "We defend traditional values.", "NATO aggression."], index=["x", "y", "z"]
    )
    df = detect_frames(s, method="codebook")
    assert list(df.index) == ["x", "y", "z"]
    assert df["traditional_values"].tolist() == [False, True, False]
    assert df["anti_western"].tolist() == [False, False, True]
    assert list(df.columns) == load_codebook().frame_ids
    assert df.dtypes.eq(bool).all()


def test_output_order_is_deterministic() -> None:
    texts = ["NATO aggression and US hegemony. We keep traditional values.", "The West meddles."]
    a, b = find_frames(texts), find_frames(texts)
    pd.testing.assert_frame_equal(a, b)
    assert a.sort_values(["doc_id", "start", "indicator"], kind="stable").index.tolist() == list(
        a.index
    )


def test_non_ascii_lowercase_keeps_offsets() -> None:
    text = "İİİ said the West keeps meddling."
    m = find_frames(text)
    assert [text[s:e] for s, e in zip(m["start"], m["end"], strict=False)] == m["matched"].tolist()
    assert m["matched"].tolist() == ["meddling"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "the West",
                "meddling",
                "not",
                "traditional",
                "values",
                "US",
                "us",
                "West Bank",
                ",",
                ".",
                "NATO",
                "aggression",
                "İ",
                "—",
                "family of nations",
                "no",
                "\n",
                "x",
            ]
        ),
        max_size=25,
    )
)
def test_matches_point_at_their_text(words: list[str]) -> None:
    text = " ".join(words)
    m = find_frames(text)
    for s, e, matched in zip(m["start"], m["end"], m["matched"], strict=False):
        assert text[s:e] == matched


def test_split_sentences() -> None:
    text = "Dr. No met the U.S. envoy. “Why?” he asked.\nNew line"
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["Dr. No met the U.S. envoy.", "“Why?” he asked.", "New line"]


def test_un_speeches_offsets_if_available() -> None:
    try:
        docs = discourse.load_corpus("ungdc", countries=["RUS", "AZE"], years=(2015, None))
    except (CorpusUnavailableError, ModuleNotFoundError) as exc:
        pytest.skip(f"UN corpus not available: {exc}")
    m = find_frames(docs[["doc_id", "text"]])
    assert not m.empty
    texts = dict(zip(docs["doc_id"], docs["text"], strict=False))
    for d, s, e, matched in zip(m["doc_id"], m["start"], m["end"], m["matched"], strict=False):
        assert texts[d][s:e] == matched


def test_a_corpus_table_is_segmented_as_segment_does() -> None:
    corpus = discourse.load_corpus("seed")
    direct = find_frames(corpus)
    via_segment = find_frames(discourse.segment(corpus, progress=False))
    pd.testing.assert_frame_equal(direct, via_segment)
    assert direct["voice"].notna().all()
    scores = discourse.score_frames(direct, sentences=discourse.segment(corpus, progress=False))
    counted = scores["n_matches"].sum() + scores["n_below_threshold"].sum()
    assert counted == (~direct["negated"]).sum()


def test_detect_frames_agrees_with_the_audit_trail(seed_text: str) -> None:
    from discourse.frames.presence import frame_presence

    cb = load_codebook()
    sentences = [seed_text[s:e] for s, e in split_sentences(seed_text)]
    direct = detect_frames(sentences, method="codebook")
    present = frame_presence(find_frames(sentences), cb, ["doc_id", "sent_id"])
    expected = pd.DataFrame(False, index=direct.index, columns=direct.columns)
    per_doc = present.groupby("doc_id")[cb.frame_ids].any()
    expected.loc[per_doc.index, cb.frame_ids] = per_doc.to_numpy()
    pd.testing.assert_frame_equal(direct, expected, check_dtype=False)
    assert direct["anti_western"].sum() >= 10 and direct["traditional_values"].sum() >= 5


def test_sentence_parts_are_kept() -> None:
    doc = 'He said: "The West meddles." Then he left.'
    rows = pd.DataFrame(
        {
            "doc_id": ["d", "d", "d"],
            "sent_id": [0, 0, 1],
            "part": [0, 1, 0],
            "start": [0, 9, 29],
            "end": [9, 28, 42],
            "voice": ["narrator", "quote", "narrator"],
            "speaker": [pd.NA, "He", pd.NA],
        }
    )
    rows["text"] = [doc[s:e] for s, e in zip(rows["start"], rows["end"], strict=True)]
    m = find_frames(rows)
    assert list(m.columns[:3]) == ["doc_id", "sent_id", "part"]
    assert (m.loc[0, "part"], m.loc[0, "voice"], m.loc[0, "matched"]) == (1, "quote", "meddles")
    assert doc[m.loc[0, "start"] : m.loc[0, "end"]] == "meddles"


# ------------------------------------------------------------------ batch scanning

_BATCH_TEXTS = [
    "US interference.",
    "",
    "The West imposes its will",
    "us",
    "İstanbul: the US meddles, Washington imposes.",
    "A NUL \0 inside: the EU dictates.",
    "Traditional values",
    "nothing here at all",
    "no",
    "NATO expansion eastward is aggression; the West is decadent.",
    "Washington",
    "meddling",
]


def _one_by_one(matcher: Any, texts: list[str]) -> list[tuple[int, list[Any]]]:
    return [(i, m) for i, t in enumerate(texts) if (m := matcher.match(t))]


def test_batch_scan_equals_sentence_by_sentence() -> None:
    from discourse.frames.matcher import compiled

    matcher = compiled(load_codebook())
    texts = _BATCH_TEXTS * 3
    assert matcher.match_batch(texts) == _one_by_one(matcher, texts)
    assert matcher.match_batch([]) == []
    # keys at the very start and end of the joined text, and next to the separators
    assert matcher.match_batch(["US", "US"]) == _one_by_one(matcher, ["US", "US"])


def test_batch_scan_with_odd_white_space_equals_sentence_by_sentence() -> None:
    from discourse.frames.matcher import compiled

    matcher = compiled(load_codebook())
    spaced = [
        "The West\nimposes its\tvalues.",
        "Washington  keeps meddling.",
        " The West imposes its will. ",
        "Traditional\u00a0values\u2003are under attack.",
        "The\r\nWest\x1fimposes its will.",
        "  ",
    ]
    texts = [t for pair in zip(_BATCH_TEXTS, spaced * 3, strict=False) for t in pair]
    found = matcher.match_batch(texts)
    assert found == _one_by_one(matcher, texts)
    assert {k for k, _ in found} >= {1, 3, 5}  # the squeezed sentences do match


_PIECES = ["the West", "imposes", "US", "Washington", "meddling", "traditional", "values", "not"]
_SPACES_DRAWN = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\x1e", ", ", ". "]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SPACES_DRAWN)), max_size=7),
        max_size=6,
    )
)
def test_batch_scan_equals_sentence_by_sentence_with_any_white_space(
    drawn: list[list[tuple[str, str]]],
) -> None:
    from discourse.frames.matcher import compiled

    matcher = compiled(load_codebook())
    texts = ["".join(word + space for word, space in pieces) for pieces in drawn]
    assert matcher.match_batch(texts) == _one_by_one(matcher, texts)


def test_odd_spaces_are_all_white_space_but_the_space() -> None:
    import sys

    from discourse.frames.matcher import ODD_SPACES

    unicode_space = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(ODD_SPACES) == unicode_space - {" "}
    assert len(ODD_SPACES) == len(set(ODD_SPACES))


def test_batch_scan_with_regex_indicators() -> None:
    from discourse.frames.codebook import codebook_from_string
    from discourse.frames.matcher import compiled

    cb = codebook_from_string(
        """
name: tiny
version: "1"
authors: [me]
licence: CC0-1.0
frames:
  - {id: aw, label: Anti-Western, definition: Negative West.}
indicators:
  - {id: aw.rx, frame: aw, regex: ['\\bneo-?colonial\\w*']}
  - {id: aw.p, frame: aw, patterns: [meddling]}
"""
    )
    matcher = compiled(cb)
    texts = ["Neocolonial rule.", "", "Meddling and neo-colonialism.", "nothing"]
    assert matcher.match_batch(texts) == _one_by_one(matcher, texts)
    assert detect_frames(texts, cb)["aw"].tolist() == [True, False, True, False]


def test_more_sentences_than_one_batch_keep_their_offsets() -> None:
    texts = [f"Sentence {i}: Washington keeps meddling." for i in range(4_100)]
    m = find_frames(texts)
    assert len(m) == 4_100 and m["doc_id"].tolist() == [f"doc-{i}" for i in range(4_100)]
    assert (m["matched"] == "meddling").all()
    assert m["start"].tolist() == [t.index("meddling") for t in texts]
    assert detect_frames(texts, method="codebook")["anti_western"].all()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_ 1.,é’-\u0301İ", max_size=14), st.data())
def test_token_distance_is_the_difference_of_token_indices(text: str, data: st.DataObject) -> None:
    from discourse.frames.matcher import _distance

    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    spans = [m.span() for m in re.finditer(r"\w+", text)]
    first_ending_after_b = sum(1 for _, e in spans if e <= b)
    last_starting_before_a = sum(1 for s, _ in spans if s < a) - 1
    assert _distance(text, a, b) == first_ending_after_b - last_starting_before_a


# ------------------------------------------------------------------ hostile input (issue 13)

_UNPUNCTUATED = "Western sanctions and the United States interfere in our affairs "


@pytest.mark.timeout(60)
def test_a_megabyte_without_punctuation_is_matched_in_linear_time() -> None:
    # one sentence of 1 MB (speech recognition output has no punctuation): proximity used to
    # compare every cue with every actor, and 16 KB took 20 s; now 1 MB takes about a second
    text = (_UNPUNCTUATED * (1_000_000 // len(_UNPUNCTUATED) + 1))[:1_000_000]
    assert detect_frames([text])[AW].tolist() == [True]
    m = find_frames(text)
    one = find_frames(_UNPUNCTUATED)
    assert len(one) == 1
    repeats = len(text) // len(_UNPUNCTUATED)
    # every repetition matches as one repetition alone does (a piece boundary may cost one)
    assert repeats - 1 <= len(m) <= repeats
    assert set(m["start"] % len(_UNPUNCTUATED)) == set(one["start"])
    assert set(m["matched"]) == set(one["matched"])


def test_a_sentence_longer_than_the_unit_limit_is_matched_in_pieces() -> None:
    from discourse.frames.matcher import MAX_UNIT

    filler = "word " * (MAX_UNIT // 5)
    text = "Washington keeps meddling " + filler + "and Europe keeps meddling"
    m = find_frames(text)
    assert m["matched"].tolist() == ["meddling", "meddling"]
    assert [text[s:e] for s, e in zip(m["start"], m["end"], strict=True)] == ["meddling"] * 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n", max_size=60), st.integers(1, 12))
def test_unit_pieces_cover_the_text_within_the_limit(text: str, limit: int) -> None:
    from discourse.frames.matcher import unit_pieces

    spans = unit_pieces(text, limit=limit)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(e - s <= limit for s, e in spans)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab_ 1.,é’-\u0301İ", max_size=14), st.data())
def test_bisected_token_distance_agrees_with_the_definition(text: str, data: st.DataObject) -> None:
    from discourse.frames.matcher import _distance, _Tokens

    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    assert _Tokens(text).distance(a, b) == _distance(text, a, b)


@pytest.mark.parametrize("space", ["\t", "\u00a0", "  ", " \t ", "\u2009", "\u3000"])
def test_phrases_split_by_other_white_space_match_with_original_offsets(space: str) -> None:
    text = f"We defend traditional{space}values; the West{space}imposes its will."
    plain = find_frames(text.replace(space, " "))
    m = find_frames(text)
    assert m["indicator"].tolist() == plain["indicator"].tolist()
    assert [text[s:e] for s, e in zip(m["start"], m["end"], strict=True)] == m["matched"].tolist()
    assert f"traditional{space}values" in m["matched"].tolist()
    assert detect_frames([text]).equals(detect_frames([text.replace(space, " ")]))


def test_a_line_break_inside_a_sentence_row_matches() -> None:
    text = "We defend traditional\nvalues."
    table = pd.DataFrame(
        {"doc_id": ["d"], "sent_id": [0], "start": [0], "end": [len(text)], "text": [text]}
    )
    m = find_frames(table)
    assert m["matched"].tolist() == ["traditional\nvalues"]
    assert detect_frames(table)[TV].tolist() == [True]


@pytest.mark.parametrize("fn", [detect_frames, find_frames])
def test_ambiguous_inputs_are_refused_not_merged(fn: Any) -> None:
    with pytest.raises(InputError, match="is a dict: pass pd.Series"):
        fn({"speech-1": "The West imposes its will."})
    twice = pd.Series(["The West imposes its will.", "We keep traditional values."], index=[7, 7])
    with pytest.raises(InputError, match="more than once"):
        fn(twice)
    mixed = pd.Series(["The West imposes its will.", "We keep traditional values."], index=[1, "1"])
    with pytest.raises(InputError, match="1 and .1. both read as doc_id"):
        fn(mixed)
    # the lossless rule for a mapping: a Series keeps its keys as doc_ids
    keyed = pd.Series({"a": "The West imposes its will.", "b": "We keep traditional values."})
    assert set(find_frames(keyed)["doc_id"]) == {"a", "b"}


_FOLD_CODEBOOK = """\
name: fold
version: "0.1"
authors: [Tester]
licence: CC0-1.0
frames:
  - id: tv
    label: Traditional values
    definition: Appeals to tradition.
indicators:
  - {id: tv.1, frame: tv, patterns: ["İstanbul", "İlham Əliyev", "réforme agraire",
                                      "traditional values"]}
"""


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("We love İstanbul.", "İstanbul"),  # the dotted capital İ (Turkish, Azerbaijani)
        ("President İlham Əliyev spoke.", "İlham Əliyev"),
        ("ISTANBUL and more", "ISTANBUL"),
        ("La re\u0301forme agraire est la\u0300.", "re\u0301forme agraire"),  # NFD accents
        ("We defend tradi\u00adtional values.", "tradi\u00adtional values"),  # soft hyphen
        ("We defend traditional\u200bvalues.", "traditional\u200bvalues"),  # zero-width space
        ("We defend traditional \u200bvalues.", "traditional \u200bvalues"),
        (
            "We defend tra\u200cdi\u200dtional\u2060 \ufeffvalues.",
            "tra\u200cdi\u200dtional\u2060 \ufeffvalues",
        ),
    ],
)
def test_unicode_is_folded_alike_in_text_and_patterns(tmp_path, text: str, matched: str) -> None:
    """Dotted İ, NFD accents and zero-width characters never matched, silently (issue 20):
    text and patterns are now folded alike, and offsets stay those of the original text."""
    path = tmp_path / "fold.yaml"
    path.write_text(_FOLD_CODEBOOK, encoding="utf-8")
    cb = load_codebook(path)
    m = find_frames([text, "Nothing here.", text], cb)
    assert m["matched"].tolist() == [matched, matched]
    assert [text[s:e] for s, e in zip(m["start"], m["end"], strict=True)] == [matched] * 2
    assert detect_frames([text], cb)["tv"].tolist() == [True]


def test_folding_changes_nothing_for_plain_text_and_stays_linear() -> None:
    """ASCII text takes the old path untouched; a long text to fold is folded in linear time."""
    from discourse.frames.matcher import _fold, needs_fold

    assert not needs_fold("We defend traditional values.") and _fold("plain") is None
    assert not needs_fold("Café, İstanbul, “quoted”")  # NFC already, nothing invisible
    unit = "We defend tradi\u00adtional values in Re\u0301union. "
    times = []
    for n in (2_000, 4_000):
        text = unit * n
        best = math.inf
        for _ in range(3):
            start = time.perf_counter()
            folded = _fold(text)
            best = min(best, time.perf_counter() - start)
        times.append(best)
        assert folded is not None
        plain, starts, ends = folded
        assert plain == (unit * n).replace("\u00ad", "").replace("e\u0301", "é")
        assert len(starts) == len(plain) + 1 and len(ends) == len(plain)
    assert times[1] / times[0] < 4  # linear (loose: a shared machine)


def test_folding_equals_nfc_of_the_visible_text_and_maps_every_character_back() -> None:
    import random
    import unicodedata

    from discourse.frames.matcher import _fold

    alphabet = [*"abe XY.,", "\u0301", "\u0307", "\u00ad", "\u200b", "\u200c", "\u200d"]
    alphabet += ["\u2060", "\ufeff", "İ", "é", "\u00a0", "ə"]
    invisible = dict.fromkeys(map(ord, "\u00ad\u200c\u200d\u2060\ufeff")) | {0x200B: " "}
    rng = random.Random(20)
    for _ in range(3_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        folded = _fold(text)
        if folded is None:
            continue
        plain, starts, ends = folded
        assert plain == unicodedata.normalize("NFC", text.translate(invisible))
        assert len(starts) == len(plain) + 1 and starts[-1] == len(text)
        assert all(0 <= starts[i] < ends[i] <= len(text) for i in range(len(plain)))
        assert starts == sorted(starts) and ends == sorted(ends)
