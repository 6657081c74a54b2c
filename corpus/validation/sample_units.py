"""Draw the sentence sample for the blind-coded validation set (writes ``units.csv``).

Run from the project root, with the corpora reachable by ``discourse.load_corpus`` (a data
mirror in ``DISCOURSE_MIRROR`` or a filled cache in ``DISCOURSE_DATA``)::

    python corpus/validation/sample_units.py

The sampler sees one table with the columns ``doc_id, text, corpus, year, group`` (``group``:
the ISO3 code for a UN speech, the year for a Kremlin item, ``seed`` for the seed), sorted by
corpus and ``doc_id``, so the draw depends on the texts only, not on the order they arrive in.

Units are sentences: paragraphs are split on blank lines, sentences with NLTK's untrained
``PunktSentenceTokenizer().span_tokenize`` (no model download), offsets index the normalised
text, and fragments under six words are skipped.

This splitter is kept on purpose, although the package has one unit builder
(:mod:`discourse.corpus.units`, under :func:`discourse.segment`): this script redraws batches
1-7 of ``units.csv`` from the sentence pools, so the draw must see the sentences it saw when
those batches were coded. Of the coded units of batches 1-7, 84-98 % per batch are also
sentences of :func:`discourse.segment`; cut by the package's builder the pools would differ,
the seeded draws would pick other sentences, and ``units.csv`` could not be reproduced. The
coded units themselves stay valid either way (they are stand-off ``doc_id, start, end`` with the
span's sha256, checked by ``tests/test_validation_data.py``). New samplers cut units with the
package's builder, so coded units and detected units are the same units:
``sample_meaning.py`` (batches 8-12) draws from :func:`discourse.segment`'s sentences, and all
its units are ``segment`` sentences. Strata (sizes in ``TARGETS``):

- ``seed``: every sentence of the seed article;
- ``random``: sentences drawn at random, UN speeches from 1992 on (balanced over countries) and
  Kremlin items (balanced over years);
- ``cue``: sentences holding one of the sampler's own broad cue words (``TRAD_CUES`` or
  ``WEST_CUES``), half from each list, balanced over countries/years;
- ``hard_negative``: sentences with a look-alike phrase (``HARD_NEGATIVE``) or a neutral mention
  of Europe / the United States (no critical cue word);
- ``cue_focused``: sentences with one of the definitions' key phrases (``FOCUS_TRAD``,
  ``FOCUS_WEST``), from Kremlin items and the UN speeches of ``FOCUS_COUNTRIES``; added after
  the first coding pass, drawn after the strata above so they are unchanged;
- ``cue_west``: sentences naming a Western actor (``WESTERN_ACTOR``) beside a critical word
  (``CRITICAL``), from the same speakers; added after the second pass, drawn last.

Batches (``BATCHES``: a seed and the stratum sizes each). The newest batch is the held-out
split; every earlier batch is ``dev``: a held-out batch is scored once and then released to
tuning, and a fresh batch is drawn for the next codebook. Each batch after the first draws only
from documents no earlier batch touched. Batch 1 was once split by a hash of the unit id; that
held-out part was scored twice (codebooks 1.0.0 and 1.1.0) before the batch was released.

The world design (batches 4-7, ``WORLD_BATCHES``) draws from the whole corpus (every UN speech
of 199 countries and the EU, 1946-2024, and every Kremlin item), only from documents batches
1-3 never touched: batch 4 (training) and its traditional-values supplement batch 6 from 170
countries and the Kremlin; batches 5 and 7, the country-disjoint held-out split, from
``heldout_countries`` (six per UN regional group, outside the first frame). Draws go round-robin
over cells (UN regional group or Kremlin, crossed with an era) and inside a cell over
countries (:func:`nested_sample`); the strata add four kinds of hard negative and a
codebook/model ``disagreement`` stratum (:func:`world_pools`).

No text is written to the repository, only stand-off offsets and the span's sha256;
``--packets DIR`` writes shuffled coding packets (``unit_id, source, text``; the source line
says who speaks) to a folder outside it.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd
from nltk.tokenize.punkt import PunktSentenceTokenizer

from discourse.corpus.normalise import sha256_text

SEED = 20241219
SECOND_CODER_SEED = 11
MIN_WORDS = 6
FIRST_UN_YEAR = 1992
SEED_DOC_ID = "bne-2024-12-19-aliyev"

# (stratum, corpus) -> number of units
TARGETS: dict[tuple[str, str], int] = {
    ("random", "ungdc"): 110,
    ("random", "kremlin"): 80,
    ("cue", "ungdc"): 76,
    ("cue", "kremlin"): 70,
    ("hard_negative", "ungdc"): 50,
    ("hard_negative", "kremlin"): 34,
    # Added after the first coding pass found few positives outside the seed: drawn after the
    # strata above from the same random stream, so the earlier draws are unchanged.
    ("cue_focused", "ungdc"): 50,
    ("cue_focused", "kremlin"): 50,
    # Added after the second pass still found few anti-Western sentences outside the seed: a
    # named Western actor next to a critical word, again drawn last.
    ("cue_west", "ungdc"): 40,
    ("cue_west", "kremlin"): 30,
}
# The fresh held-out batch: the same strata, weighted towards the cue-bearing ones so that both
# frames have enough positives for a useful interval.
BATCH2_TARGETS: dict[tuple[str, str], int] = {
    ("random", "ungdc"): 30,
    ("random", "kremlin"): 30,
    ("cue", "ungdc"): 20,
    ("cue", "kremlin"): 20,
    ("hard_negative", "ungdc"): 20,
    ("hard_negative", "kremlin"): 20,
    ("cue_focused", "ungdc"): 50,
    ("cue_focused", "kremlin"): 50,
    ("cue_west", "ungdc"): 40,
    ("cue_west", "kremlin"): 40,
}
# The first design's batches: (random seed, stratum sizes), in the order they were drawn. They
# draw from the first mirror's frame only (``FIRST_FRAME_COUNTRIES``, UN speeches from 1992 on,
# the Kremlin items and the seed), so they are reproduced exactly now that the corpus is larger.
BATCHES: list[tuple[int, dict[tuple[str, str], int]]] = [
    (SEED, TARGETS),
    (20261128, BATCH2_TARGETS),  # codebook 1.2.0 scored on it, then released
    (20261129, BATCH2_TARGETS),  # codebook 1.3.0 scored on it, then released
]
# The 32 countries of the first UN mirror: the frame of batches 1-3.
FIRST_FRAME_COUNTRIES = frozenset(
    {
        "RUS", "AZE", "ARM", "GEO", "BLR", "KAZ", "UZB", "KGZ", "TJK", "TKM", "MDA", "UKR", "TUR",
        "HUN", "POL", "SRB", "IRN", "CHN", "VEN", "CUB", "SYR", "NIC", "USA", "GBR", "FRA", "DEU",
        "ITA", "CAN", "SWE", "IND", "BRA", "ZAF",
    }
)  # fmt: skip
# Units per batch given to the second coder: drawn from the positive-rich strata.
SECOND_CODER_STRATA = ("cue_focused", "cue_west")
SECOND_CODER_PER_BATCH = 60
# UN speakers whose speeches the focused stratum draws from.
FOCUS_COUNTRIES = frozenset(
    {"RUS", "BLR", "AZE", "HUN", "TUR", "IRN", "CHN", "VEN", "CUB", "NIC", "SYR", "SRB", "KAZ"}
)

# Broad on purpose: words a coder would look at first, written from the frame definitions.
TRAD_CUES = re.compile(
    r"\btradition\w*|\bfamil(?:y|ies)\b|\bmoral\w*|\bspiritual\w*|\breligio\w*|\bfaith\b"
    r"|\bchurch\w*|\borthodox\w*|\bislam\w*|\bchristian\w*|\blgbt\w*|\bgender\b|\bsame-sex\b"
    r"|\bmarriage\b|\bdecaden\w*|\bdegrad\w*|\bdecay\w*|\bpervers\w*|\bpermissiv\w*"
    r"|\broots\b|\bvalues\b|\bcivili[sz]ation\w*|\bidentity\b",
    re.IGNORECASE,
)
WEST_CUES = re.compile(
    r"\bthe West\b|\bWestern\b|\bNATO\b|\bUnited States\b|\bWashington\b|\bAmerica\w*"
    r"|\bEurope\w*|\bEU\b|\bhegemon\w*|\bunipolar\b|\bcolonial\w*|\bneo-?colonial\w*"
    r"|\binterfer\w*|\bmeddl\w*|\bdouble standards?\b|\bsanction\w*|\bimpos\w*|\bNGOs?\b"
    r"|\bdiktat\b|\bdictat\w*|\bregime change\b|\bcolou?r revolution\w*|\bBritain\b"
    r"|\bBritish\b|\bFrance\b|\bFrench\b|\bGermany\b|\bGerman\b|\bRussophob\w*",
    re.IGNORECASE,
)
HARD_NEGATIVE = re.compile(
    r"\buniversal values\b|\bdemocratic values\b|\bEuropean values\b|\bcommon values\b"
    r"|\bhuman rights values\b|\bWest Bank\b|\bWestern Sahara\b|\bWest Africa\w*"
    r"|\bWestern Balkans\b|\bWestern Hemisphere\b|\bfamily of nations\b|\bUnited Nations family\b"
    r"|\bUN family\b|\bgood faith\b|\bgender equality\b|\bwomen's rights\b|\bcultural heritage\b"
    r"|\binterfaith\b|\binter-religious\b|\breligious tolerance\b|\bfamily planning\b",
    re.IGNORECASE,
)
# Narrower cues for the ``cue_focused`` stratum: the definitions' own key phrases.
FOCUS_TRAD = re.compile(
    r"\btraditional (?:values|family|families|morals?)\b|\bspiritual and moral\b"
    r"|\bmoral (?:values|foundations?|decline|degradation)\b|\bdecaden\w*|\bLGBT\w*"
    r"|\bsame-sex\b|\bgender ideology\b|\bdebauch\w*|\bperver\w*|\bspiritual values\b"
    r"|\breligious (?:roots|values|foundations?)\b|\bfamily values\b",
    re.IGNORECASE,
)
FOCUS_WEST = re.compile(
    r"\bthe West\b|\bWestern (?:countries|powers|partners|states|elites?|media|values)\b"
    r"|\bNATO\b|\bhegemon\w*|\bunipolar\b|\bdouble standards?\b|\bcolou?r revolution\w*"
    r"|\bRussophob\w*|\bimperialis\w*|\bneo-?colonial\w*|\bWashington\b|\bAmerican\b",
    re.IGNORECASE,
)
NEUTRAL_WEST = re.compile(
    r"\bEurope\b|\bEuropean Union\b|\bUnited States\b|\bWashington\b|\bFrance\b|\bGermany\b",
    re.IGNORECASE,
)
WESTERN_ACTOR = re.compile(
    r"\bthe West\b|\bWestern\b|\bNATO\b|\bUnited States\b|\bWashington\b|\bAmerican\b"
    r"|\bEuropean Union\b|\bEU\b|\bBrussels\b|\bFrance\b|\bBritain\b|\bUnited Kingdom\b"
    r"|\bGermany\b",
    re.IGNORECASE,
)
CRITICAL = re.compile(
    r"hegemon|impos|interfer|sanction|colonial|double standard|aggress|expan|domina|diktat"
    r"|pressure|hostil|threat|unilateral|meddl|hypocri|lectur|exploit",
    re.IGNORECASE,
)

_PUNKT = PunktSentenceTokenizer()  # batches 1-7 were cut with it: see the module docstring


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text`` (paragraphs split on blank lines)."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for par in text.split("\n\n"):
        for start, end in _PUNKT.span_tokenize(par):
            spans.append((offset + start, offset + end))
        offset += len(par) + 2
    return spans


def unit_id(doc_id: str, start: int, end: int) -> str:
    """A persistent id for a span: ``u`` and 12 hex digits of sha256(doc_id:start:end)."""
    return "u" + hashlib.sha256(f"{doc_id}:{start}:{end}".encode()).hexdigest()[:12]


def with_group(docs: pd.DataFrame) -> pd.DataFrame:
    """``docs`` in a canonical order with a ``group`` column (the unit of balance)."""
    docs = docs.copy()
    docs["year"] = docs["year"].astype("Int64")
    docs["group"] = [
        str(iso) if corpus == "ungdc" else ("seed" if corpus == "seed" else f"year-{year}")
        for corpus, iso, year in zip(docs["corpus"], docs["iso3"], docs["year"], strict=True)
    ]
    # A canonical order (corpus, then doc_id), so the draw does not depend on how the source
    # happens to order its rows.
    rank = docs["corpus"].map({"seed": 0, "ungdc": 1, "kremlin": 2})
    docs = docs.assign(_rank=rank).sort_values(["_rank", "doc_id"], kind="stable")
    return docs[["doc_id", "text", "corpus", "year", "group"]].reset_index(drop=True)


def load_texts() -> pd.DataFrame:
    """The seed, UN and Kremlin documents, read through ``discourse.load_corpus``."""
    from discourse import load_corpus
    from discourse.errors import CorpusUnavailableError

    frames = []
    for name in ("seed", "ungdc", "kremlin"):
        try:
            df = load_corpus(name)
        except CorpusUnavailableError as exc:
            sys.exit(f"sample_units.py: {exc}\nSet DISCOURSE_MIRROR or DISCOURSE_DATA.")
        frames.append(df[["doc_id", "text", "corpus", "year", "iso3"]])
    return with_group(pd.concat(frames, ignore_index=True))


def sentence_table(docs: pd.DataFrame) -> pd.DataFrame:
    """All sentences of ``docs`` with at least ``MIN_WORDS`` words (columns with ``sentence``)."""
    rows: list[tuple[str, int, int, str, str, str]] = []
    columns = [docs[c] for c in ("doc_id", "text", "corpus", "year", "group")]
    for doc_id, text, corpus, year, group in zip(*columns, strict=True):
        if corpus == "ungdc" and (
            pd.isna(year) or int(year) < FIRST_UN_YEAR or group not in FIRST_FRAME_COUNTRIES
        ):
            continue
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if len(sentence.split()) >= MIN_WORDS:
                rows.append((str(doc_id), start, end, str(corpus), str(group), sentence))
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "corpus", "group", "sentence"])


def balanced_sample(pool: pd.DataFrame, n: int, rng: random.Random, taken: set[str]) -> list[int]:
    """Row labels of ``n`` rows of ``pool``, drawn round-robin over its groups in random order."""
    by_group: dict[str, list[int]] = {}
    for label, group in zip(pool.index, pool["group"], strict=True):
        by_group.setdefault(str(group), []).append(int(label))
    queues = {g: rng.sample(labels, len(labels)) for g, labels in sorted(by_group.items())}
    chosen: list[int] = []
    while len(chosen) < n and any(queues.values()):
        order = sorted(queues)
        rng.shuffle(order)
        for g in order:
            queue = queues[g]
            while queue:
                label = queue.pop()
                key = str(pool.at[label, "uid"])
                if key not in taken:
                    taken.add(key)
                    chosen.append(label)
                    break
            if len(chosen) == n:
                break
    return chosen


def pools_of(sentences: pd.DataFrame) -> dict[str, pd.Series]:
    """Boolean masks over ``sentences``: the cue pools the strata draw from."""
    text = sentences["sentence"]
    is_hard = text.str.contains(HARD_NEGATIVE)
    is_neutral_west = text.str.contains(NEUTRAL_WEST) & ~text.str.contains(CRITICAL)
    return {
        "random": pd.Series(True, index=sentences.index),
        "trad": text.str.contains(TRAD_CUES) & ~is_hard,
        "west": text.str.contains(WEST_CUES) & ~is_hard,
        "hard": is_hard,
        "neutral_west": is_neutral_west & ~is_hard,
        "focus_trad": text.str.contains(FOCUS_TRAD) & ~is_hard,
        "focus_west": text.str.contains(FOCUS_WEST) & ~is_hard,
        "west_critical": text.str.contains(WESTERN_ACTOR) & text.str.contains(CRITICAL) & ~is_hard,
    }


def draw_strata(
    sentences: pd.DataFrame,
    pools: dict[str, pd.Series],
    targets: dict[tuple[str, str], int],
    rng: random.Random,
    taken: set[str],
    eligible: pd.Series,
) -> list[tuple[int, str]]:
    """``(row label, stratum)`` for the ``targets`` strata, drawn from the ``eligible`` rows."""
    focus_speaker = (sentences["corpus"] == "kremlin") | sentences["group"].isin(FOCUS_COUNTRIES)
    picked: list[tuple[int, str]] = []
    for (stratum, corpus), n in targets.items():
        in_corpus = eligible & (sentences["corpus"] == corpus)
        if stratum == "random":
            parts = [("random", n)]
        elif stratum == "cue":
            parts = [("trad", n // 2), ("west", n - n // 2)]
        elif stratum == "cue_focused":
            in_corpus = in_corpus & focus_speaker
            parts = [("focus_trad", n // 2), ("focus_west", n - n // 2)]
        elif stratum == "cue_west":
            in_corpus = in_corpus & focus_speaker
            parts = [("west_critical", n)]
        else:
            parts = [("hard", n - n // 3), ("neutral_west", n // 3)]
        for pool_name, k in parts:
            pool = sentences[in_corpus & pools[pool_name]]
            picked += [(label, stratum) for label in balanced_sample(pool, k, rng, taken)]
    return picked


def draw(sentences: pd.DataFrame) -> pd.DataFrame:
    """The units of every batch (all seed sentences in batch 1), in a stable order."""
    sentences = sentences.copy()
    sentences["uid"] = [
        unit_id(d, s, e)
        for d, s, e in zip(sentences["doc_id"], sentences["start"], sentences["end"], strict=True)
    ]
    pools = pools_of(sentences)
    taken: set[str] = set()
    picked: list[tuple[int, str, int]] = []
    for label in sentences.index[sentences["corpus"] == "seed"]:
        taken.add(str(sentences.at[label, "uid"]))
        picked.append((int(label), "seed", 1))
    for batch, (seed, targets) in enumerate(BATCHES, start=1):
        # A later batch never draws from a document an earlier one touched, so no speech or
        # transcript has sentences on both sides of the split.
        used_docs = set(sentences.loc[[label for label, _, _ in picked], "doc_id"])
        fresh = ~sentences["doc_id"].isin(used_docs) if batch > 1 else sentences["doc_id"].notna()
        drawn = draw_strata(sentences, pools, targets, random.Random(seed), taken, fresh)
        picked += [(label, stratum, batch) for label, stratum in drawn]
    units = sentences.loc[[label for label, _, _ in picked]].copy()
    units["stratum"] = [stratum for _, stratum, _ in picked]
    units["batch"] = [batch for _, _, batch in picked]
    units["span_sha256"] = [sha256_text(s) for s in units["sentence"]]
    # Every batch of the first design is now dev: the world design's batch 5 is the held-out one.
    units["split"] = "dev"
    units = units.rename(columns={"uid": "unit_id"})
    units = units.sort_values(["batch", "corpus", "doc_id", "start"], kind="stable")
    columns = ["unit_id", "doc_id", "start", "end", "span_sha256", "corpus", "stratum", "split"]
    return units[[*columns, "batch", "sentence"]].reset_index(drop=True)


# --------------------------------------------------------------------------- the world design
#
# Batches 4 and 5 draw from the whole corpus (every UN speech 1946-2024 of 199 countries and the
# EU, every Kremlin item), only from documents no earlier batch touched. Batch 4 is training
# data (``dev``). Batch 5 is the final held-out batch and is *country-disjoint*: it comes only
# from ``HELDOUT_COUNTRIES`` (drawn at random within each UN regional group from the countries
# outside the first frame), and no unit of batches 1-4 comes from those countries. Draws go
# round-robin over cells (a UN regional group or the Kremlin, crossed with an era) and, inside
# a cell, over countries (Kremlin: years), so no region, era or corpus dominates.

WORLD_SEED = 20261130
HELDOUT_SEED = 20261131
HELDOUT_PER_REGION = 6
ERAS: tuple[tuple[str, int, int], ...] = (
    ("cold_war", 1946, 1991),
    ("1992-2013", 1992, 2013),
    ("2014-", 2014, 2100),
)
# (stratum, pool) -> units, for the world training batch (4) and the held-out batch (5).
WORLD_TARGETS: dict[tuple[str, str], int] = {
    ("random", "random"): 300,
    ("cue", "trad"): 200,
    ("cue", "west"): 200,
    ("cue_focused", "focus_trad"): 420,
    ("cue_focused", "focus_west"): 200,
    ("cue_west", "west_critical"): 420,
    ("hard_negative", "hn_prowestern"): 100,
    ("hard_negative", "hn_tolerance"): 100,
    ("hard_negative", "hn_place"): 80,
    ("hard_negative", "hn_alias"): 80,
    ("disagreement", "disagree"): 300,
}
HELDOUT_TARGETS: dict[tuple[str, str], int] = {
    ("random", "random"): 100,
    ("cue", "trad"): 60,
    ("cue", "west"): 60,
    ("cue_focused", "focus_trad"): 230,
    ("cue_focused", "focus_west"): 70,
    ("cue_west", "west_critical"): 200,
    ("hard_negative", "hn_prowestern"): 30,
    ("hard_negative", "hn_tolerance"): 30,
    ("hard_negative", "hn_place"): 25,
    ("hard_negative", "hn_alias"): 25,
    ("disagreement", "disagree"): 90,
}
# Added after batches 4 and 5 were coded and before anything was scored on them: both held few
# traditional-values positives (57 in 2,400 and 14 in 920 units), so a supplement of each draws
# from the traditional-values cue pools only, from the same countries as before.
TRAD_SUPPLEMENT_TARGETS: dict[tuple[str, str], int] = {("cue_focused", "focus_trad"): 840}
HELDOUT_SUPPLEMENT_TARGETS: dict[tuple[str, str], int] = {
    ("cue_focused", "focus_trad"): 120,
    ("cue", "trad"): 300,
}
# (random seed, stratum sizes, held out?) in the order they were drawn.
WORLD_BATCHES: list[tuple[int, dict[tuple[str, str], int], bool]] = [
    (WORLD_SEED, WORLD_TARGETS, False),  # batch 4: training and tuning
    (HELDOUT_SEED, HELDOUT_TARGETS, True),  # batch 5: the country-disjoint held-out batch
    (20261201, TRAD_SUPPLEMENT_TARGETS, False),  # batch 6: training, traditional-values cues
    (20261202, HELDOUT_SUPPLEMENT_TARGETS, True),  # batch 7: held out, traditional-values cues
]
SECOND_CODER_WORLD_BATCHES = (4, 5)
# Second coding of the world batches: this many units of each, drawn label-blind, most from the
# cue-bearing strata so that positives are frequent enough for alpha to mean something.
WORLD_SECOND_CODER = {"cue": 100, "other": 70}

# Broad cues written from the definitions for other regions and eras than the first frame's:
# the vocabulary of decolonisation, apartheid and the Cold War, and the moral vocabulary of
# religious conservatism. Added to the first design's ``TRAD_CUES`` / ``WEST_CUES``.
TRAD_CUES_WORLD = re.compile(
    r"\bsacred\b|\bdivine\b|\bGod\b|\bAllah\b|\bholy\b|\bvirtue\w*|\bmorals?\b|\bimmoral\w*"
    r"|\bhomosexual\w*|\bsodomy\b|\bpornograph\w*|\bpromiscu\w*|\bheritage\b|\bancestors?\b"
    r"|\bcustoms?\b|\bauthentic\w*|\bsoul\b|\bmaterialis\w*|\bpermissive\w*|\bvice\b",
    re.IGNORECASE,
)
WEST_CUES_WORLD = re.compile(
    r"\bimperialis\w*|\bcolonialis\w*|\bcolonial powers?\b|\bapartheid\b|\bembargo\w*"
    r"|\bblockade\w*|\bplunder\w*|\bexploit\w*|\bdouble-deal\w*|\bZionis\w*|\bracis\w*"
    r"|\bmonopol\w*|\bcapitalis\w*|\bdomination\b|\bsubjugat\w*|\bintervention\w*"
    r"|\bmercenar\w*|\bCIA\b|\bPentagon\b|\bWall Street\b|\bmetropol\w*",
    re.IGNORECASE,
)
FOCUS_TRAD_WORLD = re.compile(
    r"\bmoral (?:values|foundations?|decline|degradation|crisis|decay|fabric|order)\b"
    r"|\bspiritual (?:values|heritage|foundations?|renewal|revival)\b|\bdecaden\w*"
    r"|\bhomosexual\w*|\bsame-sex\b|\bLGBT\w*|\bgender ideology\b|\bdebauch\w*|\bperver\w*"
    r"|\btraditional (?:values|family|families|morals?|culture|way of life)\b|\bfamily values\b"
    r"|\b(?:sanctity|institution) of (?:the )?(?:family|marriage)\b|\bunion of a man and a woman\b"
    r"|\breligious (?:roots|values|foundations?|identity)\b|\bpermissive\w*|\bimmoral\w*"
    r"|\bour (?:traditions|customs|heritage|faith)\b|\bvirtues?\b",
    re.IGNORECASE,
)
FOCUS_WEST_WORLD = re.compile(
    r"\bimperialis\w*|\bneo-?colonial\w*|\bcolonial powers?\b|\bthe West\b|\bWestern powers\b"
    r"|\bNATO\b|\bhegemon\w*|\bdouble standards?\b|\bembargo\w*|\bblockade\w*"
    r"|\bUnited States\b.{0,60}\b(?:aggress|interven|imperial|domina|embargo|blockade)\w*",
    re.IGNORECASE,
)
WESTERN_ACTOR_WORLD = re.compile(
    WESTERN_ACTOR.pattern + r"|\bUnited Kingdom\b|\bItaly\b|\bBelgi\w*|\bPortug\w*|\bNetherlands\b"
    r"|\bSpain\b|\bimperialist\w*|\bcolonial powers?\b|\bPentagon\b|\bCIA\b|\bAmerica\b",
    re.IGNORECASE,
)
CRITICAL_WORLD = re.compile(
    CRITICAL.pattern + r"|plunder|blockade|embargo|subjugat|oppress|apartheid|racis|complicit"
    r"|arm(?:s|ing|ed)\b|support(?:s|ing|ed)? (?:the )?(?:racist|apartheid|zionist)|double-deal",
    re.IGNORECASE,
)
# Hard negatives named by the frames issue: pro-Western or neutral sentences with hostile words
# near a Western name, values in a tolerance or anti-terror sense, look-alike places and
# collective nouns, and alias collisions of Western names.
COOPERATIVE = re.compile(
    r"\bthank\w*|\bgrateful\b|\bgratitude\b|\bwelcome\w*|\bstand(?:s)? (?:with|by)\b"
    r"|\bsolidarity\b|\btogether with\b|\balongside\b|\bcooperat\w*|\blift(?:ing|ed)?\b"
    r"|\bsupport(?:ed|s)? (?:by|from)\b|\bappreciat\w*|\bcommend\w*|\bpartnership\b",
    re.IGNORECASE,
)
TOLERANCE = re.compile(
    r"(?:\breligio\w*|\bfaith\w*|\bmoral\w*|\bvalues\b|\bspiritual\w*).{0,80}"
    r"(?:toleran\w*|dialogue|coexist\w*|terror\w*|extremis\w*|harmony|interfaith|respect for)"
    r"|(?:toleran\w*|dialogue|coexist\w*|terror\w*|extremis\w*|harmony|interfaith).{0,80}"
    r"(?:\breligio\w*|\bfaith\w*|\bmoral\w*|\bvalues\b|\bspiritual\w*)",
    re.IGNORECASE,
)
LOOKALIKE_PLACE = re.compile(
    r"\bWest Bank\b|\bWestern Sahara\b|\bWest Africa\w*|\bWest Indies\b|\bWestern Balkans\b"
    r"|\bWestern Hemisphere\b|\bWestern Pacific\b|\bWest Irian\b|\bWestern Samoa\b"
    r"|\bfamily of nations\b|\b(?:UN|United Nations) family\b|\bhuman family\b",
    re.IGNORECASE,
)
ALIAS_COLLISION = re.compile(
    r"\bpace\b|\bbush\b|\btrump\b|\bParis (?:Agreement|Club|Principles|Accords?|Peace)\b"
    r"|\bWashington Consensus\b|\bBerlin Wall\b|\bLondon Club\b|\bBrussels Programme\b"
    r"|\bNew York\b|\bGeneva\b|\bmarshal\w*"
)  # case-sensitive: "Bush" and "Trump" are the names, "bush" and "trump" are not


def era_of(year: object) -> str:
    """The era label of a year (``ERAS``), ``"undated"`` for a missing year."""
    if year is None or pd.isna(year):  # type: ignore[call-overload]
        return "undated"
    for label, first, last in ERAS:
        if first <= int(year) <= last:  # type: ignore[call-overload]
            return label
    return "undated"


def heldout_countries(regions: pd.DataFrame, available: set[str]) -> list[str]:
    """``HELDOUT_PER_REGION`` countries per UN regional group, outside the first frame.

    Drawn at random (``HELDOUT_SEED``) from the ISO3 codes in ``available`` (the UN corpus)
    that are not in ``FIRST_FRAME_COUNTRIES``: the held-out batch's speakers are countries no
    earlier batch and no training unit comes from.
    """
    rng = random.Random(HELDOUT_SEED)
    chosen: list[str] = []
    for _region, group in regions.dropna(subset=["region"]).groupby("region", sort=True):
        codes = sorted((set(group["iso3"]) & available) - FIRST_FRAME_COUNTRIES)
        chosen += sorted(rng.sample(codes, min(HELDOUT_PER_REGION, len(codes))))
    return chosen


def world_sentences(docs: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """Sentences of every UN speech and Kremlin item, with ``cell`` and ``country`` to balance on.

    ``cell`` is ``<UN regional group or Kremlin> | <era>``; ``group`` is the ISO3 code (UN)
    or ``year-<year>`` (Kremlin), as in the first design.
    """
    region_of = dict(
        zip(regions["iso3"], regions["region"].fillna("no regional group"), strict=True)
    )
    rows: list[tuple[str, int, int, str, str, str, str, str]] = []
    columns = [docs[c] for c in ("doc_id", "text", "corpus", "year", "group")]
    for doc_id, text, corpus, year, group in zip(*columns, strict=True):
        if corpus not in ("ungdc", "kremlin"):
            continue
        area = region_of.get(str(group), "no regional group") if corpus == "ungdc" else "Kremlin"
        cell = f"{area} | {era_of(year)}"
        country = str(group) if corpus == "ungdc" else "RUS"
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if len(sentence.split()) >= MIN_WORDS:
                rows.append(
                    (str(doc_id), start, end, str(corpus), str(group), cell, country, str(sentence))
                )
    return pd.DataFrame(
        rows,
        columns=["doc_id", "start", "end", "corpus", "group", "cell", "country", "sentence"],
    )


def world_pools(sentences: pd.DataFrame, disagree: pd.Series) -> dict[str, pd.Series]:
    """Boolean masks over ``sentences``: the pools the world strata draw from."""
    text = sentences["sentence"]
    has = {name: text.str.contains(rx) for name, rx in (
        ("hard", HARD_NEGATIVE), ("place", LOOKALIKE_PLACE), ("alias", ALIAS_COLLISION),
        ("tolerance", TOLERANCE), ("coop", COOPERATIVE), ("actor", WESTERN_ACTOR_WORLD),
        ("critical", CRITICAL_WORLD),
    )}  # fmt: skip
    look_alike = has["hard"] | has["place"]
    return {
        "random": pd.Series(True, index=sentences.index),
        "trad": (text.str.contains(TRAD_CUES) | text.str.contains(TRAD_CUES_WORLD)) & ~look_alike,
        "west": (text.str.contains(WEST_CUES) | text.str.contains(WEST_CUES_WORLD)) & ~look_alike,
        "focus_trad": (text.str.contains(FOCUS_TRAD) | text.str.contains(FOCUS_TRAD_WORLD))
        & ~look_alike,
        "focus_west": (text.str.contains(FOCUS_WEST) | text.str.contains(FOCUS_WEST_WORLD))
        & ~look_alike,
        "west_critical": has["actor"] & has["critical"] & ~look_alike & ~has["coop"],
        "hn_prowestern": has["actor"] & has["critical"] & has["coop"],
        "hn_tolerance": has["tolerance"],
        "hn_place": has["place"],
        "hn_alias": has["alias"],
        "disagree": disagree,
    }


def nested_sample(pool: pd.DataFrame, n: int, rng: random.Random, taken: set[str]) -> list[int]:
    """Row labels of ``n`` rows of ``pool``: round-robin over cells, inside a cell over groups.

    Each round visits every cell that still has rows, in a random order; a cell gives the next
    unit of its next group (groups too are visited round-robin in a random order). Bounded: every
    step pops one candidate, so the loop ends after at most ``len(pool)`` pops.
    """
    cells: dict[str, dict[str, list[int]]] = {}
    for label, cell, group in zip(pool.index, pool["cell"], pool["group"], strict=True):
        cells.setdefault(str(cell), {}).setdefault(str(group), []).append(int(label))
    queues = {
        cell: {g: rng.sample(labels, len(labels)) for g, labels in sorted(groups.items())}
        for cell, groups in sorted(cells.items())
    }
    turn = {cell: rng.sample(sorted(groups), len(groups)) for cell, groups in queues.items()}
    chosen: list[int] = []
    while len(chosen) < n and any(turn.values()):
        order = sorted(c for c in turn if turn[c])
        rng.shuffle(order)
        for cell in order:
            while turn[cell]:
                group = turn[cell].pop(0)
                queue = queues[cell][group]
                label = queue.pop() if queue else None
                if queue:
                    turn[cell].append(group)  # the group waits for its next turn
                if label is not None and str(pool.at[label, "uid"]) not in taken:
                    taken.add(str(pool.at[label, "uid"]))
                    chosen.append(label)
                    break
            if len(chosen) == n:
                break
    return chosen


def disagreement(sentences: pd.DataFrame, coded: pd.DataFrame) -> pd.Series:
    """Where the codebook and a TF-IDF + logistic-regression model disagree, for either frame.

    The model is trained on the coded units of the first design (coder 1) and the rules are
    codebook 1.3.0, the version current when the world batches were drawn (pinned, so the draw
    reproduces), so this stratum finds what the rules and a learned model read differently:
    the units active learning asks for. Label-blind for the new units: it uses only earlier coding.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from discourse import detect_frames

    # pinned to what the stratum was drawn with: codebook 1.3.0, before any model shipped
    first_codebook = Path(__file__).with_name("codebooks") / "default-1.3.0.yaml"
    flags = detect_frames(sentences["sentence"].tolist(), str(first_codebook), method="codebook")
    out = pd.Series(False, index=sentences.index)
    for frame in ("traditional_values", "anti_western"):
        model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            LogisticRegression(max_iter=2000, class_weight="balanced", random_state=0),
        )
        model.fit(coded["sentence"], coded[frame])
        learned = model.predict(sentences["sentence"]).astype(bool)
        out |= pd.Series(learned != flags[frame].to_numpy(dtype=bool), index=sentences.index)
    return out


