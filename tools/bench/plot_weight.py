"""What a page with one LinePlot downloads, on Blocks and on Gradio 6, side by side.

The app is ``serve_app.py``'s ``lineplot`` (one ``gr.LinePlot`` of 25 rows), run from the
same source by both frameworks. Each page is loaded in a fresh Chromium context (empty
cache) until its chart is drawn and the network is idle; every HTTP response is counted
(the websocket is not), with its body as sent, split by kind (JS, CSS, the rest). Then the
time from navigation to the chart drawn is the median of ``REPEAT`` cold loads. Gradio
draws the chart with Vega, Vega-Lite and vega-embed, Blocks with uPlot (docs/plots.md).
"""

from __future__ import annotations

import os
import statistics
from collections import Counter

import gradio_env
from common import Row
from servers import AppServer

NAME = "plots"
REPEAT = 5
DRAWN = {
    "blocks": "() => !!document.querySelector('blocks-lineplot canvas')",
    "gradio": "() => !!document.querySelector('.vega-embed canvas, .vega-embed svg')",
}


def _kind(url: str, content_type: str) -> str:
    path = url.split("?")[0]
    if path.endswith((".js", ".mjs")) or "javascript" in content_type:
        return "js"
    if path.endswith(".css") or "text/css" in content_type:
        return "css"
    return "other"


def weigh(browser, url: str, drawn: str) -> tuple[Counter, Counter, float]:
    """Requests and body bytes by kind for one cold load, and ms until the chart is drawn."""
    context = browser.new_context()
    page = context.new_page()
    requests: Counter = Counter()
    sizes: Counter = Counter()

    def finished(request):
        response = request.response()
        if response is None:
            return
        size = len(response.body())
        kind = _kind(request.url, response.headers.get("content-type", ""))
        requests[kind] += 1
        sizes[kind] += size

    page.on("requestfinished", finished)
    page.goto(url)
    page.wait_for_function(drawn, polling=10, timeout=120_000)
    elapsed = page.evaluate("performance.now()")
    page.wait_for_load_state("networkidle")
    context.close()
    return requests, sizes, elapsed


def run(options) -> list[Row]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed here: skipping the plot page benchmark")
        return []
    chromium = os.environ.get("BLOCKS_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        print(f"no Chromium at {chromium}: skipping the plot page benchmark")
        return []
    import sys
    frameworks = [("blocks", sys.executable)]
    env = gradio_env.ensure()
    if env is not None:
        frameworks.append(("gradio", env.python))
    rows: list[Row] = []
    totals = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        for framework, python in frameworks:
            with AppServer(python, framework, "lineplot") as server:
                requests, sizes, _ = weigh(browser, server.url, DRAWN[framework])
                drawn = statistics.median(weigh(browser, server.url, DRAWN[framework])[2]
                                          for _ in range(REPEAT))
            total = sum(sizes.values())
            totals[framework] = total
            print(f"{framework}: {sum(requests.values())} requests, {total / 1024:.1f} KiB ("
                  + ", ".join(f"{kind} {requests[kind]} / {sizes[kind] / 1024:.1f} KiB"
                              for kind in ("js", "css", "other"))
                  + f"); chart drawn after {drawn:.0f} ms (median of {REPEAT} cold loads)")
            rows.append(Row(NAME, f"{framework} LinePlot page: requests",
                            sum(requests.values()), "requests", "cold load"))
            rows.append(Row(NAME, f"{framework} LinePlot page: downloaded", total / 1024, "KiB",
                            "response bodies, uncompressed"))
            rows.append(Row(NAME, f"{framework} LinePlot page: js", sizes["js"] / 1024, "KiB",
                            f"{requests['js']} requests"))
            rows.append(Row(NAME, f"{framework} LinePlot page: chart drawn", drawn, "ms",
                            f"median of {REPEAT} cold loads, loopback"))
        browser.close()
    if "gradio" in totals:
        ratio = totals["gradio"] / totals["blocks"]
        print(f"Gradio's LinePlot page downloads {ratio:.1f}x the bytes of Blocks'")
        rows.append(Row(NAME, "LinePlot page bytes, Gradio / Blocks", ratio, "x"))
    return rows
