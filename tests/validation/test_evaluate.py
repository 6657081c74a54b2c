"""Tests of discourse.validation (evaluate, metrics, indicators, baseline, compare and the
annotation files they read) on synthetic coded sets.

The sentences are written for these tests.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from discourse.corpus.normalise import sha256_text
from discourse.corpus.paths import corpus_dir
from discourse.errors import ChecksumError, CorpusUnavailableError, InputError
from discourse.report.plot import plot_scores
from discourse.validation.agreement import agreement
from discourse.validation.annotations import composition, load_annotations
from discourse.validation.baseline import baseline
from discourse.validation.evaluate import Evaluation, evaluate
from discourse.validation.indicators import INDICATOR_COLUMNS, indicator_precision
from discourse.validation.metrics import METRIC_COLUMNS, interval_text, score_table

FRAMES = ["traditional_values", "anti_western"]

RULES = {
    "traditional_values": {"tv.family": "traditional family", "tv.decay": "moral decay"},
    "anti_western": {"aw.meddling": "western meddling", "aw.hegemony": "hegemony"},
}


class KeywordDetector:
    """A stand-in for the detector: substring rules; ``not <keyword>`` is a negated match."""

    def __init__(self, rules: dict[str, dict[str, str]] = RULES) -> None:
        self.rules = rules

    def find_frames(self, texts: list[str]) -> pd.DataFrame:
        rows = []
        for i, text in enumerate(texts):
            low = text.lower()
            for frame, indicators in self.rules.items():
                for indicator, keyword in indicators.items():
                    at = low.find(keyword)
                    if at >= 0:
                        negated = low[max(0, at - 4) : at] == "not "
                        rows.append((str(i), frame, indicator, at, at + len(keyword), negated))
        return pd.DataFrame(
            rows, columns=["doc_id", "frame", "indicator", "start", "end", "negated"]
        )

    def detect_frames(self, texts: list[str]) -> pd.DataFrame:
        matches = self.find_frames(texts)
        matches = matches[~matches["negated"].astype(bool)]
        out = pd.DataFrame({f: [False] * len(texts) for f in self.rules}, index=range(len(texts)))
        for doc, frame in zip(matches["doc_id"].astype(int), matches["frame"], strict=True):
            out.loc[doc, frame] = True
        out.attrs["codebook_version"] = "test-1"
        out.attrs["codebook_hash"] = "0" * 64
        return out


class FixedDetector:
    """Returns given predictions (and no matches), to test the arithmetic exactly."""

    def __init__(self, predicted: pd.DataFrame) -> None:
        self.predicted = predicted

    def detect_frames(self, texts: list[str]) -> pd.DataFrame:
        assert len(texts) == len(self.predicted)
        return self.predicted.copy()

    def find_frames(self, texts: list[str]) -> pd.DataFrame:
        return pd.DataFrame(columns=["doc_id", "frame", "indicator", "negated"])


# Twelve coded sentences: (text, traditional_values, anti_western)
SENTENCES = [
    ("We will defend the traditional family against every attack.", 1, 0),
    ("Europe suffers a moral decay that we refuse to import.", 1, 1),
    ("Western meddling in our elections must stop.", 0, 1),
    ("American hegemony is coming to an end.", 0, 1),
    ("We discussed grain exports and railway tariffs.", 0, 0),
    ("Our grandparents' faith is the root of this nation.", 1, 0),
    ("Washington funds the opposition newspapers.", 0, 1),
    ("The hegemony of the dollar in trade was discussed neutrally.", 0, 0),
    ("The ministers signed a treaty on water management.", 0, 0),
    ("This is not western meddling, it is a partnership.", 0, 0),
    ("Marriage is the union of a man and a woman.", 1, 0),
    ("The summit opened with a minute of silence.", 0, 0),
]


def coded_set() -> pd.DataFrame:
    table = pd.DataFrame(SENTENCES, columns=["text", *FRAMES])
    table.insert(0, "unit_id", [f"u{i:02d}" for i in range(len(table))])
    table["split"] = ["dev", "heldout"] * (len(table) // 2)
    return table


# ---------------------------------------------------------------- evaluate


def test_perfect_detector_scores_one() -> None:
    coded = coded_set()
    result = evaluate(
        coded, split=None, detector=FixedDetector(coded[FRAMES].astype(bool)), n_boot=200
    )
    assert isinstance(result, Evaluation)
    assert list(result.metrics.columns) == list(METRIC_COLUMNS)
    for metric in ("precision", "recall", "f1"):
        assert (result.metrics[metric] == 1.0).all()
        assert (result.metrics[f"{metric}_low"] == 1.0).all()
        assert (result.metrics[f"{metric}_high"] == 1.0).all()
    assert (result.metrics["fp"] == 0).all() and (result.metrics["fn"] == 0).all()
    assert result.metadata["n"] == len(coded)


def test_known_confusion_gives_exact_scores() -> None:
    gold = pd.DataFrame({"f": [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]})
    pred = pd.DataFrame({"f": [1, 1, 1, 0, 1, 1, 0, 0, 0, 0]})
    row = score_table(gold, pred, frames=["f"], n_boot=0).iloc[0]
    assert (row.tp, row.fp, row.fn, row.tn) == (3, 2, 1, 4)
    assert row.support == 4 and row.predicted == 5 and row.n == 10
    assert row.precision == pytest.approx(3 / 5)
    assert row.recall == pytest.approx(3 / 4)
    assert row.f1 == pytest.approx(2 * 0.6 * 0.75 / (0.6 + 0.75))
    assert np.isnan(row.f1_low) and np.isnan(row.f1_high)


def test_keyword_detector_on_the_synthetic_set() -> None:
    result = evaluate(coded_set(), split=None, detector=KeywordDetector(), n_boot=0)
    metrics = result.metrics.set_index("frame")
    # traditional_values: fires on units 0 and 1 (both coded 1); misses 5 and 10
    assert metrics.loc["traditional_values", ["tp", "fp", "fn", "tn"]].tolist() == [2, 0, 2, 8]
    # anti_western: fires on 2, 3 (coded 1) and 7 (coded 0); 9 is negated; misses 1 and 6
    assert metrics.loc["anti_western", ["tp", "fp", "fn", "tn"]].tolist() == [2, 1, 2, 7]
    assert metrics.loc["anti_western", "precision"] == pytest.approx(2 / 3)
    assert metrics.loc["anti_western", "recall"] == pytest.approx(0.5)
    assert result.metadata["codebook_version"] == "test-1"
    assert result.metadata["split"] == "all"
    preds = result.predictions
    assert list(preds.columns) == ["unit_id", "split", "frame", "gold", "predicted"]
    assert len(preds) == 2 * len(SENTENCES)


def test_split_selects_units() -> None:
    coded = coded_set()
    dev = evaluate(coded, split="dev", detector=KeywordDetector(), n_boot=0)
    held = evaluate(coded, split="heldout", detector=KeywordDetector(), n_boot=0)
    assert dev.metadata["n"] == held.metadata["n"] == 6
    assert set(held.predictions["unit_id"]) == set(
        coded.loc[coded["split"] == "heldout", "unit_id"]
    )
    total = dev.metrics[["tp", "fp", "fn", "tn"]] + held.metrics[["tp", "fp", "fn", "tn"]]
    whole = evaluate(coded, split=None, detector=KeywordDetector(), n_boot=0).metrics
    assert total.equals(whole[["tp", "fp", "fn", "tn"]])


def test_scores_by_group_add_up() -> None:
    coded = coded_set().assign(corpus=["a"] * 4 + ["b"] * 8)
    result = evaluate(coded, split=None, detector=KeywordDetector(), n_boot=50, by="corpus")
    groups = result.by_group
    assert groups is not None
    assert groups.columns.tolist() == ["corpus", *METRIC_COLUMNS]
    assert groups["corpus"].tolist() == ["a", "a", "b", "b"]
    counts = ["tp", "fp", "fn", "tn", "n"]
    summed = groups.groupby("frame", sort=False)[counts].sum().reset_index(drop=True)
    assert summed.equals(result.metrics[counts])
    assert evaluate(coded, split=None, detector=KeywordDetector(), n_boot=0).by_group is None
    with pytest.raises(InputError, match=r"missing column\(s\) speaker"):
        evaluate(coded, split=None, detector=KeywordDetector(), by="speaker")


def test_interval_contains_estimate_and_is_deterministic() -> None:
    rng = np.random.default_rng(7)
    gold = pd.DataFrame({"f": rng.integers(0, 2, 120)})
    flip = rng.random(120) < 0.2
    pred = pd.DataFrame({"f": np.where(flip, 1 - gold["f"], gold["f"])})
    a = score_table(gold, pred, frames=["f"], n_boot=500, seed=3)
    b = score_table(gold, pred, frames=["f"], n_boot=500, seed=3)
    c = score_table(gold, pred, frames=["f"], n_boot=500, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(c)
    row = a.iloc[0]
    for metric in ("precision", "recall", "f1"):
        low, point, high = row[f"{metric}_low"], row[metric], row[f"{metric}_high"]
        assert low <= point <= high
        assert 0 < high - low < 0.5


def test_interval_narrows_with_coverage() -> None:
    gold = pd.DataFrame({"f": [1, 0] * 40})
    pred = pd.DataFrame({"f": [1, 1, 0, 0] * 20})
    wide = score_table(gold, pred, frames=["f"], n_boot=400, level=0.95).iloc[0]
    narrow = score_table(gold, pred, frames=["f"], n_boot=400, level=0.5).iloc[0]
    assert wide.f1_low < narrow.f1_low <= narrow.f1_high < wide.f1_high


def test_undefined_precision_is_nan() -> None:
    gold = pd.DataFrame({"f": [1, 0, 0]})
    pred = pd.DataFrame({"f": [0, 0, 0]})
    row = score_table(gold, pred, frames=["f"], n_boot=50).iloc[0]
    assert np.isnan(row.precision)
    assert row.recall == 0.0


# ---------------------------------------------------------------- indicators


def test_indicator_precision_counts_units_and_skips_negations() -> None:
    matches = pd.DataFrame(
        {
            "doc_id": [0, 0, 1, 2, 3, 3, 4],
            "frame": ["a", "a", "a", "a", "a", "b", "a"],
            "indicator": ["a.x", "a.x", "a.x", "a.y", "a.x", "b.z", "a.y"],
            "negated": [False, False, False, False, True, False, False],
        }
    )
    gold = pd.DataFrame({"a": [1, 0, 1, 1, 0], "b": [0, 0, 0, 1, 0]})
    table = indicator_precision(matches, gold, frames=["a", "b"])
    assert list(table.columns) == list(INDICATOR_COLUMNS)
    rows = table.set_index("indicator")
    # a.x fires on units 0 (twice, counted once) and 1; unit 3 is negated
    assert rows.loc["a.x", ["fires", "true_positives", "false_positives"]].tolist() == [2, 1, 1]
    assert rows.loc["a.x", "precision"] == 0.5
    assert rows.loc["a.y", ["fires", "true_positives"]].tolist() == [2, 1]
    assert rows.loc["b.z", "precision"] == 1.0
    assert table["false_alarms"].isna().all()  # no predictions given
    predicted = pd.DataFrame({"a": [1, 0, 1, 1, 1], "b": [0, 0, 0, 1, 0]})
    alarms = indicator_precision(matches, gold, frames=["a", "b"], predicted=predicted)
    # a.y misfires on unit 4, which the detector flagged; a.x misfires on unit 1, not flagged
    assert alarms.set_index("indicator")["false_alarms"].to_dict() == {
        "a.x": 0,
        "a.y": 1,
        "b.z": 0,
    }
    # only frame "b" kept when asked
    assert indicator_precision(matches, gold, frames=["b"])["indicator"].tolist() == ["b.z"]


def test_evaluate_reports_misfiring_indicator() -> None:
    result = evaluate(coded_set(), split=None, detector=KeywordDetector(), n_boot=0)
    rows = result.indicators.set_index("indicator")
    assert rows.loc["aw.hegemony", ["fires", "true_positives", "precision"]].tolist() == [
        2,
        1,
        0.5,
    ]
    assert rows.loc["aw.meddling", ["fires", "true_positives"]].tolist() == [1, 1]
    assert rows.loc["aw.hegemony", "false_alarms"] == 1
    assert "tv.family" in rows.index and "tv.decay" in rows.index
    # the misfiring rules come first within each frame
    assert result.indicators.groupby("frame")["precision"].is_monotonic_increasing.all()


def test_indicator_doc_ids_must_be_positions() -> None:
    matches = pd.DataFrame({"doc_id": ["ungdc-AZE-2020"], "frame": ["a"], "indicator": ["a.x"]})
    with pytest.raises(InputError, match="position"):
        indicator_precision(matches, pd.DataFrame({"a": [1]}), frames=["a"])


# ------------------------------------------- files and bad input (discourse.validation.annotations)


def write_set(folder: Path, *, corrupt: str | None = None) -> dict[str, pd.DataFrame]:
    """Write units.csv, coder1.csv and coder2.csv for a synthetic user corpus of two documents."""
    docs = {
        "doc-a": " ".join(text for text, *_ in SENTENCES[:6]),
        "doc-b": " ".join(text for text, *_ in SENTENCES[6:]),
    }
    units, codes = [], []
    for i, (text, tv, aw) in enumerate(SENTENCES):
        doc = "doc-a" if i < 6 else "doc-b"
        start = docs[doc].index(text)
        digest = sha256_text(text)
        if corrupt == "checksum" and i == 3:
            digest = sha256_text(text + "!")
        split = "dev" if i % 2 == 0 else "heldout"
        units.append(f"u{i:02d},{doc},{start},{start + len(text)},{digest},user,synthetic,{split}")
        codes.append(f"u{i:02d},{tv},{aw},")
    (folder / "units.csv").write_text(
        "unit_id,doc_id,start,end,span_sha256,corpus,stratum,split\n" + "\n".join(units) + "\n"
    )
    (folder / "coder1.csv").write_text(
        "unit_id,traditional_values,anti_western,note\n" + "\n".join(codes) + "\n"
    )
    (folder / "coder2.csv").write_text(
        "unit_id,traditional_values,anti_western,note\n" + "\n".join(codes[:8]) + "\n"
    )
    corpus = pd.DataFrame({"doc_id": list(docs), "text": list(docs.values())})
    return {"user": corpus}


def test_files_round_trip(tmp_path: Path) -> None:
    corpora = write_set(tmp_path)
    coded = load_annotations(tmp_path, corpora=corpora)
    assert coded["text"].tolist() == [text for text, *_ in SENTENCES]
    held = evaluate(tmp_path, corpora=corpora, detector=KeywordDetector(), n_boot=100)
    assert held.metadata["split"] == "heldout" and held.metadata["n"] == 6
    same = evaluate(coded, corpora=corpora, detector=KeywordDetector(), n_boot=100)
    pd.testing.assert_frame_equal(held.metrics, same.metrics)
    table = agreement(folder=tmp_path)
    assert (table["n"] == 8).all() and (table["krippendorff_alpha"] == 1.0).all()


def test_checksum_mismatch_names_unit_and_file(tmp_path: Path) -> None:
    corpora = write_set(tmp_path, corrupt="checksum")
    with pytest.raises(ChecksumError, match=r"units\.csv, line 5: unit 'u03'"):
        load_annotations(tmp_path, corpora=corpora)


def test_missing_document_and_offsets(tmp_path: Path) -> None:
    corpora = write_set(tmp_path)
    short = corpora["user"].copy()
    short.loc[0, "text"] = "Too short."
    with pytest.raises(InputError, match="beyond the end of 'doc-a'"):
        load_annotations(tmp_path, corpora={"user": short})
    with pytest.raises(InputError, match="'doc-b' is not in corpus 'user'"):
        load_annotations(tmp_path, corpora={"user": corpora["user"].iloc[:1]})


def test_missing_columns_are_named(tmp_path: Path) -> None:
    corpora = write_set(tmp_path)
    units = pd.read_csv(tmp_path / "units.csv").drop(columns=["span_sha256"])
    units.to_csv(tmp_path / "units.csv", index=False)
    with pytest.raises(InputError, match=r"units\.csv: missing column\(s\) span_sha256"):
        load_annotations(tmp_path, corpora=corpora)
    with pytest.raises(InputError, match=r"missing column\(s\) anti_western"):
        evaluate(
            coded_set().drop(columns=["anti_western"]),
            split=None,
            frames=FRAMES,
            detector=KeywordDetector(),
        )


@pytest.mark.parametrize("label", ["2", "yes", "", "-1"])
def test_labels_must_be_zero_or_one(tmp_path: Path, label: str) -> None:
    corpora = write_set(tmp_path)
    path = tmp_path / "coder1.csv"
    lines = path.read_text().splitlines()
    lines[4] = f"u03,{label},1,"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=r"coder1\.csv, line 5 \(unit 'u03'\): traditional_values"):
        load_annotations(tmp_path, corpora=corpora)


def test_unknown_unit_ids_in_coder_files(tmp_path: Path) -> None:
    corpora = write_set(tmp_path)
    with (tmp_path / "coder2.csv").open("a") as handle:
        handle.write("u99,1,0,\n")
    with pytest.raises(InputError, match=r"coder2\.csv: unit_id\(s\) not in units\.csv: u99"):
        agreement(folder=tmp_path)
    with (tmp_path / "coder1.csv").open("a") as handle:
        handle.write("u98,1,0,\n")
    with pytest.raises(InputError, match="u98"):
        load_annotations(tmp_path, corpora=corpora)


def test_gold_coder_must_code_every_unit(tmp_path: Path) -> None:
    corpora = write_set(tmp_path)
    path = tmp_path / "coder1.csv"
    path.write_text("\n".join(path.read_text().splitlines()[:-1]) + "\n")
    with pytest.raises(InputError, match="1 unit.* have no code: u11"):
        load_annotations(tmp_path, corpora=corpora)


def test_bad_units_rows(tmp_path: Path) -> None:
    corpora = write_set(tmp_path)
    path = tmp_path / "units.csv"
    original = path.read_text().splitlines()
    for old, new, message in [
        (",dev", ",test", r"line 2 \(unit 'u00'\): split must be 'dev' or 'heldout'"),
        (original[1].split(",")[4], "ABC", r"line 2 \(unit 'u00'\): span_sha256 must be 64"),
    ]:
        path.write_text("\n".join([original[0], original[1].replace(old, new, 1)]) + "\n")
        with pytest.raises(InputError, match=message):
            load_annotations(tmp_path, corpora=corpora)
    path.write_text("\n".join([original[0], original[1], "u00,doc-a,5,3,x,user,s,dev"]) + "\n")
    with pytest.raises(InputError, match=r"line 3 \(unit 'u00'\): need 0 <= start < end"):
        load_annotations(tmp_path, corpora=corpora)
    path.write_text("\n".join([original[0], original[1], original[1]]) + "\n")
    with pytest.raises(InputError, match="duplicate unit_id.*u00"):
        load_annotations(tmp_path, corpora=corpora)


def test_split_errors() -> None:
    coded = coded_set()
    with pytest.raises(InputError, match="split=None"):
        evaluate(coded.drop(columns=["split"]), detector=KeywordDetector())
    with pytest.raises(InputError, match="splits present: dev, heldout"):
        evaluate(coded, split="test", detector=KeywordDetector())


def test_detector_without_frame_is_an_error() -> None:
    rules = {"traditional_values": RULES["traditional_values"]}
    with pytest.raises(InputError, match=r"detector's result: missing column\(s\) anti_western"):
        evaluate(coded_set(), split=None, detector=KeywordDetector(rules))


# ---------------------------------------------------------------- baseline


def baseline_set() -> pd.DataFrame:
    positive = [
        "They attack the traditional family and our faith.",
        "Moral decay spreads from decadent capitals.",
        "Our spiritual roots keep the nation whole.",
        "Gender ideology is pushed on our children.",
        "Marriage between a man and a woman is sacred to us.",
        "The family is the foundation of our moral order.",
    ]
    negative = [
        "The railway link opens next spring.",
        "Grain harvests rose by ten percent.",
        "The ministers met to discuss tariffs.",
        "Water levels in the reservoir are stable.",
        "A new airport terminal was inaugurated.",
        "The central bank kept its rate unchanged.",
    ]
    texts = positive + negative
    return pd.DataFrame(
        {
            "text": texts,
            "traditional_values": [1] * 6 + [0] * 6,
            "anti_western": [1, 0] * 6,
        }
    )


def test_baseline_side_by_side_is_deterministic() -> None:
    coded = baseline_set()
    a = baseline(coded, n_splits=3, n_boot=100, detector=KeywordDetector())
    b = baseline(coded, n_splits=3, n_boot=100, detector=KeywordDetector())
    pd.testing.assert_frame_equal(a, b)
    assert list(a.columns) == ["method", "training", "n_splits", *METRIC_COLUMNS]
    assert a["training"].tolist() == ["rules", "rules", "cv", "cv"]
    assert a[["method", "frame"]].values.tolist() == [
        ["codebook", "traditional_values"],
        ["codebook", "anti_western"],
        ["tfidf_logreg", "traditional_values"],
        ["tfidf_logreg", "anti_western"],
    ]
    assert (a["n"] == len(coded)).all()
    # the codebook row equals evaluate() on the same units
    direct = evaluate(coded, split=None, detector=KeywordDetector(), n_boot=100).metrics
    pd.testing.assert_frame_equal(
        a[a["method"] == "codebook"]
        .drop(columns=["method", "training", "n_splits"])
        .reset_index(drop=True),
        direct,
    )
    assert a.loc[a["method"] == "tfidf_logreg", "n_splits"].tolist() == [3, 3]


def test_baseline_trained_on_dev_scored_on_heldout() -> None:
    coded = baseline_set().assign(split=["dev", "dev", "heldout"] * 4)
    table = baseline(coded, split="heldout", train="dev", n_boot=0, detector=KeywordDetector())
    assert table["training"].tolist() == ["rules", "rules", "dev", "dev"]
    assert (table["n"] == 4).all() and (table["n_splits"] == 0).all()
    held = evaluate(coded, split="heldout", detector=KeywordDetector(), n_boot=0).metrics
    codebook_rows = table[table["method"] == "codebook"].reset_index(drop=True)
    assert codebook_rows["f1"].equals(held["f1"])
    with pytest.raises(InputError, match="needs a different split"):
        baseline(coded, train="dev", n_boot=0, detector=KeywordDetector())
    coded["anti_western"] = (coded["split"] == "heldout").astype(int)  # every dev unit negative
    with pytest.raises(InputError, match="anti_western: the 8 training units are all 0"):
        baseline(coded, split="heldout", train="dev", n_boot=0, detector=KeywordDetector())


def test_baseline_needs_two_of_each_class() -> None:
    coded = baseline_set()
    coded["anti_western"] = [1] + [0] * 11
    with pytest.raises(InputError, match="anti_western: 1 positive and 11 negative"):
        baseline(coded, n_boot=0, detector=KeywordDetector())


# ---------------------------------------------------------------- figure


def test_plot_scores_draws_intervals() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = baseline(baseline_set(), n_splits=3, n_boot=100, detector=KeywordDetector())
    fig, ax = plt.subplots()
    out = plot_scores(table, metric="f1", ax=ax)
    assert out is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == FRAMES
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["codebook", "tfidf_logreg"]
    plt.close(fig)


# ---------------------------------------------------------------- the committed set


def test_committed_set_evaluates() -> None:
    folder = corpus_dir() / "validation"
    if not (folder / "units.csv").is_file() or not (folder / "coder1.csv").is_file():
        pytest.skip("the coded set (corpus/validation/units.csv, coder1.csv) is not present")
    try:
        from discourse.frames import detect  # noqa: F401
    except ImportError:
        pytest.skip("discourse.frames.detect is not available yet")
    try:
        coded = load_annotations(folder)
    except CorpusUnavailableError as error:
        pytest.skip(f"a corpus of the validation set is unavailable: {error}")
    result = evaluate(coded, n_boot=50)
    n_heldout = int((coded["split"] == "heldout").sum())
    assert result.metadata["n"] == n_heldout > 0
    assert result.metrics["frame"].tolist() == FRAMES
    assert (result.metrics["n"] == n_heldout).all()
    assert result.metadata["codebook_hash"]
    assert len(result.predictions) == 2 * n_heldout
    assert result.indicators["fires"].ge(1).all()


# ---------------------------------------------------------------- reporting helpers


def test_composition_counts_units_and_positives() -> None:
    coded = coded_set().assign(corpus="user", stratum="synthetic")
    table = composition(coded)
    assert table.columns.tolist() == ["split", "corpus", "stratum", "units", *FRAMES]
    assert table["units"].tolist() == [6, 6]
    assert table["traditional_values"].sum() == sum(tv for _, tv, _ in SENTENCES)
    assert table["anti_western"].sum() == sum(aw for *_, aw in SENTENCES)


def test_interval_text_needs_one_row() -> None:
    table = score_table(coded_set()[FRAMES], coded_set()[FRAMES], frames=FRAMES, n_boot=20)
    assert interval_text(table, "anti_western") == "1.00 [1.00, 1.00]"
    with pytest.raises(InputError, match="found 0"):
        interval_text(table, "unknown")


# --------------------------------------------------------------------------- methods side by side


def test_methods_side_by_side_and_by_region() -> None:
    from corpus.validation.study import unit_regions
    from discourse.validation.compare import compare_methods
    from discourse.validation.evaluate import MethodDetector

    coded = baseline_set().assign(
        split=["dev", "dev", "heldout"] * 4,
        doc_id=["ungdc-NGA-1990", "kremlin-1", "ungdc-FRA-2001", "bne-x"] * 3,
    )
    coded["region"] = unit_regions(coded["doc_id"]).to_numpy()
    assert coded["region"].tolist()[:4] == [
        "African States",
        "Eastern European States",
        "Western European and Other States",
        "Eastern European States",
    ]
    detectors = {"codebook": MethodDetector("codebook"), "rules": KeywordDetector()}
    metrics, by_region = compare_methods(coded, detectors, n_boot=50, by="region")
    assert metrics["method"].tolist() == ["codebook"] * 2 + ["rules"] * 2 + ["TF-IDF + LR"] * 2
    assert (metrics["n"] == 4).all()
    assert by_region is not None and set(by_region["method"]) == {"codebook", "rules"}
    again, _ = compare_methods(coded, detectors, n_boot=50, by="region")
    pd.testing.assert_frame_equal(metrics, again)


def test_learning_curve_grows_the_same_draw() -> None:
    from discourse.validation.compare import learning_curve

    coded = pd.concat([baseline_set()] * 3, ignore_index=True)
    coded["split"] = ["dev"] * 24 + ["heldout"] * 12
    curve = learning_curve(coded, [12, 24], method="classifier")
    assert curve["size"].tolist() == [12, 12, 24, 24]
    assert curve[["precision", "recall", "f1"]].apply(lambda c: c.between(0, 1)).all().all()
    with pytest.raises(InputError, match="exceeds the 24 dev units"):
        learning_curve(coded, [25])
