# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (discourse)
#     language: python
#     name: discourse
# ---

# %% [markdown]
# # Frames in UN General Debate speeches, 1992–2024
#
# 32 countries of the UN General Debate Corpus (CC0), named in `countries` below (the post-Soviet
# states, their neighbours, the focus speakers and a Western reference group), one speech per
# country and year. For each frame of the codebook: how many sentences per 1,000 show it, by country and
# year, with 95% bootstrap intervals. Azerbaijan is compared with Russia, Georgia, Armenia,
# Turkey, Hungary and a Western reference group (USA, GBR, FRA, DEU, ITA, CAN, SWE); 2008
# (Russia–Georgia war), 2014 (annexation of Crimea) and 2022 (full-scale invasion of Ukraine)
# are marked, and Ilham Aliyev's own speeches (from the corpus' `speaker` column: as president
# in 2004, 2010, 2017, 2020 and 2021, and in 2003 as prime minister) are marked apart from his
# ministers'. Countries' heatmap rows: the comparators are marked ▶.
#
# Intervals: one country-year is one speech, so its sentences are resampled (sentences of a
# speech are not independent, so those intervals are on the narrow side); for the Western
# group and for periods, whole speeches are resampled.
#
# Committed tables hold numbers and ids only, never UN text.

# %% tags=["parameters"]
out_dir = None  # where figures and tables go; None: $DISCOURSE_OUT or ~/discourse-output
first_year = 1992
last_year = 2024
# The countries analysed (ISO3). The corpus holds 199 countries and the EU; a run over all of them
# takes several minutes, so the notebook names the ones it compares.
countries = [
    "RUS", "AZE", "ARM", "GEO", "BLR", "KAZ", "UZB", "KGZ", "TJK", "TKM", "MDA", "UKR", "TUR",
    "HUN", "POL", "SRB", "IRN", "CHN", "VEN", "CUB", "SYR", "NIC", "USA", "GBR", "FRA", "DEU",
    "ITA", "CAN", "SWE", "IND", "BRA", "ZAF",
]  # fmt: skip
n_boot = 1000  # bootstrap resamples per interval
seed = 2024  # bootstrap seed

# %%
import pandas as pd

import discourse as dc
from discourse.report import plot, stats
from discourse.report.save import save_figure, save_table

NOTEBOOK = "02_un_general_debate"
SOURCE = (
    "UN General Debate Corpus (Jankin, Baturo & Dasandi; Baturo, Dasandi & Mikhaylov 2017), "
    "Harvard Dataverse doi:10.7910/DVN/0TJX8Y, CC0"
)
FOCUS = "AZE"
NEIGHBOURS = ["RUS", "GEO", "ARM", "TUR", "HUN"]
WESTERN = ["USA", "GBR", "FRA", "DEU", "ITA", "CAN", "SWE"]
WEST = "Western group"
MARKED = {2008: "Georgia war", 2014: "Crimea", 2022: "invasion of Ukraine"}
PERIOD_EDGES = [1992, 2004, 2008, 2014, 2022, last_year + 1]
plot.style()

# %% [markdown]
# ## The speeches, their sentences and the frame matches
#
# This needs the external corpus; without a cache or `DISCOURSE_MIRROR` the notebook stops
# here with `CorpusUnavailableError` and `make figures` reports it and goes on.

# %%
un = dc.load_corpus(
    "ungdc", countries=countries, years=(first_year, last_year), progress=False
)
un = un.assign(
    period=stats.period_labels(un["year"], PERIOD_EDGES),
    aliyev=un["speaker"].str.contains("ilham", case=False, na=False)
    & un["speaker"].str.contains("aliyev", case=False, na=False),
)
sentences = dc.segment(un, progress=False)
body = sentences[sentences["kind"] == "body"]
codebook = dc.load_codebook()
LABEL = {frame.id: frame.label for frame in codebook.frames}
matches = dc.find_frames(body, codebook, progress=False)
frames = sorted(LABEL)
print(
    f"{len(un)} speeches of {un['iso3'].nunique()} countries, {un['year'].min()}–{un['year'].max()}; "
    f"{len(body):,} body sentences; {len(matches):,} matches of frames {frames}"
)

# %% [markdown]
# ## Rates per 1,000 sentences by country and year, with bootstrap intervals

