"""Streaming media outputs: from a generator's first yield to sound or picture in Chromium.

``serve_app.py audio_stream`` / ``video_stream`` (the same source for Blocks and
Gradio, see :mod:`media_apps`) stream ``CHUNKS`` one-second chunks, one per second
as a live source would: WAV files to ``gr.Audio(streaming=True, autoplay=True)``,
H.264 MPEG-TS segments (Gradio's streaming format) to ``gr.Video(streaming=True,
autoplay=True)``. The chunks are made once with PyAV.

The page is opened in Chromium (no gesture needed to play), the button clicked,
and the delay measured from the generator's first ``yield`` (it writes the time to
a file) to:

- sound: the start time of the first Web Audio buffer (Blocks schedules chunks
  with Web Audio) or the first ``playing`` event of an ``<audio>`` (Gradio plays
  an HLS playlist in one);
- picture: the first frame ``requestVideoFrameCallback`` reports painted.

Both clocks are this machine's. Median of ``REPEAT`` runs, each a fresh page, after
one run not counted (the server's and Chromium's first media work). The
machine is shared: figures move with its load; compare the ratio of one run.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import gradio_env
from common import Row, chromium, heading, table
from servers import AppServer

NAME = "media_stream"
REPEAT = 5
TIMEOUT_MS = 60_000

# Records, in the page, when sound or picture first comes out (ms since the epoch).
PROBE = """
(() => {
  window.__firstSound = null;
  window.__firstFrame = null;
  const now = () => performance.timeOrigin + performance.now();
  const start = AudioBufferSourceNode.prototype.start;
  AudioBufferSourceNode.prototype.start = function (when = 0, ...rest) {
    const context = this.context;
    const ahead = Math.max(0, when - context.currentTime) * 1000;
    if (window.__firstSound === null) window.__firstSound = now() + ahead;
    return start.call(this, when, ...rest);
  };
  document.addEventListener("playing", (event) => {
    const media = event.target;
    if (media instanceof HTMLAudioElement && window.__firstSound === null) {
      window.__firstSound = now();
    }
    if (media instanceof HTMLVideoElement && window.__firstFrame === null &&
        media.requestVideoFrameCallback) {
      media.requestVideoFrameCallback(() => {
        if (window.__firstFrame === null) window.__firstFrame = now();
      });
    }
  }, true);
})();
"""


def make_chunks(folder: Path) -> None:
    from media_apps import write_chunks
    write_chunks(folder)


def one_run(browser, url: str, mark: Path, kind: str) -> float:
    mark.unlink(missing_ok=True)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(url)
        button = page.get_by_role("button", name="Play")
        button.wait_for(timeout=TIMEOUT_MS)
        page.wait_for_timeout(300)  # the page connects its queue
        button.click()
        probe = "__firstSound" if kind == "audio" else "__firstFrame"
        page.wait_for_function(f"() => window.{probe} !== null", timeout=TIMEOUT_MS,
                               polling=5)
        shown = page.evaluate(f"window.{probe}")
        deadline = time.monotonic() + 10
        while not mark.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        first_yield = float(mark.read_text()) * 1000
        return shown - first_yield
    finally:
        context.close()


def measure(python, framework: str, folder: Path, browser) -> dict:
    figures = {}
    for kind in ("audio", "video"):
        mark = folder / f"{framework}-{kind}.mark"
        os.environ["BENCH_MEDIA_DIR"] = str(folder)
        os.environ["BENCH_MEDIA_MARK"] = str(mark)
        delays = []
        try:
            with AppServer(python, framework, f"{kind}_stream") as server:
                one_run(browser, server.url, mark, kind)  # warm-up: not counted
                for _ in range(REPEAT):
                    delays.append(one_run(browser, server.url, mark, kind))
        except Exception as error:  # reported: the other figures go on
            print(f"{framework} {kind}: failed: {str(error).splitlines()[0][:300]}")
            figures[kind] = None
            continue
        figures[kind] = statistics.median(delays)
        print(f"{framework:7} {kind}: first yield -> "
              f"{'sound' if kind == 'audio' else 'first frame'} "
              f"{figures[kind]:.0f} ms (median of {REPEAT}: "
              + ", ".join(f"{d:.0f}" for d in delays) + ")", flush=True)
    return figures


def run(options) -> list[Row]:
    heading("streaming media outputs: first yield -> sound / first frame in Chromium")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="blocks-bench-media-") as name, \
            chromium("media streaming") as browser:
        if browser is None:
            return []
        folder = Path(name)
        make_chunks(folder)
        blocks, gradio = gradio_env.beside_gradio(
            lambda python, framework: measure(python, framework, folder, browser))
    lines = []
    for kind, label in (("audio", "first yield -> sound"),
                        ("video", "first yield -> first frame")):
        ours = blocks.get(kind)
        theirs = gradio.get(kind) if gradio else None
        if ours is not None:
            rows.append(Row(NAME, f"blocks {kind}: {label}", ours, "ms",
                            f"median of {REPEAT}"))
        if theirs is not None:
            rows.append(Row(NAME, f"gradio {kind}: {label}", theirs, "ms",
                            f"median of {REPEAT}"))
        ratio = theirs / ours if ours and theirs else None
        if ratio:
            rows.append(Row(NAME, f"{kind}: blocks sooner by", ratio, "x", "gradio/blocks"))
        lines.append([f"{kind}: {label}", f"{ours:.0f} ms" if ours is not None else "-",
                      f"{theirs:.0f} ms" if theirs is not None else "-",
                      f"{ratio:.1f}x" if ratio else "-"])
    heading("streaming media: Blocks and Gradio side by side (ratio: how many times sooner "
            "Blocks is)")
    print(table(["measure", "Blocks", "Gradio", "ratio"], lines, "lrrr"))
    return rows

