from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.cli import main
from discourse.codebook import default_codebook_path, load_codebook


@pytest.fixture()
def files(tmp_path: Path) -> list[Path]:
    a = tmp_path / "speech-a.txt"
    a.write_text("We cherish traditional values.\nThe West imposes its will.\n", encoding="utf-8")
    b = tmp_path / "speech-b.txt"
    b.write_text("Trade grew by five per cent.\n", encoding="utf-8")
    return [a, b]


def test_frames_csv(files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frames", *map(str, files), "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("doc_id,sent_id,frame,subframe,indicator,matched,start,end")
    assert any(line.startswith("speech-a,0,traditional_values") for line in lines)
    assert not any(line.startswith("speech-b") for line in lines)


def test_frames_json_presence(files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frames", *map(str, files), "--format", "json", "--presence"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["codebook_hash"] == load_codebook().hash
    rows = {r["doc_id"]: r for r in data["rows"]}
    assert rows["speech-a"]["anti_western"] is True and rows["speech-b"]["anti_western"] is False


def test_frames_table_and_custom_codebook(
    files: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cb = tmp_path / "mine.yaml"
    cb.write_text(
        "name: mine\nversion: '2'\nauthors: [me]\nlicence: CC0-1.0\n"
        "frames:\n  - {id: trade, label: Trade, definition: Trade talk.}\n"
        "indicators:\n  - {id: t.1, frame: trade, patterns: [trade]}\n",
        encoding="utf-8",
    )
    assert main(["frames", str(files[1]), "--codebook", str(cb)]) == 0
    out = capsys.readouterr().out
    assert "t.1" in out and "# codebook mine 2 sha256:" in out


def test_frames_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frames", str(tmp_path / "nope.txt")]) == 1
    assert "nope.txt" in capsys.readouterr().err


def test_codebook_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codebook", "check", str(default_codebook_path())]) == 0
    assert load_codebook().hash in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nversion: 1\nauthors: [a]\nlicence: x\nframez: []\n", encoding="utf-8")
    assert main(["codebook", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.yaml, line 5" in err and "did you mean 'frames'" in err


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["frames"])
    assert exc.value.code == 2


def test_frames_reads_a_hard_wrapped_file_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    speech = tmp_path / "speech.txt"
    speech.write_text(
        "Our nation has always respected the sovereignty of others, and we\n"
        "expect the same from every partner. We will always defend the traditional\n"
        "values of our people against those who would teach us how to live, and\n"
        "we say so plainly to everyone who listens.\n",
        encoding="utf-8",
    )
    assert main(["frames", str(speech), "--format", "csv"]) == 0
    auto = capsys.readouterr().out.splitlines()
    assert main(["frames", str(speech), "--format", "csv", "--layout", "lines"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # read as lines, "traditional / values" is cut at the line end and missed
    assert any("traditional values" in r for r in auto)
    assert not any("traditional values" in r for r in lines)
