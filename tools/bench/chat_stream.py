"""A streamed chat reply: bytes and server CPU per token, tokens/s to 64 sessions at once.

``serve_app.py chat`` streams a reply of 2,000 tokens into a chat that already
holds 500 messages, its generator yielding the whole growing history at each
token (as the chat guides write it), the same source for Blocks and Gradio.

- One session: the whole reply. Bytes are those of the messages that carried
  the tokens (websocket frames for Blocks, ``data:`` lines of the event stream
  for Gradio); server CPU is the server process's user + system time.
- 64 sessions at once (``concurrency_limit=None``): tokens delivered per second
  over ``--duration`` seconds, all sessions counted.

The machine is shared: the figures move with its load (printed), the ratios of
one run are what to compare. Nothing is asserted.
"""

from __future__ import annotations

import os

import gradio_env
from common import Row, format_number, heading, table
from servers import AppServer, loadgen

NAME = "chat"
TOKENS = 2000
CONCURRENT = 64


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"


def measure(python, framework: str, options) -> dict:
    with AppServer(python, framework, "chat") as server:
        loadgen("stream", framework, server.url, "--sessions", 1, "--duration", 3)  # warm up
        before = server.cpu_seconds()
        single = loadgen("stream", framework, server.url, "--sessions", 1, "--duration", 600,
                         timeout=900)
        single["server_cpu_s"] = server.cpu_seconds() - before
        print(f"{framework:7} 1 session: {single['tokens']} tokens in {single['seconds']:.1f} s, "
              f"{single['bytes'] / 1024:.0f} KiB, server CPU {single['server_cpu_s']:.1f} s "
              f"({load()})", flush=True)
        before = server.cpu_seconds()
        many = loadgen("stream", framework, server.url, "--sessions", CONCURRENT,
                       "--duration", options.duration * 2, timeout=600)
        many["server_cpu_s"] = server.cpu_seconds() - before
        print(f"{framework:7} {CONCURRENT} sessions: {many['tokens']} tokens in "
              f"{many['seconds']:.1f} s: {format_number(many['tokens_per_second'])} tokens/s, "
              f"errors {many['errors']} ({load()})", flush=True)
        if many["errors"] or many["session_failures"]:
            print(f"  first error: {many['first_error'] or many['session_failures']}")
    tokens = max(single["tokens"], 1)
    return {"bytes_per_token": single["bytes"] / tokens,
            "cpu_ms_per_token": single["server_cpu_s"] * 1000 / tokens,
            "single_tokens_per_second": single["tokens"] / single["seconds"],
            "concurrent_tokens_per_second": many["tokens_per_second"],
            "tokens": single["tokens"]}


def run(options) -> list[Row]:
    heading(f"a {TOKENS}-token reply streamed into a 500-message chat (loopback, "
            "separate load process)")
    blocks, gradio = gradio_env.beside_gradio(measure, options)
    rows, lines = [], []
    for key, label, unit, better in (
            ("bytes_per_token", "bytes sent per token", "B", "low"),
            ("cpu_ms_per_token", "server CPU per token", "ms", "low"),
            ("single_tokens_per_second", "tokens/s, 1 session", "tokens/s", "high"),
            ("concurrent_tokens_per_second", f"tokens/s, {CONCURRENT} sessions", "tokens/s",
             "high")):
        rows.append(Row(NAME, f"blocks {label}", blocks[key], unit))
        ratio = None
        if gradio is not None:
            rows.append(Row(NAME, f"gradio {label}", gradio[key], unit))
            if blocks[key] and gradio[key]:
                ratio = blocks[key] / gradio[key] if better == "high" \
                    else gradio[key] / blocks[key]
                rows.append(Row(NAME, f"{label}: blocks better by", ratio, "x",
                                "blocks/gradio" if better == "high" else "gradio/blocks"))
        lines.append([label, format_number(blocks[key]),
                      format_number(gradio[key]) if gradio else "-",
                      f"{ratio:.1f}x" if ratio else "-"])
    heading("chat streaming: Blocks and Gradio side by side (ratio: how many times better "
            "Blocks is)")
    print(table(["measure", "Blocks", "Gradio", "ratio"], lines, "lrrr"))
    return rows
