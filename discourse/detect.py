"""The matching engine: frames in texts, with a match-by-match audit trail.

One pass per sentence: a single Aho-Corasick automaton (``pyahocorasick``) holds every literal
key of the codebook — indicator phrases, proximity cues, actor aliases, exclusions and negation
cues, lower-cased — and scans the lower-cased sentence once. The hits are then checked and
resolved by rule bookkeeping, all within the sentence:

1. word boundaries (a key matches whole words; a key ending in ``*`` extends to the end of the
   word), and case for case-sensitive aliases (``US`` is not "us");
2. exclusions suppress every overlapping match of the frames they cover ("West Bank",
   "democratic values", "family of nations");
3. proximity rules keep a cue only when an actor of the named gazetteer lies within the rule's
   window (in tokens) with no strong clause boundary between them; the nearest actor is the
   match's ``target``;
4. within one frame the longest match wins (nested or identical spans count once);
5. a negation cue up to ``negation.window`` tokens before a match, in the same clause, marks it
   ``negated`` (reported, but not counted as frame presence).

Tokens are runs of word characters (``\\w+``), the tokenizer :mod:`discourse.score` counts with.
Detection is a function of each sentence's own words: plain strings are split into sentences
first (a light rule-based splitter; pass a sentence table from :func:`discourse.segment` to use
the package's segmentation and to get offsets into the document).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick
import pandas as pd

from .codebook import Codebook, Indicator, normalise_pattern, resolve_codebook
from .errors import InputError

__all__ = ["MATCH_COLUMNS", "detect_frames", "find_frames", "split_sentences"]

MATCH_COLUMNS = [
    "doc_id",
    "sent_id",
    "frame",
    "subframe",
    "indicator",
    "matched",
    "start",
    "end",
    "target",
    "negated",
    "voice",
    "speaker",
    "weight",
]
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start", "end", "text"]

TOKEN_RE = re.compile(r"\w+")
_WORD_TAIL = re.compile(r"\w*")
_SEPARATORS = " -"
_LEFT = (" ", "(", "[", "“", "‘", '"', "'", "\n", "-", "/", "«")
_RIGHT = (" ", ",", ".", ";", ":", ")", "]", "”", "’", '"', "'", "?", "!", "\n", "-", "/", "»")
_SHORT = 4  # keys this short are anchored with delimiters in the automaton itself
_STRONG_BREAKS = ";:()[]—–!?"

# roles of automaton entries
IND, CUE, TGT, EXC, NEG, PSEUDO = range(6)


@dataclass(frozen=True, slots=True)
class _Entry:
    role: int
    ref: int
    prefix: bool
    exact: str | None  # case-sensitive form (words joined by one space), else None
    left: int  # delimiter characters before the key in the automaton string
    right: int  # ... and after it


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    entry: _Entry


class _Matcher:
    """A codebook compiled into one automaton plus lookup tables."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.indicators: list[Indicator] = list(codebook.indicators)
        self.frame_of = [ind.frame for ind in self.indicators]
        self.actors: list[tuple[str, str]] = []  # (gazetteer id, actor label)
        self.exclusion_frames: list[frozenset[str] | None] = [
            frozenset(e.frames) if e.frames is not None else None for e in codebook.exclusions
        ]
        self.regex = [
            (i, re.compile(p, 0 if ind.case_sensitive else re.IGNORECASE))
            for i, ind in enumerate(self.indicators)
            if ind.kind == "regex"
            for p in ind.patterns
        ]
        neg = codebook.negation
        self.neg_window = neg.window
        self.neg_breaks = frozenset(neg.clause_breaks)
        self.clause_words = frozenset(neg.clause_words)
        keys: dict[str, list[_Entry]] = {}

        def add(pattern: str, role: int, ref: int, exact: bool) -> None:
            key, prefix = normalise_pattern(pattern)
            exact_form = " ".join(TOKEN_RE.findall(pattern.rstrip("*"))) if exact else None
            words = key.split(" ")
            forms = {pattern.lower().rstrip("*").strip()}
            if len(words) <= 4:
                for n in range(2 ** (len(words) - 1)):
                    seps = [_SEPARATORS[(n >> b) & 1] for b in range(len(words) - 1)]
                    joined = "".join(s + w for s, w in zip(seps, words[1:], strict=True))
                    forms.add(words[0] + joined)
            else:
                forms.add(key)
            for form in list(forms):
                if "'" in form:
                    forms.add(form.replace("'", "’"))
            for form in forms:
                if len(form) <= _SHORT:
                    rights = ("",) if prefix else _RIGHT
                    for lft in _LEFT:
                        for rgt in rights:
                            keys.setdefault(lft + form + rgt, []).append(
                                _Entry(role, ref, prefix, exact_form, len(lft), len(rgt))
                            )
                else:
                    keys.setdefault(form, []).append(_Entry(role, ref, prefix, exact_form, 0, 0))

        for i, ind in enumerate(self.indicators):
            if ind.kind == "regex":
                continue
            role = CUE if ind.kind == "proximity" else IND
            for p in ind.patterns:
                add(p, role, i, ind.case_sensitive)
        for gid, actors in codebook.gazetteers.items():
            for actor in actors:
                ref = len(self.actors)
                self.actors.append((gid, actor.label))
                for p in actor.aliases:
                    add(p, TGT, ref, False)
                for p in actor.aliases_exact:
                    add(p, TGT, ref, True)
        for i, exc in enumerate(codebook.exclusions):
            for p in exc.patterns:
                add(p, EXC, i, False)
        for p in neg.cues:
            add(p, NEG, 0, False)
        for p in neg.pseudo:
            add(p, PSEUDO, 0, False)

        automaton = ahocorasick.Automaton()
        for key, entries in keys.items():
            automaton.add_word(key, (len(key), tuple(entries)))
        automaton.make_automaton()
        self.automaton: ahocorasick.Automaton | None = automaton if keys else None
        self.n_keys = len(keys)
        # a second, smaller automaton of the indicator and cue keys only: a sentence in which
        # it finds nothing cannot match, and is skipped after a scan that stops at the first hit
        trigger = ahocorasick.Automaton()
        for key, entries in keys.items():
            if any(e.role <= CUE for e in entries):
                trigger.add_word(key, None)
        trigger.make_automaton()
        self.trigger: ahocorasick.Automaton | None = trigger if len(trigger) else None

    # ---------------------------------------------------------------- scanning

    def hits(self, text: str, padded: str) -> list[_Hit]:
        """All boundary-checked hits of the automaton in ``text`` (one pass)."""
        n = len(text)
        out: list[_Hit] = []
        if self.automaton is None:
            return out
        for end_p, (length, entries) in self.automaton.iter(padded):
            key_start = end_p - length  # index in `text` of the key's first character
            for e in entries:
                s = key_start + e.left
                t = end_p - e.right  # exclusive end in `text`
                if e.left == 0 and s > 0 and _is_word(text[s - 1]) and _is_word(text[s]):
                    continue
                if e.prefix:
                    m = _WORD_TAIL.match(text, t)
                    t = m.end() if m else t
                elif e.right == 0 and t < n and _is_word(text[t]) and _is_word(text[t - 1]):
                    continue
                if e.exact is not None and not _same_words(text[s:t], e.exact, e.prefix):
                    continue
                out.append(_Hit(s, t, e))
        return out

    def match(self, text: str) -> list[tuple[int, int, int, str | None, bool]]:
        """Resolved matches of one sentence: ``(indicator, start, end, target, negated)``."""
        if not text:
            return []
        low = text.lower()
        if len(low) != len(text):  # a few characters lower-case to two; keep offsets exact
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        padded = " " + low + " "
        if not self.regex and (
            self.trigger is None or next(self.trigger.iter(padded), None) is None
        ):
            return []
        hits = self.hits(text, padded)
        for i, rx in self.regex:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    hits.append(_Hit(m.start(), m.end(), _Entry(IND, i, False, None, 0, 0)))
        if not any(h.entry.role <= CUE for h in hits):
            return []
        return self._resolve(text, hits)

    def _resolve(self, text: str, hits: list[_Hit]) -> list[tuple[int, int, int, str | None, bool]]:
        inds: list[_Hit] = []
        targets: list[_Hit] = []
        excl: list[_Hit] = []
        negs: list[_Hit] = []
        pseudo: list[_Hit] = []
        for h in hits:
            (inds, inds, targets, excl, negs, pseudo)[h.entry.role].append(h)
        frame_of = self.frame_of

        def excluded(h: _Hit, frame: str | None) -> bool:
            for x in excl:
                if x.start < h.end and h.start < x.end:
                    scope = self.exclusion_frames[x.entry.ref]
                    if scope is None or (frame is not None and frame in scope):
                        return True
            return False

        if excl:
            inds = [h for h in inds if not excluded(h, frame_of[h.entry.ref])]
            targets = [h for h in targets if not excluded(h, None)]
        if not inds:
            return []
        tokens: _Tokens | None = None
        resolved: list[tuple[_Hit, str | None]] = []
        for h in inds:
            if h.entry.role == IND:
                resolved.append((h, None))
                continue
            ind = self.indicators[h.entry.ref]
            if not targets:
                continue
            if tokens is None:
                tokens = _Tokens(text)
            best: tuple[int, int] | None = None
            for j, t in enumerate(targets):
                if self.actors[t.entry.ref][0] != ind.near or (t.start < h.end and h.start < t.end):
                    continue
                a, b = (t, h) if t.end <= h.start else (h, t)
                dist = tokens.first(b.start) - tokens.last(a.end)
                if dist > (ind.window or 0) or _breaks(text, a.end, b.start, _STRONG_BREAKS, ()):
                    continue
                if best is None or dist < best[0]:
                    best = (dist, j)
            if best is not None:
                resolved.append((h, self.actors[targets[best[1]].entry.ref][1]))
        if not resolved:
            return []
        resolved = _longest_per_frame(resolved, frame_of)
        if pseudo:
            negs = [
                n for n in negs if not any(p.start <= n.start and n.end <= p.end for p in pseudo)
            ]
        out: list[tuple[int, int, int, str | None, bool]] = []
        for h, target in resolved:
            negated = False
            for ng in negs:
                if ng.end <= h.start:
                    if tokens is None:
                        tokens = _Tokens(text)
                    dist = tokens.first(h.start) - tokens.last(ng.end)
                    if dist <= self.neg_window and not _breaks(
                        text, ng.end, h.start, self.neg_breaks, self.clause_words
                    ):
                        negated = True
                        break
            out.append((h.entry.ref, h.start, h.end, target, negated))
        return out


