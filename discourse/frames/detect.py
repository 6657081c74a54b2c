"""The matching engine: frames in texts, with a match-by-match audit trail.

In: a sentence table (or a corpus table, or texts). Out: the match table, one row per
indicator match (:func:`find_frames`), or one boolean column per frame (:func:`detect_frames`).

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

Tokens are runs of word characters (``\\w+``), the tokenizer :mod:`~discourse.frames.score`
counts with. White space does not matter: a tab, a line break, a no-break space or a run of
spaces inside a sentence matches as one space (offsets still index the original text). Every
step looks only at hits near the one it checks, so the time grows linearly with a sentence's
length; a sentence longer than ``MAX_UNIT`` (20,000) characters, text without
punctuation, is matched in pieces cut at white space (:func:`unit_pieces`).
Detection is a function of each sentence's own words: plain strings are split into sentences
first (a light rule-based splitter, :func:`split_sentences`); a corpus table (``doc_id, text``)
is segmented with :func:`discourse.segment` first, which gives offsets into the document and
each sentence's voice and speaker.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from operator import add
from typing import Any

import ahocorasick
import numpy as np
import pandas as pd

from .._regex import compile_regex
from .._schema import conform
from ..corpus._input import as_corpus, list_ids, series_ids
from ..corpus._sentences import not_one_sentence, split_sentences
from ..corpus.paths import could_stream
from ..errors import CodebookError, InputError
from .codebook import Codebook, Indicator, normalise_pattern, resolve_codebook
from .encoder import FrameEncoder, load_encoder
from .model import METHODS, FrameModel, load_model

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
MAX_UNIT = 20_000  # characters; a longer sentence is matched in pieces (see unit_pieces)

# roles of automaton entries
IND, CUE, TGT, EXC, NEG, PSEUDO = range(6)
# what a key can start, as bits: a sentence needs a phrase, or a cue and an actor, to match;
# an odd space (see ODD_SPACES) sends the sentence to the per-sentence path, which squeezes it
_HAS_PHRASE, _HAS_CUE, _HAS_ACTOR, _HAS_ODD_SPACE = 1, 2, 4, 8
_CUE_AND_ACTOR = _HAS_CUE | _HAS_ACTOR
# for each combination of those bits, whether a sentence's hits need a closer look
_WORTH_A_LOOK = tuple(
    bool(f & (_HAS_PHRASE | _HAS_ODD_SPACE)) or f & _CUE_AND_ACTOR == _CUE_AND_ACTOR
    for f in range(16)
)
# The white space that is not one plain space: every character ``str.isspace`` accepts (and
# ``\s`` matches) except the space, plus a run of two spaces. The automaton carries them as
# keys, so one scan finds both the codebook's keys and the sentences to squeeze
# (tests/test_detect.py checks this list against ``str.isspace`` over all of Unicode).
ODD_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)


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
            (i, compile_regex(p, case_sensitive=ind.case_sensitive))
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
        self.n_keys = len(keys)
        for space in (*ODD_SPACES, "  "):
            automaton.add_word(space, (len(space), (), (), False, _HAS_ODD_SPACE))
        automaton.make_automaton()
        self.automaton: ahocorasick.Automaton | None = automaton if keys else None
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
        """Resolved matches of one sentence: ``(indicator, start, end, target, negated)``.

        A sentence longer than ``MAX_UNIT`` characters (text without punctuation: speech
        recognition output, scraped pages) is matched in consecutive pieces cut at white space,
        each at most ``MAX_UNIT`` long; offsets stay offsets into the sentence.
        """
        squeezed, back = _squeeze(text)
        if back is not None:
            return _unsqueeze(self.match(squeezed), back)
        if len(text) <= MAX_UNIT:
            return self._match_unit(text)
        out: list[_Match] = []
        for s, e in unit_pieces(text):
            out.extend((i, a + s, b + s, t, n) for i, a, b, t, n in self._match_unit(text[s:e]))
        return out

    def _match_unit(self, text: str) -> list[_Match]:
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
        key contains, so no key spans two sentences). Only sentences with a phrase hit, or a
        cue hit and an actor hit, go on to the rule bookkeeping; a sentence with odd white
        space (a hit of an ``ODD_SPACES`` key) is matched alone by :meth:`match`, which
        squeezes it first.
        """
        automaton = self.automaton
        if not texts:
            return []
        if automaton is None or self.regex or max(map(len, texts)) > MAX_UNIT:
            # regular expressions look at every sentence; very long ones are cut in pieces
            return [(i, found) for i, t in enumerate(texts) if (found := self.match(t))]
        joined = " " + " \0 ".join(texts) + " "
        low = joined.lower()
        if len(low) != len(joined):  # a character lower-cases to two: per sentence instead
            low = " " + " \0 ".join(_lower(t) for t in texts) + " "
        # the padded form of sentence k (what :meth:`match` scans) ends at last[k] inclusive
        # in the joined text and starts at last[k] - len(texts[k]) - 1
        last = list(accumulate(map(add, map(len, texts), repeat(3)), initial=-2))[1:]
        out: list[tuple[int, list[_Match]]] = []

        worth = _WORTH_A_LOOK

        def close(k: int, raw: list[tuple[int, Any]], flags: int) -> None:
            if flags & _HAS_ODD_SPACE:
                found = self.match(texts[k])
            else:
                found = self._finish(texts[k], raw, last[k] - len(texts[k]) - 1)
            if found:
                out.append((k, found))

        k = 0
        limit = last[0]
        raw: list[tuple[int, Any]] = []
        flags = 0
        for hit in automaton.iter(low):
            if hit[0] > limit:
                if worth[flags]:
                    close(k, raw, flags)
                k = bisect_left(last, hit[0], k + 1)
                limit = last[k]
                raw = []
                flags = 0
            raw.append(hit)
            flags |= hit[1][4]
        if worth[flags]:
            close(k, raw, flags)
        return out

    def _finish(self, text: str, raw: list[tuple[int, Any]], shift: int) -> list[_Match]:
        """Matches of a sentence from its raw automaton hits (end offsets minus ``shift``)."""
        inds, targets, excl, negs, pseudo = _checked(text, raw, shift)
        for i, rx in self.regex:
            for m in rx.finditer(text):
                if m.end() > m.start():
                    inds.append((m.start(), m.end(), IND, i))
        if not inds:
            return []
        return self._resolve(text, inds, targets, excl, negs, pseudo)

    def _resolve(
        self,
        text: str,
        inds: list[_Hit],
        targets: list[_Hit],
        excl: list[_Hit],
        negs: list[_Hit],
        pseudo: list[_Hit],
    ) -> list[_Match]:
        """Apply exclusions, proximity, longest-match and negation to a sentence's hits.

        The hits come sorted by role (:func:`_checked`): indicator phrases and cues, actors,
        exclusions, negation cues, pseudo-negations. Every step looks only at hits near the
        one it checks (found by bisection over hits sorted by offset, and over the sentence's
        token offsets), so the cost grows with the number of hits, not with their product: a
        sentence of a megabyte without punctuation is resolved in linear time.
        """
        frame_of = self.frame_of

        if excl:
            spans = _Spans(excl)

            def excluded(h: _Hit, frame: str | None) -> bool:
                for x in spans.overlapping(h[0], h[1]):
                    scope = self.exclusion_frames[x[3]]
                    if scope is None or (frame is not None and frame in scope):
                        return True
                return False

            inds = [h for h in inds if not excluded(h, frame_of[h[3]])]
            targets = [h for h in targets if not excluded(h, None)]
        if not inds:
            return []
        tokens: _Tokens | None = None
        resolved: list[tuple[_Hit, str | None]] = []
        by_start: list[tuple[int, int]] = []  # (start, index in targets), sorted
        by_end: list[tuple[int, int]] = []  # (end, index in targets), sorted
        present = {self.actors[t[3]][0] for t in targets}  # the gazetteers with an actor here
        for h in inds:
            if h[2] == IND:
                resolved.append((h, None))
                continue
            ind = self.indicators[h[3]]
            if ind.near not in present:
                continue
            if tokens is None:
                tokens = _Tokens(text)
                by_start = sorted((t[0], j) for j, t in enumerate(targets))
                by_end = sorted((t[1], j) for j, t in enumerate(targets))
            window = ind.window or 0
            best: tuple[int, int] | None = None
            # actors after the cue: the distance grows with the actor's start
            base = tokens.starting_before(h[1])
            for k in range(bisect_left(by_start, (h[1], -1)), len(by_start)):
                t_start, j = by_start[k]
                dist = tokens.ending_by(t_start) - base + 1
                if dist > window:
                    break
                if self.actors[targets[j][3]][0] != ind.near:
                    continue
                if tokens.breaks(h[1], t_start, _STRONG_BREAKS):
                    continue
                if best is None or (dist, j) < best:
                    best = (dist, j)
            # actors before the cue: the distance grows as the actor's end moves back
            top = tokens.ending_by(h[0]) + 1
            for k in range(bisect_right(by_end, (h[0], len(targets))) - 1, -1, -1):
                t_end, j = by_end[k]
                dist = top - tokens.starting_before(t_end)
                if dist > window:
                    break
                if self.actors[targets[j][3]][0] != ind.near:
                    continue
                if tokens.breaks(t_end, h[0], _STRONG_BREAKS):
                    continue
                if best is None or (dist, j) < best:
                    best = (dist, j)
            if best is not None:
                resolved.append((h, self.actors[targets[best[1]][3]][1]))
        if not resolved:
            return []
        resolved = _longest_per_frame(resolved, frame_of)
        if pseudo and negs:
            covers = _Spans(pseudo)
            negs = [n for n in negs if not covers.covering(n[0], n[1])]
        out: list[_Match] = []
        if negs:
            if tokens is None:
                tokens = _Tokens(text)
            neg_ends = sorted((n[1], n[0]) for n in negs)
        for h, target in resolved:
            negated = False
            if negs:
                assert tokens is not None
                top = tokens.ending_by(h[0]) + 1
                for k in range(bisect_right(neg_ends, (h[0], h[0])) - 1, -1, -1):
                    n_end = neg_ends[k][0]
                    if top - tokens.starting_before(n_end) > self.neg_window:
                        break
                    if not tokens.breaks(n_end, h[0], self.neg_breaks) and not _has_clause_word(
                        text, n_end, h[0], self.clause_words
                    ):
                        negated = True
                        break
            out.append((h[3], h[0], h[1], target, negated))
        return out


