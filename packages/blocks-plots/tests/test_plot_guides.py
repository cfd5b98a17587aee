"""The plot examples of the seeds' guides ("Creating Plots", "Time Plots", "Filters, Tables
and Stats"), written as the guides write them with ``import blocks as gr``, in Chromium."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

import blocks as gr


def people():
    # the guides' data.py of "Creating Plots"
    return pd.DataFrame({
        "height": np.random.randint(50, 70, 25),
        "weight": np.random.randint(120, 320, 25),
        "age": np.random.randint(18, 65, 25),
        "ethnicity": [random.choice(["white", "black", "asian"]) for _ in range(25)],
    })


def flights():
    # the guides' data.py of "Time Plots" and "Filters, Tables and Stats"
    now = datetime.now()
    return pd.DataFrame({
        "time": [now - timedelta(minutes=5 * i) for i in range(25)],
        "price": np.random.randint(100, 1000, 25),
        "origin": [random.choice(["DFW", "DAL", "HOU"]) for _ in range(25)],
        "destination": [random.choice(["JFK", "LGA", "EWR"]) for _ in range(25)],
    })


def installed(name):
    try:
        getattr(gr, name)  # built in, or registered by an installed distribution
    except AttributeError:
        return False
    return True


def needs(*names):
    missing = [name for name in names if not installed(name)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")


# -- Creating Plots ----------------------------------------------------------------------
def test_a_plot_from_a_dataframe_and_the_same_api_for_scatter(serve, page, chart):
    df = people()
    with gr.Blocks() as demo:
        gr.LinePlot(df, x="weight", y="height")
        gr.ScatterPlot(df, x="weight", y="height")
        gr.ScatterPlot(df, x="ethnicity", y="height")
    page.goto(serve(demo))
    expect(chart("line plot of height by weight; 25 points")).to_be_visible()
    expect(chart("scatter plot of height by weight; 25 points")).to_be_visible()
    categories = sorted(set(df["ethnicity"]), key=str)
    expect(chart("scatter plot of height by ethnicity")).to_have_accessible_name(
        re.compile(f"ethnicity: {', '.join(categories)}"))


def test_series_by_color_nominal_and_quantitative(serve, page, chart):
    df = people()
    with gr.Blocks() as demo:
        gr.ScatterPlot(df, x="weight", y="height", color="ethnicity",
                       color_map={"white": "FF9988", "asian": "88EEAA", "black": "333388"})
        gr.ScatterPlot(df, x="weight", y="height", color="age")
    page.goto(serve(demo))
    expect(chart("series by ethnicity")).to_be_visible()
    legend = page.get_by_role("group", name="Legend: ethnicity")
    expect(legend.get_by_role("button")).to_have_count(df["ethnicity"].nunique())
    white = legend.get_by_role("button", name="white")
    if df["ethnicity"].eq("white").any():
        swatch = white.evaluate("b => getComputedStyle(b.firstChild).backgroundColor")
        assert swatch == "rgb(255, 153, 136)"  # FF9988 from color_map
    expect(chart("coloured by age")).to_be_visible()
    expect(page.get_by_role("group", name="Legend: age")).to_contain_text(str(df["age"].min()))


def test_aggregating_values(serve, page, chart):
    df = people()
    with gr.Blocks() as demo:
        gr.BarPlot(df, x="weight", y="height", x_bin=10, y_aggregate="sum")
        gr.BarPlot(df, x="ethnicity", y="height", y_aggregate="mean")
    page.goto(serve(demo))
    bins = len({w // 10 for w in df["weight"]})
    expect(chart("bar plot of height (sum) by weight")).to_have_accessible_name(
        re.compile(f"; {bins} bars;"))
    means = df.groupby("ethnicity")["height"].mean()
    expect(chart("bar plot of height (mean) by ethnicity")).to_have_accessible_name(
        re.compile(f"; {len(means)} bars;"))
    page.get_by_role("button", name="Data table").nth(1).click()
    table = page.get_by_role("table", name=re.compile("height \\(mean\\) by ethnicity"))
    first = sorted(means.index)[0]
    expect(table.get_by_role("row").nth(1)).to_contain_text(first)


def test_selecting_regions(serve, page, chart):
    df = people()
    with gr.Blocks() as demo:
        plt = gr.LinePlot(df, x="weight", y="height")
        selection_total = gr.Number(label="Total Weight of Selection")

        def select_region(selection: gr.SelectData):
            min_w, max_w = selection.index
            return df[(df["weight"] >= min_w) & (df["weight"] <= max_w)]["weight"].sum()

        plt.select(select_region, None, selection_total)
    page.goto(serve(demo))
    chart("line plot of height by weight").focus()  # select every point with the keyboard
    page.keyboard.press("Home")
    page.keyboard.press("Shift+End")
    page.keyboard.press("Enter")
    total = page.get_by_label("Total Weight of Selection")
    expect(total).to_have_value(str(df["weight"].sum()))


def test_zoom_and_zoom_sync(serve, page, chart, drag):
    df = people()
    with gr.Blocks() as demo:
        plt1 = gr.LinePlot(df, x="weight", y="height")
        plt2 = gr.BarPlot(df, x="weight", y="age", x_bin=10)
        plots = [plt1, plt2]

        def select_region(selection: gr.SelectData):
            min_w, max_w = selection.index
            return [gr.LinePlot(x_lim=(min_w, max_w))] * len(plots)

        for plt in plots:
            plt.select(select_region, None, plots)
            plt.double_click(lambda: [gr.LinePlot(x_lim=None)] * len(plots), None, plots)
    page.goto(serve(demo))
    line = chart("line plot of height by weight")
    bars = chart("bar plot of age (sum) by weight")
    drag(bars, 0.3, 0.6)
    expect(line).to_have_accessible_name(re.compile("zoomed to weight from"))
    expect(bars).to_have_accessible_name(re.compile("zoomed to weight from"))
    line.dblclick()
    expect(line).not_to_have_accessible_name(re.compile("zoomed"))
    expect(bars).not_to_have_accessible_name(re.compile("zoomed"))


def test_an_interactive_dashboard(serve, page, chart):
    df = people()
    with gr.Blocks() as demo:
        with gr.Row():
            ethnicity = gr.Dropdown(["all", "white", "black", "asian"], value="all")
            max_age = gr.Slider(18, 65, value=65)

        def filtered_df(ethnic, age):
            _df = df if ethnic == "all" else df[df["ethnicity"] == ethnic]
            _df = _df[_df["age"] < age]
            return _df

        gr.ScatterPlot(filtered_df, inputs=[ethnicity, max_age], x="weight", y="height",
                       title="Weight x Height")
        gr.LinePlot(filtered_df, inputs=[ethnicity, max_age], x="age", y="height",
                    title="Age x Height")
    page.goto(serve(demo))
    scatter = chart("Weight x Height")
    expect(scatter).to_have_accessible_name(re.compile(f"; {(df['age'] < 65).sum()} points;"))
    page.get_by_role("combobox").select_option("white")
    whites = ((df["ethnicity"] == "white") & (df["age"] < 65)).sum()
    expected = f"; {whites} points;" if whites else "; no data."
    expect(scatter).to_have_accessible_name(re.compile(re.escape(expected)))


# -- Time Plots --------------------------------------------------------------------------
def test_time_plots_and_aggregating_by_time(serve, page, chart):
    df = flights()
    with gr.Blocks() as demo:
        gr.LinePlot(df, x="time", y="price")
        gr.ScatterPlot(df, x="time", y="price", color="origin")
        plot = gr.BarPlot(df, x="time", y="price", x_bin="10m")
        bins = gr.Radio(["10m", "30m", "1h"], label="Bin Size")
        bins.change(lambda bins: gr.BarPlot(x_bin=bins), bins, plot)
    page.goto(serve(demo))
    today = datetime.now().strftime("%Y-%m-%d")
    expect(chart("line plot of price by time")).to_have_accessible_name(
        re.compile(f"time from {today}|time from 20"))
    expect(chart("scatter plot of price by time")).to_be_visible()
    bars = chart("bar plot of price (sum) by time")
    seconds = df["time"].map(lambda t: t.timestamp())
    expect(bars).to_have_accessible_name(
        re.compile(f"; {len({int(s // 600) for s in seconds})} bars;"))
    page.get_by_label("1h").check()
    expect(bars).to_have_accessible_name(
        re.compile(f"; {len({int(s // 3600) for s in seconds})} bars?;"))


def test_datetime_components_set_the_range(serve, page, chart):
    needs("DateTime")
    df = flights()
    with gr.Blocks() as demo:
        with gr.Row():
            start = gr.DateTime("now - 1h")
            end = gr.DateTime("now")
            apply_btn = gr.Button("Apply")
        plot = gr.LinePlot(df, x="time", y="price")
        # as the guide writes it: a BarPlot update applied to the LinePlot
        apply_btn.click(lambda start, end: gr.BarPlot(x_lim=[start, end]), [start, end], plot)
    page.goto(serve(demo))
    line = chart("line plot of price by time")
    expect(line).to_have_accessible_name(re.compile("; 25 points;"))
    page.get_by_role("button", name="Apply").click()
    expect(line).to_have_accessible_name(re.compile("zoomed to time from 20"))


# -- Filters, Tables and Stats -----------------------------------------------------------
def filter_controls():
    with gr.Row():
        origin = gr.Dropdown(["All", "DFW", "DAL", "HOU"], value="All", label="Origin")
        destination = gr.Dropdown(["All", "JFK", "LGA", "EWR"], value="All",
                                  label="Destination")
        max_price = gr.Slider(0, 1000, value=1000, label="Max Price")
    return origin, destination, max_price


@pytest.mark.parametrize("style", ["events", "function value"])
def test_filters(serve, page, chart, style):
    df = flights()

    def filtered_data(origin, destination, max_price):
        _df = df[df["price"] <= max_price]
        if origin != "All":
            _df = _df[_df["origin"] == origin]
        if destination != "All":
            _df = _df[_df["destination"] == destination]
        return _df

    with gr.Blocks() as demo:
        origin, destination, max_price = filter_controls()
        if style == "events":
            plt = gr.ScatterPlot(df, x="time", y="price", inputs=[origin, destination, max_price])
            gr.on(inputs=[origin, destination, max_price], outputs=plt)(filtered_data)
        else:
            gr.ScatterPlot(filtered_data, x="time", y="price",
                           inputs=[origin, destination, max_price])
    page.goto(serve(demo))
    scatter = chart("scatter plot of price by time")
    expect(scatter).to_have_accessible_name(re.compile("; 25 points;"))
    page.get_by_label("Origin").select_option("DFW")
    count = (df["origin"] == "DFW").sum()
    expect(scatter).to_have_accessible_name(
        re.compile(f"; {count} points;" if count else "; no data."))


def test_tables_and_stats(serve, page, chart):
    needs("Label", "DataFrame")
    df = flights()
    with gr.Blocks() as demo:
        with gr.Row():
            gr.Label(len(df), label="Flight Count")
            gr.Label(f"${df['price'].min()}", label="Cheapest Flight")
        gr.DataFrame(df)
    page.goto(serve(demo))
    expect(page.get_by_text(f"${df['price'].min()}").first).to_be_visible()