class _Tokens:
    """Token positions of one sentence (runs of word characters)."""

    __slots__ = ("starts", "ends")

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in TOKEN_RE.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def first(self, pos: int) -> int:
        """Index of the first token ending after ``pos`` (the token at or after it)."""
        return bisect_right(self.ends, pos)

    def last(self, pos: int) -> int:
        """Index of the last token starting before ``pos``."""
        return bisect_left(self.starts, pos) - 1


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _same_words(span: str, exact: str, prefix: bool) -> bool:
    words = " ".join(TOKEN_RE.findall(span))
    return words.startswith(exact) if prefix else words == exact


def _breaks(text: str, a: int, b: int, chars: frozenset[str] | str, words: Iterable[str]) -> bool:
    between = text[a:b]
    if any(c in chars for c in between):
        return True
    if words:
        low = between.lower()
        return any(w in words for w in TOKEN_RE.findall(low))
    return False


def _longest_per_frame(
    resolved: list[tuple[_Hit, str | None]], frame_of: list[str]
) -> list[tuple[_Hit, str | None]]:
    """Drop matches nested in (or identical to) an earlier or longer match of the same frame."""
    order = sorted(
        range(len(resolved)),
        key=lambda k: (
            -(resolved[k][0].end - resolved[k][0].start),
            resolved[k][1] is None,
            resolved[k][0].entry.ref,
        ),
    )
    kept: list[int] = []
    for k in order:
        h = resolved[k][0]
        frame = frame_of[h.entry.ref]
        if any(
            frame_of[resolved[j][0].entry.ref] == frame
            and resolved[j][0].start <= h.start
            and h.end <= resolved[j][0].end
            for j in kept
        ):
            continue
        kept.append(k)
    return [resolved[k] for k in sorted(kept)]