_ODD_SPACE = re.compile("[" + re.escape(ODD_SPACES) + "]| {2}")
_SPACE_RUN = re.compile(r"\s+")


def _squeeze(text: str) -> tuple[str, list[int] | None]:
    """``text`` with every run of white space made one space, and where its characters were.

    Returns ``(text, None)`` when there is nothing to change (no tab, line break, no-break or
    other special space, and no run of spaces); else the squeezed text and, for each of its
    characters and one past the end, the offset in ``text`` it came from.
    """
    if " ".join(text.split()) == text or _ODD_SPACE.search(text) is None:
        return text, None
    parts: list[str] = []
    back: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(text):
        s, e = m.span()
        parts.append(text[pos:s])
        back.extend(range(pos, s))
        parts.append(" ")
        back.append(s)
        pos = e
    parts.append(text[pos:])
    back.extend(range(pos, len(text)))
    back.append(len(text))
    return "".join(parts), back


def _unsqueeze(found: list[_Match], back: list[int]) -> list[_Match]:
    """Matches of a squeezed text with offsets into the original (see :func:`_squeeze`)."""
    return [(i, back[a], back[b - 1] + 1 if b > a else back[a], t, n) for i, a, b, t, n in found]


def _checked(
    text: str, raw: list[tuple[int, Any]], shift: int
) -> tuple[list[_Hit], list[_Hit], list[_Hit], list[_Hit], list[_Hit]]:
    """Boundary- and case-checked hits from the automaton's raw output, sorted by role.

    Returns the indicator phrases and cues, actors, exclusions, negation cues and
    pseudo-negations, each in scan order. ``shift`` is where the sentence's padded form
    starts in the scanned string (0 when the sentence was scanned alone).
    """
    n = len(text)
    inds: list[_Hit] = []
    targets: list[_Hit] = []
    excl: list[_Hit] = []
    negs: list[_Hit] = []
    pseudo: list[_Hit] = []
    by_role = (inds, inds, targets, excl, negs, pseudo)  # IND, CUE, TGT, EXC, NEG, PSEUDO
    word = _WORD_CHAR.match
    for end_p, value in raw:
        end_p -= shift
        key_start = end_p - value[0]  # index in `text` of the key's first character
        for entries in (value[1], value[2]):
            for role, ref, prefix, exact, left, right in entries:
                s = key_start + left
                t = end_p - right  # exclusive end in `text`
                if not left and s > 0 and word(text, s - 1) and word(text, s):
                    continue
                if prefix:
                    m = _WORD_TAIL.match(text, t)
                    t = m.end() if m else t
                elif not right and t < n and word(text, t) and word(text, t - 1):
                    continue
                if exact is not None and not _same_words(text[s:t], exact, prefix):
                    continue
                by_role[role].append((s, t, role, ref))
    return inds, targets, excl, negs, pseudo


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


