"""State of the Union addresses of the US presidents, 1790-2021 (``corpus/registry/sotu.csv``);
doc_id ``sotu-<YEAR>-<president>`` from the file name, ``party`` an extra column. Fetched,
verified and cached like the UN files, read as ``wrapped``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..registry import corpus_info, corpus_registry
from .common import SOURCE, clean, read_remote_files, remote_files, yearly_file_fields


def doc_id_of(path: str, year: str) -> str:
    """``TXT/1953_harry_s_truman_d.txt`` -> ``sotu-1953-harry-s-truman`` (party suffix dropped)."""
    stem = Path(path).stem
    name = stem.split("_", 1)[1].rsplit("_", 1)[0] if stem.count("_") >= 2 else stem
    return f"sotu-{year}-{name.replace('_', '-')}"


def meta() -> pd.DataFrame:
    """The registry's addresses, one row each (nothing fetched)."""
    info = corpus_info("sotu")
    reg = corpus_registry("sotu")
    root = info["mirror_root"]
    return pd.DataFrame(
        {
            "doc_id": [doc_id_of(p, y) for p, y in zip(reg["path"], reg["year"], strict=True)],
            "genre": info["genre"],
            "layout": info["layout"],
            "title": [
                f"State of the Union {y}: {p}"
                for y, p in zip(reg["year"], reg["president"], strict=True)
            ],
            "speaker": reg["president"].map(clean),
            "speaker_post": "President of the United States",
            "country": info["country"],
            "iso3": info["iso3"],
            **yearly_file_fields(info, reg),
            "party": reg["party"].map(clean),
            SOURCE: remote_files(reg, root),
        }
    )


def read(meta: pd.DataFrame, *, errors: str, progress: bool) -> pd.DataFrame:
    """The addresses of ``meta``, fetched, verified and normalised."""
    return read_remote_files(meta, "sotu", errors=errors, progress=progress)
