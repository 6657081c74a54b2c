"""Stand-off spans: units that point into a corpus's texts, checked and resolved.

A unit is the span ``text[start:end]`` of document ``doc_id`` in corpus ``corpus``, recorded with
the sha256 of that span (UTF-8) instead of its text; :func:`unit_texts` loads the documents and
verifies every span. Coded sets (:mod:`discourse.validation.annotations`) and the encoder's
training units (:func:`discourse.frames.encoder.explain_frames`) are read through it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from .._validation import require_columns
from ..errors import ChecksumError, InputError
from .normalise import sha256_text

SPLITS: tuple[str, ...] = ("dev", "heldout")
UNIT_COLUMNS: tuple[str, ...] = (
    "unit_id",
    "doc_id",
    "start",
    "end",
    "span_sha256",
    "corpus",
    "stratum",
    "split",
)


_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def source_of(table: pd.DataFrame, default: str) -> str:
    """The file a table was read from (``attrs["source"]``), else ``default``."""
    return str(table.attrs.get("source", default))


def line_of(position: int) -> int:
    """The 1-based line of a CSV row (the header is line 1)."""
    return position + 2


def check_units(units: pd.DataFrame) -> pd.DataFrame:
    """Check a units table and return it with integer offsets.

    Parameters
    ----------
    units
        ``unit_id, doc_id, start, end, span_sha256, corpus, stratum, split`` (as read from
        ``units.csv``; ``attrs["source"]`` names the file in error messages).

    Returns
    -------
    pandas.DataFrame
        The same rows with ``start`` and ``end`` as integers.

    Raises
    ------
    InputError
        A missing column, a duplicate ``unit_id``, bad offsets, a malformed checksum or a split
        other than ``dev`` / ``heldout`` — the message names the file and the line.

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["u1"], "doc_id": ["d"], "start": ["0"], "end": ["5"],
    ...     "span_sha256": [sha256_text("Hello")], "corpus": ["user"], "stratum": ["s"],
    ...     "split": ["dev"]})
    >>> check_units(units)["end"].tolist()
    [5]
    """
    source = source_of(units, "units")
    require_columns(units, UNIT_COLUMNS, source)
    out = units.copy()
    out["unit_id"] = out["unit_id"].astype(str).str.strip()
    for i, row in enumerate(out.itertuples(index=False)):
        where = f"{source}, line {line_of(i)} (unit {row.unit_id!r})"
        if not row.unit_id:
            raise InputError(f"{where}: empty unit_id")
        try:
            start, end = int(str(row.start)), int(str(row.end))
        except ValueError:
            raise InputError(
                f"{where}: start/end must be integers, got {row.start!r}/{row.end!r}"
            ) from None
        if not 0 <= start < end:
            raise InputError(f"{where}: need 0 <= start < end, got start={start}, end={end}")
        if not _SHA256.match(str(row.span_sha256)):
            raise InputError(f"{where}: span_sha256 must be 64 lower-case hex digits")
        if row.split not in SPLITS:
            raise InputError(f"{where}: split must be 'dev' or 'heldout', got {row.split!r}")
    duplicated = out["unit_id"][out["unit_id"].duplicated()].tolist()
    if duplicated:
        raise InputError(f"{source}: duplicate unit_id(s) {', '.join(duplicated[:10])}")
    out["start"] = out["start"].astype(int)
    out["end"] = out["end"].astype(int)
    out.attrs["source"] = source
    return out


_UNGDC_ID = re.compile(r"^ungdc-([A-Z]{3})-(\d{4})$")


def _load_documents(name: str, doc_ids: Sequence[str]) -> pd.DataFrame:
    """Load a named corpus, only as much of it as the documents need where the ids allow."""
    from .load import load_corpus

    parsed = [_UNGDC_ID.match(doc) for doc in doc_ids]
    if name == "ungdc" and parsed and all(parsed):
        countries = sorted({m.group(1) for m in parsed if m})
        years = sorted({int(m.group(2)) for m in parsed if m})
        return load_corpus(name, countries=countries, years=years)
    return load_corpus(name)


def unit_texts(
    units: pd.DataFrame,
    *,
    corpora: Mapping[str, pd.DataFrame] | None = None,
) -> pd.Series:
    """Resolve each unit's text from its corpus and verify its checksum.

    Parameters
    ----------
    units
        A checked units table (:func:`check_units`).
    corpora
        Corpus tables by name (``doc_id`` and ``text`` columns), e.g. already loaded ones or a
        user's own folder under the name ``"user"``. Corpora not given are loaded with
        :func:`discourse.load_corpus`.

    Returns
    -------
    pandas.Series
        The text of every unit, indexed like ``units``.

    Raises
    ------
    InputError
        A document missing from its corpus, or offsets beyond the document's end.
    ChecksumError
        The span's sha256 differs from ``span_sha256`` (the corpus text changed or the offsets
        are wrong); the message names the unit, the document and the file.
    discourse.errors.CorpusUnavailableError
        A corpus can be neither read from the cache nor fetched.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["d"], "text": ["Hello world."]})
    >>> units = check_units(pd.DataFrame({"unit_id": ["u1"], "doc_id": ["d"], "start": [0],
    ...     "end": [5], "span_sha256": [sha256_text("Hello")], "corpus": ["user"],
    ...     "stratum": ["s"], "split": ["dev"]}))
    >>> unit_texts(units, corpora={"user": corpus}).tolist()
    ['Hello']
    """
    source = source_of(units, "units")
    given = dict(corpora or {})
    texts: list[str] = []
    documents: dict[str, dict[str, str]] = {}
    for i, row in enumerate(units.itertuples(index=False)):
        name = str(row.corpus)
        if name not in documents:
            table = given.get(name)
            if table is None:
                wanted = units.loc[units["corpus"] == name, "doc_id"].astype(str)
                table = _load_documents(name, wanted.tolist())
            documents[name] = dict(zip(table["doc_id"], table["text"], strict=True))
        where = f"{source}, line {line_of(i)}: unit {row.unit_id!r}"
        text = documents[name].get(str(row.doc_id))
        if text is None:
            raise InputError(f"{where}: document {row.doc_id!r} is not in corpus {name!r}")
        start, end = int(str(row.start)), int(str(row.end))
        if end > len(text):
            raise InputError(
                f"{where}: end={end} is beyond the end of {row.doc_id!r} ({len(text)} characters)"
            )
        span = text[start:end]
        digest = sha256_text(span)
        if digest != row.span_sha256:
            raise ChecksumError(
                f"{where}: the sha256 of {row.doc_id!r}[{start}:{end}] is {digest}, but the file "
                f"records {row.span_sha256}; the corpus text has changed or the offsets are "
                "wrong — re-derive the unit from the current text"
            )
        texts.append(span)
    return pd.Series(texts, index=units.index, name="text", dtype="str")
