"""The shipped frame model: a trained learned layer stored as plain, hashed data.

A :class:`FrameModel` is what :class:`discourse.FrameClassifier` exports after training and what
``detect_frames(..., method="classifier" | "hybrid")`` applies. It holds numbers and words only —
the codebook it was trained with (version and hash), the indicator ids, the TF-IDF vocabulary
and idf weights, one logistic-regression weight vector per frame and the decision thresholds —
in a JSON file (``discourse/models/frames.json``) whose sha256 is pinned beside it
(``frames.json.sha256``). No pickle is ever loaded, so a model file cannot run code, and a
changed file is refused.

Features of a sentence, in this order (``feature_names``):

``cb:<indicator id>``
    1 if the codebook indicator has a non-negated match in the sentence, else 0;
``frame:<frame id>``
    1 if the codebook's own rule says the frame is present (summed weight ≥ threshold);
``tfidf:<term>``
    the sentence's TF-IDF weight of a word uni- or bigram (lower-cased, L2-normalised).

The probability of a frame is the logistic function of the weighted sum plus the intercept;
the frame is predicted when the probability reaches the frame's threshold. The ``hybrid``
method applies the model only to *candidate* sentences (any codebook indicator matched, negated
or not, or a broad cue word of ``candidate_pattern``) and predicts no frame elsewhere.

Input: sentences (strings) and their codebook indicator matrix; output: probabilities
``(n_sentences, n_frames)``. Everything that needs the matching engine lives in
:mod:`discourse.frames.detect`; training lives in :mod:`discourse.frames.classifier`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from itertools import chain, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._atomic import write_atomic
from ..errors import ChecksumError, CodebookError, InputError

if TYPE_CHECKING:  # scipy is imported where the model is applied, not on import
    import scipy.sparse as sp

__all__ = ["FORMAT", "FrameModel", "default_model_path", "load_model", "model_problem"]

FORMAT = "discourse-frame-model/1"
METHODS: tuple[str, ...] = ("codebook", "classifier", "hybrid", "encoder")


def default_model_path() -> Path:
    """The model that ships with the package (``discourse/models/frames.json``)."""
    return Path(__file__).resolve().parent.parent / "models" / "frames.json"


@dataclass(frozen=True)
class FrameModel:
    """A trained learned layer as plain data (see the module docstring).

    Attributes
    ----------
    version : str
        The model's own version (``"<codebook version>+<n>"``).
    codebook_version, codebook_hash : str
        The codebook whose indicators are features; applying the model with another codebook
        is an error.
    frames : list of str
        Frame ids, in the order of ``coef`` rows and of the output columns.
    indicators : list of str
        Codebook indicator ids, in feature order.
    vocabulary : list of str
        TF-IDF terms, in feature order; ``idf`` their inverse document frequencies.
    coef : list of list of float
        One weight vector per frame over ``feature_names``; ``intercept`` one number per frame.
    thresholds : list of float
        Probability thresholds per frame.
    default_method : str
        The method chosen by cross-validation grouped by country on the training units.
    candidate_pattern : str
        The broad cue words of the ``hybrid`` prefilter (a regular expression, case-insensitive).
    training : dict
        Provenance: units, positives, the coded files' sha256, cross-validation scores.
    """

    version: str
    codebook_version: str
    codebook_hash: str
    frames: list[str]
    indicators: list[str]
    vocabulary: list[str]
    idf: list[float]
    coef: list[list[float]]
    intercept: list[float]
    thresholds: list[float]
    default_method: str
    candidate_pattern: str
    training: dict[str, Any] = field(default_factory=dict)
    format: str = FORMAT

    # ------------------------------------------------------------------ features

    @property
    def feature_names(self) -> list[str]:
        """``cb:<indicator>``, ``frame:<frame>`` and ``tfidf:<term>`` names, in feature order."""
        return (
            [f"cb:{i}" for i in self.indicators]
            + [f"frame:{f}" for f in self.frames]
            + [f"tfidf:{t}" for t in self.vocabulary]
        )

    @cached_property
    def vocabulary_index(self) -> dict[str, int]:
        """TF-IDF term -> feature column within the TF-IDF block (built once per model)."""
        return {term: j for j, term in enumerate(self.vocabulary)}

    def tfidf(self, sentences: list[str]) -> sp.csr_matrix:
        """The TF-IDF block of the features (sublinear tf, L2-normalised rows)."""
        return _tfidf(self, sentences)

    def features(
        self, sentences: list[str], indicators: sp.spmatrix, presence: np.ndarray
    ) -> sp.csr_matrix:
        """The full feature matrix of ``sentences``.

        ``indicators``: ``(n, len(self.indicators))`` counts of non-negated codebook matches;
        ``presence``: ``(n, len(self.frames))`` the codebook's own frame decisions.
        """
        n = len(sentences)
        if indicators.shape != (n, len(self.indicators)) or presence.shape != (n, len(self.frames)):
            raise InputError(
                f"feature blocks do not fit {n} sentences: indicators {indicators.shape}, "
                f"presence {presence.shape}"
            )
        import scipy.sparse as sp

        binary = (sp.csr_matrix(indicators) > 0).astype(np.float64)
        return sp.hstack(
            [binary, sp.csr_matrix(presence.astype(np.float64)), self.tfidf(sentences)],
            format="csr",
        )

    def predict_proba(self, features: sp.spmatrix) -> np.ndarray:
        """Probabilities ``(n, n_frames)`` from a feature matrix of :meth:`features`."""
        weights = np.asarray(self.coef, dtype=np.float64).T
        scores = features @ weights + np.asarray(self.intercept, dtype=np.float64)
        return np.asarray(1.0 / (1.0 + np.exp(-scores)))

    def is_candidate(self, sentences: list[str], matched: np.ndarray) -> np.ndarray:
        """The ``hybrid`` prefilter: ``matched`` (any codebook indicator matched the sentence,
        negated or not: a boolean array) or a broad cue word of ``candidate_pattern``."""
        return np.asarray(matched, dtype=bool) | has_cue(sentences, self.candidate_pattern)

    def check_codebook(self, version: str, digest: str, *, where: str = "the model") -> None:
        """Refuse a codebook other than the one the model was trained with."""
        if digest != self.codebook_hash:
            raise CodebookError(
                f"{where} was trained with codebook {self.codebook_version} "
                f"(hash {self.codebook_hash[:12]}…), not with codebook {version} "
                f"(hash {digest[:12]}…); use method='codebook' with this codebook, or retrain "
                "a FrameClassifier on your coded units with it"
            )

    def provenance(self) -> dict[str, str]:
        """What results record about the model: version and the file's content hash."""
        return {"model_version": self.version, "model_hash": self.digest()}

    # ------------------------------------------------------------------ storage

    def to_json(self) -> str:
        """The model as canonical JSON text (sorted keys, fixed float formatting)."""
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, indent=None) + "\n"

    def digest(self) -> str:
        """sha256 of :meth:`to_json`: the model's content hash (computed once per model)."""
        return self._digest

    @cached_property
    def _digest(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the model and its ``.sha256`` file as a pair; returns the model's path.

        A reader sees the old pair or the new pair, even if the process is killed between the
        two files: the new pin is first written as ``<path>.sha256.next``, then the model
        replaces the old one, then the pin replaces the old pin. :func:`load_model` that finds
        a model matching ``.sha256.next`` (a save killed between the two renames) finishes the
        save and loads the new pair.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise InputError(f"{path}: is a folder; give the model a file name (frames.json)")
        pin, following = _pin_paths(path)
        write_atomic(following, (self.digest() + "\n").encode())
        write_atomic(path, self.to_json().encode("utf-8"))
        os.replace(following, pin)
        return path


def has_cue(sentences: list[str], pattern: str) -> np.ndarray:
    """Which sentences hold a match of ``pattern`` (case-insensitive), in one vectorised pass.

    Arrow's RE2 engine (linear time, ``\\b`` at ASCII word boundaries) does the scan; the
    pattern is plain alternation, so it means the same under RE2 as under Python's ``re``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not sentences:
        return np.zeros(0, dtype=bool)
    found = pc.match_substring_regex(
        pa.array(sentences, pa.large_string()), pattern, ignore_case=True
    )
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)


_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def _tfidf(model: FrameModel, sentences: list[str]) -> sp.csr_matrix:
    """Sublinear tf times idf, rows L2-normalised: scikit-learn's ``TfidfVectorizer`` transform
    for the model's fixed vocabulary (lower-cased, tokens ``\\b\\w\\w+\\b``, uni- and
    bigrams), without importing scikit-learn on the detection path."""
    import scipy.sparse as sp

    get = model.vocabulary_index.get
    idf = np.asarray(model.idf, dtype=np.float64)
    rows: list[int] = []
    cols: list[int] = []
    for r, sentence in enumerate(sentences):
        tokens = _TOKEN.findall(sentence.lower())
        grams = chain(tokens, map(" ".join, zip(tokens, tokens[1:], strict=False)))
        found = [j for j in map(get, grams) if j is not None]
        rows.extend(repeat(r, len(found)))
        cols.extend(found)
    n = len(sentences)
    # a CSR matrix built from (row, column) pairs sums repeated pairs: the term counts
    out = sp.csr_matrix(
        (np.ones(len(cols)), (np.asarray(rows, np.int64), np.asarray(cols, np.int64))),
        shape=(n, len(idf)),
    )
    out.sum_duplicates()
    out.data = (1.0 + np.log(out.data)) * idf[out.indices]
    row_of = np.repeat(np.arange(n), np.diff(out.indptr))
    out.data /= np.sqrt(np.bincount(row_of, weights=out.data**2, minlength=n))[row_of]
    return out


def _pin_paths(path: Path) -> tuple[Path, Path]:
    """The model's pin ``<path>.sha256`` and the pin of a save in progress ``….sha256.next``."""
    pin = path.with_name(path.name + ".sha256")
    return pin, pin.with_name(pin.name + ".next")


