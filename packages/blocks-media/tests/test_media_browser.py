"""gr.Audio and gr.Video in Chromium: upload and play, record from Chromium's fake
microphone and camera, autoplay and loop, and the player's events."""

from __future__ import annotations

import re

import numpy as np
import pytest
import soundfile
from playwright.sync_api import expect

import blocks as gr


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(20_000)


def describe(sound):
    rate, samples = sound
    return f"{rate} {samples.dtype} {len(samples) / rate:.1f}s"


def test_audio_upload_plays_and_reaches_the_function(serve, page, wav_path):
    with gr.Blocks() as demo:
        sound = gr.Audio(label="Voice", sources=["upload"])
        info = gr.Textbox(label="Info")
        sound.upload(describe, sound, info)
        echo = gr.Audio(label="Echo", loop=True, interactive=False)
        sound.change(lambda s: s, sound, echo)

    page.goto(serve(demo))
    expect(page.get_by_role("button", name="Record from microphone")).to_have_count(0)
    page.get_by_label("Voice", exact=True).set_input_files(str(wav_path))
    expect(page.get_by_label("Info")).to_have_value("16000 int16 0.5s")
    player = page.get_by_label("Voice player")  # the browser's own player
    expect(page.get_by_role("button", name="Clear")).to_be_visible()
    echo_player = page.get_by_label("Echo player")
    expect(echo_player).to_be_visible()
    assert echo_player.evaluate("a => a.loop") is True
    assert player.evaluate("a => a.controls") is True
    expect(page.get_by_role("link", name="Download").first).to_be_visible()
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_text("Drop a sound here, or click to upload")).to_be_visible()


def test_audio_output_autoplays_and_reports_play(serve, page, tone):
    with gr.Blocks() as demo:
        go = gr.Button("Make a tone")
        out = gr.Audio(label="Tone", autoplay=True)
        played = gr.Textbox(label="Played")
        go.click(lambda: tone, None, out)
        out.play(lambda: "playing", None, played)

    page.goto(serve(demo))
    page.get_by_role("button", name="Make a tone").click()
    expect(page.get_by_label("Played")).to_have_value("playing")


def test_microphone_recording_reaches_the_function_as_wav(serve, page):
    events = []
    with gr.Blocks() as demo:
        mic = gr.Audio(label="Microphone", sources=["microphone"], type="filepath")
        info = gr.Textbox(label="Info")

        def describe_file(path):
            data, rate = soundfile.read(path, dtype="int16")
            return f"{path.rsplit('.', 1)[-1]} {rate} {int(np.abs(data).max() > 0)}"

        mic.stop_recording(lambda: events.append("stop") or None, None, None)
        mic.change(describe_file, mic, info)
        mic.start_recording(lambda: events.append("start") or None, None, None)

    page.goto(serve(demo))
    expect(page.get_by_label("Microphone", exact=True)).to_have_count(0)  # no file input
    page.get_by_role("button", name="Record from microphone").click()
    expect(page.get_by_role("status")).to_have_text("Recording")
    expect(page.get_by_role("button", name="Pause recording")).to_be_visible()
    expect(page.locator("canvas")).to_be_visible()  # the microphone's live waveform
    page.wait_for_timeout(1200)  # let the fake microphone's beeps fill the recording
    page.get_by_role("button", name="Stop recording").click()
    # the page's AudioContext rate (44.1 or 48 kHz), a real sound (the fake beeps)
    expect(page.get_by_label("Info")).to_have_value(re.compile(r"^wav (44100|48000) 1$"))
    assert events[:1] == ["start"] and "stop" in events
    expect(page.get_by_role("button", name="Record from microphone")).to_be_visible()


def test_video_upload_plays_with_loop(serve, page, tmp_path):
    clip = _webm_clip(tmp_path)
    with gr.Blocks() as demo:
        film = gr.Video(label="Film", sources=["upload"], loop=True)
        info = gr.Textbox(label="Info")
        film.upload(lambda p: p.rsplit(".", 1)[-1], film, info)

    page.goto(serve(demo))
    page.get_by_label("Film", exact=True).set_input_files(str(clip))
    expect(page.get_by_label("Info")).to_have_value("webm")
    video = page.get_by_label("Film player")
    expect(video).to_be_visible()
    page.wait_for_function("() => document.querySelector('video').readyState > 0")
    assert video.evaluate("v => v.loop && v.controls && v.videoWidth") == 64


def test_webcam_recording_reaches_the_function(serve, page):
    with gr.Blocks() as demo:
        cam = gr.Video(label="Camera", sources=["webcam"], include_audio=False)
        info = gr.Textbox(label="Info")
        cam.change(lambda p: p.rsplit(".", 1)[-1], cam, info)

    page.goto(serve(demo))
    page.get_by_role("button", name="Record from webcam").click()
    preview = page.get_by_label("Webcam preview")
    expect(preview).to_be_visible()
    page.wait_for_function("v => v.videoWidth > 0", arg=preview.element_handle())
    assert preview.evaluate("v => v.style.transform") == "scaleX(-1)"  # mirrored
    page.wait_for_timeout(800)
    page.get_by_role("button", name="Stop recording").click()
    expect(page.get_by_label("Info")).to_have_value("webm")
    expect(preview).to_be_hidden()


def test_pages_without_media_load_none_of_its_modules(serve, page):
    with gr.Blocks() as demo:
        gr.Textbox(label="Name")
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(serve(demo))
    expect(page.get_by_label("Name")).to_be_visible()
    assert not [url for url in loaded if "blocks_media" in url]


