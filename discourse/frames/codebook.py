"""The frame codebook: a YAML data file, validated on load, versioned and hashed.

In: a YAML file or text. Out: a validated, versioned and hashed :class:`Codebook`.

A codebook holds the frames (with their sub-frames and definitions), the indicators that
operationalise them, a gazetteer of actors (the Western actors anti-Western rules point at),
exclusions (phrases that must never count, such as "democratic values" or "West Bank") and the
negation cues. The package ships one, ``discourse/codebooks/default.yaml``; its format is
documented in ``docs/codebook.md``.

Every error names the file, the key and the line (``CodebookError``). Patterns are plain data,
never code: a pattern is a phrase of words in which a word may end with ``*`` (a prefix
wildcard). Regular expressions are accepted only under the key ``regex`` and run on RE2, in time
linear in the text (:mod:`discourse._regex`); what RE2 cannot run (lookarounds, backreferences)
is refused with the file and line.

The content hash (:attr:`Codebook.hash`) is the sha256 of a canonical JSON serialisation of the
parsed content, so comments and layout do not change it; every result table records it.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from .._regex import regex_problem
from ..corpus._yamldata import Reader, compose, construct
from ..corpus._yamldata import kind as _kind
from ..corpus.normalise import sha256_text
from ..errors import CodebookError, InputError

__all__ = [
    "Actor",
    "Codebook",
    "Exclusion",
    "Frame",
    "Indicator",
    "Negation",
    "Source",
    "Subframe",
    "default_codebook_path",
    "load_codebook",
    "normalise_pattern",
]

_ID_RE = re.compile(r"^[a-z][a-z0-9_.\-]*$")
RESERVED_COLUMNS = frozenset(
    {
        # the sentence table, the unit table and the match table (discourse.segment,
        # find_frames), whose keys sit beside one column per frame in presence tables
        *("doc_id", "par_id", "sent_id", "part", "start", "end", "offset", "text", "section"),
        *("voice", "speaker", "kind", "frame", "subframe", "indicator", "matched", "target"),
        *("negated", "weight"),
        # the corpus table (discourse.load_corpus)
        *("corpus", "genre", "layout", "title", "speaker_post", "country", "iso3", "region"),
        *("date", "year", "outlet", "url", "licence", "attribution", "raw_sha256", "n_chars"),
        "is_empty",
        # the score table (discourse.score_frames)
        *("n_docs", "n_sentences", "n_tokens", "n_matches", "n_below_threshold", "n_negated"),
        *("sentences_with_frame", "per_1k_sentences", "per_1k_tokens"),
    }
)
"""Column names of the package's tables, which a frame id may not take (frames become columns)."""
_MIN_PREFIX = 3


def default_codebook_path() -> Path:
    """The codebook that ships with the package (``discourse/codebooks/default.yaml``)."""
    return Path(__file__).resolve().parent.parent / "codebooks" / "default.yaml"


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Source:
    """A published source the codebook draws on (cited, not copied)."""

    id: str
    citation: str
    url: str | None = None


@dataclass(frozen=True)
class Subframe:
    """A sub-frame: one facet of a frame (e.g. ``anti_western/hypocrisy``)."""

    id: str
    label: str
    definition: str


@dataclass(frozen=True)
class Frame:
    """A frame: id, label, definition, references and its sub-frames.

    ``threshold`` is the summed weight of non-negated matches a text needs for the frame to be
    present (default 1.0: any full-weight indicator suffices; weaker cues must co-occur).
    """

    id: str
    label: str
    definition: str
    references: tuple[str, ...]
    subframes: tuple[Subframe, ...]
    threshold: float = 1.0


