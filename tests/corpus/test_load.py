"""Tests of load_corpus: the seed, user folders and their bad input, the registered corpora."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from discourse.corpus import paths
from discourse.corpus.load import COLUMNS, load_corpus
from discourse.corpus.normalise import DecodeError, decode, normalise, sha256_bytes
from discourse.corpus.registry import KNOWN_CORPORA, corpus_registry, region_table
from discourse.corpus.sources.kremlin import _kremlin_from_pages
from discourse.errors import CorpusUnavailableError, InputError

# --------------------------------------------------------------------------- the seed


def test_seed_is_the_default(seed: pd.DataFrame) -> None:
    assert list(seed.columns) == list(COLUMNS)
    pd.testing.assert_frame_equal(load_corpus(progress=False), seed)
    row = seed.iloc[0]
    assert row["doc_id"] == "bne-2024-12-19-aliyev"
    assert (row["corpus"], row["genre"], row["layout"]) == ("seed", "news", "lines")
    assert (row["date"], row["year"], row["outlet"]) == ("2024-12-19", 2024, "bne IntelliNews")
    assert pd.isna(row["url"]) and pd.isna(row["speaker_post"])


def test_seed_text_is_normalised_file_bytes(seed: pd.DataFrame) -> None:
    raw = (
        paths.corpus_dir() / "seed" / "bne-2024-12-19-aliyev-russia-trump-georgia.txt"
    ).read_bytes()
    row = seed.iloc[0]
    assert row["text"] == normalise(decode(raw), layout="lines")
    assert row["raw_sha256"] == sha256_bytes(raw)
    assert row["n_chars"] == len(row["text"]) and not row["is_empty"]
    assert row["text"].startswith("Azerbaijan\u2019s Aliyev lines up with Russia and Trump")


def test_dtypes(seed: pd.DataFrame) -> None:
    assert seed["year"].dtype == "Int64"
    assert seed["n_chars"].dtype == "int64" and seed["is_empty"].dtype == "bool"
    assert all(
        seed[c].dtype == "string" for c in COLUMNS if c not in ("year", "n_chars", "is_empty")
    )


def test_unknown_name_lists_known_corpora() -> None:
    with pytest.raises(InputError) as info:
        load_corpus("ungdcc")
    assert all(name in str(info.value) for name in KNOWN_CORPORA)


def test_layout_is_refused_for_named_corpora() -> None:
    with pytest.raises(InputError, match="layout"):
        load_corpus("seed", layout="wrapped")


# --------------------------------------------------------------------------- a user's folder


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_folder_with_metadata(tmp_path: Path) -> None:
    _write(tmp_path, "b_speech.txt", "Second speech.\nIt has two lines.\n")
    _write(tmp_path, "a_speech.txt", "\ufeffFirst   speech.\r\n")
    _write(tmp_path, "notes.md", "not a text file")
    _write(
        tmp_path,
        "metadata.csv",
        "file,speaker,year,party\na_speech.txt,  Jane   Doe ,2020,Greens\n",
    )
    table = load_corpus(tmp_path, progress=False)
    assert list(table.columns) == [*COLUMNS, "party"]
    assert table["doc_id"].tolist() == ["a_speech", "b_speech"]  # sorted by doc_id
    assert table["text"].tolist() == ["First speech.", "Second speech.\n\nIt has two lines."]
    assert (table["corpus"] == "user").all() and (table["layout"] == "lines").all()
    first, second = table.iloc[0], table.iloc[1]
    assert (first["speaker"], first["year"], first["party"]) == ("Jane Doe", 2020, "Greens")
    assert pd.isna(second["speaker"]) and pd.isna(second["year"]) and pd.isna(second["party"])
    assert first["raw_sha256"] == sha256_bytes((tmp_path / "a_speech.txt").read_bytes())


def test_folder_without_metadata_and_wrapped_layout(tmp_path: Path) -> None:
    _write(tmp_path, "speech.txt", "One paragraph\nwrapped over lines.\n\nAnother.\n")
    table = load_corpus(str(tmp_path), layout="wrapped", progress=False)
    assert table.loc[0, "text"] == "One paragraph wrapped over lines.\n\nAnother."
    assert table.loc[0, "layout"] == "wrapped"
    assert (
        table.drop(columns=[c for c in COLUMNS if c not in ("title", "speaker")]).isna().all().all()
    )


def test_metadata_filters_before_reading(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "A.")
    _write(tmp_path, "b.txt", b"\xff not UTF-8, but never read")
    _write(
        tmp_path, "metadata.csv", "doc_id,country,iso3,date\na,Azerbaijan,AZE,2024-01-02\nb,,RUS,\n"
    )
    table = load_corpus(tmp_path, countries="aze", progress=False)
    assert table["doc_id"].tolist() == ["a"] and table.loc[0, "year"] == 2024


def test_non_utf8_names_file_and_offset(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.txt", b"Valid start \xe9 then Latin-1")
    with pytest.raises(DecodeError) as info:
        load_corpus(tmp_path, progress=False)
    assert str(path) in str(info.value) and "byte offset 12" in str(info.value)
    table = load_corpus(tmp_path, errors="replace", progress=False)
    assert table.loc[0, "text"] == "Valid start \ufffd then Latin-1"
    with pytest.raises(InputError, match="error handler"):
        load_corpus(tmp_path, errors="lenient", progress=False)


def test_empty_documents_are_kept(tmp_path: Path) -> None:
    _write(tmp_path, "empty.txt", b"")
    _write(tmp_path, "blank.txt", " \n\n\t\n")
    table = load_corpus(tmp_path, progress=False)
    assert table["is_empty"].tolist() == [True, True]
    assert table["n_chars"].tolist() == [0, 0] and table["text"].tolist() == ["", ""]


def test_duplicate_doc_ids_name_both_files(tmp_path: Path) -> None:
    first = _write(tmp_path, "2019/speech.txt", "One.")
    second = _write(tmp_path, "2020/speech.txt", "Two.")
    with pytest.raises(InputError) as info:
        load_corpus(tmp_path, progress=False)
    assert str(first) in str(info.value) and str(second) in str(info.value)


def test_metadata_line_without_file_is_named(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "A.")
    _write(tmp_path, "metadata.csv", "file,title\na.txt,Alpha\nmissing.txt,Ghost\n")
    with pytest.raises(InputError, match=r"metadata\.csv:3: .*missing\.txt"):
        load_corpus(tmp_path, progress=False)


@pytest.mark.parametrize("bad", ["../a.txt", "/etc/a.txt"])
def test_metadata_path_escaping_the_folder_is_refused(tmp_path: Path, bad: str) -> None:
    _write(tmp_path, "a.txt", "A.")
    _write(tmp_path, "metadata.csv", f"file,title\n{bad},Alpha\n")
    with pytest.raises(InputError, match="escapes the corpus root"):
        load_corpus(tmp_path, progress=False)


def test_metadata_errors(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "A.")
    _write(tmp_path, "metadata.csv", "title\nAlpha\n")
    with pytest.raises(InputError, match="'file' or 'doc_id'"):
        load_corpus(tmp_path, progress=False)
    _write(tmp_path, "metadata.csv", "doc_id,year\na,twenty\n")
    with pytest.raises(InputError, match=r"metadata\.csv:2: year"):
        load_corpus(tmp_path, progress=False)
    _write(tmp_path, "metadata.csv", "doc_id,title\na,One\na,Two\n")
    with pytest.raises(InputError, match="line 2"):
        load_corpus(tmp_path, progress=False)


def test_empty_selection_keeps_the_schema(tmp_path: Path) -> None:
    table = load_corpus(tmp_path, progress=False)
    assert table.empty and list(table.columns) == list(COLUMNS)
    assert table["year"].dtype == "Int64" and table["doc_id"].dtype == "string"
    assert load_corpus("seed", years=1999, progress=False).empty


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a known corpus name"):
        load_corpus(tmp_path / "absent", progress=False)


# --------------------------------------------------------------------------- UNGDC


@pytest.mark.mirror
def test_ungdc_subset(ungdc_subset: pd.DataFrame) -> None:
    expected = [f"ungdc-{c}-{y}" for c in ("AZE", "RUS") for y in range(2018, 2025)]
    assert ungdc_subset["doc_id"].tolist() == expected
    assert list(ungdc_subset.columns) == list(COLUMNS)
    assert (ungdc_subset["layout"] == "wrapped").all() and (ungdc_subset["genre"] == "speech").all()
    assert ungdc_subset["date"].isna().all() and not ungdc_subset["is_empty"].any()
    registry = corpus_registry("ungdc")
    sha = dict(
        zip("ungdc-" + registry["iso3"] + "-" + registry["year"], registry["sha256"], strict=True)
    )
    assert (ungdc_subset["raw_sha256"] == ungdc_subset["doc_id"].map(sha)).all()
    assert ungdc_subset["attribution"].str.contains("10.7910/DVN/0TJX8Y").all()


@pytest.mark.mirror
def test_ungdc_whole_corpus_metadata(corpus_or_skip) -> None:
    """The one whole-UN load: counts and the manifest's real gaps as NA."""
    table = corpus_or_skip("ungdc")
    assert len(table) == len(corpus_registry("ungdc")) and table["doc_id"].is_unique
    assert table["country"].isna().sum() == 68 and table["speaker"].isna().sum() == 70
    assert table["speaker_post"].isna().sum() == 4262
    for column in ("country", "speaker", "speaker_post"):
        values = table[column].dropna()
        assert (values == values.str.strip()).all() and not values.str.contains("  ").any()
        assert (values != "").all()
    assert table["year"].min() == 1946 and table["year"].max() == 2024


