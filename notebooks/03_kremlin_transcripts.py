# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (discourse)
#     language: python
#     name: discourse
# ---

# %% [markdown]
# # The President's own words on kremlin.ru, 1999–2020
#
# English transcripts from the website of the President of Russia (CC BY 4.0). In a
# transcript, a paragraph opening "Vladimir Putin:" or "President of Russia Dmitry Medvedev:"
# starts a turn; only the turns of the man who was President on the item's date are kept
# (Dmitry Medvedev from 7 May 2008 to 7 May 2012, Vladimir Putin otherwise), so interviewers'
# questions ("Question:"), ministers' and other speakers' turns (Medvedev's as prime minister
# included) and narration (news notes) are excluded. The rates below are the frames in the
# President's own turns, by year, Putin and Medvedev apart, and the indicators that carry them
# (from `find_frames`' `indicator` column).
#
# Coverage: the corpus' items before 2010 are news notes written in the third person, with no
# speaker turns, so the President's own words can be measured from 2010 only; the notebook
# prints the years it finds.
#
# Intervals: 95% bootstrap, documents resampled within each president and year.
# Committed tables hold numbers and ids only, never Kremlin text.

# %% tags=["parameters"]
out_dir = None  # where figures and tables go; None: $DISCOURSE_OUT or ~/discourse-output
first_year = 1999
last_year = 2020
n_boot = 1000  # bootstrap resamples per interval
seed = 2020  # bootstrap seed
top_indicators = 8  # indicators shown per frame
min_sentences = 500  # a year needs this many of the President's sentences to be called a peak

# %%
import discourse as dc
from discourse.report import plot, stats
from discourse.report.save import save_figure, save_table

NOTEBOOK = "03_kremlin_transcripts"
SOURCE = "President of Russia, en.kremlin.ru (August 2020 mirror), CC BY 4.0"
PRESIDENTS = ["Vladimir Putin", "Dmitry Medvedev"]
MEDVEDEV_TERM = ("2008-05-07", "2012-05-07")  # inauguration days, ISO dates
MARKED = {2008: "Medvedev takes office", 2012: "Putin returns", 2014: "Crimea"}
PERIOD_EDGES = [first_year, 2008, 2012, 2014, 2018, last_year + 1]
plot.style()

# %% [markdown]
# ## The President's turns and their frame matches
#
# This needs the external corpus; without a cache or `DISCOURSE_MIRROR` the notebook stops
# here with `CorpusUnavailableError` and `make figures` reports it and goes on.

# %%
kremlin = dc.load_corpus("kremlin", years=(first_year, last_year), progress=False)
kremlin = kremlin.assign(
    period=stats.period_labels(kremlin["year"], PERIOD_EDGES),
    president=kremlin["date"]
    .between(*MEDVEDEV_TERM, inclusive="left")
    .map({True: "Dmitry Medvedev", False: "Vladimir Putin"}),
)
sentences = dc.segment(kremlin, progress=False).merge(
    kremlin[["doc_id", "president"]], on="doc_id", validate="many_to_one"
)
own = sentences[
    (sentences["kind"] == "body")
    & (sentences["voice"] == "speaker")
    & (sentences["speaker"] == sentences["president"])
]
codebook = dc.load_codebook()
LABEL = {frame.id: frame.label for frame in codebook.frames}
matches = dc.find_frames(own, codebook, progress=False)
frames = sorted(LABEL)
n_docs = own.groupby("speaker")["doc_id"].nunique()
years = own.merge(kremlin[["doc_id", "year"]], on="doc_id")["year"]
print(
    f"{len(kremlin):,} items; the President speaks in {own['doc_id'].nunique():,} of them "
    f"({', '.join(f'{s}: {n:,}' for s, n in n_docs.items())}), {len(own):,} sentences in "
    f"{years.nunique()} years ({', '.join(map(str, sorted(years.unique())))}), "
    f"{len(matches):,} frame matches"
)

# %% [markdown]
# ## Rates by year, Putin and Medvedev apart

# %%
meta = kremlin[["doc_id", "year", "period"]]
per_doc = dc.score_frames(matches, sentences=own, by=["doc_id", "speaker"]).merge(
    meta, on="doc_id", validate="many_to_one"
)
RATE = {"count": "sentences_with_frame", "total": "n_sentences", "n_boot": n_boot, "seed": seed}
by_year = stats.bootstrap_rate(per_doc, by=["frame", "speaker", "year"], **RATE)
span = f"{by_year['year'].min()}–{by_year['year'].max()}"
for frame in frames:
    every = by_year[by_year["frame"] == frame]
    thin = sorted(every.loc[every["total"] < min_sentences, "year"].unique())
    data = every[every["total"] >= min_sentences]
    ax = plot.rate_lines(
        data,
        hue="speaker",
        order=[p for p in PRESIDENTS if p in set(data["speaker"])],
        marked={y: m for y, m in MARKED.items() if data["year"].min() <= y <= data["year"].max()},
        title=f"{LABEL[frame]} in the Russian President's own words, {span}",
        caption=(
            f"n = {int(data['total'].sum()):,} sentences of the President's turns in "
            f"{int(data['n_units'].sum()):,} transcripts drawn. Rate: sentences showing the frame per "
            "1,000 sentences; bands: 95% bootstrap intervals (transcripts resampled). "
            "Interviewers', ministers' and other speakers' turns excluded; no turns before "
            f"{by_year['year'].min()} in the corpus; years with fewer than {min_sentences} of the "
            f"President's sentences not drawn ({', '.join(map(str, thin)) or 'none'}). "
            f"Source: {SOURCE}."
        ),
    )
    pooled = every.groupby("speaker")[["count", "total"]].sum()
    spans = every.groupby("speaker")["year"].agg(["min", "max"])
    peak = data.sort_values(["rate", "year"], ascending=[False, True]).head(1)
    finding = (
        f"In the President's own turns, {LABEL[frame]} runs at "
        + " and ".join(
            f"{1000 * pooled.loc[p, 'count'] / pooled.loc[p, 'total']:.1f} per 1,000 sentences "
            f"for {p} ({spans.loc[p, 'min']}–{spans.loc[p, 'max']})"
            for p in PRESIDENTS
            if p in pooled.index and pooled.loc[p, "total"] > 0
        )
        + (
            f", highest in {int(peak['year'].iloc[0])} ({peak['rate'].iloc[0]:.1f}) among "
            f"years with at least {min_sentences} sentences."
            if len(peak)
            else "."
        )
    )
    print(finding)
    save_figure(
        ax.figure, f"{frame}_rate_by_year_kremlin_president", finding=finding,
        notebook=NOTEBOOK, out_dir=out_dir, sources=[kremlin, matches],
    )
