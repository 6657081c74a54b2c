"""Corpus tables: the embedded seed, the registered external corpora and a user's own folder.

:func:`load_corpus` returns one row per document with the columns of the corpus-table contract
(``ARCHITECTURE.md``)::

    doc_id, text, corpus, genre, layout, title, speaker, speaker_post, country, iso3, region, date,
    year, outlet, url, licence, attribution, raw_sha256, n_chars, is_empty

followed, for a user's folder, by the extra columns of its ``metadata.csv``. Text columns have the
``string`` dtype (missing values are ``pd.NA``), ``year`` is ``Int64``, ``n_chars`` ``int64`` and
``is_empty`` ``bool``.

Sources
-------
``"seed"``
    The news article the project was built around (``corpus/seed/``, described by
    ``meta.yaml``); doc_id ``bne-2024-12-19-aliyev``. ``load_corpus()`` returns it. Its
    ``speaker`` is the person the report quotes (``subject_speaker``), its country and licence
    come from the ``seed`` entry of ``corpus/registry/corpora.yaml``.
``"ungdc"``
    UN General Debate speeches of 199 countries and the EU, 1946-2024
    (``corpus/registry/ungdc.csv``);
    doc_id ``ungdc-<ISO3>-<YEAR>``; files are fetched, verified and cached by
    :mod:`discourse.corpus.fetch`. Country, speaker and post as the manifest records them (stray
    whitespace removed; NA where empty); ``title`` is ``"UN General Debate <year> (session
    <n>): <country>"``; ``date`` is NA (the manifest gives years only); ``url`` is the
    file's origin URL.
``"sotu"``
    State of the Union addresses of the US presidents, 1790-2021 (233 addresses,
    ``corpus/registry/sotu.csv``); doc_id ``sotu-<YEAR>-<president>`` from the file name
    (``sotu-1953-harry-s-truman``: 1953 and 1961 hold two addresses). ``speaker`` is the
    president, ``party`` an extra column, ``country`` "United States", ``iso3`` USA (so
    ``region`` is WEOG), ``genre`` "speech", ``date`` NA (years only), ``title`` "State of
    the Union <year>: <president>". Fetched, verified and cached like the UN files. Each file
    is one line with no paragraph break: :func:`~discourse.corpus.segment.segment` still
    gives its sentences, and groups them into paragraphs (see its ``Paragraphs`` note).
``"kremlin"``
    English transcripts and news of the President of Russia, 1999-2020
    (``corpus/registry/kremlin.csv``); doc_id ``kremlin-<id>``. Read from the data mirror's
    ``kremlin/transcripts.jsonl`` (verified against its whole-file sha256), or, where no mirror
    holds it, assembled from the origin pages with :func:`discourse.corpus.kremlin_html.extract` and
    cached as JSONL (``<DISCOURSE_DATA>/kremlin/records-from-pages.jsonl``, each record with
    the sha256 of its content, checked on every read: an edited or truncated record is rebuilt
    from its verified page). ``title`` is the
    record's title with its whitespace (non-breaking spaces) made plain. The document-level
    ``speaker`` is NA: speakers come from the turns inside a transcript. Items without a date
    (148) have ``date`` and ``year`` NA.
a folder
    Every ``*.txt`` file below it, subfolders included (hidden files skipped); doc_id is the
    file stem, and two files with the same stem are an error. An optional ``metadata.csv``
    (UTF-8) names each document in a ``file`` (``speech.txt``) or ``doc_id`` (``speech``)
    column; its columns named like the contract's (``title``, ``speaker``, ``date``, ``year``,
    ``genre``, ``layout``, ...) fill those, any others are appended as extra string columns.
    A line naming no file is an error that names the line; a file without a line gets NA
    metadata. ``year`` defaults to the first four digits of ``date``. ``corpus`` is ``user``.

Row order: registered corpora keep their registry's order (UN: ISO3 then year; State of the
Union: year then file; Kremlin: date
then numeric id); a folder's documents are sorted by ``doc_id``.

Text: ``normalise(decode(file bytes), layout=...)`` for files (seed and news ``lines``, UN and
State of the Union ``wrapped``, a folder's ``layout=``), ``normalise(record["text"],
layout="wrapped")`` for Kremlin items. ``raw_sha256`` is the sha256 of the file's bytes, or for
Kremlin of the origin page.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from tqdm.auto import tqdm

from .._atomic import write_atomic
from ..errors import ChecksumError, CorpusUnavailableError, InputError
from . import paths
from .fetch import RemoteFile, fetch, fetch_all, file_mode, safe_relpath
from .kremlin_html import extract
from .normalise import Layout, LayoutOption, decode, normalise, resolve_layout, sha256_bytes
from .registry import KNOWN_CORPORA, corpus_info, corpus_registry, region_map

__all__ = ["COLUMNS", "load_corpus"]

COLUMNS: tuple[str, ...] = (
    "doc_id", "text", "corpus", "genre", "layout", "title", "speaker", "speaker_post",
    "country", "iso3", "region", "date", "year", "outlet", "url", "licence", "attribution",
    "raw_sha256", "n_chars", "is_empty",
)  # fmt: skip

_DERIVED = ("text", "corpus", "raw_sha256", "n_chars", "is_empty")
_METADATA = tuple(c for c in COLUMNS if c not in _DERIVED and c != "doc_id")
_SOURCE = "_source"  # internal column: where a document's text comes from
_PAGES_CACHE = "kremlin/records-from-pages.jsonl"
_WS = re.compile(r"\s+")

Years = int | tuple[int | None, int | None] | Iterable[int]


# --------------------------------------------------------------------------- helpers


def _clean(value: Any) -> Any:
    """A metadata value with runs of whitespace collapsed and ends stripped; ``""`` → NA."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return pd.NA
    text = _WS.sub(" ", str(value)).strip()
    return text or pd.NA


