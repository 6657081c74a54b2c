"""The seed: the news article the project was built around (``corpus/seed/``, described by
``meta.yaml``); doc_id ``bne-2024-12-19-aliyev``, read as ``lines``. Its ``speaker`` is the person
the report quotes (``subject_speaker``); its country and licence come from the ``seed`` entry of
``corpus/registry/corpora.yaml``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import yaml

from .. import paths
from ..fetch import safe_relpath
from ..registry import corpus_info
from .common import SOURCE, clean, read_local


def meta() -> pd.DataFrame:
    """The seed's one row of metadata."""
    info = corpus_info("seed")
    folder = paths.corpus_dir() / "seed"
    meta_path = folder / "meta.yaml"
    with meta_path.open(encoding="utf-8") as handle:
        meta = yaml.safe_load(handle)
    date = meta.get("date")
    date = date.isoformat() if isinstance(date, dt.date) else clean(date)
    row = {
        "doc_id": meta["doc_id"],
        "genre": info["genre"],
        "layout": info["layout"],
        "title": meta.get("title"),
        "speaker": meta.get("subject_speaker"),
        "speaker_post": pd.NA,
        "country": info.get("country"),
        "iso3": info.get("iso3"),
        "date": date,
        "year": int(str(date)[:4]) if date is not pd.NA else pd.NA,
        "outlet": meta.get("outlet"),
        "url": meta.get("url"),
        "licence": info.get("licence"),
        "attribution": info.get("attribution"),
        SOURCE: str(folder / safe_relpath(meta["file"], source=str(meta_path))),
    }
    return pd.DataFrame([{k: v if k in ("year", SOURCE) else clean(v) for k, v in row.items()}])


def read(meta: pd.DataFrame, *, errors: str, progress: bool) -> pd.DataFrame:
    """The seed's corpus table."""
    return read_local(meta, "seed", errors=errors)
