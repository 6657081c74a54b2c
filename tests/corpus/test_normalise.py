from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from discourse.corpus.normalise import DecodeError, decode, normalise, sha256_bytes, sha256_text


def test_decode_drops_bom_and_keeps_text() -> None:
    assert decode("\ufeffMr. President,".encode()) == "Mr. President,"


def test_decode_names_file_and_byte_offset() -> None:
    raw = b"Peace and \xff security"
    with pytest.raises(DecodeError, match=r"speech\.txt: not valid UTF-8 at byte offset 10"):
        decode(raw, source="speech.txt")
    assert decode(raw, errors="replace") == "Peace and \ufffd security"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_ends_and_wrapped_paragraphs(newline: str) -> None:
    raw = newline.join(["We meet  here", "in difficult times.", "", "Peace is\tfragile."])
    assert normalise(raw) == "We meet here in difficult times.\n\nPeace is fragile."


def test_blank_line_inside_a_sentence_is_joined() -> None:
    raw = "I thank the outgoing President for his\n\noutstanding efforts.\n\nNext point."
    assert normalise(raw) == (
        "I thank the outgoing President for his outstanding efforts.\n\nNext point."
    )


def test_hyphenation_rejoins_known_words_only() -> None:
    assert normalise("the inter-\nnational community") == "the international community"
    assert normalise("the right to self-\ndetermination") == "the right to self-determination"
    assert normalise("Mr. Smith -\nnot Jones") == "Mr. Smith - not Jones"


def test_lines_layout_keeps_one_paragraph_per_line() -> None:
    quote = "\u201cToday, Russia and Azerbaijan are reliable partners,\u201d he said."
    raw = "Historic alliance \n" + quote
    assert normalise(raw, layout="lines") == "Historic alliance\n\n" + quote


def test_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="layout must be"):
        normalise("x", layout="paragraphs")  # type: ignore[arg-type]


def test_checksums() -> None:
    assert sha256_text("é") == sha256_bytes("é".encode())
    assert len(sha256_text("")) == 64


@given(st.text(alphabet=st.sampled_from(list("ab -\n\r\t.,A\u00a0")), max_size=200))
def test_normalise_is_idempotent(text: str) -> None:
    for layout in ("wrapped", "lines"):
        once = normalise(text, layout=layout)  # type: ignore[arg-type]
        assert normalise(once, layout=layout) == once  # type: ignore[arg-type]
        assert once == once.strip()


def test_nul_heavy_text_is_not_text() -> None:
    with pytest.raises(DecodeError, match=r"x.txt: 5 of its 10 .*UTF-16 without a byte-order"):
        decode("Peace".encode("utf-16-le"), source="x.txt")
    with pytest.raises(DecodeError, match="probably not a text file"):
        decode(b"Peace and war.\x00\x00" + b"x" * 50, source="y.bin")
    assert decode(b"A rare NUL\x00 in a long text" + b" and more" * 20).count("\0") == 1
