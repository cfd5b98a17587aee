"""Fixtures of the blocks-media tests.

``serve``, ``browser`` and ``page`` come from the repository's root conftest.py
(``browser`` is narrowed here).
"""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
import soundfile

FAKE_DEVICES = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def browser(browser):
    """A Chromium per test module, with a fake microphone and camera and no gesture
    needed to play sound (the ``page`` fixture opens its pages in it)."""
    path = os.environ.get("BLOCKS_CHROMIUM") or "/usr/bin/chromium"
    if not os.path.exists(path):
        path = shutil.which("chromium")
    devices = browser.browser_type.launch(
        executable_path=path, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                    *FAKE_DEVICES])
    yield devices
    devices.close()


@pytest.fixture(autouse=True)
def temp_cache(tmp_path, monkeypatch):
    """Files the component writes go to this test's folder, not the system's."""
    folder = tmp_path / "blocks-cache"
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(folder))
    return folder


@pytest.fixture
def tone():
    """0.5 s of a 440 Hz tone, 16 kHz, int16 mono."""
    t = np.arange(8000) / 16000
    return 16000, (np.sin(2 * np.pi * 440 * t) * 12000).astype(np.int16)


@pytest.fixture
def wav_path(tmp_path, tone):
    path = tmp_path / "tone.wav"
    soundfile.write(path, tone[1], tone[0], subtype="PCM_16")
    return path


def make_clip(path, *, seconds: float = 1.0, fps: int = 10, size=(64, 48), shade: int = 0,
              codec: str = "libx264", sound: bool = True):
    """A small video made with PyAV: ``seconds`` of frames of one grey (``shade``) and,
    with ``sound``, a 440 Hz tone (AAC, or Opus in WebM). The container follows the
    suffix of ``path`` (.mp4, .ts, .webm, .mkv, .avi)."""
    av = pytest.importorskip("av")
    formats = {".mp4": "mp4", ".ts": "mpegts", ".webm": "webm", ".mkv": "matroska",
               ".avi": "avi"}
    width, height = size
    with av.open(str(path), "w", format=formats[path.suffix]) as container:
        video = container.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        if codec == "libx264":
            video.options = {"preset": "ultrafast"}
        audio = None
        if sound:
            audio = container.add_stream("libopus" if path.suffix == ".webm" else "aac",
                                         rate=48000)
            audio.layout = "mono"
        for _ in range(int(seconds * fps)):
            pixels = np.full((height, width, 3), shade, dtype=np.uint8)
            for packet in video.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                container.mux(packet)
        container.mux(video.encode(None))
        if audio is not None:
            t = np.arange(int(48000 * seconds)) / 48000
            samples = (np.sin(2 * np.pi * 440 * t) * 0.3).astype(np.float32).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(samples, format="fltp", layout="mono")
            frame.sample_rate, frame.pts = 48000, 0
            container.mux(audio.encode(frame))
            container.mux(audio.encode(None))
    return path


@pytest.fixture
def clips(tmp_path):
    """Make videos in this test's folder: ``clips("a.mp4", seconds=1, ...)``."""
    return lambda name, **options: make_clip(tmp_path / name, **options)