@pytest.mark.mirror
def test_ungdc_filters(corpus_or_skip) -> None:
    by_code = corpus_or_skip("ungdc", countries="AZE", years=[2004, 2010], speakers="ALIYEV")
    assert by_code["doc_id"].tolist() == ["ungdc-AZE-2004", "ungdc-AZE-2010"]
    ilham = corpus_or_skip("ungdc", countries=["Azerbaijan"], speakers=["ilham"])
    assert ilham["year"].tolist() == [2003, 2004, 2010, 2017, 2020, 2021]  # 2003 as PM
    russia = corpus_or_skip("ungdc", countries="Russia", years=(None, 1950))
    assert (russia["iso3"] == "RUS").all() and len(russia) == 5  # the USSR's speeches
    assert len(corpus_or_skip("ungdc", countries="AZE", years=range(2020, 2022))) == 2
    assert corpus_or_skip("ungdc", countries="AZE", genres="news").empty
    with pytest.warns(UserWarning, match="XYZ"):
        assert corpus_or_skip("ungdc", countries=["XYZ"]).empty
    with pytest.raises(InputError):
        load_corpus("ungdc", years="2020", progress=False)  # type: ignore[arg-type]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture
def http_mirror(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A loopback HTTP server for a folder built at test time; yields (base URL, folder)."""
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", folder
    server.shutdown()
    server.server_close()


def _mirror_folder() -> Path:
    source = paths.mirror()
    if source is None or not (Path(source) / "ungdc" / "manifest.csv").is_file():
        pytest.skip("needs DISCOURSE_MIRROR pointing at a mirror folder with ungdc/")
    return Path(source)


@pytest.mark.mirror
def test_filters_apply_before_fetching(http_mirror, tmp_path: Path, monkeypatch) -> None:
    """Over HTTP, load_corpus("ungdc", countries=["AZE"]) fetches Azerbaijan's files only."""
    source = _mirror_folder()
    base, served = http_mirror
    registry = corpus_registry("ungdc")
    for rel in "ungdc/" + registry.loc[registry["iso3"] == "AZE", "path"]:
        (served / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / rel, served / rel)
    cache = tmp_path / "cache"
    monkeypatch.setenv("DISCOURSE_MIRROR", base)
    monkeypatch.setenv("DISCOURSE_DATA", str(cache))
    table = load_corpus("ungdc", countries=["AZE"], progress=False)
    assert len(table) == 33 and (table["iso3"] == "AZE").all()
    cached = sorted(p.name for p in cache.rglob("*.txt"))
    assert len(cached) == 33 and all(name.startswith("AZE_") for name in cached)


def test_ungdc_unavailable_without_mirror_or_network(tmp_path: Path, monkeypatch) -> None:
    with socket_closed_port() as port:
        monkeypatch.setenv("DISCOURSE_MIRROR", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path / "cache"))
    with pytest.raises(CorpusUnavailableError, match="DISCOURSE_MIRROR"):
        load_corpus("ungdc", countries="AZE", years=2024, progress=False)