# %%
meta = un[["doc_id", "iso3", "year", "period", "aliyev"]]
per_sentence = dc.score_frames(matches, sentences=body, by=["doc_id", "sent_id"]).merge(
    meta, on="doc_id"
)
per_speech = dc.score_frames(matches, sentences=body, by="doc_id").merge(meta, on="doc_id")
RATE = {"count": "sentences_with_frame", "total": "n_sentences", "n_boot": n_boot, "seed": seed}
country_year = stats.bootstrap_rate(per_sentence, by=["frame", "iso3", "year"], **RATE).merge(
    meta.drop(columns=["doc_id", "period"]), on=["iso3", "year"], validate="many_to_one"
)
finding_rows = country_year.groupby("frame")["rate"].agg(["mean", "max"])
finding = (
    f"Rates per 1,000 sentences with 95% bootstrap intervals for {country_year['iso3'].nunique()} "
    f"countries and {country_year['year'].nunique()} years; the mean country-year rate is "
    + "; ".join(f"{LABEL[r.Index]} {r.mean:.1f}" for r in finding_rows.itertuples())
    + "."
)
print(finding)
save_table(
    country_year.rename(columns={"count": "sentences_with_frame", "total": "n_sentences",
                                 "n_units": "n_units_resampled", "aliyev": "speaker_ilham_aliyev"}),
    "frame_rates_by_country_year", finding=finding, notebook=NOTEBOOK, out_dir=out_dir,
    sources=[un, matches],
)

# %% [markdown]
# ## Azerbaijan against its neighbours and the Western group, frame by frame

# %%
west = per_speech[per_speech["iso3"].isin(WESTERN)].assign(iso3=WEST)
west_year = stats.bootstrap_rate(west, by=["frame", "iso3", "year"], **RATE).assign(aliyev=False)
compared = [FOCUS, *NEIGHBOURS]
lines = pd.concat(
    [country_year[country_year["iso3"].isin(compared)], west_year], ignore_index=True
)
aze = country_year[country_year["iso3"] == FOCUS]
own_speeches = un[(un["iso3"] == FOCUS) & un["aliyev"]].sort_values("year")
own_years = ", ".join(
    f"{year}" + (f" as {post.lower()}" if isinstance(post, str) and post != "President" else "")
    for year, post in zip(own_speeches["year"], own_speeches["speaker_post"])
)
for frame in frames:
    data = lines[lines["frame"] == frame]
    axes = plot.rate_panels(
        data,
        hue="iso3",
        panels=[*NEIGHBOURS, WEST],
        always=[FOCUS],
        marked=MARKED,
        emphasis="aliyev",
        emphasis_label="Ilham Aliyev himself",
        suptitle=f"{LABEL[frame]}: Azerbaijan and comparators, "
        f"UN General Debate {first_year}–{last_year}",
        caption=(
            f"n = {data.loc[data['iso3'] != WEST, 'n_units'].sum():,} sentences in "
            f"{len(data[data['iso3'] != WEST])} speeches of {len(compared)} countries and "
            f"{int(data.loc[data['iso3'] == WEST, 'n_units'].sum())} speeches of the Western group "
            f"({', '.join(WESTERN)}). Bands: 95% bootstrap intervals (sentences resampled; "
            f"Western group: speeches). Stars: Ilham Aliyev's own speeches ({own_years}). "
            f"Source: {SOURCE}."
        ),
    )
    mean = data.groupby("iso3")["rate"].mean()
    own = aze.loc[(aze["frame"] == frame) & aze["aliyev"], "rate"].mean()
    ministers = aze.loc[(aze["frame"] == frame) & ~aze["aliyev"], "rate"].mean()
    rank = mean.sort_values(ascending=False)
    finding = (
        f"Averaged over {first_year}–{last_year}, {rank.index[0]} has the highest "
        f"{LABEL[frame]} rate among Azerbaijan, its comparators and the Western group "
        f"({rank.iloc[0]:.1f} per 1,000 sentences; Azerbaijan {mean[FOCUS]:.1f}, Western group "
        f"{mean[WEST]:.1f}); Ilham Aliyev's own speeches average {own:.1f} against "
        f"{ministers:.1f} in his ministers' and predecessors'."
    )
    print(finding)
    save_figure(
        axes[0].figure, f"{frame}_rate_by_year_azerbaijan_vs_comparators", finding=finding,
        notebook=NOTEBOOK, out_dir=out_dir, sources=[un, matches],
    )

