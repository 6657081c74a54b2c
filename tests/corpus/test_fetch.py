"""Tests of fetch/verify/cache: folder mirrors, a real loopback HTTP server, and failures."""

from __future__ import annotations

import functools
import http.server
import importlib
import os
import shutil
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from discourse.corpus import paths
from discourse.corpus.fetch import RemoteFile, fetch, fetch_all, safe_relpath
from discourse.corpus.normalise import sha256_bytes
from discourse.corpus.registry import corpus_registry
from discourse.errors import ChecksumError, CorpusUnavailableError, InputError

fetch_mod = importlib.import_module("discourse.corpus.fetch")

SPEECH = b"We, the peoples of the United Nations,\nare determined to save succeeding generations.\n"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


class _TruncatingHandler(http.server.BaseHTTPRequestHandler):
    """Promises 1,000 bytes, sends 10 and hangs up: an interrupted download."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.send_response(200)
        self.send_header("Content-Length", "1000")
        self.end_headers()
        self.wfile.write(b"0123456789")
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def serve() -> Iterator:
    """``serve(folder)`` → base URL of a loopback HTTP server for ``folder`` (or a handler)."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path | None = None, handler: type | None = None) -> str:
        if handler is None:
            handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def mirror_dir(tmp_path: Path) -> Path:
    """A synthetic mirror: one file whose name needs URL-quoting."""
    folder = tmp_path / "mirror"
    (folder / "demo" / "Session 1 - 1946").mkdir(parents=True)
    (folder / "demo" / "Session 1 - 1946" / "XYZ_1_1946.txt").write_bytes(SPEECH)
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("DISCOURSE_DATA", str(folder))
    return folder


SPEECH_FILE = RemoteFile(
    "demo/Session 1 - 1946/XYZ_1_1946.txt", None, sha256_bytes(SPEECH), len(SPEECH)
)


