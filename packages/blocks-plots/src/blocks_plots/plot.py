"""``gr.Plot``: shows a figure made with Matplotlib, Plotly, Altair or Bokeh."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields

from blocks.components import Component
from blocks.events import CHANGE
from blocks_plots.figures import FORMATS, KINDS, to_wire

__all__ = ["Plot"]

_WIRE_SCHEMA = {
    "type": "object",
    "title": "PlotData",
    "properties": {
        "type": {"enum": list(KINDS)},
        "plot": {"type": "string", "description": "an image data URL (matplotlib) or the "
                 "figure's JSON (plotly, altair, bokeh)"},
        "description": {"type": "string"},
    },
    "required": ["type", "plot"],
}


_SHAPE = f"a plot: {{'type': one of {', '.join(KINDS)}, 'plot': a string}}"


def _well_formed(value) -> bool:
    return isinstance(value, dict) and value.get("type") in KINDS and \
        isinstance(value.get("plot"), str)


def _check(value) -> None:
    if not _well_formed(value):
        raise ValidationError(f"Expected {_SHAPE}.")


class Plot(Component):
    """A figure: Matplotlib (drawn on the server into an image), Plotly, Altair/Vega-Lite
    or Bokeh (drawn in the browser by the library's own JavaScript, loaded only by pages
    that show such a figure).

    A function returns the figure object (``matplotlib.figure.Figure``, ``pyplot``
    itself, an ``Axes`` or seaborn grid, ``plotly.graph_objects.Figure``,
    ``altair.Chart``, a Bokeh ``figure`` or layout); the page redraws it. Bokeh
    figures need the Python ``bokeh`` of the vendored BokehJS (3.9).

    Args:
        value: the figure shown first (or a function that makes it).
        format: the image format of Matplotlib figures: ``"webp"``, ``"png"``,
            ``"jpeg"``, ``"svg"`` or ``"gif"``.
    """

    name = "plot"
    JS_MODULE = "plot.js"
    EVENTS = (CHANGE,)
    SERVER_PARAMS = frozenset({"format"})

    def __init__(self, value: Any = None, *, format: str = "webp", **kwargs):
        image_format = (format or "webp").lower().lstrip(".")
        if image_format not in FORMATS:
            raise ValueError(f"Plot format must be one of {', '.join(FORMATS)}; got {format!r}.")
        self.format = "jpeg" if image_format == "jpg" else image_format
        super().__init__(value, **kwargs)
        if self.load_fn is None and self.value is not None:
            self.value = self.postprocess(self.value)  # drawn once, like Gradio

    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True, validate=_check)

    def preprocess(self, payload: dict | None):
        """The plot as it travels: ``{"type", "plot", "description"}`` (rarely an input)."""
        return payload

    def postprocess(self, value: Any) -> dict | None:
        """A figure object to ``{"type", "plot", "description"}``."""
        if value is None:
            return None
        if isinstance(value, dict):
            if not _well_formed(value):
                raise ValueError(f"Plot cannot show this dict; it takes a figure or {_SHAPE}.")
            return value
        return to_wire(value, self.format)

    def example_value(self):
        return None

    def api_info(self) -> dict:
        return {"type": _WIRE_SCHEMA, "description": "a figure: its library and its content"}
