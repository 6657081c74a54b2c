"""This study's own validation defaults: which frames were coded, where the coder files are,
and the country rules of its held-out split. Study code, not shipped with the package.

The package's validation layer (:mod:`discourse.validation`) is general: it reads any coded set
from the folder it is given and infers the coded frames from the coder files. What is particular
to this study's coded set lives here, beside the files, for the study's notebooks and scripts
(``sample_units.py``, ``train_model.py``, ``dev_scores.py``):

- :data:`FOLDER`: this folder, holding ``units.csv``, ``coder1.csv`` and ``coder2.csv``;
- :data:`FRAMES`: the two frames the coders coded (the codebook defines more);
- :func:`unit_country`: the country a unit speaks for (the unit of the country-disjoint split
  and of grouped cross-validation), and :func:`unit_regions` its UN regional group.

A notebook imports it as ``from corpus.validation import study`` (the checkout's root is on
the notebooks' ``PYTHONPATH``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from discourse.corpus.registry import region_map
from discourse.validation.annotations import load_annotations

FOLDER = Path(__file__).resolve().parent
"""The study's annotation folder (``units.csv``, ``coder1.csv``, ``coder2.csv``)."""

FRAMES: tuple[str, ...] = ("traditional_values", "anti_western")
"""The frames the study's coders coded (``coder1.csv`` and ``coder2.csv`` hold these columns)."""


def unit_country(doc_id: str) -> str:
    """The speaker a unit's document speaks for: the ISO3 code of a UN speech
    (``ungdc-<ISO3>-<year>``), ``RUS`` for a Kremlin item, ``USA:<president>`` for a State of
    the Union address (``sotu-<year>-<president>``: each president is a speaker of his own),
    ``AZE`` for the seed (Aliyev's interview). The unit of the speaker-disjoint held-out split
    and of grouped cross-validation.

    Examples
    --------
    >>> unit_country("ungdc-FRA-2019"), unit_country("kremlin-60836")
    ('FRA', 'RUS')
    >>> unit_country("sotu-1953-harry-s-truman")
    'USA:harry-s-truman'
    """
    if doc_id.startswith("ungdc-"):
        return doc_id.split("-")[1]
    if doc_id.startswith("sotu-"):
        return "USA:" + doc_id.split("-", 2)[2]
    return "RUS" if doc_id.startswith("kremlin-") else "AZE"


def unit_regions(doc_ids: Sequence[str]) -> pd.Series:
    """The UN regional group of each unit's speaker (:func:`unit_country`), NA where a country
    has no group."""
    regions = region_map()
    return pd.Series(
        [regions.get(unit_country(str(d)).split(":")[0], pd.NA) for d in doc_ids],
        dtype="string",
        name="region",
    )


def coded_set(*, coder: str = "coder1", with_text: bool = True) -> pd.DataFrame:
    """The study's coded set (:func:`discourse.validation.annotations.load_annotations` of
    :data:`FOLDER`)."""
    return load_annotations(FOLDER, coder=coder, frames=FRAMES, with_text=with_text)
