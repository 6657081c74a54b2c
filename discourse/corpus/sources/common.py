"""What every source shares: the corpus-table contract, metadata cleaning, file reading, and
the assembly of a source's metadata and texts into a corpus table.

A source (:mod:`.seed`, :mod:`.ungdc`, :mod:`.sotu`, :mod:`.kremlin`, :mod:`.folder`) is a
module with two functions, the one small interface :func:`discourse.load_corpus` dispatches on:

``meta(...) -> DataFrame``
    One row per document of the source, its metadata only (nothing fetched or read), plus the
    :data:`SOURCE` column saying where the document's text comes from. ``load_corpus`` filters
    these rows (countries, years, ...) before anything is read.
``read(meta, *, errors, progress) -> DataFrame``
    The corpus table of those rows: texts fetched or read, verified and normalised, assembled by
    :func:`assemble` into the contract's columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from ...errors import InputError
from ..fetch import RemoteFile, fetch_all
from ..normalise import Layout, LayoutOption, decode, normalise, resolve_layout, sha256_bytes

COLUMNS: tuple[str, ...] = (
    "doc_id", "text", "corpus", "genre", "layout", "title", "speaker", "speaker_post",
    "country", "iso3", "region", "date", "year", "outlet", "url", "licence", "attribution",
    "raw_sha256", "n_chars", "is_empty",
)  # fmt: skip

DERIVED = ("text", "corpus", "raw_sha256", "n_chars", "is_empty")
METADATA = tuple(c for c in COLUMNS if c not in DERIVED and c != "doc_id")
SOURCE = "_source"  # internal column: where a document's text comes from
_WS = re.compile(r"\s+")


def clean(value: Any) -> Any:
    """A metadata value with runs of whitespace collapsed and ends stripped; ``""`` → NA."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return pd.NA
    text = _WS.sub(" ", str(value)).strip()
    return text or pd.NA


def text_from_file(
    path: Path, layout: LayoutOption, *, source: str, errors: str
) -> tuple[str, str, Layout]:
    """A file's normalised text, the sha256 of its bytes, and the layout used (``"auto"``
    decided per file by :func:`~discourse.normalise.detect_layout`)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{source}: cannot be read ({exc.strerror or type(exc).__name__}); make it "
            "readable, or move it out of the folder"
        ) from None
    decoded = decode(raw, source=source, errors=errors)
    used = resolve_layout(decoded, layout)
    return normalise(decoded, layout=used), sha256_bytes(raw), used


def assemble(meta: pd.DataFrame, texts: list[str], shas: list[str], corpus: str) -> pd.DataFrame:
    """Assemble the contract's columns (plus any extra metadata columns) in order."""
    table = meta.drop(columns=[SOURCE], errors="ignore").copy()
    table["text"] = pd.array(texts, dtype="string")
    table["corpus"] = corpus
    table["raw_sha256"] = pd.array(shas, dtype="string")
    table["n_chars"] = pd.array([len(t) for t in texts], dtype="int64")
    table["is_empty"] = pd.array([t == "" for t in texts], dtype="bool")
    extras = [c for c in table.columns if c not in COLUMNS]
    for column in COLUMNS:
        if column not in table.columns:
            table[column] = pd.NA
    table = table[list(COLUMNS) + extras]
    for column in [*COLUMNS, *extras]:
        if column == "year":
            table[column] = table[column].astype("Int64")
        elif column not in ("n_chars", "is_empty"):
            table[column] = table[column].astype("string")
    return table.reset_index(drop=True)


def empty_meta(columns: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})


def read_local(meta: pd.DataFrame, corpus: str, *, errors: str) -> pd.DataFrame:
    """Read, hash and normalise local files (the seed, a user's folder).

    The ``layout`` column records the layout each text was read with (``"auto"`` resolved).
    """
    texts, shas, layouts = [], [], []
    for source, layout in zip(meta[SOURCE], meta["layout"], strict=True):
        text, sha, used = text_from_file(Path(source), layout, source=source, errors=errors)
        texts.append(text)
        shas.append(sha)
        layouts.append(used)
    meta = meta.assign(layout=layouts) if len(meta) else meta
    return assemble(meta, texts, shas, corpus)


def yearly_file_fields(info: dict[str, Any], registry: pd.DataFrame) -> dict[str, Any]:
    """The metadata columns of a corpus registered as one file per year and document (UN, State
    of the Union): no date (years only), the year, the outlet, origin URL, licence and
    attribution."""
    return {
        "date": pd.NA,
        "year": registry["year"].astype(int),
        "outlet": info["outlet"],
        "url": registry["origin_url"],
        "licence": info["licence"],
        "attribution": info["attribution"],
    }


def remote_files(registry: pd.DataFrame, root: str) -> list[RemoteFile]:
    """The registered files of a plain-text corpus (its registry's ``path``, ``origin_url``,
    ``sha256`` and ``bytes``), below ``root`` on the mirror."""
    return [
        RemoteFile(f"{root}/{p}", u, s, int(b))
        for p, u, s, b in zip(
            registry["path"],
            registry["origin_url"],
            registry["sha256"],
            registry["bytes"],
            strict=True,
        )
    ]


def read_remote_files(
    meta: pd.DataFrame, corpus: str, *, errors: str, progress: bool
) -> pd.DataFrame:
    """Fetch, verify and normalise a registered corpus of plain-text files (UN, State of the
    Union): each file read as ``wrapped`` text."""
    files: list[RemoteFile] = list(meta[SOURCE])
    local = fetch_all(files, progress=progress, desc=f"{corpus}: fetching")
    texts = []
    for path, file in tqdm(
        list(zip(local, files, strict=True)),
        desc=f"{corpus}: normalising",
        unit="doc",
        disable=not progress or len(files) < 50,
    ):
        text, _, _ = text_from_file(path, "wrapped", source=file.path, errors=errors)
        texts.append(text)
    return assemble(meta, texts, [f.sha256 for f in files], corpus)
