"""Layouts in Chromium, found by role and label: tabs, walkthrough, accordion, sidebar,
visibility, rendering separately, rows and sizes."""

import re

from playwright.sync_api import expect

import blocks as gr


def test_tabs_by_role_click_keyboard_and_select_event(serve, page):
    def on_select(evt: gr.SelectData):
        return f"{evt.index}:{evt.value}:{evt.selected}"

    with gr.Blocks() as demo:
        with gr.Tabs() as tabs:
            with gr.Tab("Flip text"):
                gr.Textbox(label="Text in")
            with gr.Tab("Flip image") as image_tab:
                gr.Number(label="Number in")
            with gr.Tab("Hidden", visible=False):
                gr.Textbox(label="Never shown")
            with gr.Tab("Disabled", interactive=False):
                gr.Textbox(label="Not reachable")
        chosen = gr.Textbox(label="Chosen")
        tab_chosen = gr.Textbox(label="Tab chosen")
        tabs.select(on_select, None, chosen)
        image_tab.select(lambda: "image tab", None, tab_chosen)

    page.goto(serve(demo))
    tablist = page.get_by_role("tablist")
    expect(tablist.get_by_role("tab")).to_have_count(3)  # the hidden one is not a tab
    first = page.get_by_role("tab", name="Flip text")
    second = page.get_by_role("tab", name="Flip image")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(second).to_have_attribute("aria-selected", "false")
    expect(page.get_by_role("tab", name="Disabled")).to_be_disabled()
    expect(page.get_by_role("tabpanel")).to_have_count(1)
    expect(page.get_by_role("tabpanel", name="Flip text")).to_be_visible()
    expect(page.get_by_label("Text in")).to_be_visible()
    expect(page.get_by_label("Number in")).to_be_hidden()

    second.click()
    expect(second).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Number in")).to_be_visible()
    expect(page.get_by_label("Text in")).to_be_hidden()
    expect(page.get_by_label("Chosen", exact=True)).to_have_value("1:Flip image:True")
    expect(page.get_by_label("Tab chosen")).to_have_value("image tab")

    second.focus()
    page.keyboard.press("ArrowRight")  # skips the hidden and the disabled tab: wraps to the first
    expect(first).to_be_focused()
    expect(first).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Chosen", exact=True)).to_have_value("0:Flip text:True")


