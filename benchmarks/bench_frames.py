"""Speed benchmark of the frame detector over every sentence of the UN General Debate mirror.

Compares, over the same sentences:

- ``detect_frames`` with the codebook's rule (``method="codebook"``, the codebook passed) on
  both input kinds users pass: the sentence table (``segment``'s output) and a plain list of
  the same sentences as strings (each is recognised as one sentence and not split again);
  ``detect_frames`` with no arguments on the strings (the shipped model's default method, the
  hybrid learned layer); and ``find_frames`` (the full audit trail); these six run interleaved,
  and each ratio is the median over rounds of the ratio within one round;
- the engine core alone (``_Matcher.match_batch`` over batches of sentences, as
  ``find_frames`` scans them; no DataFrame);
- (a) a naive baseline: one ``re.search`` per indicator per sentence, each indicator compiled
  to one case-insensitive regular expression (an alternation of its phrases with ``\\b``
  boundaries); timed on a sample of sentences and scaled to the whole set, as the full run
  would take many minutes;
- (b) the raw single-pass limit: one Aho-Corasick scan of each lower-cased sentence with the
  same automaton, counting hits, no bookkeeping.

It also times ``find_frames`` at 25 %, 50 % and 100 % of the sentences (linearity) and records
the peak traced memory (``tracemalloc``) of the engine core and of ``find_frames`` at each
size. Times are process CPU seconds: for the six interleaved measures the median over rounds,
else the least of repeated runs. Results go to
``benchmarks/results/frames.json``.

Run: ``DISCOURSE_MIRROR=<mirror> python benchmarks/bench_frames.py [--naive-sample 0.05]
[--countries RUS USA ...]`` (default: every speech; a list of ISO3 codes measures a subset).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from _results import save_json

import discourse
from discourse.frames.codebook import load_codebook, normalise_pattern
from discourse.frames.detect import detect_frames, find_frames, split_sentences
from discourse.frames.matcher import BATCH_SIZE, compiled
from discourse.frames.methods import default_method

RESULTS = Path(__file__).resolve().parent / "results" / "frames.json"


def sentence_table(corpus: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """The sentences of ``corpus``: the package's ``segment`` if present, else the splitter."""
    try:
        segment = discourse.segment
    except (AttributeError, ModuleNotFoundError):
        segment = None
    if segment is not None:
        return segment(corpus, progress=False), "discourse.segment"
    rows = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        for k, (s, e) in enumerate(split_sentences(text)):
            rows.append((doc_id, k, s, e, text[s:e]))
    table = pd.DataFrame(rows, columns=["doc_id", "sent_id", "start", "end", "text"])
    return table, "discourse.frames.detect.split_sentences"


def naive_regexes() -> list[re.Pattern[str]]:
    """One regular expression per indicator: its phrases (and cues) as an alternation."""
    out = []
    for ind in load_codebook().indicators:
        alts = []
        for p in ind.patterns:
            key, prefix = normalise_pattern(p)
            body = r"[\W_]+".join(re.escape(w) for w in key.split(" "))
            alts.append(body + (r"\w*" if prefix else r"\b"))
        out.append(re.compile(r"\b(?:" + "|".join(alts) + ")", re.IGNORECASE))
    return out


def best_of(repeats: int, fn: Callable[[], Any]) -> float:
    """The least CPU time of ``repeats`` runs (CPU time resists other processes' load)."""
    times = []
    for _ in range(repeats):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def interleaved(repeats: int, fns: dict[str, Callable[[], Any]]) -> dict[str, list[float]]:
    """CPU seconds of each function in each of ``repeats`` rounds, one call of each per round.

    Interleaving spreads every function's runs over the whole measurement, and a ratio taken
    within one round compares runs made moments apart, so a burst of load on the shared
    machine cannot skew one function's time (and so a ratio) alone.
    """
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            t = time.process_time()
            fn()
            times[name].append(time.process_time() - t)
    return times


