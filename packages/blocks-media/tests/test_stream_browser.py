"""Streaming the microphone with ``.stream``, in Chromium with its fake microphone (a
beep): WAV chunks reach the function in order, with State; Stop ends the stream."""

import re

from playwright.sync_api import expect
from testkit import fake_media_browser, media_patience  # noqa: F401 (fixtures)

import blocks as gr


def test_microphone_chunks_reach_the_function_in_order(serve, page):
    chunks = []

    def listen(sound, total):
        rate, samples = sound
        chunks.append((rate, samples.dtype.name, samples.ndim, len(samples),
                       int(abs(samples).max())))
        total = (total or 0) + len(samples)
        return f"{len(chunks)} chunks", total

    with gr.Blocks() as demo:
        mic = gr.Audio(label="Voice", sources=["microphone"])
        heard = gr.Textbox(label="Heard")
        total = gr.State()
        status = gr.Textbox(label="Status")
        mic.stream(listen, [mic, total], [heard, total], stream_every=0.25) \
            .then(lambda n: f"stream ended after {n} samples", total, status)

    page.goto(serve(demo))
    expect(page.get_by_role("button", name="Record from microphone")).to_be_hidden()
    page.get_by_role("button", name="Start streaming").click()
    expect(page.get_by_role("status")).to_have_text("Streaming")
    expect(page.get_by_label("Heard")).to_have_value("3 chunks")
    page.get_by_role("button", name="Stop streaming").click()
    expect(page.get_by_label("Status")).to_have_value(re.compile("stream ended after"))
    expect(page.get_by_role("button", name="Start streaming")).to_be_visible()
    samples = int(page.get_by_label("Status").input_value().split()[3])
    assert samples == sum(length for *_, length, _ in chunks)  # State saw every chunk
    rates = {rate for rate, *_ in chunks}
    assert len(rates) == 1 and rates.pop() >= 8000
    assert {(dtype, ndim) for _, dtype, ndim, _, _ in chunks} == {("int16", 1)}
    assert all(length > 0 for *_, length, _ in chunks)
    assert max(peak for *_, peak in chunks) > 100  # the fake microphone's beep, not silence


def test_the_time_limit_ends_a_microphone_stream(serve, page):
    with gr.Blocks() as demo:
        mic = gr.Audio(label="Voice", sources=["microphone"], type="filepath")
        heard = gr.Textbox(label="Heard")
        mic.stream(lambda path: path.rsplit(".", 1)[-1], mic, heard, stream_every=0.2,
                   time_limit=1)

    page.goto(serve(demo))
    page.get_by_role("button", name="Start streaming").click()
    expect(page.get_by_label("Heard")).to_have_value("wav")
    expect(page.get_by_text("The stream reached its time limit (1 s).")).to_have_role("status")
    expect(page.get_by_role("button", name="Start streaming")).to_be_visible()


def test_webcam_clips_reach_the_function_of_a_video_stream(serve, page):
    clips = []

    def look(path):
        with open(path, "rb") as clip:
            head = clip.read(4)
        clips.append((path.rsplit(".", 1)[-1], head))
        return f"{len(clips)} clips"

    with gr.Blocks() as demo:
        camera = gr.Video(label="Camera", sources=["webcam"], include_audio=False)
        seen = gr.Textbox(label="Seen")
        status = gr.Textbox(label="Status")
        camera.stream(look, camera, seen, stream_every=0.3) \
            .then(lambda: "stream ended", None, status)

    page.goto(serve(demo))
    page.get_by_role("button", name="Start streaming").click()
    expect(page.get_by_label("Webcam preview")).to_be_visible()
    expect(page.get_by_label("Seen")).to_have_value("2 clips")
    page.get_by_role("button", name="Stop streaming").click()
    expect(page.get_by_label("Status")).to_have_value("stream ended")
    # every clip is a whole file: WebM's EBML header opens each one
    assert {(kind, head) for kind, head in clips} == {("webm", b"\x1aE\xdf\xa3")}
