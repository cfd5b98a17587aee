"""gr.ImageSlider and gr.AnnotatedImage in Chromium: the slider by keyboard and pointer,
uploads into the slider, annotations selected from the legend and on the image."""

import io

import numpy as np
from PIL import Image as PILImage
from playwright.sync_api import expect

import blocks as gr

BLACK = np.zeros((100, 300, 3), dtype=np.uint8)
WHITE = np.full((100, 300, 3), 255, dtype=np.uint8)


def shade_at(locator, x_fraction) -> int:
    """The grey level of a screenshot of ``locator`` a quarter down (above the handle),
    ``x_fraction`` across."""
    with PILImage.open(io.BytesIO(locator.screenshot())) as shot:
        grey = shot.convert("L")
        return grey.getpixel((int(grey.width * x_fraction), grey.height // 4))


def test_slider_moves_by_keyboard_and_shows_both_images(serve, page):
    with gr.Blocks() as demo:
        gr.ImageSlider((BLACK, WHITE), label="Compare", slider_position=50)

    page.goto(serve(demo))
    slider = page.get_by_role("slider", name="Compare: slider position")
    first = page.get_by_role("img", name="Compare: first image")
    second = page.get_by_role("img", name="Compare: second image")
    expect(second).to_be_visible()
    page.wait_for_function("() => [...document.images].every((i) => i.complete && "
                           "i.naturalWidth > 0)")
    expect(slider).to_have_attribute("aria-valuetext", "50%")
    assert shade_at(second, 0.25) < 30 and shade_at(second, 0.75) > 225
    slider.focus()
    page.keyboard.press("ArrowRight")
    expect(slider).to_have_attribute("aria-valuetext", "51%")
    page.keyboard.press("Shift+ArrowLeft")
    expect(slider).to_have_attribute("aria-valuetext", "41%")
    page.keyboard.press("End")
    expect(slider).to_have_attribute("aria-valuetext", "100%")
    assert shade_at(second, 0.9) < 30  # the first image covers it all
    page.keyboard.press("Home")
    expect(slider).to_have_attribute("aria-valuetext", "0%")
    assert shade_at(second, 0.1) > 225
    expect(first).to_be_attached()


def test_slider_pointer_and_select(serve, page):
    def where(evt: gr.SelectData):
        return str(evt.index)

    with gr.Blocks() as demo:
        slider = gr.ImageSlider((BLACK, WHITE), label="Compare", interactive=False)
        at = gr.Textbox(label="Pixel")
        slider.select(where, None, at)

    page.goto(serve(demo))
    control = page.get_by_role("slider", name="Compare: slider position")
    expect(control).to_be_visible()
    page.wait_for_function("() => [...document.images].every((i) => i.complete && "
                           "i.naturalWidth > 0)")
    box = page.get_by_role("img", name="Compare: second image").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 75.5 / 300, box["y"] + box["height"] * 50.5 / 100)
    expect(control).to_have_attribute("aria-valuetext", "25%")
    assert abs(float(control.input_value()) - 25) < 0.6
    expect(page.get_by_label("Pixel")).to_have_value("[75, 50]")
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + 5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, box["y"] + 5, steps=5)
    page.mouse.up()
    expect(control).to_have_attribute("aria-valuetext", "80%")
    expect(page.get_by_label("Pixel")).to_have_value("[75, 50]")  # a drag selects nothing


def test_slider_uploads_and_the_function_returns_a_pair(serve, page, tmp_path):
    path = tmp_path / "dark.png"
    PILImage.fromarray(np.full((10, 10, 3), 40, dtype=np.uint8)).save(path)

    def brighten(pair):
        first, _ = pair
        return first, np.clip(first.astype(int) + 100, 0, 255).astype(np.uint8)

    with gr.Blocks() as demo:
        slider = gr.ImageSlider(label="Pair", type="numpy")
        mean = gr.Textbox(label="Means")
        slider.upload(brighten, slider, slider)
        slider.change(lambda p: " ".join(str(int(i.mean())) for i in p if i is not None)
                      if p else "", slider, mean)

    page.goto(serve(demo))
    page.get_by_label("Upload first image").set_input_files(str(path))
    expect(page.get_by_label("Means")).to_have_value("40 140")
    expect(page.get_by_role("slider", name="Pair: slider position")).to_be_visible()
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_label("Means")).to_have_value("")


def test_annotated_image_select_from_legend_and_image(serve, page):
    base = np.full((100, 200, 3), 220, dtype=np.uint8)
    mask = np.zeros((100, 200))
    mask[60:90, 150:190] = 1.0

    def picked(evt: gr.SelectData):
        return f"{evt.index} {evt.value}"

    with gr.Blocks() as demo:
        shown = gr.AnnotatedImage((base, [((10, 10, 90, 90), "cat"), (mask, "dog")]),
                                  label="Pets", color_map={"dog": "#1e88e5"})
        choice = gr.Textbox(label="Choice")
        shown.select(picked, None, choice)

    page.goto(serve(demo))
    legend = page.get_by_role("list", name="Pets legend")
    expect(legend.get_by_role("button")).to_have_count(2)
    legend.get_by_role("button", name="dog").click()
    expect(page.get_by_label("Choice")).to_have_value("1 dog")
    legend.get_by_role("button", name="cat").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Choice")).to_have_value("0 cat")

    image = page.get_by_role("img", name="Pets")
    page.wait_for_function("() => [...document.images].every((i) => i.complete && "
                           "i.naturalWidth > 0)")
    box = image.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 170 / 200, box["y"] + box["height"] * 75 / 100)
    expect(page.get_by_label("Choice")).to_have_value("1 dog")
    page.mouse.click(box["x"] + box["width"] * 50 / 200, box["y"] + box["height"] * 50 / 100)
    expect(page.get_by_label("Choice")).to_have_value("0 cat")
