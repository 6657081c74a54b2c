"""Figures of frame rates and positions: rates over time, small multiples, grids, bars, x-rays.

In: rate tables (:mod:`discourse.report.stats`, :func:`discourse.score_frames`) and one
document's sentence and match tables. Out: a matplotlib Axes.

Every function takes ``ax=None`` (a new figure is made when absent), returns the Axes and never
saves — notebooks save through :func:`discourse.report.save.save_figure`. Figures carry a title,
axis labels with units, and a caption (``caption=``) stating *n* and the data source. Colours,
markers and line styles come from :mod:`~discourse.report.plot.style`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ...errors import InputError
from .style import DASHES, MARKERS, add_caption, ensure_axes, finish, need, palette

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = [
    "VOICE_LABELS",
    "heatmap",
    "prevalence_bars",
    "rate_lines",
    "rate_panels",
    "xray",
]

#: How voices are named in legends.
VOICE_LABELS = {
    "quote": "quoted words",
    "speaker": "own words",
    "narrator": "narration",
    "mixed": "mixed sentence",
}


def rate_lines(
    df: pd.DataFrame,
    *,
    x: str = "year",
    y: str = "rate",
    hue: str | None = None,
    low: str | None = "ci_low",
    high: str | None = "ci_high",
    order: Sequence[Any] | None = None,
    palette_index: Mapping[Any, int] | None = None,
    marked: Mapping[int, str] | Sequence[int] = (),
    emphasis: str | None = None,
    emphasis_label: str = "highlighted",
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str | None = "Year",
    ylabel: str | None = "Rate per 1,000 sentences",
    caption: str | None = None,
) -> Axes:
    """Lines of a rate over time with confidence bands, marked years and emphasised points.

    With integer ``x`` (years), a missing year breaks the line and band rather than being
    bridged.

    Parameters
    ----------
    df
        One row per ``hue`` group and ``x`` value (e.g. from
        :func:`discourse.report.stats.bootstrap_rate`).
    x, y
        The time and rate columns.
    hue
        The column naming the series (e.g. ``iso3``); ``None`` draws one series.
    low, high
        Columns bounding the confidence band (``None``: no band).
    order
        The series in legend order (default: sorted).
    palette_index
        A fixed position of each series in the colour, marker and dash cycles, so that a
        series looks the same in every panel or figure (default: its place in ``order``).
    marked
        Years to mark with a vertical line: a sequence, or a mapping year → label
        (``{2008: "Georgia war"}``).
    emphasis
        A boolean column; its true rows get a large star marker (e.g. a head of state's
        own speeches, apart from his ministers').
    emphasis_label
        The legend entry for the stars.
    ax, title, xlabel, ylabel, caption
        Where to draw, and the texts.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> df = pd.DataFrame({"year": [2000, 2001, 2000, 2001], "iso3": ["A", "A", "B", "B"],
    ...                    "rate": [1.0, 2.0, 3.0, 2.5], "ci_low": [0.5, 1.0, 2.0, 2.0],
    ...                    "ci_high": [2.0, 3.0, 4.0, 3.0]})
    >>> ax = rate_lines(df, hue="iso3", marked={2001: "event"}, title="Demo")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['A', 'B']
    >>> plt.close("all")
    """
    need(df, [x, y, hue, low, high, emphasis], "rate_lines")
    ax = ensure_axes(ax, (8.0, 4.5))
    groups = [None] if hue is None else list(order or sorted(df[hue].dropna().unique()))
    positions = [
        palette_index[g] if palette_index is not None and g in palette_index else k
        for k, g in enumerate(groups)
    ]
    colours = palette(max(positions, default=0) + 1)
    for i, group in zip(positions, groups, strict=True):
        part = df if group is None else df[df[hue] == group]
        part = part.sort_values(x)
        if pd.api.types.is_integer_dtype(part[x]) and len(part):
            # Missing years break the line instead of being bridged.
            years = range(int(part[x].min()), int(part[x].max()) + 1)
            part = part.set_index(x).reindex(years).rename_axis(x).reset_index()
        xs = part[x].to_numpy(dtype=float)
        colour = colours[i]
        ax.plot(
            xs,
            part[y].to_numpy(dtype=float),
            color=colour,
            linestyle=DASHES[(i // len(MARKERS)) % len(DASHES)],
            marker=MARKERS[i % len(MARKERS)],
            markersize=3,
            linewidth=1.4,
            label=None if group is None else str(group),
        )
        if low and high:
            ax.fill_between(
                xs,
                part[low].to_numpy(dtype=float),
                part[high].to_numpy(dtype=float),
                color=colour,
                alpha=0.15,
                linewidth=0,
            )
        if emphasis:
            star = part[part[emphasis].astype("boolean").fillna(False).astype(bool)]
            ax.scatter(
                star[x].to_numpy(dtype=float),
                star[y].to_numpy(dtype=float),
                marker="*",
                s=160,
                color=colour,
                edgecolor="black",
                linewidth=0.6,
                zorder=5,
            )
    labels = marked if isinstance(marked, Mapping) else {int(year): "" for year in marked}
    for year, label in sorted(labels.items()):
        ax.axvline(year, color="#555555", linestyle=":", linewidth=1)
        ax.annotate(
            f"{year}" + (f" {label}" if label else ""),
            xy=(year, 1),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            va="top",
            fontsize=7,
            color="#333333",
            rotation=90,
            bbox={"facecolor": "white", "alpha": 0.8, "linewidth": 0, "pad": 1},
        )
    if emphasis:
        ax.scatter(
            [], [], marker="*", s=160, color="white", edgecolor="black", label=emphasis_label
        )
    if hue is not None or emphasis:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    ax.set_ylim(bottom=0)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, caption=caption)


def rate_panels(
    df: pd.DataFrame,
    *,
    hue: str,
    panels: Sequence[Any],
    always: Sequence[Any] = (),
    ncols: int = 3,
    suptitle: str | None = None,
    caption: str | None = None,
    **lines: Any,
) -> np.ndarray:
    """Small multiples of :func:`rate_lines`: one panel per series, each with the ``always`` ones.

    For comparisons that one crowded panel would hide (Azerbaijan with each neighbour and a
    reference group). Panels share both axes; every other keyword goes to :func:`rate_lines`.

    Parameters
    ----------
    df
        As in :func:`rate_lines`.
    hue
        The column naming the series.
    panels
        One panel per value of ``hue``, titled with it.
    always
        Values of ``hue`` drawn in every panel (e.g. the focus country and a reference group),
        in the same colour everywhere.
    ncols
        Panels per row.
    suptitle, caption
        The figure's title and caption.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The panels, row by row (unused cells removed).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> df = pd.DataFrame({"year": [2000, 2001] * 3, "iso3": list("AABBCC"),
    ...                    "rate": [1.0, 2, 3, 4, 5, 6], "ci_low": [0.0] * 6,
    ...                    "ci_high": [9.0] * 6})
    >>> axes = rate_panels(df, hue="iso3", panels=["B", "C"], always=["A"], ncols=2)
    >>> [ax.get_title(loc="left") for ax in axes]
    ['B', 'C']
    >>> plt.close("all")
    """
    import matplotlib.pyplot as plt

    need(df, [hue], "rate_panels")
    nrows = -(-len(panels) // ncols)
    fig, grid = plt.subplots(
        nrows,
        ncols,
        figsize=(3.6 * ncols + 1.6, 2.7 * nrows + 0.8),
        sharex=True,
        sharey=True,
        layout="constrained",
        squeeze=False,
    )
    axes = grid.ravel()
    order = [*always, *[p for p in panels if p not in always]]
    index = {name: i for i, name in enumerate(order)}
    for ax, panel in zip(axes, panels, strict=False):
        shown = [*always, panel] if panel not in always else list(always)
        part = df[df[hue].isin(shown)]
        rate_lines(
            part, hue=hue, order=shown, palette_index=index, ax=ax, title=str(panel), **lines
        )
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
        if not ax.get_subplotspec().is_last_row():
            ax.set_xlabel("")
        if not ax.get_subplotspec().is_first_col():
            ax.set_ylabel("")
    for ax in axes[len(panels) :]:
        ax.remove()
    handles, labels = axes[0].get_legend_handles_labels()
    for ax in axes[1 : len(panels)]:
        for h, label in zip(*ax.get_legend_handles_labels(), strict=True):
            if label not in labels:
                handles.append(h)
                labels.append(label)
    emphasis_label = lines.get("emphasis_label")
    if emphasis_label in labels:  # the marker legend entry last, after the series
        k = labels.index(emphasis_label)
        handles.append(handles.pop(k))
        labels.append(labels.pop(k))
    fig.legend(handles, labels, loc="outside right upper")
    if suptitle:
        fig.suptitle(suptitle, x=0.01, ha="left", fontweight="bold")
    if caption:
        add_caption(axes[0], caption)
    return axes[: len(panels)]


def heatmap(
    df: pd.DataFrame,
    *,
    row: str,
    col: str,
    value: str,
    row_order: Sequence[Any] | None = None,
    col_order: Sequence[Any] | None = None,
    highlight: Sequence[Any] = (),
    fill_value: float | None = None,
    fmt: str = "{:.0f}",
    cmap: str = "cividis",
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str | None = None,
    ylabel: str | None = None,
    colorbar_label: str = "Rate per 1,000 sentences",
    caption: str | None = None,
) -> Axes:
    """A row × column grid of a value, annotated in each cell (e.g. country × period).

    Empty cells (no data) are left white and unannotated, unless ``fill_value`` is given (for
    tables that omit zero counts); rows named in ``highlight`` get a bold, arrowed label (e.g.
    the focus country).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> df = pd.DataFrame({"iso3": ["A", "A", "B"], "period": ["p1", "p2", "p1"],
    ...                    "rate": [1.0, 5.0, 3.0]})
    >>> ax = heatmap(df, row="iso3", col="period", value="rate")
    >>> [t.get_text() for t in ax.texts]
    ['1', '5', '3']
    >>> plt.close("all")
    """
    need(df, [row, col, value], "heatmap")
    if df.duplicated([row, col]).any():
        raise InputError(f"heatmap: several rows share a ({row}, {col}) pair; aggregate first")
    grid = df.pivot(index=row, columns=col, values=value)
    grid = grid.reindex(
        index=list(row_order) if row_order is not None else sorted(grid.index),
        columns=list(col_order) if col_order is not None else sorted(grid.columns),
    )
    if fill_value is not None:
        grid = grid.fillna(fill_value)
    values = grid.to_numpy(dtype=float)
    ax = ensure_axes(
        ax, (max(4.0, 0.9 * values.shape[1] + 2.5), max(3.0, 0.32 * values.shape[0] + 1.5))
    )
    masked = np.ma.masked_invalid(values)
    image = ax.imshow(masked, aspect="auto", cmap=cmap, interpolation="nearest")
    ax.set_xticks(range(values.shape[1]), [str(c) for c in grid.columns], rotation=0)
    marked = [name in highlight for name in grid.index]
    ax.set_yticks(
        range(values.shape[0]),
        [f"▶ {name}" if m else str(name) for name, m in zip(grid.index, marked, strict=True)],
    )
    for label, m in zip(ax.get_yticklabels(), marked, strict=True):
        if m:
            label.set_fontweight("bold")
    ax.grid(False)
    finite = values[np.isfinite(values)]
    middle = (finite.min() + finite.max()) / 2 if finite.size else 0.0
    for (i, j), v in np.ndenumerate(values):
        if np.isfinite(v):
            ax.text(
                j,
                i,
                fmt.format(v),
                ha="center",
                va="center",
                fontsize=7,
                color="black" if v > middle else "white",
            )
    colorbar = ax.figure.colorbar(image, ax=ax, shrink=0.8)
    colorbar.set_label(colorbar_label)
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, caption=caption)


def prevalence_bars(
    df: pd.DataFrame,
    *,
    category: str,
    value: str,
    hue: str | None = None,
    order: Sequence[Any] | None = None,
    hue_order: Sequence[Any] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    xlabel: str | None = "Rate per 1,000 sentences",
    ylabel: str | None = None,
    caption: str | None = None,
) -> Axes:
    """Horizontal bars of a value by category, grouped by ``hue`` (e.g. frame by section).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> df = pd.DataFrame({"section": ["a", "a", "b", "b"], "frame": ["x", "y", "x", "y"],
    ...                    "rate": [10.0, 0.0, 5.0, 2.0]})
    >>> ax = prevalence_bars(df, category="section", value="rate", hue="frame")
    >>> len(ax.patches), [t.get_text() for t in ax.get_yticklabels()]
    (4, ['a', 'b'])
    >>> plt.close("all")
    """
    need(df, [category, value, hue], "prevalence_bars")
    cats = list(order) if order is not None else list(dict.fromkeys(df[category]))
    hues = [None] if hue is None else list(hue_order or sorted(df[hue].dropna().unique()))
    ax = ensure_axes(ax, (7.5, max(2.5, 0.13 * len(cats) * len(hues) + 0.25 * len(cats) + 1.2)))
    height = 0.8 / len(hues)
    colours = palette(len(hues))
    hatches = ("", "//", "..", "xx", "\\\\", "++")
    positions = np.arange(len(cats))
    for k, h in enumerate(hues):
        part = df if h is None else df[df[hue] == h]
        series = part.set_index(category)[value].reindex(cats).fillna(0.0)
        ax.barh(
            positions - 0.4 + height * (k + 0.5),
            series.to_numpy(dtype=float),
            height=height,
            color=colours[k],
            hatch=hatches[k % len(hatches)],
            edgecolor="white",
            label=None if h is None else str(h),
        )
    ax.set_yticks(positions, [str(c) for c in cats])
    ax.invert_yaxis()
    ax.grid(axis="y", visible=False)
    if hue is not None:
        ax.legend(loc="lower right")
    return finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, caption=caption)


def xray(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    caption: str | None = None,
) -> Axes:
    """An article x-ray: where in the text each frame occurs, quoted words apart from narration.

    The x axis is the position in the document (percentage of its characters), one row per
    frame and voice (``frame · quoted words``, ``frame · narration``, ...); each match is a
    tick. Section headings (sentences of kind ``heading``) are drawn as labelled vertical
    lines; quoted passages are shaded grey behind the rows.

    Parameters
    ----------
    sentences
        One document's sentence table (``start``, ``end``, and optionally ``kind``, ``text``,
        ``voice``).
    matches
        Its match table (``start``, ``frame``, ``voice``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> sents = pd.DataFrame({"start": [0, 10], "end": [9, 30], "voice": ["narrator", "quote"]})
    >>> m = pd.DataFrame({"start": [3, 15], "frame": ["f", "f"],
    ...                   "voice": ["narrator", "quote"]})
    >>> ax = xray(sents, m)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['f · quoted words', 'f · narration']
    >>> plt.close("all")
    """
    need(sentences, ["start", "end"], "xray (sentences)")
    need(matches, ["start", "frame", "voice"], "xray (matches)")
    length = float(sentences["end"].max())
    if not length > 0:
        raise InputError("xray: the sentence table is empty")
    voice_order = [v for v in VOICE_LABELS if v in set(matches["voice"].dropna())]
    frames = sorted(matches["frame"].dropna().unique())
    rows = [(f, v) for f in frames for v in voice_order]
    ax = ensure_axes(ax, (8.5, max(2.5, 0.4 * len(rows) + 1.6)))
    if "voice" in sentences.columns:
        quoted = sentences[sentences["voice"] == "quote"]
        for start, end in zip(quoted["start"], quoted["end"], strict=True):
            ax.axvspan(100 * start / length, 100 * end / length, color="#000000", alpha=0.06, lw=0)
    if "kind" in sentences.columns:
        heads = sentences[sentences["kind"] == "heading"]
        labels = heads["text"] if "text" in heads.columns else [""] * len(heads)
        for start, label in zip(heads["start"], labels, strict=True):
            pos = 100 * float(start) / length
            ax.axvline(pos, color="#777777", linestyle=":", linewidth=0.8)
            ax.annotate(
                str(label).strip(),
                xy=(pos, 1),
                xycoords=("data", "axes fraction"),
                xytext=(2, 2),
                textcoords="offset points",
                rotation=30,
                fontsize=7,
                ha="left",
                va="bottom",
                color="#333333",
            )
    colours = dict(zip(frames, palette(len(frames)), strict=True))
    for y, (frame, voice) in enumerate(rows):
        part = matches[(matches["frame"] == frame) & (matches["voice"] == voice)]
        xs = 100 * part["start"].to_numpy(dtype=float) / length
        ax.scatter(
            xs,
            np.full(xs.size, y, dtype=float),
            marker="|" if voice != "quote" else "D",
            s=140 if voice != "quote" else 30,
            color=colours[frame],
            linewidths=2,
        )
    ax.set_yticks(range(len(rows)), [f"{f} · {VOICE_LABELS[v]}" for f, v in rows])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.grid(axis="y", visible=False)
    if title and "kind" in sentences.columns and (sentences["kind"] == "heading").any():
        ax.set_title(title, loc="left", pad=60)  # above the slanted section labels
        title = None
    return finish(
        ax,
        title=title,
        xlabel="Position in the article (% of characters)",
        ylabel=None,
        caption=caption,
    )
