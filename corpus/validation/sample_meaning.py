"""Draw the "frames by meaning" batches 8-12 of the blind-coded validation set (issue 19).

Run from the project root, with the corpora reachable by ``discourse.load_corpus``::

    python -m corpus.validation.sample_meaning [--packets DIR]

What it adds to ``units.csv`` (the earlier batches' rows are kept as they are):

- **Units are segment's sentences.** The unit builder is :func:`discourse.segment` (the one the
  detector uses), so a coded unit is a row of the sentence table: same ``doc_id``, ``start``,
  ``end``. Body sentences of six words or more.
- **A new speaker family: US presidents** (``load_corpus("sotu")``), beside every UN speech and
  Kremlin item. Only documents no earlier batch touched are drawn from.
- **Speaker-disjoint held-out batch 10.** Its speakers have no dev unit: the 30 held-out countries
  of the world design (``sample_units.heldout_countries``) and ``HELDOUT_PRESIDENTS_PER_ERA``
  presidents per era of the Union, drawn at random (seed ``HELDOUT_PRESIDENT_SEED``); no dev
  unit comes from their addresses. The Kremlin has no held-out speaker (every era of it has dev
  units), so batch 10 holds no Kremlin unit.
- **Dev batches.** Batch 8: UN speeches of the other 170 countries and the Kremlin; batch 9: the
  other presidents' addresses.
- **Strata.** The world design's (``sample_units.world_pools``: random, cue, cue_focused,
  cue_west, four hard-negative kinds, disagreement) plus four look-alike strata named by the
  issue: a Western actor as partner (``lookalike_partner``), as victim (``lookalike_victim``),
  as place (``lookalike_place``), and a criticised claim about the West (``lookalike_claim``),
  and a traditional-values cue pool for US presidents' own vocabulary (``cue_us_trad``: faith,
  God, the family, marriage, the sanctity of life, the unborn, Judeo-Christian, religious
  liberty, morality, decency). ``disagreement``: where the shipped codebook and the shipped
  classifier (``method="codebook"`` against ``method="classifier"``) disagree on either frame,
  computed on a random fifth of the sentences (bounded cost). The cue lists are the sampler's,
  written from the definitions, not the codebook's.
- **Balance.** Round-robin over cells (UN regional group, the Kremlin or US presidents, crossed
  with an era) and inside a cell over countries / years / presidents
  (``sample_units.nested_sample``).

``--packets DIR`` writes shuffled coding packets outside the repository (``PACKET_SIZE`` units,
columns ``unit_id, source, before, text, after``: who speaks, the unit with a sentence of context
on each side; no stratum, split or label), and second-coder packets (``SECOND_SHARE`` of each
first packet, drawn label-blind) for an independent coder.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import pandas as pd

from corpus.validation import sample_units as su
from discourse.corpus.normalise import sha256_text

HERE = Path(__file__).resolve().parent
MEANING_SEED = 20261205
HELDOUT_PRESIDENT_SEED = 20261206
HELDOUT_PRESIDENTS_PER_ERA = 2
PRESIDENT_ERAS: tuple[tuple[str, int, int], ...] = (
    ("1790-1860", 1790, 1860),
    ("1861-1900", 1861, 1900),
    ("1901-1945", 1901, 1945),
    ("1946-1980", 1946, 1980),
    ("1981-", 1981, 2100),
)
PACKET_SIZE = 250
SECOND_SHARE = 0.1

US_TRAD = re.compile(
    r"\bfaith\b|\bGod\b|\bAlmighty\b|\bProvidence\b|\bfamil(?:y|ies)\b|\bmarriage\b"
    r"|\bsanctity of (?:human )?life\b|\bunborn\b|\babortion\b|\bJudeo-Christian\b"
    r"|\breligious (?:liberty|freedom|faith|beliefs?)\b|\bmoral\w*\b|\bdecency\b|\bvirtue\w*"
    r"|\bprayer\w*|\bchurch\w*|\bvalues\b|\bspiritual\w*",
    re.IGNORECASE,
)
VICTIM = re.compile(
    r"\bvictims?\b|\battack(?:s|ed)? (?:on|in|against)\b|\bcondolence\w*|\bsympathy\b"
    r"|\bterrorist attacks?\b|\btragedy\b|\bmourn\w*|\bbomb(?:ing|ed)\b|\bkilled\b",
    re.IGNORECASE,
)
PLACE = re.compile(
    r"\b(?:in|at|to|from|held in|meeting in|summit in|conference in|visit to)\s+"
    r"(?:Paris|London|Washington|Brussels|Berlin|Rome|Madrid|Vienna|Geneva|New York|Lisbon"
    r"|The Hague|Strasbourg|Bonn|Ottawa|Canberra|Helsinki|Stockholm|Oslo|Copenhagen)\b",
)
CLAIM = re.compile(
    r"(?:\bblam\w*|\bscapegoat\w*|\baccus\w*|\bclaim\w*|\balleg\w*|\bmyth\w*|\bexcuse\w*"
    r"|\bconspiracy\b|\bpropaganda\b|\bso-called\b).{0,80}"
    r"(?:\bthe West\b|\bWestern\b|\bEurope\w*|\bUnited States\b|\bAmerica\w*|\bNATO\b"
    r"|\bcolonial\w*)"
    r"|(?:\bthe West\b|\bWestern\b|\bUnited States\b|\bNATO\b).{0,80}"
    r"(?:\bis (?:not|no longer) to blame\b|\bwrongly (?:blamed|accused)\b|\bunfairly\b)",
    re.IGNORECASE,
)

# (stratum, pool) -> units. Batch 8: UN (170 countries) and Kremlin dev; batch 9: US presidents
# dev; batch 10: speaker-disjoint held-out (30 countries and the held-out presidents).
UN_DEV: dict[tuple[str, str], int] = {
    ("random", "random"): 500,
    ("cue", "trad"): 400,
    ("cue", "west"): 300,
    ("cue_focused", "focus_trad"): 800,
    ("cue_focused", "focus_west"): 450,
    ("cue_west", "west_critical"): 650,
    ("hard_negative", "hn_prowestern"): 200,
    ("hard_negative", "hn_tolerance"): 200,
    ("hard_negative", "hn_place"): 120,
    ("hard_negative", "hn_alias"): 120,
    ("disagreement", "disagree"): 450,
    ("lookalike_partner", "lk_partner"): 220,
    ("lookalike_victim", "lk_victim"): 160,
    ("lookalike_place", "lk_place"): 130,
    ("lookalike_claim", "lk_claim"): 130,
}
US_DEV: dict[tuple[str, str], int] = {
    ("random", "random"): 350,
    ("cue_us_trad", "us_trad"): 800,
    ("cue_focused", "focus_trad"): 250,
    ("cue", "trad"): 150,
    ("cue", "west"): 120,
    ("cue_focused", "focus_west"): 120,
    ("cue_west", "west_critical"): 150,
    ("hard_negative", "hn_tolerance"): 120,
    ("lookalike_partner", "lk_partner"): 80,
    ("lookalike_victim", "lk_victim"): 60,
    ("disagreement", "disagree"): 100,
}
UN_HELDOUT: dict[tuple[str, str], int] = {
    ("random", "random"): 150,
    ("cue", "trad"): 120,
    ("cue", "west"): 100,
    ("cue_focused", "focus_trad"): 200,
    ("cue_focused", "focus_west"): 180,
    ("cue_west", "west_critical"): 280,
    ("hard_negative", "hn_prowestern"): 40,
    ("hard_negative", "hn_tolerance"): 40,
    ("hard_negative", "hn_place"): 30,
    ("hard_negative", "hn_alias"): 30,
    ("disagreement", "disagree"): 60,
    ("lookalike_partner", "lk_partner"): 40,
    ("lookalike_victim", "lk_victim"): 30,
    ("lookalike_place", "lk_place"): 30,
    ("lookalike_claim", "lk_claim"): 30,
}
US_HELDOUT: dict[tuple[str, str], int] = {
    ("random", "random"): 150,
    ("cue_us_trad", "us_trad"): 320,
    ("cue_focused", "focus_trad"): 100,
    ("cue", "west"): 50,
    ("cue_west", "west_critical"): 50,
    ("hard_negative", "hn_tolerance"): 50,
    ("lookalike_partner", "lk_partner"): 30,
    ("disagreement", "disagree"): 40,
}
# Drawn after batches 8-10 were coded, before anything was scored on them: the first coding pass
# went faster than planned, so a second dev batch (11) adds units where positives are scarce
# (traditional-values cues above all), and a held-out supplement (12) adds US presidents'
# traditional-values cues so the held-out batch can reach 100 positives of that frame.
UN_DEV_MORE: dict[tuple[str, str], int] = {
    ("random", "random"): 200,
    ("cue", "trad"): 700,
    ("cue", "west"): 300,
    ("cue_focused", "focus_trad"): 600,
    ("cue_focused", "focus_west"): 400,
    ("cue_west", "west_critical"): 500,
    ("hard_negative", "hn_prowestern"): 100,
    ("hard_negative", "hn_tolerance"): 100,
    ("lookalike_partner", "lk_partner"): 80,
    ("lookalike_victim", "lk_victim"): 80,
    ("lookalike_place", "lk_place"): 60,
    ("lookalike_claim", "lk_claim"): 60,
}
US_DEV_MORE: dict[tuple[str, str], int] = {
    ("random", "random"): 150,
    ("cue_us_trad", "us_trad"): 900,
    ("cue_focused", "focus_trad"): 150,
    ("cue", "trad"): 200,
}
US_HELDOUT_MORE: dict[tuple[str, str], int] = {("cue_us_trad", "us_trad"): 300}
# batch -> (corpora, held out?, stratum sizes), in drawing order (the held-out batch first, so its
# pools are not thinned by the dev draws of the same corpus).
MEANING_BATCHES: dict[int, tuple[tuple[str, ...], bool, dict[tuple[str, str], int]]] = {
    10: (("ungdc",), True, UN_HELDOUT),
    11: (("sotu",), True, US_HELDOUT),
    8: (("ungdc", "kremlin"), False, UN_DEV),
    9: (("sotu",), False, US_DEV),
    13: (("sotu",), True, US_HELDOUT_MORE),
    12: (("ungdc", "kremlin"), False, UN_DEV_MORE),
    14: (("sotu",), False, US_DEV_MORE),
}
# the draw keys -> batches: batch 10 holds both first held-out draws, 11 both second dev draws,
# 12 the held-out supplement
BATCH_OF = {8: 8, 9: 9, 10: 10, 11: 10, 12: 11, 13: 12, 14: 11}
HELDOUT_BATCHES = (10, 12)


def era_of_president(year: int) -> str:
    for label, first, last in PRESIDENT_ERAS:
        if first <= year <= last:
            return label
    return "undated"


def heldout_presidents(sotu: pd.DataFrame) -> list[str]:
    """``HELDOUT_PRESIDENTS_PER_ERA`` presidents per era, by the year of their first address."""
    first = sotu.groupby("speaker")["year"].min()
    rng = random.Random(HELDOUT_PRESIDENT_SEED)
    chosen: list[str] = []
    for label, _, _ in PRESIDENT_ERAS:
        names = sorted(str(n) for n, y in first.items() if era_of_president(int(y)) == label)
        chosen += sorted(rng.sample(names, min(HELDOUT_PRESIDENTS_PER_ERA, len(names))))
    return chosen


def load_docs() -> pd.DataFrame:
    from discourse import load_corpus

    parts = [load_corpus(name) for name in ("ungdc", "kremlin", "sotu")]
    return pd.concat(parts, ignore_index=True)


def sentence_table(docs: pd.DataFrame) -> pd.DataFrame:
    """segment's body sentences of six words or more, with the cells and groups to balance on."""
    from discourse import segment
    from discourse.corpus.registry import region_map

    sentences = segment(docs, progress=True)
    sentences = sentences[sentences["kind"] == "body"] if "kind" in sentences else sentences
    words = sentences["text"].astype(str).map(lambda t: len(t.split()))
    sentences = sentences[words >= su.MIN_WORDS].reset_index(drop=True)
    meta = docs.set_index("doc_id")[["corpus", "iso3", "year", "speaker"]]
    info = meta.loc[sentences["doc_id"]].reset_index(drop=True)
    regions = region_map()
    cell, group, country = [], [], []
    for corpus, iso3, year, speaker in zip(
        info["corpus"], info["iso3"], info["year"], info["speaker"], strict=True
    ):
        if corpus == "ungdc":
            area = regions.get(str(iso3))
            area = "no regional group" if area is None or pd.isna(area) else area
            cell.append(f"{area} | {su.era_of(year)}")
            group.append(str(iso3))
            country.append(str(iso3))
        elif corpus == "kremlin":
            cell.append(f"Kremlin | {su.era_of(year)}")
            group.append(f"year-{year}")
            country.append("RUS")
        else:
            cell.append(f"US presidents | {era_of_president(int(year))}")
            group.append(str(speaker))
            country.append(f"USA:{speaker}")
    return pd.DataFrame(
        {
            "doc_id": sentences["doc_id"].astype(str),
            "start": sentences["start"].astype(int),
            "end": sentences["end"].astype(int),
            "corpus": info["corpus"].astype(str),
            "group": group,
            "cell": cell,
            "country": country,
            "sentence": sentences["text"].astype(str),
        }
    )


