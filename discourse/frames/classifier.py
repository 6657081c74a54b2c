"""The learned layer: a scikit-learn classifier over the codebook's indicators and the words.

:class:`FrameClassifier` is trained on coded sentences (a list of texts and a 0/1 table with one
column per frame) and predicts the probability of each frame in a text. Its features are those
of :class:`discourse.frames.model.FrameModel`: the codebook's indicators (which fired, and the
codebook's own decision per frame) beside a TF-IDF bag of word uni- and bigrams; one
logistic regression per frame. No sentence embeddings: embeddings from MiniLM and MPNet did
not beat TF-IDF on speakers outside the training data in this project's tests (issue notes in
``corpus/validation/README.md``), and they would need a deep-learning runtime the default
install cannot carry.

Texts in, a probability table out; :meth:`FrameClassifier.to_model` exports the trained model
as plain hashed data, which ``discourse.detect_frames(..., method="classifier" | "hybrid")``
applies. A researcher can retrain it on their own coded units::

    clf = FrameClassifier().fit(texts, labels)        # labels: DataFrame, one 0/1 column a frame
    clf.to_model().save("my-model.json")
    dc.detect_frames(sentences, method="hybrid", model="my-model.json")
"""

from __future__ import annotations

import platform
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import sklearn
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from .._validation import as_texts as _texts
from ..errors import InputError
from .codebook import Codebook, resolve_codebook
from .detect import detect_frames
from .methods import indicator_matrix
from .model import METHODS, FrameModel

__all__ = ["CANDIDATE_PATTERN", "FrameClassifier"]

# The hybrid's broad prefilter beside any codebook match: words a sentence of either frame is
# likely to hold (written from the frame definitions; high recall is the point, not precision).
CANDIDATE_PATTERN = (
    r"\b(?:tradition\w*|famil(?:y|ies)|marriage|moral\w*|immoral\w*|spiritual\w*|religio\w*"
    r"|faith|church\w*|orthodox\w*|islam\w*|christian\w*|sacred|divine|god|virtue\w*|decaden\w*"
    r"|degrad\w*|pervers\w*|debauch\w*|permissiv\w*|homosexual\w*|lgbt\w*|gender|same-sex"
    r"|values|heritage|identity|civili[sz]ation\w*|west\w*|nato|united states|america\w*"
    r"|washington|europe\w*|eu|brussels|britain|british|united kingdom|france|french|germany"
    r"|german|imperialis\w*|colonial\w*|neo-?colonial\w*|hegemon\w*|unipolar|sanction\w*"
    r"|embargo\w*|blockade\w*|interfer\w*|meddl\w*|diktat|dictat\w*|double standards?"
    r"|regime change|plunder\w*|exploit\w*|apartheid|domina\w*|impos\w*|usaid|ngos?)\b"
)


def _labels(y: Any, codebook_frames: list[str], n: int) -> tuple[list[str], np.ndarray]:
    """The coded frames and ``y`` as an ``(n, n_frames)`` 0/1 array.

    ``y`` is a DataFrame whose columns named after codebook frames are the labels (other
    columns are ignored), a Series named after one frame, or an array with one column per
    codebook frame in codebook order.
    """
    if isinstance(y, pd.Series):
        y = y.to_frame()
    if isinstance(y, pd.DataFrame):
        frames = [f for f in codebook_frames if f in y.columns]
        if not frames:
            raise InputError(
                f"y has no column named after a codebook frame ({', '.join(codebook_frames)}); "
                "give one 0/1 column per coded frame"
            )
        values = y[frames].to_numpy()
    else:
        frames = list(codebook_frames)
        values = np.asarray(y)
        if values.ndim == 1 and len(frames) == 1:
            values = values[:, None]
    missing = pd.isna(pd.DataFrame(values)).to_numpy() if values.dtype == object else None
    if values.dtype.kind == "f":
        missing = np.isnan(values)
    if missing is not None and missing.any():
        row, col = (int(v[0]) for v in np.nonzero(missing))
        raise InputError(
            f"y[{frames[col]!r}] is missing at row {row} ({int(missing.sum())} missing label(s) "
            "in all); code every text 0 or 1, or drop the uncoded texts from X and y"
        )
    if values.shape != (n, len(frames)):
        raise InputError(
            f"y has shape {values.shape}; expected ({n}, {len(frames)}): one row a text, "
            f"one column a frame ({', '.join(frames)})"
        )
    if not np.isin(values, [0, 1]).all():
        raise InputError("y must hold 0/1 labels only")
    return frames, values.astype(np.int64)