class socket_closed_port:  # noqa: N801 - a tiny context manager
    """Reserve a free loopback port, then free it: nothing listens there afterwards."""

    def __enter__(self) -> int:
        import socket

        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        return int(self._sock.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        self._sock.close()


# --------------------------------------------------------------------------- Kremlin


@pytest.mark.mirror
def test_kremlin_subset(kremlin_subset: pd.DataFrame) -> None:
    table = kremlin_subset
    assert len(table) == 496 and (table["year"] == 2019).all()
    assert table["doc_id"].str.fullmatch(r"kremlin-\d+").all()
    assert (table["country"] == "Russia").all() and (table["iso3"] == "RUS").all()
    assert (table["genre"] == "transcript").all()
    assert (table["outlet"] == "President of Russia").all()
    assert (table["licence"] == "CC BY 4.0").all() and table["speaker"].isna().all()
    attribution = "Source: President of Russia, " + table["url"] + ", CC BY 4.0"
    assert (table["attribution"] == attribution).all()
    assert table["title"].notna().all()
    registry = corpus_registry("kremlin").set_index("id")
    ids = table["doc_id"].str.removeprefix("kremlin-")
    assert (table["raw_sha256"].to_numpy() == registry.loc[ids, "source_sha256"].to_numpy()).all()


def test_kremlin_speakers_filter_is_refused() -> None:
    with pytest.raises(InputError, match="turns"):
        load_corpus("kremlin", speakers="Putin", progress=False)


MIRROR_PAGES = ("60836", "17118", "13679", "7982")


@pytest.mark.mirror
def test_kremlin_records_from_pages(http_mirror, tmp_path: Path, monkeypatch) -> None:
    """Without the JSONL, records are rebuilt from (HTTP-served) pages and equal the mirror's."""
    source = _mirror_folder()
    base, served = http_mirror
    (served / "kremlin" / "html").mkdir(parents=True)
    for page_id in MIRROR_PAGES:
        name = f"kremlin/html/{page_id}.html"
        shutil.copyfile(source / name, served / name)
    expected = {}
    with (source / "kremlin" / "transcripts.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in MIRROR_PAGES:
                expected[record["id"]] = record
    rows = corpus_registry("kremlin").set_index("id").loc[list(MIRROR_PAGES)].reset_index()
    monkeypatch.setenv("DISCOURSE_MIRROR", base)
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path / "cache"))
    records = _kremlin_from_pages(rows.to_dict("records"), progress=False)
    assert records == expected
    cache = tmp_path / "cache" / "kremlin" / "records-from-pages.jsonl"
    assert cache.is_file()
    shutil.rmtree(served / "kremlin")  # the assembled cache now answers alone
    assert _kremlin_from_pages(rows.to_dict("records"), progress=False) == expected


