"""Keywords in context: every occurrence of a pattern with the words around it.

In: texts, a corpus table or a sentence table. Out: the KWIC table, one row per hit with
the keyword's offsets in its document.

:func:`kwic` finds a word, a glob or a phrase (see :mod:`~discourse.toolkit._tokens` for the token
and pattern rules) and returns one row per hit with the character offsets of the keyword in its
document, so a hit can always be traced back to the exact place in the text.

Context
-------
``window`` counts word tokens on each side. ``pre`` and ``post`` are the exact text between the
window's outer token and the keyword, punctuation included, with runs of white space shown as
one space. For a corpus table the context runs across the whole document; for a sentence table
it stays within the sentence (the unit the table gives), and the sentence's columns
(``sent_id``, ``voice``, ``speaker``...) are kept.

Re-windowing
------------
The result remembers the texts its hits came from (in ``result.attrs["kwic_contexts"]``), so
:func:`rewindow` changes the window without searching again. A result that lost its ``attrs``
(saved to CSV and read back) can be re-windowed by passing the original input as ``x=``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from .._schema import conform
from ..corpus._sentences import quoted
from ..errors import InputError
from ._tokens import (
    CARRIED_COLUMNS,
    PatternSet,
    as_units,
    compile_patterns,
    find_spans,
    fold,
    iter_units,
    mention_voice,
    narrators,
    tokenise,
)

__all__ = ["KWIC_COLUMNS", "kwic", "rewindow"]

#: The stable columns of :func:`kwic` (sentence-table columns follow them when present).
KWIC_COLUMNS = ["doc_id", "start", "end", "pre", "keyword", "post", "pattern"]

_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _check_window(window: Any) -> int:
    if isinstance(window, bool) or not isinstance(window, int | np.integer) or window < 0:
        raise InputError(f"window must be a non-negative whole number of tokens, not {window!r}")
    return int(window)


def _context(text: str, starts: np.ndarray, ends: np.ndarray, i: int, j: int, window: int):
    """``pre`` and ``post`` for the keyword spanning tokens ``i:j`` of ``text``."""
    lo = max(i - window, 0)
    hi = min(j + window, len(starts))
    pre = text[int(starts[lo]) : int(starts[i])] if window and i > 0 else ""
    post = text[int(ends[j - 1]) : int(ends[hi - 1])] if window and j < len(starts) else ""
    return _squash(pre), _squash(post)


def kwic(
    x: Any,
    pattern: str | Iterable[str],
    *,
    window: int = 5,
    case_insensitive: bool = True,
    progress: bool = True,
) -> pd.DataFrame:
    """Find ``pattern`` in ``x`` and show each hit with ``window`` tokens either side.

    Parameters
    ----------
    x
        A corpus table (``doc_id``, ``text``), a sentence table (``doc_id``, ``start``, ``end``,
        ``text`` and optionally ``sent_id``, ``voice``, ``speaker``...), a string or a list of
        strings (``doc_id`` ``doc-0``, ``doc-1``, ...; see :mod:`discourse._validation`).
    pattern
        A word, a glob (``"tradition*"``), a phrase (``"traditional values"``,
        ``"the West*"``) or a list of them.
    window
        Tokens of context on each side.
    case_insensitive
        Match regardless of case (default).
    progress
        Show a progress bar (tables of 500 text units or more; default ``True``).

    Returns
    -------
    pandas.DataFrame
        One row per hit, in document and text order: ``doc_id``, ``start``, ``end`` (character
        offsets of the keyword in the document's text), ``pre``, ``keyword`` (the text as
        written), ``post``, ``pattern`` (the pattern that matched), then the sentence table's
        ``sent_id``, ``part``, ``par_id``, ``kind``, ``section``, ``voice``, ``speaker`` when
        the input had them; in a sentence of ``mixed`` voice, a hit inside quotation marks
        gets the voice ``quote`` (and the sentence's speaker), one outside ``narrator`` (and
        the document's narrator). No hits: an empty table with these columns and a
        :class:`UserWarning`.

    Raises
    ------
    InputError
        An empty or non-string pattern, a negative window, an input that is not text.

    Examples
    --------
    >>> k = kwic(["We share traditional values with Russia."], "traditional value*", window=2)
    >>> k[["start", "end", "pre", "keyword", "post"]]
       start  end       pre            keyword         post
    0      9   27  We share  traditional values  with Russia
    >>> rewindow(k, window=1).loc[0, "pre"]
    'share'
    """
    window = _check_window(window)
    patterns = compile_patterns(pattern, case_insensitive=case_insensitive)
    pset = PatternSet(patterns)
    units = as_units(x)
    extra = [c for c in CARRIED_COLUMNS if c in units.columns]
    narrator = narrators(units)
    rows: list[dict[str, Any]] = []
    contexts: dict[str, list[tuple[int, str]]] = {}
    for unit in iter_units(units, desc="kwic" if progress else None):
        text: str = unit.text
        toks = tokenise(text)
        forms = [fold(f) for f in toks.forms] if case_insensitive else toks.forms
        hits = find_spans(forms, pset)
        if not hits:
            continue
        offset = int(unit.offset)
        contexts.setdefault(unit.doc_id, []).append((offset, text))
        for i, j, source in hits:
            pre, post = _context(text, toks.starts, toks.ends, i, j, window)
            s, e = int(toks.starts[i]), int(toks.ends[j - 1])
            row = {
                "doc_id": unit.doc_id,
                "start": offset + s,
                "end": offset + e,
                "pre": pre,
                "keyword": text[s:e],
                "post": post,
                "pattern": source,
            }
            for col in extra:
                row[col] = getattr(unit, col)
            voice = row.get("voice")
            if isinstance(voice, str) and voice == "mixed":
                row["voice"], row["speaker"] = mention_voice(
                    unit, quoted(text, s), narrator.get(unit.doc_id, pd.NA)
                )
            rows.append(row)
    result = pd.DataFrame(rows, columns=KWIC_COLUMNS + extra)
    result = result.astype({"start": "int64", "end": "int64"})
    if result.empty:
        warnings.warn(
            f"kwic: no hits for {[p.source for p in patterns]} in {len(units)} text unit(s)",
            UserWarning,
            stacklevel=2,
        )
    result.attrs["kwic_contexts"] = contexts
    result.attrs["kwic_window"] = window
    return conform(result)


def rewindow(result: pd.DataFrame, *, window: int, x: Any = None) -> pd.DataFrame:
    """Recompute ``pre`` and ``post`` of a :func:`kwic` result for another ``window``.

    Only the texts holding hits are re-tokenised; nothing is searched again.

    Parameters
    ----------
    result
        A :func:`kwic` result (rows may have been filtered or re-ordered).
    window
        The new number of context tokens on each side.
    x
        The input ``result`` was computed from; needed only when ``result`` has lost its
        ``attrs`` (e.g. after a round trip through CSV).

    Returns
    -------
    pandas.DataFrame
        A copy of ``result`` with new ``pre`` and ``post``.

    Examples
    --------
    >>> k = kwic("Russia and Azerbaijan are reliable partners today.", "reliable", window=1)
    >>> rewindow(k, window=3)[["pre", "post"]].iloc[0].tolist()
    ['and Azerbaijan are', 'partners today']
    """
    window = _check_window(window)
    if x is not None:
        units = as_units(x)
        contexts: dict[str, list[tuple[int, str]]] = {}
        for unit in iter_units(units):
            contexts.setdefault(unit.doc_id, []).append((int(unit.offset), unit.text))
    elif "kwic_contexts" in result.attrs:
        contexts = result.attrs["kwic_contexts"]
    else:
        raise InputError(
            "rewindow: this table carries no kwic contexts (its attrs were lost, e.g. by "
            "reading it from CSV); pass the original input as x="
        )
    out = result.copy()
    pre_col: list[str] = []
    post_col: list[str] = []
    cache: dict[tuple[str, int], Any] = {}
    for doc_id, start, end in zip(out["doc_id"], out["start"], out["end"], strict=True):
        found = None
        for offset, text in contexts.get(doc_id, []):
            if offset <= start and end <= offset + len(text):
                found = (offset, text)
                break
        if found is None:
            raise InputError(
                f"rewindow: no text of doc_id {doc_id!r} covers characters {start}:{end}; "
                f"was this row produced by kwic() on the same input?"
            )
        offset, text = found
        key = (doc_id, offset)
        if key not in cache:
            cache[key] = tokenise(text)
        toks = cache[key]
        i = int(np.searchsorted(toks.starts, start - offset))
        j = int(np.searchsorted(toks.ends, end - offset)) + 1
        pre, post = _context(text, toks.starts, toks.ends, i, j, window)
        pre_col.append(pre)
        post_col.append(post)
    out["pre"] = pd.Series(pre_col, index=out.index, dtype=out["pre"].dtype)
    out["post"] = pd.Series(post_col, index=out.index, dtype=out["post"].dtype)
    out.attrs["kwic_contexts"] = contexts
    out.attrs["kwic_window"] = window
    return conform(out)
