"""Who speaks: direct quotations in news, speaker turns in transcripts, speaker names.

In: a corpus table (or texts). Out: the quote table (:func:`quotes`: ``doc_id, start, end,
text, speaker, cue``) or the speaker turns of transcripts (:func:`turns`).

Two kinds of documents carry more than one voice:

News (any genre other than ``speech`` and ``transcript``)
    The outlet narrates and quotes people. :func:`quotes` finds every direct quotation -- a
    span between double quotation marks, straight (``"..."``) or curly (``“...”``), paired in
    order within a paragraph (a quotation never runs past its paragraph: an unclosed one ends
    there). Scare quotes and partial quotations inside narration (``as a “historic event”``)
    are quotations too. Each quotation is attributed, in this order of preference, to

    1. ``after``: a reporting clause right after it (``"...," he said``, ``"...," Aliyev
       added``, ``"...," said Aliyev``);
    2. ``before``: a reporting clause right before it (``Aliyev said: "..."``,
       ``he added, "..."``);
    3. ``colon``: the subject of a clause introducing it with a colon
       (``Aliyev expressed hope ...: "..."``);
    4. ``narration``: the subject of the sentence it sits in (a scare quote or partial
       quotation);
    5. ``previous``: the speaker of the quotation before it in the document.

    A subject is a *known speaker* named in the clause (a name that heads a reporting clause
    anywhere in the document, or the corpus ``speaker``), or ``he``/``she``/``they``, which
    stands for the last known speaker named before. Surnames are resolved to full names: to the
    corpus ``speaker`` when its last word is the surname, else to the first full mention in the
    document (``President Ilham Aliyev`` gives ``Aliyev`` -> ``Ilham Aliyev``).

Transcripts (genre ``transcript``)
    A paragraph opening with a short name-like label and a colon (``Vladimir Putin:``,
    ``President of Russia Vladimir Putin:``, ``Lionel Barber:``, ``Question:``) opens a speaker
    turn that lasts until the next label; text before the first label is the narrator's.
    :func:`turns` lists them. A label is name-like when, after dropping a trailing note in
    brackets (``(retranslated)``), it has at most twelve words, no sentence punctuation, and
    either every word is capitalised (or a connector such as ``of``/``the``) -- or its lower-case
    words are title words (``Olympic ice hockey champion Ilya Kovalchuk``) and it ends in a
    capitalised name. A single word counts only as a role (``Question``, ``Remark``,
    ``Reply``...) or a run-together name (``VladimirPutin``). Ordinary sentences with a colon
    (``Here is my question:``) fail these tests. :func:`speaker_name` turns a label into a
    person's name (see there).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from .._regex import compile_regex
from .._schema import conform
from .._validation import MISSING, argument, effective_genre
from .._validation import as_corpus as as_corpus
from .._validation import meta_value as _meta
from ._sentences import QUOTE_MARKS as QUOTE_MARKS
from ._sentences import quotation_spans as quotation_spans

QUOTE_COLUMNS = ["doc_id", "start", "end", "text", "speaker", "cue"]
TURN_COLUMNS = ["doc_id", "start", "end", "speaker", "label"]
MULTI_VOICE_GENRES = frozenset({"speech", "transcript"})

# --------------------------------------------------------------------------------------------
# input: corpus table, str or list of str
# --------------------------------------------------------------------------------------------


def doc_text(row: Mapping[Hashable, Any]) -> str:
    """The ``text`` of a corpus row; a missing text (NA) is the empty string."""
    value = row.get("text")
    return value if isinstance(value, str) else ""


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each paragraph (separated by ``"\\n\\n"``), without copying.

    Examples
    --------
    >>> list(paragraph_spans("One.\\n\\nTwo."))
    [(0, 4), (6, 10)]
    """
    pos, n = 0, len(text)
    while pos < n:
        cut = text.find("\n\n", pos)
        end = n if cut < 0 else cut
        # trim surrounding whitespace (normalised text has none; raw strings may)
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e
        if cut < 0:
            break
        pos = cut + 2


# --------------------------------------------------------------------------------------------
# quotations
# --------------------------------------------------------------------------------------------

