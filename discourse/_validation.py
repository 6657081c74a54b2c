"""The input door: whatever a user passes, checked and turned into one validated form, once.

Not public API. Every public function that takes texts or tables enters here, in the spirit of
scikit-learn's ``utils/validation.py`` (``check_array``), so a text gets the same ``doc_id``
whichever function reads it, every bad input gets the same kind of message (what it is, where,
what to pass instead), and the decision "read this input a chunk at a time, or in memory" is
made in one place (:func:`stream_dispatch`).

- :func:`stream_dispatch`: a document source (an iterator of document dicts, a folder, a Parquet
  dataset) to stream, or an input for the in-memory functions;
- :func:`as_corpus`: a corpus table (documents);
- :func:`as_units`: a unit table (the texts to scan, one per document or per given sentence,
  with their offsets into their documents); sentences are cut from texts by the one unit
  builder, :mod:`discourse.corpus.units`;
- :func:`as_documents`: texts and their ``doc_id`` index, for the detectors;
- :func:`as_texts`: the texts of a scikit-learn ``X``;
- :func:`require_columns`: the one "missing columns" check.

Accepted inputs and the one ``doc_id`` scheme:

- a string: one document, ``doc_id`` ``"doc-0"``;
- a list or tuple of strings: documents ``"doc-0"``, ``"doc-1"``, ... in order;
- a Series of strings: its index gives the ``doc_id`` (as a string) unless it is the default
  ``RangeIndex``, which is numbered like a list (``"doc-0"``, ...); a duplicated index, or two
  labels that read alike as strings (``1`` and ``"1"``), is an error;
- a corpus table (``doc_id``, ``text``, metadata columns; :func:`discourse.load_corpus`): its
  ``doc_id`` as given (unique), a missing text (NA) is an empty document;
- a sentence table (``doc_id``, ``sent_id``, ``start``, ``end``, ``text``;
  :func:`discourse.segment`): its rows as given;
- a :class:`pathlib.Path` to a folder of ``.txt`` files or to one ``.txt`` file: loaded with
  :func:`discourse.load_corpus` (``doc_id`` the file stem).

It sits in the corpus layer (it reads a ``Path`` with :func:`discourse.load_corpus`), below
every module that takes input, and imports nothing that does.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Hashable, Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = [
    "MISSING",
    "argument",
    "as_corpus",
    "as_documents",
    "as_texts",
    "as_units",
    "check_sentence_table",
    "check_text",
    "require_columns",
    "stream_dispatch",
]

#: Columns of a sentence table that a unit table carries along when present.
SENTENCE_COLUMNS = [
    "doc_id",
    "par_id",
    "sent_id",
    "start",
    "end",
    "text",
    "section",
    "voice",
    "speaker",
    "kind",
]
"""The sentence table's columns, in order (:func:`discourse.segment`; ``part`` follows with
``split_quotes=True``)."""
SENTENCE_KEYS = ("doc_id", "sent_id", "start", "end", "text")
"""The columns every sentence table must have (the others are optional)."""
CARRIED_COLUMNS = ("sent_id", "part", "par_id", "kind", "section", "voice", "speaker")
"""The sentence columns a unit table keeps from a sentence table (:func:`as_units`)."""

_KINDS = (
    "a string, a list or Series of strings, a corpus table (doc_id, text), a sentence table "
    "(doc_id, sent_id, start, end, text) or a pathlib.Path to a folder or .txt file"
)


def list_ids(n: int) -> list[str]:
    """The ``doc_id`` of the ``n`` texts of a list: ``doc-0``, ``doc-1``, ...

    Examples
    --------
    >>> list_ids(2)
    ['doc-0', 'doc-1']
    """
    return [f"doc-{i}" for i in range(n)]


def list_positions(doc_ids: Iterable[str]) -> list[int]:
    """The positions in their list of texts with the ``doc_id`` :func:`list_ids` gives.

    Examples
    --------
    >>> list_positions(["doc-1", "doc-0"])
    [1, 0]
    """
    return [int(d.removeprefix("doc-")) for d in doc_ids]


def series_ids(index: pd.Index, name: str) -> list[str]:
    """The ``doc_id`` of a Series' texts from its index (see the module docstring)."""
    if isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1:
        return list_ids(len(index))
    if index.has_duplicates:
        dup = index[index.duplicated()][0]
        raise InputError(
            f"{name}: the Series index holds {dup!r} more than once; its index is the doc_id "
            "of each text, so make it unique (e.g. .reset_index(drop=True))"
        )
    ids = [str(v) for v in index]
    if len(set(ids)) < len(ids):
        seen: dict[str, Any] = {}
        for label, key in zip(index, ids, strict=True):
            if key in seen:
                raise InputError(
                    f"{name}: the Series index labels {seen[key]!r} and {label!r} both read as "
                    f"doc_id {key!r}; make the labels distinct as strings"
                )
            seen[key] = label
    return ids


