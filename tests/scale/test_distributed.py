"""Tests for discourse.scale.distributed on a real two-process Dask cluster (one per module)."""

from __future__ import annotations

import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

from discourse.corpus import documents  # noqa: E402
from discourse.corpus.normalise import sha256_text  # noqa: E402
from discourse.corpus.segment import segment  # noqa: E402
from discourse.errors import InputError  # noqa: E402
from discourse.frames.codebook import Codebook, codebook_from_string  # noqa: E402
from discourse.frames.detect import find_frames  # noqa: E402
from discourse.scale import distributed as ddist  # noqa: E402
from discourse.scale import stream  # noqa: E402

CODEBOOK = codebook_from_string(
    """
name: distributed-test
version: "1"
authors: [discourse tests]
licence: CC0-1.0
frames:
  - {id: traditional_values, label: Traditional values, definition: Appeals to tradition.}
  - {id: anti_western, label: Anti-Western, definition: The West as a threat.}
indicators:
  - {id: tv.values, frame: traditional_values, patterns: ["traditional values"]}
  - {id: aw.west, frame: anti_western, patterns: ["collective West"]}
"""
)

PHRASES = [
    "We stand for traditional values.",
    "The collective West wants to rule alone.",
    "The harvest was good this year.",
    "Our partners respect traditional values and the family.",
]


def synthetic_corpus(n: int) -> pd.DataFrame:
    """Synthetic speeches written for these tests (no corpus text)."""
    texts = [" ".join(PHRASES[(i + k) % 4] for k in range(i % 3 + 1)) for i in range(n)]
    return pd.DataFrame(
        {
            "doc_id": [f"syn-{i:04d}" for i in range(n)],
            "text": texts,
            "raw_sha256": [sha256_text(t) for t in texts],
        }
    )


def in_process(corpus: pd.DataFrame, codebook: Codebook = CODEBOOK) -> pd.DataFrame:
    return find_frames(segment(corpus, progress=False), codebook)


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
    ) as local:
        yield local


@pytest.fixture(scope="module")
def client(cluster) -> Iterator[distributed.Client]:
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return synthetic_corpus(120)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, corpus) -> str:
    out = tmp_path_factory.mktemp("dask") / "corpus"
    return str(stream.export_parquet(corpus, out, tables=["docs"], chunk_size=16, progress=False))


def test_cluster_is_real_and_has_two_worker_processes(client):
    pids = client.run(os.getpid)
    assert len(pids) == 2
    assert os.getpid() not in pids.values()


def test_parquet_dataset_gives_the_in_process_result(client, corpus, exported):
    got = ddist.find_frames_dask(exported, client=client, codebook=CODEBOOK, progress=False)
    pd.testing.assert_frame_equal(got, in_process(corpus))
    assert ddist.to_dask_frame(exported).npartitions == 8  # one task per exported part


def test_a_nested_parquet_folder_is_read_as_the_stream_reads_it(tmp_path, corpus, exported):
    nested = tmp_path / "by-part"
    for i, part in enumerate(documents.parquet_files(Path(exported))):
        (nested / f"batch-{i % 2}").mkdir(parents=True, exist_ok=True)
        shutil.copy(part, nested / f"batch-{i % 2}" / part.name)
    frame = ddist.to_dask_frame(nested)
    assert frame.npartitions == len(documents.parquet_files(nested)) == 8
    got = frame.compute().sort_values("doc_id")["doc_id"].tolist()
    assert got == sorted(corpus["doc_id"])


def test_pandas_and_dask_frames_give_the_in_process_result(client, corpus):
    expected = in_process(corpus)
    got = ddist.find_frames_dask(
        corpus, client=client, codebook=CODEBOOK, chunk_size=25, progress=False
    )
    pd.testing.assert_frame_equal(got, expected)
    frame = dask.dataframe.from_pandas(corpus, npartitions=3)
    got = ddist.find_frames_dask(frame, client=client, codebook=CODEBOOK, progress=False)
    pd.testing.assert_frame_equal(got, expected)


def test_scores_on_the_cluster_equal_the_in_process_scores(client, corpus):
    from discourse.frames.score import score_frames

    meta = corpus.assign(group=[f"g{i % 3}" for i in range(len(corpus))])
    sentences = segment(meta, progress=False)
    expected = score_frames(
        find_frames(sentences, CODEBOOK),
        sentences=sentences,
        corpus=meta,
        by="group",
        codebook=CODEBOOK,
    )
    got = ddist.score_frames_dask(
        meta, by="group", client=client, codebook=CODEBOOK, chunk_size=30, progress=False
    )
    pd.testing.assert_frame_equal(got, expected)


