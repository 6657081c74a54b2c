"""Frame analysis on a Dask cluster: the in-process results, computed partition by partition.

:func:`find_frames_dask` and :func:`score_frames_dask` run the unit of work of
:mod:`discourse.scale.stream` (segment → find_frames on a chunk of documents) as one Dask task per
partition of a corpus: a Parquet dataset (an export of :func:`discourse.scale.stream.export_parquet`
or any Parquet corpus table), a :class:`dask.dataframe.DataFrame`, or a pandas corpus table.

- The codebook is loaded once on the client and installed on every worker once, as a worker
  plugin (:class:`CodebookPlugin`); tasks carry only its name, so it is not serialised per
  task, and a worker that joins or restarts mid-run receives it too (a scattered copy would be
  lost with the last worker holding it).
- Workers read their own partitions from the Parquet files (the client never holds the texts).
- Results are gathered in partition order, so the match table equals
  ``find_frames_stream(source)`` and ``find_frames(segment(corpus))`` row for row.
- A worker lost mid-run (killed, out of memory, pre-empted) costs only its tasks: the scheduler
  reruns them elsewhere (up to ``distributed.scheduler.allowed-failures`` times) and each
  partition's result is gathered exactly once; task errors are retried ``retries`` times.

Which cluster is used (see ``docs/distributed.md``):

1. the ``client=`` argument;
2. else the current client (``distributed.get_client()``, e.g. one made in a notebook);
3. else the scheduler named by the Dask configuration ``scheduler-address``
   (environment variable ``DASK_SCHEDULER_ADDRESS``, or ``~/.config/dask/*.yaml``);
4. else a temporary :class:`distributed.LocalCluster` on this machine, closed afterwards.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from tqdm.auto import tqdm

try:
    import dask
    import dask.dataframe as dd
    import distributed
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError as exc:  # pragma: no cover - the extra is installed in development
    raise ImportError(
        f"discourse.distributed needs {exc.name}: install the package with its 'distributed' "
        "extra (pip install 'discourse[distributed]')"
    ) from exc

from ..corpus.documents import DEFAULT_CHUNK_SIZE, parquet_files
from ..errors import ClusterError, InputError
from ..frames.codebook import resolve_codebook
from ..frames.detect import combine_matches
from ..frames.score import chunk_scores, combine_scores
from .stream import CodebookLike, process_documents

if TYPE_CHECKING:
    from distributed import Client, Future

    from ..frames.codebook import Codebook

__all__ = [
    "CodebookPlugin",
    "cluster_client",
    "find_frames_dask",
    "gather_partitions",
    "install_codebook",
    "score_frames_dask",
    "submit_partitions",
    "to_dask_frame",
    "worker_codebook",
]


@contextmanager
def cluster_client(client: Client | None = None) -> Iterator[Client]:
    """The Dask client to run on, chosen by configuration only (see the module docstring).

    A client this function creates (and its temporary local cluster) is closed on exit; one
    passed in or already current is left open.

    Examples
    --------
    >>> from distributed import LocalCluster, Client
    >>> with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
    ...     with Client(cluster) as c, cluster_client() as found:
    ...         found is c
    True
    """
    from distributed import Client, LocalCluster, get_client

    if client is not None:
        yield client
        return
    try:
        yield get_client()
        return
    except ValueError:
        pass
    address = dask.config.get("scheduler-address", None)
    if address:
        with Client(address) as connected:
            yield connected
        return
    with (
        LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None) as local,
        Client(local) as temporary,
    ):
        yield temporary


def to_dask_frame(source: Any, *, chunk_size: int = DEFAULT_CHUNK_SIZE) -> dd.DataFrame:
    """A corpus as a Dask DataFrame whose partitions are the units of work.

    Parameters
    ----------
    source
        A :class:`dask.dataframe.DataFrame` (used as is); a path to a Parquet dataset (an
        export folder, whose ``docs/`` table is read, a folder of ``.parquet`` files, or one
        file; one partition per file, as :func:`~discourse.scale.stream.export_parquet` writes a
        file per chunk); or a pandas corpus table (cut into partitions of ``chunk_size`` rows).
    chunk_size
        Rows per partition for a pandas table.

    Examples
    --------
    >>> corpus = pd.DataFrame({"doc_id": ["a", "b", "c"], "text": ["x", "y", "z"]})
    >>> to_dask_frame(corpus, chunk_size=2).npartitions
    2
    """
    if isinstance(source, dd.DataFrame):
        return source
    # keep pandas' own string dtype, as the in-process path reads it (Dask would convert
    # strings to its NA-valued pyarrow dtype, changing the dtypes of group columns)
    with dask.config.set({"dataframe.convert-string": False}):
        return _dask_frame(source, chunk_size)


def _dask_frame(source: Any, chunk_size: int) -> dd.DataFrame:
    if isinstance(source, pd.DataFrame):
        nparts = max(1, math.ceil(len(source) / chunk_size))
        return dd.from_pandas(source.reset_index(drop=True), npartitions=nparts, sort=True)
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        files = [str(p) for p in parquet_files(path)]  # the same files the stream reads
        if not files:
            raise InputError(
                f"{path}: no .parquet files. Convert a corpus first with "
                "discourse.scale.stream.export_parquet(corpus, path, tables=['docs'])"
            )
        return dd.read_parquet(files)
    raise InputError(
        f"cannot distribute a {type(source).__name__}: pass a Parquet dataset path, a Dask or "
        "a pandas DataFrame (write iterators and .txt folders to Parquet first with "
        "discourse.scale.stream.export_parquet)"
    )


class CodebookPlugin(WorkerPlugin):
    """A worker plugin holding a codebook, so that tasks need not carry it.

    Registered once per codebook content (:func:`install_codebook`); Dask installs it on every
    current worker and on any worker that joins later (a restarted one included).
    """

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self.name = f"discourse-codebook-{codebook.hash[:16]}"

    def setup(self, worker: Any) -> None:
        """Nothing to do: the codebook arrived with the plugin."""


def install_codebook(client: Client, codebook: Codebook) -> str:
    """Install ``codebook`` on the cluster's workers (once per content); return its name.

    Tasks look it up with :func:`worker_codebook`.
    """
    plugin = CodebookPlugin(codebook)
    client.register_plugin(plugin, name=plugin.name)
    return plugin.name


def worker_codebook(name: str) -> Codebook:
    """The codebook :func:`install_codebook` registered as ``name`` (on a worker)."""
    plugin = distributed.get_worker().plugins.get(name)
    if not isinstance(plugin, CodebookPlugin):
        raise RuntimeError(
            f"codebook plugin {name!r} is not installed on this worker; submit work through "
            "discourse.distributed, which installs it"
        )
    return plugin.codebook


def _frames_task(docs: pd.DataFrame, codebook: str, options: dict[str, Any]) -> pd.DataFrame:
    book = worker_codebook(codebook)
    return process_documents(docs, book, segment_options=options["segment_options"])[1]


def _scores_task(docs: pd.DataFrame, codebook: str, options: dict[str, Any]) -> pd.DataFrame:
    book = worker_codebook(codebook)
    sentences, matches = process_documents(docs, book, segment_options=options["segment_options"])
    return chunk_scores(docs, sentences, matches, book, by=options["by"], query=options["query"])


_TASKS = {"frames": _frames_task, "scores": _scores_task}


def submit_partitions(
    client: Client,
    source: Any,
    *,
    what: str = "frames",
    codebook: CodebookLike = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    segment_options: Mapping[str, Any] | None = None,
    by: str | Sequence[str] = "doc_id",
    query: str | None = None,
    retries: int = 2,
) -> list[Future]:
    """Start the work on ``client`` and return one future per partition, in partition order.

    The lower-level half of :func:`find_frames_dask` (``what="frames"``: each future holds a
    partition's match table) and :func:`score_frames_dask` (``what="scores"``: additive
    counts grouped by ``by``, of the sentences selected by ``query``); collect them with
    :func:`gather_partitions`. The codebook is installed on the workers once
    (:func:`install_codebook`); tasks refer to it by name.
    """
    if what not in _TASKS:
        raise InputError(f"what must be one of {sorted(_TASKS)}, not {what!r}")
    book = resolve_codebook(codebook)
    frame = to_dask_frame(source, chunk_size=chunk_size)
    shipped = install_codebook(client, book)
    run = dask.delayed(_TASKS[what], pure=True)
    options = {"segment_options": dict(segment_options or {}), "by": by, "query": query}
    with dask.config.set({"dataframe.convert-string": False}):
        parts = frame.to_delayed()
    tasks = [run(part, shipped, options) for part in parts]
    futures: list[Future] = client.compute(tasks, retries=retries)
    return futures


STALL_TIMEOUT = 600.0
"""Seconds :func:`gather_partitions` waits for the next partition before it gives up."""


def gather_partitions(
    client: Client,
    futures: list[Future],
    *,
    progress: bool = True,
    desc: str = "partitions",
    stall_timeout: float | None = STALL_TIMEOUT,
) -> list[pd.DataFrame]:
    """Collect the results of ``futures`` as they finish; return them in the futures' order.

    Each result is fetched as soon as its task finishes and its future is then released
    (the list is emptied), so workers hold only the partitions in flight: their memory does
    not grow with the corpus. Each partition's result is taken exactly once, whatever the
    cluster went through: a result lost with its worker is recomputed by the scheduler
    before it is fetched.

    ``stall_timeout`` bounds the wait for the next partition (``None``: wait forever): a
    cluster whose workers all died waits for new workers forever, and this turns that wait
    into a :class:`~discourse.errors.ClusterError` saying how many partitions were left and
    how many workers the scheduler still knew.
    """
    position = {future.key: n for n, future in enumerate(futures)}
    results: dict[int, pd.DataFrame] = {}
    pending = distributed.as_completed(futures, loop=client.loop)
    futures.clear()  # as_completed holds them until they are done
    last = time.monotonic()
    with tqdm(total=len(position), unit="partition", desc=desc, disable=not progress) as bar:
        while not pending.is_empty():
            batch = pending.next_batch(block=False)
            if not batch:
                if stall_timeout is not None and time.monotonic() - last > stall_timeout:
                    workers = len(client.scheduler_info().get("workers", {}))
                    raise ClusterError(
                        f"no partition finished in {stall_timeout:g} s "
                        f"({len(position) - len(results)} of {len(position)} partitions still "
                        f"pending; the scheduler knows {workers} worker(s)). The cluster has "
                        "stalled or lost its workers: check it (dashboard, worker logs), "
                        "restart workers and run again, or pass a longer stall_timeout."
                    )
                time.sleep(0.02)
                continue
            for future in batch:
                results[position[future.key]] = future.result()
                future.release()
                bar.update(1)
            last = time.monotonic()
    return [results[n] for n in range(len(position))]


def _run_partitions(
    source: Any,
    *,
    what: str,
    client: Client | None,
    codebook: Codebook,
    chunk_size: int,
    segment_options: Mapping[str, Any] | None,
    retries: int,
    progress: bool,
    stall_timeout: float | None,
    by: str | Sequence[str] = "doc_id",
    query: str | None = None,
) -> list[pd.DataFrame]:
    """Every partition's result of ``what``, in partition order: the client chosen
    (:func:`cluster_client`), the tasks submitted (:func:`submit_partitions`) and gathered
    (:func:`gather_partitions`). The shared body of :func:`find_frames_dask` and
    :func:`score_frames_dask`, whose parameters these are."""
    with cluster_client(client) as c:
        futures = submit_partitions(
            c,
            source,
            what=what,
            codebook=codebook,
            chunk_size=chunk_size,
            segment_options=segment_options,
            by=by,
            query=query,
            retries=retries,
        )
        return gather_partitions(
            c, futures, progress=progress, desc=what, stall_timeout=stall_timeout
        )


def find_frames_dask(
    source: Any,
    *,
    client: Client | None = None,
    codebook: CodebookLike = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    segment_options: Mapping[str, Any] | None = None,
    retries: int = 2,
    progress: bool = True,
    stall_timeout: float | None = STALL_TIMEOUT,
) -> pd.DataFrame:
    """The match table of a corpus, computed on a Dask cluster, one task per partition.

    Parameters
    ----------
    source
        A Parquet dataset path, a Dask DataFrame or a pandas corpus table (see
        :func:`to_dask_frame`).
    client
        The Dask client; ``None`` chooses one by configuration (see :func:`cluster_client`).
    codebook
        A :class:`~discourse.frames.codebook.Codebook`, a path or ``None`` (the default codebook);
        loaded on the client and installed on the workers once.
    chunk_size
        Rows per partition when ``source`` is a pandas table.
    segment_options
        Keyword options for :func:`discourse.segment`.
    retries
        How many times a task that raised is retried (lost workers are handled by the
        scheduler regardless).
    progress
        Show a tqdm bar of finished partitions.
    stall_timeout
        Seconds to wait for the next partition before raising
        :class:`~discourse.errors.ClusterError` (``None``: wait forever); see
        :func:`gather_partitions`.

    Returns
    -------
    pandas.DataFrame
        The match table, equal row for row to the in-process result on the same documents in
        the same order.
    """
    parts = _run_partitions(
        source,
        what="frames",
        client=client,
        codebook=resolve_codebook(codebook),
        chunk_size=chunk_size,
        segment_options=segment_options,
        retries=retries,
        progress=progress,
        stall_timeout=stall_timeout,
    )
    return combine_matches(parts)


def score_frames_dask(
    source: Any,
    *,
    client: Client | None = None,
    codebook: CodebookLike = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    by: str | Sequence[str] = "doc_id",
    query: str | None = None,
    segment_options: Mapping[str, Any] | None = None,
    retries: int = 2,
    progress: bool = True,
    stall_timeout: float | None = STALL_TIMEOUT,
) -> pd.DataFrame:
    """Frame scores of a corpus, computed on a Dask cluster and combined exactly.

    Each task scores its partition grouped by ``by`` (sentences selected by ``query``); the
    client sums the counts and computes the rates once, giving the table of
    :func:`discourse.scale.stream.score_frames_stream` (see there for ``by`` and ``query``). Other
    parameters as in :func:`find_frames_dask`.
    """
    book = resolve_codebook(codebook)
    parts = _run_partitions(
        source,
        what="scores",
        client=client,
        codebook=book,
        chunk_size=chunk_size,
        segment_options=segment_options,
        retries=retries,
        progress=progress,
        stall_timeout=stall_timeout,
        by=by,
        query=query,
    )
    return combine_scores(parts, by=by, codebook=book)
