"""Inter-coder agreement: how far two coders agree on the frames of the same units.

In: two coders' tables (``unit_id`` plus one 0/1 column per frame, or their CSV files, see
:mod:`discourse.validation.annotations`). Out: one row per frame with percent agreement,
Krippendorff's alpha and Cohen's kappa (:func:`agreement`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .annotations import check_codes, check_units, code_columns, read_annotation_file

AGREEMENT_COLUMNS: tuple[str, ...] = (
    "frame",
    "n",
    "coder1_positive",
    "coder2_positive",
    "percent_agreement",
    "krippendorff_alpha",
    "cohen_kappa",
)


def agreement(
    first: pd.DataFrame | str | Path | None = None,
    second: pd.DataFrame | str | Path | None = None,
    *,
    frames: Sequence[str] | None = None,
    folder: str | Path | None = None,
) -> pd.DataFrame:
    """Inter-coder agreement per frame on the units both coders coded.

    Parameters
    ----------
    first, second
        The two coders' tables (``unit_id`` plus one 0/1 column per frame; a
        :func:`~discourse.validation.coding.read_codes` table counts the units it has codes
        for) or CSV paths; either may be left out when ``folder`` holds ``coder1.csv`` and
        ``coder2.csv``.
    frames
        The frames to compare (default: the code columns both coders have).
    folder
        An annotation folder holding the coder files; when it holds ``units.csv``, coder files
        read from it are checked against it (unknown unit ids are an error).

    Raises
    ------
    InputError
        A coder's table is missing (neither given nor in ``folder``), the coders share no frame
        or no unit, or a table is malformed.

    Returns
    -------
    pandas.DataFrame
        ``frame, n`` (units coded by both), ``coder1_positive``, ``coder2_positive``,
        ``percent_agreement`` (0-100), ``krippendorff_alpha`` (nominal) and ``cohen_kappa``.
        Alpha and kappa are NaN when both coders use a single category throughout.

    Examples
    --------
    >>> a = pd.DataFrame({"unit_id": ["1", "2", "3", "4"], "f": [1, 0, 1, 1]})
    >>> b = pd.DataFrame({"unit_id": ["1", "2", "3", "4"], "f": [1, 0, 0, 1]})
    >>> agreement(a, b, frames=["f"])[["n", "percent_agreement", "krippendorff_alpha"]].round(4)
       n  percent_agreement  krippendorff_alpha
    0  4               75.0              0.5333
    """
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    if (first is None or second is None) and folder is None:
        raise InputError(
            "agreement needs the two coders' codes: agreement('coder1.csv', 'coder2.csv'), two "
            "tables (unit_id plus one 0/1 column per frame), or agreement(folder=...) for a "
            "folder holding coder1.csv and coder2.csv"
        )
    unit_ids: list[str] | None = None
    listed = Path(str(folder)) / "units.csv"
    if folder is not None and (first is None or second is None) and listed.is_file():
        unit_ids = check_units(read_annotation_file(listed))["unit_id"].tolist()

    def read(table: pd.DataFrame | str | Path | None, default: str) -> pd.DataFrame:
        if table is None:
            return read_annotation_file(Path(str(folder)) / default)
        if not isinstance(table, pd.DataFrame):
            return read_annotation_file(table)
        if table.attrs.get("frames"):  # a dc.read_codes table: the units this coder coded
            coded = list(table.attrs["frames"])
            kept = table[["unit_id", *coded]].dropna(subset=coded)
            return kept.astype({f: "int64" for f in coded}).reset_index(drop=True)
        return table

    raw_one, raw_two = read(first, "coder1.csv"), read(second, "coder2.csv")
    if frames is None:
        frames = [c for c in code_columns(raw_one) if c in set(code_columns(raw_two))]
    frames = list(frames)
    if not frames:
        raise InputError("the two coders' tables share no frame column")
    one = check_codes(raw_one, frames=frames, unit_ids=unit_ids)
    two = check_codes(raw_two, frames=frames, unit_ids=unit_ids)
    both = one.merge(two, on="unit_id", suffixes=("_1", "_2"), validate="one_to_one")
    if both.empty:
        raise InputError("the two coders have no unit in common")
    rows = []
    for frame in frames:
        a = both[f"{frame}_1"].to_numpy()
        b = both[f"{frame}_2"].to_numpy()
        single = len(set(a) | set(b)) < 2
        alpha = (
            float("nan")
            if single
            else float(krippendorff.alpha(reliability_data=[a, b], level_of_measurement="nominal"))
        )
        kappa = float("nan") if single else float(cohen_kappa_score(a, b))
        rows.append(
            {
                "frame": frame,
                "n": len(both),
                "coder1_positive": int(a.sum()),
                "coder2_positive": int(b.sum()),
                "percent_agreement": float((a == b).mean() * 100),
                "krippendorff_alpha": alpha,
                "cohen_kappa": kappa,
            }
        )
    return pd.DataFrame(rows, columns=list(AGREEMENT_COLUMNS))
