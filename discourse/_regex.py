"""Regular expressions from data files, run by RE2: time linear in the text, never backtracking.

Codebooks and lexicons are data a user may take from anywhere, and a backtracking engine
(Python's :mod:`re`) can spend minutes on one sentence for a pattern as short as
``\\w*\\w*\\w*\\w*\\w*!``. No heuristic check can tell every such pattern apart, so patterns
from data files are compiled with RE2 (``google-re2``), whose matching time is linear in the
length of the text for every pattern it accepts.

The syntax is Python's, less what needs backtracking: lookarounds (``(?=``, ``(?!``, ``(?<=``,
``(?<!``), backreferences (``\\1``, ``(?P=name)``), inline comments ``(?#...)``, verbose mode
``(?x)``, possessive quantifiers and atomic groups are refused. ``\\w``, ``\\d`` and ``\\s``
keep Python's Unicode meaning (any letter or digit, not only ASCII) and ``\\Z`` means the end
of the text; ``\\b`` is RE2's word boundary, which counts only ASCII letters, digits and ``_``
as word characters. ``\\p{L}`` (any letter) and other Unicode classes are available.
"""

from __future__ import annotations

from typing import Any

import re2

__all__ = ["MAX_PATTERN", "compile_regex", "regex_problem"]

MAX_PATTERN = 200  # characters

# Python's Unicode classes in RE2 syntax (the contents of a character class)
_CLASSES = {"w": r"\p{L}\p{N}_", "d": r"\p{Nd}", "s": r"\s\v\p{Z}\x{1c}-\x{1f}\x{85}"}

_HINT = (
    "RE2 runs codebook patterns in linear time and has no lookarounds, backreferences, "
    "inline comments (?#...), verbose mode (?x), possessive quantifiers or atomic groups; "
    "rewrite it without them (docs/codebook.md, 'Regular expressions')"
)


def translate(pattern: str) -> str:
    """``pattern`` (Python syntax) in RE2 syntax, with Python's Unicode ``\\w``, ``\\d``, ``\\s``.

    Raises
    ------
    ValueError
        ``\\W``, ``\\D`` or ``\\S`` inside a character class (write ``\\P{L}`` and the like).

    Examples
    --------
    >>> translate(r"\\w+[\\d-]")
    '[\\\\p{L}\\\\p{N}_]+[\\\\p{Nd}-]'
    """
    out: list[str] = []
    in_class = False
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            d = pattern[i + 1]
            body = _CLASSES.get(d.lower())
            if body is not None:
                if in_class and d.isupper():
                    raise ValueError(
                        f"\\{d} inside [...] is not supported; use a Unicode class such as "
                        "\\P{L} (not a letter) or \\P{Nd} (not a digit)"
                    )
                out.append(body if in_class else ("[^" if d.isupper() else "[") + body + "]")
            elif d == "Z":
                out.append(r"\z")
            else:
                out.append(c + d)
            i += 2
            continue
        out.append(c)
        i += 1
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            for literal in ("^", "]"):  # "[^" and a "]" first in a class are part of it
                if i < n and pattern[i] == literal:
                    out.append(literal)
                    i += 1
    return "".join(out)


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a codebook regular expression, or ``None`` if it can.

    Examples
    --------
    >>> regex_problem(r"\\bneo-?colonial\\w*") is None
    True
    >>> regex_problem(r"(a+)+$") is None  # nested quantifiers are harmless in RE2
    True
    >>> print(regex_problem(r"(?<=neo)colonial"))  # doctest: +ELLIPSIS
    RE2 cannot compile it (invalid perl operator: (?<=): RE2 runs codebook patterns ...
    """
    try:
        compile_regex(pattern)
    except ValueError as exc:
        return str(exc)
    return None


def compile_regex(
    pattern: str, *, case_sensitive: bool = True, max_length: int | None = MAX_PATTERN
) -> Any:
    """``pattern`` compiled by RE2 (``finditer``, ``search``, ... as in :mod:`re`).

    ``max_length`` caps the pattern's length (``None``: no cap, for the package's own
    patterns). RE2 converts a ``str`` to UTF-8 on every call, so a call with ``pos`` costs the
    length of the whole text: scan a whole text with one ``finditer``, and match at many places
    on slices.

    Raises
    ------
    ValueError
        The pattern is longer than ``max_length`` characters, or RE2 cannot compile it (the
        message says why and how to rewrite it).

    Examples
    --------
    >>> rx = compile_regex(r"\\bwest\\w*", case_sensitive=False)
    >>> [m.group() for m in rx.finditer("The West and westernisation")]
    ['West', 'westernisation']
    """
    if max_length is not None and len(pattern) > max_length:
        raise ValueError(f"longer than {max_length} characters")
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = case_sensitive
    try:
        return re2.compile(translate(pattern), options)
    except re2.error as exc:
        detail = exc.args[0] if exc.args else exc
        if isinstance(detail, bytes):
            detail = detail.decode("utf-8", "replace")
        raise ValueError(f"RE2 cannot compile it ({detail}): {_HINT}") from None