_SPEECH_VERBS = (
    "said|says|added|adds|concluded|noted|notes|stated|states|told|explained|argued|stressed|"
    "emphasised|emphasized|warned|insisted|continued|asked|replied|remarked|declared|claimed|"
    "wrote|recalled|announced|admitted|acknowledged|observed|suggested|commented|urged|"
    "went on|pointed out|underlined|reiterated|told reporters"
)
# Patterns that read text run on RE2 (linear time, no backtracking; ``discourse._regex``): a
# name pattern on Python's ``re`` took 11 s on one 40 KB upper-case token (issue 20). RE2 pays
# the length of the whole text on every call with a start position, so the patterns that look
# at one place (after or before a quotation) run on a slice of at most _CUE_WINDOW characters.
_NAME = r"[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,2}"
_PRONOUN = r"he|she|they|He|She|They"
_CUE_WINDOW = 300  # characters after a quotation (or before it) in which its reporting clause lies
_AFTER = compile_regex(
    rf"^\s*,?\s*(?:(?P<who>{_PRONOUN}|{_NAME})\s+(?:{_SPEECH_VERBS})\b"
    rf"|(?:{_SPEECH_VERBS})\s+(?P<who2>{_PRONOUN}|{_NAME})\b)",
    max_length=None,
)
_BEFORE = compile_regex(
    rf"(?P<who>\b(?:{_PRONOUN})|{_NAME})\s+(?:{_SPEECH_VERBS})\s*[:,]?\s*$", max_length=None
)
_INTRODUCES = compile_regex(rf"({_NAME})\s+(?:{_SPEECH_VERBS})\s*[:,]\s*[\"“]", max_length=None)
_FIRST_NAME = re.compile(r"[A-Z][a-z’'\-]+")
_WORDISH = re.compile(r"[\w’'\-]+")  # one class repeated: nothing to backtrack into
_MAX_SURNAME = 64  # characters: a longer "surname" is not resolved to a full name
_NAME_TOKEN = re.compile(r"[A-Z][\w’'\-]+")
_PRONOUN_TOKEN = re.compile(r"\b(?:he|she|they|He|She|They)\b")
_SENTENCE_START = re.compile(r"(?:[.!?][\"”’)]*\s+|^)(?=[\"“A-Z0-9])")
_TITLE_WORDS = frozenset(
    """President Prime Minister Mr Mrs Ms Dr Sir Madam Chancellor King Queen Prince Secretary
    General Director Governor Mayor Chairman Chair Speaker Senator Foreign Defence Defense
    Deputy Head Chief Ambassador Russian French Azerbaijani American British Turkish
    Georgian Armenian Ukrainian German Chinese Iranian Former Acting Vice The A An""".split()  # noqa: SIM905
)


@dataclass
class _Speakers:
    """The known speakers of one news document and how their names resolve."""

    text: str
    corpus_speaker: str | None
    known: set[str]
    resolved: dict[str, str] = field(default_factory=dict)

    def full_name(self, name: str) -> str:
        surname = name.split()[-1]  # "Later Berg added" and "Berg added" both name Berg
        if surname not in self.resolved:
            self.resolved[surname] = self._resolve(surname)
        return self.resolved[surname]

    def _resolve(self, surname: str) -> str:
        if self.corpus_speaker and self.corpus_speaker.split()[-1] == surname:
            return self.corpus_speaker
        first = self.first_names.get(surname)
        return f"{first} {surname}" if first else surname

    @cached_property
    def first_names(self) -> dict[str, str]:
        """Each surname's first full mention: ``{"Aliyev": "Ilham"}`` for "President Ilham Aliyev".

        One pass over the text (linear; searching the text once per surname was quadratic in
        the number of speakers): a first name is a capitalised word (``[A-Z][a-z’'-]+``, not a
        title word) followed by one space and the surname, which ends at a word boundary.
        """
        firsts: dict[str, str] = {}
        text = self.text
        previous: tuple[int, int] | None = None
        for m in _WORDISH.finditer(text):
            start, end = m.span()
            if previous is not None and previous[1] == start - 1 and text[start - 1] == " ":
                first = _first_name(text, *previous)
                if first is not None and text[start].isupper():
                    for surname in _surnames_at(text, start, end):
                        firsts.setdefault(surname, first)
            previous = (start, end)
        return firsts

    def mentions(self, start: int, end: int) -> Iterator[tuple[int, str]]:
        """Known speakers (surname keys) and pronouns named in ``text[start:end]``, in order."""
        for m in _NAME_TOKEN.finditer(self.text, start, end):
            if m.group() in self.known:
                yield m.start(), m.group()
        for m in _PRONOUN_TOKEN.finditer(self.text, start, end):
            yield m.start(), m.group().lower()


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _first_name(text: str, start: int, end: int) -> str | None:
    """The first name ending at ``end`` in the word ``text[start:end]``, or ``None``.

    The longest tail of the word that starts at a word boundary and reads ``[A-Z][a-z’'-]+``
    (``O’Brien`` gives ``Brien``), unless it is a title word (``President``).
    """
    for i in range(max(start, end - _MAX_SURNAME), end - 1):
        at_boundary = text[i].isupper() and (i == 0 or not _is_word(text[i - 1]))
        if at_boundary and _FIRST_NAME.fullmatch(text, i, end):
            word = text[i:end]
            return None if word in _TITLE_WORDS else word
    return None


