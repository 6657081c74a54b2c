"""Deterministic saving of figures and tables, with provenance and the figures index.

In: a figure, a table or an HTML page. Out: content-named files in ``figures/`` (or
``out_dir``), their entries in ``provenance.json`` and the index ``README.md``.

Every figure and table the notebooks make goes through :func:`save_figure`, :func:`save_table`
or :func:`save_html`. They write content-named files (``anti_western_rate_by_year.svg``, never
``fig3a.png``) whose bytes depend only on their content — no timestamps, no library versions,
fixed SVG ids, fixed resolution, fixed float formatting, sorted rows, LF line ends — so that
``make figures`` run twice, or on another machine with the locked dependencies, gives
byte-identical files and a clean ``git diff``. Writes are atomic (a temporary file in the same
folder, then :func:`os.replace`).

Each call also records, in ``provenance.json`` beside the outputs, the notebook that made the
output, its one-sentence finding and where its numbers came from: the codebook hash and version
(from the ``attrs`` of the tables it was computed from) and a digest of the corpus documents (from
their ``raw_sha256`` column). ``README.md`` in the same folder is regenerated from that record
after every save: one row per output, file → notebook → finding.

Provenance record (``provenance.json``)
----------------------------------------
``{"outputs": {file: entry}}`` with, for each file written, its output ``name`` and ``kind``
(``figure``, ``table`` or ``html``; a figure and the table behind it may share a name),
``notebook`` (its stem, or null), ``finding``, and ``sources``: ``codebook_hash``,
``codebook_version``, ``corpus_sha256`` (the sha256 of the sorted ``doc_id<TAB>raw_sha256``
lines of the documents involved) and ``n_documents``, each present only when known.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._atomic import write_atomic
from ..corpus.load import corpus_digest
from ..corpus.paths import inside_package, output_dir
from ..errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = [
    "INDEX_FILE",
    "PROVENANCE_FILE",
    "forget_files",
    "load_provenance",
    "store_provenance",
    "save_figure",
    "save_html",
    "save_table",
    "sources_of",
    "write_index",
    "write_provenance",
]

PROVENANCE_FILE = "provenance.json"
INDEX_FILE = "README.md"

#: Resolution of PNG previews, in dots per inch.
PNG_DPI = 150
#: How floats are written in CSV and Markdown tables: six significant digits.
FLOAT_FORMAT = "%.6g"
#: The ``svg.hashsalt`` that makes SVG element ids reproducible.
SVG_HASHSALT = "discourse"
_CREATOR = "discourse"

_SLUG = re.compile(r"^[a-z0-9]+(?:[_-][a-z0-9]+)*$")
_FIGURE_FORMATS = ("svg", "png", "pdf")


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _SLUG.match(name):
        raise InputError(
            f"output name {name!r} is not a content name: use lower-case letters, digits, '_' "
            "and '-' only, without an extension (e.g. 'anti_western_rate_by_year')"
        )
    return name


def _check_finding(finding: str) -> str:
    if not isinstance(finding, str) or not finding.strip():
        raise InputError("finding must be a non-empty sentence stating what the output shows")
    return " ".join(finding.split())


def _resolve_out_dir(out_dir: str | os.PathLike[str] | None) -> Path:
    """``out_dir``, or :func:`discourse.corpus.paths.output_dir` (``$DISCOURSE_OUT`` or
    ``~/discourse-output``); created. A folder inside the package is refused."""
    path = output_dir() if out_dir is None else Path(out_dir).expanduser()
    if inside_package(path):
        raise InputError(
            f"out_dir {str(path)!r} is inside the installed package; outputs never go there. "
            "Pass another out_dir, or set DISCOURSE_OUT"
        )
    path.mkdir(parents=True, exist_ok=True)
    return path


def _resolve_notebook(notebook: str | None) -> str | None:
    if notebook is not None:
        return notebook
    return os.environ.get("DISCOURSE_NOTEBOOK") or None


# --------------------------------------------------------------------------- provenance


def sources_of(*tables: pd.DataFrame) -> dict[str, Any]:
    """Where the numbers of an output came from, read off the tables it was computed from.

    Parameters
    ----------
    *tables
        Any of the package's tables. ``attrs["codebook_hash"]`` and
        ``attrs["codebook_version"]`` are taken from the first table that has them; every table
        with ``doc_id`` and ``raw_sha256`` columns (a corpus table) adds its documents.

    Returns
    -------
    dict
        ``codebook_hash``, ``codebook_version``, ``corpus_sha256`` (sha256 of the sorted, unique
        ``doc_id<TAB>raw_sha256`` lines) and ``n_documents``, each only when known.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["b", "a"], "raw_sha256": ["22", "11"]})
    >>> matches = pd.DataFrame({"frame": ["anti_western"]})
    >>> matches.attrs.update(codebook_hash="abc123", codebook_version="1.0")
    >>> src = sources_of(corpus, matches)
    >>> src["codebook_hash"], src["n_documents"], len(src["corpus_sha256"])
    ('abc123', 2, 64)
    >>> sources_of(corpus)["corpus_sha256"] == sources_of(corpus.iloc[::-1])["corpus_sha256"]
    True
    """
    out: dict[str, Any] = {}
    docs: dict[str, str] = {}
    for table in tables:
        if not isinstance(table, pd.DataFrame):
            raise InputError(f"sources must be DataFrames, got {type(table).__name__}")
        for key in ("codebook_hash", "codebook_version"):
            value = table.attrs.get(key)
            if key not in out and value is not None:
                out[key] = str(value)
        if {"doc_id", "raw_sha256"} <= set(table.columns):
            pairs = table[["doc_id", "raw_sha256"]].dropna().astype(str)
            docs.update(zip(pairs["doc_id"], pairs["raw_sha256"], strict=True))
    if docs:
        out["corpus_sha256"] = corpus_digest(docs)
        out["n_documents"] = len(docs)
    return out


def load_provenance(out_dir: str | os.PathLike[str] | None = None) -> dict[str, dict[str, Any]]:
    """The provenance record of an output folder: ``{file: entry}`` (empty if none yet).

    Examples
    --------
    >>> import tempfile
    >>> load_provenance(tempfile.mkdtemp())
    {}
    """
    path = (output_dir() if out_dir is None else Path(out_dir)) / PROVENANCE_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        outputs = data["outputs"]
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise InputError(
            f"{path}: not a provenance record ({err}); delete it and rerun `make figures`"
        ) from err
    if not isinstance(outputs, dict):
        raise InputError(f"{path}: key 'outputs' must map file names to entries")
    return outputs


def write_provenance(
    outputs: Mapping[str, Mapping[str, Any]], out_dir: str | os.PathLike[str] | None = None
) -> None:
    """Replace the provenance record of an output folder (sorted keys, LF, no timestamps).

    Used by the pipeline to set aside a notebook's entries while it runs; notebooks never
    need it (the ``save_*`` functions record their outputs).
    """
    out_dir = _resolve_out_dir(out_dir)
    text = json.dumps({"outputs": outputs}, indent=2, sort_keys=True, ensure_ascii=False)
    write_atomic(out_dir / PROVENANCE_FILE, (text + "\n").encode("utf-8"))


def forget_files(files: Iterable[str], out_dir: str | os.PathLike[str] | None = None) -> None:
    """Delete output files and their provenance entries, then rewrite the index.

    The pipeline uses it to drop what a notebook no longer makes. Unknown files are ignored.

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> _ = save_html("<p>hi</p>", "hello", finding="A page.", out_dir=out)
    >>> forget_files(["hello.html"], out)
    >>> load_provenance(out), sorted(p.name for p in Path(out).iterdir())
    ({}, ['README.md', 'provenance.json'])
    """
    folder = _resolve_out_dir(out_dir)
    outputs = load_provenance(folder)
    for file in files:
        if outputs.pop(file, None) is not None:
            (folder / file).unlink(missing_ok=True)
    store_provenance(outputs, folder)


def store_provenance(
    outputs: Mapping[str, Mapping[str, Any]], out_dir: str | os.PathLike[str] | None = None
) -> Path:
    """Write an output folder's provenance record and its index, both from ``outputs``.

    The one bookkeeping step after every save, removal or restore: the caller has read the
    record once (:func:`load_provenance`) and changed it; neither file is read again here.
    Returns the index file.
    """
    folder = _resolve_out_dir(out_dir)
    write_provenance(outputs, folder)
    return _write_index(folder, outputs)


def _markdown_cell(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def write_index(
    out_dir: str | os.PathLike[str] | None = None,
    *,
    not_regenerated: Mapping[str, str] | None = None,
) -> Path:
    """(Re)write ``README.md`` of an output folder from its provenance record.

    One row per output, ordered by notebook then name: the files, the notebook that made them
    and the finding it recorded.

    Parameters
    ----------
    out_dir
        The output folder (default ``figures/``).
    not_regenerated
        Notebook stem → reason, for notebooks whose outputs the last run could not remake
        (an external corpus was unavailable); listed in a note under the table.

    Returns
    -------
    pathlib.Path
        The index file.
    """
    folder = _resolve_out_dir(out_dir)
    return _write_index(folder, load_provenance(folder), not_regenerated)


def _write_index(
    folder: Path,
    outputs: Mapping[str, Mapping[str, Any]],
    not_regenerated: Mapping[str, str] | None = None,
) -> Path:
    lines = [
        "# Figures and tables",
        "",
        "Generated by `make figures` (`python -m discourse.report.pipeline`) from the notebooks in",
        "`notebooks/`; do not edit by hand. Each output's codebook hash and corpus checksums are",
        f"in `{PROVENANCE_FILE}`.",
        "",
        "| file | notebook | finding |",
        "|---|---|---|",
    ]
    rows: dict[tuple[str, str, str], list[str]] = {}
    for file, entry in sorted(outputs.items()):  # the record's order (its keys are sorted)
        key = (entry.get("notebook") or "", entry["name"], entry["kind"])
        rows.setdefault(key, []).append(file)
    for key in sorted(rows):
        notebook, name, kind = key
        entry = outputs[rows[key][0]]
        files = " · ".join(f"[{f}]({f})" for f in sorted(rows[key]))
        where = f"`notebooks/{notebook}.py`" if notebook else "—"
        lines.append(f"| {files} | {where} | {_markdown_cell(entry['finding'])} |")
    if not_regenerated:
        lines += ["", "**Not regenerated by the last run** (earlier files kept):", ""]
        lines += [f"- `notebooks/{nb}.py`: {why}" for nb, why in sorted(not_regenerated.items())]
    path = folder / INDEX_FILE
    write_atomic(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _record(
    out_dir: Path,
    name: str,
    *,
    kind: str,
    files: Sequence[str],
    finding: str,
    notebook: str | None,
    sources: Mapping[str, Any],
) -> None:
    outputs = load_provenance(out_dir)
    # The output's earlier files (e.g. a format no longer asked for) go.
    earlier = [f for f, e in outputs.items() if (e["name"], e["kind"]) == (name, kind)]
    for file in earlier:
        del outputs[file]
        if file not in files:
            (out_dir / file).unlink(missing_ok=True)
    for file in files:
        outputs[file] = {
            "name": name,
            "kind": kind,
            "notebook": notebook,
            "finding": finding,
            "sources": dict(sources),
        }
    store_provenance(outputs, out_dir)


def _save_output(
    name: str,
    *,
    kind: str,
    suffixes: Sequence[str],
    render: Callable[[str], bytes],
    finding: str,
    notebook: str | None,
    out_dir: str | os.PathLike[str] | None,
    sources: Iterable[pd.DataFrame],
) -> list[Path]:
    """The one save path: check the name and finding, write ``name.<suffix>`` (its bytes from
    ``render(suffix)``) atomically for each suffix, and record the output's provenance."""
    _check_name(name)
    finding = _check_finding(finding)
    folder = _resolve_out_dir(out_dir)
    written = []
    for suffix in suffixes:
        path = folder / f"{name}.{suffix}"
        write_atomic(path, render(suffix))
        written.append(path)
    _record(
        folder,
        name,
        kind=kind,
        files=[p.name for p in written],
        finding=finding,
        notebook=_resolve_notebook(notebook),
        sources=sources_of(*sources),
    )
    return written


