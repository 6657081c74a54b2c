"""Benchmark: what a user waits for at each entry point, against ``import pandas``.

Each entry point runs in a fresh interpreter (wall seconds, median of ``--runs``, default 7,
runs interleaved so that a busy machine slows every case alike):

- ``import pandas``: the yardstick;
- ``import discourse`` plus a first ``segment()`` of a short text;
- ``import discourse`` plus a first ``detect_frames()`` of a short text;
- ``discourse frames FILE`` on one UN General Debate speech (the seed article when the UN
  corpus is not available).

Targets (issue "Native in Jupyter and the shell"): segment <= 2x pandas, detect_frames <= 1.5x,
the command < 2.5x. Also reported: whether NLTK was imported on each path (it must not be).
Writes ``benchmarks/results/entry.json`` and ``benchmarks/results/entry.md``.

Run: ``DISCOURSE_MIRROR=<mirror> python benchmarks/bench_entry.py [--runs 7]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _results import save_json

from discourse._atomic import write_atomic

RESULTS = Path(__file__).resolve().parent / "results"
TEXT = "Mr. Lee met U.N. staff in Baku. We defend traditional values; the West imposes its will."
CASES = {
    "import_pandas": "import pandas",
    "segment": f"import discourse as dc; dc.segment({TEXT!r}, progress=False)",
    "detect_frames": f"import discourse as dc; dc.detect_frames([{TEXT!r}])",
}
TARGETS = {"segment": 2.0, "detect_frames": 1.5, "cli_frames": 2.5}


def _speech(folder: Path) -> tuple[Path, str]:
    """One speech as a text file: a UN speech if the corpus is reachable, else the seed."""
    import discourse as dc
    from discourse.errors import CorpusUnavailableError

    try:
        un = dc.load_corpus("ungdc", countries=["AZE"], years=2019, progress=False)
        doc_id, text = str(un["doc_id"].iloc[0]), str(un["text"].iloc[0])
    except CorpusUnavailableError:
        seed = dc.load_corpus(progress=False)
        doc_id, text = str(seed["doc_id"].iloc[0]), str(seed["text"].iloc[0])
    path = folder / f"{doc_id}.txt"
    path.write_text(text, encoding="utf-8")
    return path, doc_id


def _wall(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, timeout=600)
    return time.perf_counter() - t


def _imports_nltk(code: str) -> bool:
    probe = f"{code}\nimport sys; print('nltk' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1] == "True"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        speech, doc_id = _speech(Path(tmp))
        commands = {name: [sys.executable, "-c", code] for name, code in CASES.items()}
        commands["cli_frames"] = [
            sys.executable,
            "-c",
            "import sys; from discourse.cli import main; sys.exit(main())",
            "frames",
            str(speech),
            "--layout",
            "wrapped",
        ]
        for command in commands.values():  # warm the file cache once
            _wall(command)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                samples[name].append(_wall(command))
        cli_code = (
            "import sys; from discourse.cli import main; "
            f"main(['frames', {str(speech)!r}, '--layout', 'wrapped'])"
        )
        nltk = {n: _imports_nltk(code) for n, code in CASES.items() if n != "import_pandas"}
        nltk["cli_frames"] = _imports_nltk(cli_code)
    median = {name: statistics.median(values) for name, values in samples.items()}
    base = median["import_pandas"]
    ratios = {name: round(median[name] / base, 3) for name in TARGETS}
    result: dict[str, Any] = {
        "benchmark": "entry points against import pandas",
        "runs": args.runs,
        "speech": doc_id,
        "median_seconds": {k: round(v, 3) for k, v in median.items()},
        "ratio_to_import_pandas": ratios,
        "targets": TARGETS,
        "meets_target": {k: ratios[k] <= TARGETS[k] for k in TARGETS},
        "imports_nltk": nltk,
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    save_json(RESULTS / "entry.json", result)
    write_atomic(RESULTS / "entry.md", _markdown(result).encode())
    return result


def _markdown(r: dict[str, Any]) -> str:
    rows = [
        "# Entry points against `import pandas`",
        "",
        f"Median wall seconds of {r['runs']} fresh interpreters each (`benchmarks/bench_entry.py`;"
        f" load average at the end {r['load_average']}).",
        "",
        "| entry point | seconds | × import pandas | target | met | imports NLTK |",
        "|---|---:|---:|---:|:---:|:---:|",
        f"| `import pandas` | {r['median_seconds']['import_pandas']} | 1 | | | |",
    ]
    labels = {
        "segment": "`import discourse` + first `segment()`",
        "detect_frames": "`import discourse` + first `detect_frames()`",
        "cli_frames": f"`discourse frames` on one speech ({r['speech']})",
    }
    for key, label in labels.items():
        rows.append(
            f"| {label} | {r['median_seconds'][key]} | {r['ratio_to_import_pandas'][key]} | "
            f"≤ {r['targets'][key]} | {'yes' if r['meets_target'][key] else 'no'} | "
            f"{'yes' if r['imports_nltk'][key] else 'no'} |"
        )
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, sort_keys=True))