def disagreement(sentences: pd.DataFrame) -> pd.Series:
    """Codebook against classifier on a random fifth of the sentences (either frame)."""
    from discourse import detect_frames

    probe = pd.Series(
        random.Random(MEANING_SEED).choices([True, False], [1, 4], k=len(sentences)),
        index=sentences.index,
    )
    texts = sentences.loc[probe, "sentence"].tolist()
    rules = detect_frames(texts, method="codebook")
    learned = detect_frames(texts, method="classifier")
    out = pd.Series(False, index=sentences.index)
    differs = pd.Series(False, index=range(len(texts)))
    for frame in ("traditional_values", "anti_western"):
        differs |= rules[frame].to_numpy(dtype=bool) != learned[frame].to_numpy(dtype=bool)
    out[probe] = differs.to_numpy()
    return out


def _flags(rx: re.Pattern[str]) -> str:
    return "(?i)" if rx.flags & re.IGNORECASE else ""


POOL_PATTERNS: dict[str, re.Pattern[str]] = {
    "trad1": su.TRAD_CUES, "trad2": su.TRAD_CUES_WORLD, "west1": su.WEST_CUES,
    "west2": su.WEST_CUES_WORLD, "ftrad1": su.FOCUS_TRAD, "ftrad2": su.FOCUS_TRAD_WORLD,
    "fwest1": su.FOCUS_WEST, "fwest2": su.FOCUS_WEST_WORLD, "hard": su.HARD_NEGATIVE,
    "place": su.LOOKALIKE_PLACE, "alias": su.ALIAS_COLLISION, "tolerance": su.TOLERANCE,
    "coop": su.COOPERATIVE, "actor": su.WESTERN_ACTOR_WORLD, "critical": su.CRITICAL_WORLD,
    "victim": VICTIM, "city": PLACE, "claim": CLAIM, "us_trad": US_TRAD,
}  # fmt: skip


