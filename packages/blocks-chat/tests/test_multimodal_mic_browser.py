"""The microphone of gr.MultimodalTextbox (blocks-media installed), in Chromium with its
fake microphone (a beep): the recording becomes one of the message's files."""

import soundfile
from playwright.sync_api import expect
from testkit import fake_media_browser, media_patience  # noqa: F401 (fixtures)

import blocks as gr


def test_a_recording_is_attached_to_the_message(serve, page):
    got = []

    def receive(message):
        got.append(message)
        return f"{message['text']} + {len(message['files'])} file(s)"

    with gr.Blocks() as demo:
        box = gr.MultimodalTextbox(label="Message", sources=["microphone"])
        out = gr.Textbox(label="Out")
        box.submit(receive, box, out)

    page.goto(serve(demo))
    expect(page.get_by_role("button", name="Attach files")).to_be_hidden()  # no "upload"
    page.get_by_role("button", name="Record audio").click()
    stop = page.get_by_role("button", name="Stop recording")
    expect(stop).to_have_attribute("aria-pressed", "true")
    page.wait_for_timeout(800)  # let the fake microphone beep into the recording
    stop.click()
    expect(page.get_by_role("list", name="Attached files")).to_contain_text("recording.wav")
    page.get_by_label("Message").fill("listen")
    page.get_by_label("Message").press("Enter")
    expect(page.get_by_label("Out")).to_have_value("listen + 1 file(s)")
    (path,) = got[0]["files"]
    info = soundfile.info(path)
    assert path.endswith(".wav") and info.duration > 0.2
