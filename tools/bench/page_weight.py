"""The greet page's first visit, beside Gradio 6's: time to the first usable control,
requests and bytes; and what the showcase downloads.

The greet app is ``serve_app.py``'s ``hello`` (two textboxes and a button), run from the
same source by each framework in a process of its own. Everything (the app servers and
Chromium) runs pinned to one CPU core, as on a small host: the figures are CPU time as
much as network. Each load is a fresh Chromium context (empty cache):

- *first usable control*: milliseconds from navigation until the page shows an enabled
  text field labelled "Input" and the "Run" button, as the page's clock says at the first
  animation frame that shows them (median of ``REPEAT`` cold loads; the frameworks take
  turns, so that noise from other work on the machine hits them alike, and each load
  starts ``SETTLE_S`` after the last one closed, on a quiet core).
  Blocks queues the events of a page whose websocket is not open yet, Gradio sends them
  over HTTP: either page is usable from that moment;
- *requests* and *bytes*: every HTTP response of one cold load until the page is usable
  and the network is idle (the websocket not counted), bytes as sent (compressed when the
  server compresses) and decoded, split by kind (JS, CSS, the rest);
- *at 50 ms latency*: the same time with Chromium emulating a link of ``LATENCY_MS``
  round trip (median of ``LATENCY_REPEAT`` loads), which shows what the depth of the
  page's request chain costs a distant user.

``--before REF`` adds Blocks as it was at a git ref (``main``, a commit) to the same run,
from ``git archive`` of its ``core/src``: before and after, measured alike.
"""

from __future__ import annotations

import os
import runpy
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import gradio_env
from common import ROOT, Row, chromium, clean_env
from servers import AppServer

NAME = "page"
REPEAT = 7
LATENCY_MS = 50
LATENCY_REPEAT = 3  # loads at LATENCY_MS per framework (a figure of the chain's depth)
USABLE = """() => {
  const field = [...document.querySelectorAll("input, textarea")].find((node) =>
    [...(node.labels || [])].some((label) => label.textContent.trim() === "Input"));
  const button = [...document.querySelectorAll("button")].find(
    (node) => node.textContent.trim() === "Run");
  const shown = (node) => node && !node.disabled && node.getClientRects().length > 0;
  return shown(field) && shown(button);
}"""
# the same test, which also notes the moment it first held (so that the time Playwright
# takes to report it back is not counted)
USABLE_AT = f"""() => {{
  if (window.__usableAt === undefined && ({USABLE})()) window.__usableAt = performance.now();
  return window.__usableAt !== undefined;
}}"""
SETTLE_S = 0.5  # pause after each load, so that the next starts on a quiet core
# Blocks' showcase: built and connected
CONNECTED = "() => window.blocksApp && window.blocksApp.sessionHash"


def _kind(url: str, content_type: str) -> str:
    path = url.split("?")[0]
    if path.endswith((".js", ".mjs")) or "javascript" in content_type:
        return "js"
    if path.endswith(".css") or "text/css" in content_type:
        return "css"
    return "other"


def weigh(browser, url: str, ready: str = USABLE, by_name: bool = False):
    """One cold load of ``url`` until the JS function ``ready`` returns true and the network
    is idle: ``(requests, decoded bytes, bytes as sent, names)``, the first three by kind;
    with ``by_name=True`` also a dict of each name's decoded bytes."""
    from playwright.sync_api import Error as PlaywrightError
    context = browser.new_context()
    page = context.new_page()
    requests: Counter = Counter()
    sizes: Counter = Counter()
    sent: Counter = Counter()
    names: list[str] = []
    sizes_by_name: dict[str, int] = {}

    def finished(request):
        try:
            response = request.response()
            if response is None:
                return
            # body() lets other handlers run: read it before touching the counters
            size = len(response.body())
            on_wire = request.sizes()["responseBodySize"]
        except PlaywrightError:  # still arriving when the page closed: not counted
            return
        kind = _kind(request.url, response.headers.get("content-type", ""))
        requests[kind] += 1
        sizes[kind] += size
        sent[kind] += on_wire
        name = request.url.split("/", 3)[-1]
        names.append(name)
        sizes_by_name[name] = sizes_by_name.get(name, 0) + size

    page.on("requestfinished", finished)
    page.goto(url)
    page.wait_for_function(ready, timeout=120_000)
    page.wait_for_load_state("networkidle")
    context.close()
    if by_name:
        return requests, sizes, sent, names, sizes_by_name
    return requests, sizes, sent, names


def usable_time(browser, url: str, latency_ms: int = 0) -> float:
    """Milliseconds from navigation until the greet page is usable, in a fresh context."""
    context = browser.new_context()
    page = context.new_page()
    if latency_ms:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": latency_ms, "downloadThroughput": -1,
            "uploadThroughput": -1})
    page.goto(url, wait_until="commit")
    page.wait_for_function(USABLE_AT, polling="raf", timeout=120_000)
    elapsed = page.evaluate("window.__usableAt")
    context.close()
    time.sleep(SETTLE_S)  # the closed page's processes end before the next load starts
    return elapsed


