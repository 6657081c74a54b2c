"""Score a codebook against coder 1 on the development split only (for tuning).

Reads the units with ``split == "dev"`` and nothing else: the held-out units are filtered out
before any text is loaded, counted or scored (the held-out evaluation is run once, at the end,
by the validation module). Each unit's text is ``load_corpus(corpus).text[start:end]``; its
frames are :func:`discourse.detect_frames` of that text.

Run from the checkout's root (the corpora reachable through ``DISCOURSE_MIRROR`` or a filled
``DISCOURSE_DATA``)::

    python -m corpus.validation.dev_scores [--codebook my-codebook.yaml]
"""

from __future__ import annotations

import argparse

import pandas as pd

import discourse
from corpus.validation import study
from discourse.validation.metrics import score_table


def dev_units() -> pd.DataFrame:
    """The dev units with coder 1's labels and their texts (span hashes checked).

    The held-out units are dropped before any text is resolved.
    """
    units = study.coded_set(with_text=False)
    dev = units[units["split"] == "dev"].reset_index(drop=True)
    from discourse.validation.annotations import unit_texts

    return dev.assign(text=unit_texts(dev))


def scores(units: pd.DataFrame, codebook: str | None) -> pd.DataFrame:
    """Precision, recall, F1 and the confusion counts per frame."""
    predicted = discourse.detect_frames(units["text"].tolist(), codebook)
    table = score_table(units[list(study.FRAMES)], predicted, frames=study.FRAMES, n_boot=0)
    return table[["frame", "precision", "recall", "f1", "tp", "fp", "fn"]].round(3)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--codebook", help="a codebook file (default: the package's)")
    args = parser.parse_args()
    cb = discourse.load_codebook(args.codebook)
    units = dev_units()
    print(f"{cb.name} {cb.version} ({cb.hash[:12]}), {len(units)} dev units")
    print(scores(units, args.codebook).to_string(index=False))


if __name__ == "__main__":
    main()
