"""Benchmark: segment the whole UN General Debate mirror.

Loads the corpus through ``discourse.load_corpus("ungdc")`` (set ``DISCOURSE_MIRROR`` or
``DISCOURSE_DATA``), segments every speech and writes the numbers to
``benchmarks/results/segment.json`` (keys sorted, written atomically)::

    DISCOURSE_MIRROR=... python -m benchmarks.bench_segment

Reported: documents, characters, sentences, load and segmentation wall seconds, sentences
per second and the peak resident set size of the process (MiB).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

from _results import save_json

import discourse
from discourse.corpus.segment import segment

RESULTS = Path(__file__).resolve().parent / "results" / "segment.json"


def _peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def main() -> dict[str, object]:
    """Run the benchmark, write ``benchmarks/results/segment.json`` and return the numbers."""
    t0 = time.perf_counter()
    corpus = discourse.load_corpus("ungdc", progress=False)
    t1 = time.perf_counter()
    sentences = segment(corpus, progress=False)
    t2 = time.perf_counter()
    seconds = t2 - t1
    result: dict[str, object] = {
        "benchmark": "segment ungdc",
        "docs": int(len(corpus)),
        "chars": int(corpus["text"].str.len().sum()),
        "sentences": int(len(sentences)),
        "load_seconds": round(t1 - t0, 2),
        "wall_seconds": round(seconds, 2),
        "sentences_per_second": round(len(sentences) / seconds, 1),
        "peak_rss_mib": _peak_rss_mib(),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
    }
    save_json(RESULTS, result)
    return result


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, sort_keys=True))
