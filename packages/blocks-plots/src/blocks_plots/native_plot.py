"""What ``gr.LinePlot``, ``gr.ScatterPlot`` and ``gr.BarPlot`` share.

The value is a pandas DataFrame; it crosses the wire as Gradio's ``PlotData``
(every column, see :mod:`blocks_plots.frames`). The browser draws it with
uPlot (vendored in ``static/vendor``): binning (``x_bin``), aggregation
(``y_aggregate``), sorting, stacking and colours are done there, so that an
update of those props alone (``gr.BarPlot(x_bin="1h")``) redraws the chart
without sending the data again, as in Gradio.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from marshmallow import fields

from blocks.arguments import warn_unsupported
from blocks.components import Component
from blocks.events import CHANGE, SELECT, EventSpec
from blocks_plots.frames import check_wire, from_wire, time_limit, to_frame, to_wire

__all__ = ["DOUBLE_CLICK", "NativePlot"]

DOUBLE_CLICK = EventSpec(
    "double_click", "Triggered when the user double-clicks the plot (or presses Escape on "
    "it): the place to reset a zoom made with .select.")

AGGREGATES = ("sum", "mean", "median", "min", "max", "count")
SORTS = ("x", "y", "-x", "-y")
TOOLTIPS = ("axis", "none", "all")
BUTTONS = ("fullscreen", "export")
_BIN = re.compile(r"^\s*\d+(\.\d+)?\s*[smhd]\s*$")
_WIRE_SCHEMA = {
    "type": "object",
    "title": "PlotData",
    "properties": {
        "columns": {"type": "array", "items": {"type": "string"}},
        "data": {"type": "array", "items": {"type": "array"}},
        "datatypes": {"type": "object", "additionalProperties": {
            "enum": ["quantitative", "nominal", "temporal"]}},
        "mark": {"enum": ["line", "point", "bar"]},
    },
    "required": ["columns", "data", "datatypes"],
}


class NativePlot(Component):
    """A chart of a pandas DataFrame, drawn in the browser (base of the three kinds).

    ``select`` reports the x range the user brushed (drag across the plot, or
    Shift+arrow keys then Enter): ``SelectData.index`` and ``.value`` are
    ``[min, max]``, in seconds since the epoch for a time axis. ``double_click``
    (or Escape) is the gesture to undo a zoom.

    Args:
        value: the data: a pandas DataFrame (a polars or pyarrow table is converted).
        x: the column on the x axis (numbers, times or categories); the first column
            by default.
        y: the column on the y axis (numbers); the second column by default.
        color: the column that splits the data into coloured series (categories), or
            colours points by a number (``ScatterPlot``).
        title: the title above the chart.
        x_title: the x axis title (default: the ``x`` column's name).
        y_title: the y axis title (default: the ``y`` column's name).
        color_title: the legend's title (default: the ``color`` column's name).
        x_bin: group x values into bins: a width for numbers, or a duration such as
            ``"10m"`` for times (``s``, ``m``, ``h``, ``d``; a number of seconds also works).
        y_aggregate: how the y values of a bin or category are combined: ``"sum"``
            (default), ``"mean"``, ``"median"``, ``"min"``, ``"max"`` or ``"count"``.
        color_map: colours of the series: ``{"series name": "red" or "#ff8888"}``.
        colors_in_legend: the series listed in the legend (default: all; ``[]`` hides it).
        x_lim: ``[min, max]`` of the x axis (``None`` for automatic); times as seconds
            since the epoch, datetimes or ISO strings.
        y_lim: ``[min, max]`` of the y axis (``None`` for automatic).
        x_label_angle: the rotation of the x axis labels, degrees clockwise.
        y_label_angle: the rotation of the y axis labels, degrees clockwise.
        x_axis_format: a d3 format for the x axis labels (``".2f"``, ``"~s"``; for
            times ``"%H:%M"``).
        y_axis_format: a d3 format for the y axis labels.
        x_axis_labels_visible: ``False`` (or ``"hidden"``) hides the x axis labels.
        caption: a line of text under the chart.
        sort: order of categories on the x axis: ``"x"``, ``"-x"``, ``"y"``, ``"-y"``
            or a list of categories; ``"-x"`` also reverses a number or time axis.
        tooltip: what hovering a point shows: ``"axis"`` (x, y, colour), ``"all"``
            (every column), ``"none"``, or a list of more columns to show.
        height: the chart's height (pixels, or a CSS length); 300 pixels by default.
        width: the chart's width (pixels or a CSS length); the column's width by default.
        container: ``False`` draws the chart without the frame of a block.
        buttons: corner buttons: ``"fullscreen"`` and ``"export"`` (a PNG of the chart).
    """

    EVENTS = (CHANGE, SELECT, DOUBLE_CLICK)
    MARK: ClassVar[str] = "line"
    KIND: ClassVar[str] = "Line plot"

    def __init__(self, value: Any = None, x: str | None = None, y: str | None = None, *,
                 color: str | None = None, title: str | None = None,
                 x_title: str | None = None, y_title: str | None = None,
                 color_title: str | None = None, x_bin: str | float | None = None,
                 y_aggregate: str | None = None, color_map: dict[str, str] | None = None,
                 colors_in_legend: list[str] | None = None,
                 x_lim: Sequence[Any] | None = None, y_lim: Sequence[Any] | None = None,
                 x_label_angle: float = 0, y_label_angle: float = 0,
                 x_axis_format: str | None = None, y_axis_format: str | None = None,
                 x_axis_labels_visible: bool | str = True, caption: str | None = None,
                 sort: str | list[str] | None = None, tooltip: str | list[str] = "axis",
                 height: int | str | None = None, width: int | str | None = None,
                 container: bool = True, buttons: list[Any] | None = None, **kwargs):
        name = type(self).__name__
        self.x_bin = _check_bin(x_bin, name)
        if y_aggregate is not None and y_aggregate not in AGGREGATES:
            raise ValueError(f"{name} y_aggregate must be one of {', '.join(AGGREGATES)}; "
                             f"got {y_aggregate!r}.")
        self.sort = _check_sort(sort, name)
        self.tooltip = _check_tooltip(tooltip, name)
        self.x_lim = _limits(x_lim, name, "x_lim", times=True)
        self.y_lim = _limits(y_lim, name, "y_lim", times=False)
        if color_map is not None:
            if not isinstance(color_map, Mapping):
                raise ValueError(f"{name} color_map must map series names to colours.")
            self.color_map = {str(key): str(value) for key, value in color_map.items()}
        if colors_in_legend is not None:
            self.colors_in_legend = [str(item) for item in colors_in_legend]
        self.buttons = _check_buttons(buttons, name)
        self.x_label_angle = float(x_label_angle or 0)
        self.y_label_angle = float(y_label_angle or 0)
        if kwargs.get("label") is None and kwargs.get("show_label") is None:
            kwargs["show_label"] = False  # Gradio's default for plots without a label
        super().__init__(value, **kwargs)
        if self.load_fn is None and self.value is not None:
            self.value = self.postprocess(self.value)  # converted once, like Gradio

    # -- the value on the wire ------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True)

    def validate(self, value: Any) -> None:
        check_wire(value, type(self).__name__)

    def preprocess(self, payload: dict | None):
        """The plotted data as a pandas DataFrame (times as UTC datetimes)."""
        if payload is None:
            return None
        check_wire(payload, type(self).__name__)
        return from_wire(payload)

    def postprocess(self, value: Any) -> dict | None:
        """A DataFrame (or a ``PlotData`` dict) to the ``PlotData`` the browser draws."""
        if value is None:
            return None
        name = type(self).__name__
        if isinstance(value, dict):
            check_wire(value, name)
            return value
        needed = [column for column in (self.x, self.y, self.color) if column]
        return to_wire(to_frame(value, name), self.MARK, needed=needed, owner=name)

    # -- API page ---------------------------------------------------------------------
    def example_value(self):
        import pandas as pd
        columns = {self.x or "x": [1, 2, 3], self.y or "y": [4, 5, 6]}
        if self.color:
            columns[self.color] = ["a", "b", "a"]
        return pd.DataFrame(columns)

    def api_info(self) -> dict:
        return {"type": _WIRE_SCHEMA,
                "description": "the plotted data: column names, rows, and each column's kind"}


def _check_bin(x_bin, owner: str):
    if x_bin is None or x_bin == "":
        return None
    if isinstance(x_bin, bool):
        raise ValueError(f"{owner} x_bin must be a number or a duration such as '10m'.")
    if isinstance(x_bin, (int, float)):
        if x_bin <= 0:
            raise ValueError(f"{owner} x_bin must be positive; got {x_bin!r}.")
        return x_bin
    if isinstance(x_bin, str) and _BIN.match(x_bin):
        return x_bin.replace(" ", "")
    raise ValueError(f"{owner} x_bin must be a number or a duration such as '10m', '1h' or "
                     f"'1d' (s, m, h, d); got {x_bin!r}.")


def _check_sort(sort, owner: str):
    if sort is None or sort in SORTS:
        return sort
    if isinstance(sort, (list, tuple)):
        return [str(item) for item in sort]
    raise ValueError(f"{owner} sort must be one of {', '.join(SORTS)}, a list of categories or "
                     f"None; got {sort!r}.")


def _check_tooltip(tooltip, owner: str):
    if tooltip in TOOLTIPS:
        return tooltip
    if isinstance(tooltip, (list, tuple)):
        return [str(item) for item in tooltip]
    raise ValueError(f"{owner} tooltip must be one of {', '.join(TOOLTIPS)} or a list of "
                     f"columns; got {tooltip!r}.")


def _limits(limits, owner: str, name: str, *, times: bool):
    if limits is None:
        return None
    if isinstance(limits, (str, bytes)) or not isinstance(limits, Sequence) or len(limits) != 2:
        raise ValueError(f"{owner} {name} must be [min, max] (None for either end).")
    if times:
        low, high = (time_limit(item, owner, name) for item in limits)
    else:
        low, high = (None if item is None else _number(item, owner, name) for item in limits)
    if low is not None and high is not None and low > high:
        raise ValueError(f"{owner} {name}: min {low} is above max {high}.")
    return [low, high]


def _number(item, owner: str, name: str) -> float:
    try:
        if isinstance(item, bool):
            raise TypeError
        return float(item)
    except (TypeError, ValueError):
        raise ValueError(f"{owner} {name} must hold numbers; got {item!r}.") from None


def _check_buttons(buttons, owner: str):
    if buttons is None:
        return None
    shown = []
    for button in buttons:
        if isinstance(button, str) and button in BUTTONS:
            shown.append(button)
        else:
            what = button if isinstance(button, str) else type(button).__name__
            warn_unsupported(owner, "buttons",
                             f"only 'fullscreen' and 'export' are supported, not {what!r}")
    return shown