def test_switching_tabs_from_an_event_fires_change(serve, page):
    with gr.Blocks() as demo:
        with gr.Tabs(selected="b") as tabs:
            with gr.Tab("Alpha", id="a"):
                go = gr.Button("Go to Beta")
            with gr.Tab("Beta", id="b"):
                back = gr.Button("Back to Alpha")
        changes = gr.Number(label="Changes", value=0)
        go.click(lambda: gr.Tabs(selected="b"), None, tabs)
        back.click(lambda: gr.Tabs(selected="a"), None, tabs)
        tabs.change(lambda n: n + 1, changes, changes)

    page.goto(serve(demo))
    expect(page.get_by_role("tab", name="Beta")).to_have_attribute("aria-selected", "true")
    page.get_by_role("button", name="Back to Alpha").click()
    expect(page.get_by_role("tab", name="Alpha")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("button", name="Go to Beta")).to_be_visible()
    expect(page.get_by_label("Changes")).to_have_value("1")
    page.get_by_role("button", name="Go to Beta").click()
    expect(page.get_by_role("tab", name="Beta")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Changes")).to_have_value("2")


def test_walkthrough_moves_when_the_app_sets_the_step(serve, page):
    with gr.Blocks() as demo:
        with gr.Walkthrough(selected=0) as walkthrough:
            with gr.Step("Upload", id=0):
                gr.Textbox(label="File name")
                to_prompt = gr.Button("Go to prompt")
            with gr.Step("Prompt", id=1):
                prompt = gr.Textbox(label="Prompt")
                generate = gr.Button("Generate")
            with gr.Step("Result", id=2):
                result = gr.Textbox(label="Result")
        to_prompt.click(lambda: gr.Walkthrough(selected=1), None, walkthrough)
        generate.click(lambda p: (p.upper(), gr.Walkthrough(selected=2)), prompt,
                       [result, walkthrough])

    page.goto(serve(demo))
    def step(name):
        return page.get_by_role("button", name=name, exact=True)

    steps = page.get_by_role("list", name="Steps")
    expect(steps.get_by_role("listitem")).to_have_count(3)
    expect(step("Upload")).to_have_attribute("aria-current", "step")
    expect(step("Result")).to_be_disabled()  # not reached yet
    expect(page.get_by_label("Prompt", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Go to prompt").click()
    expect(step("Prompt")).to_have_attribute("aria-current", "step")
    page.get_by_label("Prompt", exact=True).fill("cat")
    page.get_by_role("button", name="Generate").click()
    expect(page.get_by_label("Result", exact=True)).to_have_value("CAT")
    step("Upload").click()  # a step reached may be revisited
    expect(page.get_by_label("File name")).to_be_visible()
    expect(step("Result")).to_be_enabled()


def test_accordion_toggles_by_its_button(serve, page):
    with gr.Blocks() as demo:
        with gr.Accordion("Advanced options", open=False) as accordion:
            gr.Slider(label="Temperature")
        log = gr.Textbox(label="Log")
        accordion.expand(lambda text: (text or "") + "expand ", log, log)
        accordion.collapse(lambda text: (text or "") + "collapse ", log, log)
        close = gr.Button("Close it")
        close.click(lambda: gr.Accordion(open=False, label="Closed by the app"), None, accordion)

    page.goto(serve(demo))
    toggle = page.get_by_role("button", name="Advanced options")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Temperature", exact=True)).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("slider", name="Temperature")).to_be_visible()
    expect(page.get_by_label("Log")).to_have_value("expand ")
    toggle.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Log")).to_have_value("expand collapse ")
    toggle.click()
    page.get_by_role("button", name="Close it").click()
    closed = page.get_by_role("button", name="Closed by the app")
    expect(closed).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("slider", name="Temperature")).to_be_hidden()


def test_sidebar_opens_and_closes(serve, page):
    with gr.Blocks() as demo:
        with gr.Sidebar(label="Filters", open=True) as sidebar:
            gr.Checkbox(label="Only mine")
        gr.Textbox(label="Search")
        state = gr.Textbox(label="Sidebar state")
        sidebar.collapse(lambda: "closed", None, state)
        sidebar.expand(lambda: "open", None, state)

    page.goto(serve(demo))
    region = page.get_by_role("complementary", name="Filters")
    toggle = page.get_by_role("button", name="Toggle Filters")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(region.get_by_label("Only mine")).to_be_visible()
    page.wait_for_function(  # the page moved aside for the sidebar
        "getComputedStyle(document.querySelector('main')).paddingLeft === '320px'")
    assert page.get_by_label("Search").bounding_box()["x"] > 320

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Sidebar state")).to_have_value("closed")
    expect(page.get_by_label("Only mine")).to_be_hidden()
    expect(toggle).to_be_visible()  # the button stays to open it again
    page.wait_for_function(  # the page takes the room back
        "document.querySelector('main').getBoundingClientRect().left === 0 && "
        "getComputedStyle(document.querySelector('main')).paddingLeft === '0px'")

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_label("Only mine")).to_be_visible()
    expect(page.get_by_label("Sidebar state")).to_have_value("open")


def test_right_sidebar_closed_at_first(serve, page):
    with gr.Blocks() as demo:
        with gr.Sidebar(open=False, position="right", width="20rem"):
            gr.Markdown("Notes")
        gr.Textbox(label="Main")

    page.goto(serve(demo))
    toggle = page.get_by_role("button", name="Toggle sidebar")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_text("Notes")).to_be_hidden()
    toggle.click()
    expect(page.get_by_text("Notes")).to_be_visible()
    sidebar = page.get_by_role("complementary", name="Sidebar")
    page.wait_for_function("document.querySelector('blocks-sidebar')"
                           ".getBoundingClientRect().right === 1280")  # slid in at the right
    assert sidebar.bounding_box()["width"] == 320  # 20rem


def test_visibility_of_layouts_and_components_from_events(serve, page):
    with gr.Blocks() as demo:
        error_box = gr.Textbox(label="Error", visible=False)
        name_box = gr.Textbox(label="Name")
        with gr.Column(visible=False) as output_col:
            diagnosis_box = gr.Textbox(label="Diagnosis")
        submit = gr.Button("Submit")

        def submit_fn(name):
            if not name:
                return {error_box: gr.Textbox(value="Enter a name", visible=True)}
            return {error_box: gr.Textbox(visible=False), output_col: gr.Column(visible=True),
                    diagnosis_box: f"{name} is fine"}

        submit.click(submit_fn, name_box, [error_box, output_col, diagnosis_box])

    page.goto(serve(demo))
    expect(page.get_by_label("Error")).to_be_hidden()
    expect(page.get_by_label("Diagnosis")).to_be_hidden()
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_label("Error")).to_have_value("Enter a name")
    expect(page.get_by_label("Error")).to_be_visible()
    page.get_by_label("Name").fill("Ann")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_label("Diagnosis")).to_have_value("Ann is fine")
    expect(page.get_by_label("Diagnosis")).to_be_visible()
    expect(page.get_by_label("Error")).to_be_hidden()


