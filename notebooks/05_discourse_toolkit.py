# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (discourse)
#     language: python
#     name: discourse
# ---

# %% [markdown]
# # The discourse toolkit on the seed interview and the UN General Debate
#
# Keywords in context, actor stance and alignment, us versus them, keyness and collocations —
# the library's discourse-analysis tools (`discourse.toolkit.kwic`, `discourse.toolkit.stance`,
# `discourse.toolkit.us_them`, `discourse.toolkit.keyness`, `discourse.toolkit.collocations`) applied to the seed
# article (bne IntelliNews, 19 December 2024: Ilham Aliyev's interview with Rossiya Segodnya)
# and, where the external corpus is available, to the UN General Debate speeches.
#
# Actor stance follows the rules of `discourse.toolkit.stance` (gazetteer and evaluative lexicon in
# `discourse/lexicons/`); the *holder* of a stance is the speaker of a quotation, or the actor
# a narrated sentence reports as judging ("Aliyev criticised ..."). Us versus them counts
# van Dijk's ideological square per sentence; the polarisation index is
# `(us_pos + them_neg - us_neg - them_pos) / references`.
#
# Committed tables hold numbers, ids and the seed's own words only — never UN text: from the UN
# speeches only single-word vocabulary statistics (keyness) are saved.

# %% tags=["parameters"]
out_dir = None  # where figures and tables go; None: $DISCOURSE_OUT or ~/discourse-output
window = 5  # KWIC context, tokens either side
top_terms = 15  # keyness terms shown per side
keyness_min_freq = 10  # minimum frequency of a keyness term (target + reference), UN speeches
keyness_min_freq_quotes = 3  # the same for the few hundred words Aliyev is quoted with
first_year = 1992
last_year = 2024

# %%
import pandas as pd

import discourse as dc
from discourse.report import plot
from discourse.report.save import save_figure, save_table
from discourse.toolkit.kwic import rewindow
from discourse.toolkit.us_them import polarisation, us_them

NOTEBOOK = "05_discourse_toolkit"
WESTERN = ["USA", "GBR", "FRA", "DEU", "ITA", "CAN", "SWE"]
SAVE = {"notebook": NOTEBOOK, "out_dir": out_dir}

# %% [markdown]
# ## The seed: sentences, voices and speakers

# %%
seed = dc.load_corpus()
sentences = dc.segment(seed, progress=False)
body = sentences[sentences["kind"] == "body"]
print(f"{len(body)} body sentences; voices: {body['voice'].value_counts().to_dict()}")

# %% [markdown]
# ## Keywords in context: "traditional values" and "West*"

# %%
kw = dc.kwic(body, ["traditional values", "West*"], window=window)
kw_wide = rewindow(kw, window=2 * window)  # the same hits, wider context, no new search
print(kw_wide[["pattern", "voice", "speaker", "pre", "keyword", "post"]].to_string())
by_pattern = kw.groupby(["pattern", "voice"]).size().rename("hits").reset_index()
quoted_share = (kw["voice"] == "quote").mean()
save_table(
    kw[["doc_id", "sent_id", "start", "end", "pattern", "voice", "speaker", "pre", "keyword", "post"]],
    "seed_kwic_traditional_values_west",
    finding=(
        f"The seed has {len(kw)} hits of 'traditional values' and 'West*'; "
        f"{quoted_share:.0%} of them sit in Aliyev's quoted words."
    ),
    **SAVE,
)

# %% [markdown]
# ## Actor stance and alignment
#
# Whose evaluations: `holder` (Aliyev's quoted words and the narrator's reports of his
# judgements) — the alignment of Aliyev himself, for actors mentioned at least twice.

# %%
stances = dc.actor_stance(body)
aliyev = stances[stances["holder"] == "Ilham Aliyev"]
aligned = dc.alignment(aliyev, by="holder", min_mentions=2)
print(aligned.to_string())
solid = aligned[~aligned["low_n"]]  # a net on fewer than 3 evaluated mentions: no finding
positive = solid.loc[solid["net"] > 0, "actor"].tolist()
negative = solid.loc[solid["net"] < 0, "actor"].tolist()
few = aligned.loc[aligned["low_n"], "actor"].tolist()
finding = (
    f"In the seed, Aliyev's evaluations are net positive for {', '.join(positive) or 'no actor'} "
    f"and net negative for {', '.join(negative) or 'no actor'} (actors evaluated 3+ times; "
    f"{len(few)} more, {', '.join(few)}, rest on fewer evaluations and are not reported)."
)
save_table(aligned, "seed_actor_alignment_aliyev", finding=finding, **SAVE)
ax = plot.plot_alignment(aligned)
ax.set_title("Aliyev's stance towards actors (seed interview report)")
save_figure(ax.figure, "seed_actor_alignment_aliyev", finding=finding, **SAVE)

