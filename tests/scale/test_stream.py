"""Tests for discourse.scale.stream: chunked iteration, streamed frames, Parquet export/import."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from discourse.corpus.normalise import sha256_text
from discourse.corpus.segment import segment
from discourse.errors import ChecksumError, CodebookError, InputError
from discourse.frames.codebook import codebook_from_string
from discourse.frames.detect import find_frames
from discourse.scale import stream

CODEBOOK_YAML = """
name: stream-test
version: "{version}"
authors: [discourse tests]
licence: CC0-1.0
frames:
  - {{id: traditional_values, label: Traditional values, definition: Appeals to tradition.}}
  - {{id: anti_western, label: Anti-Western, definition: The West as a threat.}}
indicators:
  - {{id: tv.family, frame: traditional_values, patterns: ["traditional values"]}}
  - {{id: aw.west, frame: anti_western, patterns: ["{west}"]}}
"""


def make_codebook(version: str = "1", west: str = "collective West"):
    return codebook_from_string(CODEBOOK_YAML.format(version=version, west=west))


SENTENCES = [
    "Our nation defends traditional values and the family.",
    "The collective West imposes its will on others.",
    "We met to discuss trade and the harvest.",
    "Traditional values are the foundation of our society.",
    "Nobody here spoke of the collective West today.",
    "The ministers agreed on a new schedule.",
]


def synthetic_corpus(n: int = 23) -> pd.DataFrame:
    """Short synthetic speeches (written for these tests), some with no frame at all."""
    rows = []
    for i in range(n):
        picked = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(i % 4 + 1)]
        text = " ".join(picked) + f" Session {i}."
        rows.append({"doc_id": f"doc-{i:03d}", "text": text, "raw_sha256": sha256_text(text)})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def codebook():
    return make_codebook()


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return synthetic_corpus()


@pytest.fixture(scope="module")
def expected(corpus, codebook) -> tuple[pd.DataFrame, pd.DataFrame]:
    sentences = segment(corpus)
    return sentences, find_frames(sentences, codebook=codebook)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, corpus, codebook) -> Path:
    out = tmp_path_factory.mktemp("export") / "corpus"
    return stream.export_parquet(corpus, out, codebook=codebook, chunk_size=5, progress=False)


# --------------------------------------------------------------------------- the pipeline


@pytest.mark.parametrize("chunk_size", [1, 4, 200])
def test_find_frames_stream_equals_the_in_memory_result(corpus, codebook, expected, chunk_size):
    got = stream.find_frames_stream(
        corpus, codebook=codebook, chunk_size=chunk_size, progress=False
    )
    pd.testing.assert_frame_equal(got, expected[1])
    assert len(got) > 0  # the synthetic corpus does contain frames


def test_find_frames_stream_keeps_find_frames_order_for_unsorted_ids(corpus, codebook):
    shuffled = corpus.iloc[::-1].reset_index(drop=True)  # doc ids in descending order
    expected = find_frames(segment(shuffled, progress=False), codebook)
    got = stream.find_frames_stream(shuffled, codebook=codebook, chunk_size=3, progress=False)
    pd.testing.assert_frame_equal(got, expected)
    assert got.attrs["codebook_hash"] == codebook.hash


@pytest.mark.parametrize(
    ("by", "query"),
    [("doc_id", None), ("country", None), (["country", "year"], "kind == 'body'")],
)
@pytest.mark.parametrize("chunk_size", [3, 10])
def test_score_frames_stream_combines_chunks_exactly(corpus, codebook, by, query, chunk_size):
    from discourse.frames.score import score_frames

    meta = corpus.assign(
        country=pd.array([["AAA", "BBB", None][i % 3] for i in range(len(corpus))], "string"),
        year=pd.array([2000 + i % 4 for i in range(len(corpus))], "Int64"),
    )
    sentences = segment(meta, progress=False)
    matches = find_frames(sentences, codebook)
    if query is not None:
        sentences = sentences.query(query)
    expected = score_frames(matches, sentences=sentences, corpus=meta, by=by, codebook=codebook)
    got = stream.score_frames_stream(
        meta, by=by, query=query, codebook=codebook, chunk_size=chunk_size, progress=False
    )
    pd.testing.assert_frame_equal(got, expected)
    assert got["n_matches"].sum() > 0


def test_segment_stream_equals_segment(corpus, expected):
    got = stream.segment_stream(iter(corpus.to_dict("records")), chunk_size=6, progress=False)
    pd.testing.assert_frame_equal(got, expected[0])


def test_segment_accepts_stream_sources(tmp_path, corpus, expected):
    rows = (row for row in corpus.to_dict("records"))
    pd.testing.assert_frame_equal(segment(rows, progress=False), expected[0])
    exported_docs = stream.export_parquet(corpus, tmp_path / "x", tables=["docs"], progress=False)
    pd.testing.assert_frame_equal(segment(exported_docs, progress=False), expected[0])
    texts = segment(iter(["Peace came.", "War ended."]), progress=False)  # still texts
    assert texts["doc_id"].tolist() == ["doc-0", "doc-1"]


def test_find_frames_and_score_frames_accept_stream_sources(tmp_path, corpus, codebook, expected):
    from discourse.frames.score import score_frames

    sentences, matches = expected
    rows = (row for row in corpus.to_dict("records"))
    pd.testing.assert_frame_equal(find_frames(rows, codebook), matches)
    out = stream.export_parquet(corpus, tmp_path / "x", tables=["docs"], progress=False)
    want = score_frames(matches, sentences=sentences, codebook=codebook)
    pd.testing.assert_frame_equal(score_frames(out, codebook=codebook), want)


def test_iter_chunks_gives_each_chunk_its_own_tables(corpus, codebook):
    chunks = list(stream.iter_chunks(corpus, codebook=codebook, chunk_size=10, progress=False))
    assert [c.number for c in chunks] == [0, 1, 2]
    for c in chunks:
        assert set(c.sentences["doc_id"]) <= set(c.docs["doc_id"])
        assert set(c.matches["doc_id"]) <= set(c.docs["doc_id"])


# --------------------------------------------------------------------------- Parquet


def test_export_round_trips_every_table(exported, corpus, codebook, expected):
    sentences, matches = expected
    pd.testing.assert_frame_equal(stream.import_parquet(exported, table="docs"), corpus)
    pd.testing.assert_frame_equal(stream.import_parquet(exported, table="sentences"), sentences)
    got = stream.import_parquet(exported, table="matches", codebook=codebook)
    pd.testing.assert_frame_equal(got, matches)
    assert got.attrs == {**codebook.provenance(), "method": "codebook"}


def test_export_records_codebook_and_corpus_digest(exported, corpus, codebook):
    for table in stream.TABLES:
        meta = stream.read_export_metadata(exported, table=table)
        assert meta["codebook_hash"] == codebook.hash
        assert meta["codebook_version"] == "1"
        assert meta["corpus_sha256"] == stream.corpus_digest(corpus)
        assert (meta["n_docs"], meta["n_parts"], meta["table"]) == (23, 5, table)
    part = pq.read_schema(exported / "matches" / "part-00002.parquet")
    record = json.loads(part.metadata[stream.METADATA_KEY])
    assert record["part"] == 2
    assert record["part_corpus_sha256"] == stream.corpus_digest(corpus.iloc[10:15])


def test_import_rejects_another_codebook(exported):
    other = make_codebook(version="2", west="Western hegemony")
    with pytest.raises(CodebookError, match=r"version 1 .*version 2"):
        stream.import_parquet(exported, codebook=other)


def _copy(src: Path, dst: Path) -> Path:
    import shutil

    shutil.copytree(src, dst)
    return dst


def test_import_detects_a_changed_document(tmp_path, exported):
    out = _copy(exported, tmp_path / "copy")
    part = out / "docs" / "part-00001.parquet"
    table = pq.read_table(part)
    sha = table.column("raw_sha256").to_pylist()
    sha[0] = "0" * 64
    table = table.set_column(
        table.schema.get_field_index("raw_sha256"), "raw_sha256", pa.array(sha)
    )
    pq.write_table(table, part)
    with pytest.raises(ChecksumError, match="docs table was changed"):
        stream.import_parquet(out, table="matches")


def test_import_detects_missing_and_foreign_parts(tmp_path, exported, corpus, codebook):
    out = _copy(exported, tmp_path / "copy")
    (out / "sentences" / "part-00003.parquet").unlink()
    with pytest.raises(ChecksumError, match=r"missing \['part-00003.parquet'\]"):
        stream.import_parquet(out, table="sentences")
    other = stream.export_parquet(
        corpus, tmp_path / "other", codebook=make_codebook("9"), chunk_size=5, progress=False
    )
    foreign = other / "matches" / "part-00000.parquet"
    foreign.replace(out / "matches" / "part-00000.parquet")
    with pytest.raises(ChecksumError, match="comes from another export"):
        stream.import_parquet(out, table="matches")


def test_export_refuses_to_overwrite_and_is_atomic(tmp_path, corpus, codebook):
    out = stream.export_parquet(corpus, tmp_path / "x", tables=["docs"], progress=False)
    with pytest.raises(InputError, match="already exists"):
        stream.export_parquet(corpus, out, tables=["docs"], progress=False)

    def failing() -> Iterator[dict[str, str]]:
        yield {"doc_id": "a", "text": "Traditional values."}
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError, match="disk gone"):
        stream.export_parquet(failing(), out, codebook=codebook, overwrite=True, progress=False)
    # the old export is intact and no temporary folder is left behind
    assert stream.import_parquet(out, table="docs")["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_docs_only_export_cannot_be_checked_against_a_codebook(tmp_path, corpus, codebook):
    out = stream.export_parquet(corpus, tmp_path / "docs", tables=["docs"], progress=False)
    with pytest.raises(CodebookError, match="without a codebook"):
        stream.import_parquet(out, table="docs", codebook=codebook)
    with pytest.raises(InputError, match="'matches' table"):
        stream.import_parquet(out, table="matches")


# --------------------------------------------------------------------------- hostile (issue 13)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.timeout(60)
def test_overwrite_never_deletes_a_folder_that_is_not_an_export(tmp_path, corpus):
    user = tmp_path / "thesis"
    user.mkdir()
    (user / "chapter1.docx").write_bytes(b"years of work")
    (user / "notes").mkdir()
    (user / "notes" / "a.txt").write_text("Traditional values.", encoding="utf-8")
    before = _tree(user)
    with pytest.raises(InputError, match=r"not an export of export_parquet.*refusing to delete"):
        stream.export_parquet(corpus, user, tables=["docs"], overwrite=True, progress=False)
    assert _tree(user) == before
    # exporting a folder of texts onto itself: refused, the texts stay
    with pytest.raises(InputError, match="source .* is read from"):
        stream.export_parquet(Path(user / "notes"), user / "notes", overwrite=True, progress=False)
    with pytest.raises(InputError, match="refusing to delete"):
        stream.export_parquet(Path(user), user / "notes", overwrite=True, progress=False)
    assert _tree(user) == before
    # a file at the path is refused as well
    with pytest.raises(InputError, match="not a folder"):
        stream.export_parquet(corpus, user / "chapter1.docx", overwrite=True, progress=False)
    assert _tree(user) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis"]  # no temporary left


@pytest.mark.timeout(60)
def test_overwrite_replaces_only_what_the_earlier_export_wrote(tmp_path, corpus, codebook):
    out = stream.export_parquet(
        corpus, tmp_path / "x", codebook=codebook, chunk_size=5, progress=False
    )
    manifest = json.loads((out / "_export.json").read_text())
    assert set(_tree(out)) == {*manifest["files"], "_export.json"}
    (out / "matches" / "mine.csv").write_text("my own table")
    with pytest.raises(InputError, match=r"did not write \(matches/mine.csv\)"):
        stream.export_parquet(corpus, out, tables=["docs"], overwrite=True, progress=False)
    assert (out / "matches" / "mine.csv").read_text() == "my own table"
    (out / "matches" / "mine.csv").unlink()
    # an export read back onto itself would delete its own input
    with pytest.raises(InputError, match="is read from"):
        stream.export_parquet(out, out, tables=["docs"], overwrite=True, progress=False)
    stream.export_parquet(
        corpus, out, tables=["docs"], chunk_size=50, overwrite=True, progress=False
    )
    assert sorted(_tree(out)) == [
        "_export.json",
        "docs/_common_metadata",
        "docs/part-00000.parquet",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]
    # an empty folder is used as it is
    empty = tmp_path / "empty"
    empty.mkdir()
    stream.export_parquet(corpus, empty, tables=["docs"], overwrite=True, progress=False)
    assert (
        stream.import_parquet(empty, table="docs")["doc_id"].tolist() == corpus["doc_id"].tolist()
    )


def _rewrite(part: Path, edit) -> None:
    table = pq.read_table(part)
    pq.write_table(edit(table).replace_schema_metadata(table.schema.metadata), part)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(
            lambda t: t.set_column(
                t.schema.get_field_index("text"),
                "text",
                pa.array(["Edited."] + t.column("text").to_pylist()[1:], pa.string()),
            ),
            id="edited-row",
        ),
        pytest.param(lambda t: t.slice(1), id="deleted-row"),
        pytest.param(lambda t: pa.concat_tables([t, t.slice(0, 1)]), id="added-row"),
    ],
)
def test_import_detects_edited_added_and_deleted_rows(tmp_path, exported, edit):
    out = _copy(exported, tmp_path / "copy")
    _rewrite(out / "sentences" / "part-00001.parquet", edit)
    with pytest.raises(ChecksumError, match=r"part-00001.parquet: .*edited, added or deleted"):
        stream.import_parquet(out, table="sentences")


def test_import_detects_a_part_from_another_export_of_the_same_codebook(
    tmp_path, exported, corpus, codebook
):
    out = _copy(exported, tmp_path / "copy")
    other = stream.export_parquet(
        corpus.iloc[::-1], tmp_path / "other", codebook=codebook, chunk_size=5, progress=False
    )
    (other / "matches" / "part-00000.parquet").replace(out / "matches" / "part-00000.parquet")
    with pytest.raises(ChecksumError, match="part-00000.parquet: .*another export"):
        stream.import_parquet(out, table="matches")


def test_a_folder_of_texts_with_a_parquet_file_is_refused(tmp_path, corpus):
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "a.txt").write_text("Traditional values.", encoding="utf-8")
    (folder / "b.txt").write_text("The collective West.", encoding="utf-8")
    (folder / "old").mkdir()
    corpus.to_parquet(folder / "old" / "stray.parquet")
    with pytest.raises(InputError, match=r"both Parquet files \(old/stray.parquet\) and .txt"):
        list(stream.iter_documents(folder, progress=False))
    with pytest.raises(InputError, match="both Parquet"):
        find_frames(folder)


def test_export_with_progress_false_shows_no_bar(tmp_path, corpus, codebook, monkeypatch, capsys):
    # the matcher's own bar (shown from PROGRESS_FROM sentences) appeared inside export_parquet
    # even with progress=False (issue 20)
    import discourse.frames.detect as detect

    monkeypatch.setattr(detect, "PROGRESS_FROM", 0)
    stream.export_parquet(corpus, tmp_path / "out", codebook=codebook, progress=False)
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------- killed runs (issue 20)


def _dead_pid() -> int:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _owned(folder: Path, pid: int) -> Path:
    import socket

    folder.mkdir()
    (folder / ".owner").write_text(f"{socket.gethostname()} {pid}\n")
    return folder


def test_a_rerun_removes_what_a_killed_export_left(tmp_path, corpus):
    # SIGKILL during export_parquet left a hidden temporary folder that no rerun removed
    dead = _owned(tmp_path / ".x.abc123.tmp", _dead_pid())
    (dead / "docs").mkdir()
    (dead / "docs" / "part-00000.parquet").write_bytes(b"x" * 1000)
    alive = _owned(tmp_path / ".x.def456.tmp", os.getpid())  # a run still writing: kept
    unrelated = tmp_path / ".y.abc123.tmp"  # another export's folder: kept
    unrelated.mkdir()
    stream.export_parquet(corpus, tmp_path / "x", tables=["docs"], progress=False)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".x.def456.tmp", ".y.abc123.tmp", "x"]
    assert alive.is_dir() and unrelated.is_dir()


def test_an_export_killed_between_the_renames_of_an_overwrite_comes_back(tmp_path, corpus):
    # killed after the earlier export stepped aside and before the new one moved in: the
    # export folder was gone and its data sat only in a hidden folder
    out = stream.export_parquet(corpus, tmp_path / "x", tables=["docs"], progress=False)
    aside = _owned(tmp_path / ".x.abc123.old", _dead_pid())
    os.replace(out, aside / "export")
    assert not out.exists()
    small = corpus.iloc[:3]
    stream.export_parquet(small, out, tables=["docs"], overwrite=True, progress=False)
    assert stream.import_parquet(out, table="docs")["doc_id"].tolist() == small["doc_id"].tolist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]


def test_the_export_folder_exists_at_every_instant_of_an_overwrite(tmp_path, corpus, monkeypatch):
    from discourse._atomic import exchange

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "f").write_text("a")
    if not exchange(a, b):
        pytest.skip("this file system cannot swap two folders atomically (renameat2)")
    assert (b / "f").read_text() == "a" and not (a / "f").exists()
    out = stream.export_parquet(corpus, tmp_path / "x", tables=["docs"], progress=False)
    seen: list[bool] = []
    real_replace = os.replace

    def watch(src, dst):
        seen.append(out.is_dir())
        if Path(dst) == out or Path(src) == out:
            seen.append(False)  # a rename of the export folder itself leaves a gap
        real_replace(src, dst)

    monkeypatch.setattr(stream.os, "replace", watch)
    stream.export_parquet(corpus.iloc[:2], out, tables=["docs"], overwrite=True, progress=False)
    monkeypatch.undo()
    assert all(seen)
    assert len(stream.import_parquet(out, table="docs")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "x"]


def test_two_exports_to_one_new_path_at_once_give_a_package_error(tmp_path, corpus, monkeypatch):
    out = tmp_path / "x"
    real_export = stream._export

    def racing(*args, **kwargs):
        record = real_export(*args, **kwargs)
        if not out.exists():  # the other run finishes first
            monkeypatch.setattr(stream, "_export", real_export)
            stream.export_parquet(corpus.iloc[:2], out, tables=["docs"], progress=False)
        return record

    monkeypatch.setattr(stream, "_export", racing)
    with pytest.raises(InputError, match="another export wrote this path"):
        stream.export_parquet(corpus, out, tables=["docs"], progress=False)
    assert len(stream.import_parquet(out, table="docs")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x"]
