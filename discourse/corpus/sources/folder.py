"""A user's folder: every ``*.txt`` file below it (or one ``.txt`` file), with an optional
``metadata.csv``; doc_id is the file stem, ``corpus`` is ``user``, the layout ``auto`` unless told.
"""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd

from ...errors import InputError
from ..fetch import safe_relpath
from ..normalise import LayoutOption
from .common import COLUMNS, DERIVED, METADATA, SOURCE, clean, empty_meta, read_local

UNREADABLE = ("raise", "skip")
"""What :func:`discourse.load_corpus` may do with what it cannot read (``unreadable=``)."""


class _Walk(NamedTuple):
    files: dict[str, Path]  # doc_id -> path of every readable .txt file
    unreadable: list[tuple[Path, str]]  # (path, why) of folders and .txt files not readable
    linked_folders: list[Path]  # links to folders: never followed


def _walk(folder: Path) -> _Walk:
    """Every ``.txt`` file below ``folder`` (hidden names skipped), what could not be read, and
    the links to folders, which are not followed (one pass over the tree, ``os.scandir``).

    Links to files are followed when they stay inside the folder; a link leaving it is refused.
    """
    root = folder.resolve()
    texts: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    linked: list[Path] = []
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            unreadable.append((here, exc.strerror or type(exc).__name__))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = here / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                    continue
                if entry.is_symlink() and entry.is_dir():
                    linked.append(path)
                    continue
                if not entry.is_file() or path.suffix.lower() != ".txt":
                    continue
            except OSError as exc:
                unreadable.append((path, exc.strerror or type(exc).__name__))
                continue
            if not os.access(path, os.R_OK):
                unreadable.append((path, "permission denied"))
                continue
            texts.append(path)
    files: dict[str, Path] = {}
    for path in sorted(texts):
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
    return _Walk(files, sorted(unreadable), sorted(linked))


def _listed(paths: list[Path], limit: int = 10) -> str:
    shown = ", ".join(str(p) for p in paths[:limit])
    return shown + (f" and {len(paths) - limit} more" if len(paths) > limit else "")


def _folder_files(folder: Path, unreadable: str = "raise") -> tuple[dict[str, Path], list[str]]:
    """The readable ``.txt`` files of a user's folder by doc_id, and the paths skipped.

    What cannot be read (a folder that cannot be listed, a ``.txt`` file that cannot be
    opened) is an :class:`InputError` naming every such path, or with ``unreadable="skip"``
    is left out, listed in a warning and returned. Links to folders are never followed; a
    warning names them.
    """
    if unreadable not in UNREADABLE:
        raise InputError(f"unreadable must be 'raise' or 'skip', not {unreadable!r}")
    walk = _walk(folder)
    if walk.linked_folders:
        warnings.warn(
            f"{folder}: links to folders are not followed, so these were not read: "
            f"{_listed(walk.linked_folders)}. Pass the linked folder itself, or copy its "
            "files into the folder.",
            UserWarning,
            stacklevel=4,
        )
    skipped = [str(p) for p, _ in walk.unreadable]
    if walk.unreadable and unreadable == "raise":
        shown = "; ".join(f"{p} ({why})" for p, why in walk.unreadable[:10])
        more = f"; and {len(skipped) - 10} more" if len(skipped) > 10 else ""
        raise InputError(
            f"{folder}: {len(skipped)} file(s) or folder(s) in it cannot be read: {shown}{more}. "
            "Make them readable (e.g. chmod -R u+rX), move them out of the folder, or pass "
            "unreadable='skip' to load the rest and be told what was left out."
        )
    if skipped:
        warnings.warn(
            f"{folder}: skipped {len(skipped)} file(s) or folder(s) that cannot be read: "
            f"{_listed([Path(p) for p in skipped])} (listed in the table's attrs['skipped'])",
            UserWarning,
            stacklevel=4,
        )
    return walk.files, skipped


def _metadata_key(value: str, *, where: str) -> str:
    rel = safe_relpath(value.strip(), source=where)
    name = rel.name
    return name[:-4] if name.lower().endswith(".txt") else name


_YEAR_DIGITS = 4
_FIELD_LIMIT = 131_072  # characters: the csv module's default field size limit


def _metadata_records(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the records of a folder's ``metadata.csv``, each record with the line it
    starts on; every problem an :class:`InputError` naming the file, the line (and column)
    and what to do.

    The header is strict: UTF-8 (a byte-order mark is allowed), one ``file`` or one
    ``doc_id`` column (not both), no empty, repeated or reserved (``_``-prefixed, the
    package's internal columns) names, no column computed from the text. Spaces around a
    name are removed with a warning (`` title`` is ``title``). A record with more fields than
    the header is an error (an unquoted comma); one with fewer leaves the rest empty.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"{path}: cannot be read ({exc.strerror or type(exc).__name__}); make it readable, "
            "or remove it to load the folder without metadata"
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{path}:{line}: byte {raw[exc.start : exc.start + 1]!r} at column {column} is not "
            "UTF-8 (the file is probably Latin-1 or Windows-1252); save it as UTF-8 (in a "
            "spreadsheet: CSV UTF-8)"
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, dict[str, str]]] = []
    header: list[str] = []
    line = 1
    try:
        for fields in reader:
            first, line = line, reader.line_num + 1
            if not header:
                header = _metadata_header(fields, path)
                continue
            if not fields:  # a blank line
                continue
            if len(fields) > len(header):
                raise InputError(
                    f"{path}:{first}: {len(fields)} fields but the header names "
                    f"{len(header)} columns; quote values that contain a comma "
                    '("Aliyev, Ilham"), or name the extra column in the header'
                )
            records.append((first, dict(zip(header, fields, strict=False))))
    except csv.Error as exc:
        hint = (
            f'a field longer than {_FIELD_LIMIT:,} characters: probably a quote " that is '
            "never closed, which makes the rest of the file one field; close it or remove it"
            if "field larger" in str(exc)
            else f"{exc}; fix the quoting of that line"
        )
        raise InputError(f"{path}:{line}: {hint}") from None
    if not header:
        raise InputError(
            f"{path}: is empty; it needs a header with a 'file' or 'doc_id' column naming each "
            "document (or remove the file)"
        )
    return header, records


