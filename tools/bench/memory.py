"""Resident memory: the idle hello app, and what idle connected sessions hold.

Each framework serves ``serve_app.py hello`` in its own process; its page is
fetched once (so what a first visit loads is loaded), then its resident memory
(``VmRSS`` of the process and its children) is read. Then the load generator
opens 1,000 idle sessions, each what an open page holds (Blocks: its
websocket; Gradio: its heartbeat stream), and the memory is read again; for
Blocks also 10,000. Figures are printed, never asserted.
"""

from __future__ import annotations

import sys
import time

import gradio_env
from common import MB, Row, heading, table
from servers import AppServer, IdleClients

NAME = "memory"


def settle(server: AppServer, seconds: float = 1.0) -> int:
    time.sleep(seconds)
    return server.rss()


def measure(python, framework: str, counts: list[int]) -> dict:
    figures = {"sessions": {}}
    with AppServer(python, framework, "hello") as server:
        server.get("")
        server.get("config")
        figures["idle_rss"] = settle(server)
        for count in counts:
            base = settle(server, 0.5)
            with IdleClients(framework, server.url, count) as held:
                time.sleep(2)
                rss = server.rss()
            connected = held["connected"]
            figures["sessions"][count] = {"connected": connected, "failed": held["failed"],
                                          "rss": rss, "delta": rss - base}
            per = (rss - base) / connected / 1024 if connected else float("nan")
            print(f"{framework:7} {count:6,} idle sessions: {connected:,} connected, "
                  f"{held['failed']:,} failed; server RSS {rss / MB:.1f} MB "
                  f"(+{(rss - base) / MB:.1f} MB, {per:.1f} KB per session)", flush=True)
            if held["failed"]:
                print(f"  first failure: {held['first_failure']}")
            time.sleep(1)  # let the server notice the closed connections
    return figures


def run(options) -> list[Row]:
    heading("memory of the idle hello app and of idle sessions")
    blocks = measure(sys.executable, "blocks", sorted({1000, options.sessions}))
    env = gradio_env.ensure()
    gradio = measure(env.python, "gradio", [1000]) if env else None
    if env is None:
        print("(Gradio is not installed: Blocks' figures only)")

    rows = [Row(NAME, "blocks idle hello app RSS", blocks["idle_rss"] / MB, "MB")]
    lines = [["idle hello app RSS (MB)", f"{blocks['idle_rss'] / MB:.1f}",
              f"{gradio['idle_rss'] / MB:.1f}" if gradio else "-",
              f"{gradio['idle_rss'] / blocks['idle_rss']:.1f}x" if gradio else "-"]]
    if gradio:
        rows.append(Row(NAME, "gradio idle hello app RSS", gradio["idle_rss"] / MB, "MB"))
        rows.append(Row(NAME, "idle app RSS: gradio / blocks",
                        gradio["idle_rss"] / blocks["idle_rss"], "x"))
    for count, figure in blocks["sessions"].items():
        rows.append(Row(NAME, f"blocks RSS added by {count:,} idle sessions",
                        figure["delta"] / MB, "MB",
                        f"{figure['connected']:,} connected; server total "
                        f"{figure['rss'] / MB:.0f} MB"))
        rows.append(Row(NAME, f"blocks server RSS with {count:,} idle sessions",
                        figure["rss"] / MB, "MB", f"{figure['connected']:,} connected"))
        other = gradio["sessions"].get(count) if gradio else None
        if other:
            rows.append(Row(NAME, f"gradio RSS added by {count:,} idle sessions",
                            other["delta"] / MB, "MB",
                            f"{other['connected']:,} connected; server total "
                            f"{other['rss'] / MB:.0f} MB"))
            if figure["delta"] > 0:
                rows.append(Row(NAME, f"{count:,} idle sessions: gradio / blocks",
                                other["delta"] / figure["delta"], "x"))
        lines.append([f"added by {count:,} idle sessions (MB)", f"{figure['delta'] / MB:.1f}",
                      f"{other['delta'] / MB:.1f}" if other else "-",
                      f"{other['delta'] / figure['delta']:.1f}x"
                      if other and figure["delta"] > 0 else "-"])
        lines.append([f"server RSS with {count:,} idle sessions (MB)",
                      f"{figure['rss'] / MB:.1f}", f"{other['rss'] / MB:.1f}" if other else "-",
                      ""])
    heading("memory: Blocks and Gradio side by side (ratio: Gradio / Blocks)")
    print(table(["measure", "Blocks", "Gradio", "ratio"], lines, "lrrr"))
    return rows