def test_render_and_unrender_place_components(serve, page):
    defined_first = gr.Textbox(label="Defined outside")
    with gr.Blocks() as demo:
        gr.Markdown("Examples go first")
        defined_first.render()
        with gr.Row():
            with gr.Column(elem_id="col-1"):
                gr.Markdown("Row 1")
                moved = gr.Textbox(label="Moved")
            with gr.Column(elem_id="col-2"):
                gr.Markdown("Row 2")
                moved.unrender()
            with gr.Column(elem_id="col-3"):
                gr.Markdown("Row 3")
                moved.render()

    page.goto(serve(demo))
    examples = page.get_by_text("Examples go first").bounding_box()
    outside = page.get_by_label("Defined outside").bounding_box()
    assert outside["y"] > examples["y"]
    expect(page.locator("#col-3").get_by_label("Moved")).to_be_visible()
    expect(page.locator("#col-1").get_by_label("Moved")).to_have_count(0)
    expect(page.get_by_label("Moved")).to_have_count(1)


def test_row_scale_min_width_wrapping_and_equal_height(serve, page):
    with gr.Blocks() as demo:
        with gr.Row():
            gr.Button("Button 0", scale=0)
            gr.Button("Button 1", scale=1)
            gr.Button("Button 2", scale=2)
        with gr.Row(equal_height=True):
            gr.Textbox(label="Tall", lines=6)
            gr.Button("Short")
        with gr.Row():
            with gr.Column(min_width=500):
                gr.Textbox(label="Left")
            with gr.Column(min_width=500):
                gr.Textbox(label="Right")

    page.goto(serve(demo))
    b0, b1, b2 = (page.get_by_role("button", name=f"Button {i}").bounding_box()
                  for i in range(3))
    assert b0["width"] < 150  # scale=0 keeps its content's width
    assert abs(b2["width"] - 2 * b1["width"]) < 4
    assert b0["y"] == b1["y"] == b2["y"]
    short = page.get_by_role("button", name="Short").bounding_box()
    tall = page.locator(".row.equal-height > *").first.bounding_box()
    assert abs(short["height"] - tall["height"]) < 1
    left = page.get_by_label("Left").bounding_box()
    right = page.get_by_label("Right").bounding_box()
    assert left["y"] == right["y"]  # side by side: 1280 px fit two columns of 500
    page.set_viewport_size({"width": 700, "height": 900})
    page.wait_for_function("document.querySelector('main').clientWidth === 700")
    left = page.get_by_label("Left").bounding_box()
    right = page.get_by_label("Right").bounding_box()
    assert right["y"] > left["y"] + left["height"]  # wrapped below


def test_fill_height_and_css_sizes(serve, page):
    with gr.Blocks(fill_height=True, fill_width=True) as demo:
        gr.Textbox(label="Grows", scale=1, lines=3)
        with gr.Row(height="30vh", elem_id="sized"):
            gr.Markdown("In a sized row")
        gr.Button("Stays", scale=0)

    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(serve(demo))
    expect(page.get_by_role("button", name="Stays")).to_be_visible()
    assert page.locator("#sized").bounding_box()["height"] == 300
    grows = page.locator(".blocks-container > .blocks-component").first.bounding_box()
    button = page.get_by_role("button", name="Stays").bounding_box()
    assert grows["height"] > 300  # took the free height
    assert abs(button["y"] + button["height"] - 1000) < 40  # the button ends near the bottom
    container = page.locator(".blocks-container").bounding_box()
    assert container["width"] == 1280  # fill_width: no maximum width


def test_groups_and_panels_render(serve, page):
    with gr.Blocks() as demo:
        with gr.Group():
            gr.Textbox(label="First in group")
            gr.Textbox(label="Second in group")
        with gr.Row(variant="panel"):
            gr.Textbox(label="In a panel")

    page.goto(serve(demo))
    first = page.get_by_label("First in group").bounding_box()
    second = page.get_by_label("Second in group").bounding_box()
    assert second["y"] > first["y"]
    gap = page.evaluate("getComputedStyle(document.querySelector('blocks-group')).rowGap")
    assert gap == "1px"
    background = page.evaluate(
        "getComputedStyle(document.querySelector('blocks-row')).backgroundColor")
    assert re.match(r"rgb\(249, 250, 251\)", background)  # panel: the secondary fill
