"""Programs as clients: gradio_client round trips and the HTTP call API, Blocks beside Gradio.

The same ``serve_app.py echo`` app runs in its own process for each
framework (default queue settings: one job at a time).

- ``gradio_client.predict`` round trip: one client (the Gradio venv's
  ``gradio_client``, the same for both servers) makes sequential calls;
  median and 90th percentile of each call's time, and the time to connect.
- HTTP call API at 16 concurrent clients: the load generator's ``calls``
  mode (``POST /gradio_api/call/echo``, then its event stream to
  ``complete``), closed loop; completed calls per second, latency, and the
  server's CPU time per call (the figure a busy machine disturbs least).

Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import gradio_env
from common import Row, clean_env, format_number, heading, table
from servers import AppServer, loadgen

NAME = "api"
HERE = Path(__file__).resolve().parent
CLIENTS = 16


def client_python(env) -> str | None:
    """An interpreter with gradio_client: the Gradio venv's, else this one if it has it."""
    if env is not None:
        return str(env.python)
    try:
        import gradio_client  # noqa: F401
    except ImportError:
        return None
    return sys.executable


def roundtrip(python: str, url: str, calls: int, client: str = "gradio_client") -> dict:
    done = subprocess.run([python, str(HERE / "client_roundtrip.py"), url, "--calls", str(calls),
                           "--client", client],
                          capture_output=True, text=True, timeout=600,
                          env=clean_env(HF_HUB_OFFLINE="1", HF_HUB_DISABLE_TELEMETRY="1",
                                        GRADIO_ANALYTICS_ENABLED="False"),
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{client} round trips failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(python, framework: str, client: str | None, options) -> dict:
    figures = {}
    with AppServer(python, framework, "echo") as server:
        if client is not None:
            trips = roundtrip(client, server.url, 40)
            figures.update({"predict_ms": trips["median_ms"], "predict_p90_ms": trips["p90_ms"],
                            "connect_ms": trips["connect_ms"]})
            print(f"{framework:7} gradio_client.predict: median {trips['median_ms']:.1f} ms, "
                  f"p90 {trips['p90_ms']:.1f} ms, connect {trips['connect_ms']:.0f} ms",
                  flush=True)
        if framework == "blocks":  # Blocks' own client, over the websocket
            own = roundtrip(sys.executable, server.url, 40, "blocks_client")
            figures["own_predict_ms"] = own["median_ms"]
            print(f"{framework:7} blocks_client.predict: median {own['median_ms']:.1f} ms, "
                  f"p90 {own['p90_ms']:.1f} ms, connect {own['connect_ms']:.0f} ms", flush=True)
        loadgen("calls", framework, server.url, "--sessions", 4, "--duration", 1,
                "--warmup", 0.5)
        before = server.cpu_seconds()
        result = loadgen("calls", framework, server.url, "--sessions", CLIENTS,
                         "--duration", options.duration, "--warmup", options.warmup)
        cpu = server.cpu_seconds() - before
        figures.update({"calls_per_second": result["events_per_second"],
                        "calls_p50_ms": result["p50_ms"], "calls_p99_ms": result["p99_ms"],
                        "server_cpu_s": cpu,
                        "cpu_ms_per_call": cpu * 1000 / max(1, result["completed_total"])})
        print(f"{framework:7} call API, {CLIENTS} clients: "
              f"{format_number(result['events_per_second'])} calls/s, "
              f"p50 {format_number(result['p50_ms'] or 0)} ms, "
              f"p99 {format_number(result['p99_ms'] or 0)} ms, errors {result['errors']}, "
              f"server CPU {cpu:.1f} s ({figures['cpu_ms_per_call']:.1f} ms per call)",
              flush=True)
        if result["errors"] or result["session_failures"]:
            print(f"  first error: {result['first_error'] or result['session_failures']}")
    return figures


def run(options) -> list[Row]:
    heading("programs as clients: gradio_client and the HTTP call API (loopback)")
    env = gradio_env.ensure()
    client = client_python(env)
    if client is None:
        print("(gradio_client is not available: no round-trip figures)")
    blocks = measure(sys.executable, "blocks", client, options)
    gradio = measure(env.python, "gradio", client, options) if env is not None else None
    if gradio is None:
        print("(Gradio is not installed: Blocks' figures only)")

    rows, lines = [], []
    measures = [("predict_ms", "gradio_client.predict round trip (median)", "ms", "low"),
                ("own_predict_ms", "blocks_client.predict round trip (median)", "ms", "low"),
                ("predict_p90_ms", "gradio_client.predict round trip (p90)", "ms", "low"),
                ("connect_ms", "gradio_client.Client() connect", "ms", "low"),
                ("calls_per_second", f"call API calls/s, {CLIENTS} clients", "calls/s", "high"),
                ("calls_p99_ms", f"call API p99 latency, {CLIENTS} clients", "ms", "low"),
                ("cpu_ms_per_call", "call API server CPU per call", "ms", "low")]
    for key, label, unit, better in measures:
        b = blocks.get(key)
        g = gradio.get(key) if gradio else None
        if b is None:
            continue
        rows.append(Row(NAME, f"blocks {label}", b, unit))
        ratio = None
        if g is not None:
            rows.append(Row(NAME, f"gradio {label}", g, unit))
            if b and g:
                ratio = b / g if better == "high" else g / b
                rows.append(Row(NAME, f"{label}: blocks better by", ratio, "x",
                                "blocks/gradio" if better == "high" else "gradio/blocks"))
        lines.append([label, format_number(b), format_number(g) if g is not None else "-",
                      f"{ratio:.1f}x" if ratio else "-"])
    heading("api: Blocks and Gradio side by side (ratio: how many times better Blocks is)")
    print(table(["measure", "Blocks", "Gradio", "ratio"], lines, "lrrr"))
    return rows
