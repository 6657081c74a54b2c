"""Tests for discourse.corpus.documents: a corpus read a chunk at a time, and stream sources."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from discourse.corpus.documents import iter_documents, parquet_files, stream_dispatch
from discourse.corpus.normalise import sha256_text
from discourse.errors import InputError
from discourse.scale.stream import export_parquet

TEXTS = [
    "Our nation defends traditional values and the family.",
    "The collective West imposes its will on others.",
    "We met to discuss trade and the harvest.",
]


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    """23 short synthetic documents (written for these tests)."""
    rows = []
    for i in range(23):
        text = f"{TEXTS[i % len(TEXTS)]} Session {i}."
        rows.append({"doc_id": f"doc-{i:03d}", "text": text, "raw_sha256": sha256_text(text)})
    return pd.DataFrame(rows)


def test_iter_documents_chunks_a_table_in_order(corpus):
    chunks = list(iter_documents(corpus, chunk_size=5, progress=False))
    assert [len(c) for c in chunks] == [5, 5, 5, 5, 3]
    assert pd.concat(chunks)["doc_id"].tolist() == corpus["doc_id"].tolist()
    assert all(c.index.tolist() == list(range(len(c))) for c in chunks)


def test_iter_documents_reads_dicts_and_series_and_fills_raw_sha256(corpus):
    rows = [{"doc_id": "a", "text": "Peace."}, pd.Series({"doc_id": "b", "text": "War."})]
    (chunk,) = iter_documents(rows, chunk_size=10, progress=False)
    assert chunk["doc_id"].tolist() == ["a", "b"]
    assert chunk["raw_sha256"].tolist() == [sha256_text("Peace."), sha256_text("War.")]


def test_iter_documents_is_lazy_on_an_iterator():
    pulled = []

    def docs() -> Iterator[dict[str, str]]:
        for i in range(100):
            pulled.append(i)
            yield {"doc_id": f"d{i}", "text": "Peace."}

    chunks = iter_documents(docs(), chunk_size=10, progress=False)
    next(chunks)
    # memory holds one chunk: the generator has been read 10 (or 11) documents ahead, no more
    assert len(pulled) <= 11


def test_iter_documents_reads_a_folder_as_load_corpus_does(tmp_path):
    from discourse.corpus.load import load_corpus

    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_bytes(b"\xef\xbb\xbfSecond  speech.\r\n")
    (tmp_path / "sub" / "a.txt").write_text("First speech,\nwrapped.\n", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Third.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("file,speaker,year,iso3\nb.txt,A. Speaker,2001,AZE\n")
    chunks = list(iter_documents(tmp_path, chunk_size=2, layout="wrapped", progress=False))
    assert [len(c) for c in chunks] == [2, 1]
    got = pd.concat(chunks, ignore_index=True)
    pd.testing.assert_frame_equal(got, load_corpus(tmp_path, layout="wrapped", progress=False))
    assert got["text"].tolist() == ["First speech, wrapped.", "Second speech.", "Third."]
    assert got["region"].tolist()[1] == "Eastern European States"  # from iso3, as load_corpus


def test_iter_documents_reads_parquet_files_and_exports(tmp_path, corpus):
    exported = export_parquet(
        corpus, tmp_path / "export", tables=("docs",), chunk_size=5, progress=False
    )
    corpus.to_parquet(tmp_path / "corpus.parquet")
    from_file = pd.concat(iter_documents(tmp_path / "corpus.parquet", progress=False))
    from_export = pd.concat(iter_documents(exported, chunk_size=4, progress=False))
    for got in (from_file, from_export):
        pd.testing.assert_frame_equal(got.reset_index(drop=True), corpus)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ([{"doc_id": "a", "text": "x"}, {"doc_id": "a", "text": "y"}], "doc_id 'a' occurs"),
        ([{"doc_id": "a"}], r"missing column\(s\) text"),
        (["just a string"], "document 0 is a str"),
        (42, "cannot read documents from a int"),
    ],
)
def test_iter_documents_rejects_bad_input(source, message):
    with pytest.raises(InputError, match=message):
        list(iter_documents(source, progress=False))


def test_iter_documents_names_duplicate_file_stems(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "a.txt").write_text("One.")
    (tmp_path / "x" / "a.txt").write_text("Two.")
    with pytest.raises(InputError, match="duplicate doc_id 'a'"):
        list(iter_documents(tmp_path, progress=False))


def test_iter_documents_rejects_a_folder_without_documents(tmp_path):
    with pytest.raises(InputError, match="not a Parquet dataset nor a folder of .txt"):
        list(iter_documents(tmp_path, progress=False))
    with pytest.raises(InputError, match="chunk_size"):
        list(iter_documents([], chunk_size=0))


def test_stream_dispatch(tmp_path, corpus):
    assert stream_dispatch(tmp_path)[0]
    # a string is a text, never a path: "/" used to make find_frames walk the filesystem
    assert not stream_dispatch(str(tmp_path))[0]
    assert not stream_dispatch("/")[0]
    streamed, rows = stream_dispatch(row for row in corpus.to_dict("records"))
    assert streamed
    assert len(list(rows)) == len(corpus)  # the peeked first row is yielded again
    streamed, texts = stream_dispatch(iter(["Peace.", "War."]))
    assert not streamed
    assert list(texts) == ["Peace.", "War."]
    assert stream_dispatch(iter([]))[0] is False
    assert not stream_dispatch(corpus)[0]
    assert not stream_dispatch([{"doc_id": "a", "text": "x"}])[0]
    assert not stream_dispatch(str(tmp_path / "missing"))[0]
    assert not stream_dispatch("")[0]  # an empty text, not the current folder
    assert not stream_dispatch(".")[0]


def test_parquet_files_lists_an_exports_docs_and_nested_files(tmp_path, corpus):
    exported = export_parquet(corpus, tmp_path / "export", tables=("docs",), chunk_size=10)
    assert [p.name for p in parquet_files(exported)] == [f"part-{i:05d}.parquet" for i in range(3)]
    (tmp_path / "nested" / "a").mkdir(parents=True)
    corpus.to_parquet(tmp_path / "nested" / "a" / "x.parquet")
    (tmp_path / "nested" / "_meta.parquet").write_bytes(b"")
    assert parquet_files(tmp_path / "nested") == [tmp_path / "nested" / "a" / "x.parquet"]
    assert parquet_files(tmp_path / "missing") == []


@pytest.mark.timeout(30)
def test_a_text_that_looks_like_a_path_is_searched_as_text():
    from discourse import find_frames, segment

    assert find_frames("/").empty
    assert segment(["/"], progress=False)["text"].tolist() == ["/"]
    assert len(set(find_frames(["/", "The West imposes its will."])["doc_id"])) == 1


def test_a_folder_mixing_text_and_parquet_is_refused(tmp_path, corpus):
    (tmp_path / "a.txt").write_text("Peace.", encoding="utf-8")
    corpus.to_parquet(tmp_path / "x.parquet")
    with pytest.raises(InputError, match="holds both Parquet files"):
        list(iter_documents(tmp_path, progress=False))
