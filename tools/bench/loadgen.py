"""The load generator: a separate process that talks to an app as its browser page does.

    python loadgen.py events blocks URL --sessions 64 --duration 6 --warmup 1.5
    python loadgen.py calls gradio URL --sessions 16 --duration 6
    python loadgen.py idle gradio URL --sessions 1000

``events``: each of ``--sessions`` sessions sends an event, waits for its
result, and sends the next (a closed loop, like a user clicking again as soon
as the answer shows). Events finished during the ``--duration`` seconds after
``--warmup`` are counted; their latency is from sending the event to its
result. Prints one JSON object.

``calls``: the HTTP call API instead of the page's protocol, for both frameworks
(the same route, ``/gradio_api/call/<api_name>``): each of ``--sessions``
clients POSTs a call, reads its event stream to the ``complete`` event, and
calls again; counted like ``events``.

``idle``: opens ``--sessions`` sessions that do nothing but stay connected,
prints ``{"connected": n}`` and holds them until stdin closes or says
``quit``.

``events --config-probe``: besides the sessions, one client fetches ``/config``
over and over (a page loading) and its latency is reported too.

``flood``: one hostile client on one websocket (Blocks only), for
``--duration`` seconds: ``--kind pings`` sends websocket ping frames as fast
as the socket takes them, ``app-pings`` ``{"type": "ping"}`` messages,
``events`` event frames back to back, ``fragments`` one endless message in
two-byte fragments. It reads and drops whatever the server answers. Prints
how many frames it sent.

The protocols are each framework's browser protocol:

- Blocks: one websocket per page at ``/ws``; ``event`` frames; the job ends
  with a ``done`` frame. An idle page keeps its websocket.
- Gradio: ``POST /gradio_api/queue/join``, then the
  ``GET /gradio_api/queue/data?session_hash=`` event stream until
  ``process_completed`` (the stream ends when the session has no pending
  event, so the next event opens it again, as Gradio's page does). An idle
  page keeps its ``/gradio_api/heartbeat/{session_hash}`` stream open.

Only loopback URLs are accepted. Needs ``websockets`` and ``aiohttp``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import secrets
import sys
import time
from urllib.parse import urlsplit

TEXT = "hello benchmark"


def percentile(sorted_values: list[float], fraction: float) -> float | None:
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


class Clock:
    def __init__(self, warmup: float, duration: float):
        self.start = time.perf_counter() + warmup
        self.end = self.start + duration
        self.total = 0  # every call completed, warm-up included (for CPU per call)

    def counts(self, sent: float, finished: float) -> bool:
        return sent >= self.start and finished <= self.end

    def running(self) -> bool:
        return time.perf_counter() < self.end


# -- Blocks: the websocket ---------------------------------------------------------------
async def blocks_connect(url: str):
    import websockets
    ws = await websockets.connect(url.replace("http", "ws", 1) + "ws", max_size=None,
                                  open_timeout=60, ping_interval=None)
    hello = json.loads(await ws.recv())
    if hello.get("type") != "session":
        raise RuntimeError(f"unexpected first frame {hello}")
    return ws


async def blocks_events(url: str, clock: Clock, latencies: list, errors: list, limit: int):
    ws = await blocks_connect(url)
    number = 0
    try:
        while clock.running() and number < limit:
            number += 1
            job = f"e{number}"
            sent = time.perf_counter()
            await ws.send(json.dumps({"type": "event", "id": job, "fn": 0, "data": [TEXT]}))
            while True:
                message = json.loads(await ws.recv())
                kind = message.get("type")
                if kind == "done" and message.get("id") == job:
                    if message.get("state") != "completed":
                        errors.append(message)
                    break
                if kind == "error":
                    errors.append(message)
                    break
            finished = time.perf_counter()
            if clock.counts(sent, finished):
                latencies.append(finished - sent)
    finally:
        await ws.close()


async def blocks_idle(url: str):
    return await blocks_connect(url)


def masked_frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    """A client frame (clients must mask); the key is fixed, which the protocol allows."""
    key = b"\x11\x22\x33\x44"
    size = len(payload)
    first = (0x80 if fin else 0) | opcode
    if size < 126:
        head = bytes((first, 0x80 | size))
    elif size < 65536:
        head = bytes((first, 0x80 | 126)) + size.to_bytes(2, "big")
    else:
        head = bytes((first, 0x80 | 127)) + size.to_bytes(8, "big")
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def flood_chunk(kind: str, start: int = 0) -> tuple[bytes, int]:
    """About 64 KB of frames of one kind; how many frames it holds."""
    if kind == "pings":
        frames = [masked_frame(0x9, b"")] * 10_000
    elif kind == "app-pings":
        frames = [masked_frame(0x1, b'{"type": "ping"}')] * 2_500
    elif kind == "events":
        frames = [masked_frame(0x1, json.dumps({"type": "event", "id": f"f{start + n}",
                                                "fn": 0, "data": [TEXT]}).encode())
                  for n in range(1_000)]
    else:  # fragments: continuation frames of a message that never ends
        frames = [masked_frame(0x0, b"aa", fin=False)] * 8_000
    return b"".join(frames), len(frames)


async def blocks_flood(url: str, kind: str, duration: float) -> dict:
    import base64
    import os
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    key = base64.b64encode(os.urandom(16)).decode()
    writer.write(f"GET /ws HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\n"
                 f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n".encode())
    await writer.drain()
    received = 0

    async def drain_answers():
        nonlocal received
        while True:
            chunk = await reader.read(1 << 20)
            if not chunk:
                return
            received += len(chunk)

    answers = asyncio.create_task(drain_answers())
    sent = 0
    end = time.perf_counter() + duration
    if kind == "fragments":
        writer.write(masked_frame(0x1, b"[", fin=False))
    chunk, count = flood_chunk(kind, 0)  # made once: the flood costs this side little CPU
    try:
        while time.perf_counter() < end and not answers.done():
            writer.write(chunk)
            await writer.drain()
            sent += count
    except (ConnectionError, OSError):
        pass
    writer.close()
    answers.cancel()
    return {"kind": kind, "frames_sent": sent, "bytes_received": received,
            "dropped_by_server": answers.done() and not answers.cancelled()}


# -- Gradio: queue/join + the queue/data event stream ---------------------------------------
async def gradio_events(url: str, clock: Clock, latencies: list, errors: list, limit: int):
    import aiohttp
    session_hash = secrets.token_hex(6)
    timeout = aiohttp.ClientTimeout(total=None, sock_read=120)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        number = 0
        while clock.running() and number < limit:
            number += 1
            sent = time.perf_counter()
            body = {"data": [TEXT], "event_data": None, "fn_index": 0, "trigger_id": None,
                    "session_hash": session_hash}
            async with http.post(url + "gradio_api/queue/join", json=body) as response:
                answer = await response.json()
                if response.status != 200:
                    errors.append(answer)
                    continue
            event_id = answer["event_id"]
            finished = None
            async with http.get(url + "gradio_api/queue/data",
                                params={"session_hash": session_hash}) as stream:
                async for line in stream.content:
                    if not line.startswith(b"data:"):
                        continue
                    message = json.loads(line[5:])
                    kind = message.get("msg")
                    if kind == "process_completed" and message.get("event_id") == event_id:
                        finished = time.perf_counter()
                        if not message.get("success"):
                            errors.append(message)
                    elif kind == "unexpected_error":
                        errors.append(message)
                        break
                    elif kind == "close_stream":
                        break
            if finished is None:
                errors.append({"event_id": event_id, "error": "no process_completed"})
            elif clock.counts(sent, finished):
                latencies.append(finished - sent)


class GradioIdle:
    """An open heartbeat stream, what an idle Gradio page holds."""

    def __init__(self, http, response):
        self.http = http
        self.response = response

    async def close(self):
        self.response.close()
        await self.http.close()


async def gradio_idle(url: str):
    import aiohttp
    http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None, sock_read=None))
    response = await http.get(url + f"gradio_api/heartbeat/{secrets.token_hex(6)}")
    line = await response.content.readline()
    if not line.startswith(b"data:"):
        raise RuntimeError(f"unexpected heartbeat line {line!r}")
    return GradioIdle(http, response)


# -- both: the HTTP call API (POST a call, read its Server-Sent Events) -------------------
async def api_calls(url: str, clock: Clock, latencies: list, errors: list, limit: int):
    import aiohttp
    timeout = aiohttp.ClientTimeout(total=None, sock_read=120)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        number = 0
        while clock.running() and number < limit:
            number += 1
            sent = time.perf_counter()
            async with http.post(url + "gradio_api/call/echo", json={"data": [TEXT]}) as answer:
                body = await answer.json()
                if answer.status != 200:
                    errors.append(body)
                    continue
            finished = None
            async with http.get(url + f"gradio_api/call/echo/{body['event_id']}") as stream:
                event = None
                async for line in stream.content:
                    if line.startswith(b"event:"):
                        event = line[6:].strip()
                    elif line.startswith(b"data:") and event in (b"complete", b"error"):
                        if event == b"complete" and json.loads(line[5:]) == [TEXT]:
                            finished = time.perf_counter()
                            clock.total += 1
                        else:
                            errors.append(line.decode())
                        break
            if finished is None:
                errors.append({"event_id": body["event_id"], "error": "no complete event"})
            elif clock.counts(sent, finished):
                latencies.append(finished - sent)


PROTOCOLS = {"blocks": (blocks_events, blocks_idle), "gradio": (gradio_events, gradio_idle)}


# -- modes ---------------------------------------------------------------------------------
async def config_probe(url: str, clock: Clock, latencies: list, errors: list):
    """A page loading, over and over: the latency of ``GET /config``."""
    import aiohttp
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as http:
        while clock.running():
            sent = time.perf_counter()
            async with http.get(url + "config") as response:
                await response.read()
                if response.status != 200:
                    errors.append({"config": response.status})
            finished = time.perf_counter()
            if clock.counts(sent, finished):
                latencies.append(finished - sent)
            await asyncio.sleep(0.02)


async def run_events(options) -> dict:
    events_fn = api_calls if options.mode == "calls" else PROTOCOLS[options.protocol][0]
    clock = Clock(options.warmup, options.duration)
    latencies: list[float] = []
    config_latencies: list[float] = []
    errors: list = []
    tasks = [asyncio.create_task(events_fn(options.url, clock, latencies, errors,
                                           options.max_events))
             for _ in range(options.sessions)]
    if options.config_probe:
        tasks.append(asyncio.create_task(config_probe(options.url, clock, config_latencies,
                                                      errors)))
    results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [repr(result) for result in results if isinstance(result, BaseException)]
    latencies.sort()
    config_latencies.sort()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"sessions": options.sessions, "events": len(latencies),
            "seconds": options.duration, "events_per_second": len(latencies) / options.duration,
            "p50_ms": _ms(percentile(latencies, 0.50)), "p99_ms": _ms(percentile(latencies, 0.99)),
            "max_ms": _ms(latencies[-1] if latencies else None),
            "config_p99_ms": _ms(percentile(config_latencies, 0.99)),
            "config_requests": len(config_latencies),
            "errors": len(errors), "first_error": errors[0] if errors else None,
            "completed_total": clock.total,
            "session_failures": failures[:3], "client_cpu_s": usage.ru_utime + usage.ru_stime}


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


async def run_idle(options) -> None:
    _events, idle_fn = PROTOCOLS[options.protocol]
    held = []
    failures = []
    remaining = options.sessions
    while remaining > 0:  # in waves, so the server's accept backlog never overflows
        wave = min(options.wave, remaining)
        results = await asyncio.gather(*(idle_fn(options.url) for _ in range(wave)),
                                       return_exceptions=True)
        for result in results:
            (failures if isinstance(result, BaseException) else held).append(result)
        remaining -= wave
    print(json.dumps({"connected": len(held), "failed": len(failures),
                      "first_failure": repr(failures[0]) if failures else None}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line or line.strip() == "quit":
            break
    await asyncio.gather(*(connection.close() for connection in held),
                         return_exceptions=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=["events", "calls", "idle", "flood"])
    parser.add_argument("protocol", choices=list(PROTOCOLS))
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--duration", type=float, default=6.0)
    parser.add_argument("--warmup", type=float, default=1.5)
    parser.add_argument("--max-events", type=int, default=100_000,
                        help="per session, a bound on top of the duration")
    parser.add_argument("--wave", type=int, default=250, help="idle: connections opened at once")
    parser.add_argument("--config-probe", action="store_true",
                        help="events: also fetch /config over and over and time it")
    parser.add_argument("--kind", choices=["pings", "app-pings", "events", "fragments"],
                        default="pings", help="flood: what the hostile client sends")
    options = parser.parse_args()
    host = urlsplit(options.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the load generator only talks to loopback addresses")
    if not options.url.endswith("/"):
        options.url += "/"
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if options.mode in ("events", "calls"):
        print(json.dumps(asyncio.run(run_events(options))), flush=True)
    elif options.mode == "flood":
        if options.protocol != "blocks":
            parser.error("flood speaks the Blocks protocol only")
        print(json.dumps(asyncio.run(blocks_flood(options.url, options.kind,
                                                  options.duration))), flush=True)
    else:
        asyncio.run(run_idle(options))


if __name__ == "__main__":
    main()
