"""Shared plumbing of the discourse toolkit: input tables, tokens with offsets, glob patterns.

Not public API. The toolkit's :mod:`~discourse.toolkit.kwic`,
:mod:`~discourse.toolkit.collocations`, :mod:`~discourse.toolkit.keyness`,
:mod:`~discourse.toolkit.stance` and :mod:`~discourse.toolkit.us_them` all read their input through
:func:`as_units` and tokenise with :func:`tokenise`, so a word is the same word everywhere.

Tokens
------
A token is a run of letters and digits, with inner hyphens and apostrophes kept
(``"Western-funded"``, ``"don't"``); a possessive ``'s`` / ``’s`` is cut off (``"Russia’s"``
gives the token ``"Russia"``). Punctuation is not a token. Each token keeps its character
offsets into the text it came from.

Patterns
--------
A pattern is a word (``"values"``), a glob (``"tradition*"``, ``"?nterfere"``) or a phrase of
words and globs separated by spaces (``"traditional values"``, ``"the West*"``). A pattern is
split into tokens with the same rules as the text, so ``"RFE/RL"`` is the two-token phrase
``rfe rl``.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from .._validation import CARRIED_COLUMNS as CARRIED_COLUMNS
from .._validation import as_units as as_units
from ..errors import InputError

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_PATTERN_PIECE = re.compile(r"(?:[^\W_]|[*?])+(?:[-'’](?:[^\W_]|[*?])+)*")
_POSSESSIVE = re.compile(r"['’][sS]$")

#: Columns of a sentence table carried through to the toolkit's results when present.


@dataclass(frozen=True)
class Tokens:
    """The tokens of one text: their forms and their character offsets into that text."""

    forms: list[str]
    starts: np.ndarray
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.forms)


def fold(form: str) -> str:
    """The matching form of a token: lower case, curly apostrophe made straight."""
    return form.lower().replace("’", "'")


def tokenise(text: str) -> Tokens:
    """Split ``text`` into word tokens with character offsets.

    Examples
    --------
    >>> t = tokenise("Russia’s Western-funded NGOs, don't!")
    >>> t.forms
    ['Russia', 'Western-funded', 'NGOs', "don't"]
    >>> [int(s) for s in t.starts]
    [0, 9, 24, 30]
    """
    starts: list[int] = []
    ends: list[int] = []
    for m in _TOKEN.finditer(text):
        start, end = m.span()
        if end - start > 2 and text[end - 1] in "sS" and text[end - 2] in "'’":
            end -= 2  # a possessive 's is not part of the word
        starts.append(start)
        ends.append(end)
    forms = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    return Tokens(forms, np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64))


def token_forms(text: str, *, case_insensitive: bool = True) -> list[str]:
    """The token forms of ``text`` (folded with :func:`fold` when ``case_insensitive``)."""
    forms = tokenise(text).forms
    return [fold(f) for f in forms] if case_insensitive else forms


# --------------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern: its source string and one matcher per token position."""

    source: str
    parts: tuple[str, ...]
    matchers: tuple[re.Pattern[str], ...]


def compile_patterns(
    pattern: str | Iterable[str], *, case_insensitive: bool = True
) -> list[Pattern]:
    """Compile one pattern or a list of them; raise :class:`InputError` on empty or bad input.

    Examples
    --------
    >>> [p.parts for p in compile_patterns(["the West*", "RFE/RL"])]
    [('the', 'west*'), ('rfe', 'rl')]
    """
    if isinstance(pattern, str):
        sources = [pattern]
    elif isinstance(pattern, Iterable):
        sources = list(pattern)
    else:
        raise InputError(
            f"pattern must be a string or a list of strings, not {type(pattern).__name__}"
        )
    if not sources:
        raise InputError("pattern is an empty list: give at least one word, glob or phrase")
    compiled: list[Pattern] = []
    for i, source in enumerate(sources):
        if not isinstance(source, str):
            raise InputError(
                f"pattern[{i}] is {type(source).__name__} ({source!r}); patterns must be strings"
            )
        parts = []
        for piece in source.split():
            for p in _PATTERN_PIECE.findall(piece):
                if _POSSESSIVE.search(p):
                    p = p[:-2]
                parts.append(fold(p) if case_insensitive else p.replace("’", "'"))
        if not parts or all(set(p) <= {"*", "?"} for p in parts):
            raise InputError(
                f"pattern {source!r} holds no word: give a word, a glob such as 'tradition*' "
                f"or a phrase such as 'traditional values'"
            )
        matchers = tuple(re.compile(fnmatch.translate(p)) for p in parts)
        compiled.append(Pattern(source, tuple(parts), matchers))
    return compiled


