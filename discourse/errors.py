"""The package's exceptions: each message names the file, key or line at fault and what to do."""

from __future__ import annotations


class DiscourseError(Exception):
    """Base class of every error the package raises on purpose."""


class InputError(DiscourseError, ValueError):
    """Bad user input: a wrong type, an empty pattern, a duplicate id, a malformed file."""


class DecodeError(InputError):
    """A file's bytes are not UTF-8 text; the message names the file and what to do."""


class CorpusUnavailableError(DiscourseError):
    """An external corpus is neither cached nor reachable (no mirror, no network)."""


class ChecksumError(DiscourseError):
    """Fetched or cached bytes do not match the checksum the registry records."""


class CodebookError(InputError):
    """A codebook file is invalid; the message names the file, the key and the line."""


class ClusterError(DiscourseError):
    """A Dask cluster stopped making progress (e.g. every worker died); says what was left."""
