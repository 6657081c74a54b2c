"""Fetch, verify and cache the files of external corpora.

In: a registered :class:`RemoteFile` (path, origin URL, sha256, size). Out: the path of its
verified local copy.

Every external file the package reads is registered (``corpus/registry/``) with a path relative
to the data mirror's root, an origin URL, a sha256 and a size: a :class:`RemoteFile`. The file is
looked for, in this order:

1. the cache (``discourse.corpus.paths.data_dir()``, i.e. ``$DISCOURSE_DATA``), at the same relative
   path; a cached file is used only if its size and sha256 still match, otherwise it is fetched
   again;
2. the data mirror (``$DISCOURSE_MIRROR``): a folder or ``file://`` URL (the file is copied
   from ``<mirror>/<path>``) or an ``http(s)://`` base URL (``GET <mirror>/<path>``, URL-quoted);
   when a mirror is set the origin is never contacted, so a file missing from the mirror is an
   error rather than a silent download;
3. without a mirror, the file's origin URL.

Bytes are written to a temporary file in the cache folder and verified (size, then sha256)
before an atomic :func:`os.replace` gives them their final name: an interrupted or corrupt
download never appears in the cache as a complete file.

Errors: :class:`~discourse.errors.ChecksumError` when bytes do not match the registry;
:class:`~discourse.errors.CorpusUnavailableError` when a file is neither cached nor reachable
(no mirror, no network, HTTP 404, a file missing from the mirror, a truncated download);
:class:`~discourse.errors.InputError` for a registered path that would escape the cache or
mirror root (absolute, or containing ``..``).
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from tqdm.auto import tqdm

from .._atomic import file_mode
from .._version import __version__
from ..errors import ChecksumError, CorpusUnavailableError, InputError
from . import paths

__all__ = ["RemoteFile", "fetch", "fetch_all", "safe_relpath", "sha256_file"]

_CHUNK = 1 << 16
_TIMEOUT = 60.0
_DEADLINE = 600.0  # seconds for one file, start to finish
_STALE_PART = 3600.0  # seconds after which a leftover ``.part`` file is removed
_USER_AGENT = f"discourse/{__version__} (+corpus fetch)"
_NO_SOURCE = (
    "set DISCOURSE_MIRROR to a folder or URL holding the corpus, or connect to the internet"
)


@dataclass(frozen=True)
class RemoteFile:
    """One registered external file.

    Parameters
    ----------
    path
        The path relative to the mirror (and cache) root, with ``/`` separators, e.g.
        ``"ungdc/TXT/Session 79 - 2024/AZE_79_2024.txt"``.
    url
        The origin URL, used when no mirror is set (``None``: the file exists only in mirrors).
    sha256
        The hex sha256 of the file's bytes.
    size
        The file's size in bytes (``None``: not checked).
    """

    path: str
    url: str | None
    sha256: str
    size: int | None = None


def safe_relpath(path: str, *, source: str = "registry") -> PurePosixPath:
    """Check that ``path`` is a relative path that stays inside its root, and return it.

    Parameters
    ----------
    path
        A ``/``-separated relative path from a registry or metadata file.
    source
        Where the path comes from, for the error message.

    Raises
    ------
    InputError
        If the path is empty, absolute (or starts with a drive letter), or has a ``..`` part.

    Examples
    --------
    >>> safe_relpath("ungdc/TXT/Session 79 - 2024/AZE_79_2024.txt").name
    'AZE_79_2024.txt'
    >>> safe_relpath("../etc/passwd")
    Traceback (most recent call last):
    ...
    discourse.errors.InputError: registry: path '../etc/passwd' escapes the corpus root ...
    """
    pure = PurePosixPath(path.replace("\\", "/"))
    parts = pure.parts
    if (
        not path
        or pure.is_absolute()
        or (parts and len(parts[0]) == 2 and parts[0][1] == ":")  # a Windows drive
        or ".." in parts
        or not parts
    ):
        raise InputError(
            f"{source}: path {path!r} escapes the corpus root (paths must be relative, without "
            f"'..'); fix the entry in {source}."
        )
    return pure


def _verify(file: RemoteFile, data_path: Path, *, origin: str) -> None:
    """Raise :class:`ChecksumError` unless ``data_path`` has ``file``'s size and sha256."""
    size = data_path.stat().st_size
    if file.size is not None and size != file.size:
        raise ChecksumError(
            f"{file.path}: {origin} gave {size:,} bytes, the registry expects {file.size:,}. "
            f"The source is corrupt or a different version; fix or refresh the mirror "
            f"(or delete the file there) and fetch again."
        )
    actual = sha256_file(data_path)
    if actual != file.sha256:
        raise ChecksumError(
            f"{file.path}: sha256 mismatch from {origin}: expected {file.sha256}, got {actual}. "
            f"The source is corrupt or a different version; fix or refresh the mirror "
            f"(or delete the file there) and fetch again."
        )


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def _cached_ok(file: RemoteFile, target: Path) -> bool:
    if not target.is_file():
        return False
    if file.size is not None and target.stat().st_size != file.size:
        return False
    return sha256_file(target) == file.sha256


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    yield from iter(lambda: stream.read(_CHUNK), b"")


