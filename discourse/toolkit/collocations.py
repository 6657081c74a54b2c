"""Collocations: word pairs and triples that occur together more often than chance.

In: texts, a corpus table or a sentence table. Out: one row per n-gram or collocate with its
counts and association scores.

Two uses, one function:

- **corpus-wide n-grams** (``pattern=None``): adjacent bigrams (``n=2``) or trigrams (``n=3``)
  counted with NLTK's :class:`~nltk.collocations.BigramCollocationFinder` /
  :class:`~nltk.collocations.TrigramCollocationFinder`;
- **collocates of a node** (``pattern="traditional values"``): every word within ``window``
  tokens left or right of a hit of the pattern. Each hit is first merged into one node token
  (so a phrase counts as one unit), then NLTK's windowed bigram finder counts
  (node, word) pairs to the right and (word, node) pairs to the left; ``side`` says which.

Both are scored with NLTK's association measures, Dunning's log-likelihood ratio
(:meth:`~nltk.metrics.association.BigramAssocMeasures.likelihood_ratio`) and pointwise mutual
information (``pmi``), after dropping n-grams seen fewer than ``min_freq`` times. Counting never
crosses a text unit (a document for a corpus table, a sentence for a sentence table).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any, Literal

import pandas as pd
from nltk.collocations import BigramCollocationFinder, TrigramCollocationFinder
from nltk.metrics import BigramAssocMeasures, TrigramAssocMeasures
from nltk.probability import FreqDist

from .._schema import conform
from ..errors import InputError
from ._tokens import (
    PatternSet,
    as_units,
    compile_patterns,
    find_spans,
    iter_units,
    token_forms,
)

__all__ = ["COLLOCATION_COLUMNS", "collocations"]

#: Stable columns of :func:`collocations`.
COLLOCATION_COLUMNS = ["collocation", "n", "frequency", "llr", "pmi", "node", "side"]

Measure = Literal["llr", "pmi"]


def _stopword_set(stopwords: str | Iterable[str] | None) -> frozenset[str]:
    if stopwords is None:
        return frozenset()
    if isinstance(stopwords, str):
        if stopwords != "english":
            raise InputError(
                f"stopwords must be 'english', a list of words or None, not {stopwords!r}"
            )
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return frozenset(ENGLISH_STOP_WORDS)
    return frozenset(w.lower() for w in stopwords)


def _merge_node(forms: list[str], spans: list[tuple[int, int, str]], node: str) -> list[str]:
    """Replace each non-overlapping hit ``forms[i:j]`` by the single token ``node``."""
    out: list[str] = []
    pos = 0
    for i, j, _ in spans:
        if i < pos:
            continue
        out.extend(forms[pos:i])
        out.append(node)
        pos = j
    out.extend(forms[pos:])
    return out


def collocations(
    x: Any,
    *,
    pattern: str | Iterable[str] | None = None,
    window: int = 5,
    n: int = 2,
    min_freq: int = 3,
    measure: Measure = "llr",
    stopwords: str | Iterable[str] | None = None,
    case_insensitive: bool = True,
    progress: bool = True,
) -> pd.DataFrame:
    """Score collocations in ``x`` with NLTK's association measures.

    Parameters
    ----------
    x
        Texts, a corpus table or a sentence table (as for :func:`discourse.kwic`).
    pattern
        ``None`` for corpus-wide n-grams; else a word, glob, phrase or list of them whose
        collocates within ``window`` tokens are scored (all patterns share one node).
    window
        Tokens either side of the node (``pattern`` only).
    n
        2 (bigrams) or 3 (trigrams); ``pattern`` needs ``n=2``.
    min_freq
        Drop n-grams seen fewer times.
    measure
        ``"llr"`` (log-likelihood ratio) or ``"pmi"``: the column the result is sorted by.
    stopwords
        ``None`` (keep every word), ``"english"`` (scikit-learn's list) or your own words:
        n-grams containing one are dropped (the node itself is never dropped).
    case_insensitive
        Fold case before counting (default).
    progress
        Show a progress bar (tables of 500 text units or more; default ``True``).

    Returns
    -------
    pandas.DataFrame
        ``collocation`` (the words joined by spaces; for a node, the collocate alone), ``n``,
        ``frequency``, ``llr``, ``pmi``, ``node`` (the pattern(s), NA corpus-wide) and ``side``
        (``"left"`` / ``"right"`` of the node, NA corpus-wide), sorted by ``measure``
        descending, then ``collocation``. Nothing above ``min_freq``: an empty table with these
        columns and a :class:`UserWarning`.

    Examples
    --------
    >>> texts = ["traditional values matter", "our traditional values", "traditional values"]
    >>> collocations(texts, min_freq=2)[["collocation", "frequency"]]
              collocation  frequency
    0  traditional values          3
    >>> c = collocations(texts, pattern="traditional values", window=1, min_freq=1)
    >>> c[["collocation", "side", "frequency"]].sort_values("collocation").to_numpy().tolist()
    [['matter', 'right', 1], ['our', 'left', 1]]
    """
    if n not in (2, 3):
        raise InputError(f"n must be 2 (bigrams) or 3 (trigrams), not {n!r}")
    if measure not in ("llr", "pmi"):
        raise InputError(f"measure must be 'llr' or 'pmi', not {measure!r}")
    if isinstance(min_freq, bool) or not isinstance(min_freq, int) or min_freq < 1:
        raise InputError(f"min_freq must be a whole number >= 1, not {min_freq!r}")
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise InputError(f"window must be a whole number of tokens >= 1, not {window!r}")
    stop = _stopword_set(stopwords)
    units = as_units(x)
    documents = [
        token_forms(unit.text, case_insensitive=case_insensitive)
        for unit in iter_units(units, desc="collocations" if progress else None)
    ]

    if pattern is None:
        rows = _ngrams(documents, n=n, min_freq=min_freq, stop=stop)
    else:
        if n != 2:
            raise InputError("collocates of a pattern are pairs: use n=2 with pattern=")
        patterns = compile_patterns(pattern, case_insensitive=case_insensitive)
        node = " | ".join(p.source for p in patterns)
        key = "\x00node\x00"
        pset = PatternSet(patterns)
        merged = [_merge_node(d, find_spans(d, pset), key) for d in documents]
        rows = _collocates(merged, key=key, node=node, window=window, min_freq=min_freq, stop=stop)

    result = pd.DataFrame(rows, columns=COLLOCATION_COLUMNS)
    result = result.astype({"n": "int64", "frequency": "int64", "llr": "float64", "pmi": "float64"})
    if result.empty:
        warnings.warn(
            f"collocations: nothing seen at least {min_freq} times"
            + (f" around {pattern!r}" if pattern is not None else ""),
            UserWarning,
            stacklevel=2,
        )
        return conform(result)
    return conform(
        result.sort_values(
            [measure, "collocation", "side"], ascending=[False, True, True], kind="mergesort"
        ).reset_index(drop=True)
    )


def _ngrams(
    documents: list[list[str]], *, n: int, min_freq: int, stop: frozenset[str]
) -> list[dict[str, Any]]:
    finder: BigramCollocationFinder | TrigramCollocationFinder
    if n == 2:
        finder = BigramCollocationFinder.from_documents(documents)
        measures: Any = BigramAssocMeasures
    else:
        finder = TrigramCollocationFinder.from_documents(documents)
        measures = TrigramAssocMeasures
    finder.apply_freq_filter(min_freq)
    if stop:
        finder.apply_word_filter(lambda w: w in stop)
    llr = dict(finder.score_ngrams(measures.likelihood_ratio))
    pmi = dict(finder.score_ngrams(measures.pmi))
    return [
        {
            "collocation": " ".join(gram),
            "n": n,
            "frequency": freq,
            "llr": llr[gram],
            "pmi": pmi[gram],
            "node": pd.NA,
            "side": pd.NA,
        }
        for gram, freq in finder.ngram_fd.items()
    ]


def _collocates(
    documents: list[list[str]],
    *,
    key: str,
    node: str,
    window: int,
    min_freq: int,
    stop: frozenset[str],
) -> list[dict[str, Any]]:
    word_fd: FreqDist = FreqDist()
    pair_fd: FreqDist = FreqDist()
    for doc in documents:
        if key not in doc:
            word_fd.update(doc)
            continue
        one = BigramCollocationFinder.from_words(doc, window_size=window + 1)
        word_fd.update(one.word_fd)
        pair_fd.update(
            {pair: c for pair, c in one.ngram_fd.items() if key in pair and pair[0] != pair[1]}
        )
    finder = BigramCollocationFinder(word_fd, pair_fd, window_size=window + 1)
    finder.apply_freq_filter(min_freq)
    if stop:
        finder.apply_ngram_filter(lambda w1, w2: (w1 if w2 == key else w2) in stop)
    llr = dict(finder.score_ngrams(BigramAssocMeasures.likelihood_ratio))
    pmi = dict(finder.score_ngrams(BigramAssocMeasures.pmi))
    return [
        {
            "collocation": pair[0] if pair[1] == key else pair[1],
            "n": 2,
            "frequency": freq,
            "llr": llr[pair],
            "pmi": pmi[pair],
            "node": node,
            "side": "left" if pair[1] == key else "right",
        }
        for pair, freq in finder.ngram_fd.items()
    ]