def all_str(values: list[Any]) -> bool:
    """Whether every value is exactly a ``str`` (a fast check; a loop then names the culprit)."""
    return set(map(type, values)) <= {str}


def check_text(value: Any, where: str) -> str:
    """``value`` if it is a string; else an :class:`InputError` naming ``where``.

    Examples
    --------
    >>> check_text(3, "texts[1]")
    Traceback (most recent call last):
    ...
    discourse.errors.InputError: texts[1] is a int, not a string
    """
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        raise InputError(f"{where} is missing (None/NaN); give a string (use '' for no text)")
    raise InputError(f"{where} is a {type(value).__name__}, not a string")


def _check_texts(values: list[Any], ids: list[str], name: str) -> None:
    if all_str(values):
        return
    for doc_id, value in zip(ids, values, strict=True):
        if not isinstance(value, str):
            raise InputError(
                f"{name}: the text of doc_id {doc_id!r} is {type(value).__name__} "
                f"({value!r}), not a string; pass {_KINDS}"
            )


def effective_genre(genre: Any, speaker: Any, outlet: Any) -> str | None:
    """A document's genre for voice attribution: its ``genre``, or ``"speech"`` when it has
    none but names a ``speaker`` and no ``outlet`` (a user's folder of speeches whose
    ``metadata.csv`` gives the speaker but no genre); otherwise ``None`` (read like news).

    Examples
    --------
    >>> effective_genre(None, "Ilham Aliyev", None), effective_genre(None, "A", "bne")
    ('speech', None)
    """

    def given(v: Any) -> str | None:
        return v.strip() or None if isinstance(v, str) else None

    if given(genre) is not None:
        return given(genre)
    return "speech" if given(speaker) and not given(outlet) else None


def is_sentence_table(x: Any) -> bool:
    """Whether ``x`` is a sentence table (a DataFrame with ``doc_id``, ``sent_id``, ``text``)."""
    return isinstance(x, pd.DataFrame) and {"doc_id", "sent_id", "text"} <= set(x.columns)


def _first_row(table: pd.DataFrame, bad: Any) -> Any:
    """The index label of the first row where the boolean array ``bad`` is true."""
    return table.index[np.flatnonzero(np.asarray(bad, dtype=bool))[0]]


def _check_integer_column(table: pd.DataFrame, column: str, name: str) -> None:
    """Refuse a ``column`` of ``table`` whose values are not whole numbers (NaN, strings, ...)."""
    values = table[column]
    if pd.api.types.is_bool_dtype(values.dtype):
        raise InputError(f"{name}: column {column!r} holds booleans; it must hold whole numbers")
    if pd.api.types.is_integer_dtype(values.dtype):
        if values.hasnans:
            row = _first_row(table, values.isna())
            raise InputError(
                f"{name}: column {column!r} is missing at row {row!r}; every sentence needs "
                f"a {column} (a whole number; see discourse.segment)"
            )
        return
    if pd.api.types.is_float_dtype(values.dtype):
        numbers = values.to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isfinite(numbers) | (numbers != np.floor(numbers))
        if bad.any():
            row = _first_row(table, bad)
            raise InputError(
                f"{name}: column {column!r} at row {row!r} is {float(values.loc[row])!r}, not "
                f"a whole number; every sentence needs its {column} as an integer (see "
                "discourse.segment)"
            )
        return
    kinds = values.map(lambda v: isinstance(v, int | np.integer) and not isinstance(v, bool))
    bad = ~kinds.to_numpy(dtype=bool)
    if bad.any():
        row = _first_row(table, bad)
        value = values.loc[row]
        raise InputError(
            f"{name}: column {column!r} at row {row!r} is the {type(value).__name__} {value!r}, "
            f"not an integer; give {column} as whole numbers (e.g. "
            f"table[{column!r}] = table[{column!r}].astype(int) if they are numbers written as "
            "text; see discourse.segment)"
        )