def draw_world(
    sentences: pd.DataFrame, used_docs: set[str], coded: pd.DataFrame, regions: pd.DataFrame
) -> pd.DataFrame:
    """Batches 4 (training) and 5 (country-disjoint held-out) of the world design."""
    sentences = sentences[~sentences["doc_id"].isin(used_docs)].reset_index(drop=True)
    sentences["uid"] = [
        unit_id(d, s, e)
        for d, s, e in zip(sentences["doc_id"], sentences["start"], sentences["end"], strict=True)
    ]
    held = set(
        heldout_countries(regions, set(sentences.loc[sentences["corpus"] == "ungdc", "country"]))
    )
    in_heldout = sentences["country"].isin(held)
    # The disagreement model is only run on a random fifth of the sentences: enough candidates
    # for both batches, and a bounded cost.
    probe = pd.Series(
        random.Random(WORLD_SEED).choices([True, False], [1, 4], k=len(sentences)),
        index=sentences.index,
    )
    disagree = pd.Series(False, index=sentences.index)
    disagree[probe] = disagreement(sentences[probe], coded).to_numpy()
    pools = world_pools(sentences, disagree)
    taken: set[str] = set()
    picked: list[tuple[int, str, int]] = []
    for batch, (seed, targets, held_out) in enumerate(WORLD_BATCHES, start=len(BATCHES) + 1):
        eligible = in_heldout if held_out else ~in_heldout
        rng = random.Random(seed)
        for (stratum, pool_name), k in targets.items():
            pool = sentences[eligible & pools[pool_name]]
            picked += [(label, stratum, batch) for label in nested_sample(pool, k, rng, taken)]
    units = sentences.loc[[label for label, _, _ in picked]].copy()
    units["stratum"] = [stratum for _, stratum, _ in picked]
    units["batch"] = [batch for _, _, batch in picked]
    units["span_sha256"] = [sha256_text(s) for s in units["sentence"]]
    held_batches = {len(BATCHES) + 1 + k for k, (_, _, h) in enumerate(WORLD_BATCHES) if h}
    units["split"] = ["heldout" if b in held_batches else "dev" for b in units["batch"]]
    units = units.rename(columns={"uid": "unit_id"})
    return units.sort_values(["batch", "corpus", "doc_id", "start"], kind="stable")