def _as_list(value: str | Iterable[str] | None, what: str) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    if not all(isinstance(item, str) for item in items):
        raise InputError(f"{what} must be a string or a list of strings, not {value!r}")
    return items


def _year_mask(year: pd.Series, years: Years) -> pd.Series:
    if isinstance(years, bool):
        raise InputError(f"years must be an int, a (start, end) tuple or a list, not {years!r}")
    if isinstance(years, int):
        return year == years
    if isinstance(years, tuple) and len(years) == 2:
        start, end = years
        for bound in (start, end):
            if bound is not None and (not isinstance(bound, int) or isinstance(bound, bool)):
                raise InputError(
                    f"years=(start, end) takes integers or None, not {years!r} "
                    "(e.g. years=(2008, 2024), or years=(2008, None) for 2008 onwards)"
                )
        mask = year.notna()
        if start is not None:
            mask &= year >= start
        if end is not None:
            mask &= year <= end
        return mask.fillna(False).astype(bool)
    wanted = list(years)
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in wanted):
        raise InputError(f"years must be integers, not {years!r}")
    return year.isin(wanted).fillna(False).astype(bool)


def _filter(
    meta: pd.DataFrame,
    *,
    name: str,
    countries: str | Iterable[str] | None,
    years: Years | None,
    speakers: str | Iterable[str] | None,
    genres: str | Iterable[str] | None,
    regions: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    mask = pd.Series(True, index=meta.index)
    wanted_regions = _as_list(regions, "regions")
    if wanted_regions is not None:
        known_regions = sorted({r for r in region_map().values() if pd.notna(r)})
        by_name = {r.casefold(): r for r in known_regions}
        unknown = [r for r in wanted_regions if r.strip().casefold() not in by_name]
        if unknown:
            raise InputError(
                f"{name}: unknown regions {unknown}; the UN regional groups are: "
                + "; ".join(known_regions)
            )
        chosen = {by_name[r.strip().casefold()] for r in wanted_regions}
        mask &= meta["region"].astype("string").isin(chosen).fillna(False).astype(bool)
    wanted_countries = _as_list(countries, "countries")
    if wanted_countries is not None:
        iso3 = meta["iso3"].astype("string").str.upper()
        country = meta["country"].astype("string").str.casefold()
        codes: set[str] = set()
        unmatched = []
        for item in wanted_countries:
            named = set(iso3[country == item.strip().casefold()].dropna())
            if item.strip().upper() in set(iso3.dropna()):
                codes.add(item.strip().upper())
            elif named:
                codes |= named
            else:
                unmatched.append(item)
        if unmatched:
            known = ", ".join(sorted(set(iso3.dropna())))
            warnings.warn(
                f"{name}: no document matches countries {unmatched}; its ISO3 codes: {known}",
                UserWarning,
                stacklevel=3,
            )
        mask &= iso3.isin(codes).fillna(False).astype(bool)
    if years is not None:
        mask &= _year_mask(meta["year"].astype("Int64"), years)
    wanted_speakers = _as_list(speakers, "speakers")
    if wanted_speakers is not None:
        if name == "kremlin":
            raise InputError(
                "kremlin: documents have no single speaker (speakers are the turns inside each "
                "transcript); load without speakers= and select turns with discourse.segment."
            )
        speaker = meta["speaker"].astype("string").str.casefold()
        hit = pd.Series(False, index=meta.index)
        for item in wanted_speakers:
            hit |= speaker.str.contains(item.casefold(), regex=False).fillna(False).astype(bool)
        mask &= hit
    wanted_genres = _as_list(genres, "genres")
    if wanted_genres is not None:
        genre = meta["genre"].astype("string").str.casefold()
        mask &= genre.isin([g.casefold() for g in wanted_genres]).fillna(False).astype(bool)
    return meta[mask].reset_index(drop=True)


def _text_from_file(
    path: Path, layout: LayoutOption, *, source: str, errors: str
) -> tuple[str, str, Layout]:
    """A file's normalised text, the sha256 of its bytes, and the layout used (``"auto"``
    decided per file by :func:`~discourse.normalise.detect_layout`)."""
    raw = path.read_bytes()
    decoded = decode(raw, source=source, errors=errors)
    used = resolve_layout(decoded, layout)
    return normalise(decoded, layout=used), sha256_bytes(raw), used


def _load_local(meta: pd.DataFrame, corpus: str, *, errors: str) -> pd.DataFrame:
    """Read, hash and normalise local files (the seed, a user's folder).

    The ``layout`` column records the layout each text was read with (``"auto"`` resolved).
    """
    texts, shas, layouts = [], [], []
    for source, layout in zip(meta[_SOURCE], meta["layout"], strict=True):
        text, sha, used = _text_from_file(Path(source), layout, source=source, errors=errors)
        texts.append(text)
        shas.append(sha)
        layouts.append(used)
    meta = meta.assign(layout=layouts) if len(meta) else meta
    return _finish(meta, texts, shas, corpus)


def _finish(meta: pd.DataFrame, texts: list[str], shas: list[str], corpus: str) -> pd.DataFrame:
    """Assemble the contract's columns (plus any extra metadata columns) in order."""
    table = meta.drop(columns=[_SOURCE], errors="ignore").copy()
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


def _empty_meta(columns: Iterable[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="object") for c in columns})