def test_kremlin_unavailable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DISCOURSE_MIRROR", str(tmp_path / "empty-mirror"))
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path / "cache"))
    with pytest.raises(CorpusUnavailableError, match="missing from the mirror"):
        load_corpus("kremlin", years=2019, progress=False)


# --------------------------------------------------------------------------- the registry builder


def _builder():
    import importlib.util

    script = paths.corpus_dir() / "registry" / "build_registry.py"
    spec = importlib.util.spec_from_file_location("build_registry", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_registry_from_a_synthetic_mirror(tmp_path: Path) -> None:
    mirror, out = tmp_path / "mirror", tmp_path / "out"
    data = b"Synthetic speech.\n"
    _write(mirror, "ungdc/TXT/Session 1 - 1946/XYZ_1_1946.txt", data)
    _write(
        mirror,
        "ungdc/manifest.csv",
        "iso3,country,year,session,speaker,speaker_post,path,bytes,sha256,origin_url\n"
        f"XYZ,Xland ,1946,1,Mr. X,,TXT/Session 1 - 1946/XYZ_1_1946.txt,{len(data)},"
        f"{sha256_bytes(data)},https://example.org/XYZ_1_1946.txt\n",
    )
    _write(mirror, "sotu/TXT/1999_a_b_n.txt", data)
    _write(mirror, "sotu/TXT/1998_c_d_n.txt", data)
    _write(
        mirror,
        "sotu/manifest.csv",
        "year,president,party,path,bytes,sha256,origin_url\n"
        + "".join(
            f"{y},P,none,TXT/{y}_{n}_n.txt,{len(data)},{sha256_bytes(data)},https://example.org/{y}\n"
            for y, n in ((1999, "a_b"), (1998, "c_d"))
        ),
    )
    records = [
        {"id": str(i), "date": d, "title": "T", "place": "", "url": f"u{i}", "license": "x",
         "source_repo": "o/r", "source_commit": "c", "source_path": f"p/{i}.html",
         "source_sha256": "0" * 64, "source_bytes": 1, "text": "Synthetic."}
        for i, d in ((10, "2001-01-01"), (9, "2001-01-01"), (2, "2000-05-05"))
    ]  # fmt: skip
    jsonl = "".join(json.dumps(r) + "\n" for r in records)
    _write(mirror, "kremlin/transcripts.jsonl", jsonl)
    out.mkdir()
    shutil.copyfile(paths.corpus_dir() / "registry" / "corpora.yaml", out / "corpora.yaml")
    _builder().main([str(mirror), str(out)])
    ungdc = (out / "ungdc.csv").read_text(encoding="utf-8")
    assert ungdc == (mirror / "ungdc" / "manifest.csv").read_text(encoding="utf-8")
    sotu = pd.read_csv(out / "sotu.csv", dtype=str)
    assert sotu["year"].tolist() == ["1998", "1999"]
    kremlin = pd.read_csv(out / "kremlin.csv", dtype=str)
    assert kremlin["id"].tolist() == ["2", "9", "10"] and "text" not in kremlin.columns
    assert "title" not in kremlin.columns
    corpora = (out / "corpora.yaml").read_text(encoding="utf-8")
    assert f"sha256: {sha256_bytes(jsonl.encode())}" in corpora
    assert f"bytes: {len(jsonl.encode())}" in corpora
    assert "licence: CC BY 4.0" in corpora  # the prose is kept


@pytest.mark.mirror
def test_committed_registry_matches_the_mirror(tmp_path: Path) -> None:
    source = _mirror_folder()
    out = tmp_path / "out"
    out.mkdir()
    registry = paths.corpus_dir() / "registry"
    shutil.copyfile(registry / "corpora.yaml", out / "corpora.yaml")
    _builder().main([str(source), str(out)])
    for name in ("ungdc.csv", "sotu.csv", "kremlin.csv", "corpora.yaml"):
        assert (out / name).read_bytes() == (registry / name).read_bytes(), name


# --------------------------------------------------------------------------- regions


def test_every_registered_country_has_a_region() -> None:
    regions = region_table()
    assert regions["region"].dropna().nunique() == 5
    registry = set(corpus_registry("ungdc")["iso3"])
    without = set(regions.loc[regions["region"].isna(), "iso3"])
    assert registry <= set(regions["iso3"]) and without == {"EU", "VAT"}


def test_region_column_and_filter(seed: pd.DataFrame) -> None:
    assert "region" in COLUMNS and seed.loc[0, "region"] == "Eastern European States"
    with pytest.raises(InputError, match="Asia-Pacific States"):
        load_corpus("seed", regions="Asia", progress=False)
    assert load_corpus("seed", regions="eastern european states", progress=False).shape[0] == 1
    assert load_corpus("seed", regions=["African States"], progress=False).empty


@pytest.mark.mirror
def test_ungdc_region_filter(corpus_or_skip) -> None:
    african = corpus_or_skip("ungdc", regions="African States", years=2020)
    assert len(african) > 40 and (african["region"] == "African States").all()
    assert {"ZAF", "NGA", "EGY"} <= set(african["iso3"])


# ------------------------------------------------------------------ hostile input (issue 13)


def test_links_that_leave_the_folder_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not for the corpus.", encoding="utf-8")
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "a.txt").write_text("Traditional values.", encoding="utf-8")
    (folder / "b.txt").symlink_to(folder / "a.txt")  # a link inside the folder is fine
    assert load_corpus(folder, progress=False)["doc_id"].tolist() == ["a", "b"]
    (folder / "c.txt").symlink_to(outside / "secret.txt")
    with pytest.raises(InputError, match=r"c.txt is a link to .*secret.txt, outside the folder"):
        load_corpus(folder, progress=False)
    (folder / "c.txt").unlink()
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.warns(UserWarning, match=r"links to folders are not followed.*sub"):
        ids = load_corpus(folder, progress=False)["doc_id"].tolist()
    assert ids == ["a", "b"]  # a linked folder is never read


