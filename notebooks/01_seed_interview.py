# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (discourse)
#     language: python
#     name: discourse
# ---

# %% [markdown]
# # The seed interview: where the frames sit in one news report
#
# bne IntelliNews' report (19 December 2024) of Ilham Aliyev's interview with Rossiya
# Segodnya mixes the outlet's narration with Aliyev's quoted words. This notebook finds the
# codebook's frames sentence by sentence and shows
#
# 1. how prevalent each frame is in each section of the article,
# 2. where in the text the matches fall, with Aliyev's quoted words apart from narration
#    (an "x-ray" of the article),
# 3. every match with its sentence and indicator (the audit table), and
# 4. a standalone HTML page of the article with each match highlighted and explained.
#
# Only body sentences are analysed (not the title, standfirst, byline, headings or page
# residue). All numbers below are computed; rerun with `make figures`.

# %% tags=["parameters"]
out_dir = None  # where figures and tables go; None: $DISCOURSE_OUT or ~/discourse-output

# %%
import discourse as dc
from discourse.report import plot
from discourse.report.save import save_figure, save_html, save_table
from discourse.report.html import render_html

NOTEBOOK = "01_seed_interview"
SOURCE = "bne IntelliNews, 19 December 2024 (corpus/seed/)"
plot.style()

# %% [markdown]
# ## The article, its sentences and its frame matches
#
# Two segmentations of the same text: whole sentences (for rates per 1,000 sentences), and
# voice-uniform parts, where a sentence mixing narration and a quotation becomes a narration
# part and a quotation part (`split_quotes=True`), for telling Aliyev's words from the outlet's.

# %%
corpus = dc.load_corpus()
article = corpus.iloc[0]
codebook = dc.load_codebook()
LABEL = {frame.id: frame.label for frame in codebook.frames}
sentences = dc.segment(corpus, progress=False)
body = sentences[sentences["kind"] == "body"].assign(
    section=lambda t: t["section"].fillna("(opening)")
)
parts = dc.segment(corpus, split_quotes=True, progress=False)
body_parts = parts[parts["kind"] == "body"].assign(section=lambda t: t["section"].fillna("(opening)"))
matches = dc.find_frames(body_parts, codebook)
print(article["title"])
print(
    f"{len(body)} body sentences ({len(body_parts)} voice-uniform parts), {len(matches)} "
    f"indicator matches (codebook {matches.attrs['codebook_version']}, "
    f"hash {matches.attrs['codebook_hash'][:12]})"
)
matches.groupby(["frame", "voice"]).size().unstack(fill_value=0)

# %% [markdown]
# ## 1. Frame prevalence by section
#
# Rate: sentences showing the frame per 1,000 body sentences of the section.

# %%
sections = list(dict.fromkeys(body["section"]))
by_section = dc.score_frames(body, by="section", codebook=codebook)
sizes = body["section"].value_counts()
named = {section: f"{section} (n = {sizes[section]})" for section in sections}
ax = plot.prevalence_bars(
    by_section.assign(frame=by_section["frame"].map(LABEL), section=by_section["section"].map(named)),
    category="section",
    value="per_1k_sentences",
    hue="frame",
    order=[named[s] for s in sections],
    hue_order=[LABEL[f] for f in sorted(LABEL)],
    title="Frames by section of the Aliyev interview report",
    caption=(
        f"n = {len(body)} body sentences in {len(sections)} sections of one article (n per section "
        "in brackets). "
        f"Rate = sentences showing the frame per 1,000 sentences of the section. Source: {SOURCE}."
    ),
)
top = by_section.sort_values(["per_1k_sentences", "section"], ascending=[False, True]).iloc[0]
present = by_section[by_section["sentences_with_frame"] > 0]
finding = (
    f"{LABEL[top['frame']]} is the densest frame of any section, in “{top['section']}” "
    f"({top['sentences_with_frame']} of its {top['n_sentences']} sentences, "
    f"{top['per_1k_sentences']:.0f} per 1,000); frames appear in "
    f"{present['section'].nunique()} of the article's {len(sections)} sections."
)
print(finding)
save_figure(
    ax.figure, "seed_frame_prevalence_by_section", finding=finding, notebook=NOTEBOOK,
    out_dir=out_dir, sources=[corpus, by_section],
)
save_table(
    by_section[["section", "frame", "n_sentences", "sentences_with_frame", "n_matches",
                "per_1k_sentences"]],
    "seed_frame_prevalence_by_section", finding=finding, notebook=NOTEBOOK, out_dir=out_dir,
    sources=[corpus],
)

