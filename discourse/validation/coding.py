"""Coding sheets out, coded tables in: the blind sheet and the checked reader of codes.

In: a sample (:func:`~discourse.validation.design.coding_sample`). Out: a blind coding sheet
(:func:`to_coding_sheet`) and, once coded, the coded table (:func:`read_codes`): the sample's
columns plus one 0/1 column per coded frame, ready for
:func:`~discourse.validation.rates.estimate_rates`, ``agreement`` and ``evaluate``.

Files:

``<sheet>.csv`` (written by :func:`to_coding_sheet`, given to coders)
    ``unit_id, source, before, text, after``, one empty column per frame, ``unsure``, ``note``.
    The unit, a sentence of context on each side and who speaks; nothing the detector said.
``<sheet>.definitions.md``
    The frames' definitions, the text coders code against.
``<sheet>.design.csv`` (keep it from the coders: its stratum names the detector's level)
    The sample stand-off: ``unit_id, doc_id, start, end, span_sha256``, the ``by`` columns,
    ``stratum, inclusion_prob, method, codebook_hash, model_hash``. No text.

A coder's file holds ``unit_id``, one column per frame with ``1`` (present), ``0`` (absent) or
empty (not coded, or unsure), and optionally ``unsure`` and ``note``: the sheet itself once
filled in, a file written by :func:`~discourse.validation.widget.code_units`, or a table with
those columns. :func:`read_codes` joins it to the design by ``unit_id``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._atomic import write_atomic
from .._validation import require_columns
from ..corpus.normalise import sha256_text
from ..errors import ChecksumError, InputError
from ..frames.codebook import Codebook, resolve_codebook

__all__ = ["SHEET_COLUMNS", "DESIGN_COLUMNS", "read_codes", "to_coding_sheet"]

#: The sheet's columns before the frame columns.
SHEET_COLUMNS: tuple[str, ...] = ("unit_id", "source", "before", "text", "after")
#: The sheet's columns after the frame columns.
SHEET_TAIL: tuple[str, ...] = ("unsure", "note")
#: The stand-off design columns (around the ``by`` columns, which come after ``span_sha256``).
DESIGN_HEAD: tuple[str, ...] = ("unit_id", "doc_id", "start", "end", "span_sha256")
DESIGN_TAIL: tuple[str, ...] = (
    "stratum",
    "inclusion_prob",
    "method",
    "codebook_hash",
    "model_hash",
)
DESIGN_COLUMNS: tuple[str, ...] = DESIGN_HEAD + DESIGN_TAIL
#: Columns of a coder's file that are neither design nor frames.
_CODER_EXTRA = ("source", "before", "text", "after", "unsure", "note", "coder")


def _sidecar(path: Path, kind: str) -> Path:
    return path.with_name(f"{path.stem}.{kind}{'.md' if kind == 'definitions' else '.csv'}")


def _frames_of(sample: pd.DataFrame, frames: Sequence[str] | None, cb: Codebook) -> list[str]:
    chosen = list(frames) if frames is not None else list(sample.attrs.get("frames") or [])
    if not chosen:
        chosen = list(cb.frame_ids)
    unknown = [f for f in chosen if f not in cb.frame_ids]
    if unknown:
        raise InputError(
            f"frames: {', '.join(unknown)} not in the codebook (frames: {', '.join(cb.frame_ids)})"
        )
    return chosen


def definitions_text(frames: Sequence[str], cb: Codebook) -> str:
    """The definitions coders code against, as Markdown (one section per frame)."""
    lines = [f"# Coding definitions ({cb.name} {cb.version})", ""]
    lines.append(
        "Code each unit (the middle sentence) for each frame: 1 if the sentence itself shows "
        "the frame, 0 if not; leave it empty and mark `unsure` when you cannot decide. The "
        "sentences before and after are context only."
    )
    for frame in cb.frames:
        if frame.id in frames:
            lines += ["", f"## {frame.id}: {frame.label}", "", " ".join(frame.definition.split())]
    return "\n".join(lines) + "\n"


def design_columns(sample: pd.DataFrame) -> list[str]:
    """The stand-off design columns of a sample: address, ``by`` columns, stratum, detector."""
    by = [c for c in sample.attrs.get("by") or [] if c in sample.columns]
    if not by:
        known = {*DESIGN_COLUMNS, "text", "source", "before", "after", "corpus"}
        head = list(sample.columns).index("span_sha256") + 1 if "span_sha256" in sample else 0
        tail = list(sample.columns).index("stratum") if "stratum" in sample else head
        by = [c for c in list(sample.columns)[head:tail] if c not in known]
    extra = ["corpus"] if "corpus" in sample.columns else []
    return [*DESIGN_HEAD, *extra, *by, *DESIGN_TAIL]


def _csv_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    table.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def to_coding_sheet(
    sample: pd.DataFrame,
    path: str | Path,
    *,
    frames: Sequence[str] | None = None,
    codebook: Codebook | str | None = None,
) -> Path:
    """Write a blind coding sheet for ``sample`` (and its definitions and design beside it).

    Parameters
    ----------
    sample
        A sample from :func:`~discourse.validation.design.coding_sample`.
    path
        The sheet's path (``.csv``). Beside it go ``<stem>.definitions.md`` (the frames'
        definitions) and ``<stem>.design.csv`` (the stand-off design that
        :func:`read_codes` joins back: keep it from the coders).
    frames
        The frames to code (default: the sample's).
    codebook
        The codebook whose definitions the sheet carries (default: the default codebook).

    Returns
    -------
    pathlib.Path
        The sheet's path.

    Raises
    ------
    InputError
        The sample lacks a column, or the sheet exists already (a sheet may hold codes: it is
        never overwritten).

    Examples
    --------
    >>> import tempfile
    >>> from discourse.validation.design import coding_sample
    >>> sample = coding_sample(["We defend traditional values. It rained."], 2,
    ...                        method="codebook", frames=["traditional_values"])
    >>> folder = Path(tempfile.mkdtemp())
    >>> sheet = to_coding_sheet(sample, folder / "sheet.csv")
    >>> print(sheet.read_text().splitlines()[0])
    unit_id,source,before,text,after,traditional_values,unsure,note
    >>> sorted(p.name for p in folder.iterdir())
    ['sheet.csv', 'sheet.definitions.md', 'sheet.design.csv']
    >>> import shutil; shutil.rmtree(folder)
    """
    path = Path(path)
    cb = resolve_codebook(codebook)
    chosen = _frames_of(sample, frames, cb)
    require_columns(
        sample,
        (*SHEET_COLUMNS, *DESIGN_COLUMNS),
        "to_coding_sheet: the sample",
        hint="pass a table from coding_sample",
    )
    for target in (path, _sidecar(path, "design")):
        if target.exists():
            raise InputError(
                f"{target} exists: a coding sheet may hold codes and is never overwritten; "
                "choose another path or move the old file"
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet = sample[list(SHEET_COLUMNS)].copy()
    for column in ("before", "after"):
        sheet[column] = sheet[column].fillna("")
    for column in (*chosen, *SHEET_TAIL):
        sheet[column] = ""
    write_atomic(_sidecar(path, "design"), _csv_bytes(sample[design_columns(sample)]))
    write_atomic(_sidecar(path, "definitions"), definitions_text(chosen, cb).encode("utf-8"))
    write_atomic(path, _csv_bytes(sheet))
    return path


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not a readable CSV file ({err})") from None
    table.attrs["source"] = str(path)
    return table


def _line(i: int) -> str:
    return f"row {i + 1} (line {i + 2})"


def _refuse_rows(
    bad: pd.Series | np.ndarray, source: str, column: str, problem: Callable[[int, int], str]
) -> None:
    """Raise an :class:`InputError` located at the first row ``bad`` flags (none: return);
    ``problem(i, n)`` says what is wrong with row ``i`` (``n`` rows flagged) and what to do."""
    rows = np.flatnonzero(np.asarray(bad, dtype=bool))
    if rows.size:
        i = int(rows[0])
        raise InputError(f"{source}, {_line(i)}, column {column!r}{problem(i, int(rows.size))}")


_TRUE = {"1", "1.0", "true", "yes", "y", "x"}
_FALSE = {"0", "0.0", "false", "no", "n"}


def _code_column(values: pd.Series, column: str, ids: pd.Series, source: str) -> pd.Series:
    """A frame's codes as Int64 (NA for empty); anything else is a located error."""
    text = values.astype("string").fillna("").str.strip().str.lower()
    out = pd.Series(pd.NA, index=values.index, dtype="Int64")
    out[text.isin(_TRUE).to_numpy()] = 1
    out[text.isin(_FALSE).to_numpy()] = 0
    bad = ~(text.isin(_TRUE) | text.isin(_FALSE) | (text == ""))
    _refuse_rows(
        bad,
        source,
        column,
        lambda i, n: (
            f" (unit {ids.iloc[i]!r}): the code must be 0, 1 or empty, got "
            f"{values.iloc[i]!r} ({n} such value(s) in the column); correct it in the file"
        ),
    )
    return out


def _design_for(path: Path | None, units: Any) -> pd.DataFrame | None:
    if units is not None:
        if isinstance(units, str | Path):
            return _read(Path(units))
        if isinstance(units, pd.DataFrame):
            return units
        raise InputError(f"units must be a table or a path, not {type(units).__name__}")
    if path is None:
        return None
    for candidate in (_sidecar(path, "design"), path.with_name("units.csv")):
        if candidate.is_file() and candidate != path:
            return _read(candidate)
    return None


def read_codes(
    path_or_table: str | Path | pd.DataFrame,
    *,
    units: str | Path | pd.DataFrame | None = None,
    frames: Sequence[str] | None = None,
    codebook: Codebook | str | None = None,
    corpus: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Read a coder's codes, check them, and join them to the sample's design.

    Parameters
    ----------
    path_or_table
        A coder's file (CSV) or table: ``unit_id``, one column per frame (``1``, ``0`` or
        empty), optionally ``unsure``, ``note`` and the sheet's context columns.
    units
        The sample's design (``coding_sample``'s table or its stand-off file). Default: the
        file's ``<stem>.design.csv`` (written by :func:`to_coding_sheet`), else ``units.csv``
        in the same folder; a table that holds the design columns itself needs none.
    frames
        The frame columns (default: every column named after a frame of the codebook).
    codebook
        The codebook whose frame ids name the frame columns.
    corpus
        A corpus table (``doc_id``, ``text``): each unit's span is cut from it and checked
        against ``span_sha256``.

    Returns
    -------
    pandas.DataFrame
        One row per unit of the sample, in the sample's order: the design's columns, one
        ``Int64`` column per frame (``<NA>`` where the unit was not coded or was left empty),
        ``unsure`` (bool) and ``note``. ``attrs["frames"]`` lists the frames.

    Raises
    ------
    InputError
        A missing ``unit_id`` or frame column, a unit id coded twice or not in the sample, a
        code other than 0, 1 or empty: the message names the file, the row and the column.
    ChecksumError
        A unit whose text (in the file's ``text`` column or cut from ``corpus``) no longer
        matches its ``span_sha256``.

    Examples
    --------
    >>> design = pd.DataFrame({"unit_id": ["u1", "u2"], "doc_id": ["d", "d"], "start": [0, 6],
    ...     "end": [5, 11], "span_sha256": [sha256_text("Hello"), sha256_text("world")],
    ...     "stratum": ["s", "s"], "inclusion_prob": [1.0, 1.0], "method": "codebook",
    ...     "codebook_hash": "", "model_hash": ""})
    >>> codes = pd.DataFrame({"unit_id": ["u2", "u1"], "anti_western": ["1", ""]})
    >>> read_codes(codes, units=design)[["unit_id", "anti_western"]].values.tolist()
    [['u1', <NA>], ['u2', 1]]
    >>> bad = pd.DataFrame({"unit_id": ["u1", "u2"], "anti_western": ["1", "2"]})
    >>> read_codes(bad, units=design)
    Traceback (most recent call last):
    ...
    discourse.errors.InputError: the codes table, row 2 (line 3), column 'anti_western' ...
    """
    path = Path(path_or_table) if isinstance(path_or_table, str | Path) else None
    if path is not None:
        table = _read(path)
    elif isinstance(path_or_table, pd.DataFrame):
        table = path_or_table.copy()
    else:
        raise InputError(f"read_codes takes a path or a table, not {type(path_or_table).__name__}")
    source = str(path) if path is not None else str(table.attrs.get("source", "the codes table"))
    if "unit_id" not in table.columns:
        raise InputError(
            f"{source}: no 'unit_id' column (has: {', '.join(map(str, table.columns))})"
        )
    cb = resolve_codebook(codebook)
    if frames is None:
        chosen = [c for c in table.columns if c in cb.frame_ids]
        if not chosen:
            raise InputError(
                f"{source}: no frame column (a column named after a frame of the codebook: "
                f"{', '.join(cb.frame_ids)})"
            )
    else:
        chosen = list(frames)
        require_columns(table, chosen, source, hint="a coding sheet has one column per frame")
    ids = table["unit_id"].astype("string").fillna("").str.strip()
    _refuse_rows(ids == "", source, "unit_id", lambda i, n: ": empty unit id")
    first: dict[str, int] = {}
    for i, unit in enumerate(ids):
        if unit in first:
            raise InputError(
                f"{source}, {_line(i)}, column 'unit_id': unit {unit!r} is coded twice (first "
                f"at {_line(first[unit])}); keep one row per unit"
            )
        first[unit] = i
    codes = pd.DataFrame({"unit_id": ids.astype(str).to_numpy()})
    for frame in chosen:
        codes[frame] = _code_column(table[frame], frame, ids, source).to_numpy()
    unsure = (
        table["unsure"].astype("string").fillna("").str.strip().str.lower().isin(_TRUE)
        if "unsure" in table.columns
        else pd.Series(False, index=table.index)
    )
    codes["unsure"] = unsure.to_numpy(dtype=bool)
    codes["note"] = (
        table["note"].astype("string").fillna("").to_numpy() if "note" in table.columns else ""
    )
    design = _design_for(path, units)
    if design is None:
        if not all(c in table.columns for c in DESIGN_COLUMNS):
            raise InputError(
                f"{source}: no sample design to join the codes to; pass units= (the table from "
                "coding_sample or its .design.csv) or keep the sheet's .design.csv beside it"
            )
        design = table.drop(columns=[c for c in (*chosen, *_CODER_EXTRA) if c in table])
    out = _join(design, codes, chosen, source)
    if "text" in table.columns:
        texts = pd.Series(table["text"].astype(str).to_numpy(), index=ids.to_numpy())
        _check_spans(out, texts, source, "the file's text")
    if corpus is not None:
        _check_spans(out, _cut(out, corpus), source, "the corpus")
    out.attrs["frames"] = chosen
    out.attrs["source"] = source
    return out


def _join(
    design: pd.DataFrame, codes: pd.DataFrame, frames: list[str], source: str
) -> pd.DataFrame:
    require_columns(
        design, DESIGN_COLUMNS, "the sample design", hint="pass the table coding_sample returns"
    )
    design = design.copy()
    design["unit_id"] = design["unit_id"].astype(str).str.strip()
    known = pd.Index(design["unit_id"])
    if known.has_duplicates:
        raise InputError(
            f"the sample design lists unit(s) twice: {known[known.duplicated()][:5].tolist()}"
        )
    _refuse_rows(
        ~codes["unit_id"].isin(known),
        source,
        "unit_id",
        lambda i, n: (
            f": unit {codes['unit_id'].iloc[i]!r} is not in the sample ({n} unknown "
            "id(s)); was the file coded from another sample?"
        ),
    )
    design = design.drop(columns=[c for c in (*frames, "unsure", "note") if c in design])
    out = design.merge(codes, on="unit_id", how="left", validate="one_to_one")
    out["unsure"] = out["unsure"].fillna(False).astype(bool)
    out["note"] = out["note"].astype("string").fillna("")
    for column in ("start", "end"):
        out[column] = pd.to_numeric(out[column]).astype("int64")
    out["inclusion_prob"] = pd.to_numeric(out["inclusion_prob"]).astype("float64")
    for frame in frames:
        out[frame] = out[frame].astype("Int64")
    return out


def _cut(units: pd.DataFrame, corpus: pd.DataFrame) -> pd.Series:
    texts = dict(zip(corpus["doc_id"].astype(str), corpus["text"].astype(str), strict=True))
    out = {}
    for unit, doc, start, end in zip(
        units["unit_id"], units["doc_id"].astype(str), units["start"], units["end"], strict=True
    ):
        if doc not in texts:
            raise InputError(f"unit {unit!r}: document {doc!r} is not in the corpus")
        out[unit] = texts[doc][int(start) : int(end)]
    return pd.Series(out)


def _check_spans(units: pd.DataFrame, texts: pd.Series, source: str, where: str) -> None:
    position = {u: i for i, u in enumerate(units["unit_id"])}
    expected = dict(zip(units["unit_id"], units["span_sha256"].astype(str), strict=True))
    for unit, text in texts.items():
        if unit not in expected:
            continue
        if sha256_text(str(text)) != expected[unit]:
            raise ChecksumError(
                f"{source}, unit {unit!r} (row {position[unit] + 1} of the sample), column "
                f"'text': the span's text in {where} no longer matches its span_sha256; the "
                "text has changed since the sample was drawn: draw the unit again"
            )