class _Tokens:
    """The token offsets of one sentence, for token distances and boundary checks by bisection."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [m.span() for m in TOKEN_RE.finditer(text)]
        self.starts: list[int] = [start for start, _ in spans]
        self.ends: list[int] = [end for _, end in spans]
        self._break_at: dict[frozenset[str] | str, list[int]] = {}

    def starting_before(self, pos: int) -> int:
        """How many tokens start before ``pos``."""
        return bisect_left(self.starts, pos)

    def ending_by(self, pos: int) -> int:
        """How many tokens end at or before ``pos``."""
        return bisect_right(self.ends, pos)

    def distance(self, a: int, b: int) -> int:
        """The token distance :func:`_distance` defines (``a <= b``), in logarithmic time."""
        return self.ending_by(b) - self.starting_before(a) + 1

    def breaks(self, a: int, b: int, chars: frozenset[str] | str) -> bool:
        """Whether one of ``chars`` occurs in ``text[a:b]``."""
        where = self._break_at.get(chars)
        if where is None:
            key = "".join(sorted(chars))
            where = [m.start() for m in _char_class(key).finditer(self.text)] if key else []
            self._break_at[chars] = where
        i = bisect_left(where, a)
        return i < len(where) and where[i] < b


_CHAR_CLASSES: dict[str, re.Pattern[str]] = {}


def _char_class(chars: str) -> re.Pattern[str]:
    pattern = _CHAR_CLASSES.get(chars)
    if pattern is None:
        pattern = re.compile("[" + "".join(re.escape(c) for c in chars) + "]")
        _CHAR_CLASSES[chars] = pattern
    return pattern


class _Spans:
    """Hits sorted by start, to find those overlapping or covering a span by bisection."""

    def __init__(self, hits: list[_Hit]) -> None:
        self.hits = sorted(hits)
        self.starts = [h[0] for h in self.hits]
        self.longest = max((h[1] - h[0] for h in self.hits), default=0)

    def overlapping(self, s: int, e: int) -> Iterator[_Hit]:
        """The hits ``x`` with ``x.start < e`` and ``s < x.end``."""
        lo = bisect_right(self.starts, s - self.longest)
        for k in range(lo, bisect_left(self.starts, e)):
            if self.hits[k][1] > s:
                yield self.hits[k]

    def covering(self, s: int, e: int) -> bool:
        """Whether a hit ``x`` has ``x.start <= s`` and ``e <= x.end``."""
        lo = bisect_left(self.starts, s - self.longest)
        return any(self.hits[k][1] >= e for k in range(lo, bisect_right(self.starts, s)))


def _same_words(span: str, exact: str, prefix: bool) -> bool:
    words = " ".join(TOKEN_RE.findall(span))
    return words.startswith(exact) if prefix else words == exact


def _has_clause_word(text: str, a: int, b: int, words: frozenset[str]) -> bool:
    """Whether a token of ``text[a:b]`` (lower-cased) is one of ``words``."""
    return bool(words) and any(w in words for w in TOKEN_RE.findall(text[a:b].lower()))


def _longest_per_frame(
    resolved: list[tuple[_Hit, str | None]], frame_of: list[str]
) -> list[tuple[_Hit, str | None]]:
    """Drop matches nested in (or identical to) a longer or preferred match of the same frame.

    Of identical spans, a proximity match (with its target) is preferred, then codebook order.
    One sweep per frame over the spans sorted by start (longest first at equal starts): a span
    is nested in an earlier one exactly when an earlier span reaches as far.
    """
    if len(resolved) == 1:
        return resolved
    order = sorted(
        range(len(resolved)),
        key=lambda k: (
            frame_of[resolved[k][0][3]],
            resolved[k][0][0],  # by start
            -resolved[k][0][1],  # longest first
            resolved[k][1] is None,  # a proximity match (with its target) first
            resolved[k][0][3],  # then codebook order
        ),
    )
    kept: list[int] = []
    frame: str | None = None
    reach = -1
    for k in order:
        s, e, _, ref = resolved[k][0]
        if frame_of[ref] != frame:
            frame, reach = frame_of[ref], -1
        if e <= reach:
            continue
        reach = e
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


def unit_pieces(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` cutting ``text`` into pieces of at most ``limit`` characters.

    The rule for sentences too long to be sentences (``limit`` defaults to ``MAX_UNIT``, 20,000
    characters): each piece ends at the last white space within the limit (a piece without
    white space is cut at the limit). Matching, proximity and negation then work within a piece.

    Examples
    --------
    >>> unit_pieces("aaa bbb ccc", limit=8)
    [(0, 8), (8, 11)]
    """
    size = MAX_UNIT if limit is None else limit
    if size < 1:
        raise InputError(f"limit must be a positive number of characters, not {limit!r}")
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    while n - start > size:
        cut = start + size
        space = max(text.rfind(c, start + 1, cut) for c in " \n\t")
        end = space + 1 if space > start else cut
        spans.append((start, end))
        start = end
    spans.append((start, n))
    return spans


