"""Streaming the webcam with ``.stream``, in Chromium with its fake camera (a moving test
pattern): frames reach the function, its images show on the page, Stop and the time
limit end the stream."""

import numpy as np
from playwright.sync_api import expect
from testkit import fake_media_browser, media_patience  # noqa: F401 (fixtures)

import blocks as gr


def red_corner(frame):
    """The frame with its top-left 40x40 pixels painted red."""
    out = frame.copy()
    out[:40, :40] = (255, 0, 0)
    return out


def pixel(page, name, x, y):
    return page.get_by_role("img", name=name).evaluate(
        """async (shown, [x, y]) => { const img = new Image(); img.src = shown.src;
             await img.decode(); const c = document.createElement('canvas');
             c.width = img.naturalWidth; c.height = img.naturalHeight;
             const g = c.getContext('2d'); g.drawImage(img, 0, 0);
             return [...g.getImageData(x, y, 1, 1).data.slice(0, 3)]; }""", [x, y])


def test_webcam_frames_reach_the_function_and_its_images_show(serve, page):
    frames = []

    def paint(frame, mode):
        frames.append(frame.shape)
        return red_corner(frame), mode

    with gr.Blocks() as demo:
        camera = gr.Image(label="Camera", sources=["webcam"], streaming=True)
        mode = gr.Radio(["plain", "fancy"], value="plain", label="Mode")
        shown = gr.Image(label="Processed")
        seen = gr.Textbox(label="Seen mode")
        status = gr.Textbox(label="Status")
        camera.stream(paint, [camera, mode], [shown, seen], stream_every=0.2,
                      concurrency_limit=4) \
            .then(lambda: "stream ended", None, status)

    page.goto(serve(demo))
    start = page.get_by_role("button", name="Start streaming")
    expect(page.get_by_role("button", name="Capture")).to_be_hidden()
    start.click()
    expect(page.get_by_label("Webcam preview").first).to_be_visible()
    expect(page.get_by_role("img", name="Processed")).to_be_visible()
    page.wait_for_function("() => document.querySelector('img[alt=Processed]').naturalWidth")
    assert pixel(page, "Processed", 10, 10) == [255, 0, 0]  # the function's own image
    expect(page.get_by_label("Seen mode")).to_have_value("plain")
    page.get_by_label("fancy").check()  # inputs change while the stream goes on
    expect(page.get_by_label("Seen mode")).to_have_value("fancy")
    page.get_by_role("button", name="Stop streaming").click()
    expect(page.get_by_label("Status")).to_have_value("stream ended")
    expect(page.get_by_role("button", name="Start streaming")).to_be_visible()
    assert page.evaluate("() => document.querySelector('video').srcObject") is None
    assert len(frames) >= 2 and set(frames) == {(480, 640, 3)}


def test_the_time_limit_ends_the_stream_and_the_page_says_so(serve, page):
    count = []

    def flip(frame):
        count.append(1)
        return np.flipud(frame)

    with gr.Blocks() as demo:
        camera = gr.Image(label="Camera", sources=["webcam"])
        status = gr.Textbox(label="Status")
        # the Image is its stream's own output: the page shows what comes back
        camera.stream(flip, camera, camera, stream_every=0.2, time_limit=1) \
            .then(lambda: "stream ended", None, status)

    page.goto(serve(demo))
    page.get_by_role("button", name="Start streaming").click()
    expect(page.get_by_role("img", name="Camera")).to_be_visible()
    expect(page.get_by_label("Status")).to_have_value("stream ended")
    expect(page.get_by_role("alert")).to_have_text("The stream reached its time limit (1 s).")
    expect(page.get_by_role("button", name="Start streaming")).to_be_visible()
    assert page.evaluate("() => document.querySelector('video').srcObject") is None
    assert count  # frames were flipped, then the limit stopped the stream
