"""The public detector: frames in texts, with a match-by-match audit trail.

In: a sentence table (or a corpus table, or texts). Out: the match table, one row per
indicator match (:func:`find_frames`), or one boolean column per frame (:func:`detect_frames`).

The engine lives beside it, one concept per module: the matcher (:mod:`.matcher`: the codebook's
automaton and rules), presence (:mod:`.presence`: the one threshold rule) and the methods
(:mod:`.methods`: codebook, classifier, hybrid). Detection is a function of each sentence's own
words. Every input enters through the input door (:mod:`discourse._validation`) and becomes
sentence units by the one unit builder (:mod:`discourse.corpus.units`,
:func:`discourse.corpus.segment.sentence_units`): plain strings are split into sentences
(:func:`split_sentences`); a corpus table (``doc_id, text``) is segmented as
:func:`discourse.segment` does it, which gives offsets into the document and each sentence's
voice and speaker.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .._schema import conform
from .._validation import MISSING, argument, as_documents, stream_dispatch
from ..corpus._sentences import split_sentences as split_sentences
from ..corpus.segment import sentence_units
from ..corpus.units import Units, split_units
from .codebook import Codebook, resolve_codebook
from .encoder import FrameEncoder
from .matcher import PROGRESS_FROM, Match, compiled, hits, scan
from .methods import (
    ModelRow,
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

# --------------------------------------------------------------------------- public API


def find_frames(
    x: Any = MISSING,
    codebook: Codebook | str | None = None,
    *,
    method: str = "codebook",
    model: FrameModel | FrameEncoder | str | None = None,
    progress: bool | None = None,
    sentences_or_texts: Any = MISSING,
) -> pd.DataFrame:
    """Every indicator match, with its evidence: the audit trail of frame detection.

    Parameters
    ----------
    x
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
    sentences_or_texts
        The former name of ``x``: still accepted as a keyword, with a DeprecationWarning.

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
    x = argument(x, sentences_or_texts, old="sentences_or_texts", function="find_frames")
    cb = resolve_codebook(codebook)
    chosen, frame_model = resolve_method(method, model, cb, False)
    streamed, source = stream_dispatch(x)  # the input door decides, once
    if streamed:  # documents from an iterator, a folder or Parquet: segmented by chunk
        from ..corpus.documents import iter_documents

        chunks = iter_documents(source, progress=progress is not False)
        return combine_matches(
            match_table(sentence_units(d, "x"), cb, chosen, frame_model, None) for d in chunks
        )
    units = sentence_units(source, "x")
    return match_table(units, cb, chosen, frame_model, progress)


def match_table(
    units: Units,
    cb: Codebook,
    method: str,
    frame_model: FrameModel | FrameEncoder | None,
    progress: bool | None,
) -> pd.DataFrame:
    """The match table of sentence units: the units through the matcher (and, for a learned
    method, the model's probabilities and ``model`` rows), one row per match."""
    texts = units.text
    show = bool(progress or (progress is None and len(texts) > PROGRESS_FROM))
    provenance = cb.provenance()
    matcher = compiled(cb)
    indicators = matcher.indicators
    position: list[int] = []
    found: list[Match | ModelRow] = []
    for i, matches in scan(matcher, texts, show, "sentence"):
        position.extend([i] * len(matches))
        found.extend(matches)
    probability = None
    if frame_model is not None:
        matched = [m for m in found if isinstance(m, Match)]
        probability = unit_probabilities(
            frame_model, method, cb, texts, position, matched, progress
        )
        position, found = with_model_rows(frame_model, cb, texts, position, matched, probability)
    names = ["start", "doc_id", "sent_id", *units.extra_names, "voice", "speaker"]
    at = units.columns(names, position)
    start = [o + m.start for o, m in zip(at["start"], found, strict=True)]
    doc_id = at["doc_id"]
    inds = [
        indicators[m.indicator] if isinstance(m, Match) else model_indicator(m.frame, cb)
        for m in found
    ]
    # a table's matches in doc_id order; plain texts' in input order (doc-2 before doc-10)
    doc_key: list[Any] = doc_id if units.table is not None else [units.doc_pos[p] for p in position]
    order = sorted(range(len(found)), key=lambda j: (doc_key[j], start[j], inds[j].id))
    values: dict[str, list[Any]] = {
        name: [at[name][j] for j in order] for name in ("doc_id", "sent_id", *units.extra_names)
    }
    position = [position[j] for j in order]
    found = [found[j] for j in order]
    inds = [inds[j] for j in order]
    values.update(
        {
            "frame": [ind.frame for ind in inds],
            "subframe": [ind.subframe for ind in inds],
            "indicator": [ind.id for ind in inds],
            "matched": [texts[p][m.start : m.end] for p, m in zip(position, found, strict=True)],
            "start": [start[j] for j in order],
            "end": [start[j] - found[k].start + found[k].end for k, j in enumerate(order)],
            "target": [m.target for m in found],
            "negated": [m.negated for m in found],
            "voice": [at["voice"][j] for j in order],
            "speaker": [at["speaker"][j] for j in order],
            "weight": [ind.weight if ind.id != "model" else np.nan for ind in inds],
        }
    )
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
    df.attrs.update(provenance)
    out = conform(df)
    out.attrs.update(df.attrs)
    out.attrs["method"] = method
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
    x: Any = MISSING,
    codebook: Codebook | str | None = None,
    *,
    method: str | None = None,
    model: FrameModel | FrameEncoder | str | None = None,
    progress: bool | None = None,
    texts: Any = MISSING,
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
    x
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
    texts
        The former name of ``x``: still accepted as a keyword, with a DeprecationWarning.

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
    x = argument(x, texts, old="texts", function="detect_frames")
    values, index = as_documents(x, "x")  # the input door
    matcher = compiled(cb)
    frames = cb.frame_ids
    # a sentence table's rows are sentences already; other texts are split first
    sentences: list[str] = values
    owner: list[int] | None = None
    if not (isinstance(x, pd.DataFrame) and "sent_id" in x.columns):
        units = split_units(range(len(values)), values, "x")  # the one unit builder
        sentences, owner = units.text, units.doc_pos
    show = bool(progress or (progress is None and len(values) > PROGRESS_FROM))
    n_sent = len(sentences)
    rows, cols, negated = hits(matcher, sentences, show)
    sent_presence = sentence_presence(rows, cols, negated, n_sent, cb)
    where = np.arange(n_sent) if owner is None else np.asarray(owner, dtype=np.int64)
    presence = np.zeros((len(values), len(frames)), dtype=bool)
    np.logical_or.at(presence, where, sent_presence)  # a text shows what one sentence shows
    probability = None
    if frame_model is not None:
        sent_prob = model_probabilities(
            frame_model, chosen, cb, sentences, rows, cols, negated, sent_presence, progress
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
