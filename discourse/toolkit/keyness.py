"""Keyness: the words a target corpus uses more (or less) than a reference corpus.

In: a target and a reference (texts, corpus or sentence tables). Out: one row per term with
its frequencies and keyness statistics.

For each term with frequency ``a`` in the target (``c`` tokens in all) and ``b`` in the
reference (``d`` tokens), with expected frequencies ``E1 = c (a + b) / (c + d)`` and
``E2 = d (a + b) / (c + d)``:

- ``g2``: the log-likelihood statistic ``G² = 2 (a ln(a / E1) + b ln(b / E2))`` (a zero
  frequency contributes 0), in the two-cell form of Rayson & Garside (2000);
- ``chi2``: Pearson's chi-square of the 2 × 2 table (term / other tokens × target /
  reference), without continuity correction;
- ``log_ratio``: Hardie's (2014) binary log of the ratio of relative frequencies,
  ``log2((a / c) / (b / d))``; a zero frequency is replaced by 0.5 before the ratio is taken
  (so a word absent from the reference gets a large but finite value). +1 means twice as
  frequent in the target, -1 half as frequent;
- ``p_value``: of G² against a chi-square distribution with one degree of freedom.

``g2`` and ``chi2`` carry the direction as a sign (quanteda's convention): positive when the
term is relatively more frequent in the target, negative when more frequent in the reference.
The table is sorted by ``g2`` descending, so the target's key terms head it and the
reference's close it.

Reference frequencies are cached in memory by the digest of the reference's texts (sha256 over
its text units) and the case setting, so comparing several targets against one large reference
(a whole UN corpus) counts the reference once; a changed text is a new digest. The cache keeps
the last :data:`CACHE_SIZE` references.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2 as chi2_dist

from .._schema import conform
from ..errors import InputError
from ._tokens import as_units, iter_units, token_forms

__all__ = ["KEYNESS_COLUMNS", "keyness"]

#: Stable columns of :func:`keyness`.
KEYNESS_COLUMNS = [
    "term",
    "freq_target",
    "freq_reference",
    "per_10k_target",
    "per_10k_reference",
    "g2",
    "chi2",
    "log_ratio",
    "p_value",
]

ZERO_CORRECTION = 0.5

#: How many references' frequencies :func:`keyness` keeps in memory.
CACHE_SIZE = 4
_CACHE: OrderedDict[tuple[str, bool], Counter[str]] = OrderedDict()


def _digest(units: pd.DataFrame) -> str:
    """sha256 over the texts of a units table (what the frequencies depend on)."""
    h = hashlib.sha256()
    for text in units["text"].tolist():
        h.update(str(text).encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def _counts(
    x: Any, name: str, case_insensitive: bool, *, cache: bool = False, progress: bool = True
) -> Counter[str]:
    units = as_units(x, name=name)
    key = (_digest(units), case_insensitive) if cache else None
    if key is not None and key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    counts: Counter[str] = Counter()
    for unit in iter_units(units, desc=f"keyness: {name}" if progress else None):
        counts.update(token_forms(unit.text, case_insensitive=case_insensitive))
    if not counts:
        raise InputError(f"keyness: the {name} holds no word tokens")
    if key is not None:
        _CACHE[key] = counts
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return counts


def keyness(
    target: Any,
    reference: Any,
    *,
    min_freq: int = 5,
    case_insensitive: bool = True,
    progress: bool = True,
) -> pd.DataFrame:
    """Compare word frequencies in ``target`` against ``reference``.

    Parameters
    ----------
    target, reference
        Texts, a corpus table or a sentence table (as for :func:`discourse.kwic`); e.g. the
        sentences Aliyev is quoted in against Western UN speeches.
    min_freq
        Keep a term only if it occurs at least this often in target and reference together.
    case_insensitive
        Fold case before counting (default).
    progress
        Show a progress bar (tables of 500 text units or more; default ``True``).

    Returns
    -------
    pandas.DataFrame
        One row per term: ``term``, ``freq_target``, ``freq_reference``, ``per_10k_target``,
        ``per_10k_reference`` (relative frequencies per 10,000 tokens), ``g2``, ``chi2``
        (signed: + target, - reference), ``log_ratio``, ``p_value``; sorted by ``g2``
        descending, then ``term``. The corpus sizes are in ``attrs["tokens_target"]`` and
        ``attrs["tokens_reference"]``.

    Raises
    ------
    InputError
        Target or reference has no tokens, the two share no term at all (nothing to compare:
        check that both are in the same language and were passed the right way round), or
        ``min_freq`` is not a positive whole number.

    Examples
    --------
    >>> k = keyness(["values values values family"], ["trade trade values growth"], min_freq=2)
    >>> k[["term", "freq_target", "freq_reference", "log_ratio"]]
         term  freq_target  freq_reference  log_ratio
    0  values            3               1   1.584963
    1   trade            0               2  -2.000000
    """
    if isinstance(min_freq, bool) or not isinstance(min_freq, int) or min_freq < 1:
        raise InputError(f"min_freq must be a whole number >= 1, not {min_freq!r}")
    tgt = _counts(target, "target", case_insensitive, progress=progress)
    ref = _counts(reference, "reference", case_insensitive, cache=True, progress=progress)
    if not tgt.keys() & ref.keys():
        raise InputError(
            "keyness: target and reference share no term, so their frequencies cannot be "
            "compared; check that both are in the same language and tokenised the same way"
        )
    c, d = sum(tgt.values()), sum(ref.values())
    terms = sorted(t for t in tgt.keys() | ref.keys() if tgt[t] + ref[t] >= min_freq)
    a = np.array([tgt[t] for t in terms], dtype=float)
    b = np.array([ref[t] for t in terms], dtype=float)
    total = a + b
    e1 = c * total / (c + d)
    e2 = d * total / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        g2 = 2 * (
            np.where(a > 0, a * np.log(a / e1), 0.0) + np.where(b > 0, b * np.log(b / e2), 0.0)
        )
        # Pearson's chi-square of [[a, b], [c - a, d - b]]
        n = c + d
        num = n * (a * (d - b) - b * (c - a)) ** 2
        den = total * (n - total) * c * d
        chi2 = np.where(den > 0, num / den, 0.0)
    direction = np.sign(a / c - b / d)
    a_corr = np.where(a == 0, ZERO_CORRECTION, a)
    b_corr = np.where(b == 0, ZERO_CORRECTION, b)
    log_ratio = np.log2((a_corr / c) / (b_corr / d))
    result = pd.DataFrame(
        {
            "term": pd.Series(terms, dtype="string"),
            "freq_target": a.astype("int64"),
            "freq_reference": b.astype("int64"),
            "per_10k_target": a / c * 10_000,
            "per_10k_reference": b / d * 10_000,
            "g2": direction * g2,
            "chi2": direction * chi2,
            "log_ratio": log_ratio,
            "p_value": chi2_dist.sf(g2, df=1),
        },
        columns=KEYNESS_COLUMNS,
    )
    result = result.sort_values(["g2", "term"], ascending=[False, True], kind="mergesort")
    result = result.reset_index(drop=True)
    result.attrs["tokens_target"] = int(c)
    result.attrs["tokens_reference"] = int(d)
    return conform(result)
