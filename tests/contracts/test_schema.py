"""The one dtype schema (discourse/_schema.py, ARCHITECTURE.md): every public function's table,
empty results included, uses it, so tables join without dtype loss."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import discourse as dc
from discourse._schema import FLOAT_COLUMNS, POSITION_COLUMNS, STRING_COLUMNS, conform
from discourse.errors import InputError

FULL = [
    "Aliyev said: 'We share traditional values with Russia.' The West imposes its will on France.",
    "Trade grew.",
]
EMPTY = ["Nothing here at all."]
REFERENCE = ["We trade with Russia and the West and share values."] * 2

PUBLIC: dict[str, Callable[[Any], pd.DataFrame]] = {
    "segment": lambda x: dc.segment(x, progress=False),
    "quotes": dc.quotes,
    "turns": dc.turns,
    "find_frames": dc.find_frames,
    "score_frames": lambda x: dc.score_frames(dc.segment(x, progress=False)),
    "kwic": lambda x: dc.kwic(x, "traditional values"),
    "rewindow": lambda x: dc.rewindow(dc.kwic(x, "traditional values"), window=2),
    "collocations": lambda x: dc.collocations(x, min_freq=1),
    "keyness": lambda x: dc.keyness(x, REFERENCE, min_freq=1),
    "actor_stance": dc.actor_stance,
    "alignment": lambda x: dc.alignment(dc.actor_stance(x)),
    "us_them": dc.us_them,
    "polarisation": lambda x: dc.polarisation(dc.us_them(x)),
    "load_corpus": lambda x: dc.load_corpus(_folder(x)),
    "find_frames(Path)": lambda x: dc.find_frames(_folder(x)),
}

_FOLDERS: dict[int, Path] = {}


def _folder(texts: list[str]) -> Path:
    import tempfile

    key = hash(tuple(texts))
    if key not in _FOLDERS:
        folder = Path(tempfile.mkdtemp(prefix="schema-"))
        for i, text in enumerate(texts):
            (folder / f"t{i}.txt").write_text(text, encoding="utf-8")
        _FOLDERS[key] = folder
    return _FOLDERS[key]


def _check(table: pd.DataFrame, where: str) -> None:
    for name, dtype in table.dtypes.astype(str).items():
        if name in STRING_COLUMNS:
            assert dtype == "string", f"{where}: {name} is {dtype}, not string"
        elif name in POSITION_COLUMNS:
            assert dtype == "int64", f"{where}: {name} is {dtype}, not int64"
        elif name in FLOAT_COLUMNS:
            assert dtype == "float64", f"{where}: {name} is {dtype}, not float64"
        assert dtype not in ("object", "str"), f"{where}: {name} is {dtype}"


@pytest.mark.parametrize("texts", [FULL, EMPTY], ids=["results", "empty"])
@pytest.mark.parametrize("function", list(PUBLIC))
def test_every_public_table_follows_the_schema(function: str, texts: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        try:
            table = PUBLIC[function](texts)
        except InputError:  # keyness of texts sharing nothing: an error, not a table
            pytest.skip(f"{function} refuses this input")
    _check(table, function)


def test_detect_frames_index_and_columns() -> None:
    out = dc.detect_frames(FULL)
    assert str(out.index.dtype) == "string" and out.index.name == "doc_id"
    assert set(out.dtypes.astype(str)) == {"bool"}


def test_tables_merge_without_dtype_loss() -> None:
    """Merging find_frames and segment output keeps doc_id a string; an empty result too."""
    for texts in (FULL, EMPTY):
        sentences = dc.segment(texts, progress=False)
        merged = dc.find_frames(texts).merge(
            sentences[["doc_id", "sent_id", "kind"]], on=["doc_id", "sent_id"], how="left"
        )
        assert str(merged["doc_id"].dtype) == "string"
        assert str(merged["sent_id"].dtype) == "int64"


def test_conform_keeps_attrs_and_missing_positions() -> None:
    t = pd.DataFrame({"doc_id": ["a"], "start": [None]})
    t.attrs["codebook_hash"] = "x"
    out = conform(t)
    assert str(out["start"].dtype) == "Int64" and out.attrs["codebook_hash"] == "x"