def test_utf16_without_a_byte_order_mark_is_refused_with_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "a.txt").write_bytes("The West imposes its will on us.".encode("utf-16-le"))
    with pytest.raises(DecodeError, match=r"a.txt: 32 of its 64 characters are NUL.*UTF-16"):
        load_corpus(folder, progress=False)
    assert issubclass(DecodeError, InputError)


def test_the_derived_kremlin_cache_is_verified(tmp_path: Path, monkeypatch) -> None:
    from discourse.corpus.sources.kremlin import PAGES_CACHE as _PAGES_CACHE
    from discourse.corpus.sources.kremlin import _write_jsonl_atomic

    monkeypatch.setenv("DISCOURSE_MIRROR", str(tmp_path / "empty-mirror"))
    monkeypatch.setenv("DISCOURSE_DATA", str(tmp_path / "cache"))
    rows = corpus_registry("kremlin").head(2).to_dict("records")
    records = [
        {"id": row["id"], "source_sha256": row["source_sha256"], "text": f"Text {i}."}
        for i, row in enumerate(rows)
    ]
    cache = tmp_path / "cache" / _PAGES_CACHE
    _write_jsonl_atomic(cache, records)
    assert _kremlin_from_pages(rows, progress=False) == {r["id"]: r for r in records}
    good = cache.read_text(encoding="utf-8")
    # edited text under the page's checksum: not served, rebuilt from the (absent) pages
    cache.write_text(good.replace("Text 0.", "Text edited."), encoding="utf-8")
    with (
        pytest.warns(UserWarning, match=r"records-from-pages.jsonl: 1 record\(s\) failed"),
        pytest.raises(CorpusUnavailableError, match="missing from the mirror"),
    ):
        _kremlin_from_pages(rows, progress=False)
    # a truncated file: the cut record is rebuilt, the intact one still served
    cache.write_text(good[: len(good) - 20], encoding="utf-8")
    with pytest.warns(UserWarning, match="1 record"):
        assert _kremlin_from_pages(rows[:1], progress=False) == {rows[0]["id"]: records[0]}


