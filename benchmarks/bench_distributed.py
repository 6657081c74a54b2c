"""Scaling benchmark: frame analysis of a >= 1 GB Parquet corpus, in-process and on Dask.

The UN General Debate mirror (1,909 speeches) is replicated (doc ids suffixed ``~NNN``) into
two Parquet corpora in a temporary folder, written uncompressed so their size on disk is the
size of their text (by default 0.25 GB and 1 GB). Each is then processed three ways:

- ``in-process``: :func:`discourse.scale.stream.iter_chunks` in a fresh subprocess (segment →
  find_frames, 200 documents a chunk; matches are counted, not kept, so memory is the
  streaming machinery's own);
- ``dask-1`` and ``dask-2``: :func:`discourse.scale.distributed.find_frames_dask` on a fresh
  ``LocalCluster`` of 1 or 2 single-threaded worker processes (one task per Parquet part; the
  match table is gathered by the client).

Workers (and the in-process subprocess) are warmed up before timing, so imports are not
counted. Reported per run: wall time, throughput (MB of text per second, documents per
second), peak resident memory of each worker process (``VmHWM``, in MiB), the driver's
peak RSS (it holds the source corpus and the gathered match table), and the number of
matches (which must be equal across runs of one corpus). Scaling
efficiency is ``T(1 worker) / (2 * T(2 workers))``. Results go to
``benchmarks/results/distributed.json``.

Run: ``DISCOURSE_MIRROR=<mirror> python benchmarks/bench_distributed.py [--sizes-gb 0.25 1]``
(``--sizes-gb 0.02 0.05`` for a quick check).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
from _results import save_json

import discourse
from discourse.corpus.load import load_corpus
from discourse.scale import stream

RESULTS = Path(__file__).resolve().parent / "results" / "distributed.json"
CHUNK_SIZE = 200

IN_PROCESS = """
import json, sys, time
sys.path.insert(0, sys.argv[3])
from bench_distributed import peak_rss_mib
from discourse.scale import stream
path = sys.argv[1]
stream.find_frames_stream([{"doc_id": "w", "text": "We defend traditional values."}],
                          progress=False)  # warm up: imports and caches
start, n_docs, n_matches = time.perf_counter(), 0, 0
for chunk in stream.iter_chunks(path, chunk_size=int(sys.argv[2]), progress=False):
    n_docs += len(chunk.docs)
    n_matches += len(chunk.matches)
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "n_docs": n_docs, "n_matches": n_matches,
                  "peak_rss_mib": peak_rss_mib()}))
"""


def peak_rss_mib() -> float:
    """This process's peak resident memory in MiB.

    ``VmHWM`` from ``/proc/self/status`` where available: unlike ``ru_maxrss``, it is not
    inherited from the parent through fork + exec (a spawned worker would otherwise report at
    least its parent's peak).
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def replicas(corpus: pd.DataFrame, copies: int) -> Iterator[dict[str, Any]]:
    records = corpus.to_dict("records")
    for k in range(copies):
        for row in records:
            yield {**row, "doc_id": f"{row['doc_id']}~{k:03d}"}


def disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def build(corpus: pd.DataFrame, target_gb: float, folder: Path) -> dict[str, Any]:
    """Write ``corpus`` replicated to at least ``target_gb`` GB of uncompressed Parquet."""
    text_bytes = int(corpus["text"].str.encode("utf-8").str.len().sum())
    copies = max(1, math.ceil(target_gb * 1e9 / text_bytes))
    out = folder / f"ungdc-x{copies}"
    start = time.perf_counter()
    stream.export_parquet(
        replicas(corpus, copies),
        out,
        tables=["docs"],
        chunk_size=CHUNK_SIZE,
        compression=None,
        progress=True,
    )
    return {
        "path": str(out),
        "copies": copies,
        "n_docs": copies * len(corpus),
        "text_mb": copies * text_bytes / 1e6,
        "disk_mb": disk_bytes(out) / 1e6,
        "n_parts": len(list((out / "docs").glob("part-*.parquet"))),
        "write_seconds": time.perf_counter() - start,
    }


def run_in_process(dataset: dict[str, Any]) -> dict[str, Any]:
    here = str(Path(__file__).resolve().parent)
    done = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, dataset["path"], str(CHUNK_SIZE), here],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["worker_peak_rss_mib"] = [result.pop("peak_rss_mib")]
    return result