# --------------------------------------------------------------------------- the seed


def _seed_meta() -> pd.DataFrame:
    info = corpus_info("seed")
    folder = paths.corpus_dir() / "seed"
    meta_path = folder / "meta.yaml"
    with meta_path.open(encoding="utf-8") as handle:
        meta = yaml.safe_load(handle)
    date = meta.get("date")
    date = date.isoformat() if isinstance(date, dt.date) else _clean(date)
    row = {
        "doc_id": meta["doc_id"],
        "genre": info["genre"],
        "layout": info["layout"],
        "title": meta.get("title"),
        "speaker": meta.get("subject_speaker"),
        "speaker_post": pd.NA,
        "country": info.get("country"),
        "iso3": info.get("iso3"),
        "date": date,
        "year": int(str(date)[:4]) if date is not pd.NA else pd.NA,
        "outlet": meta.get("outlet"),
        "url": meta.get("url"),
        "licence": info.get("licence"),
        "attribution": info.get("attribution"),
        _SOURCE: str(folder / safe_relpath(meta["file"], source=str(meta_path))),
    }
    return pd.DataFrame([{k: v if k in ("year", _SOURCE) else _clean(v) for k, v in row.items()}])


# --------------------------------------------------------------------------- UNGDC


def _ungdc_meta() -> pd.DataFrame:
    info = corpus_info("ungdc")
    reg = corpus_registry("ungdc")
    root = info["mirror_root"]
    country = reg["country"].map(_clean)
    meta = pd.DataFrame(
        {
            "doc_id": "ungdc-" + reg["iso3"] + "-" + reg["year"],
            "genre": info["genre"],
            "layout": info["layout"],
            "title": [
                f"UN General Debate {y} (session {s}): {c if c is not pd.NA else i}"
                for y, s, c, i in zip(
                    reg["year"], reg["session"], country, reg["iso3"], strict=True
                )
            ],
            "speaker": reg["speaker"].map(_clean),
            "speaker_post": reg["speaker_post"].map(_clean),
            "country": country,
            "iso3": reg["iso3"],
            "date": pd.NA,
            "year": reg["year"].astype(int),
            "outlet": info["outlet"],
            "url": reg["origin_url"],
            "licence": info["licence"],
            "attribution": info["attribution"],
            _SOURCE: [
                RemoteFile(f"{root}/{p}", u, s, int(b))
                for p, u, s, b in zip(
                    reg["path"], reg["origin_url"], reg["sha256"], reg["bytes"], strict=True
                )
            ],
        }
    )
    return meta


