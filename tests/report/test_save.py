"""Tests for discourse.report.save: deterministic bytes, content names, provenance and the index."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from discourse.errors import InputError  # noqa: E402
from discourse.report.save import (  # noqa: E402
    forget_files,
    load_provenance,
    save_figure,
    save_html,
    save_table,
    sources_of,
    write_index,
)


def _figure() -> plt.Figure:
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([1, 2, 3], [2.0, 1.0, 3.5], label="a line")
    ax.fill_between([1, 2, 3], [1, 0.5, 3], [3, 1.5, 4], alpha=0.2)  # makes a clip path
    ax.set_title("Title")
    ax.legend()
    return fig


def test_save_figure_twice_gives_byte_identical_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    fig = _figure()
    save_figure(fig, "demo", finding="It rises.", out_dir=first, formats=("svg", "png", "pdf"))
    plt.close(fig)
    fig = _figure()  # a fresh figure: ids must not depend on object identity
    save_figure(fig, "demo", finding="It rises.", out_dir=second, formats=("svg", "png", "pdf"))
    plt.close(fig)
    for name in ("demo.svg", "demo.png", "demo.pdf", "provenance.json", "README.md"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_figure_files_carry_no_dates_or_versions(tmp_path: Path) -> None:
    fig = _figure()
    save_figure(fig, "demo", finding="It rises.", out_dir=tmp_path)
    plt.close(fig)
    svg = (tmp_path / "demo.svg").read_bytes()
    png = (tmp_path / "demo.png").read_bytes()
    assert b"<dc:date>" not in svg and matplotlib.__version__.encode() not in svg
    assert b"\r\n" not in svg
    assert matplotlib.__version__.encode() not in png and b"discourse" in png
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_save_table_is_sorted_formatted_and_lf(tmp_path: Path) -> None:
    df = pd.DataFrame(
        {
            "iso3": ["RUS", "AZE", "AZE"],
            "year": [2008, 2014, 2008],
            "rate": [1 / 3, np.nan, 2.0],
            "own": [False, True, False],
            "label": ["a|b", "x", pd.NA],
        }
    )
    csv_path, md_path = save_table(df, "rates", finding="Rates.", out_dir=tmp_path)
    assert csv_path.read_bytes() == (
        b"iso3,year,rate,own,label\n"
        b"AZE,2008,2,false,\n"
        b"AZE,2014,,true,x\n"
        b"RUS,2008,0.333333,false,a|b\n"
    )
    assert md_path.read_text().splitlines() == [
        "| iso3 | year | rate | own | label |",
        "| --- | ---: | ---: | --- | --- |",
        "| AZE | 2008 | 2 | false |  |",
        "| AZE | 2014 |  | true | x |",
        "| RUS | 2008 | 0.333333 | false | a\\|b |",
    ]
    # Row order of the input does not matter.
    save_table(df.iloc[::-1], "rates2", finding="Rates.", out_dir=tmp_path)
    assert (tmp_path / "rates2.csv").read_bytes() == csv_path.read_bytes()


def test_save_table_sort_by_and_index(tmp_path: Path) -> None:
    df = pd.DataFrame({"n": [1, 3, 2]}, index=pd.Index(["a", "b", "c"], name="frame"))
    (csv_path, _) = save_table(
        df, "ranked", finding="b first.", out_dir=tmp_path, sort_by="n", ascending=False
    )
    assert csv_path.read_text() == "frame,n\nb,3\nc,2\na,1\n"
    with pytest.raises(InputError, match=r"sort_by names columns \['nope'\]"):
        save_table(df, "ranked", finding="x", out_dir=tmp_path, sort_by="nope")


@pytest.mark.parametrize("name", ["Fig3a", "fig.svg", "a b", "../x", "", "a__b", "_x"])
def test_names_must_be_content_slugs(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="content name"):
        save_table(pd.DataFrame({"x": [1]}), name, finding="x", out_dir=tmp_path)


def test_finding_is_required(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="finding"):
        save_table(pd.DataFrame({"x": [1]}), "t", finding="  ", out_dir=tmp_path)


def test_provenance_records_codebook_and_corpus(tmp_path: Path) -> None:
    corpus = pd.DataFrame({"doc_id": ["d2", "d1"], "raw_sha256": ["bb", "aa"]})
    table = pd.DataFrame({"frame": ["f"], "rate": [1.5]})
    table.attrs.update(codebook_hash="c0ffee", codebook_version="2.1")
    save_table(table, "t", finding="One.", notebook="01_x", out_dir=tmp_path, sources=[corpus])
    prov = load_provenance(tmp_path)
    assert set(prov) == {"t.csv", "t.md"}
    entry = prov["t.csv"]
    assert entry["kind"] == "table" and entry["notebook"] == "01_x" and entry["name"] == "t"
    assert entry["sources"]["codebook_hash"] == "c0ffee"
    assert entry["sources"]["codebook_version"] == "2.1"
    assert entry["sources"]["n_documents"] == 2
    assert entry["sources"]["corpus_sha256"] == sources_of(corpus)["corpus_sha256"]
    other = corpus.assign(raw_sha256=["bb", "ab"])
    assert sources_of(other)["corpus_sha256"] != entry["sources"]["corpus_sha256"]
    text = (tmp_path / "provenance.json").read_text()
    assert text.endswith("\n") and json.loads(text)["outputs"]["t.csv"] == entry


def test_notebook_defaults_to_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCOURSE_NOTEBOOK", "02_un")
    save_html("<p>x</p>", "page", finding="A page.", out_dir=tmp_path)
    assert load_provenance(tmp_path)["page.html"]["notebook"] == "02_un"


def test_index_lists_each_output_with_notebook_and_finding(tmp_path: Path) -> None:
    save_table(
        pd.DataFrame({"x": [1]}), "b_table", finding="B | b.", notebook="02_b", out_dir=tmp_path
    )
    save_table(pd.DataFrame({"x": [1]}), "a_table", finding="A.", notebook="01_a", out_dir=tmp_path)
    lines = (tmp_path / "README.md").read_text().splitlines()
    rows = [line for line in lines if line.startswith("| [")]
    files = "[{0}.csv]({0}.csv) · [{0}.md]({0}.md)"
    assert rows == [
        f"| {files.format('a_table')} | `notebooks/01_a.py` | A. |",
        f"| {files.format('b_table')} | `notebooks/02_b.py` | B \\| b. |",
    ]
    before = (tmp_path / "README.md").read_bytes()
    write_index(tmp_path)
    assert (tmp_path / "README.md").read_bytes() == before


def test_forget_files_deletes_files_and_entries(tmp_path: Path) -> None:
    save_table(pd.DataFrame({"x": [1]}), "gone", finding="G.", out_dir=tmp_path)
    save_table(pd.DataFrame({"x": [1]}), "kept", finding="K.", out_dir=tmp_path)
    forget_files(["gone.csv", "gone.md", "never-made.csv"], tmp_path)
    assert not (tmp_path / "gone.csv").exists() and (tmp_path / "kept.csv").exists()
    assert set(load_provenance(tmp_path)) == {"kept.csv", "kept.md"}
    assert "gone" not in (tmp_path / "README.md").read_text()


def test_a_figure_and_its_table_may_share_a_name(tmp_path: Path) -> None:
    fig = _figure()
    save_figure(fig, "rates", finding="Figure.", out_dir=tmp_path, formats=("svg", "pdf"))
    save_table(pd.DataFrame({"x": [1]}), "rates", finding="Table.", out_dir=tmp_path)
    # Saving the figure again without the PDF drops the stale PDF, not the table.
    save_figure(fig, "rates", finding="Figure.", out_dir=tmp_path, formats=("svg",))
    plt.close(fig)
    assert set(load_provenance(tmp_path)) == {"rates.svg", "rates.csv", "rates.md"}
    assert not (tmp_path / "rates.pdf").exists()
    rows = [ln for ln in (tmp_path / "README.md").read_text().splitlines() if ln.startswith("| [")]
    assert rows == [
        "| [rates.svg](rates.svg) | — | Figure. |",
        "| [rates.csv](rates.csv) · [rates.md](rates.md) | — | Table. |",
    ]


def test_corrupt_provenance_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "provenance.json").write_text("{not json")
    with pytest.raises(InputError, match="provenance.json"):
        load_provenance(tmp_path)


def test_writes_are_atomic_leaving_no_temporary_files(tmp_path: Path) -> None:
    save_table(pd.DataFrame({"x": [1]}), "t", finding="T.", out_dir=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "README.md",
        "provenance.json",
        "t.csv",
        "t.md",
    ]


def test_a_save_reads_the_provenance_record_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from discourse.report import save

    save_table(pd.DataFrame({"a": [1]}), "first", finding="One.", out_dir=tmp_path)
    reads: list[Path] = []
    real = save.load_provenance

    def counting(out_dir: object = None) -> dict:
        reads.append(Path(str(out_dir)))
        return real(out_dir)  # type: ignore[arg-type]

    monkeypatch.setattr(save, "load_provenance", counting)
    save_table(pd.DataFrame({"b": [2]}), "second", finding="Two.", out_dir=tmp_path)
    forget_files(["first.csv", "first.md"], tmp_path)
    assert len(reads) == 2  # one read per save and per removal; the index is written from it
    index = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "second.csv" in index and "first.csv" not in index
    assert write_index(tmp_path).read_text(encoding="utf-8") == index


def test_default_output_folder_is_the_users_never_the_package(tmp_path, monkeypatch) -> None:
    import pandas as pd

    from discourse.corpus import paths
    from discourse.errors import InputError
    from discourse.report.save import save_table

    table = pd.DataFrame({"a": [1]})
    monkeypatch.delenv("DISCOURSE_OUT", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    written = save_table(table, "t", finding="One row.")
    assert written[0].parent == tmp_path / "home" / "discourse-output"
    assert not (paths.PACKAGE_DIR / "t.csv").exists()
    monkeypatch.setenv("DISCOURSE_OUT", str(tmp_path / "mine"))
    assert save_table(table, "t", finding="One row.")[0].parent == tmp_path / "mine"
    with pytest.raises(InputError, match="inside the installed package"):
        save_table(table, "t", finding="One row.", out_dir=paths.PACKAGE_DIR / "figures")


def test_an_installed_package_never_writes_beside_itself(tmp_path, monkeypatch) -> None:
    from discourse.corpus import paths
    from discourse.report import pipeline

    # a wheel: no pyproject.toml / notebooks beside the package
    monkeypatch.setenv("DISCOURSE_ROOT", str(tmp_path / "site-packages"))
    monkeypatch.setenv("DISCOURSE_OUT", str(tmp_path / "out"))
    assert not paths.is_checkout()
    assert pipeline._default_out() == tmp_path / "out"
    assert paths.inside_package(paths.PACKAGE_DIR.parent / "figures")
