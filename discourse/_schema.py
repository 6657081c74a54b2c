"""The one dtype schema of the package's tables (written out in ARCHITECTURE.md).

Not public API. Every public function that returns a table passes it through :func:`conform`
last, so tables join without dtype surprises, empty results included:

- text and label columns (``doc_id``, ``text``, ``voice``, ``kind``, ``frame``, ``speaker``...,
  and any column holding only strings) are pandas ``string`` (missing: ``<NA>``);
- positions (``par_id``, ``sent_id``, ``part``, ``start``, ``end``) are ``int64`` (``Int64``
  only where a value is missing);
- counts are ``int64``, flags ``bool``, rates, means and interval bounds ``float64``.
"""

from __future__ import annotations

import pandas as pd

#: Columns that hold text or labels: always ``string``.
STRING_COLUMNS = frozenset(
    {
        "doc_id", "text", "section", "voice", "speaker", "kind", "frame", "subframe",
        "indicator", "matched", "target", "pre", "keyword", "post", "pattern", "actor",
        "mention", "cue", "holder", "actor_id", "actor_type", "in_group", "label",
        "collocation", "node", "side", "term", "title", "genre", "layout", "corpus",
        "country", "iso3", "date", "outlet", "url", "licence", "attribution", "raw_sha256",
        "speaker_post", "ci_method",
    }
)  # fmt: skip
#: Character offsets and positions: ``int64`` (``Int64`` if a value is missing).
POSITION_COLUMNS = frozenset({"par_id", "sent_id", "part", "start", "end"})
#: Rates, means, weights and interval bounds: ``float64``.
FLOAT_COLUMNS = frozenset(
    {
        "weight", "mean", "ci_low", "ci_high", "rate", "per_1k_sentences", "per_1k_tokens",
        "polarisation", "llr", "pmi", "g2", "chi2", "log_ratio", "p_value", "per_10k_target",
        "per_10k_reference",
    }
)  # fmt: skip


def _only_strings(column: pd.Series) -> bool:
    return bool(column.map(lambda v: isinstance(v, str), na_action="ignore").dropna().all())


def conform(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with its columns cast to the schema (a copy only where a cast is needed).

    Examples
    --------
    >>> t = conform(pd.DataFrame({"doc_id": [], "start": [], "mean": []}))
    >>> t.dtypes.astype(str).tolist()
    ['string', 'int64', 'float64']
    """
    casts: dict[str, str] = {}
    for name in table.columns:
        column = table[name]
        dtype = str(column.dtype)
        if name in POSITION_COLUMNS:
            want = "Int64" if column.isna().any() else "int64"
        elif name in FLOAT_COLUMNS:
            want = "float64"
        elif name in STRING_COLUMNS or (
            dtype in ("object", "str") and len(column) and _only_strings(column)
        ):
            want = "string"
        else:
            continue
        if dtype != want:
            casts[str(name)] = want
    if not casts:
        return table
    out = table.astype(casts)
    out.attrs.update(table.attrs)
    return out