def pattern_hits(texts: list[str]) -> dict[str, pd.Series]:
    """Which of ``POOL_PATTERNS`` each text holds: one RE2 set scan per text (linear time; the
    same matches as the ``re`` patterns, whose nested ``.{0,80}`` made ``re`` take many minutes
    on a million sentences)."""
    import re2
    from tqdm.auto import tqdm

    names = list(POOL_PATTERNS)
    matcher = re2.Set.SearchSet(re2.Options())
    for name in names:
        matcher.Add(_flags(POOL_PATTERNS[name]) + POOL_PATTERNS[name].pattern)
    matcher.Compile()
    columns = {name: [False] * len(texts) for name in names}
    for row, text in enumerate(tqdm(texts, desc="pools", unit="sentence", mininterval=5)):
        for k in matcher.Match(text) or ():
            columns[names[k]][row] = True
    return {name: pd.Series(values) for name, values in columns.items()}


def pools(sentences: pd.DataFrame) -> dict[str, pd.Series]:
    """Boolean masks over ``sentences``: the world design's pools and the new ones."""
    has = {
        k: v.set_axis(sentences.index)
        for k, v in pattern_hits(sentences["sentence"].tolist()).items()
    }
    look_alike = has["hard"] | has["place"]
    return {
        "random": pd.Series(True, index=sentences.index),
        "trad": (has["trad1"] | has["trad2"]) & ~look_alike,
        "west": (has["west1"] | has["west2"]) & ~look_alike,
        "focus_trad": (has["ftrad1"] | has["ftrad2"]) & ~look_alike,
        "focus_west": (has["fwest1"] | has["fwest2"]) & ~look_alike,
        "west_critical": has["actor"] & has["critical"] & ~look_alike & ~has["coop"],
        "hn_prowestern": has["actor"] & has["critical"] & has["coop"],
        "hn_tolerance": has["tolerance"],
        "hn_place": has["place"],
        "hn_alias": has["alias"],
        "disagree": disagreement(sentences),
        "lk_partner": has["actor"] & has["coop"],
        "lk_victim": has["actor"] & has["victim"],
        "lk_place": has["city"],
        "lk_claim": has["claim"],
        "us_trad": has["us_trad"],
    }


