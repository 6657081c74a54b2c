from __future__ import annotations

from pathlib import Path

import pytest

from discourse.corpus import paths


def test_root_holds_the_corpus_and_figures() -> None:
    root = paths.project_root()
    assert (root / "pyproject.toml").is_file()
    assert paths.corpus_dir() == root / "corpus"
    assert paths.figures_dir() == root / "figures"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path / "cache"))
    monkeypatch.setenv("DISCOURSE_MIRROR", "  http://127.0.0.1:9/mirror  ")
    assert paths.data_dir() == (tmp_path / "cache").resolve()
    assert paths.mirror() == "http://127.0.0.1:9/mirror"
    monkeypatch.setenv("DISCOURSE_MIRROR", "")
    assert paths.mirror() is None
    monkeypatch.delenv("DISCOURSE_DATA")
    assert paths.data_dir() == (Path.home() / ".cache" / "discourse").resolve()
