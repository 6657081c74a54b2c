"""Corpora larger than memory: chunked iteration, streamed frame analysis, Parquet export/import.

The in-memory functions (:func:`discourse.segment`, :func:`discourse.find_frames`,
:func:`discourse.score_frames`) take a whole corpus table. This module runs the same functions
over a corpus one *chunk* of documents at a time (200 by default), so memory stays bounded by
the chunk, not the corpus:

- :func:`iter_documents` (from :mod:`discourse.corpus.documents`) yields corpus-table chunks
  from a DataFrame, an iterator of dicts or rows, a folder of ``.txt`` files, or a Parquet dataset.
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
    <out>/_export.json                      the manifest: provenance, every file and its sha256

Each part file's schema metadata (key ``discourse``) records the codebook (name, version,
hash), the part number and the digest of that part's documents; ``_common_metadata`` records
the digest of the whole corpus, the number of parts and each part file's sha256, which
:func:`import_parquet` checks. ``overwrite=True`` removes only the files a manifest lists.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .._atomic import exchange as _exchange
from .._version import __version__
from ..corpus.documents import (
    DEFAULT_CHUNK_SIZE,
    Source,
    concat_tables,
    iter_documents,
)
from ..corpus.fetch import sha256_file
from ..corpus.load import corpus_digest
from ..corpus.normalise import LayoutOption, sha256_bytes
from ..errors import ChecksumError, CodebookError, InputError
from ..frames.codebook import resolve_codebook
from ..frames.detect import combine_matches
from ..frames.score import chunk_scores, combine_scores

if TYPE_CHECKING:
    from ..frames.codebook import Codebook

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
]

TABLES = ("docs", "sentences", "matches")
"""The tables :func:`export_parquet` writes, each in its own sub-folder."""

METADATA_KEY = b"discourse"
"""The Parquet schema-metadata key holding the export's provenance (JSON)."""

_PART = "part-{:05d}.parquet"

#: A codebook, a path to one, or ``None`` (the package's default codebook).
CodebookLike: TypeAlias = "Codebook | str | os.PathLike[str] | None"


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
    from ..corpus.segment import segment
    from ..frames.detect import find_frames

    return segment, find_frames


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
    matches = find_frames(sentences, codebook, progress=False)  # the chunk loop has the bar
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
        A :class:`~discourse.frames.codebook.Codebook`, a path to one, or ``None`` (the default).
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
        Replace an earlier export at ``path`` (otherwise an existing path is an error). Only
        what that export wrote is removed, as its manifest ``_export.json`` lists it; a
        folder that is not an export, an export holding other files, and a ``source`` inside
        ``path`` are refused, so user files and inputs are never deleted. An empty folder is
        used as it is.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    InputError
        ``path`` exists and ``overwrite`` is false; or it is a file, a non-empty folder that
        is not an export, an export holding files it did not write (the message names them),
        or the folder ``source`` is read from.

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
    out.parent.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(out)
    old_files = _replaceable(out, source, overwrite)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        (tmp / _OWNER).write_text(_owner_id() + "\n")
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
        (tmp / MANIFEST).write_text(json.dumps(record, indent=2, sort_keys=True) + "\n")
        if old_files is None:
            (tmp / _OWNER).unlink()
            try:
                os.replace(tmp, out)
            except OSError as exc:  # another run created the path meanwhile
                raise InputError(
                    f"{out}: another export wrote this path while this one ran ({exc.strerror}); "
                    "nothing of this run was kept. Run one export per path at a time."
                ) from None
        else:
            _swap_in(tmp, out, old_files)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


_OWNER = ".owner"  # in a temporary export folder: "<host> <pid>" of the run that writes it
_STALE_SECONDS = 3600  # a temporary folder without an owner is left alone this long


def _owner_id() -> str:
    import socket

    return f"{socket.gethostname()} {os.getpid()}"


