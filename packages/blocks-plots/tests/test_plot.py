"""gr.Plot: figures of Matplotlib, Plotly, Altair and Bokeh to the wire; the vendored libraries."""

from __future__ import annotations

import base64
import hashlib
import json
import tomllib
import warnings
from pathlib import Path

import pytest
from marshmallow import ValidationError

import blocks as gr
from blocks.exceptions import BlocksWarning
from blocks_plots import figures

PACKAGE = Path(__file__).resolve().parent.parent
VENDOR = PACKAGE / "src" / "blocks_plots" / "static" / "vendor"

# Gradio 6.31's keyword arguments of gr.Plot (gradio/components/plot.py)
GRADIO_PLOT = ["value", "format", "label", "every", "inputs", "show_label", "container",
               "scale", "min_width", "visible", "elem_id", "elem_classes", "render", "key",
               "preserved_by_key", "buttons"]


def test_every_gradio_argument_is_accepted():
    accepted = gr.Plot._accepted | gr.Plot.gradio_only().keys()
    assert set(GRADIO_PLOT) <= accepted


def matplotlib_figure():
    from matplotlib.figure import Figure
    figure = Figure(figsize=(3, 2))
    axes = figure.add_subplot()
    axes.plot([0, 1, 2], [0, 1, 4], label="squares")
    axes.set_title("Growth")
    axes.set_xlabel("day")
    axes.set_ylabel("size")
    axes.legend()
    return figure


@pytest.mark.parametrize(("fmt", "mime", "magic"), [
    ("webp", "image/webp", b"RIFF"), ("png", "image/png", b"\x89PNG"),
    ("jpg", "image/jpeg", b"\xff\xd8"), ("svg", "image/svg+xml", b"<?xml")])
def test_a_matplotlib_figure_becomes_an_image(fmt, mime, magic):
    plot = gr.Plot(matplotlib_figure(), format=fmt, render=False)
    value = plot.value
    assert value["type"] == "matplotlib"
    header, data = value["plot"].split(",", 1)
    assert header == f"data:{mime};base64"
    assert base64.b64decode(data).startswith(magic)
    assert value["description"] == "Growth (x: day; y: size; series: squares)"
    assert "format" not in plot.get_props()  # a server-side setting


def test_pyplot_itself_an_axes_and_closing():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.close("all")
    plt.plot([1, 2, 3])
    plt.suptitle("Sine")
    value = gr.Plot(render=False).postprocess(plt)  # Gradio's plot_component demo passes plt
    assert value["type"] == "matplotlib" and value["description"] == "Sine"
    assert plt.get_fignums(), "pyplot itself is drawn, not closed"
    figure, axes = plt.subplots()
    axes.bar(["a", "b"], [1, 2])
    assert gr.Plot(render=False).postprocess(axes)["type"] == "matplotlib"
    assert figure.number not in plt.get_fignums(), "a returned figure is closed in pyplot"
    plt.close("all")


def test_plotly_figures_travel_as_their_json():
    import plotly.graph_objects as go
    figure = go.Figure(go.Bar(x=["a", "b"], y=[1, 3]), layout={"title": {"text": "Votes"}})
    value = gr.Plot(render=False).postprocess(figure)
    assert value["type"] == "plotly" and value["description"] == "Votes"
    spec = json.loads(value["plot"])
    assert spec["data"][0]["type"] == "bar"


def test_altair_charts_travel_as_vega_lite():
    import altair as alt
    import pandas as pd
    chart = alt.Chart(pd.DataFrame({"a": ["x", "y"], "b": [1, 2]}),
                      title="Totals").mark_bar().encode(x="a", y="b")
    value = gr.Plot(render=False).postprocess(chart)
    assert value["type"] == "altair" and value["description"] == "Totals"
    assert "vega-lite" in json.loads(value["plot"])["$schema"]


def test_bokeh_figures_travel_as_json_items(monkeypatch):
    from bokeh.plotting import figure
    chart = figure(title="Readings")
    chart.line([1, 2, 3], [4, 6, 5])
    value = gr.Plot(render=False).postprocess(chart)
    assert value["type"] == "bokeh" and value["description"] == "Readings"
    item = json.loads(value["plot"])
    assert {"target_id", "root_id", "doc"} <= item.keys()
    monkeypatch.setattr(figures, "bokeh_version", lambda: "2.4.0")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gr.Plot(render=False).postprocess(chart)
    assert any(issubclass(w.category, BlocksWarning) and "BokehJS 2.4.0" in str(w.message)
               for w in caught)


def test_other_values_are_refused_clearly():
    with pytest.raises(TypeError, match="Plot shows a Matplotlib figure"):
        gr.Plot([1, 2], render=False)
    with pytest.raises(ValueError, match="Plot format must be one of"):
        gr.Plot(format="pdf", render=False)
    with pytest.raises(ValueError, match="Plot cannot show this dict"):
        gr.Plot({"type": "excel", "plot": ""}, render=False)
    field = gr.Plot.value_field()
    with pytest.raises(ValidationError):
        field.deserialize({"type": "plotly", "plot": 3})
    assert field.deserialize({"type": "plotly", "plot": "{}"}) == {"type": "plotly", "plot": "{}"}
    assert gr.Plot(render=False).preprocess(None) is None


def test_vendored_files_match_their_manifest():
    manifest = json.loads((VENDOR / "manifest.json").read_text())
    assert {entry["package"] for entry in manifest} == {
        "uplot", "plotly.js-dist-min", "vega", "vega-lite", "@bokeh/bokehjs"}
    for entry in manifest:
        data = (VENDOR / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert (VENDOR / entry["licence"]).read_text().strip(), entry["licence"]
        if entry["file"].endswith(".js"):
            assert b"export default" in data[-300:] or b"export default" in data, entry["file"]


def test_the_bokeh_extra_allows_only_the_vendored_bokehjs_version():
    extras = tomllib.loads((PACKAGE / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    major_minor = ".".join(figures.bokeh_version().split(".")[:2])
    low, high = major_minor.split(".")
    assert extras["bokeh"] == [f"bokeh>={major_minor},<{low}.{int(high) + 1}"]
    import bokeh
    assert bokeh.__version__.startswith(major_minor + ".")
