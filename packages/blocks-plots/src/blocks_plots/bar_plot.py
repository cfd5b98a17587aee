"""``gr.BarPlot``: bars of a DataFrame's y values, stacked by ``color``."""

from __future__ import annotations

from blocks_plots.native_plot import NativePlot

__all__ = ["BarPlot"]


class BarPlot(NativePlot):
    """A bar chart of a pandas DataFrame: the y values of each x (category, bin or value).

    The y values of rows that share an x are combined by ``y_aggregate`` (a sum by
    default); ``color`` stacks one bar segment per series. Numbers or times on x
    with ``x_bin`` make a histogram-like chart of bins. Dragging across the plot
    selects an x range (``.select``), double-clicking resets (``.double_click``).
    """

    name = "barplot"
    JS_MODULE = "native_plot.js"
    MARK = "bar"
    KIND = "Bar plot"
