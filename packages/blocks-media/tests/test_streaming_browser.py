"""Streaming outputs in Chromium: Audio(streaming=True) and Video(streaming=True) fed by
generators play while the generator still yields, and end as the whole stream.

Each generator yields its first chunk, then waits until the page's player has
started (its ``play`` event reaches the server) before it yields the rest: the
test passes only if playback starts before the generator finishes.
"""

from __future__ import annotations

import io
import re
import threading

import numpy as np
import pytest
import soundfile
from playwright.sync_api import expect

import blocks as gr

WAIT = 20  # seconds a generator waits for the page to start playing


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(20_000)


def gated(chunks):
    """A generator function that yields ``chunks[0]``, waits until the page plays it,
    then yields the rest; the listener of the output's ``play`` event that lets it go
    on; and the ``order`` in which these happened."""
    playing, order = threading.Event(), []

    def generate():
        yield chunks[0]
        order.append("first chunk sent")
        if not playing.wait(WAIT):
            raise gr.Error("the page did not start playing the first chunk")
        order.append("resumed")
        yield from chunks[1:]

    def started():
        order.append("playing")
        playing.set()

    return generate, started, order


def tone(seconds: float, rate: int = 16000, pitch: float = 440):
    t = np.arange(int(seconds * rate)) / rate
    return rate, (np.sin(2 * np.pi * pitch * t) * 8000).astype(np.int16)


def wav_bytes(sound) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, sound[1], sound[0], format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def test_streamed_audio_plays_before_the_generator_ends(serve, page, tmp_path,
                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    soundfile.write(tmp_path / "third.wav", tone(0.5, pitch=660)[1], 16000)
    # a (rate, samples) tuple, encoded bytes, a file path
    speak, started, order = gated([tone(0.5), wav_bytes(tone(0.5, pitch=550)), "third.wav"])

    with gr.Blocks() as demo:
        go = gr.Button("Speak")
        out = gr.Audio(label="Speech", streaming=True, autoplay=True)
        done = gr.Textbox(label="Done")
        go.click(speak, None, out).then(lambda: "yes", None, done)
        out.play(started, None, None)

    page.goto(serve(demo))
    page.get_by_role("button", name="Speak").click()
    expect(page.get_by_role("status").filter(has_text="Playing the stream")).to_be_visible()
    expect(page.get_by_role("button", name="Pause stream")).to_be_visible()
    expect(page.get_by_label("Done")).to_have_value("yes")
    assert order == ["first chunk sent", "playing", "resumed"]
    # every chunk arrived and played: 3 x 0.5 s
    expect(page.get_by_role("status").filter(has_text="Played the stream")) \
        .to_have_text("Played the stream (1.5 s)")
    # then the player holds the whole sound
    player = page.get_by_label("Speech player")
    expect(player).to_be_visible()
    page.wait_for_function("a => a.duration > 1.45 && a.duration < 1.55",
                           arg=player.element_handle())
    expect(page.get_by_role("link", name="Download")).to_be_visible()
    expect(page.get_by_role("button", name="Pause stream")).to_be_hidden()


def test_a_stream_without_autoplay_waits_for_play(serve, page):
    with gr.Blocks() as demo:
        go = gr.Button("Speak")
        out = gr.Audio(label="Speech", streaming=True)
        played = gr.Textbox(label="Played")
        go.click(lambda: (yield tone(0.3)), None, out)
        out.play(lambda: "yes", None, played)

    page.goto(serve(demo))
    page.get_by_role("button", name="Speak").click()
    expect(page.get_by_role("status").filter(has_text="Stream ready")).to_be_visible()
    expect(page.get_by_label("Played")).to_have_value("")
    page.get_by_role("button", name="Play stream").click()
    expect(page.get_by_label("Played")).to_have_value("yes")


def test_streamed_video_plays_before_the_generator_ends(serve, page, clips):
    segments = [clips("one.mp4", shade=40), clips("two.ts", shade=120),
                clips("three.mp4", shade=200)]
    film, started, order = gated([str(segment) for segment in segments])

    with gr.Blocks() as demo:
        go = gr.Button("Film")
        out = gr.Video(label="Film", streaming=True, autoplay=True)
        done = gr.Textbox(label="Done")
        go.click(film, None, out).then(lambda: "yes", None, done)
        out.play(started, None, None)

    page.goto(serve(demo))
    page.get_by_role("button", name="Film").click()
    video = page.get_by_label("Film player")
    expect(video).to_be_visible()
    # a frame is on screen while the generator still waits
    page.wait_for_function("""v => new Promise(resolve =>
        v.requestVideoFrameCallback(() => resolve(true)))""", arg=video.element_handle())
    expect(page.get_by_label("Done")).to_have_value("yes")
    assert order == ["first chunk sent", "playing", "resumed"]
    # the whole stream arrived: three one-second segments, then the end of the stream
    page.wait_for_function("""v => v.buffered.length && v.buffered.end(0) > 2.9 &&
                              v.duration < 3.2""", arg=video.element_handle())
    download = page.get_by_role("link", name="Download")
    expect(download).to_be_visible()
    expect(download).to_have_attribute("href", re.compile(r"\.mp4"))
    expect(download).to_have_attribute("download", "video-stream.mp4")
