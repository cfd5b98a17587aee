"""What a page with one LinePlot downloads, on Blocks and on Gradio 6, side by side.

The app is ``serve_app.py``'s ``lineplot`` (one ``gr.LinePlot`` of 25 rows), run from the
same source by both frameworks. Each page is loaded in a fresh Chromium context (empty
cache) until its chart is drawn and the network is idle; every HTTP response is counted
(the websocket is not), with its body as sent, split by kind (JS, CSS, the rest). Then the
time from navigation to the chart drawn is the median of ``REPEAT`` cold loads. Gradio
draws the chart with Vega, Vega-Lite and vega-embed, Blocks with uPlot (docs/plots.md).
"""

from __future__ import annotations

import statistics

import gradio_env
from common import Row, chromium
from page_weight import weigh
from servers import AppServer

NAME = "plots"
REPEAT = 5
DRAWN = {
    "blocks": "() => !!document.querySelector('blocks-lineplot canvas')",
    "gradio": "() => !!document.querySelector('.vega-embed canvas, .vega-embed svg')",
}


def drawn_time(browser, url: str, drawn: str) -> float:
    """Milliseconds from navigation until the chart is drawn, in a fresh context."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(drawn, polling=10, timeout=120_000)
    elapsed = page.evaluate("performance.now()")
    context.close()
    return elapsed


def run(options) -> list[Row]:
    rows: list[Row] = []
    totals = {}
    with chromium("plot page") as browser:
        if browser is None:
            return []
        frameworks = gradio_env.frameworks()
        for framework, python in frameworks:
            with AppServer(python, framework, "lineplot") as server:
                requests, sizes, _, _ = weigh(browser, server.url, DRAWN[framework])
                drawn = statistics.median(drawn_time(browser, server.url, DRAWN[framework])
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
    if "gradio" in totals:
        ratio = totals["gradio"] / totals["blocks"]
        print(f"Gradio's LinePlot page downloads {ratio:.1f}x the bytes of Blocks'")
        rows.append(Row(NAME, "LinePlot page bytes, Gradio / Blocks", ratio, "x"))
    return rows
