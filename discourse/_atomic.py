"""Safe file writes: the one way the package writes a file it produces.

In: a path and the bytes to write. Out: the file, and nothing the user owns destroyed.

- A regular file (or a new name) is written through a temporary file in the same folder and
  renamed into place, so a reader never sees a half-written file and an interrupted write
  leaves the old file (or none) and no temporary file behind. An existing file keeps its
  permission bits; a new one gets the umask's mode (``0666`` less the umask, as ``open()``
  would) unless ``mode`` says otherwise. A link to a regular file is followed: the file it
  points to is replaced, the link stays.
- A device, FIFO or socket (``/dev/null``, ``/dev/stdout``, a named pipe, a shell's process
  substitution ``>(cmd)``) is written to directly, as a stream: renaming a file over it would
  destroy it (and a FIFO's reader would never see the data).
- A folder is refused with an :class:`~discourse.errors.InputError`.

Temporary names are ``.<name>.<random>.tmp``, with ``<name>`` shortened so the whole name stays
within the file system's limit on a name (a legal 255-byte output name still works).
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

from .errors import InputError

__all__ = ["exchange", "is_special_file", "temp_prefix", "write_atomic"]

# bytes a temporary name adds around the shortened output name: "." + "." + 8 random + ".tmp"
_TEMP_OVERHEAD = 1 + 1 + 8 + 4


def _name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no pathconf
        return 255


def temp_prefix(name: str, folder: Path) -> str:
    """The prefix ``.<name>.`` of a temporary file beside ``name``, shortened to fit the limit.

    The name is cut at a character boundary so that the prefix, the 8 random characters and
    ``.tmp`` together stay within the file system's longest name (``PC_NAME_MAX``, 255 bytes on
    most systems).
    """
    room = max(1, _name_max(folder) - _TEMP_OVERHEAD)
    encoded = os.fsencode(name)
    if len(encoded) > room:
        encoded = encoded[:room]
        name = encoded.decode("utf-8", errors="ignore") or "out"
    return f".{name}."


def is_special_file(path: Path) -> bool:
    """True when ``path`` exists and is a device, FIFO or socket (written as a stream)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


_UMASK_LOCK = threading.Lock()


def file_mode() -> int:
    """The mode a new file gets: ``0o666`` less the umask, as ``open()`` would give it.

    Reading the umask means setting it for an instant, so threads read it under one lock.
    """
    with _UMASK_LOCK:
        umask = os.umask(0o022)
        os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` without destroying anything on the way.

    Parameters
    ----------
    path : Path
        The file to write. A regular file or a new name is replaced atomically; a device, FIFO
        or socket is written to directly; a folder is refused.
    data : bytes
        The whole content.
    mode : int, optional
        Permission bits of the file. Default: an existing file keeps its own; a new file gets
        ``0666`` less the umask.

    Raises
    ------
    InputError
        ``path`` is a folder, or its folder does not exist.
    """
    path = Path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise InputError(f"{path}: a part of the path is a file, not a folder") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a folder; give a file name to write to")
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "wb") as stream:  # a device, FIFO or socket: write through it
            stream.write(data)
        return
    if st is not None and path.is_symlink():
        path = Path(os.path.realpath(path))  # replace the file the link points to, keep the link
    if mode is None:
        mode = stat.S_IMODE(st.st_mode) if st is not None else file_mode()
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"{path}: the folder {folder} does not exist; create it first")
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name, folder), suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths atomically (Linux 3.15+)
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap the folders (or files) ``a`` and ``b`` in one atomic step; ``False`` when the
    system cannot (no ``renameat2``, or a file system without ``RENAME_EXCHANGE``), and then
    nothing was changed.

    At every instant both names exist: a reader of ``b`` sees the old content or the new one,
    never nothing.
    """
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    errno = ctypes.get_errno()
    import errno as codes

    if errno in (codes.EINVAL, codes.ENOSYS, codes.EOPNOTSUPP):
        return False
    raise OSError(errno, os.strerror(errno), str(b))
