"""A user's folder: every ``*.txt`` file below it (or one ``.txt`` file), with an optional
``metadata.csv``; doc_id is the file stem, ``corpus`` is ``user``, the layout ``auto`` unless told.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ...errors import InputError
from ..fetch import safe_relpath
from ..normalise import LayoutOption
from .common import COLUMNS, DERIVED, METADATA, SOURCE, clean, empty_meta, read_local


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


def meta(folder: Path, layout: LayoutOption) -> pd.DataFrame:
    """One row per ``.txt`` file of ``folder`` with its ``metadata.csv`` values (located errors)."""
    files = _folder_files(folder)
    rows: dict[str, dict[str, Any]] = {
        doc_id: {"doc_id": doc_id, "layout": layout, SOURCE: str(path)}
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
            derived = [c for c in header if c in DERIVED]
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
                    value = clean(record.get(column))
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
    columns = ["doc_id", *METADATA, *extras, SOURCE]
    if not rows:
        return empty_meta(columns)
    meta = pd.DataFrame([rows[k] for k in sorted(rows)], columns=columns)
    return meta.astype({c: "object" for c in columns if c != "year"})


def one_file_meta(path: Path, layout: LayoutOption) -> pd.DataFrame:
    """The metadata row of a single ``.txt`` file (doc_id its stem)."""
    meta = empty_meta(["doc_id", *METADATA, SOURCE]).astype({"year": "Int64"})
    meta.loc[0, ["doc_id", "layout", SOURCE]] = [path.stem, layout, str(path)]
    return meta


def read(meta: pd.DataFrame, *, errors: str, progress: bool) -> pd.DataFrame:
    """The folder's corpus table (``corpus`` ``user``)."""
    return read_local(meta, "user", errors=errors)