def _metadata_header(fields: list[str], path: Path) -> list[str]:
    """The checked column names of ``metadata.csv`` (see :func:`_metadata_records`)."""
    header = [f.strip() for f in fields]
    padded = [f"{f!r}" for f, h in zip(fields, header, strict=True) if f != h]
    if padded:
        warnings.warn(
            f"{path}:1: spaces around column names removed: {', '.join(padded)}",
            UserWarning,
            stacklevel=6,
        )
    where = f"{path}:1"
    for n, name in enumerate(header, start=1):
        if not name:
            raise InputError(f"{where}: column {n} has no name; name it or remove it")
        if header.index(name) != n - 1:
            raise InputError(
                f"{where}: column {name!r} appears twice (columns {header.index(name) + 1} "
                f"and {n}); keep one"
            )
        if name.startswith("_"):
            raise InputError(
                f"{where}: column {name!r}: names starting with '_' are reserved for the "
                f"package's internal columns ({SOURCE!r} says where a text comes from); "
                "rename it"
            )
    if "file" in header and "doc_id" in header:
        raise InputError(
            f"{where}: has both a 'file' and a 'doc_id' column; keep one (file names the .txt "
            "file, doc_id its stem: they say the same thing and could disagree)"
        )
    if "file" not in header and "doc_id" not in header:
        raise InputError(
            f"{path}: needs a 'file' or 'doc_id' column naming each document "
            f"(found columns {header})"
        )
    derived = [c for c in header if c in DERIVED]
    if derived:
        raise InputError(f"{path}: columns {derived} are computed from the text; remove them")
    return header


def meta(folder: Path, layout: LayoutOption) -> pd.DataFrame:
    """One row per ``.txt`` file of ``folder`` with its ``metadata.csv`` values (located errors)."""
    return meta_and_skipped(folder, layout)[0]


def meta_and_skipped(
    folder: Path, layout: LayoutOption, *, unreadable: str = "raise"
) -> tuple[pd.DataFrame, list[str]]:
    """:func:`meta`, and the paths left out with ``unreadable="skip"`` (:func:`_folder_files`);
    a ``metadata.csv`` line describing a skipped file is ignored."""
    files, skipped = _folder_files(folder, unreadable)
    skipped_ids = {Path(p).stem for p in skipped if Path(p).suffix.lower() == ".txt"}
    rows: dict[str, dict[str, Any]] = {
        doc_id: {"doc_id": doc_id, "layout": layout, SOURCE: str(path)}
        for doc_id, path in files.items()
    }
    extras: list[str] = []
    meta_path = folder / "metadata.csv"
    if meta_path.is_file():
        header, records = _metadata_records(meta_path)
        key = "file" if "file" in header else "doc_id"
        extras = [c for c in header if c not in COLUMNS and c not in ("file", "doc_id")]
        seen: dict[str, int] = {}
        for line, record in records:
            where = f"{meta_path}:{line}"
            doc_id = _metadata_key(record.get(key) or "", where=where)
            if doc_id in skipped_ids and doc_id not in rows:
                continue
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
                value = clean(record.get(column))
                if value is pd.NA:
                    continue
                if column == "year":
                    if not re.fullmatch(r"-?\d+", value):
                        raise InputError(f"{where}: year {value!r} is not an integer")
                    if len(value.lstrip("-")) > _YEAR_DIGITS:
                        shown = value if len(value) <= 30 else value[:30] + "..."
                        raise InputError(
                            f"{where}: year {shown!r} is "
                            f"out of range (a year has at most {_YEAR_DIGITS} digits); fix the "
                            "value"
                        )
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
    columns = ["doc_id", *METADATA, *extras, SOURCE]
    if not rows:
        table = empty_meta(columns)
    else:
        table = pd.DataFrame([rows[k] for k in sorted(rows)], columns=columns)
        table = table.astype({c: "object" for c in columns if c != "year"})
    return table, skipped


def one_file_meta(path: Path, layout: LayoutOption) -> pd.DataFrame:
    """The metadata row of a single ``.txt`` file (doc_id its stem)."""
    meta = empty_meta(["doc_id", *METADATA, SOURCE]).astype({"year": "Int64"})
    meta.loc[0, ["doc_id", "layout", SOURCE]] = [path.stem, layout, str(path)]
    return meta


def read(meta: pd.DataFrame, *, errors: str, progress: bool) -> pd.DataFrame:
    """The folder's corpus table (``corpus`` ``user``)."""
    return read_local(meta, "user", errors=errors)
