"""Sentence units: texts in, sentences with offsets out — the package's one unit builder.

In: texts (each with its ``doc_id`` and where it starts in its document) or a sentence table.
Out: :class:`Units`, the sentences to scan, each with its ``doc_id``, ``sent_id`` and offset
into its document. Every part of the package that cuts texts into sentence units does it
here: :func:`discourse.segment` (paragraph by paragraph, :func:`sentence_offsets`), the
detectors :func:`discourse.find_frames` and :func:`discourse.detect_frames` (plain texts,
:func:`split_units`; sentence tables, :func:`table_units`) and
:func:`discourse.actor_stance`. The sentence boundaries are the one splitter's
(:func:`discourse.corpus._sentences.sentence_spans`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from .._validation import (
    SENTENCE_KEYS,
    all_str,
    check_sentence_table,
    check_text,
    require_columns,
)
from ._sentences import not_one_sentence, sentence_spans

__all__ = ["Units", "sentence_offsets", "split_units", "table_units"]


def sentence_offsets(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as ``(start, end)`` offsets into ``text``.

    Examples
    --------
    >>> t = "Title\\n\\nMr. Lee spoke. He left."
    >>> [t[s:e] for s, e in sentence_offsets(t, 7)]
    ['Mr. Lee spoke.', 'He left.']
    """
    stop = len(text) if end is None else end
    if start == 0 and stop == len(text):
        return sentence_spans(text)
    return [(s + start, e + start) for s, e in sentence_spans(text[start:stop])]


@dataclass
class Units:
    """Sentences to scan: their texts, and their columns read at given positions.

    A sentence table is kept as it is (``table``) and read only where asked; texts split here
    carry their columns as lists, one entry per sentence (``doc_pos``: the position of the
    sentence's text in the input; ``carried``: columns of the text, such as ``voice`` and
    ``speaker``, repeated for each of its sentences).
    """

    text: list[Any]
    where: str  # how to name a row in an error message
    table: pd.DataFrame | None = None
    doc_id: list[Any] = field(default_factory=list)
    sent_id: list[int] = field(default_factory=list)
    offset: list[int] = field(default_factory=list)
    doc_pos: list[int] = field(default_factory=list)
    extra_names: list[str] = field(default_factory=list)
    carried: dict[str, list[Any]] = field(default_factory=dict)

    def columns(self, names: Sequence[str], positions: Sequence[int]) -> dict[str, list[Any]]:
        """The values of the columns ``names`` at ``positions`` (``start``: the unit's offset
        into its document); a column the units lack is NA."""
        out: dict[str, list[Any]] = {}
        for name in names:
            if self.table is None:
                own = {"doc_id": self.doc_id, "sent_id": self.sent_id, "start": self.offset}
                found = own.get(name, self.carried.get(name))
                out[name] = (
                    [pd.NA] * len(positions) if found is None else [found[p] for p in positions]
                )
            elif name not in self.table.columns:
                out[name] = [pd.NA] * len(positions)
            else:
                taken = self.table[name].take(positions).tolist()
                out[name] = [int(v) for v in taken] if name == "start" else taken
        return out


def split_units(
    doc_ids: Sequence[Any],
    texts: Sequence[str],
    where: str,
    *,
    offsets: Sequence[int] | None = None,
    carried: dict[str, Sequence[Any]] | None = None,
) -> Units:
    """The sentences of each text (strings), with offsets into their documents.

    ``offsets`` are where each text starts in its document (default 0); ``carried`` columns
    (one value per text) are repeated for each of its sentences. A text that is one sentence
    already (:func:`~discourse.corpus._sentences.not_one_sentence`) is taken whole, as the
    splitter would.

    Examples
    --------
    >>> u = split_units(["doc-0"], ["One. Two."], "texts")
    >>> u.text, u.sent_id, u.offset
    (['One.', 'Two.'], [0, 1], [0, 5])
    """
    units = Units([], where)
    multi = set(not_one_sentence(texts))
    keep = {name: list(values) for name, values in (carried or {}).items()}
    units.carried = {name: [] for name in keep}
    for d, (doc_id, text) in enumerate(zip(doc_ids, texts, strict=True)):
        base = 0 if offsets is None else offsets[d]
        spans = sentence_spans(text) if d in multi else [(0, len(text))]
        for k, (s, e) in enumerate(spans):
            units.doc_pos.append(d)
            units.doc_id.append(doc_id)
            units.sent_id.append(k)
            units.offset.append(base + s)
            units.text.append(text[s:e])
            for name, values in keep.items():
                units.carried[name].append(values[d])
    return units


def table_units(sentences: pd.DataFrame, name: str) -> Units:
    """A sentence table's rows as units, checked: its columns
    (:data:`~discourse._validation.SENTENCE_KEYS`) and its texts (strings)."""
    require_columns(
        sentences,
        SENTENCE_KEYS,
        f"{name} (a sentence table)",
        hint=f"a sentence table has {', '.join(SENTENCE_KEYS)}, voice, speaker; "
        "see discourse.segment",
    )
    check_sentence_table(sentences, name=name)
    texts = sentences["text"].tolist()
    if not all_str(texts):
        ids = sentences["doc_id"].tolist()
        for i, value in enumerate(texts):
            check_text(value, f"{name}.text[{i}] (doc_id {ids[i]!r})")
    extra = ["part"] if "part" in sentences.columns else []
    return Units(texts, f"{name}.text", table=sentences, extra_names=extra)
