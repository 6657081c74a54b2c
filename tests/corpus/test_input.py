"""The one input coercer (discourse/corpus/_input.py): every toolkit function takes every
input kind, and every function gives a list's texts the same doc_id."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import discourse as dc
from discourse.corpus._input import as_corpus, as_units
from discourse.errors import InputError

TEXTS = [
    "Aliyev said: 'We share traditional values with Russia.' Turkey is a reliable partner.",
    "The West imposes its will. France failed to respect our traditional values.",
]


def _corpus() -> pd.DataFrame:
    # a corpus table as load_corpus() gives it: string columns, NA metadata (news voice NA)
    return pd.DataFrame(
        {
            "doc_id": pd.array(["a", "b"], dtype="string"),
            "text": pd.array(TEXTS, dtype="string"),
            "genre": pd.array([pd.NA, "speech"], dtype="string"),
            "speaker": pd.array([pd.NA, "Ilham Aliyev"], dtype="string"),
        }
    )


INPUTS: dict[str, Callable[[], Any]] = {
    "corpus table": _corpus,
    "sentence table": lambda: dc.segment(_corpus(), progress=False),
    "Series": lambda: _corpus()["text"],
    "list": lambda: list(TEXTS),
}

TOOLKIT: dict[str, Callable[[Any], pd.DataFrame]] = {
    "kwic": lambda x: dc.kwic(x, "traditional values"),
    "collocations": lambda x: dc.collocations(x, pattern="traditional", min_freq=1),
    "keyness": lambda x: dc.keyness(
        x, ["We want peace with the West and our partners."] * 3, min_freq=1
    ),
    "actor_stance": lambda x: dc.actor_stance(x),
    "alignment": lambda x: dc.alignment(dc.actor_stance(x)),
    "us_them": lambda x: dc.us_them(x),
    "polarisation": lambda x: dc.polarisation(dc.us_them(x)),
    "find_frames": lambda x: dc.find_frames(x),
    "detect_frames": lambda x: dc.detect_frames(x),
    "segment": lambda x: dc.segment(x, progress=False) if not isinstance(x, list) else x,
}


@pytest.mark.parametrize("kind", list(INPUTS))
@pytest.mark.parametrize("function", list(TOOLKIT))
def test_every_toolkit_function_takes_every_input_kind(function: str, kind: str) -> None:
    x = INPUTS[kind]()
    if function == "segment" and kind == "sentence table":
        pytest.skip("segment takes documents, not sentences")
    out = TOOLKIT[function](x)
    assert isinstance(out, pd.DataFrame | list)
    assert len(out) > 0


def test_a_list_gets_one_doc_id_scheme_everywhere() -> None:
    ids = {"doc-0", "doc-1"}
    assert set(dc.segment(TEXTS, progress=False)["doc_id"]) == ids
    assert set(dc.find_frames(TEXTS)["doc_id"]) == ids
    assert set(dc.detect_frames(TEXTS).index) == ids
    assert set(dc.kwic(TEXTS, "traditional values")["doc_id"]) == ids
    assert set(dc.actor_stance(TEXTS)["doc_id"]) <= ids
    assert set(dc.us_them(TEXTS)["doc_id"]) <= ids
    # joinable: find_frames' and segment's keys merge without dtype loss
    merged = dc.find_frames(TEXTS).merge(
        dc.segment(TEXTS, progress=False)[["doc_id", "sent_id", "kind"]], on=["doc_id", "sent_id"]
    )
    assert len(merged) == len(dc.find_frames(TEXTS))


def test_series_index_is_the_doc_id_and_must_be_unambiguous() -> None:
    s = pd.Series(TEXTS, index=["x", "y"])
    assert as_corpus(s)["doc_id"].tolist() == ["x", "y"]
    assert dc.detect_frames(s).index.tolist() == ["x", "y"]
    assert set(dc.find_frames(s)["doc_id"]) <= {"x", "y"}
    with pytest.raises(InputError, match="more than once"):
        as_corpus(pd.Series(TEXTS, index=["x", "x"]))
    with pytest.raises(InputError, match="both read as doc_id '1'"):
        as_corpus(pd.Series(TEXTS, index=[1, "1"]))
    with pytest.raises(InputError, match=r"pd.Series\(mapping\)"):
        as_units({"x": "text"})


def test_a_path_is_loaded_as_a_folder(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(TEXTS[1], encoding="utf-8")
    units = as_units(tmp_path)
    assert units["doc_id"].tolist() == ["one"]
    assert len(dc.kwic(tmp_path, "traditional values")) == 1


def test_bad_inputs_get_one_vocabulary() -> None:
    with pytest.raises(InputError, match="doc_id 'doc-1'.*not a string"):
        as_units(["fine", 3])
    with pytest.raises(InputError, match="is a int: pass a string"):
        as_units(3)
    with pytest.raises(InputError, match=r"lacks the column\(s\) \['text'\]"):
        as_units(pd.DataFrame({"doc_id": ["a"]}))
