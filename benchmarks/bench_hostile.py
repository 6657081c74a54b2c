"""Speed of the frame detector on long text without punctuation (issue 13, item 1).

Speech-recognition output and scraped pages can hold no sentence punctuation at all, so a whole
transcript is one "sentence". This times ``detect_frames`` and ``find_frames`` on one such text
of 16 KB, 32 KB and 1 MB (a repeated clause with proximity cues and Western actors), and
``find_frames`` on the 1 MB text given as a corpus table (segmented first). Times are wall
seconds, the least of three runs (one run for the corpus table). Results go to
``benchmarks/results/hostile.json``.

Run: ``python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

import discourse
from discourse._atomic import write_atomic
from discourse.frames.codebook import load_codebook
from discourse.frames.detect import detect_frames, find_frames
from discourse.frames.matcher import MAX_UNIT

RESULTS = Path(__file__).resolve().parent / "results" / "hostile.json"
UNIT = "Western sanctions and the United States interfere in our affairs "
SIZES = (16_000, 32_000, 1_000_000)
TARGET_SECONDS = 5.0


def unpunctuated(n_chars: int) -> str:
    """``n_chars`` characters of the repeated clause, without any sentence punctuation."""
    return (UNIT * (n_chars // len(UNIT) + 1))[:n_chars]


def best_of(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    """The least wall time of ``repeat`` runs of ``fn`` and its last result."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    codebook = load_codebook()
    detect_frames("warm-up: the West imposes its will.", codebook)
    discourse.segment(pd.DataFrame({"doc_id": ["w"], "text": ["Warm up."]}), progress=False)
    rows = []
    for size in SIZES:
        text = unpunctuated(size)
        t_detect, flags = best_of(lambda text=text: detect_frames([text], codebook))
        t_find, matches = best_of(lambda text=text: find_frames(text, codebook))
        rows.append(
            {
                "chars": size,
                "detect_frames_seconds": round(t_detect, 3),
                "find_frames_seconds": round(t_find, 3),
                "matches": len(matches),
                "anti_western": bool(flags["anti_western"].iloc[0]),
            }
        )
        print(rows[-1], flush=True)
    big = pd.DataFrame({"doc_id": ["asr"], "text": [unpunctuated(SIZES[-1])]})
    t_table, table_matches = best_of(lambda: find_frames(big, codebook), repeat=1)
    result = {
        "benchmark": "hostile: long text without punctuation",
        "unit": UNIT,
        "max_unit_chars": MAX_UNIT,
        "target_seconds_1mb": TARGET_SECONDS,
        "sizes": rows,
        "corpus_table_1mb_find_frames_seconds": round(t_table, 3),
        "corpus_table_1mb_matches": len(table_matches),
        "within_target": max(
            t_table, *(max(r["detect_frames_seconds"], r["find_frames_seconds"]) for r in rows)
        )
        < TARGET_SECONDS,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "codebook_version": codebook.version,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(RESULTS, (json.dumps(result, indent=2, sort_keys=True) + "\n").encode())
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
