"""The value components of the core in Chromium, found by role and label.

One app holds them all, served once for the module; each test opens its own page.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from testkit import free_port

import blocks as gr


def as_text(value) -> str:
    return json.dumps(value)


def build():
    with gr.Blocks() as demo:
        # CheckboxGroup
        fruit = gr.CheckboxGroup(["apple", "pear", ("Cherry", "cherry")], value=["apple"],
                                 label="Fruit", show_select_all=True)
        fruit_out = gr.Textbox(label="Fruit chosen")
        fruit_event = gr.Textbox(label="Fruit event")
        fruit.change(as_text, fruit, fruit_out)

        def fruit_selected(evt: gr.SelectData):
            return f"{evt.value} {'on' if evt.selected else 'off'} at {evt.index}"

        fruit.select(fruit_selected, None, fruit_event)
        fixed = gr.CheckboxGroup(["x", "y"], value=["x"], label="Fixed")
        gr.Button("Touch fixed").click(lambda: ["y"], None, fixed)

        # JSON and Label, as outputs
        data = gr.JSON(label="Data", buttons=["copy"])
        gr.Button("Show data").click(
            lambda: {"name": "Ada", "langs": ["en", "fr"], "deep": {"a": {"b": {"c": 1}}}},
            None, data)
        scores = gr.Label(label="Prediction")
        picked = gr.Textbox(label="Class picked")
        gr.Button("Classify").click(lambda: {"cat": 0.72, "dog": 0.28}, None, scores)

        def picked_class(evt: gr.SelectData):
            return f"{evt.value} #{evt.index}"

        scores.select(picked_class, None, picked)

        # HighlightedText: shown and edited
        tagged = gr.HighlightedText([("The ", None), ("quick", "adj"), (" ", None),
                                     ("fox", "noun")], label="Tagged")
        span = gr.Textbox(label="Span")

        def span_picked(evt: gr.SelectData):
            return f"{evt.value[0]}={evt.value[1]}"

        tagged.select(span_picked, None, span)
        editable = gr.HighlightedText([("Ada lives in Paris", None)], label="To label",
                                      interactive=True)
        labelled = gr.Textbox(label="Labelled")
        editable.change(lambda tokens: as_text([[t["token"], t["class_or_confidence"]]
                                                for t in tokens]), editable, labelled)

        # Code
        code = gr.Code("def f():\n    return 1", language="python", label="Source")
        code_out = gr.Textbox(label="Source length")
        code.change(lambda text: str(len(text)), code, code_out)

        # ColorPicker
        colour = gr.ColorPicker("#ff0000", label="Colour")
        colour_out = gr.Textbox(label="Colour submitted")
        colour.submit(lambda c: f"submitted {c}", colour, colour_out)

        # DateTime
        when = gr.DateTime("2024-01-02 03:04:05", label="When", type="string")
        when_out = gr.Textbox(label="When submitted")
        when.submit(lambda w: f"at {w}", when, when_out)

        # ClearButton
        note = gr.Textbox("a note", label="Note")
        counter = gr.State(0)
        count = gr.Number(label="Count")
        gr.Button("Count up").click(lambda n: (n + 1, n + 1), counter, [counter, count])
        gr.ClearButton([note, fruit, counter], value="Clear all")

        # Dataset
        word = gr.Textbox(label="Word")
        size = gr.Number(label="Size")
        table = gr.Dataset(components=[word, size], samples=[["apple", 5], ["pear", 4]],
                           label="Words", samples_per_page=10)
        table.click(lambda sample: sample, table, [word, size])
        chosen = gr.Textbox(label="Chosen sample")

        def sample_picked(evt: gr.SelectData):
            return f"{evt.index}: {evt.value}"

        table.select(sample_picked, None, chosen)
        cards = gr.Dataset(components=["textbox"], samples=[[f"card {i}"] for i in range(12)],
                           label="Cards", type="index", samples_per_page=5)
        card_index = gr.Number(label="Card index")
        cards.click(lambda index: index, cards, card_index)
        gr.Button("New cards").click(lambda: gr.Dataset(samples=[["fresh"]]), None, cards)

        # ParamViewer and TextArea
        gr.ParamViewer({"n": {"type": "int", "description": "How **many** times",
                              "default": "3"}}, header="Arguments")
        gr.TextArea("line one\nline two", label="Notes")
    return demo


def open_app(page, url):
    """Go to the app and wait until it is built and connected (a loaded machine may take
    more than the assertions' 5 seconds for a first page with a dozen modules)."""
    page.goto(url)
    page.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)


