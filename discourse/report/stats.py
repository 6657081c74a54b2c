"""Shared statistics: bootstrap confidence intervals for rates, indicator rates, periods.

In: per-unit counts and totals. Out: rates with bootstrap confidence intervals.

A *rate* here is a ratio of sums over resampling units — e.g. sentences carrying a frame per
1,000 sentences, ``1000 * sum(count) / sum(total)`` — where a unit is a document (``total`` its
number of sentences) or a single sentence (``total`` 1). Its uncertainty is estimated by the
nonparametric bootstrap: the units of each group are resampled with replacement, the rate is
recomputed for each resample, and the percentile interval of those rates is reported.

Resample the units that are (roughly) independent: documents when a group holds many documents
(a country's speeches over a period), sentences when it holds one (a single speech), bearing in
mind that sentences of one text are correlated, so sentence-level intervals are optimistic.

Each group draws from its own random stream, seeded by ``seed`` and the group's key, so a
group's interval does not change when other groups are added or removed, and the same table and
seed always give the same intervals.

Where the bootstrap degenerates — a group of one unit, or units that all have the same rate
(every sentence without the frame gives the zero-width interval [0, 0]) — resampling has no
spread to show, and the interval is the Wilson score interval of ``count`` successes in
``total`` trials instead (counts of sentences: it treats the group's sentences as independent).
The ``ci_method`` column says which interval a row carries.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._stats import bootstrap_rates, group_rng, wilson_interval
from .._validation import require_columns
from ..errors import InputError

__all__ = ["bootstrap_rate", "indicator_rates", "period_labels", "wilson_interval"]


def bootstrap_rate(
    table: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    count: str = "count",
    total: str = "total",
    per: float = 1000.0,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Rates by group with percentile bootstrap confidence intervals.

    Parameters
    ----------
    table
        One row per resampling unit (a document or a sentence), with a numeric ``count``
        (e.g. sentences carrying a frame) and ``total`` (sentences in the unit).
    by
        Grouping column(s); ``None`` treats the whole table as one group.
    count, total
        The numerator and denominator columns.
    per
        The rate's scale: 1,000 gives "per 1,000 sentences".
    n_boot
        Number of bootstrap resamples.
    level
        Confidence level of the percentile interval.
    seed
        Seed of the random streams (a group's stream also depends on its key).

    Returns
    -------
    pandas.DataFrame
        One row per group, sorted by ``by``: the ``by`` columns, ``n_units``, ``count``,
        ``total`` (the group's sums), ``rate`` (``per * count / total``, NaN when ``total`` is
        0), ``ci_low`` and ``ci_high`` (NaN when the rate is), ``ci_method``
        (``"bootstrap"``, or ``"wilson"`` where the bootstrap degenerates: see the module
        docstring; NA without a rate).

    Raises
    ------
    InputError
        If a column is missing, a ``count``/``total`` value is negative or missing, or an
        option is out of range.

    Examples
    --------
    >>> docs = pd.DataFrame({"country": ["AZE", "AZE", "AZE", "RUS"],
    ...                      "count": [1, 3, 0, 2], "total": [100, 100, 50, 40]})
    >>> out = bootstrap_rate(docs, by="country", n_boot=200)
    >>> out[["country", "n_units", "count", "total", "rate"]]
      country  n_units  count  total  rate
    0     AZE        3      4    250  16.0
    1     RUS        1      2     40  50.0
    >>> bool(out.loc[0, "ci_low"] <= 16.0 <= out.loc[0, "ci_high"])
    True
    >>> row = out.loc[1]  # one unit: no spread to resample, so Wilson's interval for 2 of 40
    >>> round(float(row["ci_low"]), 1), round(float(row["ci_high"]), 1), row["ci_method"]
    (13.8, 165.0, 'wilson')
    >>> out.equals(bootstrap_rate(docs, by="country", n_boot=200))
    True
    """
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    require_columns(table, [*keys, count, total], "bootstrap_rate: the table")
    if n_boot < 1 or not 0 < level < 1 or per <= 0:
        raise InputError(
            f"bootstrap_rate: need n_boot >= 1, 0 < level < 1 and per > 0 "
            f"(got n_boot={n_boot}, level={level}, per={per})"
        )
    values = table[[count, total]].astype("float64")
    if values.isna().any().any() or (values < 0).any().any():
        raise InputError(
            f"bootstrap_rate: {count!r} and {total!r} must be non-negative numbers without gaps"
        )
    alpha = (1 - level) / 2
    rows = []
    grouped = (
        table.assign(_c=values[count], _t=values[total]).groupby(keys, sort=True, dropna=False)
        if keys
        else [((), table.assign(_c=values[count], _t=values[total]))]
    )
    for key, group in grouped:
        key_tuple = key if isinstance(key, tuple) else (key,)
        c = group["_c"].to_numpy()
        t = group["_t"].to_numpy()
        num, den = c.sum(), t.sum()
        rate = per * num / den if den > 0 else np.nan
        method: str | None = None
        if np.isnan(rate):
            lo = hi = np.nan
        else:
            boot = bootstrap_rates(c, t, n_boot=n_boot, per=per, rng=group_rng(seed, key_tuple))
            lo, hi = np.nanquantile(boot, [alpha, 1 - alpha])
            method = "bootstrap"
            if hi - lo <= 1e-12 * per and num <= den:  # no spread: a binomial interval
                lo, hi = wilson_interval(num, den, level=level, per=per)
                method = "wilson"
        rows.append((*key_tuple, len(group), num, den, rate, lo, hi, method))
    out = pd.DataFrame(
        rows,
        columns=[*keys, "n_units", "count", "total", "rate", "ci_low", "ci_high", "ci_method"],
    )
    out["ci_method"] = out["ci_method"].astype("string")
    for col, source in (("count", count), ("total", total)):
        if pd.api.types.is_integer_dtype(table[source]):
            out[col] = out[col].astype("int64")
    return out


