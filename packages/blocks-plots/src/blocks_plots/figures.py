"""Figures of Matplotlib, Plotly, Altair and Bokeh to the wire value of ``gr.Plot``.

The wire value is Gradio's: ``{"type": "matplotlib" | "plotly" | "altair" |
"bokeh", "plot": str}``, plus ``"description"``, a text alternative read from
the figure's titles. A Matplotlib figure is drawn on the server into an image
(a data URL); the others travel as their library's JSON and are drawn in the
browser by the matching vendored library. Each library is imported only when a
figure of it is converted: none of them is a dependency.
"""

from __future__ import annotations

import base64
import io
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from blocks.arguments import warn_unsupported

__all__ = ["FORMATS", "KINDS", "bokeh_version", "figure_kind", "to_wire"]

KINDS = ("matplotlib", "plotly", "altair", "bokeh")
FORMATS = {"png": "image/png", "webp": "image/webp", "jpeg": "image/jpeg",
           "jpg": "image/jpeg", "svg": "image/svg+xml", "gif": "image/gif"}
_MANIFEST = Path(__file__).parent / "static" / "vendor" / "manifest.json"


def figure_kind(value: Any) -> str:
    """Which library made ``value``; ``TypeError`` for anything else."""
    if isinstance(value, ModuleType):
        top = value.__name__.split(".")[0]
    else:
        top = (type(value).__module__ or "").split(".")[0]
    if top in KINDS:
        return top
    if _matplotlib_figure(value) is not None:  # seaborn grids, pandas' Axes
        return "matplotlib"
    raise TypeError("Plot shows a Matplotlib figure (or pyplot itself), a Plotly figure, an "
                    f"Altair chart or a Bokeh figure; got {type(value).__name__}.")


def to_wire(value: Any, image_format: str) -> dict:
    kind = figure_kind(value)
    return {"matplotlib": _matplotlib, "plotly": _plotly, "altair": _altair,
            "bokeh": _bokeh}[kind](value, image_format)


# -- Matplotlib: an image made on the server ----------------------------------------------
def _matplotlib_figure(value):
    """The Figure behind ``value``: a Figure, pyplot, an Axes, or a seaborn grid."""
    try:
        from matplotlib.figure import Figure, SubFigure
    except ImportError:
        return None
    if isinstance(value, ModuleType):
        return value.gcf() if hasattr(value, "gcf") else None
    if isinstance(value, Figure):
        return value
    figure = getattr(value, "figure", None)
    if isinstance(figure, SubFigure):
        figure = figure.figure
    return figure if isinstance(figure, Figure) else None


def _matplotlib(value, image_format: str) -> dict:
    figure = _matplotlib_figure(value)
    if figure is None:
        raise TypeError(f"Plot cannot draw the Matplotlib object {type(value).__name__}.")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=image_format)
    if not isinstance(value, ModuleType) and "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close(figure)  # pyplot would keep it alive
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return {"type": "matplotlib", "plot": f"data:{FORMATS[image_format]};base64,{data}",
            "description": _describe_matplotlib(figure)}


def _describe_matplotlib(figure) -> str:
    parts = []
    suptitle = getattr(figure, "_suptitle", None)
    if suptitle is not None and suptitle.get_text():
        parts.append(suptitle.get_text())
    for axes in figure.get_axes():
        bits = [axes.get_title()] if axes.get_title() else []
        labels = [f"{axis}: {text}" for axis, text in (("x", axes.get_xlabel()),
                                                         ("y", axes.get_ylabel())) if text]
        legend = axes.get_legend()
        if legend is not None:
            names = [text.get_text() for text in legend.get_texts() if text.get_text()]
            if names:
                labels.append("series: " + ", ".join(names))
        if labels:
            bits.append(f"({'; '.join(labels)})")
        if bits:
            parts.append(" ".join(bits))
    return ". ".join(parts)


# -- the libraries drawn in the browser ----------------------------------------------------
def _plotly(value, _format) -> dict:
    text = value.to_json()
    title = ((json.loads(text).get("layout") or {}).get("title") or {})
    title = title.get("text", "") if isinstance(title, dict) else str(title)
    return {"type": "plotly", "plot": text, "description": title or ""}


def _altair(value, _format) -> dict:
    text = value.to_json()
    spec = json.loads(text)
    title = spec.get("title") or ""
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, list):
        title = " ".join(map(str, title))
    description = spec.get("description") or ""
    return {"type": "altair", "plot": text,
            "description": ". ".join(part for part in (str(title), description) if part)}


def _bokeh(value, _format) -> dict:
    import bokeh
    from bokeh.embed import json_item
    ours = bokeh_version()
    if ours and bokeh.__version__.split(".")[:2] != ours.split(".")[:2]:
        warn_unsupported("Plot", f"bokeh {bokeh.__version__}",
                         f"Bokeh figures are drawn by the vendored BokehJS {ours}, which "
                         f"renders documents of bokeh {'.'.join(ours.split('.')[:2])}.x "
                         f"only; install that version (pip install \"blocks-plots[bokeh]\")")
    title = getattr(getattr(value, "title", None), "text", "") or ""
    return {"type": "bokeh", "plot": json.dumps(json_item(value)), "description": title}


@cache
def bokeh_version() -> str | None:
    """The version of the vendored BokehJS."""
    try:
        entries = json.loads(_MANIFEST.read_text())
    except (OSError, ValueError):
        return None
    return next((entry["version"] for entry in entries
                 if entry["package"] == "@bokeh/bokehjs"), None)