def _pin_to_one_core() -> str:
    """Pin this process (and so the servers and Chromium it starts) to one core."""
    cores = sorted(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cores[-1]})
    return f"core {cores[-1]} of {len(cores)}"


def _checkout(ref: str, into: Path) -> Path:
    """``core/src`` of the repository at ``ref``, unpacked into ``into``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "core/src"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "core" / "src"


def _contenders(options, scratch: Path) -> list[tuple[str, str, str, dict]]:
    """(label, python, framework, extra environment) of each server to measure."""
    found = [("blocks", sys.executable, "blocks", {})]
    before = getattr(options, "before", None)
    if before:
        src = _checkout(before, scratch)
        found.append((f"blocks at {before}", sys.executable, "blocks", {"PYTHONPATH": str(src)}))
    env = gradio_env.ensure()
    if env is not None:
        found.append(("gradio", str(env.python), "gradio", {}))
    return found


def _greet_page(browser, options) -> list[Row]:
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as scratch:
        contenders = _contenders(options, Path(scratch))
        servers = [AppServer(python, framework, "hello", env=clean_env(**extra))
                   for _, python, framework, extra in contenders]
        for server in servers:
            server.__enter__()
        try:
            usable = {label: [] for label, *_ in contenders}
            slow = {label: [] for label, *_ in contenders}
            for turn in range(REPEAT):  # take turns
                for (label, *_), server in zip(contenders, servers):
                    usable[label].append(usable_time(browser, server.url))
                    if turn < LATENCY_REPEAT:
                        slow[label].append(usable_time(browser, server.url, LATENCY_MS))
            weights = {label: weigh(browser, server.url)
                       for (label, *_), server in zip(contenders, servers)}
        finally:
            for server in servers:
                server.__exit__(None, None, None)
    figures = {}
    for label, *_ in contenders:
        requests, sizes, sent, names = weights[label]
        fast, far = statistics.median(usable[label]), statistics.median(slow[label])
        total, wire = sum(sizes.values()), sum(sent.values())
        figures[label] = (fast, sum(requests.values()), wire)
        print(f"{label}: usable after {fast:.0f} ms ({far:.0f} ms at {LATENCY_MS} ms latency); "
              f"{sum(requests.values())} requests, {wire / 1024:.1f} KiB sent "
              f"({total / 1024:.1f} KiB decoded: "
              + ", ".join(f"{kind} {requests[kind]} / {sizes[kind] / 1024:.1f} KiB"
                          for kind in ("js", "css", "other")) + ")")
        if getattr(options, "verbose", False):
            for name in names:
                print(f"    {name}")
        note = f"median of {REPEAT} cold loads, one core"
        rows += [Row(NAME, f"{label} greet page: first usable control", fast, "ms", note),
                 Row(NAME, f"{label} greet page: usable at {LATENCY_MS} ms latency", far, "ms",
                     f"median of {LATENCY_REPEAT} cold loads, one core"),
                 Row(NAME, f"{label} greet page: requests", sum(requests.values()), "requests",
                     "cold load, websocket not counted"),
                 Row(NAME, f"{label} greet page: sent", wire / 1024, "KiB",
                     "response bodies as sent"),
                 Row(NAME, f"{label} greet page: decoded", total / 1024, "KiB",
                     "response bodies, uncompressed")]
    blocks = figures["blocks"]
    for label, (fast, count, wire) in figures.items():
        if label == "blocks":
            continue
        print(f"{label} / blocks: time {fast / blocks[0]:.2f}x, requests "
              f"{count / blocks[1]:.2f}x, bytes sent {wire / blocks[2]:.2f}x")
        rows.append(Row(NAME, f"greet page usable, {label} / blocks", fast / blocks[0], "x"))
        rows.append(Row(NAME, f"greet page bytes sent, {label} / blocks", wire / blocks[2], "x"))
    return rows


def _showcase(browser) -> list[Row]:
    demo = runpy.run_path(str(ROOT / "examples" / "showcase.py"))["demo"]
    from servers import free_port
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(),
                quiet=True)
    try:
        requests, sizes, sent, _ = weigh(browser, demo.local_url, CONNECTED)
    finally:
        demo.close()
    wire = sum(sent.values())
    print(f"showcase: {sum(requests.values())} requests, {wire / 1024:.1f} KiB sent "
          f"({sum(sizes.values()) / 1024:.1f} KiB decoded)")
    return [Row(NAME, "showcase: requests", sum(requests.values()), "requests", "cold load"),
            Row(NAME, "showcase: sent", wire / 1024, "KiB", "response bodies as sent")]


def run(options) -> list[Row]:
    cores = os.sched_getaffinity(0)
    print(f"servers and Chromium pinned to {_pin_to_one_core()}")
    try:
        with chromium("page") as browser:
            if browser is None:
                return []
            return _greet_page(browser, options) + _showcase(browser)
    finally:
        os.sched_setaffinity(0, cores)  # the benchmarks after this one use every core
