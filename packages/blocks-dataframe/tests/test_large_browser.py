"""A 100,000-row table in Chromium: shown at once, scrolled, sorted and searched on the
server, edited one cell at a time."""

import json

import numpy as np
import pandas as pd
import pytest
from playwright.sync_api import expect

import blocks as gr

ROWS = 100_000


@pytest.fixture(scope="module")
def big_url(browser):
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({f"c{i}": rng.integers(0, 1_000_000, ROWS) for i in range(9)})
    frame.insert(0, "id", np.arange(ROWS))
    with gr.Blocks() as demo:
        table = gr.Dataframe(label="Big", interactive=True, show_search="search",
                             max_height=400)
        out = gr.Textbox(label="Sum")
        gr.Button("Load").click(lambda: frame, None, table)
        gr.Button("Sum ids").click(lambda df: str(int(df["id"].sum())), table, out)
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo.local_url
    demo.close()


def first_cells(table):
    return table.locator("tbody tr:not([aria-hidden])").evaluate_all(
        "rows => rows.map(r => r.querySelector('td').textContent)")


def test_a_large_table_shows_scrolls_sorts_and_edits(page, big_url):
    posts = []
    page.on("request", lambda r: posts.append((r.url, r.post_data)) if r.method == "POST" else None)
    page.goto(big_url)
    page.get_by_role("button", name="Load").click()
    table = page.get_by_role("grid", name="Big")
    expect(table).to_have_attribute("aria-rowcount", str(ROWS + 1))
    expect(page.get_by_role("status").filter(has_text="rows")).to_have_text(f"{ROWS} rows")
    assert table.locator("tbody tr").count() < 80  # only the rows in view are in the page

    # scroll to the end: the last rows come from the server
    page.locator(".df-scroll").evaluate("node => { node.scrollTop = node.scrollHeight; }")
    expect(table.get_by_role("gridcell", name=str(ROWS - 1), exact=True)).to_be_visible()
    windows = [json.loads(body) for url, body in posts if url.endswith("/dataframe/window")]
    assert windows and all(w["count"] <= 1000 for w in windows)

    # sorting runs on the server
    table.get_by_role("columnheader", name="id").get_by_role("button").click()
    table.get_by_role("columnheader", name="id").get_by_role("button").click()
    expect(table.get_by_role("columnheader", name="id")).to_have_attribute("aria-sort",
                                                                         "descending")
    expect(table.locator("tbody tr:not([aria-hidden]) td").first).to_have_text(str(ROWS - 1))

    # an edit sends one cell; the function then receives the server's table
    posts.clear()
    first = table.locator("tbody tr:not([aria-hidden]) td").first
    first.dblclick()
    page.get_by_role("textbox", name="Edit id, row 1").fill("0")
    page.keyboard.press("Enter")
    expect(table.locator("tbody tr:not([aria-hidden]) td").first).to_have_text("0")
    edits = [json.loads(body) for url, body in posts if url.endswith("/dataframe/edit")]
    assert edits == [{"id": edits[0]["id"], "op": "set", "row": ROWS - 1, "column": 0,
                      "value": 0}]
    page.get_by_role("button", name="Sum ids").click()
    expect(page.get_by_label("Sum")).to_have_value(str(ROWS * (ROWS - 1) // 2 - (ROWS - 1)))
    event = [body for url, body in posts if url.endswith("/dataframe/edit")]
    assert len(event) == 1

    # search runs on the server too
    page.get_by_role("searchbox", name="Search the table").fill("99998")
    # the first search makes the text of 1,000,000 cells: seconds on a busy machine
    expect(page.get_by_role("status").filter(has_text="rows")).to_contain_text(
        f"of {ROWS} rows", timeout=30_000)


def test_keyboard_moves_through_rows_the_server_sends(page, big_url):
    page.goto(big_url)
    page.get_by_role("button", name="Load").click()
    table = page.get_by_role("grid", name="Big")
    expect(table).to_have_attribute("aria-rowcount", str(ROWS + 1))
    table.get_by_role("gridcell", name="0", exact=True).first.click()
    page.keyboard.press("Control+End")
    expect(table.get_by_role("gridcell", name=str(ROWS - 1), exact=True)).to_be_focused()
    for _ in range(3):
        page.keyboard.press("PageUp")
    focused = page.evaluate("document.activeElement.closest('tr').getAttribute('aria-rowindex')")
    assert int(focused) < ROWS
