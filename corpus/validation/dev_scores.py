"""Score a codebook against coder 1 on the development split only (for tuning).

Reads the units with ``split == "dev"`` and nothing else: the held-out units are filtered out
before any text is loaded, counted or scored (the held-out evaluation is run once, at the end,
by the validation module). Each unit's text is ``load_corpus(corpus).text[start:end]``; its
frames are :func:`discourse.detect_frames` of that text.

Run (the corpora reachable through ``DISCOURSE_MIRROR`` or a filled ``DISCOURSE_DATA``)::

    python corpus/validation/dev_scores.py [--codebook my-codebook.yaml]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

import discourse
from discourse.corpus.normalise import sha256_text

HERE = Path(__file__).resolve().parent
FRAMES = ("traditional_values", "anti_western")


def dev_units() -> pd.DataFrame:
    """The dev units with coder 1's labels and their texts (span hashes checked)."""
    units = pd.read_csv(HERE / "units.csv")
    units = units[units["split"] == "dev"]
    units = units.merge(pd.read_csv(HERE / "coder1.csv"), on="unit_id", how="left")
    texts: dict[str, str] = {}
    for corpus in sorted(units["corpus"].unique()):
        table = discourse.load_corpus(corpus)
        texts.update(zip(table["doc_id"], table["text"], strict=True))
    spans = []
    for row in units.itertuples():
        span = texts[row.doc_id][row.start : row.end]
        if sha256_text(span) != row.span_sha256:
            raise SystemExit(f"unit {row.unit_id}: span hash differs from units.csv")
        spans.append(span)
    return units.assign(text=spans)


def scores(units: pd.DataFrame, codebook: str | None) -> pd.DataFrame:
    """Precision, recall, F1 and the confusion counts per frame."""
    predicted = discourse.detect_frames(units["text"].tolist(), codebook)
    rows = []
    for frame in FRAMES:
        gold = units[frame].astype(bool).to_numpy()
        pred = predicted[frame].to_numpy()
        tp, fp, fn = int((gold & pred).sum()), int((~gold & pred).sum()), int((gold & ~pred).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        rows.append((frame, round(p, 3), round(r, 3), round(f1, 3), tp, fp, fn))
    return pd.DataFrame(rows, columns=["frame", "precision", "recall", "f1", "tp", "fp", "fn"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codebook", help="a codebook file (default: the package's)")
    args = parser.parse_args()
    cb = discourse.load_codebook(args.codebook)
    units = dev_units()
    print(f"{cb.name} {cb.version} ({cb.hash[:12]}), {len(units)} dev units")
    print(scores(units, args.codebook).to_string(index=False))


if __name__ == "__main__":
    main()
