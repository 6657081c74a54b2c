"""Text normalisation: from a file's bytes to the text every offset in the package points into.

In: a file's bytes (or a string). Out: the normalised text a corpus table's ``text`` column
holds, and the sha256 of bytes or text.

All character offsets (sentences, quotations, frame matches, annotations) index the
*normalised* text a corpus table carries in its ``text`` column; the raw file's sha256 is kept
beside it (``raw_sha256``) so the bytes it came from can always be checked.

The rules, applied in this order:

1. Decoding: UTF-8, strictly by default. A leading byte-order mark is dropped. Undecodable
   bytes raise :class:`DecodeError` naming the file and the byte offset (or pass ``errors=``,
   e.g. ``"replace"``, to choose otherwise explicitly). Text of which more than 1 % of the
   characters are NUL (UTF-16 without a byte-order mark decodes "successfully" as UTF-8 into
   such text) raises :class:`DecodeError` too.
2. Line ends: CRLF and lone CR become LF.
3. Spaces: no-break and other horizontal spaces become a plain space; runs of spaces and tabs
   collapse to one; each line is stripped at both ends.
4. Paragraphs, by ``layout``:

   - ``"lines"`` (news articles, the seed): every non-empty line is a paragraph.
   - ``"wrapped"`` (UN speeches, transcripts): paragraphs are separated by blank lines and the
     hard-wrapped lines inside one are joined with a space. A blank line that falls inside a
     sentence (the previous paragraph ends in a letter, digit or comma and the next starts with a
     lower-case letter) is a conversion artefact, and the two parts are joined as one paragraph.

5. Hyphenation: a word broken across lines (``"inter-"`` at a line end, ``"national"`` at the
   start of the next) is re-joined as ``"international"`` when the joined form is a known
   English word and kept as ``"self-determination"`` otherwise. Known words: the package's list
   ``discourse/data/english_words.txt`` (51,077 words with a Zipf frequency >= 2.5 in wordfreq
   3.1.1, Speer 2022, CC BY-SA 4.0; see ``discourse/data/README.md``).
6. Paragraphs are joined by one blank line (``"\\n\\n"``); the text has no leading or trailing
   whitespace.

Normalisation is idempotent: ``normalise(normalise(t)) == normalise(t)``.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from importlib.resources import files
from typing import Literal

from ..errors import DecodeError

Layout = Literal["lines", "wrapped"]
#: What a loader accepts: a layout, or ``"auto"`` to decide per document (:func:`detect_layout`).
LayoutOption = Literal["lines", "wrapped", "auto"]

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_LOWER_START = re.compile(r"^([a-z]+)")
_SENTENCE_OPEN_END = re.compile(r"[A-Za-z0-9,]$")
_LINE_END = re.compile(r"[.!?…:;\"”’')\]]$")
#: ``"auto"`` reads a text as ``wrapped`` when at least this share of its line breaks inside a
#: block of lines falls after a line that does not end a sentence ...
WRAPPED_MIN_SHARE = 0.5
#: ... at least this many such breaks exist, and its median line is at most this long.
WRAPPED_MIN_BREAKS = 3
WRAPPED_MAX_MEDIAN_LINE = 120


_NUL_SHARE = 0.01  # text with more NUL characters than this share is not text (UTF-16, binary)


def sha256_bytes(data: bytes) -> str:
    """The hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    """The hex sha256 of ``text`` encoded as UTF-8 (used for span checksums)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode(raw: bytes, *, source: str = "<bytes>", errors: str = "strict") -> str:
    """Decode a file's bytes as UTF-8 and drop a leading byte-order mark.

    Parameters
    ----------
    raw
        The file's bytes.
    source
        A name for the file, used in error messages.
    errors
        ``"strict"`` (default) raises :class:`DecodeError`; any codec error handler
        (``"replace"``, ``"ignore"``) is passed to :meth:`bytes.decode` instead.

    Examples
    --------
    >>> decode(b"\\xef\\xbb\\xbfPeace")
    'Peace'
    """
    try:
        text = raw.decode("utf-8", errors=errors)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"{source}: not valid UTF-8 at byte offset {exc.start} "
            f"(byte 0x{raw[exc.start]:02x}). Re-save the file as UTF-8, or load it with "
            f"errors='replace' to substitute U+FFFD for undecodable bytes."
        ) from None
    nuls = text.count("\0")
    if nuls and nuls > _NUL_SHARE * len(text):
        hint = (
            "it is probably UTF-16 without a byte-order mark"
            if nuls > 0.3 * len(text)
            else "it is probably not a text file"
        )
        raise DecodeError(
            f"{source}: {nuls} of its {len(text)} characters are NUL bytes, so {hint}. "
            "Re-save the file as UTF-8."
        )
    return text.removeprefix("\ufeff")


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    """The package's English word list (``discourse/data/english_words.txt``, see its README)."""
    path = files("discourse").joinpath("data", "english_words.txt")
    with path.open(encoding="utf-8") as handle:
        return frozenset(w for w in (line.strip() for line in handle) if w and w[0] != "#")


