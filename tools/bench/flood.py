"""One hostile client flooding the server, and what 16 ordinary sessions feel of it.

The echo app (``serve_app.py``) serves 16 sessions in a closed loop (each
sends its next event when the last one finished) and one page that loads
``/config`` over and over, first alone, then while one more client floods a
single websocket (``loadgen.py flood``): websocket pings, ``ping`` messages,
events back to back, or one endless message in two-byte fragments. The
figures are the ordinary sessions' p99 latency with and without each flood,
and their ratio (the goal: within 2x). Printed, never asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from common import Row, clean_env, format_number, heading, table
from servers import AppServer, loadgen, loadgen_command

NAME = "flood"
SESSIONS = 16
KINDS = ("pings", "app-pings", "events", "fragments")


def measure(server, options) -> dict:
    return loadgen("events", "blocks", server.url, "--sessions", SESSIONS, "--duration",
                   options.duration, "--warmup", options.warmup, "--config-probe")


def flooded(server, kind: str, options) -> tuple[dict, dict]:
    """The ordinary sessions' figures while one client floods; and the flood's own."""
    span = options.warmup + options.duration + 2
    flood = subprocess.Popen(loadgen_command("flood", "blocks", server.url, "--kind", kind,
                                             "--duration", span),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=clean_env())
    try:
        time.sleep(0.5)  # the flood is on before the sessions start
        result = measure(server, options)
        out, err = flood.communicate(timeout=span + 60)
    finally:
        if flood.poll() is None:
            flood.kill()
            flood.wait(timeout=30)
    lines = out.strip().splitlines()
    report = json.loads(lines[-1]) if lines else {"error": err[-2000:]}
    return result, report


def _fmt(value, missing: str = "-") -> str:
    return missing if value is None else format_number(value)


def run(options) -> list[Row]:
    heading(f"one flooding client beside {SESSIONS} ordinary sessions (echo app, loopback)")
    rows, lines = [], []
    with AppServer(sys.executable, "blocks", "echo") as server:
        loadgen("events", "blocks", server.url, "--sessions", 4, "--duration", 1,
                "--warmup", 0.5)  # warm up both sides
        quiet = measure(server, options)
        print(f"no flood: p99 {_fmt(quiet['p99_ms'])} ms, /config p99 "
              f"{_fmt(quiet['config_p99_ms'])} ms, {format_number(quiet['events_per_second'])} "
              f"events/s, errors {quiet['errors']}", flush=True)
        rows += [Row(NAME, "p99 latency, no flood", quiet["p99_ms"] or 0, "ms"),
                 Row(NAME, "/config p99, no flood", quiet["config_p99_ms"] or 0, "ms")]
        lines.append(["none", _fmt(quiet["p99_ms"]), "-", _fmt(quiet["config_p99_ms"]), "-",
                      format_number(quiet["events_per_second"]), "-"])
        for kind in KINDS:
            result, flood = flooded(server, kind, options)
            ratio = (result["p99_ms"] / quiet["p99_ms"]) if result["p99_ms"] and \
                quiet["p99_ms"] else None
            config_ratio = (result["config_p99_ms"] / quiet["config_p99_ms"]) \
                if result["config_p99_ms"] and quiet["config_p99_ms"] else None
            print(f"{kind} flood ({format_number(flood.get('frames_sent', 0))} frames sent, "
                  f"dropped by the server: {flood.get('dropped_by_server')}): p99 "
                  f"{_fmt(result['p99_ms'])} ms, /config p99 {_fmt(result['config_p99_ms'])} ms, "
                  f"{format_number(result['events_per_second'])} events/s, errors "
                  f"{result['errors']}", flush=True)
            starved = "none finished while it lasted"
            rows += [Row(NAME, f"p99 latency, {kind} flood", result["p99_ms"] or 0, "ms",
                         "" if result["p99_ms"] else starved),
                     Row(NAME, f"/config p99, {kind} flood", result["config_p99_ms"] or 0, "ms",
                         "" if result["config_p99_ms"] else starved),
                     Row(NAME, f"p99 with {kind} flood / without", ratio or 0, "x",
                         "goal: at most 2x" if ratio else starved)]
            lines.append([kind, _fmt(result["p99_ms"], "starved"),
                          f"{ratio:.2f}x" if ratio else "-",
                          _fmt(result["config_p99_ms"], "starved"),
                          f"{config_ratio:.2f}x" if config_ratio else "-",
                          format_number(result["events_per_second"]),
                          format_number(flood.get("frames_sent", 0))])
    heading("ordinary sessions with and without a flooding client (goal: p99 within 2x)")
    print(table(["flood", "event p99 ms", "ratio", "/config p99 ms", "ratio", "events/s",
                 "flood frames"], lines, "lrrrrrr"))
    return rows
