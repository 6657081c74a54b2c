"""The figure of corrected rates, where it was first published: :func:`plot_rates`.

In: a table from :func:`~discourse.validation.rates.estimate_rates`. Out: a matplotlib Axes. The
figure lives in :mod:`discourse.report.plot.validation`; import it from
:mod:`discourse.report.plot`.
"""

from __future__ import annotations

from .plot.validation import plot_rates

__all__ = ["plot_rates"]
