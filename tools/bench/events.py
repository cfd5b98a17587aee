"""Events per second and latency of the echo app, Blocks beside Gradio.

The same ``serve_app.py echo`` app (one listener, default queue settings:
one job at a time) runs in its own process for each framework; the load
generator (``loadgen.py``, another process, loopback only) drives it through
the framework's browser protocol with 1, 16 and 64 concurrent sessions, each
sending its next event as soon as the last one finished. Figures are printed,
never asserted.
"""

from __future__ import annotations

import gradio_env
from common import Row, format_number, heading, table
from servers import AppServer, loadgen

NAME = "events"
LEVELS = (1, 16, 64)


def measure(python, framework: str, options) -> dict[int, dict]:
    results = {}
    with AppServer(python, framework, "echo") as server:
        # one short run first: lazy imports, thread pools and caches of both sides warm up
        loadgen("events", framework, server.url, "--sessions", 4, "--duration", 1,
                "--warmup", 0.5)
        for sessions in LEVELS:
            before = server.cpu_seconds()
            result = loadgen("events", framework, server.url, "--sessions", sessions,
                             "--duration", options.duration, "--warmup", options.warmup)
            result["server_cpu_s"] = server.cpu_seconds() - before
            results[sessions] = result
            print(f"{framework:7} {sessions:3} sessions: "
                  f"{format_number(result['events_per_second'])} events/s, "
                  f"p50 {_fmt(result['p50_ms'])} ms, p99 {_fmt(result['p99_ms'])} ms, "
                  f"errors {result['errors']}, server CPU {result['server_cpu_s']:.1f} s, "
                  f"client CPU {result['client_cpu_s']:.1f} s", flush=True)
            if result["errors"] or result["session_failures"]:
                print(f"  first error: {result['first_error'] or result['session_failures']}")
    return results


def _fmt(value) -> str:
    return "-" if value is None else format_number(value)


def run(options) -> list[Row]:
    heading("the echo app under load (closed loop, loopback, separate load process)")
    blocks, gradio = gradio_env.beside_gradio(measure, options)

    rows, lines = [], []
    for sessions in LEVELS:
        b = blocks[sessions]
        g = gradio[sessions] if gradio else None
        for key, label, unit, better in (("events_per_second", "events/s", "events/s", "high"),
                                         ("p50_ms", "p50 latency", "ms", "low"),
                                         ("p99_ms", "p99 latency", "ms", "low")):
            measure_name = f"{label}, {sessions} sessions"
            rows.append(Row(NAME, f"blocks {measure_name}", b[key] or 0, unit))
            ratio = None
            if g is not None:
                rows.append(Row(NAME, f"gradio {measure_name}", g[key] or 0, unit))
                if b[key] and g[key]:
                    ratio = b[key] / g[key] if better == "high" else g[key] / b[key]
                    rows.append(Row(NAME, f"{measure_name}: blocks better by", ratio, "x",
                                    "blocks/gradio" if better == "high" else "gradio/blocks"))
            lines.append([measure_name, _fmt(b[key]), _fmt(g[key]) if g else "-",
                          f"{ratio:.1f}x" if ratio else "-"])
    heading("events: Blocks and Gradio side by side (ratio: how many times better Blocks is)")
    print(table(["measure", "Blocks", "Gradio", "ratio"], lines, "lrrr"))
    return rows
