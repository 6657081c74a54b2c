"""Checks that refuse ambiguous inputs before they merge documents (issue 13, item 10).

Small and local on purpose: the functions that coerce their input (``as_corpus``,
``detect._texts``) call these, so that a ``dict``, a repeated doc_id or two doc_ids that only
differ in type (``1`` and ``"1"``) are an :class:`~discourse.errors.InputError` instead of
texts silently analysed by their keys or merged under one id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from .errors import InputError

__all__ = ["check_doc_ids", "refuse_mapping"]


def refuse_mapping(obj: Any, name: str) -> None:
    """Raise :class:`InputError` if ``obj`` is a mapping (a dict would be read by its keys).

    Examples
    --------
    >>> refuse_mapping(["a text"], "texts")
    >>> refuse_mapping({"a": "a text"}, "texts")
    Traceback (most recent call last):
    ...
    discourse.errors.InputError: texts is a dict: ...
    """
    if isinstance(obj, Mapping) and not isinstance(obj, pd.Series | pd.DataFrame):
        raise InputError(
            f"{name} is a {type(obj).__name__}: iterating it gives its keys, not its texts. "
            "Pass pd.Series(mapping) to keep the keys as doc_ids, or list(mapping.values()) "
            "for the texts alone"
        )


def check_doc_ids(ids: Iterable[Any], where: str) -> None:
    """Raise :class:`InputError` if a doc_id repeats, or two differ only in type (1, "1").

    Doc_ids are written as text in Parquet, CSV and joins, so ``1`` and ``"1"`` would
    become one document there.

    Examples
    --------
    >>> check_doc_ids(["a", "b"], "the Series index")
    >>> check_doc_ids([1, "1"], "the Series index")
    Traceback (most recent call last):
    ...
    discourse.errors.InputError: the Series index: doc_ids 1 and '1' are the same ...
    """
    seen: dict[Any, Any] = {}
    as_text: dict[str, Any] = {}
    for value in ids:
        if value in seen:
            raise InputError(
                f"{where}: doc_id {value!r} occurs more than once; doc_ids must be unique "
                "(two texts would be merged under one id)"
            )
        seen[value] = value
        key = str(value)
        if key in as_text:
            raise InputError(
                f"{where}: doc_ids {as_text[key]!r} and {value!r} are the same when written "
                "as text (Parquet, CSV, joins); give every doc_id one type, e.g. all strings"
            )
        as_text[key] = value