# --------------------------------------------------------------------------- inputs


def _check_text(value: Any, where: str) -> str:
    if isinstance(value, str):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        raise InputError(f"{where} is missing (None/NaN); give a string (use '' for no text)")
    raise InputError(f"{where} is a {type(value).__name__}, not a string")


def _texts(texts: Any, name: str) -> tuple[list[str], pd.Index]:
    """The texts of ``texts`` and their index: ``doc_id`` by the package's one scheme
    (:mod:`discourse.corpus._input`), or a sentence table's own index (one row per sentence)."""
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
        return values, pd.Index(ids, dtype=object, name="doc_id")  # strings, checked above
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
        from ..corpus.segment import segment  # a corpus table is segmented as segment() does it

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
    method: str = "codebook",
    model: FrameModel | FrameEncoder | str | None = None,
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
        shares; texts are split with :func:`split_sentences`). An iterator of document dicts, a
        folder of ``.txt`` files or a Parquet dataset (a ``Path``; a string is always a text) is
        segmented and searched a chunk at a time
        (:func:`discourse.corpus.documents.iter_documents`).
    codebook
        A :class:`~discourse.frames.codebook.Codebook`, a path to one, or ``None`` for the default.
    method
        ``"codebook"`` (default): the codebook's matches only. ``"classifier"``, ``"hybrid"`` or
        ``"encoder"``: the same audit trail plus the learned layer or the encoder (as in
        :func:`detect_frames`): a ``probability`` column (the model's probability of the
        match's frame for its sentence; NA for frames the model does not learn), and one row
        with ``indicator`` ``"model"`` (``matched`` the whole sentence, ``weight`` NA) for each
        sentence and frame the model predicts without a non-negated codebook match of that
        frame. Codebook rows of frames the model rejects stay, with their low probability.
    model
        The learned model for those methods: a :class:`~discourse.frames.model.FrameModel`, a
        :class:`~discourse.frames.encoder.FrameEncoder` or a path (``None``: the shipped one).
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
    chosen, frame_model = _method(method, model, cb, False)
    if could_stream(sentences_or_texts):  # the chunked reader only when it may be needed
        from ..corpus.documents import iter_documents, stream_dispatch
        from ..corpus.segment import segment

        streamed, sentences_or_texts = stream_dispatch(sentences_or_texts)
        if streamed:  # documents from an iterator, a folder or Parquet: segmented by chunk
            chunks = iter_documents(sentences_or_texts, progress=progress is not False)
            return combine_matches(
                [
                    find_frames(segment(d, progress=False), cb, method=chosen, model=frame_model)
                    for d in chunks
                ]
            )
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
    probability = None
    if frame_model is not None:
        probability = _unit_probabilities(frame_model, chosen, cb, texts, position, found, progress)
        position, found = _with_model_rows(frame_model, cb, texts, position, found, probability)
    offset = units.column("start", position)
    start = [o + m[1] for o, m in zip(offset, found, strict=True)]
    doc_id = units.column("doc_id", position)
    ind_id = [indicators[m[0]].id if m[0] >= 0 else "model" for m in found]
    # a table's matches in doc_id order; plain texts' in input order (doc-2 before doc-10)
    doc_key: list[Any] = doc_id if units.table is not None else [units.doc_pos[p] for p in position]
    order = sorted(range(len(found)), key=lambda j: (doc_key[j], start[j], ind_id[j]))
    position = [position[j] for j in order]
    found = [found[j] for j in order]
    inds = [indicators[m[0]] if m[0] >= 0 else _model_indicator(m[0], cb) for m in found]
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
        "weight": [ind.weight if ind.id != "model" else np.nan for ind in inds],
    }
    columns = MATCH_COLUMNS[:2] + units.extra_names + MATCH_COLUMNS[2:]
    if probability is not None and frame_model is not None:
        learned = {f: j for j, f in enumerate(frame_model.frames)}
        values["probability"] = [
            float(probability[p, learned[ind.frame]]) if ind.frame in learned else np.nan
            for p, ind in zip(position, inds, strict=True)
        ]
        columns = [*columns, "probability"]
    df = pd.DataFrame(
        {
            name: pd.array(values[name], dtype=_DTYPES[name]) if name in _DTYPES else values[name]
            for name in columns
        }
    )
    df.attrs.update(cb.provenance())
    out = conform(df)
    out.attrs.update(df.attrs)
    out.attrs["method"] = chosen
    if frame_model is not None:
        out.attrs.update(frame_model.provenance())
    return out