class FrameClassifier(ClassifierMixin, BaseEstimator):
    """Frame probabilities from codebook indicators and words (a scikit-learn estimator).

    Parameters
    ----------
    codebook : Codebook, str, path or None
        The codebook whose indicators are features (``None``: the package's default).
    C : float, default 1.0
        Inverse regularisation strength of each frame's logistic regression.
    max_features : int, default 5000
        The TF-IDF vocabulary's size (the most frequent uni- and bigrams).
    min_df : int, default 2
        A term must occur in at least this many training texts.
    thresholds : dict or None
        Probability threshold per frame id (``None``: 0.5 for every frame).
    candidate_pattern : str
        The hybrid method's broad cue words (``CANDIDATE_PATTERN``).
    default_method : {"codebook", "classifier", "hybrid"}, default "hybrid"
        Recorded in the exported model as what ``detect_frames`` uses by default.

    Attributes
    ----------
    frames_ : list of str
        The frames the model learned (the columns of ``predict_proba``).
    model_ : FrameModel
        The trained model as plain data.
    codebook_ : Codebook
        The resolved codebook.

    Examples
    --------
    >>> texts = ["We defend traditional values.", "Trade grew.", "The West imposes its will.",
    ...          "The harvest was good.", "Family values are under attack.", "Rain fell."]
    >>> y = pd.DataFrame({"traditional_values": [1, 0, 0, 0, 1, 0],
    ...                   "anti_western": [0, 0, 1, 0, 0, 0]})
    >>> clf = FrameClassifier(min_df=1).fit(texts, y)
    >>> clf.predict(["Traditional values matter."]).columns.tolist()
    ['traditional_values', 'anti_western']
    """

    def __init__(
        self,
        codebook: Codebook | str | None = None,
        C: float = 1.0,
        max_features: int = 5000,
        min_df: int = 2,
        thresholds: dict[str, float] | None = None,
        candidate_pattern: str = CANDIDATE_PATTERN,
        default_method: str = "hybrid",
    ) -> None:
        self.codebook = codebook
        self.C = C
        self.max_features = max_features
        self.min_df = min_df
        self.thresholds = thresholds
        self.candidate_pattern = candidate_pattern
        self.default_method = default_method

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.target_tags.multi_output = True
        return tags

    def fit(self, X: Any, y: Any, *, training: dict[str, Any] | None = None) -> FrameClassifier:
        """Train on texts ``X`` (each taken as one sentence) and labels ``y``; returns ``self``.

        ``y``: a DataFrame with a 0/1 column for each coded frame (columns named after codebook
        frames; the model learns those frames, the codebook decides the others), or an array
        of shape ``(n_texts, n_frames)`` in codebook frame order. ``training`` (optional) is
        provenance stored in the exported model (e.g. the coded files' hashes).
        """
        if self.default_method not in METHODS:
            raise InputError(f"default_method must be one of {', '.join(METHODS)}")
        texts = _texts(X)
        if not texts:
            raise InputError("X holds no texts: a classifier needs coded examples")
        cb = resolve_codebook(self.codebook)
        frames, labels = _labels(y, list(cb.frame_ids), len(texts))
        for j, frame in enumerate(frames):
            if len(set(labels[:, j])) < 2:
                raise InputError(
                    f"y[{frame!r}] has only one class; training needs positives and negatives"
                )
        thresholds = dict.fromkeys(frames, 0.5) | dict(self.thresholds or {})
        unknown = set(thresholds) - set(frames)
        if unknown:
            raise InputError(f"thresholds: unknown frames {sorted(unknown)}")
        try:
            tfidf = TfidfVectorizer(
                ngram_range=(1, 2),
                sublinear_tf=True,
                min_df=self.min_df,
                max_features=self.max_features,
                dtype=np.float64,
            ).fit(texts)
        except ValueError as exc:  # no words at all, or none left after min_df
            raise InputError(
                f"FrameClassifier.fit: no TF-IDF vocabulary from {len(texts)} text(s) with "
                f"min_df={self.min_df} ({exc}); give texts with words (two letters or more), "
                "more texts, or a lower min_df"
            ) from None
        vocabulary = [""] * len(tfidf.vocabulary_)
        for term, j in tfidf.vocabulary_.items():
            vocabulary[j] = term
        skeleton = FrameModel(
            version="",
            codebook_version=cb.version,
            codebook_hash=cb.hash,
            frames=frames,
            indicators=[i.id for i in cb.indicators],
            vocabulary=vocabulary,
            idf=[float(v) for v in tfidf.idf_],
            coef=[],
            intercept=[],
            thresholds=[],
            default_method=self.default_method,
            candidate_pattern=self.candidate_pattern,
        )
        counts, presence = indicator_matrix(texts, cb)
        frame_cols = [cb.frame_ids.index(f) for f in frames]
        features = skeleton.features(texts, counts, presence[:, frame_cols])
        coef, intercept = [], []
        for j in range(len(frames)):
            lr = LogisticRegression(
                C=self.C, class_weight="balanced", max_iter=5000, random_state=0
            ).fit(features, labels[:, j])
            coef.append([float(w) for w in lr.coef_[0]])
            intercept.append(float(lr.intercept_[0]))
        positives = {f: int(labels[:, j].sum()) for j, f in enumerate(frames)}
        provenance = {
            "units": len(texts),
            "positives": positives,
            "C": self.C,
            "max_features": self.max_features,
            "min_df": self.min_df,
            "scikit_learn": sklearn.__version__,
            "python": platform.python_version(),
        } | dict(training or {})
        self.model_ = replace(
            skeleton,
            version=f"{cb.version}+{len(texts)}",
            coef=coef,
            intercept=intercept,
            thresholds=[float(thresholds[f]) for f in frames],
            training=provenance,
        )
        self.codebook_ = cb
        self.frames_ = frames
        self.classes_ = [np.array([0, 1])] * len(frames)
        return self

    # ------------------------------------------------------------------ prediction

    def _proba(self, X: Any, method: str) -> pd.DataFrame:
        check_is_fitted(self, "model_")
        texts = _texts(X)
        flags = detect_frames(texts, self.codebook_, method=method, model=self.model_)
        proba: pd.DataFrame = flags.attrs["probability"]
        return proba.reset_index(drop=True)

    def predict_proba(self, X: Any) -> pd.DataFrame:
        """The probability of each frame per text (the highest of its sentences).

        Returns a DataFrame, one row per text and one float column per frame; a Series ``X``
        keeps its index, other inputs get ``0, 1, ...``.
        """
        proba = self._proba(X, "classifier")
        if isinstance(X, pd.Series):
            proba.index = X.index
        return proba

    def predict(self, X: Any) -> pd.DataFrame:
        """Which frames each text shows: probability ≥ the frame's threshold (bool columns)."""
        proba = self.predict_proba(X)
        return proba.ge(pd.Series(self.model_.thresholds, index=self.frames_), axis=1)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``cb:<indicator>``, ``frame:<frame>`` and ``tfidf:<term>`` feature names."""
        check_is_fitted(self, "model_")
        return np.asarray(self.model_.feature_names, dtype=object)

    def explain(self, text: str, *, top: int = 10) -> pd.DataFrame:
        """Why the model scores ``text`` as it does: the features that weigh most, per frame.

        ``text`` is taken as one sentence. Returns ``frame, feature, value, weight,
        contribution`` (contribution = value × weight; the intercept is its own row), the
        ``top`` features by absolute contribution per frame, then the intercept; ``attrs``
        holds each frame's probability.
        """
        check_is_fitted(self, "model_")
        if not isinstance(text, str):
            raise InputError(f"text must be a string, not {type(text).__name__}")
        model = self.model_
        counts, presence = indicator_matrix([text], self.codebook_)
        frame_cols = [self.codebook_.frame_ids.index(f) for f in model.frames]
        features = model.features([text], counts, presence[:, frame_cols])
        proba = model.predict_proba(features)[0]
        names = np.asarray(model.feature_names, dtype=object)
        row = features.tocsr()
        rows = []
        for j, frame in enumerate(model.frames):
            weights = np.asarray(model.coef[j])
            cols = row.indices
            values = row.data
            contribution = values * weights[cols]
            keep = np.argsort(-np.abs(contribution), kind="stable")[:top]
            for k in keep:
                rows.append((frame, names[cols[k]], values[k], weights[cols[k]], contribution[k]))
            rows.append((frame, "(intercept)", 1.0, model.intercept[j], model.intercept[j]))
        out = pd.DataFrame(rows, columns=["frame", "feature", "value", "weight", "contribution"])
        out["frame"] = out["frame"].astype("string")
        out["feature"] = out["feature"].astype("string")
        out.attrs["probability"] = dict(zip(model.frames, map(float, proba), strict=True))
        return out

    def to_model(self) -> FrameModel:
        """The trained model as plain data (save it with ``.save(path)``)."""
        check_is_fitted(self, "model_")
        return self.model_
