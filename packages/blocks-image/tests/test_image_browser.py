"""gr.Image in Chromium: upload an image, run a function on it, see the result."""

import io
import re
import urllib.request

import numpy as np
import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

import blocks as gr


@pytest.fixture
def pixels():
    rng = np.random.default_rng(7)
    return rng.integers(0, 256, size=(6, 5, 3), dtype=np.uint8)


@pytest.fixture
def png_path(tmp_path, pixels):
    path = tmp_path / "upload.png"
    PILImage.fromarray(pixels).save(path)
    return path


def flip_app():
    def flip(array):
        return array[::-1]

    with gr.Blocks() as demo:
        source = gr.Image(type="numpy", label="Input")
        button = gr.Button("Flip")
        result = gr.Image(label="Output")
        button.click(flip, inputs=source, outputs=result)
    return demo


def loaded_size(image) -> tuple[int, int]:
    return tuple(image.evaluate("img => img.complete ? [img.naturalWidth, img.naturalHeight]"
                                " : [0, 0]"))


def test_upload_flip_and_show(serve, page, png_path, pixels):
    url = serve(flip_app())
    page.goto(url)
    output = page.get_by_role("img", name="Output")
    expect(page.get_by_text("No image")).to_be_visible()  # the output's empty state
    expect(page.get_by_label("Output")).to_have_count(0)  # an output has no file input

    page.get_by_label("Input").set_input_files(str(png_path))
    preview = page.get_by_role("img", name="Input")
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("src", re.compile(r"/file="))
    page.wait_for_function("() => { const i = document.querySelector('img[alt=Input]');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    assert loaded_size(preview) == (5, 6)

    page.get_by_role("button", name="Flip").click()
    expect(output).to_be_visible()
    page.wait_for_function("() => { const i = document.querySelector('img[alt=Output]');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    assert loaded_size(output) == (5, 6)

    src = output.evaluate("img => img.src")
    with urllib.request.urlopen(src, timeout=10) as response:
        shown = np.asarray(PILImage.open(io.BytesIO(response.read())).convert("RGB"))
    assert np.array_equal(shown, pixels[::-1])


def test_clear_button_empties_the_input(serve, page, png_path):
    with gr.Blocks() as demo:
        source = gr.Image(type="filepath", label="Input")
        log = gr.Textbox(label="Log")
        source.upload(lambda path: "uploaded" if path else "?", source, log)
        source.clear(lambda path: f"cleared {path}", source, log)

    page.goto(serve(demo))
    page.get_by_label("Input").set_input_files(str(png_path))
    expect(page.get_by_label("Log")).to_have_value("uploaded")
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_label("Log")).to_have_value("cleared None")
    expect(page.get_by_role("img", name="Input")).to_be_hidden()
    expect(page.get_by_text("Drop an image here, or click to upload")).to_be_visible()


def test_select_reports_the_clicked_pixel(serve, page, pixels):
    with gr.Blocks() as demo:
        shown = gr.Image(pixels, label="Picture", interactive=False, height=120)
        where = gr.Textbox(label="Where")

        def pick(evt: gr.SelectData):
            return str(evt.index)

        shown.select(pick, None, where)

    page.goto(serve(demo))
    picture = page.get_by_role("img", name="Picture")
    page.wait_for_function("() => { const i = document.querySelector('img[alt=Picture]');"
                           " return i && i.complete && i.naturalWidth > 0; }")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] / 2, "y": 2})
    expect(page.get_by_label("Where")).to_have_value("[2, 0]")
    assert page.get_by_role("button", name="Clear").count() == 0


def image_requests(page, url) -> list[str]:
    """The blocks-image files a page loads: the modules it downloads, the stylesheets its
    shell holds (``<style data-href>``), as paths inside the package's static folder."""
    loaded = []
    page.on("request", lambda request: "/blocks_image/" in request.url and
            loaded.append(request.url.split("/blocks_image/", 1)[1]))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    held = page.eval_on_selector_all("style[data-href]",
                                     "nodes => nodes.map((node) => node.dataset.href)")
    return sorted(loaded + [href.split("/blocks_image/", 1)[1] for href in held
                            if "/blocks_image/" in href])


def test_pages_download_only_the_modules_they_show(serve, page):
    with gr.Blocks() as plain:
        gr.Textbox(label="Name")
    assert image_requests(page, serve(plain)) == []

    with gr.Blocks() as one_image:
        gr.Image(label="Picture")
    assert image_requests(page, serve(one_image)) == ["image.css", "image.js", "media.css",
                                                      "media.js"]
    # the webcam module comes only with the webcam
    with page.expect_request("**/blocks_image/webcam.js"):
        page.get_by_role("button", name="Webcam").click()


def test_alt_text_download_and_fullscreen(serve, page, pixels):
    with gr.Blocks() as demo:
        gr.Image(pixels, label="Shown", alt_text="Random noise", interactive=False)
        gr.Image(pixels, label="Plain", interactive=False, buttons=[])

    page.goto(serve(demo))
    expect(page.get_by_role("img", name="Random noise")).to_be_visible()
    download = page.get_by_role("link", name="Download")
    expect(download).to_have_count(1)  # the second image has no buttons
    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename.endswith(".png")
    fullscreen = page.get_by_role("button", name="Fullscreen")
    expect(fullscreen).to_have_count(1)
    fullscreen.click()
    expect(page.get_by_role("button", name="Exit fullscreen")).to_have_attribute(
        "aria-pressed", "true")
    page.get_by_role("button", name="Exit fullscreen").click()
    expect(page.get_by_role("button", name="Fullscreen")).to_be_visible()
