"""Figures of the discourse toolkit: key terms, actor alignment, us versus them.

In: a :func:`~discourse.toolkit.keyness.keyness`, :func:`~discourse.toolkit.stance.alignment`
or :func:`~discourse.toolkit.us_them.polarisation` table. Out: a matplotlib Axes (``ax=None``
makes a figure; nothing is saved). Diverging bars: the positive, target side in blue, the
negative, reference side in vermillion (:data:`~discourse.report.plot.style.TOOLKIT_COLOURS`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .style import TOOLKIT_COLOURS, ensure_axes, need

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_alignment", "plot_keyness", "plot_polarisation"]


def plot_keyness(
    table: pd.DataFrame,
    *,
    n: int = 15,
    labels: tuple[str, str] = ("target", "reference"),
    ax: Axes | None = None,
) -> Axes:
    """Diverging bars of signed G² for the ``n`` top terms of target and of reference.

    Examples
    --------
    >>> from discourse.toolkit.keyness import keyness
    >>> k = keyness(["values family values"], ["trade growth trade values"], min_freq=1)
    >>> plot_keyness(k, n=2).get_xlabel()
    'signed log-likelihood G²'
    """
    need(table, ["term", "g2"], "plot_keyness")
    top = table[table["g2"] > 0].nlargest(n, "g2")
    bottom = table[table["g2"] < 0].nsmallest(n, "g2")
    data = pd.concat([top, bottom.iloc[::-1]]).iloc[::-1]
    ax = ensure_axes(ax, (6, max(2.5, 0.28 * len(data) + 1)))
    colours = [
        TOOLKIT_COLOURS["blue"] if v > 0 else TOOLKIT_COLOURS["vermillion"] for v in data["g2"]
    ]
    y = np.arange(len(data))
    ax.barh(y, data["g2"], color=colours)
    ax.set_yticks(y, [str(t) for t in data["term"]])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("signed log-likelihood G²")
    ax.set_title(f"Key terms: {labels[0]} (right) vs {labels[1]} (left)")
    return ax


def plot_alignment(
    table: pd.DataFrame,
    *,
    group: Any = None,
    by: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Diverging bars of an :func:`discourse.alignment` table: positive mentions to the right,
    negative to the left, net stance as a dot; one row per actor.

    Parameters
    ----------
    table
        An alignment table.
    group, by
        Plot only the rows where column ``by`` equals ``group`` (e.g. ``by="speaker",
        group="Ilham Aliyev"``); by default all rows (one group expected).

    Each actor's label carries its number of mentions (``Russia (n=5)``); an actor with too
    few evaluated mentions for a finding (``low_n``: positive + negative below 3) is labelled
    ``(n=3, few)`` in grey italics.

    Examples
    --------
    >>> t = pd.DataFrame({"actor": ["Russia", "France"], "positive": [3, 0],
    ...                   "negative": [0, 2], "net": [3, -2]})
    >>> plot_alignment(t).get_xlabel()
    'mentions (negative ← → positive)'
    >>> t["mentions"] = [3, 4]
    >>> [x.get_text() for x in plot_alignment(t).get_yticklabels()]
    ['France (n=4, few)', 'Russia (n=3)']
    """
    from ...toolkit.stance import MIN_MENTIONS_FOR_FINDING

    need(table, ["actor", "positive", "negative", "net"], "plot_alignment")
    data = table if by is None else table[table[by] == group]
    data = data.sort_values(["net", "actor"], ascending=[True, False])
    ax = ensure_axes(ax, (6, max(2.5, 0.3 * len(data) + 1)))
    y = np.arange(len(data))
    ax.barh(y, data["positive"], color=TOOLKIT_COLOURS["blue"], label="positive")
    ax.barh(y, -data["negative"], color=TOOLKIT_COLOURS["vermillion"], label="negative")
    ax.scatter(data["net"], y, color="black", zorder=3, s=14, label="net")
    if "mentions" in data.columns:  # n per actor; too few mentions for a finding in grey
        few = (
            data["low_n"].to_numpy(dtype=bool)
            if "low_n" in data.columns
            else (data["positive"] + data["negative"] < MIN_MENTIONS_FOR_FINDING).to_numpy()
        )
        labels = [
            f"{a} (n={n}{', few' if f else ''})"
            for a, n, f in zip(data["actor"], data["mentions"], few, strict=True)
        ]
        ax.set_yticks(y, labels)
        for tick, f in zip(ax.get_yticklabels(), few, strict=True):
            if f:
                tick.set_color("grey")
                tick.set_fontstyle("italic")
    else:
        ax.set_yticks(y, [str(a) for a in data["actor"]])
    ax.axvline(0, color="black", linewidth=0.8)
    ax.set_xlabel("mentions (negative ← → positive)")
    ax.set_title("Actor stance" + (f": {group}" if by is not None else ""))
    ax.legend(loc="lower right", frameon=False)
    return ax


def plot_polarisation(table: pd.DataFrame, *, by: str = "doc_id", ax: Axes | None = None) -> Axes:
    """Stacked bars of evaluated us/them references per group, with the polarisation index.

    ``table`` is a :func:`discourse.toolkit.us_them.polarisation` table; bars to the right count
    references that follow the ideological square (us +, them -), to the left those inverting
    it (us -, them +); the index is printed beside each bar.

    Examples
    --------
    >>> t = pd.DataFrame({"doc_id": ["a"], "us_pos": [2], "us_neg": [0], "them_pos": [1],
    ...                   "them_neg": [3], "polarisation": [0.4]})
    >>> plot_polarisation(t).get_title()
    'Us versus them: the ideological square'
    """
    need(
        table, [by, "us_pos", "us_neg", "them_pos", "them_neg", "polarisation"], "plot_polarisation"
    )
    data = table.sort_values("polarisation", na_position="first")
    ax = ensure_axes(ax, (6, max(2.8, 0.35 * len(data) + 1.5)))
    y = np.arange(len(data))
    ax.barh(y, data["us_pos"], color=TOOLKIT_COLOURS["blue"], label="us +")
    ax.barh(y, data["them_neg"], left=data["us_pos"], color=TOOLKIT_COLOURS["sky"], label="them −")
    ax.barh(y, -data["us_neg"], color=TOOLKIT_COLOURS["vermillion"], label="us −")
    ax.barh(
        y, -data["them_pos"], left=-data["us_neg"], color=TOOLKIT_COLOURS["orange"], label="them +"
    )
    right = (data["us_pos"] + data["them_neg"]).to_numpy()
    for yi, x, p in zip(y, right, data["polarisation"], strict=True):
        ax.annotate(
            "n/a" if pd.isna(p) else f"{p:+.2f}",
            (x, yi),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    ax.set_yticks(y, [str(v) for v in data[by]])
    ax.axvline(0, color="black", linewidth=0.8)
    left = float((data["us_neg"] + data["them_pos"]).max())
    widest = max(float(right.max()), left, 1.0)
    ax.set_xlim(-max(left, 0.5) * 1.05 - 0.5, widest * 1.2 + 1)  # room for the index labels
    ax.set_xlabel("evaluated references (inverting ← → following the square)")
    ax.set_title("Us versus them: the ideological square")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False, ncols=4)
    return ax
