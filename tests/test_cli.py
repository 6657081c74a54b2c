from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from discourse.cli import main
from discourse.frames.codebook import default_codebook_path, load_codebook


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


# ------------------------------------------------------------------ version, entry points


def test_version_is_single_sourced(capsys: pytest.CaptureFixture[str]) -> None:
    import importlib.metadata
    import re

    import discourse

    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"discourse {discourse.__version__}"
    assert importlib.metadata.version("discourse") == discourse.__version__
    root = Path(__file__).resolve().parent.parent
    cff = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert re.search(rf"^version: {re.escape(discourse.__version__)}$", cff, re.M)
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject


def test_python_dash_m(files: list[Path]) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "discourse", "frames", str(files[0]), "--format", "csv"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert "speech-a,0,traditional_values" in out


# ------------------------------------------------------------------ folders, kwic, score, html


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "speeches"
    root.mkdir()
    (root / "rus-2019.txt").write_text(
        "We cherish traditional values.\nThe West imposes its will on others.\n", "utf-8"
    )
    (root / "fra-2019.txt").write_text("Trade grew by five per cent.\n", "utf-8")
    (root / "rus-2020.txt").write_text("The West meddles. We defend family values.\n", "utf-8")
    (root / "metadata.csv").write_text(
        "file,country\nrus-2019.txt,RUS\nfra-2019.txt,FRA\nrus-2020.txt,RUS\n", "utf-8"
    )
    return root


