"""The detector's output on every sentence of a corpus, cached as Parquet.

In: a corpus table (``load_corpus``) and a detector (codebook, method, model). Out: the body
sentences (``doc_id, sent_id, start, end, text``) with one boolean column per frame (the
detector's decision) and one ``p_<frame>`` column per frame a learned method scores (its
probability; absent for the codebook method). :func:`detections` is what
:func:`~discourse.validation.design.coding_sample` and
:func:`~discourse.validation.rates.estimate_rates` read when given ``cache=True``.

Running a detector over a million sentences takes minutes; the cache keeps each method's
output per corpus in ``<data dir>/detections/<key>.parquet`` (``discourse.corpus.paths.data_dir``),
where the key is the sha256 of the corpus digest (:func:`~discourse.corpus.load.corpus_digest`:
every document's id and source-bytes checksum), the codebook's content hash, the model's
content hash, the method and the package version. Any change to the texts, the codebook, the
model or the package gives a new key, so a stale file is never read. The file holds offsets
and decisions, never text: the sentences' text is sliced back from the corpus on reading.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

import numpy as np
import pandas as pd

from .._atomic import write_atomic
from .._version import __version__
from ..corpus.load import corpus_digest
from ..corpus.paths import data_dir
from ..errors import InputError
from ..frames.codebook import Codebook, resolve_codebook
from ..frames.detect import detect_frames
from ..frames.model import FrameModel

__all__ = ["cache_key", "detections"]

SENTENCE_COLUMNS: tuple[str, ...] = ("doc_id", "sent_id", "start", "end", "text")


def cache_key(corpus: pd.DataFrame, provenance: dict[str, str]) -> str:
    """The cache key of a detector's output on ``corpus`` (see the module docstring).

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "raw_sha256": ["ab"]})
    >>> len(cache_key(corpus, {"method": "codebook", "codebook_hash": "x", "model_hash": ""}))
    64
    """
    parts = [
        corpus_digest(corpus[["doc_id", "raw_sha256"]]),
        provenance.get("codebook_hash", ""),
        provenance.get("model_hash", ""),
        provenance.get("method", ""),
        __version__,
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _run(
    corpus: pd.DataFrame,
    codebook: Codebook | str | None,
    method: str | None,
    model: FrameModel | str | None,
    progress: bool | None,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Segment and detect: the sentence table with the decisions and probabilities."""
    from ..corpus.segment import segment

    sentences = segment(corpus, progress=bool(progress))
    if "kind" in sentences.columns:
        sentences = sentences[sentences["kind"].astype("string").fillna("body") == "body"]
    sentences = sentences[list(SENTENCE_COLUMNS)].reset_index(drop=True)
    found = detect_frames(sentences, codebook, method=method, model=model, progress=progress)
    out = with_decisions(sentences, found, codebook)
    provenance = {
        key: str(found.attrs.get(key, ""))
        for key in ("method", "codebook_name", "codebook_version", "codebook_hash", "model_hash")
    }
    return out, provenance


def _provenance_only(
    codebook: Codebook | str | None, method: str | None, model: FrameModel | str | None
) -> dict[str, str]:
    """What a run would record, without running it (to find the cache file)."""
    found = detect_frames([""], codebook, method=method, model=model, progress=False)
    return {
        key: str(found.attrs.get(key, ""))
        for key in ("method", "codebook_name", "codebook_version", "codebook_hash", "model_hash")
    }


def detections(
    corpus: Any,
    *,
    codebook: Codebook | str | None = None,
    method: str | None = None,
    model: FrameModel | str | None = None,
    cache: bool = True,
    progress: bool | None = None,
) -> pd.DataFrame:
    """The detector's decision on every body sentence of ``corpus``, cached per corpus.

    Parameters
    ----------
    corpus
        A corpus table with ``doc_id``, ``text`` and ``raw_sha256`` (``load_corpus``; without
        ``raw_sha256`` the texts' own sha256 is used).
    codebook, method, model, progress
        As in :func:`~discourse.frames.detect.detect_frames`.
    cache
        Read and write the Parquet cache (``False``: always run the detector).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sent_id, start, end, text``, one boolean column per codebook frame and, for a
        learned method, ``p_<frame>`` per learned frame. ``attrs`` records the method, the
        codebook and model hashes and, when the cache was used, ``cache_file``.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": ["We defend traditional values. Yes."]})
    >>> found = detections(corpus, method="codebook", cache=False)
    >>> found[["text", "traditional_values"]].values.tolist()
    [['We defend traditional values.', True], ['Yes.', False]]
    """
    from .._validation import as_corpus

    table = as_corpus(corpus)
    if "raw_sha256" not in table.columns or table["raw_sha256"].isna().any():
        from ..corpus.normalise import sha256_text

        table = table.assign(raw_sha256=[sha256_text(t) for t in table["text"].astype(str)])
    path = None
    if cache:
        provenance = _provenance_only(codebook, method, model)
        path = data_dir() / "detections" / f"{cache_key(table, provenance)}.parquet"
        if path.is_file():
            stored = pd.read_parquet(path)
            out = _with_text(stored, table)
            out.attrs.update(provenance)
            out.attrs["cache_file"] = str(path)
            return out
    out, provenance = _run(table, codebook, method, model, progress)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        out.drop(columns=["text"]).to_parquet(buffer, index=False)
        write_atomic(path, buffer.getvalue())
        out.attrs["cache_file"] = str(path)
    out.attrs.update(provenance)
    return out


def _with_text(stored: pd.DataFrame, corpus: pd.DataFrame) -> pd.DataFrame:
    """Slice each sentence's text back out of its document."""
    texts = dict(zip(corpus["doc_id"].astype(str), corpus["text"].astype(str), strict=True))
    docs = stored["doc_id"].astype(str).to_numpy()
    starts = stored["start"].to_numpy()
    ends = stored["end"].to_numpy()
    try:
        sliced = [texts[d][s:e] for d, s, e in zip(docs, starts, ends, strict=True)]
    except KeyError as missing:
        raise InputError(f"the detection cache names document {missing} the corpus lacks") from None
    out = stored.copy()
    out.insert(list(out.columns).index("end") + 1, "text", pd.Series(sliced, dtype="string"))
    out["doc_id"] = out["doc_id"].astype("string")
    return out


def with_decisions(
    sentences: pd.DataFrame, found: pd.DataFrame, codebook: Codebook | str | None = None
) -> pd.DataFrame:
    """``sentences`` plus the detector's decision per frame (``detect_frames``' rows, in order)
    and, for a learned method, its probability per frame (``p_<frame>``)."""
    out = sentences.copy()
    for frame in resolve_codebook(codebook).frame_ids:
        out[frame] = found[frame].to_numpy(dtype=bool)
    probability = found.attrs.get("probability")
    if probability is not None:
        for frame in probability.columns:
            out[f"p_{frame}"] = probability[frame].to_numpy(dtype=np.float64)
    return out