_PIN_REMEDY = "reinstall the package or save the model again with FrameModel.save"


def read_pin(pin_path: Path, *, remedy: str) -> str | None:
    """The sha256 written in a pin file (``None`` when there is none); ``remedy`` ends the
    message of a malformed one (how to get a good pin)."""
    try:
        text = pin_path.read_bytes().decode("ascii")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{pin_path}: not a pin file (64 hexadecimal digits) ({exc}); {remedy}"
        ) from None
    words = text.split()
    if len(words) != 1 or not re.fullmatch(r"[0-9a-f]{64}", words[0]):
        raise InputError(
            f"{pin_path}: not a pin file (one sha256 of 64 lower-case hexadecimal digits); {remedy}"
        )
    return words[0]


def pinned_json(
    path: Path,
    data: bytes,
    digest: str,
    pinned: str | None,
    *,
    what: str,
    fmt: str,
    written_by: str,
) -> dict[str, Any]:
    """The JSON object of format ``fmt`` in ``data`` (the bytes of ``path``, whose sha256 is
    ``digest``), once ``digest`` equals the ``pinned`` one read beside it (``<path>.sha256``).

    The one check of the package's hashed data files (the frame model, the encoder's
    manifest): ``what`` names the file in messages, ``written_by`` what writes its pin.
    """
    pin = _pin_paths(path)[0]
    if pinned is None:
        raise InputError(
            f"{pin}: the {what}'s pinned sha256 is missing; the file is only used with the "
            f"hash written beside it by {written_by}"
        )
    if pinned != digest:
        raise ChecksumError(
            f"{path}: sha256 {digest} differs from the pinned {pinned} in {pin.name}; the "
            f"{what} was changed or damaged — reinstall the package or retrain"
        )
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"{path}: not a JSON {what} ({exc})") from None
    if not isinstance(raw, dict) or raw.get("format") != fmt:
        raise InputError(f"{path}: the {what} is not of format {fmt!r}")
    return raw


