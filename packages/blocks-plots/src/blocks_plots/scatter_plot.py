"""``gr.ScatterPlot``: one point per row of a DataFrame."""

from __future__ import annotations

from blocks_plots.native_plot import NativePlot

__all__ = ["ScatterPlot"]


class ScatterPlot(NativePlot):
    """A scatter chart of a pandas DataFrame: one point per row at (``x``, ``y``).

    ``color`` names a column of categories (one colour per category, with a
    legend) or of numbers (a colour scale). With ``x_bin`` the points of each
    bin and series are combined into one by ``y_aggregate``. Dragging across the
    plot selects an x range (``.select``), double-clicking resets (``.double_click``).
    """

    name = "scatterplot"
    JS_MODULE = "native_plot.js"
    MARK = "point"
    KIND = "Scatter plot"
