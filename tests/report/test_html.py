"""Tests for discourse.report.html: the standalone page, unit-level and in headless chromium."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from discourse.errors import InputError
from discourse.report.html import OKABE_ITO, render_html

# A synthetic two-paragraph document; offsets index this text.
TEXT = (
    "Leaders & values\n\n"
    "He praised traditional values. <script>window.pwned = 1</script> "
    '<img src=x onerror="window.pwned = 2"> "The West meddles," he said.'
)


def _sentences() -> pd.DataFrame:
    spans = [
        (0, 0, "heading", "narrator", pd.NA, "Leaders & values"),
        (1, 1, "body", "narrator", pd.NA, "He praised traditional values."),
        (1, 2, "body", "narrator", pd.NA, "<script>window.pwned = 1</script>"),
        (1, 3, "body", "narrator", pd.NA, '<img src=x onerror="window.pwned = 2">'),
        (1, 4, "body", "quote", "A. Leader", '"The West meddles," he said.'),
    ]
    rows = []
    for par_id, sent_id, kind, voice, speaker, text in spans:
        start = TEXT.index(text)
        rows.append(
            {
                "doc_id": "doc-1",
                "par_id": par_id,
                "sent_id": sent_id,
                "start": start,
                "end": start + len(text),
                "text": text,
                "kind": kind,
                "voice": voice,
                "speaker": speaker,
            }
        )
    return pd.DataFrame(rows)


def _match(text: str, frame: str, indicator: str, **extra: object) -> dict[str, object]:
    start = TEXT.index(text)
    row: dict[str, object] = {
        "doc_id": "doc-1",
        "start": start,
        "end": start + len(text),
        "frame": frame,
        "subframe": "sub-" + frame,
        "indicator": indicator,
        "matched": text,
        "negated": False,
        "voice": "narrator",
        "speaker": pd.NA,
    }
    row.update(extra)
    return row


QUOTED = {"voice": "quote", "speaker": "A. Leader"}


def _matches() -> pd.DataFrame:
    return pd.DataFrame(
        [
            _match("traditional values", "traditional_values", "tv.traditional_values"),
            _match("West meddles", "anti_western", "aw.meddling", **QUOTED),
            _match("meddles", "anti_western", "aw.meddle_verb", **QUOTED),
        ]
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(page)
    return parser.tags


def test_document_text_is_escaped_never_markup() -> None:
    page = render_html(_sentences(), _matches(), title="<b>Title</b>")
    tags = [t for t, _ in _tags(page)]
    assert "script" not in tags and "img" not in tags and "b" not in tags
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page
    assert "onerror=&quot;window.pwned = 2&quot;" in page
    assert "<title>&lt;b&gt;Title&lt;/b&gt;</title>" in page
    assert "Leaders &amp; values" in page


def test_page_is_self_contained_and_forbids_scripts() -> None:
    page = render_html(_sentences(), _matches())
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", page)
    assert "<link" not in page
    assert "default-src 'none'" in page
    assert page.startswith("<!DOCTYPE html>")


def test_each_highlight_explains_itself() -> None:
    page = render_html(_sentences(), _matches())
    marks = [attrs for tag, attrs in _tags(page) if tag == "mark"]
    # "West " (one match), "meddles" (two overlapping matches), "traditional values"
    assert len(marks) == 3
    for attrs in marks:
        assert attrs["tabindex"] == "0"
        tip = attrs["aria-describedby"]
        assert tip and f'id="{tip}"' in page and 'role="tooltip"' in page
        assert "frame: " in (attrs["title"] or "")
    overlap = next(a for a in marks if "aw.meddle_verb" in (a["title"] or ""))
    assert "aw.meddling" in (overlap["title"] or "")
    assert "voice: quote (A. Leader)" in (overlap["title"] or "")
    tv = next(a for a in marks if a["data-frame"] == "traditional_values")
    assert "subframe: sub-traditional_values" in (tv["title"] or "")
    assert "indicator: tv.traditional_values" in (tv["title"] or "")


def test_legend_colours_are_colour_blind_safe_and_counted() -> None:
    page = render_html(_sentences(), _matches())
    assert "anti_western (2 matches)" in page and "traditional_values (1 match)" in page
    assert OKABE_ITO[0] in page and OKABE_ITO[1] in page
    assert "dashed" in page  # the second frame differs by underline style too


def test_headings_quotes_and_negation() -> None:
    matches = _matches()
    matches.loc[0, "negated"] = True
    page = render_html(_sentences(), matches)
    assert '<h3 class="par kind-heading" data-par="0">' in page
    assert 'class="s v-quote" title="voice: quote · speaker: A. Leader"' in page
    assert 'class="m negated"' in page and "· negated ·" in page


def test_every_highlight_has_a_visible_numbered_note() -> None:
    page = render_html(_sentences(), _matches())
    tags = _tags(page)
    refs = [a for t, a in tags if t == "a" and (a.get("id") or "").startswith("r")]
    notes = [a["id"] for t, a in tags if t == "li" and (a.get("id") or "").startswith("n")]
    assert [a["href"] for a in refs] == ["#n1", "#n2", "#n3"] and notes == ["n1", "n2", "n3"]
    notes_part = page[page.index('<section class="notes"') :]
    assert "Notes: the 3 highlights" in notes_part
    assert "indicator: aw.meddle_verb" in notes_part and "voice: quote (A. Leader)" in notes_part
    assert "<script>" not in notes_part  # notes are escaped like the text


def test_print_style_sheet() -> None:
    page = render_html(_sentences(), _matches())
    css = page[page.index("@media print") :]
    assert "print-color-adjust: exact" in css and ".tip { display: none !important; }" in css


def test_header_counts_sentences_not_quote_parts(seed: pd.DataFrame) -> None:
    from discourse import find_frames, segment

    whole = segment(seed, progress=False)
    parts = segment(seed, split_quotes=True, progress=False)
    assert len(parts) > len(whole)  # the bug: the header printed len(parts)
    page = render_html(parts, find_frames(parts))
    assert f"· {whole['sent_id'].nunique()} sentences ·" in page
    assert f"· {len(parts)} sentences ·" not in page


def test_no_matches_still_renders() -> None:
    page = render_html(_sentences(), _matches().iloc[0:0])
    assert "No frame matches in this document." in page
    assert "<mark" not in page


def test_rendering_is_deterministic() -> None:
    shuffled = _matches().sample(frac=1, random_state=3)
    assert render_html(_sentences(), _matches()) == render_html(_sentences(), shuffled)


def test_rejects_several_documents_and_missing_columns() -> None:
    two = pd.concat([_sentences(), _sentences().assign(doc_id="doc-2")])
    with pytest.raises(InputError, match="one document"):
        render_html(two, _matches())
    with pytest.raises(InputError, match=r"sentence table: missing column\(s\) par_id"):
        render_html(_sentences().drop(columns="par_id"), _matches())
    with pytest.raises(InputError, match=r"match table: missing column\(s\) frame"):
        render_html(_sentences(), _matches().drop(columns="frame"))


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="headless chromium is not installed")
def test_in_a_real_browser(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "doc.html"
    path.write_text(render_html(_sentences(), _matches(), title="Browser test"), "utf-8")
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(path.as_uri())
            assert page.title() == "Browser test"

            marks = page.locator("mark.m")
            assert marks.count() == 3
            tip = page.locator("#t1")
            assert not tip.is_visible()
            page.hover("#m1")
            assert tip.is_visible()
            assert "indicator: tv.traditional_values" in tip.inner_text()

            page.mouse.move(0, 0)
            assert not tip.is_visible()
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == "m1"
            assert tip.is_visible()
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == "m2"
            assert page.locator("#t2").is_visible() and not tip.is_visible()

            # the notes are on the page without hovering: a screenshot or a print shows them
            note = page.locator("#n1")
            assert note.is_visible() and "indicator: tv.traditional_values" in note.inner_text()
            assert page.locator("sup.fn").count() == 3 and page.locator("#r1").is_visible()
            page.emulate_media(media="print")
            assert note.is_visible() and page.locator(".legend").is_visible()
            page.hover("#m1")
            assert not tip.is_visible()  # no floating tooltip on paper
            page.emulate_media(media="screen")

            article = page.locator("article").inner_text()
            assert "<script>window.pwned = 1</script>" in article
            assert 'onerror="window.pwned = 2"' in article
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.locator("article script, article img").count() == 0
        finally:
            browser.close()
    assert problems == []


@pytest.mark.timeout(120)
def test_rendering_is_linear_in_paragraphs_and_matches(growth_ratio) -> None:
    # 1 MB took 6 s, 2 MB 19 s, 4 MB 116 s: every paragraph filtered every match, and every
    # piece of a sentence was compared with every match in it (issue 20)
    import discourse

    paragraph = "The West imposes its will. We defend traditional family values.\n"
    line = "the West and Western sanctions " * 40 + ".\n"  # one sentence, many matches

    def make(n: int):
        text = (paragraph * n) + line * (n // 20)
        sentences = discourse.segment(
            pd.DataFrame({"doc_id": ["d"], "text": [text], "genre": ["news"]}), progress=False
        )
        matches = discourse.find_frames(sentences)
        return lambda: render_html(sentences, matches)

    assert growth_ratio(make, 300) <= 2.5