def test_frames_reads_a_folder_as_jsonl(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frames", str(folder), "--format", "jsonl", "--layout", "lines"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {r["doc_id"] for r in rows} == {"rus-2019", "rus-2020"}
    assert all(r["frame"] in {"traditional_values", "anti_western"} for r in rows)


def test_kwic_command(folder: Path, files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["kwic", "the West*", str(folder), str(files[1]), "--window", "2", "--format", "csv"]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "doc_id,start,end,pre,keyword,post,pattern"
    assert sorted(line.split(",")[0] for line in lines[1:]) == ["rus-2019", "rus-2020"]
    assert "rus-2020,0,8,,The West,meddles. We,the West*" in lines
    assert main(["kwic", "nothing-like-this", str(folder)]) == 0
    assert capsys.readouterr().out == "(no rows)\n"


def test_score_by_a_metadata_column(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(folder), "--by", "country", "--format", "csv"]) == 0
    rows = [line.split(",") for line in capsys.readouterr().out.splitlines()]
    header = rows[0]
    by = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by[("RUS", "anti_western")]["n_docs"] == "2"
    assert by[("RUS", "anti_western")]["sentences_with_frame"] == "2"
    assert by[("FRA", "anti_western")]["sentences_with_frame"] == "0"
    assert main(["score", str(folder), "--by", "contry"]) == 1
    err = capsys.readouterr().err
    assert "--by 'contry': no such column" in err and "country" in err


def test_html_command(files: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "a.html"
    assert main(["html", str(files[0]), "-o", str(out), "--layout", "lines"]) == 0
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "· 2 sentences ·" in page
    assert '<li id="n1">' in page and "anti_western" in page
    assert main(["html", str(files[0]), "-o", str(tmp_path / "no" / "x.html")]) == 1


def test_layout_flag_accepts_auto(files: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    for layout in ("auto", "lines", "wrapped"):
        assert main(["frames", str(files[0]), "--layout", layout, "--format", "csv"]) == 0
        assert "traditional_values" in capsys.readouterr().out


def test_every_command_has_a_help_example(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("frames", "kwic", "score", "html"):
        with pytest.raises(SystemExit):
            main([name, "--help"])
        text = capsys.readouterr().out
        assert "example" in text and f"discourse {name} " in text, name


def test_output_file_is_written(files: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    assert main(["frames", str(files[0]), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith("doc_id,sent_id,frame")


def test_two_inputs_with_one_doc_id(files: list[Path], tmp_path: Path) -> None:
    other = tmp_path / "x"
    other.mkdir()
    (other / "speech-a.txt").write_text("Hello.\n", "utf-8")
    assert main(["frames", str(files[0]), str(other / "speech-a.txt")]) == 1


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


# ------------------------------------------------------------------ outputs never destroy anything
# (issue 20, docs/hostile-input.md rows H1-H2, M8, M10)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_output_that_is_an_input_is_refused_naming_both(
    files: list[Path], folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = files[0]
    before = a.read_bytes()
    assert main(["frames", str(a), "-o", str(a)]) == 1
    err = capsys.readouterr().err
    assert f"-o {a} is the input {a}" in err
    assert main(["html", str(a), "-o", str(a)]) == 1
    assert a.read_bytes() == before
    inside = folder / "x.txt"
    assert main(["score", str(folder), "-o", str(inside)]) == 1
    err = capsys.readouterr().err
    assert f"lies inside the input folder {folder}" in err and str(inside) in err
    assert not inside.exists()
    # the same file reached through another spelling of its path
    other = a.parent / "." / a.name
    assert main(["frames", str(a), "-o", str(other)]) == 1
    assert a.read_bytes() == before


def test_an_output_folder_is_refused(files: list[Path], tmp_path: Path, capsys) -> None:
    assert main(["frames", str(files[0]), "-o", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err


def test_an_overwritten_output_keeps_its_permissions(files: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "private.csv"
    out.write_text("old\n")
    out.chmod(0o600)
    assert main(["frames", str(files[0]), "--format", "csv", "-o", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text().startswith("doc_id,")


def test_a_fifo_output_is_streamed_not_replaced(files: list[Path], tmp_path: Path) -> None:
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["frames", str(files[0]), "--format", "csv", "-o", str(fifo)]) == 0
    reader.join(timeout=30)
    assert got and got[0].startswith(b"doc_id,")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert _leftovers(tmp_path) == []


def test_a_process_substitution_output_is_streamed(files: list[Path]) -> None:
    # `-o >(cmd)` hands the command a /dev/fd/N path to a pipe
    read_end, write_end = os.pipe()
    try:
        assert main(["frames", str(files[0]), "--format", "csv", "-o", f"/dev/fd/{write_end}"]) == 0
        os.close(write_end)
        write_end = -1
        with os.fdopen(read_end, "rb") as reader:
            read_end = -1
            assert reader.read().startswith(b"doc_id,")
    finally:
        for fd in (read_end, write_end):
            if fd >= 0:
                os.close(fd)


def test_a_device_output_stays_a_device(files: list[Path], tmp_path: Path) -> None:
    import stat

    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot create a device node here ({exc})")
    assert main(["frames", str(files[0]), "-o", str(null)]) == 0
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_a_long_legal_output_name_works_and_leaves_no_temp(
    files: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / ("r" * 245 + ".csv")  # 249 characters: legal, but too long with a temp suffix
    assert main(["frames", str(files[0]), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_text().startswith("doc_id,")
    assert _leftovers(tmp_path) == []


def test_ctrl_c_exits_130_with_one_line_and_no_temp(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import discourse._atomic as atomic

    def interrupted(src: str, dst: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", interrupted)
    out = tmp_path / "m.csv"
    assert main(["frames", str(files[0]), "--format", "csv", "-o", str(out)]) == 130
    assert capsys.readouterr().err == "discourse: interrupted\n"
    assert _leftovers(tmp_path) == [] and not out.exists()


def test_sigterm_exits_143_and_removes_the_temp(
    files: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import signal

    import discourse._atomic as atomic

    def killed(src: str, dst: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(atomic.os, "replace", killed)
    before = signal.getsignal(signal.SIGTERM)
    assert main(["frames", str(files[0]), "--format", "csv", "-o", str(tmp_path / "m.csv")]) == 143
    assert capsys.readouterr().err == "discourse: terminated\n"
    assert _leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) == before


# ------------------------------------------------------------------ the lows (issue 20)


def test_csv_cells_that_look_like_formulas_are_escaped(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "=cmd.txt"
    doc.write_text("The West imposes its will.\n", "utf-8")
    assert main(["frames", str(doc), "--format", "csv"]) == 0
    assert "\n'=cmd,0," in capsys.readouterr().out
    assert main(["frames", str(doc), "--format", "csv", "--raw-csv"]) == 0
    assert "\n=cmd,0," in capsys.readouterr().out


def test_control_characters_do_not_reach_the_terminal(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "bell.txt"
    doc.write_text("We\x1b[31m see the West\x07 impose.\n", "utf-8")
    assert main(["kwic", "West", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out


def test_a_special_input_file_is_read_up_to_a_cap(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import discourse.cli as cli

    monkeypatch.setattr(cli, "MAX_SPECIAL_BYTES", 1000)
    assert main(["frames", "/dev/zero"]) == 1
    assert "/dev/zero: is not a regular file and holds more than 1,000 bytes" in (
        capsys.readouterr().err
    )


def test_errors_replace_is_offered(tmp_path: Path, capsys) -> None:
    doc = tmp_path / "latin.txt"
    doc.write_bytes("The West imposes its will. Caf\xe9.\n".encode("latin-1"))
    assert main(["frames", str(doc)]) == 1
    assert "--errors replace" in capsys.readouterr().err
    assert main(["frames", str(doc), "--errors", "replace"]) == 0


def test_an_unreadable_subfolder_is_an_error_or_skipped_on_request(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    """An unreadable subfolder was skipped silently, exit 0 (issue 20)."""
    folder = tmp_path / "speeches"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("The West imposes its will.\n", encoding="utf-8")
    (folder / "locked" / "b.txt").write_text("Hidden.\n", encoding="utf-8")
    real = os.scandir

    def scandir(path="."):  # as for a folder without read permission (tests may run as root)
        if str(path) == str(folder / "locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["frames", str(folder), "--format", "csv"]) == 1
    err = capsys.readouterr().err
    assert str(folder / "locked") in err and "run again with --skip-unreadable" in err
    with pytest.warns(UserWarning, match="skipped 1 file"):
        assert main(["frames", str(folder), "--format", "csv", "--skip-unreadable"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("a,0,anti_western")
