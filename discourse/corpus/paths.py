"""Where things live: the one place the package resolves paths.

Every other module asks this one; nothing builds paths relative to the working directory.

Environment variables
---------------------
DISCOURSE_ROOT
    The project root (the folder holding ``corpus/`` and ``figures/``). Defaults to the
    checkout this package was imported from, or, for an installed wheel, the package folder
    (whose ``_corpus/`` holds the embedded corpus).
DISCOURSE_DATA
    The cache folder for external corpora. Defaults to ``~/.cache/discourse``. Created when
    needed; a file there is an error. A read-only cache serves the files it holds; fetching
    another one into it is an error naming the folder.
DISCOURSE_MIRROR
    A folder or base URL used instead of the corpora's origins (CI points it at its data
    mirror). Unset: the package downloads from the origins.
DISCOURSE_OUT
    Where figures and tables go when a notebook or ``report.save_*`` is given no ``out_dir``.
    Defaults to ``~/discourse-output``: never the package, never the checkout's committed
    ``figures/`` (only ``make figures`` writes there, by asking for it).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    """The project root: ``$DISCOURSE_ROOT`` or the checkout holding this package."""
    env = os.environ.get("DISCOURSE_ROOT")
    if env:
        return Path(env).expanduser().resolve()
    return PACKAGE_DIR.parent


def corpus_dir() -> Path:
    """The embedded corpus folder (``corpus/`` in a checkout, ``_corpus/`` in a wheel)."""
    checkout = project_root() / "corpus"
    if checkout.is_dir():
        return checkout
    return PACKAGE_DIR / "_corpus"


def figures_dir() -> Path:
    """The committed figures and tables of a checkout (``figures/`` at the project root).

    ``make figures`` writes here by passing it explicitly; the default output folder of
    notebooks and ``report.save_*`` is :func:`output_dir`.
    """
    return project_root() / "figures"


def output_dir() -> Path:
    """The default output folder: ``$DISCOURSE_OUT`` or ``~/discourse-output``."""
    env = os.environ.get("DISCOURSE_OUT", "").strip()
    base = Path(env).expanduser() if env else Path.home() / "discourse-output"
    return base.resolve()


def is_checkout() -> bool:
    """Whether the package runs from a source checkout (a ``pyproject.toml`` and ``notebooks/``
    beside it) rather than from an installed wheel."""
    root = project_root()
    return (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir()


def inside_package(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` lies inside the installed package (``discourse/``), where nothing
    may be written; an installed wheel's site-packages folder counts too."""
    resolved = Path(path).expanduser().resolve()
    forbidden = [PACKAGE_DIR] if is_checkout() else [PACKAGE_DIR, PACKAGE_DIR.parent]
    return any(resolved == f or f in resolved.parents for f in forbidden)


def notebooks_dir() -> Path:
    """The text notebooks (``notebooks/`` at the project root)."""
    return project_root() / "notebooks"


def data_dir() -> Path:
    """The cache of external corpora: ``$DISCOURSE_DATA`` or ``~/.cache/discourse``.

    The folder need not exist yet (it is created when something is cached); a path that
    exists and is not a folder is an :class:`~discourse.errors.InputError` naming it.
    """
    env = os.environ.get("DISCOURSE_DATA")
    base = Path(env).expanduser() if env else Path.home() / ".cache" / "discourse"
    resolved = base.resolve()
    if resolved.exists() and not resolved.is_dir():
        from ..errors import InputError

        origin = f"DISCOURSE_DATA={env}" if env else "the default cache folder"
        raise InputError(
            f"{origin}: {resolved} is a file, not a folder; the cache of external corpora "
            "must be a folder. Point DISCOURSE_DATA at a folder (it is created if missing), "
            "or move the file away."
        )
    return resolved


def mirror() -> str | None:
    """The data mirror (``$DISCOURSE_MIRROR``): a folder or a base URL, or ``None``."""
    value = os.environ.get("DISCOURSE_MIRROR", "").strip()
    return value or None
