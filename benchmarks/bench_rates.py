"""Do the corrected intervals hold? The coverage simulation of ``estimate_rates`` on UN sentences.

The population is notebook 06's: every body sentence of the UN General Debate speeches with a
UN regional group (1.05 million), the shipped detector's decisions on them (its default method,
from the detection cache), grouped by regional group x era. True labels are synthetic: in each
group a sentence is truly positive with a probability that depends on the detector's decision
and level (:func:`error_rates`: precision from 0.45 to 0.9, misses among candidates from 2 % to
12 %, among other sentences from 0.05 % to 0.65 %, different in every group), so the detector's
error differs by group as it does on real text. Each replication draws the true labels, draws
the 2,000-unit design of ``coding_sample`` with a new seed, codes the sample with the true
labels and estimates every group's rate (:func:`discourse.validation.simulation.simulate_coverage`).

Reported per group and frame: the corrected interval's coverage (target ≥ 0.93), bias and mean
width, and the naive rate's coverage (its binomial interval, taking the detector as truth) and
bias; and the mean interval width against the number of coded units (``--sizes``).
Results go to ``benchmarks/results/rates.json``.

Run: ``DISCOURSE_MIRROR=<mirror> python benchmarks/bench_rates.py [--reps 500]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from _results import save_json

import discourse as dc
from discourse.validation.design import Population, group_labels, population
from discourse.validation.simulation import ErrorRates, simulate_coverage

RESULTS = Path(__file__).resolve().parent / "results" / "rates.json"
FRAMES = ["traditional_values", "anti_western"]
BY = ["region", "era"]
ERAS = (("1946-1991", 1946, 1991), ("1992-2013", 1992, 2013), ("2014-2024", 2014, 2024))
N_UNITS = 2000


def study_population() -> Population:
    """Notebook 06's population: UN speeches with a regional group, by region x era."""
    corpus = dc.load_corpus("ungdc")
    corpus = corpus[corpus["region"].notna()].reset_index(drop=True)
    year = corpus["year"].astype(int)
    era = year.map(lambda y: next(label for label, a, b in ERAS if a <= y <= b))
    corpus = corpus.assign(era=era.astype("string"))
    return population(corpus, by=BY, frames=FRAMES, cache=True, progress=False)


def error_rates(labels: list[str]) -> dict[str, dict[str, ErrorRates]]:
    """Synthetic error rates that differ by group (fixed by the group's position)."""
    out: dict[str, dict[str, ErrorRates]] = {"anti_western": {}, "traditional_values": {}}
    k = len(labels)
    for i, label in enumerate(labels):
        out["anti_western"][label] = ErrorRates(
            positive=0.45 + 0.45 * (i % 5) / 4,
            candidate=0.02 + 0.10 * ((i * 7) % k) / (k - 1),
            other=0.0005 + 0.006 * ((i * 11) % k) / (k - 1),
        )
        out["traditional_values"][label] = ErrorRates(
            positive=0.5 + 0.4 * ((i * 2) % 5) / 4,
            candidate=0.01 + 0.05 * ((i * 4) % k) / (k - 1),
            other=0.0002 + 0.002 * ((i * 13) % k) / (k - 1),
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--size-reps", type=int, default=100)
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 1000, 4000])
    args = parser.parse_args(argv)
    start = time.perf_counter()
    pop = study_population()
    loaded = time.perf_counter() - start
    labels = sorted(set(group_labels(pop.sentences, BY)))
    rates = error_rates(labels)
    start = time.perf_counter()
    table = simulate_coverage(pop, N_UNITS, rates, by=BY, reps=args.reps, seed=1)
    simulated = time.perf_counter() - start
    widths = {N_UNITS: _mean_widths(table)}
    for n in args.sizes:
        sized = simulate_coverage(pop, n, rates, by=BY, reps=args.size_reps, seed=10_000 + n)
        widths[n] = _mean_widths(sized)
    summary = {
        frame: {
            "min_coverage": round(float(part["coverage"].min()), 3),
            "max_coverage": round(float(part["coverage"].max()), 3),
            "mean_abs_bias": round(float(part["bias"].abs().mean()), 5),
            "naive_coverage_min": round(float(part["naive_coverage"].min()), 3),
            "naive_coverage_max": round(float(part["naive_coverage"].max()), 3),
            "naive_mean_abs_bias": round(float(part["naive_bias"].abs().mean()), 5),
            "groups_meeting_0.93": int((part["coverage"] >= 0.93).sum()),
            "groups": len(part),
        }
        for frame, part in table.groupby("frame", sort=True)
    }
    result = {
        "command": "python benchmarks/bench_rates.py " + " ".join(argv or sys.argv[1:]),
        "population": {
            "sentences": len(pop.sentences),
            "groups": len(labels),
            "method": pop.provenance["method"],
            "codebook_hash": pop.provenance["codebook_hash"],
            "model_hash": pop.provenance["model_hash"],
        },
        "design": {"n": N_UNITS, "by": BY, "reps": args.reps, "level": 0.95},
        "error_rates": {
            frame: {g: vars(r) for g, r in sorted(per.items())} for frame, per in rates.items()
        },
        "summary": summary,
        "groups": [
            {k: (round(v, 5) if isinstance(v, float) else v) for k, v in row.items()}
            for row in table.to_dict("records")
        ],
        "width_against_n": {str(n): w for n, w in sorted(widths.items(), key=lambda item: item[0])},
        "size_reps": args.size_reps,
        "seconds": {"load_and_detect": round(loaded, 1), "simulate_main": round(simulated, 1)},
        "machine": {"python": platform.python_version(), "processor": platform.machine()},
    }
    save_json(RESULTS, result)
    print(json.dumps(summary, indent=2, sort_keys=True))
    print(json.dumps(result["width_against_n"], indent=2))
    return 0


def _mean_widths(table) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Mean interval width per frame over groups, and the widest group's."""
    out = {}
    for frame, part in table.groupby("frame", sort=True):
        out[frame] = round(float(part["mean_width"].mean()), 5)
        out[f"{frame}_max"] = round(float(part["mean_width"].max()), 5)
        out[f"{frame}_mean_coded_per_group"] = round(float(part["n_coded"].mean()), 1)
    return out


if __name__ == "__main__":
    raise SystemExit(main())