save_table(
    by_year.rename(columns={"n_units": "n_transcripts", "count": "sentences_with_frame",
                            "total": "n_sentences"}),
    "frame_rates_by_year_kremlin_president",
    finding=(
        f"Frame rates per 1,000 sentences of the President's own turns with 95% bootstrap "
        f"intervals, {by_year['year'].min()}–{by_year['year'].max()}, "
        f"{by_year['speaker'].nunique()} presidents."
    ),
    notebook=NOTEBOOK, out_dir=out_dir, sources=[kremlin, matches],
)

# %% [markdown]
# ## Which indicators carry the trend
#
# For each frame, the indicators with the most sentences, by period: sentences holding the
# indicator per 1,000 sentences of the President's turns. Only sentences where the frame is
# present count, so a weak cue that does not make the frame on its own is left out and the
# indicators add up to the frame's trend.

# %%
per_sentence = dc.score_frames(matches, sentences=own, by=["doc_id", "sent_id"])
present = per_sentence.loc[per_sentence["sentences_with_frame"] > 0, ["doc_id", "sent_id", "frame"]]
carrying = matches.merge(present, on=["doc_id", "sent_id", "frame"], validate="many_to_one")
indicators = stats.indicator_rates(carrying, own, by="period", corpus=kremlin)
indicators["period"] = indicators["period"].astype(str)
periods = [p for p in kremlin["period"].cat.categories if p in set(indicators["period"])]
for frame in frames:
    data = indicators[indicators["frame"] == frame]
    if data.empty:
        print(f"{LABEL[frame]}: no indicator matches in the President's turns; no figure.")
        continue
    totals = data.groupby("indicator")["sentences_with_indicator"].sum().sort_values(
        ascending=False, kind="mergesort"
    )
    keep = totals.index[:top_indicators].tolist()
    shown = data[data["indicator"].isin(keep)]
    ax = plot.heatmap(
        shown,
        row="indicator",
        col="period",
        value="rate",
        row_order=keep,
        col_order=periods,
        fill_value=0.0,
        fmt="{:.1f}",
        title=f"Indicators of {LABEL[frame]} in the Russian President's words",
        xlabel="Period",
        ylabel="Codebook indicator",
        colorbar_label="Sentences per 1,000 sentences",
        caption=(
            f"The {len(keep)} most frequent of {len(totals)} indicators of the frame; "
            f"n = {len(own):,} sentences of the President's turns. Source: {SOURCE}."
        ),
    )
    top = totals.index[:3].tolist()
    share = totals.iloc[: len(top)].sum() / totals.sum()
    change = (
        shown.pivot(index="indicator", columns="period", values="rate")
        .reindex(columns=periods)
        .fillna(0.0)
    )
    delta = change[periods[-1]] - change[periods[0]]
    moved = delta.abs().sort_values(ascending=False, kind="mergesort").index[0]
    carriers = (
        f"one indicator, {top[0]}, carries all {totals.iloc[0]} {LABEL[frame]} sentences"
        if len(totals) == 1
        else f"{len(top)} of {len(totals)} indicators ({', '.join(top)}) carry {share:.0%} of "
        f"the indicator hits in {LABEL[frame]} sentences"
    )
    finding = (
        f"In the President's turns {carriers}; {moved} changed most between "
        f"{periods[0]} and {periods[-1]} ({change.loc[moved, periods[0]]:.1f} to "
        f"{change.loc[moved, periods[-1]]:.1f} per 1,000 sentences)."
    )
    print(finding)
    save_figure(
        ax.figure, f"{frame}_indicators_by_period_kremlin_president", finding=finding,
        notebook=NOTEBOOK, out_dir=out_dir, sources=[kremlin, matches],
    )
save_table(
    indicators,
    "indicator_rates_by_period_kremlin_president",
    finding=(
        f"Per-indicator rates per 1,000 sentences of the President's own turns, "
        f"{indicators['indicator'].nunique()} indicators in {len(periods)} periods."
    ),
    notebook=NOTEBOOK, out_dir=out_dir, sources=[kremlin, matches],
)
