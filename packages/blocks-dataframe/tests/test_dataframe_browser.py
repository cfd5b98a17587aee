"""gr.Dataframe in Chromium: shown as a grid, sorted, searched, filtered, edited by keyboard."""

import re

import pandas as pd
import pytest
from playwright.sync_api import expect

import blocks as gr

PEOPLE = pd.DataFrame({"name": ["Bob", "Ann", "Cy"], "age": [30, 25, 41]})


def grid(page, name):
    return page.get_by_role("grid", name=name)


def cell_texts(table):
    return table.locator("tbody tr:not([aria-hidden])").evaluate_all(
        "rows => rows.map(r => [...r.querySelectorAll('td')].map(td => td.textContent))")


@pytest.fixture(scope="module")
def people_url(browser):
    with gr.Blocks() as demo:
        table = gr.Dataframe(PEOPLE, label="People", interactive=True, show_search="filter",
                             datatype=["str", "number"], show_row_numbers=True,
                             buttons=["copy", "fullscreen"])
        total = gr.Number(label="Total age")
        events = gr.Textbox(label="Events")
        selected = gr.Textbox(label="Selected")
        table.change(lambda df: float(pd.to_numeric(df["age"]).sum()), table, total)

        def edited(e: gr.EditData):
            return repr(("edit", e.index, e.value, e.previous_value))
        table.edit(edited, None, events)

        def show(evt: gr.SelectData):
            return f"{evt.index} {evt.value} {evt.row_value} {evt.col_value}"
        table.select(show, None, selected)
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo.local_url
    demo.close()


def test_table_is_a_labelled_grid_with_header_cells(page, people_url):
    page.goto(people_url)
    table = grid(page, "People")
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader", name="name")).to_be_visible()
    expect(table.get_by_role("gridcell", name="Ann")).to_be_visible()
    expect(table.get_by_role("rowheader", name="3")).to_be_visible()  # row numbers
    assert cell_texts(table) == [["Bob", "30"], ["Ann", "25"], ["Cy", "41"]]
    expect(page.get_by_role("button", name="Copy")).to_be_visible()


def test_sorting_by_a_header_button(page, people_url):
    page.goto(people_url)
    table = grid(page, "People")
    header = table.get_by_role("columnheader", name="age")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(table.locator("tbody tr:not([aria-hidden]) td").first).to_have_text("Ann")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(table.locator("tbody tr:not([aria-hidden]) td").first).to_have_text("Cy")


def test_search_and_filters(page, people_url):
    page.goto(people_url)
    table = grid(page, "People")
    page.get_by_role("searchbox", name="Search the table").fill("an")
    expect(page.get_by_role("status").filter(has_text="rows")).to_have_text("1 of 3 rows")
    page.get_by_role("searchbox", name="Search the table").fill("")
    page.get_by_role("button", name="Filters").click()
    page.get_by_label("Filter 1 column").select_option("age")
    page.get_by_label("Filter 1 condition").select_option(">")
    page.get_by_label("Filter 1 value").fill("28")
    expect(page.get_by_role("status").filter(has_text="rows")).to_have_text("2 of 3 rows")
    assert [row[0] for row in cell_texts(table)] == ["Bob", "Cy"]


def test_keyboard_editing_sends_edit_input_and_change(page, people_url):
    page.goto(people_url)
    table = grid(page, "People")
    table.get_by_role("gridcell", name="25").click()
    expect(page.get_by_label("Selected")).to_have_value(
        "[1, 1] 25 ['Ann', 25] [30, 25, 41]")
    page.keyboard.press("ArrowUp")
    expect(table.get_by_role("gridcell", name="30")).to_be_focused()
    page.keyboard.press("Enter")
    editor = page.get_by_role("textbox", name="Edit age, row 1")
    expect(editor).to_be_focused()
    editor.fill("35")
    page.keyboard.press("Enter")
    expect(page.get_by_label("Total age")).to_have_value("101")
    expect(page.get_by_label("Events")).to_have_value("('edit', [0, 1], 35, 30)")
    expect(table.get_by_role("gridcell", name="35")).to_be_focused()
    # typing starts an edit; Escape keeps the old value
    page.keyboard.press("ArrowLeft")
    page.keyboard.type("Z")
    expect(page.get_by_role("textbox", name="Edit name, row 1")).to_have_value("Z")
    page.keyboard.press("Escape")
    expect(table.get_by_role("gridcell", name="Bob")).to_be_focused()