def _unit_probabilities(
    frame_model: FrameModel | FrameEncoder,
    method: str,
    cb: Codebook,
    texts: list[str],
    position: list[int],
    found: list[_Match],
    progress: bool | None = None,
) -> np.ndarray:
    """The learned layer's probabilities per scanned unit, from the scan's matches."""
    rows = np.asarray(position, dtype=np.int64)
    cols = np.asarray([-1 - m[0] if m[4] else m[0] for m in found], dtype=np.int64)
    presence = _presence(rows, cols, len(texts), cb)
    return _model_probabilities(frame_model, method, cb, texts, rows, cols, presence, progress)


def _with_model_rows(
    frame_model: FrameModel | FrameEncoder,
    cb: Codebook,
    texts: list[str],
    position: list[int],
    found: list[_Match],
    probability: np.ndarray,
) -> tuple[list[int], list[_Match]]:
    """Add a ``model`` row for each unit and frame the model predicts with no codebook match.

    A model row is encoded as a match of the pseudo-indicator ``-1 - k`` (``k`` the frame's
    position in the codebook) spanning the whole unit.
    """
    live = {
        (p, cb.indicators[m[0]].frame) for p, m in zip(position, found, strict=True) if not m[4]
    }
    cut = np.asarray(frame_model.thresholds)
    position, found = list(position), list(found)
    for j, frame in enumerate(frame_model.frames):
        k = cb.frame_ids.index(frame)
        for p in np.flatnonzero(probability[:, j] >= cut[j]):
            if (int(p), frame) not in live:
                position.append(int(p))
                found.append((-1 - k, 0, len(texts[p]), None, False))
    return position, found