def load_model(path: str | os.PathLike[str] | None = None) -> FrameModel:
    """Read and verify a frame model file (default: the one that ships with the package).

    The file's sha256 must equal the one in ``<path>.sha256`` beside it, and its ``format``
    must be this package's.

    Raises
    ------
    InputError
        The file is missing, is not JSON, or lacks a field (the message names the file).
    ChecksumError
        The file's content differs from its pinned hash.
    """
    path = Path(path) if path is not None else default_model_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"{path}: no frame model here; train one with discourse.FrameClassifier and save "
            "it with .to_model().save(path)"
        ) from None
    except IsADirectoryError:
        raise InputError(
            f"{path}: is a folder; give the path of a model file (frames.json)"
        ) from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read the model ({exc.strerror})") from None
    key = (str(path.resolve()), hashlib.sha256(data).hexdigest())
    model = _MODELS.get(key)
    if model is None:
        if len(_MODELS) >= 4:  # a few models at most: drop the oldest
            del _MODELS[next(iter(_MODELS))]
        model = _MODELS[key] = _parse_model(path, data, key[1])
    return model


#: Verified models by (resolved path, sha256 of the file's bytes): a changed file is read anew.
_MODELS: dict[tuple[str, str], FrameModel] = {}


def _parse_model(path: Path, data: bytes, file_hash: str) -> FrameModel:
    """The model in ``data`` (the bytes of ``path``, whose sha256 is ``file_hash``), verified."""
    pin_path, following = _pin_paths(path)
    pinned = read_pin(pin_path, remedy=_PIN_REMEDY)
    if pinned != file_hash and read_pin(following, remedy=_PIN_REMEDY) == file_hash:
        # a save killed between its two renames: the model is the new one, its pin waits
        with contextlib.suppress(OSError):  # a read-only install: trust the pending pin
            os.replace(following, pin_path)
        pinned = file_hash
    raw = pinned_json(
        path, data, file_hash, pinned, what="frame model", fmt=FORMAT, written_by="FrameModel.save"
    )
    problem = model_problem(raw)
    if problem is not None:
        raise InputError(
            f"{path}: {problem}. The pin matches, so the file was written with this content: "
            "retrain and save the model with FrameClassifier(...).fit(...).to_model().save(path)"
        )
    return FrameModel(**raw)


