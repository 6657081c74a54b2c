"""detections (discourse/validation/detections.py): the detector's output per sentence, cached
as Parquet under a key of corpus digest, codebook, model, method and version; no text stored."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from discourse.validation.detections import cache_key, detections

CORPUS = pd.DataFrame(
    {
        "doc_id": ["a", "b"],
        "text": ["We defend traditional values. It rained.", "The West imposes its will."],
        "raw_sha256": ["1" * 64, "2" * 64],
    }
)


def test_cache_round_trip_without_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path))
    first = detections(CORPUS, method="codebook")
    files = list((tmp_path / "detections").glob("*.parquet"))
    assert len(files) == 1 and first.attrs["cache_file"] == str(files[0])
    assert "text" not in pd.read_parquet(files[0]).columns
    second = detections(CORPUS, method="codebook")
    pd.testing.assert_frame_equal(first.reset_index(drop=True), second.reset_index(drop=True))
    assert second["text"].tolist() == ["We defend traditional values.", "It rained.",
                                       "The West imposes its will."]  # fmt: skip
    assert second[["traditional_values", "anti_western"]].values.tolist() == [
        [True, False], [False, False], [False, True]
    ]  # fmt: skip


def test_learned_method_keeps_probabilities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path))
    found = detections(CORPUS, method="hybrid")
    assert {"p_traditional_values", "p_anti_western"} <= set(found.columns)
    assert found.attrs["method"] == "hybrid" and len(found.attrs["model_hash"]) == 64


def test_the_key_changes_with_texts_method_and_codebook() -> None:
    base = {"method": "codebook", "codebook_hash": "x", "model_hash": ""}
    key = cache_key(CORPUS, base)
    changed = CORPUS.assign(raw_sha256=["1" * 64, "3" * 64])
    assert cache_key(changed, base) != key
    assert cache_key(CORPUS, {**base, "method": "hybrid"}) != key
    assert cache_key(CORPUS, {**base, "codebook_hash": "y"}) != key
    assert cache_key(CORPUS.iloc[::-1], base) == key  # order does not matter
