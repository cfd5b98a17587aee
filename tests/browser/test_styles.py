"""Component stylesheets in Chromium: each loads with its component, before the page
shows it, under the app's own css; and a few styles users noticed (tabs, sliders)."""

import io
import re

from PIL import Image
from playwright.sync_api import expect

import blocks as gr

COMPONENT_CSS = re.compile(r"/assets/.+\.css$")
VERSIONED = re.compile(r"^v-[0-9a-f]+/")
BODY = "getComputedStyle(document.body).backgroundColor"


def greet_app():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Greeting")
        gr.Button("Run", variant="primary").click(lambda n: f"Hello, {n}!", name, out)
    return demo


def stylesheets_of(page, url):
    """The stylesheets a page holds (``<style data-href>``, written in by the server) or
    downloads, as paths inside /assets/."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    expect(page.get_by_label("Name")).to_be_visible()
    page.wait_for_load_state("networkidle")
    held = page.eval_on_selector_all("style[data-href]",
                                     "nodes => nodes.map((node) => node.href ?? node.dataset.href)")
    found = [u for u in requested if COMPONENT_CSS.search(u)] + held
    return sorted({VERSIONED.sub("", u.split("/assets/")[1]) for u in found})


def test_a_page_holds_the_css_of_the_components_it_shows(serve, page):
    assert stylesheets_of(page, serve(greet_app())) == [
        "blocks/blocks.css", "blocks/components/button.css"]

    with gr.Blocks() as demo:
        with gr.Row():
            gr.Textbox(label="Name")
            gr.Slider(0, 10, label="Level")
    assert stylesheets_of(page, serve(demo)) == [
        "blocks/blocks.css", "blocks/components/layouts.css", "blocks/components/slider.css"]


def test_a_rendered_component_is_shown_once_its_stylesheet_is_loaded(serve, page):
    held = []
    page.route("**/components/slider.css", lambda route: held.append(route))
    with gr.Blocks() as demo:
        show = gr.Checkbox(label="Show")

        @gr.render(inputs=show)
        def part(shown):
            if shown:
                gr.Slider(0, 10, label="Level")
    page.goto(serve(demo))
    with page.expect_request("**/components/slider.css"):  # not on the page at first
        page.get_by_label("Show").check()
    expect(page.get_by_role("slider", name="Level")).to_have_count(0)  # nothing unstyled
    for route in held:
        route.continue_()
    expect(page.get_by_role("slider", name="Level")).to_be_visible()


def test_the_app_css_wins_over_a_component_stylesheet(serve, page):
    page.goto(serve(greet_app(), css=".btn-primary { background: rgb(1, 2, 3); }"))
    expect(page.get_by_role("button", name="Run")).to_have_css("background-color",
                                                               "rgb(1, 2, 3)")


def test_a_selected_tab_keeps_its_colour_under_the_pointer(serve, page):
    with gr.Blocks() as demo:
        with gr.Tabs():
            with gr.Tab("First"):
                gr.Markdown("one")
            with gr.Tab("Second"):
                gr.Markdown("two")
    page.goto(serve(demo))
    selected, other = page.get_by_role("tab", name="First"), page.get_by_role("tab", name="Second")
    expect(selected).to_have_attribute("aria-selected", "true")
    colour = selected.evaluate("tab => getComputedStyle(tab).color")
    assert colour != other.evaluate("tab => getComputedStyle(tab).color")
    selected.hover()
    expect(selected).to_have_css("color", colour)


def luminance(red: int, green: int, blue: int) -> float:
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_the_empty_part_of_a_slider_track_follows_light_and_dark_mode(serve, page):
    with gr.Blocks() as demo:
        gr.Slider(0, 100, value=30, label="Level")
    url = serve(demo)
    for mode, dark in (("light", False), ("dark", True)):
        page.goto(f"{url}?__theme={mode}")
        slider = page.get_by_role("slider", name="Level")
        expect(slider).to_have_value("30")
        with Image.open(io.BytesIO(slider.screenshot())) as shot:
            # the middle of the track's empty part, well after the thumb
            track = shot.convert("RGB").getpixel((shot.width * 3 // 4, shot.height // 2))
        body = [int(v) for v in re.findall(r"\d+", page.evaluate(BODY))[:3]]
        # the empty track is a shade near the page's: dark on a dark page, light on a light one
        assert (luminance(*track) < 0.5) == dark and (luminance(*body) < 0.5) == dark, \
            (mode, track, body)