def test_years_bounds_that_are_not_integers_are_an_input_error() -> None:
    with pytest.raises(InputError, match=r"years=\(start, end\) takes integers or None"):
        load_corpus("ungdc", countries=["AZE"], years=("2008", "2024"), progress=False)


# ------------------------------------------------------------------------ layout="auto"

WRAPPED_SPEECH = (
    "Mr. President, it is an honour to address this Assembly on behalf of\n"
    "the people of my country, who have asked me to convey their greetings\n"
    "to all the nations represented here today.\n\n"
    "The West imposes its will on smaller nations and calls it the\n"
    "international order. We reject such interference and we defend our traditional\n"
    "values.\n"
)
LINES_SPEECH = (
    "Mr. President, it is an honour to address this Assembly today.\n"
    "The West imposes its will on smaller nations and calls it the international order.\n"
    "We reject such interference and we defend our traditional values.\n"
)


def test_folder_layout_is_decided_per_document(tmp_path: Path) -> None:
    _write(tmp_path, "old.txt", WRAPPED_SPEECH)
    _write(tmp_path, "new.txt", LINES_SPEECH)
    table = load_corpus(tmp_path, progress=False).set_index("doc_id")
    assert table.loc["old", "layout"] == "wrapped" and table.loc["new", "layout"] == "lines"
    assert table.loc["old", "text"].count("\n\n") == 1  # two paragraphs, not six lines
    assert table.loc["new", "text"].count("\n\n") == 2  # three paragraphs
    # an explicit layout, or metadata.csv, still wins
    assert (load_corpus(tmp_path, layout="lines", progress=False)["layout"] == "lines").all()
    _write(tmp_path, "metadata.csv", "file,layout\nnew.txt,wrapped\n")
    table = load_corpus(tmp_path, progress=False).set_index("doc_id")
    assert table.loc["new", "layout"] == "wrapped" and table.loc["old", "layout"] == "wrapped"


def test_one_txt_file_loads_with_auto_layout(tmp_path: Path) -> None:
    path = _write(tmp_path, "speech.txt", WRAPPED_SPEECH)
    table = load_corpus(path, progress=False)
    assert table["doc_id"].tolist() == ["speech"] and table.loc[0, "layout"] == "wrapped"
    from discourse.frames.detect import find_frames

    matches = find_frames(path)  # a Path to a file is read like a folder's file
    assert set(matches["doc_id"]) == {"speech"}
    assert "traditional values" in set(matches["matched"].str.lower())  # across a line end