def draw(sentences: pd.DataFrame, used_docs: set[str], docs: pd.DataFrame) -> pd.DataFrame:
    sentences = sentences[~sentences["doc_id"].isin(used_docs)].reset_index(drop=True)
    sentences["uid"] = [
        su.unit_id(d, s, e)
        for d, s, e in zip(sentences["doc_id"], sentences["start"], sentences["end"], strict=True)
    ]
    from discourse.corpus.registry import region_table

    un_codes = set(sentences.loc[sentences["corpus"] == "ungdc", "country"])
    held_countries = set(su.heldout_countries(region_table(), un_codes))
    held_presidents = {f"USA:{p}" for p in heldout_presidents(docs[docs["corpus"] == "sotu"])}
    held = sentences["country"].isin(held_countries | held_presidents)
    masks = pools(sentences)
    taken: set[str] = set()
    picked: list[tuple[int, str, int]] = []
    for key, (corpora, held_out, targets) in MEANING_BATCHES.items():
        eligible = sentences["corpus"].isin(corpora) & (held if held_out else ~held)
        rng = random.Random(MEANING_SEED + key)
        for (stratum, pool_name), k in targets.items():
            pool = sentences[eligible & masks[pool_name]]
            chosen = su.nested_sample(pool, k, rng, taken)
            picked += [(label, stratum, BATCH_OF[key]) for label in chosen]
    units = sentences.loc[[label for label, _, _ in picked]].copy()
    units["stratum"] = [stratum for _, stratum, _ in picked]
    units["batch"] = [batch for _, _, batch in picked]
    units["span_sha256"] = [sha256_text(s) for s in units["sentence"]]
    units["split"] = ["heldout" if b in HELDOUT_BATCHES else "dev" for b in units["batch"]]
    units = units.rename(columns={"uid": "unit_id"})
    return units.sort_values(["batch", "corpus", "doc_id", "start"], kind="stable")


