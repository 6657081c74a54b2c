"""The matching engine: frames in texts, with a match-by-match audit trail.

One pass per sentence: a single Aho-Corasick automaton (``pyahocorasick``) holds every literal
key of the codebook — indicator phrases, proximity cues, actor aliases, exclusions and negation
cues, lower-cased — and scans the lower-cased sentence once (sentences are scanned in batches,
joined with a separator no key contains). The hits of a sentence with an indicator phrase, or a
cue and an actor, are then checked and resolved by rule bookkeeping, all within the sentence:

1. word boundaries (a key matches whole words; a key ending in ``*`` extends to the end of the
   word), and case for case-sensitive aliases (``US`` is not "us");
2. exclusions suppress every overlapping match of the frames they cover ("West Bank",
   "democratic values", "family of nations");
3. proximity rules keep a cue only when an actor of the named gazetteer lies within the rule's
   window (in tokens) with no strong clause boundary (``; : — – ! ?``) between them; the
   nearest actor is the match's ``target``;
4. within one frame the longest match wins (nested or identical spans count once);
5. a negation cue up to ``negation.window`` tokens before a match, in the same clause, marks it
   ``negated`` (reported, but not counted as frame presence).

Tokens are runs of word characters (``\\w+``), the tokenizer :mod:`discourse.score` counts with.
Detection is a function of each sentence's own words: plain strings are split into sentences
first (a light rule-based splitter, :func:`split_sentences`); a corpus table (``doc_id, text``)
is segmented with :func:`discourse.segment` first, which gives offsets into the document and
each sentence's voice and speaker.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add
from typing import Any

import ahocorasick
import numpy as np
import pandas as pd

from ._input import as_corpus, list_ids, series_ids
from ._schema import conform
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
_WORD_CHAR = re.compile(r"\w")
_SEPARATORS = " -"
_LEFT = (" ", "(", "[", "“", "‘", '"', "'", "\n", "-", "/", "«")
_RIGHT = (" ", ",", ".", ";", ":", ")", "]", "”", "’", '"', "'", "?", "!", "\n", "-", "/", "»")
_SHORT = 4  # keys this short are anchored with delimiters in the automaton itself
_STRONG_BREAKS = ";:—–!?"
_PROGRESS_FROM = 50_000  # sentences; progress bars appear above this by default
_BATCH = 2_000  # sentences scanned in one automaton pass

# roles of automaton entries
IND, CUE, TGT, EXC, NEG, PSEUDO = range(6)
# what a key can start, as bits: a sentence needs a phrase, or a cue and an actor, to match
_HAS_PHRASE, _HAS_CUE, _HAS_ACTOR = 1, 2, 4
_CUE_AND_ACTOR = _HAS_CUE | _HAS_ACTOR


# An automaton entry: (role, ref, prefix, exact, left, right). ``ref`` indexes the indicator,
# actor or exclusion; ``prefix`` marks a trailing ``*``; ``exact`` is the case-sensitive form
# (words joined by one space) or None; ``left``/``right`` count the delimiter characters the
# key carries around the word in the automaton string (short keys are anchored that way).
_Entry = tuple[int, int, bool, str | None, int, int]
# A hit: (start, end, role, ref), offsets into the sentence.
_Hit = tuple[int, int, int, int]
# A resolved match: (indicator, start, end, target, negated), offsets into the sentence.
_Match = tuple[int, int, int, str | None, bool]


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
                                (role, ref, prefix, exact_form, len(lft), len(rgt))
                            )
                else:
                    keys.setdefault(form, []).append((role, ref, prefix, exact_form, 0, 0))

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
            rules = tuple(e for e in entries if e[0] <= CUE)
            others = tuple(e for e in entries if e[0] > CUE)
            has_actor = any(e[0] == TGT for e in entries)
            flags = (
                (_HAS_PHRASE if any(e[0] == IND for e in rules) else 0)
                | (_HAS_CUE if any(e[0] == CUE for e in rules) else 0)
                | (_HAS_ACTOR if has_actor else 0)
            )
            automaton.add_word(key, (len(key), rules, others, has_actor, flags))
        automaton.make_automaton()
        self.automaton: ahocorasick.Automaton | None = automaton if keys else None
        self.n_keys = len(keys)
        # a second, smaller automaton of the indicator and cue keys only: a sentence in which
        # it finds nothing cannot match, and is skipped after a scan that stops at the first hit
        trigger = ahocorasick.Automaton()
        for key, entries in keys.items():
            if any(e[0] <= CUE for e in entries):
                trigger.add_word(key, None)
        trigger.make_automaton()
        self.trigger: ahocorasick.Automaton | None = trigger if len(trigger) else None

    # ---------------------------------------------------------------- scanning

    def match(self, text: str) -> list[_Match]:
        """Resolved matches of one sentence: ``(indicator, start, end, target, negated)``."""
        if not text or self.automaton is None and not self.regex:
            return []
        padded = " " + _lower(text) + " "
        if not self.regex and (
            self.trigger is None or next(self.trigger.iter(padded), None) is None
        ):
            return []
        raw = list(self.automaton.iter(padded)) if self.automaton is not None else []
        return self._finish(text, raw, 0)

    def match_batch(self, texts: Sequence[str]) -> list[tuple[int, list[_Match]]]:
        """Resolved matches of many sentences, ``(position, matches)`` for those with any.

        The same result as :meth:`match` on each text, from one automaton pass over the
        sentences joined (each padded with a space, separated by a NUL character, which no
        key contains, so no key spans two sentences); only sentences with a phrase hit, or a
        cue hit and an actor hit, go on to the rule bookkeeping.
        """
        automaton = self.automaton
        if automaton is None or self.regex:  # regular expressions look at every sentence
            return [(i, found) for i, t in enumerate(texts) if (found := self.match(t))]
        joined = " " + " \0 ".join(texts) + " "
        low = joined.lower()
        if len(low) != len(joined):  # a character lower-cases to two: per sentence instead
            low = " " + " \0 ".join(_lower(t) for t in texts) + " "
        # the padded form of sentence k (what :meth:`match` scans) ends at last[k] inclusive
        # in the joined text and starts at last[k] - len(texts[k]) - 1
        last = list(accumulate(map(add, map(len, texts), repeat(3)), initial=-2))[1:]
        out: list[tuple[int, list[_Match]]] = []
        finish = self._finish
        k = 0
        limit = last[0] if texts else -1
        raw: list[tuple[int, Any]] = []
        flags = 0
        for hit in automaton.iter(low):
            if hit[0] > limit:
                if flags & _HAS_PHRASE or flags & _CUE_AND_ACTOR == _CUE_AND_ACTOR:
                    found = finish(texts[k], raw, last[k] - len(texts[k]) - 1)
                    if found:
                        out.append((k, found))
                k = bisect_left(last, hit[0], k + 1)
                limit = last[k]
                raw = []
                flags = 0
            raw.append(hit)
            flags |= hit[1][4]
        if flags & _HAS_PHRASE or flags & _CUE_AND_ACTOR == _CUE_AND_ACTOR:
            found = finish(texts[k], raw, last[k] - len(texts[k]) - 1)
            if found:
                out.append((k, found))
        return out

    def _finish(self, text: str, raw: list[tuple[int, Any]], shift: int) -> list[_Match]:
        """Matches of a sentence from its raw automaton hits (end offsets minus ``shift``)."""
        hits = _checked(text, raw, 1, shift)
        for i, rx in self.regex:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    hits.append((m.start(), m.end(), IND, i))
        if not hits:
            return []
        if all(h[2] == CUE for h in hits) and not any(v[3] for _, v in raw):
            return []  # only proximity cues, and no actor they could point at
        return self._resolve(text, hits + _checked(text, raw, 2, shift))

    def _resolve(self, text: str, hits: list[_Hit]) -> list[_Match]:
        inds: list[_Hit] = []
        targets: list[_Hit] = []
        excl: list[_Hit] = []
        negs: list[_Hit] = []
        pseudo: list[_Hit] = []
        for h in hits:
            (inds, inds, targets, excl, negs, pseudo)[h[2]].append(h)
        frame_of = self.frame_of

        def excluded(h: _Hit, frame: str | None) -> bool:
            for x in excl:
                if x[0] < h[1] and h[0] < x[1]:
                    scope = self.exclusion_frames[x[3]]
                    if scope is None or (frame is not None and frame in scope):
                        return True
            return False

        if excl:
            inds = [h for h in inds if not excluded(h, frame_of[h[3]])]
            targets = [h for h in targets if not excluded(h, None)]
        if not inds:
            return []
        resolved: list[tuple[_Hit, str | None]] = []
        for h in inds:
            if h[2] == IND:
                resolved.append((h, None))
                continue
            ind = self.indicators[h[3]]
            if not targets:
                continue
            best: tuple[int, int] | None = None
            for j, t in enumerate(targets):
                if self.actors[t[3]][0] != ind.near or (t[0] < h[1] and h[0] < t[1]):
                    continue
                a, b = (t, h) if t[1] <= h[0] else (h, t)
                dist = _distance(text, a[1], b[0])
                if dist > (ind.window or 0) or _breaks(text, a[1], b[0], _STRONG_BREAKS, ()):
                    continue
                if best is None or dist < best[0]:
                    best = (dist, j)
            if best is not None:
                resolved.append((h, self.actors[targets[best[1]][3]][1]))
        if not resolved:
            return []
        resolved = _longest_per_frame(resolved, frame_of)
        if pseudo:
            negs = [n for n in negs if not any(p[0] <= n[0] and n[1] <= p[1] for p in pseudo)]
        out: list[_Match] = []
        for h, target in resolved:
            negated = False
            for ng in negs:
                if ng[1] <= h[0]:
                    dist = _distance(text, ng[1], h[0])
                    if dist <= self.neg_window and not _breaks(
                        text, ng[1], h[0], self.neg_breaks, self.clause_words
                    ):
                        negated = True
                        break
            out.append((h[3], h[0], h[1], target, negated))
        return out


def _checked(text: str, raw: list[tuple[int, Any]], part: int, shift: int) -> list[_Hit]:
    """Boundary- and case-checked hits from the automaton's raw output.

    ``part`` selects the entries of each key: 1 the indicator phrases and cues, 2 the rest
    (actors, exclusions, negation cues). ``shift`` is where the sentence's padded form starts
    in the scanned string (0 when the sentence was scanned alone).
    """
    n = len(text)
    out: list[_Hit] = []
    for end_p, value in raw:
        entries = value[part]
        if not entries:
            continue
        end_p -= shift
        key_start = end_p - value[0]  # index in `text` of the key's first character
        for role, ref, prefix, exact, left, right in entries:
            s = key_start + left
            t = end_p - right  # exclusive end in `text`
            if not left and s > 0 and _is_word(text[s - 1]) and _is_word(text[s]):
                continue
            if prefix:
                m = _WORD_TAIL.match(text, t)
                t = m.end() if m else t
            elif not right and t < n and _is_word(text[t]) and _is_word(text[t - 1]):
                continue
            if exact is not None and not _same_words(text[s:t], exact, prefix):
                continue
            out.append((s, t, role, ref))
    return out


def _lower(text: str) -> str:
    """``text`` lower-cased, character for character (offsets stay exact)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep those as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


