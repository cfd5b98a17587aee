"""The guides' Dataframe examples ("Filters, Tables and Stats", "Connecting to a Database",
"Styling the DataFrame") as apps in Chromium. The database is a SQLite file made here."""

import sqlite3
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

import blocks as gr

ORIGINS = ["DFW", "DAL", "HOU"]


def flights():
    now = datetime(2026, 1, 1, 12, 0)
    return pd.DataFrame({
        "time": [now - timedelta(minutes=5 * i) for i in range(24)],
        "price": [100 + 37 * i % 900 for i in range(24)],
        "origin": [ORIGINS[i % 3] for i in range(24)],
        "destination": [["JFK", "LAX", "SFO"][i // 8] for i in range(24)],
    })


def rows_shown(page, name):
    return page.get_by_role("grid", name=name).locator("tbody tr:not([aria-hidden])")


def row_count(page, name):
    """The table's own count of its rows (only the rows in view are in the page)."""
    return page.get_by_role("grid", name=name).locator("xpath=../..").get_by_role("status")


def test_filters_tables_and_stats(serve, page):
    df = flights()

    def filtered(origin, destination, max_price):
        chosen = df[df["price"] <= max_price]
        if origin != "All":
            chosen = chosen[chosen["origin"] == origin]
        if destination != "All":
            chosen = chosen[chosen["destination"] == destination]
        return chosen

    with gr.Blocks() as demo:
        with gr.Row():
            origin = gr.Dropdown(["All", *ORIGINS], value="All", label="Origin")
            destination = gr.Dropdown(["All", "JFK", "LAX", "SFO"], value="All",
                                      label="Destination")
            max_price = gr.Slider(0, 1000, value=1000, label="Max Price")
        filters = [origin, destination, max_price]
        gr.DataFrame(filtered, inputs=filters, label="Flights")
        gr.Number(lambda *a: round(float(filtered(*a)["price"].mean()), 2),
                            inputs=filters, label="Average price")
        count = gr.Number(label="Flights found")
        gr.on([origin.change, destination.change, max_price.change],
              lambda *a: len(filtered(*a)), inputs=filters, outputs=count)

    page.goto(serve(demo))
    expect(row_count(page, "Flights")).to_have_text("24 rows")
    expect(page.get_by_label("Average price")).to_have_value(str(round(df["price"].mean(), 2)))
    page.get_by_label("Origin").select_option("DAL")
    expect(row_count(page, "Flights")).to_have_text("8 rows")
    expect(page.get_by_label("Flights found")).to_have_value("8")
    origins = rows_shown(page, "Flights").evaluate_all(
        "rows => rows.map(r => r.querySelectorAll('td')[2].textContent)")
    assert set(origins) == {"DAL"}


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "flights.db"
    with sqlite3.connect(path) as connection:
        flights().to_sql("flight_info", connection, index=False)
    return path


def test_connecting_to_a_database(serve, page, database):
    def query(origin):
        with sqlite3.connect(database) as connection:  # parameters, never string formatting
            return pd.read_sql_query("SELECT time, price FROM flight_info WHERE origin = ?",
                                     connection, params=(origin,))

    with gr.Blocks() as demo:
        origin = gr.Dropdown(ORIGINS, value="DFW", label="Origin")
        gr.Dataframe(query, inputs=origin, label="Prices")

    page.goto(serve(demo))
    table = page.get_by_role("grid", name="Prices")
    expect(table.get_by_role("columnheader", name="price")).to_be_visible()
    expect(row_count(page, "Prices")).to_have_text("8 rows")
    first_dfw = rows_shown(page, "Prices").first.locator("td").nth(1)
    expect(first_dfw).to_have_text("100")
    page.get_by_label("Origin").select_option("HOU")
    expect(first_dfw).to_have_text(str(flights().query("origin == 'HOU'")["price"].iloc[0]))


def test_styling_the_dataframe(serve, page):
    pytest.importorskip("jinja2")
    data = pd.DataFrame({"A": [14.2357, -4.5, 5.0], "B": [5, 2, 54], "C": [20, 20, 7]})

    def negative_red(value):
        return "color: red" if value < 0 else None

    styler = (data.style.highlight_max(color="lightgreen", axis=0)
              .map(negative_red).format("{:.2f}", subset=["A"]))
    with gr.Blocks() as demo:
        gr.DataFrame(styler, label="Styled", interactive=False)
        gr.DataFrame(data.style.format(precision=1), label="Precision", interactive=False)

    page.goto(serve(demo))
    table = page.get_by_role("grid", name="Styled")
    top = table.get_by_role("gridcell", name="14.24")
    expect(top).to_be_visible()
    assert top.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(144, 238, 144)"
    negative = table.get_by_role("gridcell", name="-4.50")
    assert negative.evaluate("td => getComputedStyle(td).color") == "rgb(255, 0, 0)"
    precision = page.get_by_role("grid", name="Precision")
    expect(precision.get_by_role("gridcell", name="14.2", exact=True)).to_be_visible()
    expect(precision.get_by_role("gridcell", name="54", exact=True)).to_be_visible()
    assert np.isclose(data["A"].iloc[0], 14.2357)  # the data keeps its precision
