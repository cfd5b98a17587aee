"""The page around an app in Chromium: title, favicon, head, css, js, elem_id and
elem_classes, the root class, and light and dark mode."""

import re

from playwright.sync_api import expect

import blocks as gr

BODY_BACKGROUND = "getComputedStyle(document.body).backgroundColor"


def style(page, selector, prop):
    return page.evaluate(f"getComputedStyle(document.querySelector({selector!r}))"
                         f".getPropertyValue({prop!r})")


def test_title_favicon_and_head(serve, page, tmp_path):
    icon = tmp_path / "icon.png"
    icon.write_bytes(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8cfc0f01f0005000201e2a1d7ff0000000049454e44ae426082"))
    head_file = tmp_path / "head.html"
    head_file.write_text('<meta name="from-file" content="yes">')
    with gr.Blocks(title="Sample App", head='<meta name="description" content="A demo">',
                   head_paths=head_file) as demo:
        gr.Textbox(label="Name")

    page.goto(serve(demo, favicon_path=str(icon),
                    head='<script>window.fromLaunchHead = 42;</script>'))
    expect(page).to_have_title("Sample App")
    expect(page.locator('meta[name="description"]')).to_have_attribute("content", "A demo")
    expect(page.locator('meta[name="from-file"]')).to_have_attribute("content", "yes")
    assert page.evaluate("window.fromLaunchHead") == 42
    href = page.locator('link[rel="icon"]').get_attribute("href")
    response = page.request.get(page.url.rstrip("/") + href)
    assert response.ok and response.body() == icon.read_bytes()


def test_css_css_paths_elem_id_elem_classes_and_root_class(serve, page, tmp_path):
    sheet = tmp_path / "extra.css"
    sheet.write_text(".feedback textarea, .feedback input { font-size: 24px !important; }")
    css = """
#warning { background-color: rgb(255, 204, 203); }
.blocks-container { background-color: rgb(10, 20, 30); }
"""
    with gr.Blocks() as demo:
        gr.Textbox(value="Good Job", label="Box 1", elem_classes="feedback")
        gr.Textbox(value="Failure", label="Box 2", elem_id="warning",
                   elem_classes=["feedback", "second"])
        with gr.Row(elem_id="my-row", elem_classes="special-row"):
            gr.Button("In row")

    page.goto(serve(demo, css=css, css_paths=sheet))
    expect(page.get_by_label("Box 1")).to_have_css("font-size", "24px")
    expect(page.get_by_label("Box 2")).to_have_css("font-size", "24px")
    expect(page.locator("#warning")).to_have_css("background-color", "rgb(255, 204, 203)")
    expect(page.locator("#warning")).to_have_class(
        re.compile(r"\bfeedback\b.*\bsecond\b|\bsecond\b.*\bfeedback\b"))
    expect(page.locator("#my-row.special-row")).to_be_visible()
    expect(page.locator(".blocks-container")).to_have_css("background-color", "rgb(10, 20, 30)")


def test_gradio_css_selector_still_works(serve, page):
    with gr.Blocks() as demo:
        gr.Textbox(label="Name")
    page.goto(serve(demo, css=".gradio-container {background-color: red}"))
    expect(page.locator(".blocks-container")).to_have_css("background-color", "rgb(255, 0, 0)")


def test_js_runs_once_the_app_is_built(serve, page):
    js = """
    function createGreeting() {
        const box = document.querySelector('#greeting input');
        const note = document.createElement('p');
        note.id = 'welcome';
        note.textContent = 'Welcome, ' + box.value;
        document.body.append(note);
        return 'done';
    }
    """
    with gr.Blocks(js=js) as demo:
        gr.Textbox(value="Ann", label="Name", elem_id="greeting")
    page.goto(serve(demo, js="() => { document.body.dataset.second = 'yes'; }"))
    expect(page.locator("#welcome")).to_have_text("Welcome, Ann")
    expect(page.locator("body")).to_have_attribute("data-second", "yes")


def test_dark_mode_follows_the_system_and_the_query(serve, browser):
    with gr.Blocks() as demo:
        gr.Textbox(label="Name")
    url = serve(demo)
    cases = [("light", "", "rgb(255, 255, 255)"),
             ("dark", "", "rgb(11, 15, 25)"),
             ("light", "?__theme=dark", "rgb(11, 15, 25)"),
             ("dark", "?__theme=light", "rgb(255, 255, 255)")]
    for scheme, query, background in cases:
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(url + query)
        expect(page.get_by_label("Name")).to_be_visible()
        assert page.evaluate(BODY_BACKGROUND) == background, (scheme, query)
        field = page.evaluate("getComputedStyle(document.querySelector('input'))"
                              ".backgroundColor")
        assert (field == "rgb(17, 24, 39)") == (background == "rgb(11, 15, 25)")
        context.close()
