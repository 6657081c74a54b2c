"""Draw the estimation sample of notebook 06 (writes ``estimation/units.csv`` and ``design.json``).

Run from the project root, with the UN corpus reachable by ``discourse.load_corpus`` (a data
mirror in ``DISCOURSE_MIRROR`` or a filled cache in ``DISCOURSE_DATA``)::

    python corpus/validation/estimation_sample.py [--packets DIR]

The population is every body sentence of every UN General Debate speech (``load_corpus("ungdc")``)
whose speaker belongs to a UN regional group: the speeches without one (the European Union and
observers, 30 speeches) are dropped, because the estimates are reported per regional group.
The sample (:func:`discourse.coding_sample`, ``N_UNITS`` units, seed ``SEED``) is stratified by
regional group x era (``ERAS``: to 1991, 1992-2013, 2014 on) and by the shipped detector's
output (its default method, on the two coded frames), with known inclusion probabilities.

The repository keeps the sample stand-off, never text: ``units.csv`` (``unit_id, doc_id, start,
end, span_sha256, corpus, region, era, stratum, inclusion_prob, method, codebook_hash,
model_hash``) and ``design.json`` (the frames, seed, detector and every stratum's size).

``--packets DIR`` writes blind coding packets for the coders to a folder outside the
repository: ``a-est-NN.csv``, ``PACKET_SIZE`` units each, rows shuffled, columns ``unit_id,
source, before, text, after`` (no stratum, probability or detector output).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

import discourse as dc
from discourse._atomic import write_atomic
from discourse.validation.design import design_json

SEED = 20261205
N_UNITS = 2000
PACKET_SIZE = 250
FRAMES = ("traditional_values", "anti_western")
BY = ("region", "era")
#: Era labels and their first and last years.
ERAS: tuple[tuple[str, int, int], ...] = (
    ("1946-1991", 1946, 1991),
    ("1992-2013", 1992, 2013),
    ("2014-2024", 2014, 2024),
)
HERE = Path(__file__).resolve().parent
OUT = HERE / "estimation"
STANDOFF = (
    "unit_id",
    "doc_id",
    "start",
    "end",
    "span_sha256",
    "corpus",
    *BY,
    "stratum",
    "inclusion_prob",
    "method",
    "codebook_hash",
    "model_hash",
)
PACKET_COLUMNS = ("unit_id", "source", "before", "text", "after")


def era(years: pd.Series) -> pd.Series:
    """The era label of each year (``ERAS``); years outside every era are an error."""
    values = years.astype("Int64")
    out = pd.Series(pd.NA, index=years.index, dtype="string")
    for label, first, last in ERAS:
        out[(values >= first) & (values <= last)] = label
    if out.isna().any():
        bad = sorted(set(values[out.isna()].dropna().tolist()))
        raise SystemExit(f"estimation_sample.py: years outside every era: {bad}")
    return out


def study_corpus() -> pd.DataFrame:
    """The UN speeches with a regional group, with their era."""
    corpus = dc.load_corpus("ungdc")
    corpus = corpus[corpus["region"].notna()].reset_index(drop=True)
    return corpus.assign(era=era(corpus["year"]))


def draw(corpus: pd.DataFrame) -> pd.DataFrame:
    """The estimation sample (with text, in memory only)."""
    sample = dc.coding_sample(
        corpus, N_UNITS, by=list(BY), frames=list(FRAMES), seed=SEED, cache=True, progress=True
    )
    sample.insert(list(sample.columns).index("span_sha256") + 1, "corpus", "ungdc")
    return sample


def write_csv(table: pd.DataFrame, path: Path) -> None:
    write_atomic(path, table.to_csv(index=False, lineterminator="\n").encode("utf-8"))


def write_packets(sample: pd.DataFrame, folder: Path) -> list[Path]:
    """Shuffled blind packets of ``PACKET_SIZE`` units, written through a temporary folder."""
    folder = folder.resolve()
    root = HERE.parents[1]
    if root in (folder, *folder.parents):
        sys.exit(f"estimation_sample.py: --packets {folder} is inside the repository")
    folder.mkdir(parents=True, exist_ok=True)
    tmp_dir = folder.parent / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    order = np.random.default_rng(SEED).permutation(len(sample))
    shuffled = sample.iloc[order][list(PACKET_COLUMNS)].reset_index(drop=True)
    written = []
    for k, lo in enumerate(range(0, len(shuffled), PACKET_SIZE), start=1):
        path = folder / f"a-est-{k:02d}.csv"
        if path.exists():
            print(f"{path} exists: left as it is")
            continue
        part = shuffled.iloc[lo : lo + PACKET_SIZE]
        with tempfile.NamedTemporaryFile(
            "wb", dir=tmp_dir, prefix=path.stem + ".", suffix=".tmp", delete=False
        ) as handle:
            handle.write(part.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        Path(handle.name).chmod(0o644)
        Path(handle.name).replace(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=Path, help="write blind coding packets to this folder")
    args = parser.parse_args(argv)
    sample = draw(study_corpus())
    OUT.mkdir(exist_ok=True)
    write_csv(sample[list(STANDOFF)], OUT / "units.csv")
    write_atomic(OUT / "design.json", design_json(sample).encode("utf-8"))
    print(f"{len(sample)} units in {sample['stratum'].nunique()} strata -> {OUT / 'units.csv'}")
    if args.packets is not None:
        for path in write_packets(sample, args.packets):
            print(f"packet {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
