"""Benchmark: sentence splitters against the NLTK Punkt setup, for agreement and speed.

The reference is the splitter ``discourse.segment`` used up to version 0.1.0: NLTK's
``PunktSentenceTokenizer`` with the package's hand-set parameters (``ABBREVIATIONS``,
``SENT_STARTERS``) followed by the package's two repairs. Candidates, each run paragraph by
paragraph over the same normalised texts:

- ``nupunkt_params``: nupunkt's Punkt with the same parameters and the same repairs (what
  ``discourse.corpus._sentences`` now uses);
- ``nupunkt_default``: nupunkt's own pre-trained model, as it comes;
- ``sentencex``: ``sentencex.segment("en", ...)``;
- ``blingfire``: ``blingfire.text_to_sentences_and_offsets``;
- ``rule_split``: the light regular-expression splitter ``detect.split_sentences`` had.

Texts: the seed article, the UN General Debate speeches of four countries (RUS, USA, FRA,
AZE) and every 20th Kremlin transcript (by ``doc_id``). Agreement: precision, recall and F1
of each candidate's sentence-end offsets against the reference's, and the share of reference
sentences reproduced exactly. Speed: CPU seconds per million characters (least of three
runs) and the import time of each library (median of five fresh interpreters).

Run: ``DISCOURSE_MIRROR=<mirror> python benchmarks/bench_splitters.py`` (``sentencex`` and
``blingfire`` are not dependencies of the package: ``pip install sentencex blingfire`` first, or
they are reported as not installed); writes ``benchmarks/results/splitters.json`` and
``benchmarks/results/splitters.md``.
"""

from __future__ import annotations

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from _results import save_json

import discourse
from discourse._atomic import write_atomic
from discourse.corpus._sentences import ABBREVIATIONS, SENT_STARTERS, repair, sentence_spans
from discourse.corpus.attribution import paragraph_spans

RESULTS = Path(__file__).resolve().parent / "results" / "splitters.json"
Splitter = Callable[[str], list[tuple[int, int]]]


def nltk_reference() -> Splitter:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENT_STARTERS)
    tok = PunktSentenceTokenizer(params)
    return lambda p: repair(p, tok.span_tokenize(p))


def nupunkt_default() -> Splitter:
    import nupunkt

    tok = nupunkt.load("default")
    return lambda p: list(tok.span_tokenize(p))


def sentencex_splitter() -> Splitter:
    import sentencex

    return lambda p: _locate(p, sentencex.segment("en", p))


def blingfire_splitter() -> Splitter:
    import blingfire

    def split(p: str) -> list[tuple[int, int]]:
        if not p.strip():
            return []
        _, offsets = blingfire.text_to_sentences_and_offsets(p)
        return [(int(s), int(e)) for s, e in offsets]

    return split


def rule_splitter() -> Splitter:
    return _legacy_split_sentences


# The light splitter ``detect.split_sentences`` had before the package kept one splitter.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+|\n+")
_ABBREV = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "st", "prof", "gen", "col", "lt", "sgt", "rev", "jr", "sr"),
        *("no", "nos", "vol", "fig", "art", "para", "e.g", "i.e", "etc", "vs"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("u.s", "u.k", "u.n", "e.u"),
    }
)


