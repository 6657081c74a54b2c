"""The public detector: frames in texts, with a match-by-match audit trail.

In: a sentence table (or a corpus table, or texts). Out: the match table, one row per
indicator match (:func:`find_frames`), or one boolean column per frame (:func:`detect_frames`).

The engine lives beside it, one concept per module: the matcher (:mod:`.matcher`: the codebook's
automaton and rules), presence (:mod:`.presence`: the one threshold rule) and the methods
(:mod:`.methods`: codebook, classifier, hybrid). Detection is a function of each sentence's own
words: plain strings are split into sentences first (:func:`split_sentences`); a corpus table
(``doc_id, text``) is segmented with :func:`discourse.segment` first, which gives offsets into
the document and each sentence's voice and speaker.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._schema import conform
from ..corpus._input import (
    SENTENCE_KEYS,
    as_corpus,
    check_sentence_table,
    list_ids,
    series_ids,
)
from ..corpus._sentences import not_one_sentence, split_sentences
from ..corpus.paths import could_stream
from ..errors import InputError
from .codebook import Codebook, resolve_codebook
from .encoder import FrameEncoder
from .matcher import PROGRESS_FROM, Match, check_text, compiled, hits, scan
from .methods import (
    model_indicator,
    model_probabilities,
    resolve_method,
    unit_probabilities,
    with_model_rows,
)
from .model import FrameModel
from .presence import sentence_presence

__all__ = ["MATCH_COLUMNS", "detect_frames", "find_frames", "split_sentences"]

MATCH_COLUMNS = [
    "doc_id",
    "sent_id",
    "frame",
    "subframe",
    "indicator",
    "matched",
    "start",
    "end",
    "target",
    "negated",
    "voice",
    "speaker",
    "weight",
]

# --------------------------------------------------------------------------- inputs


def _texts(texts: Any, name: str) -> tuple[list[str], pd.Index]:
    """The texts of ``texts`` and their index: ``doc_id`` by the package's one scheme
    (:mod:`discourse.corpus._input`), or a sentence table's own index (one row per sentence)."""
    if isinstance(texts, pd.DataFrame) and "text" not in texts.columns:
        raise InputError(f"{name}: the DataFrame has no 'text' column")
    if isinstance(texts, pd.DataFrame) and ("sent_id" in texts.columns or "doc_id" not in texts):
        values = texts["text"].tolist()
        for i, v in enumerate(values if not _all_str(values) else ()):
            check_text(v, f"{name}.text[{i}] (index {texts.index[i]!r})")
        return values, texts.index
    if isinstance(texts, Iterable) and not isinstance(
        texts, str | list | tuple | pd.Series | pd.DataFrame | Mapping
    ):
        texts = list(texts)
    if isinstance(texts, list | tuple | pd.Series):
        values = list(texts)
        ids = (
            series_ids(texts.index, name) if isinstance(texts, pd.Series) else list_ids(len(values))
        )
        for i, v in enumerate(values if not _all_str(values) else ()):
            check_text(v, f"{name}[{i}] (doc_id {ids[i]!r})")
        return values, pd.Index(ids, dtype=object, name="doc_id")  # strings, checked above
    corpus = as_corpus(texts, name=name)
    values = corpus["text"].fillna("").tolist()
    return values, pd.Index(corpus["doc_id"].astype(str).tolist(), name="doc_id")


def _all_str(values: list[Any]) -> bool:
    """Whether every value is exactly a ``str`` (a fast check; a loop then names the culprit)."""
    return set(map(type, values)) <= {str}


