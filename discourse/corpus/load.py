"""Corpus tables: the embedded seed, the registered external corpora and a user's own folder.

:func:`load_corpus` returns one row per document with the columns of the corpus-table contract
(``ARCHITECTURE.md``)::

    doc_id, text, corpus, genre, layout, title, speaker, speaker_post, country, iso3, region, date,
    year, outlet, url, licence, attribution, raw_sha256, n_chars, is_empty

followed, for a user's folder, by the extra columns of its ``metadata.csv``. Text columns have the
``string`` dtype (missing values are ``pd.NA``), ``year`` is ``Int64``, ``n_chars`` ``int64`` and
``is_empty`` ``bool``.

Sources
-------
``"seed"``
    The news article the project was built around (``corpus/seed/``, described by
    ``meta.yaml``); doc_id ``bne-2024-12-19-aliyev``. ``load_corpus()`` returns it. Its
    ``speaker`` is the person the report quotes (``subject_speaker``), its country and licence
    come from the ``seed`` entry of ``corpus/registry/corpora.yaml``.
``"ungdc"``
    UN General Debate speeches of 199 countries and the EU, 1946-2024
    (``corpus/registry/ungdc.csv``);
    doc_id ``ungdc-<ISO3>-<YEAR>``; files are fetched, verified and cached by
    :mod:`discourse.corpus.fetch`. Country, speaker and post as the manifest records them (stray
    whitespace removed; NA where empty); ``title`` is ``"UN General Debate <year> (session
    <n>): <country>"``; ``date`` is NA (the manifest gives years only); ``url`` is the
    file's origin URL.
``"sotu"``
    State of the Union addresses of the US presidents, 1790-2021 (233 addresses,
    ``corpus/registry/sotu.csv``); doc_id ``sotu-<YEAR>-<president>`` from the file name
    (``sotu-1953-harry-s-truman``: 1953 and 1961 hold two addresses). ``speaker`` is the
    president, ``party`` an extra column, ``country`` "United States", ``iso3`` USA (so
    ``region`` is WEOG), ``genre`` "speech", ``date`` NA (years only), ``title`` "State of
    the Union <year>: <president>". Fetched, verified and cached like the UN files. Each file
    is one line with no paragraph break: :func:`~discourse.corpus.segment.segment` still
    gives its sentences, and groups them into paragraphs (see its ``Paragraphs`` note).
``"kremlin"``
    English transcripts and news of the President of Russia, 1999-2020
    (``corpus/registry/kremlin.csv``); doc_id ``kremlin-<id>``. Read from the data mirror's
    ``kremlin/transcripts.jsonl`` (verified against its whole-file sha256), or, where no mirror
    holds it, assembled from the origin pages with :func:`discourse.corpus.kremlin_html.extract` and
    cached as JSONL (``<DISCOURSE_DATA>/kremlin/records-from-pages.jsonl``, each record with
    the sha256 of its content, checked on every read: an edited or truncated record is rebuilt
    from its verified page). ``title`` is the
    record's title with its whitespace (non-breaking spaces) made plain. The document-level
    ``speaker`` is NA: speakers come from the turns inside a transcript. Items without a date
    (148) have ``date`` and ``year`` NA.
a folder
    Every ``*.txt`` file below it, subfolders included (hidden files and folders skipped;
    links to folders not followed, with a warning naming them; a file or subfolder that
    cannot be read an error, or skipped and listed with ``unreadable="skip"``); doc_id is the
    file stem, and two files with the same stem are an error. An optional ``metadata.csv``
    (UTF-8) names each document in a ``file`` (``speech.txt``) or ``doc_id`` (``speech``)
    column; its columns named like the contract's (``title``, ``speaker``, ``date``, ``year``,
    ``genre``, ``layout``, ...) fill those, any others are appended as extra string columns.
    A line naming no file is an error that names the line; a file without a line gets NA
    metadata. ``year`` defaults to the first four digits of ``date``. ``corpus`` is ``user``.

Row order: registered corpora keep their registry's order (UN: ISO3 then year; State of the
Union: year then file; Kremlin: date
then numeric id); a folder's documents are sorted by ``doc_id``.

Text: ``normalise(decode(file bytes), layout=...)`` for files (seed and news ``lines``, UN and
State of the Union ``wrapped``, a folder's ``layout=``), ``normalise(record["text"],
layout="wrapped")`` for Kremlin items. ``raw_sha256`` is the sha256 of the file's bytes, or for
Kremlin of the origin page.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .normalise import LayoutOption
from .registry import KNOWN_CORPORA, region_map
from .sources import folder, kremlin, seed, sotu, ungdc
from .sources.common import COLUMNS as COLUMNS

SOURCES = {"seed": seed, "ungdc": ungdc, "sotu": sotu, "kremlin": kremlin}
"""The registered corpora's sources by name (each a module with ``meta()`` and ``read()``)."""