# --------------------------------------------------------------------------- figures


def _figure_bytes(fig: Figure, fmt: str) -> bytes:
    import matplotlib

    metadata: dict[str, Any]
    if fmt == "svg":
        metadata = {"Date": None, "Creator": _CREATOR}
    elif fmt == "png":
        metadata = {"Software": _CREATOR}
    else:  # pdf
        metadata = {"CreationDate": None, "ModDate": None, "Creator": _CREATOR, "Producer": None}
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_HASHSALT, "pdf.compression": 6}):
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata, bbox_inches="tight")
    data = buffer.getvalue()
    if fmt == "svg":
        data = data.replace(b"\r\n", b"\n")
    return data


def save_figure(
    fig: Figure,
    name: str,
    *,
    finding: str,
    notebook: str | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    formats: Sequence[str] = ("svg", "png"),
    sources: Iterable[pd.DataFrame] = (),
) -> list[Path]:
    """Save a matplotlib figure deterministically and record its finding.

    Parameters
    ----------
    fig
        The figure.
    name
        Its content name: lower-case letters, digits, ``_`` and ``-``, no extension
        (``anti_western_rate_by_year``).
    finding
        One sentence saying what the figure shows, computed from the data; it goes into the
        index ``README.md``.
    notebook
        The notebook that made it (its stem); defaults to ``$DISCOURSE_NOTEBOOK``, which the
        pipeline sets.
    out_dir
        The output folder; defaults to :func:`discourse.corpus.paths.output_dir`.
    formats
        Any of ``svg`` (the figure of record), ``png`` (a preview at 150 dpi) and ``pdf``.
    sources
        The tables the figure was computed from; see :func:`sources_of`.

    Returns
    -------
    list of pathlib.Path
        The files written.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [1, 0])
    >>> out = tempfile.mkdtemp()
    >>> [p.name for p in save_figure(fig, "a_line", finding="It falls.", out_dir=out)]
    ['a_line.svg', 'a_line.png']
    >>> load_provenance(out)["a_line.svg"]["finding"]
    'It falls.'
    >>> plt.close(fig)
    """
    bad = [f for f in formats if f not in _FIGURE_FORMATS]
    if bad or not formats:
        raise InputError(f"formats {list(formats)!r}: choose among {list(_FIGURE_FORMATS)}")
    return _save_output(
        name,
        kind="figure",
        suffixes=formats,
        render=lambda fmt: _figure_bytes(fig, fmt),
        finding=finding,
        notebook=notebook,
        out_dir=out_dir,
        sources=sources,
    )