_STRINGS = ("version", "codebook_version", "codebook_hash", "default_method", "candidate_pattern")
_TEXT_LISTS = ("frames", "indicators", "vocabulary")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _numbers_problem(key: str, values: Any, length: int, what: str) -> str | None:
    """Why ``values`` is not a list of ``length`` finite numbers (``None`` when it is)."""
    if not isinstance(values, list):
        return f"field {key!r} must be a list of numbers, not {type(values).__name__}"
    if len(values) != length:
        return f"field {key!r} has {len(values)} values; it needs {length} ({what})"
    for i, v in enumerate(values):
        if not _is_number(v):
            return f"field {key}[{i}] must be a number, not {v!r}"
        if not np.isfinite(v):
            return f"field {key}[{i}] is {v!r}; every value must be finite"
    return None


def model_problem(raw: dict[str, Any]) -> str | None:
    """Why the parsed JSON ``raw`` is not a usable frame model, or ``None``.

    Every field is checked for type, shape and finiteness, whatever the pin says: strings are
    strings; frames, indicators and vocabulary are lists of distinct strings; ``idf`` has a
    finite number per term; ``coef`` a row of finite numbers per frame over every feature;
    ``intercept`` a finite number per frame; ``thresholds`` one per frame, strictly between 0
    and 1; ``default_method`` one of the methods; ``candidate_pattern`` an RE2 pattern.

    Examples
    --------
    >>> model_problem({"format": FORMAT}) # doctest: +ELLIPSIS
    'fields missing: ...'
    """
    known = {f for f in FrameModel.__dataclass_fields__}
    missing = sorted(known - {"training", "format"} - set(raw))
    if missing:
        return f"fields missing: {', '.join(missing)}"
    extra = sorted(set(raw) - known)
    if extra:
        return f"unknown fields: {', '.join(extra)}"
    for key in _STRINGS:
        if not isinstance(raw[key], str):
            return f"field {key!r} must be a string, not {type(raw[key]).__name__}"
    for key in _TEXT_LISTS:
        values = raw[key]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return f"field {key!r} must be a list of strings"
        seen: set[str] = set()
        for v in values:
            if v in seen:
                return f"field {key!r} repeats {v!r}; each may occur once"
            seen.add(v)
    frames, vocabulary = raw["frames"], raw["vocabulary"]
    if not frames:
        return "field 'frames' is empty; a model predicts at least one frame"
    if not isinstance(raw.get("training", {}), dict):
        return "field 'training' must be a mapping"
    width = len(raw["indicators"]) + len(frames) + len(vocabulary)
    coef = raw["coef"]
    if not isinstance(coef, list) or len(coef) != len(frames):
        return f"field 'coef' must hold one weight vector per frame ({len(frames)})"
    for j, row in enumerate(coef):
        problem = _numbers_problem(f"coef[{j}]", row, width, "one weight per feature")
        if problem:
            return problem
    for key, values, length, what in (
        ("idf", raw["idf"], len(vocabulary), "one per vocabulary term"),
        ("intercept", raw["intercept"], len(frames), "one per frame"),
        ("thresholds", raw["thresholds"], len(frames), "one per frame"),
    ):
        problem = _numbers_problem(key, values, length, what)
        if problem:
            return problem
    for i, t in enumerate(raw["thresholds"]):
        if not 0.0 < t < 1.0:
            return f"field thresholds[{i}] is {t!r}; a probability threshold lies between 0 and 1"
    if raw["default_method"] not in METHODS:
        return f"field 'default_method' must be one of {', '.join(METHODS)}"
    return _pattern_problem(raw["candidate_pattern"])


def _pattern_problem(pattern: str) -> str | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        pc.match_substring_regex(pa.array(["x"]), pattern, ignore_case=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        return f"field 'candidate_pattern' is not a regular expression RE2 can run ({exc})"
    return None
