"""Reading a corpus a chunk of documents at a time, from whatever holds it.

In: a corpus table, an iterable of document mappings, a folder of ``.txt`` files or a Parquet
dataset. Out: corpus-table chunks of at most ``chunk_size`` documents (:func:`iter_documents`),
so memory holds one chunk's texts, not the corpus's. :func:`stream_dispatch` (the input door's,
:mod:`discourse._validation`) tells a document source from the tables and texts the in-memory
functions take; :func:`discourse.segment`,
:func:`discourse.find_frames` and :func:`discourse.score_frames` use it to read such a source
chunk by chunk, and :mod:`discourse.scale.stream` builds its chunked pipeline and Parquet
export on :func:`iter_documents`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sized
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from .._validation import require_columns
from .._validation import stream_dispatch as stream_dispatch
from ..errors import InputError
from .load import with_region
from .normalise import LayoutOption, sha256_text
from .sources import folder as folder_source

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "Source",
    "concat_tables",
    "iter_documents",
    "parquet_files",
    "stream_dispatch",
]

DEFAULT_CHUNK_SIZE = 200
"""Documents per chunk: a few MB of text for speeches, small enough for any laptop."""

#: A source :func:`iter_documents` accepts.
Source = pd.DataFrame | Iterable[Mapping[str, Any]] | str | os.PathLike[str]


def iter_documents(
    source: Source,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    layout: LayoutOption = "auto",
    progress: bool = True,
) -> Iterator[pd.DataFrame]:
    """Yield a corpus in chunks of at most ``chunk_size`` documents (corpus-table rows).

    Parameters
    ----------
    source
        One of: a corpus table (DataFrame with at least ``doc_id`` and ``text``); an iterable of
        mappings (dicts, :class:`pandas.Series`) with at least ``doc_id`` and ``text``; a folder
        of ``.txt`` files, read exactly as :func:`discourse.load_corpus` reads it (doc_id the
        file stem, an optional ``metadata.csv``), a chunk of files at a time;
        a Parquet dataset (a ``.parquet`` file, a folder of them, or a folder written by
        :func:`export_parquet`, whose ``docs/`` table is read).
    chunk_size
        The most documents a chunk holds.
    layout
        The text layout of a folder's ``.txt`` files, as in :func:`discourse.load_corpus`
        (``"auto"``, the default: decided per file from its line pattern; ``"lines"``: one
        paragraph per line; ``"wrapped"``: hard-wrapped paragraphs; a ``metadata.csv`` in the
        folder may set it per document). The ``layout`` column records each file's.
    progress
        Show a tqdm progress bar (documents).

    Yields
    ------
    pandas.DataFrame
        Corpus-table rows, in source order, with a fresh ``RangeIndex``. Rows from mappings or
        text files lacking ``raw_sha256`` get the sha256 of their text (UTF-8) or file bytes.

    Raises
    ------
    InputError
        A row lacks ``doc_id`` or ``text``, a ``doc_id`` repeats (the message names it and the
        chunk), the folder holds neither ``.txt`` nor ``.parquet`` files or holds both (one
        format is streamed at a time), or ``chunk_size < 1``.

    Examples
    --------
    >>> docs = ({"doc_id": f"d{i}", "text": "Peace."} for i in range(5))
    >>> [len(c) for c in iter_documents(docs, chunk_size=2, progress=False)]
    [2, 2, 1]
    """
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise InputError(f"chunk_size must be a positive integer, not {chunk_size!r}")
    chunks, total = _chunks(source, chunk_size, layout)
    seen: set[str] = set()
    with tqdm(total=total, unit="doc", desc="documents", disable=not progress) as bar:
        for n, chunk in enumerate(chunks):
            require_columns(
                chunk,
                ("doc_id", "text"),
                f"chunk {n} of the corpus",
                hint="every document needs a doc_id and a text",
            )
            ids = chunk["doc_id"].astype(str)
            repeated = ids[ids.duplicated() | ids.isin(seen)]
            if len(repeated):
                raise InputError(
                    f"doc_id {repeated.iloc[0]!r} occurs more than once in the corpus (chunk {n}):"
                    " doc_id must be unique"
                )
            seen.update(ids)
            if "raw_sha256" not in chunk.columns:
                chunk = chunk.assign(raw_sha256=chunk["text"].map(sha256_text))
            bar.update(len(chunk))
            yield chunk.reset_index(drop=True)


def _chunks(
    source: Source, size: int, layout: LayoutOption
) -> tuple[Iterator[pd.DataFrame], int | None]:
    """The raw chunks of ``source`` and the number of documents if known."""
    if isinstance(source, pd.DataFrame):
        frame = source
        return (frame.iloc[i : i + size] for i in range(0, len(frame), size)), len(frame)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        parquet = parquet_files(path)
        if parquet and path.is_dir():
            text = next((p for p in path.rglob("*.txt") if not p.name.startswith(".")), None)
            if text is not None:
                raise InputError(
                    f"{path} holds both Parquet files ({parquet[0].relative_to(path)}) and .txt "
                    f"files ({text.relative_to(path)}): stream one format at a time (move the "
                    "other out, or pass the sub-folder that holds one format)"
                )
        if parquet:
            import pyarrow.parquet as pq  # only for Parquet sources

            total = sum(pq.ParquetFile(p).metadata.num_rows for p in parquet)
            return _parquet_chunks(parquet, size), total
        if path.is_dir() and any(path.rglob("*.txt")):
            files = sum(1 for _ in path.rglob("*.txt"))
            return _text_chunks(path, size, layout), files
        raise InputError(
            f"{path}: not a Parquet dataset nor a folder of .txt files (pass a corpus table, an "
            "iterable of dicts, a folder or a .parquet file)"
        )
    if isinstance(source, Iterable) and not isinstance(source, str | bytes):
        total = len(source) if isinstance(source, Sized) else None
        return _row_chunks(iter(source), size), total
    raise InputError(
        f"cannot read documents from a {type(source).__name__}: pass a corpus table, an "
        "iterable of dicts, a folder of .txt files or a Parquet dataset"
    )


def _row_chunks(rows: Iterator[Mapping[str, Any]], size: int) -> Iterator[pd.DataFrame]:
    batch: list[Mapping[str, Any]] = []
    for n, row in enumerate(rows):
        if isinstance(row, pd.Series):
            row = row.to_dict()
        elif hasattr(row, "_asdict"):
            row = row._asdict()
        if not isinstance(row, Mapping):
            raise InputError(
                f"document {n} is a {type(row).__name__}: each document must be a mapping "
                "(dict or Series) with at least doc_id and text"
            )
        batch.append(row)
        if len(batch) == size:
            yield pd.DataFrame.from_records(batch)
            batch = []
    if batch:
        yield pd.DataFrame.from_records(batch)


def _text_chunks(folder: Path, size: int, layout: LayoutOption) -> Iterator[pd.DataFrame]:
    """A user's folder read as :func:`discourse.load_corpus` reads it, ``size`` files at a time."""
    meta = with_region(folder_source.meta(folder, layout))
    for i in range(0, len(meta), size):
        yield folder_source.read(meta.iloc[i : i + size], errors="strict", progress=False)


def parquet_files(path: Path) -> list[Path]:
    """The data files of a Parquet dataset at ``path`` (an export's ``docs/`` table)."""
    if path.is_file():
        return [path] if path.suffix == ".parquet" else []
    if (path / "docs").is_dir():
        path = path / "docs"
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob("*.parquet") if not p.name.startswith((".", "_")))


def _parquet_chunks(files: list[Path], size: int) -> Iterator[pd.DataFrame]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for file in files:
        for batch in pq.ParquetFile(file).iter_batches(batch_size=size):
            yield pa.Table.from_batches([batch]).to_pandas()


def concat_tables(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-chunk tables in order (empty ones skipped, so dtypes are kept)."""
    nonempty = [f for f in frames if len(f)]
    if not nonempty:
        return frames[0].iloc[0:0] if frames else pd.DataFrame()
    return pd.concat(nonempty, ignore_index=True)