def check_sentence_table(x: pd.DataFrame, *, name: str = "x") -> None:
    """Refuse a sentence table whose keys cannot be trusted, naming the column and the row.

    ``doc_id`` must be present in every row and of one type (``1`` and ``"1"`` are the same
    document once written as text); ``sent_id``, ``start`` and ``end`` (where present) must be
    whole numbers, never NaN or text.

    Examples
    --------
    >>> table = pd.DataFrame({"doc_id": ["a"], "sent_id": [0], "start": ["0"], "text": ["Hi."]})
    >>> check_sentence_table(table)
    Traceback (most recent call last):
    ...
    discourse.errors.InputError: x: column 'start' at row 0 is the str '0', not an integer; ...
    """
    doc_ids = x["doc_id"]
    if doc_ids.hasnans:
        row = _first_row(x, doc_ids.isna())
        raise InputError(f"{name}: row {row!r} has no doc_id; give every sentence its document's")
    if doc_ids.dtype == object:
        kind = pd.api.types.infer_dtype(doc_ids, skipna=False)
        if kind not in ("string", "integer"):
            types = doc_ids.map(type)
            first = types.iloc[0]
            row = _first_row(x, (types != first).to_numpy())
            raise InputError(
                f"{name}: column 'doc_id' mixes types: {doc_ids.iloc[0]!r} "
                f"({first.__name__}, row {x.index[0]!r}) and {doc_ids.loc[row]!r} "
                f"({type(doc_ids.loc[row]).__name__}, row {row!r}); doc_ids 1 and '1' are the "
                "same when written as text, so give every doc_id one type (e.g. "
                "table['doc_id'] = table['doc_id'].astype(str))"
            )
    for column in ("sent_id", "start", "end"):
        if column in x.columns:
            _check_integer_column(x, column, name)


def as_corpus(x: Any, *, name: str = "x") -> pd.DataFrame:
    """Coerce ``x`` into a corpus table with at least ``doc_id`` and ``text``.

    A corpus table is returned as is, after checks (``doc_id`` and ``text`` columns, unique
    ids, texts that are strings or missing). Strings, lists and Series become a table of
    ``doc_id`` (``string``) and ``text`` (``string``) by the module's ``doc_id`` scheme; a
    :class:`~pathlib.Path` is loaded with :func:`discourse.load_corpus`.

    Examples
    --------
    >>> as_corpus(["One.", "Two."])[["doc_id", "text"]].values.tolist()
    [['doc-0', 'One.'], ['doc-1', 'Two.']]
    >>> as_corpus(pd.Series(["One."], index=["speech-a"]))["doc_id"].tolist()
    ['speech-a']
    """
    if isinstance(x, Path):
        from .corpus.load import load_corpus

        return load_corpus(x)
    if isinstance(x, pd.DataFrame):
        require_columns(
            x,
            ("doc_id", "text"),
            f"{name} (a corpus table)",
            hint=f"pass the table load_corpus() returns, or {_KINDS}",
        )
        if x["doc_id"].isna().any():
            row = x.index[x["doc_id"].isna().to_numpy()][0]
            raise InputError(f"{name}: row {row!r} has no doc_id; give every document one")
        if x["doc_id"].duplicated().any():
            dup = x.loc[x["doc_id"].duplicated(), "doc_id"].iloc[0]
            raise InputError(f"{name}: doc_id {dup!r} occurs more than once in the corpus table")
        as_text = x["doc_id"].astype(str)
        if as_text.duplicated().any():
            same = x.loc[as_text == as_text[as_text.duplicated()].iloc[0], "doc_id"].tolist()
            raise InputError(
                f"{name}: doc_ids {same[0]!r} and {same[1]!r} are the same when written as text "
                "(every table keys documents by a string doc_id); make them distinct as strings"
            )
        column = x["text"]
        wrong = ~(column.isna() | column.map(lambda v: isinstance(v, str), na_action="ignore"))
        if wrong.any():
            row = int(wrong.to_numpy().nonzero()[0][0])
            value = column.tolist()[row]
            raise InputError(
                f"{name}: the text of doc_id {x['doc_id'].iloc[row]!r} (row {row}) is a "
                f"{type(value).__name__} ({value!r}), not a str; a missing text may be left "
                "empty (NA), anything else must be a string"
            )
        return x
    if isinstance(x, str):
        values, ids = [x], list_ids(1)
    elif isinstance(x, pd.Series):
        values, ids = x.tolist(), series_ids(x.index, name)
    elif isinstance(x, list | tuple):
        values, ids = list(x), list_ids(len(x))
    elif isinstance(x, Mapping):
        raise InputError(
            f"{name} is a {type(x).__name__}: pass pd.Series(mapping) to use its keys as "
            f"doc_ids, or {_KINDS}"
        )
    elif isinstance(x, Iterable):  # an iterator or generator of strings
        values = list(x)
        ids = list_ids(len(values))
    else:
        raise InputError(f"{name} is a {type(x).__name__}: pass {_KINDS}")
    _check_texts(values, ids, name)
    return pd.DataFrame(
        {"doc_id": pd.array(ids, dtype="string"), "text": pd.array(values, dtype="string")}
    )


