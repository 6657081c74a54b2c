"""The frame encoder: a fine-tuned small transformer, run with ONNX Runtime and ``tokenizers``.

``detect_frames(..., method="encoder")`` and ``find_frames(..., method="encoder")`` apply it;
:func:`explain_frames` shows, for a sentence, the coded training units nearest to it in the
encoder's own embedding space, with their codes: evidence a reviewer can read.

What ships (``discourse/models/``), every file hashed:

``encoder.json``
    The manifest: format, version, frames, probability thresholds, the prefilter's cue pattern,
    the base model (all-MiniLM-L6-v2, Apache-2.0) and its files' sha256, the coded data's
    sha256, the hyperparameters, the cross-validation scores, and the sha256 of each file below.
    Its own sha256 is pinned in ``encoder.json.sha256``; a file that differs is refused.
``encoder.onnx``
    The sentence encoder (all-MiniLM-L6-v2, its weights quantised to int8 when that flips no
    more than 1 % of cross-validated decisions): token ids and attention mask in, the
    mean-pooled sentence vector out (pooling is inside the graph).
``encoder-heads.npz``
    One small two-label head per training seed (linear, GELU, linear), applied with NumPy; the
    probability of a frame is the seeds' mean.
``encoder-tokenizer.json``
    The base model's WordPiece tokenizer (``tokenizers``); inputs are cut at ``max_length``.
``encoder-units.npz``
    The training units as stand-off ids only (``unit_id, doc_id, corpus, start, end,
    span_sha256``), their codes and their embeddings: never text. :func:`explain_frames` resolves
    the text of a neighbour from its corpus on request.

The model is applied only to the prefilter's candidate sentences (a codebook indicator matched,
negated or not, or a broad cue word; the ``hybrid`` method's prefilter), in batches of similar
length. Training lives outside the package (``corpus/validation/train_encoder.py``, the
``train`` extra): torch is never imported here.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._atomic import write_atomic
from .._validation import MISSING, argument, check_text
from ..errors import ChecksumError, InputError
from .model import pinned_json, read_pin

__all__ = [
    "ENCODER_FORMAT",
    "FrameEncoder",
    "default_encoder_dir",
    "explain_frames",
    "load_encoder",
]

ENCODER_FORMAT = "discourse-frame-encoder/1"
MANIFEST = "encoder.json"
ONNX_FILE = "encoder.onnx"
TOKENIZER_FILE = "encoder-tokenizer.json"
EMBEDDING_FILE = "encoder-units.npz"
HEADS_FILE = "encoder-heads.npz"
#: Sentences per model call; inputs are sorted by length first, so little padding is computed.
BATCH_SIZE = 64
#: A progress bar by default from this many candidate sentences on.
PROGRESS_FROM = 2_000
_TRAIN_HINT = (
    "train one with corpus/validation/train_encoder.py (needs the 'train' extra: "
    "pip install 'discourse[train]'), or reinstall the package, whose models/ folder ships it"
)


def default_encoder_dir() -> Path:
    """The folder of the encoder that ships with the package (``discourse/models/``)."""
    return Path(__file__).resolve().parent.parent / "models"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(folder: str | os.PathLike[str], manifest: dict[str, Any]) -> Path:
    """Write ``encoder.json`` (with the sha256 of every model file present in ``folder``) and
    its pin ``encoder.json.sha256``, atomically; returns the manifest's path."""
    folder = Path(folder)
    files = {
        name: _sha256(folder / name)
        for name in (ONNX_FILE, TOKENIZER_FILE, HEADS_FILE, EMBEDDING_FILE)
        if (folder / name).exists()
    }
    data = {**manifest, "files": files}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n"
    path = folder / MANIFEST
    write_atomic(path, text.encode("utf-8"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    write_atomic(path.with_name(MANIFEST + ".sha256"), (digest + "\n").encode())
    return path


def _runtime() -> tuple[Any, Any]:
    """ONNX Runtime and ``tokenizers`` (default dependencies; a clear error when missing)."""
    try:
        import onnxruntime
        import tokenizers
    except ImportError as exc:  # pragma: no cover - both are default dependencies
        raise InputError(
            f"method='encoder' needs onnxruntime and tokenizers ({exc}); they are default "
            "dependencies of discourse: reinstall it (pip install discourse) or "
            "pip install onnxruntime tokenizers"
        ) from None
    return onnxruntime, tokenizers


@dataclass(frozen=True)
class FrameEncoder:
    """A verified encoder (see the module docstring); read with :func:`load_encoder`.

    Attributes
    ----------
    folder : Path
        Where its files are.
    version : str
        The encoder's own version (``"<codebook version>+<units>+e<epochs>"``).
    frames : list of str
        Frame ids, in the order of the model's outputs.
    thresholds : list of float
        Probability thresholds per frame, chosen by cross-validation grouped by speaker.
    max_length : int
        Tokens per sentence; longer sentences are cut.
    candidate_pattern : str
        The prefilter's broad cue words (a regular expression, case-insensitive).
    files : dict
        The sha256 of ``encoder.onnx``, ``encoder-tokenizer.json``, ``encoder-units.npz``.
    manifest_sha256 : str
        The sha256 of ``encoder.json`` (pinned in ``encoder.json.sha256``).
    base_model, training : dict
        Provenance: the base model, its licence and hashes; the coded data's hashes, the
        hyperparameters and the cross-validation scores.
    """

    folder: Path
    version: str
    frames: list[str]
    thresholds: list[float]
    max_length: int
    candidate_pattern: str
    files: dict[str, str]
    manifest_sha256: str
    base_model: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    quantised: str = "none"

    def provenance(self) -> dict[str, str]:
        """What results record: the encoder's version, the manifest's and the graph's sha256."""
        return {
            "model_version": self.version,
            "model_hash": self.manifest_sha256,
            "encoder_onnx_sha256": self.files[ONNX_FILE],
        }

    def is_candidate(self, sentences: list[str], matched: np.ndarray) -> np.ndarray:
        """The prefilter: a codebook indicator matched (``matched``) or a broad cue word."""
        from .model import has_cue

        return np.asarray(matched, dtype=bool) | has_cue(sentences, self.candidate_pattern)

    @cached_property
    def _session(self) -> Any:
        ort, _ = _runtime()
        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        return ort.InferenceSession(
            str(self.folder / ONNX_FILE), opts, providers=["CPUExecutionProvider"]
        )

    @cached_property
    def _tokenizer(self) -> Any:
        _, tokenizers = _runtime()
        tok = tokenizers.Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
        tok.no_padding()
        tok.enable_truncation(max_length=self.max_length)
        return tok

    def _run(
        self, sentences: Sequence[str], progress: bool | None
    ) -> tuple[np.ndarray, np.ndarray]:
        n = len(sentences)
        width = len(self.frames)
        if n == 0:
            return np.zeros((0, width)), np.zeros((0, 0), dtype=np.float32)
        ids = [e.ids for e in self._tokenizer.encode_batch(list(sentences))]
        lengths = np.fromiter((len(x) for x in ids), dtype=np.int64, count=n)
        order = np.argsort(lengths, kind="stable")
        prob = np.zeros((n, width), dtype=np.float64)
        emb: np.ndarray | None = None
        steps: Iterable[int] = range(0, n, BATCH_SIZE)
        show = bool(progress or (progress is None and n >= PROGRESS_FROM))
        if show:
            from tqdm.auto import tqdm

            steps = tqdm(steps, desc="encoder", unit="batch", total=-(-n // BATCH_SIZE))
        for k in steps:
            part = order[k : k + BATCH_SIZE]
            span = int(lengths[part].max())
            x = np.zeros((len(part), span), dtype=np.int64)
            m = np.zeros((len(part), span), dtype=np.int64)
            for j, i in enumerate(part):
                x[j, : lengths[i]] = ids[i]
                m[j, : lengths[i]] = 1
            (pooled,) = self._session.run(None, {"input_ids": x, "attention_mask": m})
            if emb is None:
                emb = np.zeros((n, pooled.shape[1]), dtype=np.float32)
            prob[part] = self._heads_proba(pooled)
            emb[part] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        assert emb is not None
        return prob, emb

    @cached_property
    def _heads(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        path = self.folder / HEADS_FILE
        _verify(path, self.files.get(HEADS_FILE))
        with np.load(path, allow_pickle=False) as data:
            count = sum(1 for key in data.files if key.startswith("w1_"))
            heads = [
                tuple(data[f"{name}_{s}"].astype(np.float64) for name in ("w1", "b1", "w2", "b2"))
                for s in range(count)
            ]
        if not heads or any(h[2].shape[0] != len(self.frames) for h in heads):
            raise InputError(f"{path}: expected one head per seed with {len(self.frames)} outputs")
        return heads

    def _heads_proba(self, pooled: np.ndarray) -> np.ndarray:
        """The seeds' mean probability: per head, linear, GELU, linear, sigmoid."""
        from scipy.special import erf

        x = pooled.astype(np.float64)
        out = np.zeros((len(x), len(self.frames)))
        for w1, b1, w2, b2 in self._heads:
            h = x @ w1.T + b1
            h = 0.5 * h * (1.0 + erf(h / np.sqrt(2.0)))  # GELU (exact form, as torch's default)
            out += 1.0 / (1.0 + np.exp(-(h @ w2.T + b2)))
        return out / len(self._heads)

    def predict_proba(
        self, sentences: Sequence[str], *, progress: bool | None = None
    ) -> np.ndarray:
        """Per sentence and frame, the seeds' mean probability ``(n, len(frames))``.

        Every sentence is scored (no prefilter: :func:`discourse.detect_frames` applies it).
        """
        return self._run(sentences, progress)[0]

    def embed(self, sentences: Sequence[str], *, progress: bool | None = None) -> np.ndarray:
        """The encoder's sentence embeddings ``(n, dim)``, L2-normalised."""
        return self._run(sentences, progress)[1]

    @cached_property
    def training_units(self) -> dict[str, np.ndarray]:
        """The training units: stand-off ids, codes and embeddings (``encoder-units.npz``)."""
        path = self.folder / EMBEDDING_FILE
        _verify(path, self.files.get(EMBEDDING_FILE))
        with np.load(path, allow_pickle=False) as data:
            return {key: data[key] for key in data.files}


def load_encoder(path: str | os.PathLike[str] | None = None) -> FrameEncoder:
    """Read and verify an encoder (default: the one that ships with the package).

    Parameters
    ----------
    path
        The encoder's ``encoder.json`` or the folder holding it (``None``: the shipped one).

    Raises
    ------
    InputError
        A file is missing or malformed (the message names it and says how to get one).
    ChecksumError
        ``encoder.json`` differs from its pinned sha256, or a model file from the sha256 the
        manifest records.
    """
    path = Path(path) if path is not None else default_encoder_dir() / MANIFEST
    if path.is_dir():
        path = path / MANIFEST
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no frame encoder here; {_TRAIN_HINT}") from None
    digest = hashlib.sha256(data).hexdigest()
    key = (str(path.resolve()), digest)
    if key in _ENCODERS:
        return _ENCODERS[key]
    pinned = read_pin(path.with_name(path.name + ".sha256"), remedy=_TRAIN_HINT)
    raw = pinned_json(
        path,
        data,
        digest,
        pinned,
        what="encoder manifest",
        fmt=ENCODER_FORMAT,
        written_by="train_encoder.py",
    )
    try:
        encoder = FrameEncoder(
            folder=path.parent,
            version=str(raw["version"]),
            frames=list(raw["frames"]),
            thresholds=[float(t) for t in raw["thresholds"]],
            max_length=int(raw["max_length"]),
            candidate_pattern=str(raw["candidate_pattern"]),
            files=dict(raw["files"]),
            manifest_sha256=digest,
            base_model=dict(raw.get("base_model", {})),
            training=dict(raw.get("training", {})),
            quantised=str(raw.get("quantised", "none")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: malformed encoder manifest (field {exc})") from None
    if len(encoder.thresholds) != len(encoder.frames):
        raise InputError(
            f"{path}: {len(encoder.frames)} frames but thresholds for a different count"
        )
    for name in (ONNX_FILE, TOKENIZER_FILE, HEADS_FILE):
        _verify(path.parent / name, encoder.files.get(name))
    if len(_ENCODERS) >= 4:
        del _ENCODERS[next(iter(_ENCODERS))]
    _ENCODERS[key] = encoder
    return encoder


_ENCODERS: dict[tuple[str, str], FrameEncoder] = {}
_VERIFIED: dict[tuple[str, int, int], str] = {}


def _verify(path: Path, expected: str | None) -> None:
    """``path`` exists and has the sha256 the manifest records (checked once per file state)."""
    if expected is None:
        raise InputError(f"{path.parent / MANIFEST}: records no sha256 for {path.name}")
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: the encoder's {path.name} is missing; {_TRAIN_HINT}") from None
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    actual = _VERIFIED.get(key) or _sha256(path)
    if actual != expected:
        raise ChecksumError(
            f"{path}: sha256 {actual} differs from {expected} recorded in {MANIFEST}; the file "
            "was changed or damaged — reinstall the package or retrain"
        )
    _VERIFIED[key] = actual


EXPLAIN_COLUMNS: tuple[str, ...] = (
    "query",
    "sentence",
    "rank",
    "similarity",
    "unit_id",
    "doc_id",
    "start",
    "end",
)


def explain_frames(
    x: str | Sequence[str] = MISSING,
    *,
    k: int = 5,
    encoder: FrameEncoder | str | os.PathLike[str] | None = None,
    with_text: bool = False,
    sentences: Any = MISSING,
) -> pd.DataFrame:
    """The coded training units nearest to each sentence in the encoder's embedding space.

    Evidence for a reviewer: why the encoder flags (or passes) a sentence, shown as the
    blind-coded units it resembles most, with their codes.

    Parameters
    ----------
    x
        One sentence or a sequence of them (each taken whole, never split).
    k
        Neighbours per sentence.
    encoder
        A :class:`FrameEncoder` or the path of one (``None``: the shipped encoder).
    with_text
        Add each neighbour's ``text``, resolved from its corpus with
        :func:`discourse.load_corpus` (checksum-verified); the model files hold ids only.
    sentences
        The former name of ``x``: still accepted as a keyword, with a DeprecationWarning.

    Returns
    -------
    pandas.DataFrame
        ``k`` rows per sentence: ``query`` (its position), ``sentence``, ``rank`` (1 nearest),
        ``similarity`` (cosine), the unit's stand-off ``unit_id, doc_id, start, end``, one 0/1
        column per frame (coder 1's codes) and, per frame, ``p_<frame>``: the encoder's
        probability for the query sentence. ``attrs`` records the encoder's provenance.

    Raises
    ------
    InputError
        A sentence is not a string, ``k`` is not positive, or the encoder is missing.

    Examples
    --------
    >>> import discourse as dc
    >>> ev = dc.explain_frames("The West imposes its will on sovereign nations.", k=3)
    >>> list(ev.columns[:5]), len(ev)
    (['query', 'sentence', 'rank', 'similarity', 'unit_id'], 3)
    """
    from .._schema import conform

    x = argument(x, sentences, old="sentences", function="explain_frames")
    items = [x] if isinstance(x, str) else list(x)
    for i, s in enumerate(items):
        check_text(s, f"x[{i}]")
    if not isinstance(k, int) or k < 1:
        raise InputError(f"k must be a positive integer, not {k!r}")
    enc = encoder if isinstance(encoder, FrameEncoder) else load_encoder(encoder)
    units = enc.training_units
    prob, emb = enc._run(items, False)
    bank = units["embedding"].astype(np.float32)
    k = min(k, len(bank))
    rows: list[dict[str, Any]] = []
    for q in range(len(items)):
        sims = bank @ emb[q]
        top = np.argsort(-sims, kind="stable")[:k]
        for rank, u in enumerate(top, start=1):
            row: dict[str, Any] = {
                "query": q,
                "sentence": items[q],
                "rank": rank,
                "similarity": float(sims[u]),
                "unit_id": str(units["unit_id"][u]),
                "doc_id": str(units["doc_id"][u]),
                "start": int(units["start"][u]),
                "end": int(units["end"][u]),
            }
            for j, frame in enumerate(enc.frames):
                row[frame] = int(units["codes"][u, j])
            for j, frame in enumerate(enc.frames):
                row[f"p_{frame}"] = float(prob[q, j])
            rows.append(row)
    columns = [*EXPLAIN_COLUMNS, *enc.frames, *(f"p_{f}" for f in enc.frames)]
    out = pd.DataFrame(rows, columns=columns)
    if with_text and len(out):
        out["text"] = _neighbour_texts(units, out["unit_id"].tolist())
    result = conform(out)
    result.attrs.update(enc.provenance())
    return result


def _neighbour_texts(units: dict[str, np.ndarray], wanted: list[str]) -> list[str]:
    """The verified texts of training units, resolved from their corpora."""
    from ..corpus.spans import check_units, unit_texts

    index = {u: i for i, u in enumerate(units["unit_id"].tolist())}
    pick = [index[u] for u in dict.fromkeys(wanted)]
    table = check_units(
        pd.DataFrame(
            {
                "unit_id": units["unit_id"][pick],
                "doc_id": units["doc_id"][pick],
                "start": units["start"][pick],
                "end": units["end"][pick],
                "span_sha256": units["span_sha256"][pick],
                "corpus": units["corpus"][pick],
                "stratum": "training",
                "split": "dev",
            }
        )
    )
    text = dict(zip(table["unit_id"], unit_texts(table), strict=True))
    return [text[u] for u in wanted]