@pytest.fixture(scope="module")
def url():
    demo = build()
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True)
    yield demo.local_url
    demo.close()


def test_checkboxgroup_by_keyboard_and_mouse(url, page):
    open_app(page, url)
    group = page.get_by_role("group", name="Fruit")
    expect(group.get_by_role("checkbox", name="apple")).to_be_checked()
    group.get_by_role("checkbox", name="Cherry").check()
    expect(page.get_by_label("Fruit chosen", exact=True)).to_have_value('["apple", "cherry"]')
    expect(page.get_by_label("Fruit event", exact=True)).to_have_value("cherry on at 2")
    group.get_by_role("checkbox", name="pear").focus()
    page.keyboard.press("Space")
    expect(page.get_by_label("Fruit chosen", exact=True)).to_have_value(
        '["apple", "pear", "cherry"]')
    expect(group.get_by_role("checkbox", name="Select all")).to_be_checked()
    group.get_by_role("checkbox", name="Select all").uncheck()
    expect(page.get_by_label("Fruit chosen", exact=True)).to_have_value("[]")
    fixed = page.get_by_role("group", name="Fixed")  # an output only: read-only
    expect(fixed.get_by_role("checkbox", name="x")).to_be_disabled()


def test_json_tree_opens_and_copies(url, page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_app(page, url)
    page.get_by_role("button", name="Show data").click()
    tree = page.get_by_role("group", name="Data")
    expect(tree).to_contain_text('"Ada"')
    expect(tree.get_by_text("c:")).to_be_hidden()  # the fourth level starts closed
    tree.get_by_text("b:").click()
    expect(tree.get_by_text("c:")).to_be_visible()
    page.get_by_role("button", name="Copy JSON").click()
    expect(page.get_by_role("button", name="Copy JSON")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert json.loads(copied)["langs"] == ["en", "fr"]


def test_label_bars_and_select(url, page):
    open_app(page, url)
    page.get_by_role("button", name="Classify").click()
    expect(page.get_by_role("button", name="cat 72%")).to_be_visible()
    page.get_by_role("button", name="dog 28%").click()
    expect(page.get_by_label("Class picked", exact=True)).to_have_value("dog #1")


def test_highlightedtext_spans_by_keyboard(url, page):
    open_app(page, url)
    tagged = page.get_by_role("group", name="Tagged")
    expect(tagged).to_contain_text("The quick")
    tagged.get_by_label("quick (adj)", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(tagged.get_by_label("fox (noun)", exact=True)).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Span", exact=True)).to_have_value("fox=noun")


def test_highlightedtext_labelling(url, page):
    open_app(page, url)
    field = page.get_by_role("textbox", name="To label", exact=True)
    field.focus()
    field.evaluate("(node) => node.setSelectionRange(13, 18)")  # "Paris"
    page.get_by_label("Category", exact=True).fill("place")
    page.get_by_role("button", name="Label selection").click()
    expect(page.get_by_label("Labelled", exact=True)).to_have_value(
        '[["Ada lives in ", null], ["Paris", "place"]]')
    page.get_by_role("button", name="Remove the label of “Paris”").click()
    expect(page.get_by_label("Labelled", exact=True)).to_have_value(
        '[["Ada lives in ", null], ["Paris", null]]')


def test_code_editing_keys_and_highlighting(url, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    open_app(page, url)
    editor = page.get_by_role("textbox", name="Source", exact=True)
    expect(page.locator("blocks-code .hljs-keyword").first).to_have_text("def")
    editor.focus()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")  # keeps the indentation of "    return 1"
    page.keyboard.type("x")
    expect(editor).to_have_value("def f():\n    return 1\n    x")
    page.keyboard.press("Tab")
    expect(editor).to_have_value("def f():\n    return 1\n    x    ")
    expect(page.get_by_label("Source length", exact=True)).to_have_value("31")
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")  # Escape, then Tab: leaves the editor
    expect(editor).not_to_be_focused()
    grammars = [u.rsplit("/", 1)[1] for u in requested if "/vendor/highlight/" in u]
    assert sorted(grammars) == ["core.min.js", "python.min.js"]


def test_colorpicker_submit(url, page):
    open_app(page, url)
    field = page.get_by_role("textbox", name="Colour", exact=True)
    field.fill("#00aa00")
    field.press("Enter")
    expect(page.get_by_label("Colour submitted", exact=True)).to_have_value("submitted #00aa00")
    expect(page.get_by_label("Colour: picker", exact=True)).to_have_value("#00aa00")
    field.fill("not a colour")
    field.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="is not a colour").first).to_be_visible()


def test_datetime_submit_and_calendar(url, page):
    open_app(page, url)
    field = page.get_by_role("textbox", name="When", exact=True)
    field.fill("2025-06-07 08:09:10")
    field.press("Enter")
    expect(page.get_by_label("When submitted", exact=True)).to_have_value("at 2025-06-07 08:09:10")
    expect(page.get_by_label("When: calendar", exact=True)).to_have_value("2025-06-07T08:09:10")
    page.get_by_label("When: calendar", exact=True).fill("2025-12-24T18:30:00")
    expect(field).to_have_value("2025-12-24 18:30:00")
    field.fill("yesterday")
    field.press("Enter")
    expect(page.get_by_role("alert").filter(has_text="is not a date").first).to_be_visible()


def test_clearbutton_empties_the_page_and_the_state(url, page):
    open_app(page, url)
    page.get_by_role("button", name="Count up").click()
    expect(page.get_by_label("Count", exact=True)).to_have_value("1")
    page.get_by_role("button", name="Clear all").click()
    expect(page.get_by_label("Note", exact=True)).to_have_value("")
    expect(page.get_by_role("group", name="Fruit").get_by_role("checkbox", name="apple")) \
        .not_to_be_checked()
    expect(page.get_by_label("Note", exact=True)).to_be_editable()
    page.get_by_role("button", name="Count up").click()
    expect(page.get_by_label("Count", exact=True)).to_have_value("1")  # the State started over


def test_dataset_table_gallery_and_pages(url, page):
    open_app(page, url)
    words = page.get_by_role("table", name="Words")
    expect(words.get_by_role("columnheader")).to_have_text(["Word", "Size"])
    words.get_by_role("button", name="pear").click()
    expect(page.get_by_label("Word", exact=True)).to_have_value("pear")
    expect(page.get_by_label("Size", exact=True)).to_have_value("4")
    expect(page.get_by_label("Chosen sample", exact=True)).to_have_value("1: ['pear', 4]")
    words.get_by_role("cell", name="5").click()  # anywhere on a row
    expect(page.get_by_label("Word", exact=True)).to_have_value("apple")

    cards = page.get_by_role("list", name="Cards")
    expect(cards.get_by_role("button")).to_have_count(5)
    page.get_by_role("navigation", name="Pages of samples").get_by_role(
        "button", name="Page 3").click()
    cards.get_by_role("button", name="card 11").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Card index", exact=True)).to_have_value("11")
    page.get_by_role("button", name="New cards").click()
    expect(cards.get_by_role("button")).to_have_text(["fresh"])


def test_paramviewer_and_textarea(url, page):
    open_app(page, url)
    params = page.get_by_role("group", name="Arguments")
    expect(params).to_contain_text("n: int = 3")
    expect(params.get_by_text("How many times")).to_be_hidden()
    page.get_by_role("button", name="Open all").click()
    expect(params.get_by_text("How many times")).to_be_visible()
    expect(page.get_by_role("button", name="Close all")).to_have_attribute(
        "aria-expanded", "true")
    expect(page.get_by_label("Notes", exact=True)).to_have_value("line one\nline two")
    assert page.get_by_label("Notes", exact=True).evaluate("(node) => node.tagName") == "TEXTAREA"


def test_a_page_without_code_downloads_no_highlighter(serve, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    with gr.Blocks() as demo:
        gr.Textbox(label="Only text")
    open_app(page, serve(demo))
    expect(page.get_by_label("Only text", exact=True)).to_be_visible()
    assert not [u for u in requested if "highlight" in u or "code.js" in u]
