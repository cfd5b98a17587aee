"""Still pictures from the webcam, with Chromium's fake camera (a moving test pattern):
gr.Image and gr.ImageEditor take one, mirrored or not, and the function receives it."""


import pytest
from playwright.sync_api import expect
from testkit import fake_media_browser  # noqa: F401 (`browser`: a fake camera)

import blocks as gr


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(15_000)  # a camera takes a moment to start


def size_and_colour(image):
    height, width = image.shape[:2]
    return f"{width}x{height} {int(image.std() > 5)}"  # a real picture, not a flat frame


@pytest.mark.parametrize("mirror", [True, False])
def test_image_takes_a_still_picture(serve, page, mirror):
    with gr.Blocks() as demo:
        photo = gr.Image(label="Photo", sources=["webcam"], type="numpy",
                         webcam_options=gr.WebcamOptions(mirror=mirror))
        info = gr.Textbox(label="Info")
        photo.upload(size_and_colour, photo, info)

    page.goto(serve(demo))
    page.get_by_role("button", name="Webcam").click()
    preview = page.get_by_label("Webcam preview")
    expect(preview).to_be_visible()
    page.wait_for_function("() => { const v = document.querySelector('video');"
                           " return v && v.videoWidth > 0 && !v.paused; }")
    transform = preview.evaluate("v => v.style.transform")
    assert transform == ("scaleX(-1)" if mirror else "")
    page.get_by_role("button", name="Capture").click()
    expect(page.get_by_label("Info")).to_have_value("640x480 1")
    expect(page.get_by_role("img", name="Photo")).to_be_visible()
    expect(preview).to_be_hidden()
    # the camera is released once the picture is taken
    assert page.evaluate("() => document.querySelector('video').srcObject") is None


def test_mirrored_picture_is_the_preview_flipped(serve, page):
    """The same frame taken mirrored and plain: one is the other flipped left to right."""
    with gr.Blocks() as demo:
        gr.Image(label="Photo", sources=["webcam"])

    page.goto(serve(demo))
    page.get_by_role("button", name="Webcam").click()
    page.wait_for_function("() => { const v = document.querySelector('video');"
                           " return v && v.videoWidth > 0 && !v.paused; }")
    flipped = page.evaluate("""async () => {
        const { Webcam } = await import('./assets/blocks_image/webcam.js');
        const video = document.querySelector('video');
        video.pause();
        const read = (mirror) => {
          const c = new Webcam(video, { mirror }).frame();
          return c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        };
        const plain = read(false), mirrored = read(true);
        const w = video.videoWidth, h = video.videoHeight;
        let same = 0, total = 0;
        for (let y = 0; y < h; y += 7) for (let x = 0; x < w; x += 7) {
          const a = (y * w + x) * 4, b = (y * w + (w - 1 - x)) * 4;
          total += 1;
          if (Math.abs(plain[a] - mirrored[b]) < 3) same += 1;
        }
        return same / total;
    }""")
    assert flipped > 0.99


def test_editor_takes_its_background_from_the_webcam(serve, page):
    with gr.Blocks() as demo:
        editor = gr.ImageEditor(label="Editor", sources=["webcam"], type="numpy")
        info = gr.Textbox(label="Info")
        editor.upload(lambda v: size_and_colour(v["background"]), editor, info)

    page.goto(serve(demo))
    page.get_by_role("button", name="Webcam").click()
    page.wait_for_function("() => { const v = document.querySelector('video');"
                           " return v && v.videoWidth > 0 && !v.paused; }")
    page.get_by_role("button", name="Capture").click()
    expect(page.get_by_label("Info")).to_have_value("640x480 1")
    expect(page.get_by_role("img", name="Editor canvas")).to_have_js_property("width", 640)