# %% [markdown]
# ## Country × period heatmaps
#
# Periods: 1992–2003 (before Ilham Aliyev's presidency), from 2004 (his), then cut at
# the 2008 Georgia war, the 2014 annexation of Crimea and the 2022 invasion of Ukraine.
# Speeches are resampled within each country and period.

# %%
periods = list(stats.period_labels(PERIOD_EDGES[:-1], PERIOD_EDGES).cat.categories)
country_period = stats.bootstrap_rate(per_speech, by=["frame", "iso3", "period"], **RATE)
country_period["period"] = country_period["period"].astype(str)
for frame in frames:
    data = country_period[country_period["frame"] == frame]
    order = data.groupby("iso3")["rate"].mean().sort_values(ascending=False).index.tolist()
    ax = plot.heatmap(
        data,
        row="iso3",
        col="period",
        value="rate",
        row_order=order,
        col_order=periods,
        highlight=[FOCUS, *NEIGHBOURS],
        title=f"{LABEL[frame]} by country and period, UN General Debate",
        xlabel="Period",
        ylabel="Country (ISO3), by mean rate",
        caption=(
            f"n = {int(data['n_units'].sum()):,} speeches of {data['iso3'].nunique()} countries, "
            f"{first_year}–{last_year}; cells: sentences showing the frame per 1,000 sentences. "
            f"Source: {SOURCE}."
        ),
    )
    last = data[data["period"] == periods[-1]].sort_values("rate", ascending=False)
    first = data[data["period"] == periods[0]].set_index("iso3")["rate"]
    aze_rank = last["iso3"].tolist().index(FOCUS) + 1 if FOCUS in set(last["iso3"]) else None
    finding = (
        f"In {periods[-1]} {last.iloc[0]['iso3']} leads the {LABEL[frame]} rate "
        f"({last.iloc[0]['rate']:.1f} per 1,000 sentences"
        + (f", {first.get(last.iloc[0]['iso3'], float('nan')):.1f} in {periods[0]}" if last.iloc[0]['iso3'] in first else "")
        + f"); Azerbaijan ranks {aze_rank} of {len(last)}."
    )
    print(finding)
    save_figure(
        ax.figure, f"{frame}_rate_by_country_period", finding=finding, notebook=NOTEBOOK,
        out_dir=out_dir, sources=[un, matches],
    )
save_table(
    country_period.rename(columns={"n_units": "n_speeches", "count": "sentences_with_frame",
                                   "total": "n_sentences"}),
    "frame_rates_by_country_period",
    finding=(
        f"Frame rates per 1,000 sentences with 95% bootstrap intervals (speeches resampled) for "
        f"{country_period['iso3'].nunique()} countries in {len(periods)} periods."
    ),
    notebook=NOTEBOOK, out_dir=out_dir, sources=[un, matches],
)

# %% [markdown]
# ## Ilham Aliyev's own speeches against his ministers'

# %%
aze_speeches = per_speech[per_speech["iso3"] == FOCUS].assign(
    voice_of=lambda t: t["aliyev"].map({True: "Ilham Aliyev", False: "minister or other"})
)
own_vs = stats.bootstrap_rate(aze_speeches, by=["frame", "voice_of"], **RATE)
pivot = own_vs.pivot(index="frame", columns="voice_of", values="rate")
finding = (
    f"Across {int(own_vs.loc[own_vs['voice_of'] == 'Ilham Aliyev', 'n_units'].max())} speeches "
    f"by Ilham Aliyev and {int(own_vs.loc[own_vs['voice_of'] != 'Ilham Aliyev', 'n_units'].max())} "
    "by others, the rates per 1,000 sentences are "
    + "; ".join(
        f"{LABEL[f]} {r['Ilham Aliyev']:.1f} (Aliyev) vs {r['minister or other']:.1f}"
        for f, r in pivot.iterrows()
    )
    + " (speeches resampled for the intervals)."
)
print(finding)
save_table(
    own_vs.rename(columns={"n_units": "n_speeches", "count": "sentences_with_frame",
                           "total": "n_sentences"}),
    "azerbaijan_aliyev_vs_ministers", finding=finding, notebook=NOTEBOOK, out_dir=out_dir,
    sources=[un, matches],
)
own_vs
