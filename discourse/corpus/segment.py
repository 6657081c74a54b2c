"""Sentences with exact offsets, paragraphs, sections, kinds and voices.

:func:`segment` turns a corpus table into the sentence table of ``ARCHITECTURE.md``: one row
per sentence with ``doc_text[start:end] == text`` exactly.

Paragraphs
    Paragraphs are the stretches between ``"\\n\\n"`` in the normalised text (see
    :mod:`discourse.corpus.normalise`); they are processed one at a time, so memory grows with the
    output, not with the tokenizer's work on the whole document. A corpus whose origin keeps no
    paragraph break (registered with ``paragraphs: cohesion`` in ``corpora.yaml``: the State of
    the Union, whose every address is one line) gets paragraphs by lexical cohesion in each
    speech of at least 24 sentences: a break where the words of the four sentences before a gap
    and the four after it overlap least (TextTiling, Hearst 1997; ``discourse.corpus._paragraphs``),
    at least three sentences apart. Its sentences are the same as without the cut.

Sentences
    The package's one unit builder, :func:`discourse.corpus.units.sentence_offsets`, on the one
    sentence splitter, :func:`discourse.corpus._sentences.sentence_spans` (shared with
    :func:`discourse.find_frames`, :func:`discourse.detect_frames` and
    :func:`discourse.actor_stance`): Punkt (``nupunkt``) with hand-set parameters, no training
    and no data download, so the result is the same on every machine. Abbreviations such as
    ``Mr.``, ``U.S.``, ``No.``, ``Art.`` never end a sentence unless a common sentence starter
    follows (``in the U.S. The talks`` splits, ``Mr. Smith`` does not); initials and decimals
    stay together; closing quotation marks and brackets stay with the sentence they end. Two
    repairs follow Punkt: a piece that starts with a lower-case letter joins the sentence
    before it (``"Do we fund their media?" he added``), and a bare item number (``1.``,
    ``(b)``) joins the sentence after it. A sentence that ends inside a quotation is a
    sentence; the quotation simply continues into the next one.

Kinds (news and users' documents: any genre but ``speech`` and ``transcript``)
    ``title``: a paragraph among the first three equal to the corpus ``title`` (the repeat
    too); ``byline``: a short paragraph among the first six starting ``By `` or ``From ``;
    ``standfirst``: paragraphs between the title and the byline; ``heading``: a short
    paragraph (at most 12 words and 100 characters) that does not end in punctuation,
    followed by body text; ``residue``: the run of such short paragraphs that ends the
    document (web-page residue such as ``News`` / ``Dismiss``); everything else ``body``.
    ``section`` is the text of the last heading (a heading's own section is itself).
    Speeches and transcripts are all ``body``, except transcript turn labels (below).

Voices
    UN speeches (genre ``speech``): ``voice="speaker"``, ``speaker`` the corpus ``speaker``.
    A document without a genre that names a ``speaker`` and no ``outlet`` (a user's folder
    whose ``metadata.csv`` gives speakers) is a speech too.
    Transcripts (genre ``transcript``): each turn label (``Vladimir Putin:``) is a row of its
    own with ``kind="heading"`` and the turn's voice ``speaker`` (the label does not change
    ``section``); the turn's sentences have ``voice="speaker"`` and the normalised speaker
    name (:func:`discourse.corpus.attribution.speaker_name`); text before the first turn is the
    narrator's. News: text inside a quotation (:func:`discourse.corpus.attribution.quotes`, marks
    included) is ``quote`` with the quoted person as ``speaker``; outside it is ``narrator``
    with the corpus ``outlet`` as speaker; a sentence holding both is ``mixed`` and carries
    the quoted person. A sentence counts as narration only if letters or digits lie outside
    its quotations (a stray full stop after a closing mark does not make it mixed).
    With ``split_quotes=True`` a mixed sentence becomes several voice-uniform rows with the
    same ``sent_id`` and ``part`` 0, 1, 2 ... (whitespace between parts is left out;
    punctuation-only pieces join their neighbour).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain, islice
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from .._schema import conform
from .._validation import (
    MISSING,
    argument,
    as_corpus,
    as_documents,
    effective_genre,
    meta_value,
    stream_dispatch,
)
from .._validation import SENTENCE_COLUMNS as SENTENCE_COLUMNS
from ._paragraphs import MIN_SENTENCES, cohesion_breaks
from .attribution import (
    doc_text,
    document_quotes,
    document_turns,
    paragraph_spans,
)
from .registry import KNOWN_CORPORA, corpus_info
from .units import Units, sentence_offsets, split_units, table_units

_ALNUM = re.compile(r"\w")
_HEADING_END = re.compile(r"[.!?:;,][\"”’)\]]*$|[\"”’]$")
_BYLINE = re.compile(r"(?:By|From)\s+\S")
_MAX_HEADING_WORDS = 12
_MAX_HEADING_CHARS = 100


def _is_heading_like(par: str) -> bool:
    if len(par) > _MAX_HEADING_CHARS or "\n" in par:
        return False
    if not (par[:1].isupper() or par[:1].isdigit()) or _HEADING_END.search(par):
        return False
    return len(par.split()) <= _MAX_HEADING_WORDS


_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _comparable(text: str) -> str:
    """``text`` with typographic quotes and dashes made plain, spaces collapsed, case folded."""
    return " ".join(text.translate(_TYPOGRAPHIC).split()).casefold()


def _same_title(par: str, title: str | None) -> bool:
    return title is not None and _comparable(par) == _comparable(title)


def _news_kinds(
    text: str, pars: Iterable[tuple[int, int]], title: str | None
) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, kind)`` for each paragraph of a news text, in order.

    Look-ahead is bounded: the first six paragraphs (title, standfirst, byline) and the run of
    heading-like paragraphs waiting for what follows them.
    """
    pars = iter(pars)
    lead = list(islice(pars, 6))
    fixed: dict[int, str] = {}
    for i, (s, e) in enumerate(lead[:3]):
        if _same_title(text[s:e], title):
            fixed[i] = "title"
    for i, (s, e) in enumerate(lead):
        par = text[s:e]
        if i in fixed or not _BYLINE.match(par) or len(par.split()) > 15:
            continue
        fixed[i] = "byline"
        if not fixed.get(0) and i > 0 and _is_heading_like(text[lead[0][0] : lead[0][1]]):
            fixed[0] = "title"  # no title metadata: a heading-like first line before a byline
        last_title = max((j for j, k in fixed.items() if k == "title"), default=-1)
        for j in range(last_title + 1, i):
            fixed.setdefault(j, "standfirst")
        break
    pending: list[tuple[int, int]] = []  # heading-like paragraphs waiting for what follows
    for idx, (s, e) in enumerate(chain(lead, pars)):
        kind = fixed.get(idx)
        if kind is None and _is_heading_like(text[s:e]):
            pending.append((s, e))
            continue
        for k, (ps, pe) in enumerate(pending):
            # a short line followed by body text is a heading (of a run, only the last)
            yield ps, pe, "heading" if kind is None and k == len(pending) - 1 else "body"
        pending.clear()
        yield s, e, kind or "body"
    for ps, pe in pending:  # short lines that end the text: web-page residue
        yield ps, pe, "residue"