def period_labels(years: pd.Series | Sequence[int], edges: Sequence[int]) -> pd.Series:
    """Label years with the period they fall in, ``"1992–2003"`` style.

    Parameters
    ----------
    years
        Years (integers; missing values stay missing).
    edges
        Increasing period starts; the last edge is the first year *after* the last period.
        Years outside ``[edges[0], edges[-1])`` get NA.

    Returns
    -------
    pandas.Series
        An ordered categorical of labels ``"<first>–<last>"`` (single years as ``"<year>"``).

    Examples
    --------
    >>> period_labels([1992, 2003, 2004, 2022, 2030], [1992, 2004, 2022, 2025]).tolist()
    ['1992–2003', '1992–2003', '2004–2021', '2022–2024', nan]
    """
    edges = list(edges)
    if len(edges) < 2 or any(b <= a for a, b in zip(edges, edges[1:], strict=False)):
        raise InputError(f"period_labels: edges must increase, got {edges}")
    labels = [
        f"{a}–{b - 1}" if b - 1 > a else f"{a}" for a, b in zip(edges, edges[1:], strict=False)
    ]
    series = pd.Series(years, dtype="Int64")
    cut = pd.cut(series.astype("float64"), bins=edges, right=False, labels=labels)
    return pd.Series(cut, index=series.index, name="period")


def _with_groups(
    table: pd.DataFrame, groups: list[str], corpus: pd.DataFrame | None, what: str
) -> pd.DataFrame:
    """``table`` with the group columns it lacks joined from ``corpus`` on ``doc_id``."""
    other = [c for c in groups if c not in table.columns]
    if not other:
        return table
    if corpus is None or any(c not in corpus.columns for c in other):
        raise InputError(
            f"{what}: group column(s) {other} are neither in the table nor in corpus= "
            "(a corpus table joined on doc_id)"
        )
    meta = corpus[["doc_id", *other]].drop_duplicates("doc_id")
    return table.merge(meta, on="doc_id", how="left", validate="many_to_one")