@dataclass
class _Units:
    """Sentences to scan: their texts, and the match table's columns read at given positions.

    A sentence table is kept as it is (``table``) and read only where a sentence matched;
    texts split here carry their columns as lists, one entry per sentence.
    """

    text: list[Any]
    where: str  # how to name a row in an error message
    table: pd.DataFrame | None = None
    doc_id: list[Any] = field(default_factory=list)
    sent_id: list[int] = field(default_factory=list)
    offset: list[int] = field(default_factory=list)
    doc_pos: list[int] = field(default_factory=list)  # position of a text's document in input
    extra_names: list[str] = field(default_factory=list)

    def column(self, name: str, positions: list[int]) -> list[Any]:
        """The values of column ``name`` (a match-table column) at ``positions``."""
        if self.table is None:
            if name in ("voice", "speaker"):
                return [pd.NA] * len(positions)
            values = {"doc_id": self.doc_id, "sent_id": self.sent_id, "start": self.offset}[name]
            return [values[p] for p in positions]
        if name not in self.table.columns:
            return [pd.NA] * len(positions)
        taken = self.table[name].take(positions).tolist()
        return [int(v) for v in taken] if name == "start" else taken


def _units(data: Any, name: str) -> _Units:
    """Sentences to scan: from a sentence table, a corpus table, or plain strings."""
    if (
        isinstance(data, pd.DataFrame)
        and "doc_id" in data.columns
        and "sent_id" not in data.columns
    ):
        if "text" not in data.columns:
            raise InputError(f"{name}: the corpus table has no 'text' column")
        from ..corpus.segment import segment  # a corpus table is segmented as segment() does it

        data = segment(data, progress=False)
    if isinstance(data, pd.DataFrame) and "sent_id" in data.columns:
        missing = [c for c in SENTENCE_KEYS if c not in data.columns]
        if missing:
            raise InputError(
                f"{name}: the sentence table lacks column(s) {', '.join(missing)} "
                f"(a sentence table has {', '.join(SENTENCE_KEYS)}, voice, speaker; "
                "see discourse.segment)"
            )
        check_sentence_table(data, name=name)
        extra = ["part"] if "part" in data.columns else []
        return _Units(data["text"].tolist(), f"{name}.text", table=data, extra_names=extra)
    texts, index = _texts(data, name)
    ids = list(index)
    units = _Units([], name)
    for d, (doc_id, text) in enumerate(zip(ids, texts, strict=True)):
        for k, (s, e) in enumerate(split_sentences(text)):
            units.doc_pos.append(d)
            units.doc_id.append(doc_id)
            units.sent_id.append(k)
            units.offset.append(s)
            units.text.append(text[s:e])
    return units


# --------------------------------------------------------------------------- public API