def _load_remote_files(
    meta: pd.DataFrame, corpus: str, *, errors: str, progress: bool
) -> pd.DataFrame:
    """Fetch, verify and normalise a registered corpus of plain-text files (UN, State of the
    Union): each file read as ``wrapped`` text."""
    files: list[RemoteFile] = list(meta[_SOURCE])
    local = fetch_all(files, progress=progress, desc=f"{corpus}: fetching")
    texts = []
    for path, file in tqdm(
        list(zip(local, files, strict=True)),
        desc=f"{corpus}: normalising",
        unit="doc",
        disable=not progress or len(files) < 50,
    ):
        text, _, _ = _text_from_file(path, "wrapped", source=file.path, errors=errors)
        texts.append(text)
    return _finish(meta, texts, [f.sha256 for f in files], corpus)


# --------------------------------------------------------------------------- State of the Union


def _sotu_doc_id(path: str, year: str) -> str:
    """``TXT/1953_harry_s_truman_d.txt`` -> ``sotu-1953-harry-s-truman`` (party suffix dropped)."""
    stem = Path(path).stem
    name = stem.split("_", 1)[1].rsplit("_", 1)[0] if stem.count("_") >= 2 else stem
    return f"sotu-{year}-{name.replace('_', '-')}"


def _sotu_meta() -> pd.DataFrame:
    info = corpus_info("sotu")
    reg = corpus_registry("sotu")
    root = info["mirror_root"]
    return pd.DataFrame(
        {
            "doc_id": [_sotu_doc_id(p, y) for p, y in zip(reg["path"], reg["year"], strict=True)],
            "genre": info["genre"],
            "layout": info["layout"],
            "title": [
                f"State of the Union {y}: {p}"
                for y, p in zip(reg["year"], reg["president"], strict=True)
            ],
            "speaker": reg["president"].map(_clean),
            "speaker_post": "President of the United States",
            "country": info["country"],
            "iso3": info["iso3"],
            "date": pd.NA,
            "year": reg["year"].astype(int),
            "outlet": info["outlet"],
            "url": reg["origin_url"],
            "licence": info["licence"],
            "attribution": info["attribution"],
            "party": reg["party"].map(_clean),
            _SOURCE: [
                RemoteFile(f"{root}/{p}", u, s, int(b))
                for p, u, s, b in zip(
                    reg["path"], reg["origin_url"], reg["sha256"], reg["bytes"], strict=True
                )
            ],
        }
    )


# --------------------------------------------------------------------------- Kremlin


