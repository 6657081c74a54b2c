"""The package's one sentence splitter and its one quotation rule.

Every part of ``discourse`` that needs sentences or needs to know whether a position is quoted
asks this module: sentences through the one unit builder, :mod:`discourse.corpus.units`
(:func:`discourse.segment` per paragraph, :func:`discourse.detect_frames` and
:func:`discourse.find_frames` on plain strings, :func:`discourse.actor_stance`), quotations
directly (:func:`discourse.actor_stance`, :func:`discourse.kwic`, :func:`discourse.us_them`).
Nothing here imports NLTK or pandas, so the hot path (``segment``, ``detect_frames``, the
``discourse`` command) stays light.

Sentences
    A Punkt tokenizer (``nupunkt``, a dependency-free Punkt) with hand-set parameters and no
    training, so the result is the same on every machine: the abbreviations in
    :data:`ABBREVIATIONS` (``Mr.``, ``Dr.``, ``U.S.``, ``U.N.``, ``No.``, ``St.``, ``Art.``
    ...) never end a sentence unless the next word is a common sentence starter
    (:data:`SENT_STARTERS`: ``in the U.S. The talks`` splits, ``Mr. Smith`` does not). Punkt
    itself keeps initials (``J. F. Kennedy``) and decimals (``2.6 trillion``) together and
    attaches closing quotation marks and brackets to the sentence they end. Two repairs
    follow Punkt, within a paragraph: a piece that starts with a lower-case letter joins the
    sentence before it (``"Do we fund their media?" he added``, an unlisted abbreviation such
    as ``approx. five``), and a bare item number (``1.``, ``(b)``, ``iv.``) joins the
    sentence after it. A line break always ends a sentence. A sentence that ends inside a
    quotation is a sentence; the quotation simply continues into the next one.

    ``benchmarks/bench_splitters.py`` measured this choice against NLTK's Punkt with the same
    parameters, nupunkt's own model, sentencex and blingfire (see ``benchmarks/splitters.md``).

Quotations
    :func:`quotation_spans`: double quotation marks, straight or curly, pair in order within
    a paragraph; an opening curly mark always opens and a closing one always closes; an
    unclosed quotation ends at the paragraph's end. A single sentence read on its own
    (:func:`quoted`) may continue a quotation opened in an earlier sentence: when its first
    mark closes (a ``”``, or a straight ``"`` that follows a non-space character), the
    stretch before that mark is quoted too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

__all__ = [
    "ABBREVIATIONS",
    "QUOTE_MARKS",
    "SENT_STARTERS",
    "quotation_spans",
    "quoted",
    "is_one_sentence",
    "not_one_sentence",
    "sentence_spans",
    "split_sentences",
]

#: Abbreviations (lower case, without the final full stop) that do not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st mt ft no nos art arts para paras vol vols p pp ch sec fig figs
    gen col lt sgt capt maj cmdr adm rev hon sen rep gov pres amb jr sr messrs mme mlle
    etc e.g i.e cf vs viz approx est dept univ inc ltd co corp bros
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.n u.k u.s.a u.s.s.r e.u a.m p.m d.c""".split()  # noqa: SIM905
)

#: Words that, capitalised after an abbreviation or ellipsis, start a new sentence.
SENT_STARTERS = frozenset(
    """the this these those that there then we it its in on at for but and however he she
    they our their his her a an as if when while after before today yet so all i""".split()  # noqa: SIM905
)

QUOTE_MARKS = re.compile(r"[\"“”]")
"""Double quotation marks, straight and curly, as every quotation rule in the package reads them."""

_LOWER_START = re.compile(r"[\"“'‘(\[]*[a-z]")
_ITEM_NUMBER = re.compile(r"\(?(?:\d{1,3}|[ivxlcdm]{1,5}|[IVXLCDM]{1,5}|[a-zA-Z])[.)]")
_ITEM_START = re.compile(r"\((?:\d{1,3}|[ivxlcdm]{1,5}|[a-z])\)\s")
_LINES = re.compile(r"[^\n]+")
# Punkt considers a boundary only after ".", "?", "!" or "…" followed by white space or by one of
# its non-word characters. A text with no such place before its closing run of punctuation,
# quotes and brackets (and no line break) is one sentence: "It cost 2.6 trillion." needs no
# Punkt. A leading item number ("41. ", "(b) ") may precede it: the repair joins it anyway.
_TERMINALS = ".?!…"
_CLOSERS = "\"'”’»)]}"
_ANY_END = re.compile(r"[.?!…\n]")
# Candidate boundaries, and what makes one a non-boundary for Punkt with these parameters: a
# full stop after a listed abbreviation that stands alone as a token ("Mr.", "U.N.", not
# "“Mr.") and before a word that is not a sentence starter ("Mr. Lee", "U.N. staff").
_CANDIDATE = re.compile(r"[.?!…](?=[\s)\";}\]*:@'({\[!?”’»…])")
_TOKEN_BEFORE = re.compile(r"(?:^|(?<=\s))([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Za-z]+)")
_ITEM_AT_START = re.compile(r"\(?(?:\d{1,3}|[ivxlcdm]{1,5}|[IVXLCDM]{1,5}|[a-zA-Z])[.)][ \t]+")
_ONE_SENTENCE = re.compile(
    r"(?:\(?(?:\d{1,3}|[ivxlcdm]{1,5}|[IVXLCDM]{1,5}|[a-zA-Z])[.)][ \t]+)?"
    r"(?:[^.?!…\n]++|[.?!…](?![\s)\";}\]*:@'({\[!?”’»…]))*+"
    r"[.?!…]*+[\"'”’»)\]}]*+"
)


