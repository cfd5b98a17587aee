"""The streaming media apps of the ``media`` benchmark, the same source for both frameworks.

``audio_stream`` yields one-second WAV files to ``gr.Audio(streaming=True,
autoplay=True)``; ``video_stream`` yields one-second H.264 MPEG-TS segments (the
format Gradio's guide asks for) to ``gr.Video(streaming=True, autoplay=True)``.
One chunk per second, as a live source would; the generator writes the time of
its first ``yield`` to ``$BENCH_MEDIA_MARK``. The chunks are files in
``$BENCH_MEDIA_DIR``, made once by :func:`write_chunks` (PyAV, in the benchmark's
own environment: neither server makes them).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

CHUNKS = 5
SECONDS = 1.0


def build_media(gr, app: str):
    folder = Path(os.environ["BENCH_MEDIA_DIR"])
    mark = Path(os.environ["BENCH_MEDIA_MARK"])
    audio = app == "audio_stream"
    chunks = sorted(folder.glob("audio-*.wav" if audio else "video-*.ts"))

    def stream():
        for index, chunk in enumerate(chunks):
            if index == 0:
                mark.write_text(repr(time.time()))
            yield str(chunk)
            time.sleep(SECONDS)

    with gr.Blocks() as demo:
        out = gr.Audio(label="Stream", streaming=True, autoplay=True) if audio else \
            gr.Video(label="Stream", streaming=True, autoplay=True)
        gr.Button("Play").click(stream, None, out)
    return demo


def write_chunks(folder: Path) -> None:
    """``CHUNKS`` WAV files and ``CHUNKS`` MPEG-TS segments of ``SECONDS`` each."""
    import av
    import numpy as np
    rate = 44100
    for index in range(CHUNKS):
        t = (np.arange(int(rate * SECONDS)) + index * rate) / rate
        sound = (np.sin(2 * np.pi * 440 * t) * 0.3).astype(np.float32).reshape(1, -1)
        with av.open(str(folder / f"audio-{index}.wav"), "w", format="wav") as container:
            stream = container.add_stream("pcm_s16le", rate=rate)
            stream.layout = "mono"
            frame = av.AudioFrame.from_ndarray(sound, format="fltp", layout="mono")
            frame.sample_rate, frame.pts = rate, 0
            container.mux(stream.encode(frame))
            container.mux(stream.encode(None))
        with av.open(str(folder / f"video-{index}.ts"), "w", format="mpegts") as container:
            video = container.add_stream("libx264", rate=25)
            video.width, video.height, video.pix_fmt = 320, 240, "yuv420p"
            video.options = {"preset": "ultrafast"}
            for step in range(int(25 * SECONDS)):
                pixels = np.full((240, 320, 3), (index * 40 + step * 4) % 256, dtype=np.uint8)
                frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
                container.mux(video.encode(frame))
            container.mux(video.encode(None))