def _surnames_at(text: str, start: int, end: int) -> Iterator[str]:
    """The surnames a mention of ``text[start:end]`` can stand for: each prefix of at most
    ``_MAX_SURNAME`` characters that ends at a word boundary (``Berg`` in ``Berg-Olsen``)."""
    stop = min(end, start + _MAX_SURNAME)
    for k in range(start + 2, stop + 1):
        if k == end or _is_word(text[k - 1]) != _is_word(text[k]):
            yield text[start:k]


def _who(token: str, speakers: _Speakers, last: str | None) -> str | None:
    """A name or pronoun from a cue, as a full name (pronouns: the last named speaker)."""
    if token.lower() in ("he", "she", "they"):
        return last
    return speakers.full_name(token)


def _known_speakers(text: str, corpus_speaker: str | None) -> set[str]:
    known: set[str] = set()
    if corpus_speaker:
        known.add(corpus_speaker.split()[-1])
    for mq in QUOTE_MARKS.finditer(text):
        m = _AFTER.search(text[mq.end() : mq.end() + _CUE_WINDOW])
        if m:
            who = m.group("who") or m.group("who2")
            if who.lower() not in ("he", "she", "they"):
                known.add(who.split()[-1])
    for m in _INTRODUCES.finditer(text):
        known.add(m.group(1).split()[-1])
    return {k for k in known if k not in _TITLE_WORDS}


def _sentence_start(text: str, par_start: int, pos: int) -> int:
    """Start of the sentence holding ``pos`` (a cheap look-back for attribution)."""
    best = par_start
    window_start = max(par_start, pos - 600)
    for m in _SENTENCE_START.finditer(text, window_start, pos):
        if m.end() <= pos:
            best = max(best, m.end())
    return best


