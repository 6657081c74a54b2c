"""Figures: reviewer-ready plots of frame rates, prevalence, positions, the toolkit and validation.

In: analysis tables (scores, keyness, stance, metrics, corrected rates, ...). Out: a matplotlib
Axes.

One module per figure family, all drawn with one :mod:`~discourse.report.plot.style` (one
palette, one set of helpers):

- :mod:`~discourse.report.plot.frames`: frame rates over time (:func:`rate_lines`,
  :func:`rate_panels`), grids (:func:`heatmap`), bars (:func:`prevalence_bars`) and the article
  x-ray (:func:`xray`);
- :mod:`~discourse.report.plot.toolkit`: :func:`plot_keyness`, :func:`plot_alignment`,
  :func:`plot_polarisation`;
- :mod:`~discourse.report.plot.validation`: :func:`plot_scores`, :func:`plot_rates`.

Every function takes ``ax=None`` (a new figure is made when absent), returns the Axes and never
saves — notebooks save through :func:`discourse.report.save.save_figure`.
"""

from __future__ import annotations

from .frames import VOICE_LABELS, heatmap, prevalence_bars, rate_lines, rate_panels, xray
from .toolkit import plot_alignment, plot_keyness, plot_polarisation
from .validation import plot_rates, plot_scores

# Last: ``style`` is the function (apply the settings), not the submodule of the same name.
from .style import STYLE, TOOLKIT_COLOURS, add_caption, palette, style  # isort: skip

__all__ = [
    "STYLE",
    "TOOLKIT_COLOURS",
    "VOICE_LABELS",
    "add_caption",
    "heatmap",
    "palette",
    "plot_alignment",
    "plot_keyness",
    "plot_polarisation",
    "plot_rates",
    "plot_scores",
    "prevalence_bars",
    "rate_lines",
    "rate_panels",
    "style",
    "xray",
]