def test_ungdc_subset_gives_the_in_process_result(client, tmp_path):
    from discourse.errors import CorpusUnavailableError

    try:
        from discourse.corpus.load import load_corpus
    except ImportError:
        pytest.skip("discourse.corpus.load.load_corpus is not available in this checkout")
    try:
        corpus = load_corpus("ungdc", countries=["AZE", "RUS", "GEO"], years=range(2015, 2025))
    except CorpusUnavailableError as exc:
        pytest.skip(f"UN General Debate corpus unavailable (set DISCOURSE_MIRROR): {exc}")
    assert len(corpus) > 20
    expected = stream.find_frames_stream(corpus, chunk_size=len(corpus), progress=False)
    out = stream.export_parquet(corpus, tmp_path / "un", tables=["docs"], chunk_size=8)
    got = ddist.find_frames_dask(out, client=client, progress=False)
    pd.testing.assert_frame_equal(got, expected)
    assert len(got) > 0


def test_codebook_is_serialised_once_not_per_task(client, corpus, monkeypatch):
    calls = []
    original = Codebook.__reduce_ex__

    def counting(self, protocol):
        calls.append(protocol)
        return original(self, protocol)

    monkeypatch.setattr(Codebook, "__reduce_ex__", counting)
    futures = ddist.submit_partitions(client, corpus, codebook=CODEBOOK, chunk_size=10)
    assert len(futures) == 12
    ddist.gather_partitions(client, futures, progress=False)
    assert len(calls) == 1  # sent once, in the worker plugin, whatever the number of tasks


def test_killed_workers_lose_and_duplicate_nothing(client, corpus):
    expected = in_process(corpus)
    futures = ddist.submit_partitions(client, corpus, codebook=CODEBOOK, chunk_size=4)
    done = next(iter(distributed.as_completed(futures, loop=client.loop)))
    assert client.who_has([done])[done.key]  # a finished result, held by a worker
    victims = client.run(os.getpid)
    for pid in victims.values():  # every worker dies: finished results and the codebook too
        os.kill(pid, signal.SIGKILL)
    got = pd.concat(ddist.gather_partitions(client, futures, progress=False), ignore_index=True)
    assert futures == []  # consumed: results fetched, futures released
    pd.testing.assert_frame_equal(got, expected)
    assert not got.duplicated().any()
    client.wait_for_workers(2, timeout=120)  # the nannies restarted them
    assert not set(victims.values()) & set(client.run(os.getpid).values())


def test_cluster_client_follows_the_dask_configuration(cluster):
    with (
        dask.config.set({"scheduler-address": cluster.scheduler_address}),
        ddist.cluster_client() as c,
    ):
        assert c.scheduler.address == cluster.scheduler_address
    assert c.status == "closed"  # a client it opened is closed again


def test_sources_that_cannot_be_distributed_are_rejected(tmp_path):
    with pytest.raises(InputError, match="export_parquet"):
        ddist.to_dask_frame(iter([{"doc_id": "a", "text": "x"}]))
    with pytest.raises(InputError, match="no .parquet files"):
        ddist.to_dask_frame(tmp_path)


@pytest.mark.timeout(180)
def test_a_cluster_whose_workers_all_died_raises_instead_of_waiting_forever(corpus):
    from discourse.errors import ClusterError

    with (
        distributed.LocalCluster(
            n_workers=1,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        ) as local,
        distributed.Client(local, set_as_default=False) as c,
    ):
        for nanny in list(local.workers.values()):
            nanny.close_gracefully(reason="test: do not restart the worker")
        for pid in c.run(os.getpid).values():  # every worker dies, none comes back
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while c.scheduler_info()["workers"] and time.monotonic() < deadline:
            time.sleep(0.1)
        futures = ddist.submit_partitions(c, corpus, codebook=CODEBOOK, chunk_size=40)
        started = time.monotonic()
        with pytest.raises(
            ClusterError, match=r"no partition finished in 3 s \(3 of 3 .* 0 worker"
        ):
            ddist.gather_partitions(c, futures, progress=False, stall_timeout=3)
        assert time.monotonic() - started < 30
