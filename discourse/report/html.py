"""The standalone HTML rendering of a document with its frame matches highlighted.

:func:`render_html` turns one document's sentence table and match table into a single,
self-contained page — inline CSS, no scripts, no external assets — that a reader can open from
disk or attach to an e-mail. Each highlight explains itself (frame, subframe, indicator, the
words matched, negation, voice and speaker) in a ``title`` attribute and in a tooltip that
appears on mouse hover *and* on keyboard focus (highlights are reachable with Tab, and the
tooltip is linked with ``aria-describedby`` for screen readers). The same explanation is
also printed in the page, so it survives a screenshot, a PDF or a paper print: every highlight
carries a numbered note mark (``[3]``) that links to its note in the list of notes after the
text, and the legend names each frame with its colour, underline and match count. Frames are
told apart by colour-blind-safe colours (Okabe & Ito) *and* by underline style, so colour is
never the only cue. Quoted speech is set in italics. A print style sheet keeps the colours,
hides the tooltips and keeps notes and legend whole on the page.

The header counts sentences, not rows: a sentence table cut by ``segment(split_quotes=True)``
has several rows for one sentence (same ``sent_id``), and it counts once.

All document text and metadata are escaped, and the page's Content-Security-Policy forbids
scripts: a document that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

import html as _html
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from .._validation import require_columns
from ..errors import InputError

__all__ = ["OKABE_ITO", "render_html"]

#: Okabe & Ito's colour-blind-safe palette (black omitted), in the order frames receive them.
OKABE_ITO = ("#E69F00", "#0072B2", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442")
_UNDERLINES = ("solid", "dashed", "dotted", "double")
_TAGS = {"title": "h2", "heading": "h3"}

_CSS = """
:root { color-scheme: light; }
body { font: 17px/1.6 Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff;
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
header h1 { font: 600 1.5rem/1.3 system-ui, sans-serif; margin: 0 0 .3rem; }
.meta, .legend, .tip, footer { font-family: system-ui, sans-serif; }
.meta { color: #555; font-size: .9rem; margin: 0 0 1rem; }
.legend { border: 1px solid #ccc; border-radius: 6px; padding: .6rem 1rem; font-size: .9rem; }
.legend h2 { font-size: 1rem; margin: 0 0 .3rem; }
.legend ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap;
  gap: .3rem 1.4rem; }
.legend p { margin: .4rem 0 0; color: #444; }
article h2 { font-size: 1.3rem; line-height: 1.3; }
article h3 { font-size: 1.1rem; margin-bottom: .2rem; }
.kind-byline, .kind-standfirst { color: #444; }
.kind-residue { color: #888; font-size: .85rem; }
.v-quote { font-style: italic; }
mark.m { position: relative; color: inherit; background: var(--tint);
  border-bottom: 3px var(--line) var(--colour); padding: 0 1px; cursor: help; }
mark.m:focus { outline: 2px solid #000; outline-offset: 2px; }
mark.m.negated { text-decoration: line-through; }
.tip { display: none; position: absolute; left: 0; top: 100%; z-index: 10; width: max-content;
  max-width: 22rem; margin-top: 4px; padding: .35rem .6rem; border-radius: 4px;
  background: #1a1a1a; color: #fff; font-size: .8rem; font-style: normal; line-height: 1.4;
  white-space: normal; text-decoration: none; }
mark.m:hover > .tip, mark.m:focus > .tip { display: block; }
.swatch { display: inline-block; width: 1.6rem; height: .9rem; vertical-align: middle;
  margin-right: .35rem; background: var(--tint); border-bottom: 3px var(--line) var(--colour); }
sup.fn { font: 600 .7rem/1 system-ui, sans-serif; color: #333; margin-left: 1px; }
sup.fn a { color: inherit; text-decoration: none; }
.notes { font: .85rem/1.45 system-ui, sans-serif; color: #333; border-top: 1px solid #ccc;
  margin-top: 2rem; padding-top: .5rem; }
.notes h2 { font-size: 1rem; margin: .2rem 0 .4rem; }
.notes ol { margin: 0; padding-left: 2.2rem; }
.notes .swatch { width: .9rem; }
footer { margin-top: 2rem; color: #555; font-size: .8rem; }
@media print {
  @page { margin: 18mm 16mm; }
  body { font-size: 11pt; max-width: none; margin: 0; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .tip { display: none !important; }
  mark.m { cursor: auto; }
  mark.m:focus { outline: none; }
  .legend, .notes li, header { break-inside: avoid; }
  .legend p.screen { display: none; }
  h2, h3 { break-after: avoid; }
}
"""


def _e(value: Any) -> str:
    """Escaped text; missing values become an empty string."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return _html.escape(str(value), quote=True)


def _present(row: Mapping[Hashable, Any], key: str) -> str:
    value = row.get(key)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _frame_style(index: int) -> str:
    colour = OKABE_ITO[index % len(OKABE_ITO)]
    line = _UNDERLINES[index % len(_UNDERLINES)]
    return f"--colour: {colour}; --tint: {colour}40; --line: {line};"


def _explain(match: Mapping[Hashable, Any]) -> str:
    """The one-line explanation of a match, as plain text."""
    parts = [f"frame: {_present(match, 'frame')}"]
    for key in ("subframe", "indicator"):
        if _present(match, key):
            parts.append(f"{key}: {_present(match, key)}")
    if _present(match, "matched"):
        parts.append(f"matched: “{_present(match, 'matched')}”")
    if str(match.get("negated")) == "True":
        parts.append("negated")
    voice = _present(match, "voice")
    speaker = _present(match, "speaker")
    if voice or speaker:
        who = f"voice: {voice or 'unknown'}"
        parts.append(f"{who} ({speaker})" if speaker else who)
    return " · ".join(parts)


def _check(sentences: pd.DataFrame, matches: pd.DataFrame) -> None:
    require_columns(
        sentences,
        ("doc_id", "par_id", "start", "end", "text"),
        "render_html: the sentence table",
        hint="pass the table discourse.segment returns",
    )
    require_columns(
        matches,
        ("doc_id", "start", "end", "frame"),
        "render_html: the match table",
        hint="pass the table discourse.find_frames returns",
    )
    docs = sentences["doc_id"].unique()
    if len(docs) != 1:
        raise InputError(
            f"render_html renders one document; the sentence table holds {len(docs)} "
            "(filter it, e.g. sentences[sentences.doc_id == '...'])"
        )


def _count_sentences(sentences: pd.DataFrame) -> int:
    """Sentences in a sentence table: rows with the same ``sent_id`` (parts) count once."""
    if "sent_id" in sentences.columns:
        return int(sentences[["doc_id", "sent_id"]].drop_duplicates().shape[0])
    return len(sentences)


def _render_sentence(
    sentence: Mapping[Hashable, Any],
    matches: list[dict[Hashable, Any]],
    styles: Mapping[str, int],
    counter: list[int],
    notes: list[str],
) -> str:
    """A sentence's text with its matches as focusable highlights (overlaps split into pieces)."""
    text = str(sentence["text"])
    s0 = int(sentence["start"])
    spans = []
    for m in matches:
        lo, hi = max(int(m["start"]) - s0, 0), min(int(m["end"]) - s0, len(text))
        if lo < hi:
            spans.append((lo, hi, m))
    cuts = sorted({0, len(text), *(lo for lo, _, _ in spans), *(hi for _, hi, _ in spans)})
    # one sweep over the cuts: a match covers the pieces from its start to its end, so it joins
    # the active set at its start and leaves at its end (comparing every piece with every
    # match was quadratic in the matches of one long sentence)
    opening = sorted(range(len(spans)), key=lambda i: spans[i][0])
    closing = sorted(range(len(spans)), key=lambda i: spans[i][1])
    active: dict[int, dict[Hashable, Any]] = {}
    next_open = next_close = 0
    pieces = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        while next_close < len(closing) and spans[closing[next_close]][1] <= a:
            active.pop(closing[next_close], None)
            next_close += 1
        while next_open < len(opening) and spans[opening[next_open]][0] <= a:
            i = opening[next_open]
            if spans[i][1] > a:
                active[i] = spans[i][2]
            next_open += 1
        covering = [active[i] for i in sorted(active)]
        chunk = _e(text[a:b])
        if not covering:
            pieces.append(chunk)
            continue
        counter[0] += 1
        n = counter[0]
        explanation = " | ".join(_explain(m) for m in covering)
        first = covering[0]
        classes = "m" + (" negated" if str(first.get("negated")) == "True" else "")
        pieces.append(
            f'<mark class="{classes}" id="m{n}" tabindex="0" '
            f'style="{_frame_style(styles[str(first["frame"])])}" '
            f'data-frame="{_e(first["frame"])}" title="{_e(explanation)}" '
            f'aria-describedby="t{n}">{chunk}'
            f'<span class="tip" role="tooltip" id="t{n}">{_e(explanation)}</span></mark>'
            f'<sup class="fn"><a href="#n{n}" id="r{n}" tabindex="-1" aria-label="note {n}">'
            f"[{n}]</a></sup>"
        )
        notes.append(
            f'<li id="n{n}"><span class="swatch" style="'
            f'{_frame_style(styles[str(first["frame"])])}"></span>{_e(explanation)} '
            f'<a href="#r{n}" aria-label="back to the text">↩</a></li>'
        )
    voice = _present(sentence, "voice")
    speaker = _present(sentence, "speaker")
    who = f"voice: {voice}" + (f" · speaker: {speaker}" if speaker else "") if voice else ""
    attrs = f' class="s v-{_e(voice)}"' if voice else ' class="s"'
    if who:
        attrs += f' title="{_e(who)}"'
    return f"<span{attrs}>{''.join(pieces)}</span>"


def _hits_per_sentence(
    ordered: pd.DataFrame, records: list[dict[Hashable, Any]]
) -> list[list[dict[Hashable, Any]]]:
    """The matches overlapping each sentence of ``ordered`` (sorted by start), in ``records``
    order: a binary search per match, then the sentences it overlaps (linear in sentences plus
    matches; filtering every match per paragraph was quadratic)."""
    import bisect
    import itertools

    starts = [int(v) for v in ordered["start"]]
    ends = [int(v) for v in ordered["end"]]
    reach = list(itertools.accumulate(ends, max))  # sorted even if sentences overlap
    out: list[list[dict[Hashable, Any]]] = [[] for _ in starts]
    for m in records:
        m_start, m_end = int(m["start"]), int(m["end"])
        i = bisect.bisect_right(reach, m_start)  # the first sentence that may end after it
        while i < len(starts) and starts[i] < m_end:
            if ends[i] > m_start:
                out[i].append(m)
            i += 1
    return out


def render_html(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    title: str | None = None,
) -> str:
    """A standalone HTML page of one document with its frame matches highlighted.

    Parameters
    ----------
    sentences
        The document's sentence table (see :func:`discourse.segment`): ``doc_id``, ``par_id``,
        ``start``, ``end``, ``text``, and, when present, ``kind`` (titles and headings become
        headings), ``voice`` and ``speaker``. One document only.
    matches
        Its match table (see :func:`discourse.find_frames`): ``doc_id``, ``start``, ``end``
        (offsets into the document's text), ``frame``, and, when present, ``subframe``,
        ``indicator``, ``matched``, ``negated``, ``voice`` and ``speaker``.
    title
        The page title; defaults to the document id.

    Returns
    -------
    str
        The page: inline CSS, no scripts, every text escaped.

    Examples
    --------
    >>> sentences = pd.DataFrame({
    ...     "doc_id": ["d1", "d1"], "par_id": [0, 0], "start": [0, 27], "end": [26, 52],
    ...     "text": ["They defend family values.", "<script>alert(1)</script>"],
    ...     "voice": ["quote", "narrator"], "speaker": ["A. Speaker", pd.NA]})
    >>> matches = pd.DataFrame({
    ...     "doc_id": ["d1"], "start": [12], "end": [25], "frame": ["traditional_values"],
    ...     "subframe": ["family"], "indicator": ["tv.family_values"],
    ...     "matched": ["family values"], "voice": ["quote"], "speaker": ["A. Speaker"]})
    >>> page = render_html(sentences, matches, title="Demo")
    >>> page.startswith("<!DOCTYPE html>"), "<script>" in page, "&lt;script&gt;" in page
    (True, False, True)
    >>> 'tabindex="0"' in page and "indicator: tv.family_values" in page
    True
    """
    _check(sentences, matches)
    doc_id = str(sentences["doc_id"].iloc[0])
    mine = matches[matches["doc_id"].astype(str) == doc_id]
    frames = sorted(mine["frame"].astype(str).unique())
    styles = {frame: i for i, frame in enumerate(frames)}
    records = mine.sort_values(["start", "end"], kind="mergesort").to_dict("records")
    ordered = sentences.sort_values(["start", "end"], kind="mergesort")
    ordered = ordered.assign(_position=range(len(ordered)))
    hits = _hits_per_sentence(ordered, records)
    counter = [0]
    notes: list[str] = []
    body = []
    for par_id, par in ordered.groupby("par_id", sort=False):
        rows = par.to_dict("records")
        rendered = [
            _render_sentence(row, hits[position], styles, counter, notes)
            for row, position in zip(rows, par["_position"], strict=True)
        ]
        kind = _present(rows[0], "kind") or "body"
        tag = _TAGS.get(kind, "p")
        body.append(
            f'<{tag} class="par kind-{_e(kind)}" data-par="{_e(par_id)}">'
            + " ".join(rendered)
            + f"</{tag}>"
        )
    counts = mine["frame"].astype(str).value_counts()
    legend = "".join(
        f'<li><span class="swatch" style="{_frame_style(styles[f])}"></span>'
        f"{_e(f)} ({int(counts[f])} match{'es' if counts[f] != 1 else ''})</li>"
        for f in frames
    )
    if not frames:
        legend = "<li>No frame matches in this document.</li>"
    legend += '<li><span class="v-quote">italics</span>: quoted speech</li>'
    page_title = title if title is not None else doc_id
    n_sent = _count_sentences(sentences)
    notes_html = (
        '<section class="notes" aria-labelledby="notes-title">\n'
        f'<h2 id="notes-title">Notes: the {len(notes)} highlight'
        f"{'s' if len(notes) != 1 else ''}</h2>\n<ol>\n" + "\n".join(notes) + "\n</ol>\n</section>"
        if notes
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{_e(page_title)}</title>
<style>{_CSS}</style>
</head>
<body>
<header>
<h1>{_e(page_title)}</h1>
<p class="meta">Document <code>{_e(doc_id)}</code> · {n_sent} sentences ·
{len(mine)} frame match{"es" if len(mine) != 1 else ""}</p>
</header>
<section class="legend" aria-labelledby="legend-title">
<h2 id="legend-title">Legend</h2>
<ul>{legend}</ul>
<p>Each highlight has a numbered note, listed after the text, naming its frame, subframe,
indicator, the words matched and who voices them. Frames differ in colour and in underline
style.</p>
<p class="screen">Hover over a highlight, or move to it with the Tab key, to read its note in
place.</p>
</section>
<main>
<article>
{chr(10).join(body)}
</article>
{notes_html}
</main>
<footer>Rendered by discourse · highlights are automatic codebook indicator matches,
not a coder's judgement.</footer>
</body>
</html>
"""
