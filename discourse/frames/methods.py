"""Methods: how ``detect_frames`` decides — the codebook's rule, the learned classifier, or the
hybrid (the classifier on the codebook's candidate sentences).

In: a method name and a model (or ``None``: the shipped one), the matcher's hits and the
codebook's presence. Out: the verified model to run (:func:`resolve_method`), the learned layer's
probabilities per sentence (:func:`model_probabilities`), the ``model`` rows of the audit trail
(:func:`with_model_rows`), and the codebook's features of sentences (:func:`indicator_matrix`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from .._validation import check_text
from ..errors import CodebookError, InputError
from .codebook import Codebook, Indicator, resolve_codebook
from .encoder import FrameEncoder, load_encoder
from .matcher import Match, compiled, hits
from .model import METHODS, FrameModel, load_model
from .presence import sentence_presence

DEFAULT_METHOD_FALLBACK = "codebook"


class ModelRow(NamedTuple):
    """A ``model`` row of the audit trail: the learned layer predicts a frame for a unit in
    which no non-negated codebook indicator of that frame matched.

    ``frame`` is the frame's position in the codebook's frames; the row spans the whole unit
    (``start`` 0, ``end`` its length). ``target`` and ``negated`` are there so a row reads like
    a :class:`~discourse.frames.matcher.Match`; a model row has neither.
    """

    frame: int
    start: int
    end: int
    target: str | None = None
    negated: bool = False


def default_method() -> str:
    """The default ``method`` of :func:`detect_frames`: the shipped model's ``default_method``.

    Chosen when the model was trained, by cross-validation grouped by country on the training
    units (never by the held-out batch); ``"codebook"`` when no model ships.
    """
    try:
        return load_model().default_method
    except InputError:
        return DEFAULT_METHOD_FALLBACK


def resolve_method(
    method: str | None,
    model: FrameModel | FrameEncoder | str | None,
    cb: Codebook,
    default_codebook: bool,
) -> tuple[str, FrameModel | FrameEncoder | None]:
    """The method to run and, for a learned one, the verified model or encoder (read once)."""
    frame_model = model if isinstance(model, FrameModel) else None
    path = None if isinstance(model, FrameModel | FrameEncoder) else model
    if method is None and not default_codebook:
        method = "codebook"
    elif method is None:
        try:
            frame_model = frame_model or load_model(path)
        except InputError:  # no model ships: the codebook decides
            return DEFAULT_METHOD_FALLBACK, None
        method = frame_model.default_method
        if method == "encoder":
            path = None
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(map(repr, METHODS))}, not {method!r}")
    if method == "codebook":
        return method, None
    if method == "encoder":
        encoder = model if isinstance(model, FrameEncoder) else load_encoder(path)
        unknown = sorted(set(encoder.frames) - set(cb.frame_ids))
        if unknown:
            raise CodebookError(f"the encoder's frames {unknown} are not in the codebook")
        return method, encoder
    if isinstance(model, FrameEncoder):
        raise InputError(f"method={method!r} needs a FrameModel, not a FrameEncoder")
    frame_model = frame_model or load_model(path)
    frame_model.check_codebook(cb.version, cb.hash)
    unknown = sorted(set(frame_model.frames) - set(cb.frame_ids))
    if unknown or list(frame_model.indicators) != [ind.id for ind in cb.indicators]:
        raise CodebookError(
            "the model's frames and indicators are not the codebook's (frames it lacks: "
            f"{unknown}); retrain the model with this codebook"
        )
    return method, frame_model


def model_probabilities(
    frame_model: FrameModel | FrameEncoder,
    method: str,
    cb: Codebook,
    sentences: list[str],
    rows: np.ndarray,
    cols: np.ndarray,
    negated: np.ndarray,
    presence: np.ndarray,
    progress: bool | None = None,
) -> np.ndarray:
    """Per-sentence probabilities of a learned method (0 outside the hybrid's candidates).

    ``rows, cols, negated`` are the scan's matches (:func:`hits`), ``presence`` the codebook's rule
    per sentence (:func:`~discourse.frames.presence.sentence_presence`); the model's indicators
    are the codebook's, in its order (:func:`resolve_method` checks it).
    """
    n = len(sentences)
    out = np.zeros((n, len(frame_model.frames)))
    r, c = rows, cols
    if isinstance(frame_model, FrameEncoder):  # the encoder sees the prefilter's candidates
        matched = np.zeros(n, dtype=bool)
        matched[r] = True
        idx = np.flatnonzero(frame_model.is_candidate(sentences, matched))
        if len(idx):
            picked = [sentences[i] for i in idx]
            out[idx] = frame_model.predict_proba(picked, progress=progress)
        return out
    chosen = np.ones(n, dtype=bool)
    if method == "hybrid":
        matched = np.zeros(n, dtype=bool)
        matched[r] = True  # any indicator matched, negated or not
        chosen = frame_model.is_candidate(sentences, matched)
    idx = np.flatnonzero(chosen)
    if len(idx):  # scipy only when the model has sentences to score
        import scipy.sparse as sp

        live = ~negated
        width = len(frame_model.indicators)
        counts = sp.csr_matrix((np.ones(int(live.sum())), (r[live], c[live])), shape=(n, width))
        presence = presence[:, [cb.frame_ids.index(f) for f in frame_model.frames]]
        picked = [sentences[i] for i in idx]
        features = frame_model.features(picked, counts[idx], presence[idx])
        out[idx] = frame_model.predict_proba(features)
    return out


def unit_probabilities(
    frame_model: FrameModel | FrameEncoder,
    method: str,
    cb: Codebook,
    texts: list[str],
    position: list[int],
    found: list[Match],
    progress: bool | None = None,
) -> np.ndarray:
    """The learned layer's probabilities per scanned unit, from the scan's matches."""
    rows = np.asarray(position, dtype=np.int64)
    cols = np.asarray([m.indicator for m in found], dtype=np.int64)
    negated = np.asarray([m.negated for m in found], dtype=bool)
    presence = sentence_presence(rows, cols, negated, len(texts), cb)
    return model_probabilities(
        frame_model, method, cb, texts, rows, cols, negated, presence, progress
    )


def with_model_rows(
    frame_model: FrameModel | FrameEncoder,
    cb: Codebook,
    texts: list[str],
    position: list[int],
    found: list[Match],
    probability: np.ndarray,
) -> tuple[list[int], list[Match | ModelRow]]:
    """Add a :class:`ModelRow` for each unit and frame the model predicts with no codebook
    match (non-negated) of that frame; returns the positions and rows, codebook matches first.
    """
    live = {
        (p, cb.indicators[m.indicator].frame)
        for p, m in zip(position, found, strict=True)
        if not m.negated
    }
    cut = np.asarray(frame_model.thresholds)
    rows: list[Match | ModelRow] = list(found)
    position = list(position)
    for j, frame in enumerate(frame_model.frames):
        k = cb.frame_ids.index(frame)
        for p in np.flatnonzero(probability[:, j] >= cut[j]):
            if (int(p), frame) not in live:
                position.append(int(p))
                rows.append(ModelRow(k, 0, len(texts[p])))
    return position, rows


def model_indicator(frame_pos: int, cb: Codebook) -> Indicator:
    """The ``model`` pseudo-indicator (no patterns, weight NaN) of a :class:`ModelRow`'s frame
    (``frame_pos``, its position in the codebook's frames)."""
    frame = cb.frame_ids[frame_pos]
    return Indicator(
        id="model", frame=frame, subframe=None, kind="model", patterns=(), weight=float("nan")
    )


def indicator_matrix(
    sentences: Sequence[str], codebook: Codebook | str | None = None
) -> tuple[Any, np.ndarray]:
    """The codebook's features of each sentence, taken as one sentence each (no splitting).

    Returns ``(counts, presence)``: a SciPy CSR matrix ``(n, n_indicators)`` of non-negated
    match counts, columns in codebook indicator order, and a boolean array ``(n, n_frames)`` of
    the codebook's own frame decisions. The learned layer's features start from these.
    """
    import scipy.sparse as sp

    cb = resolve_codebook(codebook)
    texts = [check_text(t, f"sentences[{i}]") for i, t in enumerate(sentences)]
    rows, cols, negated = hits(compiled(cb), texts, False)
    live = ~negated
    counts = sp.csr_matrix(
        (np.ones(int(live.sum())), (rows[live], cols[live])), shape=(len(texts), len(cb.indicators))
    )
    return counts, sentence_presence(rows, cols, negated, len(texts), cb)


def candidates(sentences: Sequence[str], codebook: Codebook | str | None = None) -> np.ndarray:
    """The prefilter of the ``hybrid`` and ``encoder`` methods, per sentence (no splitting).

    A sentence is a candidate when any codebook indicator matches it (negated or not) or it
    holds a broad cue word of the shipped model's ``candidate_pattern``; only candidates are
    given to the learned layer or the encoder, other sentences show no frame.

    Examples
    --------
    >>> candidates(["The West imposes its will.", "The weather was fine."]).tolist()
    [True, False]
    """
    cb = resolve_codebook(codebook)
    texts = [check_text(t, f"sentences[{i}]") for i, t in enumerate(sentences)]
    rows, _, _ = hits(compiled(cb), texts, False)
    matched = np.zeros(len(texts), dtype=bool)
    matched[rows] = True
    return load_model().is_candidate(texts, matched)
