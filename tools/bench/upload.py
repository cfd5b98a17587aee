"""Uploading one large file over loopback, to Blocks and to Gradio 6, in one run.

Each framework serves the benchmarks' ``hello`` app in a process of its own
(``servers.AppServer``), with its temporary and upload folders in a throwaway
folder of this run. The client streams one multipart ``POST`` of ``SIZE``
bytes (generated on the fly, never held whole in memory) to ``/upload``
(Blocks) or ``/gradio_api/upload`` (Gradio), then checks the size of the file
the server says it saved. It reports:

- MB/s: the file's size over the time from the first byte sent to the answer
  read (``MB`` = 10**6 bytes);
- peak resident memory growth: the server's highest ``VmRSS`` (with its child
  processes), sampled every ``SAMPLE_S`` during the upload, minus its resident
  memory just before it.

Goal (issue 15): at least Gradio's speed, growth under 50 MB. Run it alone on a
quiet machine: on shared cores the MB/s figures move, their ratio less.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import gradio_env
from common import Row
from servers import AppServer

NAME = "upload"
SIZE = 1_000_000_000
CHUNK = 1 << 20
SAMPLE_S = 0.02
BOUNDARY = "blocksbenchboundary7d9a1c"
ROUTE = {"blocks": "/upload", "gradio": "/gradio_api/upload"}


def _body_parts(name: str) -> tuple[bytes, bytes]:
    head = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; "
            f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return head, tail


def _body(size: int, head: bytes, tail: bytes):
    yield head
    block = bytes(range(256)) * (CHUNK // 256)
    left = size
    while left > 0:
        piece = block if left >= CHUNK else block[:left]
        left -= len(piece)
        yield piece
    yield tail


class _Peak(threading.Thread):
    """Samples a server's resident memory until stopped; keeps the highest."""

    def __init__(self, server: AppServer):
        super().__init__(daemon=True)
        self.server = server
        self.peak = server.rss()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, self.server.rss())
            time.sleep(SAMPLE_S)


def upload(server: AppServer, framework: str, size: int) -> tuple[float, int]:
    """Seconds the upload took and the server's peak resident memory growth in bytes."""
    head, tail = _body_parts("big.bin")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    baseline = server.rss()
    sampler = _Peak(server)
    sampler.start()
    started = time.perf_counter()
    connection.request("POST", ROUTE[framework], body=_body(size, head, tail), headers={
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Content-Length": str(len(head) + size + len(tail))})
    response = connection.getresponse()
    answer = response.read()
    elapsed = time.perf_counter() - started
    sampler.done.set()
    sampler.join()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{framework} refused the upload ({response.status}): "
                           f"{answer[:300]!r}\n{server.output()}")
    saved = json.loads(answer)[0]
    path = saved["path"] if isinstance(saved, dict) else saved
    if os.path.getsize(path) != size:
        raise RuntimeError(f"{framework} saved {os.path.getsize(path)} bytes, not {size}")
    return elapsed, sampler.peak - baseline


def run(options) -> list[Row]:
    size = int(getattr(options, "upload_size", 0) or SIZE)
    frameworks = gradio_env.frameworks()
    rows: list[Row] = []
    speeds = {}
    growths = {}
    for framework, python in frameworks:
        scratch = Path(tempfile.mkdtemp(prefix=f"bench-upload-{framework}-"))
        folders = {"TMPDIR": str(scratch), "BLOCKS_TEMP_DIR": str(scratch / "blocks"),
                   "GRADIO_TEMP_DIR": str(scratch / "gradio")}
        try:
            with AppServer(python, framework, "hello", env=folders) as server:
                upload(server, framework, 1 << 20)  # warm the route up
                elapsed, growth = upload(server, framework, size)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        speeds[framework] = size / elapsed / 1e6
        growths[framework] = growth
        print(f"{framework}: {size / 1e6:,.0f} MB in {elapsed:.2f} s = "
              f"{speeds[framework]:.0f} MB/s; server's peak resident memory growth "
              f"{growth / 1e6:.1f} MB")
        rows.append(Row(NAME, f"{framework} upload of {size / 1e9:g} GB", speeds[framework],
                        "MB/s", "one multipart POST over loopback"))
        rows.append(Row(NAME, f"{framework} upload: peak RSS growth", growth / 1e6, "MB",
                        f"sampled every {SAMPLE_S * 1000:.0f} ms"))
    if "gradio" in speeds:
        speed_ratio = speeds["blocks"] / speeds["gradio"]
        print(f"Blocks uploads at {speed_ratio:.2f}x Gradio's speed; its memory grows "
              f"{growths['blocks'] / 1e6:.1f} MB against Gradio's {growths['gradio'] / 1e6:.1f}")
        rows.append(Row(NAME, "upload speed, Blocks / Gradio", speed_ratio, "x"))
        if growths["blocks"] > 0:
            rows.append(Row(NAME, "upload RSS growth, Gradio / Blocks",
                            growths["gradio"] / growths["blocks"], "x"))
    return rows
