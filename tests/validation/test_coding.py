"""to_coding_sheet and read_codes (discourse/validation/coding.py): the blind sheet, and codes
read back with located errors (row and column) for every kind of bad sheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import discourse as dc
from discourse.corpus.normalise import sha256_text
from discourse.errors import ChecksumError, InputError

TEXTS = [
    "We defend traditional values. The harvest was late. Trade grew fast.",
    "The West imposes its will. Schools opened today. Our delegation agrees.",
]
FRAMES = ["traditional_values", "anti_western"]


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return dc.coding_sample(TEXTS, 5, frames=FRAMES, method="codebook", seed=4)


def test_sheet_is_blind_and_holds_definitions(sample: pd.DataFrame, tmp_path: Path) -> None:
    path = dc.to_coding_sheet(sample, tmp_path / "sheet.csv")
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(sheet.columns) == [
        "unit_id", "source", "before", "text", "after", *FRAMES, "unsure", "note"
    ]  # fmt: skip
    assert (sheet[FRAMES] == "").all().all()
    assert not {"stratum", "inclusion_prob", "method"} & set(sheet.columns)
    definitions = (tmp_path / "sheet.definitions.md").read_text()
    assert "traditional_values" in definitions and "anti_western" in definitions
    design = pd.read_csv(tmp_path / "sheet.design.csv")
    assert "text" not in design.columns and "inclusion_prob" in design.columns
    with pytest.raises(InputError, match="never overwritten"):
        dc.to_coding_sheet(sample, path)


def test_a_filled_sheet_reads_back_with_the_design(sample: pd.DataFrame, tmp_path: Path) -> None:
    path = dc.to_coding_sheet(sample, tmp_path / "sheet.csv")
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    sheet["traditional_values"] = ["1", "0", "", "0", "1"]
    sheet["anti_western"] = ["0", "1", "", "0", "0"]
    sheet.loc[2, "unsure"] = "1"
    sheet.to_csv(path, index=False)
    codes = dc.read_codes(path)
    assert codes["unit_id"].tolist() == sample["unit_id"].tolist()
    order = dict(zip(sheet["unit_id"], sheet["traditional_values"], strict=True))
    for unit, value in zip(codes["unit_id"], codes["traditional_values"], strict=True):
        assert (pd.isna(value) and order[unit] == "") or str(value) == order[unit]
    assert codes["inclusion_prob"].dtype == "float64"
    assert codes["unsure"].sum() == 1
    assert codes.attrs["frames"] == FRAMES


def _codes(sample: pd.DataFrame, **columns: list[str]) -> pd.DataFrame:
    ids = sample["unit_id"].tolist()
    return pd.DataFrame({"unit_id": columns.pop("unit_id", ids), **columns})


def test_bad_value_names_row_and_column(sample: pd.DataFrame) -> None:
    bad = _codes(sample, anti_western=["0", "1", "yes?", "0", "0"])
    with pytest.raises(InputError, match=r"row 3 \(line 4\), column 'anti_western'.*'yes\?'"):
        dc.read_codes(bad, units=sample)


def test_duplicate_and_unknown_ids_are_located(sample: pd.DataFrame) -> None:
    ids = sample["unit_id"].tolist()
    dup = _codes(sample, unit_id=[ids[0], ids[1], ids[0]], anti_western=["0", "1", "0"])
    with pytest.raises(InputError, match=r"row 3 \(line 4\), column 'unit_id'.*coded twice"):
        dc.read_codes(dup, units=sample)
    unknown = _codes(sample, unit_id=[ids[0], "u-nope"], anti_western=["0", "1"])
    with pytest.raises(InputError, match=r"row 2 \(line 3\), column 'unit_id'.*not in the sample"):
        dc.read_codes(unknown, units=sample)
    empty = _codes(sample, unit_id=[ids[0], " "], anti_western=["0", "1"])
    with pytest.raises(InputError, match=r"row 2 \(line 3\), column 'unit_id': empty"):
        dc.read_codes(empty, units=sample)


def test_changed_text_is_refused(sample: pd.DataFrame, tmp_path: Path) -> None:
    path = dc.to_coding_sheet(sample, tmp_path / "sheet.csv")
    sheet = pd.read_csv(path, dtype=str, keep_default_na=False)
    sheet.loc[1, "text"] = sheet.loc[1, "text"] + " (edited)"
    sheet.to_csv(path, index=False)
    with pytest.raises(ChecksumError, match="no longer matches its span_sha256"):
        dc.read_codes(path)
    corpus = pd.DataFrame({"doc_id": ["doc-0", "doc-1"], "text": [t.upper() for t in TEXTS]})
    with pytest.raises(ChecksumError, match="the corpus"):
        dc.read_codes(_codes(sample, anti_western=["0"] * 5), units=sample, corpus=corpus)


def test_without_a_design_the_message_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "codes.csv"
    path.write_text("unit_id,anti_western\nu1,1\n")
    with pytest.raises(InputError, match="pass units="):
        dc.read_codes(path)
    with pytest.raises(InputError, match="no frame column"):
        dc.read_codes(pd.DataFrame({"unit_id": ["u1"], "x": ["1"]}))


def test_units_csv_beside_a_coder_file_is_the_design(sample: pd.DataFrame, tmp_path: Path) -> None:
    design = sample.drop(columns=["text", "before", "after", "source"])
    design.to_csv(tmp_path / "units.csv", index=False)
    (tmp_path / "coder1.csv").write_text(
        f"unit_id,traditional_values,anti_western,note\n{sample['unit_id'][0]},1,0,a note\n"
    )
    codes = dc.read_codes(tmp_path / "coder1.csv")
    assert codes["traditional_values"].notna().sum() == 1
    assert codes.loc[0, "note"] == "a note"
    assert sha256_text(sample["text"][0]) == codes.loc[0, "span_sha256"]
