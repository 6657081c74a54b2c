"""Rebuild the registry of external corpora (``ungdc.csv``, ``sotu.csv``, ``kremlin.csv``) from a
data mirror.

Usage::

    python corpus/registry/build_registry.py MIRROR [OUT]

where ``MIRROR`` is a folder laid out as the package's data mirror (``ungdc/manifest.csv``,
``sotu/manifest.csv``, ``kremlin/transcripts.jsonl``). The script writes into ``OUT``
(default: its own folder, which must hold ``corpora.yaml``):

- ``ungdc.csv``: the mirror's UNGDC manifest, every column and value as-is (``iso3, country,
  year, session, speaker, speaker_post, path, bytes, sha256, origin_url``), rows sorted by
  ``iso3, year``;
- ``sotu.csv``: the mirror's State of the Union manifest, every column and value as-is (``year,
  president, party, path, bytes, sha256, origin_url``), rows sorted by ``year, path``;
- ``kremlin.csv``: one row per Kremlin item with identifiers and checksums only (``id, date,
  url, source_repo, source_commit, source_path, source_sha256, source_bytes``), rows sorted by
  ``date`` then numeric ``id``. No title and no text: no corpus text enters the repository;
- the ``sha256`` and ``bytes`` of the whole ``kremlin/transcripts.jsonl`` in ``corpora.yaml``
  (only those two lines of the ``kremlin`` entry are rewritten; the prose stays).

It checks every manifest path (relative, inside the corpus root) and that every listed UN file
exists in the mirror with the recorded size. Files are written atomically. This script is not
part of the library; it needs only the standard library.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path, PurePosixPath

HERE = Path(__file__).resolve().parent
UNGDC_COLUMNS = [
    "iso3", "country", "year", "session", "speaker", "speaker_post",
    "path", "bytes", "sha256", "origin_url",
]  # fmt: skip
SOTU_COLUMNS = ["year", "president", "party", "path", "bytes", "sha256", "origin_url"]
KREMLIN_COLUMNS = [
    "id", "date", "url", "source_repo", "source_commit",
    "source_path", "source_sha256", "source_bytes",
]  # fmt: skip


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    from io import StringIO

    out = StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_manifest(mirror: Path, corpus: str, columns: list[str]) -> list[dict[str, str]]:
    """The rows of ``<mirror>/<corpus>/manifest.csv``, checked: the expected columns, every
    path relative and inside the corpus root, every listed file present with its size."""
    manifest = mirror / corpus / "manifest.csv"
    with manifest.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != columns:
            sys.exit(f"{manifest}: columns {reader.fieldnames}, expected {columns}")
        rows = list(reader)
    for line, row in enumerate(rows, start=2):
        rel = PurePosixPath(row["path"])
        if rel.is_absolute() or ".." in rel.parts:
            sys.exit(f"{manifest}:{line}: path {row['path']!r} escapes the corpus root")
        local = mirror / corpus / rel
        if not local.is_file() or local.stat().st_size != int(row["bytes"]):
            sys.exit(f"{manifest}:{line}: {local} is missing or not {row['bytes']} bytes")
    return rows


def build_ungdc(mirror: Path) -> list[dict[str, str]]:
    """The UNGDC registry rows from ``<mirror>/ungdc/manifest.csv``, checked and sorted."""
    rows = read_manifest(mirror, "ungdc", UNGDC_COLUMNS)
    return sorted(rows, key=lambda row: (row["iso3"], int(row["year"])))


def build_sotu(mirror: Path) -> list[dict[str, str]]:
    """The State of the Union registry rows from ``<mirror>/sotu/manifest.csv``, checked and
    sorted by ``year, path`` (1953 and 1961 hold two addresses)."""
    rows = read_manifest(mirror, "sotu", SOTU_COLUMNS)
    return sorted(rows, key=lambda row: (int(row["year"]), row["path"]))


def build_kremlin(mirror: Path) -> tuple[list[dict[str, str]], str, int]:
    """The Kremlin registry rows and the sha256 and size of ``kremlin/transcripts.jsonl``."""
    source = mirror / "kremlin" / "transcripts.jsonl"
    raw = source.read_bytes()
    rows = []
    for line in raw.decode("utf-8").splitlines():
        record = json.loads(line)
        rows.append({column: str(record[column]) for column in KREMLIN_COLUMNS})
    rows.sort(key=lambda row: (row["date"], int(row["id"])))
    return rows, hashlib.sha256(raw).hexdigest(), len(raw)


def _update_corpora_yaml(path: Path, sha256: str, size: int) -> None:
    text = path.read_text(encoding="utf-8")
    block = re.search(r"(?ms)^kremlin:\n.*?(?=^\S|\Z)", text)
    if block is None:
        sys.exit(f"{path}: no 'kremlin:' entry")
    entry = re.sub(r"(?m)^(\s+sha256: ).*$", rf"\g<1>{sha256}", block.group(0), count=1)
    entry = re.sub(r"(?m)^(\s+bytes: ).*$", rf"\g<1>{size}", entry, count=1)
    _write_atomic(path, text[: block.start()] + entry + text[block.end() :])


def main(argv: list[str]) -> None:
    if len(argv) not in (1, 2):
        sys.exit(__doc__)
    mirror = Path(argv[0]).expanduser()
    out = Path(argv[1]).expanduser() if len(argv) == 2 else HERE
    ungdc = build_ungdc(mirror)
    _write_atomic(out / "ungdc.csv", _csv_text(UNGDC_COLUMNS, ungdc))
    sotu = build_sotu(mirror)
    _write_atomic(out / "sotu.csv", _csv_text(SOTU_COLUMNS, sotu))
    kremlin, sha256, size = build_kremlin(mirror)
    _write_atomic(out / "kremlin.csv", _csv_text(KREMLIN_COLUMNS, kremlin))
    _update_corpora_yaml(out / "corpora.yaml", sha256, size)
    print(f"ungdc.csv: {len(ungdc)} rows; sotu.csv: {len(sotu)} rows; "
          f"kremlin.csv: {len(kremlin)} rows; "
          f"kremlin/transcripts.jsonl: {size} bytes, sha256 {sha256}")  # fmt: skip


if __name__ == "__main__":
    main(sys.argv[1:])
