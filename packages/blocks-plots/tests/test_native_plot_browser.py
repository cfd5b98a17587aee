"""LinePlot, ScatterPlot and BarPlot in Chromium: found by role and name, brushed with the
mouse and the keyboard, reset by double-click, hovered for tooltips, read as a table."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from playwright.sync_api import expect

import blocks as gr

WEIGHTS = pd.DataFrame({"weight": [120, 140, 160, 180, 200, 220, 240, 260, 280, 300],
                        "height": [50, 53, 55, 56, 58, 60, 61, 63, 66, 69],
                        "age": [20, 25, 30, 35, 40, 45, 50, 55, 60, 65],
                        "group": ["a", "b"] * 5})
START = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
FLIGHTS = pd.DataFrame({"time": [START + timedelta(minutes=5 * i) for i in range(24)],
                        "price": [100 + 10 * i for i in range(24)],
                        "origin": ["DFW", "DAL", "HOU"] * 8})
FOOD = pd.DataFrame({"cuisine": ["Italian", "Mexican", "Chinese"] * 4,
                     "price": [10, 20, 30, 12, 22, 32, 14, 24, 34, 16, 26, 36],
                     "year": ["2023", "2024"] * 6})


def app():
    with gr.Blocks() as demo:
        line = gr.LinePlot(WEIGHTS, x="weight", y="height", title="Growth",
                           tooltip=["age"])
        selection = gr.Textbox(label="Selection")

        def zoom(event: gr.SelectData):
            low, high = event.index
            return gr.LinePlot(x_lim=[low, high]), f"{low:.1f} to {high:.1f}"

        line.select(zoom, None, [line, selection])
        line.double_click(lambda: (gr.LinePlot(x_lim=None), "reset"), None, [line, selection])

        times = gr.ScatterPlot(FLIGHTS, x="time", y="price", color="origin", title="Fares")
        window = gr.Textbox(label="Time window")

        def seconds(event: gr.SelectData):
            return " ".join(f"{v:.0f}" for v in event.index)

        times.select(seconds, None, window)

        bars = gr.BarPlot(FOOD, x="cuisine", y="price", color="year", title="Menu",
                          y_aggregate="mean")
        gr.Button("Most expensive first").click(lambda: gr.BarPlot(sort="-y"), None, bars)
        gr.Button("Sum").click(lambda: gr.BarPlot(y_aggregate="sum"), None, bars)
    return demo


@pytest.fixture(scope="module")
def url():
    demo = app()
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo.local_url
    demo.close()


def test_the_chart_is_an_image_with_a_description_and_a_data_table(url, page, chart):
    page.goto(url)
    growth = chart("Growth: line plot of height by weight")
    expect(growth).to_be_visible()
    expect(growth).to_have_accessible_name(
        "Growth: line plot of height by weight; 10 points; weight from 120 to 300; "
        "height from 50 to 69.")
    expect(page.get_by_text("Growth", exact=True)).to_be_visible()  # the title
    data = page.get_by_role("button", name="Data table", exact=True).first
    data.click()
    expect(data).to_have_attribute("aria-expanded", "true")
    table = page.get_by_role("table", name=re.compile("^Growth"))
    expect(table.get_by_role("row")).to_have_count(11)
    expect(table.get_by_role("columnheader")).to_have_text(["weight", "height"])
    expect(table.get_by_role("row").nth(1)).to_have_text(re.compile("120\\s*50"))


def test_brushing_reaches_python_with_the_range_and_double_click_resets(url, page, chart,
                                                                        drag, numbers):
    page.goto(url)
    growth = chart("Growth")
    expect(growth).to_be_visible()
    drag(growth, 0.35, 0.7)
    selection = page.get_by_label("Selection")
    expect(selection).to_have_value(re.compile(r"^\d+\.\d to \d+\.\d$"))
    low, high = numbers(selection.input_value())
    assert 120 < low < high < 300 and high - low > 50
    expect(growth).to_have_accessible_name(re.compile(
        rf"zoomed to weight from {int(low)}\S* to {int(high)}"))
    growth.dblclick()
    expect(selection).to_have_value("reset")
    expect(growth).not_to_have_accessible_name(re.compile("zoomed"))


def test_the_keyboard_moves_between_points_and_selects_a_range(url, page, chart):
    page.goto(url)
    growth = chart("Growth")
    growth.focus()
    page.keyboard.press("ArrowRight")
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_contain_text("height: 50")
    expect(tooltip).to_contain_text("weight: 120")
    expect(tooltip).to_contain_text("age: 20")  # tooltip=["age"] adds the column
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Shift+ArrowRight")
    expect(tooltip).to_contain_text("weight: 180")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Selection")).to_have_value("140.0 to 180.0")
    page.keyboard.press("Escape")
    expect(page.get_by_label("Selection")).to_have_value("reset")


def test_hovering_shows_the_nearest_point(url, page, chart):
    page.goto(url)
    growth = chart("Growth")
    box = growth.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(re.compile(r"height: \d+"))
    page.mouse.move(box["x"] - 20, box["y"] - 20)
    expect(tooltip).to_be_hidden()


def test_a_time_axis_selects_seconds_since_the_epoch(url, page, chart, drag, numbers):
    page.goto(url)
    fares = chart("Fares: scatter plot of price by time")
    expect(fares).to_have_accessible_name(re.compile(
        r"3 series by origin \(DFW, DAL, HOU\); 24 points; time from 2024-03-01"))
    drag(fares, 0.3, 0.8)
    window = page.get_by_label("Time window")
    expect(window).to_have_value(re.compile(r"^\d+ \d+$"))
    low, high = numbers(window.input_value())
    first, last = START.timestamp(), START.timestamp() + 23 * 300
    assert first < low < high < last, (low, high, first, last)
    legend = page.get_by_role("group", name="Legend: origin")
    expect(legend.get_by_role("button")).to_have_text(["DFW", "DAL", "HOU"])


def test_bars_stack_sort_aggregate_and_toggle_series(url, page, chart):
    page.goto(url)
    menu = chart("Menu: bar plot")
    expect(menu).to_have_accessible_name(re.compile(
        r"price \(mean\) by cuisine.*; 6 bars; cuisine: Chinese, Italian, Mexican"))
    page.get_by_role("button", name="Most expensive first").click()
    expect(menu).to_have_accessible_name(re.compile(r"cuisine: Chinese, Mexican, Italian"))
    page.get_by_role("button", name="Sum").click()
    expect(menu).to_have_accessible_name(re.compile(r"price \(sum\) from 24 to 68"))
    year = page.get_by_role("group", name="Legend: year").get_by_role("button", name="2024")
    year.click()
    expect(year).to_have_attribute("aria-pressed", "false")
    menu.focus()
    page.keyboard.press("Home")
    tooltip = page.get_by_role("tooltip")
    expect(tooltip).to_contain_text("year: 2023")
    expect(tooltip).to_contain_text("cuisine: Chinese")
    page.keyboard.press("End")  # 2024 is hidden: its bars are skipped
    expect(tooltip).to_contain_text("year: 2023")
    expect(tooltip).to_contain_text("cuisine: Italian")


def test_a_timer_refreshes_a_function_value_and_a_drag_survives_it(serve, page, chart):
    # "Time Plots" guide, "RealTime Data": gr.BarPlot(get_data, ..., every=timer)
    ticks = {"count": 0}

    def get_data():
        ticks["count"] += 1
        return FLIGHTS.head(min(24, 4 * ticks["count"]))  # 4 rows on load, then more

    def brushed(event: gr.SelectData):
        return f"{ticks['count']} {event.index[0] < event.index[1]}"

    with gr.Blocks() as demo:
        timer = gr.Timer(0.2)
        live = gr.BarPlot(get_data, x="time", y="price", title="Live", every=timer, x_bin="10m")
        brush = gr.Textbox(label="Brush")
        live.select(brushed, None, brush)
        gr.Button("Stop").click(lambda: gr.Timer(active=False), None, timer)

    page.goto(serve(demo))
    live = chart("Live: bar plot of price (sum) by time")
    # the page load shows 2 ten-minute bins; only the timer's ticks bring all 24 rows
    expect(live).to_have_accessible_name(re.compile(r"; 12 bars;"))
    # a drag that lasts several refreshes still ends in a selection (no redraw under it)
    box = live.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.3, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    before = ticks["count"]
    page.wait_for_timeout(800)
    page.mouse.move(box["x"] + box["width"] * 0.7, y)
    page.mouse.up()
    expect(page.get_by_label("Brush")).to_have_value(re.compile(r"\d+ True"))
    assert ticks["count"] > before  # the timer kept refreshing meanwhile
    page.get_by_role("button", name="Stop").click()