def _inside_any(pos: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether ``pos`` lies inside one of ``spans`` (sorted, not overlapping; ``starts`` their
    starts): one binary search, not a comparison with every span."""
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and spans[i][0] < pos < spans[i][1]


def document_quotes(
    text: str, *, speaker: str | None = None
) -> list[tuple[int, int, str | None, str]]:
    """Quotations of one news text: ``(start, end, speaker, cue)`` in order.

    ``speaker`` is the document's known speaker (the corpus ``speaker`` column), used to
    resolve surnames. See :func:`quotes` for the table form.

    Examples
    --------
    >>> document_quotes('"No," she said.')
    [(0, 5, None, 'after')]
    """
    speakers = _Speakers(text, speaker, _known_speakers(text, speaker))
    rows: list[tuple[int, int, str | None, str]] = []
    last_named: str | None = None  # the last known speaker named in the text so far
    last_scan = 0
    previous: str | None = None
    for par_start, par_end in paragraph_spans(text):
        spans = quotation_spans(text, par_start, par_end)
        starts = [s for s, _ in spans]
        for i, (qs, qe) in enumerate(spans):
            # advance the "last named speaker" over the narration before this quotation
            for pos, name in sorted(speakers.mentions(last_scan, qs)):
                if name not in ("he", "she", "they") and not _inside_any(pos, spans, starts):
                    last_named = speakers.full_name(name)
            last_scan = max(last_scan, qs)
            next_qs = spans[i + 1][0] if i + 1 < len(spans) else par_end
            prev_qe = spans[i - 1][1] if i > 0 else par_start
            who_speaks: str | None = None
            cue = "none"
            m_after = _AFTER.search(text[qe : min(next_qs, qe + _CUE_WINDOW)])
            before_text = text[max(prev_qe, qs - 200) : qs]
            m_before = _BEFORE.search(before_text)
            if m_after:
                who = m_after.group("who") or m_after.group("who2")
                who_speaks, cue = _who(who, speakers, last_named), "after"
            elif m_before:
                who_speaks, cue = _who(m_before.group("who"), speakers, last_named), "before"
            else:
                sent_start = max(prev_qe, _sentence_start(text, par_start, qs))
                subjects = [
                    n for p, n in sorted(speakers.mentions(sent_start, qs)) if p >= sent_start
                ]
                if subjects:
                    who_speaks = _who(subjects[0], speakers, last_named)
                    cue = (
                        "colon" if text[max(0, qs - 4) : qs].rstrip().endswith(":") else "narration"
                    )
                elif previous is not None:
                    who_speaks, cue = previous, "previous"
            if who_speaks is not None:
                previous = who_speaks
                last_named = who_speaks
            rows.append((qs, qe, who_speaks, cue))
    return rows


def quotes(
    x: pd.DataFrame | str | Iterable[str] = MISSING, *, corpus: Any = MISSING
) -> pd.DataFrame:
    """Every direct quotation in the news documents of ``x``, with its speaker.

    Parameters
    ----------
    x
        A corpus table (``load_corpus``), a string or a list of strings (doc_ids ``doc-0``,
        ``doc-1``, ...). Documents of genre ``speech`` or ``transcript`` are skipped (their
        voices are turns, see :func:`turns`).
    corpus
        The former name of ``x``: still accepted as a keyword, with a DeprecationWarning.

    Returns
    -------
    pandas.DataFrame
        One row per quotation, in document order: ``doc_id``; ``start``, ``end`` (offsets
        into the document text, the quotation marks included); ``text`` (``== doc_text[start:
        end]``); ``speaker`` (the full name, NA when no one can be named); ``cue`` (how it was
        attributed: ``after``, ``before``, ``colon``, ``narration``, ``previous`` or ``none``,
        see the module docstring).

    Examples
    --------
    >>> doc = ('President Ilham Aliyev spoke. "We are ready," Aliyev said. '
    ...        'He called it a “historic event”.')
    >>> quotes(doc)[["text", "speaker", "cue"]].values.tolist()
    [['"We are ready,"', 'Ilham Aliyev', 'after'],
     ['“historic event”', 'Ilham Aliyev', 'narration']]
    """
    table = as_corpus(argument(x, corpus, old="corpus", function="quotes"))
    rows: list[tuple[str, int, int, str, str | None, str]] = []
    for rec in table.to_dict("records"):
        genre = effective_genre(_meta(rec, "genre"), _meta(rec, "speaker"), _meta(rec, "outlet"))
        if (genre or "") in MULTI_VOICE_GENRES:
            continue
        doc_id, text = str(rec["doc_id"]), doc_text(rec)
        for start, end, speaker, cue in document_quotes(text, speaker=_meta(rec, "speaker")):
            rows.append((doc_id, start, end, text[start:end], speaker, cue))
    return conform(pd.DataFrame(rows, columns=QUOTE_COLUMNS))


# --------------------------------------------------------------------------------------------
# transcripts: speaker turns
# --------------------------------------------------------------------------------------------

_LABEL = re.compile(r"([^:\n]{1,150}?):(?=\s|$)")
_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_CONNECTORS = frozenset(
    """of the and for in on at to de da del der den di du des van von al bin ibn la le y""".split()  # noqa: SIM905
)
_ROLES = frozenset(
    """Question Questions Remark Remarks Reply Response Answer Comment Presenter Moderator
    Speaker Interviewer Journalist Correspondent Host Voice Voices Audience Volunteer
    Volunteers Narrator Participant Participants""".split()  # noqa: SIM905
)
_NOT_TITLE_WORDS = frozenset(
    """i we you he she they it is are was were has have had will would can could should shall
    may might must do does did be been being this that these those let me my our your their
    his her its not here there which what who a an as so but if when also just""".split()  # noqa: SIM905
)
_SENTENCE_PUNCT = re.compile(r"[?!;\"“”«»]|\.\s")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def turn_label(paragraph: str) -> str | None:
    """The speaker label opening ``paragraph`` (without the colon), or ``None``.

    Examples
    --------
    >>> turn_label("President of Russia Vladimir Putin: Good afternoon.")
    'President of Russia Vladimir Putin'
    >>> turn_label("Question (retranslated): Thank you.")
    'Question (retranslated)'
    >>> turn_label("Here is what I think: we must act.") is None
    True
    """
    m = _LABEL.match(paragraph)
    if not m:
        return None
    label = m.group(1).strip()
    core = _NOTE.sub("", label).strip()
    if (
        not core
        or _SENTENCE_PUNCT.search(core + " ")
        and not re.fullmatch(r"(?:[A-Z]\.\s?)+[A-Z][\w’'\-]+", core)
    ):
        return None
    words = core.replace(",", " ").split()
    if len(words) > 12:
        return None
    if len(words) == 1:
        word = words[0]
        if word in _ROLES or _CAMEL.search(word) or re.fullmatch(r"[A-Z]\.[A-Z][a-z]+", word):
            return label
        return None
    if all(_is_capitalised(w) or w in _CONNECTORS for w in words):
        return label
    head = core.partition(",")[0].split()
    if "," in core and 2 <= len(head) <= 4 and all(_is_capitalised(w) for w in head):
        return label  # "Name, title ..."
    lower = [w for w in words if not _is_capitalised(w)]
    if words[0] in _ROLES or (
        all(_is_capitalised(w) for w in words[-2:])
        and not any(w.lower() in _NOT_TITLE_WORDS or w.endswith("ed") for w in lower)
    ):
        return label
    return None


def speaker_name(label: str, known: Iterable[str] = ()) -> str:
    """The person (or role) a turn label names.

    Rules, in order: a trailing note in brackets is dropped (``Question (retranslated)`` ->
    ``Question``); run-together words are split (``VladimirPutin``) and all-capital surnames
    title-cased; the tooltip residue some pages repeat after a name is cut (``Defence Minister
    Sergei Shoigu Shoigu SergeiDefence Minister`` -> ``Defence Minister Sergei Shoigu``); a
    role label stays a role (``Question from Perm Territory`` -> ``Question``); ``Name, title``
    gives the name; a name among ``known`` (bare labels of the same document) that ends the
    label wins (``President of Russia Vladimir Putin`` -> ``Vladimir Putin``); otherwise the
    label's last two words (``Defence Minister Sergei Shoigu`` -> ``Sergei Shoigu``).

    Examples
    --------
    >>> speaker_name("President of Russia Vladimir Putin")
    'Vladimir Putin'
    >>> speaker_name("President of Russia Dmitry Medvedev")
    'Dmitry Medvedev'
    >>> speaker_name("Question (retranslated)")
    'Question'
    >>> speaker_name("Lionel Barber")
    'Lionel Barber'
    >>> speaker_name("Recep Tayyip Erdogan")
    'Recep Tayyip Erdogan'
    """
    core = _NOTE.sub("", label).strip()
    core = _CAMEL.sub(" ", core)
    words = [w.capitalize() if len(w) > 3 and w.isupper() else w for w in core.split()]
    for i in range(1, len(words)):  # a repeated name: page tooltip residue
        if words[i] == words[i - 1]:
            # "... Recep Tayyip Erdogan Erdogan Recep Tayyip ...": the tooltip repeats the
            # surname, then the given names -- which tells where the name starts
            given = max(
                (
                    k
                    for k in (1, 2, 3)
                    if i - 1 - k >= 0 and words[i + 1 : i + 1 + k] == words[i - 1 - k : i - 1]
                ),
                default=0,
            )
            if given:
                return " ".join(words[i - 1 - given : i])
            words = words[:i]
            break
        if any(words[i : i + k] == words[i - k : i] for k in (2, 3) if i - k >= 0):
            words = words[:i]
            break
    if not words:
        return label
    if words[0].rstrip(",") in _ROLES:
        return words[0].rstrip(",")
    text = " ".join(words)
    if "," in text:
        head, _, tail = text.partition(",")
        head_words = head.split()
        if 2 <= len(head_words) <= 4 and not any(w in _TITLE_WORDS for w in head_words):
            return head
        words = tail.split()
        text = " ".join(words)
    for name in sorted(known, key=len, reverse=True):
        if text == name or text.endswith(" " + name):
            return name
    if len(words) <= 4 and all(
        _is_capitalised(w) and w not in _TITLE_WORDS and w not in _CONNECTORS for w in words
    ):
        return text  # a bare name
    return " ".join(words[-2:])


def _bare_names(labels: Iterable[str]) -> set[str]:
    """Labels that are bare names (2-4 capitalised words, no title words) in one document."""
    names = set()
    for label in labels:
        core = _CAMEL.sub(" ", _NOTE.sub("", label).strip())
        words = core.split()
        if 2 <= len(words) <= 4 and all(
            _is_capitalised(w) and w not in _TITLE_WORDS and w not in _CONNECTORS for w in words
        ):
            names.add(" ".join(words))
    return names


def document_turns(text: str) -> list[tuple[int, int, str, str]]:
    """Speaker turns of one transcript text: ``(start, end, speaker, label)`` in order.

    ``start`` is the start of the label's paragraph; ``end`` the end of the last paragraph
    before the next turn (or of the text).

    Examples
    --------
    >>> document_turns("Intro.\\n\\nQuestion: Why?\\n\\nVladimir Putin: Because.")
    [(8, 22, 'Question', 'Question'), (24, 48, 'Vladimir Putin', 'Vladimir Putin')]
    """
    found: list[tuple[int, str]] = []
    ends: list[int] = []
    for start, end in paragraph_spans(text):
        label = turn_label(text[start : min(end, start + 160)])
        if label is not None:
            found.append((start, label))
            ends.append(end)
        elif ends:
            ends[-1] = end
    known = _bare_names(label for _, label in found)
    return [
        (start, end, speaker_name(label, known), label)
        for (start, label), end in zip(found, ends, strict=True)
    ]


def turns(
    x: pd.DataFrame | str | Iterable[str] = MISSING, *, corpus: Any = MISSING
) -> pd.DataFrame:
    """Speaker turns of the transcripts in ``x``.

    Parameters
    ----------
    x
        A corpus table (only rows of genre ``transcript`` are read), or a string or list of
        strings, read as transcripts (doc_ids ``doc-0``, ``doc-1``, ...).
    corpus
        The former name of ``x``: still accepted as a keyword, with a DeprecationWarning.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, start, end, speaker, label``: one row per turn; ``start`` is where the label
        begins, ``end`` where the turn's last paragraph ends; ``speaker`` the normalised name
        (:func:`speaker_name`); ``label`` the label as written, without its colon.

    Examples
    --------
    >>> t = "Talks.\\n\\nPresident of Russia Vladimir Putin: Welcome.\\n\\nVladimir Putin: Yes."
    >>> turns(t)[["start", "speaker", "label"]].values.tolist()
    [[8, 'Vladimir Putin', 'President of Russia Vladimir Putin'],
     [54, 'Vladimir Putin', 'Vladimir Putin']]
    """
    x = argument(x, corpus, old="corpus", function="turns")
    plain = not isinstance(x, pd.DataFrame)
    table = as_corpus(x)
    rows = []
    for rec in table.to_dict("records"):
        if not plain and _meta(rec, "genre") != "transcript":
            continue
        for start, end, speaker, label in document_turns(doc_text(rec)):
            rows.append((str(rec["doc_id"]), start, end, speaker, label))
    return conform(pd.DataFrame(rows, columns=TURN_COLUMNS))