def indicator_rates(
    matches: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    by: str | Sequence[str],
    corpus: pd.DataFrame | None = None,
    frame: str | None = None,
    per: float = 1000.0,
) -> pd.DataFrame:
    """How often each indicator occurs, per 1,000 sentences of each group.

    Which indicators carry a frame's trend: a sentence counts once per indicator it holds a
    non-negated match of.

    Parameters
    ----------
    matches
        A match table (:func:`discourse.find_frames`) of ``sentences``.
    sentences
        The sentence table the matches came from: the denominators.
    by
        Group columns, from the sentence table or from ``corpus`` (joined on ``doc_id``).
    corpus
        A corpus table for group columns the sentence table lacks (``year``, ``iso3``, ...).
    frame
        Keep only this frame's indicators.
    per
        The rate's scale.

    Returns
    -------
    pandas.DataFrame
        One row per group and indicator that occurs: the ``by`` columns, ``frame``,
        ``indicator``, ``n_sentences`` (the group's sentences), ``sentences_with_indicator``,
        ``rate`` (``per * sentences_with_indicator / n_sentences``) and ``share_of_frame``
        (the indicator's sentences over the group's sentences with any indicator of the
        frame). Sorted by group, frame and indicator.

    Examples
    --------
    >>> sents = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "sent_id": [0, 1, 0, 1],
    ...                       "year": [2000, 2000, 2001, 2001]})
    >>> m = pd.DataFrame({"doc_id": ["a", "a", "b"], "sent_id": [0, 0, 1],
    ...                   "frame": ["aw"] * 3, "indicator": ["x", "y", "x"],
    ...                   "negated": [False, False, False]})
    >>> indicator_rates(m, sents, by="year")[["year", "indicator", "rate", "share_of_frame"]]
       year indicator   rate  share_of_frame
    0  2000         x  500.0             1.0
    1  2000         y  500.0             1.0
    2  2001         x  500.0             1.0
    """
    groups = [by] if isinstance(by, str) else list(by)
    keys = ["doc_id", "sent_id"] + (
        ["part"] if "part" in sentences.columns and "part" in matches.columns else []
    )
    for table, name, need in (
        (matches, "matches", [*keys, "frame", "indicator"]),
        (sentences, "sentences", keys),
    ):
        require_columns(table, need, f"indicator_rates: {name}")
    sent = _with_groups(
        sentences[list(dict.fromkeys([*keys, *[g for g in groups if g in sentences.columns]]))],
        groups,
        corpus,
        "indicator_rates",
    )
    live = matches
    if "negated" in live.columns:
        live = live[~live["negated"].astype(bool)]
    if frame is not None:
        live = live[live["frame"] == frame]
    live = live[[*keys, "frame", "indicator"]].drop_duplicates()
    live = live.merge(sent, on=keys, how="inner", validate="many_to_one")
    denominators = sent.groupby(groups, dropna=False).size().rename("n_sentences")
    hits = (
        live.groupby([*groups, "frame", "indicator"], dropna=False)
        .size()
        .rename("sentences_with_indicator")
        .reset_index()
    )
    framed = (
        live.drop_duplicates([*keys, "frame"])
        .groupby([*groups, "frame"], dropna=False)
        .size()
        .rename("_framed")
        .reset_index()
    )
    out = hits.merge(denominators.reset_index(), on=groups, how="left").merge(
        framed, on=[*groups, "frame"], how="left"
    )
    out["rate"] = per * out["sentences_with_indicator"] / out["n_sentences"]
    out["share_of_frame"] = out["sentences_with_indicator"] / out["_framed"]
    columns = [
        *groups,
        "frame",
        "indicator",
        "n_sentences",
        "sentences_with_indicator",
        "rate",
        "share_of_frame",
    ]
    out = out[columns].sort_values([*groups, "frame", "indicator"], kind="mergesort")
    return out.reset_index(drop=True)
