"""The look every figure shares: one palette, one set of matplotlib settings, one set of helpers.

In: an Axes (or none), a table and the columns a figure needs. Out: the Axes to draw on, the
colours and markers to draw with, a checked table, and the texts (title, labels, caption) set.

Colours come from seaborn's colour-blind-safe "colorblind" palette (sequential maps:
``cividis``); where series must be told apart, markers or line styles differ too. The figure
families (:mod:`~discourse.report.plot.frames`, :mod:`~discourse.report.plot.toolkit`,
:mod:`~discourse.report.plot.validation`) draw with these and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..._validation import require_columns
from ...errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "COLOURS",
    "DASHES",
    "MARKERS",
    "STYLE",
    "TOOLKIT_COLOURS",
    "add_caption",
    "ensure_axes",
    "finish",
    "need",
    "palette",
    "style",
]

#: The one palette: seaborn's "colorblind" colours, in its order (:func:`palette` cycles them).
COLOURS = (
    "#0173B2",
    "#DE8F05",
    "#029E73",
    "#D55E00",
    "#CC78BC",
    "#CA9161",
    "#FBAFE4",
    "#949494",
    "#ECE133",
    "#56B4E9",
)

#: The two sides of the toolkit's diverging figures, from :data:`COLOURS`: positive / target
#: (blue, sky) against negative / reference (vermillion, orange).
TOOLKIT_COLOURS = {
    "blue": COLOURS[0],
    "vermillion": COLOURS[3],
    "sky": COLOURS[9],
    "orange": COLOURS[1],
}

#: Markers and line styles that tell series apart beside their colour.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "<", ">", "h")
DASHES = ("-", "--", "-.", ":")

#: Matplotlib settings the figures are drawn with (see :func:`style`).
STYLE: dict[str, Any] = {
    "figure.dpi": 100,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "legend.fontsize": 8,
    "svg.fonttype": "path",
}


def style() -> None:
    """Apply :data:`STYLE` to matplotlib's settings (notebooks call it once, at the top)."""
    import matplotlib.style

    matplotlib.style.use(STYLE)


def palette(n: int) -> list[tuple[float, float, float]]:
    """``n`` colours of :data:`COLOURS` as RGB triples (cycled past ten).

    Examples
    --------
    >>> len(palette(12)), palette(1)[0] == palette(11)[0]
    (12, True)
    """
    from matplotlib.colors import to_rgb

    return [to_rgb(COLOURS[i % len(COLOURS)]) for i in range(n)]


def ensure_axes(
    ax: Axes | None, figsize: tuple[float, float], *, layout: str | None = "constrained"
) -> Axes:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches (constrained layout)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figsize, layout=layout)
    return new


def need(table: pd.DataFrame, columns: Sequence[str | None], what: str) -> None:
    """Raise :class:`~discourse.errors.InputError` unless ``table`` has ``columns`` (``None``
    entries, options left unset, are skipped); ``what`` names the figure in the message."""
    require_columns(table, [c for c in columns if c is not None], what)


def add_caption(ax: Axes, text: str) -> Axes:
    """Write a caption (n, data source, notes) under the Axes, in small grey type.

    The caption is a figure-level text; with constrained layout, room is reserved for it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(layout="constrained")
    >>> add_caption(ax, "n = 3 documents. Source: test.") is ax
    True
    >>> fig.texts[0].get_text()
    'n = 3 documents. Source: test.'
    >>> plt.close(fig)
    """
    import textwrap

    from matplotlib.layout_engine import ConstrainedLayoutEngine

    wrapped = "\n".join(textwrap.wrap(" ".join(text.split()), 110))
    fig = ax.get_figure(root=True)
    if fig is None:
        raise InputError("add_caption: the Axes belongs to no figure; draw on a figure's Axes")
    fig.text(0.005, 0.005, wrapped, ha="left", va="bottom", fontsize=7, color="#444444")
    # Reserve room at the bottom of the figure: ~10 points per line of caption.
    room = (10 * (wrapped.count("\n") + 1) + 4) / (72 * fig.get_figheight())
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        engine.set(rect=(0, room, 1, 1 - room))
    else:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, room + 0.08))
    return ax


def finish(
    ax: Axes, *, title: str | None, xlabel: str | None, ylabel: str | None, caption: str | None
) -> Axes:
    """Set the title (flush left), the axis labels and the caption that are given; the Axes."""
    if title:
        ax.set_title(title, loc="left")
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if caption:
        add_caption(ax, caption)
    return ax
