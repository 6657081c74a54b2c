"""The learned layer: FrameClassifier, the shipped FrameModel and detect_frames(method=...)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer

import discourse as dc
from discourse.errors import ChecksumError, CodebookError, InputError
from discourse.frames.classifier import FrameClassifier
from discourse.frames.codebook import load_codebook
from discourse.frames.detect import detect_frames
from discourse.frames.methods import default_method
from discourse.frames.model import FrameModel, default_model_path, load_model

TEXTS = [
    "We defend traditional values and the family.",
    "Trade grew by four per cent last year.",
    "The West imposes its will on sovereign nations.",
    "The harvest was good this season.",
    "Family values are under attack by decadent ideologies.",
    "Rain fell over the capital.",
    "NATO expansion to our borders threatens us.",
    "The conference adopted its agenda.",
]
LABELS = pd.DataFrame(
    {
        "traditional_values": [1, 0, 0, 0, 1, 0, 0, 0],
        "anti_western": [0, 0, 1, 0, 0, 0, 1, 0],
    }
)


@pytest.fixture(scope="module")
def clf() -> FrameClassifier:
    return FrameClassifier(min_df=1).fit(TEXTS, LABELS)


def test_fit_predict_explain(clf: FrameClassifier) -> None:
    proba = clf.predict_proba(["Traditional values matter.", "Prices rose."])
    assert list(proba.columns) == ["traditional_values", "anti_western"]
    assert proba.loc[0, "traditional_values"] > proba.loc[1, "traditional_values"]
    assert ((proba >= 0) & (proba <= 1)).all().all()
    flags = clf.predict(["Traditional values matter.", "Prices rose."])
    assert flags.dtypes.eq(bool).all() and not flags.loc[1].any()
    names = clf.get_feature_names_out()
    assert names[0].startswith("cb:") and any(n.startswith("tfidf:") for n in names)
    why = clf.explain("The West imposes its will.")
    assert list(why.columns) == ["frame", "feature", "value", "weight", "contribution"]
    assert set(why.attrs["probability"]) == {"traditional_values", "anti_western"}
    assert (why["feature"] == "(intercept)").sum() == 2
    assert clone(clf).get_params() == clf.get_params()


def test_tfidf_block_equals_scikit_learn(clf: FrameClassifier) -> None:
    model = clf.to_model()
    reference = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1).fit(TEXTS)
    probe = [*TEXTS, "Traditional values: traditional values!", "", "zzqx qqzx", "values"]
    order = [reference.vocabulary_[t] for t in model.vocabulary]
    expected = reference.transform(probe).toarray()[:, order]
    assert np.allclose(model.tfidf(probe).toarray(), expected)
    assert model.tfidf([]).shape == (0, len(model.vocabulary))


def test_labels_are_checked() -> None:
    with pytest.raises(InputError, match="no column named after a codebook frame"):
        FrameClassifier().fit(TEXTS, pd.DataFrame({"x": [0] * len(TEXTS)}))
    with pytest.raises(InputError, match="only one class"):
        FrameClassifier().fit(TEXTS, LABELS.assign(anti_western=0))
    with pytest.raises(InputError, match="0/1"):
        FrameClassifier().fit(TEXTS, LABELS.replace(1, 2))
    with pytest.raises(InputError, match="no texts"):
        FrameClassifier().fit([], LABELS.iloc[:0])


def test_a_saved_model_round_trips_and_a_changed_file_is_refused(
    clf: FrameClassifier, tmp_path: Path
) -> None:
    path = clf.to_model().save(tmp_path / "m.json")
    loaded = load_model(path)
    assert loaded == clf.to_model() and loaded.digest() == clf.to_model().digest()
    flags = detect_frames(TEXTS, method="classifier", model=path)
    assert flags.attrs["model_hash"] == loaded.digest() and flags.attrs["method"] == "classifier"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["thresholds"] = [0.01, 0.01]
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ChecksumError, match="m.json"):
        load_model(path)
    (tmp_path / "m.json.sha256").unlink()
    with pytest.raises(InputError, match="pinned sha256 is missing"):
        load_model(path)
    with pytest.raises(InputError, match="no frame model here"):
        load_model(tmp_path / "absent.json")


def test_a_model_trained_with_another_codebook_is_refused(clf: FrameClassifier) -> None:
    older = load_codebook(
        Path(dc.__file__).resolve().parents[1] / "corpus/validation/codebooks/default-1.3.0.yaml"
    )
    with pytest.raises(CodebookError, match="was trained with codebook"):
        detect_frames(TEXTS, older, method="hybrid", model=clf.to_model())


def test_hybrid_predicts_nothing_outside_candidates(clf: FrameClassifier) -> None:
    texts = ["Rain fell.", "", "The meeting ended at noon."]
    flags = detect_frames(texts, method="hybrid", model=clf.to_model())
    assert not flags[["traditional_values", "anti_western"]].any().any()
    assert (flags.attrs["probability"] == 0).all().all()
    # frames the model does not learn keep the codebook's decision
    assert list(flags.columns) == list(load_codebook().frame_ids)


def test_unknown_method_is_an_error() -> None:
    with pytest.raises(InputError, match="method must be one of"):
        detect_frames(TEXTS, method="magic")


def test_the_shipped_model_verifies_and_sets_the_default() -> None:
    model = load_model()
    assert isinstance(model, FrameModel)
    assert model.codebook_hash == load_codebook().hash
    assert default_method() == model.default_method
    assert default_model_path().with_name("frames.json.sha256").is_file()
    flags = detect_frames(TEXTS)
    assert flags.attrs["method"] == model.default_method
    assert flags.iloc[0]["traditional_values"] and flags.iloc[2]["anti_western"]
    assert not flags.iloc[[1, 3, 5]][["traditional_values", "anti_western"]].any().any()
    training = model.training
    assert training["split"] == "dev" and training["cv"]["grouped_by"] == "country"


def test_find_frames_adds_the_probability_and_the_model_rows(clf: FrameClassifier) -> None:
    model = clf.to_model()
    texts = ["The West imposes its will.", "Family values are under attack.", "Rain fell."]
    plain = dc.find_frames(texts)
    assert "probability" not in plain.columns and plain.attrs["method"] == "codebook"
    m = dc.find_frames(texts, method="classifier", model=model)
    assert m.attrs["model_hash"] == model.digest()
    codebook_rows = m[m["indicator"] != "model"].drop(columns="probability")
    pd.testing.assert_frame_equal(codebook_rows.reset_index(drop=True), plain, check_like=True)
    flags = detect_frames(texts, method="classifier", model=model)
    proba = flags.attrs["probability"]
    for row in m.itertuples():
        if row.frame in model.frames:
            assert row.probability == pytest.approx(proba.loc[row.doc_id, row.frame])
    # every frame the model predicts has a row: a codebook match or a model row
    for i, frame in zip(*np.nonzero(flags[list(model.frames)].to_numpy()), strict=True):
        rows = m[(m["doc_id"] == flags.index[i]) & (m["frame"] == model.frames[frame])]
        assert len(rows), (i, frame)
    model_rows = m[m["indicator"] == "model"]
    assert model_rows["weight"].isna().all()
    by_id = dict(zip(flags.index, texts, strict=True))
    assert (model_rows["matched"] == [by_id[d] for d in model_rows["doc_id"]]).all()


# ------------------------------------------------------------------ hostile model files (issue 20)


def _repinned(tmp_path: Path, raw: dict, name: str = "m.json") -> Path:
    """A model file with ``raw`` content and a pin recomputed to match it (an attacker's or a
    careless editor's file)."""
    import hashlib

    path = tmp_path / name
    data = json.dumps(raw).encode("utf-8")
    path.write_bytes(data)
    (tmp_path / f"{name}.sha256").write_text(hashlib.sha256(data).hexdigest() + "\n")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"thresholds": [float("nan"), 0.5]}, r"thresholds\[0\] is nan"),
        ({"thresholds": [0.0, 0.5]}, "between 0 and 1"),
        ({"thresholds": [0.5]}, "'thresholds' has 1 values; it needs 2"),
        ({"intercept": None}, "'intercept' must be a list"),
        ({"intercept": [0.1]}, "'intercept' has 1 values"),
        ({"frames": ["anti_western", "anti_western"]}, "'frames' repeats 'anti_western'"),
        ({"coef": [["0.1"]]}, "coef"),
        ({"vocabulary": [1, 2]}, "'vocabulary' must be a list of strings"),
        ({"idf": [1.0]}, "'idf' has 1 values"),
        ({"candidate_pattern": "(?<=x)y"}, "candidate_pattern"),
        ({"default_method": "magic"}, "default_method"),
        ({"version": 3}, "'version' must be a string"),
    ],
)
def test_a_repinned_model_with_bad_fields_is_refused(
    clf: FrameClassifier, tmp_path: Path, change: dict, message: str
) -> None:
    raw = json.loads(clf.to_model().to_json())
    if "coef" in change:
        change = {"coef": [["0.1"] * len(raw["coef"][0]), raw["coef"][1]]}
    path = _repinned(tmp_path, {**raw, **change})
    with pytest.raises(InputError, match=message):
        load_model(path)


