"""Train the shipped frame model and choose ``detect_frames``' default method, on dev units only.

Run from the project root with the corpora reachable (``DISCOURSE_MIRROR`` or a filled cache)::

    python -m corpus.validation.train_model            # cross-validate, train, write the model
    python -m corpus.validation.train_model --cv-only  # only print the cross-validation table

1. Reads the coded set (``units.csv`` + ``coder1.csv``) and keeps the ``dev`` split: the held-out
   batches (countries no dev unit comes from) are never read here.
2. Cross-validation grouped by country (``GroupKFold``, ``FOLDS`` folds; a unit's group is the
   ISO3 code of its speech, ``RUS`` for Kremlin items, ``AZE`` for the seed): each fold trains a
   :class:`discourse.FrameClassifier` on the other countries and scores the codebook, the
   classifier, the hybrid and a TF-IDF + logistic-regression baseline on the fold's countries.
3. The method with the best mean F1 over the coded frames becomes the model's
   ``default_method`` (ties to three decimals go to the simpler method: codebook, then
   hybrid); each frame's probability threshold is the one that maximises that method's
   out-of-fold F1 (a grid of ``THRESHOLDS``).
4. A final model is trained on every dev unit and written to ``discourse/models/frames.json``
   with its pinned sha256; the cross-validation table goes into the model's ``training`` record.
"""

from __future__ import annotations

import argparse
import hashlib
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold

from corpus.validation import study
from discourse.frames.classifier import FrameClassifier
from discourse.frames.detect import detect_frames
from discourse.frames.model import default_model_path
from discourse.validation.annotations import unit_texts
from discourse.validation.baseline import baseline_pipeline

HERE = study.FOLDER
FRAMES = list(study.FRAMES)
FOLDS = 5
THRESHOLDS = np.round(np.arange(0.2, 0.91, 0.05), 2)
METHODS = ("codebook", "classifier", "hybrid", "tfidf_lr")


def coded_dev() -> pd.DataFrame:
    """The dev units with their text, labels and country group."""
    coded = study.coded_set(with_text=False)
    coded = coded[coded["split"] == "dev"].reset_index(drop=True)
    coded = coded.assign(text=unit_texts(coded))
    coded["group"] = coded["doc_id"].map(study.unit_country)
    return coded


def out_of_fold(coded: pd.DataFrame) -> dict[str, np.ndarray]:
    """Out-of-fold probabilities (learned methods) or decisions (codebook) per method."""
    n = len(coded)
    out = {m: np.zeros((n, len(FRAMES))) for m in METHODS}
    texts = coded["text"].tolist()
    codebook = detect_frames(texts, method="codebook")
    out["codebook"] = codebook[FRAMES].to_numpy(dtype=float)
    folds = GroupKFold(n_splits=FOLDS).split(coded, groups=coded["group"])
    for k, (train, test) in enumerate(folds, start=1):
        print(f"fold {k}/{FOLDS}: {len(train)} train, {len(test)} test units", file=sys.stderr)
        clf = FrameClassifier().fit([texts[i] for i in train], coded.loc[train, FRAMES])
        test_texts = [texts[i] for i in test]
        for method in ("classifier", "hybrid"):
            flags = detect_frames(test_texts, method=method, model=clf.to_model())
            out[method][test] = flags.attrs["probability"][FRAMES].to_numpy()
        for j, frame in enumerate(FRAMES):
            lr = baseline_pipeline(seed=0).fit([texts[i] for i in train], coded.loc[train, frame])
            out["tfidf_lr"][test, j] = lr.predict_proba(test_texts)[:, 1]
    return out


def scores(
    coded: pd.DataFrame, oof: dict[str, np.ndarray]
) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """Per method and frame: P, R, F1 at 0.5 and at the best threshold (learned methods)."""
    rows = []
    best: dict[str, dict[str, float]] = {}
    for method, values in oof.items():
        best[method] = {}
        for j, frame in enumerate(FRAMES):
            gold = coded[frame].to_numpy()
            grid = [0.5] if method == "codebook" else THRESHOLDS
            f1s = [f1_score(gold, values[:, j] >= t, zero_division=0) for t in grid]
            cut = float(grid[int(np.argmax(f1s))])
            best[method][frame] = cut
            pred = values[:, j] >= cut
            rows.append(
                {
                    "method": method,
                    "frame": frame,
                    "threshold": cut,
                    "precision": precision_score(gold, pred, zero_division=0),
                    "recall": recall_score(gold, pred, zero_division=0),
                    "f1": f1_score(gold, pred, zero_division=0),
                    "positives": int(gold.sum()),
                    "units": len(gold),
                }
            )
    return pd.DataFrame(rows), best


def main(cv_only: bool = False) -> None:
    coded = coded_dev()
    print(
        f"dev: {len(coded)} units from {coded['group'].nunique()} countries; positives "
        + ", ".join(f"{f} {int(coded[f].sum())}" for f in FRAMES),
        file=sys.stderr,
    )
    table, best = scores(coded, out_of_fold(coded))
    print(table.round(3).to_string(index=False))
    mean_f1 = table.groupby("method")["f1"].mean()
    # The baseline is a comparison, not a method. Ties (to three decimals) go to the simpler,
    # cheaper method: the codebook, then the hybrid (the model on candidate sentences only).
    shippable = mean_f1.drop("tfidf_lr").round(3)
    chosen = next(
        m for m in ("codebook", "hybrid", "classifier") if shippable[m] == shippable.max()
    )
    print(f"mean F1 by method: {mean_f1.round(3).to_dict()}; default method: {chosen}")
    if cv_only:
        return
    thresholds = best[chosen] if chosen != "codebook" else best["hybrid"]
    files = {
        name: hashlib.sha256((HERE / name).read_bytes()).hexdigest()
        for name in ("units.csv", "coder1.csv")
    }
    training = {
        "split": "dev",
        "countries": int(coded["group"].nunique()),
        "coded_files_sha256": files,
        "cv": {
            "folds": FOLDS,
            "grouped_by": "country",
            "scores": table.round(4).to_dict("records"),
            "chosen": chosen,
        },
    }
    clf = FrameClassifier(thresholds=thresholds, default_method=chosen)
    clf.fit(coded["text"].tolist(), coded[FRAMES], training=training)
    path = clf.to_model().save(default_model_path())
    print(f"wrote {path} ({path.stat().st_size:,} bytes), sha256 {clf.to_model().digest()}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cv-only", action="store_true", help="print the table, write nothing")
    main(parser.parse_args().cv_only)