def _model_indicator(code: int, cb: Codebook) -> Indicator:
    """The pseudo-indicator of a ``model`` row (``code`` is ``-1 - frame position``)."""
    frame = cb.frame_ids[-1 - code]
    return Indicator(
        id="model", frame=frame, subframe=None, kind="model", patterns=(), weight=float("nan")
    )


def combine_matches(parts: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-chunk match tables in :func:`discourse.find_frames`'s order.

    ``find_frames`` orders rows by ``doc_id, start, indicator`` (stable); rows that tie on
    those keys belong to one document, hence one chunk, so a stable sort of the concatenation
    is the whole-corpus order whatever the chunking or the documents' order.
    """
    from ..corpus.documents import concat_tables

    parts = list(parts)
    out = concat_tables(parts).sort_values(
        ["doc_id", "start", "indicator"], kind="stable", ignore_index=True
    )
    if parts:
        out.attrs.update(parts[0].attrs)
    return out


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
    texts: Any,
    codebook: Codebook | str | None = None,
    *,
    method: str | None = None,
    model: FrameModel | FrameEncoder | str | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Which frames each text shows.

    A frame is present in a text when at least one of its sentences shows it. How a sentence is
    decided depends on ``method``:

    ``"codebook"``
        The codebook's rule: the summed weight of the distinct indicators with a non-negated
        match in the sentence reaches the frame's threshold (default threshold 1, so one
        full-weight indicator suffices; a half-weight indicator needs a second, different
        indicator in the same sentence).
    ``"classifier"``
        The shipped learned layer (:mod:`discourse.frames.model`): logistic regression over the
        codebook's indicators and the sentence's words; the frame is present when its
        probability reaches the model's threshold.
    ``"hybrid"``
        The same model, applied only to candidate sentences (a codebook indicator matched, or a
        broad cue word); other sentences show no frame.
    ``"encoder"``
        A fine-tuned small transformer (:mod:`discourse.frames.encoder`, run with ONNX Runtime)
        on the same candidate sentences; :func:`discourse.explain_frames` shows the coded
        training units nearest to a sentence.

    Parameters
    ----------
    texts
        A string, a sequence or Series of strings, or a DataFrame with a ``text`` column (a
        sentence table gives one row per sentence, each taken as one sentence; other texts are
        split into sentences first). Empty strings give all-False rows.
    codebook
        A :class:`~discourse.frames.codebook.Codebook`, a path, or ``None`` for the default.
    method
        ``"codebook"``, ``"classifier"``, ``"hybrid"`` or ``"encoder"``. ``None`` (default):
        the method the shipped model records as best in cross-validation grouped by speaker on
        the training units (:func:`default_method`) with the default codebook; ``"codebook"``
        with any other.
    model
        A :class:`~discourse.frames.model.FrameModel` (classifier, hybrid), a
        :class:`~discourse.frames.encoder.FrameEncoder` (encoder) or the path of one (``None``:
        the one that ships with the package). Only the learned methods use it.
    progress
        Show a progress bar over the texts (``None``: only for more than 50,000).

    Returns
    -------
    pandas.DataFrame
        One row per input text, in input order, indexed by ``doc_id`` (a list's texts
        ``doc-0``, ``doc-1``, ...; a Series' own index; a corpus table's ``doc_id``; a sentence
        table or other DataFrame keeps its index), one boolean column per frame id in codebook
        order. ``attrs`` records the codebook and the method, and for a learned method the
        model's version and hash and ``attrs["probability"]``: per text and learned frame, the
        highest probability of its sentences.

    Raises
    ------
    InputError
        A text is not a string (None, NaN, a number): the message names its position; an
        unknown ``method``.
    CodebookError
        A learned method with a codebook other than the one the model was trained with.
    ChecksumError
        The model file differs from its pinned sha256.

    Examples
    --------
    >>> texts = ["We defend traditional values.", "The West imposes its will.", ""]
    >>> df = detect_frames(texts, method="codebook")
    >>> df[["traditional_values", "anti_western"]]
            traditional_values  anti_western
    doc_id
    doc-0                 True         False
    doc-1                False          True
    doc-2                False         False
    """
    cb = resolve_codebook(codebook)
    chosen, frame_model = _method(method, model, cb, codebook is None)
    values, index = _texts(texts, "texts")
    matcher = compiled(cb)
    frames = cb.frame_ids
    # a sentence table's rows are sentences already; other texts are split first
    sentences: list[str] = values
    owner: list[int] | None = None
    if not (isinstance(texts, pd.DataFrame) and "sent_id" in texts.columns):
        multi = not_one_sentence(values)  # a text that is one sentence is not split again
        if multi:
            sentences, owner = [], []
            prev = 0
            for i in multi:
                sentences.extend(values[prev:i])
                owner.extend(range(prev, i))
                text = values[i]
                for s, e in split_sentences(text):
                    sentences.append(text[s:e])
                    owner.append(i)
                prev = i + 1
            sentences.extend(values[prev:])
            owner.extend(range(prev, len(values)))
    show = bool(progress or (progress is None and len(values) > _PROGRESS_FROM))
    n_sent = len(sentences)
    rows, cols = _hits(matcher, sentences, show)
    sent_presence = _presence(rows, cols, n_sent, cb)
    where = np.arange(n_sent) if owner is None else np.asarray(owner, dtype=np.int64)
    presence = np.zeros((len(values), len(frames)), dtype=bool)
    np.logical_or.at(presence, where, sent_presence)  # a text shows what one sentence shows
    probability = None
    if frame_model is not None:
        sent_prob = _model_probabilities(
            frame_model, chosen, cb, sentences, rows, cols, sent_presence, progress
        )
        learned_frames = list(frame_model.frames)
        per_text = np.zeros((len(values), len(learned_frames)))
        np.maximum.at(per_text, where, sent_prob)
        cut = np.asarray(frame_model.thresholds, dtype=np.float64)
        for j, frame in enumerate(learned_frames):  # the model decides the frames it learned
            presence[:, frames.index(frame)] = per_text[:, j] >= cut[j]
        probability = pd.DataFrame(per_text, columns=learned_frames)
        probability.index = index
    out = pd.DataFrame(presence, index=pd.RangeIndex(len(values)), columns=frames)
    out.index = index.astype("string") if index.name == "doc_id" else index
    out.attrs.update(cb.provenance())
    out.attrs["method"] = chosen
    if frame_model is not None:
        out.attrs.update(frame_model.provenance())
        out.attrs["probability"] = probability
    return out


def indicator_matrix(
    sentences: Sequence[str], codebook: Codebook | str | None = None
) -> tuple[Any, np.ndarray]:
    """The codebook's features of each sentence, taken as one sentence each (no splitting).

    Returns ``(counts, presence)``: a SciPy CSR matrix ``(n, n_indicators)`` of non-negated
    match counts, columns in codebook indicator order, and a boolean array ``(n, n_frames)`` of
    the codebook's own frame decisions. The learned layer's features start from these.
    """
    import scipy.sparse as sp

    cb = resolve_codebook(codebook)
    texts = [_check_text(t, f"sentences[{i}]") for i, t in enumerate(sentences)]
    rows, cols = _hits(compiled(cb), texts, False)
    live = cols >= 0
    counts = sp.csr_matrix(
        (np.ones(int(live.sum())), (rows[live], cols[live])), shape=(len(texts), len(cb.indicators))
    )
    return counts, _presence(rows, cols, len(texts), cb)


def _hits(matcher: _Matcher, sentences: list[str], show: bool) -> tuple[np.ndarray, np.ndarray]:
    """Every match of the scan as ``(sentence, indicator)``; a negated one as ``-1 - indicator``."""
    rows: list[int] = []
    cols: list[int] = []
    for k, matches in _scan(matcher, sentences, show, "sentence"):
        for ref, _, _, _, negated in matches:
            rows.append(k)
            cols.append(-1 - ref if negated else ref)
    return np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)


