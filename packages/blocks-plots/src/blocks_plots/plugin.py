"""The hook implementations of blocks-plots (loaded through the ``blocks`` entry point)."""

from __future__ import annotations

import blocks


@blocks.hookimpl
def blocks_register_components():
    from blocks_plots.bar_plot import BarPlot
    from blocks_plots.line_plot import LinePlot
    from blocks_plots.plot import Plot
    from blocks_plots.scatter_plot import ScatterPlot
    return [LinePlot, ScatterPlot, BarPlot, Plot]
