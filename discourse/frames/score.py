"""Frame counts and rates per document or group.

In: a sentence table (or a match table with the sentence table it came from), and optionally
a corpus table for group columns. Out: the score table, one row per group and frame.

Both rates count the same matches: the non-negated indicator matches in sentences that show
the frame (whose distinct indicators' weights reach the frame's threshold, as
:func:`discourse.detect_frames` decides). ``per_1k_sentences`` counts those sentences per 1,000
sentences, ``per_1k_tokens`` those matches per 1,000 tokens; so a group has a token rate above
zero exactly when it has a sentence with the frame. A match that never makes its sentence
show the frame (one half-weight indicator alone) is reported in ``n_below_threshold`` and
counted in neither rate. Tokens are runs of word characters (the regular expression
``\\w+``), the same tokenizer the detector uses for its windows, so "don't" counts two tokens
and "Western-funded" two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from .._schema import conform
from .._validation import SENTENCE_KEYS, check_sentence_table
from ..errors import InputError
from .codebook import Codebook, resolve_codebook
from .detect import find_frames
from .matcher import TOKEN_RE
from .presence import frame_presence

__all__ = ["ADDITIVE_SCORE_COLUMNS", "SCORE_COLUMNS", "TOKENIZER", "score_frames"]

TOKENIZER = r"\w+ (runs of word characters)"
SCORE_COLUMNS = [
    "frame",
    "n_docs",
    "n_sentences",
    "n_tokens",
    "n_matches",
    "n_below_threshold",
    "n_negated",
    "weight",
    "sentences_with_frame",
    "per_1k_sentences",
    "per_1k_tokens",
]
ADDITIVE_SCORE_COLUMNS = tuple(SCORE_COLUMNS[1:9])
"""The score columns that add up over disjoint sets of documents."""


def score_frames(
    matches_or_sentences: pd.DataFrame,
    *,
    by: str | Sequence[str] = "doc_id",
    sentences: pd.DataFrame | None = None,
    corpus: pd.DataFrame | None = None,
    codebook: Codebook | str | None = None,
) -> pd.DataFrame:
    """Counts and rates of each frame per document or group.

    Parameters
    ----------
    matches_or_sentences
        A sentence table (from :func:`discourse.segment`; frames are found with
        :func:`discourse.find_frames`) or a match table from :func:`discourse.find_frames`
        (then pass the sentence table it came from as ``sentences``: it gives the
        denominators). Filter sentences first (e.g. ``kind == "body"``) to score a subset.
        An iterator of document dicts, a folder of ``.txt`` files or a Parquet dataset (given
        as a ``Path``) is scored a chunk at a time (counts summed over chunks, rates computed
        once: :func:`combine_scores`).
    by
        Column(s) to group by: any column of the sentence table (``doc_id``, ``speaker``,
        ``voice``, ...) or of ``corpus`` joined on ``doc_id`` (``country``, ``year``, ...).
    sentences
        The sentence table, when the first argument is a match table.
    corpus
        A corpus table (one row per ``doc_id``) for group columns the sentence table lacks.
    codebook
        The codebook (default: the package's); only used when frames must be found.

    Returns
    -------
    pandas.DataFrame
        One row per group and frame (every frame of the codebook, zero counts included):
        the ``by`` columns, then ``frame, n_docs, n_sentences, n_tokens``, ``n_matches``
        (non-negated matches in sentences that show the frame), ``n_below_threshold``
        (non-negated matches in sentences that do not reach the frame's threshold; counted in
        no rate), ``n_negated``, ``weight`` (summed weight of the ``n_matches``),
        ``sentences_with_frame`` (sentences reaching the frame's threshold),
        ``per_1k_sentences`` (= 1000 * sentences_with_frame / n_sentences) and
        ``per_1k_tokens`` (= 1000 * n_matches / n_tokens): both rates rest on the same
        matches (see the module docstring). ``attrs`` records the codebook and the tokenizer.

    Raises
    ------
    InputError
        Missing columns, a match table without ``sentences``, an unknown ``by`` column, a
        sentence key (``doc_id, sent_id``, and ``part`` where present) that occurs twice
        (the message names the repeated keys), or keys that are not whole numbers or a
        ``doc_id`` of two types (the message names the column and row).

    Examples
    --------
    >>> sents = pd.DataFrame({
    ...     "doc_id": ["a", "a", "b"], "sent_id": [0, 1, 0], "start": [0, 30, 0],
    ...     "end": [29, 55, 20], "speaker": ["X", "X", "Y"],
    ...     "text": ["We cherish traditional values.", "The West imposes its will.",
    ...              "Trade grew by 5%."]})
    >>> s = score_frames(sents, by="speaker")
    >>> s.loc[s.frame == "anti_western", ["speaker", "n_sentences", "per_1k_sentences"]]
      speaker  n_sentences  per_1k_sentences
    1       X            2             500.0
    7       Y            1               0.0
    """
    from ..corpus.documents import iter_documents, stream_dispatch
    from ..corpus.segment import segment

    streamed, matches_or_sentences = stream_dispatch(matches_or_sentences)
    if streamed and sentences is None and corpus is None:  # documents, scored chunk by chunk
        book = resolve_codebook(codebook)
        parts = []
        for docs in iter_documents(matches_or_sentences):
            sents = segment(docs, progress=False)
            parts.append(chunk_scores(docs, sents, find_frames(sents, book), book, by=by))
        return combine_scores(parts, by=by, codebook=book)
    groups = [by] if isinstance(by, str) else list(by)
    if not groups:
        raise InputError("by: give at least one column to group by")
    clash = [g for g in groups if g in SCORE_COLUMNS or str(g).startswith("_")]
    if clash:
        raise InputError(
            f"by: column(s) {clash} clash with the score table's own columns "
            f"({', '.join(SCORE_COLUMNS)}) or its internal ones (starting with '_'); rename "
            "them in your table first, e.g. "
            f"table.rename(columns={{{clash[0]!r}: 'group'}})"
        )
    data = matches_or_sentences
    if not isinstance(data, pd.DataFrame):
        raise InputError(
            f"score_frames needs a sentence table or a match table, not {type(data).__name__}"
        )
    if "indicator" in data.columns:
        if sentences is None:
            raise InputError(
                "score_frames: a match table needs sentences= (the sentence table it came "
                "from) for the per-sentence and per-token denominators"
            )
        matches = data
        cb = resolve_codebook(codebook)
        if "codebook_hash" in matches.attrs and matches.attrs["codebook_hash"] != cb.hash:
            raise InputError(
                "score_frames: the match table was made with another codebook "
                f"(hash {matches.attrs['codebook_hash'][:12]}...); pass it as codebook="
            )
    else:
        sentences = data
        cb = resolve_codebook(codebook)
        matches = None
    missing = [c for c in SENTENCE_KEYS if c not in sentences.columns]
    if missing:
        raise InputError(f"score_frames: the sentence table lacks column(s) {', '.join(missing)}")
    check_sentence_table(sentences, name="score_frames: the sentence table")
    _refuse_repeated_sentences(sentences)
    given = matches is not None
    if matches is None:
        matches = find_frames(sentences, cb)
    keys = ["doc_id", "sent_id"] + (
        ["part"] if "part" in sentences.columns and "part" in matches.columns else []
    )
    if given:
        _check_matches_fit(matches, sentences, keys)
    own = [c for c in groups if c in sentences.columns]
    sent = sentences[list(dict.fromkeys([*keys, "text", *own]))].copy()
    other = [c for c in groups if c not in sent.columns]
    if other:
        if corpus is None or any(c not in corpus.columns for c in other):
            known = sorted(
                set(sentences.columns) | set(corpus.columns if corpus is not None else [])
            )
            raise InputError(
                f"by: unknown column(s) {', '.join(other)}; group columns come from the sentence "
                f"table or from corpus= joined on doc_id (available: {', '.join(known)})"
            )
        meta = corpus[["doc_id", *other]].drop_duplicates("doc_id")
        sent = sent.merge(meta, on="doc_id", how="left", validate="many_to_one")
    sent["_tokens"] = [len(TOKEN_RE.findall(t)) if isinstance(t, str) else 0 for t in sent["text"]]

    frames = cb.frame_ids
    present = frame_presence(matches, cb, keys)
    # each live match: does its sentence show its frame? (the matches both rates count)
    shown = present.melt(id_vars=keys, value_vars=frames, var_name="frame", value_name="_shown")
    live = matches.loc[~matches["negated"], [*keys, "frame", "weight"]]
    live = live.merge(_align(shown, live, keys), on=[*keys, "frame"], how="left")
    in_frame = live["_shown"].fillna(False).astype(bool).to_numpy()
    counted, below_threshold = live[in_frame], live[~in_frame]
    present = present.rename(columns={f: f"_p_{f}" for f in frames})
    counts = counted.groupby([*keys, "frame"]).size().unstack("frame").reindex(columns=frames)
    weights = (
        counted.groupby([*keys, "frame"])["weight"].sum().unstack("frame").reindex(columns=frames)
    )
    below = (
        below_threshold.groupby([*keys, "frame"]).size().unstack("frame").reindex(columns=frames)
    )
    negs = (
        matches.loc[matches["negated"]]
        .groupby([*keys, "frame"])
        .size()
        .unstack("frame")
        .reindex(columns=frames)
    )
    per_sentence = (
        counts.add_prefix("_n_")
        .join(below.add_prefix("_b_"), how="outer")
        .join(weights.add_prefix("_w_"), how="outer")
        .join(negs.add_prefix("_x_"), how="outer")
        .reset_index()
    )
    sent = sent.merge(_align(per_sentence, sent, keys), on=keys, how="left")
    sent = sent.merge(_align(present, sent, keys), on=keys, how="left")

    grouped = sent.groupby(groups, dropna=False, sort=True)
    base = pd.DataFrame(
        {
            "n_docs": grouped["doc_id"].nunique(),
            "n_sentences": grouped.size(),
            "n_tokens": grouped["_tokens"].sum(),
        }
    )
    parts = []
    for f in frames:
        block = base.copy()
        block.insert(0, "frame", f)
        block["n_matches"] = grouped[f"_n_{f}"].sum().astype("int64")
        block["n_below_threshold"] = grouped[f"_b_{f}"].sum().astype("int64")
        block["n_negated"] = grouped[f"_x_{f}"].sum().astype("int64")
        block["weight"] = grouped[f"_w_{f}"].sum().astype("float64")
        block["sentences_with_frame"] = grouped[f"_p_{f}"].sum().astype("int64")
        parts.append(block)
    out = pd.concat(parts).reset_index()
    out["per_1k_sentences"] = 1000 * out["sentences_with_frame"] / out["n_sentences"]
    out["per_1k_tokens"] = 1000 * out["n_matches"] / out["n_tokens"].where(out["n_tokens"] > 0)
    order = {f: i for i, f in enumerate(frames)}
    out = out.sort_values(
        [*groups, "frame"], key=lambda s: s.map(order) if s.name == "frame" else s, kind="stable"
    ).reset_index(drop=True)
    out = out[[*groups, *SCORE_COLUMNS]]
    out.attrs.update(cb.provenance())
    out.attrs["tokenizer"] = TOKENIZER
    return conform(out)


def _refuse_repeated_sentences(sentences: pd.DataFrame) -> None:
    """Refuse a sentence table in which a sentence key occurs twice (each would be counted
    twice, and every match in it once per copy: one repeated row turned 1 match into 4)."""
    keys = ["doc_id", "sent_id"] + (["part"] if "part" in sentences.columns else [])
    repeated = sentences.duplicated(keys, keep="first").to_numpy()
    if not repeated.any():
        return
    rows = sentences.loc[repeated, keys].drop_duplicates()
    shown = "; ".join(
        "(" + ", ".join(f"{k}={v!r}" for k, v in zip(keys, row, strict=True)) + ")"
        for row in rows.head(5).itertuples(index=False)
    )
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    raise InputError(
        f"score_frames: the sentence table holds {int(repeated.sum())} repeated row(s) of the "
        f"sentence key ({', '.join(keys)}): {shown}{more}. Each sentence must occur once, or "
        "its sentences and matches are counted once per copy; drop the copies (e.g. "
        f"sentences.drop_duplicates({keys!r}))"
    )


def _check_matches_fit(matches: pd.DataFrame, sentences: pd.DataFrame, keys: list[str]) -> None:
    """Refuse a match table whose matches do not lie inside the sentences they are keyed to.

    Matches made from another segmentation of the same documents share ``doc_id`` and
    ``sent_id`` values with the sentence table but not the sentences: merging them would count
    every match against the wrong sentence, silently.
    """
    if matches.empty or not {"start", "end"} <= set(matches.columns):
        return
    spans = sentences[[*keys, "start", "end"]].drop_duplicates(keys)
    joined = _align(matches[[*keys, "start", "end"]], spans, keys).merge(
        spans, on=keys, how="left", suffixes=("", "_sentence")
    )
    bad = joined["start_sentence"].isna() | (joined["start"] < joined["start_sentence"])
    bad |= joined["end"] > joined["end_sentence"]
    if bad.any():
        row = joined[bad].iloc[0]
        where = ", ".join(f"{k}={row[k]!r}" for k in keys)
        raise InputError(
            f"score_frames: {int(bad.sum())} of {len(joined)} matches do not lie inside their "
            f"sentence (first: {where}, characters {row['start']}-{row['end']}); the match table "
            "was made from another segmentation. Pass the sentence table it was made from as "
            "sentences=, e.g. score_frames(find_frames(s), sentences=s) with s = segment(corpus)"
        )


def _align(table: pd.DataFrame, sent: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Cast ``table``'s key columns to the sentence table's dtypes before a merge."""
    out = table.copy()
    for k in keys:
        if k in out.columns:
            out[k] = out[k].astype(sent[k].dtype)
    frames_cols: dict[str, Any] = {}
    for c in out.columns:
        if c.startswith("_p_"):
            frames_cols[c] = out[c].astype("boolean")
    for c, v in frames_cols.items():
        out[c] = v
    return out


def chunk_scores(
    docs: pd.DataFrame,
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    codebook: Codebook,
    *,
    by: str | Sequence[str] = "doc_id",
    query: str | None = None,
) -> pd.DataFrame:
    """One chunk's scores, grouped by ``by``: the partial result :func:`combine_scores` sums."""
    if query is not None:
        sentences = sentences.query(query)
    if not len(sentences):
        return pd.DataFrame()
    return score_frames(matches, sentences=sentences, corpus=docs, by=by, codebook=codebook)


def combine_scores(
    parts: Iterable[pd.DataFrame], *, by: str | Sequence[str] = "doc_id", codebook: Codebook
) -> pd.DataFrame:
    """Combine :func:`chunk_scores` results: sum the counts over chunks, then compute rates.

    Rates follow :func:`discourse.score_frames`: ``per_1k_sentences = 1000 *
    sentences_with_frame / n_sentences`` and ``per_1k_tokens = 1000 * n_matches / n_tokens``
    (NA without tokens). Rows are sorted by the groups, then frames in codebook order.
    """
    groups = [by] if isinstance(by, str) else list(by)
    scored = [p for p in parts if len(p)]
    if not scored:
        raise InputError("no sentences to score: the corpus (or the query) selects none")
    table = pd.concat(scored, ignore_index=True)
    counts = list(ADDITIVE_SCORE_COLUMNS)
    out = table.groupby([*groups, "frame"], dropna=False, sort=False)[counts].sum().reset_index()
    out["per_1k_sentences"] = 1000 * out["sentences_with_frame"] / out["n_sentences"]
    out["per_1k_tokens"] = 1000 * out["n_matches"] / out["n_tokens"].where(out["n_tokens"] > 0)
    order = {f: i for i, f in enumerate(codebook.frame_ids)}
    out = out.sort_values(
        [*groups, "frame"],
        key=lambda s: s.map(order) if s.name == "frame" else s,
        kind="stable",
        ignore_index=True,
    )
    out = out[list(table.columns)]
    out.attrs.update(scored[0].attrs)
    return out