def _presence(rows: np.ndarray, cols: np.ndarray, n: int, cb: Codebook) -> np.ndarray:
    """The codebook's rule per sentence, ``(n, n_frames)``: the weights of the distinct
    indicators with a non-negated match (``cols >= 0``) reach the frame's threshold."""
    frame_of = np.array([cb.frame_ids.index(ind.frame) for ind in cb.indicators], dtype=np.int64)
    weight = np.array([ind.weight for ind in cb.indicators], dtype=np.float64)
    live = cols >= 0
    sums = np.zeros((n, len(cb.frame_ids)))
    if live.any():
        sentence, indicator = np.unique(np.stack([rows[live], cols[live]]), axis=1)
        np.add.at(sums, (sentence, frame_of[indicator]), weight[indicator])
    thresholds = np.array([f.threshold for f in cb.frames], dtype=np.float64)
    return sums >= thresholds - 1e-9


def candidates(sentences: Sequence[str], codebook: Codebook | str | None = None) -> np.ndarray:
    """The prefilter of the ``hybrid`` and ``encoder`` methods, per sentence (no splitting).

    A sentence is a candidate when any codebook indicator matches it (negated or not) or it
    holds a broad cue word of the shipped model's ``candidate_pattern``; only candidates are
    given to the learned layer or the encoder, other sentences show no frame.

    Examples
    --------
    >>> candidates(["The West imposes its will.", "The weather was fine."]).tolist()
    [True, False]
    """
    cb = resolve_codebook(codebook)
    texts = [_check_text(t, f"sentences[{i}]") for i, t in enumerate(sentences)]
    rows, _ = _hits(compiled(cb), texts, False)
    matched = np.zeros(len(texts), dtype=bool)
    matched[rows] = True
    return load_model().is_candidate(texts, matched)


