"""What a page with media components downloads, on Blocks and on Gradio 6, side by side.

Two apps of ``serve_app.py``, run from the same source by both frameworks:
``media`` (one ``gr.Audio`` and one ``gr.Video``) and ``model3d`` (one ``gr.Model3D``
showing a small OBJ cube). Each page is loaded in a fresh Chromium context (empty cache)
until its components are built (and the model drawn) and the network is idle; every
HTTP response is counted (the websocket is not), with its body as sent, split by kind
(JS, CSS, the rest). For Blocks the bytes of blocks-media's own files are given apart,
and the ``hello`` (greet) page is loaded too: it must download nothing of blocks-media
(the page-weight rule of DESIGN.md section 8). Gradio's pages have no ready marker that
both share, so "built" is: the Audio and Video labels are on the page, or the Model3D's
canvas is, and no new resource started for ``SETTLE_MS`` (Gradio's Model3D imports
Babylon.js as a chain of modules after its canvas exists). On a loaded machine that
chain can pause longer than ``SETTLE_MS``: Gradio's figures are then a lower bound.
"""

from __future__ import annotations

import sys

import gradio_env
from common import Row, chromium
from page_weight import weigh
from servers import AppServer

NAME = "media"
MEDIA_STATIC = "blocks_media/"  # the URL folder of blocks-media's static files
# True once no new resource has started for SETTLE_MS (Gradio's Model3D imports
# Babylon.js in a chain of ~150 modules after its canvas exists).
SETTLE_MS = 3000
SETTLED = ("(() => { const n = performance.getEntriesByType('resource').length; "
           "const now = performance.now(); if (window.__benchCount !== n) { "
           "window.__benchCount = n; window.__benchSince = now; return false; } "
           f"return now - window.__benchSince > {SETTLE_MS}; }})()")
READY = {
    ("blocks", "media"): "() => !!document.querySelector('blocks-audio label') && "
                         "!!document.querySelector('blocks-video label')",
    ("blocks", "model3d"): "() => /Showing/.test(document.querySelector('blocks-model3d')"
                           "?.textContent || '')",
    ("gradio", "media"): "() => document.body.innerText.includes('Sound') && "
                         f"document.body.innerText.includes('Film') && {SETTLED}",
    ("gradio", "model3d"): f"() => !!document.querySelector('canvas') && {SETTLED}",
    ("blocks", "hello"): "() => window.blocksApp && window.blocksApp.sessionHash",
}
LABELS = {"media": "Audio + Video page", "model3d": "Model3D page", "hello": "greet page"}


def _media_bytes(names: list[str], sizes_by_name: dict[str, int]) -> tuple[int, int]:
    found = [name for name in names if MEDIA_STATIC in name]
    return len(found), sum(sizes_by_name.get(name, 0) for name in found)


def run(options) -> list[Row]:
    rows: list[Row] = []
    totals: dict = {}
    with chromium("media page") as browser:
        if browser is None:
            return []
        frameworks = gradio_env.frameworks()
        runs = [(framework, python, app) for framework, python in frameworks
                for app in ("media", "model3d")] + [("blocks", sys.executable, "hello")]
        for framework, python, app in runs:
            with AppServer(python, framework, app) as server:
                requests, sizes, _, names, by_name = weigh(browser, server.url,
                                                           READY[(framework, app)], by_name=True)
            total = sum(sizes.values())
            totals[(framework, app)] = (sum(requests.values()), total)
            label = f"{framework} {LABELS[app]}"
            media_count, media_size = _media_bytes(names, by_name)
            line = (f"{label}: {sum(requests.values())} requests, {total / 1024:.1f} KiB ("
                    + ", ".join(f"{kind} {requests[kind]} / {sizes[kind] / 1024:.1f} KiB"
                                for kind in ("js", "css", "other")) + ")")
            if framework == "blocks":
                line += f"; of blocks-media: {media_count} files, {media_size / 1024:.1f} KiB"
            print(line)
            if getattr(options, "verbose", False):
                for name in names:
                    print(f"    {name}")
            rows.append(Row(NAME, f"{label}: requests", sum(requests.values()), "requests",
                            "cold load"))
            rows.append(Row(NAME, f"{label}: downloaded", total / 1024, "KiB",
                            "response bodies, uncompressed"))
            if framework == "blocks":
                rows.append(Row(NAME, f"{label}: blocks-media files", media_size / 1024, "KiB",
                                f"{media_count} files"))
    for app in ("media", "model3d"):
        if ("gradio", app) in totals:
            blocks_requests, blocks_bytes = totals[("blocks", app)]
            gradio_requests, gradio_bytes = totals[("gradio", app)]
            ratio = gradio_bytes / blocks_bytes
            print(f"{LABELS[app]}: Gradio downloads {ratio:.1f}x the bytes of Blocks "
                  f"({gradio_requests} requests against {blocks_requests})")
            rows.append(Row(NAME, f"{LABELS[app]} bytes, Gradio / Blocks", ratio, "x"))
    return rows