def _kremlin_meta() -> pd.DataFrame:
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
            "date": reg["date"].map(_clean),
            "year": year,
            "outlet": info["outlet"],
            "url": reg["url"],
            "licence": info["licence"],
            "attribution": [info["attribution"].format(url=u) for u in reg["url"]],
            _SOURCE: reg.to_dict("records"),
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
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (
        json.dumps({**record, _RECORD_HASH: _record_sha256(record)}, ensure_ascii=False) + "\n"
        for record in records
    )
    write_atomic(path, "".join(lines).encode("utf-8"), mode=file_mode())


def _kremlin_from_pages(rows: list[dict[str, str]], *, progress: bool) -> dict[str, dict]:
    """Records for ``rows`` built from their pages (mirror or origin), cached as JSONL."""
    info = corpus_info("kremlin")
    cache = paths.data_dir() / _PAGES_CACHE
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


def _load_kremlin(meta: pd.DataFrame, *, progress: bool) -> pd.DataFrame:
    rows: list[dict[str, str]] = list(meta[_SOURCE])
    records = _kremlin_records(rows, progress=progress) if rows else {}
    meta = meta.copy()
    meta["title"] = [_clean(records[row["id"]]["title"]) for row in rows]
    texts = [normalise(records[row["id"]]["text"], layout="wrapped") for row in rows]
    return _finish(meta, texts, [row["source_sha256"] for row in rows], "kremlin")


# --------------------------------------------------------------------------- a user's folder


def _folder_files(folder: Path) -> dict[str, Path]:
    """The ``.txt`` files of a user's folder by doc_id; links that leave the folder are refused."""
    files: dict[str, Path] = {}
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if path.suffix.lower() != ".txt":
            continue
        target = path.resolve()
        if target != root and root not in target.parents:
            raise InputError(
                f"{path} is a link to {target}, outside the folder {folder}: links that leave "
                "the folder are not followed. Copy the file into the folder instead."
            )
        doc_id = path.stem
        if doc_id in files:
            raise InputError(
                f"duplicate doc_id {doc_id!r}: {files[doc_id]} and {path} have the same file "
                f"stem; rename one of them (doc_ids are file stems and must be unique)."
            )
        files[doc_id] = path
    return files


def _metadata_key(value: str, *, where: str) -> str:
    rel = safe_relpath(value.strip(), source=where)
    name = rel.name
    return name[:-4] if name.lower().endswith(".txt") else name


def _folder_meta(folder: Path, layout: LayoutOption) -> pd.DataFrame:
    files = _folder_files(folder)
    rows: dict[str, dict[str, Any]] = {
        doc_id: {"doc_id": doc_id, "layout": layout, _SOURCE: str(path)}
        for doc_id, path in files.items()
    }
    extras: list[str] = []
    meta_path = folder / "metadata.csv"
    if meta_path.is_file():
        with meta_path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = list(reader.fieldnames or [])
            key = "file" if "file" in header else "doc_id" if "doc_id" in header else None
            if key is None:
                raise InputError(
                    f"{meta_path}: needs a 'file' or 'doc_id' column naming each document "
                    f"(found columns {header})"
                )
            derived = [c for c in header if c in _DERIVED]
            if derived:
                raise InputError(
                    f"{meta_path}: columns {derived} are computed from the text; remove them"
                )
            extras = [c for c in header if c not in COLUMNS and c not in ("file", "doc_id")]
            seen: dict[str, int] = {}
            for line, record in enumerate(reader, start=2):
                where = f"{meta_path}:{line}"
                doc_id = _metadata_key(record.get(key) or "", where=where)
                if doc_id not in rows:
                    raise InputError(
                        f"{where}: {key} {record.get(key)!r} matches no .txt file in {folder}; "
                        f"fix the name or remove the line."
                    )
                if doc_id in seen:
                    raise InputError(
                        f"{where}: {doc_id!r} is described twice (also on line {seen[doc_id]})"
                    )
                seen[doc_id] = line
                for column in header:
                    if column in ("file", "doc_id"):
                        continue
                    value = _clean(record.get(column))
                    if value is pd.NA:
                        continue
                    if column == "year":
                        if not re.fullmatch(r"-?\d+", value):
                            raise InputError(f"{where}: year {value!r} is not an integer")
                        value = int(value)
                    if column == "layout" and value not in ("lines", "wrapped", "auto"):
                        raise InputError(
                            f"{where}: layout {value!r} is not 'lines', 'wrapped' or 'auto'"
                        )
                    rows[doc_id][column] = value
    for row in rows.values():
        date = row.get("date")
        if "year" not in row and isinstance(date, str) and re.match(r"\d{4}", date):
            row["year"] = int(date[:4])
    columns = ["doc_id", *_METADATA, *extras, _SOURCE]
    if not rows:
        return _empty_meta(columns)
    meta = pd.DataFrame([rows[k] for k in sorted(rows)], columns=columns)
    return meta.astype({c: "object" for c in columns if c != "year"})


