"""A 100,000 x 10 table in Chromium, Blocks beside Gradio 6: the same script, served by each.

For each framework, in one browser: the time from the click that runs the event to the
first rows shown; the bytes the page received for it (websocket frames and HTTP bodies,
counted by Chromium); then the frame times while the table's scroll area scrolls
through the table (one step each frame), and how many frames took over 50 ms. Blocks
sends the first 100 rows and fetches the rest as they scroll into view; Gradio sends the
whole table. Gradio's figures need ``.bench/gradio-6`` (see gradio_env.py); without it,
Blocks' alone are printed. One run each (Gradio's page freezes for minutes on a busy
machine): note the load average it prints, and read the ratios.
"""

from __future__ import annotations

import os
import statistics

import gradio_env
from common import Row, chromium
from serve_app import TABLE_ROWS
from servers import AppServer

NAME = "dataframe"
ROWS = f"{TABLE_ROWS:,}"  # BENCH_TABLE_ROWS sets a smaller table to try things
SCROLL_FRAMES = 240
REPEAT = 1  # one run each: Gradio's page takes minutes on a loaded machine

# Clicks "Load" and resolves when the first row's label ("r0") is on the page: the time,
# and the longest gap between two frames meanwhile (how long the page froze).
SHOW = """async () => {
  const button = [...document.querySelectorAll("button")]
    .find((b) => b.textContent.trim() === "Load");
  const shown = () => document.evaluate("//*[not(self::script)][normalize-space(text())='r0']",
    document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue !== null;
  const start = performance.now();
  let last = start, longest = 0;
  button.click();
  while (!shown()) {
    const now = await new Promise((resolve) => requestAnimationFrame(resolve));
    longest = Math.max(longest, now - last);
    last = now;
  }
  return [performance.now() - start, Math.max(longest, performance.now() - last)];
}"""

# Scrolls the largest scroll area one step per frame; the time between frames.
SCROLL = """async (frames) => {
  const areas = [...document.querySelectorAll("*")].filter((node) => {
    const style = getComputedStyle(node);
    return node.scrollHeight > node.clientHeight + 1000 && /(auto|scroll)/.test(style.overflowY);
  }).sort((a, b) => b.scrollHeight - a.scrollHeight);
  const area = areas[0];
  if (!area) return null;
  const step = (area.scrollHeight - area.clientHeight) / frames;
  const times = [];
  let last = await new Promise((resolve) => requestAnimationFrame(resolve));
  for (let i = 1; i <= frames; i++) {
    area.scrollTop = Math.round(step * i);
    const now = await new Promise((resolve) => requestAnimationFrame(resolve));
    times.push(now - last);
    last = now;
  }
  return times;
}"""


def measure(browser, url: str) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    page.get_by_role("button", name="Load").wait_for()
    page.wait_for_timeout(500)  # the page's connection settles
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = {"bytes": 0}

    def add(count):
        received["bytes"] += count

    cdp.on("Network.dataReceived", lambda e: add(e.get("encodedDataLength") or e["dataLength"]))
    cdp.on("Network.webSocketFrameReceived", lambda e: add(len(e["response"]["payloadData"])))
    page.set_default_timeout(30 * 60 * 1000)  # Gradio's page may freeze for minutes
    shown_ms, frozen_ms = page.evaluate(SHOW)
    page.wait_for_timeout(1000)  # what arrives just after the first rows counts too
    sent = received["bytes"]
    times = page.evaluate(SCROLL, SCROLL_FRAMES) or []
    page.close()
    times.sort()
    return {"shown": shown_ms, "frozen": frozen_ms, "bytes": sent,
            "median_frame": statistics.median(times) if times else float("nan"),
            "p95_frame": times[int(len(times) * 0.95) - 1] if times else float("nan"),
            "long_frames": sum(1 for t in times if t > 50)}


def run(options) -> list[Row]:
    results: dict[str, list[dict]] = {}
    with chromium("dataframe") as browser:
        if browser is None:
            return []
        frameworks = gradio_env.frameworks()
        try:
            load = os.getloadavg()[0]
        except OSError:
            load = float("nan")
        print(f"{ROWS} rows x 10 columns; load average before: {load:.1f} on "
              f"{os.cpu_count()} cores", flush=True)
        for name, python in frameworks:
            with AppServer(python, name, "table") as server:
                results[name] = [measure(browser, server.url) for _ in range(REPEAT)]
    rows = []
    summary = {}
    for name, runs in results.items():
        figures = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        summary[name] = figures
        print(f"{name:7} shown {figures['shown']:8.0f} ms (longest frame meanwhile "
              f"{figures['frozen']:.0f} ms)   received "
              f"{figures['bytes'] / 1e6:7.2f} MB   scroll frame median "
              f"{figures['median_frame']:5.1f} ms, p95 {figures['p95_frame']:6.1f} ms, "
              f"{figures['long_frames']:.0f} of {SCROLL_FRAMES} over 50 ms", flush=True)
        rows += [Row(NAME, f"{name}: event to {ROWS} rows shown", figures["shown"], "ms",
                     f"median of {REPEAT}"),
                 Row(NAME, f"{name}: longest frame while it loads", figures["frozen"], "ms",
                     "the page cannot answer meanwhile"),
                 Row(NAME, f"{name}: bytes received for it", figures["bytes"] / 1e6, "MB",
                     "websocket frames and HTTP bodies"),
                 Row(NAME, f"{name}: scroll frame time, median", figures["median_frame"], "ms",
                     f"{SCROLL_FRAMES} frames through the table"),
                 Row(NAME, f"{name}: scroll frame time, p95", figures["p95_frame"], "ms", "")]
    if "gradio" in summary:
        b, g = summary["blocks"], summary["gradio"]
        print(f"Gradio / Blocks: time to shown {g['shown'] / b['shown']:.1f}x, "
              f"{g['bytes'] / max(b['bytes'], 1):.0f}x the bytes, p95 frame "
              f"{g['p95_frame'] / b['p95_frame']:.1f}x")
        rows.append(Row(NAME, "gradio / blocks: time to shown", g["shown"] / b["shown"], "x", ""))
        rows.append(Row(NAME, "gradio / blocks: bytes", g["bytes"] / max(b["bytes"], 1), "x", ""))
        rows.append(Row(NAME, "gradio / blocks: scroll frame p95", g["p95_frame"] / b["p95_frame"],
                        "x", ""))
    return rows
