"""Run the analysis notebooks headless and regenerate every figure and table (``make figures``).

The notebooks in ``notebooks/`` are jupytext ``py:percent`` text files. :func:`run` executes
them in file-name order with papermill on the project's Python kernel, passing the output
folder as the parameter ``out_dir`` (each notebook has a cell tagged ``parameters``). Executed
notebooks, and an HTML export of each, go to a build folder (``build/notebooks/``, not
committed).

What the run does with failures:

* a notebook whose cell raises stops the run with a :class:`NotebookError` naming the notebook,
  the cell and the error (the executed notebook, with its traceback, is in the build folder);
* a notebook that stops on :class:`~discourse.errors.CorpusUnavailableError` (an external
  corpus is neither cached nor reachable through ``DISCOURSE_MIRROR``) is *skipped*: its
  previous outputs are kept as they were, the run goes on with the other notebooks and ends by
  listing what was not regenerated and why.

Files a notebook no longer makes are deleted (with their provenance entries), so the output
folder always matches the notebooks. Command line::

    python -m discourse.report.pipeline --out figures [--build build] [--only 01_seed_interview]
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus.paths import (
    PACKAGE_DIR,
    figures_dir,
    inside_package,
    is_checkout,
    notebooks_dir,
    output_dir,
    project_root,
)
from ..errors import DiscourseError, InputError
from .save import (
    forget_files,
    load_provenance,
    store_provenance,
    write_index,
    write_provenance,
)

__all__ = ["NotebookError", "NotebookRun", "RunResult", "find_notebooks", "main", "run"]

#: The name of the exception that marks a notebook as skipped rather than failed.
UNAVAILABLE = "CorpusUnavailableError"


class NotebookError(DiscourseError):
    """A notebook failed: the message names the notebook, the cell and the error."""


@dataclass(frozen=True)
class NotebookRun:
    """What happened to one notebook.

    ``status`` is ``ok`` (``outputs`` are the files it made) or ``skipped`` (``reason`` says
    why; ``kept`` are its earlier files, left as they were).
    """

    name: str
    status: str
    seconds: float
    n_cells: int
    outputs: tuple[str, ...] = ()
    reason: str = ""
    kept: tuple[str, ...] = ()


@dataclass
class RunResult:
    """The notebooks run, in order, and the total wall-clock time."""

    notebooks: list[NotebookRun] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def skipped(self) -> list[NotebookRun]:
        """The notebooks skipped because an external corpus was unavailable."""
        return [nb for nb in self.notebooks if nb.status == "skipped"]


def find_notebooks(
    folder: str | os.PathLike[str] | None = None, *, only: Sequence[str] = ()
) -> list[Path]:
    """The notebooks to run, in file-name order.

    Parameters
    ----------
    folder
        Where the notebooks are; defaults to ``notebooks/`` at the project root.
    only
        Notebook stems or glob patterns (``01_seed_interview``, ``0[12]_*``) to select.

    Examples
    --------
    >>> [p.name for p in find_notebooks(only=["01_*"])]
    ['01_seed_interview.py']
    """
    base = notebooks_dir() if folder is None else Path(folder)
    found = sorted(p for p in base.glob("*.py") if not p.name.startswith(("_", ".")))
    if only:
        found = [p for p in found if any(fnmatch.fnmatch(p.stem, pat) for pat in only)]
        if not found:
            raise InputError(f"no notebook in {base} matches {list(only)}")
    return found


@contextmanager
def _kernel_environment(notebook: str) -> Iterator[None]:
    """Environment the kernel inherits: this package first on the path, Agg, the notebook."""
    saved = dict(os.environ)
    pythonpath = [str(PACKAGE_DIR.parent), *filter(None, saved.get("PYTHONPATH", "").split(":"))]
    os.environ.update(
        {
            "PYTHONPATH": os.pathsep.join(dict.fromkeys(pythonpath)),
            "MPLBACKEND": "Agg",
            "PYTHONHASHSEED": "0",
            "DISCOURSE_NOTEBOOK": notebook,
        }
    )
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _export_html(notebook_path: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    node = nbformat.read(notebook_path, as_version=4)
    body, _ = HTMLExporter().from_notebook_node(node)
    notebook_path.with_suffix(".html").write_text(body, encoding="utf-8")


def _locate(path: Path, node: Any, source: str) -> str:
    """``cell N (line L)`` of the failing cell in the text notebook, counting cells from 1."""
    number = next((i for i, c in enumerate(node.cells, 1) if c.source == source), None)
    offset = path.read_text(encoding="utf-8").find(source) if source.strip() else -1
    where = f"cell {number}" if number else "a cell"
    if offset >= 0:
        line = path.read_text(encoding="utf-8").count("\n", 0, offset) + 1
        where += f" (line {line}: {source.strip().splitlines()[0]!r})"
    return where


def _run_one(
    path: Path,
    *,
    out_dir: Path,
    build_dir: Path,
    kernel_name: str,
    progress: bool,
) -> tuple[str, str]:
    """Execute one notebook; return ``("ok", "")`` or ``("skipped", reason)``."""
    import jupytext
    import papermill
    from papermill.exceptions import PapermillExecutionError

    node = jupytext.read(path, fmt="py:percent")
    executed = build_dir / f"{path.stem}.ipynb"
    try:
        with _kernel_environment(path.stem):
            papermill.execute_notebook(
                node,
                str(executed),
                parameters={"out_dir": str(out_dir)},
                kernel_name=kernel_name,
                language="python",
                progress_bar=progress,
                request_save_on_cell_execute=False,
                cwd=str(build_dir),
            )
    except PapermillExecutionError as err:
        if err.ename == UNAVAILABLE:
            return "skipped", f"{err.ename}: {err.evalue}"
        raise NotebookError(
            f"notebooks/{path.name} failed in {_locate(path, node, str(err.source))}: "
            f"{err.ename}: {err.evalue}\nThe executed notebook with the full traceback: {executed}"
        ) from None
    return "ok", ""


def run(
    out_dir: str | os.PathLike[str] | None = None,
    *,
    notebooks: str | os.PathLike[str] | None = None,
    build_dir: str | os.PathLike[str] | None = None,
    only: Sequence[str] = (),
    kernel_name: str = "python3",
    export_html: bool = True,
    progress: bool = True,
) -> RunResult:
    """Execute the notebooks and regenerate their figures and tables.

    Parameters
    ----------
    out_dir
        Where figures and tables go; defaults to ``figures/`` at the project root of a
        checkout, and to :func:`discourse.corpus.paths.output_dir` (``$DISCOURSE_OUT`` or
        ``~/discourse-output``) for an installed package. A folder inside the package is
        refused.
    notebooks
        The notebooks folder; defaults to ``notebooks/`` at the project root.
    build_dir
        Where executed notebooks (``.ipynb``, ``.html``) go; defaults to ``build/notebooks/``
        (of the checkout, or of the output folder for an installed package).
    only
        Run only these notebooks (stems or glob patterns).
    kernel_name
        The Jupyter kernel; ``python3`` is the interpreter running the pipeline.
    export_html
        Also export each executed notebook to HTML.
    progress
        Show which notebook runs and a progress bar over its cells.

    Returns
    -------
    RunResult
        Per notebook: status (``ok`` or ``skipped``), seconds, cells, outputs, skip reason.

    Raises
    ------
    NotebookError
        A notebook failed (other than for an unavailable corpus).
    """
    import jupytext

    started = time.perf_counter()
    out = (_default_out() if out_dir is None else Path(out_dir)).resolve()
    if inside_package(out):
        raise InputError(f"out_dir {str(out)!r} is inside the installed package; choose another")
    if build_dir is None:
        base = project_root() if is_checkout() else output_dir()
        build = base / "build" / "notebooks"
    else:
        build = Path(build_dir)
    build = build.resolve()
    out.mkdir(parents=True, exist_ok=True)
    build.mkdir(parents=True, exist_ok=True)
    paths = find_notebooks(notebooks, only=only)
    result = RunResult()
    for i, path in enumerate(paths, 1):
        n_cells = sum(
            cell.cell_type == "code" for cell in jupytext.read(path, fmt="py:percent").cells
        )
        if progress:
            print(f"[{i}/{len(paths)}] notebooks/{path.name}: {n_cells} code cells", flush=True)
        outputs = load_provenance(out)
        previous = {k: v for k, v in outputs.items() if v.get("notebook") == path.stem}
        write_provenance({k: v for k, v in outputs.items() if k not in previous}, out)
        t0 = time.perf_counter()
        try:
            status, reason = _run_one(
                path, out_dir=out, build_dir=build, kernel_name=kernel_name, progress=progress
            )
        except BaseException:
            _restore(out, previous)
            raise
        made: tuple[str, ...] = ()
        if status == "skipped":
            _restore(out, previous)
        else:
            now = load_provenance(out)
            made = tuple(sorted(k for k, v in now.items() if v.get("notebook") == path.stem))
            stale = {k: v for k, v in previous.items() if k not in now}
            _restore(out, stale)
            forget_files(stale, out)
        if export_html:
            executed = build / f"{path.stem}.ipynb"
            if executed.exists():
                _export_html(executed)
        seconds = time.perf_counter() - t0
        kept = tuple(sorted(previous)) if status == "skipped" else ()
        result.notebooks.append(
            NotebookRun(path.stem, status, seconds, n_cells, made, reason, kept)
        )
        if progress:
            note = f"skipped — {reason}" if status == "skipped" else f"{len(made)} files"
            print(f"      {path.stem}: {note} ({seconds:.1f} s)", flush=True)
    write_index(out, not_regenerated={nb.name: nb.reason for nb in result.skipped})
    result.seconds = time.perf_counter() - started
    return result


def _default_out() -> Path:
    """``figures/`` of a checkout (what ``make figures`` regenerates), else the user's output
    folder (:func:`discourse.corpus.paths.output_dir`): an installed wheel never writes beside
    itself."""
    return figures_dir() if is_checkout() else output_dir()


def _restore(out: Path, previous: dict[str, dict[str, object]]) -> None:
    """Put back the provenance entries of files a notebook did not remake."""
    outputs = load_provenance(out)
    for name, entry in previous.items():
        outputs.setdefault(name, dict(entry))
    store_provenance(outputs, out)


def _summary(result: RunResult, out: Path) -> str:
    lines = [f"Ran {len(result.notebooks)} notebooks in {result.seconds:.1f} s; outputs in {out}"]
    for nb in result.notebooks:
        lines.append(f"  {nb.name:<28} {nb.status:<8} {nb.seconds:6.1f} s  {len(nb.outputs)} files")
    if result.skipped:
        lines.append("Not regenerated (an external corpus was unavailable; previous files kept):")
        for nb in result.skipped:
            lines.append(f"  notebooks/{nb.name}.py: {nb.reason}")
            if nb.kept:
                lines.append(f"    files left as they were: {', '.join(nb.kept)}")
        lines.append("Set DISCOURSE_MIRROR (a folder or URL) or DISCOURSE_DATA (a filled cache).")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The command line: ``python -m discourse.report.pipeline --out figures``."""
    parser = argparse.ArgumentParser(
        prog="python -m discourse.report.pipeline",
        description="Execute notebooks/*.py headless and regenerate every figure and table.",
    )
    parser.add_argument("--out", type=Path, default=None, help="output folder (figures/)")
    parser.add_argument("--build", type=Path, default=None, help="executed notebooks folder")
    parser.add_argument("--only", action="append", default=[], help="notebook stem or glob")
    parser.add_argument("--kernel", default="python3", help="Jupyter kernel name")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML exports")
    parser.add_argument("--quiet", action="store_true", help="no progress output")
    args = parser.parse_args(argv)
    try:
        result = run(
            args.out,
            build_dir=args.build,
            only=args.only,
            kernel_name=args.kernel,
            export_html=not args.no_html,
            progress=not args.quiet,
        )
    except DiscourseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    out = (_default_out() if args.out is None else args.out).resolve()
    print(_summary(result, out))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