DEFAULT_METHOD_FALLBACK = "codebook"


def default_method() -> str:
    """The default ``method`` of :func:`detect_frames`: the shipped model's ``default_method``.

    Chosen when the model was trained, by cross-validation grouped by country on the training
    units (never by the held-out batch); ``"codebook"`` when no model ships.
    """
    try:
        return load_model().default_method
    except InputError:
        return DEFAULT_METHOD_FALLBACK


def _method(
    method: str | None,
    model: FrameModel | FrameEncoder | str | None,
    cb: Codebook,
    default_codebook: bool,
) -> tuple[str, FrameModel | FrameEncoder | None]:
    """The method to run and, for a learned one, the verified model (read once)."""
    frame_model = model if isinstance(model, FrameModel) else None
    path = None if isinstance(model, FrameModel | FrameEncoder) else model
    if method is None and not default_codebook:
        method = "codebook"
    elif method is None:
        try:
            frame_model = frame_model or load_model(path)
        except InputError:  # no model ships: the codebook decides
            return DEFAULT_METHOD_FALLBACK, None
        method = frame_model.default_method
        if method == "encoder":
            path = None
    if method not in METHODS:
        raise InputError(f"method must be one of {', '.join(map(repr, METHODS))}, not {method!r}")
    if method == "codebook":
        return method, None
    if method == "encoder":
        encoder = model if isinstance(model, FrameEncoder) else load_encoder(path)
        unknown = sorted(set(encoder.frames) - set(cb.frame_ids))
        if unknown:
            raise CodebookError(f"the encoder's frames {unknown} are not in the codebook")
        return method, encoder
    if isinstance(model, FrameEncoder):
        raise InputError(f"method={method!r} needs a FrameModel, not a FrameEncoder")
    frame_model = frame_model or load_model(path)
    frame_model.check_codebook(cb.version, cb.hash)
    unknown = sorted(set(frame_model.frames) - set(cb.frame_ids))
    if unknown or list(frame_model.indicators) != [ind.id for ind in cb.indicators]:
        raise CodebookError(
            "the model's frames and indicators are not the codebook's (frames it lacks: "
            f"{unknown}); retrain the model with this codebook"
        )
    return method, frame_model


def _model_probabilities(
    frame_model: FrameModel | FrameEncoder,
    method: str,
    cb: Codebook,
    sentences: list[str],
    rows: np.ndarray,
    cols: np.ndarray,
    presence: np.ndarray,
    progress: bool | None = None,
) -> np.ndarray:
    """Per-sentence probabilities of a learned method (0 outside the hybrid's candidates).

    ``rows, cols`` are the scan's matches (:func:`_hits`), ``presence`` the codebook's rule
    per sentence (:func:`_presence`); the model's indicators are the codebook's, in its order
    (:func:`_method` checks it).
    """
    n = len(sentences)
    out = np.zeros((n, len(frame_model.frames)))
    r, c = rows, cols
    if isinstance(frame_model, FrameEncoder):  # the encoder sees the prefilter's candidates
        matched = np.zeros(n, dtype=bool)
        matched[r] = True
        idx = np.flatnonzero(frame_model.is_candidate(sentences, matched))
        if len(idx):
            picked = [sentences[i] for i in idx]
            out[idx] = frame_model.predict_proba(picked, progress=progress)
        return out
    chosen = np.ones(n, dtype=bool)
    if method == "hybrid":
        matched = np.zeros(n, dtype=bool)
        matched[r] = True  # any indicator matched, negated or not
        chosen = frame_model.is_candidate(sentences, matched)
    idx = np.flatnonzero(chosen)
    if len(idx):  # scipy only when the model has sentences to score
        import scipy.sparse as sp

        live = c >= 0
        width = len(frame_model.indicators)
        counts = sp.csr_matrix((np.ones(int(live.sum())), (r[live], c[live])), shape=(n, width))
        presence = presence[:, [cb.frame_ids.index(f) for f in frame_model.frames]]
        picked = [sentences[i] for i in idx]
        features = frame_model.features(picked, counts[idx], presence[idx])
        out[idx] = frame_model.predict_proba(features)
    return out
