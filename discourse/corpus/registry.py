"""The registry of corpora: what each named corpus is and which files it holds (no text).

``corpus/registry/corpora.yaml`` describes each corpus (title, licence, citation, origin, genre,
layout); ``corpus/registry/ungdc.csv``, ``sotu.csv`` and ``kremlin.csv`` list an external
corpus's documents with their identifiers and checksums; ``corpus/registry/regions.csv`` maps
ISO3 codes to UN regional groups. In: a corpus name. Out: its entry (:func:`corpus_info`)
or its per-document table (:func:`corpus_registry`), which :func:`discourse.load_corpus` and
:mod:`discourse.corpus.fetch` read.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import yaml

from ..errors import InputError
from . import paths
from .fetch import safe_relpath

__all__ = ["KNOWN_CORPORA", "corpus_info", "corpus_registry", "region_table"]

KNOWN_CORPORA: tuple[str, ...] = ("seed", "ungdc", "sotu", "kremlin")


def _registry_dir() -> Path:
    return paths.corpus_dir() / "registry"


@lru_cache(maxsize=4)
def _corpora_yaml(path: Path) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a mapping of corpus names to entries")
    return data


def corpus_info(name: str) -> dict[str, Any]:
    """The registry entry of a named corpus (``corpus/registry/corpora.yaml``).

    Parameters
    ----------
    name
        ``"seed"``, ``"ungdc"`` or ``"kremlin"``.

    Returns
    -------
    dict
        ``title``, ``licence``, ``citation`` (a list), ``origin``, ``genre``, ``layout``,
        ``attribution`` (a template for Kremlin: ``{url}`` is each document's URL) and
        corpus-specific keys.

    Examples
    --------
    >>> corpus_info("ungdc")["licence"]
    'CC0 1.0'
    >>> corpus_info("kremlin")["attribution"]
    'Source: President of Russia, {url}, CC BY 4.0'
    """
    entries = _corpora_yaml(_registry_dir() / "corpora.yaml")
    if name not in entries:
        raise InputError(
            f"unknown corpus {name!r}; known corpora: {', '.join(KNOWN_CORPORA)} "
            f"(or pass the path of a folder of .txt files)"
        )
    return dict(entries[name])


def corpus_registry(name: Literal["ungdc", "sotu", "kremlin"]) -> pd.DataFrame:
    """The per-document registry of an external corpus: identifiers and checksums, no text.

    Parameters
    ----------
    name
        ``"ungdc"`` (columns ``iso3, country, year, session, speaker, speaker_post, path,
        bytes, sha256, origin_url``), ``"sotu"`` (``year, president, party, path, bytes, sha256,
        origin_url``) or ``"kremlin"`` (``id, date, url, source_repo,
        source_commit, source_path, source_sha256, source_bytes``).

    Returns
    -------
    pandas.DataFrame
        All columns as strings exactly as registered (empty cells are ``""``), registry order.

    Raises
    ------
    InputError
        For a registered path that is absolute or contains ``..``.

    Examples
    --------
    >>> reg = corpus_registry("ungdc")
    >>> len(reg), reg.loc[0, "iso3"]
    (9728, 'AFG')
    """
    info = corpus_info(name)
    if "table" not in info:
        raise InputError(f"corpus {name!r} has no per-document registry table")
    return _read_registry_table(_registry_dir() / info["table"], name)


def _read_registry_table(path: Path, name: str) -> pd.DataFrame:
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    column = {"ungdc": "path", "sotu": "path", "kremlin": "source_path"}.get(name)
    if column is not None:
        for line, value in enumerate(table[column], start=2):
            safe_relpath(value, source=f"{path}:{line}")
    return table


def region_table() -> pd.DataFrame:
    """ISO3 code → UN regional group: ``corpus/registry/regions.csv`` (``iso3, region, note``).

    The five regional groups of the UN General Assembly (African; Asia-Pacific; Eastern European;
    Latin American and Caribbean; Western European and Other States), as listed by the UN
    Department for General Assembly and Conference Management, "United Nations Regional Groups
    of Member States". Historical members (the USSR under ``RUS``, Czechoslovakia, the GDR,
    Yugoslavia, South Yemen) take the group of their era; the EU and the Holy See belong to none
    (``region`` is NA).
    """
    path = _registry_dir() / "regions.csv"
    table = pd.read_csv(path, dtype="string", keep_default_na=False)
    if list(table.columns) != ["iso3", "region", "note"] or table["iso3"].duplicated().any():
        raise InputError(f"{path}: expected the columns iso3, region, note with unique iso3 codes")
    return table.replace({"": pd.NA})


@lru_cache(maxsize=1)
def region_map() -> dict[str, Any]:
    """ISO3 code → UN regional group (NA for none), from :func:`region_table`, read once."""
    table = region_table()
    return dict(zip(table["iso3"], table["region"], strict=True))
