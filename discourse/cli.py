"""The ``discourse`` command (also ``python -m discourse``).

Usage::

    discourse --version
    discourse frames PATH... [--presence] [--codebook FILE] [--layout L] [--format F] [-o OUT]
    discourse kwic PATTERN PATH... [--window N] [--case-sensitive] [--layout L] [--format F]
    discourse score PATH... [--by COLUMN]... [--codebook FILE] [--layout L] [--format F]
    discourse html FILE -o OUT.html [--codebook FILE] [--layout L] [--title TITLE]
    discourse codebook check FILE

Every ``PATH`` is a UTF-8 text file or a folder of them (read like
:func:`discourse.load_corpus` reads a folder, with the columns of its ``metadata.csv``). A
file's ``doc_id`` is its name without the extension. Each text is normalised like a corpus
document: ``--layout lines`` for one paragraph per line (news), ``wrapped`` for hard-wrapped
lines with blank lines between paragraphs (speeches), ``auto`` (default) for the library's
default. Output (``--format``): ``table`` (default, for reading), ``csv``, ``jsonl`` (one JSON
object per row) or ``json`` (one object with the codebook's provenance and the rows); written
to standard output, or atomically to ``-o FILE``.

``frames`` prints the audit trail (one row per match; ``--presence``: one row per document,
True/False per frame). ``kwic`` prints keywords in context. ``score`` prints frame counts and
rates per document or per ``--by`` column(s) of a folder's metadata. ``html`` writes the
standalone HTML view of one document. ``codebook check`` validates a codebook and prints its
name, version and content hash.

Outputs never destroy anything: ``-o`` is refused when it names one of the inputs or a file
inside an input folder (the message names both) and when it is a folder; a regular file is
replaced atomically and keeps its permissions; a device, FIFO or process substitution
(``-o >(gzip > out.gz)``) is written to as a stream. CSV cells that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) get a leading
``'`` unless ``--raw-csv`` is given; the terminal table shows control characters as ``\\xNN``.
Inputs that are not regular files (``/dev/stdin``, a FIFO) are read up to 256 MiB.

Exit status: 0 on success, 1 on an error (the message names the file, key and line), 2 on a
usage error, 130 when interrupted (Ctrl-C) and 143 when terminated, after removing any
temporary file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ._atomic import is_special_file, write_atomic
from ._version import __version__
from .errors import DiscourseError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["build_parser", "main"]

_FORMATS = ("table", "csv", "jsonl", "json")
_LAYOUTS = ("auto", "lines", "wrapped")
_ERRORS = ("strict", "replace")
# the decoder's hint for library users, said the command line's way
_LIBRARY_HINT = "load it with errors='replace'"
_SKIP_HINT = "pass unreadable='skip'"
# the most a special input file (a device, FIFO or /dev/stdin) is read before refusing it
MAX_SPECIAL_BYTES = 256 * 2**20
# CSV cells a spreadsheet runs as a formula start with one of these (OWASP, "CSV injection")
_FORMULA_LEAD = ("=", "+", "-", "@", "\t", "\r")

_EXAMPLES = {
    "frames": """examples:
  discourse frames speech.txt
  discourse frames corpus/ --presence --format csv -o presence.csv""",
    "kwic": """examples:
  discourse kwic "traditional values" speech.txt --window 8
  discourse kwic "the West*" corpus/ --format jsonl -o west.jsonl""",
    "score": """examples:
  discourse score corpus/ --by country --format csv -o rates.csv
  discourse score a.txt b.txt""",
    "html": """example:
  discourse html article.txt -o article.html --layout lines""",
}


class _Failure(Exception):
    """A user error the command reports on one line (exit status 1)."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``discourse`` command."""
    parser = argparse.ArgumentParser(
        prog="discourse",
        description="Framing analysis of political discourse (traditional values, anti-Western).",
    )
    parser.add_argument("--version", action="version", version=f"discourse {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help,
            description=help[0].upper() + help[1:] + ".",
            epilog=_EXAMPLES.get(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )

    def inputs(p: argparse.ArgumentParser, *, single: bool = False) -> None:
        if single:
            p.add_argument("paths", nargs=1, metavar="FILE", type=Path, help="a UTF-8 text file")
        else:
            p.add_argument(
                "paths", nargs="+", metavar="PATH", type=Path, help="text files or folders"
            )
        p.add_argument(
            "--layout",
            choices=_LAYOUTS,
            default="auto",
            help="paragraphs are lines (news), blank-line separated with wrapped lines "
            "(speeches), or auto (the library's default)",
        )
        p.add_argument(
            "--errors",
            choices=_ERRORS,
            default="strict",
            help="bytes that are not UTF-8: an error naming the file (strict, default) or "
            "replaced by U+FFFD (replace)",
        )
        p.add_argument(
            "--skip-unreadable",
            action="store_true",
            help="in a folder, leave out files and subfolders that cannot be read, naming them "
            "in a warning (default: an error naming them); links to folders are never followed",
        )

    def output(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=_FORMATS, default="table", help="output format")
        p.add_argument("-o", "--output", type=Path, default=None, help="write to this file")
        p.add_argument(
            "--raw-csv",
            action="store_true",
            help="write CSV cells starting with = + - @ as they are (default: prefix a ' so a "
            "spreadsheet does not run them as formulas)",
        )

    def codebook_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--codebook", type=Path, default=None, help="a codebook YAML file")

    frames = command("frames", "find frames in text files")
    inputs(frames)
    output(frames)
    codebook_arg(frames)
    frames.add_argument(
        "--presence",
        action="store_true",
        help="one row per file with a True/False column per frame instead of the matches",
    )
    frames.set_defaults(handler=_frames)

    kwic = command("kwic", "show keywords in context")
    kwic.add_argument("pattern", metavar="PATTERN", help='a word, glob or phrase ("the West*")')
    inputs(kwic)
    output(kwic)
    kwic.add_argument("--window", type=int, default=5, help="tokens of context on each side")
    kwic.add_argument("--case-sensitive", action="store_true", help="match case exactly")
    kwic.set_defaults(handler=_kwic)

    score = command("score", "count frames and their rates per document or group")
    inputs(score)
    output(score)
    codebook_arg(score)
    score.add_argument(
        "--by",
        action="append",
        default=None,
        metavar="COLUMN",
        help="group by a column of the sentence table or of a folder's metadata "
        "(repeatable; default doc_id)",
    )
    score.set_defaults(handler=_score)

    page = command("html", "write the HTML view of one document with its frames highlighted")
    inputs(page, single=True)
    codebook_arg(page)
    page.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.html")
    page.add_argument("--title", default=None, help="page title (default: the file name)")
    page.set_defaults(handler=_html)

    codebook = commands.add_parser("codebook", help="work with codebooks")
    cb_commands = codebook.add_subparsers(dest="codebook_command", required=True, metavar="ACTION")
    check = cb_commands.add_parser(
        "check", help="validate a codebook file", description="Validate a codebook file."
    )
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(handler=_codebook_check)
    return parser


class _Terminated(BaseException):
    """SIGTERM, raised so that ``finally`` and ``except`` blocks remove temporary files."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    previous = None
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        _check_output(args)
        return int(args.handler(args))
    except (DiscourseError, _Failure) as exc:
        message = str(exc).replace(_LIBRARY_HINT, "run again with --errors replace")
        message = message.replace(_SKIP_HINT, "run again with --skip-unreadable")
        print(f"discourse: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("discourse: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print("discourse: terminated", file=sys.stderr)
        return 143
    except BrokenPipeError:  # pragma: no cover - e.g. piped into `head`
        return 0
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


# --------------------------------------------------------------------------- inputs


def _read_bytes(path: Path) -> bytes:
    """A file's bytes; a device or FIFO is read up to :data:`MAX_SPECIAL_BYTES`."""
    try:
        if not is_special_file(path):
            return path.read_bytes()
        with open(path, "rb") as stream:
            raw = stream.read(MAX_SPECIAL_BYTES + 1)
    except OSError as exc:
        raise _Failure(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > MAX_SPECIAL_BYTES:
        raise _Failure(
            f"{path}: is not a regular file and holds more than {MAX_SPECIAL_BYTES:,} bytes; "
            "save the text to a file first"
        )
    return raw


def _read(
    paths: Sequence[Path], layout: str, errors: str = "strict", skip_unreadable: bool = False
) -> pd.DataFrame:
    """A corpus table (``doc_id``, ``text`` and a folder's metadata) from files and folders.

    A folder's files and subfolders that cannot be read are an error naming them, or with
    ``--skip-unreadable`` left out with a warning naming them (on standard error).
    """
    import pandas as pd

    from .corpus.normalise import decode, normalise, resolve_layout

    tables = []
    for path in paths:
        if path.is_dir():
            from .corpus.load import load_corpus

            tables.append(
                load_corpus(
                    path,
                    layout=layout,  # type: ignore[arg-type]
                    errors=errors,
                    unreadable="skip" if skip_unreadable else "raise",
                    progress=False,
                )
            )
            continue
        raw = _read_bytes(path)
        try:
            decoded = decode(raw, source=str(path), errors=errors)
            text = normalise(decoded, layout=resolve_layout(decoded, layout))  # type: ignore[arg-type]
        except ValueError as exc:
            raise _Failure(str(exc)) from None
        tables.append(pd.DataFrame({"doc_id": [path.stem], "text": [text]}))
    corpus = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    dupes = corpus["doc_id"][corpus["doc_id"].duplicated()].unique().tolist()
    if dupes:
        raise _Failure(
            f"two inputs share the doc_id {dupes[0]!r} (a file's name without its extension); "
            "rename one of them"
        )
    return corpus


# --------------------------------------------------------------------------- commands


def _frames(args: argparse.Namespace) -> int:
    import pandas as pd

    from .frames.codebook import load_codebook
    from .frames.detect import detect_frames, find_frames

    cb = load_codebook(args.codebook)
    corpus = _read(args.paths, args.layout, args.errors, getattr(args, "skip_unreadable", False))
    if args.presence:
        texts = pd.Series(corpus["text"].tolist(), index=pd.Index(corpus["doc_id"], name="doc_id"))
        table = detect_frames(texts, cb).reset_index()
    else:
        plain = pd.DataFrame({"doc_id": corpus["doc_id"], "text": corpus["text"]})
        table = find_frames(plain, cb).drop(columns=["voice", "speaker"])
    _write(table, args, cb.provenance())
    return 0


def _kwic(args: argparse.Namespace) -> int:
    import warnings

    from .toolkit.kwic import kwic

    corpus = _read(args.paths, args.layout, args.errors, getattr(args, "skip_unreadable", False))
    if args.window < 0:
        raise _Failure(f"--window must be 0 or more, not {args.window}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # no hits: the empty table says so
        table = kwic(
            corpus[["doc_id", "text"]],
            args.pattern,
            window=args.window,
            case_insensitive=not args.case_sensitive,
        )
    table.attrs.clear()
    _write(table, args, {})
    return 0


def _score(args: argparse.Namespace) -> int:
    from .corpus.segment import segment
    from .frames.codebook import load_codebook
    from .frames.score import score_frames

    cb = load_codebook(args.codebook)
    corpus = _read(args.paths, args.layout, args.errors, getattr(args, "skip_unreadable", False))
    by = args.by or ["doc_id"]
    known = {"doc_id", "par_id", "sent_id", "section", "voice", "speaker", "kind"}
    unknown = [c for c in by if c not in known and c not in corpus.columns]
    if unknown:
        columns = sorted(known | set(corpus.columns) - {"text"})
        raise _Failure(
            f"--by {unknown[0]!r}: no such column; the inputs have {', '.join(columns)} "
            "(a folder's metadata.csv adds its columns)"
        )
    sentences = segment(corpus, progress=False)
    meta = corpus.drop(columns=["text"])
    table = score_frames(sentences, by=by, corpus=meta, codebook=cb)
    _write(table, args, cb.provenance())
    return 0


def _html(args: argparse.Namespace) -> int:
    from .corpus.segment import segment
    from .frames.codebook import load_codebook
    from .frames.detect import find_frames
    from .report.html import render_html

    cb = load_codebook(args.codebook)
    path = args.paths[0]
    if path.is_dir():
        raise _Failure(f"{path}: is a folder; `discourse html` renders one file")
    corpus = _read([path], args.layout, args.errors, getattr(args, "skip_unreadable", False))
    sentences = segment(corpus, progress=False)
    page = render_html(sentences, find_frames(sentences, cb), title=args.title or path.name)
    write_atomic(args.output, page.encode("utf-8"))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


def _codebook_check(args: argparse.Namespace) -> int:
    from .frames.codebook import load_codebook

    cb = load_codebook(args.file)
    actors = sum(len(a) for a in cb.gazetteers.values())
    print(
        f"{args.file}: OK: {cb.name} {cb.version}, {len(cb.frames)} frames, "
        f"{len(cb.indicators)} indicators, {actors} actors, {len(cb.exclusions)} exclusion "
        f"groups; sha256 {cb.hash}"
    )
    return 0


# --------------------------------------------------------------------------- output


def _resolved(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _check_output(args: argparse.Namespace) -> None:
    """Refuse an ``-o`` that is one of the inputs, lies in an input folder, or is a folder."""
    out = getattr(args, "output", None)
    if out is None:
        return
    if out.is_dir():
        raise _Failure(f"-o {out}: is a folder; give a file name to write to")
    if is_special_file(out):
        return  # a device, FIFO or pipe: streamed, never replaced
    target = _resolved(out)
    for given in args.paths:
        source = _resolved(given)
        if target == source:
            raise _Failure(
                f"-o {out} is the input {given}: writing there would destroy it; "
                "choose another output file"
            )
        if given.is_dir() and target.is_relative_to(source):
            raise _Failure(
                f"-o {out} lies inside the input folder {given}: it would be read as input "
                "on the next run (or replace one); write outside the folder"
            )


def _safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_LEAD):
        return "'" + value
    return value


def _escape_csv_formulas(table: pd.DataFrame) -> pd.DataFrame:
    """Prefix ``'`` to string cells a spreadsheet would run as a formula."""
    table = table.copy()
    for column in table.columns:
        if table[column].dtype == object or str(table[column].dtype) == "string":
            table[column] = table[column].map(_safe_cell, na_action="ignore")
    table.columns = [_safe_cell(str(c)) for c in table.columns]
    return table


def _visible(value: object) -> object:
    """A string with its control characters (ESC, BEL, ...) shown as ``\\xNN``."""
    if not isinstance(value, str):
        return value
    return "".join(
        c
        if c.isprintable() or c == " "
        else f"\\x{ord(c):02x}"
        if ord(c) < 256
        else f"\\u{ord(c):04x}"
        for c in value
    )


def _render(
    table: pd.DataFrame, fmt: str, provenance: dict[str, str], *, raw_csv: bool = False
) -> str:
    import io

    import pandas as pd

    if fmt == "csv":
        if not raw_csv:
            table = _escape_csv_formulas(table)
        return str(table.to_csv(index=False, lineterminator="\n"))
    if fmt in ("json", "jsonl"):
        rows = json.loads(table.to_json(orient="records", force_ascii=False))
        if fmt == "jsonl":
            return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        return json.dumps({**provenance, "rows": rows}, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    if table.empty:
        out.write("(no rows)\n")
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200):
            shown = table.map(_visible)
            shown.columns = [_visible(str(c)) for c in table.columns]
            out.write(shown.to_string(index=False) + "\n")
    if provenance:
        out.write(
            f"# codebook {provenance['codebook_name']} {provenance['codebook_version']} "
            f"sha256:{provenance['codebook_hash']}\n"
        )
    return out.getvalue()


def _write(table: pd.DataFrame, args: argparse.Namespace, provenance: dict[str, str]) -> None:
    text = _render(table, args.format, provenance, raw_csv=args.raw_csv)
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_atomic(args.output, text.encode("utf-8"))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