def as_units(x: Any, *, name: str = "x") -> pd.DataFrame:
    """Coerce ``x`` into one table of text units to scan.

    Returns a DataFrame with ``doc_id``, ``offset`` (where the unit's text starts in its
    document, int64), ``text`` and, for a sentence table, the columns in
    :data:`CARRIED_COLUMNS` that are present:

    - a sentence table: one unit per sentence, offset ``start``;
    - anything else (:func:`as_corpus`): one unit per document, offset 0; a missing text is
      empty; with a ``speaker`` column the ``speaker`` is kept and a speech
      (:func:`effective_genre`) gets the voice ``speaker`` (other genres: voice NA, told
      apart by :func:`discourse.segment`).

    Examples
    --------
    >>> as_units(["We trust Russia.", "France failed."])[["doc_id", "offset", "text"]]
      doc_id  offset              text
    0  doc-0       0  We trust Russia.
    1  doc-1       0    France failed.
    """
    if is_sentence_table(x):
        if "start" not in x.columns:
            raise InputError(
                f"{name}: the sentence table has no 'start' column (a sentence table has "
                "doc_id, sent_id, start, end, text; see discourse.segment)"
            )
        check_sentence_table(x, name=name)
        _check_texts(x["text"].tolist(), x["doc_id"].astype(str).tolist(), name)
        units = pd.DataFrame(
            {
                "doc_id": x["doc_id"].astype("string").to_numpy(),
                "offset": x["start"].astype("int64").to_numpy(),
                "text": x["text"].astype(str).to_numpy(),
            }
        )
        for col in CARRIED_COLUMNS:
            if col in x.columns:
                units[col] = x[col].to_numpy()
        return units
    corpus = as_corpus(x, name=name)
    units = pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].astype("string").to_numpy(),
            "offset": np.zeros(len(corpus), dtype=np.int64),
            "text": corpus["text"].fillna("").astype(str).to_numpy(),
        }
    )
    if "speaker" in corpus.columns:
        # a speech is its speaker's own words; other genres (news, transcripts) mix voices
        genre = corpus["genre"] if "genre" in corpus.columns else [None] * len(corpus)
        outlet = corpus["outlet"] if "outlet" in corpus.columns else [None] * len(corpus)
        speech = [
            effective_genre(g, s, o) == "speech"
            for g, s, o in zip(genre, corpus["speaker"], outlet, strict=True)
        ]
        units["voice"] = pd.array(["speaker" if v else pd.NA for v in speech], dtype="string")
        units["speaker"] = corpus["speaker"].to_numpy()
    return units


def as_documents(x: Any, name: str) -> tuple[list[Any], pd.Index]:
    """The texts of ``x`` and their index, for the detectors: ``doc_id`` by the one scheme, or
    a DataFrame's own index when it is a sentence table or has no ``doc_id`` (one row per text).

    A text that is not a string is an :class:`InputError` naming its position and ``doc_id``
    (:func:`check_text`); a corpus table's missing text is an empty document.

    Examples
    --------
    >>> as_documents(["One.", "Two."], "texts")
    (['One.', 'Two.'], Index(['doc-0', 'doc-1'], dtype='object', name='doc_id'))
    """
    if isinstance(x, pd.DataFrame):
        require_columns(x, ("text",), f"{name} (a DataFrame)", hint=f"pass {_KINDS}")
        if "sent_id" in x.columns or "doc_id" not in x.columns:
            values = x["text"].tolist()
            for i, v in enumerate(values if not all_str(values) else ()):
                check_text(v, f"{name}.text[{i}] (index {x.index[i]!r})")
            return values, x.index
    if isinstance(x, str):
        x = [x]  # one document, doc-0
    elif isinstance(x, Iterable) and not isinstance(
        x, list | tuple | pd.Series | pd.DataFrame | Mapping
    ):
        x = list(x)
    if isinstance(x, list | tuple | pd.Series):
        values = list(x)
        ids = series_ids(x.index, name) if isinstance(x, pd.Series) else list_ids(len(values))
        for i, v in enumerate(values if not all_str(values) else ()):
            check_text(v, f"{name}[{i}] (doc_id {ids[i]!r})")
        return values, pd.Index(ids, dtype=object, name="doc_id")  # strings, checked above
    corpus = as_corpus(x, name=name)
    values = corpus["text"].fillna("").tolist()
    return values, pd.Index(corpus["doc_id"].astype(str).tolist(), name="doc_id")