@dataclass
class _Rows:
    """Column lists of the sentence table, filled row by row."""

    split_quotes: bool
    cols: dict[str, list[object]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [*SENTENCE_COLUMNS, *(["part"] if self.split_quotes else [])]
        self.cols = {name: [] for name in names}

    def add(self, **row: object) -> None:
        for name, values in self.cols.items():
            values.append(row[name])

    def frame(self) -> pd.DataFrame:
        dtypes = {
            "doc_id": "string",
            "par_id": "int64",
            "sent_id": "int64",
            "start": "int64",
            "end": "int64",
            "text": "string",
            "section": "string",
            "voice": "string",
            "speaker": "string",
            "kind": "string",
            "part": "int64",
        }
        data = {}
        for name in list(self.cols):
            data[name] = pd.array(self.cols.pop(name), dtype=dtypes[name])  # type: ignore[call-overload]
        return pd.DataFrame(data)


def _voice_pieces(
    text: str, start: int, end: int, quotes: list[tuple[int, int, str | None, str]], q0: int
) -> list[tuple[int, int, str, str | None]]:
    """Cut ``text[start:end]`` at quotation edges: ``(start, end, voice, speaker)`` pieces.

    Whitespace at piece edges is left out; pieces without letters or digits join a neighbour.
    """
    raw: list[tuple[int, int, str, str | None]] = []
    pos = start
    for qi in range(q0, len(quotes)):
        qs, qe, who, _cue = quotes[qi]
        if qs >= end:
            break
        if qe <= start:
            continue
        if qs > pos:
            raw.append((pos, qs, "narrator", None))
        raw.append((max(qs, pos), min(qe, end), "quote", who))
        pos = min(qe, end)
    if pos < end:
        raw.append((pos, end, "narrator", None))
    pieces: list[tuple[int, int, str, str | None]] = []
    for s, e, voice, who in raw:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s:
            continue
        if not _ALNUM.search(text, s, e):
            if pieces:
                ps, _, pv, pw = pieces[-1]
                pieces[-1] = (ps, e, pv, pw)
            else:
                pieces.append((s, e, "", None))  # voice taken from the next piece
            continue
        if pieces and pieces[-1][2] == "":
            s = pieces.pop()[0]
        pieces.append((s, e, voice, who))
    if pieces and pieces[-1][2] == "":  # nothing but punctuation: one narrator piece
        s, e, _, _ = pieces.pop()
        pieces.append((s, e, "narrator", None))
    return pieces


def _cohesion_corpus(name: str | None) -> bool:
    """Whether the registry marks corpus ``name`` as keeping no paragraph breaks
    (``paragraphs: cohesion`` in ``corpora.yaml``)."""
    return name in KNOWN_CORPORA and corpus_info(str(name)).get("paragraphs") == "cohesion"


def _speech_paragraphs(text: str, *, cohesion: bool) -> list[tuple[int, int]]:
    """A speech's paragraph spans; with ``cohesion``, a speech kept as one long paragraph (a
    State of the Union address is one line) is cut into paragraphs by lexical cohesion
    (:mod:`._paragraphs`)."""
    spans = list(paragraph_spans(text))
    if not cohesion or len(spans) != 1:
        return spans
    ps, pe = spans[0]
    sentences = sentence_offsets(text, ps, pe)
    if len(sentences) < MIN_SENTENCES:
        return spans
    starts = cohesion_breaks([text[s:e] for s, e in sentences])
    ends = [*starts[1:], len(sentences)]
    return [
        (sentences[a][0] if a else ps, sentences[b - 1][1] if b < len(sentences) else pe)
        for a, b in zip(starts, ends, strict=True)
    ]


def _document_rows(rec: Mapping[Hashable, Any], rows: _Rows) -> None:
    doc_id = str(rec["doc_id"])
    text = doc_text(rec)
    outlet = meta_value(rec, "outlet")
    corpus_speaker = meta_value(rec, "speaker")
    genre = effective_genre(meta_value(rec, "genre"), corpus_speaker, outlet)
    quotes: list[tuple[int, int, str | None, str]] = []
    turn_list: list[tuple[int, int, str, str]] = []
    if genre == "speech":
        cohesion = _cohesion_corpus(meta_value(rec, "corpus"))
        spans = _speech_paragraphs(text, cohesion=cohesion)
        kinds: Iterable[tuple[int, int, str]] = ((s, e, "body") for s, e in spans)
    elif genre == "transcript":
        turn_list = document_turns(text)
        kinds = ((s, e, "body") for s, e in paragraph_spans(text))
    else:
        quotes = document_quotes(text, speaker=corpus_speaker)
        kinds = _news_kinds(text, paragraph_spans(text), meta_value(rec, "title"))
    section: str | None = None
    sent_id = 0
    q0 = 0  # first quotation that may still overlap
    t0 = -1  # index of the current turn
    for par_id, (ps, pe, kind) in enumerate(kinds):
        # the paragraph's voice (speeches and transcripts)
        voice, speaker = "narrator", outlet
        if genre == "speech":
            voice, speaker = "speaker", corpus_speaker
        elif turn_list:
            while t0 + 1 < len(turn_list) and turn_list[t0 + 1][0] <= ps:
                t0 += 1
            if t0 >= 0:
                voice, speaker = "speaker", turn_list[t0][2]
                if turn_list[t0][0] == ps:  # the label: a row of its own
                    label_end = text.index(":", ps + len(turn_list[t0][3])) + 1
                    rows.add(
                        doc_id=doc_id, par_id=par_id, sent_id=sent_id, start=ps,
                        end=label_end, text=text[ps:label_end], section=section,
                        voice=voice, speaker=speaker, kind="heading", part=0,
                    )  # fmt: skip
                    sent_id += 1
                    ps = label_end
                    while ps < pe and text[ps].isspace():
                        ps += 1
        if kind == "heading":
            section = text[ps:pe]
        for s, e in sentence_offsets(text, ps, pe):
            if quotes:
                while q0 < len(quotes) and quotes[q0][1] <= s:
                    q0 += 1
                pieces = _voice_pieces(text, s, e, quotes, q0)
                voices = {p[2] for p in pieces}
                if len(voices) > 1 and rows.split_quotes:
                    for part, (s2, e2, v2, w2) in enumerate(pieces):
                        rows.add(
                            doc_id=doc_id, par_id=par_id, sent_id=sent_id, start=s2, end=e2,
                            text=text[s2:e2], section=section, voice=v2,
                            speaker=w2 if v2 == "quote" else outlet, kind=kind, part=part,
                        )  # fmt: skip
                    sent_id += 1
                    continue
                if voices == {"quote"}:
                    voice, speaker = "quote", pieces[0][3]
                elif "quote" in voices:
                    voice = "mixed"
                    speaker = next(w for _, _, v, w in pieces if v == "quote")
                else:
                    voice, speaker = "narrator", outlet
            rows.add(
                doc_id=doc_id, par_id=par_id, sent_id=sent_id, start=s, end=e,
                text=text[s:e], section=section, voice=voice, speaker=speaker, kind=kind,
                part=0,
            )  # fmt: skip
            sent_id += 1


def segment(
    x: pd.DataFrame | str | Iterable[str] = MISSING,
    *,
    split_quotes: bool = False,
    progress: bool = True,
    corpus: Any = MISSING,
) -> pd.DataFrame:
    """Split the documents of ``corpus`` into sentences with exact offsets.

    Parameters
    ----------
    x
        A corpus table (``load_corpus``; reads ``doc_id``, ``text`` and, when present,
        ``genre``, ``title``, ``speaker``, ``outlet``), a string (doc_id ``"doc-0"``) or a list
        of strings (doc_ids ``"doc-0"``, ``"doc-1"``, ...; read like news). An iterator of
        document dicts, a folder of ``.txt`` files or a Parquet dataset (a ``Path``; a
        string is always a text) is segmented a chunk at a time
        (:func:`discourse.corpus.documents.iter_documents`).
    split_quotes
        Cut sentences that mix narration and quotation into voice-uniform rows (adds the
        column ``part``; rows are then keyed by ``doc_id, sent_id, part``).
    progress
        Show a progress bar over documents.
    corpus
        The former name of ``x``: still accepted as a keyword, with a DeprecationWarning.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, par_id, sent_id, start, end, text, section, voice, speaker, kind`` (and
        ``part`` with ``split_quotes``), one row per sentence (or sentence part) in document
        order, with ``doc_text[start:end] == text``. See the module docstring for ``kind``,
        ``section``, ``voice`` and ``speaker``.

    Examples
    --------
    >>> doc = 'Talks\\n\\nMr. Lee met U.N. staff. "It went well," he said.\\n\\nNews'
    >>> segment(doc, progress=False)[["par_id", "text", "voice", "kind"]].values.tolist()
    [[0, 'Talks', 'narrator', 'heading'],
     [1, 'Mr. Lee met U.N. staff.', 'narrator', 'body'],
     [1, '"It went well," he said.', 'mixed', 'body'],
     [2, 'News', 'narrator', 'residue']]
    >>> parts = segment(doc, split_quotes=True, progress=False)
    >>> parts.loc[parts.sent_id == 2, ["part", "text", "voice"]].values.tolist()
    [[0, '"It went well,"', 'quote'], [1, 'he said.', 'narrator']]
    """

    x = argument(x, corpus, old="corpus", function="segment")
    streamed, source = stream_dispatch(x)
    if streamed:  # documents from an iterator, a folder or Parquet: a chunk at a time
        from .documents import concat_tables, iter_documents

        chunks = iter_documents(source, progress=progress)
        return concat_tables([segment_table(d, split_quotes=split_quotes) for d in chunks])
    return segment_table(as_corpus(source), split_quotes=split_quotes, progress=progress)


def segment_table(
    table: pd.DataFrame, *, split_quotes: bool = False, progress: bool = False
) -> pd.DataFrame:
    """The sentence table of a corpus table that has been through the input door
    (:func:`discourse._validation.as_corpus`): :func:`segment` without the input handling."""
    rows = _Rows(split_quotes)
    records = table.to_dict("records")
    for rec in tqdm(records, desc="segment", unit="doc", disable=not progress):
        _document_rows(rec, rows)
    return conform(rows.frame())


def segment_units(corpus: pd.DataFrame, name: str) -> Units:
    """The sentence units of a corpus table that has been through the input door: its
    sentence table (:func:`segment_table`) as units (texts are strings, every column there)."""
    sentences = segment_table(corpus)
    return Units(sentences["text"].tolist(), f"{name}.text", table=sentences)


def sentence_units(x: Any, name: str) -> Units:
    """The sentence units of any input the detectors take, through the input door.

    A sentence table: its rows (:func:`~discourse.corpus.units.table_units`). A corpus table
    (``doc_id``, ``text``, no ``sent_id``): segmented as :func:`segment` does it, so the units
    carry its voices and speakers. Anything else (strings, a list or Series of them, a
    DataFrame with a ``text`` column and no ``doc_id``): the texts and ids of
    :func:`discourse._validation.as_documents`, split by
    :func:`~discourse.corpus.units.split_units`.

    Examples
    --------
    >>> sentence_units("One. Two.", "texts").text
    ['One.', 'Two.']
    """
    if isinstance(x, pd.DataFrame) and "doc_id" in x.columns and "sent_id" not in x.columns:
        return segment_units(as_corpus(x, name=name), name)
    if isinstance(x, pd.DataFrame) and "sent_id" in x.columns:
        return table_units(x, name)
    texts, index = as_documents(x, name)
    return split_units(list(index), texts, name)