@dataclass(frozen=True)
class Indicator:
    """One indicator of a frame.

    ``kind`` is ``"phrase"`` (any of ``patterns`` occurs), ``"proximity"`` (a cue from
    ``patterns`` occurs within ``window`` tokens of an actor from gazetteer ``near``) or
    ``"regex"`` (a vetted regular expression, matched per sentence).
    """

    id: str
    frame: str
    subframe: str | None
    kind: str
    patterns: tuple[str, ...]
    weight: float = 1.0
    case_sensitive: bool = False
    near: str | None = None
    window: int | None = None
    source: str | None = None
    note: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Actor:
    """A gazetteer entry: an actor and the names that denote it.

    ``aliases`` match case-insensitively; ``aliases_exact`` only with the case as written
    (``"US"`` must not match the pronoun "us").
    """

    id: str
    label: str
    aliases: tuple[str, ...]
    aliases_exact: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exclusion:
    """Phrases whose matches suppress every overlapping indicator or actor match.

    ``frames`` limits the suppression to indicators of those frames (``None``: all frames and
    all actor mentions).
    """

    id: str
    patterns: tuple[str, ...]
    frames: tuple[str, ...] | None = None
    note: str | None = None


@dataclass(frozen=True)
class Negation:
    """Negation cues and their scope.

    A cue negates a match that starts at most ``window`` tokens after the cue ends, provided no
    clause boundary (one of ``clause_breaks``, or a ``clause_words`` word) lies between them.
    ``pseudo`` phrases (``"not only"``) look like cues but are not.
    """

    cues: tuple[str, ...]
    pseudo: tuple[str, ...] = ()
    window: int = 4
    clause_breaks: str = ",;:()[]—–!?"
    clause_words: tuple[str, ...] = ("but", "however", "while", "whereas", "yet")