# --------------------------------------------------------------------------- tables


def _format_cell(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        return FLOAT_FORMAT % value
    return str(value)


def _prepare_table(
    df: pd.DataFrame,
    sort_by: str | Sequence[str] | None,
    ascending: bool,
) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"save_table needs a DataFrame, got {type(df).__name__}")
    table = df if isinstance(df.index, pd.RangeIndex) else df.reset_index()
    columns = [str(c) for c in table.columns]
    if len(set(columns)) != len(columns):
        raise InputError(f"table columns must be unique, got {columns}")
    table = table.set_axis(columns, axis=1)
    first = [sort_by] if isinstance(sort_by, str) else list(sort_by or [])
    missing = [k for k in first if k not in columns]
    if missing:
        raise InputError(f"sort_by names columns {missing} that the table lacks ({columns})")
    rest = [c for c in columns if c not in first]
    if columns:
        table = table.sort_values(
            first + rest,
            ascending=[ascending] * len(first) + [True] * len(rest),
            kind="mergesort",
            na_position="last",
        )
    return table.reset_index(drop=True)


def _table_cells(table: pd.DataFrame) -> list[list[str]]:
    return [[_format_cell(v) for v in row] for row in table.itertuples(index=False, name=None)]


def _csv_bytes(table: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(_table_cells(table))
    return buffer.getvalue().encode("utf-8")


def _markdown_bytes(table: pd.DataFrame) -> bytes:
    numeric = [
        pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c])
        for c in table.columns
    ]
    rule = ["---:" if num else "---" for num in numeric]
    rows = [list(table.columns), rule, *_table_cells(table)]
    lines = ["| " + " | ".join(_markdown_cell(c) for c in row) + " |" for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def save_table(
    df: pd.DataFrame,
    name: str,
    *,
    finding: str,
    notebook: str | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    sort_by: str | Sequence[str] | None = None,
    ascending: bool = True,
    sources: Iterable[pd.DataFrame] = (),
) -> list[Path]:
    """Save a table as CSV and Markdown, deterministically, and record its finding.

    Rows are sorted (by ``sort_by`` first, then by every column left to right, so ties are
    broken the same way each time); a non-default index is written as columns; floats are
    written with six significant digits, missing values as empty cells, booleans as
    ``true``/``false``; UTF-8 with LF line ends.

    Parameters
    ----------
    df
        The table. Only numbers, ids and the project's own texts belong in committed tables —
        never text of the external corpora.
    name, finding, notebook, out_dir
        As in :func:`save_figure`.
    sort_by
        Columns to sort by first (e.g. a rate, with ``ascending=False`` for a ranking).
    ascending
        Direction of the ``sort_by`` columns; the tie-breaking columns are always ascending.
    sources
        Further tables the numbers were computed from (``df`` itself is always consulted);
        see :func:`sources_of`.

    Returns
    -------
    list of pathlib.Path
        The ``.csv`` and ``.md`` files.

    Examples
    --------
    >>> import tempfile
    >>> out = tempfile.mkdtemp()
    >>> df = pd.DataFrame({"frame": ["b", "a"], "rate": [2 / 3, 0.5]})
    >>> paths = save_table(df, "rates", finding="b is commoner.", out_dir=out, sort_by="rate",
    ...                    ascending=False)
    >>> print(paths[0].read_text(), end="")
    frame,rate
    b,0.666667
    a,0.5
    >>> print(paths[1].read_text(), end="")
    | frame | rate |
    | --- | ---: |
    | b | 0.666667 |
    | a | 0.5 |
    """
    table = _prepare_table(df, sort_by, ascending)
    writers = {"csv": _csv_bytes, "md": _markdown_bytes}
    return _save_output(
        name,
        kind="table",
        suffixes=list(writers),
        render=lambda suffix: writers[suffix](table),
        finding=finding,
        notebook=notebook,
        out_dir=out_dir,
        sources=[df, *sources],
    )


def save_html(
    html: str,
    name: str,
    *,
    finding: str,
    notebook: str | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    sources: Iterable[pd.DataFrame] = (),
) -> Path:
    """Save a standalone HTML page (e.g. from :func:`discourse.report.html.render_html`).

    Parameters are as in :func:`save_figure`; the page is written as UTF-8 with LF line ends.

    Examples
    --------
    >>> import tempfile
    >>> save_html("<p>hi</p>", "hello", finding="A page.", out_dir=tempfile.mkdtemp()).name
    'hello.html'
    """
    data = html.replace("\r\n", "\n").encode("utf-8")
    (path,) = _save_output(
        name,
        kind="html",
        suffixes=["html"],
        render=lambda _: data,
        finding=finding,
        notebook=notebook,
        out_dir=out_dir,
        sources=sources,
    )
    return path