# --------------------------------------------------------------------------- regions


def _with_region(meta: pd.DataFrame) -> pd.DataFrame:
    """``meta`` with ``region`` filled from ``iso3`` (a folder's own ``region`` column wins)."""
    regions = region_map()
    iso3 = meta["iso3"] if "iso3" in meta.columns else pd.Series(pd.NA, index=meta.index)
    derived = iso3.map(
        lambda code: regions.get(str(code).upper(), pd.NA) if pd.notna(code) else pd.NA
    )
    if "region" in meta.columns:
        derived = meta["region"].where(meta["region"].notna(), derived)
    return meta.assign(region=derived)


# --------------------------------------------------------------------------- the entry point


def load_corpus(
    name_or_path: str | os.PathLike[str] = "seed",
    *,
    countries: str | Iterable[str] | None = None,
    years: Years | None = None,
    speakers: str | Iterable[str] | None = None,
    genres: str | Iterable[str] | None = None,
    regions: str | Iterable[str] | None = None,
    layout: LayoutOption | None = None,
    errors: str = "strict",
    progress: bool = True,
) -> pd.DataFrame:
    """Load a corpus as a table, one row per document (see the module docstring).

    Filters are applied to the registry before anything is fetched, so
    ``load_corpus("ungdc", countries=["AZE"])`` downloads only Azerbaijan's speeches.

    Parameters
    ----------
    name_or_path
        ``"seed"`` (default), ``"ungdc"``, ``"sotu"``, ``"kremlin"``, or the path of a folder of
        ``.txt`` files (with an optional ``metadata.csv``) or of one ``.txt`` file. A string
        naming a known corpus is that corpus; pass a :class:`pathlib.Path` to load a folder of
        the same name.
    countries
        ISO3 codes or country names (case-insensitive; a name selects every document of the
        ISO3 codes it is recorded under, so ``"Russia"`` includes the USSR's speeches). Values
        matching no document give a warning.
    years
        A year, a ``(start, end)`` tuple (inclusive; either end may be ``None``), or a list or
        ``range`` of years. Documents without a year are dropped when ``years`` is given.
    speakers
        Names matched case-insensitively as substrings of ``speaker`` (``"aliyev"`` matches
        ``"Ilham Aliyev"``). Not available for Kremlin transcripts, whose speakers are turns.
    genres
        Genre names (case-insensitive), e.g. ``"speech"``.
    regions
        UN regional groups (case-insensitive), e.g. ``"African States"``; the ``region``
        column is derived from ``iso3`` (:func:`region_table`). An unknown name is an error
        listing the groups.
    layout
        A folder's text layout: ``"auto"`` (default: decided per file from its line pattern
        by :func:`~discourse.normalise.detect_layout`), ``"lines"`` (one paragraph per line)
        or ``"wrapped"`` (hard-wrapped lines, blank lines between paragraphs); a ``layout``
        column in ``metadata.csv`` overrides it per document. The ``layout`` column of the
        result records what each file was read as. Not accepted for named corpora.
    errors
        How undecodable bytes are handled: ``"strict"`` raises
        :class:`~discourse.corpus.normalise.DecodeError` naming the file and byte offset;
        ``"replace"`` substitutes U+FFFD.
    progress
        Show tqdm progress bars while fetching and normalising.

    Returns
    -------
    pandas.DataFrame
        The corpus table: ``COLUMNS`` (plus a folder's extra metadata columns).

    Raises
    ------
    InputError
        Unknown corpus name (the message lists the known ones), duplicate doc_ids, a
        ``metadata.csv`` line naming no file, a registry path escaping the corpus root.
    CorpusUnavailableError
        An external corpus is neither cached nor reachable.
    ChecksumError
        Fetched bytes differ from the registry's checksum.

    Examples
    --------
    >>> seed = load_corpus()
    >>> seed.loc[0, ["doc_id", "corpus", "genre", "layout", "iso3"]].tolist()
    ['bne-2024-12-19-aliyev', 'seed', 'news', 'lines', 'AZE']
    >>> print(seed.loc[0, "text"][:50])
    Azerbaijan’s Aliyev lines up with Russia and Trump
    >>> list(seed.columns) == list(COLUMNS)
    True
    """
    try:
        codecs.lookup_error(errors)
    except LookupError:
        raise InputError(
            f"errors={errors!r} is not a codec error handler; use 'strict' or 'replace'"
        ) from None
    if isinstance(name_or_path, str) and name_or_path in KNOWN_CORPORA:
        name = name_or_path
        if layout is not None:
            raise InputError(
                f"layout= applies to a folder of .txt files; corpus {name!r} has a fixed layout"
            )
        meta = {
            "seed": _seed_meta,
            "ungdc": _ungdc_meta,
            "sotu": _sotu_meta,
            "kremlin": _kremlin_meta,
        }[name]()
    else:
        folder = Path(name_or_path).expanduser()
        one_file = folder.is_file() and folder.suffix.lower() == ".txt"
        if not (folder.is_dir() or one_file):
            raise InputError(
                f"unknown corpus {str(name_or_path)!r}: not a known corpus name "
                f"({', '.join(KNOWN_CORPORA)}), not a folder of .txt files and not a .txt file"
            )
        if layout not in (None, "lines", "wrapped", "auto"):
            raise InputError(f"layout must be 'lines', 'wrapped' or 'auto', not {layout!r}")
        name = "user"
        if one_file:
            meta = _empty_meta(["doc_id", *_METADATA, _SOURCE]).astype({"year": "Int64"})
            meta.loc[0, ["doc_id", "layout", _SOURCE]] = [
                folder.stem,
                layout or "auto",
                str(folder),
            ]
        else:
            meta = _folder_meta(folder, layout or "auto")
    meta = _filter(
        _with_region(meta),
        name=name,
        countries=countries,
        years=years,
        speakers=speakers,
        genres=genres,
        regions=regions,
    )
    if name in ("ungdc", "sotu"):
        return _load_remote_files(meta, name, errors=errors, progress=progress)
    if name == "kremlin":
        return _load_kremlin(meta, progress=progress)
    return _load_local(meta, name, errors=errors)  # the seed or a user's folder


def corpus_digest(raw_sha256: Mapping[str, str] | pd.DataFrame) -> str:
    """The digest of a corpus: sha256 over its ``doc_id``-sorted ``doc_id``/``raw_sha256`` pairs.

    Independent of document order and chunking; changes if any document's source bytes,
    or the set of documents, change.

    Parameters
    ----------
    raw_sha256
        A mapping ``doc_id -> raw_sha256`` or a corpus table with those two columns.

    Examples
    --------
    >>> a = corpus_digest({"d1": "aa", "d2": "bb"})
    >>> a == corpus_digest({"d2": "bb", "d1": "aa"})
    True
    >>> a == corpus_digest({"d1": "aa", "d2": "bc"})
    False
    """
    if isinstance(raw_sha256, pd.DataFrame):
        pairs = dict(zip(raw_sha256["doc_id"], raw_sha256["raw_sha256"], strict=True))
    else:
        pairs = dict(raw_sha256)
    digest = hashlib.sha256()
    for doc_id in sorted(pairs):
        digest.update(f"{doc_id}\t{pairs[doc_id]}\n".encode())
    return digest.hexdigest()