def _legacy_split_sentences(text: str) -> list[tuple[int, int]]:
    """(Legacy) sentence spans ``(start, end)`` of a plain text (a light rule-based splitter).

    Breaks at line breaks and after ``.``, ``!``, ``?`` or ``…`` (with any closing quotes)
    followed by white space, except before a lower-case letter and after common abbreviations
    and initials. Spans are
    stripped of surrounding white space; empty spans are dropped.

    Examples
    --------
    >>> t = "Mr. Smith spoke. He left!\\nThe end"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Smith spoke.', 'He left!', 'The end']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if "\n" not in m.group():
            if m.end() < len(text) and text[m.end()].islower():
                continue
            before = text[start : m.start()].rsplit(None, 1)
            word = before[-1].lower() if before else ""
            if m.group()[0] == "." and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
                continue
        end = m.end()
        _legacy_append(text, start, end, spans)
        start = end
    _legacy_append(text, start, len(text), spans)
    return spans


def _legacy_append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        spans.append((s, s + len(stripped)))


def _locate(paragraph: str, pieces: Any) -> list[tuple[int, int]]:
    """Offsets of ``pieces`` (strings in order) within ``paragraph``."""
    out, pos = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = paragraph.find(piece, pos)
        if at < 0:
            continue
        out.append((at, at + len(piece)))
        pos = at + len(piece)
    return out


def _ends(splitter: Splitter, texts: list[str]) -> set[tuple[int, int]]:
    ends: set[tuple[int, int]] = set()
    for i, text in enumerate(texts):
        for ps, pe in paragraph_spans(text):
            for _, e in splitter(text[ps:pe]):
                ends.add((i, ps + len(text[ps : ps + e].rstrip())))
    return ends


def _sentences(splitter: Splitter, texts: list[str]) -> set[tuple[int, int, int]]:
    out: set[tuple[int, int, int]] = set()
    for i, text in enumerate(texts):
        for ps, pe in paragraph_spans(text):
            out.update((i, ps + s, ps + e) for s, e in splitter(text[ps:pe]))
    return out


def _run(splitter: Splitter, texts: list[str]) -> None:
    for text in texts:
        for ps, pe in paragraph_spans(text):
            splitter(text[ps:pe])


def _cpu(fn: Callable[[], Any], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def import_seconds(module: str, runs: int = 5) -> float:
    """Median wall seconds of ``import module`` in a fresh interpreter, less a bare start."""

    def once(code: str) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t

    bare = statistics.median(once("pass") for _ in range(runs))
    return round(statistics.median(once(f"import {module}") for _ in range(runs)) - bare, 3)


def corpora() -> Iterator[tuple[str, list[str]]]:
    yield "seed", discourse.load_corpus("seed", progress=False)["text"].tolist()
    un = discourse.load_corpus("ungdc", countries=["RUS", "USA", "FRA", "AZE"], progress=False)
    yield "ungdc_4", un.sort_values("doc_id")["text"].tolist()
    kr = discourse.load_corpus("kremlin", progress=False).sort_values("doc_id")
    yield "kremlin_1in20", kr["text"].tolist()[::20]


def main() -> dict[str, Any]:
    makers: dict[str, tuple[Callable[[], Splitter], str]] = {
        "nltk_punkt_reference": (nltk_reference, "nltk"),
        "nupunkt_params": (lambda: sentence_spans, "nupunkt"),
        "nupunkt_default": (nupunkt_default, "nupunkt"),
        "sentencex": (sentencex_splitter, "sentencex"),
        "blingfire": (blingfire_splitter, "blingfire"),
        "rule_split": (rule_splitter, "re"),
    }
    candidates: dict[str, tuple[Splitter, str]] = {}
    missing = []
    for name, (make, lib) in makers.items():
        try:
            candidates[name] = (make(), lib)
        except ImportError:
            missing.append(name)
    result: dict[str, Any] = {
        "benchmark": "sentence splitters vs NLTK Punkt (package parameters + repairs)",
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "import_seconds": {
            lib: import_seconds(lib) for lib in sorted({lib for _, lib in candidates.values()})
        },
        "corpora": {},
        "not_installed": missing,
    }
    reference = candidates["nltk_punkt_reference"][0]
    for name, texts in corpora():
        chars = sum(map(len, texts))
        ref_ends = _ends(reference, texts)
        ref_sents = _sentences(reference, texts)
        entry: dict[str, Any] = {"docs": len(texts), "chars": chars, "splitters": {}}
        for cand, (split, _) in candidates.items():
            ends = _ends(split, texts)
            sents = _sentences(split, texts)
            tp = len(ends & ref_ends)
            precision = tp / len(ends) if ends else 1.0
            recall = tp / len(ref_ends) if ref_ends else 1.0
            seconds = _cpu(lambda split=split, texts=texts: _run(split, texts))  # type: ignore[misc]
            entry["splitters"][cand] = {
                "sentences": len(sents),
                "boundary_precision": round(precision, 4),
                "boundary_recall": round(recall, 4),
                "boundary_f1": round(2 * precision * recall / (precision + recall or 1), 4),
                "exact_sentences": round(len(sents & ref_sents) / len(ref_sents), 4),
                "cpu_seconds": round(seconds, 3),
                "seconds_per_mchar": round(seconds / chars * 1e6, 3),
            }
            print(name, cand, entry["splitters"][cand], flush=True)
        result["corpora"][name] = entry
    save_json(RESULTS, result)
    write_atomic(RESULTS.with_suffix(".md"), _markdown(result).encode())
    return result


def _markdown(r: dict[str, Any]) -> str:
    lines = [
        "# Sentence splitters against the NLTK Punkt setup",
        "",
        "`benchmarks/bench_splitters.py`. Agreement: F1 of sentence-end offsets against NLTK's",
        "Punkt with the package's parameters and repairs (the splitter before this change), and",
        "the share of its sentences reproduced exactly. Speed: CPU seconds per million",
        "characters (least of 3). Import: seconds for a fresh `import` (median of 5).",
        "",
        "| splitter | corpus | sentences | boundary F1 | exact | s / M chars | import s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    libs = {
        "nltk_punkt_reference": "nltk",
        "nupunkt_params": "nupunkt",
        "nupunkt_default": "nupunkt",
        "sentencex": "sentencex",
        "blingfire": "blingfire",
        "rule_split": "re",
    }
    for name, entry in r["corpora"].items():
        for cand, v in entry["splitters"].items():
            lines.append(
                f"| {cand} | {name} | {v['sentences']} | {v['boundary_f1']} | "
                f"{v['exact_sentences']} | {v['seconds_per_mchar']} | "
                f"{r['import_seconds'].get(libs[cand], '')} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, sort_keys=True))
