"""UN General Debate speeches of 199 countries and the EU, 1946-2024
(``corpus/registry/ungdc.csv``); doc_id ``ungdc-<ISO3>-<YEAR>``, read as ``wrapped``. Files are
fetched, verified and cached by :mod:`discourse.corpus.fetch`.
"""

from __future__ import annotations

import pandas as pd

from ..registry import corpus_info, corpus_registry
from .common import SOURCE, clean, read_remote_files, remote_files, yearly_file_fields


def meta() -> pd.DataFrame:
    """The registry's speeches, one row each (nothing fetched)."""
    info = corpus_info("ungdc")
    reg = corpus_registry("ungdc")
    root = info["mirror_root"]
    country = reg["country"].map(clean)
    meta = pd.DataFrame(
        {
            "doc_id": "ungdc-" + reg["iso3"] + "-" + reg["year"],
            "genre": info["genre"],
            "layout": info["layout"],
            "title": [
                f"UN General Debate {y} (session {s}): {c if c is not pd.NA else i}"
                for y, s, c, i in zip(
                    reg["year"], reg["session"], country, reg["iso3"], strict=True
                )
            ],
            "speaker": reg["speaker"].map(clean),
            "speaker_post": reg["speaker_post"].map(clean),
            "country": country,
            "iso3": reg["iso3"],
            **yearly_file_fields(info, reg),
            SOURCE: remote_files(reg, root),
        }
    )
    return meta


def read(meta: pd.DataFrame, *, errors: str, progress: bool) -> pd.DataFrame:
    """The speeches of ``meta``, fetched, verified and normalised."""
    return read_remote_files(meta, "ungdc", errors=errors, progress=progress)
