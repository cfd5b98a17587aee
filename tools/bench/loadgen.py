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
async def run_events(options) -> dict:
    events_fn = api_calls if options.mode == "calls" else PROTOCOLS[options.protocol][0]
    clock = Clock(options.warmup, options.duration)
    latencies: list[float] = []
    errors: list = []
    tasks = [asyncio.create_task(events_fn(options.url, clock, latencies, errors,
                                           options.max_events))
             for _ in range(options.sessions)]
    results = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [repr(result) for result in results if isinstance(result, BaseException)]
    latencies.sort()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"sessions": options.sessions, "events": len(latencies),
            "seconds": options.duration, "events_per_second": len(latencies) / options.duration,
            "p50_ms": _ms(percentile(latencies, 0.50)), "p99_ms": _ms(percentile(latencies, 0.99)),
            "max_ms": _ms(latencies[-1] if latencies else None),
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
    parser.add_argument("mode", choices=["events", "calls", "idle"])
    parser.add_argument("protocol", choices=list(PROTOCOLS))
    parser.add_argument("url")
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--duration", type=float, default=6.0)
    parser.add_argument("--warmup", type=float, default=1.5)
    parser.add_argument("--max-events", type=int, default=100_000,
                        help="per session, a bound on top of the duration")
    parser.add_argument("--wave", type=int, default=250, help="idle: connections opened at once")
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
    else:
        asyncio.run(run_idle(options))


if __name__ == "__main__":
    main()
