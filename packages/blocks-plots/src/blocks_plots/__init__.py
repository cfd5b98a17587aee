"""Plots for Blocks.

Installing this distribution makes ``gr.LinePlot``, ``gr.ScatterPlot``,
``gr.BarPlot`` (charts of a pandas DataFrame, drawn in the browser) and
``gr.Plot`` (a Matplotlib, Plotly, Altair or Bokeh figure) available to
``import blocks as gr`` through the ``blocks`` entry point (see
:mod:`blocks_plots.plugin`). Importing this package loads neither pandas nor
any plotting library: they are imported when a value is converted.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["BarPlot", "LinePlot", "Plot", "ScatterPlot"]

_MODULES = {"LinePlot": "line_plot", "ScatterPlot": "scatter_plot", "BarPlot": "bar_plot",
            "Plot": "plot"}


def __getattr__(name: str):
    if name in _MODULES:
        import importlib
        return getattr(importlib.import_module(f"blocks_plots.{_MODULES[name]}"), name)
    raise AttributeError(f"module 'blocks_plots' has no attribute {name!r}")