def _abandoned(folder: Path) -> bool:
    """Whether a temporary folder of an export belongs to a run that is no longer alive."""
    import socket
    import time

    try:
        host, pid = (folder / _OWNER).read_text().split()
    except (OSError, ValueError):
        try:
            return time.time() - folder.stat().st_mtime > _STALE_SECONDS
        except OSError:
            return False
    if host != socket.gethostname():
        return False  # another machine's run: cannot tell, leave it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, ValueError):
        return False
    return False


def _clean_leftovers(out: Path) -> None:
    """Remove what killed runs of an export to ``out`` left beside it, and bring back an
    earlier export a run killed in the middle of an overwrite had stepped aside.

    Only hidden folders named like this package's own temporary folders
    (``.<name>.<random>.tmp`` and ``.<name>.<random>.old``) whose run is no longer alive are
    touched.
    """
    prefix = f".{out.name}."
    for folder in sorted(out.parent.glob(f"{glob_escape(prefix)}*")):
        if not folder.is_dir() or folder.is_symlink():
            continue
        if not folder.name.endswith((".tmp", ".old")) or not _abandoned(folder):
            continue
        aside = folder / "export"
        if folder.name.endswith(".old") and aside.is_dir() and not out.exists():
            os.replace(aside, out)  # the earlier export comes back where it was
        shutil.rmtree(folder, ignore_errors=True)


def glob_escape(text: str) -> str:
    """``text`` with glob's special characters escaped."""
    import glob

    return glob.escape(text)


def _swap_in(tmp: Path, out: Path, old_files: list[str]) -> None:
    """Put the new export ``tmp`` at ``out`` so that ``out`` exists at every instant, then
    remove the earlier export's files."""
    (tmp / _OWNER).unlink()
    if _exchange(tmp, out):  # one atomic step: out is new, tmp holds the earlier export
        (tmp / _OWNER).write_text(_owner_id() + "\n")  # a kill now leaves it to the next run
        _remove_export(tmp, [*old_files, _OWNER])
        return
    # no atomic exchange on this system: the earlier export steps aside, the new one moves
    # in; a run killed between the two renames is repaired by the next run (_clean_leftovers)
    trash = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    (trash / _OWNER).write_text(_owner_id() + "\n")
    os.replace(out, trash / "export")
    try:
        os.replace(tmp, out)
    except BaseException:
        os.replace(trash / "export", out)
        shutil.rmtree(trash, ignore_errors=True)
        raise
    _remove_export(trash / "export", old_files)
    shutil.rmtree(trash, ignore_errors=True)


MANIFEST = "_export.json"
"""The manifest of an export: its provenance and every file it wrote, with its sha256."""


def _replaceable(out: Path, source: Any, overwrite: bool) -> list[str] | None:
    """The files of an earlier export at ``out`` that may be replaced (``None``: no folder).

    Raises :class:`InputError` unless ``out`` is absent, an empty folder, or an export that
    holds only the files its manifest lists, and unless ``source`` lies outside ``out``.
    """
    if isinstance(source, str | os.PathLike):
        src = Path(source).resolve()
        dst = out.resolve()
        if src == dst or dst in src.parents:
            raise InputError(
                f"{out}: the export would replace the folder its source {source} is read from; "
                "export to another path (inputs are never deleted)"
            )
    if not out.exists() and not out.is_symlink():
        return None
    if not overwrite:
        raise InputError(f"{out} already exists: pass overwrite=True to replace it")
    if out.is_symlink() or not out.is_dir():
        raise InputError(f"{out} is not a folder: export_parquet replaces only its own exports")
    manifest = out / MANIFEST
    if not manifest.is_file():
        if any(out.iterdir()):
            raise InputError(
                f"{out} is not an export of export_parquet (it has no {MANIFEST}) and is not "
                "empty: refusing to delete its contents. Choose a new path, or empty the "
                "folder yourself."
            )
        out.rmdir()
        return None
    ours = _export_files(manifest)
    present = sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*") if not p.is_dir() or p.is_symlink()
    )
    foreign = [f for f in present if f not in ours]
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        raise InputError(
            f"{out} is an export but also holds files export_parquet did not write ({shown}): "
            "refusing to delete them. Move them out of the folder, or export to a new path."
        )
    return present


