"""Corpora larger than memory: chunked iteration, streamed frame analysis, Parquet export/import.

The in-memory functions (:func:`discourse.segment`, :func:`discourse.find_frames`,
:func:`discourse.score_frames`) take a whole corpus table. This module runs the same functions
over a corpus one *chunk* of documents at a time (200 by default), so memory stays bounded by
the chunk, not the corpus:

- :func:`iter_documents` yields corpus-table chunks from a DataFrame, an iterator of dicts or
  rows, a folder of ``.txt`` files, or a Parquet dataset.
- :func:`iter_chunks` runs segment → find_frames on each chunk and yields a :class:`Chunk`
  (``docs``, ``sentences``, ``matches``).
- :func:`segment_stream`, :func:`find_frames_stream` and :func:`score_frames_stream` return the
  same tables as the in-memory functions on the whole corpus (sentence and match tables are small
  beside the texts). Scores combine exactly: counts are summed over chunks first and rates are
  computed once, at the end.
- :func:`export_parquet` writes the doc, sentence and match tables as partitioned Parquet
  datasets (one file per chunk) recording the codebook's hash and version and a digest of the
  documents' ``raw_sha256`` in the Parquet schema metadata; :func:`import_parquet` reads a table
  back and verifies those records.

A document never straddles two chunks, so per-document results do not depend on the chunk size.
Sentence tables list documents in source order (as :func:`discourse.segment` does); match
tables are in :func:`discourse.find_frames`' order (``doc_id, start, indicator``); score tables
in :func:`discourse.score_frames`' order.

Exported layout (``<out>`` is the folder given to :func:`export_parquet`)::

    <out>/docs/part-00000.parquet ...       corpus table, one file per chunk
    <out>/docs/_common_metadata             schema + provenance of the whole export
    <out>/sentences/part-00000.parquet ...  sentence table (same part numbers)
    <out>/matches/part-00000.parquet ...    match table (same part numbers)
    <out>/_export.json                      the provenance record, for people

Each part file's schema metadata (key ``discourse``) records the codebook (name, version,
hash), the part number and the digest of that part's documents; ``_common_metadata`` records
the digest of the whole corpus and the number of parts.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

from . import __version__
from .corpus import corpus_digest
from .errors import ChecksumError, CodebookError, InputError
from .normalise import LayoutOption, sha256_text

if TYPE_CHECKING:
    from .codebook import Codebook

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "TABLES",
    "Chunk",
    "corpus_digest",
    "export_parquet",
    "find_frames_stream",
    "import_parquet",
    "iter_chunks",
    "iter_documents",
    "read_export_metadata",
    "score_frames_stream",
    "segment_stream",
    "stream_dispatch",
]

DEFAULT_CHUNK_SIZE = 200
"""Documents per chunk: a few MB of text for speeches, small enough for any laptop."""

TABLES = ("docs", "sentences", "matches")
"""The tables :func:`export_parquet` writes, each in its own sub-folder."""

METADATA_KEY = b"discourse"
"""The Parquet schema-metadata key holding the export's provenance (JSON)."""

_PART = "part-{:05d}.parquet"

#: A codebook, a path to one, or ``None`` (the package's default codebook).
CodebookLike: TypeAlias = "Codebook | str | os.PathLike[str] | None"

#: A source :func:`iter_documents` accepts.
Source = pd.DataFrame | Iterable[Mapping[str, Any]] | str | os.PathLike[str]


# --------------------------------------------------------------------------- documents


def stream_dispatch(obj: Any) -> tuple[bool, Any]:
    """Whether ``obj`` is a source for this module rather than for an in-memory function.

    The hook :func:`discourse.segment`, :func:`discourse.find_frames` and
    :func:`discourse.score_frames` call first. Stream sources are: an iterator whose first item
    is a mapping (a generator of document dicts); a :class:`~pathlib.Path` naming an existing
    folder or ``.parquet`` file; a one-line string doing so that holds a path separator or
    ends in ``.parquet`` (``"speeches/"``, ``"corpus.parquet"``; a bare ``"speeches"`` is read
    as a text). A DataFrame, a list, an iterator of strings and any other string are not.

    Returns
    -------
    tuple
        ``(is_stream, source)``: use ``source`` from then on, since an iterator's first item
        has been read (``source`` yields it again).

    Examples
    --------
    >>> stream_dispatch(iter([{"doc_id": "a", "text": "Peace."}]))[0]
    True
    >>> stream_dispatch(iter(["Peace."]))[0]
    False
    >>> stream_dispatch("Peace and tradition.")
    (False, 'Peace and tradition.')
    """
    if isinstance(obj, Iterator):
        try:
            first = next(obj)
        except StopIteration:
            return False, iter(())
        rest = chain([first], obj)
        return isinstance(first, Mapping | pd.Series), rest
    if isinstance(obj, os.PathLike | str):
        if isinstance(obj, str) and not _looks_like_path(obj):
            return False, obj
        path = Path(obj)
        try:
            found = path.is_dir() or (path.is_file() and path.suffix == ".parquet")
        except OSError:
            found = False
        return found, obj
    return False, obj