# %%
by_speaker = dc.alignment(stances, by="speaker")
save_table(
    by_speaker,
    "seed_actor_alignment_by_speaker",
    finding=(
        "Net stance per actor in the seed, split by who speaks: Aliyev's quoted words versus "
        "the outlet's narration."
    ),
    **SAVE,
)

# %% [markdown]
# ## Us versus them

# %%
square = us_them(body)
pol = polarisation(square, by="voice")
print(pol.to_string())
quoted = pol.set_index("voice").loc["quote"]
finding = (
    f"Aliyev's quoted words score {quoted['polarisation']:+.2f} on the ideological square "
    f"({int(quoted['references'])} in- and out-group references), the narration "
    f"{pol.set_index('voice').loc['narrator', 'polarisation']:+.2f}."
)
save_table(pol, "seed_us_them_polarisation_by_voice", finding=finding, **SAVE)
ax = plot.plot_polarisation(pol, by="voice")
save_figure(ax.figure, "seed_us_them_polarisation_by_voice", finding=finding, **SAVE)

# %% [markdown]
# ## Collocations in the seed

# %%
pairs = dc.collocations(body, min_freq=2, stopwords="english")
around_west = dc.collocations(body, pattern="West*", window=window, min_freq=1, stopwords="english")
print(pairs.head(15).to_string())
print(around_west.head(10).to_string())
top = pairs.iloc[0]
save_table(
    pairs,
    "seed_collocations_bigrams",
    finding=(
        f"The seed's strongest bigram without stop words is '{top['collocation']}' "
        f"(seen {top['frequency']} times, log-likelihood {top['llr']:.1f})."
    ),
    **SAVE,
)

# %% [markdown]
# ## Keyness against Western UN speeches
#
# This needs the external UN corpus; without a cache or `DISCOURSE_MIRROR` the notebook stops
# here with `CorpusUnavailableError` (the seed outputs above are already saved).
#
# Two targets against the speeches of USA, GBR, FRA, DEU, ITA, CAN and SWE: Aliyev's quoted
# words in the seed, and Aliyev's own UN General Debate speeches.

# %%
un = dc.load_corpus(
    "ungdc", countries=["AZE", *WESTERN], years=(first_year, last_year), progress=False
)
western = un[un["iso3"].isin(WESTERN)]
aliyev_un = un[
    (un["iso3"] == "AZE")
    & un["speaker"].str.contains("ilham", case=False, na=False)
    & un["speaker"].str.contains("aliyev", case=False, na=False)
]
parts = dc.segment(seed, split_quotes=True, progress=False)  # quotations cut out of sentences
quoted_words = parts[
    (parts["kind"] == "body") & (parts["voice"] == "quote") & (parts["speaker"] == "Ilham Aliyev")
]
print(
    f"{len(western)} Western speeches; Aliyev's UN speeches: {aliyev_un['year'].tolist()}; "
    f"{len(quoted_words)} quoted passages in the seed"
)

# %%
for target, name, label, min_freq in [
    (
        quoted_words,
        "keyness_aliyev_quotes_vs_western_un",
        "Aliyev's quoted words (seed)",
        keyness_min_freq_quotes,
    ),
    (aliyev_un, "keyness_aliyev_un_vs_western_un", "Aliyev's UN speeches", keyness_min_freq),
]:
    key = dc.keyness(target, western, min_freq=min_freq)
    shown = key[(key["g2"] > 0)].head(top_terms)
    finding = (
        f"Against Western UN speeches, the words most key to {label} are "
        f"{', '.join(shown['term'].head(5))} (G² {shown['g2'].iloc[0]:.0f} for the first)."
    )
    ranked = key[key["p_value"] < 0.001]
    table = pd.concat([ranked.head(50), ranked.tail(50)]).drop_duplicates("term")
    table = table.reset_index(drop=True)
    save_table(table, name, finding=finding, **SAVE)
    ax = plot.plot_keyness(key, n=top_terms, labels=(label, "Western UN speeches"))
    save_figure(ax.figure, name, finding=finding, **SAVE)