@lru_cache(maxsize=1)
def sentence_tokenizer() -> Any:
    """The Punkt tokenizer behind :func:`sentence_spans` (see the module docstring).

    Examples
    --------
    >>> sentence_tokenizer().tokenize("Mr. Smith met Dr. Jones. They spoke.")
    ['Mr. Smith met Dr. Jones.', 'They spoke.']
    """
    from nupunkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENT_STARTERS)
    return PunktSentenceTokenizer(params, include_common_abbrevs=False)


def repair(paragraph: str, spans: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    """The two repairs after Punkt: lower-case continuations and bare item numbers.

    ``spans`` are a tokenizer's sentence spans within ``paragraph`` (one line); returns the
    repaired spans (public for the splitter benchmark, which repairs other tokenizers' spans
    the same way).
    """
    out: list[tuple[int, int]] = []
    pending_item: int | None = None  # start of a bare item number waiting for its sentence
    for start, end in spans:
        if pending_item is not None:
            start, pending_item = pending_item, None
        elif (
            out and _LOWER_START.match(paragraph, start) and not _ITEM_START.match(paragraph, start)
        ):
            start = out.pop()[0]
        if _ITEM_NUMBER.fullmatch(paragraph, start, end):
            pending_item = start
            continue
        out.append((start, end))
    if pending_item is not None:
        out.append((pending_item, len(paragraph.rstrip())))
    return out


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Sentence ``(start, end)`` offsets within one paragraph (Punkt plus the two repairs).

    A line break inside ``paragraph`` always ends a sentence. Spans never start or end with
    white space; a paragraph of white space has none.

    Examples
    --------
    >>> p = '"Do we fund their media?" he added. 1. It cost 2.6 trillion.'
    >>> [p[s:e] for s, e in sentence_spans(p)]
    ['"Do we fund their media?" he added.', '1. It cost 2.6 trillion.']
    """
    stripped = paragraph.strip()
    if not stripped:
        return []
    if is_one_sentence(stripped):  # one sentence already (most texts given as sentences)
        start = len(paragraph) - len(paragraph.lstrip())
        return [(start, start + len(stripped))]
    return _punkt_spans(paragraph)


def _punkt_spans(paragraph: str) -> list[tuple[int, int]]:
    """:func:`sentence_spans` without the one-sentence shortcut (Punkt on every paragraph)."""
    tokenizer = sentence_tokenizer()
    if "\n" not in paragraph:
        return _stripped(paragraph, repair(paragraph, tokenizer.span_tokenize(paragraph)), 0)
    spans: list[tuple[int, int]] = []
    for line in _LINES.finditer(paragraph):
        text = line.group()
        spans.extend(_stripped(text, repair(text, tokenizer.span_tokenize(text)), line.start()))
    return spans


def is_one_sentence(text: str) -> bool:
    """Whether :func:`split_sentences` would return ``text`` whole, as one sentence.

    A cheap test (no Punkt): a non-empty text without surrounding white space and without a
    place where a sentence could end before its final punctuation.

    Examples
    --------
    >>> is_one_sentence("It cost 2.6 trillion."), is_one_sentence("Mr. Lee left. He did.")
    (True, False)
    >>> is_one_sentence("Mr. Lee met U.N. staff."), is_one_sentence("In the U.S. The talks.")
    (True, False)
    """
    if not text or text[0].isspace() or text[-1].isspace():
        return False
    # most sentences have one sentence-ending character, at the end: a quick scan says so
    if _ANY_END.search(text.rstrip(_CLOSERS).rstrip(_TERMINALS)) is None:
        return True
    return _ONE_SENTENCE.fullmatch(text) is not None or _only_abbreviations(text)


def _only_abbreviations(text: str) -> bool:
    """Whether every candidate boundary before the final punctuation follows an abbreviation.

    (That is, ``abbrev. Word`` with a listed abbreviation and a next word that is not a
    sentence starter: Punkt with these parameters ends no sentence there.)
    """
    if "\n" in text:
        return False
    end = len(text.rstrip(_CLOSERS).rstrip(_TERMINALS))
    item = _ITEM_AT_START.match(text)
    start = item.end() if item else 0
    for m in _CANDIDATE.finditer(text, start, end):
        if text[m.start()] != ".":
            return False
        word = _TOKEN_BEFORE.search(text, max(start, m.start() - 12), m.start())
        if word is None or word.group(1).lower() not in ABBREVIATIONS:
            return False
        following = _WORD_AFTER.match(text, m.end())
        if following is None or following.group(1).lower() in SENT_STARTERS:
            return False
    return True


# _CANDIDATE in RE2 (Arrow's engine): its \s is ASCII only, so Unicode spaces are spelled out
_CANDIDATE_RE2 = r"[.?!…](?:[\pZ\t-\r\x{1c}-\x{1f}\x{85})\";}\]*:@'({\[!?”’»…])|\n"
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())  # all of str.isspace
_VECTOR_FROM = 2_000  # texts; below this a Python loop is as fast as building an Arrow array


def not_one_sentence(texts: Sequence[str]) -> list[int]:
    """Positions of the texts (strings) that :func:`is_one_sentence` rejects, in order.

    From :data:`_VECTOR_FROM` texts on, the quick scan runs in Arrow's compute kernels
    (``pyarrow``, already a dependency); only texts it cannot clear get the full test.

    Examples
    --------
    >>> not_one_sentence(["It cost 2.6 trillion.", "One. Two.", "", " x", "Yes!"])
    [1, 2, 3]
    """
    if len(texts) < _VECTOR_FROM:
        return [i for i, t in enumerate(texts) if not is_one_sentence(t)]
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pa.array(texts, type=pa.large_string())
    body = pc.utf8_rtrim(pc.utf8_rtrim(arr, characters=_CLOSERS), characters=_TERMINALS)
    body = pc.replace_substring_regex(body, "^" + _ITEM_AT_START.pattern, "")
    length = pc.utf8_length(arr)
    suspect = pc.or_(
        pc.match_substring_regex(body, _CANDIDATE_RE2),
        pc.or_(
            pc.equal(length, 0),
            pc.not_equal(length, pc.utf8_length(pc.utf8_trim(arr, characters=_SPACES))),
        ),
    )
    positions = np.flatnonzero(suspect.to_numpy(zero_copy_only=False)).tolist()
    return [i for i in positions if not is_one_sentence(texts[i])]


def _stripped(text: str, spans: list[tuple[int, int]], shift: int) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s + shift, e + shift))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of a plain text: :func:`sentence_spans` of the whole.

    The same boundaries :func:`discourse.segment` finds in a normalised document (it splits
    paragraph by paragraph; a paragraph break is a line break).

    Examples
    --------
    >>> t = "Mr. Smith spoke. He left!\\nThe end"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Smith spoke.', 'He left!', 'The end']
    """
    return sentence_spans(text)


# --------------------------------------------------------------------------- quotations


def quotation_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the quotations in ``text[start:end]`` (one paragraph), marks included.

    Opening and closing marks pair in order; an opening curly mark always opens and a closing
    curly mark always closes; an unclosed quotation ends at the paragraph's end.

    Examples
    --------
    >>> t = 'He said "yes." She called it a “deal”.'
    >>> [t[s:e] for s, e in quotation_spans(t, 0, len(t))]
    ['"yes."', '“deal”']
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in QUOTE_MARKS.finditer(text, start, end):
        mark, pos = m.group(), m.start()
        if open_at is None:
            if mark == "”":  # a stray closing mark: nothing to close
                continue
            open_at = pos
        elif mark == "“":  # a new opening mark before a close: treat the old one as unclosed
            spans.append((open_at, pos))
            open_at = pos
        else:
            spans.append((open_at, pos + 1))
            open_at = None
    if open_at is not None:
        stop = end
        while stop > open_at + 1 and text[stop - 1].isspace():
            stop -= 1
        spans.append((open_at, stop))
    return spans


def _continues(text: str) -> int | None:
    """Where a sentence read on its own closes a quotation opened before it, if it does."""
    m = QUOTE_MARKS.search(text)
    if m is None:
        return None
    at, mark = m.start(), m.group()
    if mark == "”" or (
        mark == '"' and at > 0 and not text[at - 1].isspace() and text[at - 1] not in "(["
    ):
        return at
    return None


def sentence_quotations(text: str) -> list[tuple[int, int]]:
    """Quotation spans of one sentence read on its own (see the module docstring).

    Examples
    --------
    >>> t = 'we will win," he said. "Soon."'
    >>> [t[s:e] for s, e in sentence_quotations(t)]
    ['we will win,"', '"Soon."']
    """
    close = _continues(text)
    if close is None:
        return quotation_spans(text, 0, len(text))
    return [(0, close + 1), *quotation_spans(text, close + 1, len(text))]


def quoted(text: str, pos: int, spans: list[tuple[int, int]] | None = None) -> bool:
    """Whether position ``pos`` of the sentence ``text`` lies inside a quotation.

    ``spans`` may pass the sentence's :func:`sentence_quotations` when asking about several
    positions of one sentence.

    Examples
    --------
    >>> t = 'He called it "a deal" today.'
    >>> quoted(t, t.index("deal")), quoted(t, t.index("today"))
    (True, False)
    """
    if spans is None:
        spans = sentence_quotations(text)
    return any(s <= pos < e for s, e in spans)