def peak_memory(fn: Callable[[], Any]) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--naive-sample", type=float, default=0.05, help="share timed naively")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--countries", nargs="*", default=None, help="ISO3 codes (default all)")
    args = parser.parse_args(argv)

    corpus = discourse.load_corpus("ungdc", countries=args.countries, progress=False)
    sents, splitter = sentence_table(corpus)
    texts = sents["text"].tolist()
    n = len(texts)
    cb = load_codebook()
    matcher = compiled(cb)
    automaton = matcher.automaton
    assert automaton is not None
    print(f"{len(corpus)} documents, {n} sentences ({splitter}), {matcher.n_keys} automaton keys")

    def raw_scan(items: list[str]) -> int:
        hits = 0
        for t in items:
            for _ in automaton.iter(t.lower()):
                hits += 1
        return hits

    def core(items: list[str]) -> int:
        return sum(
            len(found)
            for lo in range(0, len(items), BATCH_SIZE)
            for _, found in matcher.match_batch(items[lo : lo + BATCH_SIZE])
        )

    regexes = naive_regexes()

    def naive(items: list[str]) -> int:
        found = 0
        for t in items:
            for rx in regexes:
                if rx.search(t):
                    found += 1
        return found

    r = args.repeats
    # what a user gets from detect_frames(texts) with no arguments: the shipped model's
    # default method (the hybrid learned layer), on the default codebook
    default = default_method()
    rounds = interleaved(
        r,
        {
            "raw_scan": lambda: raw_scan(texts),
            "engine_core": lambda: core(texts),
            "find_frames": lambda: find_frames(sents, cb, progress=False),
            "detect_frames": lambda: detect_frames(sents, cb, progress=False),
            "detect_frames_strings": lambda: detect_frames(texts, cb, progress=False),
            "detect_frames_default_strings": lambda: detect_frames(texts, progress=False),
        },
    )
    timings = {name: statistics.median(t) for name, t in rounds.items()}

    def ratio(name: str) -> float:
        """The median over rounds of ``name``'s time over the raw scan's in the same round."""
        return round(
            statistics.median(a / b for a, b in zip(rounds[name], rounds["raw_scan"], strict=True)),
            3,
        )

    step = max(1, round(1 / args.naive_sample))
    sample = texts[::step]
    naive_sample = best_of(1, lambda: naive(sample))
    core_sample = best_of(r, lambda: core(sample))
    timings["naive_extrapolated"] = naive_sample * n / len(sample)
    matches = find_frames(sents, cb, progress=False)

    scaling = []
    for stride in (4, 2, 1):  # every 4th, every 2nd, every sentence: the same mix of texts
        share = 1 / stride
        part = sents.iloc[::stride]
        part_texts = texts[::stride]
        k = len(part_texts)
        seconds = best_of(max(1, r - 1), lambda part=part: find_frames(part, cb, progress=False))
        scaling.append(
            {
                "share": share,
                "sentences": k,
                "find_frames_seconds": round(seconds, 4),
                "microseconds_per_sentence": round(1e6 * seconds / k, 3),
                "engine_core_peak_bytes": peak_memory(lambda pt=part_texts: core(pt)),
                "find_frames_peak_bytes": peak_memory(
                    lambda part=part: find_frames(part, cb, progress=False)
                ),
            }
        )
        print(scaling[-1])

    per_sentence = [s["microseconds_per_sentence"] for s in scaling]
    result = {
        "benchmark": "frames",
        "command": " ".join(["python benchmarks/bench_frames.py", *(argv or sys.argv[1:])]),
        "corpus": "ungdc (UN General Debate mirror)",
        "countries": args.countries or "all",
        "documents": len(corpus),
        "sentences": n,
        "characters": int(sum(len(t) for t in texts)),
        "sentence_splitter": splitter,
        "matches": len(matches),
        "codebook_version": cb.version,
        "codebook_hash": cb.hash,
        "automaton_keys": matcher.n_keys,
        "default_method": default,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "seconds": {k: round(v, 4) for k, v in timings.items()},
        "naive_sample": {
            "sentences": len(sample),
            "naive_seconds": round(naive_sample, 4),
            "engine_core_seconds": round(core_sample, 4),
            "speedup": round(naive_sample / core_sample, 2),
        },
        "ratios": {
            "engine_core_over_raw_scan": ratio("engine_core"),
            "find_frames_over_raw_scan": ratio("find_frames"),
            "detect_frames_over_raw_scan": ratio("detect_frames"),
            "detect_frames_strings_over_raw_scan": ratio("detect_frames_strings"),
            "detect_frames_default_strings_over_raw_scan": ratio("detect_frames_default_strings"),
            "naive_over_find_frames": round(
                timings["naive_extrapolated"] / timings["find_frames"], 2
            ),
            "naive_over_detect_frames": round(
                timings["naive_extrapolated"] / timings["detect_frames"], 2
            ),
            "per_sentence_cost_100_over_25": round(per_sentence[-1] / per_sentence[0], 3),
        },
        "scaling": scaling,
        "notes": (
            "The six main timings run interleaved, one call of each per round; their seconds "
            "are the median process CPU time (time.process_time) over the rounds, and each "
            "ratio is the median over rounds of the ratio within a round, as the machine is "
            "shared and its load drifts. Other seconds are the least of repeated runs. The "
            "naive baseline is timed on every k-th sentence and scaled linearly to all "
            "sentences. The scaling rows use every 4th, every 2nd and "
            "every sentence (the same mix of texts). Peak memory is tracemalloc's peak during "
            "the call: the engine core streams batches of 2,000 sentences (each joined and "
            "lower-cased for one automaton pass) and keeps only counts; find_frames also "
            "builds the match table, which grows with the matches."
        ),
    }
    save_json(args.out, result, sort_keys=False)
    print(json.dumps(result["seconds"], indent=1))
    print(json.dumps(result["ratios"], indent=1))
    return result


if __name__ == "__main__":
    main()
