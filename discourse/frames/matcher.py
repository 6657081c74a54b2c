"""The matcher: a codebook compiled into one automaton and its rules, applied to sentences.

In: a codebook and sentences (strings). Out: each sentence's resolved matches, as
:class:`Match` records ``(indicator, start, end, target, negated)`` with offsets into the
sentence (:meth:`Matcher.match`, :meth:`Matcher.match_batch`, :func:`scan`, :func:`hits`).
The public :func:`discourse.find_frames` and :func:`discourse.detect_frames`
(:mod:`discourse.frames.detect`) are built on it.

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
spaces inside a sentence matches as one space (offsets still index the original text). Text
and patterns are folded alike (:func:`_fold`, :func:`fold_pattern`): NFC, invisible
characters (soft hyphen, zero-width joiners, word joiner, byte-order mark) dropped, a
zero-width space made white space, the dotted capital ``İ`` lower-cased to ``i``; a sentence
needing it (never an ASCII one) is matched alone and its offsets mapped back. Every
step looks only at hits near the one it checks, so the time grows linearly with a sentence's
length; a sentence longer than ``MAX_UNIT`` (20,000) characters, text without
punctuation, is matched in pieces cut at white space (:func:`unit_pieces`).
Detection is a function of each sentence's own words.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate, repeat
from operator import add
from typing import Any, NamedTuple

import ahocorasick
import numpy as np

from .._regex import compile_regex
from ..errors import InputError
from .codebook import Codebook, Indicator, normalise_pattern

TOKEN_RE = re.compile(r"\w+")
_WORD_TAIL = re.compile(r"\w*")
_WORD_CHAR = re.compile(r"\w")
_SEPARATORS = " -"
_LEFT = (" ", "(", "[", "“", "‘", '"', "'", "\n", "-", "/", "«")
_RIGHT = (" ", ",", ".", ";", ":", ")", "]", "”", "’", '"', "'", "?", "!", "\n", "-", "/", "»")
_SHORT = 4  # keys this short are anchored with delimiters in the automaton itself
_STRONG_BREAKS = ";:—–!?"
PROGRESS_FROM = 50_000  # sentences; progress bars appear above this by default
BATCH_SIZE = 2_000  # sentences scanned in one automaton pass
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
# (tests/frames/test_detect.py checks this list against ``str.isspace`` over all of Unicode).
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


class Match(NamedTuple):
    """A resolved match, offsets into the sentence.

    ``indicator`` is the indicator's position in the codebook (never negative: a row the
    learned layer adds is a :class:`discourse.frames.methods.ModelRow`, a type of its own);
    ``target`` the actor a proximity rule found (else ``None``); ``negated`` whether a negation
    cue governs it.
    """

    indicator: int
    start: int
    end: int
    target: str | None
    negated: bool


class Matcher:
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
            pattern = fold_pattern(pattern)
            exact_form = " ".join(TOKEN_RE.findall(pattern.rstrip("*"))) if exact else None
            pattern = pattern.replace("İ", "I")  # lower-cases to i, as in the text (_lower)
            key, prefix = normalise_pattern(pattern)
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

    def match(self, text: str) -> list[Match]:
        """Resolved matches of one sentence: ``(indicator, start, end, target, negated)``.

        A sentence longer than ``MAX_UNIT`` characters (text without punctuation: speech
        recognition output, scraped pages) is matched in consecutive pieces cut at white space,
        each at most ``MAX_UNIT`` long; offsets stay offsets into the sentence.
        """
        folded = _fold(text)
        if folded is not None:
            plain, starts, ends = folded
            return [
                Match(i, starts[a], ends[b - 1] if b > a else starts[a], t, n)
                for i, a, b, t, n in self._match_spaced(plain)
            ]
        return self._match_spaced(text)

    def _match_spaced(self, text: str) -> list[Match]:
        """:meth:`match` of a text without characters to fold (white space still squeezed)."""
        squeezed, back = _squeeze(text)
        if back is not None:
            return _unsqueeze(self._match_spaced(squeezed), back)
        if len(text) <= MAX_UNIT:
            return self._match_unit(text)
        out: list[Match] = []
        for s, e in unit_pieces(text):
            out.extend(
                Match(i, a + s, b + s, t, n) for i, a, b, t, n in self._match_unit(text[s:e])
            )
        return out

    def _match_unit(self, text: str) -> list[Match]:
        if not text or self.automaton is None and not self.regex:
            return []
        padded = " " + _lower(text) + " "
        if not self.regex and (
            self.trigger is None or next(self.trigger.iter(padded), None) is None
        ):
            return []
        raw = list(self.automaton.iter(padded)) if self.automaton is not None else []
        return self._finish(text, raw, 0)

    def match_batch(self, texts: Sequence[str]) -> list[tuple[int, list[Match]]]:
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
        # sentences with characters to fold (NFD accents, zero-width characters) are matched
        # alone by :meth:`match`; plain ASCII batches skip the check
        special = set() if joined.isascii() else {k for k, t in enumerate(texts) if needs_fold(t)}
        low = joined.lower()
        if len(low) != len(joined):  # a character lower-cases to two: per sentence instead
            low = " " + " \0 ".join(_lower(t) for t in texts) + " "
        # the padded form of sentence k (what :meth:`match` scans) ends at last[k] inclusive
        # in the joined text and starts at last[k] - len(texts[k]) - 1
        last = list(accumulate(map(add, map(len, texts), repeat(3)), initial=-2))[1:]
        out: list[tuple[int, list[Match]]] = []

        worth = _WORTH_A_LOOK

        def close(k: int, raw: list[tuple[int, Any]], flags: int) -> None:
            if k in special:
                return
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
        if special:
            for k in special:
                if found := self.match(texts[k]):
                    out.append((k, found))
            out.sort(key=lambda item: item[0])
        return out

    def _finish(self, text: str, raw: list[tuple[int, Any]], shift: int) -> list[Match]:
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
    ) -> list[Match]:
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
        out: list[Match] = []
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
            out.append(Match(h[3], h[0], h[1], target, negated))
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


def _unsqueeze(found: list[Match], back: list[int]) -> list[Match]:
    """Matches of a squeezed text with offsets into the original (see :func:`_squeeze`)."""
    return [
        Match(i, back[a], back[b - 1] + 1 if b > a else back[a], t, n) for i, a, b, t, n in found
    ]


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
    """``text`` lower-cased, character for character (offsets stay exact).

    A few characters lower-case to two; the Turkish and Azerbaijani dotted capital ``İ``
    becomes ``i`` (as patterns are folded, :func:`fold_pattern`), the others stay as they are.
    """
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else "i" if c == "İ" else c for c in text)
    return low


# Characters folded before matching (:func:`_fold`): invisible ones inside words are dropped
# (soft hyphen, zero-width non-joiner and joiner, word joiner, byte-order mark); the zero-width
# space counts as white space; text not in NFC (accents as combining marks) is composed.
_INVISIBLE = "\u00ad\u200c\u200d\u2060\ufeff"
_ZERO_WIDTH_SPACE = "\u200b"
_TO_FOLD = re.compile("[" + _INVISIBLE + _ZERO_WIDTH_SPACE + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def needs_fold(text: str) -> bool:
    """Whether ``text`` holds characters :func:`_fold` changes (never for ASCII text)."""
    return not text.isascii() and (
        _TO_FOLD.search(text) is not None or not unicodedata.is_normalized("NFC", text)
    )


def fold_pattern(pattern: str) -> str:
    """A codebook pattern folded as texts are (:func:`_fold`): NFC, invisible characters
    dropped, a zero-width space made a space.

    Examples
    --------
    >>> fold_pattern("tradi\u00adtional Re\u0301forme") == "traditional Réforme"
    True
    """
    if pattern.isascii():
        return pattern
    pattern = unicodedata.normalize("NFC", pattern)
    return pattern.translate(_PATTERN_FOLD)


_PATTERN_FOLD = {ord(c): None for c in _INVISIBLE} | {ord(_ZERO_WIDTH_SPACE): " "}


def _joins(c: str) -> bool:
    """Whether ``c`` composes with the character before it (a combining mark, a Hangul vowel
    or final consonant)."""
    return bool(unicodedata.combining(c)) or "\u1160" <= c <= "\u11ff"


def _next_visible(text: str, k: int, b: int) -> int:
    """The first position from ``k`` (before ``b``) whose character is not invisible, or ``b``."""
    while k < b and text[k] in _INVISIBLE:
        k += 1
    return k


def _fold(text: str) -> tuple[str, list[int], list[int]] | None:
    """``text`` folded for matching, and where each of its characters came from.

    ``None`` when nothing changes (:func:`needs_fold`; always for ASCII text). Otherwise the
    folded text (each character with its combining marks in NFC, invisible characters
    dropped, zero-width spaces made spaces) and, for each folded character, the start and
    end in ``text`` of what it came from (``starts`` has one more entry: ``len(text)``), so
    a match ``[a, b)`` of the folded text is ``[starts[a], ends[b - 1])`` of ``text``.
    ASCII stretches are copied whole; the work is linear in the text.
    """
    if not needs_fold(text):
        return None
    n = len(text)
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0

    def plain(a: int, b: int) -> None:
        parts.append(text[a:b])
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))

    for m in _NON_ASCII.finditer(text):
        a, b = m.span()
        if a > pos and (q := _next_visible(text, a, b)) < b and _joins(text[q]):
            a -= 1  # an accent on the ASCII letter before it
        plain(pos, a)
        i = a
        while i < b:
            c = text[i]
            if c in _INVISIBLE:
                i += 1
                continue
            if c == _ZERO_WIDTH_SPACE:
                parts.append(" ")
                starts.append(i)
                ends.append(i + 1)
                i += 1
                continue
            j = i + 1
            while (q := _next_visible(text, j, b)) < b and _joins(text[q]):
                j = q + 1
            piece = (
                unicodedata.normalize("NFC", text[i:j].translate(_PATTERN_FOLD))
                if j > i + 1 or c > "\x7f"
                else c
            )
            parts.append(piece)
            starts.extend(repeat(i, len(piece)))
            ends.extend(repeat(j, len(piece)))
            i = j
        pos = b
    plain(pos, n)
    starts.append(n)
    return "".join(parts), starts, ends


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


_MATCHERS: dict[str, Matcher] = {}


def compiled(codebook: Codebook) -> Matcher:
    """The compiled matcher of a codebook (cached by content hash)."""
    matcher = _MATCHERS.get(codebook.hash)
    if matcher is None or matcher.codebook is not codebook:
        matcher = Matcher(codebook)
        _MATCHERS[codebook.hash] = matcher
    return matcher


# --------------------------------------------------------------------------- long sentences


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


# --------------------------------------------------------------------------- scanning


def scan(
    matcher: Matcher, texts: list[str], show: bool, unit: str
) -> Iterator[tuple[int, list[Match]]]:
    """``(position, matches)`` for every text with a match, in batches (with a progress bar)."""
    bar = None
    if show:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(texts), desc="frames", unit=unit)
    try:
        for lo in range(0, len(texts), BATCH_SIZE):
            batch = texts[lo : lo + BATCH_SIZE]
            for k, found in matcher.match_batch(batch):
                yield lo + k, found
            if bar is not None:
                bar.update(len(batch))
    finally:
        if bar is not None:
            bar.close()


def hits(
    matcher: Matcher, sentences: list[str], show: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every match of the scan as three aligned arrays: the sentence's position, the
    indicator's position in the codebook, and whether the match is negated."""
    rows: list[int] = []
    cols: list[int] = []
    negs: list[bool] = []
    for k, matches in scan(matcher, sentences, show, "sentence"):
        for ref, _, _, _, negated in matches:
            rows.append(k)
            cols.append(ref)
            negs.append(negated)
    return (
        np.asarray(rows, dtype=np.int64),
        np.asarray(cols, dtype=np.int64),
        np.asarray(negs, dtype=bool),
    )