def run_dask(dataset: dict[str, Any], workers: int) -> dict[str, Any]:
    from distributed import Client, LocalCluster

    from discourse.scale.distributed import find_frames_dask

    with (
        LocalCluster(
            n_workers=workers,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
            memory_limit="6GiB",
        ) as cluster,
        Client(cluster) as client,
    ):
        warm = pd.DataFrame({"doc_id": ["w"], "text": ["We defend traditional values."]})
        find_frames_dask(warm, client=client, progress=False)  # imports on every worker
        start = time.perf_counter()
        matches = find_frames_dask(dataset["path"], client=client, progress=True)
        seconds = time.perf_counter() - start
        peaks = client.run(peak_rss_mib)
    return {
        "seconds": seconds,
        "n_docs": dataset["n_docs"],
        "n_matches": len(matches),
        "worker_peak_rss_mib": sorted(peaks.values()),
        "driver_peak_rss_mib": peak_rss_mib(),
    }


MODES = {
    "in-process": run_in_process,
    "dask-1": lambda dataset: run_dask(dataset, 1),
    "dask-2": lambda dataset: run_dask(dataset, 2),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes-gb", type=float, nargs="+", default=[0.25, 1.0])
    parser.add_argument(
        "--largest-modes",
        nargs="+",
        choices=MODES,
        default=list(MODES),
        help="the runs made on the largest corpus (all three by default; on a slow machine "
        "'dask-2' alone still shows whether worker memory stays flat)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()

    corpus = load_corpus("ungdc", progress=False)
    record: dict[str, Any] = {
        "benchmark": "benchmarks/bench_distributed.py",
        "command": "python benchmarks/bench_distributed.py --sizes-gb "
        + " ".join(str(s) for s in args.sizes_gb)
        + " --largest-modes "
        + " ".join(args.largest_modes),
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_at_start": os.getloadavg(),
            "python": platform.python_version(),
            "discourse": discourse.__version__,
            "note": "2 CPU cores shared with other jobs: 2 workers cannot exceed 2x and the "
            "load of other processes varies between runs; read efficiencies as lower bounds",
        },
        "chunk_size": CHUNK_SIZE,
        "source_corpus": {"name": "ungdc", "n_docs": len(corpus)},
        "runs": [],
    }
    with tempfile.TemporaryDirectory(prefix="bench-distributed-") as tmp:
        for size in args.sizes_gb:
            dataset = build(corpus, size, Path(tmp))
            print(f"corpus {size} GB: {dataset}", flush=True)
            modes = args.largest_modes if size == max(args.sizes_gb) else list(MODES)
            runs = {mode: MODES[mode](dataset) for mode in modes}
            for mode, result in runs.items():
                result.update(
                    mode=mode,
                    target_gb=size,
                    mb_per_s=dataset["text_mb"] / result["seconds"],
                    docs_per_s=dataset["n_docs"] / result["seconds"],
                )
                print(json.dumps(result), flush=True)
            counts = {r["n_matches"] for r in runs.values()}
            entry: dict[str, Any] = {
                "dataset": {k: v for k, v in dataset.items() if k != "path"},
                "results": list(runs.values()),
                "same_matches_everywhere": len(counts) == 1,
            }
            if {"dask-1", "dask-2"} <= set(runs):
                t1, t2 = runs["dask-1"]["seconds"], runs["dask-2"]["seconds"]
                entry["speedup_2_vs_1_worker"] = t1 / t2
                entry["scaling_efficiency_2_workers"] = t1 / (2 * t2)
            record["runs"].append(entry)
            shutil.rmtree(dataset["path"], ignore_errors=True)
    record["machine"]["load_average_at_end"] = os.getloadavg()
    save_json(args.out, record, sort_keys=False)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