Years = int | tuple[int | None, int | None] | Iterable[int]


# --------------------------------------------------------------------------- filters


def _as_list(value: str | Iterable[str] | None, what: str) -> list[str] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, str) else list(value)
    if not all(isinstance(item, str) for item in items):
        raise InputError(f"{what} must be a string or a list of strings, not {value!r}")
    return items


def _year_mask(year: pd.Series, years: Years) -> pd.Series:
    if isinstance(years, bool):
        raise InputError(f"years must be an int, a (start, end) tuple or a list, not {years!r}")
    if isinstance(years, int):
        return year == years
    if isinstance(years, tuple) and len(years) == 2:
        start, end = years
        for bound in (start, end):
            if bound is not None and (not isinstance(bound, int) or isinstance(bound, bool)):
                raise InputError(
                    f"years=(start, end) takes integers or None, not {years!r} "
                    "(e.g. years=(2008, 2024), or years=(2008, None) for 2008 onwards)"
                )
        mask = year.notna()
        if start is not None:
            mask &= year >= start
        if end is not None:
            mask &= year <= end
        return mask.fillna(False).astype(bool)
    wanted = list(years)
    if not all(isinstance(y, int) and not isinstance(y, bool) for y in wanted):
        raise InputError(f"years must be integers, not {years!r}")
    return year.isin(wanted).fillna(False).astype(bool)


