"""What a first visit downloads: requests and bytes of the greet page and the showcase.

Each page is loaded in a fresh Chromium context (empty cache) until it is built
and connected; every HTTP response is counted (the websocket is not), with its
body size as sent and split by kind (JS, CSS, the rest). The greet page is
the benchmarks' ``hello`` app (two textboxes and a button): its weight is a
budget new components must not raise (DESIGN.md section 8).

Then the same page is loaded again with Chromium emulating a link of
``LATENCY_MS`` round-trip latency, and the time until the page is built and
connected is reported (median of ``REPEAT`` cold loads): it shows what
the number of requests and the depth of their chain cost a distant user.
"""

from __future__ import annotations

import runpy
import statistics
from collections import Counter

from common import ROOT, Row, chromium
from servers import free_port

NAME = "page"
READY = "() => window.blocksApp && window.blocksApp.sessionHash"
LATENCY_MS = 50
REPEAT = 5


def _greet():
    from serve_app import build

    import blocks as gr
    return build(gr, "hello")


def _showcase():
    return runpy.run_path(str(ROOT / "examples" / "showcase.py"))["demo"]


def _kind(url: str, content_type: str) -> str:
    path = url.split("?")[0]
    if path.endswith((".js", ".mjs")) or "javascript" in content_type:
        return "js"
    if path.endswith(".css") or "text/css" in content_type:
        return "css"
    return "other"


def weigh(browser, url: str, ready: str = READY, sizes: bool = False):
    """Requests and body bytes by kind for one cold load of ``url``, until the JS function
    ``ready`` returns true and the network is idle; and the names of what was loaded
    (with ``sizes=True``, also a dict of each name's bytes)."""
    from playwright.sync_api import Error as PlaywrightError
    context = browser.new_context()
    page = context.new_page()
    requests: Counter = Counter()
    by_kind: Counter = Counter()
    names: list[str] = []
    by_name: dict[str, int] = {}

    def finished(request):
        try:
            response = request.response()
            if response is None:
                return
            # body() lets other handlers run: read it before touching the counters
            size = len(response.body())
        except PlaywrightError:  # still arriving when the page closed: not counted
            return
        kind = _kind(request.url, response.headers.get("content-type", ""))
        requests[kind] += 1
        by_kind[kind] += size
        name = request.url.split("/", 3)[-1]
        names.append(name)
        by_name[name] = by_name.get(name, 0) + size

    page.on("requestfinished", finished)
    page.goto(url)
    page.wait_for_function(ready, timeout=120_000)
    page.wait_for_load_state("networkidle")
    context.close()
    if sizes:
        return requests, by_kind, names, by_name
    return requests, by_kind, names


def ready_time(browser, url: str) -> float:
    """Milliseconds from navigation until the page is built and connected, over a slow link."""
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": LATENCY_MS, "downloadThroughput": -1,
        "uploadThroughput": -1})
    page.goto(url)
    page.wait_for_function(READY, polling=5)
    elapsed = page.evaluate("performance.now()")
    context.close()
    return elapsed


def run(options) -> list[Row]:
    rows: list[Row] = []
    with chromium("page-weight") as browser:
        if browser is None:
            return []
        for label, make in (("greet page", _greet), ("showcase", _showcase)):
            demo = make()
            demo.launch(prevent_thread_lock=True, server_name="127.0.0.1",
                        server_port=free_port(), quiet=True)
            try:
                requests, sizes, names = weigh(browser, demo.local_url)
                ready = statistics.median(ready_time(browser, demo.local_url)
                                          for _ in range(REPEAT))
            finally:
                demo.close()
            total_requests, total_bytes = sum(requests.values()), sum(sizes.values())
            print(f"{label}: {total_requests} requests, {total_bytes / 1024:.1f} KiB "
                  + ", ".join(f"{kind} {requests[kind]} / {sizes[kind] / 1024:.1f} KiB"
                              for kind in ("js", "css", "other"))
                  + f"; ready after {ready:.0f} ms at {LATENCY_MS} ms latency")
            if getattr(options, "verbose", False):
                for name in names:
                    print(f"    {name}")
            rows.append(Row(NAME, f"{label}: requests", total_requests, "requests",
                            "cold load, websocket not counted"))
            rows.append(Row(NAME, f"{label}: downloaded", total_bytes / 1024, "KiB",
                            "response bodies, uncompressed"))
            rows.append(Row(NAME, f"{label}: ready at {LATENCY_MS} ms latency", ready, "ms",
                            f"median of {REPEAT} cold loads"))
            for kind in ("js", "css"):
                rows.append(Row(NAME, f"{label}: {kind}", sizes[kind] / 1024, "KiB",
                                f"{requests[kind]} requests"))
    return rows