def source_line(corpus: str, country: object, year: object, speaker: object) -> str:
    when = "" if pd.isna(year) else f", {int(year)}"  # type: ignore[call-overload]
    if corpus == "ungdc":
        return f"UN General Debate speech, {country}{when}"
    if corpus == "kremlin":
        return f"Kremlin transcript or news item{when}"
    return f"State of the Union address, US President {speaker}{when}"


def write_packets(
    units: pd.DataFrame,
    sentences: pd.DataFrame,
    docs: pd.DataFrame,
    folder: Path,
    batches: tuple[int, ...],
) -> None:
    """First-coder packets ``<prefix>-b<batch>-NN.csv`` of ``batches`` and second-coder packets
    (``s-NN.csv`` for batches 8-10, ``t-NN.csv`` for 11-12)."""
    folder = folder.resolve()
    if HERE.parents[1] in (folder, *folder.parents):
        sys.exit(f"sample_meaning.py: --packets {folder} is inside the repository; choose another")
    order = sentences.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    position = {
        (d, s): k for k, (d, s) in enumerate(zip(order["doc_id"], order["start"], strict=True))
    }
    meta = docs.set_index("doc_id")

    def context(doc_id: str, start: int, step: int) -> str:
        k = position.get((doc_id, start))
        if k is None:
            return ""
        j = k + step
        if 0 <= j < len(order) and order.at[j, "doc_id"] == doc_id:
            return str(order.at[j, "sentence"])
        return ""

    rows = {}
    for uid, doc_id, start, sentence in zip(
        units["unit_id"], units["doc_id"], units["start"], units["sentence"], strict=True
    ):
        m = meta.loc[doc_id]
        rows[uid] = {
            "unit_id": uid,
            "source": source_line(m["corpus"], m["country"], m["year"], m["speaker"]),
            "before": context(doc_id, start, -1),
            "text": sentence,
            "after": context(doc_id, start, +1),
        }
    prefix = {10: "b", 9: "c", 8: "d", 12: "e", 11: "f"}
    second_prefix = "s" if 8 in batches else "t"  # the second draw: batches 11 and 12
    rng = random.Random(MEANING_SEED if second_prefix == "s" else MEANING_SEED + 1)
    second: list[str] = []
    for batch in batches:
        ids = sorted(units.loc[units["batch"] == batch, "unit_id"])
        ids = random.Random(f"meaning-batch{batch}").sample(ids, len(ids))
        for k in range(0, len(ids), PACKET_SIZE):
            chunk = ids[k : k + PACKET_SIZE]
            name = f"{prefix[batch]}-b{batch}-{k // PACKET_SIZE + 1:02d}.csv"
            su.write_csv(pd.DataFrame([rows[u] for u in chunk]), folder / name)
            second += rng.sample(chunk, max(1, round(SECOND_SHARE * len(chunk))))
    second = rng.sample(second, len(second))
    for k in range(0, len(second), PACKET_SIZE):
        chunk = second[k : k + PACKET_SIZE]
        name = f"{second_prefix}-{k // PACKET_SIZE + 1:02d}.csv"
        su.write_csv(pd.DataFrame([rows[u] for u in chunk]), folder / name)


