"""Check the dependency floors: install the lowest versions pyproject.toml allows, run tests.

Usage (from the project root; needs the package registry, ~2 minutes plus the tests)::

    make floors            # or: .venv/bin/python tests/floors.py [pytest args...]

It resolves ``pyproject.toml`` (all extras) with uv's ``--resolution lowest-direct`` (every
direct dependency at its floor, indirect ones as uv picks them), installs that into a throwaway
virtual environment under ``build/floors/``, and runs the test suite there, without the tests
that need a browser or compare committed figures byte for byte (those are made with the locked
versions). A floor that does not work fails here: raise it in ``pyproject.toml``.

Floors found this way (November 2026): ``nltk>=3.10.2`` (3.9.0 loads WordNet data at import;
before 3.10.2 Punkt keeps ``“a disgrace.” Nobody agreed.`` as one sentence),
``matplotlib>=3.10`` (``Artist.get_figure(root=...)``), ``scikit-learn>=1.6``
(``parametrize_with_checks(expected_failed_checks=...)``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "floors"
UV = Path(sys.executable).with_name("uv")


def _run(*args: str | Path) -> None:
    print("+", " ".join(map(str, args)), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT)


def main(pytest_args: list[str]) -> int:
    if BUILD.exists():
        shutil.rmtree(BUILD)  # only ever this script's own folder
    BUILD.mkdir(parents=True)
    pins = BUILD / "requirements-floors.txt"
    _run(UV, "pip", "compile", "pyproject.toml", "--all-extras", "--resolution",
         "lowest-direct", "--python-version", "3.11", "--quiet", "-o", pins)  # fmt: skip
    env = BUILD / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    _run(UV, "pip", "sync", "--quiet", "--python", python, pins)
    _run(UV, "pip", "install", "--quiet", "--no-deps", "--python", python, "-e", ".")
    fresh = "tests/artifacts/test_figures_fresh.py"
    args = pytest_args or ["-q", "-m", "not browser", "--deselect", fresh]
    done = subprocess.run([str(python), "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=ROOT)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
