"""Draw the sentence sample for the hand-coded validation set (writes ``units.csv``).

Run from the project root, with the corpora reachable by ``discourse.load_corpus`` (a data
mirror in ``DISCOURSE_MIRROR`` or a filled cache in ``DISCOURSE_DATA``)::

    python corpus/validation/sample_units.py

The sampler sees one table with the columns ``doc_id, text, corpus, year, group`` (``group``:
the ISO3 code for a UN speech, the year for a Kremlin item, ``seed`` for the seed), sorted by
corpus and ``doc_id``, so the draw depends on the texts only, not on the order they arrive in.

Units are sentences: paragraphs are split on blank lines, sentences with NLTK's untrained
``PunktSentenceTokenizer().span_tokenize`` (no model download), offsets index the normalised
text, and fragments under six words are skipped. Strata (sizes in ``TARGETS``):

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

No text is written to the repository, only stand-off offsets and the span's sha256;
``--packets DIR`` writes shuffled coding packets (``unit_id, text``) to a folder outside it.
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
# Every batch: (random seed, stratum sizes), in the order they were drawn. The newest is held out.
BATCHES: list[tuple[int, dict[tuple[str, str], int]]] = [
    (SEED, TARGETS),
    (20261128, BATCH2_TARGETS),  # codebook 1.2.0 scored on it, then released
    (20261129, BATCH2_TARGETS),  # codebook 1.3.0 scored on it: the current held-out batch
]
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

_PUNKT = PunktSentenceTokenizer()


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
        if corpus == "ungdc" and (pd.isna(year) or int(year) < FIRST_UN_YEAR):
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
    units["split"] = ["heldout" if batch == len(BATCHES) else "dev" for batch in units["batch"]]
    units = units.rename(columns={"uid": "unit_id"})
    units = units.sort_values(["batch", "corpus", "doc_id", "start"], kind="stable")
    columns = ["unit_id", "doc_id", "start", "end", "span_sha256", "corpus", "stratum", "split"]
    return units[[*columns, "batch", "sentence"]].reset_index(drop=True)


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


def main(packets: Path | None = None) -> pd.DataFrame:
    """Sample, write ``units.csv`` beside this script (and the packets) and return the units."""
    docs = load_texts()
    units = draw(sentence_table(docs))
    write_csv(units.drop(columns="sentence"), Path(__file__).with_name("units.csv"))
    if packets is not None:
        write_packets(units, packets)
    return units


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=Path, help="write coding packets to this folder")
    result = main(parser.parse_args().packets)
    print(result.groupby(["batch", "stratum", "corpus", "split"]).size().to_string())
    print(f"{len(result)} units")
