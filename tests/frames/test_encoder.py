"""The frame encoder's run time (``discourse.frames.encoder``) on a tiny ONNX fixture.

``tests/fixtures/encoder/`` is built by ``tests/fixtures/make_tiny_encoder.py``: hand-set
weights with the shipped encoder's interface, so these tests run ONNX Runtime and ``tokenizers``
for real without the shipped model or torch.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from discourse.errors import ChecksumError, InputError
from discourse.frames import encoder as enc_mod
from discourse.frames.detect import detect_frames, find_frames
from discourse.frames.encoder import FrameEncoder, explain_frames, load_encoder
from discourse.frames.methods import candidates

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "encoder"
TEXTS = [
    "We defend the family tradition. The weather is fine.",
    "The West imposes its will.",
    "The weather is fine.",
]


@pytest.fixture()
def tiny() -> FrameEncoder:
    return load_encoder(FIXTURE)


def test_load_verifies_and_records_provenance(tiny: FrameEncoder) -> None:
    assert tiny.frames == ["traditional_values", "anti_western"]
    prov = tiny.provenance()
    assert prov["model_version"] == "tiny-fixture"
    assert len(prov["model_hash"]) == 64 and len(prov["encoder_onnx_sha256"]) == 64
    assert load_encoder(FIXTURE / "encoder.json") is tiny  # read once per file state


def test_probabilities_follow_the_words(tiny: FrameEncoder) -> None:
    prob = tiny.predict_proba(["we defend the family", "the west imposes", "the weather is fine"])
    assert prob.shape == (3, 2)
    assert prob[0, 0] > 0.8 and prob[0, 1] < 0.2
    assert prob[1, 1] > 0.7 and prob[1, 0] < 0.2
    assert (prob[2] < 0.2).all()
    # batched and length-sorted: the same numbers one at a time and with a progress bar
    single = np.vstack(
        [tiny.predict_proba([t]) for t in ["the west imposes", "we defend the family"]]
    )
    batch = tiny.predict_proba(["the west imposes", "we defend the family"], progress=True)
    np.testing.assert_allclose(single, batch, atol=1e-6)
    assert tiny.predict_proba([]).shape == (0, 2)


def test_detect_frames_with_the_encoder(tiny: FrameEncoder) -> None:
    flags = detect_frames(TEXTS, method="encoder", model=tiny)
    assert flags["traditional_values"].tolist() == [True, False, False]
    assert flags["anti_western"].tolist() == [False, True, False]
    assert flags.attrs["method"] == "encoder"
    assert flags.attrs["model_hash"] == tiny.manifest_sha256
    assert flags.attrs["probability"].shape == (3, 2)


def test_encoder_runs_only_on_the_prefilters_candidates(
    tiny: FrameEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    original = FrameEncoder.predict_proba

    def spy(self: FrameEncoder, sentences, **kw):  # type: ignore[no-untyped-def]
        seen.extend(sentences)
        return original(self, sentences, **kw)

    monkeypatch.setattr(FrameEncoder, "predict_proba", spy)
    detect_frames(
        ["The West imposes its will.", "Rain fell on Tuesday."], method="encoder", model=tiny
    )
    assert seen == ["The West imposes its will."]


def test_find_frames_keeps_the_audit_trail_and_adds_probability(tiny: FrameEncoder) -> None:
    codebook = find_frames(TEXTS[:2], method="codebook")
    matches = find_frames(TEXTS[:2], method="encoder", model=tiny)
    assert "probability" in matches.columns
    rows = matches[matches["indicator"] != "model"]
    assert rows["indicator"].tolist() == codebook["indicator"].tolist()  # codebook rows stay
    assert rows["probability"].notna().all()
    assert matches.attrs["method"] == "encoder"


def test_candidates_prefilter() -> None:
    assert candidates(["The West imposes its will.", "Rain fell on Tuesday."]).tolist() == [
        True,
        False,
    ]


def test_explain_names_nearest_units_with_codes(tiny: FrameEncoder) -> None:
    ev = explain_frames(["the west imposes its will", "we defend the family"], k=2, encoder=tiny)
    assert len(ev) == 4
    first = ev[ev["query"] == 0].iloc[0]
    assert first["unit_id"] == "u-aw" and first["anti_western"] == 1 and first["rank"] == 1
    assert ev[ev["query"] == 1].iloc[0]["unit_id"] == "u-tv"
    assert ev["similarity"].between(-1.0001, 1.0001).all()
    assert "text" not in ev.columns
    assert ev.attrs["model_hash"] == tiny.manifest_sha256
    with pytest.raises(InputError, match="k must be"):
        explain_frames("x", k=0, encoder=tiny)
    with pytest.raises(InputError, match=r"x\[0\]"):
        explain_frames([None], encoder=tiny)  # type: ignore[list-item]


def test_missing_encoder_names_the_extra(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"discourse\[train\]"):
        load_encoder(tmp_path)
    with pytest.raises(InputError, match="encoder.json"):
        detect_frames(["The West imposes."], method="encoder", model=tmp_path / "encoder.json")
    copy = tmp_path / "enc"
    shutil.copytree(FIXTURE, copy)
    (copy / "encoder.onnx").unlink()
    with pytest.raises(InputError, match=r"encoder\.onnx is missing.*train"):
        load_encoder(copy)


def test_changed_files_are_refused(tmp_path: Path) -> None:
    copy = tmp_path / "enc"
    shutil.copytree(FIXTURE, copy)
    (copy / "encoder.onnx").write_bytes((FIXTURE / "encoder.onnx").read_bytes() + b"\0")
    with pytest.raises(ChecksumError, match="encoder.onnx"):
        load_encoder(copy)
    shutil.copy(FIXTURE / "encoder.onnx", copy / "encoder.onnx")
    (copy / "encoder.json").write_text(
        (FIXTURE / "encoder.json").read_text(encoding="utf-8") + " ", encoding="utf-8"
    )
    with pytest.raises(ChecksumError, match="pinned"):
        load_encoder(copy)


def test_manifest_round_trip(tmp_path: Path) -> None:
    copy = tmp_path / "enc"
    shutil.copytree(FIXTURE, copy)
    manifest = {
        "format": enc_mod.ENCODER_FORMAT,
        "version": "v2",
        "frames": ["traditional_values", "anti_western"],
        "thresholds": [0.4, 0.6],
        "max_length": 8,
        "candidate_pattern": r"\bwest\b",
    }
    enc_mod.write_manifest(copy, manifest)
    loaded = load_encoder(copy)
    assert loaded.version == "v2" and loaded.thresholds == [0.4, 0.6]
    assert set(loaded.files) == {
        "encoder.onnx",
        "encoder-tokenizer.json",
        "encoder-heads.npz",
        "encoder-units.npz",
    }


def test_the_run_time_never_imports_torch() -> None:
    code = (
        "import sys, discourse as dc\n"
        "from discourse.frames.encoder import load_encoder, explain_frames\n"
        f"e = load_encoder({str(FIXTURE)!r})\n"
        "dc.detect_frames(['The West imposes its will.'], method='encoder', model=e)\n"
        "dc.find_frames(['The West imposes its will.'], method='encoder', model=e)\n"
        "explain_frames('the west', encoder=e)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'torch', 'transformers', 'onnx'})\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_explain_with_text_resolves_the_shipped_units_from_their_corpora() -> None:
    """The neighbours' texts come from the corpora, each verified against its sha256."""
    from discourse.errors import CorpusUnavailableError

    try:
        table = explain_frames(
            "We must protect the traditional family and the faith of our fathers.",
            with_text=True,
        )
    except CorpusUnavailableError as exc:
        pytest.skip(f"the training units' corpora are not reachable: {exc}")
    assert len(table) > 0
    assert table["text"].map(lambda t: isinstance(t, str) and len(t) > 0).all()