def _cache_files(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.rglob("*") if p.is_file()) if cache.exists() else []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_folder_mirror_copies_into_cache(mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", str(mirror_dir))
    local = fetch(SPEECH_FILE)
    assert local == paths.data_dir() / "demo" / "Session 1 - 1946" / "XYZ_1_1946.txt"
    assert local.read_bytes() == SPEECH


def test_file_url_mirror(mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", mirror_dir.as_uri())
    assert fetch(SPEECH_FILE).read_bytes() == SPEECH


def test_cache_hit_needs_no_mirror(mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", str(mirror_dir))
    first = fetch(SPEECH_FILE)
    shutil.rmtree(mirror_dir)
    assert fetch(SPEECH_FILE) == first


def test_corrupt_cache_file_is_fetched_again(mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", str(mirror_dir))
    local = fetch(SPEECH_FILE)
    local.write_bytes(SPEECH.upper())
    assert fetch(SPEECH_FILE).read_bytes() == SPEECH


def test_http_mirror_quotes_paths(serve, mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", serve(mirror_dir) + "/")
    assert fetch(SPEECH_FILE).read_bytes() == SPEECH


def test_origin_url_used_without_mirror(serve, mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.delenv("DISCOURSE_MIRROR", raising=False)
    base = serve(mirror_dir)
    file = RemoteFile(
        "elsewhere/a.txt",
        f"{base}/demo/Session%201%20-%201946/XYZ_1_1946.txt",
        SPEECH_FILE.sha256,
        SPEECH_FILE.size,
    )
    assert fetch(file) == cache / "elsewhere" / "a.txt"


def test_no_origin_and_no_mirror(cache: Path, monkeypatch) -> None:
    monkeypatch.delenv("DISCOURSE_MIRROR", raising=False)
    with pytest.raises(CorpusUnavailableError, match="DISCOURSE_MIRROR"):
        fetch(SPEECH_FILE)


def test_checksum_mismatch(mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", str(mirror_dir))
    wrong = RemoteFile(SPEECH_FILE.path, None, "0" * 64, SPEECH_FILE.size)
    with pytest.raises(ChecksumError) as info:
        fetch(wrong)
    message = str(info.value)
    assert "XYZ_1_1946.txt" in message and "0" * 64 in message
    assert sha256_bytes(SPEECH) in message and "mirror" in message
    assert _cache_files(cache) == []


def test_size_mismatch(mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", str(mirror_dir))
    with pytest.raises(ChecksumError, match="registry expects 5"):
        fetch(RemoteFile(SPEECH_FILE.path, None, SPEECH_FILE.sha256, 5))
    assert _cache_files(cache) == []


def test_missing_mirror_file(mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", str(mirror_dir))
    with pytest.raises(CorpusUnavailableError, match=r"demo/absent\.txt.*missing from the mirror"):
        fetch(RemoteFile("demo/absent.txt", "https://example.org/a", "0" * 64, 1))


def test_http_404(serve, mirror_dir: Path, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", serve(mirror_dir))
    with pytest.raises(CorpusUnavailableError, match="HTTP 404"):
        fetch(RemoteFile("demo/absent.txt", None, "0" * 64, 1))
    assert _cache_files(cache) == []


def test_no_network(cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", f"http://127.0.0.1:{_closed_port()}")
    with pytest.raises(CorpusUnavailableError) as info:
        fetch(SPEECH_FILE)
    assert "XYZ_1_1946.txt" in str(info.value) and "DISCOURSE_MIRROR" in str(info.value)
    assert _cache_files(cache) == []


def test_interrupted_download_leaves_no_cache_file(serve, cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", serve(handler=_TruncatingHandler))
    with pytest.raises(CorpusUnavailableError, match="interrupted"):
        fetch(RemoteFile("demo/big.txt", None, "0" * 64, 1000))
    assert _cache_files(cache) == []


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "a/../../b", "", "C:/x"])
def test_paths_escaping_the_root_are_refused(bad: str, cache: Path) -> None:
    with pytest.raises(InputError, match="escapes the corpus root"):
        safe_relpath(bad)
    with pytest.raises(InputError):
        fetch(RemoteFile(bad, None, "0" * 64), mirror="/nonexistent")


def test_fetch_all_keeps_order_and_raises_first_error(
    serve, tmp_path: Path, cache: Path, monkeypatch
) -> None:
    folder = tmp_path / "served"
    folder.mkdir()
    files = []
    for i in range(5):
        data = f"speech {i}\n".encode()
        (folder / f"{i}.txt").write_bytes(data)
        files.append(RemoteFile(f"{i}.txt", None, sha256_bytes(data), len(data)))
    monkeypatch.setenv("DISCOURSE_MIRROR", serve(folder))
    local = fetch_all(list(reversed(files)), progress=False, workers=3)
    assert [p.name for p in local] == ["4.txt", "3.txt", "2.txt", "1.txt", "0.txt"]
    with pytest.raises(CorpusUnavailableError, match="HTTP 404"):
        fetch_all([*files, RemoteFile("gone.txt", None, "0" * 64, 1)], progress=False)


def test_real_un_files_over_http(serve, tmp_path: Path, monkeypatch) -> None:
    """A few real UN files, copied at test time from the mirror folder, served over HTTP."""
    source = paths.mirror()
    if source is None or not (Path(source) / "ungdc" / "manifest.csv").is_file():
        pytest.skip("needs DISCOURSE_MIRROR pointing at a mirror folder with ungdc/")
    registry = corpus_registry("ungdc")
    rows = registry[registry["iso3"] == "AZE"].head(3)
    served = tmp_path / "served"
    files = []
    for row in rows.itertuples():
        rel = f"ungdc/{row.path}"
        (served / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(source) / rel, served / rel)
        files.append(RemoteFile(rel, row.origin_url, row.sha256, int(row.bytes)))
    monkeypatch.setenv("DISCOURSE_MIRROR", serve(served))
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path / "cache"))
    local = fetch_all(files, progress=False)
    assert [sha256_bytes(p.read_bytes()) for p in local] == list(rows["sha256"])
    assert all(p.is_relative_to(tmp_path / "cache") for p in local)


# --------------------------------------------------------------------------- hostile (issue 13)


class _FloodHandler(http.server.BaseHTTPRequestHandler):
    """Answers any path with 50 MB (no Content-Length), counting what it managed to send."""

    sent: list[int] = []

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.send_response(200)
        self.end_headers()
        total = 0
        try:
            for _ in range(800):
                self.wfile.write(b"x" * 65536)
                total += 65536
        except OSError:
            pass
        _FloodHandler.sent.append(total)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _TrickleHandler(http.server.BaseHTTPRequestHandler):
    """Sends one byte every 0.1 s: slow enough to hang a fetch without a deadline."""

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self.send_response(200)
        self.send_header("Content-Length", str(len(SPEECH)))
        self.end_headers()
        try:
            for byte in SPEECH:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.mark.timeout(60)
def test_an_oversized_body_is_cut_at_the_registered_size(serve, cache: Path) -> None:
    base = serve(handler=_FloodHandler)
    with pytest.raises(ChecksumError, match=r"sent more than 65,622 bytes.*expects 86"):
        fetch(SPEECH_FILE, mirror=base)
    assert not any(p.is_file() for p in cache.rglob("*"))  # nothing cached, no .part left


@pytest.mark.timeout(60)
def test_an_oversized_mirror_file_is_cut_at_the_registered_size(
    tmp_path: Path, cache: Path
) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "demo" / "Session 1 - 1946").mkdir(parents=True)
    (mirror / SPEECH_FILE.path).write_bytes(b"x" * 5_000_000)
    with pytest.raises(ChecksumError, match="sent more than"):
        fetch(SPEECH_FILE, mirror=str(mirror))
    assert not any(p.is_file() for p in cache.rglob("*"))


@pytest.mark.timeout(60)
def test_a_trickling_server_meets_the_deadline(serve, cache: Path) -> None:
    base = serve(handler=_TrickleHandler)
    started = time.monotonic()
    with pytest.raises(CorpusUnavailableError, match=r"took longer than 1 s"):
        fetch(SPEECH_FILE, mirror=base, deadline=1.0, timeout=5.0)
    assert time.monotonic() - started < 5
    assert not any(p.is_file() for p in cache.rglob("*"))


def test_cache_files_respect_the_umask(mirror_dir: Path, cache: Path) -> None:
    old = os.umask(0o002)  # a group-shared cache
    try:
        local = fetch(SPEECH_FILE, mirror=str(mirror_dir))
    finally:
        os.umask(old)
        assert stat.S_IMODE(local.stat().st_mode) == 0o664


def test_stale_part_files_are_removed_on_the_next_fetch(mirror_dir: Path, cache: Path) -> None:
    folder = cache / "demo" / "Session 1 - 1946"
    folder.mkdir(parents=True)
    stale = folder / ".XYZ_1_1946.txt.abc123.part"  # left by a hard kill
    fresh = folder / ".XYZ_1_1946.txt.def456.part"  # another process is writing it now
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    fetch(SPEECH_FILE, mirror=str(mirror_dir))
    assert not stale.exists() and fresh.exists()


def test_a_cache_path_that_is_a_file_is_a_package_error(mirror_dir: Path, tmp_path, monkeypatch):
    """DISCOURSE_DATA naming a file: a raw FileExistsError from mkdir before (issue 20)."""
    not_a_folder = tmp_path / "data.txt"
    not_a_folder.write_text("notes", encoding="utf-8")
    monkeypatch.setenv("DISCOURSE_DATA", str(not_a_folder))
    monkeypatch.setenv("DISCOURSE_MIRROR", str(mirror_dir))
    with pytest.raises(InputError, match=r"DISCOURSE_DATA=.*data\.txt: .* is a file, not a folder"):
        fetch(SPEECH_FILE)


def test_a_mirror_entry_that_is_a_folder_is_a_package_error(mirror_dir: Path, cache: Path):
    """A folder where the mirror should hold the file: a raw IsADirectoryError before."""
    (mirror_dir / "demo" / "folder.txt").mkdir()
    with pytest.raises(
        CorpusUnavailableError, match=r"demo/folder\.txt: the mirror holds a folder at"
    ):
        fetch(RemoteFile("demo/folder.txt", None, "0" * 64, 1), mirror=str(mirror_dir))
    assert _cache_files(cache) == []


def test_a_read_only_cache_is_a_package_error(mirror_dir: Path, cache: Path, monkeypatch):
    """A read-only cache: a raw OSError from the temporary file before; a file already cached
    is still served (tests may run as root, so the refusal is simulated)."""
    fetch(SPEECH_FILE, mirror=str(mirror_dir))  # cached while writable

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(30, "Read-only file system", str(cache))

    monkeypatch.setattr(fetch_mod.tempfile, "mkstemp", read_only)
    assert fetch(SPEECH_FILE, mirror=str(mirror_dir)).read_bytes() == SPEECH
    (mirror_dir / "demo" / "b.txt").write_bytes(b"B")
    with pytest.raises(
        CorpusUnavailableError,
        match=r"demo/b\.txt: not cached, and the cache folder .* cannot be written \(Read-only",
    ):
        fetch(RemoteFile("demo/b.txt", None, sha256_bytes(b"B"), 1), mirror=str(mirror_dir))