def _export_files(manifest: Path) -> set[str]:
    """The files an export wrote (relative paths), from its manifest."""
    try:
        record = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{manifest}: not a readable export manifest ({exc})") from None
    if isinstance(record, dict) and isinstance(record.get("files"), dict):
        return {*record["files"], MANIFEST}
    # an export written before manifests listed their files: its tables' parts and metadata
    files = {MANIFEST}
    folder = manifest.parent
    for name in TABLES:
        for p in (folder / name).glob("*"):
            if p.name == "_common_metadata" or (
                p.name.startswith("part-") and p.name.endswith(".parquet")
            ):
                files.add(f"{name}/{p.name}")
    return files


def _remove_export(folder: Path, files: list[str]) -> None:
    """Delete ``files`` (relative to ``folder``) and then the folders they leave empty."""
    for name in files:
        (folder / name).unlink(missing_ok=True)
    for sub in sorted({(folder / f).parent for f in files}, key=lambda p: -len(p.parts)):
        if sub != folder and not any(sub.iterdir()):
            sub.rmdir()
    folder.rmdir()


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
    part_sha: dict[str, list[str]] = {name: [] for name in wanted}
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
            part_sha[name].append(sha256_file(where))
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
    files: dict[str, str] = {}
    for name in wanted:
        schema = schemas.get(name, pa.schema([]))
        meta = dict(schema.metadata or {})
        table_record = {**record, "table": name, "part_sha256": part_sha[name]}
        meta[METADATA_KEY] = json.dumps(table_record, sort_keys=True).encode()
        pq.write_metadata(schema.with_metadata(meta), tmp / name / "_common_metadata")
        for n, sha in enumerate(part_sha[name]):
            files[f"{name}/{_PART.format(n)}"] = sha
        files[f"{name}/_common_metadata"] = sha256_file(tmp / name / "_common_metadata")
    return {**record, "files": dict(sorted(files.items()))}


def _part_record(schema: pa.Schema, where: Path) -> dict[str, Any]:
    raw = (schema.metadata or {}).get(METADATA_KEY)
    if raw is None:
        raise InputError(
            f"{where}: no '{METADATA_KEY.decode()}' record in the Parquet schema metadata; "
            "was this written by discourse.scale.stream.export_parquet?"
        )
    record: dict[str, Any] = json.loads(raw)
    return record


def read_export_metadata(path: str | os.PathLike[str], *, table: str = "docs") -> dict[str, Any]:
    """The provenance an export recorded for ``table`` (from its ``_common_metadata``).

    Keys: ``codebook_name``, ``codebook_version``, ``codebook_hash`` (absent for a docs-only
    export), ``corpus_sha256`` (see :func:`corpus_digest`), ``n_docs``, ``n_parts``,
    ``discourse_version``, ``table``, ``part_sha256`` (each part file's sha256, in order).
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
        Check every part file's sha256 against the one the export recorded (any edited, added
        or deleted row, or a part from another export, is an error), check that it records
        the same codebook and export as ``_common_metadata``, and recompute the corpus digest
        from the ``docs`` table's ``raw_sha256`` column.

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
        A part file's bytes differ from those exported (rows edited, added or deleted, or a
        part from another export), a part is missing or extra, or the documents' checksums do
        not match the recorded corpus digest.
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
    hashes = recorded.get("part_sha256")
    if not isinstance(hashes, list):
        hashes = []
    if verify and len(hashes) != len(files):
        raise ChecksumError(
            f"{root / table}: the export records no checksum of its part files (written by an "
            "older discourse), so its rows cannot be verified; re-run export_parquet, or pass "
            "verify=False to read it unverified"
        )
    frames = []
    for n, file in enumerate(files):
        data = file.read_bytes()
        if verify and sha256_bytes(data) != hashes[n]:
            raise ChecksumError(
                f"{file}: the file's sha256 is not the one the export recorded for part {n}: "
                "rows were edited, added or deleted, or the file comes from another export. "
                "Re-run export_parquet."
            )
        parquet = pq.ParquetFile(pa.BufferReader(data))
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
