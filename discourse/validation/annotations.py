"""Stand-off annotations: coded units read, checked and resolved to their verified text.

A coded set is a folder of stand-off annotation files (never text); the study's own set is in
``corpus/validation/`` of the checkout, but any folder shaped alike works:

``units.csv``
    ``unit_id, doc_id, start, end, span_sha256, corpus, stratum, split`` — a unit is the span
    ``text[start:end]`` of document ``doc_id`` in corpus ``corpus``; ``span_sha256`` is the sha256
    of that span (UTF-8), checked every time the text is resolved; ``split`` is ``dev`` (rules may
    be tuned on it) or ``heldout`` (never looked at while tuning). Other columns are kept: the
    committed set adds ``batch`` (the sampling round; the newest batch is the held-out split).
``coder1.csv``, ``coder2.csv``
    ``unit_id, <frame>..., note`` with 0/1 codes. Coder 1 codes every unit and is the gold
    standard; coder 2 codes a subset independently, for inter-coder agreement.

In: those files (or tables shaped like them). Out: the coded set, one row per unit with its
verified ``text`` and one coder's codes (:func:`load_annotations`), which
:mod:`discourse.validation.evaluate` scores and :mod:`discourse.validation.agreement` compares.
Which frames a set codes is read from its coder file (every column but ``unit_id`` and
``note``), never assumed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .._validation import require_columns
from ..corpus.spans import (
    UNIT_COLUMNS,
    check_units,
    line_of,
    source_of,
    unit_texts,
)
from ..errors import InputError

NOT_CODES: tuple[str, ...] = ("unit_id", "note", "text", *UNIT_COLUMNS)
"""Columns of a coder's table (or a coded set) that are not frame codes."""