def test_a_number_column_refuses_text(page, people_url):
    page.goto(people_url)
    table = grid(page, "People")
    table.get_by_role("gridcell", name="41").dblclick()
    page.get_by_role("textbox", name="Edit age, row 3").fill("old")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="not a number")).to_be_visible()
    expect(table.get_by_role("gridcell", name="41")).to_be_visible()


def test_add_and_delete_rows_and_columns(page, people_url):
    page.goto(people_url)
    table = grid(page, "People")
    page.get_by_role("button", name="Add row").click()
    expect(page.get_by_role("status").filter(has_text="rows")).to_have_text("4 rows")
    expect(table).to_have_attribute("aria-rowcount", "5")
    page.get_by_role("button", name="Add column").click()
    expect(table.get_by_role("columnheader", name="3")).to_be_visible()
    page.get_by_role("button", name="Delete column").click()
    expect(table.get_by_role("columnheader")).to_have_count(3)  # '#', name, age
    table.get_by_role("gridcell", name="Ann").click()
    page.get_by_role("button", name="Delete row").click()
    expect(page.get_by_role("status").filter(has_text="rows")).to_have_text("3 rows")
    expect(table.get_by_role("gridcell", name="Ann")).to_have_count(0)


def test_fullscreen_button_and_escape(page, people_url):
    page.goto(people_url)
    button = page.get_by_role("button", name="Full screen")
    button.click()
    expect(page.get_by_role("button", name="Exit full screen")).to_have_attribute(
        "aria-pressed", "true")
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Full screen")).to_have_attribute(
        "aria-pressed", "false")


def test_copy_puts_tab_separated_text_on_the_clipboard(page, people_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(people_url)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    text = page.evaluate("navigator.clipboard.readText()")
    assert text == "name\tage\nBob\t30\nAnn\t25\nCy\t41"


def test_read_only_table_has_no_editor_nor_actions(serve, page):
    with gr.Blocks() as demo:
        out = gr.Dataframe(label="Result", interactive=False, pinned_columns=1,
                           datatype=["str", "bool", "markdown"])
        gr.Button("Show").click(lambda: [["a", True, "**b**"]], None, out)
    page.goto(serve(demo))
    page.get_by_role("button", name="Show").click()
    table = grid(page, "Result")
    expect(table.get_by_role("gridcell", name="a")).to_be_visible()
    expect(table.locator("strong")).to_have_text("b")
    expect(table.get_by_role("checkbox")).to_be_disabled()
    expect(table).to_have_attribute("aria-readonly", "true")
    table.get_by_role("gridcell", name="a").press("Enter")
    expect(page.get_by_role("textbox", name=re.compile("^Edit"))).to_have_count(0)
    expect(page.get_by_role("button", name="Add row")).to_be_hidden()
    first = table.get_by_role("gridcell", name="a")
    assert first.evaluate("td => getComputedStyle(td).position") == "sticky"


def test_styler_colours_show(serve, page):
    styled = pd.DataFrame({"v": [1.23456, 9.0]}).style.format("{:.2f}").highlight_max(
        color="yellow")
    with gr.Blocks() as demo:
        gr.Dataframe(styled, label="Styled")
    page.goto(serve(demo))
    table = grid(page, "Styled")
    top = table.get_by_role("gridcell", name="9.00")
    expect(top).to_be_visible()
    assert top.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(255, 255, 0)"
    expect(table.get_by_role("gridcell", name="1.23")).to_be_visible()