def _webm_clip(tmp_path):
    """Ten frames of a 64x48 VP8 video, made with PyAV."""
    av = pytest.importorskip("av")
    path = tmp_path / "clip.webm"
    with av.open(str(path), "w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(10):
            pixels = np.full((48, 64, 3), i * 20, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def test_recording_starts_on_load_and_pauses(serve, page):
    with gr.Blocks() as demo:
        mic = gr.Audio(label="Dictation", sources=["microphone"], recording=True,
                       waveform_options=gr.WaveformOptions(show_recording_waveform=False))
        paused = gr.Number(label="Pauses", value=0)
        mic.pause_recording(lambda n: n + 1, paused, paused)

    page.goto(serve(demo))
    # the recorder's status line (an event's progress is a status too, while it runs)
    expect(page.get_by_role("status").filter(has_text=re.compile(r"^Recording$"))).to_be_visible()
    page.get_by_role("button", name="Pause recording").click()
    expect(page.locator("canvas")).to_be_hidden()  # show_recording_waveform=False
    expect(page.get_by_role("button", name="Resume recording")).to_have_attribute(
        "aria-pressed", "true")
    expect(page.get_by_role("status").filter(has_text="Recording paused")).to_be_visible()
    expect(page.get_by_label("Pauses")).to_have_value("1")
    page.get_by_role("button", name="Resume recording").click()
    page.get_by_role("button", name="Stop recording").click()
    expect(page.get_by_label("Dictation player")).to_be_visible()


def test_srt_subtitles_show_as_captions_of_a_converted_video(serve, page, clips, tmp_path,
                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)
    clips("old.avi", codec="mpeg4", sound=False, seconds=2)  # browsers cannot play it
    (tmp_path / "talk.srt").write_text("1\n00:00:00,000 --> 00:00:01,500\nHello there\n")
    with gr.Blocks() as demo:
        go = gr.Button("Show")
        film = gr.Video(label="Talk", subtitles="talk.srt")
        go.click(lambda: "old.avi", None, film)

    page.goto(serve(demo))
    page.get_by_role("button", name="Show").click()
    video = page.get_by_label("Talk player")
    expect(video).to_be_visible()
    page.wait_for_function("v => v.readyState > 0 && v.videoWidth === 64",
                           arg=video.element_handle())
    cues = page.wait_for_function("""v => {
        const track = v.textTracks[0];
        return track && track.cues && track.cues.length && track.cues[0].text;
    }""", arg=video.element_handle())
    assert cues.json_value() == "Hello there"
    source = video.evaluate("v => v.currentSrc")
    assert ".mp4" in source
    track = video.evaluate("v => v.querySelector('track').src")
    response = page.request.get(track)
    assert response.headers["content-type"].startswith("text/vtt")
    assert response.text().startswith("WEBVTT")


def test_waveform_is_drawn_and_trimming_makes_the_value(serve, page, tmp_path):
    t = np.arange(16000) / 16000  # one second at 16 kHz
    path = tmp_path / "second.wav"
    soundfile.write(path, (np.sin(2 * np.pi * 220 * t) * 9000).astype(np.int16), 16000)
    options = gr.WaveformOptions(waveform_color="#ff0000", trim_region_color="#0000ff",
                                 sample_rate=16000)
    with gr.Blocks() as demo:
        sound = gr.Audio(label="Clip", sources=["upload"], waveform_options=options)
        info = gr.Textbox(label="Info")
        sound.change(describe, sound, info)
        gr.Audio(label="Shown", interactive=False, value=str(path), editable=True)

    page.goto(serve(demo))
    page.get_by_label("Clip", exact=True).set_input_files(str(path))
    expect(page.get_by_label("Info")).to_have_value("16000 int16 1.0s")
    trim = page.get_by_role("button", name="Trim audio")
    expect(trim).to_be_visible()
    canvas = page.get_by_label("Clip player").locator("xpath=preceding-sibling::div//canvas")
    red = """c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                    let n = 0; for (let i = 0; i < d.length; i += 4)
                      if (d[i] > 200 && d[i + 1] < 60 && d[i + 2] < 60) n++; return n; }"""
    assert canvas.evaluate(red) > 100  # drawn in waveform_color
    trim.click()
    expect(trim).to_have_attribute("aria-pressed", "true")
    start = page.get_by_role("slider", name="Trim start")
    end = page.get_by_role("slider", name="Trim end")
    expect(start).to_have_attribute("aria-valuetext", "0.0 s")
    expect(end).to_have_attribute("aria-valuetext", "1.0 s")
    start.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    end.focus()
    page.keyboard.press("End")
    page.keyboard.press("Shift+ArrowLeft")  # 1 s back: stops 0.1 s after the start
    expect(end).to_have_attribute("aria-valuetext", "0.4 s")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(start).to_have_attribute("aria-valuetext", "0.3 s")
    expect(end).to_have_attribute("aria-valuetext", "0.6 s")
    blue = red.replace("d[i] > 200 && d[i + 1] < 60 && d[i + 2] < 60",
                       "d[i] < 60 && d[i + 1] < 60 && d[i + 2] > 200")
    assert canvas.evaluate(blue) > 100  # the region, in trim_region_color
    page.get_by_role("button", name="Trim", exact=True).click()
    expect(page.get_by_label("Info")).to_have_value("16000 int16 0.3s")
    expect(page.get_by_role("slider", name="Trim start")).to_have_count(0)
    # an output is not trimmed by the user
    expect(page.get_by_role("button", name="Trim audio")).to_have_count(1)