@dataclass(frozen=True, eq=False)
class Codebook:
    """A validated codebook (build it with :func:`load_codebook`).

    Attributes
    ----------
    name, version, authors, licence, description
        Provenance.
    sources
        Published lists the indicators cite (``Indicator.source`` refers to ``Source.id``).
    frames, indicators, gazetteers, exclusions, negation
        The content.
    path
        The file it was read from (``None`` when built from a string).
    content
        The parsed mapping (what the hash is computed from).
    """

    name: str
    version: str
    authors: tuple[str, ...]
    licence: str
    description: str
    sources: tuple[Source, ...]
    frames: tuple[Frame, ...]
    indicators: tuple[Indicator, ...]
    gazetteers: dict[str, tuple[Actor, ...]]
    exclusions: tuple[Exclusion, ...]
    negation: Negation
    content: dict[str, Any] = field(repr=False)
    path: Path | None = None

    @cached_property
    def hash(self) -> str:
        """The sha256 of the canonical JSON serialisation of the codebook's content."""
        canonical = json.dumps(
            self.content, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return sha256_text(canonical)

    @property
    def frame_ids(self) -> list[str]:
        """Frame ids in codebook order (the columns of :func:`discourse.detect_frames`)."""
        return [f.id for f in self.frames]

    def frame(self, frame_id: str) -> Frame:
        """The frame with id ``frame_id`` (``KeyError`` if none)."""
        for f in self.frames:
            if f.id == frame_id:
                return f
        raise KeyError(frame_id)

    def provenance(self) -> dict[str, str]:
        """The attributes every result table records (``codebook_*`` keys)."""
        return {
            "codebook_name": self.name,
            "codebook_version": self.version,
            "codebook_hash": self.hash,
        }

    def __repr__(self) -> str:
        return (
            f"Codebook(name={self.name!r}, version={self.version!r}, "
            f"frames={self.frame_ids}, indicators={len(self.indicators)}, "
            f"hash={self.hash[:12]}...)"
        )


# --------------------------------------------------------------------------- patterns


def normalise_pattern(pattern: str) -> tuple[str, bool]:
    """Split a phrase pattern into its lower-cased words; return ``(key, is_prefix)``.

    Non-word characters separate words, so ``"foreign-funded NGOs"`` and ``"foreign funded
    NGOs"`` are the same pattern. Only the last word may end with ``*``.

    Examples
    --------
    >>> normalise_pattern("Foreign-funded NGOs")
    ('foreign funded ngos', False)
    >>> normalise_pattern("degrad*")
    ('degrad', True)
    """
    words = re.findall(r"\w+\*?|\*", pattern.lower())
    if not words:
        raise ValueError("the pattern has no words")
    for i, word in enumerate(words):
        if "*" in word and (i != len(words) - 1 or word == "*"):
            raise ValueError(
                "a wildcard '*' may only end the last word of a phrase (e.g. 'degrad*')"
            )
    prefix = words[-1].endswith("*")
    if prefix:
        words[-1] = words[-1][:-1]
        if len(words) == 1 and len(words[0]) < _MIN_PREFIX:
            raise ValueError(
                f"a wildcard needs at least {_MIN_PREFIX} letters before '*' (got {pattern!r})"
            )
    return " ".join(words), prefix


def unsafe_regex_reason(pattern: str) -> str | None:
    """Why a codebook regular expression is refused, or ``None`` if it is accepted.

    Codebook patterns run on RE2 (:mod:`discourse._regex`), in time linear in the text for
    every pattern it accepts, so nested quantifiers are harmless. Refused: what RE2 cannot
    run (lookarounds, backreferences, inline comments, verbose mode), ``\\W``, ``\\D`` or
    ``\\S`` inside a character class, and patterns over 200 characters.

    Examples
    --------
    >>> unsafe_regex_reason(r"(\\w+\\s?)+$") is None
    True
    >>> unsafe_regex_reason(r"(a)\\1") is not None
    True
    """
    return regex_problem(pattern)


# --------------------------------------------------------------------------- loading

_TOP_KEYS = {
    "name": True,
    "version": True,
    "authors": True,
    "licence": True,
    "description": False,
    "sources": False,
    "frames": True,
    "gazetteers": False,
    "exclusions": False,
    "negation": False,
    "indicators": True,
}
_SOURCE_KEYS = {"id": True, "citation": True, "url": False}
_FRAME_KEYS = {
    "id": True,
    "label": True,
    "definition": True,
    "references": False,
    "subframes": False,
    "threshold": False,
}
_SUBFRAME_KEYS = {"id": True, "label": True, "definition": True}
_ACTOR_KEYS = {"id": True, "label": True, "aliases": False, "aliases_exact": False}
_EXCLUSION_KEYS = {"id": True, "patterns": True, "frames": False, "note": False}
_NEGATION_KEYS = {
    "cues": True,
    "pseudo": False,
    "window": False,
    "clause_breaks": False,
    "clause_words": False,
}
_INDICATOR_KEYS = {
    "id": True,
    "frame": True,
    "subframe": False,
    "patterns": False,
    "cues": False,
    "regex": False,
    "near": False,
    "window": False,
    "weight": False,
    "case_sensitive": False,
    "source": False,
    "note": False,
}


class _Reader(Reader):
    """The one YAML reader (:mod:`discourse._yamldata`) plus the codebook's ids and patterns."""

    def ident(self, node: yaml.Node, key: str) -> str:
        value = self.string(node, key)
        if not _ID_RE.match(value):
            raise self.error(
                node,
                key,
                f"invalid id {value!r}: use lower-case letters, digits, '_', '.', '-' "
                "and start with a letter",
            )
        return value

    def patterns(self, node: yaml.Node, key: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, (text, item) in enumerate(self.strings(node, key)):
            try:
                normalise_pattern(text)
            except ValueError as exc:
                raise self.error(item, f"{key}[{i}]", f"bad pattern {text!r}: {exc}") from None
            out.append(text)
        return tuple(out)


def _compose(text: str, source: str) -> yaml.Node:
    return compose(text, source, what="codebook")


def _plain(node: yaml.Node) -> Any:
    """The whole tree as plain Python data (for the content hash)."""
    if isinstance(node, yaml.MappingNode):
        return {k.value: _plain(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(v) for v in node.value]
    try:
        return construct(node)
    except ValueError:  # unreadable values are refused, with their line, by the reader
        return node.value


def _build(root: yaml.Node, source: str, path: Path | None) -> Codebook:
    r = _Reader(source)
    top = r.mapping(root, "", _TOP_KEYS)

    authors_node = top["authors"]
    authors = tuple(s for s, _ in r.strings(authors_node, "authors"))

    sources: list[Source] = []
    for key, m, _ in r.entries(top.get("sources"), "sources", _SOURCE_KEYS):
        sources.append(
            Source(
                id=r.ident(m["id"], f"{key}.id"),
                citation=r.string(m["citation"], f"{key}.citation"),
                url=r.string(m["url"], f"{key}.url") if "url" in m else None,
            )
        )
    source_ids = _unique(
        [(s.id, n) for s, n in zip(sources, _seq_ids(top.get("sources")), strict=False)], r
    )

    frames: list[Frame] = []
    for key, m, _ in r.entries(top["frames"], "frames", _FRAME_KEYS):
        subs: list[Subframe] = []
        for skey, sm, _ in r.entries(m.get("subframes"), f"{key}.subframes", _SUBFRAME_KEYS):
            subs.append(
                Subframe(
                    id=r.ident(sm["id"], f"{skey}.id"),
                    label=r.string(sm["label"], f"{skey}.label"),
                    definition=r.string(sm["definition"], f"{skey}.definition"),
                )
            )
        _unique([(s.id, sn) for s, sn in zip(subs, _seq_ids(m.get("subframes")), strict=False)], r)
        refs = (
            tuple(s for s, _ in r.strings(m["references"], f"{key}.references"))
            if ("references" in m)
            else ()
        )
        frame_id = r.ident(m["id"], f"{key}.id")
        if frame_id in RESERVED_COLUMNS:
            raise r.error(
                m["id"],
                f"{key}.id",
                f"frame id {frame_id!r} is the name of a column of the package's tables (frames "
                "become columns next to doc_id, sent_id, ... in presence tables, so the two "
                f"would collide); rename the frame, e.g. '{frame_id}_frame'",
            )
        frames.append(
            Frame(
                id=frame_id,
                label=r.string(m["label"], f"{key}.label"),
                definition=r.string(m["definition"], f"{key}.definition"),
                references=refs,
                subframes=tuple(subs),
                threshold=r.number(m["threshold"], f"{key}.threshold") if "threshold" in m else 1.0,
            )
        )
    if not frames:
        raise r.error(top["frames"], "frames", "at least one frame is required")
    frame_ids = _unique(
        [(f.id, n) for f, n in zip(frames, _seq_ids(top["frames"]), strict=False)], r
    )
    subframes_of = {f.id: {s.id for s in f.subframes} for f in frames}

    gazetteers: dict[str, tuple[Actor, ...]] = {}
    if "gazetteers" in top:
        gnode = top["gazetteers"]
        if not isinstance(gnode, yaml.MappingNode):
            raise r.error(gnode, "gazetteers", f"expected a mapping, got {_kind(gnode)}")
        for knode, vnode in gnode.value:
            gid = r.ident(knode, "gazetteers")
            gkey = f"gazetteers.{gid}"
            if gid in gazetteers:
                raise r.error(knode, gkey, "duplicate gazetteer")
            actors: list[Actor] = []
            for akey, am, anode in r.entries(vnode, gkey, _ACTOR_KEYS):
                if "aliases" not in am and "aliases_exact" not in am:
                    raise r.error(anode, f"{akey}.aliases", "an actor needs aliases")
                actors.append(
                    Actor(
                        id=r.ident(am["id"], f"{akey}.id"),
                        label=r.string(am["label"], f"{akey}.label"),
                        aliases=r.patterns(am["aliases"], f"{akey}.aliases")
                        if "aliases" in am
                        else (),
                        aliases_exact=r.patterns(am["aliases_exact"], f"{akey}.aliases_exact")
                        if "aliases_exact" in am
                        else (),
                    )
                )
            _unique([(a.id, n) for a, n in zip(actors, _seq_ids(vnode), strict=False)], r)
            gazetteers[gid] = tuple(actors)

    exclusions: list[Exclusion] = []
    for key, m, _ in r.entries(top.get("exclusions"), "exclusions", _EXCLUSION_KEYS):
        efr: tuple[str, ...] | None = None
        if "frames" in m:
            efr = tuple(s for s, _ in r.strings(m["frames"], f"{key}.frames"))
            for fid in efr:
                if fid not in frame_ids:
                    raise r.error(m["frames"], f"{key}.frames", _unknown("frame", fid, frame_ids))
        exclusions.append(
            Exclusion(
                id=r.ident(m["id"], f"{key}.id"),
                patterns=r.patterns(m["patterns"], f"{key}.patterns"),
                frames=efr,
                note=r.string(m["note"], f"{key}.note") if "note" in m else None,
            )
        )
    _unique(
        [(e.id, n) for e, n in zip(exclusions, _seq_ids(top.get("exclusions")), strict=False)], r
    )

    negation = Negation(cues=())
    if "negation" in top:
        m = r.mapping(top["negation"], "negation", _NEGATION_KEYS)
        negation = Negation(
            cues=r.patterns(m["cues"], "negation.cues"),
            pseudo=r.patterns(m["pseudo"], "negation.pseudo") if "pseudo" in m else (),
            window=r.integer(m["window"], "negation.window") if "window" in m else 4,
            clause_breaks=r.string(m["clause_breaks"], "negation.clause_breaks")
            if "clause_breaks" in m
            else Negation.clause_breaks,
            clause_words=tuple(
                s.lower() for s, _ in r.strings(m["clause_words"], "negation.clause_words")
            )
            if "clause_words" in m
            else Negation.clause_words,
        )

    indicators: list[Indicator] = []
    for key, m, inode in r.entries(top["indicators"], "indicators", _INDICATOR_KEYS):
        iid = r.ident(m["id"], f"{key}.id")
        key = f"{key} (id {iid})"
        frame = r.string(m["frame"], f"{key}.frame")
        if frame not in frame_ids:
            raise r.error(m["frame"], f"{key}.frame", _unknown("frame", frame, frame_ids))
        subframe = r.string(m["subframe"], f"{key}.subframe") if "subframe" in m else None
        if subframe is not None and subframe not in subframes_of[frame]:
            raise r.error(
                m["subframe"],
                f"{key}.subframe",
                _unknown(f"sub-frame of '{frame}'", subframe, sorted(subframes_of[frame])),
            )
        given = [k for k in ("patterns", "cues", "regex") if k in m]
        if len(given) != 1:
            raise r.error(
                inode,
                f"{key}.patterns",
                "give exactly one of 'patterns' (phrases), 'cues' (with 'near') or 'regex'",
            )
        kind = {"patterns": "phrase", "cues": "proximity", "regex": "regex"}[given[0]]
        near: str | None = None
        window: int | None = None
        if kind == "proximity":
            if "near" not in m:
                raise r.error(inode, f"{key}.near", "'cues' need 'near' (a gazetteer id)")
            near = r.string(m["near"], f"{key}.near")
            if near not in gazetteers:
                raise r.error(
                    m["near"], f"{key}.near", _unknown("gazetteer", near, list(gazetteers))
                )
            window = r.integer(m["window"], f"{key}.window") if "window" in m else 6
        elif "near" in m or "window" in m:
            bad = "near" if "near" in m else "window"
            raise r.error(m[bad], f"{key}.{bad}", "'near' and 'window' go with 'cues' only")
        if kind == "regex":
            pats = []
            for j, (text, pnode) in enumerate(r.strings(m["regex"], f"{key}.regex")):
                reason = unsafe_regex_reason(text)
                if reason is not None:
                    raise r.error(pnode, f"{key}.regex[{j}]", f"refused regex {text!r}: {reason}")
                pats.append(text)
            patterns = tuple(pats)
        else:
            patterns = r.patterns(m[given[0]], f"{key}.{given[0]}")
        src = r.string(m["source"], f"{key}.source") if "source" in m else None
        if src is not None and src not in source_ids:
            raise r.error(m["source"], f"{key}.source", _unknown("source", src, source_ids))
        indicators.append(
            Indicator(
                id=iid,
                frame=frame,
                subframe=subframe,
                kind=kind,
                patterns=patterns,
                weight=r.number(m["weight"], f"{key}.weight") if "weight" in m else 1.0,
                case_sensitive=r.boolean(m["case_sensitive"], f"{key}.case_sensitive")
                if "case_sensitive" in m
                else False,
                near=near,
                window=window,
                source=src,
                note=r.string(m["note"], f"{key}.note") if "note" in m else None,
                line=inode.start_mark.line + 1,
            )
        )
    _unique(
        [(ind.id, n) for ind, n in zip(indicators, _seq_ids(top["indicators"]), strict=False)], r
    )

    return Codebook(
        name=r.string(top["name"], "name"),
        version=r.quoted_string(top["version"], "version"),
        authors=authors,
        licence=r.string(top["licence"], "licence"),
        description=r.string(top["description"], "description") if "description" in top else "",
        sources=tuple(sources),
        frames=tuple(frames),
        indicators=tuple(indicators),
        gazetteers=gazetteers,
        exclusions=tuple(exclusions),
        negation=negation,
        content=_plain(root),
        path=path,
    )


def _seq_ids(node: yaml.Node | None) -> Iterator[yaml.Node]:
    """The ``id`` value nodes of a list of mappings (for locating duplicates)."""
    if not isinstance(node, yaml.SequenceNode):
        return
    for item in node.value:
        for k, v in item.value:
            if k.value == "id":
                yield v
                break


def _unique(pairs: list[tuple[str, yaml.Node]], r: _Reader) -> list[str]:
    seen: dict[str, yaml.Node] = {}
    for ident, node in pairs:
        if ident in seen:
            first = seen[ident].start_mark.line + 1
            raise r.error(node, "id", f"duplicate id {ident!r} (first defined on line {first})")
        seen[ident] = node
    return list(seen)


def _unknown(what: str, value: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(value, valid, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown {what} {value!r}{hint} (known: {', '.join(valid) or 'none'})"


_CACHE: dict[tuple[str, str], Codebook] = {}


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate a codebook file.

    Parameters
    ----------
    path
        A YAML codebook. ``None`` loads the codebook that ships with the package.

    Returns
    -------
    Codebook
        The validated codebook; ``Codebook.hash`` identifies its content.

    Raises
    ------
    CodebookError
        The file is missing, is not valid YAML, or breaks the schema; the message names the
        file, the key and the line.

    Examples
    --------
    >>> cb = load_codebook()
    >>> cb.frame_ids[:2]
    ['traditional_values', 'anti_western']
    >>> len(cb.hash)
    64
    """
    p = Path(path) if path is not None else default_codebook_path()
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise CodebookError(f"{p}: cannot read the codebook ({exc.strerror or exc})") from None
    # keyed on the content, not on size and mtime: a rewrite within one second that keeps
    # the size must not return the old codebook
    key = (str(p.resolve()), hashlib.sha256(raw).hexdigest())
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CodebookError(f"{p}: cannot read the codebook ({exc})") from None
    codebook = _build(_compose(text, str(p)), str(p), p)
    _CACHE[key] = codebook
    return codebook


def codebook_from_string(text: str, *, source: str = "<string>") -> Codebook:
    """Build a codebook from YAML text (tests and notebooks); errors name ``source``.

    Examples
    --------
    >>> cb = codebook_from_string('''
    ... name: tiny
    ... version: "1"
    ... authors: [me]
    ... licence: CC0-1.0
    ... frames:
    ...   - {id: tv, label: Traditional values, definition: Appeals to tradition.}
    ... indicators:
    ...   - {id: tv.1, frame: tv, patterns: ["traditional values"]}
    ... ''')
    >>> cb.frame_ids
    ['tv']
    """
    return _build(_compose(text, source), source, None)


def resolve_codebook(codebook: Codebook | str | os.PathLike[str] | None) -> Codebook:
    """A :class:`Codebook` from a codebook, a path, or ``None`` (the default codebook)."""
    if isinstance(codebook, Codebook):
        return codebook
    if codebook is None or isinstance(codebook, str | os.PathLike):
        return load_codebook(Path(codebook) if isinstance(codebook, os.PathLike) else codebook)
    raise InputError(
        f"codebook must be a Codebook, a path or None, not {type(codebook).__name__} "
        f"({codebook!r}); load one with discourse.load_codebook(path)"
    )
