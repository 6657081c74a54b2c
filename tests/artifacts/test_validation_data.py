"""The coded validation set (corpus/validation/): consistent files, spans that still match.

The annotation files are stand-off (offsets and checksums, never text), so the spans are checked
against the texts ``discourse.load_corpus`` returns: the embedded seed always, the UN and Kremlin
corpora when their data are reachable (skipped otherwise, with the reason).
"""

from __future__ import annotations

import pandas as pd
import pytest

from corpus.validation import study
from discourse.corpus.normalise import sha256_text
from discourse.corpus.paths import corpus_dir
from discourse.errors import CorpusUnavailableError
from discourse.validation import annotations

VALIDATION = corpus_dir() / "validation"
UNIT_COLUMNS = [*annotations.UNIT_COLUMNS, "batch"]  # the committed set adds the sampling batch
CODE_COLUMNS = ["unit_id", "traditional_values", "anti_western", "note"]
FRAMES = ["traditional_values", "anti_western"]
STRATA = {"seed", "random", "cue", "hard_negative", "cue_focused", "cue_west", "disagreement"}
# the frames-by-meaning batches (8-12) add the look-alike strata and US presidents' own cues
STRATA |= {"lookalike_partner", "lookalike_victim", "lookalike_place", "lookalike_claim"}
STRATA |= {"cue_us_trad"}
# the world design's country-disjoint batches, and the speaker-disjoint batches 10 and 12
HELDOUT_BATCHES = {5, 7, 10, 12}
SEED_DOC_ID = "bne-2024-12-19-aliyev"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(VALIDATION / name, dtype={"note": "string"}, keep_default_na=False)


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return _read("units.csv")


@pytest.fixture(scope="module")
def coder1() -> pd.DataFrame:
    return _read("coder1.csv")


