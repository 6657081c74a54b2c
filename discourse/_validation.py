"""The input door: checks every public function makes on what it is given.

In: a table and what it must hold. Out: nothing, or an :class:`~discourse.errors.InputError`
that names the input, the missing columns and the columns it has.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .errors import InputError

__all__ = ["as_texts", "require_columns"]


def require_columns(table: Any, columns: Iterable[str], where: str) -> None:
    """Raise :class:`~discourse.errors.InputError` unless ``table`` has every one of ``columns``.

    Parameters
    ----------
    table
        A DataFrame (anything with ``columns``).
    columns
        The columns it needs.
    where
        What the table is, for the message (a file name, ``"the match table"``, a function).

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame(columns=["a", "b"]), ["a"], "t")
    >>> require_columns(pd.DataFrame(columns=["a"]), ["a", "c"], "t")
    Traceback (most recent call last):
    ...
    discourse.errors.InputError: t: missing column(s) c (has: a)
    """
    have = list(table.columns)
    missing = [c for c in columns if c not in have]
    if missing:
        raise InputError(
            f"{where}: missing column(s) {', '.join(map(str, missing))} "
            f"(has: {', '.join(map(str, have))})"
        )


def as_texts(X: Any) -> list[str]:
    """Texts from a list, Series, 1-D array, or a one-column 2-D array/DataFrame of strings.

    The door of the scikit-learn estimators (``X`` of ``fit`` and ``transform``).

    Examples
    --------
    >>> as_texts(np.array([["a"], ["b"]], dtype=object))
    ['a', 'b']
    """
    if sp.issparse(X):
        raise TypeError("sparse input is not supported: FrameVectorizer takes texts (strings)")
    if isinstance(X, str):
        raise InputError("X must be an iterable of texts, not a single string (wrap it in a list)")
    if isinstance(X, pd.DataFrame):
        if X.shape[1] != 1:
            raise InputError(f"X: a DataFrame of texts must have one column, not {X.shape[1]}")
        X = X.iloc[:, 0]
    elif isinstance(X, np.ndarray) and X.ndim == 2:
        if X.shape[1] != 1:
            raise InputError(
                f"X: expected texts (a 1-D sequence of strings), got a 2-D array of shape {X.shape}"
            )
        X = X[:, 0]
    try:
        values = list(X)
    except TypeError:
        raise InputError(f"X must be an iterable of texts, not {type(X).__name__}") from None
    for i, v in enumerate(values):
        if not isinstance(v, str):
            kind = (
                "missing (None/NaN)"
                if v is None or (isinstance(v, float) and v != v)
                else (f"a {type(v).__name__}")
            )
            raise InputError(f"X[{i}] is {kind}; FrameVectorizer expects texts (strings)")
    return values
