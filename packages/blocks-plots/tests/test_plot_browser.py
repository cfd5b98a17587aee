"""gr.Plot in Chromium: each kind of figure is drawn by its own library, which only the
pages showing such a figure download."""

from __future__ import annotations

import re

import pandas as pd
from playwright.sync_api import expect

import blocks as gr

VENDOR = re.compile(r"/assets/(?:v-[0-9a-f]+/)?blocks_plots/vendor/([\w.-]+\.(?:js|css))")


def vendored(page) -> list[str]:
    """Record which vendored files the page downloads (its shell holds stylesheets in
    ``<style data-href>``: see ``in_page``)."""
    files: list[str] = []

    def seen(response):
        match = VENDOR.search(response.url)
        if match:
            assert response.status == 200, response.url
            files.append(match.group(1))
    page.on("response", seen)
    return files


def in_page(page) -> list[str]:
    """The vendored stylesheets the page shell holds instead of fetching them."""
    hrefs = page.eval_on_selector_all("style[data-href]",
                                     "nodes => nodes.map((node) => node.dataset.href)")
    return [match.group(1) for match in map(VENDOR.search, hrefs) if match]


def matplotlib_figure():
    from matplotlib.figure import Figure
    figure = Figure(figsize=(4, 3))
    axes = figure.add_subplot()
    axes.plot([1, 2, 3], [2, 4, 3])
    axes.set_title("Sales")
    return figure


def plotly_figure():
    import plotly.graph_objects as go
    return go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2], name="votes"),
                     layout={"title": {"text": "Votes"}})


def altair_chart():
    import altair as alt
    frame = pd.DataFrame({"fruit": ["apple", "pear"], "count": [3, 5]})
    return alt.Chart(frame, title="Fruit").mark_bar().encode(
        x="fruit", y="count", tooltip=["fruit", "count"])


def bokeh_figure():
    from bokeh.plotting import figure
    chart = figure(title="Readings", width=400, height=300)
    chart.line([1, 2, 3, 4], [4, 6, 5, 7], line_width=2)
    return chart


def test_a_matplotlib_figure_is_an_image_and_loads_no_library(serve, page, chart):
    files = vendored(page)
    with gr.Blocks() as demo:
        gr.Plot(matplotlib_figure(), label="Sales figure")
        gr.LinePlot(pd.DataFrame({"x": [1, 2], "y": [3, 4]}), title="Tiny")
    page.goto(serve(demo))
    image = page.get_by_role("figure", name="Sales figure").get_by_role("img", name="Sales")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(chart("Tiny")).to_be_visible()
    assert sorted(set(files + in_page(page))) == ["uplot.css", "uplot.js"]  # the LinePlot's


def test_plotly_altair_and_bokeh_figures_are_drawn_by_their_libraries(serve, page):
    files = vendored(page)
    with gr.Blocks() as demo:
        kind = gr.Radio(["plotly", "altair", "bokeh"], label="Kind")
        plot = gr.Plot(label="Figure")
        makers = {"plotly": plotly_figure, "altair": altair_chart, "bokeh": bokeh_figure}
        kind.change(lambda name: makers[name](), kind, plot)
    page.goto(serve(demo))
    figure = page.get_by_role("figure", name="Figure")
    expect(page.get_by_text("No plot")).to_be_visible()

    # the large libraries take a few seconds to load on a busy machine, in the browser and
    # in the server, which imports each plotting library when it first makes a figure
    slow = {"timeout": 30_000}
    page.get_by_label("plotly").check()
    expect(figure).to_have_accessible_description("Votes", **slow)
    expect(figure.locator("svg").get_by_text("Votes")).to_be_visible(**slow)  # plotly.js
    assert figure.bounding_box()["height"] >= 400
    assert "plotly.js" in files and "bokeh.js" not in files and "vega.js" not in files

    page.get_by_label("altair").check()
    expect(figure).to_have_accessible_description("Fruit", **slow)
    vega = figure.get_by_label("Fruit", exact=True)  # Vega's SVG, named by the chart's title
    expect(vega).to_have_attribute("role", "graphics-document", **slow)
    expect(vega.locator("svg")).to_be_visible()
    expect(vega.get_by_label("Title text 'Fruit'")).to_be_visible()
    assert {"vega.js", "vega-lite.js"} <= set(files)

    page.get_by_label("bokeh").check()
    expect(figure).to_have_accessible_description("Readings", **slow)
    canvas = figure.locator("canvas").first  # inside BokehJS's shadow DOM
    expect(canvas).to_be_visible(**slow)
    assert canvas.bounding_box()["width"] > 100
    assert "bokeh.js" in files
    expect(page.get_by_role("alert")).to_have_count(0)