def test_units_have_the_documented_columns_and_no_text(units: pd.DataFrame) -> None:
    assert list(units.columns) == UNIT_COLUMNS
    assert units["unit_id"].is_unique
    assert not units.duplicated(["doc_id", "start", "end"]).any()
    assert (units["start"] < units["end"]).all()
    assert units["span_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert set(units["stratum"]) == STRATA
    assert set(units["corpus"]) == {"seed", "ungdc", "kremlin", "sotu"}
    assert len(units) >= 440


def test_doc_ids_follow_the_corpus_schemes(units: pd.DataFrame) -> None:
    patterns = {
        "seed": SEED_DOC_ID,
        "ungdc": r"ungdc-(?:[A-Z]{3}|EU)-\d{4}",
        "kremlin": r"kremlin-\d+",
        "sotu": r"sotu-\d{4}-[a-z-]+",
    }
    for corpus, pattern in patterns.items():
        ids = units.loc[units["corpus"] == corpus, "doc_id"]
        assert ids.str.fullmatch(pattern).all(), corpus


def test_the_country_disjoint_batches_are_held_out(units: pd.DataFrame) -> None:
    newest = units["batch"].max()
    assert sorted(units["batch"].unique()) == list(range(1, newest + 1))
    expected = ["heldout" if b in HELDOUT_BATCHES else "dev" for b in units["batch"]]
    assert units["split"].tolist() == expected
    assert (units["split"] == "heldout").sum() >= 800


def test_no_held_out_country_has_a_dev_unit(units: pd.DataFrame) -> None:
    country = units["doc_id"].map(study.unit_country)
    held = set(country[units["split"] == "heldout"])
    dev = set(country[units["split"] == "dev"])
    assert held and not held & dev, sorted(held & dev)
    assert len(held) >= 25  # whole countries, from every UN regional group
    presidents = {c for c in held if c.startswith("USA:")}
    assert len(presidents) >= 8  # and whole presidents (batches 10 and 12)


def test_meaning_batches_draw_from_untouched_documents(units: pd.DataFrame) -> None:
    earlier = units["batch"] <= 7
    assert not set(units.loc[earlier, "doc_id"]) & set(units.loc[~earlier, "doc_id"])
    meaning = units[~earlier]
    assert len(meaning) >= 12_000 and (meaning["split"] == "heldout").sum() >= 2_000
    assert set(meaning["corpus"]) == {"ungdc", "kremlin", "sotu"}


def test_batches_share_no_document(units: pd.DataFrame) -> None:
    """Batches 1-3 and the world batches are document-disjoint; no document spans both splits.

    The world design's supplements (6 and 7) draw from the same countries as batches 4 and 5
    and may share their documents, always on the same side of the split.
    """
    first = units["batch"] <= 3
    docs = units[first].groupby("doc_id")["batch"].nunique()
    assert (docs == 1).all(), docs[docs > 1].index.tolist()[:10]
    assert not set(units.loc[first, "doc_id"]) & set(units.loc[~first, "doc_id"])
    splits = units.groupby("doc_id")["split"].nunique()
    assert (splits == 1).all(), splits[splits > 1].index.tolist()[:10]


def test_every_unit_is_coded_once_with_binary_labels(
    units: pd.DataFrame, coder1: pd.DataFrame
) -> None:
    assert list(coder1.columns) == CODE_COLUMNS
    assert coder1["unit_id"].is_unique
    assert set(coder1["unit_id"]) == set(units["unit_id"])
    for frame in FRAMES:
        assert set(coder1[frame].unique()) <= {0, 1}, frame


def test_both_splits_hold_positives_of_both_frames(
    units: pd.DataFrame, coder1: pd.DataFrame
) -> None:
    coded = units.merge(coder1, on="unit_id")
    positives = coded.groupby("split")[FRAMES].sum()
    assert (positives >= 10).all().all(), positives


def test_second_coder_codes_a_subset_if_present(units: pd.DataFrame) -> None:
    path = VALIDATION / "coder2.csv"
    if not path.exists():
        pytest.skip("coder2.csv is not in this checkout yet")
    coder2 = _read("coder2.csv")
    assert list(coder2.columns) == CODE_COLUMNS
    assert coder2["unit_id"].is_unique
    assert set(coder2["unit_id"]) <= set(units["unit_id"])
    for frame in FRAMES:
        assert set(coder2[frame].unique()) <= {0, 1}, frame


def _mismatches(units: pd.DataFrame, texts: dict[str, str]) -> list[str]:
    bad = []
    for row in units.itertuples():
        text = texts.get(str(row.doc_id))
        if text is None:
            bad.append(f"{row.unit_id}: document {row.doc_id} not loaded")
        elif sha256_text(text[int(row.start) : int(row.end)]) != row.span_sha256:
            bad.append(f"{row.unit_id}: span {row.doc_id}[{row.start}:{row.end}] changed")
    return bad


def _load_corpus(name: str) -> pd.DataFrame:
    try:
        from discourse import load_corpus
    except (ImportError, AttributeError) as exc:
        pytest.skip(f"discourse.load_corpus is not available in this checkout ({exc})")
    try:
        return load_corpus(name)
    except CorpusUnavailableError as exc:
        pytest.skip(f"the {name} corpus is unavailable (set DISCOURSE_MIRROR): {exc}")


def test_seed_spans_match_the_embedded_text(units: pd.DataFrame) -> None:
    docs = _load_corpus("seed")
    text = str(docs.set_index("doc_id").at[SEED_DOC_ID, "text"])
    seed_units = units[units["corpus"] == "seed"]
    assert len(seed_units) > 0
    assert _mismatches(seed_units, {SEED_DOC_ID: text}) == []


@pytest.mark.parametrize("name", ["ungdc", "kremlin", "sotu"])
def test_external_spans_match_the_loaded_corpus(units: pd.DataFrame, name: str) -> None:
    docs = _load_corpus(name)
    wanted = set(units.loc[units["corpus"] == name, "doc_id"])
    texts = {
        str(d): str(t) for d, t in zip(docs["doc_id"], docs["text"], strict=True) if d in wanted
    }
    assert _mismatches(units[units["corpus"] == name], texts) == []