def _is_known_word(word: str) -> bool:
    return word in _english_words()


def _join_broken(left: str, right: str, sep: str) -> str:
    """Join ``left`` and ``right`` with ``sep``, re-joining a word hyphenated across them."""
    if not left.endswith("-") or left.endswith("--"):
        return left + sep + right
    head = _HYPHEN_END.search(left[-64:])
    tail = _LOWER_START.match(right)
    if head and tail:
        joined = head.group(1) + tail.group(1)
        if _is_known_word(joined.lower()):
            return left[:-1] + right
        return left + right
    return left + sep + right


def _paragraphs(lines: list[str], layout: Layout) -> list[str]:
    if layout == "lines":
        return [line for line in lines if line]
    paragraphs: list[str] = []
    current: str | None = None
    for line in lines:
        if not line:
            if current is not None:
                paragraphs.append(current)
                current = None
            continue
        current = line if current is None else _join_broken(current, line, " ")
    if current is not None:
        paragraphs.append(current)
    merged: list[str] = []
    for par in paragraphs:
        inside_sentence = merged and (
            _SENTENCE_OPEN_END.search(merged[-1][-1:]) or _HYPHEN_END.search(merged[-1][-64:])
        )
        if inside_sentence and par[:1].islower():
            merged[-1] = _join_broken(merged[-1], par, " ")
        else:
            merged.append(par)
    return merged


def detect_layout(text: str) -> Layout:
    """Decide a text's layout from its line pattern: ``"wrapped"`` or ``"lines"``.

    Hard-wrapped text (a UN speech as filed) breaks lines inside sentences: most lines that
    are followed by another non-empty line do not end with sentence punctuation, and lines are
    short. Text with one paragraph per line ends nearly every line with a sentence. A text is
    ``"wrapped"`` when, among the line breaks between two non-empty lines, at least
    :data:`WRAPPED_MIN_SHARE` (and at least :data:`WRAPPED_MIN_BREAKS`) follow a line that
    does not end in ``. ! ? … : ; " ” ’ ' ) ]``, and the median non-empty line has at most
    :data:`WRAPPED_MAX_MEDIAN_LINE` characters; otherwise ``"lines"`` (also for a text
    without such breaks, where both layouts give the same paragraphs).

    Examples
    --------
    >>> detect_layout("We meet in a time of\\ngreat danger for\\nthe world and all\\nits peoples.")
    'wrapped'
    >>> detect_layout("We meet at a time of great danger.\\nThe world is watching.\\n")
    'lines'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    breaks = open_breaks = 0
    for line, after in zip(lines, lines[1:], strict=False):
        if line and after:
            breaks += 1
            open_breaks += not _LINE_END.search(line)
    lengths = sorted(len(line) for line in lines if line)
    median = lengths[len(lengths) // 2] if lengths else 0
    wrapped = (
        open_breaks >= WRAPPED_MIN_BREAKS
        and open_breaks >= WRAPPED_MIN_SHARE * breaks
        and median <= WRAPPED_MAX_MEDIAN_LINE
    )
    return "wrapped" if wrapped else "lines"


def resolve_layout(text: str, layout: LayoutOption) -> Layout:
    """``layout``, or the :func:`detect_layout` decision for ``"auto"``."""
    if layout == "auto":
        return detect_layout(text)
    if layout not in ("lines", "wrapped"):
        raise ValueError(f"layout must be 'lines', 'wrapped' or 'auto', not {layout!r}")
    return layout


def normalise(text: str, *, layout: Layout = "wrapped") -> str:
    """Normalise ``text`` by the rules in this module's docstring.

    Parameters
    ----------
    text
        Decoded text (see :func:`decode`).
    layout
        ``"wrapped"`` for hard-wrapped text with blank lines between paragraphs,
        ``"lines"`` for text with one paragraph per line.

    Examples
    --------
    >>> normalise("The inter-\\nnational order\\r\\nis  changing.\\n\\nWe act.")
    'The international order is changing.\\n\\nWe act.'
    >>> normalise("Title\\nFirst paragraph.\\n", layout="lines")
    'Title\\n\\nFirst paragraph.'
    """
    if layout not in ("lines", "wrapped"):
        raise ValueError(f"layout must be 'lines' or 'wrapped', not {layout!r}")
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n\n".join(_paragraphs(lines, layout))