def _filter(
    meta: pd.DataFrame,
    *,
    name: str,
    countries: str | Iterable[str] | None,
    years: Years | None,
    speakers: str | Iterable[str] | None,
    genres: str | Iterable[str] | None,
    regions: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    mask = pd.Series(True, index=meta.index)
    wanted_regions = _as_list(regions, "regions")
    if wanted_regions is not None:
        known_regions = sorted({r for r in region_map().values() if pd.notna(r)})
        by_name = {r.casefold(): r for r in known_regions}
        unknown = [r for r in wanted_regions if r.strip().casefold() not in by_name]
        if unknown:
            raise InputError(
                f"{name}: unknown regions {unknown}; the UN regional groups are: "
                + "; ".join(known_regions)
            )
        chosen = {by_name[r.strip().casefold()] for r in wanted_regions}
        mask &= meta["region"].astype("string").isin(chosen).fillna(False).astype(bool)
    wanted_countries = _as_list(countries, "countries")
    if wanted_countries is not None:
        iso3 = meta["iso3"].astype("string").str.upper()
        country = meta["country"].astype("string").str.casefold()
        codes: set[str] = set()
        unmatched = []
        for item in wanted_countries:
            named = set(iso3[country == item.strip().casefold()].dropna())
            if item.strip().upper() in set(iso3.dropna()):
                codes.add(item.strip().upper())
            elif named:
                codes |= named
            else:
                unmatched.append(item)
        if unmatched:
            known = ", ".join(sorted(set(iso3.dropna())))
            warnings.warn(
                f"{name}: no document matches countries {unmatched}; its ISO3 codes: {known}",
                UserWarning,
                stacklevel=3,
            )
        mask &= iso3.isin(codes).fillna(False).astype(bool)
    if years is not None:
        mask &= _year_mask(meta["year"].astype("Int64"), years)
    wanted_speakers = _as_list(speakers, "speakers")
    if wanted_speakers is not None:
        if name == "kremlin":
            raise InputError(
                "kremlin: documents have no single speaker (speakers are the turns inside each "
                "transcript); load without speakers= and select turns with discourse.segment."
            )
        speaker = meta["speaker"].astype("string").str.casefold()
        hit = pd.Series(False, index=meta.index)
        for item in wanted_speakers:
            hit |= speaker.str.contains(item.casefold(), regex=False).fillna(False).astype(bool)
        mask &= hit
    wanted_genres = _as_list(genres, "genres")
    if wanted_genres is not None:
        genre = meta["genre"].astype("string").str.casefold()
        mask &= genre.isin([g.casefold() for g in wanted_genres]).fillna(False).astype(bool)
    return meta[mask].reset_index(drop=True)


# --------------------------------------------------------------------------- regions


def with_region(meta: pd.DataFrame) -> pd.DataFrame:
    """``meta`` with ``region`` filled from ``iso3`` (a folder's own ``region`` column wins)."""
    regions = region_map()
    iso3 = meta["iso3"] if "iso3" in meta.columns else pd.Series(pd.NA, index=meta.index)
    derived = iso3.map(
        lambda code: regions.get(str(code).upper(), pd.NA) if pd.notna(code) else pd.NA
    )
    if "region" in meta.columns:
        derived = meta["region"].where(meta["region"].notna(), derived)
    return meta.assign(region=derived)


# --------------------------------------------------------------------------- the entry point


def load_corpus(
    name_or_path: str | os.PathLike[str] = "seed",
    *,
    countries: str | Iterable[str] | None = None,
    years: Years | None = None,
    speakers: str | Iterable[str] | None = None,
    genres: str | Iterable[str] | None = None,
    regions: str | Iterable[str] | None = None,
    layout: LayoutOption | None = None,
    errors: str = "strict",
    unreadable: str = "raise",
    progress: bool = True,
) -> pd.DataFrame:
    """Load a corpus as a table, one row per document (see the module docstring).

    Filters are applied to the registry before anything is fetched, so
    ``load_corpus("ungdc", countries=["AZE"])`` downloads only Azerbaijan's speeches.

    Parameters
    ----------
    name_or_path
        ``"seed"`` (default), ``"ungdc"``, ``"sotu"``, ``"kremlin"``, or the path of a folder of
        ``.txt`` files (with an optional ``metadata.csv``) or of one ``.txt`` file. A string
        naming a known corpus is that corpus; pass a :class:`pathlib.Path` to load a folder of
        the same name.
    countries
        ISO3 codes or country names (case-insensitive; a name selects every document of the
        ISO3 codes it is recorded under, so ``"Russia"`` includes the USSR's speeches). Values
        matching no document give a warning.
    years
        A year, a ``(start, end)`` tuple (inclusive; either end may be ``None``), or a list or
        ``range`` of years. Documents without a year are dropped when ``years`` is given.
    speakers
        Names matched case-insensitively as substrings of ``speaker`` (``"aliyev"`` matches
        ``"Ilham Aliyev"``). Not available for Kremlin transcripts, whose speakers are turns.
    genres
        Genre names (case-insensitive), e.g. ``"speech"``.
    regions
        UN regional groups (case-insensitive), e.g. ``"African States"``; the ``region``
        column is derived from ``iso3`` (:func:`region_table`). An unknown name is an error
        listing the groups.
    layout
        A folder's text layout: ``"auto"`` (default: decided per file from its line pattern
        by :func:`~discourse.normalise.detect_layout`), ``"lines"`` (one paragraph per line)
        or ``"wrapped"`` (hard-wrapped lines, blank lines between paragraphs); a ``layout``
        column in ``metadata.csv`` overrides it per document. The ``layout`` column of the
        result records what each file was read as. Not accepted for named corpora.
    errors
        How undecodable bytes are handled: ``"strict"`` raises
        :class:`~discourse.corpus.normalise.DecodeError` naming the file and byte offset;
        ``"replace"`` substitutes U+FFFD.
    unreadable
        What to do, in a folder, with subfolders that cannot be listed and ``.txt`` files that
        cannot be opened (permissions): ``"raise"`` (default) raises an :class:`InputError`
        naming every one of them; ``"skip"`` loads the rest, names the skipped paths in a
        warning and lists them in the result's ``attrs["skipped"]`` (an empty list when
        nothing was skipped). Separate from ``errors``, which is about the bytes of files
        that were read. Links to folders are never followed (a warning names them; pass the
        linked folder itself to load it); links to files are followed when they stay inside
        the folder, and refused when they leave it.
    progress
        Show tqdm progress bars while fetching and normalising.

    Returns
    -------
    pandas.DataFrame
        The corpus table: ``COLUMNS`` (plus a folder's extra metadata columns).

    Raises
    ------
    InputError
        Unknown corpus name (the message lists the known ones), duplicate doc_ids, a
        ``metadata.csv`` line naming no file, a registry path escaping the corpus root,
        unreadable files or subfolders in a folder (unless ``unreadable="skip"``).
    CorpusUnavailableError
        An external corpus is neither cached nor reachable.
    ChecksumError
        Fetched bytes differ from the registry's checksum.

    Examples
    --------
    >>> seed = load_corpus()
    >>> seed.loc[0, ["doc_id", "corpus", "genre", "layout", "iso3"]].tolist()
    ['bne-2024-12-19-aliyev', 'seed', 'news', 'lines', 'AZE']
    >>> print(seed.loc[0, "text"][:50])
    Azerbaijan’s Aliyev lines up with Russia and Trump
    >>> list(seed.columns) == list(COLUMNS)
    True
    """
    try:
        codecs.lookup_error(errors)
    except LookupError:
        raise InputError(
            f"errors={errors!r} is not a codec error handler; use 'strict' or 'replace'"
        ) from None
    if unreadable not in folder.UNREADABLE:
        raise InputError(f"unreadable must be 'raise' or 'skip', not {unreadable!r}")
    skipped: list[str] = []
    if isinstance(name_or_path, str) and name_or_path in KNOWN_CORPORA:
        name = name_or_path
        if layout is not None:
            raise InputError(
                f"layout= applies to a folder of .txt files; corpus {name!r} has a fixed layout"
            )
        source = SOURCES[name]
        meta = source.meta()
    else:
        path = Path(name_or_path).expanduser()
        one_file = path.is_file() and path.suffix.lower() == ".txt"
        if not (path.is_dir() or one_file):
            raise InputError(
                f"unknown corpus {str(name_or_path)!r}: not a known corpus name "
                f"({', '.join(KNOWN_CORPORA)}), not a folder of .txt files and not a .txt file"
            )
        if layout not in (None, "lines", "wrapped", "auto"):
            raise InputError(f"layout must be 'lines', 'wrapped' or 'auto', not {layout!r}")
        name, source = "user", folder
        if one_file:
            meta = folder.one_file_meta(path, layout or "auto")
        else:
            meta, skipped = folder.meta_and_skipped(path, layout or "auto", unreadable=unreadable)
    meta = _filter(
        with_region(meta),
        name=name,
        countries=countries,
        years=years,
        speakers=speakers,
        genres=genres,
        regions=regions,
    )
    table = source.read(meta, errors=errors, progress=progress)
    if unreadable == "skip":
        table.attrs["skipped"] = skipped
    return table


def corpus_digest(raw_sha256: Mapping[str, str] | pd.DataFrame) -> str:
    """The digest of a corpus: sha256 over its ``doc_id``-sorted ``doc_id``/``raw_sha256`` pairs.

    Independent of document order and chunking; changes if any document's source bytes,
    or the set of documents, change.

    Parameters
    ----------
    raw_sha256
        A mapping ``doc_id -> raw_sha256`` or a corpus table with those two columns.

    Examples
    --------
    >>> a = corpus_digest({"d1": "aa", "d2": "bb"})
    >>> a == corpus_digest({"d2": "bb", "d1": "aa"})
    True
    >>> a == corpus_digest({"d1": "aa", "d2": "bc"})
    False
    """
    if isinstance(raw_sha256, pd.DataFrame):
        pairs = dict(zip(raw_sha256["doc_id"], raw_sha256["raw_sha256"], strict=True))
    else:
        pairs = dict(raw_sha256)
    digest = hashlib.sha256()
    for doc_id in sorted(pairs):
        digest.update(f"{doc_id}\t{pairs[doc_id]}\n".encode())
    return digest.hexdigest()