def find_frames(
    sentences_or_texts: Any,
    codebook: Codebook | str | None = None,
    *,
    method: str = "codebook",
    model: FrameModel | FrameEncoder | str | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every indicator match, with its evidence: the audit trail of frame detection.

    Parameters
    ----------
    sentences_or_texts
        A sentence table (columns ``doc_id, sent_id, start, end, text`` and optionally
        ``voice, speaker, part``, as :func:`discourse.segment` returns), a corpus table
        (``doc_id, text``; segmented with :func:`discourse.segment`, so ``sent_id``, ``voice``
        and ``speaker`` are segment's), a string, or a sequence/Series of strings (``doc_id`` is
        then ``doc-0``, ``doc-1``, ... or the Series index as a string, the scheme every function
        shares; texts are split with :func:`split_sentences`). An iterator of document dicts, a
        folder of ``.txt`` files or a Parquet dataset (a ``Path``; a string is always a text) is
        segmented and searched a chunk at a time
        (:func:`discourse.corpus.documents.iter_documents`).
    codebook
        A :class:`~discourse.frames.codebook.Codebook`, a path to one, or ``None`` for the default.
    method
        ``"codebook"`` (default): the codebook's matches only. ``"classifier"``, ``"hybrid"`` or
        ``"encoder"``: the same audit trail plus the learned layer or the encoder (as in
        :func:`detect_frames`): a ``probability`` column (the model's probability of the
        match's frame for its sentence; NA for frames the model does not learn), and one row
        with ``indicator`` ``"model"`` (``matched`` the whole sentence, ``weight`` NA) for each
        sentence and frame the model predicts without a non-negated codebook match of that
        frame. Codebook rows of frames the model rejects stay, with their low probability.
    model
        The learned model for those methods: a :class:`~discourse.frames.model.FrameModel`, a
        :class:`~discourse.frames.encoder.FrameEncoder` or a path (``None``: the shipped one).
    progress
        Show a progress bar over the sentences (``None``: only for more than 50,000).

    Returns
    -------
    pandas.DataFrame
        One row per match, columns ``doc_id, sent_id, frame, subframe, indicator, matched,
        start, end, target, negated, voice, speaker, weight`` (plus ``part`` after ``sent_id``
        when the sentence table has it). ``start``/``end`` index the document's text: the
        sentence's ``start`` plus the offset inside the sentence (for plain strings, the string
        itself). ``target`` is the actor a proximity rule found (else NA). Negated matches are
        reported with ``negated=True`` and do not count as frame presence. Rows are ordered by
        ``doc_id, start, indicator``. ``attrs`` records ``codebook_name``,
        ``codebook_version`` and ``codebook_hash``.

    Raises
    ------
    InputError
        A text is not a string (the message names its position) or a sentence table lacks
        columns.

    Examples
    --------
    >>> m = find_frames("France is used to teaching others. We never blame Europe's meddling.")
    >>> m[["sent_id", "frame", "matched", "target", "negated"]]
       sent_id         frame           matched  target  negated
    0        0  anti_western   teaching others  France    False
    1        1  anti_western          meddling  Europe     True
    """
    cb = resolve_codebook(codebook)
    chosen, frame_model = resolve_method(method, model, cb, False)
    if could_stream(sentences_or_texts):  # the chunked reader only when it may be needed
        from ..corpus.documents import iter_documents, stream_dispatch
        from ..corpus.segment import segment

        streamed, sentences_or_texts = stream_dispatch(sentences_or_texts)
        if streamed:  # documents from an iterator, a folder or Parquet: segmented by chunk
            chunks = iter_documents(sentences_or_texts, progress=progress is not False)
            return combine_matches(
                [
                    find_frames(segment(d, progress=False), cb, method=chosen, model=frame_model)
                    for d in chunks
                ]
            )
    matcher = compiled(cb)
    units = _units(sentences_or_texts, "sentences_or_texts")
    texts = units.text
    for i, text in enumerate(texts if not _all_str(texts) else ()):
        if not isinstance(text, str):
            doc_id = units.column("doc_id", [i])[0]
            check_text(text, f"{units.where}[{i}] (doc_id {doc_id!r})")
    show = bool(progress or (progress is None and len(texts) > PROGRESS_FROM))
    indicators = matcher.indicators
    position: list[int] = []
    found: list[Match] = []
    for i, matches in scan(matcher, texts, show, "sentence"):
        position.extend([i] * len(matches))
        found.extend(matches)
    probability = None
    if frame_model is not None:
        probability = unit_probabilities(frame_model, chosen, cb, texts, position, found, progress)
        position, found = with_model_rows(frame_model, cb, texts, position, found, probability)
    offset = units.column("start", position)
    start = [o + m.start for o, m in zip(offset, found, strict=True)]
    doc_id = units.column("doc_id", position)
    ind_id = [indicators[m.indicator].id if m.indicator >= 0 else "model" for m in found]
    # a table's matches in doc_id order; plain texts' in input order (doc-2 before doc-10)
    doc_key: list[Any] = doc_id if units.table is not None else [units.doc_pos[p] for p in position]
    order = sorted(range(len(found)), key=lambda j: (doc_key[j], start[j], ind_id[j]))
    position = [position[j] for j in order]
    found = [found[j] for j in order]
    inds = [
        indicators[m.indicator] if m.indicator >= 0 else model_indicator(m.indicator, cb)
        for m in found
    ]
    values: dict[str, list[Any]] = {
        "doc_id": [doc_id[j] for j in order],
        "sent_id": units.column("sent_id", position),
        **{name: units.column(name, position) for name in units.extra_names},
        "frame": [ind.frame for ind in inds],
        "subframe": [ind.subframe for ind in inds],
        "indicator": [ind.id for ind in inds],
        "matched": [texts[p][m.start : m.end] for p, m in zip(position, found, strict=True)],
        "start": [start[j] for j in order],
        "end": [start[j] - found[k].start + found[k].end for k, j in enumerate(order)],
        "target": [m.target for m in found],
        "negated": [m.negated for m in found],
        "voice": units.column("voice", position),
        "speaker": units.column("speaker", position),
        "weight": [ind.weight if ind.id != "model" else np.nan for ind in inds],
    }
    columns = MATCH_COLUMNS[:2] + units.extra_names + MATCH_COLUMNS[2:]
    if probability is not None and frame_model is not None:
        learned = {f: j for j, f in enumerate(frame_model.frames)}
        values["probability"] = [
            float(probability[p, learned[ind.frame]]) if ind.frame in learned else np.nan
            for p, ind in zip(position, inds, strict=True)
        ]
        columns = [*columns, "probability"]
    df = pd.DataFrame(
        {
            name: pd.array(values[name], dtype=_DTYPES[name]) if name in _DTYPES else values[name]
            for name in columns
        }
    )
    df.attrs.update(cb.provenance())
    out = conform(df)
    out.attrs.update(df.attrs)
    out.attrs["method"] = chosen
    if frame_model is not None:
        out.attrs.update(frame_model.provenance())
    return out


def combine_matches(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-chunk match tables in :func:`discourse.find_frames`'s order.

    ``find_frames`` orders rows by ``doc_id, start, indicator`` (stable); rows that tie on
    those keys belong to one document, hence one chunk, so a stable sort of the concatenation
    is the whole-corpus order whatever the chunking or the documents' order.
    """
    from ..corpus.documents import concat_tables

    parts = list(parts)
    out = concat_tables(parts).sort_values(
        ["doc_id", "start", "indicator"], kind="stable", ignore_index=True
    )
    if parts:
        out.attrs.update(parts[0].attrs)
    return out


_DTYPES: dict[str, Any] = {
    "doc_id": "string",
    "sent_id": "int64",
    "start": "int64",
    "end": "int64",
    "negated": "bool",
    "weight": "float64",
    "frame": "string",
    "subframe": "string",
    "indicator": "string",
    "matched": "string",
    "target": "string",
    "voice": "string",
    "speaker": "string",
}


def detect_frames(
    texts: Any,
    codebook: Codebook | str | None = None,
    *,
    method: str | None = None,
    model: FrameModel | FrameEncoder | str | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Which frames each text shows.

    A frame is present in a text when at least one of its sentences shows it. How a sentence is
    decided depends on ``method``:

    ``"codebook"``
        The codebook's rule: the summed weight of the distinct indicators with a non-negated
        match in the sentence reaches the frame's threshold (default threshold 1, so one
        full-weight indicator suffices; a half-weight indicator needs a second, different
        indicator in the same sentence).
    ``"classifier"``
        The shipped learned layer (:mod:`discourse.frames.model`): logistic regression over the
        codebook's indicators and the sentence's words; the frame is present when its
        probability reaches the model's threshold.
    ``"hybrid"``
        The same model, applied only to candidate sentences (a codebook indicator matched, or a
        broad cue word); other sentences show no frame.
    ``"encoder"``
        A small transformer with trained heads (:mod:`discourse.frames.encoder`, run with ONNX
        Runtime) on the same candidate sentences; :func:`discourse.explain_frames` shows the
        coded training units nearest to a sentence.

    Parameters
    ----------
    texts
        A string, a sequence or Series of strings, or a DataFrame with a ``text`` column (a
        sentence table gives one row per sentence, each taken as one sentence; other texts are
        split into sentences first). Empty strings give all-False rows.
    codebook
        A :class:`~discourse.frames.codebook.Codebook`, a path, or ``None`` for the default.
    method
        ``"codebook"``, ``"classifier"``, ``"hybrid"`` or ``"encoder"``. ``None`` (default):
        the method the shipped model records as best in cross-validation grouped by speaker on
        the training units (:func:`default_method`) with the default codebook; ``"codebook"``
        with any other.
    model
        A :class:`~discourse.frames.model.FrameModel` (classifier, hybrid), a
        :class:`~discourse.frames.encoder.FrameEncoder` (encoder) or the path of one (``None``:
        the one that ships with the package). Only the learned methods use it.
    progress
        Show a progress bar over the texts (``None``: only for more than 50,000).

    Returns
    -------
    pandas.DataFrame
        One row per input text, in input order, indexed by ``doc_id`` (a list's texts
        ``doc-0``, ``doc-1``, ...; a Series' own index; a corpus table's ``doc_id``; a sentence
        table or other DataFrame keeps its index), one boolean column per frame id in codebook
        order. ``attrs`` records the codebook and the method, and for a learned method the
        model's version and hash and ``attrs["probability"]``: per text and learned frame, the
        highest probability of its sentences.

    Raises
    ------
    InputError
        A text is not a string (None, NaN, a number): the message names its position; an
        unknown ``method``.
    CodebookError
        A learned method with a codebook other than the one the model was trained with.
    ChecksumError
        The model file differs from its pinned sha256.

    Examples
    --------
    >>> texts = ["We defend traditional values.", "The West imposes its will.", ""]
    >>> df = detect_frames(texts, method="codebook")
    >>> df[["traditional_values", "anti_western"]]
            traditional_values  anti_western
    doc_id
    doc-0                 True         False
    doc-1                False          True
    doc-2                False         False
    """
    cb = resolve_codebook(codebook)
    chosen, frame_model = resolve_method(method, model, cb, codebook is None)
    values, index = _texts(texts, "texts")
    matcher = compiled(cb)
    frames = cb.frame_ids
    # a sentence table's rows are sentences already; other texts are split first
    sentences: list[str] = values
    owner: list[int] | None = None
    if not (isinstance(texts, pd.DataFrame) and "sent_id" in texts.columns):
        multi = not_one_sentence(values)  # a text that is one sentence is not split again
        if multi:
            sentences, owner = [], []
            prev = 0
            for i in multi:
                sentences.extend(values[prev:i])
                owner.extend(range(prev, i))
                text = values[i]
                for s, e in split_sentences(text):
                    sentences.append(text[s:e])
                    owner.append(i)
                prev = i + 1
            sentences.extend(values[prev:])
            owner.extend(range(prev, len(values)))
    show = bool(progress or (progress is None and len(values) > PROGRESS_FROM))
    n_sent = len(sentences)
    rows, cols = hits(matcher, sentences, show)
    sent_presence = sentence_presence(rows, cols, n_sent, cb)
    where = np.arange(n_sent) if owner is None else np.asarray(owner, dtype=np.int64)
    presence = np.zeros((len(values), len(frames)), dtype=bool)
    np.logical_or.at(presence, where, sent_presence)  # a text shows what one sentence shows
    probability = None
    if frame_model is not None:
        sent_prob = model_probabilities(
            frame_model, chosen, cb, sentences, rows, cols, sent_presence, progress
        )
        learned_frames = list(frame_model.frames)
        per_text = np.zeros((len(values), len(learned_frames)))
        np.maximum.at(per_text, where, sent_prob)
        cut = np.asarray(frame_model.thresholds, dtype=np.float64)
        for j, frame in enumerate(learned_frames):  # the model decides the frames it learned
            presence[:, frames.index(frame)] = per_text[:, j] >= cut[j]
        probability = pd.DataFrame(per_text, columns=learned_frames)
        probability.index = index
    out = pd.DataFrame(presence, index=pd.RangeIndex(len(values)), columns=frames)
    out.index = index.astype("string") if index.name == "doc_id" else index
    out.attrs.update(cb.provenance())
    out.attrs["method"] = chosen
    if frame_model is not None:
        out.attrs.update(frame_model.provenance())
        out.attrs["probability"] = probability
    return out
