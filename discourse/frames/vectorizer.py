"""Frames as features: a scikit-learn transformer over raw texts.

In: texts (a list or Series of strings). Out: one row per text and one column per frame,
sub-frame or indicator (match counts or 0/1 presence), inside a scikit-learn pipeline.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .._validation import as_texts, list_positions
from ..errors import InputError
from .codebook import Codebook, resolve_codebook
from .detect import find_frames
from .matcher import compiled
from .presence import frame_presence

__all__ = ["FrameVectorizer"]

_LEVELS = ("frame", "subframe", "indicator")


class FrameVectorizer(TransformerMixin, BaseEstimator):
    """Turn texts into frame features with a codebook (a scikit-learn transformer).

    The codebook is fixed, so ``fit`` learns nothing from the data: it resolves the codebook
    and the feature names. It makes the detector usable inside a
    :class:`~sklearn.pipeline.Pipeline` or a
    :class:`~sklearn.compose.ColumnTransformer` beside a bag of words.

    Parameters
    ----------
    codebook : Codebook, str, path or None
        The codebook (``None``: the package's default).
    binary : bool, default False
        ``False``: the number of non-negated matches of each feature in the text.
        ``True``: 1 when the feature is present, else 0 (for ``level="frame"``, presence
        follows :func:`discourse.detect_frames`: a sentence reaches the frame's threshold).
    level : {"frame", "subframe", "indicator"}, default "frame"
        The features: one per frame, per ``frame/subframe`` or per indicator id.

    Attributes
    ----------
    codebook_ : Codebook
        The resolved codebook.
    codebook_hash_ : str
        Its content hash.
    feature_names_ : list of str
        The output feature names.

    Examples
    --------
    >>> vec = FrameVectorizer(binary=True).set_output(transform="pandas")
    >>> X = vec.fit_transform(["We defend traditional values.", "Trade grew."])
    >>> X[["traditional_values", "anti_western"]]
       traditional_values  anti_western
    0                   1             0
    1                   0             0
    """

    def __init__(
        self,
        codebook: Codebook | str | None = None,
        binary: bool = False,
        level: str = "frame",
    ) -> None:
        self.codebook = codebook
        self.binary = binary
        self.level = level

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.requires_fit = True
        return tags

    def fit(self, X: Any, y: Any = None) -> FrameVectorizer:
        """Resolve the codebook and the feature names; returns ``self``.

        Parameters
        ----------
        X : iterable of str
            Texts (validated, otherwise unused: the codebook is fixed).
        y : ignored
        """
        if self.level not in _LEVELS:
            raise InputError(f"level must be one of {', '.join(_LEVELS)}, not {self.level!r}")
        as_texts(X)
        cb = resolve_codebook(self.codebook)
        compiled(cb)
        if self.level == "frame":
            names = cb.frame_ids
        elif self.level == "subframe":
            names = [f"{f.id}/{s.id}" for f in cb.frames for s in f.subframes] + [
                f"{f.id}/"
                for f in cb.frames
                if any(i.frame == f.id and i.subframe is None for i in cb.indicators)
            ]
        else:
            names = [i.id for i in cb.indicators]
        self.codebook_ = cb
        self.codebook_hash_ = cb.hash
        self.feature_names_ = names
        return self

    def transform(self, X: Any) -> np.ndarray:
        """The feature matrix, shape ``(n_texts, n_features)``, dtype int64."""
        check_is_fitted(self, "feature_names_")
        texts = as_texts(X)
        names = self.feature_names_
        out = np.zeros((len(texts), len(names)), dtype=np.int64)
        if not texts:
            return out
        matches = find_frames(texts, self.codebook_)
        if matches.empty:
            return out
        col = {n: j for j, n in enumerate(names)}
        if self.level == "frame" and self.binary:
            present = frame_presence(matches, self.codebook_, ["doc_id", "sent_id"])
            per_doc = present.groupby("doc_id")[names].any()
            out[_positions(per_doc.index)] = per_doc.to_numpy(dtype=np.int64)
            return out
        live = matches.loc[~matches["negated"]]
        if self.level == "frame":
            feature = live["frame"]
        elif self.level == "subframe":
            feature = live["frame"] + "/" + live["subframe"].fillna("")
        else:
            feature = live["indicator"]
        docs = _positions(live["doc_id"])
        cols = np.array([col[name] for name in feature.tolist()], dtype=np.int64)
        np.add.at(out, (docs, cols), 1)
        if self.binary:
            np.minimum(out, 1, out=out)
        return out

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The feature names (frame ids, ``frame/subframe`` or indicator ids)."""
        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)


def _positions(doc_ids: Any) -> np.ndarray:
    """Row positions of ``find_frames`` doc_ids of a list of texts (``doc-<i>`` -> ``i``)."""
    return np.array(list_positions(doc_ids), dtype=np.int64)