def _distance(text: str, a: int, b: int) -> int:
    """Tokens from the last one starting before ``a`` to the first one ending after ``b``.

    That is, the index difference of those two tokens (``a <= b``): 1 for adjacent words. It
    counts the tokens in ``text[a:b]`` and corrects for a token cut at ``a`` or at ``b``.
    """
    cut_a = a < b and _straddles(text, a)
    return len(TOKEN_RE.findall(text, a, b)) - cut_a - _straddles(text, b) + 1


def _straddles(text: str, pos: int) -> bool:
    """Whether a token runs across ``pos`` (word characters on both sides)."""
    return (
        0 < pos < len(text)
        and _WORD_CHAR.match(text, pos - 1) is not None
        and _WORD_CHAR.match(text, pos) is not None
    )


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
    if len(resolved) == 1:
        return resolved
    order = sorted(
        range(len(resolved)),
        key=lambda k: (
            resolved[k][0][0] - resolved[k][0][1],  # longest first
            resolved[k][1] is None,  # a proximity match (with its target) first
            resolved[k][0][3],  # then codebook order
        ),
    )
    kept: list[int] = []
    for k in order:
        s, e, _, ref = resolved[k][0]
        frame = frame_of[ref]
        if any(
            frame_of[resolved[j][0][3]] == frame
            and resolved[j][0][0] <= s
            and e <= resolved[j][0][1]
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
    """The texts of ``texts`` and their index: ``doc_id`` by the package's one scheme
    (:mod:`discourse._input`), or a sentence table's own index (one row per sentence)."""
    if isinstance(texts, pd.DataFrame) and "text" not in texts.columns:
        raise InputError(f"{name}: the DataFrame has no 'text' column")
    if isinstance(texts, pd.DataFrame) and ("sent_id" in texts.columns or "doc_id" not in texts):
        values = texts["text"].tolist()
        for i, v in enumerate(values if not _all_str(values) else ()):
            _check_text(v, f"{name}.text[{i}] (index {texts.index[i]!r})")
        return values, texts.index
    if isinstance(texts, Iterable) and not isinstance(
        texts, str | list | tuple | pd.Series | pd.DataFrame | Mapping
    ):
        texts = list(texts)
    if isinstance(texts, list | tuple | pd.Series):
        values = list(texts)
        ids = (
            series_ids(texts.index, name) if isinstance(texts, pd.Series) else list_ids(len(values))
        )
        for i, v in enumerate(values if not _all_str(values) else ()):
            _check_text(v, f"{name}[{i}] (doc_id {ids[i]!r})")
    corpus = as_corpus(texts, name=name)
    values = corpus["text"].fillna("").tolist()
    return values, pd.Index(corpus["doc_id"].astype(str).tolist(), name="doc_id")


def _all_str(values: list[Any]) -> bool:
    """Whether every value is exactly a ``str`` (a fast check; a loop then names the culprit)."""
    return set(map(type, values)) <= {str}


@dataclass
class _Units:
    """Sentences to scan: their texts, and the match table's columns read at given positions.

    A sentence table is kept as it is (``table``) and read only where a sentence matched;
    texts split here carry their columns as lists, one entry per sentence.
    """

    text: list[Any]
    where: str  # how to name a row in an error message
    table: pd.DataFrame | None = None
    doc_id: list[Any] = field(default_factory=list)
    sent_id: list[int] = field(default_factory=list)
    offset: list[int] = field(default_factory=list)
    doc_pos: list[int] = field(default_factory=list)  # position of a text's document in input
    extra_names: list[str] = field(default_factory=list)

    def column(self, name: str, positions: list[int]) -> list[Any]:
        """The values of column ``name`` (a match-table column) at ``positions``."""
        if self.table is None:
            if name in ("voice", "speaker"):
                return [pd.NA] * len(positions)
            values = {"doc_id": self.doc_id, "sent_id": self.sent_id, "start": self.offset}[name]
            return [values[p] for p in positions]
        if name not in self.table.columns:
            return [pd.NA] * len(positions)
        taken = self.table[name].take(positions).tolist()
        return [int(v) for v in taken] if name == "start" else taken


def _units(data: Any, name: str) -> _Units:
    """Sentences to scan: from a sentence table, a corpus table, or plain strings."""
    if (
        isinstance(data, pd.DataFrame)
        and "doc_id" in data.columns
        and "sent_id" not in data.columns
    ):
        if "text" not in data.columns:
            raise InputError(f"{name}: the corpus table has no 'text' column")
        from .segment import segment  # a corpus table is segmented as segment() does it

        data = segment(data, progress=False)
    if isinstance(data, pd.DataFrame) and "sent_id" in data.columns:
        missing = [c for c in SENTENCE_COLUMNS if c not in data.columns]
        if missing:
            raise InputError(
                f"{name}: the sentence table lacks column(s) {', '.join(missing)} "
                f"(a sentence table has {', '.join(SENTENCE_COLUMNS)}, voice, speaker; "
                "see discourse.segment)"
            )
        extra = ["part"] if "part" in data.columns else []
        return _Units(data["text"].tolist(), f"{name}.text", table=data, extra_names=extra)
    texts, index = _texts(data, name)
    ids = list(index)
    units = _Units([], name)
    for d, (doc_id, text) in enumerate(zip(ids, texts, strict=True)):
        for k, (s, e) in enumerate(split_sentences(text)):
            units.doc_pos.append(d)
            units.doc_id.append(doc_id)
            units.sent_id.append(k)
            units.offset.append(s)
            units.text.append(text[s:e])
    return units


def _scan(
    matcher: _Matcher, texts: list[str], show: bool, unit: str
) -> Iterator[tuple[int, list[_Match]]]:
    """``(position, matches)`` for every text with a match, in batches (with a progress bar)."""
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), desc="frames", unit=unit)
    try:
        for lo in range(0, len(texts), _BATCH):
            batch = texts[lo : lo + _BATCH]
            for k, found in matcher.match_batch(batch):
                yield lo + k, found
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()