def _limit(file: RemoteFile) -> int | None:
    """The most bytes to accept for ``file``: its registered size plus a margin (1 %, >= 64 KiB)."""
    if file.size is None:
        return None
    return file.size + max(_CHUNK, file.size // 100)


def _copy(
    chunks: Iterator[bytes], handle: BinaryIO, file: RemoteFile, origin: str, deadline: float
) -> int:
    """Write ``chunks`` into ``handle``, stopping past the size limit or the deadline."""
    limit = _limit(file)
    stop = time.monotonic() + deadline
    received = 0
    for chunk in chunks:
        received += len(chunk)
        if limit is not None and received > limit:
            raise ChecksumError(
                f"{file.path}: {origin} sent more than {limit:,} bytes, but the registry "
                f"expects {file.size:,}; stopped reading and cached nothing. The source is a "
                "different file; fix or refresh the mirror."
            )
        handle.write(chunk)
        if time.monotonic() > stop:
            raise CorpusUnavailableError(
                f"{file.path}: reading {origin} took longer than {deadline:g} s ({received:,} "
                "bytes received); stopped and cached nothing. The source is too slow: try "
                "again later, use another mirror, or pass a longer deadline."
            )
    return received


def _download(
    url: str, handle: BinaryIO, file: RemoteFile, *, timeout: float, deadline: float
) -> None:
    """Stream ``url`` into ``handle``; raise :class:`CorpusUnavailableError` if it fails."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            limit = _limit(file)
            if (
                declared is not None
                and declared.isdigit()
                and limit is not None
                and int(declared) > limit
            ):
                raise ChecksumError(
                    f"{file.path}: {url} announces {int(declared):,} bytes, but the "
                    f"registry expects {file.size:,}; nothing was downloaded. The source "
                    "is a different file; fix or refresh the mirror."
                )
            # read1 returns what has arrived, so a trickling server meets the deadline
            chunks = iter(lambda: response.read1(_CHUNK), b"")
            received = _copy(chunks, handle, file, url, deadline)
    except http.client.IncompleteRead as exc:
        raise CorpusUnavailableError(
            f"{file.path}: download from {url} was interrupted after {len(exc.partial):,} "
            f"bytes; nothing was cached. Try again."
        ) from None
    except urllib.error.HTTPError as exc:
        raise CorpusUnavailableError(
            f"{file.path}: HTTP {exc.code} {exc.reason} from {url}. The file is not served "
            f"there; check DISCOURSE_MIRROR (or the registry's origin URL)."
        ) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", exc)
        raise CorpusUnavailableError(
            f"{file.path}: not cached and {url} is unreachable ({reason}); {_NO_SOURCE}."
        ) from None
    if declared is not None and declared.isdigit() and received < int(declared):
        raise CorpusUnavailableError(
            f"{file.path}: download from {url} was interrupted after {received:,} of "
            f"{int(declared):,} bytes; nothing was cached. Try again."
        )


def _clean_stale_parts(folder: Path, name: str) -> None:
    """Remove ``.part`` files of ``name`` older than an hour (left by a killed fetch)."""
    now = time.time()
    for part in folder.glob(f".{name}.*.part"):
        try:
            if now - part.stat().st_mtime > _STALE_PART:
                part.unlink()
        except OSError:  # another process removed or is finishing it
            continue


def _source(file: RemoteFile, mirror: str | None) -> str:
    relpath = safe_relpath(file.path)
    if mirror is None:
        if file.url is None:
            raise CorpusUnavailableError(
                f"{file.path}: not cached, and the file has no origin URL (it is served only by "
                f"data mirrors); set DISCOURSE_MIRROR to a folder or URL holding it."
            )
        return file.url
    if _is_url(mirror):
        return mirror.rstrip("/") + "/" + urllib.parse.quote(relpath.as_posix())
    if mirror.startswith("file://"):
        mirror = urllib.request.url2pathname(urllib.parse.urlparse(mirror).path)
    return str(Path(mirror).expanduser().joinpath(*relpath.parts))


def fetch(
    file: RemoteFile,
    *,
    mirror: str | None = None,
    cache_dir: Path | None = None,
    timeout: float = _TIMEOUT,
    deadline: float = _DEADLINE,
) -> Path:
    """Return the local path of a verified copy of ``file``, fetching it if needed.

    Parameters
    ----------
    file
        The registered file.
    mirror
        A folder or ``http(s)://`` base URL; defaults to ``$DISCOURSE_MIRROR``
        (:func:`discourse.corpus.paths.mirror`). Unset: the origin URL.
    cache_dir
        The cache root; defaults to :func:`discourse.corpus.paths.data_dir`.
    timeout
        Seconds to wait on a network connection (each connect or read).
    deadline
        Seconds the whole transfer of the file may take; a slower source is an error.
        Reading also stops once the source sends more than the registered size plus a
        margin of 1 % (at least 64 KiB), before more reaches the disk.

    Returns
    -------
    pathlib.Path
        ``<cache_dir>/<file.path>``, whose bytes match the registered size and sha256.

    Raises
    ------
    ChecksumError
        The mirror or origin served bytes that do not match the registry.
    CorpusUnavailableError
        The file is not cached and cannot be read from the mirror or origin.
    InputError
        ``file.path`` escapes the root.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from discourse.corpus.normalise import sha256_bytes
    >>> tmp = tempfile.TemporaryDirectory()
    >>> mirror, cache = Path(tmp.name) / "mirror", Path(tmp.name) / "cache"
    >>> (mirror / "demo").mkdir(parents=True)
    >>> _ = (mirror / "demo" / "a.txt").write_bytes(b"We the peoples")
    >>> file = RemoteFile("demo/a.txt", None, sha256_bytes(b"We the peoples"), 14)
    >>> local = fetch(file, mirror=str(mirror), cache_dir=cache)
    >>> local.relative_to(cache).as_posix(), local.read_bytes()
    ('demo/a.txt', b'We the peoples')
    >>> tmp.cleanup()
    """
    relpath = safe_relpath(file.path)
    root = Path(cache_dir) if cache_dir is not None else paths.data_dir()
    target = root.joinpath(*relpath.parts)
    if _cached_ok(file, target):
        return target
    mirror = paths.mirror() if mirror is None else mirror
    source = _source(file, mirror)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _clean_stale_parts(target.parent, target.name)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as exc:
        raise CorpusUnavailableError(
            f"{file.path}: not cached, and the cache folder {target.parent} cannot be written "
            f"({exc.strerror or type(exc).__name__}: {exc.filename or target.parent}); make "
            "it writable, or point DISCOURSE_DATA at a writable folder (a read-only cache "
            "serves only the files it already holds)."
        ) from None
    tmp = Path(tmp_name)
    try:
        # mkstemp creates the file 0600; a cache shared between users needs the umask's mode
        os.chmod(fd, file_mode())
        with os.fdopen(fd, "wb") as handle:
            if _is_url(source):
                _download(source, handle, file, timeout=timeout, deadline=deadline)
            else:
                try:
                    src = open(source, "rb")  # noqa: SIM115 - closed below; opening is checked
                except FileNotFoundError:
                    raise CorpusUnavailableError(
                        f"{file.path}: not cached and missing from the mirror ({source} does not "
                        f"exist); point DISCOURSE_MIRROR at a complete mirror, or unset it to "
                        f"download from the origin."
                    ) from None
                except IsADirectoryError:
                    raise CorpusUnavailableError(
                        f"{file.path}: the mirror holds a folder at {source}, where this file "
                        "should be; fix the mirror (the file goes there, not a folder), point "
                        "DISCOURSE_MIRROR at a complete mirror, or unset it to download from "
                        "the origin."
                    ) from None
                except OSError as exc:
                    raise CorpusUnavailableError(
                        f"{file.path}: cannot read {source} on the mirror "
                        f"({exc.strerror or type(exc).__name__}); make it readable, point "
                        "DISCOURSE_MIRROR at another mirror, or unset it to download from the "
                        "origin."
                    ) from None
                with src:
                    _copy(_chunks(src), handle, file, source, deadline)
            handle.flush()
            os.fsync(handle.fileno())
        _verify(file, tmp, origin=source)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def fetch_all(
    files: Sequence[RemoteFile],
    *,
    mirror: str | None = None,
    cache_dir: Path | None = None,
    progress: bool = True,
    desc: str = "fetching",
    workers: int = 8,
    timeout: float = _TIMEOUT,
    deadline: float = _DEADLINE,
) -> list[Path]:
    """Fetch many files (see :func:`fetch`) with a progress bar; paths in the input order.

    Cached files are checked first without threads; the rest are fetched by up to ``workers``
    threads. The first failure is raised once the running fetches finish (files already fetched
    stay cached, so a retry resumes).

    Parameters
    ----------
    files
        The registered files.
    mirror, cache_dir, timeout, deadline
        As for :func:`fetch`.
    progress
        Show a tqdm progress bar.
    desc
        The progress bar's label.
    workers
        The number of download threads.

    Examples
    --------
    >>> fetch_all([], progress=False)
    []
    """
    root = Path(cache_dir) if cache_dir is not None else paths.data_dir()
    mirror = paths.mirror() if mirror is None else mirror
    results: list[Path | None] = [None] * len(files)
    with tqdm(total=len(files), desc=desc, unit="file", disable=not progress) as bar:
        missing: list[int] = []
        for i, file in enumerate(files):
            target = root.joinpath(*safe_relpath(file.path).parts)
            if _cached_ok(file, target):
                results[i] = target
                bar.update()
            else:
                missing.append(i)
        if missing:
            threads = max(1, min(workers, len(missing)))

            def one(i: int) -> Path:
                path = fetch(
                    files[i], mirror=mirror, cache_dir=root, timeout=timeout, deadline=deadline
                )
                bar.update()
                return path

            with ThreadPoolExecutor(max_workers=threads) as pool:
                futures = {i: pool.submit(one, i) for i in missing}
                error: BaseException | None = None
                for i, future in futures.items():
                    try:
                        results[i] = future.result()
                    except BaseException as exc:  # noqa: BLE001 - re-raised below
                        if error is None:
                            error = exc
                            for pending in futures.values():
                                pending.cancel()
                if error is not None:
                    raise error
    return [path for path in results if path is not None]