def meta_value(row: Mapping[Hashable, Any], key: str) -> str | None:
    """A corpus row's metadata value as stripped text; ``None`` when missing or blank.

    Examples
    --------
    >>> meta_value({"speaker": " Aliyev "}, "speaker"), meta_value({"title": None}, "title")
    ('Aliyev', None)
    """
    value = row.get(key)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip()
    return text or None


def require_columns(table: Any, columns: Iterable[str], where: str, *, hint: str = "") -> None:
    """Raise :class:`~discourse.errors.InputError` unless ``table`` has every one of ``columns``.

    Parameters
    ----------
    table
        A DataFrame (anything with ``columns``).
    columns
        The columns it needs.
    where
        What the table is, for the message (a file name, ``"the match table"``, a function).
    hint
        What to do about it, appended to the message (``"see discourse.segment"``).

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
            f"(has: {', '.join(map(str, have))})" + (f"; {hint}" if hint else "")
        )


def as_texts(X: Any) -> list[str]:
    """Texts from a list, Series, 1-D array, or a one-column 2-D array/DataFrame of strings.

    The door of the scikit-learn estimators (``X`` of ``fit`` and ``transform``).

    Examples
    --------
    >>> as_texts(np.array([["a"], ["b"]], dtype=object))
    ['a', 'b']
    """
    import scipy.sparse as sp  # only the estimators come here

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


# --------------------------------------------------------------------------- streaming


def stream_dispatch(obj: Any) -> tuple[bool, Any]:
    """Whether ``obj`` is a document source to read a chunk at a time, rather than an input
    for the in-memory functions: the one place the package decides it.

    :func:`discourse.segment`, :func:`discourse.find_frames` and :func:`discourse.score_frames`
    ask first. Stream sources are: an iterator whose first item is a mapping (a generator of
    document dicts); a :class:`~pathlib.Path` (any :class:`os.PathLike`) naming an existing
    folder or ``.parquet`` file. A string is always a text, never a path (``"/"`` is a
    one-character text): pass ``Path("speeches/")`` to read a folder. A DataFrame, a Series, a
    list, a tuple and an iterator of strings are not stream sources either; they are told
    apart without touching the file system or the streaming reader.

    Returns
    -------
    tuple
        ``(is_stream, source)``: use ``source`` from then on, since an iterator's first item
        has been read (``source`` yields it again).

    Examples
    --------
    >>> stream_dispatch(iter([{"doc_id": "a", "text": "Peace."}]))[0]
    True
    >>> stream_dispatch(iter(["Peace."]))[0]
    False
    >>> stream_dispatch("Peace and tradition.")
    (False, 'Peace and tradition.')
    >>> stream_dispatch("/")  # a text, not the root folder
    (False, '/')
    """
    if isinstance(obj, str | list | tuple | dict | pd.DataFrame | pd.Series):
        return False, obj
    if isinstance(obj, Iterator):
        try:
            first = next(obj)
        except StopIteration:
            return False, iter(())
        rest = chain([first], obj)
        return isinstance(first, Mapping | pd.Series), rest
    if isinstance(obj, os.PathLike):
        path = Path(obj)
        try:
            found = path.is_dir() or (path.is_file() and path.suffix == ".parquet")
        except OSError:
            found = False
        return found, obj
    return False, obj


# --------------------------------------------------------------------------- argument names


class _Required:
    """The default of an argument that must be given (under its name or its former one)."""

    def __repr__(self) -> str:
        return "<required>"


MISSING: Any = _Required()
"""The default of the text argument ``x`` while its former keyword still works."""


def argument(value: Any, former: Any, *, old: str, function: str, new: str = "x") -> Any:
    """The value of argument ``new`` of ``function``, given under its name or, with a
    :class:`DeprecationWarning`, under its former keyword ``old``.

    The text argument has one name in every public function, ``x``; the names it had before
    (``corpus``, ``texts``, ``sentences_or_texts``, ``sentences``) still work as keywords.

    Examples
    --------
    >>> argument("text", MISSING, old="corpus", function="segment")
    'text'
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     argument(MISSING, "text", old="corpus", function="segment")
    'text'
    >>> print(caught[0].message)
    segment(corpus=...) is deprecated: the argument is now called x; pass it first or as x=...
    """
    if former is MISSING:
        if value is MISSING:
            raise TypeError(f"{function}() missing 1 required argument: {new!r}")
        return value
    if value is not MISSING:
        raise TypeError(f"{function}() got both {new!r} and its former name {old!r}; pass {new}")
    warnings.warn(
        f"{function}({old}=...) is deprecated: the argument is now called {new}; pass it first "
        f"or as {new}=...",
        DeprecationWarning,
        stacklevel=3,
    )
    return former