def test_auto_layout_on_the_un_files(tmp_path: Path) -> None:
    """Hard-wrapped UN speeches (1992-2014 as filed) read as wrapped, later ones as lines."""
    from discourse.corpus.fetch import fetch_all
    from discourse.corpus.load import _filter
    from discourse.corpus.segment import segment
    from discourse.corpus.sources.ungdc import meta as _ungdc_meta

    try:
        meta = _filter(
            _ungdc_meta(),
            name="ungdc",
            countries=["AZE", "RUS", "GEO", "ARM"],
            years=[2008, 2009, 2020],
            speakers=None,
            genres=None,
        )
        local = fetch_all(list(meta["_source"]), progress=False)
    except CorpusUnavailableError as exc:
        pytest.skip(f"corpus 'ungdc' unavailable (set DISCOURSE_MIRROR or DISCOURSE_DATA): {exc}")
    for path, doc_id in zip(local, meta["doc_id"], strict=True):
        shutil.copyfile(path, tmp_path / f"{doc_id}.txt")
    table = load_corpus(tmp_path, progress=False)
    year = table["doc_id"].str[-4:]
    assert (table.loc[year != "2020", "layout"] == "wrapped").all()
    assert (table.loc[year == "2020", "layout"] == "lines").all()
    old = table[year != "2020"]
    as_lines = load_corpus(tmp_path, layout="lines", progress=False)[year != "2020"]
    n_auto = len(segment(old, progress=False))
    n_lines = len(segment(as_lines, progress=False))
    assert n_auto < 0.7 * n_lines  # a line is not a sentence


def test_sotu_whole_corpus(corpus_or_skip) -> None:
    sotu = corpus_or_skip("sotu")
    assert len(sotu) == 233
    assert sotu["doc_id"].is_unique
    assert list(sotu.columns) == [*COLUMNS, "party"]
    assert set(sotu["corpus"]) == {"sotu"}
    assert set(sotu["genre"]) == {"speech"} and set(sotu["layout"]) == {"wrapped"}
    assert set(sotu["iso3"]) == {"USA"} and set(sotu["country"]) == {"United States"}
    assert set(sotu["region"]) == {"Western European and Other States"}
    assert sotu["year"].min() == 1790 and sotu["year"].max() == 2021
    assert 1933 not in set(sotu["year"])
    twice = sotu[sotu["year"] == 1953]
    assert twice["doc_id"].tolist() == ["sotu-1953-dwight-d-eisenhower", "sotu-1953-harry-s-truman"]
    assert twice["speaker"].tolist() == ["Dwight D Eisenhower", "Harry S Truman"]
    first = sotu.iloc[0]
    assert (first["doc_id"], first["speaker"], first["party"]) == (
        "sotu-1790-george-washington",
        "George Washington",
        "none",
    )
    assert not sotu["is_empty"].any()


def test_sotu_filters_and_segmentation(corpus_or_skip) -> None:
    from discourse import segment

    biden = corpus_or_skip("sotu", speakers="biden")
    assert biden["doc_id"].tolist() == ["sotu-2021-joseph-r-biden"]
    sentences = segment(biden, progress=False)
    text = biden.loc[0, "text"]
    assert len(sentences) > 300
    spans = zip(sentences["start"], sentences["end"], sentences["text"], strict=True)
    assert all(text[s:e] == t for s, e, t in spans)
    assert set(sentences["speaker"]) == {"Joseph R Biden"}
    assert set(sentences["voice"]) == {"speaker"}


