"""Speed of ``detect_frames(..., method="encoder")`` on the UN General Debate.

Two rates, wall clock, on the machine's cores (the targets are for 2 cores):

- **candidate sentences/s** (target ≥ 300): the encoder alone
  (:meth:`discourse.FrameEncoder.predict_proba`, batched and length-sorted) on the prefilter's
  candidates among the body sentences;
- **corpus sentences/s** (target ≥ 1,500): ``detect_frames(sentences, method="encoder")`` on all
  the body sentences, prefilter and codebook scan included (only candidates reach the model).

The speeches are a fixed sample (``--countries``, ``--years``). The load average before and
after is recorded: on a machine shared with other jobs the rates are lower bounds. Results go
to ``benchmarks/results/encoder.json``.

Run: ``DISCOURSE_MIRROR=<mirror> python benchmarks/bench_encoder.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import numpy as np
from _results import machine, save_json

import discourse as dc
from discourse.frames.encoder import ONNX_FILE, load_encoder
from discourse.frames.methods import candidates

RESULTS = Path(__file__).resolve().parent / "results" / "encoder.json"


def main(countries: list[str], years: list[int], limit: int) -> None:
    corpus = dc.load_corpus("ungdc", countries=countries, years=years, progress=False)
    sentences = dc.segment(corpus, progress=False)
    body = sentences[sentences["kind"] == "body"].reset_index(drop=True)
    texts = body["text"].astype(str).tolist()[:limit]
    encoder = load_encoder()
    load_before = os.getloadavg()
    passed = candidates(texts)
    picked = [t for t, c in zip(texts, passed, strict=True) if c]
    encoder.predict_proba(picked[:64], progress=False)  # warm-up: session and tokenizer
    start = time.perf_counter()
    encoder.predict_proba(picked, progress=False)
    model_seconds = time.perf_counter() - start
    start = time.perf_counter()
    flags = dc.detect_frames(texts, method="encoder", progress=False)
    total_seconds = time.perf_counter() - start
    lengths = [len(e.ids) for e in encoder._tokenizer.encode_batch(picked)]
    result = {
        "corpus": f"ungdc {','.join(countries)} {years[0]}-{years[-1]}, {len(corpus)} speeches",
        "sentences": len(texts),
        "candidates": len(picked),
        "candidate_share": round(len(picked) / max(len(texts), 1), 4),
        "candidate_tokens_mean": round(float(np.mean(lengths)), 1) if lengths else 0.0,
        "candidate_sentences_per_s": round(len(picked) / model_seconds, 1),
        "corpus_sentences_per_s": round(len(texts) / total_seconds, 1),
        "targets": {"candidate_sentences_per_s": 300, "corpus_sentences_per_s": 1500},
        "flagged": {f: int(flags[f].sum()) for f in encoder.frames},
        "encoder_version": encoder.version,
        "encoder_onnx_sha256": encoder.files[ONNX_FILE],
        "encoder_onnx_bytes": (encoder.folder / ONNX_FILE).stat().st_size,
        "quantised": encoder.quantised,
        "cpu_count": os.cpu_count(),
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        **machine(),
    }
    save_json(RESULTS, result)
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countries", nargs="+", default=["RUS", "USA", "FRA", "IND", "BRA"])
    parser.add_argument("--years", nargs="+", type=int, default=[2018, 2019, 2020, 2021, 2022])
    parser.add_argument("--limit", type=int, default=5000, help="at most this many sentences")
    args = parser.parse_args()
    main(args.countries, args.years, args.limit)
