"""Speed on hostile text: the frame detector without punctuation (issue 13) and the families
that were quadratic in issue 20.

Speech-recognition output and scraped pages can hold no sentence punctuation at all, so a whole
transcript is one "sentence". This times ``detect_frames`` and ``find_frames`` on one such text
of 16 KB, 32 KB and 1 MB (a repeated clause with proximity cues and Western actors), and
``find_frames`` on the 1 MB text given as a corpus table (segmented first). Times are wall
seconds, the least of three runs (one run for the corpus table). Results go to
``benchmarks/results/hostile.json``.

Issue 20's families are each timed at sizes n, 2n and 4n (least of three runs) and reported
with the growth ratio time(2n) / time(n), about 2 when linear and 4 when quadratic:

- ``hex_token``: ``segment`` on one upper-case hexadecimal token (the speaker-name pattern);
- ``one_word``: ``segment(["A" * n])``;
- ``speakers``: ``quotes`` on a news text naming n speakers (``Name said: "..."``);
- ``html``: ``render_html`` of a document of n paragraphs with their matches, plus one long
  sentence holding many matches;
- ``kwic`` and ``stance``: ``kwic`` and ``actor_stance`` on n sentences of one document;
- ``unicode_fold``: ``find_frames`` on n clauses with NFD accents, soft hyphens and zero-width
  spaces inside the phrases (the matcher's folding path, which maps offsets back).

Run: ``python benchmarks/bench_hostile.py`` (``--families-only`` skips the detector part).
"""

from __future__ import annotations

import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from _results import save_json

import discourse
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


def _hex(n: int) -> str:
    rng = random.Random(n)
    return "".join(rng.choice("0123456789ABCDEF") for _ in range(n))


def _speakers(n: int) -> str:
    rng = random.Random(n)
    names = ["".join(rng.choice("abcdefghij") for _ in range(7)).capitalize() for _ in range(n)]
    return " ".join(f'{name} said: "We agree on item {i}."' for i, name in enumerate(names))


_SENTENCE = "The West imposes its will. We defend traditional family values.\n"
_CLAUSE = "We defend traditional family values against Western sanctions. "


_FOLD_CLAUSE = "We de\u0301fend tradi\u00adtional\u200bvalues against Western sanctions. "


def _news(text: str) -> pd.DataFrame:
    return pd.DataFrame({"doc_id": ["d"], "text": [text], "genre": ["news"]})


def _html_case(n: int) -> Callable[[], Any]:
    from discourse.report.html import render_html

    text = _SENTENCE * n + ("the West and Western sanctions " * 40 + ".\n") * (n // 20)
    sentences = discourse.segment(_news(text), progress=False)
    matches = find_frames(sentences)
    return lambda: render_html(sentences, matches)


# family -> (sizes n, 2n, 4n; a function of n giving the call to time)
FAMILIES: dict[str, tuple[tuple[int, int, int], Callable[[int], Callable[[], Any]]]] = {
    "hex_token": (
        (20_000, 40_000, 80_000),
        lambda n: lambda: discourse.segment(_news(_hex(n)), progress=False),
    ),
    "one_word": ((20_000, 40_000, 80_000), lambda n: lambda: discourse.segment(["A" * n])),
    "speakers": ((2_000, 4_000, 8_000), lambda n: lambda: discourse.quotes([_speakers(n)])),
    "html": ((2_000, 4_000, 8_000), _html_case),
    "kwic": ((2_000, 4_000, 8_000), lambda n: lambda: discourse.kwic([_CLAUSE * n], "West*")),
    "stance": (
        (500, 1_000, 2_000),
        lambda n: lambda: discourse.actor_stance([_CLAUSE * n], progress=False),
    ),
    "unicode_fold": (
        (4_000, 8_000, 16_000),
        lambda n: lambda: find_frames([_FOLD_CLAUSE * n], progress=False),
    ),
}

# issue 20's measurements before the fixes (seconds), for the record
BEFORE = {
    "hex_token": "40 KB 11 s, 80 KB 43 s",
    "one_word": "40,000 characters 24 s",
    "speakers": "8,000 speakers (288 KB) 46 s",
    "html": "1 MB 6 s, 2 MB 19 s, 4 MB 116 s",
}


def families() -> dict[str, Any]:
    """Each family's times at n, 2n, 4n and its growth ratios."""
    out: dict[str, Any] = {}
    for name, (sizes, make) in FAMILIES.items():
        make(sizes[0] // 10)()  # warm-up
        times = []
        for n in sizes:
            seconds, _ = best_of(make(n))
            times.append(round(seconds, 4))
        ratios = [round(b / a, 2) for a, b in zip(times, times[1:], strict=False)]
        out[name] = {
            "sizes": list(sizes),
            "seconds": times,
            "growth": ratios,
            "linear": max(ratios) <= 2.5,
            "before": BEFORE.get(name, ""),
        }
        print(name, out[name], flush=True)
    return out


def main() -> None:
    if {"-h", "--help"} & set(sys.argv[1:]):
        print(__doc__)
        return
    growth = families()
    if "--families-only" in sys.argv:
        previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        previous["families"] = growth
        save_json(RESULTS, previous)
        return
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
        "families": growth,
    }
    save_json(RESULTS, result)
    print(json.dumps(result, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
