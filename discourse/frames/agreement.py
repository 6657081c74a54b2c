"""Inter-coder agreement: how far two coders agree on the frames of the same units.

In: two coders' tables (``unit_id`` plus one 0/1 column per frame; by default ``coder1.csv`` and
``coder2.csv`` of ``corpus/validation/``, see :mod:`discourse.frames.sampling`). Out: one row
per frame with percent agreement, Krippendorff's alpha and Cohen's kappa (:func:`agreement`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .sampling import FRAMES, _read_csv, _validation_dir, check_codes, check_units

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
    frames: Sequence[str] = FRAMES,
    folder: str | Path | None = None,
) -> pd.DataFrame:
    """Inter-coder agreement per frame on the units both coders coded.

    Parameters
    ----------
    first, second
        The two coders' tables (``unit_id`` plus one 0/1 column per frame) or CSV paths;
        default ``coder1.csv`` and ``coder2.csv`` in ``folder``.
    frames
        The frames to compare.
    folder
        The annotation folder (default ``corpus/validation``); when it holds ``units.csv``,
        coder files read from it are checked against it (unknown unit ids are an error).

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

    frames = list(frames)
    base = _validation_dir(folder)
    unit_ids: list[str] | None = None
    if (base / "units.csv").is_file() and (first is None or second is None):
        unit_ids = check_units(_read_csv(base / "units.csv"))["unit_id"].tolist()

    def read(table: pd.DataFrame | str | Path | None, default: str) -> pd.DataFrame:
        if table is None:
            table = _read_csv(base / default)
        elif not isinstance(table, pd.DataFrame):
            table = _read_csv(Path(table))
        return check_codes(table, frames=frames, unit_ids=unit_ids)

    one, two = read(first, "coder1.csv"), read(second, "coder2.csv")
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
