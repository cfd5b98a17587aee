"""Re-rendering a @gr.render list of 200 keyed rows, end to end in Chromium.

Measures, from the page's side: the first render of N rows, a re-render that
adds one row, and a re-render where nothing changed; for each, the time from
the trigger until the page has applied the render, and the bytes of the
render message the server sent.
"""

from __future__ import annotations

import os
import socket
import statistics

from common import CHROMIUM_ARGS, Row

NAME = "render"
ROWS = 200
REPEAT = 5

HOOK = """() => {
  const app = window.blocksApp;
  const apply = app.applyRender.bind(app);
  app.applyRender = async (payload) => {
    await apply(payload);
    window.__rendered = performance.now();
  };
}"""

TRIGGER = """async ([label, value]) => {
  const input = [...document.querySelectorAll("input")]
    .find((i) => i.labels && i.labels[0] && i.labels[0].textContent === label);
  const start = performance.now();
  if (value === null) {
    [...document.querySelectorAll("button")].find((b) => b.textContent === label).click();
  } else {
    input.value = String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
  while (!(window.__rendered > start)) await new Promise((r) => setTimeout(r, 2));
  return window.__rendered - start;
}"""


def _app():
    import blocks as gr
    with gr.Blocks() as demo:
        count = gr.Number(0, label="Rows", precision=0)
        refresh = gr.Button("Refresh")

        @gr.render(inputs=count, triggers=[count.change, refresh.click])
        def rows(n):
            for i in range(int(n or 0)):
                with gr.Row(key=f"row-{i}"):
                    box = gr.Textbox(f"item {i}", label=f"Row {i}", key=f"box-{i}")
                    done = gr.Button("Done", key=f"done-{i}")
                    done.click(lambda text: text.upper(), box, box, key=f"click-{i}")
    return demo


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(options) -> list[Row]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("playwright is not installed here: skipping the render benchmark")
        return []
    chromium = os.environ.get("BLOCKS_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        print(f"no Chromium at {chromium}: skipping the render benchmark")
        return []
    demo = _app()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=_free_port(),
                quiet=True)
    sizes: list[int] = []
    figures: dict[str, list[float]] = {"first": [], "add": [], "same": []}
    bytes_: dict[str, list[int]] = {"first": [], "add": [], "same": []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            for _ in range(REPEAT):
                page = browser.new_page()
                page.on("websocket", lambda ws: ws.on(
                    "framereceived", lambda payload: sizes.append(len(payload))))
                page.goto(demo.local_url)
                page.wait_for_function("() => window.blocksApp && window.blocksApp.sessionHash")
                page.evaluate(HOOK)
                for kind, trigger in (("first", ["Rows", ROWS]), ("add", ["Rows", ROWS + 1]),
                                      ("same", ["Refresh", None])):
                    sizes.clear()
                    figures[kind].append(page.evaluate(TRIGGER, trigger))
                    bytes_[kind].append(max(sizes) if sizes else 0)
                page.close()
            browser.close()
    finally:
        demo.close()
    rows = []
    labels = {"first": f"first render of {ROWS} rows", "add": f"{ROWS} -> {ROWS + 1} rows",
              "same": f"re-render of {ROWS + 1} unchanged rows"}
    for kind, label in labels.items():
        ms = statistics.median(figures[kind])
        size = statistics.median(bytes_[kind])
        print(f"{label:34} {ms:8.1f} ms   render message {size / 1024:8.1f} KiB")
        rows.append(Row(NAME, f"{label}: time", ms, "ms", "trigger to applied, median"))
        rows.append(Row(NAME, f"{label}: sent", size / 1024, "KiB", "render message"))
    return rows
