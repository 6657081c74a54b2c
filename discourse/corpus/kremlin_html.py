"""The kremlin.ru page extractor: one page of the President of Russia's website → one record.

The Kremlin corpus is built from the English pages of en.kremlin.ru (content licensed CC BY 4.0).
:func:`extract` reads one page and returns its ``title``, ``date``, ``place`` and ``text`` by
these rules:

- ``title``: the text of ``h1.entry-title`` (entities decoded; non-breaking spaces kept).
- ``date``: the ``datetime`` attribute of ``time.read__published``.
- ``place``: the text of ``div.read__place``, stripped at both ends.
- ``text``: every ``<p>`` element inside ``div.read__internal_content``, up to the first
  ``div.read__bottommeta``; inner tags are removed (their text is kept), HTML entities are
  decoded, non-breaking spaces become plain spaces, each paragraph is stripped at its ends (line
  breaks of the page source inside a paragraph stay), empty paragraphs are dropped and the rest
  are joined by one blank line.

A missing element gives ``""``, as in the corpus's records (148 items have no date). The parser
is the standard library's :class:`html.parser.HTMLParser`, which tolerates imperfect markup.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TypedDict

__all__ = ["KremlinPage", "extract"]


class KremlinPage(TypedDict):
    """The fields :func:`extract` reads from one page."""

    title: str
    date: str
    place: str
    text: str


def _classes(attrs: list[tuple[str, str | None]]) -> set[str]:
    for name, value in attrs:
        if name == "class" and value:
            return set(value.split())
    return set()


class _PageParser(HTMLParser):
    """A single pass over the page collecting the four fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.date: str | None = None
        self.place: str | None = None
        self.paragraphs: list[str] = []
        self._title_parts: list[str] | None = None
        self._place_parts: list[str] | None = None
        self._place_depth = 0
        self._content_depth = 0  # open <div>s since div.read__internal_content (0: outside)
        self._done = False  # reached div.read__bottommeta
        self._p_parts: list[str] | None = None  # the open paragraph's text, if any

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = _classes(attrs)
        if tag == "h1" and "entry-title" in classes and self.title is None:
            self._title_parts = []
        elif tag == "time" and "read__published" in classes and self.date is None:
            self.date = dict(attrs).get("datetime")
        if tag == "div":
            if self._place_parts is not None:
                self._place_depth += 1
            elif "read__place" in classes and self.place is None:
                self._place_parts = []
                self._place_depth = 1
            if self._content_depth:
                if "read__bottommeta" in classes:
                    self._done = True
                    self._close_paragraph()
                self._content_depth += 1
            elif "read__internal_content" in classes and not self._done:
                self._content_depth = 1
        if tag == "p" and self._collecting_content():
            self._close_paragraph()  # as in HTML, a <p> ends any open paragraph
            self._p_parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1" and self._title_parts is not None:
            self.title = "".join(self._title_parts)
            self._title_parts = None
        if tag == "div":
            if self._place_parts is not None:
                self._place_depth -= 1
                if self._place_depth == 0:
                    self.place = "".join(self._place_parts).strip()
                    self._place_parts = None
            if self._content_depth:
                self._content_depth -= 1
        if tag == "p":
            self._close_paragraph()

    def handle_data(self, data: str) -> None:
        if self._title_parts is not None:
            self._title_parts.append(data)
        if self._place_parts is not None:
            self._place_parts.append(data)
        if self._p_parts is not None and self._collecting_content():
            self._p_parts.append(data)

    def _collecting_content(self) -> bool:
        return self._content_depth > 0 and not self._done

    def _close_paragraph(self) -> None:
        if self._p_parts is not None:
            paragraph = "".join(self._p_parts).replace("\u00a0", " ").strip()
            if paragraph:
                self.paragraphs.append(paragraph)
        self._p_parts = None


def extract(html: str) -> KremlinPage:
    """Extract the title, date, place and text of one en.kremlin.ru page.

    Parameters
    ----------
    html
        The page's HTML, decoded (the pages are UTF-8).

    Returns
    -------
    KremlinPage
        A dict of strings: ``title``, ``date`` (ISO ``YYYY-MM-DD``), ``place`` and ``text``
        (paragraphs joined by blank lines); each is ``""`` where the page lacks it.

    Examples
    --------
    >>> page = (
    ...     '<h1 class="entry-title p-name">Meeting with\\u00a0students</h1>'
    ...     '<time class="read__published" datetime="2019-06-27">June 27</time>'
    ...     '<div class="read__place p-location"><i></i>The Kremlin, Moscow</div>'
    ...     '<div class="entry-content read__internal_content">'
    ...     '<p>Good <b>afternoon</b>,\\u00a0friends &amp; colleagues. </p><p> </p>'
    ...     '<p>Second\\nparagraph.</p>'
    ...     '<div class="read__bottommeta"><p>Topics</p></div></div>'
    ... )
    >>> record = extract(page)
    >>> record["title"], record["date"], record["place"]
    ('Meeting with\\xa0students', '2019-06-27', 'The Kremlin, Moscow')
    >>> print(record["text"])
    Good afternoon, friends & colleagues.
    <BLANKLINE>
    Second
    paragraph.
    """
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    parser._close_paragraph()
    return KremlinPage(
        title=parser.title or "",
        date=parser.date or "",
        place=parser.place or "",
        text="\n\n".join(parser.paragraphs),
    )
