"""Gather coders' packet files into the stand-off coder tables (batches 8 on, and the estimation
sample of notebook 06).

Usage::

    python -m corpus.validation.collect_codes DONE_DIR

``DONE_DIR`` (outside the repository) holds one file per coded packet, ``<packet>.<coder>.csv``
with the columns ``unit_id, traditional_values, anti_western, note``. Packet prefixes: ``a-est``
(the estimation sample), ``b``-``f`` (first coding of batches 8-12), ``r`` (a first packet
coded again, whose codes replace the first coder's), ``s`` and ``t`` (second coding). The
script checks every file (columns, 0/1 codes, known unit ids, no unit coded twice by first
coders) and writes, atomically:

- ``coder1.csv`` / ``coder2.csv``: the rows they held, plus the new first / second codes (in
  packet order);
- ``units.csv``: batches 1-7 as they were, plus the units of batches 8 on that have a first code
  (a drawn unit no coder reached is left out: ``sample_meaning.py`` reproduces the whole draw);
- ``estimation/coder1.csv``: the estimation sample's codes, in its ``units.csv`` order.

Codes are never overwritten: a unit already in a coder table keeps its code; a packet file that
disagrees with it is reported.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from corpus.validation import sample_units as su

HERE = Path(__file__).resolve().parent
CODE_COLUMNS = ["unit_id", "traditional_values", "anti_western", "note"]
FIRST = ("b-", "c-", "d-", "e-", "f-")
RECODE = ("r-",)  # a re-coding of a first packet (``r-<packet>``): its codes replace the first
SECOND = ("s-", "t-")


def read_packet(path: Path) -> pd.DataFrame:
    table = pd.read_csv(path, dtype={"unit_id": str, "note": str}, keep_default_na=False)
    if list(table.columns) != CODE_COLUMNS:
        sys.exit(f"{path}: columns {list(table.columns)}, expected {CODE_COLUMNS}")
    for column in ("traditional_values", "anti_western"):
        bad = ~table[column].astype(str).isin(["0", "1"])
        if bad.any():
            line = int(bad.to_numpy().argmax()) + 2
            sys.exit(f"{path}:{line}: {column} must be 0 or 1, not {table[column][bad].iloc[0]!r}")
        table[column] = table[column].astype(int)
    if table["unit_id"].duplicated().any():
        sys.exit(f"{path}: unit {table['unit_id'][table['unit_id'].duplicated()].iloc[0]} twice")
    return table


def gather(done: Path, prefixes: tuple[str, ...]) -> pd.DataFrame:
    parts = [read_packet(p) for p in sorted(done.glob("*.csv")) if p.name.startswith(prefixes)]
    if not parts:
        return pd.DataFrame(columns=CODE_COLUMNS)
    table = pd.concat(parts, ignore_index=True)
    if prefixes == FIRST:  # re-coded units take the re-coder's codes
        again = gather(done, RECODE)
        table = pd.concat(
            [table[~table["unit_id"].isin(again["unit_id"])], again], ignore_index=True
        )
    twice = table["unit_id"].duplicated(keep=False)
    if twice.any():
        sys.exit(f"{done}: unit {table.loc[twice, 'unit_id'].iloc[0]} is in two packets")
    return table


def merge_codes(old: pd.DataFrame, new: pd.DataFrame, name: str) -> pd.DataFrame:
    """``old`` plus the rows of ``new`` it lacks; a unit in both must carry the same codes."""
    both = old.merge(new, on="unit_id", suffixes=("", "_new"))
    for column in ("traditional_values", "anti_western"):
        differs = both[column] != both[f"{column}_new"]
        if differs.any():  # the committed code stands; the packet file changed after it
            example = both.loc[differs, "unit_id"].iloc[0]
            print(
                f"{name}: {int(differs.sum())} units keep their committed {column} code, "
                f"which their packet file now contradicts (e.g. {example})"
            )
    added = new[~new["unit_id"].isin(old["unit_id"])]
    return pd.concat([old, added], ignore_index=True)


def main(done: Path) -> None:
    drawn = pd.read_csv(HERE / "units.csv", dtype={"unit_id": str, "doc_id": str})
    first = gather(done, FIRST)
    second = gather(done, SECOND)
    unknown = set(first["unit_id"]) - set(drawn["unit_id"])
    if unknown:
        sys.exit(f"{done}: {len(unknown)} coded units not in units.csv, e.g. {sorted(unknown)[0]}")
    coder1 = pd.read_csv(HERE / "coder1.csv", dtype={"unit_id": str}, keep_default_na=False)
    coder2 = pd.read_csv(HERE / "coder2.csv", dtype={"unit_id": str}, keep_default_na=False)
    coder1 = merge_codes(coder1, first, "coder1.csv")
    coder2 = merge_codes(coder2, second[second["unit_id"].isin(coder1["unit_id"])], "coder2.csv")
    units = drawn[(drawn["batch"] <= 7) | drawn["unit_id"].isin(coder1["unit_id"])]
    su.write_csv(units, HERE / "units.csv")
    su.write_csv(coder1, HERE / "coder1.csv")
    su.write_csv(coder2, HERE / "coder2.csv")
    estimation = HERE / "estimation" / "units.csv"
    est_codes = gather(done, ("a-est",))
    if estimation.exists() and len(est_codes):
        order = pd.read_csv(estimation, dtype={"unit_id": str})["unit_id"]
        est_codes = est_codes.set_index("unit_id").reindex(order).dropna(how="all").reset_index()
        for column in ("traditional_values", "anti_western"):
            est_codes[column] = est_codes[column].astype(int)
        target = HERE / "estimation" / "coder1.csv"
        if target.exists():
            old = pd.read_csv(target, dtype={"unit_id": str}, keep_default_na=False)
            est_codes = merge_codes(old, est_codes, str(target))
        su.write_csv(est_codes, target)
    new = units[units["batch"] > 7].merge(coder1, on="unit_id")
    print(f"units.csv: {len(units)} rows ({len(new)} of batches 8 on); coder2.csv: {len(coder2)}")
    print(
        new.groupby(["batch", "split"])[["traditional_values", "anti_western"]].agg(["size", "sum"])
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