# %% [markdown]
# ## 2. X-ray of the article: where the frames fall, quoted words apart from narration

# %%
ax = plot.xray(
    parts,
    matches,
    title="Where the frames fall in the Aliyev interview report",
    caption=(
        f"Each mark is one of {len(matches)} indicator matches in {len(body)} body sentences; "
        "diamonds: Aliyev's quoted words, bars: the outlet's narration; grey bands: quoted "
        f"passages; dotted lines: section headings. Source: {SOURCE}."
    ),
)
quoted = matches[matches["voice"] == "quote"]
speakers = quoted["speaker"].dropna().value_counts()
quoted_share = quoted.groupby("frame").size() / matches.groupby("frame").size()
most = quoted_share.fillna(0).sort_values(ascending=False, kind="mergesort")
whose = (
    f"all {speakers.index[0]}'s" if len(speakers) == 1
    else f"{speakers.iloc[0]} of them {speakers.index[0]}'s"
) if len(speakers) else "none attributed"
finding = (
    f"{len(quoted)} of the article's {len(matches)} frame matches "
    f"({len(quoted) / max(len(matches), 1):.0%}) are in quoted words ({whose}) and "
    f"{len(matches) - len(quoted)} in the outlet's narration; {LABEL[most.index[0]]} is the "
    f"most quoted frame ({most.iloc[0]:.0%} of its matches in quotes)."
)
print(finding)
save_figure(
    ax.figure, "seed_article_xray", finding=finding, notebook=NOTEBOOK, out_dir=out_dir,
    sources=[corpus, matches],
)

# %% [markdown]
# ## 3. The audit table: every match with its sentence and indicator
#
# The seed article is the project's own embedded text, so its sentences may be shown.

# %%
keys = [k for k in ("doc_id", "sent_id", "part") if k in matches.columns]
audit = matches.merge(
    body_parts[[*keys, "section", "text"]].rename(columns={"text": "sentence"}), on=keys,
    how="left",
)[[*keys, "start", "end", "section", "frame", "subframe", "indicator", "matched", "negated",
   "voice", "speaker", "sentence"]]
negated = int(audit["negated"].sum())
finding = (
    f"All {len(audit)} matches come from {audit['indicator'].nunique()} codebook indicators "
    f"in {audit.drop_duplicates(keys).shape[0]} sentence parts; {negated} "
    f"{'is' if negated == 1 else 'are'} negated and so not counted as frame presence."
)
print(finding)
save_table(
    audit, "seed_frame_matches_audit", finding=finding, notebook=NOTEBOOK, out_dir=out_dir,
    sort_by=["start", "end", "indicator"], sources=[corpus, matches],
)
audit.head(10)

# %% [markdown]
# ## 4. The article rendered with its matches highlighted
#
# A standalone page (no scripts, no external files): hover over a highlight, or reach it with
# the Tab key, to see its frame, subframe, indicator and who voices it.

# %%
page = render_html(parts, matches, title=str(article["title"]))
frames_found = ", ".join(LABEL[f] for f in sorted(matches["frame"].unique()))
finding = (
    f"The article with its {len(matches)} frame matches ({frames_found}) highlighted and "
    "explained, quoted words set in italics."
)
save_html(
    page, "seed_interview_frames", finding=finding, notebook=NOTEBOOK, out_dir=out_dir,
    sources=[corpus, matches],
)
print(finding)
