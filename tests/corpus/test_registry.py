"""Tests for discourse.corpus.registry: the registered corpora and their per-document tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.corpus.registry import (
    KNOWN_CORPORA,
    _read_registry_table,
    corpus_info,
    corpus_registry,
)
from discourse.errors import InputError


def test_corpus_info_names_the_known_corpora() -> None:
    assert corpus_info("ungdc")["licence"] == "CC0 1.0"
    with pytest.raises(InputError, match="known corpora") as info:
        corpus_info("nope")
    assert all(name in str(info.value) for name in KNOWN_CORPORA)


def test_registries_hold_no_text() -> None:
    ungdc = corpus_registry("ungdc")
    assert list(ungdc.columns) == [
        "iso3", "country", "year", "session", "speaker", "speaker_post",
        "path", "bytes", "sha256", "origin_url",
    ]  # fmt: skip
    assert len(ungdc) == 9728 and not ungdc.duplicated(["iso3", "year"]).any()
    kremlin = corpus_registry("kremlin")
    assert list(kremlin.columns) == [
        "id", "date", "url", "source_repo", "source_commit",
        "source_path", "source_sha256", "source_bytes",
    ]  # fmt: skip
    assert len(kremlin) == 6342 and kremlin["id"].is_unique
    assert corpus_info("kremlin")["file"]["bytes"] > 0


@pytest.mark.parametrize("bad", ["../x.txt", "/abs/x.txt"])
def test_registry_paths_escaping_the_root_are_refused(tmp_path: Path, bad: str) -> None:
    registry = tmp_path / "ungdc.csv"
    registry.write_text(f"iso3,path\nAZE,TXT/ok.txt\nAZE,{bad}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ungdc\.csv:3"):
        _read_registry_table(registry, "ungdc")
