"""Score the frozen encoder once on the held-out batches, beside the shipped default method.

Run from the project root with the corpora reachable, after ``train_encoder.py`` wrote the
encoder into ``discourse/models/``::

    python -m corpus.validation.score_encoder [--texts units.parquet]

Writes ``corpus/validation/encoder_heldout.json``: per method and frame precision, recall and
F1 with 95 % percentile-bootstrap intervals (2,000 resamples of units), the same per UN regional
group, per speaker family (UN, Kremlin, US presidents), per held-out batch (the world design's
5 + 7, the speaker-disjoint 10 + 12) and per sampling stratum (whose ``fp`` and ``tn`` give the
false-alarm rate in each look-alike stratum), and the encoder's hash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import pandas as pd

from corpus.validation import study
from discourse._atomic import write_atomic
from discourse.frames.encoder import load_encoder
from discourse.validation import annotations as stand_off
from discourse.validation import evaluate

HERE = Path(__file__).resolve().parent
FRAMES = list(study.FRAMES)


def family(doc_id: str) -> str:
    if doc_id.startswith("sotu-"):
        return "US presidents"
    return "Kremlin" if doc_id.startswith("kremlin-") else "UN"


def heldout(texts: str | None) -> pd.DataFrame:
    units = pd.read_csv(HERE / "units.csv")
    codes = pd.read_csv(HERE / "coder1.csv", keep_default_na=False)
    units = stand_off.check_units(units[units["split"] == "heldout"].reset_index(drop=True))
    if texts:
        known = pd.read_parquet(texts).set_index("unit_id")["text"]
        resolved = units["unit_id"].map(known)
        digests = resolved.map(lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())
        if resolved.isna().any() or (digests != units["span_sha256"]).any():
            raise SystemExit(f"{texts}: texts missing or differing from span_sha256")
        units = units.assign(text=resolved)
    else:
        units = units.assign(text=stand_off.unit_texts(units))
    coded = units.merge(codes[["unit_id", *FRAMES]], on="unit_id", validate="one_to_one")
    coded["region"] = study.unit_regions(coded["doc_id"].tolist()).to_numpy()
    coded["family"] = coded["doc_id"].map(family)
    coded["batches"] = coded["batch"].map(lambda b: "5+7" if b in (5, 7) else "10+12")
    return coded


class Cached:
    """A method's detector that runs once per set of texts (the tables by group reuse it)."""

    def __init__(self, method: str) -> None:
        self.inner = evaluate.MethodDetector(method)
        self.memo: dict[tuple[str, ...], pd.DataFrame] = {}

    def detect_frames(self, texts):
        key = tuple(texts)
        if key not in self.memo:
            self.memo[key] = self.inner.detect_frames(texts)
        return self.memo[key]

    def find_frames(self, texts):
        return self.inner.find_frames(texts)


def main(texts: str | None) -> None:
    coded = heldout(texts)
    encoder = load_encoder()
    out: dict = {"units": len(coded), "encoder": encoder.provenance(), "methods": {}}
    for method in ("encoder", "hybrid", "codebook"):
        det = Cached(method)
        entry = {}
        for by in ("region", "family", "batches", "stratum"):
            res = evaluate.evaluate(coded, split="heldout", detector=det, by=by, n_boot=2000)
            entry["overall"] = res.metrics.round(4).to_dict("records")
            assert res.by_group is not None  # by= was given
            entry[f"by_{by}"] = res.by_group.round(4).to_dict("records")
        out["methods"][method] = entry
        m = pd.DataFrame(entry["overall"])
        print(method, m[["frame", "precision", "recall", "f1", "f1_low", "f1_high"]].to_string())
        alarms = pd.DataFrame(entry["by_stratum"])
        alarms = alarms[alarms["stratum"].str.startswith("lookalike")]
        alarms = alarms.assign(false_alarm=alarms["fp"] / (alarms["fp"] + alarms["tn"]))
        print(alarms[["stratum", "frame", "n", "fp", "false_alarm"]].to_string(index=False))
    path = HERE / "encoder_heldout.json"
    write_atomic(path, (json.dumps(out, indent=1, sort_keys=True) + "\n").encode())
    print(f"wrote {path}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", help="Parquet of unit_id, text resolved earlier (verified)")
    main(parser.parse_args().texts)
