"""The ``discourse`` command.

Usage::

    discourse frames FILE... [--format csv|json|table] [--codebook FILE]
                             [--layout auto|lines|wrapped] [--presence]
    discourse codebook check FILE

``frames`` prints the audit trail (one row per match; ``--presence`` prints one row per file
with a True/False column per frame instead). Each file is read as UTF-8 and normalised like a
corpus document (``--layout auto``, the default, decides per file from its line pattern;
``lines`` for news, ``wrapped`` for hard-wrapped speeches); its
``doc_id`` is the file name without its extension. ``codebook check`` validates a codebook and
prints its name, version and content hash. Exit status: 0 on success, 1 on an error (the
message names the file, key and line), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .errors import DiscourseError

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``discourse`` command."""
    parser = argparse.ArgumentParser(
        prog="discourse",
        description="Framing analysis of political discourse (traditional values, anti-Western).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    frames = commands.add_parser(
        "frames", help="find frames in text files", description="Find frames in text files."
    )
    frames.add_argument("files", nargs="+", metavar="FILE", type=Path, help="UTF-8 text files")
    frames.add_argument(
        "--format", choices=("csv", "json", "table"), default="table", help="output format"
    )
    frames.add_argument("--codebook", type=Path, default=None, help="a codebook YAML file")
    frames.add_argument(
        "--layout",
        choices=("auto", "lines", "wrapped"),
        default="auto",
        help="paragraphs are lines (news) or blank-line separated with wrapped lines "
        "(speeches); auto (default) decides per file from its line pattern",
    )
    frames.add_argument(
        "--presence",
        action="store_true",
        help="one row per file with a True/False column per frame instead of the matches",
    )
    frames.set_defaults(handler=_frames)

    codebook = commands.add_parser("codebook", help="work with codebooks")
    cb_commands = codebook.add_subparsers(dest="codebook_command", required=True, metavar="ACTION")
    check = cb_commands.add_parser(
        "check", help="validate a codebook file", description="Validate a codebook file."
    )
    check.add_argument("file", type=Path, metavar="FILE")
    check.set_defaults(handler=_codebook_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except DiscourseError as exc:
        print(f"discourse: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # pragma: no cover - e.g. piped into `head`
        return 0


def _frames(args: argparse.Namespace) -> int:
    from .codebook import load_codebook
    from .detect import detect_frames, find_frames
    from .normalise import decode, normalise, resolve_layout

    cb = load_codebook(args.codebook)
    ids: list[str] = []
    texts: list[str] = []
    for path in args.files:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            print(f"discourse: error: {path}: cannot read ({exc.strerror})", file=sys.stderr)
            return 1
        try:
            decoded = decode(raw, source=str(path))
            texts.append(normalise(decoded, layout=resolve_layout(decoded, args.layout)))
        except ValueError as exc:
            print(f"discourse: error: {exc}", file=sys.stderr)
            return 1
        ids.append(path.stem)
    if args.presence:
        table = detect_frames(pd.Series(texts, index=pd.Index(ids, name="doc_id")), cb)
        table = table.reset_index()
    else:
        table = find_frames(pd.DataFrame({"doc_id": ids, "text": texts}), cb)
        table = table.drop(columns=["voice", "speaker"])
    _write(table, args.format, cb.provenance())
    return 0


def _write(table: pd.DataFrame, fmt: str, provenance: dict[str, str]) -> None:
    out = sys.stdout
    if fmt == "csv":
        table.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        rows = json.loads(table.to_json(orient="records", force_ascii=False))
        json.dump({**provenance, "rows": rows}, out, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        if table.empty:
            out.write("(no rows)\n")
        else:
            with pd.option_context("display.max_rows", None, "display.width", 200):
                out.write(table.to_string(index=False) + "\n")
        out.write(
            f"# codebook {provenance['codebook_name']} {provenance['codebook_version']} "
            f"sha256:{provenance['codebook_hash']}\n"
        )


def _codebook_check(args: argparse.Namespace) -> int:
    from .codebook import load_codebook

    cb = load_codebook(args.file)
    actors = sum(len(a) for a in cb.gazetteers.values())
    print(
        f"{args.file}: OK: {cb.name} {cb.version}, {len(cb.frames)} frames, "
        f"{len(cb.indicators)} indicators, {actors} actors, {len(cb.exclusions)} exclusion "
        f"groups; sha256 {cb.hash}"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