def _looks_like_path(text: str) -> bool:
    """A string that may name a path (not a text): one line holding a separator or ``.parquet``."""
    if not text.strip() or "\n" in text or len(text) > 4096:
        return False
    return "/" in text or os.sep in text or text.endswith(".parquet")


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
        chunk), the folder holds neither ``.txt`` nor ``.parquet`` files, or ``chunk_size < 1``.

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
            missing = [c for c in ("doc_id", "text") if c not in chunk.columns]
            if missing:
                raise InputError(
                    f"chunk {n} of the corpus lacks the column(s) {missing}: every document "
                    "needs a doc_id and a text"
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
        if parquet:
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
    from .corpus import _folder_meta, _load_local

    meta = _folder_meta(folder, layout)
    for i in range(0, len(meta), size):
        yield _load_local(meta.iloc[i : i + size], "user", errors="strict")


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
    for file in files:
        for batch in pq.ParquetFile(file).iter_batches(batch_size=size):
            yield pa.Table.from_batches([batch]).to_pandas()


# --------------------------------------------------------------------------- the pipeline


@dataclass(frozen=True)
class Chunk:
    """One chunk's tables.

    Attributes
    ----------
    number
        The chunk's 0-based position in the corpus.
    docs
        Corpus-table rows.
    sentences
        Their sentence table (:func:`discourse.segment`).
    matches
        Their match table (:func:`discourse.find_frames`).
    """

    number: int
    docs: pd.DataFrame
    sentences: pd.DataFrame
    matches: pd.DataFrame


def _steps() -> tuple[Callable[..., pd.DataFrame], Callable[..., pd.DataFrame]]:
    """The in-memory segment and find_frames functions the stream runs on each chunk."""
    from .detect import find_frames
    from .segment import segment

    return segment, find_frames


def _score_function() -> Callable[..., pd.DataFrame]:
    from .score import score_frames

    return score_frames


def resolve_codebook(codebook: CodebookLike) -> Codebook:
    """A loaded codebook from a :class:`~discourse.codebook.Codebook`, a path or ``None``."""
    from .codebook import resolve_codebook as resolve

    return resolve(Path(codebook) if isinstance(codebook, os.PathLike) else codebook)


def process_documents(
    docs: pd.DataFrame,
    codebook: Codebook,
    *,
    segment_options: Mapping[str, Any] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segment ``docs`` and find frames in them: the unit of work of every chunk and task.

    Returns ``(sentences, matches)`` exactly as ``segment(docs, **segment_options)`` and
    ``find_frames(sentences, codebook)`` give them.
    """
    segment, find_frames = _steps()
    sentences = segment(docs, **{**(segment_options or {}), "progress": False})
    matches = find_frames(sentences, codebook)
    return sentences, matches


def iter_chunks(
    source: Source,
    *,
    codebook: CodebookLike = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    layout: LayoutOption = "auto",
    segment_options: Mapping[str, Any] | None = None,
    progress: bool = True,
) -> Iterator[Chunk]:
    """Segment each chunk of ``source`` and find frames in it; yield the chunk's tables.

    Parameters
    ----------
    source, chunk_size, layout, progress
        As in :func:`iter_documents`.
    codebook
        A :class:`~discourse.codebook.Codebook`, a path to one, or ``None`` (the default).
        Loaded once, before the first chunk.
    segment_options
        Keyword options passed to :func:`discourse.segment`.

    Yields
    ------
    Chunk
        ``number``, ``docs``, ``sentences``, ``matches``; memory holds one chunk at a time.
    """
    book = resolve_codebook(codebook)
    chunks = iter_documents(source, chunk_size=chunk_size, layout=layout, progress=progress)
    for n, docs in enumerate(chunks):
        sentences, matches = process_documents(docs, book, segment_options=segment_options)
        yield Chunk(n, docs, sentences, matches)


def concat_tables(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-chunk tables in order (empty ones skipped, so dtypes are kept)."""
    nonempty = [f for f in frames if len(f)]
    if not nonempty:
        return frames[0].iloc[0:0] if frames else pd.DataFrame()
    return pd.concat(nonempty, ignore_index=True)


def segment_stream(
    source: Source,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    layout: LayoutOption = "auto",
    progress: bool = True,
    **segment_options: Any,
) -> pd.DataFrame:
    """The sentence table of ``source``, segmented chunk by chunk.

    Equal to ``segment(corpus, **segment_options)`` on the whole corpus table; only one chunk's
    texts are in memory at a time.
    """
    segment, _ = _steps()
    chunks = iter_documents(source, chunk_size=chunk_size, layout=layout, progress=progress)
    options = {**segment_options, "progress": False}
    return concat_tables([segment(docs, **options) for docs in chunks])


def find_frames_stream(
    source: Source,
    *,
    codebook: CodebookLike = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    layout: LayoutOption = "auto",
    segment_options: Mapping[str, Any] | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """The match table of ``source``, found chunk by chunk (see :func:`iter_chunks`).

    Equal to ``find_frames(segment(corpus), codebook=codebook)`` on the whole corpus table,
    row for row; only one chunk's texts and sentences are in memory at a time.
    """
    chunks = iter_chunks(
        source,
        codebook=codebook,
        chunk_size=chunk_size,
        layout=layout,
        segment_options=segment_options,
        progress=progress,
    )
    return combine_matches([chunk.matches for chunk in chunks])


def combine_matches(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-chunk match tables in :func:`discourse.find_frames`'s order.

    ``find_frames`` orders rows by ``doc_id, start, indicator`` (stable); rows that tie on
    those keys belong to one document, hence one chunk, so a stable sort of the concatenation
    is the whole-corpus order whatever the chunking or the documents' order.
    """
    parts = list(parts)
    out = concat_tables(parts).sort_values(
        ["doc_id", "start", "indicator"], kind="stable", ignore_index=True
    )
    if parts:
        out.attrs.update(parts[0].attrs)
    return out


def score_frames_stream(
    source: Source,
    *,
    by: str | Sequence[str] = "doc_id",
    query: str | None = None,
    codebook: CodebookLike = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    layout: LayoutOption = "auto",
    segment_options: Mapping[str, Any] | None = None,
    progress: bool = True,
) -> pd.DataFrame:
    """Frame scores of ``source``, computed chunk by chunk and combined exactly.

    Parameters
    ----------
    source, codebook, chunk_size, layout, segment_options, progress
        As in :func:`iter_chunks`.
    by
        Group column(s), from the sentence table or the corpus table (``doc_id``, ``speaker``,
        ``country``, ``year``, ...), as in :func:`discourse.score_frames`.
    query
        A :meth:`pandas.DataFrame.query` expression selecting the sentences to score, e.g.
        ``"kind == 'body'"`` (default: all).

    Returns
    -------
    pandas.DataFrame
        The table :func:`discourse.score_frames` gives on the whole corpus:
        ``score_frames(find_frames(s), sentences=s, corpus=corpus, by=by)`` with
        ``s = segment(corpus)`` (filtered by ``query``). Each chunk is scored with the same
        grouping; the counts (``n_docs``, ``n_sentences``, ``n_tokens``, ``n_matches``,
        ``n_below_threshold``,
        ``n_negated``, ``weight``, ``sentences_with_frame``) are summed over chunks and the
        rates computed once from the sums. ``n_docs`` sums exactly because a document lies in
        one chunk.
    """
    book = resolve_codebook(codebook)
    chunks = iter_chunks(
        source,
        codebook=book,
        chunk_size=chunk_size,
        layout=layout,
        segment_options=segment_options,
        progress=progress,
    )
    parts = [chunk_scores(c.docs, c.sentences, c.matches, book, by=by, query=query) for c in chunks]
    return combine_scores(parts, by=by, codebook=book)


def chunk_scores(
    docs: pd.DataFrame,
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    codebook: Codebook,
    *,
    by: str | Sequence[str] = "doc_id",
    query: str | None = None,
) -> pd.DataFrame:
    """One chunk's scores, grouped by ``by``: the partial result :func:`combine_scores` sums."""
    if query is not None:
        sentences = sentences.query(query)
    if not len(sentences):
        return pd.DataFrame()
    score_frames = _score_function()
    return score_frames(matches, sentences=sentences, corpus=docs, by=by, codebook=codebook)


def combine_scores(
    parts: Iterable[pd.DataFrame], *, by: str | Sequence[str] = "doc_id", codebook: Codebook
) -> pd.DataFrame:
    """Combine :func:`chunk_scores` results: sum the counts over chunks, then compute rates.

    Rates follow :func:`discourse.score_frames`: ``per_1k_sentences = 1000 *
    sentences_with_frame / n_sentences`` and ``per_1k_tokens = 1000 * n_matches / n_tokens``
    (NA without tokens). Rows are sorted by the groups, then frames in codebook order.
    """
    groups = [by] if isinstance(by, str) else list(by)
    scored = [p for p in parts if len(p)]
    if not scored:
        raise InputError("no sentences to score: the corpus (or the query) selects none")
    table = pd.concat(scored, ignore_index=True)
    from .score import ADDITIVE_SCORE_COLUMNS

    counts = list(ADDITIVE_SCORE_COLUMNS)
    out = table.groupby([*groups, "frame"], dropna=False, sort=False)[counts].sum().reset_index()
    out["per_1k_sentences"] = 1000 * out["sentences_with_frame"] / out["n_sentences"]
    out["per_1k_tokens"] = 1000 * out["n_matches"] / out["n_tokens"].where(out["n_tokens"] > 0)
    order = {f: i for i, f in enumerate(codebook.frame_ids)}
    out = out.sort_values(
        [*groups, "frame"],
        key=lambda s: s.map(order) if s.name == "frame" else s,
        kind="stable",
        ignore_index=True,
    )
    out = out[list(table.columns)]
    out.attrs.update(scored[0].attrs)
    return out


# --------------------------------------------------------------------------- Parquet


def _codebook_record(codebook: Codebook) -> dict[str, str]:
    return {
        "codebook_name": str(getattr(codebook, "name", "")),
        "codebook_version": str(codebook.version),
        "codebook_hash": str(codebook.hash),
    }


def _write_part(
    frame: pd.DataFrame, path: Path, record: dict[str, Any], compression: str | None
) -> pa.Schema:
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[METADATA_KEY] = json.dumps(record, sort_keys=True).encode()
    table = table.replace_schema_metadata(meta)
    pq.write_table(table, path, compression=compression or "none")
    return table.schema


def export_parquet(
    source: Source,
    path: str | os.PathLike[str],
    *,
    codebook: CodebookLike = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    layout: LayoutOption = "auto",
    tables: Iterable[str] = TABLES,
    segment_options: Mapping[str, Any] | None = None,
    compression: str | None = "snappy",
    overwrite: bool = False,
    progress: bool = True,
) -> Path:
    """Run the pipeline over ``source`` chunk by chunk and write its tables as Parquet datasets.

    Parameters
    ----------
    source, codebook, chunk_size, layout, segment_options, progress
        As in :func:`iter_chunks`.
    path
        The export folder (created; see the module docstring for its layout). Written into a
        temporary sibling folder and moved into place when complete, so a failed run leaves
        nothing half-written.
    tables
        Which of ``"docs"``, ``"sentences"``, ``"matches"`` to write. ``("docs",)`` alone
        converts a corpus to Parquet without running the pipeline.
    compression
        The Parquet codec (``"snappy"``, ``"zstd"``, ... or ``None``), as in
        :func:`pyarrow.parquet.write_table`.
    overwrite
        Replace an existing export at ``path`` (otherwise an existing path is an error).

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile
    >>> docs = [{"doc_id": "d1", "text": "Peace."}, {"doc_id": "d2", "text": "War."}]
    >>> out = export_parquet(docs, tempfile.mkdtemp() + "/corpus", tables=["docs"],
    ...                      progress=False)
    >>> import_parquet(out, table="docs")["doc_id"].tolist()
    ['d1', 'd2']
    """
    wanted = list(tables)
    unknown = sorted(set(wanted) - set(TABLES))
    if unknown or not wanted:
        raise InputError(f"tables must be a non-empty subset of {list(TABLES)}, not {wanted}")
    out = Path(path)
    if out.exists() and not overwrite:
        raise InputError(f"{out} already exists: pass overwrite=True to replace it")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        record = _export(
            source,
            tmp,
            wanted,
            codebook,
            chunk_size,
            layout,
            segment_options,
            compression,
            progress,
        )
        (tmp / "_export.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        if out.exists():
            shutil.rmtree(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _export(
    source: Source,
    tmp: Path,
    wanted: list[str],
    codebook: CodebookLike,
    chunk_size: int,
    layout: LayoutOption,
    segment_options: Mapping[str, Any] | None,
    compression: str | None,
    progress: bool,
) -> dict[str, Any]:
    pipeline = wanted != ["docs"]
    book = resolve_codebook(codebook) if pipeline else None
    base: dict[str, Any] = {"discourse_version": __version__}
    if book is not None:
        base.update(_codebook_record(book))
    for name in wanted:
        (tmp / name).mkdir()
    schemas: dict[str, pa.Schema] = {}
    with_rows: set[str] = set()
    pairs: dict[str, str] = {}
    n_parts = 0
    docs_iter = iter_documents(source, chunk_size=chunk_size, layout=layout, progress=progress)
    for n, docs in enumerate(docs_iter):
        pairs.update(zip(docs["doc_id"].astype(str), docs["raw_sha256"].astype(str), strict=True))
        tabs = {"docs": docs}
        if pipeline:
            assert book is not None
            tabs["sentences"], tabs["matches"] = process_documents(
                docs, book, segment_options=segment_options
            )
        part = {**base, "part": n, "n_docs": len(docs), "part_corpus_sha256": corpus_digest(docs)}
        for name in wanted:
            where = tmp / name / _PART.format(n)
            schema = _write_part(tabs[name], where, {**part, "table": name}, compression)
            if name not in with_rows:
                schemas[name] = schema
                if len(tabs[name]):
                    with_rows.add(name)
        n_parts = n + 1
    record = {
        **base,
        "n_parts": n_parts,
        "n_docs": len(pairs),
        "corpus_sha256": corpus_digest(pairs),
    }
    for name in wanted:
        schema = schemas.get(name, pa.schema([]))
        meta = dict(schema.metadata or {})
        meta[METADATA_KEY] = json.dumps({**record, "table": name}, sort_keys=True).encode()
        pq.write_metadata(schema.with_metadata(meta), tmp / name / "_common_metadata")
    return record


def _part_record(schema: pa.Schema, where: Path) -> dict[str, Any]:
    raw = (schema.metadata or {}).get(METADATA_KEY)
    if raw is None:
        raise InputError(
            f"{where}: no '{METADATA_KEY.decode()}' record in the Parquet schema metadata; "
            "was this written by discourse.stream.export_parquet?"
        )
    record: dict[str, Any] = json.loads(raw)
    return record


def read_export_metadata(path: str | os.PathLike[str], *, table: str = "docs") -> dict[str, Any]:
    """The provenance an export recorded for ``table`` (from its ``_common_metadata``).

    Keys: ``codebook_name``, ``codebook_version``, ``codebook_hash`` (absent for a docs-only
    export), ``corpus_sha256`` (see :func:`corpus_digest`), ``n_docs``, ``n_parts``,
    ``discourse_version``, ``table``.
    """
    common = Path(path) / table / "_common_metadata"
    if not common.is_file():
        raise InputError(
            f"{common} not found: {path} is not an export of export_parquet with a {table!r} "
            "table (or the export did not finish)"
        )
    return _part_record(pq.read_schema(common), common)


def _check_codebook(recorded: dict[str, Any], codebook: Codebook, where: Path) -> None:
    if "codebook_hash" not in recorded:
        raise CodebookError(
            f"{where}: this export was written without a codebook (docs only), so it cannot "
            "be checked against one"
        )
    if recorded["codebook_hash"] != codebook.hash:
        raise CodebookError(
            f"{where}: written with codebook {recorded.get('codebook_name') or '?'} version "
            f"{recorded['codebook_version']} (hash {recorded['codebook_hash'][:12]}…), but the "
            f"codebook given is {getattr(codebook, 'name', '?')} version {codebook.version} "
            f"(hash {codebook.hash[:12]}…). Re-run export_parquet with this codebook, or load "
            "the codebook the export was made with."
        )


def import_parquet(
    path: str | os.PathLike[str],
    *,
    table: str = "matches",
    codebook: CodebookLike = None,
    verify: bool = True,
) -> pd.DataFrame:
    """Read one table of an :func:`export_parquet` export, verifying its provenance.

    Parameters
    ----------
    path
        The export folder.
    table
        ``"docs"``, ``"sentences"`` or ``"matches"``.
    codebook
        If given (a codebook or a path), it must be the codebook the export was made with
        (same content hash).
    verify
        Check that every part file records the same codebook and export as
        ``_common_metadata``, and recompute the corpus digest from the ``docs`` table's
        ``raw_sha256`` column (cheap: two columns are read).

    Returns
    -------
    pandas.DataFrame
        The table, parts concatenated in order; dtypes as written. A match table's ``attrs``
        record the codebook (``codebook_name``, ``codebook_version``, ``codebook_hash``).

    Raises
    ------
    CodebookError
        ``codebook`` differs from the one recorded (the message gives both versions and hashes).
    ChecksumError
        A part file belongs to another export, or the documents' checksums do not match the
        recorded corpus digest (a part file was replaced, added or removed).
    InputError
        ``path`` is not a complete export, or ``table`` was not exported.
    """
    if table not in TABLES:
        raise InputError(f"table must be one of {list(TABLES)}, not {table!r}")
    root = Path(path)
    recorded = read_export_metadata(root, table=table)
    if codebook is not None:
        _check_codebook(recorded, resolve_codebook(codebook), root / table)
    files = _parts(root / table, recorded)
    frames = []
    for file in files:
        parquet = pq.ParquetFile(file)
        if verify:
            part = _part_record(parquet.schema_arrow, file)
            for key in ("codebook_hash", "discourse_version"):
                if part.get(key) != recorded.get(key):
                    raise ChecksumError(
                        f"{file}: records {key} {part.get(key)!r} but the export records "
                        f"{recorded.get(key)!r}: the file comes from another export"
                    )
        frames.append(parquet.read().to_pandas())
    if verify:
        verify_corpus(root, recorded)
    out = concat_tables(frames)
    if table == "matches":  # as find_frames records them
        out.attrs.update({k: v for k, v in recorded.items() if k.startswith("codebook_")})
    return out


def _parts(folder: Path, recorded: dict[str, Any]) -> list[Path]:
    files = sorted(folder.glob("part-*.parquet"))
    expected = [folder / _PART.format(n) for n in range(int(recorded["n_parts"]))]
    if files != expected:
        extra = sorted(set(files) - set(expected))
        missing = sorted(set(expected) - set(files))
        raise ChecksumError(
            f"{folder}: expected {len(expected)} part files; missing {[p.name for p in missing]}"
            f", unexpected {[p.name for p in extra]}. Re-run export_parquet."
        )
    return files


def verify_corpus(path: str | os.PathLike[str], recorded: dict[str, Any] | None = None) -> str:
    """Recompute an export's corpus digest from its ``docs`` table; raise if it differs.

    Returns the digest. Raises :class:`~discourse.errors.ChecksumError` on a mismatch.
    """
    root = Path(path)
    record = recorded if recorded is not None else read_export_metadata(root)
    docs = root / "docs"
    if not docs.is_dir():
        raise InputError(f"{docs} not found: the corpus digest needs the exported docs table")
    pairs: dict[str, str] = {}
    for file in _parts(docs, record):
        cols = pq.read_table(file, columns=["doc_id", "raw_sha256"]).to_pydict()
        pairs.update(zip(map(str, cols["doc_id"]), map(str, cols["raw_sha256"]), strict=True))
    digest = corpus_digest(pairs)
    if digest != record["corpus_sha256"]:
        raise ChecksumError(
            f"{docs}: the documents' raw_sha256 digest is {digest[:12]}… but the export "
            f"recorded {record['corpus_sha256'][:12]}…: the docs table was changed after export"
        )
    return digest