def main(
    packets: Path | None = None,
    batches: tuple[int, ...] = (10, 9, 8),
    cache: Path | None = None,
) -> pd.DataFrame:
    """Draw batches 8-12, write ``units.csv`` (batches 1-7 kept as they are) and the packets of
    ``batches``; ``cache`` (outside the repository) keeps the sentence table between runs."""
    existing = pd.read_csv(HERE / "units.csv", dtype={"unit_id": str, "doc_id": str})
    existing = existing[existing["batch"] <= 7]
    docs = load_docs()
    if cache is not None and cache.exists():
        sentences = pd.read_parquet(cache)
    else:
        sentences = sentence_table(docs)
        if cache is not None:
            sentences.to_parquet(cache)
    units = draw(sentences, set(existing["doc_id"]), docs)
    clash = set(units["unit_id"]) & set(existing["unit_id"])
    if clash:
        sys.exit(f"sample_meaning.py: {len(clash)} new unit ids already in units.csv")
    columns = list(existing.columns)
    merged = pd.concat([existing, units[columns]], ignore_index=True)
    su.write_csv(merged, HERE / "units.csv")
    if packets is not None:
        write_packets(units, sentences, docs, packets, batches)
    return units


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=Path, help="write coding packets to this folder")
    parser.add_argument("--batches", type=int, nargs="+", default=[10, 9, 8])
    parser.add_argument("--cache", type=Path, help="sentence-table cache (outside the repo)")
    args = parser.parse_args()
    result = main(args.packets, tuple(args.batches), args.cache)
    print(result.groupby(["batch", "corpus", "stratum", "split"]).size().to_string())
    print(f"{len(result)} new units")