def test_broken_model_and_pin_files_are_package_errors(
    clf: FrameClassifier, tmp_path: Path
) -> None:
    path = clf.to_model().save(tmp_path / "m.json")
    (tmp_path / "m.json.sha256").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(InputError, match="not a pin file"):
        load_model(path)
    with pytest.raises(InputError, match="is a folder"):
        load_model(tmp_path)
    deep = _repinned(tmp_path, {}, "deep.json")
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    with pytest.raises((InputError, ChecksumError)):
        load_model(deep)


def test_a_save_killed_between_model_and_pin_leaves_a_loadable_pair(
    clf: FrameClassifier, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import discourse.frames.model as model_module

    path = tmp_path / "m.json"
    old = clf.to_model()
    old.save(path)
    new = FrameClassifier(min_df=1, C=0.5).fit(TEXTS, LABELS).to_model()
    assert new.digest() != old.digest()

    real_replace = os.replace
    calls: list[object] = []

    def killed(src: object, dst: object) -> None:
        calls.append(dst)
        if str(dst).endswith("m.json.sha256"):
            raise KeyboardInterrupt  # the process dies after the model, before the pin
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(model_module.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        new.save(path)
    monkeypatch.undo()
    assert load_model(path).digest() == new.digest()  # the new pair, finished on load
    assert not (tmp_path / "m.json.sha256.next").exists()
    assert (tmp_path / "m.json.sha256").read_text().strip() == new.digest()


def test_fit_on_texts_without_words_or_labels_is_a_package_error() -> None:
    y = pd.DataFrame({"anti_western": [1, 0]})
    with pytest.raises(InputError, match="no TF-IDF vocabulary"):
        FrameClassifier(min_df=1).fit(["!!!", "..."], y)
    with pytest.raises(InputError, match="no TF-IDF vocabulary"):
        FrameClassifier(min_df=1).fit(["", ""], y)
    with pytest.raises(InputError, match="min_df=2"):
        FrameClassifier(min_df=2).fit(["The West imposes.", "Trade grew."], y)
    labels = LABELS.astype("Int64")
    labels.loc[3, "anti_western"] = pd.NA
    with pytest.raises(InputError, match=r"y\['anti_western'\] is missing at row 3"):
        FrameClassifier(min_df=1).fit(TEXTS, labels)


def test_predict_proba_keeps_the_series_index(clf: FrameClassifier) -> None:
    texts = pd.Series(["Traditional values matter.", "Prices rose."], index=["a", "b"])
    assert clf.predict_proba(texts).index.tolist() == ["a", "b"]
    assert clf.predict(texts).index.tolist() == ["a", "b"]
