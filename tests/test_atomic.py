"""The one file writer (discourse._atomic): atomic for files, a stream for special files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from discourse._atomic import is_special_file, temp_prefix, write_atomic
from discourse.errors import InputError


def test_a_new_file_gets_the_umask_mode_and_an_old_one_keeps_its_own(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    kept = tmp_path / "kept.txt"
    kept.write_bytes(b"old")
    kept.chmod(0o600)
    write_atomic(kept, b"new")
    assert kept.read_bytes() == b"new" and stat.S_IMODE(kept.stat().st_mode) == 0o600
    write_atomic(kept, b"newer", mode=0o644)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o644


def test_a_link_is_kept_and_its_file_replaced(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"


def test_folders_and_missing_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        write_atomic(tmp_path, b"x")
    with pytest.raises(InputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "x.txt", b"x")
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(InputError, match="is a file, not a folder"):
        write_atomic(tmp_path / "file" / "x.txt", b"x")


def test_special_files_are_streamed(tmp_path: Path) -> None:
    assert is_special_file(Path("/dev/null")) and not is_special_file(tmp_path)
    assert not is_special_file(tmp_path / "missing")
    write_atomic(Path("/dev/null"), b"nothing")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_temp_names_fit_the_name_limit(tmp_path: Path) -> None:
    for name in ("a.csv", "é" * 127, "x" * 255):
        prefix = temp_prefix(name, tmp_path)
        assert len(os.fsencode(prefix)) + 8 + len(".tmp") <= 255
        write_atomic(tmp_path / name, b"ok")
        assert (tmp_path / name).read_bytes() == b"ok"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_an_interrupted_write_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import discourse._atomic as atomic

    path = tmp_path / "a.txt"
    path.write_bytes(b"old")

    def boom(src: str, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, b"new")
    assert path.read_bytes() == b"old" and sorted(os.listdir(tmp_path)) == ["a.txt"]
