"""Fixtures of the blocks-media tests.

``serve`` and ``page`` come from the repository's root conftest.py; ``temp_cache``
(autouse) and this folder's ``browser`` (a fake camera and microphone) from its testkit.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

# `browser`: a Chromium with a fake camera and microphone, for every module here
from testkit import fake_media_browser, temp_cache  # noqa: F401 (fixtures)


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


# -- 3D models: a unit cube in each format Model3D draws --------------------------------------
CUBE_VERTICES = [(x, y, z) for x in (0.0, 1.0) for y in (0.0, 1.0) for z in (0.0, 1.0)]
CUBE_FACES = [(0, 2, 3), (0, 3, 1), (4, 5, 7), (4, 7, 6), (0, 1, 5), (0, 5, 4),
              (2, 6, 7), (2, 7, 3), (0, 4, 6), (0, 6, 2), (1, 3, 7), (1, 7, 5)]


def cube_obj() -> bytes:
    lines = [f"v {x} {y} {z}" for x, y, z in CUBE_VERTICES]
    lines += [f"f {a + 1} {b + 1} {c + 1}" for a, b, c in CUBE_FACES]
    return ("\n".join(lines) + "\n").encode()


def cube_glb() -> bytes:
    """The cube as binary glTF 2.0: one mesh, float positions, 16-bit indices."""
    import json
    import struct
    positions = b"".join(struct.pack("<3f", *vertex) for vertex in CUBE_VERTICES)
    indices = b"".join(struct.pack("<3H", *face) for face in CUBE_FACES)
    binary = positions + indices + b"\0" * (-len(positions + indices) % 4)
    document = {
        "asset": {"version": "2.0"}, "scene": 0, "scenes": [{"nodes": [0]}],
        "nodes": [{"mesh": 0}],
        "meshes": [{"primitives": [{"attributes": {"POSITION": 0}, "indices": 1}]}],
        "buffers": [{"byteLength": len(binary)}],
        "bufferViews": [{"buffer": 0, "byteOffset": 0, "byteLength": len(positions)},
                        {"buffer": 0, "byteOffset": len(positions),
                         "byteLength": len(indices)}],
        "accessors": [{"bufferView": 0, "componentType": 5126, "count": 8, "type": "VEC3",
                       "min": [0, 0, 0], "max": [1, 1, 1]},
                      {"bufferView": 1, "componentType": 5123, "count": 36,
                       "type": "SCALAR"}],
    }
    text = json.dumps(document).encode()
    text += b" " * (-len(text) % 4)
    chunks = struct.pack("<I4s", len(text), b"JSON") + text + \
        struct.pack("<I4s", len(binary), b"BIN\0") + binary
    return struct.pack("<4sII", b"glTF", 2, 12 + len(chunks)) + chunks


def cube_stl() -> bytes:
    lines = ["solid cube"]
    for face in CUBE_FACES:
        lines.append("facet normal 0 0 0\nouter loop")
        lines += [f"vertex {x} {y} {z}" for x, y, z in (CUBE_VERTICES[i] for i in face)]
        lines.append("endloop\nendfacet")
    lines.append("endsolid cube")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def models(tmp_path):
    """The cube as cube.obj, cube.glb and cube.stl in this test's folder: name -> path."""
    found = {}
    for name, data in (("cube.obj", cube_obj()), ("cube.glb", cube_glb()),
                       ("cube.stl", cube_stl())):
        path = tmp_path / name
        path.write_bytes(data)
        found[name] = path
    return found


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
