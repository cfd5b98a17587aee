"""``gr.LinePlot``: lines through the rows of a DataFrame, one per ``color`` series."""

from __future__ import annotations

from blocks_plots.native_plot import NativePlot

__all__ = ["LinePlot"]


class LinePlot(NativePlot):
    """A line chart of a pandas DataFrame: ``y`` against ``x``, one line per ``color``.

    Points of a series are joined in the order of ``x``; with ``x_bin`` (or
    categories on x) the y values of each bin are combined by ``y_aggregate``.
    Hovering shows the nearest point; dragging across the plot selects an x range
    (``.select``), double-clicking resets (``.double_click``).
    """

    name = "lineplot"
    JS_MODULE = "native_plot.js"
    MARK = "line"
    KIND = "Line plot"
