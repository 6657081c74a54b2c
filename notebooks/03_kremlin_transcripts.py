# %% [markdown]
# # The President's own words on kremlin.ru, 1999–2020
#
# English transcripts from the website of the President of Russia (CC BY 4.0). In a
# transcript, a paragraph opening "Vladimir Putin:" or "President of Russia Dmitry Medvedev:"
# starts a turn of the President; interviewers' questions ("Question:") and other speakers'
# turns are excluded, as is narration (news notes). So the rates below are the frames in the
# President's own turns only, by year, Putin and Medvedev apart, and the indicators that carry
# them (from `find_frames`' `indicator` column).
#
# Intervals: 95% bootstrap, documents resampled within each president and year.
# Committed tables hold numbers and ids only, never Kremlin text.

# %% tags=["parameters"]
out_dir = None  # where figures and tables go; None: figures/ at the project root
first_year = 1999
last_year = 2020
n_boot = 1000  # bootstrap resamples per interval
seed = 2020  # bootstrap seed
top_indicators = 8  # indicators shown per frame

# %%
import discourse as dc
from discourse import plot, report, stats

NOTEBOOK = "03_kremlin_transcripts"
SOURCE = "President of Russia, en.kremlin.ru (August 2020 mirror), CC BY 4.0"
PRESIDENTS = ["Vladimir Putin", "Dmitry Medvedev"]
MARKED = {2008: "Medvedev takes office", 2012: "Putin returns", 2014: "Crimea"}
PERIOD_EDGES = [first_year, 2004, 2008, 2012, 2014, 2018, last_year + 1]
plot.style()

# %% [markdown]
# ## The President's turns and their frame matches
#
# This needs the external corpus; without a cache or `DISCOURSE_MIRROR` the notebook stops
# here with `CorpusUnavailableError` and `make figures` reports it and goes on.

# %%
kremlin = dc.load_corpus("kremlin", years=(first_year, last_year), progress=False)
kremlin = kremlin.assign(period=stats.period_labels(kremlin["year"], PERIOD_EDGES))
sentences = dc.segment(kremlin, progress=False)
own = sentences[
    (sentences["kind"] == "body")
    & (sentences["voice"] == "speaker")
    & sentences["speaker"].isin(PRESIDENTS)
]
codebook = dc.load_codebook()
LABEL = {frame.id: frame.label for frame in codebook.frames}
matches = dc.find_frames(own, codebook, progress=False)
frames = sorted(LABEL)
n_docs = own.groupby("speaker")["doc_id"].nunique()
print(
    f"{len(kremlin):,} items; the President speaks in {own['doc_id'].nunique():,} of them "
    f"({', '.join(f'{s}: {n:,}' for s, n in n_docs.items())}), {len(own):,} sentences, "
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
for frame in frames:
    data = by_year[by_year["frame"] == frame]
    ax = plot.rate_lines(
        data,
        hue="speaker",
        order=PRESIDENTS,
        marked=MARKED,
        title=f"{LABEL[frame]} in the Russian President's own words, {first_year}–{last_year}",
        caption=(
            f"n = {int(data['total'].sum()):,} sentences of the President's turns in "
            f"{int(data['n_units'].sum()):,} transcripts. Rate: sentences showing the frame per "
            "1,000 sentences; bands: 95% bootstrap intervals (transcripts resampled). "
            f"Interviewers' and other speakers' turns excluded. Source: {SOURCE}."
        ),
    )
    early = data[data["year"] < 2008]
    late = data[data["year"] >= 2012]
    pooled = lambda t: 1000 * t["count"].sum() / max(t["total"].sum(), 1)  # noqa: E731
    peak = data.sort_values(["rate", "year"], ascending=[False, True]).iloc[0]
    finding = (
        f"In the President's own turns, the {LABEL[frame]} rate was "
        f"{pooled(early):.1f} per 1,000 sentences under Putin before 2008, "
        f"{pooled(data[data['speaker'] == 'Dmitry Medvedev']):.1f} under Medvedev and "
        f"{pooled(late):.1f} from 2012, peaking in {int(peak['year'])} "
        f"({peak['speaker']}, {peak['rate']:.1f})."
    )
    print(finding)
    report.save_figure(
        ax.figure, f"{frame}_rate_by_year_kremlin_president", finding=finding,
        notebook=NOTEBOOK, out_dir=out_dir, sources=[kremlin, matches],
    )
report.save_table(
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
# indicator per 1,000 sentences of the President's turns.

# %%
indicators = stats.indicator_rates(matches, own, by="period", corpus=kremlin)
indicators["period"] = indicators["period"].astype(str)
periods = list(kremlin["period"].cat.categories)
for frame in frames:
    data = indicators[indicators["frame"] == frame]
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
        col_order=[p for p in periods if p in set(shown["period"])],
        fmt="{:.1f}",
        title=f"Indicators of {LABEL[frame]} in the President's words",
        xlabel="Period",
        ylabel="Codebook indicator",
        colorbar_label="Sentences per 1,000 sentences",
        caption=(
            f"The {len(keep)} most frequent of {len(totals)} indicators of the frame; "
            f"n = {len(own):,} sentences of the President's turns. Source: {SOURCE}."
        ),
    )
    share = totals.iloc[: min(3, len(totals))].sum() / max(totals.sum(), 1)
    change = shown.pivot(index="indicator", columns="period", values="rate").fillna(0.0)
    first_p, last_p = periods[0], periods[-1]
    if first_p in change and last_p in change:
        rise = (change[last_p] - change[first_p]).sort_values(ascending=False, kind="mergesort")
        moved = f"; {rise.index[0]} rose most ({change.loc[rise.index[0], first_p]:.1f} in {first_p} to {change.loc[rise.index[0], last_p]:.1f} in {last_p})"
    else:
        moved = ""
    finding = (
        f"The top three of {len(totals)} {LABEL[frame]} indicators "
        f"({', '.join(totals.index[:3])}) account for {share:.0%} of the frame's indicator "
        f"sentences in the President's turns{moved}."
    )
    print(finding)
    report.save_figure(
        ax.figure, f"{frame}_indicators_by_period_kremlin_president", finding=finding,
        notebook=NOTEBOOK, out_dir=out_dir, sources=[kremlin, matches],
    )
report.save_table(
    indicators,
    "indicator_rates_by_period_kremlin_president",
    finding=(
        f"Per-indicator rates per 1,000 sentences of the President's own turns, "
        f"{indicators['indicator'].nunique()} indicators in {len(periods)} periods."
    ),
    notebook=NOTEBOOK, out_dir=out_dir, sources=[kremlin, matches],
)
