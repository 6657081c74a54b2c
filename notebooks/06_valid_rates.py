# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (discourse)
#     language: python
#     name: discourse
# ---

# %% [markdown]
# # Is the rate real? Corrected prevalence on the whole UN General Debate
#
# The detector's raw share of sentences is biased by its errors, and by a different amount in
# each region and era. This notebook corrects it with a coded sample drawn with known
# inclusion probabilities (`dc.coding_sample`, `dc.estimate_rates`; `docs/valid-rates.md`).
#
# **The population**: every body sentence of the 9,698 UN General Debate speeches, 1946-2024,
# whose speaker belongs to a UN regional group (the 30 speeches of the European Union and
# observers, outside every group, are left out): about 1.05 million sentences.
#
# **The sample**: 2,000 sentences (`corpus/validation/estimation/units.csv`, drawn by
# `corpus/validation/estimation_sample.py`), stratified by regional group × era (to 1991,
# 1992-2013, 2014 on) and by the shipped detector's output (likely positives oversampled),
# with each unit's inclusion probability recorded.
#
# **Who coded**: sessions of an AI model, each working independently from the written coding
# rules (the codebook's definitions and hard-case conventions), blind to the detector: the
# packets held the sentence, one sentence of context on each side and the speaker's country
# and year, never the stratum, the probability or the detector's output. This is not human hand
# coding; the corrected rates inherit the coders' own errors.
#
# Every interval is a 95 % design-based interval; the detector's raw share (naive) is drawn
# beside it.

# %% tags=["parameters"]
level = 0.95
codes_file = None  # the coder's file; None: corpus/validation/estimation/coder1.csv
countries = ["RUS", "CUB", "USA", "BLR", "IRN"]  # named countries shown where the sample allows
out_dir = None  # where figures and tables go; None: $DISCOURSE_OUT or ~/discourse-output

# %%
import time

import matplotlib.pyplot as plt

import discourse as dc
from discourse.corpus.paths import corpus_dir
from discourse.report import plot
from discourse.report.plot import plot_rates
from discourse.report.save import save_figure, save_table
from discourse.report.stats import period_labels
from discourse.validation.rates import MIN_CODED

NOTEBOOK = "06_valid_rates"
FRAMES = ["anti_western", "traditional_values"]
plot.style()
started = time.perf_counter()

# %% [markdown]
# ## The corpus, the detector and the coded sample
#
# The detector's output on every sentence is cached per corpus (Parquet, keyed by the corpus
# digest and the codebook and model hashes), so a second run reads it back in seconds.

# %%
corpus = dc.load_corpus("ungdc", progress=False)
corpus = corpus[corpus["region"].notna()].reset_index(drop=True)
corpus["era"] = period_labels(corpus["year"], [1946, 1992, 2014, 2025]).astype("string")
folder = corpus_dir() / "validation" / "estimation"
codes = dc.read_codes(codes_file or folder / "coder1.csv", units=folder / "units.csv")
coded = codes.dropna(subset=FRAMES)
print(f"{len(corpus)} speeches; {len(codes)} sampled units, {len(coded)} coded")

# %% [markdown]
# ## Corrected prevalence per regional group × era

# %%
rates = dc.estimate_rates(
    corpus, codes, by=["region", "era"], frames=FRAMES, level=level, cache=True, progress=False
)
save_table(
    rates,
    "corrected_rates_by_region_era",
    finding=(
        f"Corrected shares of UN General Debate sentences per regional group and era, from "
        f"{len(coded)} coded sentences and the detector ({rates.attrs['method']}) on "
        f"{int(rates['n_sentences'].sum() / len(FRAMES))} sentences."
    ),
    notebook=NOTEBOOK,
    out_dir=out_dir,
)
rates.round(4)

# %% [markdown]
# What holds after correction: a difference between two groups holds where their intervals do
# not overlap; the sentence under each figure counts how often the raw rate lies outside the
# corrected interval (the detector's raw figure would have misled) and names the group with the
# highest corrected rate.

# %%
for frame in FRAMES:
    part = rates[rates["frame"] == frame]
    outside = part[(part["naive_rate"] < part["ci_low"]) | (part["naive_rate"] > part["ci_high"])]
    top = part.sort_values("estimate", ascending=False).iloc[0]
    ax = plot_rates(
        rates,
        frame=frame,
        title=f"{frame.replace('_', ' ')}: corrected share of sentences, UN General Debate",
        caption=(
            f"n = {len(coded)} coded sentences (AI-model coders, blind), "
            f"{int(part['n_sentences'].sum())} sentences; UN General Debate 1946-2024; "
            f"{int(level * 100)}% design-based intervals."
        ),
    )
    save_figure(
        ax.figure,
        f"corrected_{frame}_by_region_era",
        finding=(
            f"{frame}: the detector's raw share lies outside the corrected interval in "
            f"{len(outside)} of {len(part)} region-era groups; the highest corrected share is "
            f"{top['region']} {top['era']} at {100 * top['estimate']:.1f}% "
            f"({100 * top['ci_low']:.1f}-{100 * top['ci_high']:.1f}%)."
        ),
        notebook=NOTEBOOK,
        out_dir=out_dir,
    )
    plt.close(ax.figure)

# %% [markdown]
# ## Named countries
#
# A country (by ISO3 code, so the Soviet Union's speeches count under RUS) is a domain of the
# sample: only the units that fell in its speeches correct its rate. Countries with at least `MIN_CODED` coded units get an interval worth reading; the others
# are flagged `low_n`.

# %%
chosen = corpus[corpus["iso3"].isin(countries)]
by_country = dc.estimate_rates(
    chosen, codes, by=["iso3"], frames=FRAMES, level=level, cache=False, progress=False
)
save_table(
    by_country,
    "corrected_rates_named_countries",
    finding=(
        "Corrected shares for named countries, all years: "
        + "; ".join(
            f"{r.iso3} {r.frame} {100 * r.estimate:.1f}% "
            f"({100 * r.ci_low:.1f}-{100 * r.ci_high:.1f}%, n={r.n_coded}"
            + (", low n" if r.low_n else "")
            + ")"
            for r in by_country.itertuples()
        )
        + "."
    ),
    notebook=NOTEBOOK,
    out_dir=out_dir,
)
readable = by_country[~by_country["low_n"]]
for frame in FRAMES:
    ax = plot_rates(
        by_country,
        frame=frame,
        by="iso3",
        title=f"{frame.replace('_', ' ')}: named countries, corrected",
        caption=(
            f"Coded sentences per country as shown (fewer than {MIN_CODED}: low n, faint); "
            "UN General Debate 1946-2024."
        ),
    )
    save_figure(
        ax.figure,
        f"corrected_{frame}_named_countries",
        finding=(
            f"{frame}: {int((readable['frame'] == frame).sum())} of {len(countries)} named "
            f"countries have at least {MIN_CODED} coded sentences behind their corrected share."
        ),
        notebook=NOTEBOOK,
        out_dir=out_dir,
    )
    plt.close(ax.figure)
by_country.round(4)

# %% [markdown]
# ## The Kremlin's President
#
# This estimation sample was drawn from the UN speeches only, so it cannot correct rates on the
# Kremlin transcripts: none of their sentences could have been drawn. The corrected view of the
# President's rates needs its own sample,
# `dc.coding_sample(dc.load_corpus("kremlin"), n, by="year", frames=...)`, coded the same way.
# Russia's (and the Soviet Union's) UN speeches are in the named-country table above.

# %%
print(f"notebook ran in {time.perf_counter() - started:.0f} s")
