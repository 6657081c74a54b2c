"""Kremlin transcripts: English transcripts and news of the President of Russia, 1999-2020
(``corpus/registry/kremlin.csv``); doc_id ``kremlin-<id>``, read as ``wrapped``.

Read from the data mirror's ``kremlin/transcripts.jsonl`` (verified against its whole-file
sha256), or, where no mirror holds it, assembled from the origin pages with
:func:`discourse.corpus.kremlin_html.extract` and cached as JSONL
(``<DISCOURSE_DATA>/kremlin/records-from-pages.jsonl``, each record with the sha256 of its
content, checked on every read).
"""

from __future__ import annotations

import hashlib
import json
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from ..._atomic import file_mode, write_atomic
from ...errors import ChecksumError, CorpusUnavailableError, InputError
from .. import paths
from ..fetch import RemoteFile, fetch, fetch_all
from ..kremlin_html import extract
from ..normalise import decode, normalise
from ..registry import corpus_info, corpus_registry
from .common import SOURCE, assemble, clean

PAGES_CACHE = "kremlin/records-from-pages.jsonl"


def meta() -> pd.DataFrame:
    """The registry's items, one row each (nothing fetched)."""
    info = corpus_info("kremlin")
    reg = corpus_registry("kremlin")
    year = pd.array([int(d[:4]) if d else pd.NA for d in reg["date"]], dtype="Int64")
    return pd.DataFrame(
        {
            "doc_id": "kremlin-" + reg["id"],
            "genre": info["genre"],
            "layout": info["layout"],
            "title": pd.NA,
            "speaker": pd.NA,
            "speaker_post": pd.NA,
            "country": info["country"],
            "iso3": info["iso3"],
            "date": reg["date"].map(clean),
            "year": year,
            "outlet": info["outlet"],
            "url": reg["url"],
            "licence": info["licence"],
            "attribution": [info["attribution"].format(url=u) for u in reg["url"]],
            SOURCE: reg.to_dict("records"),
        }
    )


def _read_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    """The records of a verified JSONL file by id; a bad line is an error naming it."""
    records: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    record = json.loads(line)
                    records[str(record["id"])] = record
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise InputError(
                        f"{path}, line {number}: not a JSON record with an 'id' ({exc}); the "
                        "file is damaged: delete it and load the corpus again"
                    ) from None
    return records


_RECORD_HASH = "record_sha256"


def _record_sha256(record: Mapping[str, Any]) -> str:
    """The sha256 of a record's canonical JSON (without its own hash field)."""
    body = {k: v for k, v in record.items() if k != _RECORD_HASH}
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")
    ).hexdigest()


def _read_pages_cache(path: Path) -> dict[str, dict[str, Any]]:
    """The records of the derived cache whose hash, recorded at write, still matches.

    Edited, truncated or unreadable records are left out (with a warning), so they are rebuilt
    from their verified pages.
    """
    if not path.is_file():
        return {}
    records: dict[str, dict[str, Any]] = {}
    bad = 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        lines, bad = [], 1
    for line in lines:
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            continue
        if (
            not isinstance(record, dict)
            or "id" not in record
            or record.pop(_RECORD_HASH, None) != _record_sha256(record)
        ):
            bad += 1
            continue
        records[str(record["id"])] = record
    if bad:
        warnings.warn(
            f"{path}: {bad} record(s) failed verification (edited, truncated or unreadable); "
            "they are rebuilt from the verified pages",
            stacklevel=3,
        )
    return records


def _write_jsonl_atomic(path: Path, records: Iterable[dict[str, Any]]) -> None:
    """Write ``records`` as JSONL, each with the sha256 :func:`_read_pages_cache` checks."""
    lines = (
        json.dumps({**record, _RECORD_HASH: _record_sha256(record)}, ensure_ascii=False) + "\n"
        for record in records
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, "".join(lines).encode("utf-8"), mode=file_mode())
    except OSError as exc:  # a read-only cache: the records are still returned, not kept
        warnings.warn(
            f"{path}: the records built from the pages could not be cached "
            f"({exc.strerror or type(exc).__name__}); they are rebuilt on the next load. Make "
            "the folder writable, or point DISCOURSE_DATA at a writable folder.",
            stacklevel=3,
        )


def _kremlin_from_pages(rows: list[dict[str, str]], *, progress: bool) -> dict[str, dict]:
    """Records for ``rows`` built from their pages (mirror or origin), cached as JSONL."""
    info = corpus_info("kremlin")
    cache = paths.data_dir() / PAGES_CACHE
    cached = _read_pages_cache(cache)
    fresh = {
        row["id"]: cached[row["id"]]
        for row in rows
        if row["id"] in cached and cached[row["id"]].get("source_sha256") == row["source_sha256"]
    }
    todo = [row for row in rows if row["id"] not in fresh]
    if not todo:
        return fresh
    pages = [
        RemoteFile(
            info["mirror_page"].format(**row),
            info["page_url"].format(**row),
            row["source_sha256"],
            int(row["source_bytes"]),
        )
        for row in todo
    ]
    local = fetch_all(pages, progress=progress, desc="kremlin: fetching pages")
    for row, path in tqdm(
        list(zip(todo, local, strict=True)),
        desc="kremlin: extracting",
        unit="page",
        disable=not progress or len(todo) < 50,
    ):
        page = extract(decode(path.read_bytes(), source=str(path)))
        fresh[row["id"]] = {
            "id": row["id"],
            "date": page["date"],
            "title": page["title"],
            "place": page["place"],
            "url": row["url"],
            "license": info["licence"],
            "source_repo": row["source_repo"],
            "source_commit": row["source_commit"],
            "source_path": row["source_path"],
            "source_sha256": row["source_sha256"],
            "source_bytes": int(row["source_bytes"]),
            "text": page["text"],
        }
    merged = {**cached, **fresh}
    _write_jsonl_atomic(cache, (merged[k] for k in sorted(merged, key=int)))
    return fresh


def _kremlin_records(rows: list[dict[str, str]], *, progress: bool) -> dict[str, dict]:
    """The records for ``rows``: from the whole-corpus JSONL if obtainable, else from pages."""
    spec = corpus_info("kremlin")["file"]
    whole = RemoteFile(spec["path"], None, spec["sha256"], int(spec["bytes"]))
    try:
        path = fetch(whole)
    except CorpusUnavailableError:
        return _kremlin_from_pages(rows, progress=progress)
    records = _read_jsonl(path)
    missing = [row["id"] for row in rows if row["id"] not in records]
    if missing:
        raise ChecksumError(
            f"{path}: verified, but lacks registered items {missing[:5]}; the registry "
            f"(corpus/registry/kremlin.csv) and corpora.yaml disagree, rebuild them together."
        )
    return records


def read(meta: pd.DataFrame, *, errors: str, progress: bool) -> pd.DataFrame:
    """The items of ``meta``: from the whole-corpus JSONL, else from their verified pages."""
    rows: list[dict[str, str]] = list(meta[SOURCE])
    records = _kremlin_records(rows, progress=progress) if rows else {}
    meta = meta.copy()
    meta["title"] = [clean(records[row["id"]]["title"]) for row in rows]
    texts = [normalise(records[row["id"]]["text"], layout="wrapped") for row in rows]
    return assemble(meta, texts, [row["source_sha256"] for row in rows], "kremlin")
