"""Cost and prefilter recall of detect_frames' methods (codebook, hybrid, classifier).

Over the body sentences of the UN General Debate speeches of the first frame's 32 countries
(``FIRST_FRAME``, 1946-2024), times ``detect_frames(sentences, method=...)`` for each method
(process CPU seconds, median of ``--repeat`` runs, one process) and reports each learned
method's time as a multiple of the codebook's (target: hybrid ≤ 4×). It also measures the
recall of the hybrid's candidate prefilter on the coded set: the share of coder 1's positive
units (every split) that the prefilter lets through, and the share of all sentences it passes.
Results go to ``benchmarks/results/methods.json``.

Run: ``DISCOURSE_MIRROR=<mirror> python benchmarks/bench_methods.py [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd
from _results import machine, save_json

import discourse as dc
from discourse.corpus.paths import corpus_dir
from discourse.frames.methods import indicator_matrix
from discourse.frames.model import FrameModel, load_model
from discourse.validation.annotations import load_annotations

RESULTS = Path(__file__).resolve().parent / "results" / "methods.json"
FIRST_FRAME = [
    "RUS", "AZE", "ARM", "GEO", "BLR", "KAZ", "UZB", "KGZ", "TJK", "TKM", "MDA", "UKR", "TUR",
    "HUN", "POL", "SRB", "IRN", "CHN", "VEN", "CUB", "SYR", "NIC", "USA", "GBR", "FRA", "DEU",
    "ITA", "CAN", "SWE", "IND", "BRA", "ZAF",
]  # fmt: skip


def cpu_median(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def candidates(model: FrameModel, texts: list[str]) -> np.ndarray:
    """The hybrid prefilter's candidates among ``texts`` (each taken as one sentence).

    The prefilter sees any indicator match, negated or not; the non-negated matches used here
    are a subset of that, so shares and recalls computed from this are lower bounds.
    """
    counts, _ = indicator_matrix(texts)
    return model.is_candidate(texts, np.asarray(counts.sum(axis=1)).ravel() > 0)


def prefilter_recall() -> dict[str, float | int]:
    """Share of coded positives (and of all coded units) the hybrid's prefilter passes."""
    coded = load_annotations(corpus_dir() / "validation")
    model = load_model()
    candidate = candidates(model, coded["text"].tolist())
    out: dict[str, float | int] = {"units": len(coded), "candidate_share": float(candidate.mean())}
    for frame in model.frames:
        positive = coded[frame].to_numpy().astype(bool)
        out[f"{frame}_positives"] = int(positive.sum())
        out[f"{frame}_recall"] = float(candidate[positive].mean())
    return out


def main(repeat: int) -> None:
    corpus = dc.load_corpus("ungdc", countries=FIRST_FRAME, progress=False)
    sentences = dc.segment(corpus, progress=False)
    body = sentences[sentences["kind"] == "body"].reset_index(drop=True)
    texts = body["text"].astype(str).tolist()
    model = load_model()
    timings = {}
    for method in ("codebook", "hybrid", "classifier"):
        timings[method] = cpu_median(
            lambda m=method: dc.detect_frames(texts, method=m, model=model, progress=False), repeat
        )
        print(f"{method}: {timings[method]:.2f} s")
    flags = {
        m: dc.detect_frames(texts, method=m, model=model, progress=False)
        for m in ("codebook", "hybrid")
    }
    passed = candidates(model, texts)
    result = {
        "corpus": f"ungdc, {len(FIRST_FRAME)} countries, {len(corpus)} speeches",
        "sentences": len(texts),
        "model_version": model.version,
        "default_method": model.default_method,
        "cpu_seconds_median": timings,
        "ratio_to_codebook": {m: timings[m] / timings["codebook"] for m in timings},
        "candidate_share_of_sentences": float(np.mean(passed)),
        "sentences_flagged": {
            m: {f: int(v[f].sum()) for f in model.frames} for m, v in flags.items()
        },
        "prefilter_on_coded_set": prefilter_recall(),
        "repeat": repeat,
        **machine(),
    }
    save_json(RESULTS, result)
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    pd.set_option("display.width", 120)
    main(parser.parse_args().repeat)