_MATCHERS: dict[str, _Matcher] = {}


def compiled(codebook: Codebook) -> _Matcher:
    """The compiled matcher of a codebook (cached by content hash)."""
    matcher = _MATCHERS.get(codebook.hash)
    if matcher is None or matcher.codebook is not codebook:
        matcher = _Matcher(codebook)
        _MATCHERS[codebook.hash] = matcher
    return matcher


# --------------------------------------------------------------------------- sentences

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+|\n+")
_ABBREV = frozenset(
    {
        *("mr", "mrs", "ms", "dr", "st", "prof", "gen", "col", "lt", "sgt", "rev", "jr", "sr"),
        *("no", "nos", "vol", "fig", "art", "para", "e.g", "i.e", "etc", "vs"),
        *("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"),
        *("u.s", "u.k", "u.n", "e.u"),
    }
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of a plain text (a light rule-based splitter).

    Breaks at line breaks and after ``.``, ``!``, ``?`` or ``…`` (with any closing quotes)
    followed by white space, except before a lower-case letter and after common abbreviations
    and initials. Spans are
    stripped of surrounding white space; empty spans are dropped.

    Examples
    --------
    >>> t = "Mr. Smith spoke. He left!\\nThe end"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['Mr. Smith spoke.', 'He left!', 'The end']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if "\n" not in m.group():
            if m.end() < len(text) and text[m.end()].islower():
                continue
            before = text[start : m.start()].rsplit(None, 1)
            word = before[-1].lower() if before else ""
            if m.group()[0] == "." and (word in _ABBREV or (len(word) == 1 and word.isalpha())):
                continue
        end = m.end()
        _append_span(text, start, end, spans)
        start = end
    _append_span(text, start, len(text), spans)
    return spans


def _append_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        s = start + (len(chunk) - len(chunk.lstrip()))
        spans.append((s, s + len(stripped)))


# --------------------------------------------------------------------------- inputs


def _check_text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        raise InputError(f"{where} is missing (None/NaN); give a string (use '' for no text)")
    raise InputError(f"{where} is a {type(value).__name__}, not a string")


def _texts(texts: Any, name: str) -> tuple[list[str], pd.Index]:
    if isinstance(texts, str):
        return [texts], pd.RangeIndex(1)
    if isinstance(texts, pd.DataFrame):
        if "text" not in texts.columns:
            raise InputError(f"{name}: the DataFrame has no 'text' column")
        texts = texts["text"]
    if isinstance(texts, pd.Series):
        values = texts.tolist()
        index = texts.index
    elif isinstance(texts, Iterable):
        values = list(texts)
        index = pd.RangeIndex(len(values))
    else:
        raise InputError(
            f"{name} must be a string or an iterable of strings, not {type(texts).__name__}"
        )
    for i, v in enumerate(values):
        if not isinstance(v, str):
            label = f" (index {index[i]!r})" if isinstance(texts, pd.Series) else ""
            _check_text(v, f"{name}[{i}]{label}")
    return values, index


@dataclass
class _Units:
    """Sentences to scan, as parallel lists (one entry per sentence)."""

    doc_id: list[Any]
    sent_id: list[Any]
    offset: list[int]
    text: list[Any]
    voice: list[Any]
    speaker: list[Any]
    extra: list[list[Any]]
    extra_names: list[str]
    where: str  # how to name a row in an error message


def _units(data: Any, name: str) -> _Units:
    """Sentences to scan: from a sentence table, a corpus table, or plain strings."""
    if isinstance(data, pd.DataFrame) and "sent_id" in data.columns:
        missing = [c for c in SENTENCE_COLUMNS if c not in data.columns]
        if missing:
            raise InputError(
                f"{name}: the sentence table lacks column(s) {', '.join(missing)} "
                f"(a sentence table has {', '.join(SENTENCE_COLUMNS)}, voice, speaker; "
                "see discourse.segment)"
            )
        n = len(data)
        extra = ["part"] if "part" in data.columns else []
        return _Units(
            data["doc_id"].tolist(),
            data["sent_id"].tolist(),
            [int(v) for v in data["start"].tolist()],
            data["text"].tolist(),
            data["voice"].tolist() if "voice" in data.columns else [pd.NA] * n,
            data["speaker"].tolist() if "speaker" in data.columns else [pd.NA] * n,
            [data[c].tolist() for c in extra],
            extra,
            f"{name}.text",
        )
    if isinstance(data, pd.DataFrame) and "doc_id" in data.columns:
        if "text" not in data.columns:
            raise InputError(f"{name}: the corpus table has no 'text' column")
        ids = data["doc_id"].tolist()
        texts = data["text"].tolist()
        for i, t in enumerate(texts):
            if not isinstance(t, str):
                _check_text(t, f"{name}.text[{i}] (doc_id {ids[i]!r})")
    else:
        texts, index = _texts(data, name)
        ids = list(index)
    units = _Units([], [], [], [], [], [], [], [], name)
    for doc_id, text in zip(ids, texts, strict=True):
        for k, (s, e) in enumerate(split_sentences(text)):
            units.doc_id.append(doc_id)
            units.sent_id.append(k)
            units.offset.append(s)
            units.text.append(text[s:e])
    units.voice = units.speaker = [pd.NA] * len(units.text)
    return units


# --------------------------------------------------------------------------- public API


def find_frames(
    sentences_or_texts: Any,
    codebook: Codebook | str | None = None,
    *,
    progress: bool = False,
) -> pd.DataFrame:
    """Every indicator match, with its evidence: the audit trail of frame detection.

    Parameters
    ----------
    sentences_or_texts
        A sentence table (columns ``doc_id, sent_id, start, end, text`` and optionally
        ``voice, speaker, part``, as :func:`discourse.segment` returns), a corpus table
        (``doc_id, text``), a string, or a sequence/Series of strings (``doc_id`` is then the
        position or the Series index; texts are split with :func:`split_sentences`).
    codebook
        A :class:`~discourse.codebook.Codebook`, a path to one, or ``None`` for the default.
    progress
        Show a progress bar over the sentences.

    Returns
    -------
    pandas.DataFrame
        One row per match, columns ``doc_id, sent_id, frame, subframe, indicator, matched,
        start, end, target, negated, voice, speaker, weight`` (plus ``part`` after ``sent_id``
        when the sentence table has it). ``start``/``end`` index the document's text: the
        sentence's ``start`` plus the offset inside the sentence (for plain strings, the string
        itself). ``target`` is the actor a proximity rule found (else NA). Negated matches are
        reported with ``negated=True`` and do not count as frame presence. Rows are ordered by
        ``doc_id, start, indicator``. ``attrs`` records ``codebook_name``,
        ``codebook_version`` and ``codebook_hash``.

    Raises
    ------
    InputError
        A text is not a string (the message names its position) or a sentence table lacks
        columns.

    Examples
    --------
    >>> m = find_frames("France is used to teaching others. We never blame Europe's meddling.")
    >>> m[["sent_id", "frame", "matched", "target", "negated"]]
       sent_id         frame           matched  target  negated
    0        0  anti_western   teaching others  France    False
    1        1  anti_western          meddling  Europe     True
    """
    cb = resolve_codebook(codebook)
    matcher = compiled(cb)
    units = _units(sentences_or_texts, "sentences_or_texts")
    positions: Iterable[int] = range(len(units.text))
    if progress:
        from tqdm.auto import tqdm

        positions = tqdm(positions, desc="frames", unit="sentence")
    indicators = matcher.indicators
    match = matcher.match
    texts, offsets, extras = units.text, units.offset, units.extra
    rows: list[tuple[Any, ...]] = []
    for i in positions:
        text = texts[i]
        if not isinstance(text, str):
            _check_text(text, f"{units.where}[{i}] (doc_id {units.doc_id[i]!r})")
        found = match(text)
        if not found:
            continue
        offset = offsets[i]
        for ref, s, e, target, negated in found:
            ind = indicators[ref]
            rows.append(
                (
                    units.doc_id[i],
                    units.sent_id[i],
                    *(x[i] for x in extras),
                    ind.frame,
                    ind.subframe,
                    ind.id,
                    text[s:e],
                    offset + s,
                    offset + e,
                    target,
                    negated,
                    units.voice[i],
                    units.speaker[i],
                    ind.weight,
                )
            )
    extra = units.extra_names
    columns = MATCH_COLUMNS[:2] + extra + MATCH_COLUMNS[2:]
    df = pd.DataFrame(rows, columns=columns)
    df = _typed(df)
    if len(df):
        df = df.sort_values(["doc_id", "start", "indicator"], kind="stable", ignore_index=True)
    df.attrs.update(cb.provenance())
    return df


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype(
        {
            "sent_id": "Int64",
            "start": "Int64",
            "end": "Int64",
            "negated": "bool",
            "weight": "float64",
            "frame": "string",
            "subframe": "string",
            "indicator": "string",
            "matched": "string",
            "target": "string",
            "voice": "string",
            "speaker": "string",
        }
    )
    return df


def frame_presence(matches: pd.DataFrame, codebook: Codebook, keys: Sequence[str]) -> pd.DataFrame:
    """Which frames each unit shows: summed non-negated weight per (unit, frame) vs threshold.

    ``keys`` are the columns that identify a unit (e.g. ``["doc_id", "sent_id"]``). Returns
    one row per unit that has at least one match, one boolean column per frame.
    """
    frames = codebook.frame_ids
    live = matches.loc[~matches["negated"], [*keys, "frame", "indicator", "weight"]]
    live = live.drop_duplicates([*keys, "indicator"])
    if live.empty:
        return pd.DataFrame(columns=[*keys, *frames]).astype(dict.fromkeys(frames, "bool"))
    sums = live.groupby([*keys, "frame"], sort=False, dropna=False)["weight"].sum().unstack("frame")
    thresholds = pd.Series({f.id: f.threshold for f in codebook.frames})
    sums = sums.reindex(columns=frames)
    present = sums.ge(thresholds - 1e-9, axis=1) & sums.notna()
    return present.reset_index()


def detect_frames(texts: Any, codebook: Codebook | str | None = None) -> pd.DataFrame:
    """Which frames each text shows.

    A frame is present in a text when at least one of its sentences reaches the frame's
    threshold: the summed weight of the distinct indicators with a non-negated match in the
    sentence (default threshold 1, so one full-weight indicator suffices; a half-weight
    indicator needs a second, different indicator in the same sentence).

    Parameters
    ----------
    texts
        A string, a sequence or Series of strings, or a DataFrame with a ``text`` column (a
        sentence table gives one row per sentence, each taken as one sentence; other texts are
        split into sentences first). Empty strings give all-False rows.
    codebook
        A :class:`~discourse.codebook.Codebook`, a path, or ``None`` for the default.

    Returns
    -------
    pandas.DataFrame
        One row per input text, in input order (the Series/DataFrame index is kept), one
        boolean column per frame id in codebook order. ``attrs`` records the codebook.

    Raises
    ------
    InputError
        A text is not a string (None, NaN, a number): the message names its position.

    Examples
    --------
    >>> df = detect_frames(["We defend traditional values.", "The West imposes its will.", ""])
    >>> df[["traditional_values", "anti_western"]]
       traditional_values  anti_western
    0                True         False
    1               False          True
    2               False         False
    """
    cb = resolve_codebook(codebook)
    values, index = _texts(texts, "texts")
    if isinstance(texts, pd.DataFrame) and "sent_id" in texts.columns:
        # a sentence table: each row is already one sentence; do not split it again
        n = len(values)
        rows = pd.DataFrame(
            {"doc_id": range(n), "sent_id": 0, "start": 0, "end": 0, "text": values}
        )
        matches = find_frames(rows, cb)
    else:
        matches = find_frames(values, cb)
    frames = cb.frame_ids
    out = pd.DataFrame(False, index=pd.RangeIndex(len(values)), columns=frames)
    if len(matches):
        present = frame_presence(matches, cb, ["doc_id", "sent_id"])
        per_doc = present.groupby("doc_id")[frames].any()
        out.loc[per_doc.index, frames] = per_doc.to_numpy()
    out.index = index
    out.attrs.update(cb.provenance())
    return out