class PatternSet:
    """Compiled patterns indexed by their first token, with a per-form cache.

    Finding which patterns can start at a token is a dictionary look-up for plain words and
    one glob test per distinct token form (cached), so matching hundreds of patterns over a
    large corpus stays linear in its tokens.
    """

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = list(patterns)
        self._exact: dict[str, list[int]] = defaultdict(list)
        self._globs: list[int] = []
        for k, pat in enumerate(self.patterns):
            if set(pat.parts[0]) & set("*?["):
                self._globs.append(k)
            else:
                self._exact[pat.parts[0]].append(k)
        self._cache: dict[str, list[int]] = {}

    def starting_with(self, form: str) -> list[int]:
        """Indices of the patterns whose first token matches ``form``."""
        hit = self._cache.get(form)
        if hit is None:
            globs = [k for k in self._globs if self.patterns[k].matchers[0].match(form)]
            hit = sorted(self._exact.get(form, []) + globs)
            self._cache[form] = hit
        return hit


def find_spans(
    forms: Sequence[str], patterns: PatternSet | Sequence[Pattern]
) -> list[tuple[int, int, str]]:
    """Token spans ``(i, j, source)`` (``forms[i:j]``) matching any pattern, in text order.

    ``forms`` must already be folded the way the patterns were compiled. Overlapping matches
    of different patterns are all returned; a pattern matches each position at most once.
    """
    pset = patterns if isinstance(patterns, PatternSet) else PatternSet(patterns)
    hits: list[tuple[int, int, str]] = []
    n = len(forms)
    for i, form in enumerate(forms):
        for k in pset.starting_with(form):
            pat = pset.patterns[k]
            m = len(pat.parts)
            if i + m <= n and all(pat.matchers[q].match(forms[i + q]) for q in range(1, m)):
                hits.append((i, i + m, pat.source))
    hits.sort(key=lambda h: (h[0], h[1]))
    return hits


# ------------------------------------------------------------------------------------ inputs


# --------------------------------------------------------------------------- quotation voice


def narrators(units: pd.DataFrame) -> dict[str, Any]:
    """The narrator of each document: the speaker of its first ``narrator`` sentence."""
    if not {"voice", "speaker"} <= set(units.columns):
        return {}
    rows = units[(units["voice"] == "narrator") & units["speaker"].notna()]
    return dict(zip(rows["doc_id"], rows["speaker"], strict=True)) if len(rows) else {}


def mention_voice(unit: Any, in_quote: bool, narrator: Any = pd.NA) -> tuple[Any, Any]:
    """``(voice, speaker)`` of a mention in ``unit`` (a row of a units table).

    A ``mixed`` sentence (or one without a voice) is split by quotation marks: a quoted
    mention gets the sentence's speaker, a narrated one the document's ``narrator``.
    """
    voice = getattr(unit, "voice", pd.NA)
    speaker = getattr(unit, "speaker", pd.NA)
    if pd.isna(voice) or voice == "mixed":
        return ("quote", speaker) if in_quote else ("narrator", narrator)
    return voice, speaker


#: Show a progress bar when a loop runs over at least this many text units.
PROGRESS_MIN_UNITS = 500


def iter_units(units: pd.DataFrame, *, desc: str | None = None) -> Iterator[Any]:
    """The rows of a units table as named tuples (``unit.doc_id``, ``unit.text``...).

    With ``desc``, a tqdm progress bar is shown on stderr for tables of at least
    :data:`PROGRESS_MIN_UNITS` rows.
    """
    rows: Iterator[Any] = units.itertuples(index=False)
    if desc is None or len(units) < PROGRESS_MIN_UNITS:
        return rows
    return iter(tqdm(rows, total=len(units), desc=desc, unit="unit", leave=False))