def read_annotation_file(path: str | Path) -> pd.DataFrame:
    """Read one annotation CSV as strings, its path kept in ``attrs["source"]`` for errors.

    Raises
    ------
    InputError
        The file does not exist.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such annotation file")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.attrs["source"] = str(path)
    return table


def code_columns(codes: pd.DataFrame) -> list[str]:
    """The frame columns of a coder's table: every column but ``unit_id``, ``note`` and the
    units' own columns, in file order.

    Examples
    --------
    >>> code_columns(pd.DataFrame(columns=["unit_id", "traditional_values", "note"]))
    ['traditional_values']
    """
    return [str(c) for c in codes.columns if c not in NOT_CODES]


def check_codes(
    codes: pd.DataFrame,
    *,
    frames: Sequence[str] | None = None,
    unit_ids: Sequence[str] | None = None,
    complete: bool = False,
) -> pd.DataFrame:
    """Check a coder's table and return ``unit_id`` plus one integer 0/1 column per frame.

    Parameters
    ----------
    codes
        ``unit_id`` and one column per frame holding ``0`` or ``1`` (other columns, such as
        ``note``, are dropped). ``attrs["source"]`` names the file in error messages.
    frames
        The frame columns to read (default: :func:`code_columns`).
    unit_ids
        The known units: an id not among them is an error.
    complete
        Require a code for every unit in ``unit_ids`` (the gold coder must code them all).

    Raises
    ------
    InputError
        A missing column, a label other than 0/1, a duplicate or unknown ``unit_id`` or, with
        ``complete``, an uncoded unit.

    Examples
    --------
    >>> codes = pd.DataFrame({"unit_id": ["u1", "u2"], "traditional_values": ["1", "0"],
    ...                       "anti_western": ["0", "0"], "note": ["", ""]})
    >>> check_codes(codes, unit_ids=["u1", "u2"])["traditional_values"].tolist()
    [1, 0]
    """
    source = source_of(codes, "codes")
    frames = code_columns(codes) if frames is None else list(frames)
    if not frames:
        raise InputError(f"{source}: no frame column (only {', '.join(map(str, codes.columns))})")
    require_columns(codes, ["unit_id", *frames], source)
    out = codes[["unit_id", *frames]].copy()
    out["unit_id"] = out["unit_id"].astype(str).str.strip()
    for frame in frames:
        labels = out[frame].astype(str).str.strip()
        labels = labels.replace({"True": "1", "False": "0", "1.0": "1", "0.0": "0"})
        bad = ~labels.isin(["0", "1"])
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise InputError(
                f"{source}, line {line_of(i)} (unit {out['unit_id'].iloc[i]!r}): "
                f"{frame} must be 0 or 1, got {out[frame].iloc[i]!r} "
                f"({int(bad.sum())} bad label(s) in this column)"
            )
        out[frame] = labels.astype(int)
    duplicated = out["unit_id"][out["unit_id"].duplicated()].tolist()
    if duplicated:
        raise InputError(f"{source}: unit(s) coded twice: {', '.join(duplicated[:10])}")
    if unit_ids is not None:
        known = set(unit_ids)
        unknown = [u for u in out["unit_id"] if u not in known]
        if unknown:
            raise InputError(
                f"{source}: unit_id(s) not in units.csv: {', '.join(unknown[:10])}"
                + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
            )
        if complete:
            coded = set(out["unit_id"])
            uncoded = [u for u in unit_ids if u not in coded]
            if uncoded:
                raise InputError(
                    f"{source}: {len(uncoded)} unit(s) of units.csv have no code: "
                    f"{', '.join(uncoded[:10])}"
                )
    out.attrs["source"] = source
    return out.reset_index(drop=True)


def load_annotations(
    folder: str | Path,
    *,
    coder: str = "coder1",
    frames: Sequence[str] | None = None,
    corpora: Mapping[str, pd.DataFrame] | None = None,
    with_text: bool = True,
) -> pd.DataFrame:
    """Read the coded set: units, one coder's codes and (by default) the units' texts.

    Parameters
    ----------
    folder
        The folder holding ``units.csv`` and ``<coder>.csv``.
    coder
        Whose codes to read: ``coder1`` (the gold standard, must code every unit) or
        ``coder2`` (a subset: only the units it coded are returned).
    frames
        The frame columns (default: every code column of the coder's file).
    corpora
        Corpus tables by name, passed to :func:`unit_texts`.
    with_text
        Resolve and verify the units' texts (needs the corpora).

    Returns
    -------
    pandas.DataFrame
        The units table's columns, one 0/1 column per frame and, with ``with_text``, ``text``;
        ``attrs["frames"]`` names the frame columns.

    Examples
    --------
    >>> import tempfile
    >>> from discourse.corpus.normalise import sha256_text
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "units.csv").write_text(
    ...     "unit_id,doc_id,start,end,span_sha256,corpus,stratum,split\\n"
    ...     f"u1,d,0,5,{sha256_text('Hello')},user,s,dev\\n")
    >>> _ = (folder / "coder1.csv").write_text(
    ...     "unit_id,traditional_values,anti_western,note\\nu1,0,1,\\n")
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": ["Hello world."]})
    >>> coded = load_annotations(folder, corpora={"user": corpus})
    >>> coded[["unit_id", "anti_western", "text"]].to_dict("records")
    [{'unit_id': 'u1', 'anti_western': 1, 'text': 'Hello'}]
    >>> import shutil; shutil.rmtree(folder)
    """
    if folder is None:
        raise InputError(
            "load_annotations needs the folder of the coded set (units.csv and the coder files)"
        )
    base = Path(folder)
    units = check_units(read_annotation_file(base / "units.csv"))
    codes = check_codes(
        read_annotation_file(base / f"{coder}.csv"),
        frames=frames,
        unit_ids=units["unit_id"].tolist(),
        complete=coder == "coder1",
    )
    coded = units.merge(codes, on="unit_id", how="inner", validate="one_to_one")
    coded.attrs["source"] = units.attrs["source"]
    coded.attrs["frames"] = tuple(c for c in codes.columns if c != "unit_id")
    if with_text:
        coded["text"] = unit_texts(coded, corpora=corpora)
    return coded


def composition(coded: pd.DataFrame, *, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """The make-up of a coded set: units and gold positives per split, corpus and stratum.

    Parameters
    ----------
    coded
        A coded set (:func:`load_annotations`): ``split``, ``corpus``, ``stratum`` (any of them
        may be absent) and one 0/1 column per frame.
    frames
        The frame columns (default: ``attrs["frames"]`` of a loaded set, else every column
        that is no unit column).

    Returns
    -------
    pandas.DataFrame
        The grouping columns present, ``units`` and one ``<frame>`` count of positives each.

    Examples
    --------
    >>> coded = pd.DataFrame({"split": ["dev", "dev", "heldout"], "corpus": ["seed"] * 3,
    ...                       "f": [1, 0, 1]})
    >>> composition(coded, frames=["f"])
         split corpus  units  f
    0      dev   seed      2  1
    1  heldout   seed      1  1
    """
    keys = [c for c in ("split", "corpus", "stratum") if c in coded.columns]
    frames = list(frames) if frames is not None else frames_of(coded)
    counts = coded.assign(units=1)[[*keys, "units", *frames]].astype({f: int for f in frames})
    if not keys:
        return counts.sum().to_frame().T.astype(int)
    return counts.groupby(keys, sort=True).sum().reset_index()


def frames_of(coded: pd.DataFrame, known: Sequence[str] | None = None) -> list[str]:
    """The frame columns of a coded set: ``attrs["frames"]`` (set by :func:`load_annotations`),
    else the ``known`` frame ids (e.g. a codebook's) it has a column for, else its
    :func:`code_columns`.

    Raises
    ------
    InputError
        No frame column can be found.

    Examples
    --------
    >>> coded = pd.DataFrame({"text": ["a"], "anti_western": [1], "region": ["x"]})
    >>> frames_of(coded, known=["traditional_values", "anti_western"])
    ['anti_western']
    """
    if coded.attrs.get("frames"):
        return list(coded.attrs["frames"])
    found = code_columns(coded) if known is None else [f for f in known if f in coded.columns]
    if not found:
        raise InputError(
            "the annotations have no frame column: name the coded frames with frames=[...] "
            f"(columns: {', '.join(map(str, coded.columns))})"
        )
    return found


def coded_set(
    annotations: pd.DataFrame | str | Path | None,
    frames: Sequence[str],
    corpora: Mapping[str, pd.DataFrame] | None,
) -> pd.DataFrame:
    """Normalise an ``annotations`` argument (a folder or a table) to a table with
    ``unit_id``, ``text`` and one 0/1 column per frame.

    Raises
    ------
    InputError
        ``annotations`` is ``None`` (name the coded set's folder or pass a table), of another
        type, or lacks what a coded set needs.
    """
    if annotations is None:
        raise InputError(
            "no coded set given: pass the folder holding units.csv and coder1.csv, or a "
            "DataFrame with text and one 0/1 column per frame"
        )
    if isinstance(annotations, str | Path):
        return load_annotations(annotations, frames=frames, corpora=corpora)
    if not isinstance(annotations, pd.DataFrame):
        raise InputError(
            f"annotations must be a folder, a DataFrame or None, not {type(annotations).__name__}"
        )
    table = annotations.copy()
    source = source_of(annotations, "the annotations table")
    if "unit_id" not in table.columns:
        table.insert(0, "unit_id", [str(i) for i in table.index])
    table.attrs["source"] = source
    codes = check_codes(table, frames=frames)
    for frame in frames:
        table[frame] = codes[frame].to_numpy()
    if "text" not in table.columns:
        require_columns(table, UNIT_COLUMNS, source)
        table = check_units(table)
        table["text"] = unit_texts(table, corpora=corpora)
    return table.reset_index(drop=True)


def select_split(coded: pd.DataFrame, split: str | None) -> pd.DataFrame:
    """The units of one split (``None``: all), with a clear error for a split not present."""
    if split is None:
        return coded
    if "split" not in coded.columns:
        raise InputError(
            f"the annotations have no 'split' column, so split={split!r} cannot be selected; "
            "pass split=None to use every unit"
        )
    chosen = coded[coded["split"] == split].reset_index(drop=True)
    if chosen.empty:
        found = sorted(map(str, coded["split"].unique()))
        raise InputError(f"no unit has split={split!r} (splits present: {', '.join(found)})")
    return chosen