def second_coder_units(units: pd.DataFrame, already: set[str]) -> list[str]:
    """Unit ids for the second coder: ``SECOND_CODER_PER_BATCH`` per batch, positive-rich strata.

    Drawn at random (``SECOND_CODER_SEED``) from the ``SECOND_CODER_STRATA`` units of each batch
    that the second coder has not coded yet (``already``), so the subset is chosen by how the
    unit was sampled, never by its label.
    """
    rng = random.Random(SECOND_CODER_SEED)
    chosen: list[str] = []
    for batch in sorted(units["batch"].unique()):
        mask = (units["batch"] == batch) & units["stratum"].isin(SECOND_CODER_STRATA)
        candidates = sorted(set(units.loc[mask, "unit_id"]) - already)
        chosen += rng.sample(candidates, min(SECOND_CODER_PER_BATCH, len(candidates)))
    return chosen


def write_packets(units: pd.DataFrame, folder: Path) -> None:
    """Shuffled coding packets (``unit_id, text``) for the newest batch's coders.

    ``coder1_batch<N>.csv`` holds every unit of the newest batch ``N``; ``coder2_batch<N>.csv``
    the units of :func:`second_coder_units` from it. Neither carries a stratum, a split or a
    label. The folder must lie outside the repository: the texts are the corpora's, not ours to
    commit.
    """
    folder = folder.resolve()
    if Path(__file__).resolve().parents[2] in (folder, *folder.parents):
        sys.exit(f"sample_units.py: --packets {folder} is inside the repository; choose another")
    coder2 = Path(__file__).with_name("coder2.csv")
    already = set(pd.read_csv(coder2)["unit_id"]) if coder2.exists() else set()
    text = dict(zip(units["unit_id"], units["sentence"], strict=True))
    newest = units[units["batch"] == len(BATCHES)]
    packets = {
        f"coder1_batch{len(BATCHES)}.csv": newest["unit_id"].tolist(),
        f"coder2_batch{len(BATCHES)}.csv": second_coder_units(newest, already),
    }
    for name, ids in packets.items():
        ids = random.Random(name).sample(ids, len(ids))
        write_csv(pd.DataFrame({"unit_id": ids, "text": [text[u] for u in ids]}), folder / name)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` to ``path`` atomically (a temporary file in the same folder, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        os.chmod(tmp, 0o644)
        df.to_csv(tmp, index=False, lineterminator="\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sources(docs: pd.DataFrame) -> dict[str, str]:
    """A short source line per document for coders: who speaks, where and when."""
    out = {}
    for doc_id, corpus, country, year in zip(
        docs["doc_id"], docs["corpus"], docs["country"], docs["year"], strict=True
    ):
        when = "" if pd.isna(year) else f", {int(year)}"
        if corpus == "ungdc":
            out[str(doc_id)] = f"UN General Debate speech, {country}{when}"
        elif corpus == "kremlin":
            out[str(doc_id)] = f"Kremlin transcript or news item{when}"
        else:
            out[str(doc_id)] = "news report (bne IntelliNews)"
    return out


def write_world_packets(units: pd.DataFrame, where: dict[str, str], folder: Path) -> None:
    """Shuffled coding packets of the world batches, ``PACKET_SIZE`` units each.

    ``coder1_b<batch>_<k>.csv`` for the first coder (every unit), ``coder2_world.csv`` for the
    second (``WORLD_SECOND_CODER`` units per batch, drawn label-blind by stratum). Columns
    ``unit_id, source, text``: no stratum, split or label. The folder must lie outside the
    repository.
    """
    folder = folder.resolve()
    if Path(__file__).resolve().parents[2] in (folder, *folder.parents):
        sys.exit(f"sample_units.py: --packets {folder} is inside the repository; choose another")
    text = dict(zip(units["unit_id"], units["sentence"], strict=True))
    source = {u: where[d] for u, d in zip(units["unit_id"], units["doc_id"], strict=True)}

    def packet(ids: list[str], name: str) -> None:
        ids = random.Random(name).sample(ids, len(ids))
        table = pd.DataFrame(
            {"unit_id": ids, "source": [source[u] for u in ids], "text": [text[u] for u in ids]}
        )
        write_csv(table, folder / name)

    rng = random.Random(SECOND_CODER_SEED)
    second: list[str] = []
    for batch in sorted(units["batch"].unique()):
        ids = sorted(units.loc[units["batch"] == batch, "unit_id"])
        ids = random.Random(f"batch{batch}").sample(ids, len(ids))
        for k in range(0, len(ids), PACKET_SIZE):
            packet(ids[k : k + PACKET_SIZE], f"coder1_b{batch}_{k // PACKET_SIZE + 1}.csv")
        if batch not in SECOND_CODER_WORLD_BATCHES:
            continue
        in_batch = units[units["batch"] == batch]
        cue = in_batch["stratum"].isin(["cue", "cue_focused", "cue_west"])
        second += rng.sample(sorted(in_batch.loc[cue, "unit_id"]), WORLD_SECOND_CODER["cue"])
        second += rng.sample(sorted(in_batch.loc[~cue, "unit_id"]), WORLD_SECOND_CODER["other"])
    packet(second, "coder2_world.csv")


PACKET_SIZE = 420


def main(packets: Path | None = None) -> pd.DataFrame:
    """Sample, write ``units.csv`` beside this script (and the packets) and return the units."""
    from discourse.corpus.load import load_corpus
    from discourse.corpus.registry import region_table

    docs = load_texts()
    units = draw(sentence_table(docs))
    coder1 = pd.read_csv(Path(__file__).with_name("coder1.csv"))
    coded = units.merge(coder1, on="unit_id")
    regions = region_table()
    world = draw_world(world_sentences(docs, regions), set(units["doc_id"]), coded, regions)
    world = world[units.columns]
    units = pd.concat([units, world], ignore_index=True)
    write_csv(units.drop(columns="sentence"), Path(__file__).with_name("units.csv"))
    if packets is not None:
        meta = pd.concat(
            [load_corpus(n, progress=False)[["doc_id", "corpus", "country", "year"]]
             for n in ("seed", "ungdc", "kremlin")],
            ignore_index=True,
        )  # fmt: skip
        write_world_packets(units[units["batch"] > len(BATCHES)], sources(meta), packets)
    return units


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=Path, help="write coding packets to this folder")
    result = main(parser.parse_args().packets)
    print(result.groupby(["batch", "stratum", "corpus", "split"]).size().to_string())
    print(f"{len(result)} units")