# --------------------------------------------------------------------------- public API


def find_frames(
    sentences_or_texts: Any,
    codebook: Codebook | str | None = None,
    *,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Every indicator match, with its evidence: the audit trail of frame detection.

    Parameters
    ----------
    sentences_or_texts
        A sentence table (columns ``doc_id, sent_id, start, end, text`` and optionally
        ``voice, speaker, part``, as :func:`discourse.segment` returns), a corpus table
        (``doc_id, text``; segmented with :func:`discourse.segment`, so ``sent_id``, ``voice``
        and ``speaker`` are segment's), a string, or a sequence/Series of strings (``doc_id`` is
        then ``doc-0``, ``doc-1``, ... or the Series index as a string, the scheme every function
        shares; texts are split with :func:`split_sentences`). An
        iterator of document dicts, a folder of ``.txt`` files or a Parquet dataset is
        segmented and searched a chunk at a time (:func:`discourse.stream.find_frames_stream`).
    codebook
        A :class:`~discourse.codebook.Codebook`, a path to one, or ``None`` for the default.
    progress
        Show a progress bar over the sentences (``None``: only for more than 50,000).

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
    from .stream import find_frames_stream, stream_dispatch

    streamed, sentences_or_texts = stream_dispatch(sentences_or_texts)
    if streamed:  # documents from an iterator, a folder or Parquet: segmented, chunk by chunk
        return find_frames_stream(sentences_or_texts, codebook=cb, progress=progress is not False)
    matcher = compiled(cb)
    units = _units(sentences_or_texts, "sentences_or_texts")
    texts = units.text
    for i, text in enumerate(texts if not _all_str(texts) else ()):
        if not isinstance(text, str):
            doc_id = units.column("doc_id", [i])[0]
            _check_text(text, f"{units.where}[{i}] (doc_id {doc_id!r})")
    show = bool(progress or (progress is None and len(texts) > _PROGRESS_FROM))
    indicators = matcher.indicators
    position: list[int] = []
    found: list[_Match] = []
    for i, matches in _scan(matcher, texts, show, "sentence"):
        position.extend([i] * len(matches))
        found.extend(matches)
    offset = units.column("start", position)
    start = [o + m[1] for o, m in zip(offset, found, strict=True)]
    doc_id = units.column("doc_id", position)
    ind_id = [indicators[m[0]].id for m in found]
    # a table's matches in doc_id order; plain texts' in input order (doc-2 before doc-10)
    doc_key: list[Any] = doc_id if units.table is not None else [units.doc_pos[p] for p in position]
    order = sorted(range(len(found)), key=lambda j: (doc_key[j], start[j], ind_id[j]))
    position = [position[j] for j in order]
    found = [found[j] for j in order]
    inds = [indicators[m[0]] for m in found]
    values: dict[str, list[Any]] = {
        "doc_id": [doc_id[j] for j in order],
        "sent_id": units.column("sent_id", position),
        **{name: units.column(name, position) for name in units.extra_names},
        "frame": [ind.frame for ind in inds],
        "subframe": [ind.subframe for ind in inds],
        "indicator": [ind.id for ind in inds],
        "matched": [texts[p][m[1] : m[2]] for p, m in zip(position, found, strict=True)],
        "start": [start[j] for j in order],
        "end": [start[j] - found[k][1] + found[k][2] for k, j in enumerate(order)],
        "target": [m[3] for m in found],
        "negated": [m[4] for m in found],
        "voice": units.column("voice", position),
        "speaker": units.column("speaker", position),
        "weight": [ind.weight for ind in inds],
    }
    columns = MATCH_COLUMNS[:2] + units.extra_names + MATCH_COLUMNS[2:]
    df = pd.DataFrame(
        {
            name: pd.array(values[name], dtype=_DTYPES[name]) if name in _DTYPES else values[name]
            for name in columns
        }
    )
    df.attrs.update(cb.provenance())
    return conform(df)


_DTYPES: dict[str, Any] = {
    "doc_id": "string",
    "sent_id": "int64",
    "start": "int64",
    "end": "int64",
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


def detect_frames(
    texts: Any, codebook: Codebook | str | None = None, *, progress: bool | None = None
) -> pd.DataFrame:
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
    progress
        Show a progress bar over the texts (``None``: only for more than 50,000).

    Returns
    -------
    pandas.DataFrame
        One row per input text, in input order, indexed by ``doc_id`` (a list's texts
        ``doc-0``, ``doc-1``, ...; a Series' own index; a corpus table's ``doc_id``; a sentence
        table or other DataFrame keeps its index), one boolean column per frame id in codebook
        order. ``attrs`` records the codebook.

    Raises
    ------
    InputError
        A text is not a string (None, NaN, a number): the message names its position.

    Examples
    --------
    >>> df = detect_frames(["We defend traditional values.", "The West imposes its will.", ""])
    >>> df[["traditional_values", "anti_western"]]
            traditional_values  anti_western
    doc_id
    doc-0                 True         False
    doc-1                False          True
    doc-2                False         False
    """
    cb = resolve_codebook(codebook)
    values, index = _texts(texts, "texts")
    matcher = compiled(cb)
    frames = cb.frame_ids
    column = {f: j for j, f in enumerate(frames)}
    thresholds = [f.threshold - 1e-9 for f in cb.frames]
    indicators = matcher.indicators
    presence = np.zeros((len(values), len(frames)), dtype=bool)
    # a sentence table's rows are sentences already; other texts are split first
    sentences: list[str] = values
    owner: list[int] | None = None
    if not (isinstance(texts, pd.DataFrame) and "sent_id" in texts.columns):
        sentences, owner = [], []
        for i, text in enumerate(values):
            for s, e in split_sentences(text):
                sentences.append(text[s:e])
                owner.append(i)
    show = bool(progress or (progress is None and len(values) > _PROGRESS_FROM))
    for k, matches in _scan(matcher, sentences, show, "sentence"):
        weights = [0.0] * len(frames)
        seen: set[int] = set()
        for ref, _, _, _, negated in matches:
            if not negated and ref not in seen:
                seen.add(ref)
                weights[column[indicators[ref].frame]] += indicators[ref].weight
        i = k if owner is None else owner[k]
        for j, w in enumerate(weights):
            if w >= thresholds[j]:
                presence[i, j] = True
    out = pd.DataFrame(presence, index=pd.RangeIndex(len(values)), columns=frames)
    out.index = index.astype("string") if index.name == "doc_id" else index
    out.attrs.update(cb.provenance())
    return out
