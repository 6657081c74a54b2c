"""code_units (discourse/validation/widget.py), driven from the test as a coder would: buttons
per frame, unsure, note, save after every unit, resume, and another coder's file left alone."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import discourse as dc
from discourse.corpus.normalise import sha256_text
from discourse.errors import InputError

FRAMES = ["traditional_values", "anti_western"]


@pytest.fixture
def sample() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unit_id": ["u1", "u2", "u3"],
            "source": ["a speech, 1990"] * 3,
            "before": ["", "First.", "Second <b>bold</b>."],
            "text": ["First.", "Second <b>bold</b>.", "Third."],
            "after": ["Second <b>bold</b>.", "Third.", ""],
            "stratum": ["g / positive", "g / other", "g / other"],
            "inclusion_prob": [1.0, 0.5, 0.5],
        }
    )


def test_codes_are_saved_after_every_unit(sample: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    coder = dc.code_units(sample, path, coder="ana", frames=FRAMES)
    assert "First." in coder.unit.value and "<b>bold</b>" not in coder.unit.value  # escaped
    assert "positive" not in coder.widget.children[0].value  # blind: no stratum shown
    coder.frame_buttons["anti_western"].value = True
    coder.note.value = "names the West"
    coder.next_button.click()
    saved = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert saved.to_dict("records") == [
        {"unit_id": "u1", "traditional_values": "0", "anti_western": "1", "unsure": "0",
         "note": "names the West", "coder": "ana"}
    ]  # fmt: skip
    assert coder.position == 1 and not coder.frame_buttons["anti_western"].value
    coder.unsure.value = True
    coder.next_button.click()
    saved = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert saved.loc[1, ["traditional_values", "anti_western", "unsure"]].tolist() == ["", "", "1"]
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_back_shows_saved_codes_and_recoding_replaces_them(
    sample: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "codes.csv"
    coder = dc.code_units(sample, path, coder="ana", frames=FRAMES)
    coder.frame_buttons["traditional_values"].value = True
    coder.next_button.click()
    coder.back_button.click()
    assert coder.position == 0 and coder.frame_buttons["traditional_values"].value
    coder.frame_buttons["traditional_values"].value = False
    coder.next_button.click()
    saved = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert saved["unit_id"].tolist() == ["u1"] and saved.loc[0, "traditional_values"] == "0"


def test_resume_skip_and_finish(sample: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    first = dc.code_units(sample, path, coder="ana", frames=FRAMES)
    first.next_button.click()
    again = dc.code_units(sample, path, coder="ana", frames=FRAMES)
    assert again.position == 1
    again.skip_button.click()
    again.next_button.click()
    assert again.position == 3 and "All 3 units coded" in again.header.value
    assert again.next_button.disabled
    design = sample.drop(columns=["text"]).assign(
        doc_id="d",
        start=[0, 7, 30],
        end=[6, 26, 36],
        span_sha256=[sha256_text(t) for t in sample["text"]],
        method="codebook",
        codebook_hash="",
        model_hash="",
    )
    codes = dc.read_codes(path, units=design)
    assert codes["anti_western"].isna().tolist() == [False, True, False]


def test_another_coders_file_is_never_touched(sample: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    dc.code_units(sample, path, coder="ana", frames=FRAMES).next_button.click()
    before = path.read_bytes()
    with pytest.raises(InputError, match="coder 'ana', not 'ben'"):
        dc.code_units(sample, path, coder="ben", frames=FRAMES)
    other = tmp_path / "notes.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="not a coder's file"):
        dc.code_units(sample, other, coder="ben", frames=FRAMES)
    assert path.read_bytes() == before and other.read_text() == "a,b\n1,2\n"
    with pytest.raises(InputError, match="name the coder"):
        dc.code_units(sample, tmp_path / "x.csv", coder=" ", frames=FRAMES)