def _unlistable(monkeypatch: pytest.MonkeyPatch, *folders: Path) -> None:
    """Make ``os.scandir`` fail on ``folders`` as it does on a folder without read permission
    (the tests may run as root, who can read everything)."""
    real = os.scandir
    refused = {str(f) for f in folders}

    def scandir(path: Any = ".") -> Any:
        if str(path) in refused:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_files_and_folders_are_an_error_naming_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable subfolder was skipped silently (issue 20): now an InputError naming every
    unreadable folder and file, or with unreadable="skip" a warning and attrs["skipped"]."""
    folder = tmp_path / "speeches"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("Traditional values.", encoding="utf-8")
    (folder / "b.txt").write_text("The West imposes.", encoding="utf-8")
    (folder / "locked" / "c.txt").write_text("Hidden.", encoding="utf-8")
    (folder / "metadata.csv").write_text("file,title\nb.txt,B\na.txt,A\n", encoding="utf-8")
    _unlistable(monkeypatch, folder / "locked")
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: Path(p).name != "b.txt" and real_access(p, mode)
    )
    with pytest.raises(InputError, match=r"2 file\(s\) or folder\(s\) in it cannot be read") as exc:
        load_corpus(folder, progress=False)
    assert str(folder / "locked") in str(exc.value) and str(folder / "b.txt") in str(exc.value)
    assert "unreadable='skip'" in str(exc.value)
    with pytest.warns(UserWarning, match=r"skipped 2 file\(s\) or folder\(s\)"):
        table = load_corpus(folder, unreadable="skip", progress=False)
    assert table["doc_id"].tolist() == ["a"] and table["title"].tolist() == ["A"]
    assert table.attrs["skipped"] == [str(folder / "b.txt"), str(folder / "locked")]
    with pytest.raises(InputError, match="unreadable must be 'raise' or 'skip'"):
        load_corpus(folder, unreadable="ignore", progress=False)


def test_a_file_that_cannot_be_opened_is_a_package_error(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "a.txt").write_text("Traditional values.", encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)  # unreadable after the walk (a race)
    with pytest.raises(InputError, match=r"a.txt: cannot be read \(Permission denied\)"):
        load_corpus(folder, progress=False)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"file,title\na.txt,Caf\xe9\n",
            r"metadata\.csv:2: byte b'\\xe9' at column 10 is not UTF-8.*save it as UTF-8",
        ),
        (
            b'file,title\na.txt,"' + b"x" * 140_000 + b"\n",
            r"metadata\.csv:2: a field longer than 131,072 characters: probably a quote",
        ),
        (
            b"file,year\na.txt,100000000000000000000000\n",
            r"metadata\.csv:2: year '100000000000000000000000' is out of range",
        ),
        (
            b"file,title,title\na.txt,A,B\n",
            r"metadata\.csv:1: column 'title' appears twice \(columns 2 and 3\)",
        ),
        (
            b"file,title\na.txt,Aliyev, Ilham\n",
            r"metadata\.csv:2: 3 fields but the header names 2 columns; quote values",
        ),
        (
            b"file,doc_id,title\na.txt,a,A\n",
            r"metadata\.csv:1: has both a 'file' and a 'doc_id' column; keep one",
        ),
        (
            b"file,_source\na.txt,elsewhere\n",
            r"metadata\.csv:1: column '_source': names starting with '_' are reserved",
        ),
        (b"file,,title\na.txt,,A\n", r"metadata\.csv:1: column 2 has no name"),
        (b"", r"metadata\.csv: is empty"),
    ],
)
def test_metadata_csv_problems_are_located_package_errors(
    tmp_path: Path, content: bytes, message: str
) -> None:
    """Raw UnicodeDecodeError, csv.Error and Int64 overflow tracebacks before, or silent
    quirks (repeated headers, extra fields, file and doc_id both, a `_source` column read as
    the text's path) (issue 20): each an InputError naming the file, the line and the fix."""
    _write(tmp_path, "a.txt", "A.")
    (tmp_path / "metadata.csv").write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_corpus(tmp_path, progress=False)


def test_an_internal_column_in_metadata_never_redirects_the_reading(tmp_path: Path) -> None:
    """With two documents and a `_source` column, both texts were read from ./_source."""
    _write(tmp_path, "a.txt", "A.")
    _write(tmp_path, "b.txt", "B.")
    _write(tmp_path, "metadata.csv", "file,_source\na.txt,_source\nb.txt,_source\n")
    with pytest.raises(InputError, match="'_source'.*reserved"):
        load_corpus(tmp_path, progress=False)


def test_metadata_headers_with_spaces_are_trimmed_with_a_warning(tmp_path: Path) -> None:
    _write(tmp_path, "a.txt", "A.")
    (tmp_path / "metadata.csv").write_bytes(b"file, title \na.txt,Alpha\n")
    with pytest.warns(UserWarning, match=r"metadata\.csv:1: spaces around column names removed"):
        table = load_corpus(tmp_path, progress=False)
    assert table["title"].tolist() == ["Alpha"] and " title " not in table.columns


def test_an_unreadable_metadata_file_is_a_package_error(tmp_path: Path, monkeypatch) -> None:
    _write(tmp_path, "a.txt", "A.")
    _write(tmp_path, "metadata.csv", "file,title\na.txt,A\n")
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "metadata.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=r"metadata\.csv: cannot be read \(Permission denied\)"):
        load_corpus(tmp_path, progress=False)


def test_a_read_only_cache_keeps_the_kremlin_records_with_a_warning(tmp_path, monkeypatch) -> None:
    """The derived Kremlin cache in a read-only DISCOURSE_DATA: a raw OSError before."""
    from discourse.corpus.sources import kremlin

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(30, "Read-only file system", str(tmp_path))

    monkeypatch.setattr(kremlin, "write_atomic", read_only)
    with pytest.warns(UserWarning, match=r"could not be cached \(Read-only file system\)"):
        kremlin._write_jsonl_atomic(tmp_path / "kremlin" / "records.jsonl", [{"id": 1}])
